//! Markdown bodies to HTML: CommonMark with tables, footnotes and strikethrough, plus what a
//! Persian news page needs (lists numbered with Persian digits, Persian heading anchors,
//! lazy images, `rel="noopener"` on links that leave the site, Persian yeh and kaf).

use std::borrow::Cow;
use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::beside::picture_address;
use crate::persian::digits::{digit_value, to_latin, to_persian};
use crate::persian::normalize::standardize_letters;
use crate::persian::slug::slugify;

/// A rendered body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Markdown {
    pub html: String,
    /// The first paragraph as plain text, the summary when the front matter has none.
    pub first_paragraph: String,
    /// The lines of the body (counting from 0) where `**` or `__` stayed literal text.
    pub literal_emphasis: Vec<usize>,
    /// The pictures the body shows, in order.
    pub pictures: Vec<BodyPicture>,
}

impl Markdown {
    /// Takes the pictures out, each at its line in a file whose body begins at `body_line`.
    pub fn pictures_in_file(&mut self, body_line: usize) -> Vec<BodyPicture> {
        let pictures = std::mem::take(&mut self.pictures).into_iter();
        let at_line = |picture: BodyPicture| BodyPicture {
            line: body_line + picture.line,
            ..picture
        };
        pictures.map(at_line).collect()
    }
}

/// A picture a body shows (`![description](address)`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BodyPicture {
    /// Its address: as written, or beside the body's file when written relative to it
    /// ([`picture_address`]).
    pub address: String,
    /// Whether it has a description (alternative text) for readers who cannot see it.
    pub described: bool,
    /// Its line, counting from 0 at the body's first (a news item's count from the file's).
    pub line: usize,
}

/// The pictures of a parsed body, with where each begins in `source`; relative addresses lead
/// into `folder`.
fn pictures_of(
    parsed: &[(Event, std::ops::Range<usize>)],
    source: &str,
    folder: &str,
) -> Vec<BodyPicture> {
    let mut pictures = Vec::new();
    for (at, (event, range)) in parsed.iter().enumerate() {
        let Event::Start(Tag::Image { dest_url, .. }) = event else {
            continue;
        };
        let inside = parsed[at + 1..]
            .iter()
            .take_while(|(event, _)| !matches!(event, Event::End(TagEnd::Image)));
        let described = inside
            .into_iter()
            .any(|(event, _)| matches!(event, Event::Text(text) if !text.trim().is_empty()));
        pictures.push(BodyPicture {
            address: picture_address(folder, dest_url).into_owned(),
            described,
            line: source[..range.start].matches('\n').count(),
        });
    }
    pictures
}

/// Renders `source`, the body of a file in the folder at the site address `folder`
/// ([`folder_address`](super::beside::folder_address)): links to addresses outside `base_url`
/// get `rel="noopener"`, and pictures written relative to the file lead beside it.
pub fn render(source: &str, base_url: &str, folder: &str) -> Markdown {
    let source = latin_list_markers(source);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let parsed: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(&source, options)
        .into_offset_iter()
        .collect();
    let pictures = pictures_of(&parsed, &source, folder);
    let (events, literal) = super::emphasis::pair_persian(parsed, &source);
    let literal_emphasis = literal
        .into_iter()
        .map(|at| source[..at].matches('\n').count())
        .collect();
    let first_paragraph = first_paragraph(&events);
    let events = Rewriter::new(base_url, folder).rewrite(events);
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // Every item's body stays in memory for the whole build: no room to spare.
    html.shrink_to_fit();
    Markdown {
        html,
        first_paragraph,
        literal_emphasis,
        pictures,
    }
}

/// `۱. ` and `١) ` list markers rewritten with Latin digits, which CommonMark requires;
/// fenced code is left alone.
fn latin_list_markers(source: &str) -> Cow<'_, str> {
    let mut fence: Option<&str> = None;
    let mut changed = false;
    let mut out = String::with_capacity(source.len());
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let marker = trimmed.get(..3).filter(|m| *m == "```" || *m == "~~~");
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(open), Some(m)) if open == m => fence = None,
            _ => {}
        }
        let digits_end = trimmed
            .char_indices()
            .find(|&(_, c)| digit_value(c).is_none())
            .map_or(trimmed.len(), |(i, _)| i);
        let is_marker = fence.is_none()
            && digits_end > 0
            && !trimmed.starts_with(|c: char| c.is_ascii_digit())
            && trimmed[digits_end..].starts_with(['.', ')'])
            && trimmed[digits_end + 1..].starts_with([' ', '\t', '\n']);
        if is_marker {
            let indent = &line[..line.len() - trimmed.len()];
            out.push_str(indent);
            out.push_str(&to_latin(&trimmed[..digits_end]));
            out.push_str(&trimmed[digits_end..]);
            changed = true;
        } else {
            out.push_str(line);
        }
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(source)
    }
}

