//! The desk's accounts: each colleague's name, role and password hash, kept in one file
//! readable by its owner alone (`.akhbar/desk-users.toml`, outside `public/`), made and
//! changed by `akhbar desk user`. Passwords are stored as Argon2id hashes (RFC 9106, the
//! `argon2` crate's defaults, which follow OWASP's advice) in the PHC string format, never as
//! they were typed. Once one account exists the desk asks everyone to log in.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use serde::{Deserialize, Serialize};

/// Where the accounts are kept, from the site's root.
pub const ACCOUNTS_FILE: &str = ".akhbar/desk-users.toml";

/// The fewest characters a password may have.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// What a colleague may do at the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Writes and publishes news items and their pictures.
    Editor,
    /// Decides on readers' comments.
    Moderator,
    /// Both.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Editor, Role::Moderator, Role::Admin];

    /// Whether the role writes, uploads and publishes.
    pub fn edits(self) -> bool {
        matches!(self, Role::Editor | Role::Admin)
    }

    /// Whether the role decides on comments.
    pub fn moderates(self) -> bool {
        matches!(self, Role::Moderator | Role::Admin)
    }

    /// The role's word in the file and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Editor => "editor",
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }

    /// The role's name in Persian.
    pub fn persian(self) -> &'static str {
        match self {
            Role::Editor => "دبیر خبر",
            Role::Moderator => "ناظر دیدگاه‌ها",
            Role::Admin => "مدیر",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(text: &str) -> Result<Role, String> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == text.trim())
            .ok_or_else(|| format!("'{text}' is not a role: use editor, moderator or admin"))
    }
}

/// One colleague's account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    pub name: String,
    pub role: Role,
    /// The password's Argon2id hash, a PHC string.
    password: String,
}

/// Why the accounts could not be read or changed.
#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    #[error("{}: {source} / {} خوانده یا نوشته نشد", path.display(), path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error(
        "{}: others can read this file of password hashes: run `chmod 600` on it / دیگران می‌توانند این فایلِ گذرواژه‌ها را بخوانند: آن را `chmod 600` کنید",
        path.display()
    )]
    Exposed { path: PathBuf },
    #[error(
        "{}:{line}: {message}: fix the line or make the account again with `akhbar desk user add` / این سطر خوانده نشد",
        path.display()
    )]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("there is already an account named '{0}' / حسابی به نام «{0}» هست")]
    Exists(String),
    #[error("there is no account named '{0}' / حسابی به نام «{0}» نیست")]
    Unknown(String),
    #[error(
        "the name '{0}' cannot be an account's: use letters, digits, '.', '-' or '_', up to 64 / نام «{0}» پذیرفته نیست: حرف، رقم، نقطه، خط تیره یا زیرخط، تا ۶۴ نویسه"
    )]
    BadName(String),
    #[error(
        "the password is too short: use at least {MIN_PASSWORD_CHARS} characters / گذرواژه کوتاه است: دست‌کم ۱۰ نویسه"
    )]
    ShortPassword,
}

/// The accounts of one site, as its file holds them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accounts {
    #[serde(default, rename = "user")]
    accounts: Vec<Account>,
}

/// A hash checked when the name is unknown, so an answer takes as long for a name that does
/// not exist as for a wrong password.
static DECOY: LazyLock<String> = LazyLock::new(|| hash("a password no one has").expect("hashing"));

impl Accounts {
    /// The accounts in `file`; none if it does not exist. Refuses a file others can read.
    pub fn load(file: &Path) -> Result<Accounts, AccountsError> {
        let io = |source| AccountsError::Io {
            path: file.to_path_buf(),
            source,
        };
        let text = match fs::read_to_string(file) {
            Ok(text) => text,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Accounts::default()),
            Err(error) => return Err(io(error)),
        };
        check_private(file)?;
        toml::from_str(&text).map_err(|error| {
            let line = error
                .span()
                .map_or(1, |span| text[..span.start].matches('\n').count() + 1);
            AccountsError::Invalid {
                path: file.to_path_buf(),
                line,
                message: error.message().to_string(),
            }
        })
    }

    /// Whether there are any: then the desk asks everyone to log in.
    pub fn any(&self) -> bool {
        !self.accounts.is_empty()
    }

    /// The accounts, in the order they were made.
    pub fn all(&self) -> &[Account] {
        &self.accounts
    }

    /// The account `name`, if it exists.
    pub fn get(&self, name: &str) -> Option<&Account> {
        self.accounts.iter().find(|account| account.name == name)
    }

    /// The account `name` if `password` is its password. Takes about as long when the name
    /// is unknown.
    pub fn verify(&self, name: &str, password: &str) -> Option<&Account> {
        let account = self.get(name);
        let stored = account.map_or(DECOY.as_str(), |account| &account.password);
        let matches = PasswordHash::new(stored).is_ok_and(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        });
        account.filter(|_| matches)
    }

    /// Adds the account `name` with `role` and `password`.
    pub fn add(&mut self, name: &str, role: Role, password: &str) -> Result<(), AccountsError> {
        if !is_valid_name(name) {
            return Err(AccountsError::BadName(name.to_string()));
        }
        if self.get(name).is_some() {
            return Err(AccountsError::Exists(name.to_string()));
        }
        let password = hash(password)?;
        let name = name.to_string();
        self.accounts.push(Account {
            name,
            role,
            password,
        });
        Ok(())
    }

    /// Gives the account `name` a new `password`, its sessions elsewhere ending with it.
    pub fn set_password(&mut self, name: &str, password: &str) -> Result<(), AccountsError> {
        let hashed = hash(password)?;
        let account = (self.accounts.iter_mut())
            .find(|account| account.name == name)
            .ok_or_else(|| AccountsError::Unknown(name.to_string()))?;
        account.password = hashed;
        Ok(())
    }

    /// Removes the account `name`.
    pub fn remove(&mut self, name: &str) -> Result<(), AccountsError> {
        let before = self.accounts.len();
        self.accounts.retain(|account| account.name != name);
        match self.accounts.len() < before {
            true => Ok(()),
            false => Err(AccountsError::Unknown(name.to_string())),
        }
    }

    /// Writes the accounts to `file`, readable by its owner alone, replacing it whole.
    pub fn save(&self, file: &Path) -> Result<(), AccountsError> {
        let io = |source| AccountsError::Io {
            path: file.to_path_buf(),
            source,
        };
        let text = toml::to_string(self).expect("accounts are plain strings");
        let folder = file.parent().expect("the accounts file is in a folder");
        fs::create_dir_all(folder).map_err(io)?;
        // A temporary file is made readable by its owner alone (0600).
        let mut partial = tempfile::NamedTempFile::new_in(folder).map_err(io)?;
        let head =
            "# The newsroom desk's accounts, made by `akhbar desk user`. Keep this file private.\n";
        (partial.write_all(head.as_bytes()))
            .and_then(|()| partial.write_all(text.as_bytes()))
            .and_then(|()| partial.as_file().sync_all())
            .map_err(io)?;
        partial.persist(file).map_err(|error| io(error.error))?;
        Ok(())
    }

    /// A value that changes whenever an account's role or password changes, to end the
    /// sessions it no longer matches.
    pub fn stamp_of(account: &Account) -> u64 {
        crate::fingerprint::hash_of(&(&account.name, account.role.as_str(), &account.password))
    }
}

