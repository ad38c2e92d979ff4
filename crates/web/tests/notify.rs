//! Notices to citizens: written with the event that calls for them, sent by
//! the worker through a real SMS gateway on loopback (the simulator), once
//! each, without diacritics, never at night; a channel with no way to send
//! is kept as skipped; the dossier page shows what the citizen was told.

mod common;

use axum::http::StatusCode;
use common::*;
use motcua_notify::{SmsGateway, SmsSim};
use motcua_web::cases::notify::{self, Messenger, Turn};
use serde_json::json;

#[tokio::test]
async fn the_citizen_is_told_by_sms_and_the_night_waits() {
    let w = world().await;
    let sim = SmsSim::start(
        tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
        "sms-key",
    )
    .await;
    let state = w.state.clone().with_messenger(Messenger {
        mailer: None,
        sms: Some(SmsGateway::new(&sim.url(), "sms-key").unwrap()),
    });
    let reception = w.login("tiepnhan.a").await;
    let mut body = intake_body(w.a);
    body["applicant"]["email"] = json!("an.nguyen@example.vn");
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
    let id = w
        .store
        .dossier(&code.parse().unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    let notices = w.store.notices(id).await.unwrap();
    assert_eq!(
        notices
            .iter()
            .map(|n| (n.kind.as_str(), n.channel.as_str(), n.state.as_str()))
            .collect::<Vec<_>>(),
        [
            ("received", "email", "queued"),
            ("received", "sms", "queued")
        ]
    );
    assert!(
        notices[0].subject.contains(&code),
        "the code is written in: {}",
        notices[0].subject
    );
    assert!(notices[0].body.contains(&format!("/tra-cuu?ma={code}")));

    // No mail server here: the e-mail is skipped; the SMS goes, once.
    assert_eq!(notify::turn(&state).await.unwrap(), Turn::Skipped);
    assert_eq!(notify::turn(&state).await.unwrap(), Turn::Sent);
    assert_eq!(notify::turn(&state).await.unwrap(), Turn::Idle);
    let sent = sim.received();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].to, "0912345678");
    assert!(
        sent[0]
            .text
            .starts_with(&format!("Ho so {code} da duoc tiep nhan")),
        "{}",
        sent[0].text
    );
    assert!(sent[0].text.is_ascii() && sent[0].text.len() <= 160);

    // At 22:00 a supplement request's SMS waits until 07:00.
    w.clock.set("2026-11-24T15:00:00Z".parse().unwrap());
    let reception = w.login("tiepnhan.a").await;
    let (s, _) = act(&w, &reception, &code, 1, json!({ "action": "request-supplement", "items": ["Bản sao giấy chứng nhận kết hôn"], "reason": "Thiếu giấy tờ" })).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        notify::turn(&state).await.unwrap(),
        Turn::Skipped,
        "the e-mail, at once"
    );
    assert_eq!(
        notify::turn(&state).await.unwrap(),
        Turn::Idle,
        "the SMS waits"
    );
    w.clock.set("2026-11-25T00:00:00Z".parse().unwrap());
    assert_eq!(notify::turn(&state).await.unwrap(), Turn::Sent);
    assert_eq!(sim.received().len(), 2);

    // The dossier page shows what the citizen was told, and how.
    let (_, page) = w.page(&reception, &format!("/ho-so/{code}")).await;
    assert!(page.contains("id=\"notices\""), "{page}");
    assert!(
        page.contains("Đã gửi") && page.contains("an.nguyen@example.vn"),
        "{page}"
    );
}

#[tokio::test]
async fn a_failing_gateway_is_tried_again_later() {
    let w = world().await;
    let sim = SmsSim::start(
        tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
        "sms-key",
    )
    .await;
    let state = w.state.clone().with_messenger(Messenger {
        mailer: None,
        sms: Some(SmsGateway::new(&sim.url(), "sms-key").unwrap()),
    });
    let reception = w.login("tiepnhan.a").await;
    let code = w.receive_at_a(&reception).await["code"]
        .as_str()
        .unwrap()
        .to_string();
    sim.fail_next(1);
    let Turn::Later { at } = notify::turn(&state).await.unwrap() else {
        panic!("not tried again")
    };
    assert_eq!(at, now() + motcua_web::cases::postal::backoff(1));
    assert!(sim.received().is_empty());
    w.clock.set(at);
    assert_eq!(notify::turn(&state).await.unwrap(), Turn::Sent);
    assert_eq!(sim.received().len(), 1, "sent once");
    // Both tries are on the dossier page, the failure with the gateway's answer.
    let (_, page) = w.page(&reception, &format!("/ho-so/{code}")).await;
    let tries = page
        .split("class=\"notice-tries\"")
        .nth(1)
        .unwrap_or_default();
    let tries = &tries[..tries.find("</td>").unwrap_or(0)];
    assert_eq!(tries.matches("<div>").count(), 2, "{tries}");
    assert!(
        tries.contains("Lỗi, sẽ gửi lại") && tries.contains("Đã gửi"),
        "{tries}"
    );
    let (s, notices) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}/notices"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(s, axum::http::StatusCode::OK, "{notices}");
    let outcomes: Vec<&str> = notices[0]["tries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["retry", "sent"], "{notices}");
    assert_eq!(notices[0]["state"], "sent");
}