/// The plain text of the first top-level paragraph.
fn first_paragraph(events: &[Event]) -> String {
    let mut depth = 0;
    let mut text = String::new();
    let mut inside = false;
    for event in events {
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => inside = true,
            Event::End(TagEnd::Paragraph) if inside => break,
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            Event::Text(t) | Event::Code(t) if inside => text.push_str(t),
            Event::SoftBreak | Event::HardBreak if inside => text.push(' '),
            _ => {}
        }
    }
    standardize_letters(text.trim()).into_owned()
}

/// The event rewrites that plain CommonMark HTML lacks.
struct Rewriter<'b> {
    base_url: &'b str,
    /// The site address of the body's file's folder.
    folder: &'b str,
    /// How many headings already use each anchor, to keep anchors unique.
    anchors: HashMap<String, usize>,
    /// Each footnote label's number, in the order labels first appear, and how many
    /// references to it there were.
    footnotes: HashMap<String, (usize, usize)>,
}

/// The ids the theme's templates give their own elements, which no heading may take; a
/// heading id starting with [`RESERVED_PREFIXES`] is also given a suffix.
const THEME_IDS: &[&str] = &[
    "comments",
    "comments-heading",
    "pinned-heading",
    "latest-heading",
    "related-heading",
];

/// Id prefixes of footnotes and of the theme's elements.
const RESERVED_PREFIXES: &[&str] = &[
    "fn-",
    "fnref-",
    "comment-",
    "search-",
    "site-search-",
    "not-found-",
    "footer-",
    "sabt-",
];

impl<'b> Rewriter<'b> {
    fn new(base_url: &'b str, folder: &'b str) -> Self {
        Rewriter {
            base_url,
            folder,
            anchors: HashMap::new(),
            footnotes: HashMap::new(),
        }
    }

    fn rewrite<'a>(mut self, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
        let mut out = Vec::with_capacity(events.len());
        let mut events = events.into_iter();
        let mut in_code = false;
        let mut open_links: Vec<bool> = Vec::new();
        while let Some(event) = events.next() {
            match event {
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => {
                    let inner: Vec<Event> = events
                        .by_ref()
                        .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
                        .collect();
                    let id = id
                        .map(|own| self.unique(own.to_string()))
                        .or_else(|| self.anchor(&plain_text(&inner)))
                        .map(CowStr::from);
                    out.push(Event::Start(Tag::Heading {
                        level,
                        id,
                        classes,
                        attrs,
                    }));
                    out.extend(inner.into_iter().map(standardized));
                    out.push(Event::End(TagEnd::Heading(level)));
                }
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    let alt: Vec<Event> = events
                        .by_ref()
                        .take_while(|e| !matches!(e, Event::End(TagEnd::Image)))
                        .collect();
                    let src = picture_address(self.folder, &dest_url);
                    out.push(Event::Html(
                        image_html(&src, &title, &plain_text(&alt)).into(),
                    ));
                }
                Event::Start(Tag::Link {
                    dest_url, title, ..
                }) if self.leaves_site(&dest_url) => {
                    open_links.push(true);
                    out.push(Event::Html(external_link_html(&dest_url, &title).into()));
                }
                Event::Start(Tag::Link { .. }) => {
                    open_links.push(false);
                    out.push(event);
                }
                Event::End(TagEnd::Link) => match open_links.pop() {
                    Some(true) => out.push(Event::Html("</a>".into())),
                    _ => out.push(event),
                },
                Event::FootnoteReference(label) => {
                    out.push(Event::Html(self.footnote_reference(&label).into()));
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    out.push(Event::Html(self.footnote_definition(&label).into()));
                }
                Event::End(TagEnd::FootnoteDefinition) => out.push(Event::Html("</div>\n".into())),
                Event::Start(Tag::CodeBlock(_)) => {
                    in_code = true;
                    out.push(event);
                }
                Event::End(TagEnd::CodeBlock) => {
                    in_code = false;
                    out.push(event);
                }
                event if in_code => out.push(event),
                event => out.push(standardized(event)),
            }
        }
        out
    }

    /// A unique anchor for a heading reading `text`.
    fn anchor(&mut self, text: &str) -> Option<String> {
        Some(self.unique(slugify(text)?))
    }

    /// `id`, or `id-2`, `id-3`…: never one an earlier heading took, nor the theme's or a
    /// footnote's.
    fn unique(&mut self, id: String) -> String {
        let reserved = THEME_IDS.contains(&id.as_str())
            || RESERVED_PREFIXES
                .iter()
                .any(|prefix| id.starts_with(prefix));
        let mut n = *self.anchors.get(&id).unwrap_or(&0) + usize::from(reserved);
        loop {
            n += 1;
            let candidate = match n {
                1 => id.clone(),
                n => format!("{id}-{n}"),
            };
            if !self.anchors.contains_key(&candidate) {
                self.anchors.insert(id, n);
                self.anchors.entry(candidate.clone()).or_insert(1);
                return candidate;
            }
        }
    }

    /// The number of footnote `label`, given in the order labels first appear.
    fn footnote_number(&mut self, label: &str) -> &mut (usize, usize) {
        let next = self.footnotes.len() + 1;
        self.footnotes.entry(label.to_string()).or_insert((next, 0))
    }

    /// A reference mark `[^label]`: its number in Persian digits, linking to `#fn-label`.
    fn footnote_reference(&mut self, label: &str) -> String {
        let (number, uses) = self.footnote_number(label);
        *uses += 1;
        let (number, uses) = (*number, *uses);
        let mut html = String::from("<sup class=\"footnote-reference\" id=\"fnref-");
        escape_html(&mut html, label).expect("writing to a String");
        if uses > 1 {
            html.push_str(&format!("-{uses}"));
        }
        html.push_str("\"><a href=\"#fn-");
        escape_href(&mut html, label).expect("writing to a String");
        html.push_str("\">");
        html.push_str(&to_persian(&number.to_string()));
        html.push_str("</a></sup>");
        html
    }

    /// The opening of footnote `label`'s definition, with id `fn-label`.
    fn footnote_definition(&mut self, label: &str) -> String {
        let number = self.footnote_number(label).0;
        let mut html = String::from("<div class=\"footnote-definition\" id=\"fn-");
        escape_html(&mut html, label).expect("writing to a String");
        html.push_str("\"><sup class=\"footnote-definition-label\">");
        html.push_str(&to_persian(&number.to_string()));
        html.push_str("</sup>");
        html
    }

    fn leaves_site(&self, url: &str) -> bool {
        let absolute =
            url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//");
        absolute && !url.starts_with(self.base_url.trim_end_matches('/'))
    }
}

