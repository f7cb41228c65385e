//! `akhbar init`: a new site to start from.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

/// Make a new site: site.toml, a first news item, an about page and the default theme.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The new site's folder; it must be missing or empty.
    dir: PathBuf,
}

pub fn run(args: InitArgs) -> ExitCode {
    match akhbar::init::init(&args.dir) {
        Ok(files) => {
            eprintln!(
                "akhbar: made a new site in {} ({} files); build it with: akhbar build --root {}",
                args.dir.display(),
                files.len(),
                args.dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("akhbar: {problem}");
            ExitCode::FAILURE
        }
    }
}
