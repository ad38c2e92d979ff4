//! The HTTP/1.1 server in front of the router. `axum::serve` has no timeouts:
//! a client that opens a connection and never finishes its headers (or its
//! body) holds it, and a few hundred such clients hold the server. Here every
//! connection must send its headers within [`Limits::header_read`], every
//! request body must arrive within [`Limits::body_read`], and at most
//! [`Limits::max_connections`] connections are served at once; the others wait
//! in the listen backlog instead of costing memory and file descriptors.
//!
//! HTTP/2 is left out on purpose: motcua sits behind a reverse proxy or serves
//! a few hundred clients directly, and hyper's automatic protocol detection
//! waits for the first bytes without any timeout.

use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;
use tower_http::timeout::RequestBodyTimeoutLayer;

/// How long the server waits for slow clients, and for how many at once.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Time to send a request's line and headers, from the moment the server
    /// is ready to read them (also closes idle keep-alive connections).
    pub header_read: Duration,
    /// Time to send a request's whole body.
    pub body_read: Duration,
    /// Connections served at once.
    pub max_connections: usize,
    /// After the shutdown signal, how long requests in flight may take to finish.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read: Duration::from_secs(10),
            body_read: Duration::from_secs(30),
            max_connections: 1024,
            shutdown_grace: Duration::from_secs(20),
        }
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then stops
/// accepting and lets the requests in flight finish (within
/// [`Limits::shutdown_grace`]). Handlers can extract `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send,
) -> io::Result<()> {
    let app = router.layer(RequestBodyTimeoutLayer::new(limits.body_read));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read)
        .keep_alive(true);
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) if is_connection_error(&e) => continue,
                Err(e) => {
                    // Out of file descriptors, typically: give the connections
                    // in flight a moment to finish instead of spinning.
                    tracing::error!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(req)
        });
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(%peer, error = %e, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.shutdown_grace) => {
            tracing::warn!("requests still running at the end of the shutdown grace period were cut");
        }
    }
    Ok(())
}

/// Errors of one connection, not of the listener: the next accept may succeed.
fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::{get, post};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    /// A bound that only a broken server reaches; the tests wait on sockets, not clocks.
    const PATIENCE: Duration = Duration::from_secs(10);

    async fn start(limits: Limits) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router = Router::new()
            .route("/", get(|| async { "ok" }))
            .route("/echo", post(|body: String| async move { body }));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            serve(listener, router, limits, async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
        (addr, stop)
    }

    /// Everything the server sends until it closes the connection.
    async fn until_closed(stream: &mut TcpStream) -> String {
        let mut out = Vec::new();
        tokio::time::timeout(PATIENCE, stream.read_to_end(&mut out))
            .await
            .expect("the server closes the connection in time")
            .ok();
        String::from_utf8_lossy(&out).into_owned()
    }

    async fn get_root(addr: std::net::SocketAddr) -> String {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        until_closed(&mut s).await
    }

    fn short() -> Limits {
        Limits {
            header_read: Duration::from_millis(300),
            body_read: Duration::from_millis(300),
            max_connections: 8,
            shutdown_grace: Duration::from_secs(1),
        }
    }

    #[tokio::test]
    async fn a_client_that_never_finishes_its_headers_is_cut_off() {
        let (addr, _stop) = start(short()).await;
        let mut slow = TcpStream::connect(addr).await.unwrap();
        slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await
            .unwrap();
        let mut silent = TcpStream::connect(addr).await.unwrap();
        // Meanwhile a well-behaved client is served.
        assert!(get_root(addr).await.ends_with("\r\n\r\nok"));
        let answered = until_closed(&mut slow).await;
        assert!(!answered.contains("200 OK"), "{answered}");
        until_closed(&mut silent).await;
        assert!(get_root(addr).await.ends_with("\r\n\r\nok"));
    }

    #[tokio::test]
    async fn a_body_that_never_arrives_is_cut_off() {
        let (addr, _stop) = start(short()).await;
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
            .await
            .unwrap();
        let answered = until_closed(&mut s).await;
        assert!(!answered.contains("200 OK"), "{answered}");
    }

    #[tokio::test]
    async fn more_clients_than_slots_wait_their_turn() {
        let (addr, _stop) = start(Limits {
            max_connections: 1,
            ..short()
        })
        .await;
        // The one slot is held by a slow client until its header timeout.
        let mut slow = TcpStream::connect(addr).await.unwrap();
        slow.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
        assert!(get_root(addr).await.ends_with("\r\n\r\nok"));
        until_closed(&mut slow).await;
    }

    #[tokio::test]
    async fn shutdown_stops_accepting() {
        let (addr, stop) = start(short()).await;
        assert!(get_root(addr).await.ends_with("\r\n\r\nok"));
        stop.send(()).unwrap();
        let refused = tokio::time::timeout(PATIENCE, async {
            loop {
                match TcpStream::connect(addr).await {
                    Err(_) => break,
                    Ok(mut s) => {
                        // Accepted by the kernel before the listener closed.
                        until_closed(&mut s).await;
                        tokio::task::yield_now().await;
                    }
                }
            }
        })
        .await;
        assert!(refused.is_ok(), "the listener closes");
    }
}
