//! `akhbar desk`: the newsroom desk in the browser, beside the preview of the site with its
//! drafts, on this machine only.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use akhbar::serve::ServeOptions;

use super::serve::serve_until_stopped;
use super::terminal::Terminal;

/// Open the newsroom desk: the list of news items, each item's form (saving changes only the
/// fields changed), new items; beside the preview of the site, drafts included, rebuilt as
/// items are saved.
#[derive(Debug, Args)]
pub struct DeskArgs {
    /// The site's folder, with site.toml, content/ and themes/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,

    #[arg(long, default_value_t = 1112)]
    port: u16,

    /// The address to listen on: this machine only (the desk has no accounts yet, so another
    /// address is refused).
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,

    /// Open the desk in the browser.
    #[arg(long)]
    open: bool,
}

pub fn run(args: DeskArgs, terminal: Terminal) -> anyhow::Result<ExitCode> {
    if !args.bind.is_loopback() {
        terminal.say_in(
            &format!(
                "میز تحریریه فقط روی همین رایانه باز می‌شود (مانند --bind 127.0.0.1)، نه روی {}: هنوز حسابی برای همکاران ساخته نشده است که ورود را بخواهد",
                args.bind
            ),
            &format!(
                "the desk listens on this machine only (--bind 127.0.0.1, the default), not on {}: no accounts exist to ask colleagues to log in",
                args.bind
            ),
        );
        return Ok(ExitCode::FAILURE);
    }
    let options = ServeOptions {
        root: args.root,
        address: SocketAddr::new(args.bind, args.port),
        drafts: true,
        lang: terminal.lang,
        allowed_hosts: Vec::new(),
        desk: true,
    };
    let what = ("میز تحریریه", "the newsroom desk");
    serve_until_stopped(options, (akhbar::desk::HOME, what), args.open, terminal)
}
