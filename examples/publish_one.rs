//! What publishing one item costs, as a newsroom does it many times a day: a generated portal
//! of N items is built once through the build cache, then each case below is applied and the
//! site built again, and the build's own change list says how many files of the output it
//! added, changed or removed (the search index's shards apart, as issue 15's goals count them).
//!
//! ```sh
//! cargo run --release --example publish_one -- 10000
//! ```
//!
//! Prints, for each case, the files changed (all, and outside `search/`) and the build's time.
//! The corpus is written to a temporary folder by examples/gen_corpus.rs. Each build starts a
//! little over two seconds after the files were written, as a build after an editor's save (or
//! a timer's) does: a file saved less than two seconds before a build is not trusted by its
//! time, and such a build reads every file even when nothing changed. The disk is synced after
//! the clean build, so that the cases do not measure its write-back.

use std::fs;
use std::path::Path;
use std::time::Instant;

use akhbar::pipeline::{BuildOptions, BuildSummary, build};

#[allow(dead_code)]
#[path = "gen_corpus.rs"]
mod gen_corpus;

/// A new item on the corpus's latest day, in an existing category, with two existing tags.
const NEW_ITEM: &str = "---\nid: 900001\ntitle: \"اطلاعیهٔ تازهٔ ثبت احوال\"\ndate: 1403/12/29 18:00\n\
category: اطلاعیه‌ها\ntags: [ایلام, سامانه e-Gov]\n---\n\nمتن اطلاعیهٔ تازه.\n";

/// How long after the files were written a build starts.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(2100);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count: u32 = std::env::args()
        .nth(1)
        .ok_or("usage: publish_one N")?
        .parse()?;
    let dir = tempfile::tempdir()?;
    gen_corpus::generate(count, dir.path())?;
    std::thread::sleep(SETTLE);
    let options = BuildOptions::new(dir.path());
    let (first, seconds) = timed(&options)?;
    println!("clean build: {} pages in {seconds:.2} s", first.pages);
    // The cases start from a site at rest, as a newsroom's do: not while the kernel still
    // writes the clean build's gigabytes back to the disk.
    let _ = std::process::Command::new("sync").status();

    let root = dir.path();
    let new_item = root.join("content/news/1403/12/900001.md");
    let items = gen_corpus::news_files(root);
    let older = items[items.len() / 2].clone();
    let cases: [(&str, Edit); 5] = [
        ("nothing changed", Box::new(|| Ok(()))),
        ("add one item", Box::new(|| write(&new_item, NEW_ITEM))),
        (
            "edit one item's body",
            Box::new(|| append(&new_item, "\nبندی که ویراستار افزود.\n")),
        ),
        (
            "change one item's title",
            Box::new(|| retitle(&older, "عنوانی که ویراستار تغییر داد")),
        ),
        (
            "unpublish one item",
            Box::new(|| fs::remove_file(&new_item)),
        ),
    ];
    for (case, apply) in cases {
        apply()?;
        std::thread::sleep(SETTLE);
        let (summary, seconds) = timed(&options)?;
        let changes = &summary.changes;
        let outside_search: Vec<&Path> = changes
            .iter()
            .map(|(_, path)| path)
            .filter(|path| !path.starts_with("search"))
            .collect();
        println!(
            "{case}: {} files changed ({} outside search/: {}), {} of {} pages rendered{}, {seconds:.2} s",
            changes.len(),
            outside_search.len(),
            by_folder(&outside_search),
            summary.rendered,
            summary.pages,
            if summary.up_to_date {
                " (nothing read: up to date)"
            } else {
                ""
            },
        );
    }
    Ok(())
}

/// How many of `paths` are in each top folder of the output (a file at its top counts by its
/// name), most first: «news 5, tag 3, index.html 1».
fn by_folder(paths: &[&Path]) -> String {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for path in paths {
        let top = path.components().next().map_or_else(String::new, |part| {
            part.as_os_str().to_string_lossy().into_owned()
        });
        *counts.entry(top).or_default() += 1;
    }
    let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let shown: Vec<String> = counts
        .iter()
        .map(|(folder, count)| format!("{folder} {count}"))
        .collect();
    shown.join(", ")
}

/// One editor's act on the site's files.
type Edit<'a> = Box<dyn Fn() -> std::io::Result<()> + 'a>;

/// Builds the site and times it.
fn timed(options: &BuildOptions) -> Result<(BuildSummary, f64), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let summary = build(options).map_err(|problems| problems.to_string())?;
    Ok((summary, started.elapsed().as_secs_f64()))
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    fs::create_dir_all(path.parent().expect("an item is in a folder"))?;
    fs::write(path, text)
}

fn append(path: &Path, text: &str) -> std::io::Result<()> {
    let mut current = fs::read_to_string(path)?;
    current.push_str(text);
    fs::write(path, current)
}

/// Gives the item at `path` the title `title`.
fn retitle(path: &Path, title: &str) -> std::io::Result<()> {
    let text = fs::read_to_string(path)?;
    let retitled: Vec<String> = text
        .lines()
        .map(|line| match line.starts_with("title:") {
            true => format!("title: \"{title}\""),
            false => line.to_string(),
        })
        .collect();
    fs::write(path, retitled.join("\n") + "\n")
}
