//! How often one address (or one account name) may ask: a sliding window of the times it was
//! let through.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Addresses remembered before the idle ones are forgotten.
const TRACKED_LIMIT: usize = 50_000;

/// Counts, for each key (by default an address), the times it was let through lately.
pub struct RateLimiter<K = IpAddr> {
    limit: usize,
    window: Duration,
    hits: Mutex<HashMap<K, VecDeque<Instant>>>,
}

impl<K: Hash + Eq> RateLimiter<K> {
    /// Lets each address through `limit` times in any `window`.
    pub fn new(limit: u32, window: Duration) -> Self {
        RateLimiter {
            limit: limit as usize,
            window,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// How many times an address is let through in a window.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Whether `address` may go on at `now`; counts it if so.
    pub fn allow(&self, address: K, now: Instant) -> bool {
        let mut hits = self.hits.lock().expect("no thread panics holding the lock");
        let window = self.window;
        let recent = |time: &Instant| now.saturating_duration_since(*time) < window;
        if hits.len() >= TRACKED_LIMIT {
            hits.retain(|_, times| times.back().is_some_and(recent));
        }
        let times = hits.entry(address).or_default();
        while times.front().is_some_and(|time| !recent(time)) {
            times.pop_front();
        }
        if times.len() >= self.limit {
            return false;
        }
        times.push_back(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_has_its_own_window() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "::1".parse().unwrap());
        let start = Instant::now();
        assert!(limiter.allow(a, start));
        assert!(limiter.allow(a, start + Duration::from_secs(1)));
        assert!(!limiter.allow(a, start + Duration::from_secs(2)));
        assert!(limiter.allow(b, start + Duration::from_secs(2)));
        assert!(limiter.allow(a, start + Duration::from_secs(60)));
        assert!(!limiter.allow(a, start + Duration::from_secs(60)));
    }
}
