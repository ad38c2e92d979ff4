//! The dossier lifecycle through the API, as the counter, the specialist and
//! the leader use it; authorization across roles and centers; bad input.

mod common;

use common::*;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use motcua_domain::org::*;
use serde_json::{json, Value};
use tower::ServiceExt;

#[tokio::test]
async fn received_settled_and_returned() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let (status, d) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(intake_body(w.a)),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{d}");
    let code = d["code"].as_str().unwrap().to_string();
    assert!(code.starts_with("000.30.00.H92-"), "{code}");
    assert!(code.ends_with("-0001"));
    assert_eq!(
        (d["status"].as_i64(), d["status_label"].as_str()),
        (Some(2), Some("Được tiếp nhận"))
    );
    assert!(
        d["appointment"].is_string(),
        "an appointment from the calendar"
    );
    assert_eq!(d["applicant"]["phone"], "0912345678", "normalised");
    assert_eq!(d["details"]["fee"], 0);

    let (s, d) = act(&w, &reception, &code, 1, json!({ "action": "hand-over", "to_agency": "000.30.00.H92", "to_account": w.specialist_a, "note": "" })).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["status"], 4);
    let specialist = w.login("chuyenvien.a").await;
    let (s, d) = act(
        &w,
        &specialist,
        &code,
        2,
        json!({ "action": "draft-result", "summary": "Giấy khai sinh bản chính" }),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let leader = w.login("lanhdao.a").await;
    let (s, d) = act(&w, &leader, &code, 3, json!({ "action": "approve" })).await;
    assert_eq!((s, d["status"].as_i64()), (StatusCode::OK, Some(9)), "{d}");
    let (s, d) = act(
        &w,
        &reception,
        &code,
        4,
        json!({ "action": "return", "received_by": "Nguyễn Văn An", "by_post": false }),
    )
    .await;
    assert_eq!((s, d["status"].as_i64()), (StatusCode::OK, Some(10)), "{d}");

    let (s, events) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}/events"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let events: Vec<motcua_store::Event> = serde_json::from_value(events).unwrap();
    assert_eq!(
        events
            .iter()
            .map(|e| e.actor.as_ref().unwrap().username.as_str())
            .collect::<Vec<_>>(),
        [
            "tiepnhan.a",
            "tiepnhan.a",
            "chuyenvien.a",
            "lanhdao.a",
            "tiepnhan.a"
        ]
    );
    motcua_domain::dossier::event::verify(&events).unwrap();
}

#[tokio::test]
async fn supplement_pauses_and_moves_the_appointment() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let (_, d) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(intake_body(w.a)),
            &[],
        )
        .await;
    let code = d["code"].as_str().unwrap().to_string();
    let first: jiff::Timestamp = d["appointment"].as_str().unwrap().parse().unwrap();
    act(&w, &reception, &code, 1, json!({ "action": "hand-over", "to_agency": "000.30.00.H92", "to_account": null, "note": "" })).await;
    let specialist = w.login("chuyenvien.a").await;
    let (s, d) = act(&w, &specialist, &code, 2, json!({ "action": "request-supplement", "items": ["Bản sao CCCD của người cha"], "reason": "Thiếu giấy tờ" })).await;
    assert_eq!(
        (s, d["status"].as_i64(), d["standing"].as_str()),
        (StatusCode::OK, Some(5), Some("paused")),
        "{d}"
    );
    let (s, d) = act(
        &w,
        &reception,
        &code,
        3,
        json!({ "action": "receive-supplement" }),
    )
    .await;
    assert_eq!((s, d["status"].as_i64()), (StatusCode::OK, Some(4)), "{d}");
    let moved: jiff::Timestamp = d["appointment"].as_str().unwrap().parse().unwrap();
    assert!(
        moved >= first,
        "the wait never brings the appointment closer"
    );
    assert_eq!(d["supplement_count"], 1);
    act(
        &w,
        &specialist,
        &code,
        4,
        json!({ "action": "draft-result", "summary": "Giấy khai sinh" }),
    )
    .await;
    let (s, d) = act(
        &w,
        &w.login("lanhdao.a").await,
        &code,
        5,
        json!({ "action": "approve" }),
    )
    .await;
    assert_eq!((s, d["status"].as_i64()), (StatusCode::OK, Some(9)), "{d}");
    let today = today();
    let r = &w.store.rollups(w.a, today, today).await.unwrap()[0].counts;
    assert_eq!(
        (r.finished, r.on_time, r.late, r.supplemented),
        (1, 1, 0, 1),
        "one supplement, settled within the moved appointment: on time"
    );
}

#[tokio::test]
async fn refused_withdrawn_stopped_and_extended() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let leader = w.login("lanhdao.a").await;
    let mut refuse = intake_body(w.a);
    refuse["decision"] =
        json!({ "kind": "refuse", "reasons": "Không thuộc thẩm quyền giải quyết" });
    refuse["components"] = json!([]);
    let (s, d) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(refuse),
            &[],
        )
        .await;
    assert_eq!(
        (s, d["status"].as_i64()),
        (StatusCode::CREATED, Some(3)),
        "{d}"
    );

    let (_, d) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(intake_body(w.a)),
            &[],
        )
        .await;
    let code = d["code"].as_str().unwrap().to_string();
    let (s, d) = act(
        &w,
        &reception,
        &code,
        1,
        json!({ "action": "withdraw", "reason": "Công dân không còn nhu cầu" }),
    )
    .await;
    assert_eq!((s, d["status"].as_i64()), (StatusCode::OK, Some(7)), "{d}");
    let (s, d) = act(&w, &reception, &code, 2, json!({ "action": "hand-over", "to_agency": "000.30.00.H92", "to_account": null, "note": "" })).await;
    assert_eq!(s, StatusCode::CONFLICT, "nothing after withdrawal: {d}");

    let (_, d) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(intake_body(w.a)),
            &[],
        )
        .await;
    let code = d["code"].as_str().unwrap().to_string();
    act(&w, &reception, &code, 1, json!({ "action": "hand-over", "to_agency": "000.30.00.H92", "to_account": null, "note": "" })).await;
    let later = "2027-01-15T10:00:00Z";
    let (s, d) = act(&w, &leader, &code, 2, json!({ "action": "extend", "appointment": later, "reason": "Cần xác minh tại địa phương" })).await;
    assert_eq!(
        (s, d["appointment"].as_str(), d["extension_count"].as_i64()),
        (StatusCode::OK, Some(later), Some(1)),
        "{d}"
    );
    let (s, d) = act(
        &w,
        &leader,
        &code,
        3,
        json!({ "action": "extend", "appointment": "2027-02-15T10:00:00Z", "reason": "Lần hai" }),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "one extension by default: {d}");
    let (s, d) = act(
        &w,
        &leader,
        &code,
        3,
        json!({ "action": "stop", "reason": "Theo đề nghị của cơ quan công an" }),
    )
    .await;
    assert_eq!((s, d["status"].as_i64()), (StatusCode::OK, Some(8)), "{d}");
}

#[tokio::test]
async fn inter_agency_hand_over_gives_the_other_agency_the_dossier() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let other = w.login("chuyenvien.b").await;
    let (_, d) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(intake_body(w.a)),
            &[],
        )
        .await;
    let code = d["code"].as_str().unwrap().to_string();
    let (s, _) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}"),
            Some(&other),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "not theirs yet");
    let (s, d) = act(&w, &reception, &code, 1, json!({ "action": "hand-over", "to_agency": "000.30.01.H92", "to_account": null, "note": "Chuyển phường Cái Khế giải quyết" })).await;
    assert_eq!(
        (s, d["handling_agency"].as_str()),
        (StatusCode::OK, Some("000.30.01.H92")),
        "{d}"
    );
    let (s, d) = act(
        &w,
        &other,
        &code,
        2,
        json!({ "action": "draft-result", "summary": "Đã giải quyết" }),
    )
    .await;
    assert_eq!(
        s,
        StatusCode::OK,
        "the receiving agency's specialist settles it: {d}"
    );
}

