//! The built demo in a real browser: right to left, nothing wider than a phone or a desktop, and
//! no reader's comment outside its box.
//!
//! Needs Debian's `chromium`; `.ci/run` installs it and runs these with `--ignored`.

#[path = "support/devtools.rs"]
mod devtools;
#[path = "support/reader_texts.rs"]
mod reader_texts;
mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;

use akhbar::comments::intake::challenge::solve;
use devtools::{CHROMIUM, DevTools, HEADLESS};
use reader_texts::{BOXES, extreme_texts};

/// Reports the page's direction and whether anything is wider than the viewport.
const PROBE: &str = "<script>addEventListener('load', () => { \
    const root = document.documentElement; \
    const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > root.clientWidth + 1 || e.getBoundingClientRect().left < -1).map(e => e.tagName + '.' + e.className).slice(0, 5); \
    const probe = document.createElement('pre'); probe.id = 'akhbar-probe'; \
    probe.textContent = 'direction=' + getComputedStyle(root).direction + ';scroll=' + (root.scrollWidth > root.clientWidth) + ';wide=' + wide.join(','); \
    document.body.append(probe); });</script>";

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

/// With `#comment` in the address, fills the comment form as a reader would and sends it, then
/// reports what the form's status line says.
const COMMENTER: &str = "<script>addEventListener('load', () => { \
    if (location.hash !== '#comment') return; \
    const form = document.querySelector('form.comment-form'); \
    const set = (name, value) => { const field = form.elements[name]; field.focus(); field.value = value; \
      field.dispatchEvent(new Event('input', {bubbles: true})); }; \
    set('name', 'سارا'); set('email', 'sara@example.org'); set('body', 'کارت من هم رسید؛ ممنون.'); \
    setTimeout(() => form.requestSubmit(), 500); \
    setTimeout(() => { const seen = document.createElement('pre'); seen.id = 'akhbar-commented'; \
      seen.textContent = form.querySelector('[role=status]').textContent; document.body.append(seen); }, 4000); });</script>";

fn build_demo() -> tempfile::TempDir {
    let output = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args([
            "--quiet",
            "build",
            "--root",
            env!("CARGO_MANIFEST_DIR"),
            "--output",
        ])
        .arg(output.path())
        .status()
        .unwrap();
    assert!(status.success());
    output
}

/// Serves `root` on a loopback port, adding the probe to every HTML page; returns the port.
fn serve(root: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            thread::spawn(move || respond(stream, &root));
        }
    });
    port
}

fn respond(mut stream: TcpStream, root: &Path) {
    let mut request = String::new();
    if BufReader::new(&stream).read_line(&mut request).is_err() {
        return;
    }
    let path = request
        .split(' ')
        .nth(1)
        .unwrap_or("/")
        .split('?')
        .next()
        .unwrap_or("/");
    let mut file = root.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file = file.join("index.html");
    }
    let (status, mut body) = match std::fs::read(&file) {
        Ok(body) => ("200 OK", body),
        Err(_) => ("404 Not Found", Vec::new()),
    };
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        Some("woff2") => "font/woff2",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    };
    if kind.starts_with("text/html") {
        let html = String::from_utf8_lossy(&body).replace(
            "</body>",
            &format!("{PROBE}{TYPIST}{COMMENTER}{BOXES}</body>"),
        );
        body = html.into_bytes();
    }
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(&body));
}

