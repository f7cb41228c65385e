//! `akhbar serve`: a live preview for editors, rebuilt and reloaded as they save.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use akhbar::serve::{BuildReport, ServeOptions, start};

/// Build the site into memory, serve it on this machine, and rebuild and reload the open pages
/// whenever a file of the site changes.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site's folder, with site.toml, content/ and themes/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,

    #[arg(long, default_value_t = 1111)]
    port: u16,

    /// The address to listen on; only this machine by default.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,

    /// Include drafts, embargoed and expired items.
    #[arg(long)]
    drafts: bool,

    /// Open the home page in the browser.
    #[arg(long)]
    open: bool,
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let options = ServeOptions {
        root: args.root,
        address: SocketAddr::new(args.bind, args.port),
        drafts: args.drafts,
    };
    let preview = start(options, |report| match report {
        BuildReport::Built {
            pages,
            rendered,
            took,
        } => {
            eprintln!(
                "akhbar: built {pages} pages ({rendered} rendered, the rest unchanged) in {} ms",
                took.as_millis()
            );
        }
        BuildReport::Failed(problems) => {
            eprint!("akhbar: {problems}");
            eprintln!("akhbar: the browser shows these until they are fixed");
        }
    })?;
    let url = format!("http://{}/", preview.address);
    eprintln!("akhbar: serving {url} (Ctrl-C stops)");
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