#[tokio::test]
async fn bad_input_names_the_field_and_writes_nothing() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    type Change = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(Change, StatusCode, &str)> = vec![
        (
            Box::new(|b| b["applicant"]["id_number"] = json!("09219000123")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "applicant.id_number",
        ),
        (
            Box::new(|b| b["applicant"]["phone"] = json!("12345")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "applicant.phone",
        ),
        (
            Box::new(|b| b["applicant"]["name"] = json!("  ")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "applicant.name",
        ),
        (
            Box::new(|b| b["procedure_code"] = json!("9.999999")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "procedure_code",
        ),
        (
            Box::new(|b| b["procedure_code"] = json!("không có")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "procedure_code",
        ),
        (
            Box::new(|b| b["components"] = json!([{ "name": "Giấy chứng sinh" }])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "components",
        ),
        (
            Box::new(|b| b["center_id"] = json!(999)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "center_id",
        ),
        (
            Box::new(|b| b["decision"] = json!({ "kind": "maybe" })),
            StatusCode::UNPROCESSABLE_ENTITY,
            "decision.kind",
        ),
        (
            Box::new(|b| b["channel"] = json!("fax")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "channel",
        ),
    ];
    for (change, status, field) in cases {
        let mut body = intake_body(w.a);
        change(&mut body);
        let (s, e) = w
            .send(
                "POST",
                "/api/v1/dossiers",
                Some(&reception),
                Some(body),
                &[],
            )
            .await;
        assert_eq!((s, e["field"].as_str()), (status, Some(field)), "{e}");
        assert!(!e["error"].as_str().unwrap().is_empty());
    }
    let (s, e) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(json!({"center_id": 1})),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["field"], "procedure_code");
    assert!(e["error"].as_str().unwrap().starts_with("Thủ tục: "), "{e}");
    assert_eq!(w.dossier_count().await, 0, "nothing was written");
    assert_eq!(
        w.store
            .last_dossier_seq(&"000.30.00.H92".parse().unwrap(), today())
            .await
            .unwrap(),
        0,
        "no code was spent"
    );

    // A forged or missing CSRF token, and no session at all.
    let forged = Who {
        csrf: "forged".into(),
        ..reception.clone()
    };
    let (s, _) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&forged),
            Some(intake_body(w.a)),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            None,
            Some(intake_body(w.a)),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            None,
            Some(intake_body(w.a)),
            &[("authorization", "Bearer made-up")],
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(w.dossier_count().await, 0);

    // A transition the status does not allow, and a stale expected_seq.
    let (_, d) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(intake_body(w.a)),
            &[],
        )
        .await;
    let code = d["code"].as_str().unwrap().to_string();
    let leader = w.login("lanhdao.a").await;
    let (s, e) = act(&w, &leader, &code, 1, json!({ "action": "approve" })).await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
    assert!(e["error"].as_str().unwrap().contains("approve"));
    act(&w, &reception, &code, 1, json!({ "action": "hand-over", "to_agency": "000.30.00.H92", "to_account": null, "note": "" })).await;
    let (s, e) = act(&w, &reception, &code, 1, json!({ "action": "digitize" })).await;
    assert_eq!(s, StatusCode::CONFLICT, "stale: {e}");
    let (s, e) = act(&w, &reception, &code, 2, json!({ "action": "hand-over", "to_agency": "000.99.99.H92", "to_account": null, "note": "" })).await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("to_agency"))
    );
    let (s, e) = act(&w, &reception, &code, 2, json!({ "action": "teleport" })).await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("action"))
    );
    assert_eq!(
        w.store
            .events(
                w.store
                    .dossier(&code.parse().unwrap())
                    .await
                    .unwrap()
                    .unwrap()
                    .id
            )
            .await
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn a_double_click_makes_one_dossier() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let key = [("idempotency-key", "7f1c-counter-3")];
    let (s1, a) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(intake_body(w.a)),
            &key,
        )
        .await;
    let (s2, b) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(intake_body(w.a)),
            &key,
        )
        .await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!(a["code"], b["code"]);
    assert_eq!(w.dossier_count().await, 1);
}

/// Every route × every role × own and foreign center.
#[tokio::test]
async fn who_may_do_what_where() {
    let w = world().await;
    let owner = w.login("tiepnhan.a").await;
    let (_, d) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&owner),
            Some(intake_body(w.a)),
            &[],
        )
        .await;
    let code = d["code"].as_str().unwrap().to_string();
    use StatusCode as S;
    // (user, intake at A, intake at B, read the A dossier, hand it over, look up applicants)
    let table: &[(&str, S, S, S, S, S)] = &[
        ("tiepnhan.a", S::CREATED, S::FORBIDDEN, S::OK, S::OK, S::OK),
        ("buudien.a", S::CREATED, S::FORBIDDEN, S::OK, S::OK, S::OK),
        // Only the counter looks up applicants (to prefill an intake).
        (
            "chuyenvien.a",
            S::FORBIDDEN,
            S::FORBIDDEN,
            S::OK,
            S::OK,
            S::FORBIDDEN,
        ),
        (
            "lanhdao.a",
            S::FORBIDDEN,
            S::FORBIDDEN,
            S::OK,
            S::OK,
            S::FORBIDDEN,
        ),
        (
            "tiepnhan.b",
            S::FORBIDDEN,
            S::CREATED,
            S::NOT_FOUND,
            S::NOT_FOUND,
            S::OK,
        ),
        (
            "chuyenvien.b",
            S::FORBIDDEN,
            S::FORBIDDEN,
            S::NOT_FOUND,
            S::NOT_FOUND,
            S::FORBIDDEN,
        ),
        (
            "giamsat",
            S::FORBIDDEN,
            S::FORBIDDEN,
            S::OK,
            S::FORBIDDEN,
            S::FORBIDDEN,
        ),
        (
            "kiemtra",
            S::FORBIDDEN,
            S::FORBIDDEN,
            S::OK,
            S::FORBIDDEN,
            S::FORBIDDEN,
        ),
        (
            "admin",
            S::FORBIDDEN,
            S::FORBIDDEN,
            S::OK,
            S::FORBIDDEN,
            S::FORBIDDEN,
        ),
    ];
    for (user, intake_a, intake_b, read, hand_over, lookup) in table {
        let who = w.login(user).await;
        let (s, _) = w
            .send(
                "POST",
                "/api/v1/dossiers",
                Some(&who),
                Some(intake_body(w.a)),
                &[],
            )
            .await;
        assert_eq!(s, *intake_a, "{user} intake at A");
        let (s, _) = w
            .send(
                "POST",
                "/api/v1/dossiers",
                Some(&who),
                Some(intake_body(w.b)),
                &[],
            )
            .await;
        assert_eq!(s, *intake_b, "{user} intake at B");
        let (s, _) = w
            .send(
                "GET",
                &format!("/api/v1/dossiers/{code}"),
                Some(&who),
                None,
                &[],
            )
            .await;
        assert_eq!(s, *read, "{user} read");
        let (s, _) = w
            .send(
                "GET",
                &format!("/api/v1/dossiers/{code}/events"),
                Some(&who),
                None,
                &[],
            )
            .await;
        assert_eq!(s, *read, "{user} events");
        let seq = w
            .store
            .dossier(&code.parse().unwrap())
            .await
            .unwrap()
            .unwrap()
            .last_seq;
        let (s, e) = act(&w, &who, &code, seq, json!({ "action": "digitize" })).await;
        let expect_digitize = if *user == "tiepnhan.a" || *user == "buudien.a" {
            S::OK
        } else if *read == S::NOT_FOUND {
            S::NOT_FOUND
        } else {
            S::FORBIDDEN
        };
        assert_eq!(s, expect_digitize, "{user} digitize: {e}");
        let (s, _) = w
            .send(
                "GET",
                "/api/v1/applicants?key=092190001234",
                Some(&who),
                None,
                &[],
            )
            .await;
        assert_eq!(s, *lookup, "{user} applicants");
        assert_eq!(
            w.pdf(&format!("/api/v1/dossiers/{code}/forms/01"), &who)
                .await
                .0,
            *read,
            "{user} receipt"
        );
        let today = today();
        let register = w
            .pdf(
                &format!("/api/v1/centers/{}/register?from={today}&to={today}", w.a),
                &who,
            )
            .await
            .0;
        assert_eq!(register, *read, "{user} register of center A");
        // Hand-over last: it moves the dossier on.
        if *hand_over == S::OK {
            let fresh = w
                .send(
                    "POST",
                    "/api/v1/dossiers",
                    Some(&owner),
                    Some(intake_body(w.a)),
                    &[],
                )
                .await
                .1;
            let c = fresh["code"].as_str().unwrap();
            let (s, e) = act(&w, &who, c, 1, json!({ "action": "hand-over", "to_agency": "000.30.00.H92", "to_account": null, "note": "" })).await;
            assert_eq!(
                s,
                S::OK,
                "{user} hands over (or picks up) an accepted dossier: {e}"
            );
        } else {
            let (s, _) = act(&w, &who, &code, seq + 1, json!({ "action": "hand-over", "to_agency": "000.30.00.H92", "to_account": null, "note": "" })).await;
            assert_eq!(s, *hand_over, "{user} hand-over");
        }
    }
}

