//! The desk's list of news items: every item's file under `content/news/`, read as a build
//! reads it, newest first, with its state now: draft, scheduled, published or expired (or the
//! problem that keeps a build from reading it).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use jiff::Timestamp;
use rayon::prelude::*;

use crate::config::Config;
use crate::content::NewsItem;
use crate::content::front_matter::split;
use crate::persian::normalize::{for_display, for_matching};
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
    /// The Jalali year and month of the date, for the list's month filter.
    pub month: Option<(i32, u8)>,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub source: Option<String>,
    pub state: ItemState,
    /// When the item is dated (UTC), to order the list; none for a broken item.
    at: Option<Timestamp>,
    /// Whether it is a draft, and its `publish_at` and `expire_at` (UTC): its state at a moment.
    times: (bool, Option<Timestamp>, Option<Timestamp>),
}

impl Row {
    /// Whether the title has every word of `key` (a query as [`for_matching`] gives it) in
    /// it by the site's matching rule: ی and ي, ک and ك, ZWNJ and space, Persian and Latin
    /// digits are one.
    pub fn title_has(&self, key: &str) -> bool {
        let title = for_matching(&self.title);
        key.split(' ').all(|word| title.contains(word))
    }

    /// Where the item stands at `now`.
    fn state_at(&self, now: Timestamp) -> ItemState {
        let (draft, publish_at, expire_at) = self.times;
        if self.at.is_none() {
            ItemState::Broken
        } else if draft {
            ItemState::Draft
        } else if publish_at.is_some_and(|at| at > now) {
            ItemState::Scheduled
        } else if expire_at.is_some_and(|at| at <= now) {
            ItemState::Expired
        } else {
            ItemState::Published
        }
    }
}

/// The rows already read, each with the length and modification time of its file then: a
/// file unchanged since is not read again (10,000 items are listed in tens of milliseconds,
/// not most of a second).
#[derive(Default)]
pub struct RowCache {
    rows: HashMap<PathBuf, (FileStamp, Row)>,
}

/// A file's length and modification time.
type FileStamp = (u64, Option<SystemTime>);

/// Every news item of the site, newest first (broken ones first of all), as it stands at
/// `now`; files unchanged since `cache` read them are not read again.
pub fn rows(config: &Config, now: Timestamp, cache: &mut RowCache) -> Vec<Row> {
    let folder = config.root.join("content/news");
    let walked = config.published_root().files(&folder, usize::MAX, |path| {
        path.extension().is_some_and(|ext| ext == "md")
    });
    let stamp = |full: &Path| {
        let meta = std::fs::metadata(full).ok();
        meta.map_or((0, None), |meta| (meta.len(), meta.modified().ok()))
    };
    let read: Vec<(PathBuf, FileStamp, Option<Row>)> = walked
        .files
        .par_iter()
        .map(|full| {
            let stamp = stamp(full);
            let kept = cache
                .rows
                .get(full)
                .filter(|(was, _)| *was == stamp && stamp.1.is_some());
            let row = match kept {
                Some(_) => None,
                None => Some(row(config, full)),
            };
            (full.clone(), stamp, row)
        })
        .collect();
    let mut rows = Vec::with_capacity(read.len());
    let mut kept = HashMap::with_capacity(read.len());
    for (full, stamp, row) in read {
        let row = match row {
            Some(row) => row,
            None => cache.rows.remove(&full).expect("kept above").1,
        };
        let mut shown = row.clone();
        shown.state = row.state_at(now);
        rows.push(shown);
        kept.insert(full, (stamp, row));
    }
    cache.rows = kept;
    rows.sort_by(|a, b| {
        let key = |row: &Row| (row.at.is_some(), std::cmp::Reverse((row.at, row.id)));
        key(a).cmp(&key(b))
    });
    rows
}

/// The row of the item whose file is at `full`.
fn row(config: &Config, full: &Path) -> Row {
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
            month: None,
            category: None,
            tags: Vec::new(),
            source: None,
            state: ItemState::Broken,
            at: None,
            times: (false, None, None),
            path,
        };
    };
    let instant = |date: &crate::calendar::EditorDate| date.moment.zoned().timestamp();
    let jalali = item.date.moment.date();
    Row {
        id: Some(item.id),
        date: shown_date(&item),
        month: Some((jalali.year(), jalali.month())),
        at: Some(instant(&item.date)),
        times: (
            item.draft,
            item.publish_at.as_ref().map(instant),
            item.expire_at.as_ref().map(instant),
        ),
        title: item.title,
        category: item.category,
        tags: item.tags,
        source: item.source,
        state: ItemState::Broken,
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

/// The site's terms as `rows` use them, to suggest while an editor types (so that one term
/// keeps one spelling): categories, tags and sources, each the most used first, spellings
/// the site's matching rule calls equal given once, as they are most often written.
pub fn terms(rows: &[Row]) -> [Vec<String>; 3] {
    let categories = rows.iter().filter_map(|row| row.category.as_deref());
    let tags = rows
        .iter()
        .flat_map(|row| row.tags.iter().map(String::as_str));
    let sources = rows.iter().filter_map(|row| row.source.as_deref());
    [most_used(categories), most_used(tags), most_used(sources)]
}

/// `terms` counted by the matching rule, each given as pages show it
/// ([`for_display`]) in its most used spelling.
fn most_used<'a>(terms: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut counts: HashMap<String, HashMap<String, usize>> = HashMap::new();
    for term in terms {
        let spellings = counts.entry(for_matching(term)).or_default();
        *spellings.entry(for_display(term)).or_default() += 1;
    }
    let mut ranked: Vec<(usize, String)> = counts
        .into_values()
        .map(|spellings| {
            let total = spellings.values().sum();
            let (written, _) = (spellings.into_iter())
                .max_by(|(a, m), (b, n)| m.cmp(n).then(b.cmp(a)))
                .expect("a term has a spelling");
            (total, written)
        })
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.into_iter().map(|(_, term)| term).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_suggested_most_used_first_in_their_usual_spelling() {
        let used = [
            "ثبت احوال",
            "کارت ملی",
            "ثبت\u{200C}احوال",
            "ثبت احوال",
            "كارت ملي",
        ];
        let terms = most_used(used.into_iter());
        assert_eq!(terms, ["ثبت احوال", "کارت ملی"]);
    }
}
