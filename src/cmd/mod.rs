//! Subcommands: argument parsing with clap, and the edge where library errors meet the user.

mod date;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// A static site generator for Persian-language news portals.
#[derive(Debug, Parser)]
#[command(name = "akhbar", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Date(date::DateArgs),
}

/// Runs the chosen subcommand; `Ok` carries the exit code of a run that reported its own failures.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Date(args) => date::run(args),
    }
}
