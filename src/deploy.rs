//! `akhbar deploy`: puts the built site on its static host with rsync, sending only what the
//! builds since the host's last deploy changed ([`crate::output::ledger`]), or everything.
//!
//! rsync does the sending, over ssh for `user@host:path` or into a local folder; akhbar tells
//! it which files. With `--delay-updates` rsync writes every new file under a temporary name
//! and renames them all into place at the end, so a reader of the host sees the old site until
//! then, and a mix only for the time those renames take; files the site no longer has are
//! deleted after that.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diagnostic::Diagnostic;
use crate::output::MARKER;
use crate::output::commit::{self, Recovery};
use crate::output::ledger::{Ledger, Needed};
use crate::output::work_folder::WorkFolder;
use crate::persian::bidi::isolate;

/// What to send, and where.
#[derive(Debug, Clone)]
pub struct DeployOptions {
    /// The built site.
    pub output: PathBuf,
    /// The host's folder as rsync names it: `user@host:/var/www/news` or a local folder.
    pub target: String,
    /// Send every file, whatever the ledger says.
    pub full: bool,
    /// Say what would be sent, and send nothing.
    pub dry_run: bool,
    /// The ssh command for rsync's `-e`, with its options.
    pub ssh: Option<String>,
}

/// What a deploy sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    /// The whole site (rsync still skips what the host already has).
    Everything,
    /// These paths: added, changed or removed since the host's last deploy.
    Paths(Vec<PathBuf>),
}

/// What a deploy did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployed {
    pub sent: Sent,
    /// What rsync printed, one change a line, for a dry run.
    pub itemized: String,
    /// An interrupted build's commit that the deploy first undid.
    pub recovered: Option<Recovery>,
}

/// Sends the built site in `options.output` to `options.target`, holding the output's lock
/// so no build changes it meanwhile.
pub fn deploy(options: &DeployOptions) -> Result<Deployed, Diagnostic> {
    let output = &options.output;
    if !output.join(MARKER).is_file() {
        return Err(not_built(output));
    }
    let work = WorkFolder::lock(output)?;
    let recovered = commit::recover(&work)?;
    let host = options.target.trim_end_matches('/');
    let mut ledger = Ledger::load(&work);
    let sent = match (options.full, ledger.needed(host)) {
        (false, Needed::Paths(paths)) => Sent::Paths(paths),
        _ => Sent::Everything,
    };
    let itemized = match &sent {
        Sent::Paths(paths) if paths.is_empty() => String::new(),
        _ => rsync(options, &work, &sent)?,
    };
    if !options.dry_run {
        ledger.sent_to(host);
        ledger
            .save(&work)
            .map_err(|error| crate::output::io_error(&work.ledger(), "cannot write", &error))?;
    }
    Ok(Deployed {
        sent,
        itemized,
        recovered,
    })
}

/// The folders that hold `paths` (files added, changed or removed), each the nearest one the
/// site still has, as rsync's `--files-from` names folders whose files it sends one level
/// deep: `./`, `news/1006/`. With `--dirs --delete`, rsync then also deletes in each what the
/// site no longer has, folders included.
fn folders_holding(output: &Path, paths: &[PathBuf]) -> Vec<String> {
    let mut folders: Vec<String> = paths
        .iter()
        .map(|path| {
            let folder = path
                .ancestors()
                .skip(1)
                .find(|folder| folder.as_os_str().is_empty() || output.join(folder).is_dir())
                .unwrap_or(Path::new(""));
            match folder.as_os_str().is_empty() {
                true => "./".to_string(),
                false => format!("{}/", folder.display()),
            }
        })
        .collect();
    folders.sort();
    folders.dedup();
    folders
}

/// Runs rsync for `sent`; gives what it itemised.
fn rsync(options: &DeployOptions, work: &WorkFolder, sent: &Sent) -> Result<String, Diagnostic> {
    let mut command = Command::new("rsync");
    // `--checksum`: two builds in one second can make a file of the same size and time, which
    // rsync's quick check (size and time, to the second over ssh) would take as unchanged.
    command.args([
        "--archive",
        "--checksum",
        "--delay-updates",
        "--itemize-changes",
    ]);
    command.arg(format!("--exclude=/{MARKER}"));
    if let Some(ssh) = &options.ssh {
        command.arg("-e").arg(ssh);
    }
    if options.dry_run {
        command.arg("--dry-run");
    }
    let list = work.deploy_list();
    match sent {
        Sent::Everything => {
            command.args(["--delete", "--delete-after"]);
        }
        Sent::Paths(paths) => {
            let lines: String = folders_holding(&options.output, paths)
                .into_iter()
                .map(|folder| folder + "\n")
                .collect();
            std::fs::write(&list, lines)
                .map_err(|error| crate::output::io_error(&list, "cannot write", &error))?;
            command.arg(format!("--files-from={}", list.display()));
            command.args(["--dirs", "--delete"]);
        }
    }
    let mut source = options.output.clone().into_os_string();
    source.push("/");
    command
        .arg(source)
        .arg(format!("{}/", options.target.trim_end_matches('/')));
    let ran = command.output();
    let _ = std::fs::remove_file(&list);
    let ran = ran.map_err(|error| no_rsync(&error))?;
    if !ran.status.success() {
        return Err(rsync_failed(
            &options.target,
            &String::from_utf8_lossy(&ran.stderr),
        ));
    }
    Ok(String::from_utf8_lossy(&ran.stdout).into_owned())
}

fn not_built(output: &Path) -> Diagnostic {
    Diagnostic::new(
        output,
        None,
        "holds no site built by akhbar: run `akhbar build` first",
    )
    .with_persian(
        "پایگاهی ساخته نشده",
        "در این پوشه پایگاهی که akhbar ساخته باشد نیست: نخست `akhbar build` را اجرا کنید",
    )
}

fn no_rsync(error: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        "rsync",
        None,
        format!("cannot be run ({error}): install rsync (Debian: `apt install rsync`)"),
    )
    .with_persian(
        "rsync در دسترس نیست",
        "rsync را نصب کنید (در دبیان: `apt install rsync`)",
    )
}

fn rsync_failed(target: &str, said: &str) -> Diagnostic {
    let said = said.trim();
    Diagnostic::new(
        target,
        None,
        format!("rsync failed: {said}; the next deploy sends the same files again"),
    )
    .with_persian(
        "فرستادن به میزبان ناکام ماند",
        format!(
            "rsync گفت: {}؛ فرستادن بعدی همین فایل‌ها را دوباره می‌فرستد",
            isolate(said)
        ),
    )
}
