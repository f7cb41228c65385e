//! Normalisation of Persian text: a lossy form for matching (search index and query, term
//! equality) and the display-safe letter fixes every editor's text should get.

use std::borrow::Cow;

use unicode_normalization::char::decompose_compatible;

use super::digits::{Digits, digit_value, push_number};

const TATWEEL: char = '\u{0640}';

/// `text` in the form two spellings of one term share: the key for search and term equality.
///
/// Folds Arabic letters and presentation forms, drops harakat, tatweel and invisible controls,
/// makes digits Latin and letters lowercase, collapses whitespace. Idempotent.
pub fn for_matching(text: &str) -> String {
    let mut writer = MatchingWriter {
        out: String::with_capacity(text.len()),
        space_pending: false,
    };
    for c in text.chars() {
        if is_presentation_form(c) {
            decompose_compatible(c, |d| writer.push(d));
        } else {
            writer.push(c);
        }
    }
    writer.out
}

/// The fixes editors' text always gets before display: Arabic yeh and kaf become Persian, and
/// Arabic-Indic digits become Persian digits. Borrows when nothing changes.
pub fn standardize_letters(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| matches!(c, 'ي' | 'ى' | 'ك' | '٠'..='٩'))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match digit_value(c) {
            Some(value) if !c.is_ascii_digit() => {
                push_number(&mut out, value.into(), 1, Digits::Persian);
            }
            _ => out.push(standard_letter(c)),
        }
    }
    Cow::Owned(out)
}

/// Persian yeh for the Arabic yeh and alef maksura, Persian kaf for the Arabic kaf.
pub(super) fn standard_letter(c: char) -> char {
    match c {
        'ي' | 'ى' => 'ی',
        'ك' => 'ک',
        _ => c,
    }
}

/// Arabic presentation forms, which old fonts and PDF copy-paste produce instead of letters.
pub(super) fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Whether `c` is a letter or digit, as [`char::is_alphanumeric`] says, answered at once for
/// ASCII and the Persian alphabet: the table lookup is the costly part of splitting words.
pub fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
        || matches!(c, 'پ' | 'چ' | 'ژ' | 'ک' | 'گ' | 'ی')
        || (!c.is_ascii() && c.is_alphanumeric())
}

/// Harakat, hamza above, superscript alef, Quranic marks and tatweel: never part of a term.
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | TATWEEL)
}

/// ZWNJ and the invisible characters editors paste in its place.
pub fn is_zwnj_like(c: char) -> bool {
    matches!(
        c,
        '\u{200C}' | '\u{200B}' | '\u{200D}' | '\u{00AD}' | '\u{FEFF}' | '\u{2060}'
    )
}

/// Bidi marks and explicit embedding, override and isolate controls: invisible, and never part
/// of a word or a date.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// The Arabic block and its supplement, where every Persian letter lives.
fn is_arabic_script(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}')
}

/// The letter `c` folds to for matching, or `None` when it is dropped.
fn matching_letter(c: char) -> Option<char> {
    match c {
        'ي' | 'ى' | 'ئ' => Some('ی'),
        'ك' => Some('ک'),
        'ة' | 'ۀ' | 'ە' | 'ھ' => Some('ه'),
        'أ' | 'إ' | 'ٱ' | 'آ' => Some('ا'),
        'ؤ' => Some('و'),
        _ if is_arabic_mark(c) || is_zwnj_like(c) || is_bidi_control(c) => None,
        _ => Some(c),
    }
}

/// Builds the [`for_matching`] output one (already decomposed) char at a time.
struct MatchingWriter {
    out: String,
    space_pending: bool,
}

