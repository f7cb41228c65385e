//! `akhbar deploy`: the built site onto its host, with rsync.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use akhbar::config::Config;
use akhbar::deploy::{DeployOptions, Sent, deploy};
use akhbar::diagnostic::{Diagnostic, Lang};
use akhbar::output::commit::Recovery;
use akhbar::persian::bidi::isolate;

use super::terminal::Terminal;

/// Put the built site on its host with rsync: only what changed since the host's last deploy.
#[derive(Debug, Args)]
pub struct DeployArgs {
    /// The host's folder, as rsync names it: `user@host:/var/www/news`, or a local folder
    /// [default: `[deploy] target` in site.toml].
    target: Option<String>,

    /// The site's folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,

    /// The built site to send [default: public/ in the site's folder].
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,

    /// Send every file, not only those changed since the host's last deploy.
    #[arg(long)]
    full: bool,

    /// Print what would be sent and deleted on the host, and send nothing.
    #[arg(long)]
    dry_run: bool,

    /// The ssh command rsync uses, with its options [default: `[deploy] ssh` in site.toml, or
    /// ssh].
    #[arg(long, value_name = "COMMAND")]
    ssh: Option<String>,
}

pub fn run(args: DeployArgs, terminal: Terminal) -> ExitCode {
    let config = match Config::load(&args.root) {
        Ok(config) => config,
        Err(problem) => {
            terminal.problem(&problem);
            return ExitCode::FAILURE;
        }
    };
    let Some(target) = args.target.or(config.site.deploy.target.clone()) else {
        terminal.problem(&no_target());
        return ExitCode::FAILURE;
    };
    let options = DeployOptions {
        output: args.output.unwrap_or_else(|| args.root.join("public")),
        target,
        full: args.full,
        dry_run: args.dry_run,
        ssh: args.ssh.or(config.site.deploy.ssh.clone()),
    };
    match deploy(&options) {
        Ok(deployed) => {
            if deployed.recovered == Some(Recovery::Undone) {
                terminal.say_in(
                    "ساخت پیشین در میانهٔ جایگزینی پایگاه متوقف شده بود؛ پایگاه پیش از آن بازگردانده و فرستاده شد",
                    "an earlier build was stopped while putting its site in place; the site before it was put back, and that is what was sent",
                );
            }
            if options.dry_run {
                print!("{}", deployed.itemized);
            }
            terminal.say(&summary(terminal, &options, &deployed.sent));
            ExitCode::SUCCESS
        }
        Err(problem) => {
            terminal.problem(&problem);
            ExitCode::FAILURE
        }
    }
}

/// The last line: what was sent where, or would be in a dry run.
fn summary(terminal: Terminal, options: &DeployOptions, sent: &Sent) -> String {
    let target = &options.target;
    let dry = options.dry_run;
    match (terminal.lang, sent) {
        (Lang::Fa, Sent::Paths(paths)) if paths.is_empty() => {
            format!("{} از پیش به‌روز است", isolate(target))
        }
        (Lang::Fa, Sent::Everything) => format!(
            "همهٔ پایگاه با {} هم‌ساز {}",
            isolate(target),
            if dry {
                "می‌شود (آزمایشی: چیزی فرستاده نشد)"
            } else {
                "شد"
            }
        ),
        (Lang::Fa, Sent::Paths(paths)) => format!(
            "{} فایل تغییرکرده به {} {}",
            terminal.count(paths.len()),
            isolate(target),
            if dry {
                "فرستاده می‌شود (آزمایشی: چیزی فرستاده نشد)"
            } else {
                "رسید"
            }
        ),
        (Lang::En, Sent::Paths(paths)) if paths.is_empty() => {
            format!("{target} is already up to date")
        }
        (Lang::En, Sent::Everything) if dry => {
            format!(
                "dry run: the whole site would be brought in step with {target}; nothing was sent"
            )
        }
        (Lang::En, Sent::Everything) => format!("the whole site is in step with {target}"),
        (Lang::En, Sent::Paths(paths)) if dry => format!(
            "dry run: {} changed files would be sent to {target}; nothing was sent",
            paths.len()
        ),
        (Lang::En, Sent::Paths(paths)) => {
            format!("{} changed files sent to {target}", paths.len())
        }
    }
}

fn no_target() -> Diagnostic {
    Diagnostic::new(
        "site.toml",
        None,
        "no host to deploy to: name it, `akhbar deploy user@host:/var/www/news`, or set `target` under `[deploy]`",
    )
    .with_persian(
        "مقصدی برای فرستادن نیست",
        "مقصد را بنویسید، مانند `akhbar deploy user@host:/var/www/news`، یا `target` را در بخش `[deploy]` بگذارید",
    )
}
