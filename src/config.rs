//! `site.toml`: the site's settings, read strictly so a misspelt key is an error, not a surprise.

use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use serde::Deserialize;

use crate::calendar::{DEFAULT_TIME_ZONE, time_zone};
use crate::diagnostic::{Diagnostic, Lang, explain_unknown_field, io_persian, quoted};
use crate::persian::bidi::isolate;
use crate::text_file::{self, TextFileError};

mod comments;
mod deploy;
mod images;
mod roots;

pub use comments::{CommentsConfig, ProxyNet};
pub use deploy::DeployConfig;
pub use images::ImagesConfig;

/// The name of the settings file at the root of a site.
pub const CONFIG_FILE: &str = "site.toml";

/// The site's settings as written in `site.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The portal's name, in the header and every `<title>`.
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// The address the site is served from, for absolute links in feeds and meta tags.
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// IANA zone that dates without an offset are in, and that pages show times in.
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// The folder under `themes/` whose templates and static files the site uses.
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_items_per_page")]
    pub items_per_page: usize,
    #[serde(default)]
    pub comments: CommentsConfig,
    #[serde(default)]
    pub search: SearchConfig,
    #[serde(default)]
    pub deploy: DeployConfig,
    #[serde(default)]
    pub images: ImagesConfig,
    /// Settings for the theme, which templates read as `site.extra` (`[extra]` in
    /// `site.toml`): each theme documents its own (docs/templates.md).
    #[serde(default)]
    pub extra: toml::Table,
}

/// The site's own search page and index.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    #[serde(default = "enabled")]
    pub enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true }
    }
}

fn default_language() -> String {
    "fa".into()
}

fn default_timezone() -> String {
    DEFAULT_TIME_ZONE.into()
}

fn default_theme() -> String {
    "sabt".into()
}

fn default_items_per_page() -> usize {
    10
}

fn enabled() -> bool {
    true
}

/// A site's settings, checked, with the time zone resolved.
#[derive(Debug, Clone)]
pub struct Config {
    pub site: SiteConfig,
    pub zone: TimeZone,
    /// The site's root folder, where `site.toml`, `content/` and `themes/` are.
    pub root: PathBuf,
}

impl Config {
    /// Reads `site.toml` from `root`, or says what is wrong with it and where.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let text = text_file::read(&path).map_err(|error| match error {
            TextFileError::Io(error) => {
                let message = format!(
                    "cannot be read ({error}); is this a site folder? `akhbar init` makes one"
                );
                let detail = format!(
                    "{}؛ آیا این پوشهٔ یک پایگاه است؟ `akhbar init` پایگاه تازه می‌سازد",
                    io_persian(&error)
                );
                Diagnostic::new(&path, None, message).with_persian("خطای خواندن تنظیمات", detail)
            }
            error => error.diagnostic(&path, "خطای خواندن تنظیمات"),
        })?;
        let config = Self::parse(&text, &path, root)?;
        config.check_comments_folder(&text, &path)?;
        Ok(config)
    }

    /// Reads the settings in `text`, naming `path` in errors.
    pub fn parse(text: &str, path: &Path, root: &Path) -> Result<Config, Diagnostic> {
        let site: SiteConfig = toml::from_str(text).map_err(|error| {
            let line = error.span().map(|span| line_of(text, span.start));
            toml_problem(error.message().trim_end(), path, line)
        })?;
        let at_key = |key: &str, problem: Problem| {
            Diagnostic::new(path, key_line(text, key), problem.english)
                .with_persian(problem.what, problem.detail)
        };
        let zone = time_zone(&site.timezone).map_err(|error| {
            let problem = Problem::new(error.to_string(), "منطقهٔ زمانی نامعتبر", error.persian());
            at_key("timezone", problem)
        })?;
        if let Some((key, problem)) = site_problem(&site) {
            return Err(at_key(key, problem));
        }
        Ok(Config {
            site,
            zone,
            root: root.to_path_buf(),
        })
    }

    /// `path` relative to the site's root, as messages show it.
    pub fn relative(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }

    /// The folders whose files are copied to the site's root: the theme's, then the site's own.
    pub fn static_dirs(&self) -> [PathBuf; 2] {
        [self.theme_dir().join("static"), self.root.join("static")]
    }

    /// The folder where comment files are kept.
    pub fn comments_dir(&self) -> PathBuf {
        self.root.join(&self.site.comments.folder)
    }

    /// The folder of the site's theme.
    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.site.theme)
    }
}

/// The messages' language of the site at `root`: its `language`, read leniently from the lines
/// of `site.toml` so that even a file with errors is reported in it; Persian, the default,
/// when it says none.
pub fn messages_lang(root: &Path) -> Lang {
    let text = text_file::read(&root.join(CONFIG_FILE)).unwrap_or_default();
    let language = text
        .lines()
        .map(str::trim)
        .take_while(|line| !line.starts_with('['))
        .find_map(|line| {
            let value = line
                .strip_prefix("language")?
                .trim_start()
                .strip_prefix('=')?;
            let value = value.split('#').next().unwrap_or_default();
            Some(value.trim().trim_matches(['"', '\'']).to_string())
        });
    Lang::of_site(language.as_deref().unwrap_or("fa"))
}

