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
