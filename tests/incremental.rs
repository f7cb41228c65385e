//! A rebuild that keeps unchanged pages (`akhbar serve`) writes exactly what a full build
//! writes, byte for byte, after any sequence of editors' changes; and a build on many threads,
//! or one that reuses a previous build's work, writes what a build on one thread writes.

use std::path::PathBuf;

use akhbar::pipeline::{BuildOptions, Incremental, Rendered, render_again, render_only};
use proptest::prelude::*;

#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

#[path = "support/edits.rs"]
mod edits;
use edits::{Edit, ITEMS, apply, edit};

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
        let mut memo = Incremental::default();
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
        let mut memo = Incremental::default();
        prop_assert_eq!(&files(render_again(&options, &mut memo).unwrap()), &single);
        prop_assert_eq!(&files(render_again(&options, &mut memo).unwrap()), &single);
        prop_assert_eq!(memo.rendered, 0);
    }
}
