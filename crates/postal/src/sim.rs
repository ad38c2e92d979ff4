//! A carrier simulator: the carrier's order API as a real HTTP service, with
//! the carrier's side of the work (moving orders along, calling motcua's
//! tracking webhook, signed) that tests and the demo drive.
//!
//! Routes (JSON; every one requires `Authorization: Bearer {api_key}`, else 401):
//!
//! - `POST /v1/orders` ([`CreateOrder`], `Idempotency-Key` required): 201 with the
//!   new order; the same key and body again: 200 with the same order; the same
//!   key with another body: 409. Missing fields: 422.
//! - `GET /v1/orders`, `GET /v1/orders/{id}`.
//! - `POST /v1/orders/{id}/cancel` (`Idempotency-Key` required): from created or
//!   handed-over only (409 otherwise).
//! - `POST /v1/orders/{id}/advance` (optional [`Advance`] body): one step, then
//!   the webhook; answers [`Advanced`]. A final state, or a `to` that does not
//!   follow, is 409.
//!
//! Errors are `{"error": "..."}`. The simulator's clock is the real one
//! (`Timestamp::now`): it stands for the outside world, not for motcua.

use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine as _;
use jiff::Timestamp;
use rand::Rng;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::api::{Advance, Advanced, CreateOrder, Order, TrackingEvent, TrackingState};
use crate::client::IDEMPOTENCY_HEADER;
use crate::sign::{sign, SIGNATURE_HEADER, TIMESTAMP_HEADER};

/// How long the simulator waits for motcua's webhook to answer.
const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(10);

/// How long [`Simulator::shutdown`] lets requests in flight finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The longest idempotency key accepted.
const KEY_LIMIT: usize = 255;

#[derive(Clone)]
pub struct SimConfig {
    /// The key callers must send as `Authorization: Bearer {api_key}`.
    pub api_key: String,
    /// motcua's webhook URL
    pub webhook: Option<String>,
    /// HMAC key
    pub secret: Vec<u8>,
    /// demo mode: advance every order one step per tick
    pub auto_advance: Option<Duration>,
    /// the first delivery try fails, then it is delivered
    pub fail_first_attempt: bool,
    /// A fixed time for every event and webhook signature, for tests whose
    /// motcua runs on a fixed clock; `None`: the real time.
    pub now: Option<Timestamp>,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            api_key: "sim".to_string(),
            webhook: None,
            secret: Vec::new(),
            auto_advance: None,
            fail_first_attempt: false,
            now: None,
        }
    }
}

impl std::fmt::Debug for SimConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the API key nor the secret.
        f.debug_struct("SimConfig")
            .field("webhook", &self.webhook)
            .field("auto_advance", &self.auto_advance)
            .field("fail_first_attempt", &self.fail_first_attempt)
            .finish_non_exhaustive()
    }
}

/// A running simulator. [`Simulator::shutdown`] stops it; dropping it stops its
/// tasks too (without waiting for requests in flight).
pub struct Simulator {
    address: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
    ticker: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulator")
            .field("address", &self.address)
            .field("config", &self.shared.config)
            .finish_non_exhaustive()
    }
}

