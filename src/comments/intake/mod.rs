//! `akhbar comments serve`: the small service that receives readers' comments for a static
//! site. It sits behind the site's web server, issues security codes, checks each comment and
//! stores it as a pending file; it never publishes anything itself.
//!
//! Beside the service: the form's security code ([`challenge`]) and the secret it is signed
//! with ([`secret`]), how often one address may ask ([`rate_limit`]) and the checks of what a
//! reader sends ([`submission`]).

pub mod challenge;
mod clients;
mod connections;
mod directory;
mod post;
pub mod rate_limit;
pub mod secret;
pub mod submission;

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tower_http::cors::CorsLayer;
use tower_http::timeout::TimeoutLayer;

pub use directory::{NewsDirectory, Openness};

use challenge::Challenges;
use clients::Clients;
use rate_limit::RateLimiter;

use crate::comments::model::CommentStore;
use crate::config::Config;
use crate::fingerprint::hex;

/// The largest request the service reads.
pub const MAX_REQUEST_BYTES: usize = 16 * 1024;
/// How long one request may take by default, body included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client has by default to send a request's header (on a connection kept open,
/// from the end of the previous answer).
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Requests of any kind one address may make in an hour, per comment it may send.
const REQUESTS_PER_POST: u32 = 20;

/// Everything the handlers share.
pub struct Intake {
    pub config: Config,
    pub store: CommentStore,
    pub challenges: Challenges,
    pub news: RwLock<NewsDirectory>,
    secret: Vec<u8>,
    posts: RateLimiter,
    requests: RateLimiter,
    /// Who sent a request: the peer, or the reader a trusted proxy names.
    clients: Clients,
    /// How long one request may take, body included.
    request_timeout: Duration,
    /// How long a client has to send a request's header.
    header_timeout: Duration,
    /// Connections one address (not a trusted proxy) may hold open at once.
    connections_per_address: usize,
}

impl Intake {
    /// The service for the site of `config`, signing with `secret`. A batch of decisions
    /// that a crash interrupted is completed first, and the files interrupted writes left are
    /// removed (see [`crate::comments::model::journal::recover`]).
    pub fn new(config: Config, secret: Vec<u8>) -> Result<Self, crate::diagnostic::Diagnostics> {
        let store = CommentStore::of_site(&config);
        match crate::comments::model::journal::recover(&store) {
            Ok(recovered) => recovered.log(),
            Err(error) => eprintln!(
                "akhbar: warning: cannot tidy {} after an interrupted run: {error}",
                store.dir().display()
            ),
        }
        let settings = &config.site.comments;
        let challenges = Challenges::new(
            &secret,
            settings.difficulty,
            i64::from(settings.challenge_minutes) * 60,
            i64::from(settings.min_fill_seconds),
        );
        let hour = Duration::from_secs(3600);
        Ok(Intake {
            store,
            news: RwLock::new(NewsDirectory::read(&config)?),
            posts: RateLimiter::new(settings.posts_per_hour, hour),
            requests: RateLimiter::new(
                settings.posts_per_hour.saturating_mul(REQUESTS_PER_POST),
                hour,
            ),
            clients: Clients::new(settings),
            request_timeout: REQUEST_TIMEOUT,
            header_timeout: HEADER_TIMEOUT,
            connections_per_address: settings.connections_per_address as usize,
            challenges,
            secret,
            config,
        })
    }

    /// The same service with another time limit per request (tests use a short one).
    pub fn with_request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// The same service with another time limit for a request's header (tests use a short one).
    pub fn with_header_timeout(mut self, timeout: Duration) -> Self {
        self.header_timeout = timeout;
        self
    }

    /// The reader's address (see [`Clients::reader`]).
    fn client_ip(&self, headers: &HeaderMap, peer: SocketAddr) -> IpAddr {
        self.clients.reader(headers, peer, |ip| self.ip_hash(ip))
    }

    /// Lets `ip` make one more request of the kind `limiter` counts, `limit` an hour; a
    /// refusal is logged with the address's hash.
    fn within(&self, limiter: &RateLimiter, ip: IpAddr, what: &str) -> bool {
        if limiter.allow(ip, std::time::Instant::now()) {
            return true;
        }
        let hash = self.ip_hash(ip);
        eprintln!(
            "akhbar: refused {what} from address {hash}: more than {} an hour",
            limiter.limit()
        );
        self.clients.refused(ip, &hash);
        false
    }

    /// A salted hash of `ip`, the same for one address across restarts, useless without the
    /// service's secret.
    fn ip_hash(&self, ip: IpAddr) -> String {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes any key length");
        mac.update(b"akhbar ip:");
        mac.update(ip.to_string().as_bytes());
        hex(&mac.finalize().into_bytes()[..16])
    }
}

/// The service's routes with their limits: body size, time, CORS for the site's origins.
pub fn router(intake: Arc<Intake>, extra_origins: &[String]) -> Router {
    let mut origins = vec![origin_of(&intake.config.site.base_url)];
    origins.extend(extra_origins.iter().map(|o| origin_of(o)));
    let origins: Vec<HeaderValue> = origins.iter().filter_map(|o| o.parse().ok()).collect();
    let timeout = intake.request_timeout;
    let cors = CorsLayer::new()
        .allow_origin(origins)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE])
        .max_age(Duration::from_secs(3600));
    Router::new()
        .route("/challenge", get(challenge))
        .route("/comments", post(post::receive))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .layer(cors)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .with_state(intake)
}

/// Serves `intake` on `listener` until Ctrl-C (bind port 0 for a free port, and read it from
/// the listener first).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    intake: Arc<Intake>,
    extra_origins: &[String],
) -> std::io::Result<()> {
    let app = router(Arc::clone(&intake), extra_origins);
    connections::accept_loop(listener, intake, app).await
}

/// `scheme://host[:port]` of an address, as browsers send it in `Origin`.
fn origin_of(address: &str) -> String {
    let Some((scheme, rest)) = address.split_once("://") else {
        return address.to_string();
    };
    let host = rest.split('/').next().unwrap_or(rest);
    format!("{scheme}://{host}")
}

async fn challenge(
    State(intake): State<Arc<Intake>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let ip = intake.client_ip(&headers, peer);
    if !intake.within(&intake.requests, ip, "a request") {
        return post::too_many();
    }
    let code = intake.challenges.issue(jiff::Timestamp::now().as_second());
    ([(header::CACHE_CONTROL, "no-store")], Json(code)).into_response()
}

async fn not_found() -> Response {
    post::json_error(StatusCode::NOT_FOUND, "نشانی نادرست است.", Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_and_host() {
        assert_eq!(
            origin_of("https://news.example.org/"),
            "https://news.example.org"
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8080/x/y"),
            "http://127.0.0.1:8080"
        );
    }
}
