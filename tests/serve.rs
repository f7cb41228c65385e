//! `akhbar serve` on a loopback port: what it serves, and what an editor's save does.

mod support;

use std::fs;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use akhbar::serve::{BuildState, RunningPreview, ServeOptions, start};
use tempfile::TempDir;

fn site() -> TempDir {
    support::fixture_copy("minimal")
}

fn preview(root: &Path) -> RunningPreview {
    let options = ServeOptions {
        root: root.to_path_buf(),
        address: "127.0.0.1:0".parse().unwrap(),
        drafts: false,
        lang: akhbar::diagnostic::Lang::En,
    };
    start(options, |_| {}).unwrap()
}

/// Status, content type and body of `path`.
fn get(address: SocketAddr, path: &str) -> (u16, String, String) {
    let mut response = support::agent()
        .get(&format!("http://{address}{path}"))
        .call()
        .unwrap();
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    let status = response.status().as_u16();
    (
        status,
        kind,
        response.body_mut().read_to_string().unwrap_or_default(),
    )
}

/// Waits (up to a generous limit, for a slow machine) until the build state passes `test`.
fn wait_for(preview: &RunningPreview, test: impl Fn(&BuildState) -> bool) -> BuildState {
    let limit = Instant::now() + Duration::from_secs(20);
    loop {
        let state = preview.state();
        if test(&state) {
            return state;
        }
        assert!(
            Instant::now() < limit,
            "the preview never got there: {state:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn pages_and_files_are_served_with_their_types() {
    let site = site();
    let preview = preview(site.path());
    let address = preview.address;
    let (status, kind, home) = get(address, "/");
    assert_eq!((status, kind.as_str()), (200, "text/html; charset=utf-8"));
    assert!(
        home.contains("<script src=\"/__akhbar/reload.js\" data-version=\"1\"></script></body>")
    );
    let (_, _, news) = get(address, "/news/1005/");
    let canonical = format!("<link rel=\"canonical\" href=\"http://{address}/news/1005/\">");
    assert!(news.contains(&canonical), "links point at the preview");
    let category = news.split("<a href=\"/category/").nth(1).unwrap();
    let category = &category[..category.find('"').unwrap()];
    assert!(
        category
            .chars()
            .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
    );
    let encoded: String = category.bytes().map(|b| format!("%{b:02X}")).collect();
    let (status, _, page) = get(address, &format!("/category/{encoded}"));
    assert_eq!(status, 200, "a Persian address, percent-encoded");
    assert!(page.contains("/news/1005/"));
    let (_, kind, _) = get(address, "/css/site.css");
    assert_eq!(kind, "text/css; charset=utf-8");
    let (_, kind, _) = get(address, "/rss.xml");
    assert_eq!(kind, "application/xml; charset=utf-8");
    let (_, kind, script) = get(address, "/__akhbar/reload.js");
    assert_eq!(kind, "text/javascript; charset=utf-8");
    assert!(script.contains("EventSource"));
    let folder = support::agent()
        .get(&format!("http://{address}/news/1001"))
        .call()
        .unwrap();
    assert_eq!(folder.status().as_u16(), 308);
    assert_eq!(folder.headers()["location"], "/news/1001/");
    assert_eq!(get(address, "/news/9999/").0, 404);
    assert_eq!(get(address, "/../site.toml").0, 404);
}

#[test]
fn a_saved_edit_is_rebuilt_and_announced() {
    let site = site();
    let preview = preview(site.path());
    let address = preview.address;
    let events = support::agent()
        .get(&format!("http://{address}/__akhbar/events"))
        .call()
        .unwrap();
    let mut lines = BufReader::new(events.into_body().into_reader()).lines();
    let mut next_event = move || {
        lines
            .by_ref()
            .map(Result::unwrap)
            .find_map(|line| line.strip_prefix("data: ").map(str::to_string))
            .unwrap()
    };
    assert_eq!(next_event(), r#"{"version":1}"#);

    let item = site.path().join("content/news/1404/01/1005.md");
    let text = fs::read_to_string(&item).unwrap();
    fs::write(
        &item,
        text.replacen("---\n\n", "---\n\nبند تازه‌ای که ویراستار افزود.\n\n", 1),
    )
    .unwrap();
    assert_eq!(next_event(), r#"{"version":2}"#);
    let (_, _, page) = get(address, "/news/1005/");
    assert!(page.contains("بند تازه‌ای که ویراستار افزود."));
    assert!(page.contains("data-version=\"2\""));
}

#[test]
fn a_broken_file_is_shown_until_it_is_fixed() {
    let site = site();
    let preview = preview(site.path());
    let item = site.path().join("content/news/1404/01/1005.md");
    let good = fs::read_to_string(&item).unwrap();
    let date_line = good.lines().position(|l| l.starts_with("date:")).unwrap() + 1;
    let broken: String = good
        .lines()
        .map(|l| {
            if l.starts_with("date:") {
                "date: 1400/12/30".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(&item, broken).unwrap();
    let state = wait_for(&preview, |s| s.error.is_some());
    let error = state.error.unwrap();
    assert!(
        error.contains(&format!("content/news/1404/01/1005.md:{date_line}:")),
        "{error}"
    );
    assert!(error.contains("1400 is not a leap year"), "{error}");
    assert_eq!(state.version, 1, "the last good build is still served");
    assert_eq!(get(preview.address, "/news/1005/").0, 200);

    fs::write(&item, good).unwrap();
    let state = wait_for(&preview, |s| s.error.is_none() && s.version == 2);
    assert_eq!(state.version, 2);
}