#[tokio::test]
async fn tokens_sessions_and_the_public_lookup() {
    let w = world().await;
    let (s, e) = w
        .send(
            "POST",
            "/api/v1/session",
            None,
            Some(json!({ "username": "tiepnhan.a", "password": "sai" })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s2, e2) = w
        .send(
            "POST",
            "/api/v1/session",
            None,
            Some(json!({ "username": "khong-co", "password": "sai" })),
            &[],
        )
        .await;
    assert_eq!(
        (s2, &e2),
        (s, &e),
        "unknown users and wrong passwords look the same"
    );

    let reception = w.login("tiepnhan.a").await;
    let again = w.login("tiepnhan.a").await;
    assert_ne!(
        reception.cookie, again.cookie,
        "a new session id at each login"
    );
    let (s, me) = w
        .send("GET", "/api/v1/me", Some(&reception), None, &[])
        .await;
    assert_eq!(
        (s, me["username"].as_str()),
        (StatusCode::OK, Some("tiepnhan.a"))
    );

    let (s, t) = w
        .send(
            "POST",
            "/api/v1/tokens",
            Some(&reception),
            Some(json!({ "label": "máy quét", "scope": "read" })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let bearer = format!("Bearer {}", t["token"].as_str().unwrap());
    let (s, _) = w
        .send(
            "GET",
            "/api/v1/me",
            None,
            None,
            &[("authorization", &bearer)],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            None,
            Some(intake_body(w.a)),
            &[("authorization", &bearer)],
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "a read token cannot write");
    let (s, e) = w
        .send(
            "POST",
            "/api/v1/tokens",
            Some(&reception),
            Some(json!({ "label": "x", "scope": "all" })),
            &[],
        )
        .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("scope"))
    );

    let (_, d) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(intake_body(w.a)),
            &[],
        )
        .await;
    let code = d["code"].as_str().unwrap();
    let (s, public) = w
        .send(
            "GET",
            &format!("/api/v1/lookup?code={code}&phone=5678"),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{public}");
    assert_eq!(
        (public["status"].as_i64(), public["procedure"].as_str()),
        (Some(2), Some("Đăng ký khai sinh"))
    );
    let text = public.to_string();
    assert!(
        !text.contains("Nguyễn") && !text.contains("0912") && !text.contains("092190001234"),
        "no personal data: {text}"
    );
    let (s1, wrong) = w
        .send(
            "GET",
            &format!("/api/v1/lookup?code={code}&phone=1111"),
            None,
            None,
            &[],
        )
        .await;
    let (s2, unknown) = w
        .send(
            "GET",
            "/api/v1/lookup?code=000.30.00.H92-260101-0001&phone=5678",
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(
        (s1, &wrong),
        (s2, &unknown),
        "wrong digits and unknown codes look the same"
    );
    let (s, e) = w
        .send(
            "GET",
            &format!("/api/v1/lookup?code={code}&phone=78"),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("phone"))
    );

    let (s, _) = w
        .send("DELETE", "/api/v1/session", Some(&reception), None, &[])
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = w
        .send("GET", "/api/v1/me", Some(&reception), None, &[])
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "signed out");
}

#[tokio::test]
async fn the_openapi_document_covers_every_route() {
    let w = world().await;
    let (s, doc) = w.send("GET", "/api/openapi.json", None, None, &[]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for (path, methods) in [
        ("/api/v1/catalog", &["get"][..]),
        ("/api/v1/procedures", &["get"]),
        ("/api/v1/procedures/{code}", &["get"]),
        ("/api/v1/centers", &["get"]),
        ("/api/v1/stats", &["get"]),
        ("/api/v1/session", &["post", "delete"]),
        ("/api/v1/me", &["get"]),
        ("/api/v1/tokens", &["post"]),
        ("/api/v1/applicants", &["get"]),
        ("/api/v1/dossiers", &["post"]),
        ("/api/v1/dossiers/{code}", &["get"]),
        ("/api/v1/dossiers/{code}/events", &["get"]),
        ("/api/v1/dossiers/{code}/actions", &["post"]),
        ("/api/v1/lookup", &["get"]),
        ("/api/v1/submissions", &["post"]),
        ("/api/v1/tokens", &["get", "post"]),
        ("/api/v1/tokens/{id}", &["delete"]),
        ("/api/v1/me/password", &["post"]),
        ("/api/v1/dossiers/{code}/forms/{form}", &["get"]),
        ("/api/v1/centers/{id}/register", &["get"]),
        ("/api/v1/centers/{id}/register.xlsx", &["get"]),
        ("/api/v1/dossiers/{code}/scans", &["get", "post"]),
        ("/api/v1/dossiers/{code}/scans/exemptions", &["post"]),
        ("/api/v1/dossiers/{code}/scans/reuse", &["post"]),
        ("/api/v1/dossiers/{code}/scans/{id}", &["get"]),
        ("/api/v1/dossiers/{code}/scans/{id}/removal", &["post"]),
        ("/api/v1/dossiers/{code}/scans/{id}/thumbnail", &["get"]),
        ("/api/v1/dossiers/{code}/result", &["get", "post"]),
        ("/api/v1/lookup/result", &["get"]),
        ("/api/v1/dossiers/{code}/certifications", &["get", "post"]),
        (
            "/api/v1/dossiers/{code}/certifications/{year}/{number}/copy",
            &["get"],
        ),
        ("/api/v1/centers/{id}/certification-register", &["get"]),
        ("/api/v1/verification", &["post"]),
        ("/api/v1/verification/{token}", &["get", "post"]),
        ("/api/v1/dossiers/{code}/deliveries", &["get", "post"]),
        ("/api/v1/deliveries", &["get"]),
        ("/api/v1/deliveries/report", &["get"]),
        ("/api/v1/tracking-codes", &["post"]),
        ("/api/v1/deliveries/{id}/resend", &["post"]),
        ("/api/v1/deliveries/{id}/proof", &["get"]),
        ("/api/v1/postal/webhook", &["post"]),
        ("/api/v1/centers/{id}/service-groups", &["get"]),
        ("/api/v1/service-groups", &["post"]),
        ("/api/v1/centers/{id}/counters", &["get"]),
        ("/api/v1/counters", &["post"]),
        ("/api/v1/counters/{id}/close", &["post"]),
        ("/api/v1/counters/{id}/call-next", &["post"]),
        ("/api/v1/tickets/{id}", &["get"]),
        ("/api/v1/tickets/{id}/actions", &["post"]),
        ("/api/v1/kiosk/{secret}/tickets", &["post"]),
        ("/api/v1/centers/{id}/board", &["get"]),
        ("/api/v1/centers/{id}/board/events", &["get"]),
        ("/api/v1/centers/{id}/queue-times", &["get"]),
        ("/api/v1/centers/{id}/staffing-advice", &["get"]),
        ("/api/v1/centers/{id}/kiosks", &["get"]),
        ("/api/v1/kiosks", &["post"]),
        ("/api/v1/centers/{id}/kiosks/{kiosk}/revoke", &["post"]),
        ("/api/v1/ratings/{code}", &["get", "post"]),
        ("/api/v1/tablet/{secret}", &["get"]),
        ("/api/v1/tablet/{secret}/ratings", &["post"]),
        ("/api/v1/dossiers/{code}/ratings", &["get"]),
        ("/api/v1/guidance", &["post"]),
        ("/api/v1/guidance/{id}/dossier", &["post"]),
        ("/api/v1/centers/{id}/guidance", &["get"]),
        ("/api/v1/guidance/summary", &["get"]),
        ("/api/v1/feedback/form-token", &["get"]),
        ("/api/v1/feedback", &["post"]),
        ("/api/v1/feedback/{code}/tracking", &["get"]),
        ("/api/v1/feedback/{code}/info", &["post"]),
        ("/api/v1/feedback/{code}/rating", &["post"]),
        ("/api/v1/published-feedback", &["get"]),
        ("/api/v1/centers/{id}/feedback", &["get"]),
        ("/api/v1/centers/{id}/feedback-indicators", &["get"]),
        ("/api/v1/feedback/{code}", &["get"]),
        ("/api/v1/feedback/{code}/actions", &["post"]),
        ("/api/v1/dashboard", &["get"]),
        ("/api/v1/dashboard/dossiers", &["get"]),
        ("/api/v1/dashboard/export", &["get"]),
        ("/api/v1/dashboard/report.pdf", &["get"]),
    ] {
        let item = paths
            .get(path)
            .unwrap_or_else(|| panic!("{path} is not documented"));
        for m in methods {
            assert!(item.get(*m).is_some(), "{m} {path} is not documented");
        }
    }
    assert_eq!(
        paths.len(),
        91,
        "every documented path is a route: {:?}",
        paths.keys().collect::<Vec<_>>()
    );
    let intake = &doc["components"]["schemas"]["IntakeIn"];
    assert!(intake["properties"]["applicant"].is_object(), "{intake}");
    assert!(doc["components"]["schemas"]["ErrorBody"]["properties"]["field"].is_object());
}

/// The operations of the document, as (path, method, operation).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if ["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                out.push((path.clone(), method.clone(), op.clone()));
            }
        }
    }
    out
}

