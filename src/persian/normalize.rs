//! Normalisation of Persian text: a lossy form for matching (search index and query, term
//! equality, hand-typed keywords) and the display-safe letter fixes every editor's text should get.
//!
//! The matching rule, one for every place akhbar decides whether two texts are the same:
//!
//! | what | becomes |
//! |---|---|
//! | Arabic yeh ي, alef maksura ى, yeh with hamza ئ | Persian yeh ی |
//! | Arabic kaf ك | Persian kaf ک |
//! | alef with hamza أ إ, wasla ٱ, madda آ | alef ا |
//! | waw with hamza ؤ | waw و |
//! | teh marbuta ة, heh with yeh above ۀ, ae ە, heh doachashmee ھ | heh ه |
//! | harakat, hamza above ٔ, superscript alef, Quranic marks, tatweel ـ | dropped |
//! | bidi marks and embedding, override, isolate controls | dropped |
//! | presentation forms (ﻛ ﺎ ﻻ …) | their letters (compatibility decomposition) |
//! | Persian and Arabic-Indic digits | Latin digits |
//! | letters with case | lowercase |
//! | ZWNJ and its look-alikes (ZWSP, ZWJ, soft hyphen, BOM, word joiner), every whitespace | one space |
//! | a space before a suffix (ها، های، تر، ترین …) or after a prefix (می، نمی) | dropped: see [`super::affix`] |
//!
//! So «ثبت‌احوال» and «ثبت احوال» are one text, as are «می‌شود», «می شود» and «میشود», or
//! «البرزی‌ها», «البرزی ها» and «البرزیها»; «ثبتاحوال», written with no separator where the
//! words are not an affix and its stem, stays another text.

use std::borrow::Cow;

use unicode_normalization::char::decompose_compatible;

use super::digits::{Digits, digit_value, push_number};

const TATWEEL: char = '\u{0640}';

/// `text` in the form two spellings of one term share: the key for search and term equality.
///
/// Applies the matching rule of this module's table: the output has single spaces between
/// words, none at either end. Idempotent.
pub fn for_matching(text: &str) -> String {
    let mut writer = MatchingWriter {
        out: String::with_capacity(text.len()),
        space_pending: false,
        hamza_waw_at: None,
    };
    for c in text.chars() {
        if is_presentation_form(c) {
            decompose_compatible(c, |d| writer.push(d));
        } else {
            writer.push(c);
        }
    }
    let mut out = writer.out;
    if out.contains(' ') {
        super::affix::join(&mut out);
    }
    out
}

/// Whether two texts are the same by the matching rule: term names, titles, keywords.
pub fn same_text(a: &str, b: &str) -> bool {
    for_matching(a) == for_matching(b)
}

/// The value of the first of `choices` whose word `text` is, by the matching rule with
/// separators left out: the hand-typed keywords akhbar reads (moderators' decisions, statuses,
/// settings values), where «هرزنامه» and «هرز نامه», «تأیید» and «تایید», `Spam` and `spam`
/// are one word. `None` when no choice matches.
pub fn keyword<T: Copy>(text: &str, choices: &[(&str, T)]) -> Option<T> {
    let key = |word: &str| for_matching(word).replace(' ', "");
    let wanted = key(text);
    choices
        .iter()
        .find(|(word, _)| key(word) == wanted)
        .map(|&(_, value)| value)
}

/// Whether the matching rule turns `c` into a word separator (whitespace, ZWNJ and the
/// invisible characters pasted in its place).
pub fn is_separator(c: char) -> bool {
    c.is_whitespace() || is_zwnj_like(c)
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

/// A name as pages show it (terms, and wherever an editor's short text is a label): the fixes of
/// [`standardize_letters`], presentation forms as their letters, tatweel and bidi controls
/// dropped, ZWNJ's look-alikes as ZWNJ (none at a word's edge), whitespace collapsed, and Latin
/// digits Persian in words without Latin letters («کرونا 19» → «کرونا ۱۹», «COVID-19» kept).
pub fn for_display(text: &str) -> String {
    let mut letters = String::with_capacity(text.len());
    let mut push = |c: char| {
        if is_zwnj_like(c) {
            letters.push('\u{200C}');
        } else if c != TATWEEL && !is_bidi_control(c) {
            letters.push(c);
        }
    };
    for c in text.chars() {
        if is_presentation_form(c) && !is_zwnj_like(c) {
            decompose_compatible(c, &mut push);
        } else {
            push(c);
        }
    }
    let letters = standardize_letters(&letters);
    let mut out = String::with_capacity(letters.len());
    for word in letters.split_whitespace() {
        let word = word.trim_matches('\u{200C}');
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        if word.chars().any(|c| c.is_ascii_alphabetic()) {
            out.push_str(word);
        } else {
            out.push_str(&super::digits::to_persian(word));
        }
    }
    out
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
        _ if is_arabic_mark(c) || is_bidi_control(c) => None,
        _ => Some(c),
    }
}

/// Builds the [`for_matching`] output one (already decomposed) char at a time.
struct MatchingWriter {
    out: String,
    space_pending: bool,
    /// Where the last char written was a waw with hamza, folded to waw for now.
    hamza_waw_at: Option<usize>,
}

