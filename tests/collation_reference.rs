//! Checks Persian term order against a list sorted once by ICU's own `fa` collator
//! (tests/data/collation/fa-reference.txt, written by scripts/collation-reference.mjs).

use akhbar::persian::collate::compare;
use proptest::prelude::*;

fn reference() -> Vec<String> {
    let path = format!(
        "{}/tests/data/collation/fa-reference.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines().map(str::to_owned).collect()
}

#[test]
fn the_reference_has_the_cases_it_is_for() {
    let words = reference();
    assert!(words.len() >= 100, "{} words", words.len());
    for must in [
        "ثبت احوال",
        "ثبتی",
        "أحمد",
        "ئ",
        "ؤ",
        "ء",
        "إ",
        "آ",
        "كارت",
        "يارانه",
    ] {
        assert!(words.iter().any(|w| w == must), "{must} is missing");
    }
    assert!(words.iter().any(|w| w.contains('\u{200C}')), "no ZWNJ");
    assert!(words.iter().any(|w| w.contains('۱')) && words.iter().any(|w| w.contains('1')));
}

#[test]
fn the_reference_sorted_from_reversed_is_the_reference() {
    let expected = reference();
    let mut words = expected.clone();
    words.reverse();
    words.sort_by(|a, b| compare(a, b));
    assert_eq!(words, expected);
}

#[test]
fn each_neighbour_pair_is_in_icu_order() {
    let words = reference();
    for pair in words.windows(2) {
        assert_eq!(
            compare(&pair[0], &pair[1]),
            std::cmp::Ordering::Less,
            "{:?} should come before {:?}",
            pair[0],
            pair[1]
        );
        assert_eq!(compare(&pair[1], &pair[0]), std::cmp::Ordering::Greater);
    }
}

proptest! {
    #[test]
    fn any_shuffle_sorts_back_to_icu_order(words in Just(reference()).prop_shuffle()) {
        let mut words = words;
        words.sort_by(|a, b| compare(a, b));
        prop_assert_eq!(words, reference());
    }
}
