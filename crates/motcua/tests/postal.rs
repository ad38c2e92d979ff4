//! Results by post between two real programs on loopback: `motcua
//! carrier-sim` and `motcua serve` configured to use it. A dossier received
//! with the result by post is settled, sent, taken by the carrier (the order
//! goes through the outbox worker), moved along by the carrier, and returned
//! when the carrier's signed webhook says delivered.

mod common;

use std::io::BufRead;
use std::process::{Child, Stdio};
use std::time::Duration;

use common::*;
use serde_json::{json, Value};

/// A child process killed when dropped (also when the test panics).
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `cmd` and reads the first `http://…` address it prints; its
/// output is drained afterwards so that it never blocks.
fn start(mut cmd: std::process::Command) -> (Running, String) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("motcua starts");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(i) = line.find("http://") {
                if let Some(tx) = tx.take() {
                    let _ = tx.send(line[i..].split_whitespace().next().unwrap().to_string());
                }
            }
        }
    });
    let running = Running(child);
    let url = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("an address is printed");
    (running, url)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Officer {
    cookie: String,
    csrf: String,
}

async fn login(http: &reqwest::Client, base: &str, user: &str) -> Officer {
    let res = http
        .post(format!("{base}/api/v1/session"))
        .json(&json!({ "username": user, "password": "motcua-demo" }))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "login {user}");
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let body: Value = res.json().await.unwrap();
    Officer {
        cookie,
        csrf: body["csrf_token"].as_str().unwrap().to_string(),
    }
}

async fn call(
    http: &reqwest::Client,
    base: &str,
    who: &Officer,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = http
        .request(method, format!("{base}{path}"))
        .header("cookie", &who.cookie)
        .header("x-csrf-token", &who.csrf);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_result_goes_by_post_between_motcua_and_the_carrier_simulator() {
    let data = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut sim = motcua(data.path());
    sim.args([
        "carrier-sim",
        "--listen",
        "127.0.0.1:0",
        "--webhook",
        &format!("http://127.0.0.1:{port}/api/v1/postal/webhook"),
    ])
    .env("MOTCUA_CARRIER_SECRET", "a-test-secret")
    .env("MOTCUA_CARRIER_API_KEY", "a-test-key");
    let (_sim, sim_url) = start(sim);
    let mut serve = motcua(data.path());
    serve
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--demo",
            "--demo-days",
            "1",
        ])
        .env("MOTCUA_CARRIER_URL", &sim_url)
        .env("MOTCUA_CARRIER_SECRET", "a-test-secret")
        .env("MOTCUA_CARRIER_API_KEY", "a-test-key");
    let (_server, base) = start(serve);
    let http = reqwest::Client::new();
    for _ in 0..400 {
        if http.get(format!("{base}/healthz")).send().await.is_ok() {
            break;
        }
        tokio::task::yield_now().await;
    }

    // Received with the result by post, settled by three officers.
    let reception = login(&http, &base, "tiepnhan1.ninhkieu").await;
    let (_, me) = call(
        &http,
        &base,
        &reception,
        reqwest::Method::GET,
        "/api/v1/me",
        None,
    )
    .await;
    let center = me["postings"][0]["center_id"].clone();
    let agency = me["postings"][0]["agency_code"]
        .as_str()
        .unwrap()
        .to_string();
    let (s, d) = call(
        &http,
        &base,
        &reception,
        reqwest::Method::POST,
        "/api/v1/dossiers",
        Some(json!({
            "center_id": center,
            "procedure_code": "2.004001",
            "applicant": { "name": "Trương Thị Bưu", "id_number": "092190009876", "phone": "0912 888 999", "address": "45 Mậu Thân" },
            "components": [
                { "name": "Tờ khai đăng ký khai sinh", "count": 1 },
                { "name": "Giấy chứng sinh", "count": 1 },
                { "name": "Giấy tờ tùy thân của người yêu cầu", "count": 1, "original_shown": true }
            ],
            "result_channel": "post",
            "decision": { "kind": "accept" }
        })),
    )
    .await;
    assert_eq!(s, 201, "{d}");
    let code = d["code"].as_str().unwrap().to_string();
    let act = |who: &Officer, seq: i64, action: Value| {
        let mut body = action;
        body["expected_seq"] = json!(seq);
        let (http, base, code) = (http.clone(), base.clone(), code.clone());
        let who = Officer {
            cookie: who.cookie.clone(),
            csrf: who.csrf.clone(),
        };
        async move {
            let (s, d) = call(
                &http,
                &base,
                &who,
                reqwest::Method::POST,
                &format!("/api/v1/dossiers/{code}/actions"),
                Some(body),
            )
            .await;
            assert_eq!(s, 200, "{d}");
        }
    };
    act(
        &reception,
        1,
        json!({ "action": "hand-over", "to_agency": agency, "to_account": null, "note": "" }),
    )
    .await;
    let specialist = login(&http, &base, "chuyenvien1.ninhkieu").await;
    act(
        &specialist,
        2,
        json!({ "action": "draft-result", "summary": "Giấy khai sinh" }),
    )
    .await;
    let leader = login(&http, &base, "lanhdao.ninhkieu").await;
    act(&leader, 3, json!({ "action": "approve" })).await;

    // Sent by post: the worker hands the order to the carrier.
    let (s, parcel) = call(
        &http,
        &base,
        &reception,
        reqwest::Method::POST,
        &format!("/api/v1/dossiers/{code}/deliveries"),
        Some(json!({ "ward": "Phường An Hòa" })),
    )
    .await;
    assert_eq!(s, 201, "{parcel}");
    let carrier = |path: String| {
        http.request(
            if path.ends_with("advance") {
                reqwest::Method::POST
            } else {
                reqwest::Method::GET
            },
            format!("{sim_url}{path}"),
        )
        .header("authorization", "Bearer a-test-key")
        .json(&json!({}))
    };
    let mut order = Value::Null;
    for _ in 0..600 {
        let orders: Value = carrier("/v1/orders".into())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if let Some(o) = orders
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["order_number"] == code.as_str())
        {
            order = o.clone();
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        order["receiver"]["ward"], "Phường An Hòa",
        "the carrier got the order: {order}"
    );
    let id = order["order_id"].as_str().unwrap().to_string();

    // The carrier moves it until delivered; each step reaches motcua signed.
    loop {
        let advanced: Value = carrier(format!("/v1/orders/{id}/advance"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(advanced["webhook_status"], 200, "{advanced}");
        if advanced["event"]["state"] == "delivered" {
            break;
        }
    }
    let (_, d) = call(
        &http,
        &base,
        &reception,
        reqwest::Method::GET,
        &format!("/api/v1/dossiers/{code}"),
        None,
    )
    .await;
    assert_eq!(d["status"], 10, "returned once delivered: {d}");
    let (_, parcels) = call(
        &http,
        &base,
        &reception,
        reqwest::Method::GET,
        &format!("/api/v1/dossiers/{code}/deliveries"),
        None,
    )
    .await;
    assert_eq!(parcels[0]["state"], "delivered");
    assert_eq!(parcels[0]["tracking"], order["tracking_code"]);
    assert_eq!(parcels[0]["received_by"], "Trương Thị Bưu");
}
