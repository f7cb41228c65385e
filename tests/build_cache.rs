//! `akhbar build` writes pages as it renders them and keeps a build cache: whatever editors
//! change between builds, and whatever happens to the output folder, a build through the
//! cache leaves exactly the folder a clean build on one thread writes, byte for byte; its
//! change list is exactly what changed in the folder, and the files it did not change keep
//! their modification times.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use akhbar::diagnostic::Diagnostics;
use akhbar::output::changes::ChangeList;
use akhbar::pipeline::{BuildOptions, BuildSummary, build, render_only};
use proptest::prelude::*;
use walkdir::WalkDir;

#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

#[path = "support/edits.rs"]
mod edits;
use edits::{Edit, apply, edit};

/// Every file under `dir` but the build marker, with its bytes, in path order.
fn folder(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let path = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            (path, fs::read(entry.path()).unwrap())
        })
        .filter(|(path, _)| path != Path::new(akhbar::output::MARKER))
        .collect();
    files.sort();
    files
}

/// The files added, changed and removed from `before` to `after`, as a build reports them.
fn difference(before: &[(PathBuf, Vec<u8>)], after: &[(PathBuf, Vec<u8>)]) -> ChangeList {
    let old: HashMap<&PathBuf, &Vec<u8>> = before.iter().map(|(p, b)| (p, b)).collect();
    let new: HashMap<&PathBuf, &Vec<u8>> = after.iter().map(|(p, b)| (p, b)).collect();
    let mut changes = ChangeList::default();
    for (path, bytes) in after {
        match old.get(path) {
            None => changes.added.push(path.clone()),
            Some(old_bytes) if *old_bytes != bytes => changes.changed.push(path.clone()),
            Some(_) => {}
        }
    }
    changes.removed = before
        .iter()
        .filter(|(path, _)| !new.contains_key(path))
        .map(|(path, _)| path.clone())
        .collect();
    changes.sorted()
}

/// Each file's modification time under `dir`.
fn modified(dir: &Path) -> HashMap<PathBuf, std::time::SystemTime> {
    WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let time = entry.metadata().unwrap().modified().unwrap();
            (entry.path().strip_prefix(dir).unwrap().to_path_buf(), time)
        })
        .collect()
}

/// A build of the site at `root` into `output` with the cache, or clean on one thread.
fn built(root: &Path, output: &Path, cached: bool) -> Result<BuildSummary, Diagnostics> {
    let options = BuildOptions {
        output: Some(output.to_path_buf()),
        cache: cached,
        ..BuildOptions::new(root)
    };
    if cached {
        return build(&options);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    pool.install(|| build(&options))
}

/// Something done to the output folder by hand between two builds.
#[derive(Debug, Clone)]
enum Tamper {
    None,
    Overwrite,
    Delete,
    Add,
}

fn tamper() -> impl Strategy<Value = Tamper> {
    prop_oneof![
        3 => Just(Tamper::None),
        1 => Just(Tamper::Overwrite),
        1 => Just(Tamper::Delete),
        1 => Just(Tamper::Add),
    ]
}

fn spoil(output: &Path, tamper: &Tamper) {
    match tamper {
        Tamper::None => {}
        Tamper::Overwrite => fs::write(output.join("index.html"), "<p>دستی</p>").unwrap(),
        // Already gone when the build after the last deletion failed, as it may (an item
        // linking to one deleted), leaving the output as it was.
        Tamper::Delete => match fs::remove_file(output.join("rss.xml")) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => panic!("{error}"),
            _ => {}
        },
        Tamper::Add => fs::write(output.join("notes.txt"), "یادداشت").unwrap(),
    }
}

