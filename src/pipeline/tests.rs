//! The engine through its three sinks, on small real sites in temporary folders: memory
//! ([`render_only`], [`render_again`]), a folder ([`build`], [`build_again`]) and nowhere
//! ([`check`]).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tempfile::TempDir;

use super::*;
use crate::output::MARKER;
use crate::output::manifest::Manifest;

/// The fixture site every copy is made from.
const MINIMAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/minimal");

fn copy_dir(from: &Path, to: &Path) {
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

/// A copy of `tests/fixtures/minimal`: four published news items with tags and categories, a
/// draft, a page and static files of the site and of its theme.
fn minimal() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(MINIMAL), dir.path());
    dir
}

/// A site with the fixture's settings and theme and news items 1 to `count` of its own, a day
/// apart in one month, with no tags and no category (so none is related to another), each
/// with the body `body(id)`.
fn generated(count: u64, body: impl Fn(u64) -> String) -> TempDir {
    assert!(count <= 31, "one month");
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(MINIMAL);
    fs::copy(from.join("site.toml"), dir.path().join("site.toml")).unwrap();
    copy_dir(&from.join("themes"), &dir.path().join("themes"));
    for id in 1..=count {
        write_item(dir.path(), id, &body(id));
    }
    dir
}

/// The file of the generated item `id`.
fn item_file(root: &Path, id: u64) -> PathBuf {
    root.join(format!("content/news/{id}.md"))
}

/// Writes the generated item `id` with `body`.
fn write_item(root: &Path, id: u64, body: &str) {
    let path = item_file(root, id);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text = format!(
        "---\nid: {id}\ntitle: \"خبر شمارهٔ {id}\"\ndate: 1404/02/{id:02} 10:00\n---\n\n{body}\n"
    );
    fs::write(path, text).unwrap();
}

/// Adds `text` as a paragraph at the end of the file at `path`.
fn append(path: &Path, text: &str) {
    let mut all = fs::read_to_string(path).unwrap();
    all.push_str(&format!("\n{text}\n"));
    fs::write(path, all).unwrap();
}

/// The files of a build into memory, by path.
fn in_memory(rendered: &Rendered) -> BTreeMap<PathBuf, Vec<u8>> {
    rendered
        .files
        .iter()
        .map(|file| (file.path.clone(), file.bytes.to_vec()))
        .collect()
}

/// The bytes of the file at `path` of a build into memory, as the build holds them.
fn bytes_of(rendered: &Rendered, path: &str) -> Arc<[u8]> {
    let file = rendered
        .files
        .iter()
        .find(|file| file.path == Path::new(path));
    file.unwrap_or_else(|| panic!("no {path}")).bytes.clone()
}

/// Every file of the folder `dir` with its bytes, by path, the build's marker aside.
fn in_folder(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.file_type().is_file() && entry.file_name() != MARKER)
        .map(|entry| {
            let path = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            (path, fs::read(entry.path()).unwrap())
        })
        .collect()
}

/// Options for building the site at `root` into its preview-like folder `.akhbar/preview`.
fn preview_options(root: &Path) -> BuildOptions {
    BuildOptions {
        output: Some(root.join(".akhbar/preview")),
        ..BuildOptions::new(root)
    }
}

