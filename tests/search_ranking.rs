//! What a reader's query finds, and in what order, on small sites where the answer is known:
//! the ranking of docs/search.md run by the client itself (in Node) on a built index.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use support::search::{search, search_all};
use support::{akhbar, fixture_copy};

/// A site of five items, oldest first, whose words place them apart:
/// - 2001 has «کارت» in its title;
/// - 2002 has «کارت هوشمند» side by side in its body;
/// - 2003 has «کارت» and «هوشمند» apart in its body;
/// - 2004 has «هوشمند» only, 2005 «کارت» only, both in Ordibehesht;
/// - 1001 to 1005, older, have none of these words.
fn ranked_site() -> (tempfile::TempDir, PathBuf) {
    let root = fixture_copy("minimal");
    let news = root.path().join("content/news");
    fs::remove_dir_all(&news).unwrap();
    let items = [
        (2001, "1404/01/01", "کارت ملی", "متن ساده."),
        (2002, "1404/01/02", "خبر دوم", "کارت هوشمند صادر شد."),
        (
            2003,
            "1404/01/03",
            "خبر سوم",
            "کارت را گرفتند و هوشمند بود.",
        ),
        (2004, "1404/02/04", "خبر چهارم", "هوشمند سازی ادارات."),
        (2005, "1404/02/05", "خبر پنجم", "کارت سوخت."),
    ];
    for (id, date, title, body) in items {
        write_item(&news, id, date, title, body);
    }
    for id in 1001..=1005 {
        let date = format!("1403/12/{:02}", id - 1000);
        write_item(&news, id, &date, "گزارش هفتگی", "آمار هفته.");
    }
    let output = akhbar(&["build"], root.path());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let public = root.path().join("public");
    (root, public)
}

fn write_item(news: &Path, id: u32, date: &str, title: &str, body: &str) {
    let folder = news.join(&date[..7]);
    fs::create_dir_all(&folder).unwrap();
    let text = format!("---\nid: {id}\ntitle: \"{title}\"\ndate: {date} 10:00\n---\n\n{body}\n");
    fs::write(folder.join(format!("{id}.md")), text).unwrap();
}

fn news(ids: &[u32]) -> Vec<String> {
    ids.iter().map(|id| format!("/news/{id}/")).collect()
}

#[test]
fn a_title_match_comes_before_body_matches_and_newer_wins_a_tie() {
    let (_root, public) = ranked_site();
    assert_eq!(search(&public, "کارت"), news(&[2001, 2005, 2003, 2002]));
    assert_eq!(
        search(&public, "كارت"),
        news(&[2001, 2005, 2003, 2002]),
        "Arabic kaf finds what Persian keheh finds"
    );
}

#[test]
fn all_words_come_before_some_and_adjacent_words_before_scattered() {
    let (_root, public) = ranked_site();
    assert_eq!(
        search(&public, "کارت هوشمند"),
        news(&[2002, 2003, 2001, 2005, 2004])
    );
}

#[test]
fn a_quoted_phrase_must_be_there_and_a_minus_keeps_a_word_out() {
    let (_root, public) = ranked_site();
    assert_eq!(search(&public, "\"کارت هوشمند\""), news(&[2002]));
    assert_eq!(search(&public, "«کارت هوشمند»"), news(&[2002]));
    assert_eq!(search(&public, "کارت -هوشمند"), news(&[2001, 2005]));
    assert_eq!(
        search(&public, "-\"کارت هوشمند\" کارت"),
        news(&[2001, 2005, 2003])
    );
}

#[test]
fn the_last_word_finds_the_words_it_begins_while_it_is_no_word_itself() {
    let (_root, public) = ranked_site();
    assert_eq!(search(&public, "هوشم"), news(&[2004, 2003, 2002]));
    assert_eq!(search(&public, "هوشم "), news(&[]), "a space ends the word");
}

