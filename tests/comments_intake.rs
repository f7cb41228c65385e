//! The comment intake on a loopback port, end to end: challenge, post, export, decisions as a
//! spreadsheet saves them, build — and the limits, refusals and privacy rules on the way.

mod support;

use std::fs;
use std::path::Path;

use akhbar::comments::intake::Intake;
use akhbar::config::Config;
use support::akhbar;
use support::intake::{SECRET, comment, post, site, solved, start, stored};

#[test]
fn a_comment_goes_from_the_form_to_the_published_page() {
    let site = site();
    let root = site.path();
    let address = start(root);
    let (status, answer) = post(
        address,
        comment("سلام،\nکارت من کی می‌رسد؟ <script>alert(1)</script>"),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer["message"],
        "دیدگاه شما دریافت شد و پس از بررسی منتشر می‌شود"
    );
    let files = stored(root);
    assert_eq!(files.len(), 1);
    assert!(files[0].1.contains("status: pending"));

    // Nothing is published before a moderator decides.
    let build = akhbar(&["build"], root);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let page = fs::read_to_string(root.join("public/news/1001/index.html")).unwrap();
    assert!(!page.contains("کارت من کی می‌رسد"));

    let export = akhbar(&["comments", "export", "--out", "queue"], root);
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let csv_path = fs::read_dir(root.join("queue"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let csv = fs::read_to_string(&csv_path).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    // The moderator approves with a reply, and the spreadsheet saves with semicolons, CRLF and
    // a BOM, quoting only what needs it.
    let id = answer["id"].as_str().unwrap();
    let edited =
        format!("\u{feff}id;decision;reply\r\n{id};تایید;\"پاسخ: به‌زودی\r\nپیامک می‌آید.\"\r\n");
    let decisions = root.join("queue/decisions.csv");
    fs::write(&decisions, edited).unwrap();
    let applied = akhbar(
        &[
            "comments",
            "apply",
            decisions.to_str().unwrap(),
            "--by",
            "دبیر",
        ],
        root,
    );
    let report = String::from_utf8_lossy(&applied.stdout);
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    assert!(report.contains(&format!("approved  {id}")), "{report}");
    let again = akhbar(&["comments", "apply", decisions.to_str().unwrap()], root);
    assert!(String::from_utf8_lossy(&again.stdout).starts_with("Nothing to change"));
    // On a Persian site without --lang, the same line in Persian.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(["comments", "apply"])
        .arg(&decisions)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap();
    let told = String::from_utf8_lossy(&again.stdout);
    assert!(told.starts_with("چیزی برای تغییر نیست"), "{told}");

    let build = akhbar(&["build"], root);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let page = fs::read_to_string(root.join("public/news/1001/index.html")).unwrap();
    assert!(
        page.contains("<p>سلام،<br>\nکارت من کی می‌رسد؟ &lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        "{page}"
    );
    assert!(page.contains("پاسخ: به‌زودی<br>\nپیامک می‌آید."));
    assert!(page.contains("دیدگاه‌ها (۱)"));
    assert_private(root, &files[0].1);
}

/// No email, address hash or address in any published file.
fn assert_private(root: &Path, comment_file: &str) {
    let hash = comment_file
        .lines()
        .find_map(|line| line.strip_prefix("ip_hash: "))
        .unwrap()
        .to_string();
    assert_eq!(hash.len(), 32);
    for entry in walkdir::WalkDir::new(root.join("public"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let bytes = fs::read(entry.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            for secret in ["maryam@example.org", hash.as_str(), "127.0.0.1"] {
                assert!(
                    !text.contains(secret),
                    "{secret} in {}",
                    entry.path().display()
                );
            }
        }
    }
}

#[test]
fn two_hundred_concurrent_posts_make_two_hundred_files() {
    let site = site();
    let address = start(site.path());
    let threads: Vec<_> = (0..200)
        .map(|n| std::thread::spawn(move || post(address, comment(&format!("دیدگاه شماره {n}")))))
        .collect();
    for thread in threads {
        let (status, answer) = thread.join().unwrap();
        assert_eq!(status, 200, "{answer}");
    }
    let files = stored(site.path());
    assert_eq!(files.len(), 200);
    let mut bodies: Vec<String> = files
        .iter()
        .map(|(_, text)| {
            serde_yaml::from_str::<akhbar::comments::Comment>(text)
                .unwrap()
                .body
        })
        .collect();
    bodies.sort();
    bodies.dedup();
    assert_eq!(bodies.len(), 200, "every file intact and distinct");
}

#[test]
fn codes_are_single_use_and_signed() {
    let site = site();
    let address = start(site.path());
    let (challenge, solution) = solved(address);
    let mut fields = comment("نخست");
    fields["challenge"] = challenge.clone().into();
    fields["solution"] = solution.clone().into();
    assert_eq!(post(address, fields.clone()).0, 200);
    let (status, answer) = post(address, fields.clone());
    assert_eq!(status, 403);
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("پیش‌تر به کار رفته")
    );
    fields["challenge"] = challenge.replacen("v1.", "v1.9", 1).into();
    assert_eq!(post(address, fields.clone()).0, 403, "a forged code");
    fields["challenge"] = "v1.0.8.00.00".into();
    assert_eq!(post(address, fields).0, 403, "a made-up code");
    assert_eq!(stored(site.path()).len(), 1);
}

#[test]
fn hostile_and_wrong_posts_are_refused_and_store_nothing() {
    let site = site();
    let address = start(site.path());
    let large = "ب".repeat(25_000);
    assert_eq!(post(address, comment(&large)).0, 413, "50 KB of text");
    let (status, answer) = post(address, comment("متن\u{0}"));
    assert_eq!(
        (status, answer["errors"][0]["field"].as_str()),
        (422, Some("body"))
    );
    let mut unknown = comment("سلام");
    unknown["news_id"] = "99999".into();
    let (status, answer) = post(address, unknown);
    assert_eq!(
        (status, answer["errors"][0]["field"].as_str()),
        (422, Some("news_id"))
    );
    let mut bad_email = comment("سلام");
    bad_email["email"] = "not-an-email".into();
    assert_eq!(post(address, bad_email).0, 422);
    let invalid_utf8 = support::agent()
        .post(&format!("http://{address}/comments"))
        .header("Content-Type", "application/json")
        .send(&b"{\"name\": \"\xff\"}"[..])
        .unwrap();
    assert_eq!(invalid_utf8.status().as_u16(), 400);
    // The honeypot: a bot is told what a person is told, and nothing is kept.
    let mut bot = comment("خرید ارزان");
    bot["website"] = "http://spam.example.com".into();
    assert_eq!(post(address, bot).0, 200);
    assert!(stored(site.path()).is_empty());
    // Overrides that would turn the text around are removed before it is stored.
    assert_eq!(post(address, comment("سلام \u{202E}txt.exe")).0, 200);
    assert!(!stored(site.path())[0].1.contains('\u{202E}'));
}

#[test]
fn a_plain_form_post_is_sent_back_to_the_news_page() {
    let site = site();
    let address = start(site.path());
    let (challenge, solution) = solved(address);
    let response = support::agent()
        .post(&format!("http://{address}/comments"))
        .send_form([
            ("news_id", "1001"),
            ("name", "رضا"),
            ("email", "reza@example.org"),
            ("body", "ممنون از خبر"),
            ("challenge", challenge.as_str()),
            ("solution", solution.as_str()),
            ("website", ""),
        ])
        .unwrap();
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(
        response.headers()["location"],
        "https://news.example.org/news/1001/#comment-received"
    );
    assert_eq!(stored(site.path()).len(), 1);
}

#[test]
fn only_the_sites_origin_may_post_from_a_page() {
    let site = site();
    let address = start(site.path());
    let preflight = |origin: &str| {
        support::agent()
            .run(
                ureq::http::Request::options(format!("http://{address}/comments"))
                    .header("Origin", origin)
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type")
                    .body(())
                    .unwrap(),
            )
            .unwrap()
            .headers()
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap().to_string())
    };
    assert_eq!(
        preflight("https://news.example.org").as_deref(),
        Some("https://news.example.org")
    );
    assert_eq!(preflight("https://evil.example.com"), None);
}

/// The 503 asks the reader to send again: the same form, with the same security code, is then
/// taken (the code is spent only once the comment is stored).
#[test]
fn a_folder_that_cannot_be_written_is_an_error_and_the_same_form_can_be_sent_again() {
    let site = site();
    let address = start(site.path());
    assert_eq!(post(address, comment("نخستین دیدگاه")).0, 200);
    let before = stored(site.path());
    // A file where the news item's folder of comments must go: nothing can be written there.
    let blocked = site.path().join("content/comments/1004");
    fs::write(&blocked, "not a folder").unwrap();
    let mut other = comment("دیدگاه دوم");
    other["news_id"] = "1004".into();
    let (challenge, solution) = solved(address);
    other["challenge"] = challenge.into();
    other["solution"] = solution.into();
    let (status, answer) = post(address, other.clone());
    assert_eq!(status, 503, "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("کمی بعد دوباره")
    );
    fs::remove_file(blocked).unwrap();
    assert_eq!(stored(site.path()), before);
    let (status, answer) = post(address, other.clone());
    assert_eq!(status, 200, "{answer}");
    assert_eq!(stored(site.path()).len(), 2);
    assert_eq!(post(address, other).0, 403, "and then the code is spent");
}

#[test]
fn a_request_that_never_finishes_is_cut_off() {
    use std::io::{Read, Write};
    let site = site();
    let address = start(site.path());
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    // Promises 100 bytes of body and sends one.
    stream
        .write_all(b"POST /comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(stored(site.path()).is_empty());
}

#[cfg(unix)]
#[test]
fn the_intake_never_writes_through_a_link_out_of_the_site() {
    let site = site();
    let root = site.path();
    let address = start(root);
    let outside = tempfile::tempdir().unwrap();
    fs::create_dir_all(root.join("content/comments")).unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join("content/comments/1001")).unwrap();
    let (status, answer) = post(address, comment("از راه پیوند"));
    assert_eq!(status, 503, "{answer}");
    assert_eq!(
        fs::read_dir(outside.path()).unwrap().count(),
        0,
        "nothing is written outside the site"
    );
}

#[cfg(unix)]
#[test]
fn the_intake_does_not_start_on_comments_out_of_the_site() {
    let site = site();
    let root = site.path();
    let outside = tempfile::tempdir().unwrap();
    fs::create_dir_all(root.join("content/comments")).unwrap();
    let linked = root.join("content/comments/1001");
    std::os::unix::fs::symlink(outside.path(), &linked).unwrap();
    let config = Config::load(root).unwrap();
    let problems = match Intake::new(config, SECRET.to_vec()) {
        Ok(_) => panic!("the intake started on comments outside the site"),
        Err(problems) => problems.to_string(),
    };
    assert!(
        problems.contains("content/comments/1001: leads to "),
        "{problems}"
    );

    fs::remove_file(&linked).unwrap();
    fs::remove_dir(root.join("content/comments")).unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join("content/comments")).unwrap();
    let problem = Config::load(root).unwrap_err().to_string();
    assert!(
        problem.contains("`folder` is 'content/comments': it leads to "),
        "{problem}"
    );

    let toml = root.join("site.toml");
    let settings = fs::read_to_string(&toml).unwrap();
    fs::remove_file(root.join("content/comments")).unwrap();
    fs::write(
        &toml,
        format!("{settings}folder = \"content/../../elsewhere\"\n"),
    )
    .unwrap();
    let problem = Config::load(root).unwrap_err().to_string();
    assert!(
        problem.contains("`folder` is 'content/../../elsewhere': it leads to "),
        "{problem}"
    );
}
