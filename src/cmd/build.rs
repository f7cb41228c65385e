//! `akhbar build` and `akhbar check`: the site from `content/` through the theme into `public/`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use akhbar::diagnostic::{Diagnostic, Diagnostics, Lang};
use akhbar::output::changes::ChangeList;
use akhbar::output::work_folder::interrupted;
use akhbar::paths::{Area, Root};
use akhbar::persian::bidi::isolate;
use akhbar::pipeline::{BuildOptions, BuildSummary, NewsCount, Progress, build, check};

use super::terminal::Terminal;

/// Which site, and what of it.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site's folder, with site.toml, content/ and themes/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,

    /// Include drafts, embargoed and expired items, to preview them.
    #[arg(long)]
    drafts: bool,

    /// Use this address instead of site.toml's base_url.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

/// Build the site into public/ (or --output), replacing the previous build only on success.
#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,

    /// The folder to write the site to [default: public/ in the site's folder].
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,

    /// Render every page, neither reading nor writing the build cache
    /// (.akhbar/cache/build.bin); files whose bytes are the same are still left untouched.
    #[arg(long)]
    no_cache: bool,

    /// Write what the build added, changed and removed in the output folder to FILE: one file
    /// a line, `added`, `changed` or `removed`, a tab, and its path in the output folder.
    #[arg(long, value_name = "FILE")]
    changes: Option<PathBuf>,

    /// Write every added, changed and removed path to FILE, one a line, for
    /// `rsync --files-from=FILE --delete-missing-args public/ host:path/`.
    #[arg(long, value_name = "FILE")]
    changed_paths: Option<PathBuf>,
}

impl BuildArgs {
    pub fn root(&self) -> &std::path::Path {
        &self.site.root
    }
}

impl CheckArgs {
    pub fn root(&self) -> &std::path::Path {
        &self.site.root
    }
}

/// Check everything `build` checks, and what editors likely did not mean, writing nothing.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,

    /// `json` prints {"ok", "errors", "warnings"} on standard output, for scripts; each problem
    /// has its `message` in English and `message_fa` in Persian.
    #[arg(long, value_enum, default_value = "text")]
    format: ReportFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

/// How much to print besides errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

fn options(site: SiteArgs, output: Option<PathBuf>) -> BuildOptions {
    BuildOptions {
        output,
        drafts: site.drafts,
        base_url: site.base_url,
        ..BuildOptions::new(site.root)
    }
}

/// A progress bar on a terminal, shown only once rendering has taken a second; none for
/// `--quiet` or when standard error is not a terminal.
fn progress_bar(verbosity: Verbosity, lang: Lang) -> Option<(Progress, ProgressBar)> {
    if verbosity == Verbosity::Quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    bar.set_style(
        ProgressStyle::with_template(lang.pick(
            "akhbar: ساخت صفحه‌ها {bar:30} {pos}/{len}",
            "akhbar: rendering {bar:30} {pos}/{len} pages",
        ))
        .expect("a valid template"),
    );
    let (shown, started, shared) = (
        Arc::new(AtomicBool::new(false)),
        Instant::now(),
        bar.clone(),
    );
    let tell = move |done: usize, total: usize| {
        if !shown.load(Ordering::Relaxed) && started.elapsed() >= Duration::from_secs(1) {
            shown.store(true, Ordering::Relaxed);
            shared.set_length(total as u64);
            shared.set_draw_target(ProgressDrawTarget::stderr());
        }
        shared.set_position(done as u64);
    };
    Some((Progress(Arc::new(tell)), bar))
}

pub fn run_build(args: BuildArgs, verbosity: Verbosity, terminal: Terminal) -> ExitCode {
    let started = Instant::now();
    let lists = [
        (
            args.changes,
            ChangeList::listing as fn(&ChangeList) -> String,
        ),
        (args.changed_paths, ChangeList::rsync_files_from),
    ];
    let mut options = options(args.site, args.output);
    options.cache = !args.no_cache;

    let bar = progress_bar(verbosity, terminal.lang).map(|(progress, bar)| {
        options.progress = Some(progress);
        bar
    });
    let result = build(&options);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let outcome = if interrupted(&options.output_dir()) {
        (
            "ساخت در میانهٔ جایگزینی پایگاه ماند و برگرداندنش ممکن نشد؛ پوشهٔ خروجی تا ساخت بعدی ناقص است و ساخت بعدی پایگاه پیشین را بازمی‌گرداند",
            "the build stopped while putting its site in place and could not undo it; the output folder is incomplete until the next build, which puts the previous site back",
        )
    } else {
        (
            "ساخت انجام نشد؛ پایگاه پیشین دست‌نخورده ماند",
            "nothing was written; the previous site is unchanged",
        )
    };
    match result {
        Ok(summary) => {
            print_warnings(terminal, &summary.warnings);
            if verbosity == Verbosity::Verbose {
                print_news_count(terminal, summary.news);
            }
            if verbosity != Verbosity::Quiet {
                terminal.say(&built(terminal, &summary, started.elapsed().as_secs_f64()));
            }
            write_change_lists(terminal, &summary, lists)
        }
        Err(problems) => report(terminal, &problems, outcome),
    }
}

