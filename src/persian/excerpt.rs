//! Short previews of article text for listings and meta descriptions, and reading time.

use std::borrow::Cow;

use unicode_normalization::char::is_combining_mark;

const ELLIPSIS: char = '…';

/// Average reading speed for Persian news text.
const WORDS_PER_MINUTE: usize = 200;

/// A preview of `text`: whitespace collapsed, at most `max_chars` chars including the «…».
///
/// Cuts at a word when it can, never parts a letter from its marks or a following ZWNJ, and
/// borrows when `text` is already collapsed and short enough.
pub fn excerpt(text: &str, max_chars: usize) -> Cow<'_, str> {
    let mut chars: Vec<char> = collapsed(text).take(max_chars.saturating_add(1)).collect();
    if chars.len() <= max_chars {
        return if is_collapsed(text) {
            Cow::Borrowed(text)
        } else {
            Cow::Owned(chars.into_iter().collect())
        };
    }
    let Some(budget) = max_chars.checked_sub(1) else {
        return Cow::Borrowed("");
    };
    let at_word = chars[..=budget]
        .iter()
        .rposition(|&c| c == ' ')
        .map_or(0, |space| trimmed_len(&chars[..space]));
    let end = if at_word > 0 {
        at_word
    } else {
        trimmed_len(&chars[..in_word_cut(&chars, budget)])
    };
    chars.truncate(end);
    chars.push(ELLIPSIS);
    Cow::Owned(chars.into_iter().collect())
}

/// Estimated minutes to read `text`: whitespace-separated words at 200 a minute, rounded up.
///
/// ZWNJ joins a word rather than splitting it; text with no words takes 0 minutes.
pub fn reading_minutes(text: &str) -> u32 {
    let words = text.split_whitespace().count();
    u32::try_from(words.div_ceil(WORDS_PER_MINUTE)).unwrap_or(u32::MAX)
}

/// The chars of `text` with each whitespace run made one space, trimmed.
fn collapsed(text: &str) -> impl Iterator<Item = char> + '_ {
    text.split_whitespace()
        .enumerate()
        .flat_map(|(i, word)| (i > 0).then_some(' ').into_iter().chain(word.chars()))
}

/// Whether [`collapsed`] would return `text` unchanged.
fn is_collapsed(text: &str) -> bool {
    !text.starts_with(char::is_whitespace)
        && !text.ends_with(char::is_whitespace)
        && !text.contains("  ")
        && text.chars().all(|c| c == ' ' || !c.is_whitespace())
}

/// The largest cut at or before `budget` that keeps marks and a following ZWNJ or ZWJ with
/// their letter.
fn in_word_cut(chars: &[char], budget: usize) -> usize {
    let mut cut = budget;
    while cut > 0
        && (is_combining_mark(chars[cut]) || matches!(chars[cut], '\u{200C}' | '\u{200D}'))
    {
        cut -= 1;
    }
    cut
}

/// Length of `chars` without the trailing spaces and punctuation that look wrong before «…».
fn trimmed_len(chars: &[char]) -> usize {
    chars
        .iter()
        .rposition(|&c| !is_trailing_junk(c))
        .map_or(0, |last| last + 1)
}

fn is_trailing_junk(c: char) -> bool {
    c.is_whitespace() || ",.:;!?-–—/\\|([{«‹“‘،؛؟٫٬…".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NEWS: &str =
        "رئیس\u{200C}جمهور در سفر به استان البرز، از طرح\u{200C}های عمرانی بازدید کرد.";

    #[test]
    fn short_text_is_borrowed() {
        assert!(matches!(excerpt(NEWS, 100), Cow::Borrowed(s) if s == NEWS));
        assert!(matches!(excerpt("", 10), Cow::Borrowed("")));
        assert!(matches!(excerpt("کارت ملی", 8), Cow::Borrowed(_)));
    }

    #[test]
    fn whitespace_is_collapsed() {
        assert_eq!(excerpt("  کارت\u{00A0}\u{00A0}ملی\n", 20), "کارت ملی");
        assert!(matches!(excerpt("کارت  ملی", 20), Cow::Owned(_)));
    }

    #[test]
    fn cuts_at_a_word_and_drops_punctuation() {
        assert_eq!(
            excerpt(NEWS, 40),
            "رئیس\u{200C}جمهور در سفر به استان البرز، از…"
        );
        assert_eq!(
            excerpt(NEWS, 34),
            "رئیس\u{200C}جمهور در سفر به استان البرز…"
        );
        assert_eq!(excerpt(NEWS, 20), "رئیس\u{200C}جمهور در سفر…");
        assert_eq!(excerpt("گفت: «ایران» و ...", 13), "گفت: «ایران»…");
        assert_eq!(excerpt("گفت: «ایران» و ...", 12), "گفت…");
        assert_eq!(excerpt("آیا؟ بله، خیر", 10), "آیا؟ بله…");
    }

    #[test]
    fn zwnj_is_not_a_cut_point() {
        assert_eq!(excerpt(NEWS, 5), "رئی…");
        assert_eq!(excerpt(NEWS, 6), "رئیس\u{200C}…");
        assert_eq!(excerpt("می\u{200C}شود", 4), "می\u{200C}…");
        assert_eq!(excerpt("می\u{200C}شود", 3), "م…");
    }

    #[test]
    fn long_word_keeps_its_marks() {
        assert_eq!(excerpt("مُحَمَّدرضا", 4), "مُ…");
        assert_eq!(excerpt("مُحَمَّدرضا", 6), "مُحَ…");
        assert_eq!(excerpt("بین\u{200C}المللی شدن", 4), "بی…");
    }

    #[test]
    fn tiny_limits() {
        assert_eq!(excerpt(NEWS, 0), "");
        assert_eq!(excerpt(NEWS, 1), "…");
        assert_eq!(excerpt("— متن", 4), "— م…");
    }

    #[test]
    fn reading_time() {
        assert_eq!(reading_minutes(""), 0);
        assert_eq!(reading_minutes(" \n "), 0);
        assert_eq!(reading_minutes("سلام"), 1);
        assert_eq!(reading_minutes(&"کلمه ".repeat(200)), 1);
        assert_eq!(reading_minutes(&"کلمه ".repeat(201)), 2);
        assert_eq!(reading_minutes(&"می\u{200C}شود ".repeat(400)), 2);
    }

    proptest! {
        #[test]
        fn excerpt_is_a_short_prefix(text in any::<String>(), max in 0usize..40) {
            let full: String = collapsed(&text).collect();
            let result = excerpt(&text, max);
            prop_assert!(result.chars().count() <= max);
            let kept = result.strip_suffix(ELLIPSIS).unwrap_or(&result);
            prop_assert!(full.starts_with(kept));
            if full.chars().count() <= max {
                prop_assert_eq!(result.as_ref(), full.as_str());
            } else if let Some(next) = full[kept.len()..].chars().next().filter(|_| !kept.is_empty()) {
                let zwnj = '\u{200C}';
                prop_assert!(!is_combining_mark(next) && next != zwnj);
            }
        }

        #[test]
        fn persian_excerpt_is_a_short_prefix(
            text in "[ آ-ی\u{200C}\u{064B}-\u{0652}،.]{0,80}",
            max in 0usize..40,
        ) {
            let full: String = collapsed(&text).collect();
            let result = excerpt(&text, max);
            prop_assert!(result.chars().count() <= max);
            let kept = result.strip_suffix(ELLIPSIS).unwrap_or(&result);
            prop_assert!(full.starts_with(kept));
        }
    }
}
