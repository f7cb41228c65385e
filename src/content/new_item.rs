//! Writing a new news item for an editor: the next free news number, now as a Jalali date-time.

use std::fs;
use std::path::{Path, PathBuf};

use crate::calendar::{Calendar, DateFormat, JalaliDateTime};
use crate::config::Config;
use crate::content::front_matter_edit::{FieldValue, render};
use crate::diagnostic::{Diagnostic, io_persian};
use crate::persian::digits::Digits;
use crate::text_file;

/// Writes `content/news/<jy>/<jm>/<id>.md` for a new item titled `title`; returns its path.
pub fn create(config: &Config, title: &str, category: Option<&str>) -> Result<PathBuf, Diagnostic> {
    let news_dir = config.root.join("content/news");
    let id = highest_id(config, &news_dir)? + 1;
    let now = JalaliDateTime::now(&config.zone);
    let folder: DateFormat = "%Y/%m".parse().expect("a valid format");
    let date: DateFormat = "%Y/%m/%d %H:%M".parse().expect("a valid format");
    let folder = news_dir.join(folder.render(&now, Calendar::Jalali, Digits::Latin));
    let path = folder.join(format!("{id}.md"));
    let mut text = format!(
        "---\nid: {id}\ntitle: {}\ndate: {}\n",
        yaml_text(title),
        date.render(&now, Calendar::Jalali, Digits::Latin)
    );
    if let Some(category) = category {
        text.push_str(&format!("category: {}\n", yaml_text(category)));
    }
    // A draft until the editor says otherwise, so a half-written item is never published.
    text.push_str("tags: []\ndraft: true\n---\n\nمتن خبر را اینجا بنویسید.\n");
    config
        .published_root()
        .resolve(&path)
        .map_err(|error| error.diagnostic())?;
    fs::create_dir_all(&folder).map_err(|e| cannot_create(config.relative(&folder), &e))?;
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()))
        .map_err(|e| cannot_create(config.relative(&path), &e))?;
    Ok(config.relative(&path))
}

fn cannot_create(path: PathBuf, error: &std::io::Error) -> Diagnostic {
    Diagnostic::new(path, None, format!("cannot create: {error}"))
        .with_persian("خطای ساختن فایل", io_persian(error))
}

/// The highest `id:` in the front matter of the files under `dir`, 0 when there is none; the
/// first path on the way that breaks the path rule, if one does.
fn highest_id(config: &Config, dir: &Path) -> Result<u64, Diagnostic> {
    let walked = config.published_root().files(dir, usize::MAX, |path| {
        path.extension().is_some_and(|ext| ext == "md")
    });
    if let Some(problem) = walked.problems.first() {
        return Err(problem.diagnostic());
    }
    let highest = walked
        .files
        .iter()
        .filter_map(|path| text_file::read(path).ok())
        .filter_map(|text| {
            text.lines()
                .skip(1)
                .take_while(|line| line.trim_end() != "---")
                .find_map(|line| line.strip_prefix("id:")?.trim().parse::<u64>().ok())
        })
        .max()
        .unwrap_or(0);
    Ok(highest)
}

/// `text` as a YAML value, quoted when YAML would read it otherwise.
fn yaml_text(text: &str) -> String {
    render(&FieldValue::Text(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_titles_for_yaml_where_needed() {
        assert_eq!(
            yaml_text("خبر «مهم»: \"نقل\" \\"),
            "\"خبر «مهم»: \\\"نقل\\\" \\\\\""
        );
        assert_eq!(yaml_text("صدور کارت هوشمند"), "صدور کارت هوشمند");
        let parsed: String = serde_yaml::from_str(&yaml_text("a: \"b\" \\ c")).unwrap();
        assert_eq!(parsed, "a: \"b\" \\ c");
    }
}
