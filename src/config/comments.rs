//! `[comments]` in `site.toml`: the comment form, the intake service and moderation.

use std::path::PathBuf;

use serde::Deserialize;

use super::{Problem, at_least_one, is_site_path, is_web_address};
use crate::diagnostic::quoted;

/// Readers' comments, moderated before they are published.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CommentsConfig {
    /// The address of the intake service (`akhbar comments serve`), absolute or from the site's
    /// root: the form fetches `<endpoint>/challenge` and posts to `<endpoint>/comments`.
    /// Without it no form is shown.
    pub endpoint: Option<String>,
    /// Where comment files are kept, relative to the site's root.
    pub folder: PathBuf,
    /// Leading zero bits the security code's proof of work needs (16 ≈ 65,000 hashes).
    pub difficulty: u8,
    /// Minutes a security code stays valid.
    pub challenge_minutes: u32,
    /// Seconds a reader needs at least between taking the code and sending the form.
    pub min_fill_seconds: u32,
    /// Comments one address may send in an hour.
    pub posts_per_hour: u32,
    /// The file with the service's signing secret, created on first run (mode 0600), unless
    /// `AKHBAR_COMMENTS_SECRET` is set.
    pub secret_file: PathBuf,
    /// The header the site's web server puts the reader's address in (e.g. `X-Real-IP`); without
    /// it the connection's address is used. Read only from the peers in `trusted_proxies`.
    pub client_ip_header: Option<String>,
    /// The addresses and networks (`10.0.0.5`, `10.0.0.0/8`) of the reverse proxies whose
    /// `client_ip_header` is believed: loopback by default.
    pub trusted_proxies: Vec<ProxyNet>,
    /// Connections one address may hold open at once (proxies in `trusted_proxies` excepted).
    pub connections_per_address: u32,
    /// Words that mark a comment as likely spam in the moderation export.
    pub blocked_words: Vec<String>,
}

impl Default for CommentsConfig {
    fn default() -> Self {
        CommentsConfig {
            endpoint: None,
            folder: "content/comments".into(),
            difficulty: 16,
            challenge_minutes: 20,
            min_fill_seconds: 3,
            posts_per_hour: 10,
            secret_file: ".akhbar/comments-secret".into(),
            client_ip_header: None,
            trusted_proxies: vec![
                ProxyNet("127.0.0.0/8".parse().expect("a network")),
                ProxyNet("::1/128".parse().expect("a network")),
            ],
            connections_per_address: 16,
            blocked_words: Vec::new(),
        }
    }
}

/// One entry of `trusted_proxies`: a network, or one address written without a prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProxyNet(pub ipnet::IpNet);

impl ProxyNet {
    /// Whether `ip` is in the network; an IPv4 address seen as IPv6 (`::ffff:10.0.0.5`) counts
    /// as the IPv4 one.
    pub fn contains(&self, ip: std::net::IpAddr) -> bool {
        self.0.contains(&ip.to_canonical())
    }
}

impl<'de> Deserialize<'de> for ProxyNet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let text = text.trim();
        text.parse::<ipnet::IpNet>()
            .or_else(|_| text.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
            .map(ProxyNet)
            .map_err(|_| {
                serde::de::Error::custom(format!(
                    "'{text}' is not an address or a network: write one like 10.0.0.5 or 10.0.0.0/8"
                ))
            })
    }
}

/// The key of `[comments]` that is wrong, and why.
pub(super) fn comments_problem(comments: &CommentsConfig) -> Option<(&'static str, Problem)> {
    if let Some(endpoint) = &comments.endpoint
        && !is_web_address(endpoint)
        && !is_site_path(endpoint)
    {
        let problem = Problem::new(
            format!(
                "`endpoint` is '{endpoint}': write the intake's address, like https://news.example.org/api/comments or /api/comments"
            ),
            "نشانی دیدگاه‌ها نامعتبر",
            format!(
                "`endpoint` برابر {} است: نشانی سرویس دریافت دیدگاه را بنویسید، مانند https://news.example.org/api/comments یا /api/comments",
                quoted(endpoint)
            ),
        );
        return Some(("endpoint", problem));
    }
    if !(8..=28).contains(&comments.difficulty) {
        let problem = Problem::new(
            "`difficulty` must be 8 to 28 bits (16 takes a phone well under a second)",
            "مقدار نامعتبر برای `difficulty`",
            "`difficulty` باید از ۸ تا ۲۸ بیت باشد (۱۶ برای یک گوشی کمتر از یک ثانیه کار دارد)",
        );
        return Some(("difficulty", problem));
    }
    for (key, value) in [
        ("challenge_minutes", comments.challenge_minutes),
        ("posts_per_hour", comments.posts_per_hour),
        ("connections_per_address", comments.connections_per_address),
    ] {
        if value == 0 {
            return Some((key, at_least_one(key)));
        }
    }
    None
}
