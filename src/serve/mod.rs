//! `akhbar serve`: the site built into a folder of its own (`.akhbar/preview/`) and served on
//! loopback, rebuilt when a file of the site changes, with the open pages reloaded (or shown
//! the build's errors) at once. Only the content and what rebuilding needs stay in memory,
//! never the pages.

mod hosts;
mod server;
mod snapshot;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, mpsc};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::{MetadataKind, ModifyKind};
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use tokio::sync::watch;

use hosts::HostNames;
pub use server::{BuildState, EVENTS, RELOAD_SCRIPT, content_type, with_reload_script};
use server::{Preview, router};
use snapshot::Snapshot;

use crate::config::CONFIG_FILE;
use crate::diagnostic::{Diagnostics, Lang};
use crate::pipeline::{BuildOptions, Incremental, build_again};

/// The folder the preview renders into, relative to the site's root: beside the build cache,
/// never under `public/`.
pub const PREVIEW_FOLDER: &str = ".akhbar/preview";

/// How long the watcher waits for a burst of changes (an editor's save) to settle.
const SETTLE: Duration = Duration::from_millis(20);

/// What to preview, and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub address: SocketAddr,
    pub drafts: bool,
    /// The language of the errors shown over the pages.
    pub lang: Lang,
    /// Host names the preview answers to besides its own address and `localhost`
    /// (`--allow-host`; see [`hosts`](self) for why others are refused).
    pub allowed_hosts: Vec<String>,
    /// Whether the newsroom desk is served beside the preview ([`crate::desk`]).
    pub desk: bool,
}

/// What happened to a build, for the terminal.
#[derive(Debug)]
pub enum BuildReport {
    /// `rendered` of the `pages` were rendered; the others were kept from the previous build.
    Built {
        pages: usize,
        rendered: usize,
        took: Duration,
    },
    Failed(Diagnostics),
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {address}: {source}")]
    Listen {
        address: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot watch {path} for changes: {message}")]
    Watch { path: PathBuf, message: String },
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
}

/// A preview that runs until it is dropped or the process ends.
pub struct RunningPreview {
    pub address: SocketAddr,
    preview: Arc<Preview>,
    _watcher: Box<dyn Send>,
}

impl RunningPreview {
    /// The state of the latest build.
    pub fn state(&self) -> BuildState {
        self.preview.state.borrow().clone()
    }
}

/// Builds the site, starts serving it and watching its files; `report` hears of every build.
pub fn start(
    mut options: ServeOptions,
    report: impl Fn(BuildReport) + Send + 'static,
) -> Result<RunningPreview, ServeError> {
    // The watcher names changed files by absolute paths.
    options.root = std::path::absolute(&options.root).map_err(ServeError::Runtime)?;
    let listener = TcpListener::bind(options.address).map_err(|source| ServeError::Listen {
        address: options.address,
        source,
    })?;
    let address = listener.local_addr().map_err(ServeError::Runtime)?;
    let build_options = BuildOptions {
        drafts: options.drafts,
        base_url: Some(format!("http://{address}")),
        output: Some(options.root.join(PREVIEW_FOLDER)),
        ..BuildOptions::new(&options.root)
    };
    let (state, _) = watch::channel(BuildState::default());
    let preview = Arc::new(Preview {
        snapshot: RwLock::new(Arc::new(Snapshot::empty())),
        state,
    });
    let mut state = Incremental::default();
    let lang = options.lang;
    rebuild(&build_options, &preview, &mut state, lang, &report);
    let hosts = HostNames::new(address, &options.allowed_hosts);
    let desk = options.desk.then_some(options.root.as_path());
    spawn_server(listener, router(preview.clone(), hosts, desk))?;
    let (changes, changed) = mpsc::channel::<DebounceEventResult>();
    let mut watcher = new_debouncer(SETTLE, None, move |result| {
        let _ = changes.send(result);
    })
    .map_err(|error| watch_error(&options.root, error))?;
    for (path, mode) in watched(&options.root) {
        watcher
            .watch(&path, mode)
            .map_err(|error| watch_error(&path, error))?;
    }
    let rebuilding = preview.clone();
    state.content.track_changes();
    std::thread::spawn(move || {
        while let Ok(result) = changed.recv() {
            let mut relevant = note_changes(result, &build_options.root, &mut state);
            // Changes that came in meanwhile are seen by this build.
            while let Ok(more) = changed.try_recv() {
                relevant |= note_changes(more, &build_options.root, &mut state);
            }
            if relevant {
                rebuild(&build_options, &rebuilding, &mut state, lang, &report);
            }
        }
    });
    Ok(RunningPreview {
        address,
        preview,
        _watcher: Box::new(watcher),
    })
}

/// Tells `state` which files the watcher saw change; whether any is a file of the site.
fn note_changes(result: DebounceEventResult, root: &Path, state: &mut Incremental) -> bool {
    let Ok(events) = result else {
        state.content.lost_track();
        return true;
    };
    let mut relevant = false;
    for event in events.iter().filter(|event| changes_content(&event.kind)) {
        if event.need_rescan() {
            state.content.lost_track();
            relevant = true;
        }
        for path in &event.paths {
            state.content.changed(path.clone());
            relevant |= is_site_file(root, path);
        }
    }
    relevant
}

/// Builds again, rendering only the pages whose inputs changed; a good build replaces the
/// served one, a failed one is shown over it.
fn rebuild(
    options: &BuildOptions,
    preview: &Preview,
    state: &mut Incremental,
    lang: Lang,
    report: &impl Fn(BuildReport),
) {
    let started = Instant::now();
    match build_again(options, state) {
        Ok((summary, statics)) => {
            let pages = summary.pages;
            let snapshot = Snapshot::new(options.output_dir(), statics);
            *preview
                .snapshot
                .write()
                .expect("no thread panics holding the lock") = Arc::new(snapshot);
            preview.state.send_modify(|state| {
                state.version += 1;
                state.error = None;
            });
            report(BuildReport::Built {
                pages,
                rendered: summary.rendered,
                took: started.elapsed(),
            });
        }
        Err(problems) => {
            let shown = problems.render(lang);
            preview.state.send_modify(|state| state.error = Some(shown));
            report(BuildReport::Failed(problems));
        }
    }
    release_freed_memory();
}

/// Hands back to the system the memory a build freed (its own work, and the items' bodies the
/// state lets go of), which glibc's allocator otherwise keeps for the process in case it is
/// asked for again: a portal's preview stays at what it holds between builds, not at the peak
/// of its first build. Done after the open pages were told to reload.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only gives free pages of the allocator's own heap back to the
    // system; it reads and changes nothing the program holds.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn spawn_server(listener: TcpListener, app: axum::Router) -> Result<(), ServeError> {
    listener
        .set_nonblocking(true)
        .map_err(ServeError::Runtime)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    std::thread::spawn(move || {
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener)
                .expect("a bound listener converts to tokio's");
            let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
            let _ = axum::serve(listener, app).await;
        })
    });
    Ok(())
}

