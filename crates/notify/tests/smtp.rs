//! The mailer against a real SMTP server: `tests/smtp_sink.py` (aiosmtpd), run
//! with `MOTCUA_PYTHON` (else `python3`). Without aiosmtpd the tests that need the
//! sink are skipped, unless `MOTCUA_REQUIRE_SMTP` is set: then they fail.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use base64::Engine as _;
use motcua_notify::{Email, Mailer, SendError};

const FROM: &str = "Trung tâm phục vụ HCC <motcua@example.gov.vn>";

/// How long the sink may take to start, or to say it received a message.
const DEADLINE: Duration = Duration::from_secs(30);

/// The sink, running; killed and waited for when dropped (a failing test too).
struct Sink {
    child: Child,
    lines: Receiver<String>,
    port: u16,
    dir: tempfile::TempDir,
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Sink {
    /// The sink on a free port; `None` (the test is skipped) when aiosmtpd is
    /// not there and not required.
    fn start() -> Option<Sink> {
        let python = std::env::var("MOTCUA_PYTHON").unwrap_or_else(|_| "python3".to_string());
        let importable = Command::new(&python)
            .args(["-c", "import aiosmtpd"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !importable {
            let why =
                format!("{python} cannot import aiosmtpd (set MOTCUA_PYTHON to a python that can)");
            if std::env::var_os("MOTCUA_REQUIRE_SMTP").is_some() {
                panic!("MOTCUA_REQUIRE_SMTP is set but {why}");
            }
            eprintln!("skipped: {why}");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/smtp_sink.py");
        let mut child = Command::new(&python)
            .arg(&script)
            .arg("0")
            .arg(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("{python} {}: {e}", script.display()));
        let stdout = child.stdout.take().unwrap();
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let mut sink = Sink {
            child,
            lines,
            port: 0,
            dir,
        };
        let line = sink.next_line("LISTENING");
        sink.port = line["LISTENING ".len()..].trim().parse().unwrap();
        Some(sink)
    }

    /// The next line the sink prints, which must start with `what`.
    fn next_line(&self, what: &str) -> String {
        match self.lines.recv_timeout(DEADLINE) {
            Ok(line) if line.starts_with(what) => line,
            Ok(line) => panic!("the SMTP sink said {line:?}, expected {what}"),
            Err(e) => panic!("the SMTP sink did not say {what} ({e})"),
        }
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Waits for `RECEIVED n`, then reads n.eml.
    fn received(&self, n: usize) -> Eml {
        assert_eq!(self.next_line("RECEIVED"), format!("RECEIVED {n}"));
        let raw = std::fs::read(self.dir.path().join(format!("{n}.eml"))).unwrap();
        Eml::parse(&raw)
    }
}

/// A received message, parsed as much as these tests need.
struct Eml {
    /// Unfolded, in order.
    headers: Vec<(String, String)>,
    /// Undone from its transfer encoding, line ends as LF.
    body: String,
}

impl Eml {
    fn parse(raw: &[u8]) -> Eml {
        assert!(raw.is_ascii(), "the message is not 7-bit");
        let text = std::str::from_utf8(raw).unwrap();
        let (head, body) = text
            .split_once("\r\n\r\n")
            .expect("headers, a blank line, a body");
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                let last = headers.last_mut().expect("a continuation after a header");
                last.1.push(' ');
                last.1.push_str(line.trim_start());
            } else {
                let (name, value) = line.split_once(':').expect("Name: value");
                headers.push((name.to_string(), value.trim().to_string()));
            }
        }
        let mut eml = Eml {
            headers,
            body: String::new(),
        };
        let bytes = match eml
            .header("Content-Transfer-Encoding")
            .to_ascii_lowercase()
            .as_str()
        {
            "quoted-printable" => quoted_printable(body),
            "base64" => base64::engine::general_purpose::STANDARD
                .decode(body.replace("\r\n", ""))
                .unwrap(),
            "7bit" => body.as_bytes().to_vec(),
            other => panic!("unexpected Content-Transfer-Encoding {other}"),
        };
        eml.body = String::from_utf8(bytes).unwrap().replace("\r\n", "\n");
        eml
    }

    fn header(&self, name: &str) -> &str {
        let mut found = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str());
        let value = found.next().unwrap_or_else(|| panic!("no {name} header"));
        assert!(found.next().is_none(), "two {name} headers");
        value
    }

    /// A header with its encoded-words (RFC 2047) decoded.
    fn decoded(&self, name: &str) -> String {
        decode_words(self.header(name))
    }
}

/// Decodes `=?utf-8?B|Q?...?=` words; the space between two of them goes.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut pending: Vec<u8> = Vec::new();
    for (i, piece) in value.split(' ').enumerate() {
        if let Some(inner) = piece.strip_prefix("=?").and_then(|p| p.strip_suffix("?=")) {
            let mut parts = inner.splitn(3, '?');
            let (charset, encoding, text) = (
                parts.next().unwrap(),
                parts.next().unwrap(),
                parts.next().unwrap(),
            );
            assert!(charset.eq_ignore_ascii_case("utf-8"), "charset {charset}");
            if i > 0 && pending.is_empty() {
                out.push(' ');
            }
            match encoding {
                "B" | "b" => pending.extend(
                    base64::engine::general_purpose::STANDARD
                        .decode(text)
                        .unwrap(),
                ),
                "Q" | "q" => pending.extend(quoted_printable(&text.replace('_', " "))),
                other => panic!("encoding {other}"),
            }
        } else {
            if !pending.is_empty() {
                out.push_str(std::str::from_utf8(&pending).unwrap());
                pending.clear();
            }
            if i > 0 {
                out.push(' ');
            }
            out.push_str(piece);
        }
    }
    out.push_str(std::str::from_utf8(&pending).unwrap());
    out
}

/// Quoted-printable undone: `=XX` is a byte, `=` at a line's end joins lines.
fn quoted_printable(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'=' {
            out.push(bytes[i]);
            i += 1;
        } else if bytes[i + 1..].starts_with(b"\r\n") {
            i += 3;
        } else {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        }
    }
    out
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn email(to: &str, key: &str) -> Email {
    Email {
        to: to.to_string(),
        subject: "Hồ sơ 000.30.00.H92-261127-0001 đã được tiếp nhận".to_string(),
        body: "Kính gửi ông Nguyễn Văn An,\n\
               \n\
               Hồ sơ 000.30.00.H92-261127-0001 (Cấp bản sao trích lục hộ tịch) đã được tiếp nhận \
               tại Trung tâm phục vụ hành chính công tỉnh lúc 09:15 ngày 27/11/2026.\n\
               Hẹn trả kết quả: 17:00 ngày 30/11/2026.\n\
               .Dòng bắt đầu bằng dấu chấm.\n\
               Trân trọng."
            .to_string(),
        key: key.to_string(),
    }
}

#[tokio::test]
async fn a_vietnamese_email_arrives() {
    let Some(sink) = Sink::start() else { return };
    let mailer = Mailer::new(&sink.url(), FROM).unwrap();
    let sent = email(
        "Nguyễn Văn An <an@example.vn>",
        "000.30.00.H92-261127-0001.tiep-nhan",
    );
    mailer.send(&sent).await.unwrap();

    let eml = sink.received(1);
    assert_eq!(eml.header("X-Envelope-To"), "an@example.vn");
    assert_eq!(eml.header("X-Envelope-From"), "motcua@example.gov.vn");
    assert_eq!(eml.decoded("Subject"), sent.subject);
    assert_eq!(
        eml.decoded("To").replace('"', ""),
        "Nguyễn Văn An <an@example.vn>"
    );
    assert_eq!(
        eml.decoded("From").replace('"', ""),
        "Trung tâm phục vụ HCC <motcua@example.gov.vn>"
    );
    assert_eq!(
        eml.header("Message-ID"),
        "<000.30.00.H92-261127-0001.tiep-nhan@motcua>"
    );
    let content_type = eml.header("Content-Type").to_ascii_lowercase();
    assert!(content_type.starts_with("text/plain"), "{content_type}");
    assert!(content_type.contains("charset=utf-8"), "{content_type}");
    assert_eq!(eml.header("MIME-Version"), "1.0");
    eml.header("Date");
    assert_eq!(eml.body.trim_end(), sent.body);

    // A second message over the same mailer (its pooled connection).
    let again = email("an@example.vn", "000.30.00.H92-261127-0001.tra-ket-qua");
    mailer.send(&again).await.unwrap();
    let eml = sink.received(2);
    assert_eq!(eml.header("X-Envelope-To"), "an@example.vn");
    assert_eq!(eml.header("To"), "an@example.vn");
    assert_eq!(
        eml.header("Message-ID"),
        "<000.30.00.H92-261127-0001.tra-ket-qua@motcua>"
    );
    assert_eq!(eml.body.trim_end(), again.body);
}

#[tokio::test]
async fn the_server_refuses_or_defers_a_recipient() {
    let Some(sink) = Sink::start() else { return };
    let mailer = Mailer::new(&sink.url(), FROM).unwrap();
    let err = mailer
        .send(&email("an@refused.invalid", "k-refused"))
        .await
        .unwrap_err();
    assert!(matches!(err, SendError::Refused(_)), "{err:?}");
    assert!(err.to_string().contains("550"), "{err}");
    let err = mailer
        .send(&email("an@later.invalid", "k-later"))
        .await
        .unwrap_err();
    assert!(matches!(err, SendError::Later(_)), "{err:?}");
    assert!(err.to_string().contains("451"), "{err}");
    // Neither was received; the next good one is the first.
    mailer.send(&email("an@example.vn", "k-ok")).await.unwrap();
    assert_eq!(sink.received(1).header("Message-ID"), "<k-ok@motcua>");
}

#[tokio::test]
async fn a_closed_port_is_tried_later() {
    let mailer = Mailer::new(&format!("smtp://127.0.0.1:{}", closed_port()), FROM).unwrap();
    let err = mailer
        .send(&email("an@example.vn", "k1"))
        .await
        .unwrap_err();
    assert!(matches!(err, SendError::Later(_)), "{err:?}");
    assert!(err.retryable());
}

#[tokio::test]
async fn a_bad_address_is_refused_before_connecting() {
    // Nothing listens there: had the mailer connected, it would be Later.
    let mailer = Mailer::new(&format!("smtp://127.0.0.1:{}", closed_port()), FROM).unwrap();
    let err = mailer
        .send(&email("not an address", "k1"))
        .await
        .unwrap_err();
    assert!(matches!(err, SendError::Refused(_)), "{err:?}");
    assert!(!err.retryable());
    assert!(err.to_string().contains("not an address"), "{err}");
}

#[tokio::test]
async fn tls_is_required_when_asked_for() {
    let Some(sink) = Sink::start() else { return };
    // The sink offers no STARTTLS: the message must not go in clear.
    let url = format!("{}?tls=starttls", sink.url());
    let mailer = Mailer::new(&url, FROM).unwrap();
    let err = mailer
        .send(&email("an@example.vn", "k-starttls"))
        .await
        .unwrap_err();
    assert!(matches!(err, SendError::Refused(_)), "{err:?}");
    assert!(err.to_string().contains("STARTTLS"), "{err}");
    // Nor does it speak TLS from the first byte.
    let url = format!("smtps://127.0.0.1:{}", sink.port);
    let mailer = Mailer::new(&url, FROM).unwrap();
    mailer
        .send(&email("an@example.vn", "k-smtps"))
        .await
        .unwrap_err();
    // Neither reached the sink: the next message is its first.
    let mailer = Mailer::new(&sink.url(), FROM).unwrap();
    mailer
        .send(&email("an@example.vn", "k-plain"))
        .await
        .unwrap();
    assert_eq!(sink.received(1).header("Message-ID"), "<k-plain@motcua>");
}
