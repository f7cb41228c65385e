//! Every text file a site is made of is read through one door: a byte-order mark and Windows
//! line ends change nothing in the output, and a file in another encoding is an error that
//! names the file, the line and what to do, in every command that reads it.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use support::{akhbar, fixture_copy, site_files};

/// A comment the fixture's news item 1001 has, approved so the build publishes it.
const COMMENT: &str = "id: c1\nnews_id: 1001\nname: «مریم»\nemail: m@example.org\n\
body: |-\n  خط نخست دیدگاه\n  خط دوم\nreceived_at: 2025-03-21T10:00:00Z\nstatus: approved\n";

/// «سلام» in Windows-1256, the old Arabic Windows code page that Persian files are often in.
const WINDOWS_1256: [u8; 4] = [0xD3, 0xE1, 0xC7, 0xE3];

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every text file of the site at `root`: settings, items, pages, templates and comments.
fn text_files(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| entry.into_path())
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ["md", "toml", "html", "yaml"].contains(&ext.to_str().unwrap()))
        })
        .collect()
}

/// The fixture site with the approved comment, in a temporary folder.
fn site_with_comment() -> tempfile::TempDir {
    let root = fixture_copy("minimal");
    let folder = root.path().join("content/comments/1001");
    fs::create_dir_all(&folder).unwrap();
    fs::write(folder.join("c1.yaml"), COMMENT).unwrap();
    root
}

/// `path`'s text as Unix editors save it: no byte-order mark, LF line ends.
fn save_as_unix(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap();
    let unix = text.trim_start_matches('\u{FEFF}').replace("\r\n", "\n");
    fs::write(path, &unix).unwrap();
    unix
}

/// `path`'s text as Windows Notepad saves it: a byte-order mark and CR LF line ends.
fn save_as_notepad(path: &Path) {
    let windows = format!("\u{FEFF}{}", save_as_unix(path).replace('\n', "\r\n"));
    fs::write(path, windows).unwrap();
}

#[test]
fn a_byte_order_mark_and_windows_line_ends_change_nothing_in_any_file() {
    let plain = site_with_comment();
    let windows = site_with_comment();
    let files = text_files(windows.path());
    assert!(
        files.len() >= 16,
        "settings, items, pages, templates, comment: {files:?}"
    );
    for path in &files {
        save_as_notepad(path);
    }
    for root in [&plain, &windows] {
        let output = akhbar(&["build"], root.path());
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let built = |root: &tempfile::TempDir| site_files(&root.path().join("public"));
    let (plain_site, windows_site) = (built(&plain), built(&windows));
    let names = |site: &[(PathBuf, Vec<u8>)]| site.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&plain_site), names(&windows_site));
    for ((path, expected), (_, actual)) in plain_site.iter().zip(&windows_site) {
        assert!(expected == actual, "{} differs", path.display());
    }
    let page = fs::read_to_string(windows.path().join("public/news/1001/index.html")).unwrap();
    assert!(page.contains("خط نخست دیدگاه"), "the comment is published");
    assert!(!page.contains('\r') && !page.contains('\u{FEFF}'));
}

#[test]
fn a_comment_file_with_a_byte_order_mark_is_listed_and_exported() {
    let root = site_with_comment();
    save_as_notepad(&root.path().join("content/comments/1001/c1.yaml"));
    let listed = akhbar(&["comments", "list", "--status", "approved"], root.path());
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert!(String::from_utf8_lossy(&listed.stdout).contains("c1"));
    let out = root.path().join("export");
    let out_arg = out.to_str().unwrap();
    let exported = akhbar(
        &[
            "comments", "export", "--out", out_arg, "--status", "approved",
        ],
        root.path(),
    );
    assert!(exported.status.success(), "{}", stderr(&exported));
    let csv = fs::read_to_string(
        fs::read_dir(&out)
            .unwrap()
            .find_map(|entry| {
                let path = entry.unwrap().path();
                path.extension()
                    .is_some_and(|ext| ext == "csv")
                    .then_some(path)
            })
            .unwrap(),
    )
    .unwrap();
    assert!(csv.contains("خط نخست دیدگاه"), "{csv}");
}

/// Puts Windows-1256 bytes on the second line of the file at `path`, and says where they are.
fn spoil(path: &Path) -> String {
    let mut bytes = fs::read(path).unwrap();
    let second_line = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    let tail = bytes.split_off(second_line);
    bytes.extend(WINDOWS_1256);
    bytes.extend(tail);
    fs::write(path, bytes).unwrap();
    "line 2, column 1".into()
}

#[test]
fn a_file_in_another_encoding_is_named_with_its_line_in_every_reader() {
    for (file, command) in [
        ("content/news/1404/01/1002.md", &["build"][..]),
        ("content/pages/about.md", &["check"][..]),
        ("themes/plain/templates/news.html", &["build"][..]),
        ("content/comments/1001/c1.yaml", &["build"][..]),
        ("content/comments/1001/c1.yaml", &["comments", "list"][..]),
    ] {
        let root = site_with_comment();
        let place = spoil(&root.path().join(file));
        let output = akhbar(command, root.path());
        assert!(!output.status.success(), "{file} with {command:?}");
        let expected = format!("{file}:2: is not UTF-8 text ({place}");
        assert!(
            stderr(&output).contains(&expected),
            "{file}: {}",
            stderr(&output)
        );
        assert!(stderr(&output).contains("save it as UTF-8"));
        assert!(!root.path().join("public").exists(), "nothing was written");
    }
}

#[test]
fn settings_in_another_encoding_are_named_in_persian_too() {
    let root = site_with_comment();
    spoil(&root.path().join("site.toml"));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(["build", "--root"])
        .arg(root.path())
        .args(["--lang", "fa"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("فایل UTF-8 نیست"), "{message}");
    assert!(message.contains("site.toml"), "{message}");
    assert!(message.contains("کدگذاری UTF-8 ذخیره کنید"), "{message}");
}
