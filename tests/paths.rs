//! The path rule, end to end: whatever `build`, `check`, `new` and `comments export` read or
//! write, resolved for real (`..` and symbolic links), stays inside its root, or the command
//! stops naming the path; a link that stays inside the site is followed.
#![cfg(unix)]

mod support;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

use support::akhbar;

const EMAIL: &str = "maryam@example.org";

/// The minimal fixture with one pending comment on news 1001, holding a reader's email.
fn site() -> TempDir {
    let site = support::fixture_copy("minimal");
    let folder = site.path().join("content/comments/1001");
    fs::create_dir_all(&folder).unwrap();
    fs::write(
        folder.join("c1.yaml"),
        format!(
            "id: c1\nnews_id: 1001\nname: مریم\nemail: {EMAIL}\nbody: سلام\n\
             received_at: 2025-03-21T10:00:00Z\nstatus: pending\nip_hash: ab12\n"
        ),
    )
    .unwrap();
    site
}

/// A folder beside the site: a file, a folder with a file, and a well-formed news item.
fn outside() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("secret.txt"), "outside-secret").unwrap();
    fs::create_dir(dir.path().join("shared")).unwrap();
    fs::write(dir.path().join("shared/leak.txt"), "outside-folder").unwrap();
    fs::write(
        dir.path().join("item.md"),
        "---\nid: 9001\ntitle: خبر بیرونی\ndate: 1404/01/07\n---\n\nمتن بیرونی\n",
    )
    .unwrap();
    dir
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn link(target: impl AsRef<Path>, at: &Path) {
    fs::create_dir_all(at.parent().unwrap()).unwrap();
    symlink(target, at).unwrap();
}

/// Every file under `dir`, links followed, with its text.
fn texts(dir: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let bytes = fs::read(entry.path()).unwrap();
            let path = entry.path().display().to_string();
            (path, String::from_utf8_lossy(&bytes).into_owned())
        })
        .collect()
}

/// Asserts that the failed `output` names every one of `paths`, and wrote no site.
fn assert_refused(output: &Output, root: &Path, paths: &[&str]) {
    let errors = stderr(output);
    assert_eq!(output.status.code(), Some(1), "{errors}");
    for path in paths {
        assert!(
            errors.contains(&format!("  {path}: leads to ")),
            "{path} not named:\n{errors}"
        );
    }
    assert!(!root.join("public").exists(), "nothing is written");
}

