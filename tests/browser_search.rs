//! Searching the built demo in a real browser: Arabic letters, phrases, filters, the header
//! box's suggestions, what a query downloads, and an accessibility check with axe-core.
//!
//! Needs Debian's `chromium` and axe-core (`npm install --prefix target/axe axe-core`);
//! `.ci/run` installs both and runs these with `--ignored`.

#[path = "support/devtools.rs"]
mod devtools;
#[path = "support/served.rs"]
mod served;

use std::path::Path;

use devtools::DevTools;
use served::{build_demo, chromium, probe_of, serve};

/// With `#type=<query>` in the address, types the query into the header's search box one
/// character at a time, as a reader would, then lists the suggested addresses.
const TYPIST: &str = "<script>addEventListener('load', () => { \
    if (!location.hash.startsWith('#type=')) return; \
    const query = decodeURIComponent(location.hash.slice(6)); \
    const input = document.querySelector('#site-search-q'); input.focus(); \
    [...query].forEach((c, i) => setTimeout(() => { input.value += c; input.dispatchEvent(new Event('input', {bubbles: true})); }, 60 * i)); \
    setTimeout(() => { const typed = document.createElement('pre'); typed.id = 'akhbar-typed'; \
      typed.textContent = [...document.querySelectorAll('[role=option]')].map(o => o.dataset.url).join(' '); \
      document.body.append(typed); }, 60 * query.length + 2000); });</script>";

#[test]
#[ignore = "needs Debian's chromium, which .ci/run installs"]
fn an_arabic_letter_query_finds_the_persian_item() {
    let site = build_demo();
    let port = serve(site.path().to_path_buf(), TYPIST);
    // «كارت هوشمند» with the Arabic kaf, as an Arabic keyboard types it.
    let query = "%D9%83%D8%A7%D8%B1%D8%AA%20%D9%87%D9%88%D8%B4%D9%85%D9%86%D8%AF";
    for width in [375, 1280] {
        let url = format!("http://127.0.0.1:{port}/search/?q={query}");
        let dom = chromium(width, &["--dump-dom".into()], &url);
        assert!(
            dom.contains("href=\"/news/242513/\""),
            "{width}px: the seed article is found:\n{dom}"
        );
        assert!(dom.contains("<mark>"), "the match is highlighted");
        let probe = probe_of(&dom);
        assert!(probe.starts_with("direction=rtl;scroll=false;"), "{probe}");
    }
    // «ﻛﺎﺭﺕ» in Arabic presentation forms, as text copied from a PDF carries it.
    let from_pdf = "%EF%BB%9B%EF%BA%8E%EF%BA%AD%EF%BA%95%20%D9%87%D9%88%D8%B4%D9%85%D9%86%D8%AF";
    let dom = chromium(
        1280,
        &["--dump-dom".into()],
        &format!("http://127.0.0.1:{port}/search/?q={from_pdf}"),
    );
    assert!(
        dom.contains("href=\"/news/242513/\""),
        "presentation forms are folded too"
    );
    let shot = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots/search-375.png");
    chromium(
        375,
        &[format!("--screenshot={}", shot.display())],
        &format!("http://127.0.0.1:{port}/search/?q={query}"),
    );
}

#[test]
#[ignore = "needs Debian's chromium, which .ci/run installs"]
fn a_match_deep_in_an_item_is_shown_in_its_snippet() {
    let site = build_demo();
    let port = serve(site.path().to_path_buf(), TYPIST);
    // «کیفیت» is near the end of the seed article, past the text its result keeps.
    let results = std::fs::read_dir(site.path().join("search/r")).unwrap();
    let seed = results
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .find(|result| result.contains("/news/242513/"))
        .expect("the seed article has a result file");
    assert!(
        !seed.contains("کیفیت"),
        "the result file keeps only the start"
    );
    let query = "%DA%A9%DB%8C%D9%81%DB%8C%D8%AA";
    let url = format!("http://127.0.0.1:{port}/search/?q={query}");
    let dom = chromium(1280, &["--dump-dom".into()], &url);
    assert!(dom.contains("href=\"/news/242513/\""), "{dom}");
    assert!(dom.contains("<mark>کیفیت</mark>"), "{dom}");
}

#[test]
#[ignore = "needs Debian's chromium, which .ci/run installs"]
fn typing_in_the_header_box_suggests_the_persian_item() {
    let site = build_demo();
    let port = serve(site.path().to_path_buf(), TYPIST);
    // Typed with the Arabic kaf and yeh: «كارت هوشمند ملي».
    let typed =
        "%D9%83%D8%A7%D8%B1%D8%AA%20%D9%87%D9%88%D8%B4%D9%85%D9%86%D8%AF%20%D9%85%D9%84%D9%8A";
    let dom = chromium(
        1280,
        &["--dump-dom".into()],
        &format!("http://127.0.0.1:{port}/#type={typed}"),
    );
    let suggested = dom
        .split("<pre id=\"akhbar-typed\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .expect("the typist reports");
    assert!(
        suggested.split(' ').any(|url| url == "/news/242513/"),
        "suggested: {suggested}"
    );
}

/// The axe-core script `.ci/run` installs under `target/axe`.
fn axe_script() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target/axe/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; install it with `npm install --prefix target/axe axe-core`",
            path.display()
        )
    })
}

