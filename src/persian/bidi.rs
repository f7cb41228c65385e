//! Bidi for plain text where no markup is possible: `<title>`, feed titles, CSV cells, terminals.
//!
//! Explicit embedding, override and isolate controls in untrusted text can spoof the order of
//! what follows them, so every function here strips them first.

use std::borrow::Cow;

use unicode_bidi::BidiClass::{
    AL, AN, B, EN, FSI, L, LRE, LRI, LRO, NSM, PDF, PDI, R, RLE, RLI, RLO,
};
use unicode_bidi::{BidiInfo, Level, bidi_class, get_base_direction};

/// A paragraph or text direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Left to right, as Latin.
    Ltr,
    /// Right to left, as Persian.
    Rtl,
}

impl Direction {
    /// The zero-width mark that starts a paragraph in this direction.
    fn mark(self) -> char {
        match self {
            Direction::Ltr => '\u{200E}',
            Direction::Rtl => '\u{200F}',
        }
    }

    fn level(self) -> Level {
        match self {
            Direction::Ltr => Level::ltr(),
            Direction::Rtl => Level::rtl(),
        }
    }
}

/// Direction of the first strong character of the first paragraph, skipping isolated text
/// (UAX #9 P2); `None` when there is none, which P3 treats as left to right.
pub fn first_strong(text: &str) -> Option<Direction> {
    match get_base_direction(text) {
        unicode_bidi::Direction::Ltr => Some(Direction::Ltr),
        unicode_bidi::Direction::Rtl => Some(Direction::Rtl),
        unicode_bidi::Direction::Mixed => None,
    }
}

/// `text` laid out in `base` direction by renderers that pick the direction from the text.
///
/// Strips explicit controls, then marks (RLM or LRM) each paragraph that has a strong `base`
/// character but starts with the other direction. Borrows when nothing changes.
pub fn for_plain_text(text: &str, base: Direction) -> Cow<'_, str> {
    mark_paragraphs(text, base, |paragraph| {
        first_strong(paragraph).is_some_and(|first| first != base)
    })
}

/// `text` for a cell of a right-to-left spreadsheet: explicit controls stripped, then an RLM
/// before each paragraph that has a right-to-left letter but does not begin with one (a Latin
/// word, a number, a quotation mark).
///
/// Stricter than [`for_plain_text`]: spreadsheets guess a cell's direction from how it begins,
/// not always by UAX #9 P2, so «۹۷ درصد» or «2 روز» can be shown left to right there.
/// [`strip_paragraph_marks`] takes the marks away again when the cell is read back.
pub fn for_spreadsheet(text: &str) -> Cow<'_, str> {
    mark_paragraphs(text, Direction::Rtl, |paragraph| {
        paragraph
            .chars()
            .find(|c| !c.is_whitespace())
            .is_some_and(|first| strong(first) != Some(Direction::Rtl))
    })
}

/// `text` without the RLM or LRM that begins any of its paragraphs: what [`for_plain_text`]
/// and [`for_spreadsheet`] add, removed from text a person saved back. Borrows when there is
/// none.
pub fn strip_paragraph_marks(text: &str) -> Cow<'_, str> {
    let is_mark = |c: char| matches!(c, '\u{200E}' | '\u{200F}');
    if !paragraphs(text).any(|paragraph| paragraph.starts_with(is_mark)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        paragraphs(text)
            .map(|paragraph| paragraph.trim_start_matches(is_mark))
            .collect(),
    )
}

/// `text` with explicit controls stripped and `base`'s mark before each paragraph that
/// `starts_otherwise` and has a strong `base` character.
fn mark_paragraphs(
    text: &str,
    base: Direction,
    starts_otherwise: impl Fn(&str) -> bool,
) -> Cow<'_, str> {
    let text = strip_explicit_controls(text);
    let needs_mark = |paragraph: &str| {
        starts_otherwise(paragraph) && paragraph.chars().any(|c| strong(c) == Some(base))
    };
    if !paragraphs(&text).any(needs_mark) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 3);
    for paragraph in paragraphs(&text) {
        if needs_mark(paragraph) {
            out.push(base.mark());
        }
        out.push_str(paragraph);
    }
    Cow::Owned(out)
}

/// `text` wrapped in FSI … PDI, so a value in a sentence of the other direction (a path in a
/// Persian message) keeps its own order. Unwrapped when it has no strong chars or digits.
pub fn isolate(text: &str) -> Cow<'_, str> {
    let text = strip_explicit_controls(text);
    if !text
        .chars()
        .any(|c| matches!(bidi_class(c), L | R | AL | EN | AN))
    {
        return text;
    }
    Cow::Owned(format!("\u{2068}{text}\u{2069}"))
}