proptest! {
    // Each case builds a generated site several times: 4 by default, more with PROPTEST_CASES.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(4),
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_cached_build_writes_what_a_clean_single_threaded_build_writes(
        changes in proptest::collection::vec((edit(), tamper()), 1..5),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        gen_corpus::generate(edits::ITEMS, root).unwrap();
        settle(root);
        let (cached, clean) = (root.join("cached"), root.join("clean"));
        let first = built(root, &cached, true).unwrap();
        prop_assert_eq!(first.rendered, first.pages);
        let again = built(root, &cached, true).unwrap();
        prop_assert_eq!(again.rendered, 0, "an unchanged site renders nothing");
        prop_assert_eq!(again.other_files, first.other_files, "kept files counted too");
        built(root, &clean, false).unwrap();
        prop_assert!(folder(&cached) == folder(&clean));

        for (step, (edit, tamper)) in changes.iter().enumerate() {
            // Saved a few seconds ago, so that the cached build trusts the other files' stamps
            // and takes their items unread from its parsed-content cache.
            let saved_at = std::time::SystemTime::now() - std::time::Duration::from_secs(3);
            for path in apply(root, edit, step).iter().filter(|path| path.is_file()) {
                fs::File::options().write(true).open(path).unwrap().set_modified(saved_at).unwrap();
            }
            spoil(&cached, tamper);
            let before = folder(&cached);
            let (times, clean_before) = (modified(&cached), folder(&clean));
            match (built(root, &cached, true), built(root, &clean, false)) {
                (Ok(summary), Ok(clean_summary)) => {
                    let after = folder(&cached);
                    prop_assert!(after == folder(&clean), "differs after {:?}, {:?}", edit, tamper);
                    prop_assert_eq!(&summary.changes, &difference(&before, &after));
                    prop_assert_eq!(&clean_summary.changes, &difference(&clean_before, &after));
                    prop_assert_eq!(summary.other_files, clean_summary.other_files);
                    let now = modified(&cached);
                    for (path, bytes) in &after {
                        if before.iter().any(|(old, old_bytes)| old == path && old_bytes == bytes) {
                            prop_assert_eq!(times.get(path), now.get(path), "{} was touched", path.display());
                        }
                    }
                    if let (Edit::Body(_), Tamper::None) = (edit, tamper) {
                        prop_assert!(summary.rendered < summary.pages / 2, "{} of {} pages rendered for one body", summary.rendered, summary.pages);
                    }
                }
                (Err(cached_error), Err(clean_error)) => {
                    prop_assert_eq!(cached_error, clean_error);
                    prop_assert!(folder(&cached) == before, "a failed build changed the output");
                }
                (cached_result, clean_result) => {
                    return Err(TestCaseError::fail(format!(
                        "one build failed: {:?} / {:?}",
                        cached_result.err(),
                        clean_result.err()
                    )));
                }
            }
        }
    }
}

/// The pages `akhbar serve` renders in memory are those `akhbar build` writes, and the rest
/// of the output folder is the static files.
#[test]
fn a_streamed_build_writes_what_a_build_in_memory_renders() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    gen_corpus::generate(150, root).unwrap();
    let output = root.join("public");
    built(root, &output, false).unwrap();
    let written = folder(&output);
    let mut rendered: Vec<(PathBuf, Vec<u8>)> = render_only(&BuildOptions::new(root))
        .unwrap()
        .files
        .into_iter()
        .map(|file| (file.path, file.bytes.to_vec()))
        .collect();
    rendered.sort();
    let statics: Vec<&PathBuf> = written
        .iter()
        .filter(|file| rendered.binary_search(file).is_err())
        .map(|(path, _)| path)
        .collect();
    assert!(
        statics.iter().all(|path| ["css", "fonts", "favicon.svg"]
            .iter()
            .any(|s| path.starts_with(s))),
        "besides the rendered files, only the theme's static files: {statics:?}"
    );
    assert_eq!(written.len(), rendered.len() + statics.len());
    assert!(
        rendered
            .iter()
            .any(|(path, _)| path.starts_with("search/b")),
        "the search index is among what is compared"
    );
}

/// A cache written by another build (here: with drafts) is not used, and a deleted cache only
/// means the next build renders everything.
#[test]
fn a_cache_of_another_build_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    gen_corpus::generate(20, root).unwrap();
    let output = root.join("public");
    built(root, &output, true).unwrap();
    let drafts = BuildOptions {
        output: Some(output.clone()),
        drafts: true,
        ..BuildOptions::new(root)
    };
    let with_drafts = build(&drafts).unwrap();
    assert_eq!(with_drafts.rendered, with_drafts.pages);
    assert_eq!(build(&drafts).unwrap().rendered, 0);
    fs::remove_dir_all(root.join(".akhbar")).unwrap();
    let afresh = built(root, &output, true).unwrap();
    assert_eq!(afresh.rendered, afresh.pages);
}

/// Sets the modification time of every file under `root` to a minute ago, as if the editors
/// had saved them a while before the build.
fn settle(root: &Path) {
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for entry in WalkDir::new(root).into_iter().map(Result::unwrap) {
        if entry.file_type().is_file() {
            let file = fs::File::options().write(true).open(entry.path()).unwrap();
            file.set_modified(past).unwrap();
        }
    }
}

