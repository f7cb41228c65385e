//! A site of generated news (examples/gen_corpus.rs), built whole: every link the build writes
//! must lead to a page or file of the site, across years, terms and many pages of lists.

mod support;

use std::fs;

use support::akhbar;

#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

const ITEMS: u32 = 600;

fn generated_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    gen_corpus::generate(ITEMS, dir.path()).unwrap();
    dir
}

#[test]
fn every_link_of_a_generated_portal_resolves() {
    let dir = generated_site();
    let output = akhbar(&["--quiet", "build"], dir.path());
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{report}");
    assert!(!report.contains("links to"), "{report}");

    let public = dir.path().join("public");
    let news_pages = fs::read_dir(public.join("news"))
        .unwrap()
        .filter(|entry| entry.as_ref().unwrap().path().join("index.html").is_file())
        .count();
    assert_eq!(news_pages, ITEMS as usize);
    // Ten years of news: the archive has a page for each, and lists run to many pages.
    for year in 1394..=1403 {
        assert!(public.join(format!("archive/{year}/index.html")).is_file());
    }
    assert!(public.join("pages/2/index.html").is_file());
    assert!(public.join("tag").read_dir().unwrap().count() > 20);
}

#[test]
fn a_link_planted_in_a_generated_item_is_found() {
    let dir = generated_site();
    let item = walkdir::WalkDir::new(dir.path().join("content/news"))
        .into_iter()
        .map(Result::unwrap)
        .find(|entry| entry.path().extension().is_some_and(|ext| ext == "md"))
        .unwrap()
        .into_path();
    let mut text = fs::read_to_string(&item).unwrap();
    text.push_str("\n[خبر گمشده](/news/99999999/)\n");
    fs::write(&item, text).unwrap();

    let output = akhbar(&["check"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(
        report.starts_with("akhbar: 1 problem in the site:\n"),
        "{report}"
    );
    assert!(report.contains("links to /news/99999999/, which the site does not have"));
}

/// Publishing one item (today's month, an existing category and tags) changes a bounded set of
/// files, whatever the site's size: the lists it joins (their newest pages), its neighbours'
/// and related items' pages, the taxonomy and archive pages that count it, feeds and
/// sitemaps — never the older pages of a list, nor the pages of unrelated items.
#[test]
fn publishing_one_item_changes_a_bounded_set_of_files() {
    let dir = generated_site();
    let output = akhbar(&["--quiet", "build"], dir.path());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let public = dir.path().join("public");
    let oldest_home_page = fs::read(public.join("pages/1/index.html")).unwrap();

    let item = "---\nid: 900001\ntitle: \"اطلاعیهٔ تازهٔ ثبت احوال\"\ndate: 1403/12/29 18:00\n\
        category: اطلاعیه‌ها\ntags: [ایلام, سامانه e-Gov]\n---\n\nمتن اطلاعیهٔ تازه.\n";
    let path = dir.path().join("content/news/1403/12/900001.md");
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, item).unwrap();
    let list = dir.path().join("changes.txt");
    let list_arg = list.to_str().unwrap();
    let output = akhbar(&["--quiet", "build", "--changes", list_arg], dir.path());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let changes = fs::read_to_string(&list).unwrap();
    let outside_search: Vec<&str> = changes
        .lines()
        .filter_map(|line| line.split('\t').nth(1))
        .filter(|path| !path.starts_with("search/"))
        .collect();
    assert!(
        outside_search.contains(&"news/900001/index.html"),
        "{changes}"
    );
    assert!(outside_search.contains(&"index.html"), "{changes}");
    assert!(
        outside_search.len() <= 40,
        "{} files: {changes}",
        outside_search.len()
    );
    assert!(
        !outside_search
            .iter()
            .any(|path| path.starts_with("pages/1/"))
    );
    assert_eq!(
        fs::read(public.join("pages/1/index.html")).unwrap(),
        oldest_home_page
    );
}
