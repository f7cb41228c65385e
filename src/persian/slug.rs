//! URL path segments that keep Persian letters, so article addresses stay readable.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use super::digits::digit_value;
use super::normalize::{
    for_matching, is_arabic_mark, is_bidi_control, is_presentation_form, standard_letter,
};

/// Longest slug in bytes; keeps file names well under common 255-byte limits.
const MAX_SLUG_BYTES: usize = 200;

/// A URL path segment for `text`, or `None` when no letter or digit is left.
///
/// Spellings that differ only in Arabic or Persian letters, harakat, digit script, case or
/// separators (spaces, ZWNJ, punctuation) get the same slug.
pub fn slugify(text: &str) -> Option<String> {
    let mut writer = SlugWriter {
        out: String::with_capacity(text.len().min(MAX_SLUG_BYTES * 2)),
        separator_pending: false,
        after_kept: false,
    };
    for c in text.chars() {
        if is_presentation_form(c) {
            decompose_compatible(c, |d| writer.push(d));
        } else {
            writer.push(c);
        }
        if writer.out.len() > MAX_SLUG_BYTES * 2 {
            break;
        }
    }
    let mut slug = writer.out;
    truncate(&mut slug);
    (!slug.is_empty()).then_some(slug)
}

/// The identity of a term (category, tag, source) named `name`: two names are one term exactly
/// when their keys are equal; `None` when the name has no letter or digit.
///
/// The key is the matching form ([`for_matching`]) of the name's slug, with its hyphens as the
/// spaces they stand for. So whatever spelling of a term gives its address, two different terms
/// never share one: equal slugs give equal keys.
pub fn term_key(name: &str) -> Option<String> {
    slugify(name).map(|slug| key_of_slug(&slug))
}

/// The [`term_key`] of every name whose slug is `slug`.
pub fn key_of_slug(slug: &str) -> String {
    for_matching(&slug.replace('-', " "))
}

/// Builds the slug one (already decomposed) char at a time.
struct SlugWriter {
    out: String,
    separator_pending: bool,
    after_kept: bool,
}

impl SlugWriter {
    fn push(&mut self, c: char) {
        if is_arabic_mark(c) || is_bidi_control(c) {
            return;
        }
        if let Some(value) = digit_value(c) {
            self.keep(char::from_digit(value, 10));
            return;
        }
        let c = standard_letter(c);
        if c.is_alphanumeric() {
            self.keep(c.to_lowercase());
        } else if is_combining_mark(c) {
            if self.after_kept {
                self.out.push(c);
            }
        } else {
            self.separator_pending = !self.out.is_empty();
            self.after_kept = false;
        }
    }

    fn keep(&mut self, chars: impl IntoIterator<Item = char>) {
        if self.separator_pending {
            self.out.push('-');
            self.separator_pending = false;
        }
        self.out.extend(chars);
        self.after_kept = true;
    }
}

/// Cuts `slug` to [`MAX_SLUG_BYTES`], preferably at a word boundary.
fn truncate(slug: &mut String) {
    if slug.len() <= MAX_SLUG_BYTES {
        return;
    }
    let cut = slug.as_bytes()[..=MAX_SLUG_BYTES]
        .iter()
        .rposition(|&b| b == b'-')
        .unwrap_or_else(|| char_cut(slug));
    slug.truncate(cut);
}

