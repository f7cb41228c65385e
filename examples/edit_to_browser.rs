//! How long after an editor saves one news item the change is visible in a real browser open on
//! `akhbar serve`'s preview. A generated portal of N items (examples/gen_corpus.rs) is served by
//! the preview on loopback, and headless Chromium opens one item's page. Each round the item's
//! title gets a new marker («ویرایش ۱۲») and is saved. The time counted is from the moment the
//! file is written to the moment the reloaded page's document, with the marker in its `<h1>`, was
//! parsed (the page's own `performance` clock, which is the system clock): it covers the
//! watcher's settling, the rebuild, the reload event, and the browser's fetch and parse of the
//! new page. The page is asked over the DevTools protocol every 20 ms whether the marker shows,
//! which does not change the time counted but leaves the CPU to the preview. Every two rounds a
//! newly opened browser shows another item, spread across the corpus.
//!
//! Needs Debian's `chromium` at /usr/bin/chromium.
//!
//! ```sh
//! cargo run --release --example edit_to_browser -- 10000 [ROUNDS]
//! ```
//!
//! Prints the first build, then each round's time from save to browser with the preview's own
//! rebuild time for it, and the median and worst of both. ROUNDS defaults to 10.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use akhbar::diagnostic::Lang;
use akhbar::persian::digits::to_persian;
use akhbar::serve::{BuildReport, ServeOptions};

#[allow(dead_code)]
#[path = "gen_corpus.rs"]
mod gen_corpus;

#[path = "../tests/support/devtools.rs"]
mod devtools;

use devtools::DevTools;

/// The page's title as the browser shows it (empty between loads).
const TITLE: &str = "(document.querySelector('h1') || {}).textContent || ''";
/// Rounds on one item before the browser goes to the next.
const ROUNDS_PER_ITEM: usize = 2;
/// The wait after each round, so that one round's events do not merge with the next's.
/// When the current page's document was parsed, in milliseconds since the Unix epoch.
const PARSED_AT: &str = "String(performance.timeOrigin + \
    performance.getEntriesByType('navigation')[0].domInteractive)";

/// How often the page is asked whether the edit shows.
const POLL: Duration = Duration::from_millis(20);

/// How long a newly opened page is left to settle before the first save.
const SETTLE_BROWSER: Duration = Duration::from_millis(1500);

const PAUSE: Duration = Duration::from_millis(300);

