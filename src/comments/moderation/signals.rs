//! Hints that a comment may be spam, shown to the moderators beside it in the export. They only
//! inform: nothing is decided by them.

use std::collections::HashMap;

use jiff::{SignedDuration, Timestamp};

use crate::comments::model::Comment;
use crate::persian::digits::to_persian;
use crate::persian::normalize::for_matching;

/// Shorter repeated bodies are courtesies («ممنون», «عالی بود»), not copy-paste spam.
const MIN_REPEATED_CHARS: usize = 20;
/// Fewer non-space characters than this say nothing a moderator could approve.
const MIN_CHARS: usize = 10;
/// Fewer capitals than this are an acronym («NASA»), not shouting.
const MIN_CAPS_LETTERS: usize = 8;
/// Comments from one address closer together than this look like a flood.
const SENDER_WINDOW: SignedDuration = SignedDuration::from_mins(10);

/// One reason a comment may be spam.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    /// This many web addresses.
    Links(usize),
    /// Another comment has the same (normalised) body.
    RepeatedText,
    /// A word from the site's blocked list, as the list spells it.
    BlockedWord(String),
    TooShort,
    /// Latin text written all in capitals.
    AllCaps,
    /// This many other comments from the same address within ten minutes.
    SameSender(usize),
}

impl Signal {
    /// A stable English name for machine-read exports.
    pub fn code(&self) -> &'static str {
        match self {
            Signal::Links(_) => "links",
            Signal::RepeatedText => "repeated_text",
            Signal::BlockedWord(_) => "blocked_word",
            Signal::TooShort => "too_short",
            Signal::AllCaps => "all_caps",
            Signal::SameSender(_) => "same_sender",
        }
    }

    /// What the moderators read.
    pub fn persian(&self) -> String {
        let count = |n: &usize| to_persian(&n.to_string()).into_owned();
        match self {
            Signal::Links(n) => format!("{} پیوند", count(n)),
            Signal::RepeatedText => "متن تکراری در دیدگاه‌های دیگر".into(),
            Signal::BlockedWord(word) => format!("واژه ممنوع: {word}"),
            Signal::TooShort => "متن بسیار کوتاه".into(),
            Signal::AllCaps => "همه با حروف بزرگ".into(),
            Signal::SameSender(n) => format!("{} دیدگاه دیگر از همین فرستنده", count(n)),
        }
    }
}

/// What the signals compare a comment with, built once per export so that checking each comment
/// does not scan all the others.
pub struct SignalIndex<'a> {
    /// Normalised body → how many comments have it, and one of their ids.
    bodies: HashMap<String, (usize, &'a str)>,
    /// Address hash → (received time, id), sorted by time.
    senders: HashMap<&'a str, Vec<(Timestamp, &'a str)>>,
    /// Each blocked entry as written, with its normalised words.
    blocked: Vec<(String, Vec<String>)>,
    /// First normalised word → the blocked entries starting with it.
    blocked_by_first: HashMap<String, Vec<usize>>,
}

