//! The comment intake on a loopback port, for the tests that post to it.

use std::fs;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use akhbar::comments::intake::challenge::solve;
use akhbar::comments::intake::{Intake, serve_on};
use akhbar::config::Config;
use serde_json::{Value, json};
use tempfile::TempDir;

pub const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef-test";

/// The minimal fixture with fast settings for tests (easy codes, no fill time, many posts),
/// each of `settings` (`key`, TOML value) set over them in `[comments]`.
pub fn site_with(settings: &[(&str, &str)]) -> TempDir {
    let mut all = vec![
        ("endpoint", "\"/api/comments\""),
        ("difficulty", "8"),
        ("min_fill_seconds", "0"),
        ("posts_per_hour", "1000"),
    ];
    for (key, value) in settings {
        all.retain(|(known, _)| known != key);
        all.push((key, value));
    }
    let dir = super::fixture_copy("minimal");
    let toml = dir.path().join("site.toml");
    let mut text = fs::read_to_string(&toml).unwrap();
    text.push_str("\n[comments]\n");
    for (key, value) in all {
        text.push_str(&format!("{key} = {value}\n"));
    }
    fs::write(toml, text).unwrap();
    dir
}

pub fn site() -> TempDir {
    site_with(&[])
}

/// Starts the intake for the site at `root` on a free loopback port, with requests cut off
/// after two seconds.
pub fn start(root: &Path) -> SocketAddr {
    start_with(root, |intake| intake)
}

/// [`start`], with the service changed by `adjust` first.
pub fn start_with(root: &Path, adjust: impl FnOnce(Intake) -> Intake) -> SocketAddr {
    let config = Config::load(root).unwrap();
    let intake = Intake::new(config, SECRET.to_vec())
        .unwrap()
        .with_request_timeout(Duration::from_secs(2));
    let intake = Arc::new(adjust(intake));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || runtime.block_on(serve_on(listener, intake, &[])));
    address
}

/// A solved security code: `(challenge, solution)`.
pub fn solved(address: SocketAddr) -> (String, String) {
    let code: Value = super::agent()
        .get(&format!("http://{address}/challenge"))
        .call()
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap();
    let challenge = code["challenge"].as_str().unwrap().to_string();
    let solution = solve(&challenge, code["difficulty"].as_u64().unwrap() as u8);
    (challenge, solution)
}

/// Posts `fields` (with a fresh solved code unless given) as JSON: status and answer.
pub fn post(address: SocketAddr, fields: Value) -> (u16, Value) {
    post_with(address, fields, &[])
}

/// [`post`] with the request `headers` added.
pub fn post_with(address: SocketAddr, mut fields: Value, headers: &[(&str, &str)]) -> (u16, Value) {
    if fields.get("challenge").is_none() {
        let (challenge, solution) = solved(address);
        fields["challenge"] = challenge.into();
        fields["solution"] = solution.into();
    }
    let mut request = super::agent().post(&format!("http://{address}/comments"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut response = request.send_json(&fields).unwrap();
    let status = response.status().as_u16();
    (
        status,
        response.body_mut().read_json().unwrap_or(Value::Null),
    )
}

pub fn comment(body: &str) -> Value {
    json!({"news_id": "1001", "name": "مریم", "email": "maryam@example.org", "body": body, "website": ""})
}

/// Every file under the site's comments folder, with its text.
pub fn stored(root: &Path) -> Vec<(PathBuf, String)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(root.join("content/comments"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_path_buf(),
                fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}
