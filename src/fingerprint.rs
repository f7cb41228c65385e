//! Fingerprints: 64-bit hashes of what an output file is made from, which builds compare to
//! tell what changed. They are stable within one akhbar binary (the build cache is ignored by
//! another binary), not across versions. And hexadecimal, the text form of digests,
//! signatures and random tokens.

use std::hash::{DefaultHasher, Hash, Hasher};

/// A hash of `value`.
pub fn hash_of(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// `bytes` in lowercase hexadecimal, two digits a byte: digests, signatures and random
/// tokens as text.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A hash of `value`'s JSON, for views that are serializable but not hashable.
pub fn json_hash<T: serde::Serialize + ?Sized>(value: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    serde_json::to_writer(HashWriter(&mut hasher), value).expect("views serialize");
    hasher.finish()
}

/// Feeds what is written into a hasher.
struct HashWriter<'a>(&'a mut DefaultHasher);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
