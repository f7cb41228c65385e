//! What an item is found by: its words, its title's words and its phrases' word pairs, in the
//! matching form of `persian::normalize` that the client gives a query too.

use crate::content::NewsItem;
use crate::persian::normalize::{for_matching, is_word_char};

/// The items of an index by number, with their bodies as plain text, made when asked for
/// (not kept: the postings and the results each ask once, and a portal's bodies would not fit
/// in memory together).
pub struct Bodies<'a> {
    pub items: &'a [&'a NewsItem],
}

impl Bodies<'_> {
    /// The body of item `number` as plain text ([`html_to_text`]).
    pub fn body(&self, number: u32) -> String {
        html_to_text(self.items[number as usize].body.html())
    }

    /// The texts item `number` is found by.
    pub fn text(&self, number: u32) -> ItemText {
        ItemText::of(self.items[number as usize], &self.body(number))
    }
}

/// The texts an item is found by, in the matching form: its title first, then its summary,
/// body, terms, and the Jalali year and month name of its date.
pub struct ItemText(Vec<String>);

impl ItemText {
    /// The texts of `item`, whose body is `body` as plain text ([`html_to_text`]).
    pub fn of(item: &NewsItem, body: &str) -> ItemText {
        let date = item.date.moment.date();
        let year = date.year().to_string();
        let texts = [
            item.title.as_str(),
            item.summary(),
            body,
            &year,
            date.month_name(),
        ];
        let names = item.category.iter().chain(&item.tags).chain(&item.source);
        let all = texts.into_iter().chain(names.map(String::as_str));
        ItemText(all.map(for_matching).collect())
    }

    /// The terms of these texts.
    pub fn terms(&self) -> ItemTerms<'_> {
        let mut terms = ItemTerms::default();
        for text in &self.0 {
            terms.add(text);
        }
        if let Some(title) = self.0.first() {
            for run in runs(title) {
                terms.title.extend(run.filter(|word| is_searched(word)));
            }
        }
        for list in [&mut terms.words, &mut terms.title, &mut terms.pairs] {
            list.sort_unstable();
            list.dedup();
        }
        terms
    }
}

/// The terms of one item, each list sorted and without repeats, borrowed from its
/// [`ItemText`].
#[derive(Debug, Default, PartialEq)]
pub struct ItemTerms<'a> {
    /// Words of two characters or more.
    pub words: Vec<&'a str>,
    /// Words of two characters or more in the title.
    pub title: Vec<&'a str>,
    /// Adjacent words as `"first second"` (words of any length, nothing but spaces, ZWNJ or
    /// other separators between them): what a phrase query and the ranking of adjacent words
    /// look up.
    pub pairs: Vec<&'a str>,
}

impl<'a> ItemTerms<'a> {
    /// Adds the terms of `text`, in the matching form: its words are apart by one space, so
    /// two adjacent words and the space between them are a pair as it is written.
    fn add(&mut self, text: &'a str) {
        for run in runs(text) {
            let mut previous: Option<&str> = None;
            for word in run {
                if is_searched(word) {
                    self.words.push(word);
                }
                if let Some(previous) = previous {
                    self.pairs.push(span(text, previous, word));
                }
                previous = Some(word);
            }
        }
    }
}

/// The part of `text` from the start of `first` to the end of `last`, both parts of it.
fn span<'a>(text: &'a str, first: &str, last: &str) -> &'a str {
    let offset = |part: &str| part.as_ptr() as usize - text.as_ptr() as usize;
    &text[offset(first)..offset(last) + last.len()]
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

/// The visible text of HTML: tags as spaces, the entities akhbar's Markdown writes decoded,
/// every run of whitespace one space, none at either end.
pub fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        let (words, tag) = match rest.find('<') {
            Some(at) => (&rest[..at], Some(&rest[at..])),
            None => (rest, None),
        };
        for word in words.split_whitespace() {
            if !text.is_empty() {
                text.push(' ');
            }
            push_decoded(&mut text, word);
        }
        match tag.and_then(|tag| Some(&tag[tag.find('>')? + 1..])) {
            Some(after) => rest = after,
            None => break,
        }
    }
    text
}

/// Appends `word` with the entities akhbar's Markdown writes decoded.
fn push_decoded(text: &mut String, word: &str) {
    const ENTITIES: [(&str, char); 5] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&amp;", '&'),
    ];
    let mut rest = word;
    while let Some(at) = rest.find('&') {
        text.push_str(&rest[..at]);
        rest = &rest[at..];
        match ENTITIES.iter().find(|(entity, _)| rest.starts_with(entity)) {
            Some((entity, decoded)) => {
                text.push(*decoded);
                rest = &rest[entity.len()..];
            }
            None => {
                text.push('&');
                rest = &rest[1..];
            }
        }
    }
    text.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs_of(text: &str) -> Vec<String> {
        let matching = for_matching(text);
        let mut terms = ItemTerms::default();
        terms.add(&matching);
        terms.pairs.sort();
        terms.pairs.into_iter().map(String::from).collect()
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
        assert_eq!(terms.words, ["ثبت", "صدور"]);
        assert_eq!(terms.pairs, ["ثبت و", "و صدور"]);
    }

    /// The words and pairs `text` is found by, each sorted.
    fn terms_of(text: &str) -> (Vec<String>, Vec<String>) {
        let matching = for_matching(text);
        let mut terms = ItemTerms::default();
        terms.add(&matching);
        let sorted = |mut list: Vec<&str>| {
            list.sort();
            list.dedup();
            list.into_iter().map(String::from).collect::<Vec<String>>()
        };
        (sorted(terms.words), sorted(terms.pairs))
    }

    #[test]
    fn arabic_and_persian_spellings_are_one_word() {
        let (words, _) = terms_of("كارت هوشمند، ۱۳۹۹ و می‌شود!");
        assert_eq!(words, ["1399", "میشود", "هوشمند", "کارت"]);
        assert_eq!(
            terms_of("می شود، ثبت\u{200C}احوال و البرزی ها"),
            terms_of("میشود، ثبت احوال و البرزی\u{200C}ها")
        );
    }

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            html_to_text("<p>یک &amp; دو</p>\n<ul><li>سه</li></ul>"),
            "یک & دو سه"
        );
        assert_eq!(
            html_to_text("a&lt;b&gt; &quot;c&#39; &amp;lt; &nbsp;<br/>"),
            "a<b> \"c' &lt; &nbsp;"
        );
        assert_eq!(html_to_text("  <p> </p> x <b"), "x");
    }
}
