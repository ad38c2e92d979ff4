//! Opinions and complaints (PAKN) end to end, in process, on a fixed clock
//! (Tuesday 24 November 2026, 08:30 in Vietnam): the guard of the public
//! form, sending about a center or a dossier (code + PIN), tracking, the
//! center's steps and who may take them, deadlines to the minute (the
//! answer's clock paused while the sender is asked), publication without
//! personal data, the rating, indicators 5.1–5.4; and the same through the
//! pages, a refused form coming back as typed.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use http_body_util::BodyExt;
use jiff::SignedDuration;
use serde_json::{json, Value};
use tower::ServiceExt;

const PHONE: &str = "0912 345 678";

async fn token(w: &World) -> String {
    let (s, t) = w
        .send("GET", "/api/v1/feedback/form-token", None, None, &[])
        .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_eq!(t["honeypot"], "website");
    t["form_token"].as_str().unwrap().to_string()
}

fn later(w: &World, secs: i64) {
    w.clock.advance(SignedDuration::from_secs(secs));
}

fn general(w: &World, token: &str) -> Value {
    json!({
        "center_id": w.a,
        "category": "attitude",
        "content": format!("Chị Trần Thị Mai ở quầy 2 hẹn tôi ba lần. Gọi tôi: {PHONE}, thư mai.tran@example.vn"),
        "name": "Trần Thị Mai",
        "phone": PHONE,
        "form_token": token,
    })
}

async fn send_from_client(w: &World, client: &str, body: Value) -> (StatusCode, Value) {
    let res = send_from(w, client, Request::post("/api/v1/feedback"), Some(body)).await;
    let status = res.status();
    (status, json_of(res).await)
}

#[tokio::test]
async fn the_form_guard_refuses_robots_in_words() {
    let w = world().await;
    let t = token(&w).await;
    // Sent at once: too fast for a person.
    let (s, e) = send_from_client(&w, "10.0.0.1", general(&w, &t)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["field"], "form_token");
    assert!(e["error"].as_str().unwrap().contains("quá nhanh"), "{e}");
    later(&w, 5);
    // The honeypot filled.
    let mut body = general(&w, &t);
    body["website"] = json!("http://spam.example");
    let (s, e) = send_from_client(&w, "10.0.0.1", body).await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("website"))
    );
    // A forged token, and one two hours and more old.
    let forged = format!("{}.{}", now().as_second(), "0".repeat(32));
    let (s, e) = send_from_client(&w, "10.0.0.1", general(&w, &forged)).await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("form_token"))
    );
    assert!(e["error"].as_str().unwrap().contains("không hợp lệ"), "{e}");
    later(&w, 2 * 3600);
    let (s, e) = send_from_client(&w, "10.0.0.1", general(&w, &t)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e["error"].as_str().unwrap().contains("2 giờ"), "{e}");
    // Ten tries an hour from one address (that one was the first of a new
    // hour), then 429 with the wait in words, even with a good form.
    let t = token(&w).await;
    later(&w, 10);
    for _ in 0..9 {
        let (s, _) = send_from_client(&w, "10.0.0.1", general(&w, &forged)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let res = send_from(
        &w,
        "10.0.0.1",
        Request::post("/api/v1/feedback"),
        Some(general(&w, &t)),
    )
    .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().get(header::RETRY_AFTER).is_some());
    let e = json_of(res).await;
    assert!(e["error"].as_str().unwrap().contains("giây"), "{e}");
    // Another address is not slowed.
    let (s, e) = send_from_client(&w, "10.0.0.2", general(&w, &t)).await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    // Nothing half-written: only that one PAKN exists.
    let (_, list) = w
        .send(
            "GET",
            &format!("/api/v1/centers/{}/feedback", w.a),
            Some(&w.login("lanhdao.a").await),
            None,
            &[],
        )
        .await;
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
}