impl MatchingWriter {
    fn push(&mut self, c: char) {
        if c.is_whitespace() {
            self.space_pending = !self.out.is_empty();
            return;
        }
        let Some(c) = matching_letter(c) else {
            return;
        };
        if self.space_pending {
            self.out.push(' ');
            self.space_pending = false;
        }
        if c.is_ascii() {
            self.out.push(c.to_ascii_lowercase());
        } else if let Some(value) = digit_value(c) {
            self.out.extend(char::from_digit(value, 10));
        } else if is_arabic_script(c) {
            // No case to fold, and the case tables' search is the costliest step for Persian.
            self.out.push(c);
        } else {
            self.out.extend(c.to_lowercase());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_chars_are_the_alphanumeric_chars() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }
    use proptest::prelude::*;

    fn same(a: &str, b: &str) -> bool {
        for_matching(a) == for_matching(b)
    }

    #[test]
    fn arabic_letters_match_persian_ones() {
        assert!(same("كارت هوشمند", "کارت هوشمند"));
        assert!(same("اخبار استاني", "اخبار استانی"));
        assert!(same("مسئول", "مسیول"));
        assert!(same("مؤسسه", "موسسه"));
        assert!(same("آب", "اب"));
        assert!(same("إيران", "ایران"));
        assert!(same("مدرسة", "مدرسه"));
        assert_eq!(for_matching("كتاب"), "کتاب");
    }

    #[test]
    fn digits_of_every_script_are_equal() {
        assert_eq!(for_matching("۱۳۹۹"), "1399");
        assert_eq!(for_matching("١٣٩٩"), "1399");
        assert_eq!(for_matching("1399"), "1399");
        assert!(same("سال ۱۳۹۹", "سال ١٣٩٩"));
    }

    #[test]
    fn marks_and_tatweel_are_dropped() {
        assert_eq!(for_matching("مُحَمَّد"), "محمد");
        assert_eq!(for_matching("خانهٔ"), "خانه");
        assert_eq!(for_matching("خانه\u{0654}"), "خانه");
        assert_eq!(for_matching("بـــرای"), "برای");
        assert_eq!(for_matching("رحمٰن"), "رحمن");
    }

    #[test]
    fn zwnj_and_its_look_alikes_are_dropped() {
        assert!(same("می\u{200C}شود", "میشود"));
        assert!(same("كتاب\u{200C}ها", "کتابها"));
        for invisible in ['\u{200B}', '\u{200D}', '\u{00AD}', '\u{FEFF}', '\u{2060}'] {
            assert_eq!(for_matching(&format!("کتاب{invisible}ها")), "کتابها");
        }
    }

    #[test]
    fn bidi_controls_are_dropped() {
        assert_eq!(
            for_matching("\u{200F}COVID-19\u{200E} \u{202B}در\u{202C} \u{2067}البرز\u{2069}"),
            "covid-19 در البرز"
        );
        assert_eq!(for_matching("\u{061C}۹۷"), "97");
    }

    #[test]
    fn presentation_forms_are_decomposed() {
        assert_eq!(for_matching("ﻛﺎﺭﺕ"), "کارت");
        assert_eq!(for_matching("ﻻ"), "لا");
        assert_eq!(for_matching("ﺁﺏ"), "اب");
        assert_eq!(for_matching("ﺷﻴﺮ"), "شیر");
    }

    #[test]
    fn whitespace_is_collapsed_and_case_folded() {
        assert_eq!(
            for_matching("  کارت\u{00A0}\u{00A0}ملی\t\n\u{202F}COVID  "),
            "کارت ملی covid"
        );
        assert_eq!(for_matching(" \u{200C} "), "");
        assert_eq!(for_matching("a \u{200C} b"), "a b");
        assert_eq!(for_matching("Tehran TIMES"), "tehran times");
        assert_eq!(for_matching(""), "");
    }

    #[test]
    fn standardizes_only_yeh_kaf_and_arabic_digits() {
        assert_eq!(standardize_letters("اخبار استاني"), "اخبار استانی");
        assert_eq!(standardize_letters("كتاب مصطفى"), "کتاب مصطفی");
        assert_eq!(standardize_letters("سال ١٣٩٩ و 1400"), "سال ۱۳۹۹ و 1400");
        assert_eq!(standardize_letters("مُحَمَّد، خانهٔ ما"), "مُحَمَّد، خانهٔ ما");
        assert_eq!(standardize_letters("مسئول"), "مسئول");
    }

    #[test]
    fn standardize_borrows_when_nothing_changes() {
        assert!(matches!(
            standardize_letters("کارت\u{200C}ها ۱۳۹۹"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(standardize_letters("abc 123"), Cow::Borrowed(_)));
        assert!(matches!(standardize_letters("كارت"), Cow::Owned(_)));
    }

    proptest! {
        #[test]
        fn for_matching_is_idempotent(text in any::<String>()) {
            let once = for_matching(&text);
            prop_assert_eq!(for_matching(&once), once.clone());
            prop_assert_eq!(once.trim(), once.as_str());
            prop_assert!(!once.contains("  "));
        }

        #[test]
        fn for_matching_is_idempotent_on_arabic_script(
            text in "[\u{0600}-\u{06FF}\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFF}\u{200B}-\u{200F} a-zA-Z0-9]*"
        ) {
            let once = for_matching(&text);
            prop_assert_eq!(for_matching(&once), once);
        }

        #[test]
        fn standardize_letters_is_idempotent(text in any::<String>()) {
            let once = standardize_letters(&text).into_owned();
            prop_assert!(matches!(standardize_letters(&once), Cow::Borrowed(_)));
        }
    }
}
