//! The form's security code: a proof of work signed by the intake service. The reader's browser
//! finds a number whose hash with the code starts with enough zero bits; the service checks the
//! signature, the age of the code and that it was never used before. No third party is asked.

use std::collections::HashMap;
use std::sync::Mutex;

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::fingerprint::hex;

type HmacSha256 = Hmac<Sha256>;

/// Codes kept as used before the oldest expired ones are forgotten.
const USED_LIMIT: usize = 100_000;

/// Issues and checks codes with a key that lives as long as the process: a code from before a
/// restart is refused like an expired one.
pub struct Challenges {
    key: [u8; 32],
    difficulty: u8,
    ttl_seconds: i64,
    min_fill_seconds: i64,
    /// Nonces of the codes already used, with the second each code expires.
    used: Mutex<HashMap<String, i64>>,
}

/// A code as `GET /challenge` sends it.
#[derive(Debug, Clone, Serialize)]
pub struct Challenge {
    pub challenge: String,
    pub difficulty: u8,
    /// Seconds after it is issued before the code is accepted (a person needs time to write).
    pub wait: i64,
    /// Unix seconds after which the code is refused.
    pub expires: i64,
}

/// Why a code was refused; the text is for the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ChallengeError {
    #[error("کد امنیتی نامعتبر است؛ صفحه را دوباره بارگذاری کنید.")]
    Forged,
    #[error("کد امنیتی منقضی شده است؛ دوباره بفرستید.")]
    Expired,
    #[error("فرم خیلی سریع فرستاده شد؛ چند لحظه صبر کنید و دوباره بفرستید.")]
    TooFast,
    #[error("کد امنیتی حل نشده است؛ چند لحظه صبر کنید و دوباره بفرستید.")]
    Unsolved,
    #[error("این کد امنیتی پیش‌تر به کار رفته است؛ صفحه را دوباره بارگذاری کنید.")]
    Replayed,
}

impl Challenges {
    /// Codes signed with a key derived from `secret` and this process's own random salt.
    pub fn new(secret: &[u8], difficulty: u8, ttl_seconds: i64, min_fill_seconds: i64) -> Self {
        let mut salt = [0u8; 32];
        getrandom::fill(&mut salt).expect("the system's random source works");
        let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes any key length");
        mac.update(b"akhbar challenge key");
        mac.update(&salt);
        Challenges {
            key: mac.finalize().into_bytes().into(),
            difficulty,
            ttl_seconds,
            min_fill_seconds,
            used: Mutex::new(HashMap::new()),
        }
    }

    /// A new code, issued at unix second `now`.
    pub fn issue(&self, now: i64) -> Challenge {
        let mut nonce = [0u8; 16];
        getrandom::fill(&mut nonce).expect("the system's random source works");
        let payload = format!("v1.{now}.{}.{}", self.difficulty, hex(&nonce));
        let signature = hex(&self.sign(&payload));
        Challenge {
            challenge: format!("{payload}.{signature}"),
            difficulty: self.difficulty,
            wait: self.min_fill_seconds,
            expires: now + self.ttl_seconds,
        }
    }

    /// Accepts `code` solved by `solution` once, at unix second `now`.
    pub fn redeem(&self, code: &str, solution: &str, now: i64) -> Result<(), ChallengeError> {
        self.reserve(code, solution, now)?.confirm();
        Ok(())
    }

    /// Holds `code` solved by `solution` for one comment, at unix second `now`: while held, the
    /// code is refused as used; [`Reservation::confirm`] spends it once the comment is stored,
    /// and dropping the reservation unconfirmed gives the code back, so a reader whose comment
    /// could not be stored can send it again.
    pub fn reserve(
        &self,
        code: &str,
        solution: &str,
        now: i64,
    ) -> Result<Reservation<'_>, ChallengeError> {
        let (payload, signature) = code.rsplit_once('.').ok_or(ChallengeError::Forged)?;
        let signature = unhex(signature).ok_or(ChallengeError::Forged)?;
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(payload.as_bytes());
        mac.verify_slice(&signature)
            .map_err(|_| ChallengeError::Forged)?;
        let (issued, difficulty, nonce) = parse_payload(payload).ok_or(ChallengeError::Forged)?;
        if now > issued + self.ttl_seconds || now < issued {
            return Err(ChallengeError::Expired);
        }
        if now < issued + self.min_fill_seconds {
            return Err(ChallengeError::TooFast);
        }
        if !is_solved(code, solution, difficulty) {
            return Err(ChallengeError::Unsolved);
        }
        let mut used = self.used.lock().expect("no thread panics holding the lock");
        if used.len() >= USED_LIMIT {
            used.retain(|_, expires| *expires >= now);
        }
        if used
            .insert(nonce.to_string(), issued + self.ttl_seconds)
            .is_some()
        {
            return Err(ChallengeError::Replayed);
        }
        Ok(Reservation {
            challenges: self,
            nonce: Some(nonce.to_string()),
        })
    }

    fn sign(&self, payload: &str) -> [u8; 32] {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(payload.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

/// A code held for one comment by [`Challenges::reserve`].
pub struct Reservation<'a> {
    challenges: &'a Challenges,
    /// The code's nonce, until the code is spent.
    nonce: Option<String>,
}

impl Reservation<'_> {
    /// Spends the code: it is refused from now on.
    pub fn confirm(mut self) {
        self.nonce = None;
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        if let Some(nonce) = self.nonce.take() {
            let mut used = (self.challenges.used.lock()).unwrap_or_else(|e| e.into_inner());
            used.remove(&nonce);
        }
    }
}

