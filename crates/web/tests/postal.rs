//! Results by post, over loopback against the carrier simulator: the order
//! sent through the outbox (once, even after a crash mid-send), the parcel
//! moved by the carrier's signed webhooks until delivered returns the result,
//! a failed attempt on the way; bad signatures, replays, late and impossible
//! updates refused or kept without changing anything.

mod common;

use axum::http::StatusCode;
use common::*;
use motcua_domain::Vnd;
use motcua_postal::{CarrierClient, SimConfig, Simulator, TrackingState};
use motcua_web::cases::postal::{self, Carrier, Turn};
use serde_json::{json, Value};

const SECRET: &[u8] = b"a shared webhook secret";

/// motcua served on loopback (for the simulator's webhooks) with a carrier:
/// the simulator, the application's state and the server's shutdown.
struct Post {
    sim: Simulator,
    state: motcua_web::AppState,
    base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Post {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn post(w: &World, fail_first_attempt: bool) -> Post {
    let web = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", web.local_addr().unwrap());
    let sim = Simulator::start(
        tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
        SimConfig {
            api_key: "sim-key".into(),
            webhook: Some(format!("{base}/api/v1/postal/webhook")),
            secret: SECRET.to_vec(),
            auto_advance: None,
            fail_first_attempt,
            now: Some(now()),
        },
    )
    .await;
    let state = w.state.clone().with_carrier(Carrier {
        client: CarrierClient::new(&sim.base_url(), "sim-key").unwrap(),
        webhook_secret: SECRET.to_vec(),
        postage: Vnd(25_000),
    });
    let (stop, stopped) = tokio::sync::oneshot::channel();
    let router = motcua_web::router(state.clone());
    tokio::spawn(motcua_web::server::serve(
        web,
        router,
        Default::default(),
        async move {
            let _ = stopped.await;
        },
    ));
    Post {
        sim,
        state,
        base,
        stop: Some(stop),
    }
}

/// A dossier received with the result by post, settled and approved.
async fn settled(w: &World) -> (Who, String) {
    let reception = w.login("tiepnhan.a").await;
    let mut body = intake_body(w.a);
    body["result_channel"] = json!("post");
    let (s, d) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(body),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let code = d["code"].as_str().unwrap().to_string();
    let (s, _) = act(w, &reception, &code, 1, json!({ "action": "hand-over", "to_agency": "000.30.00.H92", "to_account": w.specialist_a, "note": "" })).await;
    assert_eq!(s, StatusCode::OK);
    let specialist = w.login("chuyenvien.a").await;
    let (s, _) = act(
        w,
        &specialist,
        &code,
        2,
        json!({ "action": "draft-result", "summary": "Giấy khai sinh" }),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let leader = w.login("lanhdao.a").await;
    let (s, _) = act(w, &leader, &code, 3, json!({ "action": "approve" })).await;
    assert_eq!(s, StatusCode::OK);
    (reception, code)
}

async fn ship(w: &World, who: &Who, code: &str) -> (StatusCode, Value) {
    w.send(
        "POST",
        &format!("/api/v1/dossiers/{code}/deliveries"),
        Some(who),
        Some(json!({ "ward": "Phường Ninh Kiều" })),
        &[],
    )
    .await
}

async fn status(w: &World, who: &Who, code: &str) -> i64 {
    let (_, d) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}"),
            Some(who),
            None,
            &[],
        )
        .await;
    d["status"].as_i64().unwrap()
}

/// Posts a tracking event to the webhook as the carrier would (or would not).
async fn webhook(p: &Post, body: &Value, secret: &[u8], at: i64) -> StatusCode {
    let bytes = body.to_string();
    reqwest_like(
        &format!("{}/api/v1/postal/webhook", p.base),
        bytes.as_bytes(),
        &[
            (motcua_postal::sign::TIMESTAMP_HEADER, at.to_string()),
            (
                motcua_postal::sign::SIGNATURE_HEADER,
                motcua_postal::sign::sign(secret, at, bytes.as_bytes()),
            ),
        ],
    )
    .await
}

/// A POST over a real connection (the webhook is reached as the carrier reaches it).
async fn reqwest_like(url: &str, body: &[u8], headers: &[(&str, String)]) -> StatusCode {
    let mut req = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_vec());
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    StatusCode::from_u16(req.send().await.unwrap().status().as_u16()).unwrap()
}

