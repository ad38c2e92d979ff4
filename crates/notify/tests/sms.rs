//! The SMS gateway client against the simulator, over loopback HTTP.

use motcua_notify::{sms_text, SendError, Sms, SmsGateway, SmsSim};
use reqwest::StatusCode;
use serde_json::json;

const KEY: &str = "sim-key";

async fn sim() -> SmsSim {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    SmsSim::start(listener, KEY).await
}

fn sms(key: &str) -> Sms {
    Sms {
        to: "0912345678".to_string(),
        text: sms_text(
            "Hồ sơ 000.30.00.H92-261127-0001 đã được tiếp nhận. Hẹn trả: 17:00 ngày 30/11/2026",
            160,
        ),
        key: key.to_string(),
    }
}

#[tokio::test]
async fn a_message_is_received() {
    let sim = sim().await;
    assert!(sim.url().starts_with("http://127.0.0.1:"), "{}", sim.url());
    assert!(sim.url().ends_with("/v1/sms"), "{}", sim.url());
    let gateway = SmsGateway::new(&sim.url(), KEY).unwrap();
    gateway.send(&sms("k1")).await.unwrap();
    assert_eq!(sim.received(), vec![sms("k1")]);
    assert_eq!(
        sim.received()[0].text,
        "Ho so 000.30.00.H92-261127-0001 da duoc tiep nhan. Hen tra: 17:00 ngay 30/11/2026"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn a_replay_is_counted_once() {
    let sim = sim().await;
    let gateway = SmsGateway::new(&sim.url(), KEY).unwrap();
    gateway.send(&sms("k1")).await.unwrap();
    gateway.send(&sms("k1")).await.unwrap();
    assert_eq!(sim.received().len(), 1);
    gateway.send(&sms("k2")).await.unwrap();
    let keys: Vec<String> = sim.received().into_iter().map(|s| s.key).collect();
    assert_eq!(keys, ["k1", "k2"]);
    sim.shutdown().await;
}

#[tokio::test]
async fn a_gateway_that_is_down_is_tried_later() {
    let sim = sim().await;
    let gateway = SmsGateway::new(&sim.url(), KEY).unwrap();
    sim.fail_next(1);
    let err = gateway.send(&sms("k1")).await.unwrap_err();
    assert!(matches!(err, SendError::Later(_)), "{err:?}");
    assert!(err.retryable());
    assert!(err.to_string().contains("503"), "{err}");
    assert!(sim.received().is_empty());
    // The same message again, once the gateway is back.
    gateway.send(&sms("k1")).await.unwrap();
    assert_eq!(sim.received(), vec![sms("k1")]);
    sim.shutdown().await;
}

#[tokio::test]
async fn a_wrong_key_is_refused() {
    let sim = sim().await;
    let gateway = SmsGateway::new(&sim.url(), "not-the-key").unwrap();
    let err = gateway.send(&sms("k1")).await.unwrap_err();
    assert!(matches!(err, SendError::Refused(_)), "{err:?}");
    assert!(!err.retryable());
    assert!(err.to_string().contains("401"), "{err}");
    assert!(sim.received().is_empty());
    sim.shutdown().await;
}

#[tokio::test]
async fn a_bad_number_is_refused() {
    let sim = sim().await;
    let gateway = SmsGateway::new(&sim.url(), KEY).unwrap();
    for to in ["", "0912-345-678", "12345678", "0912345678901"] {
        let bad = Sms {
            to: to.to_string(),
            ..sms("k1")
        };
        let err = gateway.send(&bad).await.unwrap_err();
        assert!(matches!(err, SendError::Refused(_)), "{to}: {err:?}");
        assert!(err.to_string().contains("422"), "{err}");
    }
    let empty_key = Sms {
        key: String::new(),
        ..sms("k1")
    };
    assert!(matches!(
        gateway.send(&empty_key).await,
        Err(SendError::Refused(_))
    ));
    assert!(sim.received().is_empty());
    sim.shutdown().await;
}

#[tokio::test]
async fn a_closed_port_is_tried_later() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let gateway = SmsGateway::new(&format!("http://127.0.0.1:{port}/v1/sms"), KEY).unwrap();
    let err = gateway.send(&sms("k1")).await.unwrap_err();
    assert!(matches!(err, SendError::Later(_)), "{err:?}");
}

#[tokio::test]
async fn the_simulator_answers_by_the_book() {
    let sim = sim().await;
    let http = reqwest::Client::new();
    let body = json!({"to": "0912345678", "text": "Ho so da duoc tiep nhan", "key": "r1"});
    let post = |auth: Option<&str>, key: Option<&str>, body: &serde_json::Value| {
        let mut req = http.post(sim.url()).json(body);
        if let Some(auth) = auth {
            req = req.bearer_auth(auth);
        }
        if let Some(key) = key {
            req = req.header("Idempotency-Key", key);
        }
        req.send()
    };

    let answer = post(None, Some("r1"), &body).await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    let answer = post(Some(KEY), Some("r1"), &body).await.unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    let answer: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(answer, json!({"id": "sms-1", "key": "r1"}));
    let answer = post(Some(KEY), Some("r1"), &body).await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    // The key in the body alone is enough; a header that disagrees is not.
    let answer = post(Some(KEY), None, &body).await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let answer = post(Some(KEY), Some("r2"), &body).await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let no_key = json!({"to": "0912345678", "text": "x"});
    let answer = post(Some(KEY), None, &no_key).await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let empty = json!({"to": "0912345678", "text": " ", "key": "r3"});
    let answer = post(Some(KEY), Some("r3"), &empty).await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: serde_json::Value = answer.json().await.unwrap();
    assert!(error["error"].as_str().is_some(), "{error}");
    // fail_next counts requests, then the gateway is back.
    sim.fail_next(2);
    for _ in 0..2 {
        let answer = post(Some(KEY), Some("r4"), &body).await.unwrap();
        assert_eq!(answer.status(), StatusCode::SERVICE_UNAVAILABLE);
    }
    let answer = post(None, Some("r4"), &body).await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(sim.received().len(), 1);
    sim.shutdown().await;
}
