//! The `akhbar` command line.

mod cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("akhbar: {error:#}");
            ExitCode::FAILURE
        }
    }
}
