//! The output folder's history, as deploys need it: which files each build changed, and up to
//! which build each host has been sent. `akhbar build` records its change list here after its
//! commit; `akhbar deploy` sends a host only the files changed since its last deploy.
//!
//! It is `ledger.json` in the output's [`WorkFolder`], read and written only under its lock.
//! Losing it is safe: a host with no record, or one older than a build that replaced the
//! output whole, is sent the whole site.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::changes::{ChangeList, slashed};
use super::work_folder::WorkFolder;

/// What was built and what was sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    /// The number of the latest build recorded; builds count from 1.
    pub build: u64,
    /// The latest build that replaced the output whole: hosts sent before it need everything.
    pub whole_since: u64,
    /// Each path changed (added, changed or removed) since `whole_since`, with the latest
    /// build that changed it; `/` between folders.
    pub changed: BTreeMap<String, u64>,
    /// Each host (as `akhbar deploy` names it) with the build it was last sent.
    pub sent: BTreeMap<String, u64>,
}

/// What a host needs to match the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Needed {
    /// Everything: the host has no record, or was sent before the output was replaced whole.
    Everything,
    /// These paths, added, changed or removed since its last deploy (perhaps none).
    Paths(Vec<PathBuf>),
}

impl Ledger {
    /// The ledger of `work`'s output; an empty one when there is none or it cannot be read.
    pub fn load(work: &WorkFolder) -> Ledger {
        fs::read(work.ledger())
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Writes the ledger whole (a temporary file renamed into place).
    pub fn save(&self, work: &WorkFolder) -> io::Result<()> {
        let file = work.ledger();
        let temporary = file.with_extension("json.tmp");
        fs::write(
            &temporary,
            serde_json::to_vec(self).expect("a ledger serialises"),
        )?;
        fs::rename(&temporary, &file)
    }

    /// Records the changes of a new build. While no host has been sent anything, every host
    /// needs the whole site, so no change is listed: a site published by other means than
    /// `akhbar deploy` keeps a ledger of a few bytes instead of one that names every file
    /// (280,000 paths at 100,000 items, read and written by every build).
    pub fn record(&mut self, changes: &ChangeList) {
        self.build += 1;
        if changes.whole || self.sent.is_empty() {
            self.whole_since = self.build;
            self.changed.clear();
            return;
        }
        for (_, path) in changes.iter() {
            self.changed.insert(slashed(path), self.build);
        }
    }

    /// What `host` needs to match the output as the latest build left it.
    pub fn needed(&self, host: &str) -> Needed {
        match self.sent.get(host) {
            Some(&sent) if sent >= self.whole_since && self.build > 0 => Needed::Paths(
                self.changed
                    .iter()
                    .filter(|&(_, &build)| build > sent)
                    .map(|(path, _)| PathBuf::from(path))
                    .collect(),
            ),
            _ => Needed::Everything,
        }
    }

    /// Records that `host` now matches the latest build, and forgets the changes every host
    /// has been sent.
    pub fn sent_to(&mut self, host: &str) {
        self.sent.insert(host.to_string(), self.build);
        let oldest = self.sent.values().copied().min().unwrap_or(0);
        self.changed.retain(|_, build| *build > oldest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(added: &[&str], removed: &[&str]) -> ChangeList {
        ChangeList {
            added: added.iter().map(PathBuf::from).collect(),
            removed: removed.iter().map(PathBuf::from).collect(),
            ..ChangeList::default()
        }
    }

    #[test]
    fn no_change_is_listed_before_a_host_is_sent_anything() {
        let mut ledger = Ledger::default();
        ledger.record(&changes(&["index.html", "news/1/index.html"], &[]));
        ledger.record(&changes(&["index.html"], &["tag/x/index.html"]));
        assert!(ledger.changed.is_empty(), "{:?}", ledger.changed);
        assert_eq!(ledger.needed("host:site"), Needed::Everything);
        ledger.sent_to("host:site");
        assert_eq!(ledger.needed("host:site"), Needed::Paths(Vec::new()));
        ledger.record(&changes(&["index.html"], &[]));
        assert_eq!(
            ledger.needed("host:site"),
            Needed::Paths(vec![PathBuf::from("index.html")])
        );
        assert_eq!(ledger.needed("/mnt/backup"), Needed::Everything);
    }

    #[test]
    fn a_host_is_sent_what_changed_since_its_last_deploy() {
        let mut ledger = Ledger::default();
        ledger.record(&ChangeList {
            whole: true,
            ..ChangeList::default()
        });
        assert_eq!(ledger.needed("host:site"), Needed::Everything, "never sent");
        ledger.sent_to("host:site");
        ledger.record(&changes(&["news/2/index.html", "index.html"], &[]));
        ledger.record(&changes(&["index.html"], &["tag/x/index.html"]));
        let paths = |list: &[&str]| Needed::Paths(list.iter().map(PathBuf::from).collect());
        assert_eq!(
            ledger.needed("host:site"),
            paths(&["index.html", "news/2/index.html", "tag/x/index.html"])
        );
        ledger.sent_to("host:site");
        assert_eq!(ledger.needed("host:site"), paths(&[]));
        assert!(
            ledger.changed.is_empty(),
            "what every host has is forgotten"
        );
        assert_eq!(ledger.needed("/mnt/backup"), Needed::Everything);
        ledger.record(&ChangeList {
            whole: true,
            ..ChangeList::default()
        });
        assert_eq!(
            ledger.needed("host:site"),
            Needed::Everything,
            "replaced whole since"
        );
    }
}
