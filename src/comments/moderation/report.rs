//! The export as a page for reading the queue in a browser: private (it shows email addresses),
//! standalone (no theme, no network), right to left, and with nothing a reader wrote clickable.

use std::collections::HashMap;
use std::fmt::Write;

use pulldown_cmark_escape::{escape_href, escape_html};

use super::queue::{Entry, ExportInput, entries, jalali};
use crate::comments::model::markup::is_reordering_control;
use crate::persian::digits::to_persian;

const TITLE: &str = "صف بررسی دیدگاه‌ها";

/// Logical properties only, so the layout mirrors itself for right-to-left text.
const STYLE: &str = "
:root { color-scheme: light dark; font-family: Vazirmatn, system-ui, -apple-system, 'Segoe UI', Tahoma, sans-serif; line-height: 1.8; }
body { max-inline-size: 50rem; margin-inline: auto; padding-inline: 1rem; padding-block: 1rem 3rem; }
h1 { font-size: 1.5rem; margin-block: 0 .25rem; }
h2 { font-size: 1.15rem; margin-block: 2rem .5rem; }
.summary, .meta { color: GrayText; margin-block: 0; }
article { border: 1px solid #8884; border-inline-start: .3rem solid #888; border-radius: .4rem; padding-block: .5rem; padding-inline: 1rem; margin-block: .75rem; }
article.flagged { border-inline-start-color: #c62828; }
.name { font-weight: bold; }
code { font-size: .85em; }
.signals { background: #fdecea; color: #8e1b1b; border-radius: .3rem; margin-block: .5rem; padding-block: .25rem; padding-inline: 1.75rem .75rem; }
.reply { border-inline-start: .2rem solid #2e7d32; padding-inline-start: .75rem; margin-block: .5rem; }
.reply-label { font-weight: bold; margin-block: 0; }
";

/// The whole standalone page for the comments in `input`, grouped by news item in the order of
/// each item's oldest comment.
pub fn html(input: &ExportInput) -> String {
    let entries = entries(input);
    let mut out = String::with_capacity(4096 + entries.len() * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"fa\" dir=\"rtl\">\n<head>\n");
    out.push_str("<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"robots\" content=\"noindex, nofollow\">\n");
    out.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    let _ = write!(out, "<title>{TITLE}</title>\n<style>{STYLE}</style>\n");
    let _ = write!(out, "</head>\n<body>\n<header>\n<h1>{TITLE}</h1>\n");
    push_summary(&mut out, input, &entries);
    out.push_str("</header>\n<main>\n");
    if entries.is_empty() {
        out.push_str("<p>دیدگاهی برای بررسی نیست.</p>\n");
    }
    for group in by_news(&entries) {
        push_news(&mut out, &group);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// «۳ دیدگاه؛ ۱ با نشانهٔ هرزنامه. تهیه‌شده در …».
fn push_summary(out: &mut String, input: &ExportInput, entries: &[Entry]) {
    let flagged = entries.iter().filter(|e| !e.signals.is_empty()).count();
    let _ = write!(
        out,
        "<p class=\"summary\">{} دیدگاه؛ {} با نشانهٔ هرزنامه. تهیه‌شده در ",
        number(entries.len()),
        number(flagged),
    );
    push_time(
        out,
        input.generated_at,
        &jalali(input.generated_at, input.zone),
    );
    out.push_str("</p>\n");
}

/// The entries per news item, items in the order of their first entry.
fn by_news<'e, 'a>(entries: &'e [Entry<'a>]) -> Vec<Vec<&'e Entry<'a>>> {
    let mut groups: Vec<Vec<&Entry>> = Vec::new();
    let mut position: HashMap<u64, usize> = HashMap::new();
    for entry in entries {
        let at = *position.entry(entry.comment.news_id).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[at].push(entry);
    }
    groups
}

fn push_news(out: &mut String, group: &[&Entry]) {
    let first = group[0];
    out.push_str("<section>\n<h2>");
    match first.news {
        Some(news) if is_web_address(&news.url) => {
            out.push_str("<a href=\"");
            push_escaped_href(out, &news.url);
            out.push_str("\"><bdi>");
            push_escaped(out, &news.title);
            out.push_str("</bdi></a>");
        }
        Some(news) => {
            out.push_str("<bdi>");
            push_escaped(out, &news.title);
            out.push_str("</bdi>");
        }
        None => {
            let id = first.comment.news_id.to_string();
            let _ = write!(out, "خبر شمارهٔ {} (یافت نشد)", to_persian(&id));
        }
    }
    out.push_str("</h2>\n");
    for entry in group {
        push_article(out, entry);
    }
    out.push_str("</section>\n");
}

fn push_article(out: &mut String, entry: &Entry) {
    let comment = entry.comment;
    let flagged = if entry.signals.is_empty() {
        ""
    } else {
        " flagged"
    };
    let _ = write!(out, "<article class=\"comment{flagged}\" id=\"c-");
    push_escaped(out, &comment.id);
    out.push_str("\">\n<p class=\"meta\"><bdi class=\"name\">");
    if comment.name.trim().is_empty() {
        out.push_str("بی‌نام");
    } else {
        push_escaped(out, &comment.name);
    }
    out.push_str("</bdi> · <bdi class=\"email\">");
    push_escaped(out, &comment.email);
    out.push_str("</bdi></p>\n<p class=\"meta\">");
    push_time(out, comment.received_at, &entry.received);
    let status = comment.status;
    let _ = write!(
        out,
        " · <span class=\"status {}\">{}</span> · <code dir=\"ltr\">",
        status.as_str(),
        status.persian(),
    );
    push_escaped(out, &comment.id);
    out.push_str("</code></p>\n");
    if !entry.signals.is_empty() {
        out.push_str("<ul class=\"signals\" aria-label=\"نشانه‌های هرزنامه\">\n");
        for signal in &entry.signals {
            out.push_str("<li>");
            push_escaped(out, &signal.persian());
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<div class=\"body\">\n");
    push_paragraphs(out, &comment.body);
    out.push_str("</div>\n");
    if let Some(reply) = comment.reply.as_deref().filter(|r| !r.trim().is_empty()) {
        out.push_str("<div class=\"reply\">\n<p class=\"reply-label\">پاسخ تحریریه</p>\n");
        push_paragraphs(out, reply);
        out.push_str("</div>\n");
    }
    out.push_str("</article>\n");
}

/// A `<time>` with the UTC instant for machines and `shown` for people.
fn push_time(out: &mut String, instant: jiff::Timestamp, shown: &str) {
    let _ = write!(out, "<time datetime=\"{instant}\">");
    push_escaped(out, shown);
    out.push_str("</time>");
}

/// `text` as escaped paragraphs (blank lines) with `<br>` for line breaks, each paragraph in
/// its own direction; web addresses stay text so a moderator cannot follow spam by a slip.
fn push_paragraphs(out: &mut String, text: &str) {
    let text: String = text
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| !is_reordering_control(*c) && (!c.is_control() || *c == '\n'))
        .collect();
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        out.push_str("<p dir=\"auto\">");
        for (i, line) in paragraph.lines().enumerate() {
            if i > 0 {
                out.push_str("<br>\n");
            }
            push_escaped(out, line.trim());
        }
        out.push_str("</p>\n");
    }
}

fn number(n: usize) -> String {
    to_persian(&n.to_string()).into_owned()
}

/// Only http(s) addresses become links, whatever the news index holds.
fn is_web_address(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

fn push_escaped(out: &mut String, text: &str) {
    let text: String = text
        .chars()
        .filter(|c| !is_reordering_control(*c))
        .collect();
    escape_html(out, &text).expect("writing to a String cannot fail");
}

fn push_escaped_href(out: &mut String, url: &str) {
    escape_href(out, url).expect("writing to a String cannot fail");
}

#[cfg(test)]
mod tests {
    use super::super::export::ExportFormat;
    use super::super::export::tests::{Fixture, comment};
    use super::super::signals::Signal;

    fn page(fixture: &Fixture) -> String {
        String::from_utf8(fixture.export(ExportFormat::Html)).unwrap()
    }

    #[test]
    fn the_report_is_a_private_rtl_page_with_everything_escaped() {
        let mut attack = comment(
            "20200926T070000000Z-000001",
            "<script>alert(1)</script>\nببینید: https://spam.example/?a=1&b=2",
        );
        attack.name = "John <b>Doe</b>".into();
        attack.reply = Some("پاسخ «تحریریه» & سپاس".into());
        let mut other = comment("20200926T070100000Z-000002", "خبر خوبی بود، ممنون از شما.");
        other.news_id = 99;
        let third = comment(
            "20200926T070200000Z-000003",
            "خبر بسیار خوبی بود، سپاسگزارم.",
        );
        let html = page(&Fixture::new(vec![attack, other, third]));
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fa\" dir=\"rtl\">"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(html.contains("<title>صف بررسی دیدگاه\u{200C}ها</title>"));
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;<br>"));
        assert!(html.contains("https://spam.example/?a=1&amp;b=2</p>"));
        assert!(
            !html.contains("href=\"https://spam"),
            "reader links are not clickable"
        );
        assert!(html.contains("<bdi class=\"name\">John &lt;b&gt;Doe&lt;/b&gt;</bdi>"));
        assert!(html.contains("maryam@example.org"));
        assert!(html.contains("پاسخ «تحریریه» &amp; سپاس"));
        assert!(html.contains("<p class=\"summary\">۳ دیدگاه؛ ۱ با نشانهٔ هرزنامه."));
        assert!(html.contains(
            "<time datetime=\"2020-09-26T08:00:00Z\">شنبه ۵ مهر ۱۳۹۹، ساعت ۱۱:۳۰</time>"
        ));
        assert!(html.contains(
            "<time datetime=\"2020-09-26T07:00:00Z\">شنبه ۵ مهر ۱۳۹۹، ساعت ۱۰:۳۰</time>"
        ));
        assert!(html.contains("در انتظار بررسی"));
        assert!(html.contains(&format!("<li>{}</li>", Signal::Links(1).persian())));
        let linked = "<a href=\"https://news.example.ir/news/242513/\"><bdi>";
        assert_eq!(
            html.matches(linked).count(),
            1,
            "comments are grouped by news"
        );
        assert!(html.contains("خبر شمارهٔ ۹۹"));
        let order = ["-000001", "-000003", "-000002"].map(|id| html.find(id).unwrap());
        assert!(
            order.is_sorted(),
            "the second item's group comes after the first's"
        );
    }

    #[test]
    fn an_empty_queue_says_so() {
        let html = page(&Fixture::new(Vec::new()));
        assert!(html.contains("۰ دیدگاه"));
        assert!(html.contains("دیدگاهی برای بررسی نیست."));
    }
}
