//! A site of generated news (examples/gen_corpus.rs), built whole: every link the build writes
//! must lead to a page or file of the site, across years, terms and many pages of lists.

mod support;

use std::fs;

use support::akhbar;

#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

const ITEMS: u32 = 600;

/// The address of the generated site (this repository's `site.toml`).
const BASE_URL: &str = "https://news.example.org";

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
/// and related items' pages, the taxonomy and archive pages that count it, feeds, and its
/// year's sitemap parts — never the older pages of a list, the pages of unrelated items, nor
/// the sitemap parts of other years.
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
    let index = fs::read(public.join("sitemap.xml")).unwrap();
    let sitemaps = support::sitemap_parts(&public, BASE_URL);
    // Every address a list has apart from the home page came with some item, and is in a
    // year's part: the part of what is there whatever the news stays small.
    let (_, pages) = sitemaps
        .iter()
        .find(|(name, _)| name == "sitemaps/pages.xml")
        .unwrap();
    for loc in pages.split("<loc>").skip(1) {
        let path = &loc[BASE_URL.len()..loc.find("</loc>").unwrap()];
        assert!(
            path.matches('/').count() <= 2,
            "{path}, a list's page, is in the part of what is there whatever the news"
        );
    }

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

    // The sitemaps: the item joins its year's news part, and may bring its year's lists part
    // a new address; the index and every other part keep their bytes.
    let changed_sitemaps: Vec<&str> = outside_search
        .iter()
        .copied()
        .filter(|path| path.starts_with("sitemap"))
        .collect();
    assert!(
        changed_sitemaps.contains(&"sitemaps/news-1403.xml"),
        "{changes}"
    );
    for path in &changed_sitemaps {
        assert!(
            ["sitemaps/news-1403.xml", "sitemaps/lists-1403.xml"].contains(path),
            "{path} changed: {changes}"
        );
    }
    assert_eq!(fs::read(public.join("sitemap.xml")).unwrap(), index);
    for (name, before) in &sitemaps {
        let after = fs::read_to_string(public.join(name)).unwrap();
        if name.ends_with("-1403.xml") {
            continue;
        }
        assert_eq!(&after, before, "{name}");
    }
    let years = sitemaps
        .iter()
        .filter(|(name, _)| name.starts_with("sitemaps/news-"))
        .count();
    assert_eq!(years, 10, "ten years of news, a part for each");
    let news_1403 = fs::read_to_string(public.join("sitemaps/news-1403.xml")).unwrap();
    assert!(news_1403.ends_with(
        "<url><loc>https://news.example.org/news/900001/</loc><lastmod>2025-03-19T18:00:00+03:30</lastmod></url>\n</urlset>\n"
    ), "the newest item comes last: {news_1403}");
}
