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
    preview_allowing(root, &[])
}

/// A preview that answers the host names `allowed` besides its own.
fn preview_allowing(root: &Path, allowed: &[&str]) -> RunningPreview {
    let options = ServeOptions {
        root: root.to_path_buf(),
        address: "127.0.0.1:0".parse().unwrap(),
        drafts: false,
        lang: akhbar::diagnostic::Lang::En,
        allowed_hosts: allowed.iter().map(|name| name.to_string()).collect(),
        desk: false,
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

#[cfg(unix)]
fn link(target: impl AsRef<Path>, at: &Path) {
    fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, at).unwrap();
}

#[cfg(unix)]
/// A pending comment with a reader's email, on news 1001.
fn add_comment(root: &Path) {
    let folder = root.join("content/comments/1001");
    fs::create_dir_all(&folder).unwrap();
    fs::write(
        folder.join("c1.yaml"),
        "id: c1\nnews_id: 1001\nname: مریم\nemail: maryam@example.org\nbody: سلام\n\
         received_at: 2025-03-21T10:00:00Z\nstatus: pending\nip_hash: ab12\n",
    )
    .unwrap();
}

#[cfg(unix)]
#[test]
fn links_out_of_the_site_are_never_served() {
    let site = site();
    let root = site.path();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("leak.txt"), "outside-folder").unwrap();
    add_comment(root);
    link("/etc/passwd", &root.join("static/passwd.txt"));
    link(outside.path(), &root.join("static/shared"));
    link("../content/comments", &root.join("static/c"));
    link(
        outside.path().join("leak.txt"),
        &root.join("themes/plain/static/leak.txt"),
    );
    let preview = preview(root);
    let state = wait_for(&preview, |s| s.error.is_some());
    let error = state.error.unwrap();
    for path in [
        "static/passwd.txt",
        "static/shared",
        "static/c",
        "themes/plain/static/leak.txt",
    ] {
        assert!(error.contains(&format!("  {path}: leads to ")), "{error}");
    }
    for path in [
        "/passwd.txt",
        "/shared/leak.txt",
        "/c/1001/c1.yaml",
        "/leak.txt",
    ] {
        let (status, _, body) = get(preview.address, path);
        assert_eq!(status, 404, "{path}: {body}");
        assert!(!body.contains("root:") && !body.contains("maryam@example.org"));
    }
}

#[cfg(unix)]
#[test]
fn a_file_turned_into_a_link_out_of_the_site_is_no_longer_served() {
    let site = site();
    let root = site.path();
    let notes = root.join("static/notes.txt");
    fs::write(&notes, "یادداشت").unwrap();
    let preview = preview(root);
    let (status, _, body) = get(preview.address, "/notes.txt");
    assert_eq!((status, body.as_str()), (200, "یادداشت"));
    fs::remove_file(&notes).unwrap();
    link("/etc/passwd", &notes);
    let state = wait_for(&preview, |s| s.error.is_some());
    assert!(
        state
            .error
            .unwrap()
            .contains("static/notes.txt: leads to /etc/passwd")
    );
    let (status, _, body) = get(preview.address, "/notes.txt");
    assert_eq!(status, 404, "{body}");
}

#[cfg(unix)]
#[test]
fn links_inside_the_site_are_served() {
    let site = site();
    let root = site.path();
    fs::create_dir_all(root.join("assets")).unwrap();
    fs::write(root.join("assets/mark.svg"), "<svg/>").unwrap();
    link("../assets", &root.join("static/brand"));
    link("images/logo.svg", &root.join("static/logo.svg"));
    let about = root.join("content/pages/about.md");
    let text = fs::read_to_string(&about).unwrap();
    fs::write(&about, format!("{text}\n![نشان](/brand/mark.svg)\n")).unwrap();
    let preview = preview(root);
    assert_eq!(
        preview.state().error,
        None,
        "the link to the image leads somewhere"
    );
    let (status, kind, body) = get(preview.address, "/brand/mark.svg");
    assert_eq!(
        (status, kind.as_str(), body.as_str()),
        (200, "image/svg+xml", "<svg/>")
    );
    assert_eq!(get(preview.address, "/logo.svg").0, 200);
}

/// The status line and body of a GET of `/` that says it is for `host`.
fn get_as(address: SocketAddr, host: &str) -> (String, String) {
    raw(
        address,
        &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
}

/// The status line and body of the answer to `request`, sent as it is.
fn raw(address: SocketAddr, request: &str) -> (String, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    (
        head.lines().next().unwrap_or("").to_string(),
        body.to_string(),
    )
}

#[test]
fn only_the_previews_own_host_names_are_answered() {
    let site = site();
    let preview = preview(site.path());
    let address = preview.address;
    let port = address.port();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "localhost".to_string(),
        format!("LocalHost:{port}"),
    ] {
        let (status, _) = get_as(address, &host);
        assert_eq!(status, "HTTP/1.1 200 OK", "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost.evil.example:{port}"),
        format!("10.1.2.3:{port}"),
    ] {
        let (status, body) = get_as(address, &host);
        assert_eq!(status, "HTTP/1.1 421 Misdirected Request", "{host}");
        assert!(body.contains("--allow-host"), "{body}");
        assert!(
            !body.contains("<script"),
            "no page, no reload script: {body}"
        );
    }
    let events = "GET /__akhbar/events HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n";
    let (status, _) = raw(address, events);
    assert_eq!(
        status, "HTTP/1.1 421 Misdirected Request",
        "the build events too"
    );

    let allowing = preview_allowing(site.path(), &["preview.lan"]);
    let port = allowing.address.port();
    let (status, _) = get_as(allowing.address, &format!("Preview.LAN:{port}"));
    assert_eq!(status, "HTTP/1.1 200 OK", "a name given with --allow-host");
}
