//! Emphasis as Persian editors write it. CommonMark's flanking rules count «», `:` and the
//! ZWNJ of a suffix as punctuation, so `**«سامانه»**‌ها` and `**نکته:**متقاضیان` stay literal
//! asterisks. After parsing, delimiter runs left as text are paired within one inline
//! sequence when a Persian letter, ZWNJ or «» is next to them.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// A delimiter run left as text: its char, length, first event and byte offset in the source.
#[derive(Clone, Copy)]
struct Run {
    marker: char,
    len: usize,
    first: usize,
    start: usize,
    end: usize,
}

/// `events` with literal `**…**`, `__…__`, `*…*` and `_…_` next to Persian text made strong or
/// emphasis; also the source offsets of `**` and `__` runs that still stay literal.
pub fn pair_persian<'a>(
    events: Vec<(Event<'a>, Range<usize>)>,
    source: &str,
) -> (Vec<Event<'a>>, Vec<usize>) {
    let runs = runs(&events, source);
    let mut replaced: Vec<Option<Event<'a>>> = vec![None; events.len()];
    let mut used = vec![false; runs.len()];
    for i in 0..runs.len() {
        if used[i] {
            continue;
        }
        let open = runs[i];
        let Some(j) = (i + 1..runs.len()).find(|&j| {
            !used[j]
                && runs[j].marker == open.marker
                && runs[j].len == open.len
                && same_sequence(&events, open.first, runs[j].first)
                && pairs(source, open, runs[j])
        }) else {
            continue;
        };
        used[i] = true;
        used[j] = true;
        let close = runs[j];
        let (start, end) = if open.len == 2 {
            (Event::Start(Tag::Strong), Event::End(TagEnd::Strong))
        } else {
            (Event::Start(Tag::Emphasis), Event::End(TagEnd::Emphasis))
        };
        replaced[open.first] = Some(start);
        replaced[close.first] = Some(end);
        for k in 1..open.len {
            replaced[open.first + k] = Some(Event::Text("".into()));
            replaced[close.first + k] = Some(Event::Text("".into()));
        }
    }
    let literal = runs
        .iter()
        .zip(&used)
        .filter(|(run, used)| run.len == 2 && !**used)
        .map(|(run, _)| run.start)
        .collect();
    let out = events
        .into_iter()
        .zip(replaced)
        .map(|((event, _), new)| new.unwrap_or(event))
        .filter(|event| !matches!(event, Event::Text(t) if t.is_empty()))
        .collect();
    (out, literal)
}

/// The runs of one or two unescaped `*` or `_` that the parser left as text.
fn runs(events: &[(Event, Range<usize>)], source: &str) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for (index, (event, range)) in events.iter().enumerate() {
        let Event::Text(text) = event else { continue };
        let marker = match text.as_ref() {
            "*" => '*',
            "_" => '_',
            _ => continue,
        };
        let escaped = source[..range.start].ends_with('\\');
        if escaped || range.len() != 1 || !source[range.clone()].starts_with(marker) {
            continue;
        }
        match runs.last_mut() {
            Some(last) if last.marker == marker && last.end == range.start && last.len < 3 => {
                last.len += 1;
                last.end = range.end;
            }
            _ => runs.push(Run {
                marker,
                len: 1,
                first: index,
                start: range.start,
                end: range.end,
            }),
        }
    }
    runs.retain(|run| run.len <= 2);
    runs
}

/// Whether no tag opens or closes between events `from` and `to`.
fn same_sequence(events: &[(Event, Range<usize>)], from: usize, to: usize) -> bool {
    events[from..to]
        .iter()
        .all(|(event, _)| !matches!(event, Event::Start(_) | Event::End(_)))
}

/// Whether `open` and `close` enclose non-blank text and a Persian letter, ZWNJ or «» touches
/// them.
fn pairs(source: &str, open: Run, close: Run) -> bool {
    let inside = &source[open.end..close.start];
    let (Some(first), Some(last)) = (inside.chars().next(), inside.chars().next_back()) else {
        return false;
    };
    if first.is_whitespace() || last.is_whitespace() {
        return false;
    }
    let before = source[..open.start].chars().next_back();
    let after = source[close.end..].chars().next();
    [before, Some(first), Some(last), after]
        .into_iter()
        .flatten()
        .any(persian_side)
}

fn persian_side(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{200C}' | '«' | '»' | '\u{FB50}'..='\u{FDFF}')
}

#[cfg(test)]
mod tests {
    use super::super::markdown::render;

    fn html(source: &str) -> String {
        render(source, "", "/").html
    }

    #[test]
    fn emphasis_next_to_persian_punctuation_and_suffixes() {
        assert_eq!(
            html("**«سامانه»**\u{200c}ها"),
            "<p><strong>«سامانه»</strong>\u{200c}ها</p>\n"
        );
        assert_eq!(
            html("**نکته:**متقاضیان"),
            "<p><strong>نکته:</strong>متقاضیان</p>\n"
        );
        assert_eq!(html("*«الف»*ب"), "<p><em>«الف»</em>ب</p>\n");
        assert_eq!(
            html("__«x»__\u{200c}ها"),
            "<p><strong>«x»</strong>\u{200c}ها</p>\n"
        );
        assert_eq!(
            html("## **«سامانه»**\u{200c}ها\n"),
            "<h2 id=\"سامانه-ها\"><strong>«سامانه»</strong>\u{200c}ها</h2>\n"
        );
        assert_eq!(
            html("- **نکته:**متن\n"),
            "<ul>\n<li><strong>نکته:</strong>متن</li>\n</ul>\n"
        );
    }

    #[test]
    fn code_escapes_and_plain_asterisks_are_kept() {
        assert_eq!(html("`**«x»**ها`"), "<p><code>**«x»**ها</code></p>\n");
        assert_eq!(html("\\*\\*«x»\\*\\*ها"), "<p>**«x»**ها</p>\n");
        assert_eq!(
            html("```\n**«x»**ها\n```\n"),
            "<pre><code>**«x»**ها\n</code></pre>\n"
        );
        assert_eq!(html("a ** b ** c"), "<p>a ** b ** c</p>\n");
        assert_eq!(html("۲ * ۳ * ۴"), "<p>۲ * ۳ * ۴</p>\n");
        assert_eq!(html("**«x»\n\ny**ها"), "<p>**«x»</p>\n<p>y**ها</p>\n");
        assert_eq!(html("**ساده** متن"), "<p><strong>ساده</strong> متن</p>\n");
    }

    #[test]
    fn literal_pairs_are_found_by_line() {
        assert_eq!(render("متن\n\n**«x» ها\n", "", "/").literal_emphasis, [2]);
        assert!(render("**«x»**ها\n", "", "/").literal_emphasis.is_empty());
    }
}
