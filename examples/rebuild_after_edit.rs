//! How long `akhbar serve` takes to rebuild after an editor saves one item: a generated portal
//! of N items is built once, then one item at a time gets a new paragraph (and then its old text
//! back) and the site is rebuilt the way the preview does: into its own folder, with a state
//! kept in memory, rendering only the pages whose inputs changed.
//!
//! ```sh
//! cargo run --release --example rebuild_after_edit -- 10000 [ROUNDS]
//! ```
//!
//! Prints the first build's time, then each rebuild's time and pages rendered, and the median.
//! The corpus is written to a temporary folder by examples/gen_corpus.rs.

use std::fs;
use std::time::{Duration, Instant};

use akhbar::pipeline::{BuildOptions, Incremental, build_again};
use akhbar::serve::PREVIEW_FOLDER;

#[allow(dead_code)]
#[path = "gen_corpus.rs"]
mod gen_corpus;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count: u32 = args
        .first()
        .ok_or("usage: rebuild_after_edit N [ROUNDS]")?
        .parse()?;
    let rounds: usize = args.get(1).map_or(Ok(10), |r| r.parse())?;
    let dir = tempfile::tempdir()?;
    gen_corpus::generate(count, dir.path())?;
    let options = BuildOptions {
        output: Some(dir.path().join(PREVIEW_FOLDER)),
        base_url: Some("http://127.0.0.1:1111".into()),
        ..BuildOptions::new(dir.path())
    };
    let mut state = Incremental::default();
    // As the preview's watcher does, the benchmark tells which file it saved.
    state.content.track_changes();
    let started = Instant::now();
    build_again(&options, &mut state).map_err(|e| e.to_string())?;
    println!(
        "first build: {} pages in {:.2} s",
        state.rendered,
        started.elapsed().as_secs_f64()
    );

    let items = gen_corpus::news_files(&options.root);
    let mut times = Vec::new();
    for round in 0..rounds {
        let item = &items[(round * 7919) % items.len()];
        let text = fs::read_to_string(item)?;
        for version in [
            format!("{text}\nبند تازه‌ای از ویراستار، دور {round}.\n"),
            text,
        ] {
            fs::write(item, version)?;
            state.content.changed(item.clone());
            let started = Instant::now();
            let (summary, _) = build_again(&options, &mut state).map_err(|e| e.to_string())?;
            let took = started.elapsed();
            println!(
                "rebuild: {} of {} pages rendered in {} ms",
                state.rendered,
                summary.pages,
                took.as_millis()
            );
            times.push(took);
        }
    }
    times.sort();
    let median = times
        .get(times.len() / 2)
        .copied()
        .unwrap_or(Duration::ZERO);
    println!(
        "median rebuild after one saved item: {} ms",
        median.as_millis()
    );
    Ok(())
}
