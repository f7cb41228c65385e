//! The files a build leaves beside its record in `.akhbar/cache/` for the next build to start
//! from (parsed items, the search index's postings). Each is written whole and renamed into
//! place, and begins with what it is and a random generation that the build record names: a
//! file is trusted only by the record written with it, so a build that stopped between the
//! two, or a file of another akhbar, is never taken for the state of the record's build.

use std::fs;
use std::hash::{Hash, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rustc_hash::FxHasher;

/// Writes `body` to the file `file` (relative to the site's `root`) after `kind` and a new
/// generation, replacing the previous file whole; gives the generation.
pub fn save(root: &Path, file: &str, kind: &[u8], body: &[u8]) -> io::Result<u64> {
    let generation = new_generation()?;
    save_as(root, file, kind, generation, body)?;
    Ok(generation)
}

/// A new random generation, for a file whose record is written beside it ([`save_as`]).
pub fn new_generation() -> io::Result<u64> {
    getrandom::u64().map_err(|e| io::Error::other(e.to_string()))
}

/// [`save`] with a `generation` drawn before ([`new_generation`]), so that the record naming
/// it can be written at the same time: should this write fail, the file before stays, of
/// another generation, and is not taken.
pub fn save_as(
    root: &Path,
    file: &str,
    kind: &[u8],
    generation: u64,
    body: &[u8],
) -> io::Result<()> {
    stage_as(root, file, kind, generation, body)?.install()
}

/// [`save_as`] up to the last step: the file is written beside its place, and put there by
/// [`Staged::install`]. A build writes its states while it puts its site in place, and
/// installs them only if that went well.
pub fn stage_as(
    root: &Path,
    file: &str,
    kind: &[u8],
    generation: u64,
    body: &[u8],
) -> io::Result<Staged> {
    stage(&root.join(file), &[kind, &generation.to_le_bytes(), body])
}

/// Writes `parts` one after another to the file at `path`, replacing it whole: they are
/// written beside it and renamed into place, so a reader finds the old file or the new one,
/// never part of one.
pub fn replace(path: &Path, parts: &[&[u8]]) -> io::Result<()> {
    stage(path, parts)?.install()
}

/// Writes `parts` one after another to a new file beside `path`, to be renamed into its place
/// by [`Staged::install`].
pub fn stage(path: &Path, parts: &[&[u8]]) -> io::Result<Staged> {
    let folder = path.parent().expect("a state file is in a folder");
    fs::create_dir_all(folder)?;
    let mut partial = tempfile::NamedTempFile::new_in(folder)?;
    for part in parts {
        partial.as_file_mut().write_all(part)?;
    }
    Ok(Staged {
        partial,
        path: path.to_path_buf(),
    })
}

/// A state file written whole beside its place ([`stage`]); dropped without being installed,
/// it is removed and the file in its place stays.
#[derive(Debug)]
pub struct Staged {
    partial: tempfile::NamedTempFile,
    path: PathBuf,
}

impl Staged {
    /// Renames the file into its place, replacing the one there.
    pub fn install(self) -> io::Result<()> {
        self.partial.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// A fast hash of a state file's bytes, for the file that names it (or for the file's own
/// head): a file changed or cut after it was written is then not taken.
pub fn checksum(bytes: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(bytes);
    hasher.finish()
}

/// Which of `shards` files a state file's entry with the key `key` is kept in: a fast hash of
/// the key's bytes, modulo the count, so an entry stays in its shard from build to build.
pub fn shard_of(key: &[u8], shards: usize) -> usize {
    let mut hasher = FxHasher::default();
    key.hash(&mut hasher);
    (hasher.finish() % shards as u64) as usize
}

/// The body of the file `file` of the site at `root`, when it is of `kind` and `generation`.
pub fn load(root: &Path, file: &str, kind: &[u8], generation: u64) -> Option<Body> {
    let bytes = fs::read(root.join(file)).ok()?;
    let header = kind.len() + 8;
    let saved = bytes.get(kind.len()..header)?;
    if !bytes.starts_with(kind) || saved != generation.to_le_bytes() {
        return None;
    }
    Some(Body {
        bytes,
        start: header,
    })
}

/// A state file's bytes after its kind and generation, left where they were read (a search
/// state is tens of megabytes at 100,000 items).
pub struct Body {
    bytes: Vec<u8>,
    start: usize,
}

impl std::ops::Deref for Body {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes[self.start..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_back_only_as_its_kind_and_generation() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let file = ".akhbar/cache/state.bin";
        let generation = save(root, file, b"kind 1\n", b"body").unwrap();
        assert_eq!(
            *load(root, file, b"kind 1\n", generation).unwrap(),
            *b"body"
        );
        assert!(load(root, file, b"kind 2\n", generation).is_none());
        assert!(load(root, file, b"kind 1\n", generation ^ 1).is_none());
        let next = save(root, file, b"kind 1\n", b"").unwrap();
        assert_ne!(next, generation);
        assert!(
            load(root, file, b"kind 1\n", generation).is_none(),
            "replaced"
        );
        assert!(load(root, file, b"kind 1\n", next).unwrap().is_empty());
        fs::write(root.join(file), b"kind").unwrap();
        assert!(load(root, file, b"kind 1\n", next).is_none(), "cut short");
    }

    #[test]
    fn a_staged_file_replaces_the_one_in_place_only_when_installed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let file = ".akhbar/cache/state.bin";
        let before = save(root, file, b"kind 1\n", b"before").unwrap();
        let dropped = stage_as(root, file, b"kind 1\n", before ^ 1, b"dropped").unwrap();
        assert_eq!(*load(root, file, b"kind 1\n", before).unwrap(), *b"before");
        drop(dropped);
        let left: Vec<_> = fs::read_dir(root.join(".akhbar/cache")).unwrap().collect();
        assert_eq!(left.len(), 1, "a staged file dropped is removed");
        let staged = stage_as(root, file, b"kind 1\n", before ^ 2, b"after").unwrap();
        assert_eq!(*load(root, file, b"kind 1\n", before).unwrap(), *b"before");
        staged.install().unwrap();
        assert!(load(root, file, b"kind 1\n", before).is_none());
        assert_eq!(
            *load(root, file, b"kind 1\n", before ^ 2).unwrap(),
            *b"after"
        );
    }

    #[test]
    fn a_generation_drawn_for_a_write_that_failed_names_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let file = ".akhbar/cache/state.bin";
        let before = new_generation().unwrap();
        save_as(root, file, b"kind 1\n", before, b"before").unwrap();
        // The record names the next generation and the file's write fails: the file before
        // stays, and is not taken for the one the record names.
        let named = new_generation().unwrap();
        assert_ne!(named, before);
        assert!(load(root, file, b"kind 1\n", named).is_none());
        assert_eq!(*load(root, file, b"kind 1\n", before).unwrap(), *b"before");
        save_as(root, file, b"kind 1\n", named, b"after").unwrap();
        assert_eq!(*load(root, file, b"kind 1\n", named).unwrap(), *b"after");
    }
}