/// The folders and the settings file a site is made of.
fn watched(root: &Path) -> Vec<(PathBuf, RecursiveMode)> {
    let mut watched = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    for folder in ["content", "templates", "themes", "static"] {
        let path = root.join(folder);
        if path.is_dir() {
            watched.push((path, RecursiveMode::Recursive));
        }
    }
    watched
}

/// Whether a change to `path` can change the site: not the output, not an editor's swap or
/// backup file.
fn is_site_file(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let scratch = name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913";
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy());
    let in_site = match first.as_deref() {
        Some("content" | "templates" | "themes" | "static") => true,
        Some(CONFIG_FILE) => relative.components().count() == 1,
        _ => false,
    };
    in_site && !scratch
}

/// Whether an event is a change, not a read (the build itself opens every file).
fn changes_content(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
    )
}

fn watch_error(path: &Path, error: impl std::fmt::Display) -> ServeError {
    ServeError::Watch {
        path: path.to_path_buf(),
        message: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_sites_own_files_count() {
        let root = Path::new("/site");
        assert!(is_site_file(root, Path::new("/site/content/news/1.md")));
        assert!(is_site_file(root, Path::new("/site/site.toml")));
        assert!(is_site_file(
            root,
            Path::new("/site/themes/sabt/templates/news.html")
        ));
        assert!(!is_site_file(root, Path::new("/site/public/index.html")));
        assert!(!is_site_file(
            root,
            Path::new("/site/content/news/.1.md.swp")
        ));
        assert!(!is_site_file(root, Path::new("/site/content/news/1.md~")));
        assert!(!is_site_file(root, Path::new("/site/notes.txt")));
        assert!(!is_site_file(root, Path::new("/elsewhere/content/1.md")));
    }
}