#[tokio::test]
async fn the_openapi_document_puts_each_parameter_where_it_is_read() {
    use utoipa::openapi::path::ParameterIn;
    use utoipa::IntoParams;
    let w = world().await;
    let (_, doc) = w.send("GET", "/api/openapi.json", None, None, &[]).await;
    for (path, method, op) in operations(&doc) {
        let params = op["parameters"].as_array().cloned().unwrap_or_default();
        let templated: Vec<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        for p in &params {
            let name = p["name"].as_str().unwrap();
            if p["in"] == "path" {
                assert!(
                    templated.contains(&name),
                    "{method} {path}: `{name}` is declared in the path but the path has no {{{name}}}"
                );
            }
        }
        for name in templated {
            assert!(
                params
                    .iter()
                    .any(|p| p["in"] == "path" && p["name"] == name),
                "{method} {path}: {{{name}}} is not declared as a path parameter"
            );
        }
    }
    // The structs read with `Query<…>`: their fields are query parameters, in
    // the structs themselves (so every route using them agrees) and in the document.
    let query_structs = [
        (
            "/api/v1/procedures",
            motcua_web::api::catalog::ProcedureParams::into_params(|| None),
        ),
        (
            "/api/v1/applicants",
            motcua_web::api::applicants::ApplicantQuery::into_params(|| None),
        ),
        (
            "/api/v1/lookup",
            motcua_web::api::lookup::LookupQuery::into_params(|| None),
        ),
        (
            "/api/v1/centers/{id}/register",
            motcua_web::forms::Period::into_params(|| None),
        ),
        (
            "/api/v1/centers/{id}/register.xlsx",
            motcua_web::forms::Period::into_params(|| None),
        ),
        (
            "/api/v1/guidance/summary",
            motcua_web::api::guidance::SummaryQuery::into_params(|| None),
        ),
        (
            "/api/v1/dashboard",
            motcua_web::cases::dashboard::Ask::into_params(|| None),
        ),
        (
            "/api/v1/dashboard/dossiers",
            motcua_web::api::dashboards::FigureQuery::into_params(|| None),
        ),
        (
            "/api/v1/dashboard/export",
            motcua_web::api::dashboards::ExportQuery::into_params(|| None),
        ),
    ];
    for (path, params) in query_structs {
        assert!(!params.is_empty());
        let documented = doc["paths"][path]["get"]["parameters"].as_array().unwrap();
        for p in params {
            assert!(p.parameter_in == ParameterIn::Query, "{path}: {}", p.name);
            assert!(
                documented
                    .iter()
                    .any(|d| d["name"] == p.name && d["in"] == "query"),
                "{path}: `{}` is not documented as a query parameter",
                p.name
            );
        }
    }
}

#[tokio::test]
async fn the_openapi_document_lists_the_errors_each_operation_can_answer() {
    let w = world().await;
    let (_, doc) = w.send("GET", "/api/openapi.json", None, None, &[]).await;
    let public = [
        "/api/v1/catalog",
        "/api/v1/procedures",
        "/api/v1/procedures/{code}",
        "/api/v1/centers",
        "/api/v1/stats",
        "/api/v1/session",
        "/api/v1/lookup",
        "/api/v1/lookup/result",
        "/api/v1/submissions",
        "/api/v1/verification",
        "/api/v1/verification/{token}",
        "/api/v1/postal/webhook",
        "/api/v1/centers/{id}/service-groups",
        "/api/v1/centers/{id}/board",
        "/api/v1/centers/{id}/board/events",
        "/api/v1/centers/{id}/staffing-advice",
        "/api/v1/kiosk/{secret}/tickets",
        "/api/v1/ratings/{code}",
        "/api/v1/tablet/{secret}",
        "/api/v1/tablet/{secret}/ratings",
        "/api/v1/procedures/{code}/declaration.pdf",
        "/api/v1/submissions/with-files",
        "/api/v1/feedback/form-token",
        "/api/v1/feedback",
        "/api/v1/feedback/{code}/tracking",
        "/api/v1/feedback/{code}/info",
        "/api/v1/feedback/{code}/rating",
        "/api/v1/published-feedback",
    ];
    let rate_limited = [
        ("post", "/api/v1/session"),
        ("get", "/api/v1/lookup"),
        ("get", "/api/v1/lookup/result"),
        ("post", "/api/v1/submissions"),
        ("get", "/api/v1/verification/{token}"),
        ("post", "/api/v1/verification"),
        ("post", "/api/v1/verification/{token}"),
        ("post", "/api/v1/postal/webhook"),
        ("post", "/api/v1/kiosk/{secret}/tickets"),
        ("get", "/api/v1/centers/{id}/board/events"),
        ("get", "/api/v1/ratings/{code}"),
        ("post", "/api/v1/ratings/{code}"),
        ("get", "/api/v1/tablet/{secret}"),
        ("post", "/api/v1/tablet/{secret}/ratings"),
        ("post", "/api/v1/procedures/{code}/declaration.pdf"),
        ("post", "/api/v1/submissions/with-files"),
        ("post", "/api/v1/feedback"),
        ("get", "/api/v1/feedback/{code}/tracking"),
        ("post", "/api/v1/feedback/{code}/info"),
        ("post", "/api/v1/feedback/{code}/rating"),
        ("get", "/api/v1/published-feedback"),
    ];
    for (path, method, op) in operations(&doc) {
        let responses = op["responses"].as_object().unwrap();
        let must = |status: &str| {
            let r = responses
                .get(status)
                .unwrap_or_else(|| panic!("{method} {path} does not document {status}"));
            assert_eq!(
                r["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/ErrorBody",
                "{method} {path} {status}"
            );
        };
        if op.get("requestBody").is_some() {
            for status in ["400", "413", "415", "422"] {
                must(status);
            }
        }
        if op["parameters"]
            .as_array()
            .is_some_and(|ps| ps.iter().any(|p| p["in"] != "header"))
        {
            must("400");
        }
        let signed_in = !(public.contains(&path.as_str())
            && !(path == "/api/v1/session" && method == "delete"));
        if signed_in {
            must("401");
            assert!(
                op["security"].is_array(),
                "{method} {path} declares how to sign in"
            );
            if method != "get" {
                must("403");
            }
        }
        if rate_limited.contains(&(method.as_str(), path.as_str())) {
            must("429");
            assert!(
                responses["429"]["headers"]["Retry-After"].is_object(),
                "{method} {path}"
            );
        } else {
            assert!(
                responses.get("429").is_none(),
                "{method} {path} is not rate limited"
            );
        }
        for (status, r) in responses {
            if status.starts_with('4') || status.starts_with('5') {
                must(status);
            } else if path.contains("/forms/") || path.ends_with("/register") {
                assert!(
                    r["content"]["application/pdf"].is_object(),
                    "{method} {path} {status}"
                );
            } else if path.ends_with(".xlsx") {
                assert!(
                    r["content"]
                        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
                        .is_object(),
                    "{method} {path} {status}"
                );
            }
        }
    }
}

impl World {
    /// Sends a request as built, and gives back the status, headers and body text.
    async fn raw(&self, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            headers,
            String::from_utf8_lossy(&bytes).into_owned(),
        )
    }

    /// Like [`World::raw`] for an error under `/api/`: it must be our JSON error.
    async fn api_error(&self, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Value) {
        let (status, headers, body) = self.raw(req).await;
        assert!(status.is_client_error(), "{status} {body}");
        assert_eq!(
            headers
                .get(header::CONTENT_TYPE)
                .map(|v| v.to_str().unwrap()),
            Some("application/json"),
            "{status} {body}"
        );
        let v: Value = serde_json::from_str(&body).unwrap_or_else(|_| panic!("JSON: {body}"));
        let message = v["error"].as_str().unwrap_or_else(|| panic!("{v}"));
        assert!(message.contains(" / "), "Vietnamese / English: {message}");
        assert!(
            v.as_object()
                .unwrap()
                .keys()
                .all(|k| k == "error" || k == "field"),
            "{v}"
        );
        (status, headers, v)
    }
}