/// The last char boundary within the limit that does not part a letter from its marks.
fn char_cut(slug: &str) -> usize {
    let boundary = (0..=MAX_SLUG_BYTES)
        .rev()
        .find(|&i| slug.is_char_boundary(i))
        .unwrap_or(0);
    let mut cut = boundary;
    while cut > 0 && slug[cut..].starts_with(is_combining_mark) {
        cut = slug[..cut].char_indices().next_back().map_or(0, |(i, _)| i);
    }
    if cut == 0 { boundary } else { cut }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn slug(text: &str) -> String {
        slugify(text).expect("a slug")
    }

    #[test]
    fn keeps_persian_letters() {
        assert_eq!(slug("اخبار استانی"), "اخبار-استانی");
        assert_eq!(slug("COVID-19 در البرز"), "covid-19-در-البرز");
        assert_eq!(slug("۹۷ درصد"), "97-درصد");
        assert_eq!(slug("مُحَمَّد"), "محمد");
        assert_eq!(slug("بـــرای"), "برای");
    }

    #[test]
    fn spelling_variants_share_a_slug() {
        assert_eq!(slug("اخبار استاني"), slug("اخبار استانی"));
        assert_eq!(slug("کارت\u{200C}ملی"), "کارت-ملی");
        assert_eq!(slug("کارت ملی"), "کارت-ملی");
        assert_eq!(slug("سال ١٣٩٩"), slug("سال ۱۳۹۹"));
        assert_eq!(slug("سال ۱۳۹۹"), "سال-1399");
        assert_eq!(slug("ﻛﺎﺭﺕ ﻣﻠﻲ"), "کارت-ملی");
    }

    #[test]
    fn punctuation_separates() {
        assert_eq!(slug("«تهران»، پایتخت؛ چرا؟"), "تهران-پایتخت-چرا");
        assert_eq!(slug("رشد ۵٫۲٪ اقتصاد"), "رشد-5-2-اقتصاد");
        assert_eq!(slug("  ../a/b\\c?d#e%f  "), "a-b-c-d-e-f");
        assert_eq!(slug("snake_case.html"), "snake-case-html");
        assert_eq!(slug("ab\u{200F}cd"), "abcd");
    }

    #[test]
    fn nothing_left_is_none() {
        assert_eq!(slugify(""), None);
        assert_eq!(slugify(" - ؟ «» ."), None);
        assert_eq!(slugify(".."), None);
        assert_eq!(slugify("\u{200C}\u{064E}\u{0640}"), None);
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let title = "گزارش ".repeat(60);
        let slug = slug(&title);
        assert!(slug.len() <= MAX_SLUG_BYTES);
        assert!(!slug.ends_with('-'));
        assert_eq!(slug, vec!["گزارش"; slug.split('-').count()].join("-"));

        let word = "ب".repeat(150);
        let slug = self::slug(&word);
        assert_eq!(slug, "ب".repeat(100));
    }

    #[test]
    fn long_words_keep_their_marks() {
        let word = "e\u{0301}".repeat(100);
        let slug = slug(&word);
        assert!(slug.len() <= MAX_SLUG_BYTES);
        assert!(slug.ends_with('\u{0301}'));
    }

    #[test]
    fn spellings_of_one_word_have_one_key() {
        let key = |name: &str| term_key(name).expect("a key");
        assert_eq!(key("ثبت\u{200C}احوال"), key("ثبت احوال"));
        assert_eq!(key("ثبت-احوال"), key("ثبت احوال"));
        assert_eq!(key("نوبت\u{200C}دهی"), key("نوبت دهی"));
        assert_eq!(key("اطلاعیه‌ها"), key("اطلاعیه ها"));
        assert_eq!(key("اطلاعیه‌ها"), key("اطلاعیهها"));
        assert_eq!(key("مسئول"), key("مسؤول"));
        assert_eq!(key("خانهٔ ما"), key("خانۀ ما"));
        assert_eq!(key("خانهٔ ما"), key("خانه ما"));
        assert_eq!(key("ﻛﺎﺭﺕ"), key("کارت"));
        assert_ne!(key("ثبت احوال"), key("ثبتی"));
        assert_eq!(term_key("؟ «»"), None);
    }

    proptest! {
        #[test]
        fn equal_slugs_have_equal_keys(a in "[ آ-ی۰-۹a-z\u{200C}ؤئأۀة،«»-]{0,40}", b in "[ آ-ی۰-۹a-z\u{200C}ؤئأۀة،«»-]{0,40}") {
            if let (Some(slug_a), Some(slug_b)) = (slugify(&a), slugify(&b)) {
                if slug_a == slug_b {
                    prop_assert_eq!(term_key(&a), term_key(&b));
                }
                prop_assert_eq!(term_key(&a), Some(key_of_slug(&slug_a)));
            }
        }

        #[test]
        fn slugs_are_safe_path_segments(text in any::<String>()) {
            if let Some(slug) = slugify(&text) {
                prop_assert!(!slug.is_empty() && slug.len() <= MAX_SLUG_BYTES);
                prop_assert!(slug != "." && slug != "..");
                prop_assert!(!slug.starts_with('-') && !slug.ends_with('-'));
                prop_assert!(!slug.contains("--"));
                prop_assert!(!slug.chars().any(|c| matches!(c, '/' | '\\' | '?' | '#' | '%')
                    || c.is_whitespace()
                    || c.is_control()));
                prop_assert_eq!(slugify(&slug), Some(slug.clone()));
            }
        }

        #[test]
        fn persian_text_gives_a_slug(text in "[ آ-ی۰-۹a-z\u{200C}،؛؟«»]{0,300}") {
            let has_alnum = text.chars().any(|c| c.is_alphanumeric() && !is_arabic_mark(c));
            prop_assert_eq!(slugify(&text).is_some(), has_alnum);
        }
    }
}
