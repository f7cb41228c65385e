//! A reader's plain text as inert HTML: every character escaped, paragraphs and line breaks
//! kept, web addresses made into links that search engines do not credit.

use pulldown_cmark_escape::{FmtWriter, escape_html};

/// Characters that never belong to an address a reader writes: they end it where they stand.
/// Quotes and angle brackets (not valid in a URL unescaped; `=HYPERLINK("http://x.example","x")`
/// ends at the `"`), Persian punctuation and guillemets (`https://x.ir،` or `«https://x.ir»`).
const ENDS_ADDRESS: &[char] = &[
    '"', '\'', '<', '>', '`', '«', '»', '‹', '›', '،', '؛', '؟', '٫',
];

/// Characters that end a sentence or a clause after an address rather than belong to it, when
/// they are its last characters (a comma or colon inside an address stays, as in
/// `https://maps.example/@35.7,51.4`).
const TRAILING: &[char] = &['.', ',', ';', ':', '!', '?', '*', '_', '~'];

/// Closing brackets that end an address unless it opened them, with their openings: in
/// `(https://en.example/wiki/Tehran_(city))` the first `)` is the address's, the second not.
const BRACKETS: [(char, char); 3] = [('(', ')'), ('[', ']'), ('{', '}')];

/// `text` as paragraphs (blank lines) with `<br>` for single line breaks.
pub fn plain_text_html(text: &str) -> String {
    let text: String = text
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| !is_reordering_control(*c) && (!c.is_control() || *c == '\n'))
        .collect();
    let mut html = String::new();
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        html.push_str("<p>");
        for (i, line) in paragraph.lines().enumerate() {
            if i > 0 {
                html.push_str("<br>\n");
            }
            push_linked(&mut html, line.trim());
        }
        html.push_str("</p>\n");
    }
    html
}

/// Appends `line` escaped, with its http(s) addresses as `rel="nofollow ugc"` links.
fn push_linked(html: &mut String, mut line: &str) {
    while let Some(start) = find_address(line) {
        let (before, rest) = line.split_at(start);
        let address = &rest[..address_length(rest)];
        push_escaped(html, before);
        html.push_str("<a href=\"");
        push_escaped(html, address);
        html.push_str("\" rel=\"nofollow ugc noopener\" dir=\"ltr\">");
        push_escaped(html, address);
        html.push_str("</a>");
        line = &rest[address.len()..];
    }
    push_escaped(html, line);
}

/// How many bytes of `rest`, which starts with an address, are the address: up to a blank, a
/// control or one of [`ENDS_ADDRESS`], less the [`TRAILING`] punctuation and unopened closing
/// brackets at its end (the rule of GitHub's autolinks, with Persian punctuation).
fn address_length(rest: &str) -> usize {
    let hard_end = rest
        .find(|c: char| c.is_whitespace() || c.is_control() || ENDS_ADDRESS.contains(&c))
        .unwrap_or(rest.len());
    let mut address = &rest[..hard_end];
    while let Some(last) = address.chars().next_back() {
        let unopened = BRACKETS.iter().any(|&(open, close)| {
            last == close && address.matches(close).count() > address.matches(open).count()
        });
        if !TRAILING.contains(&last) && !unopened {
            break;
        }
        address = &address[..address.len() - last.len_utf8()];
    }
    address.len()
}

/// Where the first `http://` or `https://` address with something after the scheme starts.
fn find_address(line: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = line[from..].find("http") {
        let start = from + found;
        let rest = &line[start..];
        let scheme = ["https://", "http://"]
            .into_iter()
            .find(|scheme| rest.starts_with(scheme));
        if let Some(scheme) = scheme
            && rest[scheme.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric())
        {
            return Some(start);
        }
        from = start + 4;
    }
    None
}

fn push_escaped(html: &mut String, text: &str) {
    escape_html(FmtWriter(&mut *html), text).expect("writing to a String cannot fail");
}

