//! Persian alphabetical order as CLDR's `fa` collation has it, through ICU4X's `icu_collator`
//! and its compiled data: پ after ب, چ after ج, ژ after ز, گ after ک; آ and ا first; the
//! hamza forms (ء أ إ ؤ ئ) between ا and ب; a space before every letter, so «ثبت احوال» comes
//! before «ثبتی»; spellings that differ only in ZWNJ, harakat, ي/ی or ك/ک next to each other;
//! digits before letters and Persian before Latin.
//!
//! The order is checked against a list sorted by ICU's own `fa` collator
//! (tests/data/collation/fa-reference.txt, made by scripts/collation-reference.mjs).

use std::cmp::Ordering;
use std::sync::LazyLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;

/// The `fa` collator, built once from the data compiled into the binary.
static PERSIAN: LazyLock<CollatorBorrowed<'static>> = LazyLock::new(|| {
    Collator::try_new(locale!("fa").into(), CollatorOptions::default())
        .expect("icu_collator's compiled data has the fa collation")
});

/// The Persian collator, for callers that sort many strings and want to hold it: building it
/// costs a few microseconds once; each comparison after that allocates nothing.
pub fn collator() -> &'static CollatorBorrowed<'static> {
    &PERSIAN
}

/// Compares two strings as CLDR's Persian collation orders them, at its default (tertiary)
/// strength; strings it finds equal (ones that differ only in characters it ignores) are then
/// put in code-point order, so the order is total and the same on every run.
pub fn compare(a: &str, b: &str) -> Ordering {
    PERSIAN.compare(a, b).then_with(|| a.cmp(b))
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
    fn hamza_forms_come_after_alef_not_after_yeh() {
        assert_eq!(sorted(&["ی", "ئ", "ب", "ا"]), ["ا", "ئ", "ب", "ی"]);
        assert_eq!(sorted(&["یارانه", "أحمد", "ب"]), ["أحمد", "ب", "یارانه"]);
    }

    #[test]
    fn a_space_comes_before_every_letter() {
        assert_eq!(sorted(&["ثبتی", "ثبت احوال"]), ["ثبت احوال", "ثبتی"]);
    }

    #[test]
    fn spelling_variants_sort_next_to_each_other() {
        assert_eq!(sorted(&["کتاب", "كارت", "گل"]), ["كارت", "کتاب", "گل"]);
        assert_eq!(sorted(&["یارانه", "يارانه", "ییلاق"])[2], "ییلاق");
        assert_eq!(sorted(&["الف", "۹۹", "1400"]), ["1400", "۹۹", "الف"]);
    }

    #[test]
    fn strings_icu_finds_equal_are_put_in_code_point_order() {
        for (a, b) in [("1403", "۱۴۰۳"), ("میروم", "می\u{200C}روم")] {
            assert_eq!(collator().compare(a, b), Ordering::Equal, "{a} {b}");
            assert_eq!(compare(a, b), Ordering::Less, "{a} {b}");
            assert_eq!(compare(b, a), Ordering::Greater, "{a} {b}");
            assert_eq!(compare(a, a), Ordering::Equal);
        }
    }
}