#[tokio::test]
async fn api_errors_outside_the_handlers_are_json_too() {
    let w = world().await;
    let get = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();

    // An unknown API route is a JSON 404; an unknown page stays an HTML page.
    let (s, _, _) = w.api_error(get("/api/v1/nothing-here")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, _) = w.api_error(get("/api/v2/catalog")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, h, body) = w.raw(get("/khong-co")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(
        h[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html"),
        "{body}"
    );

    // A method the route does not take: 405, still saying which ones it does.
    let (s, h, _) = w
        .api_error(
            Request::delete("/api/v1/catalog")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED);
    assert!(h[header::ALLOW].to_str().unwrap().contains("GET"));
    let (s, _, _) = w
        .api_error(Request::put("/api/v1/session").body(Body::empty()).unwrap())
        .await;
    assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED);

    // Query parameters that do not parse or are missing are named.
    let (s, _, v) = w.api_error(get("/api/v1/procedures?limit=many")).await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("limit"))
    );
    let (s, _, v) = w
        .api_error(get("/api/v1/procedures?center=ninh-kieu"))
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("center"))
    );
    let (s, _, v) = w.api_error(get("/api/v1/lookup?pin=123456")).await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("code"))
    );

    // A path parameter that does not parse is named, even when the message
    // of the extractor does not name it.
    let leader = w.login("lanhdao.a").await;
    let (s, _, v) = w
        .api_error(
            Request::get("/api/v1/centers/ninh-kieu/register?from=2026-11-02&to=2026-11-06")
                .header(header::COOKIE, &leader.cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("id"))
    );
    let (s, _, v) = w
        .api_error(
            Request::get(format!(
                "/api/v1/centers/{}/register?from=2026-11-02&to=soon",
                w.a
            ))
            .header(header::COOKIE, &leader.cookie)
            .body(Body::empty())
            .unwrap(),
        )
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("to"))
    );
    // Dates that parse but have no next day (or no timestamp) are refused, not a crash.
    for (query, field) in [
        ("from=9999-12-31&to=9999-12-31", "from"),
        ("from=-009999-01-01&to=2026-01-01", "from"),
    ] {
        let (s, _, v) = w
            .api_error(
                Request::get(format!("/api/v1/centers/{}/register?{query}", w.a))
                    .header(header::COOKIE, &leader.cookie)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(
            (s, v["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field)),
            "{query}"
        );
    }
}

fn post_json(uri: &str, content_type: Option<&str>, body: impl Into<Body>) -> Request<Body> {
    let mut req = Request::post(uri);
    if let Some(t) = content_type {
        req = req.header(header::CONTENT_TYPE, t);
    }
    req.body(body.into()).unwrap()
}

#[tokio::test]
async fn api_bodies_that_are_not_json_too_large_or_malformed_are_refused_in_json() {
    let w = world().await;
    let count = w.dossier_count().await;
    let submission = json!({
        "center_id": w.a,
        "procedure_code": "2.004001",
        "applicant": { "name": "Trần Thị Bình", "phone": "0912345678" },
        "declaration": birth_declaration(),
    })
    .to_string();
    for uri in ["/api/v1/submissions", "/api/v1/session"] {
        // Not JSON, or not saying so: 415.
        for t in [
            None,
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
        ] {
            let (s, _, _) = w.api_error(post_json(uri, t, submission.clone())).await;
            assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{uri} {t:?}");
        }
        // Malformed: 400 about the body.
        for bad in ["", "{", "{\"center_id\": }", "nul"] {
            let (s, _, v) = w
                .api_error(post_json(uri, Some("application/json"), bad))
                .await;
            assert_eq!(
                (s, v["field"].as_str()),
                (StatusCode::BAD_REQUEST, Some("body")),
                "{uri} {bad:?}"
            );
            assert!(
                v["error"]
                    .as_str()
                    .unwrap()
                    .starts_with("JSON không hợp lệ / Malformed JSON"),
                "{v}"
            );
        }
        // Larger than the limit, announced or streamed: 413, before anything is parsed.
        let big = format!(
            "{{\"padding\": \"{}\"}}",
            "x".repeat(motcua_web::BODY_LIMIT)
        );
        let (s, _, _) = w
            .api_error(post_json(uri, Some("application/json"), big.clone()))
            .await;
        assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{uri}");
        let chunks: Vec<Result<String, std::io::Error>> = big
            .as_bytes()
            .chunks(8192)
            .map(|c| Ok(String::from_utf8_lossy(c).into_owned()))
            .collect();
        // In chunks, with no length announced.
        let streamed = Body::from_stream(futures::stream::iter(chunks));
        let (s, _, _) = w
            .api_error(post_json(uri, Some("application/json"), streamed))
            .await;
        assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{uri} streamed");
    }
    // Well formed but of the wrong shape: 422 naming the field, whichever
    // extractor the handler uses.
    let (s, _, v) = w
        .api_error(post_json(
            "/api/v1/session",
            Some("application/json"),
            r#"{"username": "a"}"#,
        ))
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("password"))
    );
    let (s, _, v) = w
        .api_error(post_json(
            "/api/v1/submissions",
            Some("application/json; charset=utf-8"),
            json!({ "center_id": "a", "procedure_code": "2.004001", "applicant": { "name": "B" } })
                .to_string(),
        ))
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("center_id")),
        "{v}"
    );
    let (s, _, v) = w
        .api_error(post_json(
            "/api/v1/submissions",
            Some("application/json"),
            json!({ "center_id": w.a, "procedure_code": "2.004001", "applicant": {} }).to_string(),
        ))
        .await;
    assert_eq!(
        (s, v["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("applicant.name")),
        "{v}"
    );
    assert_eq!(w.dossier_count().await, count, "nothing was written");
    // And a good one still goes through.
    let (s, _, body) = w
        .raw(post_json(
            "/api/v1/submissions",
            Some("application/json"),
            submission,
        ))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
}

impl World {
    async fn pdf(&self, uri: &str, who: &Who) -> (StatusCode, String) {
        let (status, bytes) = self.pdf_bytes(uri, who).await;
        if status != StatusCode::OK {
            return (status, String::new());
        }
        (status, pdf_text(&bytes))
    }
}

/// The narrowest gap, in points, between a word and the right edge of its
/// page (`pdftotext -bbox`): printers cannot print the last few millimetres.
fn right_margin(pdf: &[u8]) -> f64 {
    let html = pdftotext("-bbox", pdf);
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let mut narrowest = f64::MAX;
    for page in html.split("<page ").skip(1) {
        let width = attr(page, "width");
        for word in page.split("<word ").skip(1) {
            narrowest = narrowest.min(width - attr(word, "xMax"));
        }
    }
    narrowest
}

#[tokio::test]
async fn forms_print_with_their_fields_in_vietnamese() {
    let w = world().await;
    // Received after hours (20:00): the legal time starts the next morning, so
    // the steps taken at once are all early.
    w.clock.set("2026-11-24T13:00:00Z".parse().unwrap());
    let reception = w.login("tiepnhan.a").await;
    let specialist = w.login("chuyenvien.a").await;
    let leader = w.login("lanhdao.a").await;
    let (_, d) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(intake_body(w.a)),
            &[],
        )
        .await;
    let code = d["code"].as_str().unwrap().to_string();
    let form = |n: &str| format!("/api/v1/dossiers/{code}/forms/{n}");

    let (s, bytes) = w.pdf_bytes(&form("01"), &reception).await;
    assert_eq!(s, StatusCode::OK);
    let margin = right_margin(&bytes);
    assert!(margin >= 8.5, "text {margin:.1} pt from the paper's edge");
    // As drawn, so that a table cell's wrapped lines read as one.
    let receipt = pdftotext("-raw", &bytes);
    let text = squash(&receipt);
    let pin = format!("Mã tra cứu: {}", d["lookup_pin"].as_str().unwrap());
    for needle in [
        pin.as_str(),
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        &format!("Mã hồ sơ: {code}"),
        "Nguyễn Văn An",
        "092190001234",
        "Đăng ký khai sinh",
        "Giấy chứng sinh",
        "Bản sao (đã xuất trình bản chính)",
        "Thời gian nhận hồ sơ",
        "giờ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Nguyễn Thị Thu Hà",
    ] {
        assert!(
            text.contains(needle),
            "{needle:?} is missing from the receipt:\n{receipt}"
        );
    }
    let (s, _) = w.pdf(&form("02"), &reception).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "no supplement request yet");

    act(&w, &reception, &code, 1, json!({ "action": "hand-over", "to_agency": "000.30.00.H92", "to_account": null, "note": "" })).await;
    act(&w, &specialist, &code, 2, json!({ "action": "request-supplement", "items": ["Bản sao Giấy chứng nhận kết hôn của cha mẹ"], "reason": "Thiếu giấy tờ chứng minh quan hệ" })).await;
    let (_, supplement) = w.pdf(&form("02"), &reception).await;
    let text = squash(&supplement);
    assert!(
        text.contains("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ")
            && text.contains("Giấy chứng nhận kết hôn")
            && text.contains("Thiếu giấy tờ chứng minh quan hệ"),
        "{supplement}"
    );
    act(
        &w,
        &reception,
        &code,
        3,
        json!({ "action": "receive-supplement" }),
    )
    .await;
    act(&w, &leader, &code, 4, json!({ "action": "extend", "appointment": "2027-01-15T03:00:00Z", "reason": "Cần xác minh thông tin tại nơi cư trú" })).await;
    let (_, apology) = w.pdf(&form("04"), &leader).await;
    let text = squash(&apology);
    assert!(
        text.contains("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN")
            && text.contains("10 giờ 00 phút, ngày 15/01/2027")
            && text.contains("Cần xác minh thông tin"),
        "{apology}"
    );
    act(
        &w,
        &leader,
        &code,
        5,
        json!({ "action": "stop", "reason": "Người yêu cầu đã chết" }),
    )
    .await;
    let (_, stop) = w.pdf(&form("05"), &leader).await;
    assert!(
        squash(&stop).contains("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"),
        "{stop}"
    );
    let (_, slip) = w.pdf(&form("06"), &reception).await;
    let text = squash(&slip);
    assert!(
        text.contains("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ")
            && text.contains("Lê Minh Chánh")
            && text.contains("Trước hạn")
            && text.contains("Dừng xử lý"),
        "{slip}"
    );

    let mut refuse = intake_body(w.a);
    refuse["decision"] =
        json!({ "kind": "refuse", "reasons": "Hồ sơ thuộc thẩm quyền của Sở Tư pháp" });
    let (_, r) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(refuse),
            &[],
        )
        .await;
    let (_, refusal) = w
        .pdf(
            &format!("/api/v1/dossiers/{}/forms/03", r["code"].as_str().unwrap()),
            &reception,
        )
        .await;
    assert!(
        squash(&refusal).contains("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ")
            && squash(&refusal).contains("thuộc thẩm quyền của Sở Tư pháp"),
        "{refusal}"
    );

    let today = today();
    let (s, register) = w
        .pdf(
            &format!("/api/v1/centers/{}/register?from={today}&to={today}", w.a),
            &reception,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let text = squash(&register);
    assert!(
        text.contains("SỔ THEO DÕI HỒ SƠ")
            && text.contains(&code)
            && text.contains("Nguyễn Văn An"),
        "{register}"
    );

    let other = w.login("tiepnhan.b").await;
    assert_eq!(
        w.pdf(&form("01"), &other).await.0,
        StatusCode::NOT_FOUND,
        "another center's forms are not there"
    );
    assert_eq!(
        w.pdf(
            &format!("/api/v1/centers/{}/register?from={today}&to={today}", w.a),
            &other
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (s, e) = w
        .send("GET", &form("09"), Some(&reception), None, &[])
        .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("form"))
    );
}

