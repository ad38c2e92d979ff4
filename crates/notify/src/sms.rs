//! SMS through an HTTP gateway.
//!
//! `POST {url}` with the JSON `{"to": "...", "text": "...", "key": "..."}` and the
//! headers `Authorization: Bearer {api_key}` and `Idempotency-Key: {key}`: a
//! gateway that got the message already answers as it did, so sending again
//! after a lost answer does not send a second SMS. Any 2xx means accepted.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderValue, AUTHORIZATION};
use reqwest::{StatusCode, Url};
use serde::{Deserialize, Serialize};

use crate::error::{chain, SendError};

/// The header that makes a send safe to repeat.
pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";

/// How long one send may take, connecting included.
const TIMEOUT: Duration = Duration::from_secs(10);

/// How much of an error answer is kept in the error's message.
const MESSAGE_LIMIT: usize = 300;

/// One SMS to one person (also the JSON body the gateway gets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sms {
    /// A Vietnamese mobile number as digits, e.g. `0912345678`.
    pub to: String,
    pub text: String,
    /// Idempotency key, sent as the `Idempotency-Key` header too.
    pub key: String,
}

/// An SMS gateway at one URL, with one API key. Cheap to clone.
#[derive(Clone)]
pub struct SmsGateway {
    url: Url,
    auth: HeaderValue,
    http: reqwest::Client,
}

impl fmt::Debug for SmsGateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the API key.
        f.debug_struct("SmsGateway")
            .field("url", &self.url.as_str())
            .finish_non_exhaustive()
    }
}

impl SmsGateway {
    /// A gateway at `url` (http or https); a bad URL or key is [`SendError::Refused`].
    pub fn new(url: &str, api_key: &str) -> Result<SmsGateway, SendError> {
        let refused = |why: String| SendError::Refused(format!("the SMS gateway URL: {why}"));
        let parsed = Url::parse(url.trim()).map_err(|e| refused(format!("{url:?}: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(refused(format!("{url:?} is not an http(s) address")));
        }
        if parsed.fragment().is_some() {
            return Err(refused(format!("{url:?} has a fragment")));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(refused(
                "credentials go in the API key, not the URL".to_string(),
            ));
        }
        let mut auth = HeaderValue::from_str(&format!("Bearer {api_key}")).map_err(|_| {
            SendError::Refused("the SMS gateway's API key is not a valid header value".to_string())
        })?;
        auth.set_sensitive(true);
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| SendError::Refused(format!("the HTTP client: {}", chain(&e))))?;
        Ok(SmsGateway {
            url: parsed,
            auth,
            http,
        })
    }

    /// The gateway's URL.
    pub fn url(&self) -> &str {
        self.url.as_str()
    }

    /// Sends one SMS (10 s at most).
    pub async fn send(&self, sms: &Sms) -> Result<(), SendError> {
        let key = HeaderValue::from_str(&sms.key)
            .ok()
            .filter(|_| !sms.key.trim().is_empty())
            .ok_or_else(|| {
                SendError::Refused(
                    "the SMS's idempotency key is empty or not a header value".into(),
                )
            })?;
        let answer = self
            .http
            .post(self.url.clone())
            .header(AUTHORIZATION, self.auth.clone())
            .header(IDEMPOTENCY_HEADER, key)
            .json(sms)
            .send()
            .await;
        let answer = match answer {
            Ok(answer) => answer,
            Err(e) if e.is_builder() => {
                return Err(SendError::Refused(format!(
                    "the SMS request: {}",
                    chain(&e)
                )))
            }
            Err(e) => {
                return Err(SendError::Later(format!(
                    "the SMS gateway {} cannot be reached: {}",
                    self.url,
                    chain(&e)
                )))
            }
        };
        let status = answer.status();
        if status.is_success() {
            tracing::debug!(key = %sms.key, "SMS accepted");
            return Ok(());
        }
        let body = answer.bytes().await.unwrap_or_default();
        let what = format!(
            "the SMS gateway {} answered HTTP {}: {}",
            self.url,
            status.as_u16(),
            error_message(&body)
        );
        if status.is_server_error()
            || status == StatusCode::REQUEST_TIMEOUT
            || status == StatusCode::TOO_MANY_REQUESTS
        {
            Err(SendError::Later(what))
        } else {
            // Other 4xx, and a redirect (the URL is not the gateway's).
            Err(SendError::Refused(what))
        }
    }
}

/// An error answer's message: its JSON `error`, or the start of its body.
fn error_message(body: &[u8]) -> String {
    let text = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_string))
        .unwrap_or_else(|| String::from_utf8_lossy(body).into_owned());
    let text = text.trim();
    match text.char_indices().nth(MESSAGE_LIMIT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None if text.is_empty() => "(no message)".to_string(),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_configuration_is_refused() {
        for url in [
            "ftp://sms.example.vn",
            "not a url",
            "http://u:p@sms.example.vn/send",
            "https://sms.example.vn/send#x",
        ] {
            assert!(
                matches!(SmsGateway::new(url, "k"), Err(SendError::Refused(_))),
                "{url}"
            );
        }
        assert!(matches!(
            SmsGateway::new("https://sms.example.vn", "bad\nkey"),
            Err(SendError::Refused(_))
        ));
        let g = SmsGateway::new("https://sms.example.vn/v1/sms?account=hcc", "secret").unwrap();
        assert_eq!(g.url(), "https://sms.example.vn/v1/sms?account=hcc");
        assert!(!format!("{g:?}").contains("secret"));
    }

    #[test]
    fn error_messages_are_short() {
        assert_eq!(error_message(br#"{"error": "bad to"}"#), "bad to");
        assert_eq!(error_message(b""), "(no message)");
        let long = "x".repeat(1000);
        assert_eq!(
            error_message(long.as_bytes()).chars().count(),
            MESSAGE_LIMIT + 1
        );
    }
}