#[tokio::test]
async fn a_result_goes_by_post_and_is_returned_when_delivered() {
    let w = world().await;
    let p = post(&w, true).await;
    let (reception, code) = settled(&w).await;
    // The receipt said where the result would go.
    let (s, receipt) = w
        .pdf_bytes(&format!("/api/v1/dossiers/{code}/forms/01"), &reception)
        .await;
    assert_eq!(s, StatusCode::OK);
    let text = squash(&pdf_text(&receipt));
    assert!(
        text.contains("Qua dịch vụ bưu chính công ích, đến địa chỉ: 12 Hòa Bình"),
        "{text}"
    );
    // What the officer typed wrong is named, and nothing is sent.
    for (body, field, says) in [
        (json!({ "ward": "" }), "ward", "Phường/xã"),
        (
            json!({ "ward": "Phường Ninh Kiều", "cod": -5 }),
            "cod",
            "từ 0",
        ),
        (
            json!({ "ward": "Phường Ninh Kiều", "phone": "12" }),
            "phone",
            "Số điện thoại",
        ),
    ] {
        let (s, e) = w
            .send(
                "POST",
                &format!("/api/v1/dossiers/{code}/deliveries"),
                Some(&reception),
                Some(body),
                &[],
            )
            .await;
        assert_eq!(
            (s, e["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field)),
            "{e}"
        );
        assert!(e["error"].as_str().unwrap().contains(says), "{e}");
    }
    assert!(w
        .store
        .deliveries(
            w.store
                .dossier(&code.parse().unwrap())
                .await
                .unwrap()
                .unwrap()
                .id
        )
        .await
        .unwrap()
        .is_empty());
    let (s, parcel) = ship(&w, &reception, &code).await;
    assert_eq!(s, StatusCode::CREATED, "{parcel}");
    assert_eq!(parcel["state"], "created");
    assert_eq!(parcel["postage"], 25_000);
    assert_eq!(parcel["receiver_phone"], "0912345678");
    assert_eq!(parcel["order_number"], code.as_str());
    // One parcel at a time.
    let (s, _) = ship(&w, &reception, &code).await;
    assert_eq!(s, StatusCode::CONFLICT);

    // The outbox sends it: the carrier gives the tracking code.
    let Turn::Sent { tracking } = postal::turn(&p.state).await.unwrap() else {
        panic!("the order was not sent")
    };
    assert_eq!(postal::turn(&p.state).await.unwrap(), Turn::Idle);
    assert_eq!(p.sim.orders_created(), 1);
    let order = p.sim.orders().pop().unwrap();
    assert_eq!(
        (order.tracking_code.as_str(), order.order_number.as_str()),
        (tracking.as_str(), code.as_str())
    );

    // The carrier moves it: handed over, in transit, a failed attempt, in
    // transit again, delivered. The dossier is returned only at the end.
    let client = CarrierClient::new(&p.sim.base_url(), "sim-key").unwrap();
    let mut seen = Vec::new();
    loop {
        let advanced = client.advance(&order.order_id, None).await.unwrap();
        assert_eq!(advanced.webhook_status, Some(200), "{advanced:?}");
        seen.push(advanced.event.state);
        if advanced.event.state == TrackingState::Delivered {
            break;
        }
        assert_eq!(
            status(&w, &reception, &code).await,
            9,
            "not returned before delivery"
        );
    }
    assert_eq!(
        seen,
        [
            TrackingState::HandedOver,
            TrackingState::InTransit,
            TrackingState::FailedAttempt,
            TrackingState::InTransit,
            TrackingState::Delivered
        ]
    );
    assert_eq!(status(&w, &reception, &code).await, 10);
    let (_, parcels) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}/deliveries"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    let parcel = &parcels[0];
    assert_eq!(parcel["state"], "delivered");
    assert_eq!(parcel["failed_attempts"], 1);
    assert_eq!(parcel["received_by"], "Nguyễn Văn An");
    assert_eq!(parcel["updates"].as_array().unwrap().len(), 5);
    let (s, ct, png) = w
        .bytes(
            &format!("/api/v1/deliveries/{}/proof", parcel["id"]),
            &reception,
        )
        .await;
    assert_eq!((s, ct.as_str()), (StatusCode::OK, "image/png"));
    assert!(image::load_from_memory(&png).is_ok());
    // The timeline shows each step.
    let (_, events) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}/events"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    let actions: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"]["action"].as_str().unwrap_or_default())
        .collect();
    assert!(
        actions.ends_with(&[
            "ship-by-post",
            "postal-update",
            "postal-update",
            "postal-update",
            "postal-update",
            "postal-update"
        ]),
        "{actions:?}"
    );

    // What the carrier cannot do: a wrong signature, a stale timestamp, a
    // replay, an old update, a step after delivery.
    let delivered =
        serde_json::to_value(&order_after(&client, &order.order_id).await.history[5]).unwrap();
    let at = now().as_second();
    assert_eq!(
        webhook(&p, &delivered, b"not the secret", at).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        webhook(&p, &delivered, SECRET, at - 3600).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        webhook(&p, &delivered, SECRET, at).await,
        StatusCode::OK,
        "a replay is answered, and changes nothing"
    );
    let mut late = delivered.clone();
    late["event_id"] = json!("late-1");
    late["seq"] = json!(3);
    late["state"] = json!("in-transit");
    assert_eq!(webhook(&p, &late, SECRET, at).await, StatusCode::OK);
    let mut after = delivered.clone();
    after["event_id"] = json!("after-1");
    after["seq"] = json!(9);
    after["state"] = json!("in-transit");
    assert_eq!(webhook(&p, &after, SECRET, at).await, StatusCode::CONFLICT);
    // A burst of signed updates is never slowed (the public limit is 120 a
    // minute); an address that keeps sending unsigned ones is.
    for _ in 0..150 {
        assert_eq!(webhook(&p, &delivered, SECRET, at).await, StatusCode::OK);
    }
    let mut unknown = delivered.clone();
    unknown["tracking_code"] = json!("EB000000000VN");
    unknown["order_id"] = json!("nope");
    assert_eq!(
        webhook(&p, &unknown, SECRET, at).await,
        StatusCode::NOT_FOUND
    );
    let mut refused_after = None;
    for i in 0..40 {
        if webhook(&p, &delivered, b"guessing", at).await == StatusCode::TOO_MANY_REQUESTS {
            refused_after = Some(i);
            break;
        }
    }
    assert_eq!(
        refused_after,
        Some(28),
        "30 bad ones (2 above) are allowed in 15 minutes"
    );
    let (_, parcels) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}/deliveries"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    let outcomes: Vec<&str> = parcels[0]["updates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        [
            "applied",
            "applied",
            "applied",
            "applied",
            "applied",
            "out-of-order",
            "impossible"
        ]
    );
    assert_eq!(parcels[0]["state"], "delivered");
    assert_eq!(status(&w, &reception, &code).await, 10);
    let (_, events) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}/events"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(
        events.as_array().unwrap().len(),
        actions.len(),
        "no event from the refused ones"
    );

    // The dossier page names the carrier for its steps (not "the citizen"),
    // and no longer shows the draft once approved.
    let (_, page) = w.page(&reception, &format!("/ho-so/{code}")).await;
    assert!(page.contains("Bưu chính (đơn vị vận chuyển)"), "{page}");
    assert!(!page.contains("id=\"draft\""));
    assert!(page.contains("class=\"parcel-proof\""));

    // The post office's report of the day: one sent, delivered, not at the
    // first attempt; the page says so the Vietnamese way.
    let (s, report) = w
        .send(
            "GET",
            "/api/v1/deliveries/report?from=2026-11-24&to=2026-11-24",
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{report}");
    assert_eq!(report.as_array().unwrap().len(), 1);
    let row = &report[0];
    assert_eq!(
        (
            row["sent"].as_i64(),
            row["delivered"].as_i64(),
            row["first_attempt"].as_i64(),
            row["failed_attempts"].as_i64()
        ),
        (Some(1), Some(1), Some(0), Some(1))
    );
    assert_eq!(row["center"], "Trung tâm Ninh Kiều");
    let (s, page) = w
        .page(
            &reception,
            "/buu-chinh/bao-cao?from=2026-11-24&to=2026-11-24",
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        page.contains("id=\"total-first-attempt\">0 (0,0 %)"),
        "{page}"
    );
    let (s, _) = w
        .page(
            &reception,
            "/buu-chinh/bao-cao?from=2026-11-30&to=2026-11-01",
        )
        .await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a period that ends before it starts"
    );
    let other = w.login("tiepnhan.b").await;
    let (_, theirs) = w
        .send(
            "GET",
            "/api/v1/deliveries/report?from=2026-11-24&to=2026-11-24",
            Some(&other),
            None,
            &[],
        )
        .await;
    assert_eq!(theirs, json!([]), "another center's parcels are not theirs");

    // The postal staff's screen lists it as delivered.
    let (s, page) = w.page(&reception, "/buu-chinh").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        page.contains(&tracking) && page.contains("parcels-delivered"),
        "{page}"
    );
}