impl Simulator {
    /// Serves on an already-bound listener (tests bind 127.0.0.1:0); returns at once, the server runs in a tokio task.
    pub async fn start(listener: tokio::net::TcpListener, config: SimConfig) -> Simulator {
        let address = listener
            .local_addr()
            .expect("a bound TCP listener has a local address");
        let http = reqwest::Client::builder()
            .timeout(WEBHOOK_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("the webhook's HTTP client builds");
        let auto_advance = config.auto_advance;
        let shared = Arc::new(Shared {
            config,
            book: Mutex::new(Book::default()),
            turn: tokio::sync::Mutex::new(()),
            http,
        });
        let (stop, stopped) = oneshot::channel::<()>();
        let app = router(shared.clone());
        let server = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await;
            if let Err(e) = served {
                tracing::error!(error = %e, "carrier simulator: the server stopped");
            }
        });
        let ticker =
            auto_advance.map(|period| tokio::spawn(auto_advance_loop(shared.clone(), period)));
        Simulator {
            address,
            shared,
            stop: Some(stop),
            server: Some(server),
            ticker,
        }
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// "http://127.0.0.1:PORT" (a wildcard bind is reached on the loopback).
    pub fn base_url(&self) -> String {
        let ip = match self.address.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}", SocketAddr::new(ip, self.address.port()))
    }

    /// How many distinct orders were created (an idempotent retry does not count).
    pub fn orders_created(&self) -> usize {
        self.shared.book().entries.len()
    }

    /// Every order, in the order they were created.
    pub fn orders(&self) -> Vec<Order> {
        self.shared
            .book()
            .entries
            .iter()
            .map(|e| e.order.clone())
            .collect()
    }

    /// Stops the server task (requests in flight get a few seconds to finish)
    /// and the auto-advance.
    pub async fn shutdown(mut self) {
        if let Some(ticker) = self.ticker.take() {
            ticker.abort();
        }
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

impl Drop for Simulator {
    fn drop(&mut self) {
        if let Some(ticker) = self.ticker.take() {
            ticker.abort();
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

/// For `motcua carrier-sim`: bind, start, run until ctrl-c.
pub async fn run(listen: SocketAddr, config: SimConfig) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let sim = Simulator::start(listener, config).await;
    tracing::info!(address = %sim.base_url(), "carrier simulator listening");
    let interrupted = tokio::signal::ctrl_c().await;
    sim.shutdown().await;
    interrupted
}

impl Shared {
    fn now(&self) -> Timestamp {
        self.config.now.unwrap_or_else(Timestamp::now)
    }
}

struct Shared {
    config: SimConfig,
    book: Mutex<Book>,
    /// One advance or cancel at a time, its webhook call included, so that an
    /// order's events reach the webhook in the order of their seq.
    turn: tokio::sync::Mutex<()>,
    http: reqwest::Client,
}

/// The carrier's books: the orders, and the idempotency keys already answered.
#[derive(Default)]
struct Book {
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    create_keys: HashMap<String, (CreateOrder, usize)>,
    cancel_keys: HashMap<String, usize>,
    tracking_codes: HashSet<String>,
}

struct Entry {
    order: Order,
    failed_attempts: u32,
}

impl Shared {
    fn book(&self) -> MutexGuard<'_, Book> {
        self.book.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Moves an order one step (to `to`, or the next along the path) and
    /// records the event.
    fn step(&self, order_id: &str, to: Option<TrackingState>) -> Result<TrackingEvent, SimError> {
        let mut book = self.book();
        let idx = book.index(order_id)?;
        let entry = &mut book.entries[idx];
        let from = entry.order.state;
        let to = match to {
            Some(to) if from.carrier_next().contains(&to) => to,
            Some(to) => {
                return Err(SimError::conflict(format!(
                    "order {order_id} is {from}: it cannot go to {to}"
                )))
            }
            None => {
                let fail_now = self.config.fail_first_attempt && entry.failed_attempts == 0;
                next_along_path(from, fail_now).ok_or_else(|| {
                    SimError::conflict(format!("order {order_id} is {from}: nothing follows"))
                })?
            }
        };
        let note = note(to, entry.failed_attempts);
        if to == TrackingState::FailedAttempt {
            entry.failed_attempts += 1;
        }
        let (receiver_name, proof) = if to == TrackingState::Delivered {
            let png = crate::proof::signature_png(&mut rand::rng());
            (
                Some(entry.order.receiver.name.clone()),
                Some(base64::engine::general_purpose::STANDARD.encode(png)),
            )
        } else {
            (None, None)
        };
        let event = entry.record(self.now(), to, note, receiver_name, proof);
        tracing::info!(
            order_id,
            seq = event.seq,
            state = %event.state,
            "carrier simulator: order advanced"
        );
        Ok(event)
    }

    /// Posts the event to motcua's webhook, signed; the status it answered, or
    /// `None` (no webhook, or it could not be reached). One try.
    async fn deliver(&self, event: &TrackingEvent) -> Option<u16> {
        let url = self.config.webhook.as_deref()?;
        let body = serde_json::to_vec(event).expect("an event serializes");
        let timestamp = self.now().as_second();
        let signature = sign(&self.config.secret, timestamp, &body);
        let sent = self
            .http
            .post(url)
            .header(header::CONTENT_TYPE, "application/json")
            .header(TIMESTAMP_HEADER, timestamp.to_string())
            .header(SIGNATURE_HEADER, signature)
            .body(body)
            .send()
            .await;
        match sent {
            Ok(answer) => {
                let status = answer.status();
                if status.is_success() {
                    tracing::debug!(event_id = %event.event_id, %status, "carrier simulator: webhook called");
                } else {
                    tracing::warn!(event_id = %event.event_id, %status, url, "carrier simulator: the webhook refused the event");
                }
                Some(status.as_u16())
            }
            Err(e) => {
                tracing::warn!(event_id = %event.event_id, url, error = %e, "carrier simulator: the webhook could not be reached");
                None
            }
        }
    }
}

impl Book {
    fn index(&self, order_id: &str) -> Result<usize, SimError> {
        self.by_id
            .get(order_id)
            .copied()
            .ok_or_else(|| SimError::new(StatusCode::NOT_FOUND, format!("no order {order_id}")))
    }

    /// A fresh S10 tracking code: "EB", 8 digits, their check digit, "VN".
    fn new_tracking_code(&self) -> String {
        let mut rng = rand::rng();
        loop {
            let serial: u32 = rng.random_range(0..100_000_000);
            let code = format!("EB{serial:08}{}VN", s10_check_digit(serial));
            if !self.tracking_codes.contains(&code) {
                return code;
            }
        }
    }
}

impl Entry {
    fn record(
        &mut self,
        at: Timestamp,
        state: TrackingState,
        note: String,
        receiver_name: Option<String>,
        proof_png_base64: Option<String>,
    ) -> TrackingEvent {
        let seq = u32::try_from(self.order.history.len() + 1).expect("fewer than 4 billion events");
        let event = TrackingEvent {
            event_id: event_id(&self.order.order_id, seq),
            order_id: self.order.order_id.clone(),
            order_number: self.order.order_number.clone(),
            tracking_code: self.order.tracking_code.clone(),
            seq,
            state,
            at,
            note,
            receiver_name,
            proof_png_base64,
        };
        self.order.state = state;
        self.order.history.push(event.clone());
        event
    }
}

fn event_id(order_id: &str, seq: u32) -> String {
    format!("evt-{order_id}-{seq}")
}

use motcua_domain::dossier::postal::s10_check_digit;

/// The next state when nobody says which: created → handed-over → in-transit →
/// delivered, or a failed attempt first (then in-transit again).
fn next_along_path(from: TrackingState, fail_now: bool) -> Option<TrackingState> {
    use TrackingState::*;
    match from {
        Created => Some(HandedOver),
        HandedOver => Some(InTransit),
        InTransit if fail_now => Some(FailedAttempt),
        InTransit => Some(Delivered),
        FailedAttempt => Some(InTransit),
        Delivered | Returned | Cancelled => None,
    }
}

/// What the postman writes, given how many attempts failed before.
fn note(state: TrackingState, failed_before: u32) -> String {
    match state {
        TrackingState::Created => "Bưu điện đã nhận thông tin đơn hàng".to_string(),
        TrackingState::HandedOver => "Trung tâm đã bàn giao bưu gửi cho bưu tá".to_string(),
        TrackingState::InTransit if failed_before == 0 => "Bưu tá đang giao hàng".to_string(),
        TrackingState::InTransit => format!("Bưu tá giao lại lần {}", failed_before + 1),
        TrackingState::FailedAttempt => "Người nhận vắng nhà, bưu tá sẽ giao lại".to_string(),
        TrackingState::Delivered => "Đã giao thành công".to_string(),
        TrackingState::Returned => "Đã chuyển hoàn bưu gửi về trung tâm".to_string(),
        TrackingState::Cancelled => "Đơn hàng đã hủy theo yêu cầu của trung tâm".to_string(),
    }
}

/// An error answer, `{"error": "..."}`.
#[derive(Debug)]
struct SimError {
    status: StatusCode,
    message: String,
}

impl SimError {
    fn new(status: StatusCode, message: impl Into<String>) -> SimError {
        SimError {
            status,
            message: message.into(),
        }
    }

    fn conflict(message: impl Into<String>) -> SimError {
        SimError::new(StatusCode::CONFLICT, message)
    }
}

impl IntoResponse for SimError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(serde_json::json!({ "error": self.message })),
        )
            .into_response()
    }
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/orders", post(create).get(list))
        .route("/v1/orders/{id}", get(read))
        .route("/v1/orders/{id}/cancel", post(cancel))
        .route("/v1/orders/{id}/advance", post(advance))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(shared.clone(), authorize))
        .with_state(shared)
}

