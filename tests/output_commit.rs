//! The output folder is the old site or the new one, whatever stops a build: faults injected at
//! the commit's steps of a real `akhbar build` (a debug build reads `AKHBAR_FAULT`), a second
//! build at the same time, and the leftovers of builds killed by earlier versions.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use akhbar::output::work_folder::WorkFolder;
use support::{fixture_copy, site_files};

/// Runs `akhbar build` in English on the site at `root`, with `AKHBAR_FAULT` set to `fault`.
fn build(root: &Path, fault: Option<&str>, extra: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_akhbar"));
    command
        .arg("build")
        .args(extra)
        .arg("--root")
        .arg(root)
        .args(["--lang", "en"])
        .env_remove("AKHBAR_FAULT");
    if let Some(fault) = fault {
        command.env("AKHBAR_FAULT", fault);
    }
    command.output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A built fixture site, and an edit that changes, adds and removes pages: a new item in a
/// new month, and the about page gone.
fn built_site_and_edit() -> tempfile::TempDir {
    let root = fixture_copy("minimal");
    let first = build(root.path(), None, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let folder = root.path().join("content/news/1404/02");
    fs::create_dir_all(&folder).unwrap();
    fs::write(
        folder.join("1006.md"),
        "---\nid: 1006\ntitle: خبر تازه\ndate: 1404/02/01\ncategory: اطلاعیه‌ها\n---\n\nمتن\n",
    )
    .unwrap();
    fs::remove_file(root.path().join("content/pages/about.md")).unwrap();
    root
}

/// The site a clean build of `root` gives now.
fn clean_build(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let elsewhere = root.join("clean");
    let output = build(
        root,
        None,
        &["--no-cache", "--output", elsewhere.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let site = site_files(&elsewhere);
    fs::remove_dir_all(&elsewhere).unwrap();
    site
}

#[test]
fn a_failure_inside_the_commit_leaves_the_previous_site_and_says_so() {
    for (fault, extra) in [
        ("fail:Aside(0)", &[][..]),
        ("fail:Install(3)", &[][..]),
        ("fail:Remove(0)", &[][..]),
        ("fail:Done", &[][..]),
        ("fail:Done", &["--no-cache"][..]),
    ] {
        let root = built_site_and_edit();
        let public = root.path().join("public");
        let before = site_files(&public);
        let output = build(root.path(), Some(fault), extra);
        assert!(!output.status.success(), "{fault}");
        assert!(
            stderr(&output).contains("nothing was written; the previous site is unchanged"),
            "{fault}: {}",
            stderr(&output)
        );
        assert!(
            site_files(&public) == before,
            "{fault}: the previous site, byte for byte"
        );
        let again = build(root.path(), None, &[]);
        assert!(again.status.success(), "{}", stderr(&again));
        assert!(site_files(&public) == clean_build(root.path()), "{fault}");
    }
}

#[test]
fn after_a_build_killed_inside_the_commit_the_next_one_puts_the_site_back_and_finishes() {
    for (fault, extra) in [
        ("crash:Install(2)", &[][..]),
        ("crash:Remove(0)", &[][..]),
        ("crash:Done", &[][..]),
        ("crash:Install(0)", &["--no-cache"][..]),
        ("crash:Done", &["--no-cache"][..]),
    ] {
        let root = built_site_and_edit();
        let public = root.path().join("public");
        let before = site_files(&public);
        let killed = build(root.path(), Some(fault), extra);
        assert!(!killed.status.success(), "{fault}: the process was stopped");
        assert!(akhbar::output::work_folder::interrupted(&public));

        let next = build(root.path(), None, &[]);
        assert!(next.status.success(), "{}", stderr(&next));
        assert!(
            stderr(&next).contains("an earlier build was stopped while putting its site in place: the site before it was put back"),
            "{fault}: {}",
            stderr(&next)
        );
        assert!(site_files(&public) == clean_build(root.path()), "{fault}");
        assert_ne!(site_files(&public), before);
        let work = root.path().join(".public.akhbar");
        let mut left: Vec<_> = fs::read_dir(&work)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        left.sort();
        assert_eq!(
            left,
            ["ledger.json", "lock"],
            "{fault}: nothing else is left"
        );
    }
}

#[test]
fn a_second_build_at_the_same_time_is_refused_and_changes_nothing() {
    let root = built_site_and_edit();
    let public = root.path().join("public");
    let before = site_files(&public);
    let held = WorkFolder::lock(&public).unwrap();
    let second = build(root.path(), None, &[]);
    assert!(!second.status.success());
    let expected = format!(
        "another akhbar build (process {}) is writing",
        std::process::id()
    );
    assert!(stderr(&second).contains(&expected), "{}", stderr(&second));
    assert!(site_files(&public) == before);
    drop(held);
    let after = build(root.path(), None, &[]);
    assert!(after.status.success(), "{}", stderr(&after));
}

#[test]
fn the_next_build_removes_what_killed_builds_of_earlier_versions_left() {
    let root = built_site_and_edit();
    for leftover in [".public.staging-31337", ".public.previous-42"] {
        let folder = root.path().join(leftover);
        fs::create_dir_all(folder.join("news/1")).unwrap();
        fs::write(folder.join("news/1/index.html"), "old copy").unwrap();
    }
    let output = build(root.path(), None, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut beside: Vec<String> = fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public"))
        .collect();
    beside.sort();
    assert_eq!(beside, [".public.akhbar"]);
}

#[test]
fn a_first_build_killed_inside_its_commit_leaves_no_half_site() {
    for fault in ["crash:Swap", "crash:Done"] {
        let root = fixture_copy("minimal");
        let public = root.path().join("public");
        let killed = build(root.path(), Some(fault), &[]);
        assert!(!killed.status.success(), "{fault}");
        let next = build(root.path(), None, &[]);
        assert!(next.status.success(), "{}", stderr(&next));
        assert!(site_files(&public) == clean_build(root.path()), "{fault}");
    }
}

#[test]
fn the_change_list_names_what_the_build_changed_in_both_forms() {
    let root = built_site_and_edit();
    let lists = tempfile::tempdir().unwrap();
    let (changes, paths) = (
        lists.path().join("changes.tsv"),
        lists.path().join("files-from"),
    );
    let args = [
        "--changes",
        changes.to_str().unwrap(),
        "--changed-paths",
        paths.to_str().unwrap(),
    ];
    let output = build(root.path(), None, &args);
    assert!(output.status.success(), "{}", stderr(&output));
    let listing = fs::read_to_string(&changes).unwrap();
    assert!(
        listing.contains("added\tnews/1006/index.html\n"),
        "{listing}"
    );
    assert!(listing.contains("removed\tabout/index.html\n"), "{listing}");
    assert!(listing.contains("changed\tindex.html\n"), "{listing}");
    assert!(
        !listing.contains("css/site.css"),
        "an unchanged file is not listed"
    );
    let counted = |kind: &str| {
        listing
            .lines()
            .filter(|line| line.starts_with(kind))
            .count()
    };
    let summary = format!(
        "; {} files added, {} changed, {} removed\n",
        counted("added\t"),
        counted("changed\t"),
        counted("removed\t")
    );
    assert!(stderr(&output).ends_with(&summary), "{}", stderr(&output));
    let files_from = fs::read_to_string(&paths).unwrap();
    let expected: String = listing
        .lines()
        .map(|line| format!("{}\n", line.split_once('\t').unwrap().1))
        .collect();
    assert_eq!(files_from, expected);

    let again = build(root.path(), None, &args);
    assert!(
        stderr(&again).ends_with("; no file in it changed\n"),
        "{}",
        stderr(&again)
    );
    assert_eq!(fs::read_to_string(&changes).unwrap(), "");

    let inside = root.path().join("public/changes.txt");
    let refused = build(root.path(), None, &["--changes", inside.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("the site was built, but the change list was not written"));
    assert!(!inside.exists(), "a change list is never published");
}
