//! Subcommands: argument parsing with clap, and the edge where library errors meet the user.

mod build;
mod comments;
mod date;
mod init;
mod new;
mod serve;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
}

#[derive(Debug, Subcommand)]
enum Command {
    Build(build::BuildArgs),
    Check(build::CheckArgs),
    Comments(comments::CommentsArgs),
    Date(date::DateArgs),
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
    match cli.command {
        Command::Build(args) => Ok(build::run_build(args, verbosity)),
        Command::Check(args) => Ok(build::run_check(args, verbosity)),
        Command::Comments(args) => comments::run(args),
        Command::Date(args) => date::run(args),
        Command::Init(args) => Ok(init::run(args)),
        Command::New(args) => Ok(new::run(args)),
        Command::Serve(args) => serve::run(args),
    }
}