/// An absolute `http://` or `https://` address, as `base_url` must be.
pub fn is_web_address(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// A path from the site's root (`/api`), not a protocol-relative address (`//host`).
fn is_site_path(address: &str) -> bool {
    address.starts_with('/') && !address.starts_with("//")
}

/// A problem with one setting, in English and in Persian.
struct Problem {
    english: String,
    what: String,
    detail: String,
}

impl Problem {
    fn new(english: impl Into<String>, what: impl Into<String>, detail: impl Into<String>) -> Self {
        Problem {
            english: english.into(),
            what: what.into(),
            detail: detail.into(),
        }
    }
}

/// toml's error at `line`: an unknown key with the closest known one, a missing key with what
/// it is for, or toml's own words in a Persian frame.
fn toml_problem(message: &str, path: &Path, line: Option<usize>) -> Diagnostic {
    let (english, what, detail) = if let Some((english, persian)) =
        explain_unknown_field(message, "key")
    {
        (english, persian.what, persian.detail)
    } else if let Some(key) = message.strip_prefix("missing field ") {
        let detail = match key {
            "`title`" => "نام پایگاه را بنویسید، مانند `title = \"اخبار استان\"`".into(),
            "`base_url`" => {
                "نشانی پایگاه را بنویسید، مانند `base_url = \"https://news.example.org\"`".into()
            }
            _ => format!("{key} را بنویسید"),
        };
        (message.to_string(), format!("کلید جاافتاده {key}"), detail)
    } else if let Some((text, _)) = message
        .strip_prefix('\'')
        .and_then(|rest| rest.split_once("' is not an address or a network"))
    {
        let detail = format!(
            "{} نشانی یا شبکه نیست: یکی مانند 10.0.0.5 یا 10.0.0.0/8 بنویسید",
            quoted(text)
        );
        (message.to_string(), "نشانی پراکسی نامعتبر".into(), detail)
    } else {
        let detail = format!("تنظیمات را نمی‌توان خواند: {}", isolate(message));
        (message.to_string(), "تنظیمات نادرست".into(), detail)
    };
    Diagnostic::new(path, line, english).with_persian(what, detail)
}

/// The first setting of `site` that is wrong, and why.
fn site_problem(site: &SiteConfig) -> Option<(&'static str, Problem)> {
    if site.title.trim().is_empty() {
        let problem = Problem::new(
            "`title` is empty: give the portal's name",
            "نام پایگاه خالی",
            "`title` خالی است: نام پایگاه خبری را بنویسید",
        );
        return Some(("title", problem));
    }
    if !is_web_address(&site.base_url) {
        let problem = Problem::new(
            format!(
                "`base_url` is '{}': write the full address, like https://news.example.org",
                site.base_url
            ),
            "نشانی پایگاه نامعتبر",
            format!(
                "`base_url` برابر {} است: نشانی کامل را بنویسید، مانند https://news.example.org",
                quoted(&site.base_url)
            ),
        );
        return Some(("base_url", problem));
    }
    if site.items_per_page == 0 {
        return Some(("items_per_page", at_least_one("items_per_page")));
    }
    if let Some(problem) = comments::comments_problem(&site.comments) {
        return Some(problem);
    }
    if !is_plain_name(&site.theme) {
        let problem = Problem::new(
            format!("`theme` is '{}': name a folder under themes/", site.theme),
            "پوستهٔ نامعتبر",
            format!(
                "`theme` برابر {} است: نام یکی از پوشه‌های themes/ را بنویسید",
                quoted(&site.theme)
            ),
        );
        return Some(("theme", problem));
    }
    None
}

fn at_least_one(key: &str) -> Problem {
    Problem::new(
        format!("`{key}` must be at least 1"),
        format!("مقدار نامعتبر برای `{key}`"),
        format!("`{key}` باید دست‌کم ۱ باشد"),
    )
}

/// A single folder name: no separators, not `.` or `..`.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\'])
}

/// The 1-based line of byte `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The line where `key = …` is set, if it is.
fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            line.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|index| index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
title = "اخبار ثبت احوال استان البرز"
base_url = "https://news.example.org"
items_per_page = 12