#[test]
fn newest_first_and_filters_by_month_and_year() {
    let (_root, public) = ranked_site();
    let found = search_all(
        &public,
        &[
            ("کارت هوشمند", serde_json::json!({"newest": true})),
            (
                "کارت هوشمند",
                serde_json::json!({"year": "1404", "month": "2"}),
            ),
            ("کارت هوشمند", serde_json::json!({"year": "1403"})),
        ],
    );
    assert_eq!(found[0].urls, news(&[2003, 2002, 2005, 2004, 2001]));
    assert_eq!(found[0].count, 5);
    assert_eq!(found[1].urls, news(&[2005, 2004]));
    assert_eq!(found[2].urls, news(&[]));
}

/// An item added with the next date takes the next number (10, in the second file of eight
/// results): the older documents' file stays as it was, and the index after a build through
/// the cache is the index built anew.
#[test]
fn a_new_item_changes_only_the_files_of_its_words() {
    let (root, public) = ranked_site();
    let before = support::site_files(&public.join("search"));
    write_item(
        &root.path().join("content/news"),
        2006,
        "1404/02/06",
        "خبر ششم",
        "سوخت رسانی.",
    );
    assert!(akhbar(&["build"], root.path()).status.success());
    let after = support::site_files(&public.join("search"));
    let changed = changed(&before, &after);
    assert!(changed.contains(&"r/1.json".to_string()), "{changed:?}");
    assert!(changed.contains(&"meta.json".to_string()), "{changed:?}");
    assert!(!changed.contains(&"r/0.json".to_string()), "{changed:?}");
    assert!(!changed.contains(&"search.js".to_string()));
    assert_eq!(search(&public, "سوخت"), news(&[2006, 2005]));
    assert_eq!(index_built_anew(root.path()), after);
}

/// The paths of the files in `after` that `before` did not have with the same bytes.
fn changed(before: &[(PathBuf, Vec<u8>)], after: &[(PathBuf, Vec<u8>)]) -> Vec<String> {
    after
        .iter()
        .filter(|file| !before.contains(file))
        .map(|(path, _)| path.display().to_string())
        .collect()
}

/// The search files of the site at `root`'s content built anew, without a cache, elsewhere.
fn index_built_anew(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let clean = fixture_copy("minimal");
    fs::remove_dir_all(clean.path().join("content")).unwrap();
    support::copy_dir(&root.join("content"), &clean.path().join("content"));
    let build = akhbar(&["build", "--no-cache"], clean.path());
    assert!(build.status.success());
    support::site_files(&clean.path().join("public/search"))
}

/// An item given the next news number but an older date (written late, or dated by hand):
/// its number is still the next one, so the index changes in the same files as for the
/// newest item (`meta.json` apart, which says where it is by date); it ranks and filters by
/// its date.
#[test]
fn an_item_numbered_next_but_dated_earlier_ranks_by_date_and_moves_no_number() {
    let add = |date: &str| {
        let (root, public) = ranked_site();
        let before = support::site_files(&public.join("search"));
        let news_folder = root.path().join("content/news");
        write_item(&news_folder, 2006, date, "خبر ششم", "کارت سوخت.");
        assert!(akhbar(&["build"], root.path()).status.success());
        let after = support::site_files(&public.join("search"));
        let mut changed = changed(&before, &after);
        changed.retain(|path| path != "meta.json");
        (root, public, changed)
    };
    let (_newest, _, changed_newest) = add("1404/02/06");
    let (root, public, changed) = add("1404/01/01");
    assert_eq!(changed, changed_newest);
    assert!(!changed.contains(&"r/0.json".to_string()), "{changed:?}");

    let found = search_all(
        &public,
        &[
            ("کارت", serde_json::json!({})),
            ("کارت", serde_json::json!({"newest": true})),
            ("کارت", serde_json::json!({"year": "1404", "month": "1"})),
            ("کارت", serde_json::json!({"year": "1404", "month": "2"})),
        ],
    );
    assert_eq!(found[0].urls, news(&[2001, 2005, 2003, 2002, 2006]));
    assert_eq!(found[1].urls, news(&[2005, 2003, 2002, 2006, 2001]));
    assert_eq!(found[2].urls, news(&[2001, 2003, 2002, 2006]));
    assert_eq!(found[3].urls, news(&[2005]));
    assert_eq!(
        index_built_anew(root.path()),
        support::site_files(&public.join("search"))
    );
}
