//! `akhbar comments export | list | serve` on the demo portal's sample comments.

use std::path::Path;
use std::process::{Command, Output};

/// `akhbar ARGS` on the demo with `secret` as the comment service's, messages in English.
fn akhbar(args: &[&str], secret: Option<&str>) -> Output {
    told_in(&["--lang", "en"], args, secret)
}

/// `akhbar ARGS` on the demo with `secret`, messages in the site's own language, Persian.
fn in_persian(args: &[&str], secret: Option<&str>) -> Output {
    told_in(&[], args, secret)
}

fn told_in(lang: &[&str], args: &[&str], secret: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_akhbar"));
    command
        .args(args)
        .arg("--root")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .args(lang);
    match secret {
        Some(secret) => command.env("AKHBAR_COMMENTS_SECRET", secret),
        None => command.env_remove("AKHBAR_COMMENTS_SECRET"),
    };
    command.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_export_has_every_format_and_stays_out_of_public() {
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().to_str().unwrap();
    for format in ["csv", "json", "html"] {
        let output = akhbar(
            &[
                "comments", "export", "--status", "all", "--format", format, "--out", folder,
            ],
            None,
        );
        assert!(output.status.success(), "{}", text(&output.stderr));
        assert!(
            text(&output.stdout).ends_with(": 7 comments\n"),
            "{}",
            text(&output.stdout)
        );
    }
    let files: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 3);
    let html = files
        .iter()
        .find(|p| p.extension().unwrap() == "html")
        .unwrap();
    let report = std::fs::read_to_string(html).unwrap();
    assert!(report.contains("dir=\"rtl\""));
    assert!(
        report.contains("z.mousavi@example.org"),
        "the report is for moderators"
    );
    assert!(report.contains("کارت هوشمند ملی برای ۹۷ درصد البرزی ها صادر شده است"));

    let public = Path::new(env!("CARGO_MANIFEST_DIR")).join("public/queue");
    let output = akhbar(
        &["comments", "export", "--out", public.to_str().unwrap()],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("must not go under public/"));
    assert!(!public.exists());
}

#[test]
fn the_list_reads_right_to_left_in_a_plain_terminal() {
    let logical = akhbar(
        &[
            "comments", "list", "--status", "pending", "--bidi", "logical",
        ],
        None,
    );
    let listing = text(&logical.stdout);
    assert!(
        listing.contains("زهرا موسوی <z.mousavi@example.org>"),
        "{listing}"
    );
    assert!(listing.ends_with("2 comments\n"), "{listing}");
    let visual = akhbar(
        &[
            "comments", "list", "--status", "pending", "--bidi", "visual",
        ],
        None,
    );
    let listing = text(&visual.stdout);
    // Reordered for display: the name's letters now run from the screen's left to right.
    assert!(
        listing.contains(&"زهرا".chars().rev().collect::<String>()),
        "{listing}"
    );
}

/// The demo portal is Persian: without `--lang`, what export and list tell is in Persian, with
/// Persian digits.
#[test]
fn export_and_list_speak_a_persian_sites_language() {
    let out = tempfile::tempdir().unwrap();
    let persian = |args: &[&str]| {
        let output = in_persian(args, None);
        assert!(output.status.success(), "{}", text(&output.stderr));
        text(&output.stdout)
    };
    let folder = out.path().to_str().unwrap();
    let told = persian(&["comments", "export", "--status", "all", "--out", folder]);
    assert!(told.starts_with("۷ دیدگاه در "), "{told}");
    let listing = persian(&[
        "comments", "list", "--status", "pending", "--bidi", "logical",
    ]);
    assert!(listing.ends_with("۲ دیدگاه\n"), "{listing}");
    assert!(listing.contains("در انتظار بررسی"), "{listing}");
    assert!(!listing.contains(" news "), "{listing}");
}

#[test]
fn the_service_will_not_start_with_a_weak_secret() {
    let output = akhbar(
        &["comments", "serve", "--bind", "127.0.0.1:0"],
        Some("password"),
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr)
            .contains("AKHBAR_COMMENTS_SECRET is weak: it must be at least 32 characters"),
        "{}",
        text(&output.stderr)
    );
    // On the Persian site without --lang, the whole refusal in Persian.
    let output = in_persian(
        &["comments", "serve", "--bind", "127.0.0.1:0"],
        Some("password"),
    );
    assert_eq!(output.status.code(), Some(1));
    let told = text(&output.stderr);
    assert!(
        told.contains("AKHBAR_COMMENTS_SECRET ضعیف است: باید دست‌کم ۳۲ نویسه باشد"),
        "{told}"
    );
    assert!(!told.contains("weak"), "{told}");
}

/// An address already taken: the error is the operating system's, told in the Persian site's
/// language with the address it could not serve on.
#[test]
fn an_address_in_use_is_told_in_persian_on_a_persian_site() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let output = in_persian(
        &["comments", "serve", "--bind", &address],
        Some("k3J9x2Qm8vTz4Lp7Wc1Ns6Hd0Rf5Yb2Ge9Ua3Xo"),
    );
    assert_eq!(output.status.code(), Some(1));
    let told = text(&output.stderr);
    assert!(told.contains("نمی‌توان دیدگاه پذیرفت"), "{told}");
    assert!(told.contains(&address), "{told}");
    assert!(!told.contains("cannot serve"), "{told}");
}

#[test]
fn the_demo_publishes_approved_comments_and_no_private_detail() {
    let public = tempfile::tempdir().unwrap();
    let output = akhbar(
        &[
            "--quiet",
            "build",
            "--output",
            public.path().to_str().unwrap(),
        ],
        None,
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let seed = std::fs::read_to_string(public.path().join("news/242513/index.html")).unwrap();
    assert!(
        seed.contains("خدا قوت به همکاران ثبت احوال کرج"),
        "approved"
    );
    assert!(
        seed.contains("با سلام؛ وضعیت کارت را با کد ملی خود"),
        "the newsroom's reply"
    );
    for hidden in [
        "BUY CHEAP FOLLOWERS",
        "این همه آمار به چه کار ما می‌آید",
        "پیش‌ثبت‌نام اینترنتی انجام داد یا",
    ] {
        assert!(
            !seed.contains(hidden),
            "spam, rejected and pending stay out: {hidden}"
        );
    }
    let closed = std::fs::read_to_string(public.path().join("news/239310/index.html")).unwrap();
    assert!(closed.contains("ارسال دیدگاه برای این خبر بسته شده است"));
    assert!(!closed.contains("<form id=\"comment-form\""));

    // Every email and address hash of every stored comment, in any state.
    let comments = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/comments");
    let mut secrets = Vec::new();
    for entry in walkdir::WalkDir::new(comments)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let comment: akhbar::comments::Comment =
                serde_yaml::from_str(&std::fs::read_to_string(entry.path()).unwrap()).unwrap();
            secrets.push(comment.email);
            secrets.push(comment.ip_hash);
        }
    }
    assert_eq!(secrets.len(), 14);
    for entry in walkdir::WalkDir::new(public.path())
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            let page = String::from_utf8_lossy(&bytes);
            for secret in &secrets {
                assert!(
                    !page.contains(secret.as_str()),
                    "{secret} in {}",
                    entry.path().display()
                );
            }
        }
    }
}
