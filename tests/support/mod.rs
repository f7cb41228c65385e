//! What several test files share: copies of fixture sites, and an HTTP client that reports
//! statuses instead of failing on them.
#![allow(dead_code)]

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

pub mod desk_http;
pub mod intake;
pub mod search;

/// A copy of the fixture site `name` (under tests/fixtures/) in a temporary folder.
pub fn fixture_copy(name: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    copy_dir(&from, dir.path());
    dir
}

/// Copies the folder `from` into `to`, made if missing.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, in path order, the build's marker aside (it names
/// the build that wrote the folder): the whole of a built site, to compare.
pub fn site_files(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.file_type().is_file() && entry.file_name() != ".akhbar-build")
        .map(|entry| {
            let path = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            (path, fs::read(entry.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The parts the sitemap index `public/sitemap.xml` names, in its order: each part's path
/// under `public` (`sitemaps/news-1403.xml`) with its text. Fails unless the index is a
/// `<sitemapindex>` whose every part is a file of the site under `base` (the site's address,
/// without a trailing `/`).
pub fn sitemap_parts(public: &Path, base: &str) -> Vec<(String, String)> {
    let index = fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(index.contains("<sitemapindex "), "{index}");
    index
        .split("<loc>")
        .skip(1)
        .map(|rest| {
            let location = &rest[..rest.find("</loc>").unwrap()];
            let path = location
                .strip_prefix(base)
                .and_then(|path| path.strip_prefix('/'))
                .unwrap_or_else(|| panic!("{location} is not under {base}"));
            let text = fs::read_to_string(public.join(path))
                .unwrap_or_else(|e| panic!("the index names {location}: {e}"));
            (path.to_string(), text)
        })
        .collect()
}

/// Runs akhbar on the site at `root`, in English: the fixtures are Persian sites, whose
/// messages are Persian by default.
pub fn akhbar(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(args)
        .arg("--root")
        .arg(root)
        .args(["--lang", "en"])
        .output()
        .unwrap()
}

/// A client that neither follows redirects nor turns 4xx/5xx into errors.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}
