//! The index's byte forms, which `search.js` reads back: LEB128 varints, sorted document
//! numbers as the gaps between them, gzip, and the FNV-1a hash that names files.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;

/// Appends `value` as an unsigned LEB128 varint: seven bits a byte, low bits first, the high
/// bit set on every byte but the last.
pub fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7F) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Appends `value` as an unsigned LEB128 varint of up to 64 bits.
pub fn push_varint64(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7F) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Appends ascending document `numbers` as gaps: the first number, then each one's distance
/// from the one before. Small gaps take one byte, and gzip packs runs of them well.
pub fn push_gaps(out: &mut Vec<u8>, numbers: &[u32]) {
    let mut previous = 0;
    for (at, &number) in numbers.iter().enumerate() {
        debug_assert!(at == 0 || number > previous, "numbers ascend");
        push_varint(out, number - previous);
        previous = number;
    }
}

/// Appends `key` as the length of the prefix it shares with `previous` (in bytes), then the
/// rest's length and bytes (the split may fall inside a character): sorted keys share long
/// prefixes.
pub fn push_key(out: &mut Vec<u8>, previous: &str, key: &str) {
    let shared = previous
        .bytes()
        .zip(key.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let rest = &key.as_bytes()[shared..];
    push_varint(out, shared as u32);
    push_varint(out, rest.len() as u32);
    out.extend_from_slice(rest);
}

/// The gzip level of the index's files: on the dictionary's files of 100,000 items, level 4
/// makes them 3 % larger than level 6 and takes a third of its time, which a build that adds
/// one item spends rewriting its terms' files (0.28 s against 0.5 s).
const GZIP_LEVEL: u32 = 4;

/// `bytes` compressed with gzip (RFC 1952) at [`GZIP_LEVEL`], with no time or name in the
/// header, so the same bytes always give the same file.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(
        Vec::with_capacity(bytes.len() / 2 + 32),
        Compression::new(GZIP_LEVEL),
    );
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// The 64-bit FNV-1a hash of `text`'s UTF-8 bytes, as 16 hex digits: the name of the file
/// that starts with (or holds) a key. `search.js` computes the same.
pub fn name_of(text: &str) -> String {
    format!("{:016x}", fnv1a(text))
}

/// The 64-bit FNV-1a hash of `text`'s UTF-8 bytes.
pub fn fnv1a(text: &str) -> u64 {
    fnv1a_bytes(text.as_bytes())
}

/// The 64-bit FNV-1a hash of `bytes`.
pub fn fnv1a_bytes(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Reads back what the `push_` functions wrote; every read is `None` past the end or on a
/// malformed varint.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    /// Whether every byte was read.
    pub fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let taken = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(taken)
    }

    /// A varint of up to 64 bits.
    pub fn varint64(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.take(1)?.first()?;
            value |= u64::from(byte & 0x7F) << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// A varint of up to 32 bits.
    pub fn varint(&mut self) -> Option<u32> {
        u32::try_from(self.varint64()?).ok()
    }

    /// `count` ascending numbers written as gaps.
    pub fn gaps(&mut self, count: u32) -> Option<Vec<u32>> {
        let mut numbers = Vec::with_capacity(count as usize);
        let mut previous = 0u32;
        for _ in 0..count {
            previous = previous.checked_add(self.varint()?)?;
            numbers.push(previous);
        }
        Some(numbers)
    }

    /// A key written by [`push_key`] after `previous`, replacing it.
    pub fn key(&mut self, previous: &mut Vec<u8>) -> Option<()> {
        let shared = self.varint()? as usize;
        let length = self.varint()? as usize;
        if shared > previous.len() {
            return None;
        }
        previous.truncate(shared);
        previous.extend_from_slice(self.take(length)?);
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_are_leb128() {
        let mut out = Vec::new();
        for value in [0, 1, 127, 128, 300, u32::MAX] {
            push_varint(&mut out, value);
        }
        assert_eq!(
            out,
            [0, 1, 127, 0x80, 1, 0xAC, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]
        );
    }

    #[test]
    fn numbers_are_written_as_gaps() {
        let mut out = Vec::new();
        push_gaps(&mut out, &[3, 4, 6, 200]);
        assert_eq!(out, [3, 1, 2, 194, 1]);
    }

    #[test]
    fn keys_share_their_prefix_in_bytes() {
        let mut out = Vec::new();
        push_key(&mut out, "کارت", "کارتها");
        assert_eq!(out, [8, 4, 0xD9, 0x87, 0xD8, 0xA7]);
    }

    #[test]
    fn what_is_pushed_reads_back() {
        let mut out = Vec::new();
        push_varint64(&mut out, u64::MAX);
        push_gaps(&mut out, &[0, 7, 900]);
        push_key(&mut out, "", "کارت");
        push_key(&mut out, "کارت", "کارتها");
        let mut reader = Reader::new(&out);
        assert_eq!(reader.varint64(), Some(u64::MAX));
        assert_eq!(reader.gaps(3), Some(vec![0, 7, 900]));
        let mut key = Vec::new();
        reader.key(&mut key).unwrap();
        reader.key(&mut key).unwrap();
        assert_eq!(String::from_utf8(key).unwrap(), "کارتها");
        assert!(reader.is_done());
        assert_eq!(reader.varint(), None);
        assert_eq!(Reader::new(&[0x80]).varint(), None, "a varint cut short");
    }

    #[test]
    fn names_are_fnv1a() {
        assert_eq!(name_of(""), "cbf29ce484222325");
        assert_eq!(name_of("a"), "af63dc4c8601ec8c");
    }

    #[test]
    fn gzip_is_the_same_every_time() {
        let text = "کارت هوشمند ".repeat(50);
        assert_eq!(gzip(text.as_bytes()), gzip(text.as_bytes()));
        assert_eq!(&gzip(b"x")[..4], &[0x1f, 0x8b, 8, 0]);
    }
}
