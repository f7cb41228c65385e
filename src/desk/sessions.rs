//! The desk's open sessions, kept in memory (a restart logs everyone out), and the counts of
//! login attempts per account name and per address.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::accounts::{Account, Accounts, Role};
use crate::comments::intake::rate_limit::RateLimiter;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "akhbar_desk";
/// A session unused this long ends.
const IDLE: Duration = Duration::from_secs(12 * 60 * 60);
/// Login attempts allowed per account name, and per address, in [`ATTEMPT_WINDOW`].
const ATTEMPTS_PER_NAME: u32 = 5;
const ATTEMPTS_PER_ADDRESS: u32 = 20;
const ATTEMPT_WINDOW: Duration = Duration::from_secs(15 * 60);

/// The open sessions, and the counts of login attempts.
pub struct Sessions {
    open: Mutex<HashMap<String, Session>>,
    by_name: RateLimiter<String>,
    by_address: RateLimiter<IpAddr>,
}

struct Session {
    name: String,
    /// The account as it was at login ([`Accounts::stamp_of`]): a new password or role ends it.
    stamp: u64,
    token: String,
    last_seen: Instant,
}

impl Default for Sessions {
    fn default() -> Sessions {
        Sessions {
            open: Mutex::default(),
            by_name: RateLimiter::new(ATTEMPTS_PER_NAME, ATTEMPT_WINDOW),
            by_address: RateLimiter::new(ATTEMPTS_PER_ADDRESS, ATTEMPT_WINDOW),
        }
    }
}

impl Sessions {
    /// Whether a login as `name` from `address` may be tried now; counts it if so.
    pub fn may_try(&self, name: &str, address: IpAddr) -> bool {
        let now = Instant::now();
        self.by_address.allow(address, now) && self.by_name.allow(name.to_string(), now)
    }

    /// Opens a session for `account`; gives its cookie's value.
    pub fn open(&self, account: &Account) -> String {
        let id = random_hex();
        let session = Session {
            name: account.name.clone(),
            stamp: Accounts::stamp_of(account),
            token: random_hex(),
            last_seen: Instant::now(),
        };
        let mut open = self.open.lock().expect("no thread panics holding the lock");
        open.retain(|_, session| session.last_seen.elapsed() < IDLE);
        open.insert(id.clone(), session);
        id
    }

    /// Ends the session `id`.
    pub fn close(&self, id: &str) {
        let mut open = self.open.lock().expect("no thread panics holding the lock");
        open.remove(id);
    }

    /// The person of the session `id`, if it is open and its account unchanged.
    pub(super) fn find(&self, id: &str, accounts: &Accounts) -> Option<(String, Role, String)> {
        let mut open = self.open.lock().expect("no thread panics holding the lock");
        let session = open.get_mut(id)?;
        let account = accounts.get(&session.name);
        let current = account.filter(|a| Accounts::stamp_of(a) == session.stamp);
        match current {
            Some(account) if session.last_seen.elapsed() < IDLE => {
                session.last_seen = Instant::now();
                Some((account.name.clone(), account.role, session.token.clone()))
            }
            _ => {
                open.remove(id);
                None
            }
        }
    }
}

/// 32 random bytes in hexadecimal.
pub fn random_hex() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the system gives random bytes");
    crate::fingerprint::hex(&bytes)
}
