//! E-mail over SMTP.
//!
//! [`Mailer::new`] reads the server from a URL:
//!
//! - `smtp://host:port`: plain SMTP, for a relay on loopback (tests); port 25 if
//!   none is given.
//! - `smtp://host:port?tls=starttls`: STARTTLS, required (a server that does not
//!   offer it is refused); port 587 if none is given.
//! - `smtps://host:port`: TLS from the first byte; port 465 if none is given.
//!
//! `user:password@` in the URL (percent-encoded) signs in. A password is only
//! sent over TLS, or over plain SMTP to a loopback address.
//!
//! TLS is rustls with the Mozilla roots (webpki-roots); no system OpenSSL.

use std::fmt;
use std::net::IpAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use lettre::message::header::{ContentType, MIME_VERSION_1_0};
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::AsyncSmtpTransportBuilder;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use reqwest::Url;

use crate::error::{chain, SendError};

/// How long one message may take, connecting included.
const TIMEOUT: Duration = Duration::from_secs(20);

/// The longest idempotency key accepted (it becomes a header).
const KEY_LIMIT: usize = 200;

/// One message to one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    /// The recipient: `name@example.vn` or `Tên <name@example.vn>`.
    pub to: String,
    pub subject: String,
    /// Plain text, UTF-8 Vietnamese.
    pub body: String,
    /// Idempotency key: becomes the Message-ID `<{key}@motcua>`, so a resend is
    /// recognisable. Letters, digits, inner dots and ``!#$%&'*+-/?^_`{|}~`` are
    /// used as they are; any other byte (and `=`) is written `=XX`.
    pub key: String,
}

/// An SMTP server and the From mailbox motcua writes as. Cheap to clone: clones
/// share one connection pool.
#[derive(Clone)]
pub struct Mailer {
    inner: Arc<Inner>,
}

struct Inner {
    builder: AsyncSmtpTransportBuilder,
    /// Built on the first send, inside the tokio runtime (the pool starts a task).
    transport: OnceLock<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
    /// The server's URL without the credentials, for messages and Debug.
    server: String,
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the password.
        f.debug_struct("Mailer")
            .field("server", &self.inner.server)
            .field("from", &self.inner.from.to_string())
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Security {
    Plain,
    StartTls,
    Wrapper,
}

impl Mailer {
    /// A mailer for the server at `url` (see the module's documentation), writing
    /// as `from` (`"Trung tâm phục vụ HCC <motcua@example.gov.vn>"`). Nothing is
    /// connected yet; a bad URL or From is [`SendError::Refused`].
    pub fn new(url: &str, from: &str) -> Result<Mailer, SendError> {
        let refused = |why: String| SendError::Refused(format!("the SMTP URL: {why}"));
        let parsed = Url::parse(url.trim()).map_err(|e| refused(e.to_string()))?;
        let mut security = match parsed.scheme() {
            "smtp" => Security::Plain,
            "smtps" => Security::Wrapper,
            other => return Err(refused(format!("unknown scheme {other:?} (smtp or smtps)"))),
        };
        for (name, value) in parsed.query_pairs() {
            match (name.as_ref(), value.as_ref(), security) {
                ("tls", "starttls", Security::Plain) => security = Security::StartTls,
                ("tls", "starttls", _) => {
                    return Err(refused("smtps is TLS already: no tls=starttls".to_string()))
                }
                (name, value, _) => {
                    return Err(refused(format!(
                        "unknown parameter {name}={value} (only tls=starttls)"
                    )))
                }
            }
        }
        if !matches!(parsed.path(), "" | "/") || parsed.fragment().is_some() {
            return Err(refused("a path or fragment after the port".to_string()));
        }
        // An IPv6 address comes in brackets, which the connection does not want.
        let shown_host = match parsed.host_str() {
            Some(h) if !h.is_empty() => h.to_string(),
            _ => return Err(refused("no host".to_string())),
        };
        let host = shown_host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let loopback = match host.parse::<IpAddr>() {
            Ok(ip) => ip.is_loopback(),
            Err(_) => host.eq_ignore_ascii_case("localhost"),
        };
        let port = parsed.port().unwrap_or(match security {
            Security::Plain => 25,
            Security::StartTls => 587,
            Security::Wrapper => 465,
        });

        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.clone())
            .port(port)
            .timeout(Some(TIMEOUT));
        if security != Security::Plain {
            let tls = TlsParameters::new(host.clone())
                .map_err(|e| refused(format!("TLS for {host}: {}", chain(&e))))?;
            builder = builder.tls(match security {
                Security::StartTls => Tls::Required(tls),
                _ => Tls::Wrapper(tls),
            });
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            let user = percent_decode(parsed.username());
            let password = parsed.password().and_then(percent_decode);
            let (Some(user), Some(password)) = (user, password) else {
                return Err(refused(
                    "the credentials need a user and a password (percent-encoded UTF-8)"
                        .to_string(),
                ));
            };
            if user.is_empty() {
                return Err(refused("a password without a user".to_string()));
            }
            if security == Security::Plain && !loopback {
                return Err(refused(format!(
                    "a password would cross the network in clear to {host}: \
                     use smtps:// or ?tls=starttls"
                )));
            }
            builder = builder.credentials(Credentials::new(user, password));
        }

