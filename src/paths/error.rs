//! Why a path may not be used, told in English and Persian with what to do.

use std::io;
use std::path::{Path, PathBuf};

use super::Area;
use crate::diagnostic::{Diagnostic, Persian, io_persian};
use crate::persian::bidi::isolate;

/// Why a path may not be used.
#[derive(Debug, thiserror::Error)]
pub enum PathError {
    /// Resolved, it is not inside the root.
    #[error("{}: {}", path.display(), outside_english(real, root))]
    Outside {
        /// The path as the site names it.
        path: PathBuf,
        real: PathBuf,
        root: PathBuf,
    },
    /// Resolved, it is inside a folder fenced off from the root.
    #[error("{}: {}", path.display(), fenced_english(real, *area, folder))]
    Fenced {
        path: PathBuf,
        real: PathBuf,
        area: Area,
        /// The fenced folder, as the site names it.
        folder: PathBuf,
    },
    /// It cannot be resolved or listed (no permission, a link that leads to itself…).
    #[error("{}: cannot be read: {source}", path.display())]
    Unreadable { path: PathBuf, source: io::Error },
}

impl PathError {
    /// The path as the site names it.
    pub fn path(&self) -> &Path {
        match self {
            PathError::Outside { path, .. }
            | PathError::Fenced { path, .. }
            | PathError::Unreadable { path, .. } => path,
        }
    }

    /// Where the path really leads, when that is known.
    pub fn real(&self) -> Option<&Path> {
        match self {
            PathError::Outside { real, .. } | PathError::Fenced { real, .. } => Some(real),
            PathError::Unreadable { .. } => None,
        }
    }

    /// The problem without the path, in English.
    pub fn english(&self) -> String {
        match self {
            PathError::Outside { real, root, .. } => outside_english(real, root),
            PathError::Fenced {
                real, area, folder, ..
            } => fenced_english(real, *area, folder),
            PathError::Unreadable { source, .. } => format!("cannot be read: {source}"),
        }
    }

    /// The problem as editors are told it, at the path.
    pub fn diagnostic(&self) -> Diagnostic {
        let Persian { what, detail } = self.persian();
        Diagnostic::new(self.path(), None, self.english()).with_persian(what, detail)
    }

    /// The problem without the path, in Persian.
    pub fn persian(&self) -> Persian {
        let (what, detail) = match self {
            PathError::Outside { real, root, .. } => (
                "مسیر بیرون از پوشهٔ پایگاه",
                format!(
                    "به {} می‌رسد که بیرون از پوشهٔ پایگاه ({}) است: akhbar تنها آنچه را درون آن است \
                     می‌خواند، می‌نویسد و نشان می‌دهد؛ به جای پیوند (symlink) خود فایل یا پوشه را آنجا \
                     بگذارید، و مسیری با `..` که به بیرون می‌رود ننویسید",
                    shown(real),
                    shown(root)
                ),
            ),
            PathError::Fenced {
                real, area, folder, ..
            } => fenced_persian(real, *area, folder),
            PathError::Unreadable { source, .. } => ("خطای خواندن مسیر", io_persian(source)),
        };
        Persian {
            what: what.into(),
            detail,
        }
    }
}

fn outside_english(real: &Path, root: &Path) -> String {
    format!(
        "leads to {}, outside the site's folder ({}): akhbar reads, writes and serves only what is \
         inside it; put the file itself there instead of a link, and no `..` that leads out",
        real.display(),
        root.display()
    )
}

fn fenced_english(real: &Path, area: Area, folder: &Path) -> String {
    let folder = folder.display();
    match area {
        Area::Comments => format!(
            "leads to the readers' comments ({folder}), which are never published: remove the link \
             (it leads to {})",
            real.display()
        ),
        Area::Private => format!(
            "leads to akhbar's private files ({folder}), which are never published: remove the \
             link (it leads to {})",
            real.display()
        ),
        Area::Published => format!(
            "leads to {}, in what the site publishes ({folder}), where readers' emails must never \
             be: choose a folder outside it",
            real.display()
        ),
    }
}

fn fenced_persian(real: &Path, area: Area, folder: &Path) -> (&'static str, String) {
    let (folder, real) = (shown(folder), shown(real));
    match area {
        Area::Comments => (
            "پیوند به دیدگاه‌های خوانندگان",
            format!(
                "به دیدگاه‌های خوانندگان ({folder}) می‌رسد که هرگز منتشر نمی‌شوند: پیوند را بردارید \
                 (به {real} می‌رسد)"
            ),
        ),
        Area::Private => (
            "پیوند به فایل‌های خصوصی akhbar",
            format!(
                "به فایل‌های خصوصی akhbar ({folder}) می‌رسد که هرگز منتشر نمی‌شوند: پیوند را بردارید \
                 (به {real} می‌رسد)"
            ),
        ),
        Area::Published => (
            "مسیر درون پایگاه منتشرشده",
            format!(
                "به {real} درون آنچه پایگاه منتشر می‌کند ({folder}) می‌رسد، که نشانی ایمیل خوانندگان \
                 هرگز نباید آنجا باشد: پوشه‌ای بیرون از آن برگزینید"
            ),
        ),
    }
}

/// A path for a Persian sentence, isolated so it keeps its own order.
fn shown(path: &Path) -> String {
    isolate(&path.display().to_string()).into_owned()
}
