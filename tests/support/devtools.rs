//! Headless Chromium driven over the DevTools protocol, shared by tests/browser.rs and
//! examples/edit_to_browser.rs (each includes this file with `#[path]`).
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Headless Chromium with nothing of its own on the network (this machine's network is closed)
/// and no sandbox (CI runs as root).
pub const HEADLESS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// How long `DevTools::poll` asks before giving up (generous, for a slow machine).
const LIMIT: Duration = Duration::from_secs(30);

/// Headless Chromium driven over the DevTools protocol, for pages that stay connected (the
/// preview's reload stream), which `--dump-dom` cannot wait for.
pub struct DevTools {
    _chromium: KillOnDrop,
    socket: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
    next_id: u64,
    _profile: tempfile::TempDir,
}

/// A child process that is killed, and waited for, when this is dropped.
pub struct KillOnDrop(pub std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl DevTools {
    /// Starts Chromium on `url` and connects to its page.
    pub fn open(url: &str) -> Self {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(CHROMIUM)
            .args(HEADLESS)
            .args(["--remote-debugging-port=0", "--window-size=1280,1000"])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{CHROMIUM} does not run ({e}); install Debian's chromium"));
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let browser_url = stderr
            .lines()
            .map_while(Result::ok)
            .find_map(|line| {
                line.strip_prefix("DevTools listening on ")
                    .map(str::to_string)
            })
            .expect("chromium tells where DevTools listens");
        let port = browser_url
            .split(':')
            .nth(2)
            .unwrap()
            .split('/')
            .next()
            .unwrap();
        let targets: serde_json::Value = ureq::get(&format!("http://127.0.0.1:{port}/json/list"))
            .call()
            .unwrap()
            .body_mut()
            .read_json()
            .unwrap();
        let page = targets
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["type"] == "page")
            .expect("a page target")["webSocketDebuggerUrl"]
            .as_str()
            .unwrap()
            .to_string();
        let (socket, _) = tungstenite::connect(page).unwrap();
        DevTools {
            _chromium: KillOnDrop(child),
            socket,
            next_id: 0,
            _profile: profile,
        }
    }

    /// The value of `expression` in the page (a string; empty if the page is between loads).
    pub fn evaluate(&mut self, expression: &str) -> String {
        let params = serde_json::json!({"expression": expression, "returnByValue": true});
        let result = self.call("Runtime.evaluate", params);
        result["result"]["value"].as_str().unwrap_or("").to_string()
    }

    /// The result of the DevTools protocol's `method` with `params`.
    pub fn call(&mut self, method: &str, params: serde_json::Value) -> serde_json::Value {
        self.next_id += 1;
        let id = self.next_id;
        let call = serde_json::json!({"id": id, "method": method, "params": params});
        self.socket.send(call.to_string().into()).unwrap();
        loop {
            let message = self.socket.read().unwrap();
            let Ok(text) = message.to_text() else {
                continue;
            };
            let reply: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
            if reply["id"] == id {
                return reply["result"].clone();
            }
        }
    }

    /// Presses and lets go of the key at `code` (its place on the keyboard) typing `key`, as
    /// a person at the keyboard does.
    pub fn press(&mut self, code: &str, key: &str) {
        for kind in ["keyDown", "keyUp"] {
            let params = serde_json::json!({"type": kind, "code": code, "key": key});
            self.call("Input.dispatchKeyEvent", params);
        }
    }

    /// Asks for `expression` until `test` holds (a generous limit, for a slow machine).
    pub fn wait_for(&mut self, expression: &str, test: impl Fn(&str) -> bool) {
        self.poll(expression, test, Duration::from_millis(100));
    }

    /// Asks for `expression` until `test` holds, pausing `pause` between asks; with no pause
    /// it asks again as soon as the page answers, to see a change as early as it shows (for
    /// timing). Panics after 30 s.
    pub fn poll(&mut self, expression: &str, test: impl Fn(&str) -> bool, pause: Duration) {
        let limit = Instant::now() + LIMIT;
        loop {
            let value = self.evaluate(expression);
            if test(&value) {
                return;
            }
            assert!(Instant::now() < limit, "{expression} stayed {value:?}");
            if !pause.is_zero() {
                std::thread::sleep(pause);
            }
        }
    }
}