        let from: Mailbox = from
            .trim()
            .parse()
            .map_err(|_| SendError::Refused(format!("the From {from:?} is not a mailbox")))?;
        let scheme = if security == Security::Wrapper {
            "smtps"
        } else {
            "smtp"
        };
        let tail = if security == Security::StartTls {
            "?tls=starttls"
        } else {
            ""
        };
        Ok(Mailer {
            inner: Arc::new(Inner {
                builder,
                transport: OnceLock::new(),
                from,
                server: format!("{scheme}://{shown_host}:{port}{tail}"),
            }),
        })
    }

    /// The server, as `smtp://host:port` (without the credentials).
    pub fn server(&self) -> &str {
        &self.inner.server
    }

    /// Sends one message (20 s at most). A recipient that is not an address, or a
    /// key that cannot be a Message-ID, is refused before any connection.
    pub async fn send(&self, email: &Email) -> Result<(), SendError> {
        let message = self.message(email)?;
        let transport = self
            .inner
            .transport
            .get_or_init(|| self.inner.builder.clone().build());
        match tokio::time::timeout(TIMEOUT, transport.send(message)).await {
            Ok(Ok(_)) => {
                tracing::debug!(key = %email.key, server = %self.inner.server, "e-mail sent");
                Ok(())
            }
            Ok(Err(e)) => Err(self.classify(&e)),
            Err(_) => Err(SendError::Later(format!(
                "the mail server {} did not answer within {} s",
                self.inner.server,
                TIMEOUT.as_secs()
            ))),
        }
    }

    /// The message as it goes on the wire.
    fn message(&self, email: &Email) -> Result<Message, SendError> {
        let to: Mailbox = email.to.trim().parse().map_err(|_| {
            SendError::Refused(format!(
                "the recipient {:?} is not an e-mail address",
                email.to
            ))
        })?;
        let id = message_id_part(&email.key)?;
        // A header is one line: a line break in the subject would start another.
        let subject: String = email
            .subject
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        Message::builder()
            .from(self.inner.from.clone())
            .to(to)
            .subject(subject)
            .message_id(Some(format!("<{id}@motcua>")))
            // lettre writes MIME-Version only for MIME parts; a plain body that
            // says its charset and encoding needs it too (RFC 2045).
            .header(MIME_VERSION_1_0)
            .header(ContentType::TEXT_PLAIN)
            .body(email.body.clone())
            .map_err(|e| SendError::Refused(format!("the message: {}", chain(&e))))
    }

    fn classify(&self, e: &lettre::transport::smtp::Error) -> SendError {
        let server = &self.inner.server;
        let what = chain(e);
        if e.is_permanent() {
            SendError::Refused(format!(
                "the mail server {server} refused the message: {what}"
            ))
        } else if e.is_client() || e.is_tls() {
            // What this server lacks (STARTTLS, 8BITMIME, a way to sign in) or a
            // bad TLS setup: the same message would fail the same way.
            SendError::Refused(format!("the mail server {server}: {what}"))
        } else {
            // Transient (4xx) answers, timeouts, refused or broken connections.
            SendError::Later(format!("the mail server {server}: {what}"))
        }
    }
}

/// The key as the left part of a Message-ID (RFC 5322 `dot-atom-text`). Distinct
/// keys give distinct ids: `=` always starts an escape.
fn message_id_part(key: &str) -> Result<String, SendError> {
    const SIGNS: &[u8] = b"!#$%&'*+-/?^_`{|}~";
    if key.is_empty() || key.len() > KEY_LIMIT {
        return Err(SendError::Refused(format!(
            "the idempotency key must have 1 to {KEY_LIMIT} bytes"
        )));
    }
    let bytes = key.as_bytes();
    let last = bytes.len() - 1;
    let mut out = String::with_capacity(key.len());
    for (i, &b) in bytes.iter().enumerate() {
        let keep = match b {
            b'.' => i > 0 && i < last && bytes[i - 1] != b'.' && bytes[i + 1] != b'.',
            _ => b.is_ascii_alphanumeric() || SIGNS.contains(&b),
        };
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("={b:02X}"));
        }
    }
    Ok(out)
}

