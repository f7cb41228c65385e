//! The intake against clients that would hold it or fool it: headers that never end, many
//! connections from one address, forwarding headers from anyone; and what a killed run leaves.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::time::Duration;

use akhbar::comments::{Comment, CommentStore};
use akhbar::config::Config;

use support::intake::{SECRET, comment, post, post_with, site_with, start, start_with, stored};

/// A connection from `source` (a loopback address) to `address`, for a client other than the
/// tests' own 127.0.0.1.
fn connect_from(source: &str, address: SocketAddr) -> TcpStream {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .unwrap();
    let stream = runtime.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(format!("{source}:0").parse().unwrap()).unwrap();
        socket.connect(address).await.unwrap()
    });
    let stream = stream.into_std().unwrap();
    stream.set_nonblocking(false).unwrap();
    stream
}

/// Whether the service closes `stream` (end of file or reset) before a minute passes.
fn closed_by_the_service(mut stream: TcpStream) -> bool {
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut rest = Vec::new();
    match stream.read_to_end(&mut rest) {
        Ok(_) => true,
        Err(error) => error.kind() == std::io::ErrorKind::ConnectionReset,
    }
}

#[test]
fn headers_that_never_end_are_cut_off_and_others_are_still_served() {
    let site = site_with(&[("trusted_proxies", "[]"), ("connections_per_address", "4")]);
    let address = start_with(site.path(), |intake| {
        intake.with_header_timeout(Duration::from_millis(500))
    });
    let slow: Vec<TcpStream> = (0..40)
        .map(|_| {
            let mut stream = connect_from("127.0.0.2", address);
            // A header that never ends; some are closed before they could be written.
            let _ = stream.write_all(b"GET /challenge HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            stream
        })
        .collect();
    let answer = support::agent()
        .get(&format!("http://{address}/challenge"))
        .call()
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200, "another client is served");
    let closed = slow
        .into_iter()
        .filter(|s| closed_by_the_service(s.try_clone().unwrap()))
        .count();
    assert_eq!(closed, 40, "every slow connection is closed by the service");
}

#[test]
fn a_forwarding_header_from_an_untrusted_peer_is_ignored() {
    let site = site_with(&[
        ("client_ip_header", "\"X-Real-IP\""),
        ("trusted_proxies", "[\"192.0.2.1\"]"),
        ("posts_per_hour", "3"),
    ]);
    let address = start(site.path());
    let statuses: Vec<u16> = (0..6)
        .map(|n| {
            let reader = format!("203.0.113.{n}");
            post_with(address, comment("سلام"), &[("X-Real-IP", &reader)]).0
        })
        .collect();
    assert_eq!(
        statuses,
        [200, 200, 200, 429, 429, 429],
        "one quota: the peer's"
    );
}

#[test]
fn a_trusted_proxy_names_each_reader() {
    let site = site_with(&[
        ("client_ip_header", "\"X-Real-IP\""),
        ("posts_per_hour", "3"),
    ]);
    let address = start(site.path());
    for n in 0..6 {
        let reader = format!("203.0.113.{n}");
        let (status, answer) = post_with(address, comment("سلام"), &[("X-Real-IP", &reader)]);
        assert_eq!(status, 200, "reader {n}: {answer}");
    }
    let one = [("X-Real-IP", "198.51.100.9")];
    let statuses: Vec<u16> = (0..4)
        .map(|_| post_with(address, comment("باز هم"), &one).0)
        .collect();
    assert_eq!(statuses, [200, 200, 200, 429]);
    let mut hashes: Vec<String> = stored(site.path())
        .iter()
        .map(|(_, text)| serde_yaml::from_str::<Comment>(text).unwrap().ip_hash)
        .collect();
    hashes.sort();
    hashes.dedup();
    assert_eq!(hashes.len(), 7, "six readers and the seventh");
}

