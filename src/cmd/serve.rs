//! `akhbar serve`: a live preview for editors, rebuilt and reloaded as they save.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use akhbar::diagnostic::persian_number;
use akhbar::persian::bidi::isolate;
use akhbar::serve::{BuildReport, ServeOptions, start};

use super::terminal::Terminal;

/// Build the site into its own folder (.akhbar/preview/), serve it on this machine, and rebuild
/// it and reload the open pages whenever a file of the site changes.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site's folder, with site.toml, content/ and themes/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,

    #[arg(long, default_value_t = 1111)]
    port: u16,

    /// The address to listen on; only this machine by default.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,

    /// Include drafts, embargoed and expired items.
    #[arg(long)]
    drafts: bool,

    /// Another host name the preview answers to (it answers only its address and localhost,
    /// so that no other site's page can read it), e.g. a name for this machine on the LAN.
    #[arg(long = "allow-host", value_name = "NAME")]
    allowed_hosts: Vec<String>,

    /// Open the home page in the browser.
    #[arg(long)]
    open: bool,
}

pub fn run(args: ServeArgs, terminal: Terminal) -> anyhow::Result<ExitCode> {
    let options = ServeOptions {
        root: args.root,
        address: SocketAddr::new(args.bind, args.port),
        drafts: args.drafts,
        lang: terminal.lang,
        allowed_hosts: args.allowed_hosts,
    };
    let preview = start(options, move |report| match report {
        BuildReport::Built {
            pages,
            rendered,
            took,
        } => {
            let ms = took.as_millis();
            terminal.say_in(
                &format!(
                    "{} صفحه ساخته شد ({} بازسازی‌شده و بقیه بی‌تغییر) در {} میلی‌ثانیه",
                    persian_number(pages),
                    persian_number(rendered),
                    persian_number(ms)
                ),
                &format!(
                    "built {pages} pages ({rendered} rendered, the rest unchanged) in {ms} ms"
                ),
            );
        }
        BuildReport::Failed(problems) => terminal.report(
            &problems,
            (
                "تا درست نشوند، مرورگر هم آن‌ها را نشان می‌دهد",
                "the browser shows these until they are fixed",
            ),
        ),
    })?;
    let url = format!("http://{}/", preview.address);
    terminal.say_in(
        &format!("پیش‌نمایش در {} (Ctrl-C آن را می‌بندد)", isolate(&url)),
        &format!("serving {url} (Ctrl-C stops)"),
    );
    if args.open {
        open_browser(&url);
    }
    loop {
        std::thread::park();
    }
}

/// Asks the desktop to open `url`; a failure only costs the convenience.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("akhbar: could not open a browser; open {url} yourself");
    }
}
