//! The one door every text file akhbar reads comes in by: news items, pages, comment files,
//! `site.toml`, templates, moderators' decision files and the comment service's secret.
//!
//! Editors save files with whatever their editor or spreadsheet does, so the door accepts each
//! common way of writing the same text and hands on one form of it:
//! - UTF-8, with or without a byte-order mark (Windows Notepad writes one);
//! - UTF-16 with its byte-order mark (Excel's and Notepad's "Unicode text");
//! - lines ended by CR LF (Windows) or a lone CR (old Mac editors), read as LF.
//!
//! Any other encoding (Windows-1256, the old Arabic Windows code page, is the common one for
//! Persian files) is refused with the line and column of its first byte that is not UTF-8 and
//! what to do, in English and Persian, rather than read as mojibake.

use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, io_persian, persian_number};

/// Why a file's text cannot be had.
#[derive(Debug, thiserror::Error)]
pub enum TextFileError {
    /// The file cannot be read at all (missing, a folder, no permission…).
    #[error("cannot be read: {0}")]
    Io(#[from] io::Error),
    /// The bytes are not text in an encoding the door accepts.
    #[error(transparent)]
    Encoding(#[from] NotText),
}

/// Where a file stops being UTF-8 (or UTF-16 with a byte-order mark).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "is not UTF-8 text (line {line}, column {column}, byte {byte}): save it as UTF-8 \
     (in Notepad, «Save as» with Encoding «UTF-8»)"
)]
pub struct NotText {
    /// 1-based line of the first byte that is not text.
    pub line: usize,
    /// 1-based column, in characters, of that byte on its line.
    pub column: usize,
    /// 0-based offset of that byte in the file, in bytes.
    pub byte: usize,
}

impl NotText {
    /// The reason in Persian, for the detail of a [`Diagnostic`].
    pub fn persian(&self) -> String {
        format!(
            "از ستون {} (بایت {}) کدگذاری متن UTF-8 نیست: فایل را با کدگذاری UTF-8 ذخیره کنید \
             (در Notepad با «Save as» و Encoding «UTF-8»)",
            persian_number(self.column),
            persian_number(self.byte),
        )
    }
}

impl TextFileError {
    /// The problem as editors are told it, naming `shown` (the file as they know it) and the
    /// line where there is one; `what` is the Persian phrase for what could not be read, such as
    /// «خطای خواندن قالب».
    pub fn diagnostic(&self, shown: impl Into<PathBuf>, what: &str) -> Diagnostic {
        match self {
            TextFileError::Io(error) => {
                Diagnostic::new(shown, None, self.to_string()).with_persian(what, io_persian(error))
            }
            TextFileError::Encoding(not_text) => {
                Diagnostic::new(shown, Some(not_text.line), not_text.to_string())
                    .with_persian("فایل UTF-8 نیست", not_text.persian())
            }
        }
    }
}

/// The text of the file at `path`, in the one form described in the module's docs.
pub fn read(path: &Path) -> Result<String, TextFileError> {
    let bytes = std::fs::read(path)?;
    Ok(decode(&bytes)?)
}

/// The text `bytes` hold: UTF-8 without its byte-order mark, or UTF-16 by its mark, with every
/// line ended by LF.
pub fn decode(bytes: &[u8]) -> Result<String, NotText> {
    let text = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(rest, 3)?,
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes)?,
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes)?,
        _ => utf8(bytes, 0)?,
    };
    Ok(unify_line_ends(text))
}

/// `bytes` as UTF-8, or where they stop being it; `skipped` bytes came before them in the file.
fn utf8(bytes: &[u8], skipped: usize) -> Result<String, NotText> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(error) => {
            let valid = std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default();
            Err(not_text_after(valid, skipped + error.valid_up_to()))
        }
    }
}