async fn order_after(client: &CarrierClient, id: &str) -> motcua_postal::Order {
    client.get(id).await.unwrap()
}

#[tokio::test]
async fn an_order_interrupted_mid_send_is_sent_again_and_made_once() {
    let w = world().await;
    let p = post(&w, false).await;
    let (reception, code) = settled(&w).await;
    let (s, parcel) = ship(&w, &reception, &code).await;
    assert_eq!(s, StatusCode::CREATED);
    let id = motcua_store::DeliveryId(parcel["id"].as_i64().unwrap());
    // A worker claimed the job and reached the carrier, then died before it
    // could write what the carrier answered.
    let job = w
        .store
        .claim_job(
            motcua_store::CARRIER_CREATE,
            now(),
            jiff::SignedDuration::from_secs(120),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(job.subject, id.0);
    let client = CarrierClient::new(&p.sim.base_url(), "sim-key").unwrap();
    let order = motcua_postal::CreateOrder {
        order_number: code.clone(),
        receiver: motcua_postal::Receiver {
            name: "Nguyễn Văn An".into(),
            address: "12 Hòa Bình".into(),
            ward: "Phường Ninh Kiều".into(),
            phone: "0912345678".into(),
        },
        postage: 25_000,
        cod: 0,
        tracking_code: None,
        note: "Kết quả giải quyết thủ tục hành chính".into(),
    };
    let first = client.create(&postal::order_key(id), &order).await.unwrap();
    assert_eq!(p.sim.orders_created(), 1);
    // Nothing is sent while the lease holds; after it, the order goes again
    // under the same key: the carrier answers with the same order.
    assert_eq!(postal::turn(&p.state).await.unwrap(), Turn::Idle);
    w.clock.advance(jiff::SignedDuration::from_secs(121));
    assert_eq!(
        postal::turn(&p.state).await.unwrap(),
        Turn::Sent {
            tracking: first.tracking_code.clone()
        }
    );
    assert_eq!(p.sim.orders_created(), 1, "one order at the carrier");
    let parcel = w.store.delivery(id).await.unwrap().unwrap();
    assert_eq!(
        parcel.carrier_order.as_deref(),
        Some(first.order_id.as_str())
    );
}

#[tokio::test]
async fn an_unreachable_carrier_is_tried_again_later() {
    let w = world().await;
    // A port nothing listens on.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let state = w.state.clone().with_carrier(Carrier {
        client: CarrierClient::new(&format!("http://{closed}"), "k").unwrap(),
        webhook_secret: SECRET.to_vec(),
        postage: Vnd(25_000),
    });
    let (reception, code) = settled(&w).await;
    let (s, _) = ship(&w, &reception, &code).await;
    assert_eq!(s, StatusCode::CREATED);
    let Turn::Later { at } = postal::turn(&state).await.unwrap() else {
        panic!("not retried")
    };
    assert_eq!(at, now() + postal::backoff(1));
    assert_eq!(
        postal::turn(&state).await.unwrap(),
        Turn::Idle,
        "not before its time"
    );
    assert!(postal::backoff(2) > postal::backoff(1));
    assert_eq!(postal::backoff(40), jiff::SignedDuration::from_secs(3600));
}