#[tokio::test]
async fn the_public_lookup_page_answers_the_receipts_qr_code() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let (_, d) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(intake_body(w.a)),
            &[],
        )
        .await;
    let code = d["code"].as_str().unwrap();
    let html = |uri: String| {
        let router = w.router.clone();
        async move {
            let res = router
                .oneshot(Request::get(uri).body(Body::empty()).unwrap())
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
        }
    };
    let empty = html("/tra-cuu".into()).await;
    assert!(empty.contains("Tra cứu tình trạng hồ sơ") && !empty.contains("lookup-result"));
    let from_qr = html(format!("/tra-cuu?ma={code}")).await;
    assert!(
        from_qr.contains(&format!("value=\"{code}\"")),
        "the QR code fills in the code"
    );
    let found = html(format!("/tra-cuu?ma={code}&sdt=5678")).await;
    assert!(
        found.contains("<dd id=\"lookup-status\"><b>Được tiếp nhận</b></dd>"),
        "{found}"
    );
    assert!(
        found.contains("Đăng ký khai sinh") && !found.contains("Nguyễn Văn An"),
        "status without personal data"
    );
    let wrong = html(format!("/tra-cuu?ma={code}&sdt=0000")).await;
    assert!(
        wrong.contains("id=\"lookup-error\"") && !wrong.contains("lookup-result"),
        "{wrong}"
    );
    assert!(
        wrong.contains("Không tìm thấy hồ sơ") && !wrong.contains("No dossier with"),
        "only the reader's language: {wrong}"
    );
    let english = html(format!("/tra-cuu?ma={code}&sdt=5678&lang=en")).await;
    assert!(english.contains("<b>Accepted</b>"), "{english}");
}

#[tokio::test]
async fn an_online_submission_is_accepted_and_settled_on_time() {
    let w = world().await;
    let submission = json!({
        "center_id": w.a,
        "procedure_code": "2.004001",
        "applicant": { "name": "Phạm Thị Hoa", "phone": "0987 654 321" },
        "components": [{ "name": "Tờ khai đăng ký khai sinh" }],
        "declaration": birth_declaration()
    });
    let (s, public) = w
        .send(
            "POST",
            "/api/v1/submissions",
            None,
            Some(submission.clone()),
            &[],
        )
        .await;
    assert_eq!(
        (s, public["status"].as_i64()),
        (StatusCode::CREATED, Some(1)),
        "{public}"
    );
    assert!(
        public.get("applicant").is_none(),
        "the public answer holds no personal data"
    );
    let code = public["code"].as_str().unwrap().to_string();
    // Without a phone the citizen follows the dossier with its PIN.
    let mut no_phone = submission.clone();
    no_phone["applicant"]["phone"] = json!(null);
    let (s, e) = w
        .send("POST", "/api/v1/submissions", None, Some(no_phone), &[])
        .await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    let pin = e["lookup_pin"].as_str().unwrap();
    assert_eq!(pin.len(), 6);
    let (s, found) = w
        .send(
            "GET",
            &format!(
                "/api/v1/lookup?code={}&pin={pin}",
                e["code"].as_str().unwrap()
            ),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(
        (s, found["status"].as_i64()),
        (StatusCode::OK, Some(1)),
        "{found}"
    );
    let mut not_online = submission;
    not_online["procedure_code"] = json!("2.004104");
    let (s, e) = w
        .send("POST", "/api/v1/submissions", None, Some(not_online), &[])
        .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("procedure_code")),
        "chứng thực bản sao is not online: {e}"
    );

    let reception = w.login("tiepnhan.a").await;
    let (s, d) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(
        (s, d["channel"].as_str(), d["appointment"].is_null()),
        (StatusCode::OK, Some("online"), true),
        "{d}"
    );
    let (s, d) = act(&w, &reception, &code, 1, json!({ "action": "accept" })).await;
    assert_eq!((s, d["status"].as_i64()), (StatusCode::OK, Some(2)), "{d}");
    assert!(
        d["appointment"].is_string(),
        "accepting starts the legal time: {d}"
    );
    act(&w, &reception, &code, 2, json!({ "action": "hand-over", "to_agency": "000.30.00.H92", "to_account": null, "note": "" })).await;
    act(
        &w,
        &w.login("chuyenvien.a").await,
        &code,
        3,
        json!({ "action": "draft-result", "summary": "Giấy khai sinh" }),
    )
    .await;
    let (s, d) = act(
        &w,
        &w.login("lanhdao.a").await,
        &code,
        4,
        json!({ "action": "approve" }),
    )
    .await;
    assert_eq!((s, d["status"].as_i64()), (StatusCode::OK, Some(9)), "{d}");
    let today = today();
    // Two submissions (with and without a phone), one settled.
    let rollup = &w.store.rollups(w.a, today, today).await.unwrap()[0].counts;
    assert_eq!(
        (
            rollup.received,
            rollup.online,
            rollup.finished,
            rollup.on_time,
            rollup.late
        ),
        (2, 2, 1, 1, 0)
    );
}

