//! `akhbar build` and `akhbar check`: the site from `content/` through the theme into `public/`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use akhbar::build::{BuildOptions, NewsCount, build, check};
use akhbar::diagnostic::{Diagnostic, Diagnostics};

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
}

/// Check everything `build` checks, writing nothing.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
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
        root: site.root,
        output,
        drafts: site.drafts,
        base_url: site.base_url,
    }
}

pub fn run_build(args: BuildArgs, verbosity: Verbosity) -> ExitCode {
    let started = Instant::now();
    match build(&options(args.site, args.output)) {
        Ok(summary) => {
            print_warnings(&summary.warnings);
            if verbosity == Verbosity::Verbose {
                print_news_count(summary.news);
            }
            if verbosity != Verbosity::Quiet {
                eprintln!(
                    "akhbar: built {} pages and {} other files (feeds, sitemaps, search index, robots.txt), copied {} static files into {} in {:.2} s",
                    summary.pages,
                    summary.other_files,
                    summary.static_files,
                    summary.output.display(),
                    started.elapsed().as_secs_f64()
                );
            }
            ExitCode::SUCCESS
        }
        Err(problems) => report(
            &problems,
            "nothing was written; the previous site is unchanged",
        ),
    }
}

pub fn run_check(args: CheckArgs, verbosity: Verbosity) -> ExitCode {
    let started = Instant::now();
    match check(&options(args.site, None)) {
        Ok(rendered) => {
            print_warnings(&rendered.warnings);
            if verbosity == Verbosity::Verbose {
                print_news_count(rendered.news);
            }
            if verbosity != Verbosity::Quiet {
                eprintln!(
                    "akhbar: the site is fine: {} pages checked in {:.2} s",
                    rendered.page_count(),
                    started.elapsed().as_secs_f64()
                );
            }
            ExitCode::SUCCESS
        }
        Err(problems) => report(&problems, "fix them and run akhbar check again"),
    }
}

fn print_warnings(warnings: &[Diagnostic]) {
    for warning in warnings {
        eprintln!("akhbar: warning: {warning}");
    }
}

fn print_news_count(news: NewsCount) {
    eprintln!(
        "akhbar: {} news items read, {} published, {} not (drafts, embargoed or expired)",
        news.read,
        news.published,
        news.read - news.published
    );
}

fn report(problems: &Diagnostics, then: &str) -> ExitCode {
    eprint!("akhbar: {problems}");
    eprintln!("akhbar: {then}");
    ExitCode::FAILURE
}
