//! What an item is found by: its words, its title's words and its phrases' word pairs, in the
//! matching form of `persian::normalize` that the client gives a query too.

use std::collections::BTreeSet;

use crate::content::NewsItem;
use crate::persian::normalize::{for_matching, is_word_char};

/// The terms of one item, each set sorted and without repeats.
#[derive(Debug, Default, PartialEq)]
pub struct ItemTerms {
    /// Words of two characters or more in the title, summary, body, terms, and the Jalali
    /// year and month name of its date.
    pub words: BTreeSet<String>,
    /// Words of two characters or more in the title.
    pub title: BTreeSet<String>,
    /// Adjacent words as `"first second"` (words of any length, nothing but spaces, ZWNJ or
    /// other separators between them): what a phrase query and the ranking of adjacent words
    /// look up.
    pub pairs: BTreeSet<String>,
}

impl ItemTerms {
    /// The terms of `item`.
    pub fn of(item: &NewsItem) -> ItemTerms {
        let date = item.date.moment.date();
        let mut terms = ItemTerms::default();
        let body = html_to_text(&item.body_html);
        let month = date.month_name();
        let year = date.year().to_string();
        let texts = [item.title.as_str(), &item.summary, &body, &year, month];
        let names = item.category.iter().chain(&item.tags).chain(&item.source);
        for text in texts.into_iter().chain(names.map(String::as_str)) {
            terms.add(text);
        }
        for run in runs(&for_matching(&item.title)) {
            terms
                .title
                .extend(run.filter(|word| is_searched(word)).map(String::from));
        }
        terms
    }

    fn add(&mut self, text: &str) {
        for run in runs(&for_matching(text)) {
            let mut previous: Option<&str> = None;
            for word in run {
                if is_searched(word) && !self.words.contains(word) {
                    self.words.insert(word.to_string());
                }
                if let Some(previous) = previous {
                    self.pairs.insert(format!("{previous} {word}"));
                }
                previous = Some(word);
            }
        }
    }
}

/// Whether a word is looked up alone: two characters or more (one letter is too common to
/// find anything by, but it still joins its neighbours in a phrase).
pub fn is_searched(word: &str) -> bool {
    word.chars().nth(1).is_some()
}

/// The runs of adjacent words of a text in the matching form: words apart only by a space
/// are in one run; any other character between them (punctuation, a symbol) ends the run.
pub fn runs(matching: &str) -> impl Iterator<Item = impl Iterator<Item = &str>> {
    matching
        .split(|c: char| c != ' ' && !is_word_char(c))
        .map(|run| run.split(' ').filter(|word| !word.is_empty()))
}

/// The distinct words of `text` after normalisation for matching, of any length.
pub fn words(text: &str) -> BTreeSet<String> {
    for_matching(text)
        .split(|c: char| !is_word_char(c))
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect()
}

/// The visible text of HTML, with tags as spaces and the common entities decoded.
pub fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs_of(text: &str) -> Vec<String> {
        let mut terms = ItemTerms::default();
        terms.add(text);
        terms.pairs.into_iter().collect()
    }

    #[test]
    fn pairs_are_adjacent_words_within_a_clause() {
        assert_eq!(
            pairs_of("كارت هوشمند، ملی و ثبت\u{200C}احوال"),
            ["ثبت احوال", "ملی و", "و ثبت", "کارت هوشمند"]
        );
        assert_eq!(pairs_of("کارت‌ها را"), ["کارتها را"]);
    }

    #[test]
    fn one_letter_words_join_phrases_but_are_not_words() {
        let mut terms = ItemTerms::default();
        terms.add("ثبت و صدور");
        let words: Vec<&str> = terms.words.iter().map(String::as_str).collect();
        assert_eq!(words, ["ثبت", "صدور"]);
        assert!(terms.pairs.contains("ثبت و") && terms.pairs.contains("و صدور"));
    }

    #[test]
    fn arabic_and_persian_spellings_are_one_word() {
        let words: Vec<String> = words("كارت هوشمند، ۱۳۹۹ و می‌شود!").into_iter().collect();
        assert_eq!(words, ["1399", "میشود", "هوشمند", "و", "کارت"]);
        assert_eq!(
            self::words("می شود، ثبت\u{200C}احوال و البرزی ها"),
            self::words("میشود، ثبت احوال و البرزی\u{200C}ها")
        );
    }

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            html_to_text("<p>یک &amp; دو</p>\n<ul><li>سه</li></ul>"),
            "یک & دو سه"
        );
    }
}
