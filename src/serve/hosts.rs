//! The host names the preview answers to, so that a page on another site cannot read it (drafts
//! included) by DNS rebinding: pointing its own name at this machine and fetching the preview
//! as if it were its own. Such a request still carries that other name in `Host`, and is refused.
//!
//! Answered: `localhost`, the loopback addresses, the address the preview is bound to, and the
//! names given with `--allow-host`. Bound to every address (`--bind 0.0.0.0`, to look at the
//! preview on a phone), any address of the machine is answered: an IP address in `Host` is never
//! a rebound name.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Who the preview answers.
#[derive(Debug, Clone)]
pub struct HostNames {
    address: SocketAddr,
    /// Names given with `--allow-host`, in lower case.
    allowed: Vec<String>,
}

impl HostNames {
    /// The names of a preview bound to `address`, and the `allowed` names besides.
    pub fn new(address: SocketAddr, allowed: &[String]) -> Self {
        HostNames {
            address,
            allowed: allowed.iter().map(|name| normal(name)).collect(),
        }
    }

    /// Whether a request whose `Host` is `host` (`name`, `name:port`, `[v6]:port`) is for the
    /// preview.
    pub fn allows(&self, host: &str) -> bool {
        let name = normal(without_port(host));
        if name == "localhost" || self.allowed.contains(&name) {
            return true;
        }
        let Ok(ip) = name.trim_matches(['[', ']']).parse::<IpAddr>() else {
            return false;
        };
        ip.is_loopback() || self.address.ip().is_unspecified() || ip == self.address.ip()
    }
}

/// `host` without its `:port`.
fn without_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host.split_inclusive(']').next().unwrap_or(host);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

/// A name as DNS compares it: lower case, without the root's final dot.
fn normal(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// Passes on a request for one of the preview's names; answers any other with 421.
pub async fn only_own_names(
    State(hosts): State<HostNames>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .or_else(|| {
            request
                .uri()
                .authority()
                .map(|authority| authority.as_str())
        })
        .unwrap_or_default()
        .to_string();
    if hosts.allows(&host) {
        return next.run(request).await;
    }
    let own = format!("http://{}/", hosts.address);
    let text = format!(
        "akhbar serve answers only at its own address ({own}, or localhost), not at '{host}'. \
         To open the preview by another name, start it with --allow-host NAME.\n\
         پیش‌نمایش akhbar تنها به نشانی خودش ({own} یا localhost) پاسخ می‌دهد، نه به «{host}». \
         برای باز کردن آن با نامی دیگر، آن را با --allow-host NAME به راه بیندازید.\n"
    );
    (
        StatusCode::MISDIRECTED_REQUEST,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_its_own_names_only() {
        let hosts = HostNames::new("127.0.0.1:1111".parse().unwrap(), &["Preview.Lan".into()]);
        for host in [
            "127.0.0.1:1111",
            "localhost",
            "LOCALHOST:1111",
            "localhost.",
            "[::1]:1111",
            "preview.lan:1111",
        ] {
            assert!(hosts.allows(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.evil.example:1111",
            "192.168.1.5:1111",
            "",
        ] {
            assert!(!hosts.allows(host), "{host}");
        }
    }

    #[test]
    fn bound_to_every_address_it_answers_any_address_but_no_other_name() {
        let hosts = HostNames::new("0.0.0.0:1111".parse().unwrap(), &[]);
        assert!(hosts.allows("192.168.1.5:1111"));
        assert!(hosts.allows("[fe80::1]:1111"));
        assert!(!hosts.allows("evil.example:1111"));
        let hosts = HostNames::new("192.168.1.5:1111".parse().unwrap(), &[]);
        assert!(hosts.allows("192.168.1.5"));
        assert!(!hosts.allows("192.168.1.6"));
    }
}