#[tokio::test]
async fn a_late_dossier_gets_an_apology_and_still_counts_as_late() {
    let w = world().await;
    let now = now();
    let received = now - jiff::SignedDuration::from_hours(5 * 24);
    let overdue = now - jiff::SignedDuration::from_hours(2 * 24);
    let version = w
        .store
        .procedure(&"2.004001".parse().unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    let reception = w.login("tiepnhan.a").await;
    let account = w.store.account("tiepnhan.a").await.unwrap().unwrap();
    let d = w
        .store
        .open_dossier(&motcua_store::NewDossier {
            center_id: w.a,
            agency: "000.30.00.H92".parse().unwrap(),
            procedure_code: "2.004001".parse().unwrap(),
            procedure_version_id: version,
            channel: motcua_domain::catalog::Channel::InPerson,
            applicant: motcua_store::Applicant {
                name: "Võ Văn Tâm".into(),
                phone: Some("0911222333".parse().unwrap()),
                ..Default::default()
            },
            details: Default::default(),
            at: received,
            actor: Some(motcua_store::Actor {
                account_id: account.id,
                username: account.username,
                role: Role::Reception,
            }),
            action: motcua_store::Action::Accept {
                appointment: overdue,
            },
            to: motcua_store::Status::Accepted,
            notices: Vec::new(),
            idempotency_key: None,
            applicant_record: motcua_store::ApplicantRecordUse::LinkOrCreate,
            ticket_id: None,
            then: Vec::new(),
        })
        .await
        .unwrap();
    let code = d.code.to_string();
    let (_, got) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(got["standing"], "late", "{got}");
    act(&w, &reception, &code, 1, json!({ "action": "hand-over", "to_agency": "000.30.00.H92", "to_account": null, "note": "" })).await;
    let leader = w.login("lanhdao.a").await;
    let new_appointment = (now + jiff::SignedDuration::from_hours(10 * 24)).to_string();
    let (s, got) = act(&w, &leader, &code, 2, json!({ "action": "extend", "appointment": new_appointment, "reason": "Chờ kết quả xác minh của công an" })).await;
    assert_eq!(
        (s, got["standing"].as_str()),
        (StatusCode::OK, Some("on-time")),
        "the citizen's new appointment is ahead: {got}"
    );
    act(
        &w,
        &w.login("chuyenvien.a").await,
        &code,
        3,
        json!({ "action": "draft-result", "summary": "Giấy khai sinh" }),
    )
    .await;
    let (s, _) = act(&w, &leader, &code, 4, json!({ "action": "approve" })).await;
    assert_eq!(s, StatusCode::OK);
    let day = motcua_calendar::from_timestamp(received).date();
    let r = &w.store.rollups(w.a, day, day).await.unwrap()[0].counts;
    assert_eq!(
        (r.finished, r.on_time, r.late),
        (1, 0, 1),
        "a dossier that needed an apology is late"
    );
}

/// The staff pages, as a browser without JavaScript uses them.
#[tokio::test]
async fn staff_pages_sign_in_inbox_dossier_and_actions() {
    let w = world().await;
    let page = |method: &str, uri: &str, cookie: Option<&str>, form: Option<&str>| {
        let mut req = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::HOST, "motcua.local");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        let req = match form {
            Some(f) => req
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(f.to_string())),
            None => req.body(Body::empty()),
        }
        .unwrap();
        let router = w.router.clone();
        async move {
            let res = router.oneshot(req).await.unwrap();
            let status = res.status();
            let location = res
                .headers()
                .get(header::LOCATION)
                .map(|v| v.to_str().unwrap().to_string());
            let cookie = res
                .headers()
                .get(header::SET_COOKIE)
                .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string());
            let body =
                String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec())
                    .unwrap();
            (status, location, cookie, body)
        }
    };
    let (s, to, _, _) = page("GET", "/hop-thu", None, None).await;
    assert_eq!(
        (s, to.as_deref()),
        (StatusCode::SEE_OTHER, Some("/dang-nhap?next=/hop-thu")),
        "signed out: to the sign-in page"
    );
    let (s, _, _, body) = page(
        "POST",
        "/dang-nhap",
        None,
        Some("username=tiepnhan.a&password=sai&next=/hop-thu"),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert!(
        body.contains("Sai tên đăng nhập hoặc mật khẩu.") && body.contains("value=\"tiepnhan.a\"")
    );
    let (s, to, cookie, _) = page(
        "POST",
        "/dang-nhap",
        None,
        Some(&format!(
            "username=tiepnhan.a&password={}&next=//evil.example",
            urlencoding(PASSWORD)
        )),
    )
    .await;
    assert_eq!(
        (s, to.as_deref()),
        (StatusCode::SEE_OTHER, Some("/quay")),
        "never sent to another site: reception goes to the counter"
    );
    let cookie = cookie.unwrap();

    // A dossier received through the API shows in the inbox with its light.
    let reception = w.login("tiepnhan.a").await;
    let (_, d) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(intake_body(w.a)),
            &[],
        )
        .await;
    let code = d["code"].as_str().unwrap().to_string();
    let (s, _, _, inbox) = page("GET", "/hop-thu", Some(&cookie), None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        inbox.contains(&format!("href=\"/ho-so/{code}\"")) && inbox.contains("Nguyễn Văn An"),
        "{inbox}"
    );
    assert!(
        inbox.contains("<span id=\"current-centers\">Trung tâm Ninh Kiều</span>")
            && inbox.contains("id=\"nav-counter\""),
        "the user's center and the counter"
    );
    assert!(
        inbox.contains("class=\"light on-time\"") || inbox.contains("class=\"light due-soon\""),
        "{inbox}"
    );

    let (s, _, _, dossier) = page("GET", &format!("/ho-so/{code}"), Some(&cookie), None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        dossier.contains("id=\"action-hand-over\"") && dossier.contains("id=\"action-digitize\""),
        "reception may hand over and digitize"
    );
    assert!(
        !dossier.contains("id=\"action-approve\""),
        "but not approve"
    );
    assert!(
        dossier.contains(&format!("/api/v1/dossiers/{code}/forms/01")),
        "the receipt prints from the page"
    );
    let csrf = dossier
        .split("name=\"_csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();

    let forged = page(
        "POST",
        &format!("/ho-so/{code}/thao-tac"),
        Some(&cookie),
        Some("_csrf=forged&expected_seq=1&action=digitize"),
    )
    .await;
    assert_eq!(forged.0, StatusCode::FORBIDDEN);
    let (s, to, _, _) = page(
        "POST",
        &format!("/ho-so/{code}/thao-tac"),
        Some(&cookie),
        Some(&format!(
            "_csrf={csrf}&expected_seq=1&action=hand-over&to_agency=000.30.00.H92"
        )),
    )
    .await;
    assert_eq!(
        (s, to),
        (StatusCode::SEE_OTHER, Some(format!("/ho-so/{code}")))
    );
    let (s, _, _, refused) = page(
        "POST",
        &format!("/ho-so/{code}/thao-tac"),
        Some(&cookie),
        Some(&format!("_csrf={csrf}&expected_seq=2&action=approve")),
    )
    .await;
    // Not this user's to do: the page says why, answered 403.
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(
        refused.contains("id=\"action-error\"") && refused.contains("không được thực hiện approve"),
        "{refused}"
    );
    let (_, _, _, after) = page("GET", &format!("/ho-so/{code}"), Some(&cookie), None).await;
    assert!(
        after.contains("<b id=\"dossier-status\">Đang xử lý</b>") && after.contains("Chuyển xử lý"),
        "{after}"
    );

    let (s, to, cleared, _) = page(
        "POST",
        "/dang-xuat",
        Some(&cookie),
        Some(&format!("_csrf={csrf}")),
    )
    .await;
    assert_eq!((s, to.as_deref()), (StatusCode::SEE_OTHER, Some("/")));
    assert!(cleared.unwrap().ends_with('='), "the cookie is cleared");
    assert_eq!(
        page("GET", "/hop-thu", Some(&cookie), None).await.0,
        StatusCode::SEE_OTHER,
        "the session is gone"
    );
}

fn urlencoding(s: &str) -> String {
    motcua_web::auth::urlencode(s)
}