fn chromium(width: u32, extra: &[String], url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(CHROMIUM)
        .args(HEADLESS)
        .args(["--hide-scrollbars", "--virtual-time-budget=5000"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--window-size={width},1000"))
        .args(extra)
        .arg(url)
        .output()
        .unwrap_or_else(|e| panic!("{CHROMIUM} does not run ({e}); install Debian's chromium"));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
#[ignore = "needs Debian's chromium, which .ci/run installs"]
fn pages_read_right_to_left_and_fit_phones_and_desktops() {
    let site = build_demo();
    let port = serve(site.path().to_path_buf());
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for (name, path) in [
        ("home", "/"),
        ("seed", "/news/242513/"),
        ("table", "/news/257900/"),
        ("archive-year", "/archive/1402/"),
        ("archive-month", "/archive/1402/11/"),
        ("tags", "/tag/"),
    ] {
        for width in [375, 1280] {
            let url = format!("http://127.0.0.1:{port}{path}");
            let dom = chromium(width, &["--dump-dom".into()], &url);
            let probe = dom
                .split("<pre id=\"akhbar-probe\">")
                .nth(1)
                .and_then(|rest| rest.split("</pre>").next())
                .unwrap_or_else(|| panic!("{path} at {width}px: no probe in the page"));
            assert_eq!(
                probe, "direction=rtl;scroll=false;wide=",
                "{path} at {width}px"
            );
            let shot = shots.join(format!("{name}-{width}.png"));
            chromium(width, &[format!("--screenshot={}", shot.display())], &url);
            assert!(shot.is_file(), "{}", shot.display());
        }
    }
}

#[test]
#[ignore = "needs Debian's chromium, which .ci/run installs"]
fn an_arabic_letter_query_finds_the_persian_item() {
    let site = build_demo();
    let port = serve(site.path().to_path_buf());
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
        let probe = dom.split("<pre id=\"akhbar-probe\">").nth(1).unwrap_or("");
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
    let port = serve(site.path().to_path_buf());
    // «عادلانه» is near the end of the seed article, past the text the index keeps.
    let index = std::fs::read_to_string(site.path().join("search/docs/0.json")).unwrap();
    assert!(!index.contains("عادلانه"), "the index keeps only the start");
    let query = "%D8%B9%D8%A7%D8%AF%D9%84%D8%A7%D9%86%D9%87";
    let url = format!("http://127.0.0.1:{port}/search/?q={query}");
    let dom = chromium(1280, &["--dump-dom".into()], &url);
    assert!(dom.contains("href=\"/news/242513/\""), "{dom}");
    assert!(dom.contains("<mark>عادلانه</mark>"), "{dom}");
}

#[test]
#[ignore = "needs Debian's chromium, which .ci/run installs"]
fn typing_in_the_header_box_suggests_the_persian_item() {
    let site = build_demo();
    let port = serve(site.path().to_path_buf());
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

/// A copy of the demo whose form posts to an intake on loopback (no wait before sending, no
/// limit per hour), built and served on another loopback port.
struct LiveDemo {
    site: tempfile::TempDir,
    public: tempfile::TempDir,
    port: u16,
    intake_port: u16,
}

impl LiveDemo {
    fn start() -> Self {
        let site = tempfile::tempdir().unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for part in ["content", "themes", "static"] {
            support::copy_dir(&repo.join(part), &site.path().join(part));
        }
        let intake = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let intake_port = intake.local_addr().unwrap().port();
        let settings = std::fs::read_to_string(repo.join("site.toml"))
            .unwrap()
            .replace(
                "endpoint = \"/api/comments\"",
                &format!(
                    "endpoint = \"http://127.0.0.1:{intake_port}\"\nmin_fill_seconds = 0\n\
                     posts_per_hour = 1000"
                ),
            );
        assert!(
            settings.contains("min_fill_seconds = 0"),
            "the demo's endpoint line moved"
        );
        std::fs::write(site.path().join("site.toml"), settings).unwrap();
        let public = tempfile::tempdir().unwrap();
        let port = serve(public.path().to_path_buf());
        let demo = LiveDemo {
            site,
            public,
            port,
            intake_port,
        };
        demo.build();
        start_intake(intake, demo.site.path(), demo.origin());
        demo
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn build(&self) {
        let status = Command::new(env!("CARGO_BIN_EXE_akhbar"))
            .args(["--quiet", "build", "--base-url", &self.origin(), "--root"])
            .arg(self.site.path())
            .arg("--output")
            .arg(self.public.path())
            .status()
            .unwrap();
        assert!(status.success());
    }
}

#[test]
#[ignore = "needs Debian's chromium, which .ci/run installs"]
fn a_reader_sends_a_comment_from_the_news_page() {
    let demo = LiveDemo::start();
    let (site, port) = (&demo.site, demo.port);
    let url = format!("http://127.0.0.1:{port}/news/242513/#comment");
    let dom = chromium(1280, &["--dump-dom".into()], &url);
    let said = dom
        .split("<pre id=\"akhbar-commented\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_else(|| panic!("the commenter reports:\n{dom}"));
    assert!(
        said.contains("دیدگاه شما دریافت شد"),
        "the form says: {said}"
    );
    let stored: Vec<String> = walkdir::WalkDir::new(site.path().join("content/comments/242513"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .filter(|text| text.contains("sara@example.org"))
        .collect();
    assert_eq!(stored.len(), 1, "one pending comment from the form");
    assert!(stored[0].contains("status: pending"));
}

/// Runs the comment intake for the site at `root` on `listener`, taking posts from `origin`.
fn start_intake(listener: std::net::TcpListener, root: &Path, origin: String) {
    let config = akhbar::config::Config::load(root).unwrap();
    let secret = b"browser-test-secret-0123456789abcdefghij".to_vec();
    let intake =
        std::sync::Arc::new(akhbar::comments::intake::Intake::new(config, secret).unwrap());
    listener.set_nonblocking(true).unwrap();
    thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            akhbar::comments::intake::serve_on(listener, intake, &[origin]).await
        })
    });
}

#[test]
#[ignore = "needs Debian's chromium, which .ci/run installs"]
fn a_served_page_shows_an_edit_without_a_reload_by_hand() {
    let site = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["content", "themes", "static"] {
        support::copy_dir(&repo.join(part), &site.path().join(part));
    }
    std::fs::copy(repo.join("site.toml"), site.path().join("site.toml")).unwrap();
    let options = akhbar::serve::ServeOptions {
        root: site.path().to_path_buf(),
        address: "127.0.0.1:0".parse().unwrap(),
        drafts: false,
        lang: akhbar::diagnostic::Lang::Fa,
        allowed_hosts: Vec::new(),
    };
    let preview = akhbar::serve::start(options, |_| {}).unwrap();
    let mut browser = DevTools::open(&format!("http://{}/news/242513/", preview.address));
    let title = "document.querySelector('h1').textContent";
    browser.wait_for(title, |text| text.contains("کارت هوشمند ملی برای ۹۷ درصد"));

    // The editor saves a change while the page is open.
    let item = site.path().join("content/news/1399/07/242513.md");
    let text = std::fs::read_to_string(&item).unwrap();
    let edited = text.replacen("title: \"کارت", "title: \"ویرایش تازه: کارت", 1);
    std::fs::write(&item, edited).unwrap();
    browser.wait_for(title, |text| {
        text.starts_with("ویرایش تازه: کارت هوشمند ملی")
    });
    assert!(preview.state().version >= 2);

    // A mistake shows over the page, and its fix brings the page back.
    let broken = text.replacen("date: 1399/07/05", "date: 1399/07/32", 1);
    std::fs::write(&item, broken).unwrap();
    let overlay = "(document.getElementById('akhbar-error-overlay') || {}).textContent || ''";
    // In the site's language: «… در ‹content/news/1399/07/242513.md›، سطر ۴: …».
    browser.wait_for(overlay, |text| {
        text.contains("content/news/1399/07/242513.md") && text.contains("سطر ۴")
    });
    std::fs::write(&item, &text).unwrap();
    browser.wait_for(overlay, str::is_empty);
    browser.wait_for(title, |text| text.starts_with("کارت هوشمند ملی"));
}

#[test]
#[ignore = "needs Debian's chromium, which .ci/run installs"]
fn readers_text_stays_inside_its_box_on_phones_and_desktops() {
    let demo = LiveDemo::start();
    let intake = format!("http://127.0.0.1:{}", demo.intake_port);
    let texts = extreme_texts();
    let mut decisions = csv::Writer::from_writer(Vec::new());
    decisions.write_record(["id", "decision", "reply"]).unwrap();
    for (name, body) in &texts {
        let code: serde_json::Value = support::agent()
            .get(&format!("{intake}/challenge"))
            .call()
            .unwrap()
            .body_mut()
            .read_json()
            .unwrap();
        let challenge = code["challenge"].as_str().unwrap();
        let solution = solve(challenge, code["difficulty"].as_u64().unwrap() as u8);
        let fields = serde_json::json!({"news_id": "242513", "name": name, "email": "r@example.org",
            "body": body, "challenge": challenge, "solution": solution, "website": ""});
        let mut answer = support::agent()
            .post(&format!("{intake}/comments"))
            .send_json(&fields)
            .unwrap();
        let answer: serde_json::Value = answer.body_mut().read_json().unwrap();
        let id = answer["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{name}: {answer}"));
        decisions.write_record([id, "approve", body]).unwrap();
    }
    let file = demo.site.path().join("decisions.csv");
    std::fs::write(&file, decisions.into_inner().unwrap()).unwrap();
    let applied = support::akhbar(
        &["comments", "apply", file.to_str().unwrap()],
        demo.site.path(),
    );
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    demo.build();

    for width in [360, 1280] {
        let url = format!("{}/news/242513/#boxes", demo.origin());
        let dom = chromium(width, &["--dump-dom".into()], &url);
        let report = dom
            .split("<pre id=\"akhbar-boxes\">")
            .nth(1)
            .and_then(|rest| rest.split("</pre>").next())
            .unwrap_or_else(|| panic!("{width}px: no report in the page"));
        let (count, problems) = report.split_once('\n').unwrap_or((report, ""));
        let count: usize = count.trim_start_matches("comments=").parse().unwrap();
        assert!(count >= texts.len(), "{width}px: {count} comments shown");
        assert_eq!(problems, "", "{width}px");
    }
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let shot = shots.join("comments-360.png");
    let url = format!("{}/news/242513/#comments", demo.origin());
    chromium(360, &[format!("--screenshot={}", shot.display())], &url);
}
