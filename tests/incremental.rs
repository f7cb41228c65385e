//! A rebuild that keeps unchanged pages (`akhbar serve`) writes exactly what a full build
//! writes, byte for byte, after any sequence of editors' changes; and a build on many threads,
//! or one that reuses a previous build's work, writes what a build on one thread writes.

use std::fs;
use std::path::{Path, PathBuf};

use akhbar::build::{BuildOptions, Rendered, render_again, render_only};
use akhbar::render::memo::PageMemo;
use proptest::prelude::*;

#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

const ITEMS: u32 = 30;

/// One change an editor (or a moderator) makes to the site.
#[derive(Debug, Clone)]
enum Edit {
    Body(usize),
    Title(usize),
    Date(usize, u32),
    Tag(usize),
    Draft(usize),
    Delete(usize),
    Copy(usize),
    Template,
    Page,
    Comment(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..ITEMS as usize).prop_map(Edit::Body),
        (0..ITEMS as usize).prop_map(Edit::Title),
        (0..ITEMS as usize, 1..12u32).prop_map(|(i, m)| Edit::Date(i, m)),
        (0..ITEMS as usize).prop_map(Edit::Tag),
        (0..ITEMS as usize).prop_map(Edit::Draft),
        (0..ITEMS as usize).prop_map(Edit::Delete),
        (0..ITEMS as usize).prop_map(Edit::Copy),
        Just(Edit::Template),
        Just(Edit::Page),
        (0..ITEMS as usize).prop_map(Edit::Comment),
    ]
}

/// Makes `edit`; gives the paths it wrote or removed, as a watcher would tell them.
fn apply(root: &Path, edit: &Edit, step: usize) -> Vec<PathBuf> {
    let files = gen_corpus::news_files(root);
    let pick = |i: usize| files[i % files.len()].clone();
    let change = |i: usize, f: &dyn Fn(&str) -> String| {
        let path = pick(i);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, f(&text)).unwrap();
        vec![path]
    };
    match edit {
        Edit::Body(i) => change(*i, &|t| format!("{t}\nبند افزوده {step}.\n")),
        Edit::Title(i) => change(*i, &|t| {
            t.replacen("title: \"", &format!("title: \"ویرایش {step} "), 1)
        }),
        Edit::Date(i, month) => change(*i, &|t| {
            let line = t.lines().find(|l| l.starts_with("date: ")).unwrap();
            t.replacen(line, &format!("date: 1400/{month:02}/10 10:00"), 1)
        }),
        Edit::Tag(i) => change(*i, &|t| {
            t.replacen("tags: [", &format!("tags: [برچسب {step}, "), 1)
        }),
        Edit::Draft(i) => change(*i, &|t| t.replacen("---\n", "---\ndraft: true\n", 1)),
        Edit::Delete(i) if files.len() > 2 => {
            fs::remove_file(pick(*i)).unwrap();
            vec![pick(*i)]
        }
        Edit::Delete(_) => vec![],
        Edit::Copy(i) => {
            let text = fs::read_to_string(pick(*i)).unwrap();
            let id = 900_000 + step;
            let line = text
                .lines()
                .find(|l| l.starts_with("id: "))
                .unwrap()
                .to_string();
            let copy = text.replacen(&line, &format!("id: {id}"), 1);
            let path = root.join(format!("content/news/{id}.md"));
            fs::write(&path, copy).unwrap();
            vec![path]
        }
        Edit::Template => {
            let base = root.join("themes/sabt/templates/base.html");
            let text = fs::read_to_string(&base).unwrap();
            fs::write(
                &base,
                text.replacen("</body>", &format!("<!-- {step} --></body>"), 1),
            )
            .unwrap();
            vec![base]
        }
        Edit::Page => {
            let about = root.join("content/pages/about.md");
            let text = fs::read_to_string(&about).unwrap();
            fs::write(&about, format!("{text}\nبند {step}\n")).unwrap();
            vec![about]
        }
        Edit::Comment(i) => {
            let text = fs::read_to_string(pick(*i)).unwrap();
            let id: u64 = text
                .lines()
                .find_map(|l| l.strip_prefix("id: "))
                .unwrap()
                .trim()
                .parse()
                .unwrap();
            let folder = root.join(format!("content/comments/{id}"));
            fs::create_dir_all(&folder).unwrap();
            let comment = format!(
                "id: c{step}\nnews_id: {id}\nname: خواننده\nemail: r@example.org\nbody: دیدگاه {step}\nreceived_at: 2025-01-01T10:00:00Z\nstatus: approved\n"
            );
            let path = folder.join(format!("c{step}.yaml"));
            fs::write(&path, comment).unwrap();
            vec![folder, path]
        }
    }
}

