//! `akhbar new`: a news item file with the next free news number and now as its date.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use akhbar::config::Config;
use akhbar::content::new_item;

/// Write a new news item (a draft) with the next free news number and now as its date.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The item's title.
    title: String,

    /// The item's category.
    #[arg(long)]
    category: Option<String>,

    /// The site's folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
}

pub fn run(args: NewArgs) -> ExitCode {
    let created = Config::load(&args.root)
        .and_then(|config| new_item::create(&config, &args.title, args.category.as_deref()));
    match created {
        Ok(path) => {
            println!("{}", path.display());
            eprintln!(
                "akhbar: wrote {}; remove `draft: true` when it is ready",
                path.display()
            );
            ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("akhbar: {problem}");
            ExitCode::FAILURE
        }
    }
}