async fn authorize(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match given {
        Some(key) if same_secret(key.trim().as_bytes(), shared.config.api_key.as_bytes()) => {
            next.run(request).await
        }
        _ => {
            let mut refused = SimError::new(
                StatusCode::UNAUTHORIZED,
                "a valid API key is required (Authorization: Bearer …)",
            )
            .into_response();
            refused
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            refused
        }
    }
}

/// Compares without stopping at the first difference.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn not_found() -> SimError {
    SimError::new(StatusCode::NOT_FOUND, "no such route")
}

fn idempotency_key(headers: &HeaderMap) -> Result<String, SimError> {
    headers
        .get(IDEMPOTENCY_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= KEY_LIMIT)
        .map(str::to_string)
        .ok_or_else(|| {
            SimError::new(
                StatusCode::BAD_REQUEST,
                format!("the Idempotency-Key header is required (1 to {KEY_LIMIT} characters)"),
            )
        })
}

/// A JSON body: 400 when it is not JSON, 422 when it is but not of the right shape.
fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, SimError> {
    serde_json::from_slice(body).map_err(|e| {
        let status = if e.is_data() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::BAD_REQUEST
        };
        SimError::new(status, format!("the body: {e}"))
    })
}

fn validate(order: &CreateOrder) -> Result<(), SimError> {
    let required = [
        ("order_number", &order.order_number),
        ("receiver.name", &order.receiver.name),
        ("receiver.address", &order.receiver.address),
        ("receiver.phone", &order.receiver.phone),
    ];
    let unprocessable = |m: String| SimError::new(StatusCode::UNPROCESSABLE_ENTITY, m);
    if let Some((field, _)) = required.iter().find(|(_, v)| v.trim().is_empty()) {
        return Err(unprocessable(format!("{field} is required")));
    }
    if order.postage < 0 || order.cod < 0 {
        return Err(unprocessable(
            "postage and cod cannot be negative".to_string(),
        ));
    }
    if matches!(&order.tracking_code, Some(c) if c.trim().is_empty()) {
        return Err(unprocessable(
            "tracking_code is empty (leave it out to have one issued)".to_string(),
        ));
    }
    Ok(())
}

