//! Writing a new news item for an editor: the next free news number, now as a Jalali date-time.

use std::fs;
use std::path::{Path, PathBuf};

use crate::calendar::{Calendar, DateFormat, JalaliDateTime};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, io_persian};
use crate::persian::digits::Digits;
use crate::text_file;

/// Writes `content/news/<jy>/<jm>/<id>.md` for a new item titled `title`; returns its path.
pub fn create(config: &Config, title: &str, category: Option<&str>) -> Result<PathBuf, Diagnostic> {
    let news_dir = config.root.join("content/news");
    let id = highest_id(&news_dir) + 1;
    let now = JalaliDateTime::now(&config.zone);
    let folder: DateFormat = "%Y/%m".parse().expect("a valid format");
    let date: DateFormat = "%Y/%m/%d %H:%M".parse().expect("a valid format");
    let folder = news_dir.join(folder.render(&now, Calendar::Jalali, Digits::Latin));
    let path = folder.join(format!("{id}.md"));
    let mut text = format!(
        "---\nid: {id}\ntitle: {}\ndate: {}\n",
        yaml_string(title),
        date.render(&now, Calendar::Jalali, Digits::Latin)
    );
    if let Some(category) = category {
        text.push_str(&format!("category: {}\n", yaml_string(category)));
    }
    // A draft until the editor says otherwise, so a half-written item is never published.
    text.push_str("tags: []\ndraft: true\n---\n\nمتن خبر را اینجا بنویسید.\n");
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

/// The highest `id:` in the front matter of the files under `dir`, 0 when there is none.
fn highest_id(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "md"))
        .filter_map(|entry| text_file::read(entry.path()).ok())
        .filter_map(|text| {
            text.lines()
                .skip(1)
                .take_while(|line| line.trim_end() != "---")
                .find_map(|line| line.strip_prefix("id:")?.trim().parse::<u64>().ok())
        })
        .max()
        .unwrap_or(0)
}

/// `text` as a double-quoted YAML scalar.
fn yaml_string(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_titles_for_yaml() {
        assert_eq!(
            yaml_string("خبر «مهم»: \"نقل\" \\"),
            "\"خبر «مهم»: \\\"نقل\\\" \\\\\""
        );
        let parsed: String = serde_yaml::from_str(&yaml_string("a: \"b\" \\ c")).unwrap();
        assert_eq!(parsed, "a: \"b\" \\ c");
    }
}
