//! The HTTP client motcua talks to the carrier with.
//!
//! Every call names the API key; the calls that change something carry an
//! idempotency key, so a call sent again after a lost answer (a timeout, a
//! dropped connection) finds the order the first one made instead of a second
//! one. [`CarrierError::retryable`] tells which failures are worth sending again.

use std::time::Duration;

use reqwest::header::{HeaderValue, AUTHORIZATION};
use reqwest::{RequestBuilder, Url};
use serde::de::DeserializeOwned;

use crate::api::{Advance, Advanced, CreateOrder, Order, TrackingState};

/// The header that makes a call that changes something safe to send again.
pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";

/// How long one call may take, connecting included.
const TIMEOUT: Duration = Duration::from_secs(10);

/// How much of an error answer's body is kept in the error's message.
const MESSAGE_LIMIT: usize = 500;

/// The carrier's order API at one base URL, with one API key.
#[derive(Clone)]
pub struct CarrierClient {
    base: Url,
    auth: HeaderValue,
    http: reqwest::Client,
}

impl std::fmt::Debug for CarrierClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the API key.
        f.debug_struct("CarrierClient")
            .field("base", &self.base.as_str())
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CarrierError {
    /// 4xx other than 408/429: sending again will not help
    #[error("the carrier refused the request (HTTP {status}): {message}")]
    Refused { status: u16, message: String },
    /// network errors, timeouts, 408, 429, 5xx: try again later
    #[error("the carrier cannot be reached now: {0}")]
    Unavailable(String),
    /// a bad base URL or an answer that does not parse
    #[error("invalid carrier configuration or answer: {0}")]
    Invalid(String),
}

impl CarrierError {
    /// Whether the same call (with the same idempotency key) may succeed later.
    pub fn retryable(&self) -> bool {
        matches!(self, CarrierError::Unavailable(_))
    }

    /// The HTTP status of a refusal.
    pub fn status(&self) -> Option<u16> {
        match self {
            CarrierError::Refused { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl CarrierClient {
    /// A client for the API at `base_url` (http or https; a path prefix is kept).
    pub fn new(base_url: &str, api_key: &str) -> Result<CarrierClient, CarrierError> {
        let base = Url::parse(base_url.trim())
            .map_err(|e| CarrierError::Invalid(format!("the base URL {base_url:?}: {e}")))?;
        if !matches!(base.scheme(), "http" | "https")
            || base.cannot_be_a_base()
            || base.host().is_none()
        {
            return Err(CarrierError::Invalid(format!(
                "the base URL {base_url:?} is not an http(s) address"
            )));
        }
        if base.query().is_some() || base.fragment().is_some() {
            return Err(CarrierError::Invalid(format!(
                "the base URL {base_url:?} has a query or fragment"
            )));
        }
        let mut auth = HeaderValue::from_str(&format!("Bearer {api_key}")).map_err(|_| {
            CarrierError::Invalid("the API key is not a valid header value".to_string())
        })?;
        auth.set_sensitive(true);
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| CarrierError::Invalid(format!("the HTTP client: {}", chain(&e))))?;
        Ok(CarrierClient { base, auth, http })
    }

    /// The base URL, as given.
    pub fn base_url(&self) -> &str {
        self.base.as_str()
    }

    /// POST {base}/v1/orders with headers `Authorization: Bearer {api_key}` and `Idempotency-Key: {key}`; the same key always gives the same order (201 first, 200 after).
    pub async fn create(
        &self,
        idempotency_key: &str,
        order: &CreateOrder,
    ) -> Result<Order, CarrierError> {
        let req = self
            .http
            .post(self.url(&["v1", "orders"]))
            .header(IDEMPOTENCY_HEADER, idempotency_key)
            .json(order);
        self.send(req).await
    }

    /// POST {base}/v1/orders/{id}/cancel, allowed while the parcel has not left
    /// (created, handed-over); the same key for the same order gives the same answer.
    pub async fn cancel(
        &self,
        idempotency_key: &str,
        order_id: &str,
    ) -> Result<Order, CarrierError> {
        let req = self
            .http
            .post(self.url(&["v1", "orders", order_id, "cancel"]))
            .header(IDEMPOTENCY_HEADER, idempotency_key);
        self.send(req).await
    }

    /// GET {base}/v1/orders/{id}: the order with its history.
    pub async fn get(&self, order_id: &str) -> Result<Order, CarrierError> {
        self.send(self.http.get(self.url(&["v1", "orders", order_id])))
            .await
    }

    /// GET {base}/v1/orders: every order. The simulator's (for tests and the demo).
    pub async fn list(&self) -> Result<Vec<Order>, CarrierError> {
        self.send(self.http.get(self.url(&["v1", "orders"]))).await
    }

    /// POST {base}/v1/orders/{id}/advance: moves an order one step (to `to`, or
    /// the next along the path) and has the webhook called. The simulator's
    /// only: a real carrier moves its orders itself.
    pub async fn advance(
        &self,
        order_id: &str,
        to: Option<TrackingState>,
    ) -> Result<Advanced, CarrierError> {
        let req = self
            .http
            .post(self.url(&["v1", "orders", order_id, "advance"]))
            .json(&Advance { to });
        self.send(req).await
    }

    fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .expect("checked in new: the base URL can be a base")
            .pop_if_empty()
            .extend(segments);
        url
    }

    async fn send<T: DeserializeOwned>(&self, req: RequestBuilder) -> Result<T, CarrierError> {
        let response = req
            .header(AUTHORIZATION, self.auth.clone())
            .send()
            .await
            .map_err(transport)?;
        let status = response.status();
        let body = response.bytes().await.map_err(transport)?;
        if status.is_success() {
            return serde_json::from_slice(&body).map_err(|e| {
                CarrierError::Invalid(format!(
                    "the carrier's answer (HTTP {status}) does not parse: {e}"
                ))
            });
        }
        let message = error_message(&body);
        match status.as_u16() {
            408 | 429 | 500..=599 => Err(CarrierError::Unavailable(format!(
                "HTTP {}: {message}",
                status.as_u16()
            ))),
            code @ 400..=499 => Err(CarrierError::Refused {
                status: code,
                message,
            }),
            code => Err(CarrierError::Invalid(format!(
                "unexpected answer HTTP {code}: {message}"
            ))),
        }
    }
}

/// A failure to send or to read the answer: the request was not built (bad
/// header value), or the network failed (retry).
fn transport(e: reqwest::Error) -> CarrierError {
    if e.is_builder() {
        CarrierError::Invalid(chain(&e))
    } else {
        CarrierError::Unavailable(chain(&e))
    }
}

/// The error and its causes, "a: b: c" (reqwest's own message omits the cause).
fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !out.contains(&s_text) {
            out.push_str(": ");
            out.push_str(&s_text);
        }
        source = s.source();
    }
    out
}