impl<'a> SignalIndex<'a> {
    /// Indexes every stored comment and the site's blocked words (or phrases).
    pub fn new(all: &'a [Comment], blocked_words: &[String]) -> Self {
        let mut bodies: HashMap<String, (usize, &'a str)> = HashMap::new();
        let mut senders: HashMap<&'a str, Vec<(Timestamp, &'a str)>> = HashMap::new();
        for comment in all {
            if let Some(key) = repeat_key(&comment.body) {
                bodies.entry(key).or_insert((0, &comment.id)).0 += 1;
            }
            if !comment.ip_hash.is_empty() {
                senders
                    .entry(&comment.ip_hash)
                    .or_default()
                    .push((comment.received_at, &comment.id));
            }
        }
        for times in senders.values_mut() {
            times.sort_unstable();
        }
        let blocked: Vec<(String, Vec<String>)> = blocked_words
            .iter()
            .map(|entry| {
                let words: Vec<String> = words(&for_matching(entry)).map(String::from).collect();
                (entry.trim().to_string(), words)
            })
            .filter(|(_, words)| !words.is_empty())
            .collect();
        let mut blocked_by_first: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (_, words)) in blocked.iter().enumerate() {
            blocked_by_first
                .entry(words[0].clone())
                .or_default()
                .push(i);
        }
        SignalIndex {
            bodies,
            senders,
            blocked,
            blocked_by_first,
        }
    }

    /// The signals `comment` raises, in a fixed order; empty for an ordinary comment.
    pub fn signals(&self, comment: &Comment) -> Vec<Signal> {
        let mut found = Vec::new();
        let links = count_links(&comment.body);
        if links > 0 {
            found.push(Signal::Links(links));
        }
        if self.is_repeated(comment) {
            found.push(Signal::RepeatedText);
        }
        found.extend(self.blocked_words(comment).map(Signal::BlockedWord));
        if comment.body.chars().filter(|c| !c.is_whitespace()).count() < MIN_CHARS {
            found.push(Signal::TooShort);
        }
        if is_all_caps(&comment.body) {
            found.push(Signal::AllCaps);
        }
        let burst = self.same_sender(comment);
        if burst > 0 {
            found.push(Signal::SameSender(burst));
        }
        found
    }

    fn is_repeated(&self, comment: &Comment) -> bool {
        repeat_key(&comment.body)
            .and_then(|key| self.bodies.get(&key))
            .is_some_and(|&(count, id)| count > 1 || id != comment.id)
    }

    /// The blocked entries found as whole words in the name or body, each once, in list order.
    fn blocked_words(&self, comment: &Comment) -> impl Iterator<Item = String> + '_ {
        let mut hits: Vec<usize> = Vec::new();
        for text in [&comment.name, &comment.body] {
            let text = for_matching(text);
            let text: Vec<&str> = words(&text).collect();
            for (i, word) in text.iter().enumerate() {
                for &entry in self.blocked_by_first.get(*word).into_iter().flatten() {
                    let phrase = &self.blocked[entry].1;
                    let rest = &text[i..];
                    if rest.len() >= phrase.len() && phrase.iter().zip(rest).all(|(a, b)| a == b) {
                        hits.push(entry);
                    }
                }
            }
        }
        hits.sort_unstable();
        hits.dedup();
        hits.into_iter().map(|entry| self.blocked[entry].0.clone())
    }

    /// How many other comments share the sender's address hash within [`SENDER_WINDOW`].
    fn same_sender(&self, comment: &Comment) -> usize {
        let Some(times) = self.senders.get(comment.ip_hash.as_str()) else {
            return 0;
        };
        let at = comment.received_at;
        let start = times.partition_point(|(t, _)| at.duration_since(*t) > SENDER_WINDOW);
        let end = times.partition_point(|(t, _)| t.duration_since(at) <= SENDER_WINDOW);
        times[start..end]
            .iter()
            .filter(|(_, id)| *id != comment.id)
            .count()
    }
}

/// The signals of one comment; build a [`SignalIndex`] instead when checking many.
pub fn signals(comment: &Comment, all: &[Comment], blocked_words: &[String]) -> Vec<Signal> {
    SignalIndex::new(all, blocked_words).signals(comment)
}

/// The body as two copies of one text share it, or `None` when it is too short to count.
fn repeat_key(body: &str) -> Option<String> {
    let key = for_matching(body);
    (key.chars().count() >= MIN_REPEATED_CHARS).then_some(key)
}

/// The words of normalised text: runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
}

/// Web addresses by their scheme or `www.`, counting `https://www.` once.
fn count_links(body: &str) -> usize {
    let lower = body.to_ascii_lowercase();
    let schemes = lower.matches("http://").count() + lower.matches("https://").count();
    let bare = lower
        .match_indices("www.")
        .filter(|(i, _)| !lower[..*i].ends_with("://"))
        .count();
    schemes + bare
}

fn is_all_caps(body: &str) -> bool {
    let mut letters = 0;
    for c in body.chars().filter(|c| is_latin_letter(*c)) {
        if c.is_lowercase() {
            return false;
        }
        letters += 1;
    }
    letters >= MIN_CAPS_LETTERS
}