pub fn run_check(args: CheckArgs, verbosity: Verbosity, terminal: Terminal) -> ExitCode {
    let started = Instant::now();
    let result = check(&options(args.site, None));
    if args.format == ReportFormat::Json {
        let (errors, warnings) = match &result {
            Ok(rendered) => (&[][..], &rendered.warnings[..]),
            Err(problems) => (&problems.0[..], &[][..]),
        };
        let report = serde_json::json!({
            "ok": result.is_ok(),
            "errors": errors.iter().map(as_json).collect::<Vec<_>>(),
            "warnings": warnings.iter().map(as_json).collect::<Vec<_>>(),
        });
        println!("{report:#}");
        return if result.is_ok() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    match result {
        Ok(rendered) => {
            print_warnings(terminal, &rendered.warnings);
            if verbosity == Verbosity::Verbose {
                print_news_count(terminal, rendered.news);
            }
            if verbosity != Verbosity::Quiet {
                let seconds = started.elapsed().as_secs_f64();
                terminal.say(&checked(terminal, &rendered, seconds));
            }
            ExitCode::SUCCESS
        }
        Err(problems) => report(
            terminal,
            &problems,
            (
                "آن‌ها را درست کنید و akhbar check را دوباره اجرا کنید",
                "fix them and run akhbar check again",
            ),
        ),
    }
}

/// The last line of a build: what was written where, and how long it took.
fn built(terminal: Terminal, summary: &BuildSummary, seconds: f64) -> String {
    let (n, seconds) = (|count| terminal.count(count), terminal.seconds(seconds));
    let output = summary.output.display().to_string();
    if summary.up_to_date {
        return match terminal.lang {
            Lang::Fa => format!(
                "چیزی برای ساختن نبود: از ساخت پیشین هیچ فایلی از پایگاه تغییر نکرده و زمان انتشار یا انقضای خبری نرسیده است ({} صفحه در {}، بررسی در {seconds} ثانیه)",
                n(summary.pages),
                isolate(&output),
            ),
            Lang::En => format!(
                "nothing to build: no file of the site changed and nothing fell due since the previous build ({} pages in {output}, checked in {seconds} s)",
                summary.pages,
            ),
        };
    }
    match terminal.lang {
        Lang::Fa => format!(
            "{} صفحه{} و {} فایل دیگر (خوراک‌ها، نقشه‌های سایت، نمایهٔ جست‌وجو و robots.txt) ساخته و {} فایل ایستا رونوشت شد، همه در {} و در {seconds} ثانیه؛ {}",
            n(summary.pages),
            match summary.pages - summary.rendered {
                0 => String::new(),
                kept => format!(" ({} از نو، {} بی‌تغییر)", n(summary.rendered), n(kept)),
            },
            n(summary.other_files),
            n(summary.static_files),
            isolate(&output),
            changed(terminal, &summary.changes),
        ),
        Lang::En => format!(
            "built {} pages{} and {} other files (feeds, sitemaps, search index, robots.txt), copied {} static files into {output} in {seconds} s; {}",
            summary.pages,
            match summary.pages - summary.rendered {
                0 => String::new(),
                kept => format!(" ({} rendered, {kept} unchanged)", summary.rendered),
            },
            summary.other_files,
            summary.static_files,
            changed(terminal, &summary.changes),
        ),
    }
}

/// How a change list is written out: [`ChangeList::listing`] or
/// [`ChangeList::rsync_files_from`].
type ChangeListForm = fn(&ChangeList) -> String;

/// A change list asked for: the file it goes to, if any, and its form.
type ChangeListFile = (Option<PathBuf>, ChangeListForm);

/// Writes each of the change lists asked for, in its form, to its file, which must not be in
/// the output folder: it would be published, and be the next build's change.
fn write_change_lists(
    terminal: Terminal,
    summary: &BuildSummary,
    lists: [ChangeListFile; 2],
) -> ExitCode {
    let outside_output = Root::anywhere(Path::new("")).fence(&summary.output, Area::Published);
    for (file, form) in lists {
        let Some(file) = file else { continue };
        let written = match outside_output.resolve(&file) {
            Ok(_) => std::fs::write(&file, form(&summary.changes)).map_err(|error| {
                let detail = akhbar::diagnostic::io_persian(&error);
                Diagnostic::new(&file, None, format!("cannot be written: {error}"))
                    .with_persian("خطای نوشتن فهرست تغییرها", detail)
            }),
            Err(error) => Err(error.diagnostic()),
        };
        if let Err(problem) = written {
            let problems = Diagnostics(vec![problem]);
            let then = (
                "پایگاه ساخته شد، اما فهرست تغییرها نوشته نشد",
                "the site was built, but the change list was not written",
            );
            return report(terminal, &problems, then);
        }
    }
    ExitCode::SUCCESS
}

/// What the build changed in the output folder, for the end of the summary line.
fn changed(terminal: Terminal, changes: &ChangeList) -> String {
    let n = |count| terminal.count(count);
    let counts = (
        changes.added.len(),
        changes.changed.len(),
        changes.removed.len(),
    );
    match (terminal.lang, changes.whole, changes.is_empty()) {
        (Lang::Fa, true, _) => "پوشهٔ خروجی یکسره جایگزین شد".into(),
        (Lang::Fa, _, true) => "هیچ فایلی در آن تغییر نکرد".into(),
        (Lang::Fa, _, _) => format!(
            "فایل‌ها: {} تازه، {} دگرگون، {} برداشته",
            n(counts.0),
            n(counts.1),
            n(counts.2)
        ),
        (Lang::En, true, _) => "the output folder was replaced whole".into(),
        (Lang::En, _, true) => "no file in it changed".into(),
        (Lang::En, _, _) => format!(
            "{} files added, {} changed, {} removed",
            counts.0, counts.1, counts.2
        ),
    }
}

/// The last line of a check that found no problem: pages, time and warnings.
fn checked(terminal: Terminal, summary: &BuildSummary, seconds: f64) -> String {
    let seconds = terminal.seconds(seconds);
    let (pages, warnings) = (summary.pages, summary.warnings.len());
    match terminal.lang {
        Lang::Fa => format!(
            "پایگاه درست است: {} صفحه در {seconds} ثانیه بررسی شد{}",
            terminal.count(pages),
            match warnings {
                0 => String::new(),
                n => format!("، با {} هشدار", terminal.count(n)),
            }
        ),
        Lang::En => format!(
            "the site is fine: {pages} pages checked in {seconds} s{}",
            match warnings {
                0 => String::new(),
                n => format!(", {n} warning{}", if n == 1 { "" } else { "s" }),
            }
        ),
    }
}

fn as_json(diagnostic: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "path": diagnostic.path.to_string_lossy(),
        "line": diagnostic.line,
        "message": diagnostic.message,
        "message_fa": diagnostic.message_in(Lang::Fa),
    })
}

fn print_warnings(terminal: Terminal, warnings: &[Diagnostic]) {
    for warning in warnings {
        terminal.warning(warning);
    }
}

fn print_news_count(terminal: Terminal, news: NewsCount) {
    let n = |count| terminal.count(count);
    let (read, published, not) = (news.read, news.published, news.read - news.published);
    terminal.say(&match terminal.lang {
        Lang::Fa => format!(
            "{} خبر خوانده شد: {} منتشرشده و {} منتشرنشده (پیش‌نویس، زمان‌بندی‌شده یا منقضی)",
            n(read),
            n(published),
            n(not)
        ),
        Lang::En => format!(
            "{read} news items read, {published} published, {not} not (drafts, embargoed or expired)"
        ),
    });
}

/// Every problem, then what they mean for the site (`then`, in Persian and English).
fn report(terminal: Terminal, problems: &Diagnostics, then: (&str, &str)) -> ExitCode {
    terminal.report(problems, then);
    ExitCode::FAILURE
}
