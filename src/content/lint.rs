//! What `akhbar check` adds to the build's checks: things that are allowed but that an editor
//! most likely did not mean — a double posting, a schedule that makes no sense, a picture
//! without a description, an item with nothing to show in lists.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use jiff::{Timestamp, ToSpan};

use super::Content;
use super::markdown::BodyPicture;
use super::news::NewsItem;
use crate::calendar::EditorDate;
use crate::diagnostic::Diagnostic;
use crate::persian::bidi::isolate;
use crate::persian::normalize::for_matching;

/// Every editorial warning for the items of `content`, in file order.
pub fn editorial_warnings(content: &Content, now: Timestamp) -> Vec<Diagnostic> {
    let mut warnings = duplicate_titles(&content.news);
    for item in &content.news {
        warnings.extend(schedule(item, now));
        if item.image.is_some()
            && item
                .image_alt
                .as_deref()
                .is_none_or(|alt| alt.trim().is_empty())
        {
            let message =
                "`image` has no `image_alt`: describe the picture for readers who cannot see it";
            let warning = Diagnostic::new(&item.path, Some(item.image_line), message).with_persian(
                "تصویر بی‌شرح",
                "`image` هست اما `image_alt` نیست: تصویر را در `image_alt` برای خوانندگانی که آن را نمی‌بینند شرح دهید",
            );
            warnings.push(warning);
        }
        warnings.extend(literal_emphasis(&item.path, &item.literal_emphasis_lines));
        warnings.extend(undescribed_pictures(&item.path, &item.pictures));
        if item.summary().trim().is_empty() {
            let message = "the item has no summary and no first paragraph: lists, feeds and search show nothing for it";
            let warning = Diagnostic::new(&item.path, Some(item.body_line), message).with_persian(
                "خبر بی‌خلاصه",
                "خبر نه `summary` دارد و نه بند نخستی در متن: فهرست‌ها، خوراک‌ها و جست‌وجو چیزی از آن نشان نمی‌دهند",
            );
            warnings.push(warning);
        }
    }
    for page in &content.pages {
        warnings.extend(literal_emphasis(&page.path, &page.literal_emphasis_lines));
        warnings.extend(undescribed_pictures(&page.path, &page.pictures));
    }
    warnings.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    warnings
}

/// A warning at each of `lines` of the item or page at `path`, where `**` or `__` stays literal.
fn literal_emphasis<'a>(
    path: &'a Path,
    lines: &'a [usize],
) -> impl Iterator<Item = Diagnostic> + 'a {
    lines.iter().map(move |&line| {
        let message = "`**` or `__` stays literal in the published text: close the pair on the same paragraph, or write `\\*` for a real asterisk";
        Diagnostic::new(path, Some(line), message).with_persian(
            "ستاره‌های نمایان",
            "`**` یا `__` در متن منتشرشده همان‌گونه دیده می‌شود: جفت آن را در همان بند ببندید، یا برای خود ستاره `\\*` بنویسید",
        )
    })
}

/// The pictures of a body at `path` that have no description.
fn undescribed_pictures<'a>(
    path: &'a Path,
    pictures: &'a [BodyPicture],
) -> impl Iterator<Item = Diagnostic> + 'a {
    let undescribed = pictures.iter().filter(|picture| !picture.described);
    undescribed.map(move |picture| {
        let message = format!(
            "the picture {} has no description: write one for readers who cannot see it, between the brackets: ![description]({})",
            picture.address, picture.address
        );
        let detail = format!(
            "تصویر {} شرحی ندارد: آن را برای خوانندگانی که تصویر را نمی‌بینند میان دو قلاب بنویسید: ![شرح]({})",
            isolate(&picture.address),
            picture.address
        );
        Diagnostic::new(path, Some(picture.line), message).with_persian("تصویر بی‌شرح", detail)
    })
}

/// Items with the same title on the same Jalali day, reported at each later file.
fn duplicate_titles(news: &[Arc<NewsItem>]) -> Vec<Diagnostic> {
    let mut first: HashMap<(String, i32, u8, u8), &NewsItem> = HashMap::new();
    let mut warnings = Vec::new();
    for item in news.iter().filter(|item| !item.draft) {
        let day = item.date.moment.date();
        let key = (
            for_matching(&item.title),
            day.year(),
            day.month(),
            day.day(),
        );
        match first.get(&key) {
            Some(earlier) => {
                let earlier = earlier.path.display().to_string();
                let message = format!(
                    "has the same title as {earlier} on the same day: was it posted twice?"
                );
                let detail = format!(
                    "همین عنوان در همین روز در {} هم آمده است: آیا خبر دو بار گذاشته شده؟",
                    isolate(&earlier)
                );
                let warning = Diagnostic::new(&item.path, Some(item.title_line), message)
                    .with_persian("عنوان تکراری", detail);
                warnings.push(warning);
            }
            None => {
                first.insert(key, item);
            }
        }
    }
    warnings
}

/// A publication time before the item's own date, and dates far ahead of `now`.
fn schedule(item: &NewsItem, now: Timestamp) -> Vec<Diagnostic> {
    let instant = |date: &EditorDate| date.moment.zoned().timestamp();
    let far = now
        .checked_add((366 * 24).hours())
        .unwrap_or(Timestamp::MAX);
    let mut warnings = Vec::new();
    if let Some(publish_at) = &item.publish_at
        && instant(publish_at) < instant(&item.date)
    {
        let message = "`publish_at` is before the item's `date`: the item would appear before what it reports happened; is the date right?";
        let warning = Diagnostic::new(&item.path, Some(item.publish_at_line), message).with_persian(
            "انتشار پیش از رویداد",
            "`publish_at` پیش از `date` خبر است: خبر پیش از رخ دادن آنچه گزارش می‌کند منتشر می‌شود؛ آیا تاریخ درست است؟",
        );
        warnings.push(warning);
    }
    for (date, line, key) in [
        (Some(&item.date), item.date_line, "date"),
        (item.publish_at.as_ref(), item.publish_at_line, "publish_at"),
    ] {
        if let Some(date) = date
            && instant(date) > far
        {
            let message = format!("`{key}` is more than a year ahead: is the year right?");
            let detail = format!("`{key}` بیش از یک سال پس از امروز است: آیا سال درست نوشته شده؟");
            let warning = Diagnostic::new(&item.path, Some(line), message)
                .with_persian("تاریخ دور در آینده", detail);
            warnings.push(warning);
        }
    }
    warnings
}