#[tokio::test]
async fn fields_are_checked_and_a_dossier_needs_its_pin() {
    let w = world().await;
    let t = token(&w).await;
    later(&w, 5);
    let check = |body: Value, field: &'static str| {
        let w = &w;
        async move {
            let (s, e) = w
                .send("POST", "/api/v1/feedback", None, Some(body), &[])
                .await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
            assert_eq!(e["field"], field, "{e}");
            e
        }
    };
    let mut b = general(&w, &t);
    b["category"] = json!("spam");
    check(b, "category").await;
    let mut b = general(&w, &t);
    b["content"] = json!("x".repeat(4001));
    check(b, "content").await;
    let mut b = general(&w, &t);
    b["phone"] = Value::Null;
    let e = check(b, "phone").await;
    assert!(e["error"].as_str().unwrap().contains("điện thoại"), "{e}");
    let mut b = general(&w, &t);
    b["center_id"] = Value::Null;
    check(b, "center_id").await;

    let reception = w.login("tiepnhan.a").await;
    let code = w.receive_at_a(&reception).await["code"]
        .as_str()
        .unwrap()
        .to_string();
    let mut b = general(&w, &t);
    b["center_id"] = Value::Null;
    b["dossier_code"] = json!(code);
    b["pin"] = json!("000000");
    let e = check(b.clone(), "pin").await;
    assert!(
        e["error"].as_str().unwrap().contains("giấy tiếp nhận"),
        "{e}"
    );
    let key = w.state.lookup_key().await.unwrap();
    let pin = motcua_web::privacy::lookup_pin(key, &code.parse().unwrap());
    b["pin"] = json!(pin);
    let (s, sent) = w.send("POST", "/api/v1/feedback", None, Some(b), &[]).await;
    assert_eq!(s, StatusCode::CREATED, "{sent}");
    // The dossier's page shows it to its staff.
    let (_, page) = w.page(&reception, &format!("/ho-so/{code}")).await;
    assert!(
        page.contains(sent["code"].as_str().unwrap()),
        "dossier page lists the PAKN"
    );
}

