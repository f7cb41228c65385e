//! Parsed items kept between loads of one process (`akhbar serve`): a file whose text is the
//! same as last time, read with the same settings, is not parsed again.

use std::collections::HashMap;
use std::path::PathBuf;

use super::Item;

/// Items by file, each with the hash of the text it was parsed from.
#[derive(Default)]
pub struct ContentCache {
    /// A hash of the settings the items were parsed with (zone, base address).
    settings: u64,
    items: HashMap<PathBuf, (u64, Item)>,
}

impl ContentCache {
    /// The item parsed from `path` when its text had the hash `text`.
    pub(super) fn get(&self, path: &PathBuf, text: u64) -> Option<&Item> {
        self.items
            .get(path)
            .filter(|(hash, _)| *hash == text)
            .map(|(_, item)| item)
    }

    /// Keeps this load's items, made with `settings`, in place of the previous load's.
    pub(super) fn replace(&mut self, settings: u64, items: HashMap<PathBuf, (u64, Item)>) {
        self.settings = settings;
        self.items = items;
    }

    /// Whether the items were parsed with `settings`; if not, none may be reused.
    pub(super) fn made_with(&self, settings: u64) -> bool {
        self.settings == settings
    }
}
