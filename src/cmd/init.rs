//! `akhbar init`: a new site to start from, named and addressed by the newsroom, with the
//! steps that follow printed in the new site's language.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use akhbar::diagnostic::Lang;
use akhbar::init::{NewSite, PLACEHOLDER_BASE_URL, is_site_address};
use akhbar::persian::bidi::isolate;

use super::terminal::Terminal;

/// Make a new site: site.toml, a first news item, an about page and the default theme.
/// Without --title and --base-url, asks for them on a terminal.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The new site's folder; it must be missing or empty.
    dir: PathBuf,

    /// The portal's name, shown in its header, every page's title and its footer.
    #[arg(long)]
    title: Option<String>,

    /// The address the site will be served from, such as https://news.example.org.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

pub fn run(args: InitArgs, terminal: Terminal) -> ExitCode {
    let mut site = NewSite {
        title: args.title.filter(|title| !title.trim().is_empty()),
        base_url: args.base_url,
    };
    if std::io::stdin().is_terminal() {
        ask_what_is_missing(&mut site, &terminal);
    }
    match akhbar::init::init(&args.dir, &site) {
        Ok(files) => {
            let dir = args.dir.display().to_string();
            terminal.say(&made_line(&terminal, &dir, files.len()));
            if site.base_url.is_none() {
                terminal.say_in(
                    &format!(
                        "پیش از گذاشتن پایگاه روی سرور، base_url را در site.toml به نشانی آن تغییر دهید (اکنون {})",
                        isolate(PLACEHOLDER_BASE_URL)
                    ),
                    &format!(
                        "before the site goes online, change base_url in site.toml to its address (now {PLACEHOLDER_BASE_URL})"
                    ),
                );
            }
            terminal.say(&next_steps(terminal.lang, &dir));
            ExitCode::SUCCESS
        }
        Err(problem) => {
            terminal.problem(&problem);
            ExitCode::FAILURE
        }
    }
}

/// Asks on the terminal for the title and the address not given, until the address is one.
fn ask_what_is_missing(site: &mut NewSite, terminal: &Terminal) {
    if site.title.is_none() {
        let question = terminal.lang.pick("نام پایگاه خبری:", "The portal's name:");
        site.title = ask(question, terminal).filter(|title| !title.is_empty());
    }
    while site.base_url.is_none() {
        let question = terminal.lang.pick(
            "نشانی پایگاه (مانند https://news.example.org؛ خالی: بعداً):",
            "Its address (like https://news.example.org; empty: later):",
        );
        let Some(answer) = ask(question, terminal).filter(|answer| !answer.is_empty()) else {
            return;
        };
        match is_site_address(&answer) {
            true => site.base_url = Some(answer),
            false => terminal.say_in(
                "نشانی کامل را بنویسید، مانند https://news.example.org",
                "write the full address, like https://news.example.org",
            ),
        }
    }
}

/// One line read from standard input after `question` (told as every message is, reordered
/// for a terminal that needs it), trimmed; `None` at its end.
fn ask(question: &str, terminal: &Terminal) -> Option<String> {
    terminal.say(question);
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line.trim().to_string()),
    }
}

fn made_line(terminal: &Terminal, dir: &str, files: usize) -> String {
    match terminal.lang {
        Lang::Fa => format!(
            "پایگاه تازه در {} ساخته شد ({} فایل).",
            isolate(dir),
            terminal.count(files)
        ),
        Lang::En => format!("made a new site in {dir} ({files} files)."),
    }
}

/// What to do next, as commands to type in the new site's folder `dir`.
fn next_steps(lang: Lang, dir: &str) -> String {
    let cd = format!("cd {dir}");
    let steps: [(&str, &str, &str); 4] = [
        (&cd, "به پوشهٔ پایگاه بروید", "go into the site's folder"),
        (
            "akhbar new \"عنوان خبر\"",
            "خبر تازه‌ای بنویسید (پرونده‌اش در content/news)",
            "write a news item (its file is in content/news)",
        ),
        (
            "akhbar serve --open",
            "پیش‌نمایش در مرورگر، که با هر ذخیره به‌روز می‌شود",
            "preview it in the browser, updated on every save",
        ),
        (
            "akhbar build",
            "پایگاه را در public/ بسازید تا روی سرور بگذارید",
            "build the site into public/ for the web server",
        ),
    ];
    let mut text = lang.pick("گام‌های بعد:", "Next:").to_string();
    for (command, fa, en) in steps {
        let command = match lang {
            Lang::Fa => isolate(command).into_owned(),
            Lang::En => command.to_string(),
        };
        text.push_str(&format!("\n  {command}    {}", lang.pick(fa, en)));
    }
    text
}
