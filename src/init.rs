//! `akhbar init`: a new site with settings, a first news item, an about page and the default theme.

use std::fs;
use std::path::{Path, PathBuf};

use crate::calendar::{Calendar, DEFAULT_TIME_ZONE, DateFormat, JalaliDateTime, time_zone};
use crate::config::{CONFIG_FILE, is_web_address};
use crate::diagnostic::{Diagnostic, io_persian};
use crate::persian::digits::Digits;

/// The theme a new site starts with.
pub const DEFAULT_THEME: &str = "sabt";

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// A new site's settings; `TITLE` and `BASE_URL` are replaced by [`NewSite`]'s, as TOML strings.
const SITE_TOML: &str = r#"title = TITLE
description = "اخبار و اطلاعیه‌ها"
# The address the site will be served from: feeds, sitemaps and shared links use it.
base_url = BASE_URL
language = "fa"
timezone = "Asia/Tehran"
theme = "sabt"
items_per_page = 10

[comments]
# The comment intake (`akhbar comments serve`) behind the web server; see docs/comments.md.
# endpoint = "/api/comments"

[search]
enabled = true

# Where `akhbar deploy` sends the built site; see docs/deploy.md.
# [deploy]
# target = "user@host:/var/www/news"
"#;

/// Keeps the build, the comment service's secret and the moderators' exports (emails) out of
/// version control.
const GITIGNORE: &str = "/public\n/.public.akhbar\n/.akhbar\n/moderation\n";

const ABOUT: &str = "---\ntitle: درباره ما\nslug: about\n---\n\nمعرفی سازمان را اینجا بنویسید.\n";

/// The title a new site has when none is given.
pub const PLACEHOLDER_TITLE: &str = "پایگاه خبری";

/// The address a new site has when none is given: to be changed before the site is put online.
pub const PLACEHOLDER_BASE_URL: &str = "https://news.example.org";

/// What a new site is called and where it will be served; each `None` is the placeholder.
#[derive(Debug, Default, Clone)]
pub struct NewSite {
    /// The portal's name, in the header, every `<title>` and the footer.
    pub title: Option<String>,
    /// The absolute `http://` or `https://` address the site will be served from.
    pub base_url: Option<String>,
}

impl NewSite {
    /// The settings file of the new site.
    fn settings(&self) -> String {
        let quoted = |text: &str| toml::Value::String(text.to_string()).to_string();
        let title = self.title.as_deref().unwrap_or(PLACEHOLDER_TITLE);
        let base_url = self.base_url.as_deref().unwrap_or(PLACEHOLDER_BASE_URL);
        SITE_TOML.replacen("TITLE", &quoted(title), 1).replacen(
            "BASE_URL",
            &quoted(base_url.trim_end_matches('/')),
            1,
        )
    }
}

/// Whether `base_url` can be a site's address: a full web address
/// ([`crate::config::is_web_address`], the rule `site.toml` is read by), without spaces.
pub fn is_site_address(base_url: &str) -> bool {
    is_web_address(base_url) && !base_url.contains(char::is_whitespace)
}

/// Makes a new site in `dir` (which must be missing or empty) called and addressed as `site`
/// says; returns the files written.
pub fn init(dir: &Path, site: &NewSite) -> Result<Vec<PathBuf>, Diagnostic> {
    let occupied = fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if occupied {
        let message = "is not empty: give a new folder, so nothing of yours is overwritten";
        return Err(Diagnostic::new(dir, None, message).with_persian(
            "پوشهٔ غیرخالی",
            "پوشهٔ تازه‌ای بدهید تا چیزی از شما بازنویسی نشود",
        ));
    }
    if let Some(base_url) = site.base_url.as_deref().filter(|url| !is_site_address(url)) {
        let message = format!(
            "--base-url '{base_url}' is not a full web address: write it like https://news.example.org"
        );
        return Err(Diagnostic::new(dir, None, message).with_persian(
            "نشانی نادرست برای پایگاه",
            "نشانی کامل پایگاه را بنویسید، مانند https://news.example.org",
        ));
    }
    let settings = site.settings();
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
        (PathBuf::from(CONFIG_FILE), settings.as_bytes()),
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
