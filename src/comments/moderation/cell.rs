//! A cell of the moderators' spreadsheet: guarded so that no spreadsheet runs any part of it as
//! a formula, whichever separator it splits the file at, and marked to read right to left; and
//! the exact inverse, for what a moderator saves back.
//!
//! The guard is OWASP's ("CSV Injection"): an apostrophe before a formula character at the
//! start of a cell. A spreadsheet that splits the file at another separator than the comma it
//! was written with, or loses track of its quotes, starts cells inside ours: after a `,`, `;`
//! or tab, and after a line break. So the guard goes wherever a cell may start, and only blanks,
//! invisible marks or double quotes (which a spreadsheet may trim or take as the cell's quotes)
//! stand between that place and the formula character:
//!
//! `نظر من;=1+1` → `نظر من;'=1+1`, `سلام\n =2+2` → `سلام\n '=2+2`, `'=x` → `''=x`.
//!
//! Reading back takes one apostrophe off wherever the guard put one. That is exact for every
//! text the export wrote (an apostrophe the text had there gets a second one); the one thing it
//! cannot tell apart is an apostrophe the moderator typed before a formula character at such a
//! place, which is taken off too.

use std::borrow::Cow;

use crate::persian::bidi;

/// The first characters that make a spreadsheet evaluate a cell (OWASP, "CSV Injection").
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The characters after which a spreadsheet may start a new cell: the separators spreadsheets
/// split at (comma, semicolon, tab) and line breaks.
const CELL_BREAKS: [char; 5] = [',', ';', '\t', '\n', '\r'];

/// The guard, which spreadsheets take as "text follows".
const GUARD: char = '\'';

/// What may stand between where a cell starts and its formula character and still leave a
/// formula: blanks and line separators a spreadsheet trims, invisible marks (the RLM
/// [`text_cell`] adds), and a double quote a misaligned reading takes as the cell's quote.
fn is_skippable(c: char) -> bool {
    (c.is_whitespace() && !CELL_BREAKS.contains(&c) && !FORMULA_STARTS.contains(&c))
        || matches!(
            c,
            '"' | '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// `cell` with a guard before each formula character that could begin a cell a spreadsheet
/// sees (see the module's documentation). Every cell of the export gets this; ids, numbers,
/// times and addresses never change. Borrows when nothing needs a guard.
pub fn guard_formula(cell: &str) -> Cow<'_, str> {
    let places = guarded_places(cell, 0);
    if places.is_empty() {
        return Cow::Borrowed(cell);
    }
    let mut out = String::with_capacity(cell.len() + places.len());
    let mut from = 0;
    for place in places {
        out.push_str(&cell[from..place]);
        out.push(GUARD);
        from = place;
    }
    out.push_str(&cell[from..]);
    Cow::Owned(out)
}

/// The exact inverse of [`guard_formula`]: one apostrophe is taken off wherever the guard would
/// stand, that is, before a formula character that is preceded by at least one apostrophe at a
/// place a cell may start.
pub fn strip_formula_guard(cell: &str) -> Cow<'_, str> {
    let places = guarded_places(cell, 1);
    if places.is_empty() {
        return Cow::Borrowed(cell);
    }
    let mut out = String::with_capacity(cell.len());
    let mut from = 0;
    for place in places {
        // `place` is just before the formula character, after the guard.
        out.push_str(&cell[from..place - GUARD.len_utf8()]);
        from = place;
    }
    out.push_str(&cell[from..]);
    Cow::Owned(out)
}

/// The byte offsets of the formula characters that follow, at a place a cell may start,
/// skippable characters and at least `apostrophes` apostrophes.
fn guarded_places(cell: &str, apostrophes: usize) -> Vec<usize> {
    let starts = std::iter::once(0).chain(
        cell.char_indices()
            .filter(|(_, c)| CELL_BREAKS.contains(c))
            .map(|(i, c)| i + c.len_utf8()),
    );
    starts
        .filter_map(|start| {
            let rest = &cell[start..];
            let after_blanks = rest.trim_start_matches(is_skippable);
            let after_guards = after_blanks.trim_start_matches(GUARD);
            let guards = after_blanks.len() - after_guards.len();
            (guards >= apostrophes && after_guards.starts_with(FORMULA_STARTS))
                .then(|| cell.len() - after_guards.len())
        })
        .collect()
}

