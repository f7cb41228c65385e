//! `akhbar deploy` with real rsync: into a local folder, and over ssh to an sshd the test
//! starts on a loopback port with a throwaway key. Both need programs a fresh machine lacks,
//! so they are ignored by default; `.ci/run` installs rsync and openssh-server and runs them.

mod support;

use std::fs;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Output};

use support::{akhbar, fixture_copy, site_files};

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Builds the site at `root`, failing the test if the build fails.
fn build(root: &Path) {
    let output = akhbar(&["build"], root);
    assert!(output.status.success(), "{}", stderr(&output));
}

/// An edit that changes pages, adds an item in a new folder and removes a page with its folder.
fn edit(root: &Path) {
    let folder = root.join("content/news/1404/02");
    fs::create_dir_all(&folder).unwrap();
    fs::write(
        folder.join("1006.md"),
        "---\nid: 1006\ntitle: خبر تازه\ndate: 1404/02/01\ncategory: اطلاعیه‌ها\n---\n\nمتن\n",
    )
    .unwrap();
    fs::remove_file(root.join("content/pages/about.md")).unwrap();
}

#[test]
#[ignore = "needs rsync (Debian: rsync); .ci/run installs it"]
fn a_deploy_sends_only_what_changed_and_removes_what_went() {
    let site = fixture_copy("minimal");
    let root = site.path();
    let host = tempfile::tempdir().unwrap();
    let target = host.path().join("news");
    let target_arg = target.to_str().unwrap();
    build(root);
    let first = akhbar(&["deploy", target_arg], root);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("the whole site is in step with"),
        "{}",
        stderr(&first)
    );
    assert!(site_files(&target) == site_files(&root.join("public")));
    assert!(
        !target.join(".akhbar-build").exists(),
        "the marker stays home"
    );

    // A file the builds do not change, altered on the host: only a full deploy sends it again.
    fs::write(target.join("css/site.css"), "changed on the host").unwrap();
    edit(root);
    build(root);
    let dry = akhbar(&["deploy", target_arg, "--dry-run"], root);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(String::from_utf8_lossy(&dry.stdout).contains("news/1006/index.html"));
    assert!(
        target.join("about/index.html").exists(),
        "a dry run changes nothing"
    );
    let second = akhbar(&["deploy", target_arg], root);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("changed files sent to"),
        "{}",
        stderr(&second)
    );
    assert!(
        !target.join("about").exists(),
        "a page the site lost goes, with its folder"
    );
    assert_eq!(
        fs::read_to_string(target.join("news/1006/index.html")).unwrap(),
        fs::read_to_string(root.join("public/news/1006/index.html")).unwrap()
    );
    assert_eq!(
        fs::read_to_string(target.join("css/site.css")).unwrap(),
        "changed on the host"
    );

    let again = akhbar(&["deploy", target_arg], root);
    assert!(
        stderr(&again).contains("is already up to date"),
        "{}",
        stderr(&again)
    );
    let full = akhbar(&["deploy", target_arg, "--full"], root);
    assert!(full.status.success(), "{}", stderr(&full));
    assert!(site_files(&target) == site_files(&root.join("public")));
}

#[test]
fn a_deploy_needs_a_host_and_a_built_site() {
    let site = fixture_copy("minimal");
    let root = site.path();
    let no_host = akhbar(&["deploy"], root);
    assert!(!no_host.status.success());
    assert!(
        stderr(&no_host).contains("no host to deploy to"),
        "{}",
        stderr(&no_host)
    );
    let not_built = akhbar(&["deploy", "/tmp/akhbar-never-written"], root);
    assert!(!not_built.status.success());
    assert!(
        stderr(&not_built).contains("run `akhbar build` first"),
        "{}",
        stderr(&not_built)
    );
    assert!(!Path::new("/tmp/akhbar-never-written").exists());
}

/// An sshd on a free loopback port, accepting `key` for the current user; stopped when dropped.
struct Sshd {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn keygen(path: &Path) {
    let made = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success());
}

/// Starts sshd with a throwaway host key, allowing `client_key`'s public half.
fn sshd(client_key: &Path) -> Sshd {
    let dir = tempfile::tempdir().unwrap();
    let host_key = dir.path().join("host_key");
    keygen(&host_key);
    let authorized = dir.path().join("authorized_keys");
    fs::copy(client_key.with_extension("pub"), &authorized).unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = dir.path().join("sshd_config");
    fs::write(
        &config,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nAuthorizedKeysFile {}\n\
             PasswordAuthentication no\nStrictModes no\nPidFile {}\nUsePAM no\n",
            host_key.display(),
            authorized.display(),
            dir.path().join("sshd.pid").display()
        ),
    )
    .unwrap();
    fs::create_dir_all("/run/sshd").unwrap();
    let child = Command::new("/usr/sbin/sshd")
        .args(["-D", "-e", "-f"])
        .arg(&config)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Sshd {
        child,
        port,
        _dir: dir,
    }
}

#[test]
#[ignore = "needs rsync and sshd (Debian: rsync, openssh-server), run as a user sshd may log in; .ci/run installs them"]
fn a_deploy_over_ssh_puts_the_site_on_the_host() {
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("deploy");
    keygen(&key);
    let server = sshd(&key);
    let user = std::env::var("USER").unwrap_or_else(|_| "root".into());
    let ssh = format!(
        "ssh -p {} -i {} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes",
        server.port,
        key.display()
    );
    let site = fixture_copy("minimal");
    let root = site.path();
    let host = tempfile::tempdir().unwrap();
    let target = format!("{user}@127.0.0.1:{}", host.path().join("news").display());
    build(root);
    let first = akhbar(&["deploy", &target, "--ssh", &ssh], root);
    assert!(first.status.success(), "{}", stderr(&first));
    edit(root);
    build(root);
    let second = akhbar(&["deploy", &target, "--ssh", &ssh], root);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("changed files sent to"),
        "{}",
        stderr(&second)
    );
    let (sent, built) = (
        site_files(&host.path().join("news")),
        site_files(&root.join("public")),
    );
    let differ: Vec<_> = built
        .iter()
        .filter(|file| !sent.contains(file))
        .map(|(path, _)| path)
        .chain(
            sent.iter()
                .filter(|file| !built.contains(file))
                .map(|(path, _)| path),
        )
        .collect();
    assert!(differ.is_empty(), "{differ:?}");
}
