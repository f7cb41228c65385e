//! The affixes Persian writes joined, with a ZWNJ, with a space or with nothing: «می‌شود»,
//! «می شود» and «میشود» are one word to a reader, and so to akhbar's matching rule.
//!
//! The lists follow the inflectional affixes that Persian orthography (the Academy of Persian
//! Language and Literature's rules) writes with a ZWNJ and that editors replace by a space or
//! leave out: the verbal prefixes «می» and «نمی», the plural suffixes «ها» and its forms, and
//! the comparative and superlative «تر», «تری», «ترین». Enclitics that are also words on their
//! own («ای», «ام», «اش», «ی») are left out: joining them would merge real phrases.

/// Prefixes joined to the word after them.
pub const PREFIXES: [&str; 2] = ["می", "نمی"];

/// Suffixes joined to the word before them.
pub const SUFFIXES: [&str; 11] = [
    "ها",
    "های",
    "هایی",
    "هایم",
    "هایت",
    "هایش",
    "هایمان",
    "هایتان",
    "هایشان",
    "تر",
    "ترین",
];

/// Removes, in `text` (already in the matching form: words separated by single spaces), the
/// space after a prefix and before a suffix, when the other side of it ends or starts with a
/// letter: «کتاب ها» → «کتابها», but «کتاب، ها» is kept. Idempotent.
pub fn join(text: &mut String) {
    let mut out = String::with_capacity(text.len());
    let mut previous: Option<&str> = None;
    for word in text.split(' ') {
        if let Some(before) = previous {
            let glued = (is_prefix(before) && starts_with_letter(word))
                || (is_suffix(word) && ends_with_letter(&out));
            if !glued {
                out.push(' ');
            }
        }
        out.push_str(word);
        previous = Some(word);
    }
    *text = out;
}

fn is_prefix(word: &str) -> bool {
    PREFIXES.contains(&word)
}

fn is_suffix(word: &str) -> bool {
    SUFFIXES.contains(&word)
}

fn starts_with_letter(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_alphabetic)
}

fn ends_with_letter(text: &str) -> bool {
    text.chars().next_back().is_some_and(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn joined(text: &str) -> String {
        let mut text = text.to_string();
        join(&mut text);
        text
    }

    #[test]
    fn prefixes_and_suffixes_join_their_word() {
        assert_eq!(joined("می شود"), "میشود");
        assert_eq!(joined("نمی توان گفت"), "نمیتوان گفت");
        assert_eq!(joined("کارت ها و سند های ملی"), "کارتها و سندهای ملی");
        assert_eq!(joined("بزرگ ترین شهر"), "بزرگترین شهر");
        assert_eq!(joined("بزرگ تر ها"), "بزرگترها");
    }

    #[test]
    fn punctuation_and_edges_keep_the_space() {
        assert_eq!(joined("کتاب، ها"), "کتاب، ها");
        assert_eq!(joined("می ، شود"), "می ، شود");
        assert_eq!(joined("ها"), "ها");
        assert_eq!(joined("می"), "می");
        assert_eq!(joined("ها کتاب"), "ها کتاب");
        assert_eq!(joined("کتاب می"), "کتاب می");
        assert_eq!(joined(""), "");
    }

    #[test]
    fn words_that_only_begin_like_an_affix_are_kept() {
        assert_eq!(joined("میز کار"), "میز کار");
        assert_eq!(joined("هاشمی تربت"), "هاشمی تربت");
    }

    proptest! {
        #[test]
        fn joining_is_idempotent(words in prop::collection::vec(
            prop::sample::select(vec!["می", "نمی", "ها", "های", "تر", "ترین", "کتاب", "،", "1399", "x"]),
            0..8,
        )) {
            let once = joined(&words.join(" "));
            prop_assert_eq!(joined(&once), once);
        }
    }
}
