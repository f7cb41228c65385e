//! The desk's list of news items: every item's file under `content/news/`, read as a build
//! reads it, newest first, with its state now: draft, scheduled, published or expired (or the
//! problem that keeps a build from reading it).

use std::path::PathBuf;

use crate::config::Config;
use crate::content::NewsItem;
use crate::content::front_matter::split;
use crate::persian::normalize::for_matching;
use crate::text_file;

/// Where an item stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemState {
    Draft,
    /// Its `publish_at` is still to come.
    Scheduled,
    Published,
    /// Its `expire_at` has passed.
    Expired,
    /// A build cannot read it: the editor is to fix it.
    Broken,
}

impl ItemState {
    /// The state's name in Persian, as the desk shows it.
    pub fn persian(self) -> &'static str {
        match self {
            ItemState::Draft => "پیش‌نویس",
            ItemState::Scheduled => "زمان‌بندی‌شده",
            ItemState::Published => "منتشرشده",
            ItemState::Expired => "منقضی",
            ItemState::Broken => "نیازمند اصلاح",
        }
    }

    /// The state's key in addresses (`?state=draft`).
    pub fn key(self) -> &'static str {
        match self {
            ItemState::Draft => "draft",
            ItemState::Scheduled => "scheduled",
            ItemState::Published => "published",
            ItemState::Expired => "expired",
            ItemState::Broken => "broken",
        }
    }

    pub const ALL: [ItemState; 5] = [
        ItemState::Published,
        ItemState::Draft,
        ItemState::Scheduled,
        ItemState::Expired,
        ItemState::Broken,
    ];
}

/// One row of the list.
#[derive(Debug, Clone)]
pub struct Row {
    /// The file, from the site's root.
    pub path: PathBuf,
    pub id: Option<u64>,
    pub title: String,
    /// The date in the Jalali calendar with Persian digits, as pages show it; empty for a
    /// broken item.
    pub date: String,
    pub category: Option<String>,
    pub state: ItemState,
    /// When the item is dated (UTC), to order the list; none for a broken item.
    at: Option<jiff::Timestamp>,
}

impl Row {
    /// Whether the title has every word of `key` (a query as [`for_matching`] gives it) in
    /// it by the site's matching rule: ی and ي, ک and ك, ZWNJ and space, Persian and Latin
    /// digits are one.
    pub fn title_has(&self, key: &str) -> bool {
        let title = for_matching(&self.title);
        key.split(' ').all(|word| title.contains(word))
    }
}

/// Every news item of the site, newest first (broken ones first of all), as it stands at `now`.
pub fn rows(config: &Config, now: jiff::Timestamp) -> Vec<Row> {
    let folder = config.root.join("content/news");
    let walked = config.published_root().files(&folder, usize::MAX, |path| {
        path.extension().is_some_and(|ext| ext == "md")
    });
    let mut rows: Vec<Row> = walked
        .files
        .iter()
        .map(|full| row(config, full, now))
        .collect();
    rows.sort_by(|a, b| {
        let key = |row: &Row| (row.at.is_some(), std::cmp::Reverse((row.at, row.id)));
        key(a).cmp(&key(b))
    });
    rows
}

/// The row of the item whose file is at `full`.
fn row(config: &Config, full: &std::path::Path, now: jiff::Timestamp) -> Row {
    let path = config.relative(full);
    let text = text_file::read(full).ok();
    let item = text.as_deref().and_then(|text| {
        let split = split(text).ok()?;
        NewsItem::from_split(&split, &path, config).ok()
    });
    let Some(item) = item else {
        let title = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        return Row {
            title: title.unwrap_or_default(),
            id: None,
            date: String::new(),
            category: None,
            state: ItemState::Broken,
            at: None,
            path,
        };
    };
    let instant = |date: &crate::calendar::EditorDate| date.moment.zoned().timestamp();
    let state = if item.draft {
        ItemState::Draft
    } else if item.publish_at.as_ref().is_some_and(|at| instant(at) > now) {
        ItemState::Scheduled
    } else if item.expire_at.as_ref().is_some_and(|at| instant(at) <= now) {
        ItemState::Expired
    } else {
        ItemState::Published
    };
    Row {
        id: Some(item.id),
        date: shown_date(&item),
        at: Some(instant(&item.date)),
        title: item.title,
        category: item.category,
        state,
        path,
    }
}

/// The item's date as the desk shows it: `۱۴۰۴/۰۹/۰۸ ۱۰:۳۰`.
fn shown_date(item: &NewsItem) -> String {
    use crate::calendar::{Calendar, DateFormat};
    use crate::persian::digits::Digits;
    let format: DateFormat = "%Y/%m/%d %H:%M".parse().expect("a valid format");
    format.render(&item.date.moment, Calendar::Jalali, Digits::Persian)
}