impl MatchingWriter {
    fn push(&mut self, c: char) {
        if is_separator(c) {
            self.space_pending = !self.out.is_empty();
            self.hamza_waw_at = None;
            return;
        }
        let Some(c) = self.seated_hamza(c).or_else(|| matching_letter(c)) else {
            return;
        };
        if c == 'ء' && self.out.ends_with('ا') && !self.space_pending {
            // «اجزاء» and «اجزا», «انشاء» and «انشا»: the final hamza after alef is optional.
            return;
        }
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

    /// The hamza seats that conventions disagree on, decided by the letter around them:
    /// «مسئول» and «مسؤول», «شئون» and «شؤون» (hamza before waw sits on yeh), «هیئت» and
    /// «هیأت» (after yeh it sits on yeh). `None` leaves `c` to [`matching_letter`].
    fn seated_hamza(&mut self, c: char) -> Option<char> {
        let after_hamza_waw = self.hamza_waw_at.take();
        match c {
            'ؤ' if !self.space_pending => {
                self.hamza_waw_at = Some(self.out.len());
                Some('و')
            }
            'و' => {
                if let Some(at) = after_hamza_waw {
                    self.out.replace_range(at..at + 'و'.len_utf8(), "ی");
                }
                None
            }
            'أ' if self.out.ends_with('ی') && !self.space_pending => Some('ی'),
            _ if is_arabic_mark(c) || is_bidi_control(c) => {
                self.hamza_waw_at = after_hamza_waw;
                None
            }
            _ => None,
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
    fn zwnj_and_its_look_alikes_are_a_space() {
        assert!(same("ثبت\u{200C}احوال", "ثبت احوال"));
        assert!(same("نوبت\u{200C}دهی", "نوبت  دهی"));
        assert!(same("اطلاعیه\u{200C}ها", "اطلاعیه ها"));
        assert!(!same("ثبت\u{200C}احوال", "ثبتاحوال"));
        for invisible in ['\u{200B}', '\u{200D}', '\u{00AD}', '\u{FEFF}', '\u{2060}'] {
            assert_eq!(for_matching(&format!("ثبت{invisible}احوال")), "ثبت احوال");
        }
    }

    #[test]
    fn affixes_join_their_stem_whatever_separates_them() {
        for spelling in ["می\u{200C}شود", "می شود", "میشود", "مي\u{200C}شود"] {
            assert_eq!(for_matching(spelling), "میشود", "{spelling:?}");
        }
        for spelling in ["البرزی\u{200C}ها", "البرزی ها", "البرزیها"] {
            assert_eq!(for_matching(spelling), "البرزیها", "{spelling:?}");
        }
        assert!(same("بزرگ\u{200C}ترین کارت\u{200C}ها", "بزرگترین کارتها"));
        assert!(same("نمی\u{200C}توان", "نمی توان"));
    }

    #[test]
    fn hamza_seats_and_heh_forms_are_one_letter() {
        assert!(same("مسئول", "مسؤول"));
        assert!(same("مسئول", "مسيول"));
        assert!(same("شئون", "شؤون"));
        assert!(same("هیئت", "هیأت"));
        assert!(same("مؤسسه", "موسسه"));
        assert!(same("رؤیا", "رویا"));
        assert!(same("اجزاء", "اجزا"));
        assert!(!same("جزء", "جز"));
        assert!(same("خانهٔ", "خانۀ"));
        assert!(same("خانۀ", "خانه"));
        assert!(same("تأیید", "تایید"));
        assert!(same("رئیس", "رییس"));
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
    fn keywords_match_in_any_spelling() {
        let choices = [("approve", 1), ("تأیید", 1), ("spam", 2), ("هرزنامه", 2)];
        for (text, wanted) in [
            (" Approve ", Some(1)),
            ("تایید", Some(1)),
            ("تاييد", Some(1)),
            ("هرز\u{200C}نامه", Some(2)),
            ("هرز نامه", Some(2)),
            ("SPAM", Some(2)),
            ("\u{200F}spam", Some(2)),
            ("maybe", None),
            ("", None),
        ] {
            assert_eq!(keyword(text, &choices), wanted, "{text:?}");
        }
    }

    #[test]
    fn names_are_shown_cleaned() {
        assert_eq!(for_display("  ﺛﺒﺖ  احـــوال\u{200F} "), "ثبت احوال");
        assert_eq!(for_display("كارت\u{200B}هاي 19"), "کارت\u{200C}های ۱۹");
        assert_eq!(for_display("COVID-19"), "COVID-19");
        assert_eq!(for_display("\u{200C}خانهٔ\u{200C} ما"), "خانهٔ ما");
        assert_eq!(for_display("سال ١٣٩٩"), "سال ۱۳۹۹");
        assert!(same(&for_display("مسؤول  ها"), "مسئول‌ها"));
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
        fn for_display_is_idempotent_and_matches_the_same(text in "[\u{0600}-\u{06FF}\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFF}\u{200B}-\u{200F} a-zA-Z0-9]*") {
            let once = for_display(&text);
            prop_assert_eq!(for_display(&once), once.clone());
            prop_assert_eq!(for_matching(&once), for_matching(&text));
        }

        #[test]
        fn standardize_letters_is_idempotent(text in any::<String>()) {
            let once = standardize_letters(&text).into_owned();
            prop_assert!(matches!(standardize_letters(&once), Cow::Borrowed(_)));
        }
    }
}