#[tokio::test]
async fn a_parcel_takes_the_next_pre_issued_tracking_code() {
    let w = world().await;
    let p = post(&w, false).await;
    let (reception, code) = settled(&w).await;
    let add = |body: Value| {
        let (w, reception) = (&w, reception.clone());
        async move {
            w.send(
                "POST",
                "/api/v1/tracking-codes",
                Some(&reception),
                Some(body),
                &[],
            )
            .await
        }
    };
    // All or none: a wrong check digit is named, nothing is added.
    let (s, e) =
        add(json!({ "center_id": w.a, "codes": ["EB000000014VN", "EB000000029VN"] })).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["field"], "codes[1]");
    assert!(
        e["error"].as_str().unwrap().contains("chữ số kiểm tra"),
        "{e}"
    );
    assert_eq!(w.store.tracking_codes_left(w.a).await.unwrap(), 0);
    // Another center's pool is not this officer's to fill.
    let (s, _) = add(json!({ "center_id": w.b, "codes": ["EB000000014VN"] })).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, r) =
        add(json!({ "center_id": w.a, "codes": ["eb000000028vn", "EB000000014VN"] })).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(
        (r["added"].as_u64(), r["already"].as_u64()),
        (Some(2), Some(0))
    );
    let (_, r) = add(json!({ "center_id": w.a, "codes": ["EB000000014VN"] })).await;
    assert_eq!(
        (r["added"].as_u64(), r["already"].as_u64()),
        (Some(0), Some(1))
    );

    // The parcel takes the first free code; the carrier keeps it.
    let (s, parcel) = ship(&w, &reception, &code).await;
    assert_eq!(s, StatusCode::CREATED, "{parcel}");
    assert_eq!(parcel["tracking"], "EB000000014VN");
    assert_eq!(w.store.tracking_codes_left(w.a).await.unwrap(), 1);
    assert_eq!(
        postal::turn(&p.state).await.unwrap(),
        Turn::Sent {
            tracking: "EB000000014VN".into()
        }
    );
    assert_eq!(p.sim.orders()[0].tracking_code, "EB000000014VN");
    // The postal screen says how many are left, and takes codes pasted one a line.
    let (s, page) = w.page(&reception, "/buu-chinh").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("id=\"codes-left\"><li><b>1</b>"), "{page}");
    let (s, _, page) = w
        .post_form(
            &reception,
            "/buu-chinh/ma-buu-gui",
            &[
                ("center", &w.a.to_string()),
                ("codes", "EB000000031VN\nEB00000003VN"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("EB000000031VN\nEB00000003VN"),
        "what was pasted is kept"
    );
    let (s, to, _) = w
        .post_form(
            &reception,
            "/buu-chinh/ma-buu-gui",
            &[("center", &w.a.to_string()), ("codes", "EB000000031VN\n")],
        )
        .await;
    assert_eq!(
        (s, to.as_deref()),
        (StatusCode::SEE_OTHER, Some("/buu-chinh?them=1&co_san=0"))
    );
}

#[tokio::test]
async fn an_order_the_carrier_refused_is_shown_and_sent_again() {
    let w = world().await;
    let p = post(&w, false).await;
    // A carrier that refuses (a wrong key, say): the order is given up.
    let refusing = w.state.clone().with_carrier(Carrier {
        client: CarrierClient::new(&p.sim.base_url(), "a wrong key").unwrap(),
        webhook_secret: SECRET.to_vec(),
        postage: Vnd(25_000),
    });
    let (reception, code) = settled(&w).await;
    let (s, parcel) = ship(&w, &reception, &code).await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(postal::turn(&refusing).await.unwrap(), Turn::Refused);
    assert_eq!(
        postal::turn(&p.state).await.unwrap(),
        Turn::Idle,
        "given up, not retried"
    );
    let (_, page) = w.page(&reception, "/buu-chinh").await;
    assert!(page.contains("class=\"error parcel-refused\""), "{page}");
    let id = parcel["id"].as_i64().unwrap();
    let (s, to, _) = w
        .post_form(&reception, &format!("/buu-chinh/{id}/gui-lai"), &[])
        .await;
    assert_eq!(
        (s, to.as_deref()),
        (StatusCode::SEE_OTHER, Some("/buu-chinh"))
    );
    assert!(matches!(
        postal::turn(&p.state).await.unwrap(),
        Turn::Sent { .. }
    ));
    assert_eq!(p.sim.orders_created(), 1);
    // Nothing more to send again.
    let (s, _) = w
        .send(
            "POST",
            &format!("/api/v1/deliveries/{id}/resend"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_parcel_that_has_not_left_is_cancelled_and_sent_again() {
    let w = world().await;
    let p = post(&w, false).await;
    let (reception, code) = settled(&w).await;
    let (s, parcel) = ship(&w, &reception, &code).await;
    assert_eq!(s, StatusCode::CREATED, "{parcel}");
    let id = parcel["id"].as_i64().unwrap();
    let cancel = |reason: &str| json!({ "reason": reason });
    // Not yet sent to the carrier: cancelled here, and never sent.
    let (s, e) = w
        .send(
            "POST",
            &format!("/api/v1/deliveries/{id}/cancel"),
            Some(&reception),
            Some(cancel("")),
            &[],
        )
        .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reason")),
        "{e}"
    );
    let (s, out) = w
        .send(
            "POST",
            &format!("/api/v1/deliveries/{id}/cancel"),
            Some(&reception),
            Some(cancel("Sai địa chỉ")),
            &[],
        )
        .await;
    assert_eq!(
        (s, out["outcome"].as_str()),
        (StatusCode::OK, Some("cancelled")),
        "{out}"
    );
    assert_eq!(
        postal::turn(&p.state).await.unwrap(),
        Turn::Idle,
        "nothing to send"
    );
    assert_eq!(p.sim.orders_created(), 0);
    let (s, _) = w
        .send(
            "POST",
            &format!("/api/v1/deliveries/{id}/cancel"),
            Some(&reception),
            Some(cancel("Lần nữa")),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "cancelled already");

    // Sent again; the carrier took it; cancelled through the carrier.
    let (s, parcel) = ship(&w, &reception, &code).await;
    assert_eq!(s, StatusCode::CREATED, "the dossier may go again: {parcel}");
    let id = parcel["id"].as_i64().unwrap();
    let Turn::Sent { .. } = postal::turn(&p.state).await.unwrap() else {
        panic!("not sent")
    };
    let (s, out) = w
        .send(
            "POST",
            &format!("/api/v1/deliveries/{id}/cancel"),
            Some(&reception),
            Some(cancel("Công dân đến nhận tại quầy")),
            &[],
        )
        .await;
    assert_eq!(
        (s, out["outcome"].as_str()),
        (StatusCode::OK, Some("requested")),
        "{out}"
    );
    assert_eq!(postal::turn(&p.state).await.unwrap(), Turn::Cancelled);
    assert_eq!(p.sim.orders()[0].state, TrackingState::Cancelled);
    let (_, parcels) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}/deliveries"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(parcels[1]["state"], "cancelled", "{parcels}");
    assert_eq!(status(&w, &reception, &code).await, 9, "not returned");
    // The carrier's own webhook of the cancellation changes nothing more.
    let (s, _) = ship(&w, &reception, &code).await;
    assert_eq!(s, StatusCode::CREATED, "may go a third time");
}
