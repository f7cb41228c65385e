//! The service's accept loop, with what keeps one client from holding it: a time limit on
//! each request's header (a header that never ends closes its connection), and a bound on the
//! connections one address holds open at once (the next one is closed at once).

use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use super::Intake;

/// Addresses whose refused connections were logged, before the list is started again.
const LOGGED_LIMIT: usize = 10_000;

/// The connections each address holds open.
struct OpenConnections {
    limit: usize,
    open: Mutex<HashMap<IpAddr, usize>>,
    /// Addresses already named in the log as over the limit.
    logged: Mutex<HashSet<IpAddr>>,
}

/// One open connection of `ip`, counted until it is dropped.
struct Slot {
    owner: Arc<OpenConnections>,
    ip: IpAddr,
}

impl OpenConnections {
    /// A slot for a new connection of `ip`, unless it holds `limit` already.
    fn take(self: &Arc<Self>, ip: IpAddr) -> Option<Slot> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let count = open.entry(ip).or_insert(0);
        if *count >= self.limit {
            return None;
        }
        *count += 1;
        Some(Slot {
            owner: Arc::clone(self),
            ip,
        })
    }

    /// Whether the refusal of `ip` is the first since the log last named it.
    fn first_refusal(&self, ip: IpAddr) -> bool {
        let mut logged = self.logged.lock().unwrap_or_else(|e| e.into_inner());
        if logged.len() >= LOGGED_LIMIT {
            logged.clear();
        }
        logged.insert(ip)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = (self.owner.open.lock()).unwrap_or_else(|e| e.into_inner());
        if let Some(count) = open.get_mut(&self.ip) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

/// Serves `app` on `listener` until Ctrl-C, then lets the open requests finish (for at most
/// the time one request may take).
pub(super) async fn accept_loop(
    listener: TcpListener,
    intake: Arc<Intake>,
    app: Router,
) -> std::io::Result<()> {
    let connections = Arc::new(OpenConnections {
        limit: intake.connections_per_address,
        open: Mutex::new(HashMap::new()),
        logged: Mutex::new(HashSet::new()),
    });
    let graceful = GracefulShutdown::new();
    let mut stop = std::pin::pin!(tokio::signal::ctrl_c());
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = &mut stop => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of file descriptors, or a connection reset before it was taken: wait a
                // little rather than spin; the header limit frees descriptors.
                eprintln!("akhbar: cannot accept a connection: {error}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let ip = peer.ip().to_canonical();
        let slot = if intake.clients.is_trusted(ip) {
            None
        } else {
            match connections.take(ip) {
                Some(slot) => Some(slot),
                None => {
                    if connections.first_refusal(ip) {
                        eprintln!(
                            "akhbar: warning: address {} holds {} connections already (connections_per_address): further ones are closed",
                            intake.ip_hash(ip),
                            connections.limit
                        );
                    }
                    continue;
                }
            }
        };
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(intake.header_timeout)
            .serve_connection(TokioIo::new(stream), service(app.clone(), peer));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _slot = slot;
            // A client that goes away or is too slow ends its connection; nothing to report.
            let _ = connection.await;
        });
    }
    drop(listener);
    let grace = intake.request_timeout;
    let _ = tokio::time::timeout(grace, graceful.shutdown()).await;
    Ok(())
}

/// `app` for one connection from `peer`, which handlers read as `ConnectInfo`.
fn service(
    app: Router,
    peer: SocketAddr,
) -> TowerToHyperService<
    tower::util::MapRequest<
        Router,
        impl Fn(hyper::Request<Incoming>) -> axum::extract::Request + Clone,
    >,
> {
    let with_peer = move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        request.map(Body::new)
    };
    TowerToHyperService::new(tower::ServiceExt::map_request(app, with_peer))
}