/// The service's log, from a real `akhbar comments serve` behind a proxy that writes
/// X-Forwarded-For while the settings name no header.
#[test]
fn the_log_warns_once_about_a_shared_address_and_names_each_refusal_by_its_hash() {
    let site = site_with(&[("posts_per_hour", "2")]);
    let mut service = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args([
            "comments",
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--lang",
            "en",
            "--root",
        ])
        .arg(site.path())
        .env(
            "AKHBAR_COMMENTS_SECRET",
            String::from_utf8_lossy(SECRET).as_ref(),
        )
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut log = BufReader::new(service.stderr.take().unwrap());
    let mut first = String::new();
    log.read_line(&mut first).unwrap();
    let address: SocketAddr = first
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("{first}"))
        .parse()
        .unwrap();
    let forwarded = [("X-Forwarded-For", "203.0.113.7")];
    let statuses: Vec<u16> = (0..4)
        .map(|_| post_with(address, comment("سلام"), &forwarded).0)
        .collect();
    assert_eq!(statuses, [200, 200, 429, 429]);
    service.kill().unwrap();
    service.wait().unwrap();
    let mut rest = String::new();
    log.read_to_string(&mut rest).unwrap();
    let count = |text: &str| rest.matches(text).count();
    assert_eq!(count("client_ip_header is not set"), 1, "{rest}");
    assert_eq!(
        count("every request since the service started came from one address"),
        1,
        "{rest}"
    );
    let refusals: Vec<&str> = rest
        .lines()
        .filter(|line| line.starts_with("akhbar: refused a comment from address "))
        .collect();
    assert_eq!(refusals.len(), 2, "{rest}");
    let hash = refusals[0]
        .split_whitespace()
        .nth(6)
        .unwrap()
        .trim_end_matches(':');
    assert!(
        hash.len() == 32 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        "{hash}"
    );
    assert!(
        !rest.contains("203.0.113.7"),
        "no reader's address in the log"
    );
    assert!(
        !rest.split_once('\n').unwrap().1.contains("127.0.0.1"),
        "{rest}"
    );
}

/// What a write killed between its temporary file and the rename leaves: a hidden copy of the
/// comment, email included.
fn leave_unfinished_write(config: &Config, body: &str) -> std::path::PathBuf {
    let store = CommentStore::new(config.comments_dir());
    let unfinished = Comment {
        id: "20260101T000000000Z-000000000000".into(),
        news_id: 1001,
        name: "مریم".into(),
        email: "maryam@example.org".into(),
        body: body.into(),
        received_at: "2026-01-01T00:00:00Z".parse().unwrap(),
        status: akhbar::comments::Status::Pending,
        moderated_at: None,
        moderated_by: None,
        reply: None,
        ip_hash: String::new(),
    };
    let staged = store.stage(&unfinished).unwrap();
    std::mem::forget(staged);
    let left: Vec<_> = stored(&config.root)
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    assert_eq!(left.len(), 1);
    assert!(
        left[0]
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(".comment-")
    );
    left[0].clone()
}

#[test]
fn what_a_killed_write_left_is_removed_when_the_intake_starts_and_by_apply() {
    let site = site_with(&[]);
    let config = Config::load(site.path()).unwrap();
    let left = leave_unfinished_write(&config, "نیمه‌کاره");
    let address = start(site.path());
    assert!(!left.exists(), "the intake removed it as it started");
    let (status, answer) = post(address, comment("دیدگاه کامل"));
    assert_eq!(status, 200, "{answer}");

    let left = leave_unfinished_write_beside(&config);
    let id = answer["id"].as_str().unwrap();
    let decisions = site.path().join("decisions.csv");
    std::fs::write(&decisions, format!("id,decision\n{id},approve\n")).unwrap();
    let applied = support::akhbar(
        &["comments", "apply", decisions.to_str().unwrap()],
        site.path(),
    );
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    assert!(!left.exists(), "apply removed it");
    let files = stored(site.path());
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].1.contains("status: approved"));
}

/// [`leave_unfinished_write`] beside a stored comment.
fn leave_unfinished_write_beside(config: &Config) -> std::path::PathBuf {
    let folder = config.comments_dir().join("1001");
    let mut file = tempfile::Builder::new()
        .prefix(".comment-")
        .tempfile_in(&folder)
        .unwrap();
    file.write_all(b"id: x\nemail: maryam@example.org\n")
        .unwrap();
    file.into_temp_path().keep().unwrap()
}