async fn create(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, SimError> {
    let key = idempotency_key(&headers)?;
    let request: CreateOrder = parse_json(&body)?;
    validate(&request)?;
    let mut book = shared.book();
    if let Some((first, idx)) = book.create_keys.get(&key) {
        return if *first == request {
            Ok((StatusCode::OK, Json(book.entries[*idx].order.clone())).into_response())
        } else {
            Err(SimError::conflict(
                "this Idempotency-Key was used for another order",
            ))
        };
    }
    let tracking_code = match &request.tracking_code {
        Some(code) => {
            let code = code.trim().to_string();
            if book.tracking_codes.contains(&code) {
                return Err(SimError::conflict(format!(
                    "the tracking code {code} belongs to another order"
                )));
            }
            code
        }
        None => book.new_tracking_code(),
    };
    let idx = book.entries.len();
    let order_id = format!("ord-{:06}", idx + 1);
    let mut entry = Entry {
        order: Order {
            order_id: order_id.clone(),
            order_number: request.order_number.trim().to_string(),
            tracking_code: tracking_code.clone(),
            state: TrackingState::Created,
            receiver: request.receiver.clone(),
            postage: request.postage,
            cod: request.cod,
            created_at: shared.now(),
            history: Vec::new(),
        },
        failed_attempts: 0,
    };
    entry.record(
        shared.now(),
        TrackingState::Created,
        note(TrackingState::Created, 0),
        None,
        None,
    );
    entry.order.created_at = entry.order.history[0].at;
    let order = entry.order.clone();
    book.entries.push(entry);
    book.by_id.insert(order_id.clone(), idx);
    book.tracking_codes.insert(tracking_code.clone());
    book.create_keys.insert(key, (request, idx));
    tracing::info!(order_id, order_number = %order.order_number, tracking_code, "carrier simulator: order created");
    Ok((StatusCode::CREATED, Json(order)).into_response())
}

async fn list(State(shared): State<Arc<Shared>>) -> Json<Vec<Order>> {
    Json(
        shared
            .book()
            .entries
            .iter()
            .map(|e| e.order.clone())
            .collect(),
    )
}

async fn read(
    State(shared): State<Arc<Shared>>,
    Path(order_id): Path<String>,
) -> Result<Json<Order>, SimError> {
    let book = shared.book();
    let idx = book.index(&order_id)?;
    Ok(Json(book.entries[idx].order.clone()))
}

/// Cancels; the webhook hears of it from a task of its own (the center that
/// cancelled does not wait on its own webhook).
async fn cancel(
    State(shared): State<Arc<Shared>>,
    Path(order_id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Order>, SimError> {
    let key = idempotency_key(&headers)?;
    // Events before this one were delivered under the turn; none follows a cancel.
    let _turn = shared.turn.lock().await;
    let (order, event) = {
        let mut book = shared.book();
        if let Some(&idx) = book.cancel_keys.get(&key) {
            let first = &book.entries[idx].order;
            return if first.order_id == order_id {
                Ok(Json(first.clone()))
            } else {
                Err(SimError::conflict(
                    "this Idempotency-Key was used to cancel another order",
                ))
            };
        }
        let idx = book.index(&order_id)?;
        let entry = &mut book.entries[idx];
        let state = entry.order.state;
        if !state.cancellable() {
            return Err(SimError::conflict(format!(
                "order {order_id} is {state}: it can no longer be cancelled"
            )));
        }
        let event = entry.record(
            shared.now(),
            TrackingState::Cancelled,
            note(TrackingState::Cancelled, 0),
            None,
            None,
        );
        let order = entry.order.clone();
        book.cancel_keys.insert(key, idx);
        (order, event)
    };
    tracing::info!(order_id, "carrier simulator: order cancelled");
    let notifier = shared.clone();
    tokio::spawn(async move {
        notifier.deliver(&event).await;
    });
    Ok(Json(order))
}

async fn advance(
    State(shared): State<Arc<Shared>>,
    Path(order_id): Path<String>,
    body: Bytes,
) -> Result<Json<Advanced>, SimError> {
    let request: Advance = if body.iter().all(u8::is_ascii_whitespace) {
        Advance::default()
    } else {
        parse_json(&body)?
    };
    let _turn = shared.turn.lock().await;
    let event = shared.step(&order_id, request.to)?;
    let webhook_status = shared.deliver(&event).await;
    Ok(Json(Advanced {
        event,
        webhook_status,
    }))
}

/// Demo mode: every tick, every order not in a final state moves one step.
async fn auto_advance_loop(shared: Arc<Shared>, period: Duration) {
    let mut ticks = tokio::time::interval(period.max(Duration::from_millis(1)));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ticks.tick().await; // the first tick is at once: orders get one period first
    loop {
        ticks.tick().await;
        let _turn = shared.turn.lock().await;
        let moving: Vec<String> = shared
            .book()
            .entries
            .iter()
            .filter(|e| !e.order.state.is_final())
            .map(|e| e.order.order_id.clone())
            .collect();
        for order_id in moving {
            match shared.step(&order_id, None) {
                Ok(event) => {
                    shared.deliver(&event).await;
                }
                Err(e) => {
                    tracing::warn!(order_id, error = %e.message, "carrier simulator: auto-advance")
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s10_check_digits() {
        // The standard's worked example: 47312482 gives 9.
        assert_eq!(s10_check_digit(47_312_482), 9);
        // 11 - S mod 11 = 11 becomes 5; = 10 becomes 0.
        assert_eq!(s10_check_digit(0), 5);
        assert_eq!(s10_check_digit(8), 0);
        let book = Book::default();
        let code = book.new_tracking_code();
        assert_eq!(code.len(), 13);
        assert!(code.starts_with("EB") && code.ends_with("VN"), "{code}");
        let serial: u32 = code[2..10].parse().unwrap();
        assert_eq!(code[10..11], s10_check_digit(serial).to_string());
    }

    #[test]
    fn the_path() {
        use TrackingState::*;
        let walk = |fail_first: bool| {
            let mut s = Created;
            let mut failed = 0;
            let mut seen = vec![];
            while let Some(n) = next_along_path(s, fail_first && failed == 0) {
                if n == FailedAttempt {
                    failed += 1;
                }
                assert!(s.carrier_next().contains(&n), "{s} → {n}");
                seen.push(n);
                s = n;
            }
            seen
        };
        assert_eq!(walk(false), [HandedOver, InTransit, Delivered]);
        assert_eq!(
            walk(true),
            [HandedOver, InTransit, FailedAttempt, InTransit, Delivered]
        );
    }

    #[test]
    fn secrets_compare() {
        assert!(same_secret(b"sim", b"sim"));
        assert!(!same_secret(b"sim", b"sin"));
        assert!(!same_secret(b"sim", b"sim2"));
        assert!(!same_secret(b"", b"sim"));
    }
}