/// `bytes` as UTF-16 in the byte order `unit` reads, or where they stop being it.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, NotText> {
    let units = bytes.chunks(2).map(|pair| match pair {
        [first, second] => Ok(unit([*first, *second])),
        _ => Err(()),
    });
    let mut text = String::new();
    let mut read = 2;
    for decoded in char::decode_utf16(units.map_while(Result::ok)) {
        match decoded {
            Ok(c) => {
                text.push(c);
                read += 2 * c.len_utf16();
            }
            Err(_) => return Err(not_text_after(&text, read)),
        }
    }
    if read < bytes.len() + 2 {
        return Err(not_text_after(&text, read));
    }
    Ok(text)
}

/// Where the text stops, just after `valid`, the text before it, at byte offset `byte`.
fn not_text_after(valid: &str, byte: usize) -> NotText {
    let last_line = valid.rsplit(['\n', '\r']).next().unwrap_or_default();
    let ends = valid.replace("\r\n", "\n");
    NotText {
        line: ends.matches(['\n', '\r']).count() + 1,
        column: last_line.chars().count() + 1,
        byte,
    }
}

/// `text` with CR LF and lone CR as LF.
fn unify_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_and_windows_line_ends_are_dropped() {
        let text = decode("\u{FEFF}---\r\nid: 1\r\n---\r\nمتن\r\n".as_bytes()).unwrap();
        assert_eq!(text, "---\nid: 1\n---\nمتن\n");
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        assert_eq!(decode(b"a\rb\r\nc").unwrap(), "a\nb\nc");
    }

    #[test]
    fn utf16_with_its_mark_is_text() {
        for (mark, unit) in [
            ([0xFF, 0xFE], u16::to_le_bytes as fn(u16) -> [u8; 2]),
            ([0xFE, 0xFF], u16::to_be_bytes),
        ] {
            let mut bytes = mark.to_vec();
            bytes.extend("id,تصمیم\r\n۱,تأیید".encode_utf16().flat_map(unit));
            assert_eq!(decode(&bytes).unwrap(), "id,تصمیم\n۱,تأیید");
        }
    }

    #[test]
    fn windows_1256_is_refused_at_its_first_byte() {
        // «سلام» in Windows-1256, on the second line after a Persian first line.
        let mut bytes = "عنوان: خبر\r\nمتن ".as_bytes().to_vec();
        let before = bytes.len();
        bytes.extend([0xD3, 0xE1, 0xC7, 0xE3]);
        let error = decode(&bytes).unwrap_err();
        assert_eq!(
            error,
            NotText {
                line: 2,
                column: 5,
                byte: before
            }
        );
        assert!(error.to_string().contains("save it as UTF-8"));
        assert!(error.persian().contains("ستون ۵"));
    }

    #[test]
    fn the_position_counts_the_byte_order_mark() {
        let error = decode(&[0xEF, 0xBB, 0xBF, b'a', 0xFF]).unwrap_err();
        assert_eq!((error.line, error.column, error.byte), (1, 2, 4));
    }

    #[test]
    fn broken_utf16_is_refused() {
        // A lone high surrogate, then an odd byte at the end.
        let error = decode(&[0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0]).unwrap_err();
        assert_eq!((error.line, error.column, error.byte), (1, 2, 4));
        let error = decode(&[0xFF, 0xFE, b'a', 0, b'b']).unwrap_err();
        assert_eq!((error.column, error.byte), (2, 4));
    }

    #[test]
    fn a_missing_file_says_so_in_both_languages() {
        let error = read(Path::new("/nonexistent/akhbar/site.toml")).unwrap_err();
        let diagnostic = error.diagnostic("site.toml", "خطای خواندن تنظیمات");
        assert!(diagnostic.message.starts_with("cannot be read"));
        let persian = diagnostic.persian.unwrap();
        assert_eq!(persian.what, "خطای خواندن تنظیمات");
        assert_eq!(persian.detail, "چنین فایل یا پوشه‌ای نیست");
    }
}