fn files(rendered: Rendered) -> Vec<(PathBuf, std::sync::Arc<[u8]>)> {
    let mut files: Vec<_> = rendered
        .files
        .into_iter()
        .map(|f| (f.path, f.bytes))
        .collect();
    files.sort();
    files
}

proptest! {
    // Each case builds a site several times: 6 by default, more with PROPTEST_CASES.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(6),
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_rebuild_that_keeps_pages_equals_a_full_build(
        edits in proptest::collection::vec(edit(), 1..6),
        watched in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        gen_corpus::generate(ITEMS, dir.path()).unwrap();
        let options = BuildOptions::new(dir.path());
        let mut memo = PageMemo::default();
        // As `akhbar serve` does: its watcher tells each changed path.
        if watched {
            memo.content.track_changes();
        }
        render_again(&options, &mut memo).unwrap();
        let all = memo.rendered;
        for (step, edit) in edits.iter().enumerate() {
            for path in apply(dir.path(), edit, step) {
                memo.content.changed(path);
            }
            // A change may break the site (a deleted item that others link to): then both
            // builds must refuse it with the same report.
            let (again, full) = match (render_again(&options, &mut memo), render_only(&options)) {
                (Ok(again), Ok(full)) => (files(again), files(full)),
                (Err(again), Err(full)) => {
                    prop_assert_eq!(again, full);
                    continue;
                }
                (again, full) => {
                    return Err(TestCaseError::fail(format!(
                        "one build failed: {:?} / {:?}",
                        again.err(),
                        full.err()
                    )));
                }
            };
            prop_assert_eq!(again.len(), full.len());
            for (kept, fresh) in again.iter().zip(&full) {
                prop_assert_eq!(&kept.0, &fresh.0);
                prop_assert!(kept.1 == fresh.1, "{} differs after {:?}", kept.0.display(), edit);
            }
            if let Edit::Body(_) = edit {
                prop_assert!(memo.rendered < all / 2, "{} of {} pages rendered for one body", memo.rendered, all);
            }
        }
    }
}

/// The site at `options` rendered on a pool of `threads` threads.
fn rendered_on(threads: usize, options: &BuildOptions) -> Vec<(PathBuf, std::sync::Arc<[u8]>)> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    files(pool.install(|| render_only(options)).unwrap())
}

proptest! {
    // Each case builds a generated site four times: 3 by default, more with PROPTEST_CASES.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(3),
        ..ProptestConfig::default()
    })]

    #[test]
    fn parallel_and_reusing_builds_equal_a_single_threaded_one(items in 5u32..90) {
        let dir = tempfile::tempdir().unwrap();
        gen_corpus::generate(items, dir.path()).unwrap();
        let options = BuildOptions::new(dir.path());
        let single = rendered_on(1, &options);
        prop_assert_eq!(&rendered_on(4, &options), &single);
        let mut memo = PageMemo::default();
        prop_assert_eq!(&files(render_again(&options, &mut memo).unwrap()), &single);
        prop_assert_eq!(&files(render_again(&options, &mut memo).unwrap()), &single);
        prop_assert_eq!(memo.rendered, 0);
    }
}
