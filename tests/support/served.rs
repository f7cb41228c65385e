//! The built demo served on loopback to headless Chromium, with a probe in every page that
//! reports its direction and anything wider than the window: used by tests/browser.rs and
//! tests/browser_search.rs (included with `#[path]`).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;

use super::devtools::{CHROMIUM, HEADLESS};

/// Reports the page's direction and whether anything is wider than the viewport.
pub const PROBE: &str = "<script>addEventListener('load', () => { \
    const root = document.documentElement; \
    const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > root.clientWidth + 1 || e.getBoundingClientRect().left < -1).map(e => e.tagName + '.' + e.className).slice(0, 5); \
    const probe = document.createElement('pre'); probe.id = 'akhbar-probe'; \
    probe.textContent = 'direction=' + getComputedStyle(root).direction + ';scroll=' + (root.scrollWidth > root.clientWidth) + ';wide=' + wide.join(','); \
    document.body.append(probe); });</script>";

/// The demo built into a temporary folder.
pub fn build_demo() -> tempfile::TempDir {
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

/// Serves `root` on a loopback port, adding the probe and `inject` (scripts) to every HTML
/// page; returns the port.
pub fn serve(root: PathBuf, inject: &str) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let inject = inject.to_string();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (root, inject) = (root.clone(), inject.clone());
            thread::spawn(move || respond(stream, &root, &inject));
        }
    });
    port
}

fn respond(mut stream: TcpStream, root: &Path, inject: &str) {
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
        Some("jpg") => "image/jpeg",
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        Some("woff2") => "font/woff2",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    };
    if matches!(kind, "image/jpeg" | "image/png" | "image/webp") {
        // As over a phone's connection: a page is read and laid out before its pictures come.
        thread::sleep(std::time::Duration::from_millis(500));
    }
    if kind.starts_with("text/html") {
        let html =
            String::from_utf8_lossy(&body).replace("</body>", &format!("{PROBE}{inject}</body>"));
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

pub fn chromium(width: u32, extra: &[String], url: &str) -> String {
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

/// What the probe reported in a dumped page: «direction=rtl;scroll=false;wide=».
pub fn probe_of(dom: &str) -> &str {
    dom.split("<pre id=\"akhbar-probe\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or("")
}