/// `text` in visual order with `base` paragraph direction, for terminals without bidi support.
///
/// Each line is reordered per UAX #9 after stripping explicit controls, keeping marks after
/// their letter and mirroring brackets (L3, L4); LRM, RLM and ALM are dropped.
pub fn visual_line(text: &str, base: Direction) -> String {
    let text = strip_explicit_controls(text);
    let info = BidiInfo::new(&text, Some(base.level()));
    let mut out = String::with_capacity(text.len());
    for paragraph in &info.paragraphs {
        let range = paragraph.range.clone();
        let body_end = text[range.clone()]
            .char_indices()
            .next_back()
            .filter(|&(_, c)| bidi_class(c) == B)
            .map_or(range.end, |(i, _)| range.start + i);
        if range.start < body_end {
            let (levels, runs) = info.visual_runs(paragraph, range.start..body_end);
            for run in runs {
                if levels[run.start].is_rtl() {
                    push_reversed(&mut out, &text[run]);
                } else {
                    out.extend(text[run].chars().filter(|&c| is_visible(c)));
                }
            }
        }
        out.push_str(&text[body_end..range.end]);
    }
    out
}

/// `text` without embedding, override and isolate controls; borrows when it has none.
fn strip_explicit_controls(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_explicit_control) {
        Cow::Owned(text.chars().filter(|&c| !is_explicit_control(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

fn is_explicit_control(c: char) -> bool {
    matches!(
        bidi_class(c),
        LRE | RLE | LRO | RLO | PDF | LRI | RLI | FSI | PDI
    )
}

fn strong(c: char) -> Option<Direction> {
    match bidi_class(c) {
        L => Some(Direction::Ltr),
        R | AL => Some(Direction::Rtl),
        _ => None,
    }
}

/// The paragraphs of `text` (UAX #9 P1), each with its separator.
fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(|c| bidi_class(c) == B)
}

fn is_visible(c: char) -> bool {
    !matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Appends a right-to-left run reversed, each letter still followed by its marks, with
/// brackets mirrored.
fn push_reversed(out: &mut String, run: &str) {
    let mut end = run.len();
    for (i, c) in run.char_indices().rev() {
        if i == 0 || bidi_class(c) != NSM {
            out.extend(run[i..end].chars().filter(|&c| is_visible(c)).map(mirror));
            end = i;
        }
    }
}

/// The mirrored glyph of the brackets and quotes common in Persian text (UAX #9 L4).
fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::Direction::{Ltr, Rtl};
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finds_the_first_strong_character() {
        assert_eq!(first_strong("COVID-19 در البرز"), Some(Ltr));
        assert_eq!(first_strong("1399 سال"), Some(Rtl));
        assert_eq!(first_strong("«کارت» card"), Some(Rtl));
        assert_eq!(first_strong("\u{2066}abc\u{2069} سلام"), Some(Rtl));
        assert_eq!(first_strong("۱۳۹۹/۰۷/۰۵ - 12:30"), None);
        assert_eq!(first_strong(""), None);
    }

    #[test]
    fn marks_text_that_starts_in_the_other_direction() {
        assert_eq!(
            for_plain_text("COVID-19 در البرز", Rtl),
            "\u{200F}COVID-19 در البرز"
        );
        assert_eq!(for_plain_text("سلام world", Ltr), "\u{200E}سلام world");
        assert_eq!(
            for_plain_text("سلام\nCOVID در البرز\r\nok", Rtl),
            "سلام\n\u{200F}COVID در البرز\r\nok"
        );
    }

    #[test]
    fn leaves_text_alone_when_it_already_reads_right() {
        for text in ["1399 سال", "کارت هوشمند", "Hello!", "", "۱۲:۳۰"] {
            assert!(matches!(for_plain_text(text, Rtl), Cow::Borrowed(t) if t == text));
        }
        let marked = for_plain_text("COVID در البرز", Rtl).into_owned();
        assert_eq!(for_plain_text(&marked, Rtl), marked);
    }

    #[test]
    fn strips_spoofing_controls() {
        assert_eq!(for_plain_text("\u{202E}abc", Rtl), "abc");
        assert_eq!(
            for_plain_text("\u{2067}abc\u{2069} سلام", Rtl),
            "\u{200F}abc سلام"
        );
        assert_eq!(for_plain_text("\u{202B}سلام\u{202C}", Rtl), "سلام");
        assert_eq!(for_plain_text("\u{200F}abc سلام", Rtl), "\u{200F}abc سلام");
    }

    #[test]
    fn isolates_values() {
        assert_eq!(
            isolate("/var/www/akhbar"),
            "\u{2068}/var/www/akhbar\u{2069}"
        );
        assert_eq!(isolate("۱۳۹۹/۰۷/۰۵"), "\u{2068}۱۳۹۹/۰۷/۰۵\u{2069}");
        assert_eq!(isolate("\u{202E}abc"), "\u{2068}abc\u{2069}");
        assert_eq!(isolate(isolate("اخبار").as_ref()), isolate("اخبار"));
        assert!(matches!(isolate("--- !"), Cow::Borrowed("--- !")));
        assert!(matches!(isolate(""), Cow::Borrowed("")));
    }

    #[test]
    fn reorders_for_display() {
        assert_eq!(visual_line("abc سلام", Rtl), "مالس abc");
        assert_eq!(visual_line("abc سلام", Ltr), "abc مالس");
        assert_eq!(visual_line("سلام abc", Rtl), "abc مالس");
        assert_eq!(visual_line("Hello", Rtl), "Hello");
        assert_eq!(visual_line("سال 1399", Rtl), "1399 لاس");
        assert_eq!(visual_line("", Rtl), "");
    }

    #[test]
    fn reorders_each_line() {
        assert_eq!(visual_line("abc سلام\nدرود\n", Rtl), "مالس abc\nدورد\n");
        assert_eq!(visual_line("\n\nسلام", Rtl), "\n\nمالس");
    }

    #[test]
    fn keeps_marks_and_mirrors_brackets() {
        assert_eq!(visual_line("سَلام", Rtl), "مالسَ");
        assert_eq!(visual_line("(سلام)", Rtl), "(مالس)");
        assert_eq!(visual_line("«سلام»", Rtl), "«مالس»");
        assert_eq!(visual_line("(سلام)", Ltr), "(مالس)");
        assert_eq!(visual_line("\u{200F}abc", Ltr), "abc");
    }

    proptest! {
        #[test]
        fn visual_line_keeps_every_visible_char(text in "[ a-z()\u{0627}-\u{064A}\u{064E}0-9\n]{0,40}") {
            let unmirrored = |c| if c == ')' { '(' } else { c };
            let mut logical: Vec<char> = text.chars().map(unmirrored).collect();
            let mut visual: Vec<char> = visual_line(&text, Rtl).chars().map(unmirrored).collect();
            logical.sort_unstable();
            visual.sort_unstable();
            prop_assert_eq!(logical, visual);
        }

        #[test]
        fn for_plain_text_is_idempotent(text in any::<String>()) {
            let once = for_plain_text(&text, Rtl).into_owned();
            prop_assert!(matches!(for_plain_text(&once, Rtl), Cow::Borrowed(_)));
            prop_assert!(!once.chars().any(is_explicit_control));
        }
    }

    #[test]
    fn spreadsheet_cells_are_marked_unless_they_begin_right_to_left() {
        assert_eq!(
            for_spreadsheet("۹۷ درصد البرزی‌ها"),
            "\u{200F}۹۷ درصد البرزی‌ها"
        );
        assert_eq!(for_spreadsheet("2 روز"), "\u{200F}2 روز");
        assert_eq!(
            for_spreadsheet("سلام\nCOVID-19 در البرز\n"),
            "سلام\n\u{200F}COVID-19 در البرز\n"
        );
        assert_eq!(for_spreadsheet("سلام"), "سلام");
        assert_eq!(for_spreadsheet("card 42"), "card 42", "no Persian, no mark");
        assert!(matches!(for_spreadsheet("سلام"), Cow::Borrowed(_)));
    }

    #[test]
    fn paragraph_marks_come_off_again() {
        assert_eq!(
            strip_paragraph_marks("\u{200F}2 روز\n\u{200E}ok\u{200F}"),
            "2 روز\nok\u{200F}"
        );
        assert!(matches!(strip_paragraph_marks("سلام"), Cow::Borrowed(_)));
    }

    proptest! {
        #[test]
        fn marking_a_cell_and_reading_it_back_gives_the_text(
            text in "[a-z0-9۰-۹ سلامبه\n«»،.:-]{0,40}"
        ) {
            let cell = for_spreadsheet(&text);
            prop_assert_eq!(strip_paragraph_marks(&cell), text.as_str());
        }
    }
}