/// Sets the search page's field or filter `name` to `value` as a reader's input does.
fn set(page: &mut DevTools, name: &str, value: &str, event: &str) {
    let script = format!(
        "(() => {{ const f = document.getElementById('search-page').elements[{name:?}]; \
         f.value = {value:?}; f.dispatchEvent(new Event({event:?}, {{bubbles: true}})); return f.value; }})()"
    );
    assert_eq!(page.evaluate(&script), value, "{name} takes {value}");
}

/// The result list once `ready` (a script) gives "true" and the list is no longer busy (results
/// are shown as they come): each result's address and date line.
fn results_when(page: &mut DevTools, ready: &str) -> Vec<(String, String)> {
    let done = "document.getElementById('search-results').getAttribute('aria-busy') !== 'true'";
    page.wait_for(&format!("String(({ready}) && {done})"), |value| {
        value == "true"
    });
    let listed = page.evaluate(
        "JSON.stringify([...document.querySelectorAll('#search-results li')].map((li) => \
         [li.querySelector('a').getAttribute('href'), li.querySelector('.search-result-meta').textContent]))",
    );
    serde_json::from_str(&listed).unwrap()
}

#[test]
#[ignore = "needs Debian's chromium and axe-core, which .ci/run installs"]
fn a_reader_searches_a_phrase_in_arabic_letters_with_a_filter() {
    let site = build_demo();
    let port = serve(site.path().to_path_buf(), "");
    let mut page = DevTools::open(&format!("http://127.0.0.1:{port}/search/"));
    // The script has set the page up (its filters are shown once it has the index's meta):
    // a query typed before would be lost.
    page.wait_for(
        "String(document.querySelector('.search-filters')?.hidden === false)",
        |v| v == "true",
    );
    // «"كارت هوشمند" ملي»: a quoted phrase, with the Arabic kaf and yeh.
    set(&mut page, "q", "\"كارت هوشمند\" ملي", "input");
    let found = results_when(
        &mut page,
        "document.getElementById('search-status').textContent.endsWith('نتیجه') && \
         document.querySelectorAll('#search-results li').length > 0",
    );
    assert!(
        found.iter().any(|(url, _)| url == "/news/242513/"),
        "{found:?}"
    );
    let status = page.evaluate("document.getElementById('search-status').textContent");
    let count = status.strip_suffix(" نتیجه").map(from_persian);
    assert!(count >= Some(found.len()), "{status}: every result counted");
    for (url, _) in &found {
        let html = std::fs::read_to_string(site.path().join(&url[1..]).join("index.html")).unwrap();
        assert!(html.contains("کارت هوشمند"), "{url} has the phrase");
    }
    // Only the news of 1399.
    page.wait_for(
        "String(document.querySelector('select[name=year]').options.length > 1)",
        |v| v == "true",
    );
    set(&mut page, "year", "1399", "change");
    // Every result shown is of 1399 (the wait fails after 30 s otherwise), and some were not.
    let in_1399 = results_when(
        &mut page,
        "[...document.querySelectorAll('#search-results .search-result-meta')].every((e) => \
         e.textContent.includes('۱۳۹۹')) && document.querySelectorAll('#search-results li').length > 0",
    );
    assert!(in_1399.len() < found.len(), "{in_1399:?} of {found:?}");
    assert!(page.evaluate("location.search").contains("year=1399"));
    // What the reader downloaded for it: the index files, at most the goal's 120 KB.
    let bytes: u64 = page
        .evaluate(
            "String(performance.getEntriesByType('resource').filter((e) => e.name.includes('/search/'))\
             .reduce((n, e) => n + e.encodedBodySize, 0))",
        )
        .parse()
        .unwrap();
    assert!(bytes > 0 && bytes < 120_000, "{bytes} bytes");
    // Screen readers hear the count; axe-core finds nothing to fix on the page (but for the
    // probe these tests add to it).
    assert_eq!(
        page.evaluate("document.getElementById('search-status').getAttribute('role')"),
        "status"
    );
    page.evaluate(&axe_script());
    page.evaluate("axe.run({ exclude: [['#akhbar-probe']] }).then((r) => { window.axeDone = JSON.stringify(r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target).join(' '))); })");
    page.wait_for("window.axeDone || ''", |done| !done.is_empty());
    assert_eq!(page.evaluate("window.axeDone"), "[]");
}

/// The number written in Persian digits with the Persian thousands separator (٬), as the
/// status line shows it.
fn from_persian(text: &str) -> usize {
    let digits: String = text
        .chars()
        .filter(|c| *c != '٬')
        .map(|c| char::from_digit(c as u32 - '۰' as u32, 10).expect("a Persian digit"))
        .collect();
    digits.parse().unwrap()
}
