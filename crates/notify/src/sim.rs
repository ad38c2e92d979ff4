//! An SMS gateway simulator: the gateway [`SmsGateway`](crate::SmsGateway) speaks
//! to, as a real HTTP service (tests and the demo send to it over loopback).
//!
//! One route, `POST /v1/sms`, with the JSON `{"to": "...", "text": "...", "key": "..."}`:
//!
//! - 401 without `Authorization: Bearer {api_key}`;
//! - 422 for an empty `to` or `text`, a `to` that is not 9 to 12 digits, or no
//!   idempotency key (the `Idempotency-Key` header, or `key`; both must agree);
//! - 201 for a new message, 200 for a key already received (not recorded again).
//!
//! Answers are `{"id": "sms-N", "key": "..."}`, errors `{"error": "..."}`.
//! [`SmsSim::fail_next`] makes the next requests fail with 503, as a gateway
//! that is down would.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::sms::{Sms, IDEMPOTENCY_HEADER};

/// The route's path.
pub const SMS_PATH: &str = "/v1/sms";

/// How long [`SmsSim::shutdown`] lets requests in flight finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The longest idempotency key accepted.
const KEY_LIMIT: usize = 255;

/// A running simulator. [`SmsSim::shutdown`] stops it; dropping it stops the
/// server too (without waiting for requests in flight).
pub struct SmsSim {
    address: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for SmsSim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the API key.
        f.debug_struct("SmsSim")
            .field("address", &self.address)
            .finish_non_exhaustive()
    }
}

struct Shared {
    api_key: String,
    book: Mutex<Book>,
}

#[derive(Default)]
struct Book {
    received: Vec<Sms>,
    by_key: HashMap<String, usize>,
    fail_next: usize,
}

impl Shared {
    fn book(&self) -> MutexGuard<'_, Book> {
        self.book.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl SmsSim {
    /// Serves on an already-bound listener (tests bind 127.0.0.1:0); returns at
    /// once, the server runs in a tokio task.
    pub async fn start(listener: tokio::net::TcpListener, api_key: &str) -> SmsSim {
        let address = listener
            .local_addr()
            .expect("a bound TCP listener has a local address");
        let shared = Arc::new(Shared {
            api_key: api_key.to_string(),
            book: Mutex::new(Book::default()),
        });
        let app = Router::new()
            .route(SMS_PATH, post(receive))
            .with_state(shared.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await;
            if let Err(e) = served {
                tracing::error!(error = %e, "SMS simulator: the server stopped");
            }
        });
        SmsSim {
            address,
            shared,
            stop: Some(stop),
            server: Some(server),
        }
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// "http://127.0.0.1:PORT/v1/sms" (a wildcard bind is reached on the loopback).
    pub fn url(&self) -> String {
        let ip = match self.address.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        format!(
            "http://{}{SMS_PATH}",
            SocketAddr::new(ip, self.address.port())
        )
    }

    /// The messages received, one per idempotency key, in the order they came.
    pub fn received(&self) -> Vec<Sms> {
        self.shared.book().received.clone()
    }

    /// The next `n` requests (whatever they are) get 503.
    pub fn fail_next(&self, n: usize) {
        self.shared.book().fail_next = n;
    }

    /// Stops the server (requests in flight get a few seconds to finish).
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut server) = self.server.take() {
            if tokio::time::timeout(SHUTDOWN_GRACE, &mut server)
                .await
                .is_err()
            {
                server.abort();
            }
        }
    }
}

impl Drop for SmsSim {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

/// The body as sent; what is missing is told apart from what is wrong below.
#[derive(Deserialize)]
struct SmsIn {
    #[serde(default)]
    to: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    key: Option<String>,
}

async fn receive(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    {
        let mut book = shared.book();
        if book.fail_next > 0 {
            book.fail_next -= 1;
            return error(
                StatusCode::SERVICE_UNAVAILABLE,
                "the gateway is down (simulated)",
            );
        }
    }
    let expected = format!("Bearer {}", shared.api_key);
    let authorized = headers
        .get(header::AUTHORIZATION)
        .is_some_and(|v| v.as_bytes() == expected.as_bytes());
    if !authorized {
        let mut answer = error(
            StatusCode::UNAUTHORIZED,
            "a valid bearer API key is required",
        );
        answer
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return answer;
    }
    let input: SmsIn = match serde_json::from_slice(&body) {
        Ok(input) => input,
        Err(e) => return error(StatusCode::UNPROCESSABLE_ENTITY, &format!("the body: {e}")),
    };
    let header_key = match headers.get(IDEMPOTENCY_HEADER).map(HeaderValue::to_str) {
        None => None,
        Some(Ok(key)) => Some(key.to_string()),
        Some(Err(_)) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "the Idempotency-Key is not text",
            )
        }
    };
    let key = match (header_key, input.key) {
        (Some(h), Some(b)) if h != b => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "the Idempotency-Key and the body's key differ",
            )
        }
        (Some(key), _) | (None, Some(key)) => key,
        (None, None) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "an Idempotency-Key is required",
            )
        }
    };
    if key.trim().is_empty() || key.len() > KEY_LIMIT {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("the idempotency key must have 1 to {KEY_LIMIT} characters"),
        );
    }
    if input.to.is_empty() || input.text.trim().is_empty() {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "`to` and `text` are required",
        );
    }
    if !(9..=12).contains(&input.to.len()) || !input.to.bytes().all(|b| b.is_ascii_digit()) {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "`to` must be a phone number of 9 to 12 digits",
        );
    }

    let mut book = shared.book();
    if let Some(&n) = book.by_key.get(&key) {
        tracing::debug!(key, "SMS simulator: a message sent again");
        return (
            StatusCode::OK,
            Json(json!({"id": format!("sms-{}", n + 1), "key": key})),
        )
            .into_response();
    }
    let n = book.received.len();
    book.by_key.insert(key.clone(), n);
    book.received.push(Sms {
        to: input.to,
        text: input.text,
        key: key.clone(),
    });
    tracing::info!(key, "SMS simulator: a message received");
    (
        StatusCode::CREATED,
        Json(json!({"id": format!("sms-{}", n + 1), "key": key})),
    )
        .into_response()
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}
