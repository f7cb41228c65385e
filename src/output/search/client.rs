//! The client script, `search.js`, with the matching rule of `persian::normalize` written
//! into it, so that a query is normalised exactly as the index was.

use std::collections::BTreeMap;

use crate::calendar::Calendar;
use crate::persian::affix;
use crate::persian::normalize::{for_matching, is_separator};

/// The client's parts, in the order `search.js` has them: the matching rule, the index's
/// reader, the query (parts, ranking, filters) and the pages' search boxes.
const CLIENT: [&str; 4] = [
    include_str!("client/matching.js"),
    include_str!("client/index.js"),
    include_str!("client/query.js"),
    include_str!("client/page.js"),
];

/// The client with the matching rule of `persian::normalize`: the table of every character
/// `for_matching` changes (separators as a space), but for the presentation forms, which the
/// client decomposes itself, and the affixes it joins to their stems.
pub fn client_script() -> String {
    let ranges = [
        0x0085..=0x00AD,
        0x0600..=0x06FF,
        0x0750..=0x077F,
        0x1680..=0x1680,
        0x2000..=0x200F,
        0x2028..=0x202F,
        0x205F..=0x206F,
        0x3000..=0x3000,
        0xFEFF..=0xFEFF,
    ];
    let mut table = BTreeMap::new();
    for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
        let normal = if is_separator(c) {
            " ".to_string()
        } else {
            for_matching(&c.to_string())
        };
        if c != ' ' && normal != c.to_string() {
            table.insert(c.to_string(), normal);
        }
    }
    let table = serde_json::to_string(&table).expect("a map of strings serializes");
    let affixes = serde_json::json!({ "prefixes": affix::PREFIXES, "suffixes": affix::SUFFIXES });
    let months: Vec<&str> = (1..=12).map(|m| Calendar::Jalali.month_name(m)).collect();
    CLIENT
        .join("\n")
        .replacen("__NORMALIZE__", &table, 1)
        .replacen(
            "__MONTHS__",
            &serde_json::to_string(&months).expect("names serialize"),
            1,
        )
        .replacen("__AFFIXES__", &affixes.to_string(), 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persian::normalize::is_word_char;
    /// Runs the client in Node (which every machine that builds akhbar has), then `then`, a
    /// script that reads the client's parts with `client('name')` and writes JSON to stdout;
    /// gives that JSON. The page's part stops at `document`, which Node has not.
    fn in_node<T: serde::de::DeserializeOwned>(then: &str) -> T {
        let program = format!(
            "const vm = require('vm');\n\
             const context = vm.createContext({{ TextEncoder, TextDecoder }});\n\
             try {{ vm.runInContext({script}, context); }} catch (e) {{ /* no document in Node */ }}\n\
             const client = (name) => vm.runInContext(name, context);\n{then}",
            script = serde_json::to_string(&client_script()).unwrap(),
        );
        let output = std::process::Command::new("node")
            .arg("-e")
            .arg(program)
            .output()
            .expect("node runs (it comes with every machine akhbar is built on)");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("the client's answers as JSON")
    }

    /// What the client's `akhbarMatching.matching` and `words` give for each of `texts`.
    fn in_the_client(texts: &[String]) -> Vec<(String, Vec<String>)> {
        in_node(&format!(
            "const texts = {texts}, m = client('akhbarMatching');\n\
             process.stdout.write(JSON.stringify(texts.map((t) => [m.matching(t), m.words(t)])));",
            texts = serde_json::to_string(texts).unwrap(),
        ))
    }

    #[test]
    fn the_client_matches_as_the_index_does() {
        use proptest::strategy::{Strategy, ValueTree};
        use proptest::test_runner::TestRunner;
        let alphabet = "[ آ-ی۰-۹٠-٩a-zA-Z0-9\u{200B}-\u{200F}\u{00A0}\u{064B}-\u{0655}\u{0640}ؤئأإۀةكيﻛﺎﺭﺕﻻ،«».-]{0,24}";
        let mut runner = TestRunner::deterministic();
        let strategy = alphabet.prop_map(|text: String| text);
        let mut texts: Vec<String> = (0..400)
            .map(|_| strategy.new_tree(&mut runner).unwrap().current())
            .collect();
        let words_of = |prefix: &str| [format!("{prefix} شود"), format!("{prefix}\u{200C}شود")];
        texts.extend(["می", "نمی"].iter().flat_map(|p| words_of(p)));
        texts.extend(
            [
                "مسؤول و مسئول",
                "هیأت هیئت",
                "اجزاء",
                "البرزی ها و البرزی‌ها",
                "بزرگ تر ها",
                "۱۰ ها",
                "کتاب، ها",
                "ﻛﺎﺭﺕ ﻣﻠﻲ",
            ]
            .map(String::from),
        );
        let answers = in_the_client(&texts);
        for (text, (matching, client_words)) in texts.iter().zip(answers) {
            assert_eq!(
                matching,
                for_matching(text),
                "the matching form of {text:?}"
            );
            let rust_words: Vec<String> = for_matching(text)
                .split(|c: char| !is_word_char(c))
                .filter(|word| word.chars().count() > 1)
                .map(String::from)
                .collect();
            assert_eq!(client_words, rust_words, "the words of {text:?}");
        }
    }

    #[test]
    fn the_client_writes_counts_as_cldr_persian_does() {
        let numbers: Vec<u64> = (0..40u32)
            .map(|k| 7u64.pow(k / 2) * (1 + u64::from(k % 2) * 3))
            .chain([0, 9, 10, 999, 1000, 7005, 100_000, 1_000_000])
            .collect();
        let written: Vec<(String, String)> = in_node(&format!(
            "const count = client('akhbarSearch.formatCount'), icu = new Intl.NumberFormat('fa-IR');\n\
             process.stdout.write(JSON.stringify({numbers}.map((n) => [count(n), icu.format(n)])));",
            numbers = serde_json::to_string(&numbers).unwrap(),
        ));
        for (n, (ours, icu)) in numbers.iter().zip(&written) {
            assert_eq!(
                ours, icu,
                "{n} as the client writes it and as ICU's CLDR data does"
            );
        }
        let at = |n| &written[numbers.iter().position(|&m| m == n).unwrap()].0;
        assert_eq!(at(7005), "۷٬۰۰۵");
        assert_eq!(at(1_000_000), "۱٬۰۰۰٬۰۰۰");
        assert_eq!(at(999), "۹۹۹");
    }

    #[test]
    fn the_client_carries_the_normalisation() {
        let script = client_script();
        assert!(!script.contains("__NORMALIZE__"));
        assert!(script.contains("\"ي\":\"ی\""));
        assert!(script.contains("\"۱\":\"1\""));
        assert!(script.contains("\"\u{200C}\":\" \""));
        assert!(script.contains("\"\u{0651}\":\"\""));
        assert!(!script.contains("__AFFIXES__"));
        assert!(script.contains("\"نمی\""));
        assert!(script.contains("[\"فروردین\",\"اردیبهشت\""));
    }
}