/// Basic Latin and the Latin-1 and Extended-A/B letters.
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (matches!(c, '\u{00C0}'..='\u{024F}') && c.is_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comments::moderation::export::tests::comment;

    const NORMAL: &str = "با سلام، از پیگیری شما سپاسگزارم. کارت من هنوز نرسیده است.";

    fn blocked() -> Vec<String> {
        vec!["كازينو".into(), "وام فوری".into()]
    }

    fn alone(body: &str) -> Vec<Signal> {
        let only = [comment("a", body)];
        signals(&only[0], &only, &blocked())
    }

    #[test]
    fn an_ordinary_persian_comment_raises_nothing() {
        let all = [
            comment("a", NORMAL),
            comment("b", "ممنون"),
            comment("c", "ممنون"),
        ];
        assert_eq!(signals(&all[0], &all, &blocked()), []);
        let index = SignalIndex::new(&all, &blocked());
        assert!(!index.signals(&all[1]).contains(&Signal::RepeatedText));
    }

    #[test]
    fn links_are_counted_once_each() {
        let body = "ارزان بخرید: https://www.example.com و http://spam.example و WWW.example.org";
        assert_eq!(alone(body), [Signal::Links(3)]);
        assert_eq!(Signal::Links(2).persian(), "۲ پیوند");
    }

    #[test]
    fn repeated_text_matches_other_spellings() {
        let all = [
            comment("a", NORMAL),
            comment(
                "b",
                "  با سلام،   از پیگیری شما سپاسگزارم.\nكارت من هنوز نرسيده است. ",
            ),
        ];
        let index = SignalIndex::new(&all, &[]);
        assert_eq!(index.signals(&all[0]), [Signal::RepeatedText]);
        assert_eq!(index.signals(&all[1]), [Signal::RepeatedText]);
        assert_eq!(alone(NORMAL), [], "a comment does not repeat itself");
    }

    #[test]
    fn blocked_words_match_whole_words_in_any_spelling() {
        let body = "بهترین کازینو آنلاین ایران، با وام\u{200C} فوری و بدون ضامن برای همه";
        assert_eq!(
            alone(body),
            [
                Signal::BlockedWord("كازينو".into()),
                Signal::BlockedWord("وام فوری".into())
            ]
        );
        assert_eq!(alone("کازینوها را باید بست، این نظر من است."), []);
        assert_eq!(
            Signal::BlockedWord("وام فوری".into()).persian(),
            "واژه ممنوع: وام فوری"
        );
    }

    #[test]
    fn short_and_shouting_bodies_are_flagged() {
        assert_eq!(alone("عالی  بود"), [Signal::TooShort]);
        assert_eq!(alone("BUY CHEAP WATCHES NOW!!!"), [Signal::AllCaps]);
        assert_eq!(alone("خبرگزاری NASA اعلام کرد که ماموریت ادامه دارد."), []);
        assert_eq!(alone("Buy cheap watches now, friends"), []);
    }

    #[test]
    fn bursts_from_one_sender_are_counted() {
        let at = |id: &str, time: &str, hash: &str| Comment {
            received_at: time.parse().unwrap(),
            ip_hash: hash.into(),
            ..comment(id, NORMAL.replace("کارت", id).as_str())
        };
        let all = [
            at("a", "2026-11-25T06:00:00Z", "ff01"),
            at("b", "2026-11-25T06:09:00Z", "ff01"),
            at("c", "2026-11-25T05:55:00Z", "ff01"),
            at("d", "2026-11-25T06:30:00Z", "ff01"),
            at("e", "2026-11-25T06:01:00Z", "ee02"),
            at("f", "2026-11-25T06:01:00Z", ""),
            at("g", "2026-11-25T06:02:00Z", ""),
        ];
        let index = SignalIndex::new(&all, &[]);
        assert_eq!(index.signals(&all[0]), [Signal::SameSender(2)]);
        assert_eq!(index.signals(&all[3]), []);
        assert_eq!(
            index.signals(&all[5]),
            [],
            "an unknown address is no sender"
        );
        assert_eq!(
            Signal::SameSender(3).persian(),
            "۳ دیدگاه دیگر از همین فرستنده"
        );
    }
}