[comments]
endpoint = "https://news.example.org/api/comments"
"#;

    fn parse(text: &str) -> Result<Config, Diagnostic> {
        Config::parse(text, Path::new("site.toml"), Path::new("."))
    }

    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn reads_a_site_with_defaults() {
        let config = parse(GOOD).unwrap();
        assert_eq!(config.site.title, "اخبار ثبت احوال استان البرز");
        assert_eq!(config.site.language, "fa");
        assert_eq!(config.site.timezone, "Asia/Tehran");
        assert_eq!(config.site.theme, "sabt");
        assert_eq!(config.site.items_per_page, 12);
        assert!(config.site.search.enabled);
        assert_eq!(
            config.site.comments.endpoint.as_deref(),
            Some("https://news.example.org/api/comments")
        );
        assert_eq!(config.theme_dir(), Path::new("./themes/sabt"));
    }

    #[test]
    fn unknown_keys_name_the_closest_one() {
        let text = GOOD.replace("items_per_page", "item_per_page");
        assert_eq!(
            error(&text),
            "site.toml:4: unknown key `item_per_page`: did you mean `items_per_page`?"
        );
        let text = GOOD.replace("endpoint", "endpont");
        assert_eq!(
            error(&text),
            "site.toml:7: unknown key `endpont`: did you mean `endpoint`?"
        );
    }

    #[test]
    fn bad_values_name_their_line() {
        let text = format!("timezone = \"Asia/Tehrun\"\n{GOOD}");
        assert_eq!(
            error(&text),
            "site.toml:1: unknown time zone 'Asia/Tehrun': use an IANA name such as Asia/Tehran"
        );
        assert_eq!(
            error(&GOOD.replace("https://news.example.org\"", "news.example.org\"")),
            "site.toml:3: `base_url` is 'news.example.org': write the full address, like https://news.example.org"
        );
        assert_eq!(
            error(&GOOD.replace("12", "0")),
            "site.toml:4: `items_per_page` must be at least 1"
        );
        assert!(error("title = \"x\"\n").starts_with("site.toml:1: missing field `base_url`"));
        assert!(error("title = \"x\n").starts_with("site.toml:1:"));
    }

    #[test]
    fn settings_problems_are_told_in_persian() {
        let persian = |text: &str| parse(text).unwrap_err().render(Lang::Fa);
        assert_eq!(
            persian(&GOOD.replace("items_per_page", "item_per_page")),
            "کلید ناشناخته `item_per_page` در \u{2068}site.toml\u{2069}، سطر ۴: آیا منظورتان `items_per_page` است؟"
        );
        assert_eq!(
            persian(&GOOD.replace("https://news.example.org\"", "news.example.org\"")),
            "نشانی پایگاه نامعتبر در \u{2068}site.toml\u{2069}، سطر ۳: `base_url` برابر «\u{2068}news.example.org\u{2069}» است: نشانی کامل را بنویسید، مانند https://news.example.org"
        );
        assert!(
            persian(&format!("timezone = \"Asia/Tehrun\"\n{GOOD}")).starts_with(
                "منطقهٔ زمانی نامعتبر در \u{2068}site.toml\u{2069}، سطر ۱: منطقهٔ زمانی «"
            )
        );
        assert!(persian("title = \"x\"\n").starts_with("کلید جاافتاده `base_url` در"));
    }

    #[test]
    fn the_messages_language_is_read_even_from_a_broken_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(messages_lang(dir.path()), Lang::Fa, "no site.toml");
        let write = |text: &str| std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
        write("titel = \"x\"\nlanguage = \"en\" # English\n");
        assert_eq!(messages_lang(dir.path()), Lang::En);
        write("title = \"x\"\n[search]\nlanguage = \"en\"\n");
        assert_eq!(messages_lang(dir.path()), Lang::Fa, "only a top-level key");
    }

    #[test]
    fn trusted_proxies_are_addresses_or_networks() {
        let default = parse(GOOD).unwrap().site.comments;
        let loopback = ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"];
        for ip in loopback {
            let ip = ip.parse().unwrap();
            assert!(default.trusted_proxies.iter().any(|net| net.contains(ip)));
        }
        let outside: std::net::IpAddr = "10.0.0.5".parse().unwrap();
        assert!(
            !default
                .trusted_proxies
                .iter()
                .any(|net| net.contains(outside))
        );
        let set = parse(&format!(
            "{GOOD}trusted_proxies = [\"10.0.0.5\", \"192.168.0.0/16\"]\n"
        ))
        .unwrap()
        .site
        .comments;
        assert!(set.trusted_proxies[0].contains(outside));
        assert!(set.trusted_proxies[1].contains("192.168.4.4".parse().unwrap()));
        assert!(!set.trusted_proxies[0].contains("127.0.0.1".parse().unwrap()));
        let wrong = parse(&format!("{GOOD}trusted_proxies = [\"nginx\"]\n")).unwrap_err();
        assert_eq!(
            wrong.to_string(),
            "site.toml:8: 'nginx' is not an address or a network: write one like 10.0.0.5 or 10.0.0.0/8"
        );
        assert!(
            wrong
                .render(Lang::Fa)
                .starts_with("نشانی پراکسی نامعتبر در \u{2068}site.toml\u{2069}، سطر ۸: «")
        );
    }

    #[test]
    fn a_theme_is_one_folder_name() {
        let text = format!("theme = \"../../etc\"\n{GOOD}");
        assert_eq!(
            error(&text),
            "site.toml:1: `theme` is '../../etc': name a folder under themes/"
        );
    }
}
