//! The built site's files: pages (written by [`writer`] into a folder beside the output, put in
//! place only when the whole build has been written, so a failure loses nothing), feeds,
//! sitemaps, the search index, and the check that every internal link leads somewhere.

pub mod changes;
pub mod commit;
pub mod extras;
pub mod feeds;
pub mod ids;
pub mod ledger;
pub mod link_index;
pub mod links;
pub mod manifest;
pub mod search;
pub mod sitemap;
pub mod statics;
pub mod work_folder;
pub mod writer;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, io_persian};

/// A file of the built site, at a path relative to the output folder. Its bytes are shared,
/// so a preview can keep a page from one build to the next without copying it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Arc<[u8]>,
}

/// The file a site address is served from: `/news/1/` is `news/1/index.html`, `/404.html`
/// itself.
pub fn file_for(url: &str) -> PathBuf {
    let relative = url.trim_start_matches('/');
    if relative.is_empty() || relative.ends_with('/') {
        Path::new(relative).join("index.html")
    } else {
        PathBuf::from(relative)
    }
}

/// The file that marks a folder as akhbar's output, which a build may replace whole.
pub const MARKER: &str = ".akhbar-build";

const MARKER_TEXT: &str =
    "This folder is written by `akhbar build` and replaced whole at each build.\n";

/// Refuses to replace a folder with anything in it that an earlier build did not write.
pub(crate) fn ensure_replaceable(output: &Path) -> Result<(), Diagnostic> {
    let has_files = fs::read_dir(output).is_ok_and(|mut entries| entries.next().is_some());
    if has_files && !output.join(MARKER).is_file() {
        let message = "holds files akhbar did not write, and a build replaces the folder whole: \
                       move them away or choose another --output";
        return Err(Diagnostic::new(output, None, message).with_persian(
            "پوشهٔ خروجی با فایل‌های دیگر",
            "در این پوشه فایل‌هایی هست که akhbar ننوشته، و ساخت پوشه را یکسره جایگزین می‌کند: آن‌ها را جابه‌جا کنید یا `--output` دیگری برگزینید",
        ));
    }
    Ok(())
}

/// `what` went wrong with `path`, in both languages; `what` is one of this file's phrases.
pub(crate) fn io_error(path: &Path, what: &str, error: &io::Error) -> Diagnostic {
    let what_fa = match what {
        "cannot create" => "خطای ساختن",
        "cannot clear" => "خطای پاک کردن",
        "cannot write" => "خطای نوشتن",
        "cannot copy" => "خطای رونوشت",
        "cannot read" => "خطای خواندن",
        "cannot move aside" => "خطای کنار گذاشتن پایگاه پیشین",
        "cannot replace" => "خطای جایگزینی",
        "cannot remove the previous site" => "خطای پاک کردن پایگاه پیشین",
        "cannot lock" => "خطای قفل کردن",
        "cannot restore" => "خطای بازگرداندن پایگاه پیشین",
        _ => "خطای فایل",
    };
    Diagnostic::new(path, None, format!("{what}: {error}")).with_persian(what_fa, io_persian(error))
}

#[cfg(test)]
mod tests {
    use super::*;
    use manifest::Manifest;
    use rayon::prelude::*;
    use writer::SiteWriter;

    /// Writes `files` as the site in `output`, replacing what was there only once everything
    /// is written. Returns the number of static files copied.
    fn publish(output: &Path, files: &[OutputFile]) -> Result<usize, Diagnostic> {
        let work = work_folder::WorkFolder::lock(output)?;
        let writer = SiteWriter::begin(work, None)?;
        let statics = statics::StaticFiles::default();
        let (copied, _) = writer.copy_static(&statics, &Manifest::default())?;
        files.par_iter().try_for_each(|file| writer.write(file))?;
        writer
            .commit()
            .map_err(|_| Diagnostic::new(output, None, "commit failed"))?;
        Ok(copied)
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().into(),
        }
    }

    #[test]
    fn replaces_the_site_only_when_everything_is_written() {
        let dir = std::env::temp_dir().join(format!("akhbar-output-{}", std::process::id()));
        let output = dir.join("public");
        publish(
            &output,
            &[file("index.html", "یک"), file("news/1/index.html", "خبر")],
        )
        .unwrap();
        assert_eq!(
            fs::read_to_string(output.join("news/1/index.html")).unwrap(),
            "خبر"
        );

        let escape = publish(
            &output,
            &[file("index.html", "دو"), file("../evil.html", "x")],
        );
        assert_eq!(
            escape.unwrap_err().to_string(),
            "../evil.html: refusing to write outside the output folder"
        );
        assert_eq!(fs::read_to_string(output.join("index.html")).unwrap(), "یک");
        assert!(!dir.join("evil.html").exists());

        publish(&output, &[file("index.html", "سه")]).unwrap();
        assert_eq!(fs::read_to_string(output.join("index.html")).unwrap(), "سه");
        assert!(
            !output.join("news").exists(),
            "files of the previous build are gone"
        );
        let foreign = dir.join("someone-elses");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("notes.txt"), "keep").unwrap();
        let refused = publish(&foreign, &[file("index.html", "x")]).unwrap_err();
        assert!(
            refused
                .to_string()
                .contains("holds files akhbar did not write")
        );
        assert_eq!(
            fs::read_to_string(foreign.join("notes.txt")).unwrap(),
            "keep"
        );
        fs::remove_dir_all(&foreign).unwrap();

        let mut leftovers: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        leftovers.sort();
        assert_eq!(leftovers, [".public.akhbar", "public"]);
        fs::remove_dir_all(&dir).unwrap();
    }
}
