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
        desk: false,
    };
    let what = ("پیش‌نمایش", "serving the preview");
    serve_until_stopped(options, ("/", what), args.open, terminal)
}

/// Starts the preview of `options`, says where `what` (in Persian and English) is served (its
/// page at `shown`, opened in the browser when `open` says so) and serves until the process
/// is stopped.
pub(super) fn serve_until_stopped(
    options: ServeOptions,
    (shown, what): (&str, (&str, &str)),
    open: bool,
    terminal: Terminal,
) -> anyhow::Result<ExitCode> {
    let preview = start(options, move |report| match report {
        BuildReport::Built {
            pages,
            rendered,
            took,
        } => {
            let (fa, en) = built_line(pages, rendered, took.as_millis());
            terminal.say_in(&fa, &en);
        }
        BuildReport::Failed(problems) => terminal.report(
            &problems,
            (
                "تا درست نشوند، مرورگر هم آن‌ها را نشان می‌دهد",
                "the browser shows these until they are fixed",
            ),
        ),
    })?;
    let url = format!("http://{}{shown}", preview.address);
    terminal.say_in(
        &format!("{} در {} (Ctrl-C آن را می‌بندد)", what.0, isolate(&url)),
        &format!("{} at {url} (Ctrl-C stops)", what.1),
    );
    if open {
        open_browser(&url, terminal);
    }
    loop {
        std::thread::park();
    }
}

/// Asks the desktop to open `url`; a failure only costs the convenience.
fn open_browser(url: &str, terminal: Terminal) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        terminal.say_in(
            &format!("مرورگر باز نشد؛ خودتان {} را باز کنید", isolate(url)),
            &format!("could not open a browser; open {url} yourself"),
        );
    }
}

/// What a preview's build says, in Persian and English: how many of its `pages` it rendered
/// (the others kept as they were) and how long it took (`ms`, milliseconds).
fn built_line(pages: usize, rendered: usize, ms: u128) -> (String, String) {
    let (fa_pages, fa_rendered, fa_ms) = (
        persian_number(pages),
        persian_number(rendered),
        persian_number(ms),
    );
    let en_pages = match pages {
        1 => "1 page".to_string(),
        _ => format!("{pages} pages"),
    };
    if rendered == pages {
        (
            format!("{fa_pages} صفحه در {fa_ms} میلی‌ثانیه ساخته شد"),
            format!("built {en_pages} in {ms} ms"),
        )
    } else if rendered == 0 {
        (
            format!("هیچ صفحه‌ای دگرگون نشد ({fa_pages} صفحه، {fa_ms} میلی‌ثانیه)"),
            format!("no page changed ({en_pages}, {ms} ms)"),
        )
    } else {
        (
            format!(
                "{fa_pages} صفحه ساخته شد ({fa_rendered} بازسازی‌شده و بقیه بی‌تغییر) در {fa_ms} میلی‌ثانیه"
            ),
            format!("built {en_pages} ({rendered} rendered, the rest unchanged) in {ms} ms"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::built_line;

    #[test]
    fn a_build_that_rendered_every_page_says_no_page_was_unchanged() {
        let (fa, en) = built_line(82, 82, 312);
        assert_eq!(en, "built 82 pages in 312 ms");
        assert_eq!(fa, "۸۲ صفحه در ۳۱۲ میلی‌ثانیه ساخته شد");
        assert!(!fa.contains("بی‌تغییر"));
    }

    #[test]
    fn a_build_after_an_edit_says_how_many_pages_it_rendered() {
        let (fa, en) = built_line(82, 3, 40);
        assert_eq!(
            en,
            "built 82 pages (3 rendered, the rest unchanged) in 40 ms"
        );
        assert!(fa.contains("۳ بازسازی‌شده و بقیه بی‌تغییر"), "{fa}");
        assert_eq!(built_line(82, 0, 9).1, "no page changed (82 pages, 9 ms)");
        assert_eq!(built_line(1, 1, 5).1, "built 1 page in 5 ms");
    }
}