/// Embedding, override and isolate controls, which could turn a comment's text around.
pub fn is_reordering_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_line_breaks() {
        assert_eq!(
            plain_text_html("سلام\nخط دوم\n\n\nبند دوم\n"),
            "<p>سلام<br>\nخط دوم</p>\n<p>بند دوم</p>\n"
        );
    }

    #[test]
    fn markup_is_text() {
        let html = plain_text_html("<script>alert(1)</script> &amp; <b>x</b> \"q\"");
        assert_eq!(
            html,
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; &lt;b&gt;x&lt;/b&gt; &quot;q&quot;</p>\n"
        );
    }

    #[test]
    fn web_addresses_become_uncredited_links() {
        let html = plain_text_html("ببینید https://example.org/a?b=1&c=2، و http://x.ir.");
        assert_eq!(
            html,
            "<p>ببینید <a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow ugc noopener\" dir=\"ltr\">https://example.org/a?b=1&amp;c=2</a>، و <a href=\"http://x.ir\" rel=\"nofollow ugc noopener\" dir=\"ltr\">http://x.ir</a>.</p>\n"
        );
    }

    #[test]
    fn other_schemes_stay_text() {
        for text in [
            "javascript:alert(1)",
            "data:text/html,x",
            "http://",
            "https:// x",
        ] {
            assert!(!plain_text_html(text).contains("<a "), "{text}");
        }
        let quoted = plain_text_html("https://e.org/\"onmouseover=\"x");
        assert!(quoted.contains("href=\"https://e.org/\""), "{quoted}");
    }

    /// The addresses `text` links to.
    fn links(text: &str) -> Vec<String> {
        plain_text_html(text)
            .split("<a href=\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap().replace("&amp;", "&"))
            .collect()
    }

    #[test]
    fn an_address_ends_where_the_address_ends() {
        let cases: [(&str, &[&str]); 16] = [
            (
                "=HYPERLINK(\"http://x.example\",\"x\")",
                &["http://x.example"],
            ),
            ("='http://x.example'", &["http://x.example"]),
            ("«https://x.ir/a»", &["https://x.ir/a"]),
            (
                "ببینید https://x.ir/a، و https://y.ir؛ سپاس",
                &["https://x.ir/a", "https://y.ir"],
            ),
            (
                "https://x.ir/a،https://y.ir",
                &["https://x.ir/a", "https://y.ir"],
            ),
            ("آیا https://x.ir؟", &["https://x.ir"]),
            ("(see https://x.example/a)", &["https://x.example/a"]),
            (
                "https://en.example/wiki/Tehran_(city).",
                &["https://en.example/wiki/Tehran_(city)"],
            ),
            ("[https://x.example/a]", &["https://x.example/a"]),
            ("{https://x.example/a}", &["https://x.example/a"]),
            (
                "https://x.example/?q=1&r=2.",
                &["https://x.example/?q=1&r=2"],
            ),
            (
                "https://maps.example/@35.7,51.4z, here",
                &["https://maps.example/@35.7,51.4z"],
            ),
            ("https://x.example/a...!?", &["https://x.example/a"]),
            ("<https://x.example/a>", &["https://x.example/a"]),
            (
                "https://news.example.ir/news/242513/کارت-هوشمند/",
                &["https://news.example.ir/news/242513/کارت-هوشمند/"],
            ),
            ("https://x.example/a`b", &["https://x.example/a"]),
        ];
        for (text, expected) in cases {
            assert_eq!(links(text), expected, "{text}");
        }
        let html = plain_text_html("=HYPERLINK(\"http://x.example\",\"x\")");
        assert!(
            html.ends_with("</a>&quot;,&quot;x&quot;)</p>\n"),
            "the rest stays text: {html}"
        );
    }

    #[test]
    fn reordering_controls_and_nul_are_dropped() {
        assert_eq!(plain_text_html("a\u{202E}b\0c"), "<p>abc</p>\n");
    }

    proptest::proptest! {
        #[test]
        fn no_text_can_make_markup(text in "(?s).{0,200}", url_tail in "[^ ]{0,20}") {
            let text = format!("{text} https://e.org/{url_tail} {text}");
            let html = plain_text_html(&text);
            let mut rest = html.replace("<p>", "").replace("</p>", "").replace("<br>", "").replace("</a>", "");
            const HEAD: &str = "<a href=\"";
            const TAIL: &str = "\" rel=\"nofollow ugc noopener\" dir=\"ltr\">";
            while let Some(start) = rest.find(HEAD) {
                let end = start + rest[start..].find(TAIL).unwrap();
                let href = &rest[start + HEAD.len()..end];
                proptest::prop_assert!(href.starts_with("http"));
                proptest::prop_assert!(!href.contains(['"', '<', '>']));
                rest.replace_range(start..end + TAIL.len(), "");
            }
            proptest::prop_assert!(!rest.contains('<'), "{}", rest);
            proptest::prop_assert!(!rest.contains('\u{202E}'), "an override survived");
        }
    }
}
