//! RSS 2.0 and Atom feeds of the newest items, for the whole site and for each category.

use std::fmt::Write;

use crate::content::NewsItem;
use crate::persian::bidi::{Direction, for_plain_text};
use crate::site::address::{self, Addresses};

/// How many items a feed carries.
pub const FEED_ITEMS: usize = 50;

/// What a feed is about: its title, where it lives, and what it links to.
pub struct FeedInfo<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// The site's addresses.
    pub addresses: &'a Addresses,
    /// The path of the page the feed follows, such as `/` or `/category/اجتماعی/`.
    pub page: &'a str,
    pub language: &'a str,
}

impl FeedInfo<'_> {
    fn absolute(&self, path: &str) -> String {
        self.addresses.uri(path)
    }
}

/// An RSS 2.0 feed of the newest `items` (newest first).
pub fn rss(info: &FeedInfo, items: &[&NewsItem]) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
    element(&mut xml, "title", &plain(info.title));
    element(&mut xml, "link", &info.absolute(info.page));
    element(&mut xml, "description", &plain(info.description));
    element(&mut xml, "language", info.language);
    let _ = writeln!(
        xml,
        "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
        escape(&info.absolute(&address::rss(info.page)))
    );
    if let Some(newest) = items.first() {
        element(&mut xml, "lastBuildDate", &rfc822(newest));
    }
    for item in items.iter().take(FEED_ITEMS) {
        let url = info.absolute(&address::news(item.id));
        xml.push_str("<item>\n");
        element(&mut xml, "title", &plain(&item.title));
        element(&mut xml, "link", &url);
        let _ = writeln!(xml, "<guid isPermaLink=\"true\">{}</guid>", escape(&url));
        element(&mut xml, "pubDate", &rfc822(item));
        if let Some(category) = &item.category {
            element(&mut xml, "category", category);
        }
        element(&mut xml, "description", &body(info, item));
        xml.push_str("</item>\n");
    }
    xml.push_str("</channel>\n</rss>\n");
    xml
}

/// An Atom feed of the newest `items` (newest first).
pub fn atom(info: &FeedInfo, items: &[&NewsItem]) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape(info.language)
    );
    element(&mut xml, "title", &plain(info.title));
    element(&mut xml, "subtitle", &plain(info.description));
    element(&mut xml, "id", &info.absolute(info.page));
    let self_url = info.absolute(&address::atom(info.page));
    let _ = writeln!(
        xml,
        "<link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>",
        escape(&self_url)
    );
    let _ = writeln!(
        xml,
        "<link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>",
        escape(&info.absolute(info.page))
    );
    if let Some(updated) = latest_change(items) {
        element(&mut xml, "updated", &rfc3339(updated));
    }
    xml.push_str("<author>\n");
    element(&mut xml, "name", &plain(info.title));
    xml.push_str("</author>\n");
    for item in items.iter().take(FEED_ITEMS) {
        let url = info.absolute(&address::news(item.id));
        xml.push_str("<entry>\n");
        element(&mut xml, "title", &plain(&item.title));
        element(&mut xml, "id", &url);
        let _ = writeln!(
            xml,
            "<link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>",
            escape(&url)
        );
        element(&mut xml, "published", &rfc3339(&item.date));
        element(&mut xml, "updated", &rfc3339(last_change(item)));
        if let Some(category) = &item.category {
            let _ = writeln!(xml, "<category term=\"{}\"/>", escape(category));
        }
        element(&mut xml, "summary", &plain(item.summary()));
        let _ = writeln!(
            xml,
            "<content type=\"html\" xml:lang=\"{}\">{}</content>",
            escape(info.language),
            escape(&body(info, item))
        );
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// When `item` last changed: its `updated` date, or else its date.
pub fn last_change(item: &NewsItem) -> &crate::calendar::EditorDate {
    item.updated.as_ref().unwrap_or(&item.date)
}

/// The latest moment any of `items` changed, by the clock (not by how it is written): a
/// feed's own `updated`.
pub fn latest_change<'i>(items: &[&'i NewsItem]) -> Option<&'i crate::calendar::EditorDate> {
    items
        .iter()
        .map(|item| last_change(item))
        .max_by_key(|date| date.moment.zoned().timestamp())
}

/// The item's body for feed readers: right to left, with every link and image address made
/// an absolute URI, as a reader shows the entry away from the site.
fn body(info: &FeedInfo, item: &NewsItem) -> String {
    let html = absolute_links(item.body.html(), info.addresses, &address::news(item.id));
    format!("<div dir=\"rtl\" lang=\"{}\">{html}</div>", info.language)
}

/// `html` (of the page at site path `page`) with each `href` and `src` attribute's address
/// resolved against that page and percent-encoded: `#fn-1` becomes the page's own address
/// with the fragment, `/x` the site's, `//host/x` takes the site's scheme.
pub fn absolute_links(html: &str, addresses: &Addresses, page: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some((at, name)) = next_link_attribute(rest) {
        let start = at + name.len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let Some(end) = rest.find('"') else { break };
        out.push_str(&addresses.uri_from(&rest[..end], page));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Where the next ` href="` or ` src="` starts in `html`, and which of the two it is.
fn next_link_attribute(html: &str) -> Option<(usize, &'static str)> {
    [" href=\"", " src=\""]
        .into_iter()
        .filter_map(|name| Some((html.find(name)?, name)))
        .min()
}

/// Text for a place without markup, laid out right to left.
fn plain(text: &str) -> String {
    for_plain_text(text, Direction::Rtl).into_owned()
}

fn element(xml: &mut String, name: &str, text: &str) {
    let _ = writeln!(xml, "<{name}>{}</{name}>", escape(text));
}

/// RFC 822 as RSS wants it, in the site's zone: `Sat, 26 Sep 2020 10:30:00 +0330`.
fn rfc822(item: &NewsItem) -> String {
    item.date
        .moment
        .zoned()
        .strftime("%a, %d %b %Y %H:%M:%S %z")
        .to_string()
}

/// RFC 3339 in the site's zone: `2020-09-26T10:30:00+03:30`.
pub fn rfc3339(date: &crate::calendar::EditorDate) -> String {
    date.moment
        .zoned()
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// `text` escaped for XML, without the control characters XML 1.0 does not allow.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_xml_needs() {
        assert_eq!(
            escape("a & b <c> \"d\" 'e'\u{0}\u{8}"),
            "a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;"
        );
        assert_eq!(escape("کارت\u{200C}ها\n"), "کارت\u{200C}ها\n");
    }

    #[test]
    fn entry_links_become_absolute_uris() {
        let addresses = Addresses::new("https://news.example.org");
        let html = "<p><a href=\"#fn-1\">۱</a> <a href=\"/tag/البرز/\">ب</a> <img src=\"//cdn.example/x.png\" alt=\"\"> <a href=\"https://example.org/a?b=1&amp;c=2\">x</a> <img src=\"pic.png\"></p>";
        assert_eq!(
            absolute_links(html, &addresses, "/news/7/"),
            "<p><a href=\"https://news.example.org/news/7/#fn-1\">۱</a> <a href=\"https://news.example.org/tag/%D8%A7%D9%84%D8%A8%D8%B1%D8%B2/\">ب</a> <img src=\"https://cdn.example/x.png\" alt=\"\"> <a href=\"https://example.org/a?b=1&amp;c=2\">x</a> <img src=\"https://news.example.org/news/7/pic.png\"></p>"
        );
    }
}
