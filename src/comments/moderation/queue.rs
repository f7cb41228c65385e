//! What an export is made of, whatever its format: the comments chosen, each with its news
//! item, its Jalali time and its spam signals.

use std::collections::HashMap;
use std::sync::LazyLock;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::signals::{Signal, SignalIndex};
use crate::calendar::{Calendar, DateFormat, JalaliDateTime};
use crate::comments::model::Comment;
use crate::persian::digits::Digits;

/// The news item a comment belongs to, as the export names and links it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsRef {
    pub title: String,
    /// Absolute: the base URL and `/news/<id>/`.
    pub url: String,
}

/// Everything an export needs, gathered by the command.
pub struct ExportInput<'a> {
    /// The comments to export, oldest first.
    pub comments: &'a [&'a Comment],
    /// Every stored comment, to find repeated text and bursts from one sender.
    pub all: &'a [Comment],
    pub news: &'a HashMap<u64, NewsRef>,
    pub blocked_words: &'a [String],
    /// The site's zone, for the Jalali times.
    pub zone: &'a TimeZone,
    pub generated_at: Timestamp,
}

/// The moderators' date-time: «شنبه ۵ مهر ۱۳۹۹، ساعت ۱۰:۳۰».
static RECEIVED_FORMAT: LazyLock<DateFormat> = LazyLock::new(|| {
    "%A %-d %B %Y، ساعت %H:%M"
        .parse()
        .expect("the format uses known tokens")
});

/// One exported comment with what every format shows beside it.
pub struct Entry<'a> {
    pub comment: &'a Comment,
    pub news: Option<&'a NewsRef>,
    /// The Jalali received time, as [`jalali`] writes it.
    pub received: String,
    pub signals: Vec<Signal>,
}

/// The comments to export, in order, with their news items, times and signals.
pub fn entries<'a>(input: &ExportInput<'a>) -> Vec<Entry<'a>> {
    let index = SignalIndex::new(input.all, input.blocked_words);
    input
        .comments
        .iter()
        .map(|&comment| Entry {
            comment,
            news: input.news.get(&comment.news_id),
            received: jalali(comment.received_at, input.zone),
            signals: index.signals(comment),
        })
        .collect()
}

/// `instant` in the Jalali calendar and `zone`, with Persian digits; RFC 3339 in the (never
/// seen) case of a year outside the Jalali range, rather than failing the whole export.
pub fn jalali(instant: Timestamp, zone: &TimeZone) -> String {
    match JalaliDateTime::from_zoned(instant.to_zoned_datetime(zone.clone())) {
        Ok(moment) => RECEIVED_FORMAT.render(&moment, Calendar::Jalali, Digits::Persian),
        Err(_) => instant.to_string(),
    }
}