/// The problems of a render that must fail.
fn refused(result: Result<Rendered, Diagnostics>) -> Diagnostics {
    match result {
        Ok(rendered) => panic!("rendered {} files", rendered.files.len()),
        Err(problems) => problems,
    }
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

#[test]
fn the_three_sinks_agree_on_what_a_site_is() {
    let site = minimal();
    let options = BuildOptions::new(site.path());
    let rendered = render_only(&options).unwrap();
    let memory = in_memory(&rendered);
    let pages = rendered.page_count();
    assert!(pages > 10, "{pages} pages");
    assert!(memory.contains_key(Path::new("news/1005/index.html")));
    assert!(
        !memory.contains_key(Path::new("news/1003/index.html")),
        "a draft is not published"
    );
    assert!(memory.contains_key(Path::new("rss.xml")));

    let built = build(&options).unwrap();
    assert_eq!(built.output, site.path().join("public"));
    let mut folder = in_folder(&built.output);
    let statics = rendered.statics.paths();
    assert!(statics.contains(&PathBuf::from("images/logo.svg")));
    assert!(statics.contains(&PathBuf::from("css/site.css")));
    for path in &statics {
        assert!(folder.remove(path).is_some(), "{} copied", path.display());
    }
    assert_eq!(
        folder.keys().collect::<Vec<_>>(),
        memory.keys().collect::<Vec<_>>()
    );
    assert!(
        folder == memory,
        "the folder holds what memory holds, byte for byte"
    );
    assert_eq!(built.pages, pages);
    assert_eq!(built.rendered, pages, "no cache yet");
    assert_eq!(built.other_files, memory.len() - pages);
    assert_eq!(built.static_files, statics.len());
    assert_eq!(built.changes.added.len(), memory.len() + statics.len());
    assert_eq!(built.news, rendered.news);
    assert_eq!(
        built.news,
        NewsCount {
            read: 5,
            published: 4
        }
    );

    let before = Manifest::of_folder(&built.output);
    let checked = check(&options).unwrap();
    assert_eq!(checked.pages, pages);
    assert_eq!(checked.rendered, pages, "a check keeps nothing");
    assert_eq!(checked.other_files, memory.len() - pages);
    assert_eq!(checked.static_files, statics.len());
    assert_eq!(checked.news, rendered.news);
    assert!(checked.changes.is_empty());
    assert_eq!(
        Manifest::of_folder(&built.output),
        before,
        "a check writes nothing"
    );
}

#[test]
fn a_lasting_state_keeps_the_pages_whose_inputs_are_unchanged() {
    let site = generated(8, |id| format!("متن خبر {id}."));
    let options = BuildOptions::new(site.path());
    let mut state = Incremental::default();
    let first = render_again(&options, &mut state).unwrap();
    let pages = first.page_count();
    assert_eq!(state.rendered, pages, "nothing to keep the first time");

    let second = render_again(&options, &mut state).unwrap();
    assert_eq!(state.rendered, 0);
    assert!(in_memory(&second) == in_memory(&first));

    write_item(site.path(), 4, "متن تازه و بلندتر خبر چهارم.");
    let third = render_again(&options, &mut state).unwrap();
    assert!(
        (1..pages / 2).contains(&state.rendered),
        "{} of {pages} pages rendered for one body",
        state.rendered
    );
    let fresh = render_only(&options).unwrap();
    assert!(
        in_memory(&third) == in_memory(&fresh),
        "the same files as a full build, byte for byte"
    );
    let edited = bytes_of(&third, "news/4/index.html");
    assert!(text(&edited).contains("متن تازه و بلندتر خبر چهارم."));
    assert!(!Arc::ptr_eq(
        &edited,
        &bytes_of(&second, "news/4/index.html")
    ));
    // An item far from the edited one is the previous build's file itself.
    assert!(Arc::ptr_eq(
        &bytes_of(&third, "news/8/index.html"),
        &bytes_of(&second, "news/8/index.html")
    ));
}

#[test]
fn a_failed_render_keeps_the_state_of_the_last_good_one() {
    let site = generated(5, |id| format!("متن خبر {id}."));
    let options = BuildOptions::new(site.path());
    let mut state = Incremental::default();
    let good = render_again(&options, &mut state).unwrap();
    append(&item_file(site.path(), 3), "[گم](/news/999999/)");
    let problems = refused(render_again(&options, &mut state));
    assert_eq!(problems, refused(render_only(&options)));
    assert_eq!(problems.0.len(), 1, "{problems:?}");
    assert_eq!(problems.0[0].path, Path::new("news/3/index.html"));
    assert!(problems.0[0].message.contains("/news/999999/"));
    // Put back as it was: nothing is left to render.
    write_item(site.path(), 3, "متن خبر 3.");
    let again = render_again(&options, &mut state).unwrap();
    assert_eq!(state.rendered, 0);
    assert!(in_memory(&again) == in_memory(&good));
}

#[test]
fn a_preview_build_writes_only_what_changed_and_nothing_when_it_fails() {
    let site = minimal();
    let options = preview_options(site.path());
    let preview = options.output_dir();
    let mut state = Incremental::default();
    let (first, statics) = build_again(&options, &mut state).unwrap();
    assert!(!statics.is_empty());
    assert_eq!(first.static_files, statics.len());
    assert_eq!(first.rendered, first.pages);
    let folder = in_folder(&preview);
    for path in statics.paths() {
        assert!(
            !folder.contains_key(&path),
            "{} is served from where it is",
            path.display()
        );
    }
    assert!(
        folder == in_memory(&render_only(&options).unwrap()),
        "the folder holds the rendered site"
    );
    assert!(
        !site.path().join(cache::CACHE_FILE).exists(),
        "a lasting state keeps no record on disk"
    );

    let stamps = Manifest::of_folder(&preview).unwrap();
    let (second, _) = build_again(&options, &mut state).unwrap();
    assert_eq!(second.rendered, 0);
    assert_eq!(second.pages, first.pages);
    assert!(second.changes.is_empty(), "{:?}", second.changes);
    assert_eq!(
        Manifest::of_folder(&preview).unwrap(),
        stamps,
        "not a file touched"
    );

    let item = site.path().join("content/news/1404/01/1005.md");
    append(&item, "بند تازه‌ای از گزارش.");
    let (third, _) = build_again(&options, &mut state).unwrap();
    assert!(
        (1..third.pages / 2).contains(&third.rendered),
        "{} of {} pages rendered for one body",
        third.rendered,
        third.pages
    );
    // New words of the body may start new shards of the search index; no page comes or goes.
    let search = |path: &PathBuf| path.starts_with("search");
    assert!(
        third.changes.added.iter().all(search) && third.changes.removed.is_empty(),
        "{:?}",
        third.changes
    );
    assert!(
        third
            .changes
            .changed
            .contains(&PathBuf::from("news/1005/index.html"))
    );
    assert!(
        third.changes.len() < folder.len() / 2,
        "{:?}",
        third.changes
    );
    let edited = in_folder(&preview);
    assert!(edited == in_memory(&render_only(&options).unwrap()));
    for path in &third.changes.changed {
        assert_ne!(edited[path], folder[path], "{}", path.display());
    }

    // A link to news the site does not have: the build fails and the folder stays.
    let stamps = Manifest::of_folder(&preview).unwrap();
    let other = site.path().join("content/news/1404/01/1002.md");
    let kept_text = fs::read_to_string(&other).unwrap();
    append(&other, "[خبر گم‌شده](/news/999999/)");
    let problems = build_again(&options, &mut state).unwrap_err();
    assert_eq!(problems.0.len(), 1, "{problems:?}");
    assert_eq!(problems.0[0].path, Path::new("news/1002/index.html"));
    assert!(problems.0[0].message.contains("/news/999999/"));
    assert!(in_folder(&preview) == edited, "the folder is as it was");
    assert_eq!(Manifest::of_folder(&preview).unwrap(), stamps);

    // Mended with a link to news that exists: the next build works.
    fs::write(&other, &kept_text).unwrap();
    append(&other, "[خبر بهاری](/news/1005/)");
    let (mended, _) = build_again(&options, &mut state).unwrap();
    assert!(mended.rendered >= 1);
    assert!(
        mended
            .changes
            .changed
            .contains(&PathBuf::from("news/1002/index.html"))
    );
    let now = in_folder(&preview);
    assert!(text(&now[Path::new("news/1002/index.html")]).contains("href=\"/news/1005/\""));
    assert!(now == in_memory(&render_only(&options).unwrap()));
}

#[test]
fn a_kept_page_is_checked_again_when_a_page_it_links_to_goes_away() {
    // Item 2 links to item 6; with no tags, its page shows only items 1 and 3 besides itself.
    let body = |id| match id {
        2 => "خبر پیشین را [اینجا](/news/6/) بخوانید.".to_string(),
        id => format!("متن خبر {id}."),
    };
    let broken = |site: &TempDir| -> Diagnostics {
        let problems = refused(render_only(&BuildOptions::new(site.path())));
        assert_eq!(problems.0.len(), 1, "{problems:?}");
        assert_eq!(problems.0[0].path, Path::new("news/2/index.html"));
        assert!(problems.0[0].message.contains("/news/6/"), "{problems:?}");
        problems
    };

    // In memory, with a lasting state.
    let site = generated(9, body);
    let options = BuildOptions::new(site.path());
    let mut state = Incremental::default();
    let first = render_again(&options, &mut state).unwrap();
    // Another item goes: item 2's page is kept, the very bytes of the first build.
    fs::remove_file(item_file(site.path(), 8)).unwrap();
    let second = render_again(&options, &mut state).unwrap();
    assert!(state.rendered > 0);
    assert!(Arc::ptr_eq(
        &bytes_of(&first, "news/2/index.html"),
        &bytes_of(&second, "news/2/index.html")
    ));
    fs::remove_file(item_file(site.path(), 6)).unwrap();
    let problems = refused(render_again(&options, &mut state));
    assert_eq!(problems, broken(&site));

    // Into a folder, with a lasting state (the preview).
    let site = generated(9, body);
    let options = preview_options(site.path());
    let mut state = Incremental::default();
    build_again(&options, &mut state).unwrap();
    fs::remove_file(item_file(site.path(), 8)).unwrap();
    let (second, _) = build_again(&options, &mut state).unwrap();
    assert!(
        !second
            .changes
            .changed
            .contains(&PathBuf::from("news/2/index.html"))
    );
    let folder = in_folder(&options.output_dir());
    fs::remove_file(item_file(site.path(), 6)).unwrap();
    let problems = build_again(&options, &mut state).unwrap_err();
    assert_eq!(problems, broken(&site));
    assert!(in_folder(&options.output_dir()) == folder);

    // Into `public/`, from the record on disk.
    let site = generated(9, body);
    let options = BuildOptions::new(site.path());
    build(&options).unwrap();
    fs::remove_file(item_file(site.path(), 8)).unwrap();
    let second = build(&options).unwrap();
    assert!(
        second.rendered < second.pages,
        "the record was used: {} of {} rendered",
        second.rendered,
        second.pages
    );
    fs::remove_file(item_file(site.path(), 6)).unwrap();
    let problems = build(&options).unwrap_err();
    assert_eq!(problems, broken(&site));
}

#[test]
fn a_build_keeps_its_record_on_disk_and_renders_nothing_again() {
    let site = generated(6, |id| format!("متن خبر {id}."));
    let options = BuildOptions::new(site.path());
    let first = build(&options).unwrap();
    assert_eq!(first.rendered, first.pages);
    assert!(site.path().join(cache::CACHE_FILE).is_file());
    let stamps = Manifest::of_folder(&first.output).unwrap();
    let second = build(&options).unwrap();
    assert_eq!(second.rendered, 0);
    assert!(second.changes.is_empty(), "{:?}", second.changes);
    assert_eq!(Manifest::of_folder(&first.output).unwrap(), stamps);
    // Without the cache, every page is rendered, and still nothing changes.
    let uncached = BuildOptions {
        cache: false,
        ..options.clone()
    };
    let third = build(&uncached).unwrap();
    assert_eq!(third.rendered, third.pages);
    assert!(third.changes.is_empty(), "{:?}", third.changes);
}
