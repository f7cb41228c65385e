//! Issue 13's property: for any two spellings the matching rule calls equal, a build gives one
//! term, one address and the same search index.

mod support;

use std::fs;
use std::path::Path;

use proptest::prelude::*;
use support::{akhbar, fixture_copy};

/// Words as an editor writes them, with the separators and letters that vary.
const PHRASES: [&str; 6] = [
    "ثبت احوال",
    "نوبت دهی",
    "کارت هوشمند ملی",
    "می شود",
    "البرزی ها",
    "مسئول بایگانی",
];

/// One spelling of `phrase` the matching rule calls equal to it: each choice rewrites one
/// kind of variation (space or ZWNJ, Arabic yeh and kaf, hamza seat, tatweel, harakat).
fn spelling(phrase: &str, choices: &[bool; 5]) -> String {
    let mut text = phrase.to_string();
    if choices[0] {
        text = text.replace(' ', "\u{200C}");
    }
    if choices[1] {
        text = text.replace('ی', "ي").replace('ک', "ك");
    }
    if choices[2] {
        text = text.replace("ئو", "ؤو");
    }
    if choices[3] {
        text = text.replacen('ب', "بـــ", 1);
    }
    if choices[4] {
        text = text.replacen('ت', "تَ", 1);
    }
    text
}

/// Builds the minimal fixture with one more item for each of `spellings`, tagged and titled so.
fn build_with(spellings: &[&str]) -> tempfile::TempDir {
    let root = fixture_copy("minimal");
    for (n, spelling) in spellings.iter().enumerate() {
        let id = 1006 + n;
        let item = format!(
            "---\nid: {id}\ntitle: \"{spelling}\"\ndate: 1404/01/{:02}\ntags: [\"{spelling}\"]\n---\nخبر {spelling} امروز\n",
            6 + n
        );
        fs::write(
            root.path().join(format!("content/news/1404/01/{id}.md")),
            item,
        )
        .unwrap();
    }
    let output = akhbar(&["build", "--no-cache"], root.path());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    root
}

/// The folders under `public/tag/`, and every file of the search index but its script.
fn terms_and_index(root: &Path) -> (Vec<String>, Vec<(String, Vec<u8>)>) {
    let public = root.join("public");
    let mut tags: Vec<String> = fs::read_dir(public.join("tag"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    tags.sort();
    let mut index: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(public.join("search"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.file_name() != "search.js")
        .map(|e| {
            let path = e.path().strip_prefix(&public).unwrap();
            (path.display().to_string(), fs::read(e.path()).unwrap())
        })
        .collect();
    index.sort();
    (tags, index)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn equal_spellings_build_one_term_and_one_index(
        phrase in prop::sample::select(PHRASES.to_vec()),
        a in any::<[bool; 5]>(),
        b in any::<[bool; 5]>(),
    ) {
        let (one, other) = (spelling(phrase, &a), spelling(phrase, &b));
        // Both spellings in one site: one term page, the other spelling's address a redirect.
        let both = build_with(&[&one, &other]);
        let (tags, _) = terms_and_index(both.path());
        let pages: Vec<&String> = tags
            .iter()
            .filter(|tag| *tag != "index.html")
            .filter(|tag| {
                let page = fs::read_to_string(both.path().join("public/tag").join(tag).join("index.html")).unwrap();
                !page.contains("http-equiv=\"refresh\"") && page.contains("/news/1006/") && page.contains("/news/1007/")
            })
            .collect();
        prop_assert_eq!(pages.len(), 1, "{:?} and {:?}: {:?}", one, other, tags);
        // Each spelling alone: the same words in the search index.
        let (_, index_one) = terms_and_index(build_with(&[&one]).path());
        let (_, index_other) = terms_and_index(build_with(&[&other]).path());
        // The results keep the item's own title; the terms and categories are the same.
        let words = |index: &[(String, Vec<u8>)]| -> Vec<(String, Vec<u8>)> {
            index.iter().filter(|(path, _)| !path.starts_with("search/r/")).cloned().collect()
        };
        prop_assert_eq!(words(&index_one), words(&index_other));
    }
}