/// A timer runs `akhbar build` every few minutes: with no file of the site changed and no
/// scheduled moment come, the build reads nothing and changes nothing; an edit, a scheduled
/// item's moment or a file taken from the output makes it build again.
#[test]
fn a_build_with_nothing_changed_or_due_reads_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    gen_corpus::generate(12, root).unwrap();
    let due = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(5);
    let scheduled = root.join("content/news/scheduled.md");
    fs::write(
        &scheduled,
        format!(
            "---\nid: 990001\ntitle: خبر زمان‌دار\ndate: 1403/01/10 09:00\npublish_at: {}\n---\nمتن خبر زمان‌دار.\n",
            due.strftime("%Y-%m-%dT%H:%M:%SZ")
        ),
    )
    .unwrap();
    settle(root);
    let output = root.join("public");
    let first = built(root, &output, true).unwrap();
    assert!(!first.up_to_date, "the first build reads everything");
    let before = folder(&output);
    let again = built(root, &output, true).unwrap();
    assert!(again.up_to_date);
    assert!(again.changes.is_empty());
    assert_eq!(
        (again.pages, again.news),
        (first.pages, first.news),
        "the counts are the previous build's"
    );
    assert_eq!(folder(&output), before);

    let item = gen_corpus::news_files(root)[3].clone();
    let text = fs::read_to_string(&item).unwrap();
    fs::write(&item, format!("{text}\nبند تازه.\n")).unwrap();
    settle(root);
    let edited = built(root, &output, true).unwrap();
    assert!(!edited.up_to_date, "an edit is read");
    assert!(!edited.changes.is_empty());
    assert!(built(root, &output, true).unwrap().up_to_date);

    let page = output.join("news/990001/index.html");
    assert!(!page.exists(), "not published before its moment");
    while jiff::Timestamp::now() <= due {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let published = built(root, &output, true).unwrap();
    assert!(!published.up_to_date, "a scheduled moment came");
    assert!(
        page.is_file(),
        "published at its moment, with no file changed"
    );

    fs::remove_file(output.join("index.html")).unwrap();
    let mended = built(root, &output, true).unwrap();
    assert!(!mended.up_to_date, "the output is not as the record says");
    assert!(output.join("index.html").is_file());
}

/// An item taken away while a page kept from the previous build still links to it by hand:
/// the build reads that page again and refuses, naming it; with the link taken out too, the
/// build goes through. (The pages that linked to a file are known from the previous build's
/// record, so only those are read again; the output is left as the build wrote it, for the
/// record to be trusted.)
#[test]
fn a_kept_page_linking_to_an_item_taken_away_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    gen_corpus::generate(12, root).unwrap();
    let files = gen_corpus::news_files(root);
    let field = |text: &str, name: &str| {
        let line = text.lines().find_map(|line| line.strip_prefix(name));
        line.unwrap().trim().to_string()
    };
    // Dated as the first item, so that no month of the archive comes or goes with it.
    let date = field(&fs::read_to_string(&files[0]).unwrap(), "date: ");
    let lonely = root.join("content/news/lonely.md");
    let item = format!("---\nid: 990002\ntitle: خبر تنها\ndate: {date}\n---\nمتن خبر تنها.\n");
    fs::write(&lonely, item).unwrap();
    let linking = files[files.len() - 1].clone();
    let text = fs::read_to_string(&linking).unwrap();
    let id = field(&text, "id: ");
    fs::write(&linking, format!("{text}\n[خبر تنها](/news/990002/)\n")).unwrap();
    settle(&root.join("content"));
    let output = root.join("public");
    built(root, &output, true).unwrap();
    let before = folder(&output);

    fs::remove_file(&lonely).unwrap();
    settle(&root.join("content"));
    let refused = built(root, &output, true).unwrap_err().to_string();
    let page = format!("news/{id}/index.html: the page /news/{id}/ links to /news/990002/");
    assert!(refused.contains(&page), "{refused}");
    assert_eq!(folder(&output), before, "a refused build changes nothing");

    fs::write(&linking, &text).unwrap();
    settle(&root.join("content"));
    let summary = built(root, &output, true).unwrap();
    assert!(summary.changes.len() > 1, "{:?}", summary.changes);
    assert!(!output.join("news/990002/index.html").exists());
}