#[test]
fn a_static_link_to_an_outside_file_stops_the_build() {
    let site = site();
    link("/etc/passwd", &site.path().join("static/passwd.txt"));
    let output = akhbar(&["build"], site.path());
    assert_refused(&output, site.path(), &["static/passwd.txt"]);
    let errors = stderr(&output);
    assert!(
        errors.contains("static/passwd.txt: leads to /etc/passwd, outside the site's folder"),
        "{errors}"
    );
    assert!(errors.contains("put the file itself there"), "{errors}");

    let persian = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(["build", "--lang", "fa", "--bidi", "logical", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let errors = stderr(&persian);
    assert!(
        errors.contains("مسیر بیرون از پوشهٔ پایگاه در \u{2068}static/passwd.txt\u{2069}"),
        "{errors}"
    );
    assert!(errors.contains("خود فایل یا پوشه را"), "{errors}");
}

#[test]
fn links_out_of_the_site_are_all_reported_together() {
    let site = site();
    let outside = outside();
    let root = site.path();
    link(outside.path().join("shared"), &root.join("static/shared"));
    link(
        outside.path().join("item.md"),
        &root.join("content/news/9001.md"),
    );
    link(
        outside.path().join("shared"),
        &root.join("content/news/1405"),
    );
    link(
        outside.path().join("secret.txt"),
        &root.join("templates/page.html"),
    );
    link(
        outside.path().join("secret.txt"),
        &root.join("themes/plain/static/css/theme.css"),
    );
    let output = akhbar(&["build"], root);
    assert_refused(
        &output,
        root,
        &[
            "static/shared",
            "content/news/9001.md",
            "content/news/1405",
            "templates/page.html",
            "themes/plain/static/css/theme.css",
        ],
    );
    assert!(stderr(&output).starts_with("akhbar: 5 problems in the site:"));

    let check = akhbar(&["check"], root);
    assert_refused(
        &check,
        root,
        &[
            "static/shared",
            "content/news/9001.md",
            "templates/page.html",
        ],
    );
}

#[test]
fn a_linked_theme_or_content_folder_outside_the_site_is_refused() {
    let site = site();
    let outside = outside();
    let root = site.path();
    let theme = outside.path().join("plain");
    support::copy_dir(&root.join("themes/plain"), &theme);
    fs::remove_dir_all(root.join("themes/plain")).unwrap();
    link(&theme, &root.join("themes/plain"));
    let output = akhbar(&["build"], root);
    assert_refused(&output, root, &["themes/plain/templates"]);

    let site = self::site();
    let root = site.path();
    let pages = outside.path().join("pages");
    fs::rename(root.join("content/pages"), &pages).unwrap();
    link(&pages, &root.join("content/pages"));
    let output = akhbar(&["check"], root);
    assert_refused(&output, root, &["content/pages"]);
}

#[test]
fn no_link_publishes_the_readers_comments() {
    let site = site();
    let root = site.path();
    link("../content/comments", &root.join("static/c"));
    link(
        "../../content/comments/1001/c1.yaml",
        &root.join("static/images/c1.txt"),
    );
    let output = akhbar(&["build"], root);
    let errors = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{errors}");
    for path in ["static/c", "static/images/c1.txt"] {
        assert!(
            errors.contains(&format!(
                "  {path}: leads to the readers' comments (content/comments), which are never published"
            )),
            "{errors}"
        );
    }
    assert!(!root.join("public").exists());

    // A comments folder inside the static files is no way round it.
    let site = self::site();
    let root = site.path();
    let settings = root.join("site.toml");
    let text = fs::read_to_string(&settings).unwrap();
    fs::write(
        &settings,
        format!("{text}\n[comments]\nfolder = \"static/c\"\n"),
    )
    .unwrap();
    let output = akhbar(&["build"], root);
    let errors = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{errors}");
    assert!(
        errors.contains("site.toml:7: `folder` is 'static/c'"),
        "{errors}"
    );
    assert!(!root.join("public").exists());
}

#[test]
fn links_that_stay_inside_the_site_are_followed() {
    let site = site();
    let root = site.path();
    fs::create_dir_all(root.join("assets/brand")).unwrap();
    fs::write(root.join("assets/brand/mark.svg"), "<svg/>").unwrap();
    fs::write(root.join("assets/favicon.ico"), "icon").unwrap();
    link("../assets/brand", &root.join("static/brand"));
    link("../assets/favicon.ico", &root.join("static/favicon.ico"));
    fs::create_dir_all(root.join("archive")).unwrap();
    fs::write(
        root.join("archive/2001.md"),
        "---\nid: 2001\ntitle: خبر بایگانی\ndate: 1404/01/08\n---\n\nمتن بایگانی\n",
    )
    .unwrap();
    link("../../archive", &root.join("content/news/archive"));
    link(
        "../themes/plain/templates/page.html",
        &root.join("templates/page.html"),
    );
    let output = akhbar(&["build"], root);
    assert!(output.status.success(), "{}", stderr(&output));
    let public = root.join("public");
    assert_eq!(
        fs::read_to_string(public.join("brand/mark.svg")).unwrap(),
        "<svg/>"
    );
    assert_eq!(
        fs::read_to_string(public.join("favicon.ico")).unwrap(),
        "icon"
    );
    assert!(
        fs::read_to_string(public.join("news/2001/index.html"))
            .unwrap()
            .contains("متن بایگانی")
    );
    let check = akhbar(&["check"], root);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn a_settings_path_that_leaves_the_site_is_refused() {
    let site = site();
    let outside = outside();
    let root = site.path();
    let settings = root.join("site.toml");
    let text = fs::read_to_string(&settings).unwrap();
    let elsewhere = outside.path().join("comments");
    support::copy_dir(&root.join("content/comments"), &elsewhere);
    let relative = format!(
        "../{}/comments",
        outside.path().file_name().unwrap().to_str().unwrap()
    );
    for folder in [relative.as_str(), elsewhere.to_str().unwrap()] {
        fs::write(
            &settings,
            format!("{text}\n[comments]\nfolder = \"{folder}\"\n"),
        )
        .unwrap();
        for command in ["build", "check"] {
            let output = akhbar(&[command], root);
            let errors = stderr(&output);
            assert_eq!(output.status.code(), Some(1), "{command}: {errors}");
            assert!(
                errors.contains(&format!(
                    "site.toml:7: `folder` is '{folder}': it leads to "
                )),
                "{command}: {errors}"
            );
            assert!(errors.contains("outside the site's folder"), "{errors}");
        }
        let export = akhbar(&["comments", "export"], root);
        assert_eq!(export.status.code(), Some(1), "{}", stderr(&export));
        assert!(!root.join("moderation").exists());
    }
    assert!(!root.join("public").exists());
}

#[test]
fn a_default_output_linked_out_of_the_site_is_refused() {
    let site = site();
    let outside = outside();
    let root = site.path();
    link(outside.path().join("shared"), &root.join("public"));
    let output = akhbar(&["build"], root);
    let errors = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{errors}");
    assert!(errors.contains("  public: leads to "), "{errors}");
    assert!(errors.contains("--output"), "{errors}");
    assert_eq!(
        fs::read_dir(outside.path().join("shared")).unwrap().count(),
        1,
        "nothing written outside"
    );
    assert!(
        fs::symlink_metadata(root.join("public"))
            .unwrap()
            .is_symlink()
    );
    let elsewhere = outside.path().join("www");
    let output = akhbar(&["build", "--output", elsewhere.to_str().unwrap()], root);
    assert!(
        output.status.success(),
        "an explicit --output is its own root: {}",
        stderr(&output)
    );
    assert!(elsewhere.join("index.html").is_file());
}

#[test]
fn new_never_writes_through_a_link_out_of_the_site() {
    let site = site();
    let outside = outside();
    let root = site.path();
    let news = outside.path().join("news");
    fs::rename(root.join("content/news"), &news).unwrap();
    link(&news, &root.join("content/news"));
    let before = texts(&news).len();
    let output = akhbar(&["new", "خبر تازه"], root);
    let errors = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{errors}");
    assert!(errors.contains("content/news: leads to "), "{errors}");
    assert_eq!(texts(&news).len(), before, "nothing written outside");
}

#[test]
fn the_export_never_lands_under_public() {
    let site = site();
    let outside = outside();
    let root = site.path();
    fs::create_dir_all(root.join("public")).unwrap();
    link("public", &root.join("moderation-link"));
    let through_link = root.join("moderation-link/leak");
    for out in [
        "moderation/../public/leak",
        "./public/leak",
        "moderation-link/leak",
        through_link.to_str().unwrap(),
    ] {
        let output = akhbar(&["comments", "export", "--out", out], root);
        let errors = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{out}: {errors}");
        assert!(errors.contains("leads to "), "{out}: {errors}");
        assert!(
            errors.contains("the export holds readers' emails"),
            "{out}: {errors}"
        );
        assert!(!root.join("public/leak").exists(), "{out}");
    }
    assert!(
        !texts(&root.join("public"))
            .iter()
            .any(|(_, text)| text.contains(EMAIL))
    );

    // A link to a folder elsewhere, such as a shared drive, is where the moderators want it.
    link(outside.path().join("shared"), &root.join("moderation"));
    let output = akhbar(&["comments", "export", "--status", "all"], root);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).ends_with(": 1 comments\n"),
        "{}",
        stdout(&output)
    );
    let exported = texts(&outside.path().join("shared"));
    assert!(exported.iter().any(|(_, text)| text.contains(EMAIL)));
}

#[test]
fn the_export_reads_no_comment_through_a_link_out_of_the_site() {
    let site = site();
    let outside = outside();
    let root = site.path();
    let foreign = outside.path().join("comments/1002");
    fs::create_dir_all(&foreign).unwrap();
    fs::write(
        foreign.join("c9.yaml"),
        "id: c9\nnews_id: 1002\nname: x\nemail: other@example.org\nbody: y\n\
         received_at: 2025-03-21T10:00:00Z\nstatus: pending\nip_hash: cd34\n",
    )
    .unwrap();
    link(&foreign, &root.join("content/comments/1002"));
    let output = akhbar(&["comments", "export", "--out", "queue"], root);
    let errors = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{errors}");
    assert!(
        errors.contains("content/comments/1002: leads to "),
        "{errors}"
    );
    assert!(!root.join("queue").exists());
}
