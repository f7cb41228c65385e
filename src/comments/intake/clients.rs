//! Who sent a request: the connection's peer, or — when the peer is one of the site's own
//! reverse proxies (`trusted_proxies`) — the reader that proxy names in `client_ip_header`.
//! A forwarding header from any other peer is ignored, since anyone can write one. Settings
//! that make every reader look like one address are warned about once, in the service's log.

use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::http::HeaderMap;

use crate::config::{CommentsConfig, ProxyNet};

/// Headers proxies put the reader's address in, looked for to warn about settings that
/// ignore them.
const FORWARDING_HEADERS: &[&str] = &["x-forwarded-for", "x-real-ip", "forwarded"];

/// The rule for a request's reader, with the warnings already given.
pub struct Clients {
    header: Option<String>,
    trusted: Vec<ProxyNet>,
    /// The first reader's address, and whether another was seen since.
    first: Mutex<Option<IpAddr>>,
    several: AtomicBool,
    warned_untrusted: AtomicBool,
    warned_unset: AtomicBool,
    warned_missing: AtomicBool,
    warned_one_address: AtomicBool,
}

impl Clients {
    pub fn new(settings: &CommentsConfig) -> Self {
        Clients {
            header: settings.client_ip_header.clone(),
            trusted: settings.trusted_proxies.clone(),
            first: Mutex::new(None),
            several: AtomicBool::new(false),
            warned_untrusted: AtomicBool::new(false),
            warned_unset: AtomicBool::new(false),
            warned_missing: AtomicBool::new(false),
            warned_one_address: AtomicBool::new(false),
        }
    }

    /// Whether `ip` is one of the site's reverse proxies.
    pub fn is_trusted(&self, ip: IpAddr) -> bool {
        self.trusted.iter().any(|net| net.contains(ip))
    }

    /// The reader's address for a request from `peer` carrying `headers`: from
    /// `client_ip_header` when the peer is trusted (the rightmost entry that is not itself a
    /// trusted proxy), else the peer's. `hash` names an address in the log.
    pub fn reader(
        &self,
        headers: &HeaderMap,
        peer: SocketAddr,
        hash: impl Fn(IpAddr) -> String,
    ) -> IpAddr {
        let peer = peer.ip().to_canonical();
        let trusted = self.is_trusted(peer);
        let reader = match &self.header {
            Some(name) if trusted => match self.named(headers, name) {
                Some(reader) => reader,
                None => {
                    once(&self.warned_missing, || {
                        format!(
                            "a request from the trusted proxy {} came without a readable {name} header: it counts as the proxy's own; make the web server set {name} on every request",
                            hash(peer)
                        )
                    });
                    peer
                }
            },
            Some(name) => {
                if forwarded(headers, Some(name)) {
                    once(&self.warned_untrusted, || {
                        format!(
                            "requests from {} carry {name}, but that address is not in [comments] trusted_proxies: the header is ignored and the connection's address is used; if it is the site's web server, add its address to trusted_proxies",
                            hash(peer)
                        )
                    });
                }
                peer
            }
            None => {
                if forwarded(headers, None) {
                    let flag = if trusted {
                        &self.warned_unset
                    } else {
                        &self.warned_untrusted
                    };
                    once(flag, || {
                        format!(
                            "requests from {} carry a forwarding header (X-Forwarded-For, X-Real-IP or Forwarded), but [comments] client_ip_header is not set: every reader behind that proxy shares one quota; set client_ip_header to the header the web server writes, and trusted_proxies to its address",
                            hash(peer)
                        )
                    });
                }
                peer
            }
        };
        self.seen(reader);
        reader
    }

    /// Notes, when the rate limit refuses `reader`, that every request so far came from that
    /// one address: the sign of a proxy whose readers are not told apart.
    pub fn refused(&self, reader: IpAddr, hash: &str) {
        let only = (self.first.lock().unwrap_or_else(|e| e.into_inner()))
            .is_some_and(|first| first == reader)
            && !self.several.load(Ordering::Relaxed);
        if only {
            once(&self.warned_one_address, || {
                format!(
                    "every request since the service started came from one address ({hash}): if the service is behind a reverse proxy, every reader shares that address's quota; set [comments] client_ip_header and trusted_proxies (see docs/comments.md)"
                )
            });
        }
    }

