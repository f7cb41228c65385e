//! `akhbar new`: a news item file with the next free news number and now as its date.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use akhbar::config::Config;
use akhbar::content::new_item;
use akhbar::diagnostic::Lang;
use akhbar::persian::bidi::isolate;

use super::terminal::Terminal;

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
    pub root: PathBuf,

    /// Open the new file in $VISUAL or $EDITOR.
    #[arg(long)]
    edit: bool,
}

pub fn run(args: NewArgs, terminal: Terminal) -> ExitCode {
    let created = Config::load(&args.root)
        .and_then(|config| new_item::create(&config, &args.title, args.category.as_deref()));
    match created {
        Ok(path) => {
            println!("{}", path.display());
            let shown = path.display().to_string();
            terminal.say(&match terminal.lang {
                Lang::Fa => format!(
                    "{} نوشته شد؛ هر وقت خبر آماده شد، سطر `draft: true` را از آن پاک کنید",
                    isolate(&shown)
                ),
                Lang::En => {
                    format!("wrote {shown}; delete its `draft: true` line when it is ready")
                }
            });
            if args.edit {
                return edit(&args.root.join(&path), terminal);
            }
            ExitCode::SUCCESS
        }
        Err(problem) => {
            terminal.problem(&problem);
            ExitCode::FAILURE
        }
    }
}

/// Opens `file` in the editor the environment names, and waits for it.
fn edit(file: &Path, terminal: Terminal) -> ExitCode {
    let Some(editor) = ["VISUAL", "EDITOR"].into_iter().find_map(|name| {
        std::env::var(name)
            .ok()
            .filter(|value| !value.trim().is_empty())
    }) else {
        terminal.say_in(
            "برای --edit باید $VISUAL یا $EDITOR تعیین شده باشد، مانند EDITOR=nano؛ فایل نوشته شده است",
            "--edit needs $VISUAL or $EDITOR, e.g. EDITOR=nano; the file is written",
        );
        return ExitCode::FAILURE;
    };
    // The variable may carry arguments (`code --wait`), as shells and git allow.
    let mut words = editor.split_whitespace();
    let program = words.next().expect("not blank");
    match std::process::Command::new(program)
        .args(words)
        .arg(file)
        .status()
    {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => {
            terminal.say_in(
                &format!(
                    "{} با {status} پایان یافت؛ فایل نگه داشته شد",
                    isolate(&editor)
                ),
                &format!("{editor} ended with {status}; the file is kept"),
            );
            ExitCode::FAILURE
        }
        Err(error) => {
            terminal.say_in(
                &format!(
                    "{} اجرا نشد ({error})؛ فایل نوشته شده است",
                    isolate(&editor)
                ),
                &format!("cannot run {editor} ({error}); the file is written"),
            );
            ExitCode::FAILURE
        }
    }
}