#[tokio::test]
async fn a_pakn_is_handled_within_its_deadlines_published_and_rated() {
    let w = world().await;
    let t = token(&w).await;
    later(&w, 30);
    let (s, sent) = w
        .send("POST", "/api/v1/feedback", None, Some(general(&w, &t)), &[])
        .await;
    assert_eq!(s, StatusCode::CREATED, "{sent}");
    let code = sent["code"].as_str().unwrap().to_string();
    assert!(code.starts_with(&format!("PAKN-{}-261124-", w.a)), "{code}");
    let key = sent["key"].as_str().unwrap().to_string();
    let tracking = format!("/api/v1/feedback/{code}/tracking?k={key}");

    // Tracking: a wrong key is "not found"; the right one shows the deadline:
    // received Tuesday 24th 08:30:30, fifteen working days later.
    let (s, _) = w
        .send(
            "GET",
            &format!("/api/v1/feedback/{code}/tracking?k=00"),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, tr) = w.send("GET", &tracking, None, None, &[]).await;
    assert_eq!(s, StatusCode::OK, "{tr}");
    assert_eq!(tr["status"], "received");
    assert_eq!(tr["answer_by"], "2026-12-15T01:30:30Z");

    let leader = w.login("lanhdao.a").await;
    let specialist = w.login("chuyenvien.a").await;
    let reception = w.login("tiepnhan.a").await;
    let other = w.login("tiepnhan.b").await;
    let supervisor = w.login("giamsat").await;
    let path = format!("/api/v1/feedback/{code}");
    let act = |who: &Who, body: Value| {
        let (w, path) = (&w, path.clone());
        let who = who.clone();
        async move {
            w.send(
                "POST",
                &format!("{path}/actions"),
                Some(&who),
                Some(body),
                &[],
            )
            .await
        }
    };
    // Another center's staff do not see it; a supervisor sees it masked.
    assert_eq!(
        w.send("GET", &path, Some(&other), None, &[]).await.0,
        StatusCode::NOT_FOUND
    );
    let (_, seen) = w.send("GET", &path, Some(&supervisor), None, &[]).await;
    assert_eq!(seen["feedback"]["sender_phone"], "***");
    let (_, seen) = w.send("GET", &path, Some(&leader), None, &[]).await;
    assert_eq!(seen["feedback"]["sender_phone"], "0912345678");
    assert_eq!(seen["feedback"]["refuse_by"], "2026-11-26T01:30:30Z");
    assert_eq!(seen["feedback"]["ask_info_by"], "2026-12-01T01:30:30Z");
    let v = seen["feedback"]["version"].as_i64().unwrap();

    // Only the leader assigns, to someone of the center.
    let assign = json!({ "action": "assign", "expected_version": v, "to_account": w.specialist_a });
    assert_eq!(
        act(&specialist, assign.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    let (s, e) = act(
        &leader,
        json!({ "action": "assign", "expected_version": v, "to_account": 999 }),
    )
    .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("to_account"))
    );
    let (s, f) = act(&leader, assign.clone()).await;
    assert_eq!(s, StatusCode::OK, "{f}");
    assert_eq!(f["status"], "handling");
    // A step on the version read before is refused.
    assert_eq!(act(&leader, assign).await.0, StatusCode::CONFLICT);
    let v = f["version"].as_i64().unwrap();
    // Reception is not assigned: it may not answer.
    let (s, _) = act(
        &reception,
        json!({ "action": "answer", "expected_version": v, "text": "x" }),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // Thursday 26th 08:30: the officer asks for more information.
    w.clock.set("2026-11-26T01:30:30Z".parse().unwrap());
    let specialist = w.login("chuyenvien.a").await;
    let (s, f) = act(
        &specialist,
        json!({ "action": "ask-info", "expected_version": v, "text": "Anh/chị đến quầy nào, lúc mấy giờ?" }),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{f}");
    assert_eq!(f["answer_by"], Value::Null, "paused");
    let (_, tr) = w.send("GET", &tracking, None, None, &[]).await;
    assert_eq!(tr["info_request"], "Anh/chị đến quầy nào, lúc mấy giờ?");
    // Monday 30th 08:30 the sender replies: two working days (Thu, Fri) paused.
    w.clock.set("2026-11-30T01:30:30Z".parse().unwrap());
    let (s, tr) = w
        .send(
            "POST",
            &format!("/api/v1/feedback/{code}/info?k={key}"),
            None,
            Some(json!({ "reply": "Quầy 2, 9 giờ sáng." })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{tr}");
    assert_eq!(tr["status"], "handling");
    assert_eq!(tr["answer_by"], "2026-12-17T01:30:30Z");

    // Wednesday 2 December: the answer, then the leader publishes it.
    w.clock.set("2026-12-02T03:00:00Z".parse().unwrap());
    let (leader, specialist) = (w.login("lanhdao.a").await, w.login("chuyenvien.a").await);
    let other = w.login("tiepnhan.b").await;
    let (_, f) = w.send("GET", &path, Some(&specialist), None, &[]).await;
    let v = f["feedback"]["version"].as_i64().unwrap();
    let (s, f) = act(
        &specialist,
        json!({ "action": "answer", "expected_version": v, "text": "Trung tâm đã nhắc nhở cán bộ. Liên hệ lại 0912345678 nếu cần." }),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{f}");
    assert_eq!(f["publish_by"], "2026-12-04T03:00:00Z");
    let v = f["version"].as_i64().unwrap();
    assert_eq!(
        act(
            &specialist,
            json!({ "action": "publish", "expected_version": v })
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (s, f) = act(
        &leader,
        json!({ "action": "publish", "expected_version": v }),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{f}");
    assert_eq!(f["late"], json!([]));
    let published = f["published_question"].as_str().unwrap();
    for secret in ["0912", "Mai", "mai.tran", "345 678"] {
        assert!(!published.contains(secret), "{secret} in {published}");
        assert!(!f["published_answer"].as_str().unwrap().contains(secret));
    }
    assert!(published.contains("quầy 2"), "{published}");

    // The portal lists it, searchable, with no personal data.
    let (s, list) = w
        .send(
            "GET",
            &format!("/api/v1/published-feedback?center_id={}&q=nhac%20nho", w.a),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert!(!list.to_string().contains("0912"), "{list}");
    let (_, none) = w
        .send(
            "GET",
            &format!("/api/v1/published-feedback?center_id={}", w.b),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(none, json!([]));

    // The sender rates the answer, once.
    let rate = format!("/api/v1/feedback/{code}/rating?k={key}");
    let (s, tr) = w
        .send(
            "POST",
            &rate,
            None,
            Some(json!({ "rating": "not-satisfied" })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{tr}");
    assert_eq!(tr["rating"], "not-satisfied");
    assert_eq!(
        w.send(
            "POST",
            &rate,
            None,
            Some(json!({ "rating": "satisfied" })),
            &[]
        )
        .await
        .0,
        StatusCode::CONFLICT
    );

    // Indicators of the month: one PAKN, handled on time, disliked.
    let (s, i) = w
        .send(
            "GET",
            &format!(
                "/api/v1/centers/{}/feedback-indicators?from=2026-11-01&to=2026-11-30",
                w.a
            ),
            Some(&leader),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{i}");
    assert_eq!(
        (
            i["total"].as_u64(),
            i["handled_on_time"].as_u64(),
            i["disliked"].as_u64(),
            i["satisfied"].as_u64()
        ),
        (Some(1), Some(1), Some(1), Some(0))
    );
    assert_eq!(
        i["by_category"][0],
        json!({ "category": "attitude", "count": 1 })
    );
    assert_eq!(
        w.send(
            "GET",
            &format!("/api/v1/centers/{}/feedback-indicators", w.a),
            Some(&other),
            None,
            &[]
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (_, h) = w.send("GET", &path, Some(&leader), None, &[]).await;
    let steps: Vec<&str> = h["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "send",
            "assign",
            "ask-info",
            "give-info",
            "answer",
            "publish",
            "rate"
        ]
    );
}

#[tokio::test]
async fn an_unanswered_pakn_shows_overdue_to_the_center() {
    let w = world().await;
    let t = token(&w).await;
    later(&w, 5);
    let (s, sent) = w
        .send("POST", "/api/v1/feedback", None, Some(general(&w, &t)), &[])
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let code = sent["code"].as_str().unwrap();
    let leader = w.login("lanhdao.a").await;
    let list = format!("/api/v1/centers/{}/feedback?overdue=true", w.a);
    assert_eq!(
        w.send("GET", &list, Some(&leader), None, &[]).await.1,
        json!([])
    );
    // The 15th working day at 08:30:05 is the deadline; a minute after, overdue.
    w.clock.set("2026-12-15T01:31:05Z".parse().unwrap());
    let leader = w.login("lanhdao.a").await;
    let (_, rows) = w.send("GET", &list, Some(&leader), None, &[]).await;
    assert_eq!(rows[0]["code"], code, "{rows}");
    assert_eq!(rows[0]["late"], json!(["answer"]));
    let (s, page) = w.page(&leader, "/pakn?qua_han=1").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains(code) && page.contains("Quá hạn"), "{page}");
}

async fn get_page(w: &World, client: &str, uri: &str) -> (StatusCode, String) {
    let res = send_from(w, client, Request::get(uri), None).await;
    let s = res.status();
    (
        s,
        String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap(),
    )
}

async fn post_public(
    w: &World,
    client: &str,
    uri: &str,
    form: &[(&str, &str)],
) -> (StatusCode, Option<String>, String) {
    let body = form
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                motcua_web::auth::urlencode(k),
                motcua_web::auth::urlencode(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&");
    let mut req = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo::<std::net::SocketAddr>(
            format!("{client}:40000").parse().unwrap(),
        ));
    let res = w.router.clone().oneshot(req).await.unwrap();
    let s = res.status();
    let loc = res
        .headers()
        .get(header::LOCATION)
        .map(|l| l.to_str().unwrap().to_string());
    (
        s,
        loc,
        String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap(),
    )
}

#[tokio::test]
async fn through_the_pages_a_citizen_sends_an_officer_answers_the_portal_shows() {
    let w = world().await;
    let (s, form) = get_page(&w, "10.0.0.9", "/phan-anh").await;
    assert_eq!(s, StatusCode::OK);
    assert!(form.contains("name=\"website\"") && form.contains("class=\"hp\""));
    let tok = input_value(&form, "form_token");
    let center = w.a.to_string();
    let content = "Cô Lan ở quầy 1 không hướng dẫn. SĐT 0987 654 321";
    let fields = |tok: &str| -> Vec<(&'static str, String)> {
        vec![
            ("form_token", tok.to_string()),
            ("website", String::new()),
            ("center_id", center.clone()),
            ("category", "procedure".into()),
            ("content", content.into()),
            ("name", "Phạm Văn Tư".into()),
            ("phone", "0987654321".into()),
        ]
    };
    let send = |tok: String| {
        let w = &w;
        let f = fields(&tok);
        async move {
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post_public(w, "10.0.0.9", "/phan-anh", &f).await
        }
    };
    // Too fast: the form comes back with everything typed, and why.
    let (s, _, again) = send(tok.clone()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.contains("quá nhanh"), "{again}");
    assert!(
        again.contains(">Cô Lan ở quầy 1 không hướng dẫn. SĐT 0987 654 321</textarea>"),
        "typed content kept"
    );
    assert!(again.contains("value=\"Phạm Văn Tư\"") && again.contains("value=\"0987654321\""));
    assert!(again.contains("value=\"procedure\" selected"));
    later(&w, 4);
    let (s, to, _) = send(input_value(&again, "form_token")).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let to = to.unwrap();
    assert!(
        to.starts_with("/phan-anh/PAKN-") && to.contains("?k="),
        "{to}"
    );
    let (s, tracking) = get_page(&w, "10.0.0.9", &to).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        tracking.contains("Đã tiếp nhận") && tracking.contains("15/12/2026"),
        "{tracking}"
    );
    let code = to
        .trim_start_matches("/phan-anh/")
        .split('?')
        .next()
        .unwrap()
        .to_string();

    // The leader assigns on the page, the officer answers, the leader publishes.
    let leader = w.login("lanhdao.a").await;
    let specialist = w.login("chuyenvien.a").await;
    let (_, list) = w.page(&leader, "/pakn").await;
    assert!(list.contains(&code), "{list}");
    let (_, detail) = w.page(&leader, &format!("/pakn/{code}")).await;
    assert!(detail.contains("0987654321"), "the leader sees the contact");
    let version = input_value(&detail, "expected_version");
    let me = w.specialist_a.to_string();
    let (s, _, _) = w
        .post_form(
            &leader,
            &format!("/pakn/{code}/thao-tac"),
            &[
                ("action", "assign"),
                ("expected_version", &version),
                ("to_account", &me),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, detail) = w.page(&specialist, &format!("/pakn/{code}")).await;
    let version = input_value(&detail, "expected_version");
    // An empty answer comes back with the reason.
    let (s, _, page) = w
        .post_form(
            &specialist,
            &format!("/pakn/{code}/thao-tac"),
            &[
                ("action", "answer"),
                ("expected_version", &version),
                ("text", " "),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Nội dung trả lời"), "{page}");
    let (s, _, _) = w
        .post_form(
            &specialist,
            &format!("/pakn/{code}/thao-tac"),
            &[
                ("action", "answer"),
                ("expected_version", &version),
                ("text", "Đã hướng dẫn lại cán bộ quầy 1."),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, detail) = w.page(&leader, &format!("/pakn/{code}")).await;
    assert!(detail.contains("id=\"publish-form\""));
    assert!(!detail
        .split("id=\"publish-form\"")
        .nth(1)
        .unwrap()
        .split("</form>")
        .next()
        .unwrap()
        .contains("0987"));
    let version = input_value(&detail, "expected_version");
    let (s, _, _) = w
        .post_form(
            &leader,
            &format!("/pakn/{code}/thao-tac"),
            &[("action", "publish"), ("expected_version", &version)],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);

    let (s, portal) = get_page(
        &w,
        "10.0.0.9",
        &format!("/tra-loi-phan-anh?trung_tam={}", w.a),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        portal.contains(&code) && portal.contains("Đã hướng dẫn lại cán bộ quầy 1."),
        "{portal}"
    );
    assert!(
        !portal.contains("0987") && !portal.contains("Phạm Văn Tư") && !portal.contains("Cô Lan"),
        "{portal}"
    );

    // The citizen rates on the tracking page.
    let key = to.split("k=").nth(1).unwrap().split('&').next().unwrap();
    let (_, tracking) = get_page(&w, "10.0.0.9", &format!("/phan-anh/{code}?k={key}")).await;
    assert!(tracking.contains("Đã hướng dẫn lại") && tracking.contains("id=\"rate-form\""));
    let (s, _, _) = post_public(
        &w,
        "10.0.0.9",
        &format!("/phan-anh/{code}/danh-gia?k={key}"),
        &[("rating", "satisfied")],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, tracking) = get_page(&w, "10.0.0.9", &format!("/phan-anh/{code}?k={key}")).await;
    assert!(tracking.contains("id=\"feedback-rated\""), "{tracking}");
    // The lookup, home and center pages link to the form.
    for page in ["/", "/tra-cuu", &format!("/trung-tam/{}", w.a)] {
        let (_, html) = get_page(&w, "10.0.0.9", page).await;
        assert!(html.contains("href=\"/phan-anh"), "{page}");
    }
}

#[tokio::test]
async fn the_form_page_answers_too_many_in_words() {
    let w = world().await;
    let (_, form) = get_page(&w, "10.0.0.7", "/phan-anh").await;
    let tok = input_value(&form, "form_token");
    for _ in 0..10 {
        post_public(
            &w,
            "10.0.0.7",
            "/phan-anh",
            &[("form_token", &tok), ("content", "x")],
        )
        .await;
    }
    let (s, _, page) = post_public(
        &w,
        "10.0.0.7",
        "/phan-anh",
        &[("form_token", &tok), ("content", "Nội dung giữ lại")],
    )
    .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        page.contains("Xin thử lại sau") && page.contains("Nội dung giữ lại"),
        "{page}"
    );
    assert!(
        !page.trim_start().starts_with('{'),
        "a person never sees JSON"
    );
}
