//! `akhbar init`: a new site to start from.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use akhbar::diagnostic::Lang;
use akhbar::persian::bidi::isolate;

use super::terminal::Terminal;

/// Make a new site: site.toml, a first news item, an about page and the default theme.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The new site's folder; it must be missing or empty.
    dir: PathBuf,
}

pub fn run(args: InitArgs, terminal: Terminal) -> ExitCode {
    match akhbar::init::init(&args.dir) {
        Ok(files) => {
            let dir = args.dir.display().to_string();
            terminal.say(&match terminal.lang {
                Lang::Fa => format!(
                    "پایگاه تازه در {} ساخته شد ({} فایل)؛ با این فرمان بسازیدش: {}",
                    isolate(&dir),
                    terminal.count(files.len()),
                    isolate(&format!("akhbar build --root {dir}"))
                ),
                Lang::En => format!(
                    "made a new site in {dir} ({} files); build it with: akhbar build --root {dir}",
                    files.len()
                ),
            });
            ExitCode::SUCCESS
        }
        Err(problem) => {
            terminal.problem(&problem);
            ExitCode::FAILURE
        }
    }
}