    /// The reader in header `name` of a request that came through trusted proxies.
    fn named(&self, headers: &HeaderMap, name: &str) -> Option<IpAddr> {
        let entries: Vec<IpAddr> = headers
            .get_all(name)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(|entry| parse_entry(entry.trim()))
            .collect::<Option<_>>()?;
        entries
            .iter()
            .rev()
            .find(|ip| !self.is_trusted(**ip))
            .or(entries.first())
            .copied()
    }

    fn seen(&self, reader: IpAddr) {
        if self.several.load(Ordering::Relaxed) {
            return;
        }
        let mut first = self.first.lock().unwrap_or_else(|e| e.into_inner());
        match *first {
            None => *first = Some(reader),
            Some(earlier) if earlier != reader => self.several.store(true, Ordering::Relaxed),
            Some(_) => {}
        }
    }
}

/// An address as proxies write one: `10.0.0.5`, `2001:db8::1`, `10.0.0.5:4711`,
/// `[2001:db8::1]:4711`.
fn parse_entry(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim_matches('"');
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|address| address.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
}

/// Whether the request carries `configured` or any usual forwarding header.
fn forwarded(headers: &HeaderMap, configured: Option<&str>) -> bool {
    FORWARDING_HEADERS
        .iter()
        .copied()
        .chain(configured)
        .any(|name| headers.contains_key(name))
}

/// Logs the warning `message` makes, the first time only.
fn once(flag: &AtomicBool, message: impl FnOnce() -> String) {
    if !flag.swap(true, Ordering::Relaxed) {
        eprintln!("akhbar: warning: {}", message());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clients(header: Option<&str>, trusted: &[&str]) -> Clients {
        let settings = CommentsConfig {
            client_ip_header: header.map(str::to_string),
            trusted_proxies: trusted
                .iter()
                .map(|net| ProxyNet(net.parse().unwrap()))
                .collect(),
            ..CommentsConfig::default()
        };
        Clients::new(&settings)
    }

    fn reader(clients: &Clients, peer: &str, header: Option<(&str, &str)>) -> String {
        let mut headers = HeaderMap::new();
        if let Some((name, value)) = header {
            headers.insert(
                axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        let peer = SocketAddr::new(peer.parse().unwrap(), 4711);
        clients
            .reader(&headers, peer, |ip| ip.to_string())
            .to_string()
    }

    #[test]
    fn the_header_is_believed_only_from_a_trusted_proxy() {
        let clients = clients(Some("X-Forwarded-For"), &["10.0.0.0/24"]);
        let header = Some(("x-forwarded-for", "203.0.113.9"));
        assert_eq!(reader(&clients, "10.0.0.5", header), "203.0.113.9");
        assert_eq!(reader(&clients, "198.51.100.7", header), "198.51.100.7");
        assert_eq!(reader(&clients, "10.0.0.5", None), "10.0.0.5");
        assert_eq!(
            reader(&clients, "::ffff:10.0.0.5", header),
            "203.0.113.9",
            "an IPv4 proxy seen through an IPv6 socket"
        );
    }

    #[test]
    fn the_reader_is_the_rightmost_address_no_trusted_proxy_wrote() {
        let clients = clients(Some("X-Forwarded-For"), &["10.0.0.0/24"]);
        // A reader who writes their own header gets it passed on, with the real address after it.
        let chain = Some(("x-forwarded-for", "1.2.3.4, 203.0.113.9, 10.0.0.7"));
        assert_eq!(reader(&clients, "10.0.0.5", chain), "203.0.113.9");
        let ports = Some(("x-forwarded-for", "[2001:db8::1]:4711"));
        assert_eq!(reader(&clients, "10.0.0.5", ports), "2001:db8::1");
        let garbage = Some(("x-forwarded-for", "203.0.113.9, unknown"));
        assert_eq!(reader(&clients, "10.0.0.5", garbage), "10.0.0.5");
    }

    #[test]
    fn one_address_for_every_request_is_noticed_only_while_it_is_the_only_one() {
        let clients = clients(None, &["127.0.0.0/8"]);
        reader(&clients, "127.0.0.1", None);
        clients.refused("127.0.0.1".parse().unwrap(), "h");
        assert!(clients.warned_one_address.load(Ordering::Relaxed));
        let clients = self::clients(None, &["127.0.0.0/8"]);
        reader(&clients, "127.0.0.1", None);
        reader(&clients, "192.0.2.1", None);
        clients.refused("127.0.0.1".parse().unwrap(), "h");
        assert!(!clients.warned_one_address.load(Ordering::Relaxed));
    }
}
