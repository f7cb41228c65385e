//! Subcommands: argument parsing with clap, and the edge where library errors meet the user.

mod build;
mod comments;
mod date;
mod deploy;
mod desk;
mod desk_user;
mod failed;
mod init;
mod new;
mod serve;
mod terminal;

pub use failed::told;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use terminal::{BidiMode, Choices, LangArg};

/// A static site generator for Persian-language news portals.
#[derive(Debug, Parser)]
#[command(name = "akhbar", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,

    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,

    /// Print more about what is done.
    #[arg(long, short, global = true)]
    verbose: bool,

    /// The language of messages [default: the site's `language`: Persian for fa, else English;
    /// for init, the new site's (Persian); English for commands without a site].
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,

    /// How to print right-to-left text: `visual` for terminals that do not reorder it
    /// themselves [default: visual on such a terminal, else logical].
    #[arg(long, global = true, value_enum)]
    bidi: Option<BidiMode>,
}

#[derive(Debug, Subcommand)]
enum Command {
    Build(build::BuildArgs),
    Check(build::CheckArgs),
    Comments(comments::CommentsArgs),
    Date(date::DateArgs),
    Deploy(deploy::DeployArgs),
    Desk(desk::DeskArgs),
    Init(init::InitArgs),
    New(new::NewArgs),
    Serve(serve::ServeArgs),
}

/// Runs the chosen subcommand; `Ok` carries the exit code of a run that reported its own failures.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => build::Verbosity::Quiet,
        (_, true) => build::Verbosity::Verbose,
        _ => build::Verbosity::Normal,
    };
    let choices = Choices {
        lang: cli.lang,
        bidi: cli.bidi,
    };
    match cli.command {
        Command::Build(args) => {
            let terminal = choices.for_site(args.root());
            Ok(build::run_build(args, verbosity, terminal))
        }
        Command::Check(args) => {
            let terminal = choices.for_site(args.root());
            Ok(build::run_check(args, verbosity, terminal))
        }
        Command::Comments(args) => comments::run(args, choices),
        Command::Date(args) => date::run(args, choices.without_site()),
        Command::Deploy(args) => {
            let terminal = choices.for_site(&args.root);
            Ok(deploy::run(args, terminal))
        }
        Command::Desk(args) => {
            let terminal = choices.for_site(&args.root);
            desk::run(args, terminal)
        }
        Command::Init(args) => Ok(init::run(args, choices.for_new_site())),
        Command::New(args) => {
            let terminal = choices.for_site(&args.root);
            Ok(new::run(args, terminal))
        }
        Command::Serve(args) => {
            let terminal = choices.for_site(&args.root);
            serve::run(args, terminal)
        }
    }
}
