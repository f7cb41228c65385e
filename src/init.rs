//! `akhbar init`: a new site with settings, a first news item, an about page and the default theme.

use std::fs;
use std::path::{Path, PathBuf};

use crate::calendar::{Calendar, DEFAULT_TIME_ZONE, DateFormat, JalaliDateTime, time_zone};
use crate::config::CONFIG_FILE;
use crate::diagnostic::{Diagnostic, io_persian};
use crate::persian::digits::Digits;

/// The theme a new site starts with.
pub const DEFAULT_THEME: &str = "sabt";

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

const SITE_TOML: &str = r#"title = "پایگاه خبری"
description = "اخبار و اطلاعیه‌ها"
base_url = "https://news.example.org"
language = "fa"
timezone = "Asia/Tehran"
theme = "sabt"
items_per_page = 10

[comments]
# The comment intake (`akhbar comments serve`) behind the web server; see docs/comments.md.
# endpoint = "/api/comments"

[search]
enabled = true
"#;

/// Keeps the build, the comment service's secret and the moderators' exports (emails) out of
/// version control.
const GITIGNORE: &str = "/public\n/.public.akhbar\n/.akhbar\n/moderation\n";

const ABOUT: &str = "---\ntitle: درباره ما\nslug: about\n---\n\nمعرفی سازمان را اینجا بنویسید.\n";

/// Makes a new site in `dir` (which must be missing or empty); returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let occupied = fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if occupied {
        let message = "is not empty: give a new folder, so nothing of yours is overwritten";
        return Err(Diagnostic::new(dir, None, message).with_persian(
            "پوشهٔ غیرخالی",
            "پوشهٔ تازه‌ای بدهید تا چیزی از شما بازنویسی نشود",
        ));
    }
    let zone = time_zone(DEFAULT_TIME_ZONE).expect("the default zone exists");
    let now = JalaliDateTime::now(&zone);
    let render = |format: &str| {
        let format: DateFormat = format.parse().expect("a valid format");
        format.render(&now, Calendar::Jalali, Digits::Latin)
    };
    let first_item = format!(
        "---\nid: 1\ntitle: \"نخستین خبر پایگاه\"\ndate: {}\ncategory: اخبار\ntags: [آغاز]\n---\n\nاین نخستین خبر پایگاه است. متن آن را ویرایش کنید یا با `akhbar new \"عنوان\"` خبر تازه‌ای بنویسید.\n",
        render("%Y/%m/%d %H:%M")
    );
    let mut files: Vec<(PathBuf, &[u8])> = vec![
        (PathBuf::from(CONFIG_FILE), SITE_TOML.as_bytes()),
        (PathBuf::from(".gitignore"), GITIGNORE.as_bytes()),
        (PathBuf::from("content/pages/about.md"), ABOUT.as_bytes()),
    ];
    let item_path = PathBuf::from(format!("content/news/{}/1.md", render("%Y/%m")));
    files.push((item_path, first_item.as_bytes()));
    let theme_root = PathBuf::from("themes").join(DEFAULT_THEME);
    files.extend(
        DEFAULT_THEME_FILES
            .iter()
            .map(|(name, bytes)| (theme_root.join(name), *bytes)),
    );
    for (relative, bytes) in &files {
        let path = dir.join(relative);
        let parent = path.parent().expect("every file is in a folder");
        fs::create_dir_all(parent)
            .and_then(|()| fs::write(&path, bytes))
            .map_err(|e| {
                Diagnostic::new(&path, None, format!("cannot be written: {e}"))
                    .with_persian("خطای نوشتن", io_persian(&e))
            })?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}