/// The counter without JavaScript: find the procedure, find the applicant,
/// tick the components, receive.
#[tokio::test]
async fn the_counter_receives_a_dossier() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let get = |uri: String| {
        let router = w.router.clone();
        let cookie = reception.cookie.clone();
        async move {
            let res = router
                .oneshot(
                    Request::get(uri)
                        .header(header::COOKIE, cookie)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await
                .unwrap();
            (
                res.status(),
                String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec())
                    .unwrap(),
            )
        }
    };
    let post = |uri: String, form: String| {
        let router = w.router.clone();
        let cookie = reception.cookie.clone();
        async move {
            let req = Request::post(uri)
                .header(header::COOKIE, cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form))
                .unwrap();
            let res = router.oneshot(req).await.unwrap();
            let location = res
                .headers()
                .get(header::LOCATION)
                .map(|v| v.to_str().unwrap().to_string());
            (
                res.status(),
                location,
                String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec())
                    .unwrap(),
            )
        }
    };
    let (s, search) = get("/quay?q=dang+ky+khai+sinh".into()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        search.contains("<a href=\"/quay/2.004001\" autofocus>Đăng ký khai sinh</a>"),
        "{search}"
    );
    let (s, form) = get("/quay/2.004001?key=092190001234".into()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        form.contains("value=\"092190001234\"") && !form.contains("applicant-found"),
        "a new applicant: the CCCD is carried over"
    );
    let csrf = reception.csrf.clone();
    let idem = form
        .split("name=\"idempotency\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let base = format!("_csrf={csrf}&idempotency={idem}&name=L%C3%AA+Th%E1%BB%8B+H%E1%BB%93ng&id_number=092190001234&phone=0912345678&address=&pages=1&copies=1&result_channel=counter&reasons=");
    // Without the birth certificate (component 1), the dossier cannot be received.
    let (s, _, missing) = post(
        "/quay/2.004001".into(),
        format!("{base}&c0=on&n0=1&c2=on&n2=1&decision=accept"),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing.contains("id=\"intake-error\"")
            && missing.contains("Giấy chứng sinh")
            && missing.contains("value=\"Lê Thị Hồng\""),
        "{missing}"
    );
    assert_eq!(w.dossier_count().await, 0);
    // The form comes back as the officer left it: what was ticked and what
    // was not, the counts, "original shown", the result channel.
    let typed = base.replace("result_channel=counter", "result_channel=post");
    let (s, _, kept) = post(
        "/quay/2.004001".into(),
        format!("{typed}&c0=on&n0=2&c2=on&n2=3&o2=on&decision=accept"),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    for (needle, present) in [
        ("name=\"c0\" id=\"c0\" checked", true),
        ("name=\"c1\" id=\"c1\" checked", false),
        ("name=\"n0\" value=\"2\"", true),
        ("name=\"n2\" value=\"3\"", true),
        ("name=\"o2\" checked", true),
        ("name=\"o0\" checked", false),
        ("<option value=\"post\" selected>", true),
    ] {
        assert_eq!(kept.contains(needle), present, "{needle}: {kept}");
    }
    // A count that is not a number is named, not taken as 1.
    let (s, _, bad) = post(
        "/quay/2.004001".into(),
        format!("{base}&c0=on&n0=hai&c1=on&n1=1&c2=on&n2=1&decision=accept"),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.contains("«hai» không phải là số") && bad.contains("value=\"hai\""),
        "{bad}"
    );
    // Enter in "reason for refusal" submits "receive": the reason is not dropped,
    // and nothing is received.
    let (s, _, asked) = post(
        "/quay/2.004001".into(),
        format!("{base}&c0=on&n0=1&c1=on&n1=1&c2=on&n2=1&decision=accept")
            .replace("reasons=", "reasons=Sai+th%E1%BA%A9m+quy%E1%BB%81n"),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        asked.contains("Đã nhập lý do từ chối") && asked.contains("value=\"Sai thẩm quyền\""),
        "{asked}"
    );
    assert_eq!(w.dossier_count().await, 0);
    let all = format!("{base}&c0=on&n0=1&c1=on&n1=1&c2=on&n2=1&o2=on&decision=accept");
    let (s, to, _) = post("/quay/2.004001".into(), all.clone()).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let to = to.unwrap();
    assert!(to.starts_with("/ho-so/000.30.00.H92-"), "{to}");
    let (_, to_again, _) = post("/quay/2.004001".into(), all).await;
    assert_eq!(
        to_again.as_deref(),
        Some(to.as_str()),
        "a double submit of the same form makes one dossier"
    );
    assert_eq!(w.dossier_count().await, 1);
    let (_, page) = get(to).await;
    assert!(
        page.contains("<b id=\"dossier-status\">Được tiếp nhận</b>")
            && page.contains("id=\"form-01\""),
        "{page}"
    );
    // The applicant is found next time.
    let (_, again) = get("/quay/2.004101?key=0912345678".into()).await;
    assert!(
        again.contains("id=\"applicant-found\"") && again.contains("value=\"Lê Thị Hồng\""),
        "{again}"
    );
}

#[tokio::test]
async fn dossier_search_with_and_without_diacritics_stays_in_ones_centers() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let mut body = intake_body(w.a);
    body["applicant"]["name"] = json!("Đoàn Thị Thúy Hằng");
    let (_, d) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(body),
            &[],
        )
        .await;
    let code = d["code"].as_str().unwrap().to_string();
    let search = |who: Who, q: &'static str| {
        let router = w.router.clone();
        async move {
            let uri = format!("/tim-kiem?q={}", motcua_web::auth::urlencode(q));
            let res = router
                .oneshot(
                    Request::get(uri)
                        .header(header::COOKIE, who.cookie)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
        }
    };
    for q in [
        "doan thi thuy hang",
        "Đoàn Thị Thúy Hằng",
        "thuy hang",
        "092190001234",
    ] {
        let page = search(reception.clone(), q).await;
        assert!(
            page.contains(&format!("href=\"/ho-so/{code}\"")),
            "{q}: {page}"
        );
    }
    let other = search(w.login("tiepnhan.b").await, "doan thi thuy hang").await;
    assert!(
        other.contains("id=\"no-results\""),
        "another center's dossiers are not found"
    );
    let supervisor = search(w.login("giamsat").await, "doan thi thuy hang").await;
    assert!(
        supervisor.contains(&code),
        "the supervisor searches the province"
    );
}

#[tokio::test]
async fn the_inbox_filters_and_a_hand_over_assigns_a_specialist() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let specialist = w.login("chuyenvien.a").await;
    let mut codes = Vec::new();
    for _ in 0..2 {
        let (_, d) = w
            .send(
                "POST",
                "/api/v1/dossiers",
                Some(&reception),
                Some(intake_body(w.a)),
                &[],
            )
            .await;
        codes.push(d["code"].as_str().unwrap().to_string());
    }
    act(&w, &reception, &codes[1], 1, json!({ "action": "hand-over", "to_agency": "000.30.00.H92", "to_account": null, "note": "" })).await;
    act(
        &w,
        &specialist,
        &codes[1],
        2,
        json!({ "action": "request-supplement", "items": ["Tờ khai"], "reason": "Chưa ký" }),
    )
    .await;
    let get = |uri: String, who: Who| {
        let router = w.router.clone();
        async move {
            let res = router
                .oneshot(
                    Request::get(uri)
                        .header(header::COOKIE, who.cookie)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
        }
    };
    let waiting = get("/hop-thu?trang_thai=5".into(), reception.clone()).await;
    assert!(
        waiting.contains(&codes[1]) && !waiting.contains(&codes[0]),
        "only the dossier waiting for a supplement"
    );
    assert!(waiting.contains("<option value=\"5\" selected>"));
    let by_field = get("/hop-thu?linh_vuc=CT".into(), reception.clone()).await;
    assert!(!by_field.contains(&codes[0]), "no chứng thực dossiers");

    let specialist_inbox = get("/hop-thu".into(), specialist.clone()).await;
    assert!(
        !specialist_inbox.contains("id=\"nav-counter\""),
        "no counter for a specialist"
    );
    let page = get(format!("/ho-so/{}", codes[0]), reception.clone()).await;
    assert!(
        page.contains(&format!(
            "<option value=\"{}\">Lê Minh Chánh</option>",
            w.specialist_a
        )),
        "the agency's specialists are offered: {page}"
    );
    let form = format!(
        "_csrf={}&expected_seq=1&action=hand-over&to_agency=000.30.00.H92&to_account={}",
        reception.csrf, w.specialist_a
    );
    let req = Request::post(format!("/ho-so/{}/thao-tac", codes[0]))
        .header(header::COOKIE, &reception.cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .unwrap();
    assert_eq!(
        w.router.clone().oneshot(req).await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    let (_, d) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{}", codes[0]),
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(d["assigned_to"], w.specialist_a.0, "{d}");
}