/// `text` as a cell of a column of words (titles, names, comments, signals, replies): each of
/// its paragraphs that does not begin with a Persian letter is marked to read right to left
/// ([`bidi::for_spreadsheet`]), then the cell is guarded against formulas.
pub fn text_cell(text: &str) -> String {
    guard_formula(&bidi::for_spreadsheet(text)).into_owned()
}

/// What the moderator wrote in a cell [`text_cell`] made, as a spreadsheet saves it back: the
/// formula guard and the direction marks taken off again.
pub fn read_text_cell(cell: &str) -> String {
    bidi::strip_paragraph_marks(&strip_formula_guard(cell)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formula_starts_are_guarded_wherever_a_cell_may_start() {
        let cases = [
            ("-1", "'-1"),
            (
                "=HYPERLINK(\"http://x.example\",\"x\")",
                "'=HYPERLINK(\"http://x.example\",\"x\")",
            ),
            (
                "نظر من;=1+1;=cmd|' /C calc'!A0",
                "نظر من;'=1+1;'=cmd|' /C calc'!A0",
            ),
            ("سلام\n=2+2", "سلام\n'=2+2"),
            ("a\r\n@SUM(A1)", "a\r\n'@SUM(A1)"),
            ("a\t=1", "a\t'=1"),
            ("\t=1", "'\t'=1"),
            ("a; =1", "a; '=1"),
            ("a,\"=1\"", "a,\"'=1\""),
            ("\u{200F}=x", "\u{200F}'=x"),
            ("a;'=1", "a;''=1"),
            ("سلام = درود، a + b", "سلام = درود، a + b"),
            (
                "20200926T070000000Z-a1b2c3d4e5f6",
                "20200926T070000000Z-a1b2c3d4e5f6",
            ),
            (
                "https://news.example.ir/news/242513/",
                "https://news.example.ir/news/242513/",
            ),
        ];
        for (text, guarded) in cases {
            assert_eq!(guard_formula(text), guarded, "{text:?}");
            assert_eq!(strip_formula_guard(guarded), text, "{guarded:?}");
        }
        assert!(matches!(guard_formula("سلام"), Cow::Borrowed(_)));
    }

    #[test]
    fn an_apostrophe_of_the_moderators_stays_unless_a_formula_follows_it() {
        assert_eq!(strip_formula_guard("'سلام"), "'سلام");
        assert_eq!(strip_formula_guard("it's;'quoted'"), "it's;'quoted'");
        assert_eq!(
            strip_formula_guard("'+98 912"),
            "+98 912",
            "the ambiguous case"
        );
    }

    #[test]
    fn text_cells_are_marked_then_guarded() {
        let cell = text_cell("=HYPERLINK(\"x\",\"پیگیری\")");
        assert_eq!(cell, "\u{200F}'=HYPERLINK(\"x\",\"پیگیری\")");
        assert_eq!(read_text_cell(&cell), "=HYPERLINK(\"x\",\"پیگیری\")");
        let cell = text_cell("سلام\n2 روز;=1");
        assert_eq!(cell, "سلام\n\u{200F}2 روز;'=1");
        assert_eq!(read_text_cell(&cell), "سلام\n2 روز;=1");
    }

    proptest! {
        #[test]
        fn the_guard_comes_off_exactly(text in "[a-z ;,\t\n\r'\"=+@\u{200F}-]{0,40}") {
            let guarded = guard_formula(&text);
            prop_assert_eq!(strip_formula_guard(&guarded), text.as_str());
            let unguarded = guarded_places(&guarded, 0);
            prop_assert_eq!(unguarded, guarded_places(&guarded, 1), "a formula start is left bare");
        }
    }
}