/// Whether `name` may name an account: ASCII letters, digits, `.`, `-`, `_`, 1 to 64 of them
/// (it is typed at the login form and recorded as the moderator of comments).
fn is_valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

/// `password` hashed with Argon2id and a new random salt.
fn hash(password: &str) -> Result<String, AccountsError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AccountsError::ShortPassword);
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the system gives random bytes");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a salt");
    let hashed = Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2 hashes any password");
    Ok(hashed.to_string())
}

#[cfg(unix)]
fn check_private(file: &Path) -> Result<(), AccountsError> {
    use std::os::unix::fs::PermissionsExt;
    let metadata = fs::metadata(file).map_err(|source| AccountsError::Io {
        path: file.to_path_buf(),
        source,
    })?;
    match metadata.permissions().mode() & 0o077 {
        0 => Ok(()),
        _ => Err(AccountsError::Exposed {
            path: file.to_path_buf(),
        }),
    }
}

#[cfg(not(unix))]
fn check_private(_file: &Path) -> Result<(), AccountsError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_are_saved_private_with_hashes_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(ACCOUNTS_FILE);
        let mut accounts = Accounts::load(&file).unwrap();
        assert!(!accounts.any());
        accounts
            .add("maryam", Role::Editor, "گذرواژهٔ بلند مریم")
            .unwrap();
        accounts
            .add("reza", Role::Moderator, "correct horse battery")
            .unwrap();
        accounts.save(&file).unwrap();
        let text = fs::read_to_string(&file).unwrap();
        assert!(text.contains("$argon2id$"), "{text}");
        assert!(!text.contains("مریم") && !text.contains("horse"), "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let read = Accounts::load(&file).unwrap();
        assert_eq!(read, accounts);
        let maryam = read.verify("maryam", "گذرواژهٔ بلند مریم").unwrap();
        assert_eq!(maryam.role, Role::Editor);
        assert!(read.verify("maryam", "correct horse battery").is_none());
        assert!(read.verify("nobody", "correct horse battery").is_none());
    }

    #[test]
    fn bad_names_short_passwords_and_repeats_are_refused() {
        let mut accounts = Accounts::default();
        let refused = |result: Result<(), AccountsError>| result.unwrap_err().to_string();
        assert!(
            refused(accounts.add("a b", Role::Admin, "long enough pass")).contains("cannot be")
        );
        assert!(refused(accounts.add("", Role::Admin, "long enough pass")).contains("cannot be"));
        assert!(refused(accounts.add("ali", Role::Admin, "short")).contains("too short"));
        accounts
            .add("ali", Role::Admin, "long enough pass")
            .unwrap();
        assert!(refused(accounts.add("ali", Role::Editor, "another long one")).contains("already"));
        assert!(refused(accounts.remove("sara")).contains("no account"));
        accounts.remove("ali").unwrap();
        assert!(!accounts.any());
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("users.toml");
        let mut accounts = Accounts::default();
        accounts
            .add("ali", Role::Admin, "long enough pass")
            .unwrap();
        accounts.save(&file).unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        let error = Accounts::load(&file).unwrap_err().to_string();
        assert!(error.contains("chmod 600"), "{error}");
    }

    #[test]
    fn a_broken_file_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("users.toml");
        fs::write(
            &file,
            "[[user]]\nname = \"ali\"\nrole = \"boss\"\npassword = \"x\"\n",
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
        }
        let error = Accounts::load(&file).unwrap_err().to_string();
        assert!(error.contains("users.toml:3:"), "{error}");
    }
}