type Error = Box<dyn std::error::Error>;

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count: u32 = args
        .first()
        .ok_or("usage: edit_to_browser N [ROUNDS]")?
        .parse()?;
    let rounds: usize = args.get(1).map_or(Ok(10), |r| r.parse())?;
    let dir = tempfile::tempdir()?;
    let started = Instant::now();
    gen_corpus::generate(count, dir.path())?;
    println!(
        "corpus: {count} items written in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let (reports, reported) = mpsc::channel();
    let options = ServeOptions {
        root: dir.path().to_path_buf(),
        address: "127.0.0.1:0".parse()?,
        drafts: false,
        lang: Lang::Fa,
        allowed_hosts: Vec::new(),
        desk: false,
    };
    let preview = akhbar::serve::start(options, move |report| {
        let _ = reports.send(report);
    })?;
    for build in builds(&reported)? {
        println!(
            "first build: {} pages in {:.2} s, serving on {}",
            build.pages,
            build.took.as_secs_f64(),
            preview.address
        );
    }

    let files = gen_corpus::news_files(dir.path());
    let mut browser: Option<DevTools> = None;
    let mut item = None;
    let mut shown_after = Vec::new();
    let mut rebuilt_in = Vec::new();
    for round in 1..=rounds {
        if (round - 1) % ROUNDS_PER_ITEM == 0 {
            let next = Item::read(&files[(round - 1) / ROUNDS_PER_ITEM * 7919 % files.len()])?;
            let url = format!("http://{}/news/{}/", preview.address, next.id);
            // A fresh browser for each item: navigating an open page away from the preview's
            // event stream proved unreliable.
            drop(browser.take());
            browser = Some(DevTools::open(&url));
            let page = browser.as_mut().ok_or("the browser is open")?;
            page.wait_for(TITLE, |shown| shown.trim() == next.title);
            // Let the newly opened browser finish its own work (fonts, scripts) first: on a
            // small machine it would otherwise compete with the rebuild being timed.
            std::thread::sleep(SETTLE_BROWSER);
            item = Some(next);
        }
        let (Some(page), Some(item)) = (browser.as_mut(), item.as_ref()) else {
            unreachable!("the first round opens an item");
        };
        let marker = format!("«ویرایش {}»", to_persian(&round.to_string()));
        let edited = item.text.replacen(
            &item.title_line,
            &format!("title: \"{marker} {}\"", item.title),
            1,
        );
        builds(&reported)?;
        fs::write(&item.path, edited)?;
        let saved = SystemTime::now().duration_since(UNIX_EPOCH)?;
        page.poll(TITLE, |shown| shown.contains(&marker), POLL);
        let parsed: f64 = page.evaluate(PARSED_AT).parse()?;
        let took = Duration::from_secs_f64(parsed / 1000.0).saturating_sub(saved);
        std::thread::sleep(PAUSE);
        let builds = builds(&reported)?;
        let said: Vec<String> = builds
            .iter()
            .map(|build| {
                format!(
                    "rebuilt in {} ms, {} of {} pages rendered",
                    build.took.as_millis(),
                    build.rendered,
                    build.pages
                )
            })
            .collect();
        println!(
            "round {round}, item {}: in the browser after {} ms (preview {})",
            item.id,
            took.as_millis(),
            if said.is_empty() {
                "reported no build".to_string()
            } else {
                said.join("; ")
            }
        );
        shown_after.push(took);
        if !builds.is_empty() {
            rebuilt_in.push(builds.iter().map(|build| build.took).sum());
        }
    }
    summary("save to browser", &mut shown_after);
    summary("preview rebuild", &mut rebuilt_in);
    Ok(())
}

/// One news item of the corpus, as generated.
struct Item {
    path: PathBuf,
    text: String,
    id: u32,
    /// The front matter's `title: "…"` line.
    title_line: String,
    title: String,
}

impl Item {
    fn read(path: &Path) -> Result<Self, Error> {
        let text = fs::read_to_string(path)?;
        let line = |key: &str| {
            text.lines()
                .find(|line| line.starts_with(key))
                .ok_or(format!("{}: no `{key}` line", path.display()))
        };
        let id = line("id: ")?["id: ".len()..].trim().parse()?;
        let title_line = line("title: ")?.to_string();
        let title = title_line["title: ".len()..]
            .trim()
            .trim_matches('"')
            .to_string();
        Ok(Item {
            path: path.to_path_buf(),
            id,
            title_line,
            title,
            text,
        })
    }
}

/// A build the preview reported.
struct Build {
    pages: usize,
    rendered: usize,
    took: Duration,
}

/// The builds the preview reported since the last call, or the errors of a failed one.
fn builds(reported: &mpsc::Receiver<BuildReport>) -> Result<Vec<Build>, Error> {
    reported
        .try_iter()
        .map(|report| match report {
            BuildReport::Built {
                pages,
                rendered,
                took,
            } => Ok(Build {
                pages,
                rendered,
                took,
            }),
            BuildReport::Failed(problems) => Err(problems.render(Lang::En).into()),
        })
        .collect()
}

fn summary(what: &str, times: &mut [Duration]) {
    times.sort();
    let Some(&worst) = times.last() else {
        println!("{what}: no rounds");
        return;
    };
    let middle = times.len() / 2;
    let median = if times.len().is_multiple_of(2) {
        (times[middle - 1] + times[middle]) / 2
    } else {
        times[middle]
    };
    println!(
        "{what} over {} rounds: median {} ms, worst {} ms",
        times.len(),
        median.as_millis(),
        worst.as_millis()
    );
}
