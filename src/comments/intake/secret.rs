//! The intake service's signing secret: from `AKHBAR_COMMENTS_SECRET`, or a file only its owner
//! can read, made on the first run. A weak secret stops the service before it starts.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostic::io_persian;
use crate::persian::bidi::isolate;
use crate::text_file::{self, TextFileError};

/// The environment variable that overrides the secret file.
pub const SECRET_VARIABLE: &str = "AKHBAR_COMMENTS_SECRET";

/// Why the service will not start.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("{SECRET_VARIABLE} is weak: {0}")]
    WeakVariable(Weakness),
    #[error("{path}: the secret is weak: {why}; delete the file to have a new one made")]
    WeakFile { path: PathBuf, why: Weakness },
    #[error("{path}: others can read the secret; run `chmod 600 {path}`")]
    Exposed { path: PathBuf },
    #[error("{path}: {not_text}; delete the file to have a new one made")]
    NotText {
        path: PathBuf,
        not_text: crate::text_file::NotText,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl SecretError {
    /// The same in Persian, for a Persian site's moderators.
    pub fn persian(&self) -> String {
        let shown = |path: &Path| isolate(&path.display().to_string()).into_owned();
        let anew = "فایل را پاک کنید تا راز تازه‌ای ساخته شود";
        match self {
            SecretError::WeakVariable(why) => {
                format!("{SECRET_VARIABLE} ضعیف است: {}", why.persian())
            }
            SecretError::WeakFile { path, why } => {
                format!("راز {} ضعیف است: {}؛ {anew}", shown(path), why.persian())
            }
            SecretError::Exposed { path } => format!(
                "دیگران می‌توانند راز {} را بخوانند؛ {} را اجرا کنید",
                shown(path),
                isolate(&format!("chmod 600 {}", path.display()))
            ),
            SecretError::NotText { path, not_text } => {
                format!("{}: {not_text}؛ {anew}", shown(path))
            }
            SecretError::Io { path, source } => format!("{}: {}", shown(path), io_persian(source)),
        }
    }
}

/// What makes a secret weak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    /// Fewer than 32 characters.
    Short,
    /// Fewer than 10 different characters.
    Repetitive,
}

impl Weakness {
    /// The same in Persian.
    pub fn persian(self) -> &'static str {
        match self {
            Weakness::Short => "باید دست‌کم ۳۲ نویسه باشد؛ `openssl rand -hex 32` راز خوبی می‌سازد",
            Weakness::Repetitive => "نویسه‌های آن آن‌قدر تکراری است که تصادفی نیست",
        }
    }
}

impl std::fmt::Display for Weakness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Weakness::Short => {
                "it must be at least 32 characters; `openssl rand -hex 32` makes a good one"
            }
            Weakness::Repetitive => "it repeats too few characters to be random",
        })
    }
}

/// The secret from the environment if set, else from `file`, which is made if missing.
pub fn load_secret(file: &Path) -> Result<Vec<u8>, SecretError> {
    secret_from(std::env::var(SECRET_VARIABLE).ok(), file)
}

/// The secret `variable` holds if given, else the one in `file`.
fn secret_from(variable: Option<String>, file: &Path) -> Result<Vec<u8>, SecretError> {
    if let Some(value) = variable {
        return match weakness(value.trim()) {
            Some(why) => Err(SecretError::WeakVariable(why)),
            None => Ok(value.trim().as_bytes().to_vec()),
        };
    }
    let io = |source| SecretError::Io {
        path: file.to_path_buf(),
        source,
    };
    if !file.exists() {
        create(file).map_err(io)?;
    }
    check_private(file)?;
    let text = text_file::read(file).map_err(|error| match error {
        TextFileError::Io(source) => io(source),
        TextFileError::Encoding(not_text) => SecretError::NotText {
            path: file.to_path_buf(),
            not_text,
        },
    })?;
    match weakness(text.trim()) {
        Some(why) => Err(SecretError::WeakFile {
            path: file.to_path_buf(),
            why,
        }),
        None => Ok(text.trim().as_bytes().to_vec()),
    }
}

/// What makes `secret` weak, if anything.
pub fn weakness(secret: &str) -> Option<Weakness> {
    let distinct: HashSet<char> = secret.chars().collect();
    if secret.chars().count() < 32 {
        Some(Weakness::Short)
    } else if distinct.len() < 10 {
        Some(Weakness::Repetitive)
    } else {
        None
    }
}

/// Writes 256 random bits as hex to a new file readable by its owner alone.
fn create(file: &Path) -> std::io::Result<()> {
    if let Some(folder) = file.parent() {
        fs::create_dir_all(folder)?;
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut out = options.open(file)?;
    writeln!(out, "{}", crate::fingerprint::hex(&bytes))?;
    out.sync_all()
}

#[cfg(unix)]
fn check_private(file: &Path) -> Result<(), SecretError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(file)
        .map_err(|source| SecretError::Io {
            path: file.to_path_buf(),
            source,
        })?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(SecretError::Exposed {
            path: file.to_path_buf(),
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_file: &Path) -> Result<(), SecretError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_secrets_are_named() {
        assert!(weakness("short").is_some());
        assert!(weakness(&"ab".repeat(20)).is_some());
        assert!(weakness("0123456789abcdef0123456789abcdef").is_none());
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_made_private_and_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(".akhbar/comments-secret");
        let load = |file: &Path| secret_from(None, file);
        let first = load(&file).unwrap();
        assert_eq!(first.len(), 64);
        let mode = fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(load(&file).unwrap(), first, "the same secret next time");
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(load(&file), Err(SecretError::Exposed { .. })));
        fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
        fs::write(&file, "changeme\n").unwrap();
        assert!(matches!(load(&file), Err(SecretError::WeakFile { .. })));
        let strong = "0123456789abcdef0123456789abcdef".to_string();
        assert_eq!(
            secret_from(Some(strong.clone()), &file).unwrap(),
            strong.as_bytes()
        );
        assert!(matches!(
            secret_from(Some("password".into()), &file),
            Err(SecretError::WeakVariable(_))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_secret_saved_by_notepad_is_the_same_secret() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("comments-secret");
        let secret = "0123456789abcdef0123456789abcdef";
        fs::write(&file, format!("\u{FEFF}{secret}\r\n")).unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(secret_from(None, &file).unwrap(), secret.as_bytes());
        fs::write(&file, [0xD3, 0xE1, 0xC7, 0xE3]).unwrap();
        let error = secret_from(None, &file).unwrap_err();
        assert!(matches!(error, SecretError::NotText { .. }), "{error}");
        assert!(error.to_string().contains("line 1, column 1"), "{error}");
    }
}