/// An error answer's message: its JSON `error`, or the start of its body.
fn error_message(body: &[u8]) -> String {
    #[derive(serde::Deserialize)]
    struct ErrorBody {
        error: String,
    }
    if let Ok(ErrorBody { error }) = serde_json::from_slice(body) {
        return error;
    }
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    match text.char_indices().nth(MESSAGE_LIMIT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert!(CarrierClient::new("http://127.0.0.1:8090", "k").is_ok());
        let c = CarrierClient::new("https://carrier.example/api/", "k").unwrap();
        assert_eq!(
            c.url(&["v1", "orders", "ord 1/x"]).as_str(),
            "https://carrier.example/api/v1/orders/ord%201%2Fx"
        );
        let c = CarrierClient::new("http://127.0.0.1:1", "k").unwrap();
        assert_eq!(
            c.url(&["v1", "orders"]).as_str(),
            "http://127.0.0.1:1/v1/orders"
        );
        for bad in [
            "",
            "127.0.0.1:8090",
            "ftp://x",
            "mailto:a@b",
            "http://x/?q=1",
        ] {
            assert!(
                matches!(CarrierClient::new(bad, "k"), Err(CarrierError::Invalid(_))),
                "{bad:?}"
            );
        }
        assert!(matches!(
            CarrierClient::new("http://x", "bad\nkey"),
            Err(CarrierError::Invalid(_))
        ));
    }

    #[test]
    fn the_key_stays_out_of_debug() {
        let c = CarrierClient::new("http://x", "secret-key").unwrap();
        assert!(!format!("{c:?}").contains("secret-key"));
    }

    #[test]
    fn error_messages() {
        assert_eq!(
            error_message(br#"{"error":"no such order"}"#),
            "no such order"
        );
        assert_eq!(error_message(b"  plain  "), "plain");
        let long = "x".repeat(2000);
        assert_eq!(
            error_message(long.as_bytes()).chars().count(),
            MESSAGE_LIMIT + 1
        );
    }

    #[test]
    fn only_unavailable_is_retryable() {
        assert!(CarrierError::Unavailable("x".into()).retryable());
        assert!(!CarrierError::Invalid("x".into()).retryable());
        assert!(!CarrierError::Refused {
            status: 409,
            message: "x".into()
        }
        .retryable());
    }
}
