//! One namespace of ids per page: a heading, a footnote and the theme's own elements must not
//! share an `id`, or a link to one jumps to another.

use std::collections::HashSet;

use super::OutputFile;
use crate::diagnostic::Diagnostic;
use crate::persian::bidi::isolate;

/// An error for the first `id` that appears twice in the page `file`, if one does.
pub fn unique_ids(file: &OutputFile) -> Result<(), Diagnostic> {
    let html = String::from_utf8_lossy(&file.bytes);
    let mut seen = HashSet::new();
    for id in ids(&html) {
        if !seen.insert(id) {
            let message = format!(
                "the id \"{id}\" is given to two elements of the page: a link to it cannot tell which; rename a heading with {{#another-id}} or a theme element"
            );
            let detail = format!(
                "شناسهٔ {} به دو بخش صفحه داده شده است و پیوند به آن نمی‌داند به کدام برود: شناسهٔ یکی از سرتیترها را با {{#شناسه-دیگر}} یا در قالب تغییر دهید",
                isolate(id)
            );
            return Err(Diagnostic::new(&file.path, None, message)
                .with_persian("شناسهٔ تکراری در صفحه", detail));
        }
    }
    Ok(())
}

/// Elements whose content is text, not elements, in HTML.
const TEXT_ELEMENTS: &[&str] = &["title", "script", "style", "textarea"];

/// The byte ranges of `html` inside [`TEXT_ELEMENTS`].
fn text_ranges(html: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    for name in TEXT_ELEMENTS {
        let (open, close) = (format!("<{name}"), format!("</{name}>"));
        let mut from = 0;
        while let Some(start) = html[from..].find(&open).map(|i| from + i) {
            let end = html[start..].find(&close).map_or(html.len(), |i| start + i);
            ranges.push(start + open.len()..end);
            from = end;
        }
    }
    ranges
}

/// The values of the `id="…"` attributes of the elements in `html`.
fn ids(html: &str) -> impl Iterator<Item = &str> {
    let text = text_ranges(html);
    html.match_indices("id=\"").filter_map(move |(at, found)| {
        let before = html[..at].chars().next_back()?;
        if !before.is_ascii_whitespace() || text.iter().any(|range| range.contains(&at)) {
            return None;
        }
        let rest = &html[at + found.len()..];
        rest.find('"').map(|end| &rest[..end])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(html: &str) -> OutputFile {
        OutputFile {
            path: "news/1/index.html".into(),
            bytes: html.as_bytes().to_vec().into(),
        }
    }

    #[test]
    fn a_repeated_id_is_an_error() {
        let twice = page("<h2 id=\"1\">۱</h2><div class=\"x\" id=\"1\"></div>");
        let error = unique_ids(&twice).unwrap_err();
        assert!(error.message.contains("\"1\""), "{}", error.message);
        assert!(unique_ids(&page("<h2 id=\"1\"></h2><a data-id=\"1\" id=\"fn-1\"></a>")).is_ok());
        let in_title =
            "<title>&lt;x <b id=\"c\"></title><b id=\"c\"></b><script>a(' id=\"c\"')</script>";
        assert!(unique_ids(&page(in_title)).is_ok());
    }
}