/// `%XX` escapes decoded, as UTF-8; `None` for a broken escape or bytes that are
/// not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FROM: &str = "Trung tâm phục vụ HCC <motcua@example.gov.vn>";

    fn refused(r: Result<Mailer, SendError>) -> String {
        match r {
            Err(SendError::Refused(m)) => m,
            other => panic!("expected Refused, got {other:?}"),
        }
    }

    #[test]
    fn urls_of_the_three_kinds() {
        let m = Mailer::new("smtp://127.0.0.1:2525", FROM).unwrap();
        assert_eq!(m.server(), "smtp://127.0.0.1:2525");
        let m = Mailer::new("smtp://mail.example.gov.vn?tls=starttls", FROM).unwrap();
        assert_eq!(m.server(), "smtp://mail.example.gov.vn:587?tls=starttls");
        let m = Mailer::new(
            "smtps://motcua:b%C3%AD%20m%E1%BA%ADt@mail.example.gov.vn",
            FROM,
        )
        .unwrap();
        assert_eq!(m.server(), "smtps://mail.example.gov.vn:465");
        let shown = format!("{m:?}");
        assert!(!shown.contains("m%E1") && !shown.contains("mật"), "{shown}");
        let m = Mailer::new("smtp://[::1]:25", FROM).unwrap();
        assert_eq!(m.server(), "smtp://[::1]:25");
        // A password over plain SMTP, on loopback only.
        Mailer::new("smtp://u:p@localhost:2525", FROM).unwrap();
    }

    #[test]
    fn bad_configuration_is_refused() {
        assert!(refused(Mailer::new("http://mail.example.vn", FROM)).contains("scheme"));
        assert!(refused(Mailer::new("smtp://mail.example.vn?tls=maybe", FROM)).contains("tls"));
        refused(Mailer::new("smtps://mail.example.vn?tls=starttls", FROM));
        refused(Mailer::new("smtp://mail.example.vn/helo", FROM));
        refused(Mailer::new("not a url", FROM));
        assert!(refused(Mailer::new("smtp://u:p@mail.example.vn", FROM)).contains("clear"));
        refused(Mailer::new("smtps://u:%ZZ@mail.example.vn", FROM));
        assert!(refused(Mailer::new("smtp://127.0.0.1:25", "motcua")).contains("From"));
    }

    #[test]
    fn the_key_becomes_a_message_id() {
        assert_eq!(
            message_id_part("000.30.00.H92-261127-0001").unwrap(),
            "000.30.00.H92-261127-0001"
        );
        assert_eq!(message_id_part("a:b c").unwrap(), "a=3Ab=20c");
        assert_eq!(message_id_part("a=b").unwrap(), "a=3Db");
        assert_eq!(message_id_part(".a..b.").unwrap(), "=2Ea=2E=2Eb=2E");
        assert_eq!(message_id_part("hồ").unwrap(), "h=E1=BB=93");
        assert!(message_id_part("").is_err());
        assert!(message_id_part(&"k".repeat(KEY_LIMIT + 1)).is_err());
    }

    #[test]
    fn the_message_on_the_wire() {
        let m = Mailer::new("smtp://127.0.0.1:2525", FROM).unwrap();
        let email = Email {
            to: "Nguyễn Văn An <an@example.vn>".to_string(),
            subject: "Hồ sơ đã được tiếp nhận\r\nBcc: x@example.vn".to_string(),
            body: "Kính gửi ông An,\nhồ sơ đã được tiếp nhận.".to_string(),
            key: "k1".to_string(),
        };
        let wire = String::from_utf8(m.message(&email).unwrap().formatted()).unwrap();
        assert!(wire.is_ascii(), "{wire}");
        assert!(wire.contains("Message-ID: <k1@motcua>\r\n"), "{wire}");
        assert!(wire.contains("MIME-Version: 1.0\r\n"), "{wire}");
        assert!(!wire.contains("\r\nBcc:"), "{wire}");
        let bad = Email {
            to: "not an address".to_string(),
            ..email
        };
        assert!(matches!(m.message(&bad), Err(SendError::Refused(_))));
    }
}