/// `(issued, difficulty, nonce)` of `v1.<issued>.<difficulty>.<nonce>`.
fn parse_payload(payload: &str) -> Option<(i64, u8, &str)> {
    let mut parts = payload.split('.');
    let (version, issued, difficulty, nonce) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    (version == "v1" && parts.next().is_none())
        .then(|| Some((issued.parse().ok()?, difficulty.parse().ok()?, nonce)))?
}

/// Whether SHA-256 of `<code>:<solution>` starts with `difficulty` zero bits.
pub fn is_solved(code: &str, solution: &str, difficulty: u8) -> bool {
    if solution.is_empty() || solution.len() > 20 || !solution.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let hash = Sha256::new()
        .chain_update(code.as_bytes())
        .chain_update(b":")
        .chain_update(solution.as_bytes())
        .finalize();
    leading_zero_bits(&hash) >= u32::from(difficulty)
}

/// The number that solves `code`, found as the page's script finds it (for tests and tools).
pub fn solve(code: &str, difficulty: u8) -> String {
    (0u64..)
        .map(|n| n.to_string())
        .find(|n| is_solved(code, n, difficulty))
        .expect("some number solves every code")
}

fn leading_zero_bits(bytes: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in bytes {
        bits += byte.leading_zeros();
        if *byte != 0 {
            break;
        }
    }
    bits
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"a test secret that is long enough, 0123456789";

    fn challenges() -> Challenges {
        Challenges::new(SECRET, 10, 600, 3)
    }

    #[test]
    fn a_solved_code_is_accepted_once() {
        let service = challenges();
        let code = service.issue(1000).challenge;
        let solution = solve(&code, 10);
        assert_eq!(service.redeem(&code, &solution, 1010), Ok(()));
        assert_eq!(
            service.redeem(&code, &solution, 1011),
            Err(ChallengeError::Replayed)
        );
    }

    #[test]
    fn a_code_is_held_while_reserved_and_given_back_if_not_spent() {
        let service = challenges();
        let code = service.issue(1000).challenge;
        let solution = solve(&code, 10);
        let held = service.reserve(&code, &solution, 1010).unwrap();
        assert_eq!(
            service.reserve(&code, &solution, 1010).err(),
            Some(ChallengeError::Replayed),
            "a second post with the code while the first is being stored"
        );
        drop(held);
        let again = service.reserve(&code, &solution, 1011).unwrap();
        again.confirm();
        assert_eq!(
            service.redeem(&code, &solution, 1012),
            Err(ChallengeError::Replayed)
        );
    }

    #[test]
    fn wrong_late_early_and_forged_codes_are_refused() {
        let service = challenges();
        let code = service.issue(1000).challenge;
        let solution = solve(&code, 10);
        assert_eq!(
            service.redeem(&code, &solution, 1001),
            Err(ChallengeError::TooFast)
        );
        assert_eq!(
            service.redeem(&code, &solution, 1601),
            Err(ChallengeError::Expired)
        );
        let wrong = (0u64..)
            .map(|n| n.to_string())
            .find(|n| !is_solved(&code, n, 10))
            .unwrap();
        assert_eq!(
            service.redeem(&code, &wrong, 1010),
            Err(ChallengeError::Unsolved)
        );
        // An easier difficulty or a later time written into the code breaks its signature.
        let easier = code.replacen(".10.", ".1.", 1);
        assert_eq!(
            service.redeem(&easier, "0", 1010),
            Err(ChallengeError::Forged)
        );
        let later = code.replacen("v1.1000.", "v1.1500.", 1);
        assert_eq!(
            service.redeem(&later, &solution, 1510),
            Err(ChallengeError::Forged)
        );
        assert_eq!(
            service.redeem("garbage", "1", 1010),
            Err(ChallengeError::Forged)
        );
        // A code from another process (or before a restart) is not this one's.
        let other = challenges().issue(1000).challenge;
        let other_solution = solve(&other, 10);
        assert_eq!(
            service.redeem(&other, &other_solution, 1010),
            Err(ChallengeError::Forged)
        );
    }

    #[test]
    fn solutions_must_be_plain_numbers() {
        assert!(!is_solved("x", "", 0));
        assert!(!is_solved("x", "-1", 0));
        assert!(!is_solved("x", "1e5", 0));
        assert!(is_solved("x", "7", 0));
    }

    #[test]
    fn zero_bits_are_counted_across_bytes() {
        assert_eq!(leading_zero_bits(&[0, 0, 0x10, 0xff]), 19);
        assert_eq!(leading_zero_bits(&[0x80]), 0);
        assert_eq!(unhex("0aff"), Some(vec![10, 255]));
        assert_eq!(unhex("0g"), None);
    }
}
