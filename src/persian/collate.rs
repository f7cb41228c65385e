//! Persian alphabetical order: پ after ب, چ after ج, ژ after ز, گ after ک, which code-point
//! order gets wrong (it puts the four Persian letters after all the Arabic ones).

use std::cmp::Ordering;

use super::digits::digit_value;
use super::normalize::{is_arabic_mark, is_zwnj_like, standardize_letters};

/// The Persian alphabet in dictionary order.
const ALPHABET: &str = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی";

/// The rank of `c`: digits, then Persian letters in alphabet order, then anything else.
fn rank(c: char) -> (u8, u32) {
    if let Some(value) = digit_value(c) {
        return (0, value);
    }
    match ALPHABET.chars().position(|letter| letter == c) {
        Some(index) => (1, index as u32),
        None => (2, c as u32),
    }
}

/// Compares two words as a Persian dictionary orders them (آ before ا), spelling variants of
/// yeh, kaf, digits, harakat and ZWNJ folded.
pub fn compare(a: &str, b: &str) -> Ordering {
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

/// The ranks of the letters of `text`, with Persian yeh and kaf, without marks or ZWNJ.
fn key(text: &str) -> Vec<(u8, u32)> {
    standardize_letters(text)
        .chars()
        .filter(|&c| !is_arabic_mark(c) && !is_zwnj_like(c))
        .map(|c| {
            rank(super::digits::digit_value(c).map_or(c, |v| char::from_digit(v, 10).unwrap_or(c)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        words.sort_by(|a, b| compare(a, b));
        words
    }

    #[test]
    fn persian_letters_take_their_places() {
        assert_eq!(sorted(&["پ", "ت", "ب"]), ["ب", "پ", "ت"]);
        assert_eq!(sorted(&["ح", "چ", "ج"]), ["ج", "چ", "ح"]);
        assert_eq!(sorted(&["س", "ژ", "ز"]), ["ز", "ژ", "س"]);
        assert_eq!(sorted(&["ل", "گ", "ک"]), ["ک", "گ", "ل"]);
        assert_eq!(
            sorted(&[
                "گزارش",
                "آمار",
                "پرسش",
                "اطلاعیه",
                "ثبت",
                "ژنو",
                "کارت",
                "چاپ"
            ]),
            [
                "آمار",
                "اطلاعیه",
                "پرسش",
                "ثبت",
                "چاپ",
                "ژنو",
                "کارت",
                "گزارش"
            ]
        );
    }

    #[test]
    fn spelling_variants_sort_together() {
        assert_eq!(compare("كارت", "کارت"), "كارت".cmp("کارت"));
        assert_eq!(sorted(&["کتاب", "كارت", "گل"]), ["كارت", "کتاب", "گل"]);
        assert_eq!(sorted(&["1400", "۹۹", "الف"]), ["1400", "۹۹", "الف"]);
    }
}
