//! `akhbar desk`: the newsroom desk in the browser, beside the preview of the site with its
//! drafts, on this machine only.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use akhbar::serve::ServeOptions;

use super::serve::serve_until_stopped;
use super::terminal::Terminal;

/// Open the newsroom desk: the list of news items, each item's form (saving changes only the
/// fields changed), new items, the publish button and the moderation queue; beside the preview
/// of the site, drafts included, rebuilt as items are saved.
#[derive(Debug, Args)]
pub struct DeskArgs {
    #[command(subcommand)]
    command: Option<DeskCommand>,

    /// The site's folder, with site.toml, content/ and themes/.
    #[arg(long, value_name = "DIR", default_value = ".", global = true)]
    pub root: PathBuf,

    #[arg(long, default_value_t = 1112)]
    port: u16,

    /// The address to listen on. Another than this machine's (127.0.0.1, the default) is
    /// refused until accounts exist (`akhbar desk user add`).
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,

    /// Another host name the desk answers to (it answers only its address and localhost), e.g.
    /// the name a proxy in front of it serves it under.
    #[arg(long = "allow-host", value_name = "NAME")]
    allowed_hosts: Vec<String>,

    /// Open the desk in the browser.
    #[arg(long)]
    open: bool,
}

#[derive(Debug, Subcommand)]
enum DeskCommand {
    /// The desk's accounts: add, remove, list, or give a new password.
    #[command(subcommand)]
    User(super::desk_user::UserCommand),
}

pub fn run(args: DeskArgs, terminal: Terminal) -> anyhow::Result<ExitCode> {
    if let Some(DeskCommand::User(command)) = args.command {
        return super::desk_user::run(&args.root, command, terminal);
    }
    let file = args.root.join(akhbar::desk::accounts::ACCOUNTS_FILE);
    let accounts = akhbar::desk::accounts::Accounts::load(&file)?;
    if !args.bind.is_loopback() && !accounts.any() {
        terminal.say_in(
            &format!(
                "میز تحریریه بی حساب کاربری فقط روی همین رایانه باز می‌شود (--bind 127.0.0.1)، نه روی {}: نخست برای همکاران حساب بسازید (akhbar desk user add NAME) تا ورود خواسته شود",
                args.bind
            ),
            &format!(
                "without accounts the desk listens on this machine only (--bind 127.0.0.1, the default), not on {}: first make accounts for colleagues (akhbar desk user add NAME), so that they log in",
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
        allowed_hosts: args.allowed_hosts,
        desk: true,
    };
    let what = ("میز تحریریه", "the newsroom desk");
    serve_until_stopped(options, (akhbar::desk::HOME, what), args.open, terminal)
}
