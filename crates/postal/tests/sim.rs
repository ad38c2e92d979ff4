//! The client against the simulator over loopback, and the simulator's signed
//! webhook calls to a receiver standing in for motcua.

use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use base64::Engine as _;
use motcua_postal::sign::{verify, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use motcua_postal::{
    CarrierClient, CarrierError, CreateOrder, Receiver, SimConfig, Simulator, TrackingEvent,
    TrackingState,
};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

const KEY: &str = "khoa-thu";
const SECRET: &[u8] = b"bi-mat-webhook";
/// A deadline only: events normally arrive within milliseconds.
const DEADLINE: Duration = Duration::from_secs(10);

fn order(n: u32) -> CreateOrder {
    CreateOrder {
        order_number: format!("000.00.01.H13-251127-{n:04}"),
        receiver: Receiver {
            name: "Trần Thị Bích".to_string(),
            address: "45 đường 30 Tháng 4".to_string(),
            ward: "Phường Ninh Kiều".to_string(),
            phone: "0912345678".to_string(),
        },
        postage: 25_000,
        cod: 0,
        tracking_code: None,
        note: "Trả kết quả hồ sơ".to_string(),
    }
}

async fn simulator(config: SimConfig) -> Simulator {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    Simulator::start(
        listener,
        SimConfig {
            api_key: KEY.to_string(),
            secret: SECRET.to_vec(),
            now: Some(config.now.unwrap_or_else(fixed_now)),
            ..config
        },
    )
    .await
}

/// The simulator's time in these tests: no test reads the wall clock.
fn fixed_now() -> jiff::Timestamp {
    "2026-11-27T03:00:00Z".parse().unwrap()
}

fn client(sim: &Simulator) -> CarrierClient {
    CarrierClient::new(&sim.base_url(), KEY).unwrap()
}

/// One webhook call as motcua would receive it.
struct Received {
    headers: HeaderMap,
    body: Bytes,
}

/// A stand-in for motcua's tracking webhook: an axum server on 127.0.0.1:0
/// that keeps every call and answers 200.
struct Hook {
    url: String,
    calls: mpsc::UnboundedReceiver<Received>,
    server: tokio::task::JoinHandle<()>,
}

impl Hook {
    async fn start() -> Hook {
        let (tx, calls) = mpsc::unbounded_channel();
        let app = axum::Router::new().route(
            "/webhook/postal",
            post(move |headers: HeaderMap, body: Bytes| {
                let tx = tx.clone();
                async move {
                    let _ = tx.send(Received { headers, body });
                    StatusCode::OK
                }
            }),
        );
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/webhook/postal", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Hook { url, calls, server }
    }

    /// The next call, its signature checked, as an event.
    async fn next(&mut self) -> TrackingEvent {
        let call = tokio::time::timeout(DEADLINE, self.calls.recv())
            .await
            .expect("a webhook call before the deadline")
            .expect("the webhook receiver is running");
        let header = |name: &str| {
            call.headers
                .get(name)
                .unwrap_or_else(|| panic!("{name} is sent"))
                .to_str()
                .unwrap()
                .to_string()
        };
        assert_eq!(header("content-type"), "application/json");
        let timestamp: i64 = header(TIMESTAMP_HEADER).parse().unwrap();
        let signature = header(SIGNATURE_HEADER);
        assert!(verify(SECRET, timestamp, &call.body, &signature));
        assert!(!verify(
            b"another secret",
            timestamp,
            &call.body,
            &signature
        ));
        assert_eq!(
            timestamp,
            fixed_now().as_second(),
            "signed at the carrier's time"
        );
        serde_json::from_slice(&call.body).unwrap()
    }

    fn nothing_more(&mut self) {
        assert!(self.calls.try_recv().is_err(), "no other webhook call");
    }
}

impl Drop for Hook {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn refused(e: CarrierError) -> u16 {
    match e {
        CarrierError::Refused { status, .. } => {
            assert!(!CarrierError::Refused {
                status,
                message: String::new()
            }
            .retryable());
            status
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn the_same_key_gives_the_same_order() {
    let sim = simulator(SimConfig::default()).await;
    let carrier = client(&sim);
    let o = order(1);
    let first = carrier.create("dossier-1/result", &o).await.unwrap();
    assert_eq!(first.state, TrackingState::Created);
    assert_eq!(first.order_number, o.order_number);
    assert_eq!(first.receiver, o.receiver);
    assert_eq!((first.postage, first.cod), (25_000, 0));
    assert_eq!(first.history.len(), 1);
    let created = &first.history[0];
    assert_eq!(
        (created.seq, created.state, created.at),
        (1, TrackingState::Created, first.created_at)
    );
    assert_eq!(created.order_id, first.order_id);
    assert_eq!(created.tracking_code, first.tracking_code);
    let code = &first.tracking_code;
    assert!(
        code.len() == 13 && code.starts_with("EB") && code.ends_with("VN"),
        "{code}"
    );
    assert!(code[2..11].bytes().all(|b| b.is_ascii_digit()), "{code}");

    let again = carrier.create("dossier-1/result", &o).await.unwrap();
    assert_eq!(again, first);
    assert_eq!(sim.orders_created(), 1);

    // Another body under the same key is refused.
    let mut other = order(1);
    other.receiver.phone = "0987654321".to_string();
    let e = carrier
        .create("dossier-1/result", &other)
        .await
        .unwrap_err();
    assert_eq!(refused(e), 409);
    assert_eq!(sim.orders_created(), 1);

    // Another key is another order.
    let second = carrier.create("dossier-2/result", &order(2)).await.unwrap();
    assert_ne!(second.order_id, first.order_id);
    assert_ne!(second.tracking_code, first.tracking_code);
    assert_eq!(sim.orders_created(), 2);
    assert_eq!(carrier.list().await.unwrap(), vec![first, second]);
    sim.shutdown().await;
}

#[tokio::test]
async fn statuses_on_the_wire() {
    let sim = simulator(SimConfig::default()).await;
    let http = reqwest::Client::new();
    let url = format!("{}/v1/orders", sim.base_url());
    let post = |key: Option<&str>, auth: Option<&str>| {
        let mut r = http.post(&url).json(&order(7));
        if let Some(key) = key {
            r = r.header("Idempotency-Key", key);
        }
        if let Some(auth) = auth {
            r = r.header("Authorization", auth);
        }
        r.send()
    };
    let bearer = format!("Bearer {KEY}");
    assert_eq!(post(Some("k"), Some(&bearer)).await.unwrap().status(), 201);
    assert_eq!(post(Some("k"), Some(&bearer)).await.unwrap().status(), 200);
    let no_key = post(None, Some(&bearer)).await.unwrap();
    assert_eq!(no_key.status(), 400);
    let body: serde_json::Value = no_key.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("Idempotency-Key"));
    for auth in [
        None,
        Some("Bearer wrong"),
        Some(KEY),
        Some("Basic c2ltOnNpbQ=="),
    ] {
        let answer = post(Some("k2"), auth).await.unwrap();
        assert_eq!(answer.status(), 401, "{auth:?}");
        assert_eq!(answer.headers()["www-authenticate"], "Bearer");
    }
    // Every route wants the key, an unknown one included.
    for path in ["/v1/orders", "/v1/orders/ord-000001", "/nowhere"] {
        let answer = http
            .get(format!("{}{path}", sim.base_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 401, "{path}");
    }
    let nowhere = http
        .get(format!("{}/nowhere", sim.base_url()))
        .header("Authorization", &bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(nowhere.status(), 404);
    let not_json = http
        .post(&url)
        .header("Authorization", &bearer)
        .header("Idempotency-Key", "k3")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);
    assert_eq!(sim.orders_created(), 1);
    sim.shutdown().await;
}

#[tokio::test]
async fn refusals_through_the_client() {
    let sim = simulator(SimConfig::default()).await;
    let carrier = client(&sim);

    let wrong_key = CarrierClient::new(&sim.base_url(), "not-the-key").unwrap();
    assert_eq!(
        refused(wrong_key.create("k", &order(1)).await.unwrap_err()),
        401
    );
    assert_eq!(refused(wrong_key.get("ord-000001").await.unwrap_err()), 401);

    for broken in [
        |o: &mut CreateOrder| o.order_number = " ".to_string(),
        |o: &mut CreateOrder| o.receiver.name = String::new(),
        |o: &mut CreateOrder| o.receiver.address = String::new(),
        |o: &mut CreateOrder| o.receiver.phone = String::new(),
        |o: &mut CreateOrder| o.cod = -1,
        |o: &mut CreateOrder| o.tracking_code = Some(String::new()),
    ] {
        let mut o = order(1);
        broken(&mut o);
        let e = carrier.create("k", &o).await.unwrap_err();
        match &e {
            CarrierError::Refused {
                status: 422,
                message,
            } => assert!(!message.is_empty()),
            other => panic!("expected 422, got {other:?}"),
        }
    }
    // A refused request does not take the key.
    carrier.create("k", &order(1)).await.unwrap();

    assert_eq!(refused(carrier.get("ord-999999").await.unwrap_err()), 404);
    assert_eq!(
        refused(carrier.cancel("c", "ord-999999").await.unwrap_err()),
        404
    );
    assert_eq!(
        refused(carrier.advance("ord-999999", None).await.unwrap_err()),
        404
    );
    assert_eq!(sim.orders_created(), 1);
    sim.shutdown().await;
}

#[tokio::test]
async fn a_closed_port_is_unavailable() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let carrier = CarrierClient::new(&format!("http://{address}"), KEY).unwrap();
    let e = carrier.create("k", &order(1)).await.unwrap_err();
    assert!(matches!(e, CarrierError::Unavailable(_)), "{e:?}");
    assert!(e.retryable());
    assert!(carrier.get("ord-000001").await.unwrap_err().retryable());
}

#[tokio::test]
async fn a_stopped_simulator_is_unavailable() {
    let sim = simulator(SimConfig::default()).await;
    let carrier = client(&sim);
    carrier.create("k", &order(1)).await.unwrap();
    sim.shutdown().await;
    let e = carrier.get("ord-000001").await.unwrap_err();
    assert!(e.retryable(), "{e:?}");
}

#[tokio::test]
async fn tracking_codes_from_the_pool_are_kept() {
    let sim = simulator(SimConfig::default()).await;
    let carrier = client(&sim);
    let mut o = order(1);
    o.tracking_code = Some("RR123456785VN".to_string());
    let made = carrier.create("a", &o).await.unwrap();
    assert_eq!(made.tracking_code, "RR123456785VN");
    // The same code for another order is refused.
    let mut o2 = order(2);
    o2.tracking_code = Some("RR123456785VN".to_string());
    assert_eq!(refused(carrier.create("b", &o2).await.unwrap_err()), 409);
    // Issued codes are all different.
    let mut codes = std::collections::HashSet::new();
    codes.insert(made.tracking_code);
    for n in 0..30 {
        let o = carrier.create(&format!("n{n}"), &order(n)).await.unwrap();
        assert!(codes.insert(o.tracking_code));
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn get_and_cancel() {
    let mut hook = Hook::start().await;
    let sim = simulator(SimConfig {
        webhook: Some(hook.url.clone()),
        ..SimConfig::default()
    })
    .await;
    let carrier = client(&sim);
    let made = carrier.create("k1", &order(1)).await.unwrap();
    assert_eq!(carrier.get(&made.order_id).await.unwrap(), made);

    // Cancelled while handed over; the same key again gives the same answer.
    carrier.advance(&made.order_id, None).await.unwrap();
    let handed_over = hook.next().await;
    assert_eq!(handed_over.state, TrackingState::HandedOver);
    let cancelled = carrier.cancel("cancel-1", &made.order_id).await.unwrap();
    assert_eq!(cancelled.state, TrackingState::Cancelled);
    let last = cancelled.history.last().unwrap();
    assert_eq!((last.seq, last.state), (3, TrackingState::Cancelled));
    assert_eq!(
        carrier.cancel("cancel-1", &made.order_id).await.unwrap(),
        cancelled
    );
    assert_eq!(carrier.get(&made.order_id).await.unwrap(), cancelled);
    // The webhook hears of it too.
    assert_eq!(&hook.next().await, last);

    // A new key on a cancelled order, or a cancel key used for another order: 409.
    assert_eq!(
        refused(
            carrier
                .cancel("cancel-2", &made.order_id)
                .await
                .unwrap_err()
        ),
        409
    );
    let other = carrier.create("k2", &order(2)).await.unwrap();
    assert_eq!(
        refused(
            carrier
                .cancel("cancel-1", &other.order_id)
                .await
                .unwrap_err()
        ),
        409
    );
    // A cancelled order does not move.
    assert_eq!(
        refused(carrier.advance(&made.order_id, None).await.unwrap_err()),
        409
    );

    // Once in transit it can no longer be cancelled.
    for _ in 0..2 {
        carrier.advance(&other.order_id, None).await.unwrap();
        hook.next().await;
    }
    assert_eq!(
        refused(
            carrier
                .cancel("cancel-3", &other.order_id)
                .await
                .unwrap_err()
        ),
        409
    );
    assert_eq!(
        carrier.get(&other.order_id).await.unwrap().state,
        TrackingState::InTransit
    );
    hook.nothing_more();
    sim.shutdown().await;
}

#[tokio::test]
async fn advancing_calls_the_webhook_signed() {
    let mut hook = Hook::start().await;
    let sim = simulator(SimConfig {
        webhook: Some(hook.url.clone()),
        ..SimConfig::default()
    })
    .await;
    let carrier = client(&sim);
    let made = carrier.create("k", &order(1)).await.unwrap();
    let mut seen = vec![made.history[0].clone()];
    for (seq, state) in [
        (2, TrackingState::HandedOver),
        (3, TrackingState::InTransit),
        (4, TrackingState::Delivered),
    ] {
        let answer = carrier.advance(&made.order_id, None).await.unwrap();
        assert_eq!(answer.webhook_status, Some(200));
        let event = hook.next().await;
        assert_eq!(event, answer.event);
        assert_eq!((event.seq, event.state), (seq, state));
        assert_eq!(event.event_id, format!("evt-{}-{seq}", made.order_id));
        assert_eq!(event.order_number, made.order_number);
        assert_eq!(event.tracking_code, made.tracking_code);
        assert!(event.at >= seen.last().unwrap().at);
        assert!(!event.note.is_empty());
        seen.push(event);
    }
    let delivered = seen.last().unwrap();
    assert_eq!(delivered.note, "Đã giao thành công");
    assert_eq!(delivered.receiver_name.as_deref(), Some("Trần Thị Bích"));
    let png = base64::engine::general_purpose::STANDARD
        .decode(delivered.proof_png_base64.as_deref().unwrap())
        .unwrap();
    let proof = image::load_from_memory_with_format(&png, image::ImageFormat::Png).unwrap();
    assert_eq!((proof.width(), proof.height()), (200, 80));
    for earlier in &seen[..3] {
        assert!(earlier.receiver_name.is_none() && earlier.proof_png_base64.is_none());
    }

    let order = carrier.get(&made.order_id).await.unwrap();
    assert_eq!(order.state, TrackingState::Delivered);
    assert_eq!(order.history, seen);
    // Delivered is final.
    assert_eq!(
        refused(carrier.advance(&made.order_id, None).await.unwrap_err()),
        409
    );
    hook.nothing_more();
    sim.shutdown().await;
}

#[tokio::test]
async fn the_first_attempt_fails() {
    let mut hook = Hook::start().await;
    let sim = simulator(SimConfig {
        webhook: Some(hook.url.clone()),
        fail_first_attempt: true,
        ..SimConfig::default()
    })
    .await;
    let carrier = client(&sim);
    let made = carrier.create("k", &order(1)).await.unwrap();
    let mut states = vec![];
    loop {
        match carrier.advance(&made.order_id, None).await {
            Ok(a) => {
                let event = hook.next().await;
                assert_eq!(event, a.event);
                assert_eq!(event.seq as usize, states.len() + 2);
                states.push(event.state);
            }
            Err(e) => {
                assert_eq!(refused(e), 409);
                break;
            }
        }
    }
    use TrackingState::*;
    assert_eq!(
        states,
        [HandedOver, InTransit, FailedAttempt, InTransit, Delivered]
    );
    let history = carrier.get(&made.order_id).await.unwrap().history;
    assert_eq!(history[3].note, "Người nhận vắng nhà, bưu tá sẽ giao lại");
    assert_eq!(history[4].note, "Bưu tá giao lại lần 2");
    sim.shutdown().await;
}

#[tokio::test]
async fn advancing_to_a_named_state() {
    let sim = simulator(SimConfig::default()).await;
    let carrier = client(&sim);
    let made = carrier.create("k", &order(1)).await.unwrap();
    let id = &made.order_id;
    use TrackingState::*;
    for skipping in [Delivered, InTransit, Created, Cancelled, Returned] {
        assert_eq!(
            refused(carrier.advance(id, Some(skipping)).await.unwrap_err()),
            409,
            "{skipping}"
        );
    }
    for to in [
        HandedOver,
        InTransit,
        FailedAttempt,
        InTransit,
        FailedAttempt,
        Returned,
    ] {
        let a = carrier.advance(id, Some(to)).await.unwrap();
        assert_eq!(a.event.state, to);
        // No webhook configured: nobody was called.
        assert_eq!(a.webhook_status, None);
    }
    assert_eq!(
        refused(carrier.advance(id, Some(InTransit)).await.unwrap_err()),
        409
    );
    assert_eq!(carrier.get(id).await.unwrap().history.len(), 7);

    // A state that does not exist, or a body that is not JSON.
    let http = reqwest::Client::new();
    for body in [r#"{"to": "teleported"}"#, "{"] {
        let answer = http
            .post(format!("{}/v1/orders/{id}/advance", sim.base_url()))
            .header("Authorization", format!("Bearer {KEY}"))
            .body(body)
            .send()
            .await
            .unwrap();
        assert!(answer.status().is_client_error(), "{body}");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn an_unreachable_webhook_does_not_stop_the_carrier() {
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/webhook", closed.local_addr().unwrap());
    drop(closed);
    let sim = simulator(SimConfig {
        webhook: Some(url),
        ..SimConfig::default()
    })
    .await;
    let carrier = client(&sim);
    let made = carrier.create("k", &order(1)).await.unwrap();
    let a = carrier.advance(&made.order_id, None).await.unwrap();
    assert_eq!(a.webhook_status, None);
    assert_eq!(
        carrier.get(&made.order_id).await.unwrap().state,
        TrackingState::HandedOver
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn auto_advance_delivers_every_order() {
    let mut hook = Hook::start().await;
    let sim = simulator(SimConfig {
        webhook: Some(hook.url.clone()),
        auto_advance: Some(Duration::from_millis(5)),
        ..SimConfig::default()
    })
    .await;
    let carrier = client(&sim);
    let a = carrier.create("a", &order(1)).await.unwrap();
    let b = carrier.create("b", &order(2)).await.unwrap();
    let mut last = std::collections::HashMap::new();
    // Three steps each; each order's events come in seq order.
    for _ in 0..6 {
        let event = hook.next().await;
        let previous = last.insert(event.order_id.clone(), event.seq).unwrap_or(1);
        assert_eq!(event.seq, previous + 1);
    }
    assert_eq!(last[&a.order_id], 4);
    assert_eq!(last[&b.order_id], 4);
    for order in sim.orders() {
        assert_eq!(order.state, TrackingState::Delivered);
    }
    sim.shutdown().await;
}