/// Text events with Arabic yeh and kaf made Persian.
fn standardized(event: Event) -> Event {
    match event {
        Event::Text(text) => match standardize_letters(&text) {
            Cow::Borrowed(_) => Event::Text(text),
            Cow::Owned(fixed) => Event::Text(fixed.into()),
        },
        event => event,
    }
}

fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    standardize_letters(&text).into_owned()
}

fn image_html(src: &str, title: &str, alt: &str) -> String {
    let mut html = String::from("<img src=\"");
    escape_href(&mut html, src).expect("writing to a String");
    html.push_str("\" alt=\"");
    escape_html(&mut html, alt).expect("writing to a String");
    if !title.is_empty() {
        html.push_str("\" title=\"");
        escape_html(&mut html, title).expect("writing to a String");
    }
    html.push_str("\" loading=\"lazy\" decoding=\"async\">");
    html
}

fn external_link_html(href: &str, title: &str) -> String {
    let mut html = String::from("<a href=\"");
    escape_href(&mut html, href).expect("writing to a String");
    if !title.is_empty() {
        html.push_str("\" title=\"");
        escape_html(&mut html, title).expect("writing to a String");
    }
    html.push_str("\" rel=\"noopener\">");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(source: &str) -> String {
        render(source, "https://news.example.org", "/news/1399/07/").html
    }

    #[test]
    fn persian_numbered_lists_are_lists() {
        assert_eq!(
            html("مراحل:\n\n۱. ورود به سامانه\n۲. انتخاب نوبت\n"),
            "<p>مراحل:</p>\n<ol>\n<li>ورود به سامانه</li>\n<li>انتخاب نوبت</li>\n</ol>\n"
        );
        assert!(html("٣) سوم\n").starts_with("<ol start=\"3\">"));
        assert_eq!(
            html("```\n۱. کد\n```\n"),
            "<pre><code>۱. کد\n</code></pre>\n"
        );
        assert_eq!(html("۱۴۰۲.۵ درصد\n"), "<p>۱۴۰۲.۵ درصد</p>\n");
    }

    #[test]
    fn headings_get_persian_anchors() {
        assert_eq!(
            html("## ساعات کاری\n\n## ساعات کاری\n\n## Custom {#own}\n"),
            "<h2 id=\"ساعات-کاری\">ساعات کاری</h2>\n<h2 id=\"ساعات-کاری-2\">ساعات کاری</h2>\n<h2 id=\"own\">Custom</h2>\n"
        );
    }

    #[test]
    fn a_picture_written_relative_to_the_file_leads_beside_it_and_a_link_does_not() {
        let source = "![دفتر کرج](karaj.jpg)\n\n[فرم](form.pdf)\n\n![](../06/a.png)\n";
        let rendered = render(source, "https://news.example.org", "/news/1399/07/");
        assert_eq!(
            rendered.html,
            "<p><img src=\"/news/1399/07/karaj.jpg\" alt=\"دفتر کرج\" loading=\"lazy\" decoding=\"async\"></p>\n<p><a href=\"form.pdf\">فرم</a></p>\n<p><img src=\"/news/1399/06/a.png\" alt=\"\" loading=\"lazy\" decoding=\"async\"></p>\n"
        );
        let addresses: Vec<&str> = (rendered.pictures.iter())
            .map(|picture| picture.address.as_str())
            .collect();
        assert_eq!(
            addresses,
            ["/news/1399/07/karaj.jpg", "/news/1399/06/a.png"]
        );
    }

    #[test]
    fn images_load_lazily_and_links_out_are_noopener() {
        assert_eq!(
            html("![کارت «ملی»](/images/card.svg \"عنوان\")"),
            "<p><img src=\"/images/card.svg\" alt=\"کارت «ملی»\" title=\"عنوان\" loading=\"lazy\" decoding=\"async\"></p>\n"
        );
        assert_eq!(
            html(
                "[سامانه](https://example.org/a?b=1&c=2) و [خبر](/news/1/) و [خانه](https://news.example.org/)"
            ),
            "<p><a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"noopener\">سامانه</a> و <a href=\"/news/1/\">خبر</a> و <a href=\"https://news.example.org/\">خانه</a></p>\n"
        );
    }

    #[test]
    fn tables_footnotes_and_strikethrough() {
        let body =
            html("| روز | ساعت |\n|---|---|\n| شنبه | ۸ |\n\nمتن[^1] ~~قدیم~~\n\n[^1]: پانویس\n");
        assert!(body.contains("<table>") && body.contains("<td>شنبه</td>"));
        assert!(body.contains("<del>قدیم</del>"));
        assert!(body.contains("class=\"footnote-definition\""));
    }

    #[test]
    fn footnotes_and_headings_never_share_an_id() {
        let body = html(
            "## ۱\n\nمتن[^1] و باز[^1] و[^2]\n\n## 1\n\n## fn-1\n\n## comments\n\n[^1]: یکم\n[^2]: دوم\n",
        );
        assert!(body.contains("<h2 id=\"1\">۱</h2>"), "{body}");
        assert!(body.contains("<h2 id=\"1-2\">1</h2>"), "{body}");
        assert!(body.contains("<h2 id=\"fn-1-2\">"), "{body}");
        assert!(body.contains("<h2 id=\"comments-2\">"), "{body}");
        assert!(
            body.contains(
                "<sup class=\"footnote-reference\" id=\"fnref-1\"><a href=\"#fn-1\">۱</a></sup>"
            ),
            "{body}"
        );
        assert!(
            body.contains("id=\"fnref-1-2\"><a href=\"#fn-1\">۱</a>"),
            "{body}"
        );
        assert!(body.contains("<a href=\"#fn-2\">۲</a>"), "{body}");
        assert!(body.contains("<div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-definition-label\">۱</sup>"), "{body}");
    }

    #[test]
    fn the_theme_ids_are_reserved() {
        let templates = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/sabt/templates");
        for entry in walkdir::WalkDir::new(templates) {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for (_, rest) in text
                .match_indices(" id=\"")
                .map(|(i, _)| text.split_at(i + 5))
            {
                let id = &rest[..rest.find('"').unwrap()];
                let reserved =
                    THEME_IDS.contains(&id) || RESERVED_PREFIXES.iter().any(|p| id.starts_with(p));
                assert!(
                    reserved,
                    "{id} in {} is not reserved",
                    entry.path().display()
                );
            }
        }
    }

    #[test]
    fn arabic_letters_become_persian_outside_code() {
        assert_eq!(html("اطلاعيه `كد`"), "<p>اطلاعیه <code>كد</code></p>\n");
    }

    #[test]
    fn the_first_paragraph_is_the_fallback_summary() {
        let rendered = render(
            "## عنوان\n\n- فهرست\n\nاولین *بند* متن\nادامه.\n\nدومی\n",
            "",
            "/",
        );
        assert_eq!(rendered.first_paragraph, "اولین بند متن ادامه.");
        assert_eq!(render("", "", "/").first_paragraph, "");
    }
}
