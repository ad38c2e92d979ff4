//! The holes found by probing the API and pages as an attacker and a careless
//! client would, each closed: one test per hole, each failing on the code
//! before the fix.

mod common;

use axum::http::{header, Request, StatusCode};
use common::*;
use jiff::SignedDuration;
use motcua_domain::org::Role;
use serde_json::{json, Value};

async fn submit(w: &World, body: Value, key: Option<&str>) -> (StatusCode, Value) {
    let extra: Vec<(&str, &str)> = key.map(|k| ("idempotency-key", k)).into_iter().collect();
    w.send("POST", "/api/v1/submissions", None, Some(body), &extra)
        .await
}

fn submission(center: motcua_store::CenterId, name: &str, cccd: &str, phone: &str) -> Value {
    json!({
        "center_id": center,
        "procedure_code": "2.004001",
        "applicant": { "name": name, "id_number": cccd, "phone": phone },
        "components": [{ "name": "Tờ khai đăng ký khai sinh" }],
        "declaration": birth_declaration()
    })
}

/// Hole 1: an anonymous submission with someone's CCCD rewrote their record,
/// and the counter then prefilled the forged details.
#[tokio::test]
async fn an_online_submission_cannot_rewrite_a_citizens_record() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    w.receive_at_a(&reception).await;
    let (s, forged) = submit(
        &w,
        submission(w.a, "Kẻ Mạo Danh", "092190001234", "0987000111"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{forged}");
    let (s, found) = w
        .send(
            "GET",
            "/api/v1/applicants?key=092190001234",
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    assert_eq!(
        (found[0]["name"].as_str(), found[0]["phone"].as_str()),
        (Some("Nguyễn Văn An"), Some("0912345678"))
    );
    let (s, _) = w
        .send(
            "GET",
            "/api/v1/applicants?key=0987000111",
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK);

    // At the counter, other details for a known CCCD stay with the dossier;
    // the record changes only with a reason.
    let mut other = intake_body(w.a);
    other["applicant"]["phone"] = json!("0933444555");
    let (s, d) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(other.clone()),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    assert_eq!(d["applicant"]["phone"], "0933444555");
    let (_, found) = w
        .send(
            "GET",
            "/api/v1/applicants?key=092190001234",
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(found[0]["phone"], "0912345678");
    other["applicant_update_reason"] = json!("Công dân đổi số điện thoại");
    let (s, _) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(other),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (_, found) = w
        .send(
            "GET",
            "/api/v1/applicants?key=092190001234",
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(found[0]["phone"], "0933444555");
}

/// Hole 2: reception staff acted on another center's dossiers when the two
/// centers share an agency, and after a hand-over the receiving agency's
/// reception could withdraw it.
#[tokio::test]
async fn counter_staff_act_only_at_their_own_center() {
    let w = world().await;
    let point = w.add_center("000.30.00.H92", "Điểm tiếp nhận số 01").await;
    w.add_staff("tiepnhan.diem01", Role::Reception, Some(point))
        .await;
    let reception = w.login("tiepnhan.a").await;
    let d = w.receive_at_a(&reception).await;
    let code = d["code"].as_str().unwrap();
    let other = w.login("tiepnhan.diem01").await;
    let (s, _) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}"),
            Some(&other),
            None,
            &[],
        )
        .await;
    assert_eq!(
        s,
        StatusCode::NOT_FOUND,
        "another center's dossier is not found"
    );
    let (s, _) = act(&w, &other, code, 1, json!({ "action": "digitize" })).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}/forms/01"),
            Some(&other),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Handed over to agency B: B's specialist works on it, B's reception does not.
    let (s, moved) = act(
        &w,
        &reception,
        code,
        1,
        json!({ "action": "hand-over", "to_agency": "000.30.01.H92" }),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{moved}");
    let reception_b = w.login("tiepnhan.b").await;
    let (s, _) = act(
        &w,
        &reception_b,
        code,
        2,
        json!({ "action": "withdraw", "reason": "Công dân rút" }),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let specialist_b = w.login("chuyenvien.b").await;
    let (s, _) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}"),
            Some(&specialist_b),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
}

/// Holes 3 and 4: unbounded and garbage input was stored.
#[tokio::test]
async fn hostile_input_is_refused_naming_the_field_and_nothing_is_written() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let huge = "A".repeat(1_900_000);
    type Change = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(Change, &str)> = vec![
        (
            Box::new(|b| b["applicant"]["name"] = json!("Nguyễn\u{0}Văn")),
            "applicant.name",
        ),
        (
            Box::new(|b| b["applicant"]["name"] = json!("Nguyễn \u{202E}nA")),
            "applicant.name",
        ),
        (
            Box::new(|b| b["applicant"]["name"] = json!("\u{200B}\u{200B} \u{200B}")),
            "applicant.name",
        ),
        (
            Box::new(|b| b["applicant"]["name"] = json!("a\u{e000}b")),
            "applicant.name",
        ),
        (
            Box::new(|b| b["applicant"]["name"] = json!("a\u{fffe}b")),
            "applicant.name",
        ),
        (
            Box::new(|b| b["applicant"]["address"] = json!("x".repeat(301))),
            "applicant.address",
        ),
        (
            Box::new(|b| b["applicant"]["id_number"] = json!("999190001234")),
            "applicant.id_number",
        ),
        (
            Box::new(|b| b["applicant"]["phone"] = json!("0012345678")),
            "applicant.phone",
        ),
        (
            Box::new(|b| b["applicant"]["email"] = json!("not an address")),
            "applicant.email",
        ),
        (
            Box::new(|b| b["applicant"]["nickname"] = json!("An")),
            "applicant.nickname",
        ),
        (Box::new(|b| b["colour"] = json!("red")), "colour"),
        (
            Box::new(|b| b["components"] = json!(vec![json!({ "name": "Tờ khai" }); 61])),
            "components",
        ),
        (
            Box::new(|b| b["applicant"]["name"] = json!("Nguyễn ".repeat(5000))),
            "applicant.name",
        ),
        (
            Box::new(|b| b["components"][0]["count"] = json!(1_000_000)),
            "components[0].count",
        ),
        (Box::new(|b| b["pages"] = json!(100_000)), "pages"),
        (
            Box::new(|b| b["decision"] = json!({ "kind": "refuse", "reasons": "x".repeat(2001) })),
            "reasons",
        ),
    ];
    // Over the body limit, before anything is parsed: 413.
    let too_big: Vec<Change> = vec![
        Box::new(move |b| b["applicant"]["name"] = json!(huge.clone())),
        Box::new(|b| b["components"] = json!(vec![json!({ "name": "Tờ khai" }); 15_000])),
        Box::new(|b| b["decision"] = json!({ "kind": "refuse", "reasons": "x".repeat(1_500_000) })),
    ];
    for change in too_big {
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
        assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{e}");
        assert!(e["error"].as_str().unwrap().contains("quá lớn"), "{e}");
    }
    for (change, field) in cases {
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
        assert_eq!(
            (s, e["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field)),
            "{e}"
        );
        let message = e["error"].as_str().unwrap();
        assert!(
            message.len() < 1000,
            "the error does not echo the input: {}",
            message.len()
        );
        assert!(
            !message.contains("serde") && !message.contains("`"),
            "{message}"
        );
    }
    assert_eq!(w.dossier_count().await, 0, "nothing was written");

    let d = w.receive_at_a(&reception).await;
    let code = d["code"].as_str().unwrap();
    let (_, d) = act(&w, &reception, code, 1, json!({ "action": "hand-over", "to_agency": "000.30.00.H92", "to_account": w.specialist_a })).await;
    let seq = d["last_seq"].as_i64().unwrap();
    let specialist = w.login("chuyenvien.a").await;
    for (action, field) in [
        (
            json!({ "action": "request-payment", "amount": -50000 }),
            "amount",
        ),
        (
            json!({ "action": "hand-over", "to_agency": "000.30.00.H92", "to_account": 999_999 }),
            "to_account",
        ),
        (
            json!({ "action": "hand-over", "to_agency": "000.99.99.H92" }),
            "to_agency",
        ),
        (
            json!({ "action": "draft-result", "summary": "ok", "signed": true }),
            "signed",
        ),
        (
            json!({ "action": "request-supplement", "items": vec!["x"; 31], "reason": "thiếu" }),
            "items",
        ),
        (json!({ "action": "self-destruct" }), "action"),
        (
            json!({ "action": "hand-over", "to_agency": 12345 }),
            "to_agency",
        ),
        (
            json!({ "action": "hand-over", "to_agency": "000.30.00.H92", "to_account": "x" }),
            "to_account",
        ),
        (
            json!({ "action": "request-supplement", "items": "x", "reason": "thiếu" }),
            "items",
        ),
        (
            json!({ "action": "return", "received_by": "An", "by_post": "yes" }),
            "by_post",
        ),
        (json!({ "action": "stop", "reason": null }), "reason"),
    ] {
        let (s, e) = act(&w, &specialist, code, seq, action).await;
        assert_eq!(
            (s, e["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field)),
            "{e}"
        );
    }
    let (_, events) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}/events"),
            Some(&specialist),
            None,
            &[],
        )
        .await;
    assert_eq!(
        events.as_array().unwrap().len() as i64,
        seq,
        "no event was added"
    );
}

/// Hole 5: staff chose the legal appointment when accepting a submission.
#[tokio::test]
async fn the_appointment_comes_only_from_the_calendar() {
    let w = world().await;
    let (_, s) = submit(
        &w,
        submission(w.a, "Lê Thị Hoa", "092190005678", "0912000111"),
        None,
    )
    .await;
    let code = s["code"].as_str().unwrap();
    let reception = w.login("tiepnhan.a").await;
    let (st, e) = act(
        &w,
        &reception,
        code,
        1,
        json!({ "action": "accept", "appointment": "2099-12-31T00:00:00Z" }),
    )
    .await;
    assert_eq!(
        (st, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("appointment")),
        "{e}"
    );
    let (st, d) = act(&w, &reception, code, 1, json!({ "action": "accept" })).await;
    assert_eq!(st, StatusCode::OK, "{d}");
    // Accepted on Tuesday 08:30: 5 working days (birth registration is
    // immediate in law, 5wd in the demo catalog or less); never years away.
    let appointment: jiff::Timestamp = d["appointment"].as_str().unwrap().parse().unwrap();
    assert!(
        appointment > now() && appointment < now() + SignedDuration::from_hours(24 * 30),
        "{appointment}"
    );
}

/// Hole 6: a second citizen sending the same idempotency key got the first
/// one's dossier.
#[tokio::test]
async fn idempotency_keys_of_submissions_belong_to_one_citizen() {
    let w = world().await;
    let first = submission(w.a, "Lê Thị Hoa", "092190005678", "0912000111");
    let (_, a) = submit(&w, first.clone(), Some("key-1")).await;
    let (_, again) = submit(&w, first, Some("key-1")).await;
    assert_eq!(a["code"], again["code"], "a retry gets the same dossier");
    let (s, b) = submit(
        &w,
        submission(w.a, "Trần Văn Bình", "092190009999", "0912000222"),
        Some("key-1"),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_ne!(
        a["code"], b["code"],
        "another citizen's key opens another dossier"
    );
    assert_eq!(w.dossier_count().await, 2);
    let (s, e) = submit(
        &w,
        submission(w.a, "Trần Văn Bình", "092190009999", "0912000222"),
        Some(&"k".repeat(500)),
    )
    .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("Idempotency-Key"))
    );
}

/// Hole 7: the public lookup could be brute-forced (10,000 phone suffixes in
/// 6 s), and a dossier without a phone could never be looked up.
#[tokio::test]
async fn the_lookup_needs_the_receipts_pin_and_guessing_is_stopped() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let mut body = intake_body(w.a);
    body["applicant"]["phone"] = json!(null);
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
    let pin = d["lookup_pin"].as_str().unwrap().to_string();
    let lookup = |pin: String, client: &'static str| {
        let uri = format!("/api/v1/lookup?code={}&pin={pin}", code.to_lowercase());
        let w = &w;
        async move { send_from(w, client, Request::get(uri), None).await }
    };
    let res = lookup(pin.clone(), "203.0.113.7").await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "a dossier without a phone is found by its PIN"
    );

    // Guessing from one address: five wrong PINs, then that address waits
    // for this code, while the citizen with her receipt still gets in.
    let wrong = |i: u32| format!("{:06}", (pin.parse::<u32>().unwrap() + 1 + i) % 1_000_000);
    for i in 0..5 {
        let res = lookup(wrong(i), "198.51.100.1").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = lookup(pin.clone(), "198.51.100.1").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let body = json_of(res).await;
    assert!(
        body["error"].as_str().unwrap().contains("thử lại"),
        "{body}"
    );
    assert_eq!(
        lookup(pin.clone(), "203.0.113.7").await.status(),
        StatusCode::OK
    );

    // Guessing from many addresses: after 30 wrong PINs in all (5 above) the
    // code waits for everyone, but never more than five minutes at a time.
    let clients: Vec<&'static str> = (0..25)
        .map(|i| &*Box::leak(format!("198.51.100.{}", i + 10).into_boxed_str()))
        .collect();
    for (i, client) in clients.iter().enumerate() {
        let res = lookup(wrong(10 + i as u32), client).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = lookup(pin.clone(), "203.0.113.7").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: i64 = res.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=300).contains(&wait), "{wait}");
    w.clock.advance(SignedDuration::from_secs(wait));
    assert_eq!(
        lookup(pin.clone(), "203.0.113.7").await.status(),
        StatusCode::OK
    );

    // One client guessing across many codes is stopped too.
    for i in 0..20 {
        let res = send_from(
            &w,
            "192.0.2.9",
            Request::get(format!(
                "/api/v1/lookup?code=000.30.00.H92-261124-{:04}&pin=000000",
                i + 100
            )),
            None,
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "guess {i}");
    }
    let res = send_from(
        &w,
        "192.0.2.9",
        Request::get(format!("/api/v1/lookup?code={code}&pin={pin}")),
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

async fn login_from(
    w: &World,
    client: &str,
    username: &str,
    password: &str,
) -> axum::response::Response {
    send_from(
        w,
        client,
        Request::post("/api/v1/session"),
        Some(json!({ "username": username, "password": password })),
    )
    .await
}

/// Hole 8: 250 wrong passwords in 5 s, with no delay.
#[tokio::test]
async fn wrong_passwords_slow_down_without_locking_the_officer_out() {
    let w = world().await;
    let attacker = "198.51.100.66";
    for _ in 0..4 {
        assert_eq!(
            login_from(&w, attacker, "tiepnhan.a", "sai").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let res = login_from(&w, attacker, "tiepnhan.a", "sai").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = login_from(&w, attacker, "tiepnhan.a", PASSWORD).await;
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    let first: i64 = res.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    w.clock.advance(SignedDuration::from_secs(first));
    assert_eq!(
        login_from(&w, attacker, "tiepnhan.a", "sai").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let res = login_from(&w, attacker, "tiepnhan.a", "sai").await;
    let second: i64 = res.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(second > first, "the wait grows: {first} then {second}");

    // Meanwhile the officer at the counter signs in from their own machine.
    let res = login_from(&w, "10.1.2.3", "tiepnhan.a", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    // The sign-in page says it in words, and keeps the username.
    let mut req = Request::post("/dang-nhap")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("username=tiepnhan.a&password=sai"))
        .unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo::<std::net::SocketAddr>(
            format!("{attacker}:1").parse().unwrap(),
        ));
    let res = tower::ServiceExt::oneshot(w.router.clone(), req)
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key(header::RETRY_AFTER));
    let bytes = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes();
    let html = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(
        html.contains("Vui lòng thử lại sau") && html.contains("value=\"tiepnhan.a\""),
        "{html}"
    );
}

/// Hole 9: `next=/%09/evil.example` came back as `Location: /\t/evil.example`.
#[tokio::test]
async fn sign_in_never_redirects_to_another_site() {
    let w = world().await;
    for next in [
        "/%09/evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example",
        "/%0d%0a/evil",
    ] {
        let body = format!(
            "username=tiepnhan.a&password={}&next={next}",
            urlenc(PASSWORD)
        );
        let req = Request::post("/dang-nhap")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(body))
            .unwrap();
        let res = tower::ServiceExt::oneshot(w.router.clone(), req)
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()[header::LOCATION], "/quay", "next={next}");
    }
    let body = format!(
        "username=tiepnhan.a&password={}&next=/ho-so/x%3Fa%3D1",
        urlenc(PASSWORD)
    );
    let req = Request::post("/dang-nhap")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(body))
        .unwrap();
    let res = tower::ServiceExt::oneshot(w.router.clone(), req)
        .await
        .unwrap();
    assert_eq!(
        res.headers()[header::LOCATION],
        "/ho-so/x?a=1",
        "a page of this site is fine"
    );
}

fn urlenc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Hole 11: personal data shown in full to every role.
#[tokio::test]
async fn personal_data_is_masked_for_those_who_do_not_handle_the_dossier() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let d = w.receive_at_a(&reception).await;
    let code = d["code"].as_str().unwrap();
    assert_eq!(d["applicant"]["id_number"], "092190001234");
    assert_eq!(d["applicant_masked"], false);
    for who in ["giamsat", "kiemtra", "admin"] {
        let u = w.login(who).await;
        let (s, seen) = w
            .send(
                "GET",
                &format!("/api/v1/dossiers/{code}"),
                Some(&u),
                None,
                &[],
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(
            (
                seen["applicant"]["id_number"].as_str(),
                seen["applicant"]["phone"].as_str()
            ),
            (Some("092******234"), Some("091****678")),
            "{who}"
        );
        assert_eq!(
            (
                seen["applicant_masked"].as_bool(),
                seen["lookup_pin"].as_str()
            ),
            (Some(true), None)
        );
        let page = page(&w, &u, &format!("/ho-so/{code}")).await;
        assert!(
            !page.contains("092190001234") && page.contains("092******234"),
            "{who}'s page"
        );
    }
    // Each full reading by those who handle it is recorded.
    let id = w
        .store
        .dossier(&code.parse().unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    let reads = w.store.personal_data_reads(id).await.unwrap();
    assert_eq!(reads.len(), 1, "the intake's answer");
    let (_, _) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    page(&w, &reception, &format!("/ho-so/{code}")).await;
    let reads = w.store.personal_data_reads(id).await.unwrap();
    let purposes: Vec<&str> = reads.iter().map(|r| r.purpose.as_str()).collect();
    assert_eq!(purposes, ["api:intake", "api:dossier", "page:dossier"]);
}

async fn page(w: &World, who: &Who, uri: &str) -> String {
    let req = Request::get(uri)
        .header(header::COOKIE, &who.cookie)
        .body(axum::body::Body::empty())
        .unwrap();
    let res = tower::ServiceExt::oneshot(w.router.clone(), req)
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{uri}");
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store", "{uri}");
    let bytes = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// Hole 11: tokens never expired and could not be revoked; no `Secure` flag
/// behind HTTPS.
#[tokio::test]
async fn tokens_expire_are_revoked_and_die_with_a_password_change() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let token = |days: u32| {
        let w = &w;
        let reception = reception.clone();
        async move {
            let (s, t) = w
                .send(
                    "POST",
                    "/api/v1/tokens",
                    Some(&reception),
                    Some(json!({ "label": "báo cáo", "scope": "read", "expires_in_days": days })),
                    &[],
                )
                .await;
            assert_eq!(s, StatusCode::CREATED, "{t}");
            (
                t["id"].as_i64().unwrap(),
                format!("Bearer {}", t["token"].as_str().unwrap()),
            )
        }
    };
    let me = |bearer: String| {
        let w = &w;
        async move {
            w.send(
                "GET",
                "/api/v1/me",
                None,
                None,
                &[("authorization", &bearer)],
            )
            .await
            .0
        }
    };
    let (_, short) = token(1).await;
    let (revoked_id, revoked) = token(30).await;
    let (_, kept) = token(30).await;
    assert_eq!(me(short.clone()).await, StatusCode::OK);
    let (s, list) = w
        .send("GET", "/api/v1/tokens", Some(&reception), None, &[])
        .await;
    assert_eq!((s, list.as_array().unwrap().len()), (StatusCode::OK, 3));
    assert!(
        list.to_string().find("token\"").is_none(),
        "no secret in the list: {list}"
    );
    let (s, _) = w
        .send(
            "DELETE",
            &format!("/api/v1/tokens/{revoked_id}"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(me(revoked).await, StatusCode::UNAUTHORIZED);
    let other = w.login("tiepnhan.b").await;
    let (s, _) = w
        .send(
            "DELETE",
            &format!("/api/v1/tokens/{revoked_id}"),
            Some(&other),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "nobody revokes another's token");
    let (s, e) = w
        .send(
            "POST",
            "/api/v1/tokens",
            Some(&reception),
            Some(json!({ "label": "x", "scope": "read", "expires_in_days": 10_000 })),
            &[],
        )
        .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("expires_in_days"))
    );

    w.clock.advance(SignedDuration::from_hours(25));
    assert_eq!(me(short).await, StatusCode::UNAUTHORIZED, "expired");
    assert_eq!(me(kept.clone()).await, StatusCode::OK);
    let reception = w.login("tiepnhan.a").await;
    // A password change ends every session and token.
    let (s, e) = w
        .send(
            "POST",
            "/api/v1/me/password",
            Some(&reception),
            Some(json!({ "current_password": "wrong", "new_password": "mật khẩu mới dài" })),
            &[],
        )
        .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("current_password"))
    );
    let (s, _) = w
        .send(
            "POST",
            "/api/v1/me/password",
            Some(&reception),
            Some(json!({ "current_password": PASSWORD, "new_password": "mật khẩu mới dài" })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(me(kept).await, StatusCode::UNAUTHORIZED);
    let (s, _) = w
        .send("GET", "/api/v1/me", Some(&reception), None, &[])
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "the session ended too");

    // Behind an HTTPS proxy the cookie is Secure.
    let res = send_from(
        &w,
        "127.0.0.1",
        Request::post("/api/v1/session").header("x-forwarded-proto", "https"),
        Some(json!({ "username": "tiepnhan.b", "password": PASSWORD })),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.contains("; Secure") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
}

/// The limits the API enforces are the ones its OpenAPI document states.
#[tokio::test]
async fn the_openapi_document_states_the_enforced_limits() {
    use motcua_web::input::max;
    let w = world().await;
    let (_, doc) = w.send("GET", "/api/openapi.json", None, None, &[]).await;
    let schemas = &doc["components"]["schemas"];
    let prop = |schema: &str, field: &str| schemas[schema]["properties"][field].clone();
    let checks: Vec<(&str, &str, &str, u64)> = vec![
        ("ApplicantIn", "name", "maxLength", max::NAME as u64),
        ("ApplicantIn", "address", "maxLength", max::ADDRESS as u64),
        ("ApplicantIn", "email", "maxLength", max::EMAIL as u64),
        (
            "ApplicantIn",
            "id_number",
            "maxLength",
            max::ID_NUMBER as u64,
        ),
        ("ApplicantIn", "phone", "maxLength", max::PHONE as u64),
        (
            "ComponentIn",
            "name",
            "maxLength",
            max::COMPONENT_NAME as u64,
        ),
        (
            "ComponentIn",
            "count",
            "maximum",
            max::COMPONENT_COUNT as u64,
        ),
        ("IntakeIn", "components", "maxItems", max::COMPONENTS as u64),
        ("IntakeIn", "pages", "maximum", max::PAGES as u64),
        ("IntakeIn", "copies", "maximum", max::COPIES as u64),
        (
            "IntakeIn",
            "applicant_update_reason",
            "maxLength",
            max::REASON as u64,
        ),
        ("IntakeIn", "procedure_code", "maxLength", max::CODE as u64),
        (
            "SubmissionIn",
            "components",
            "maxItems",
            max::COMPONENTS as u64,
        ),
        ("NewToken", "label", "maxLength", max::LABEL as u64),
        (
            "NewToken",
            "expires_in_days",
            "maximum",
            max::TOKEN_DAYS as u64,
        ),
        ("Login", "username", "maxLength", max::USERNAME as u64),
        ("Login", "password", "maxLength", max::PASSWORD as u64),
    ];
    for (schema, field, key, limit) in checks {
        let p = prop(schema, field);
        let stated = p[key]
            .as_u64()
            .or_else(|| p[key].as_f64().map(|f| f as u64))
            .unwrap_or_else(|| panic!("{schema}.{field} states no {key}: {p}"));
        assert_eq!(stated, limit, "{schema}.{field} {key}");
    }
    let actions = doc.to_string();
    for limit in [max::REASON, max::SUMMARY, max::ITEMS, max::NOTE] {
        assert!(
            actions.contains(&format!(":{limit}")),
            "{limit} is stated for the actions"
        );
    }
}

/// The account page does in the browser what the token and password routes do.
#[tokio::test]
async fn the_account_page_manages_tokens_and_the_password() {
    let w = world().await;
    let u = w.login("chuyenvien.a").await;
    let post = |uri: &str, form: String| {
        let req = Request::post(uri)
            .header(header::COOKIE, &u.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(form))
            .unwrap();
        tower::ServiceExt::oneshot(w.router.clone(), req)
    };
    let text = |res: axum::response::Response| async move {
        let bytes = http_body_util::BodyExt::collect(res.into_body())
            .await
            .unwrap()
            .to_bytes();
        String::from_utf8(bytes.to_vec()).unwrap()
    };
    let shown = page(&w, &u, "/tai-khoan").await;
    assert!(
        shown.contains("Đổi mật khẩu") && shown.contains("id=\"tokens\""),
        "{shown}"
    );

    let res = post(
        "/tai-khoan/ma-truy-cap",
        format!("_csrf={}&label=&scope=read&days=30", u.csrf),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = text(res).await;
    assert!(
        body.contains("Tên mã truy cập: cần nhập") && body.contains("value=\"30\""),
        "{body}"
    );
    let res = post(
        "/tai-khoan/ma-truy-cap",
        format!(
            "_csrf={}&label=B%C3%A1o+c%C3%A1o&scope=read&days=30",
            u.csrf
        ),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body = text(res).await;
    let secret = body
        .split("<code>")
        .nth(1)
        .unwrap()
        .split("</code>")
        .next()
        .unwrap();
    assert_eq!(secret.len(), 64);
    let bearer = format!("Bearer {secret}");
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
    assert!(
        !page(&w, &u, "/tai-khoan").await.contains(secret),
        "shown once"
    );
    let id = w.store.tokens_of(w.specialist_a).await.unwrap()[0].id;
    let res = post(
        &format!("/tai-khoan/ma-truy-cap/{id}/thu-hoi"),
        format!("_csrf={}", u.csrf),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (s, _) = w
        .send(
            "GET",
            "/api/v1/me",
            None,
            None,
            &[("authorization", &bearer)],
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert!(page(&w, &u, "/tai-khoan").await.contains("Đã thu hồi"));

    let res = post(
        "/tai-khoan/mat-khau",
        format!(
            "_csrf={}&current_password=sai&new_password=mot+mat+khau+moi",
            u.csrf
        ),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res)
        .await
        .contains("Mật khẩu: mật khẩu hiện tại không đúng"));
    let res = post(
        "/tai-khoan/mat-khau",
        format!(
            "_csrf={}&current_password={}&new_password=mot+mat+khau+moi",
            u.csrf,
            urlenc(PASSWORD)
        ),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(res.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let (s, _) = w.send("GET", "/api/v1/me", Some(&u), None, &[]).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "signed out everywhere");
    let res = login_from(&w, "10.0.0.1", "chuyenvien.a", "mot mat khau moi").await;
    assert_eq!(res.status(), StatusCode::OK, "the new password works");
}

/// Behind a trusted reverse proxy every client is the proxy's address: the
/// throttles must count the address the proxy forwards, or one client would
/// lock everyone out.
#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_client_is_throttled() {
    let w = world().await;
    let state = motcua_web::AppState::new(w.store.clone(), motcua_calendar::Holidays::official())
        .with_clock(w.clock.clone())
        .with_config(motcua_web::WebConfig {
            trust_proxy: true,
            ..Default::default()
        });
    let router = motcua_web::router(state);
    let login = |forwarded: &str, password: &str| {
        let mut req = Request::post("/api/v1/session")
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-forwarded-for", forwarded)
            .body(axum::body::Body::from(
                json!({ "username": "tiepnhan.a", "password": password }).to_string(),
            ))
            .unwrap();
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo::<std::net::SocketAddr>(
                "10.0.0.1:443".parse().unwrap(),
            ));
        tower::ServiceExt::oneshot(router.clone(), req)
    };
    for _ in 0..6 {
        login("1.2.3.4, 198.51.100.66", "sai").await.unwrap();
    }
    let res = login("198.51.100.66", PASSWORD).await.unwrap();
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the guesser waits"
    );
    // The officer comes through the same proxy from another address; a
    // spoofed first entry does not matter, the proxy's own last one does.
    let res = login("198.51.100.66, 203.0.113.5", PASSWORD).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

/// Staff pages answer errors as pages in the reader's language, never as the
/// API's JSON (issue 9, item 8).
#[tokio::test]
async fn page_errors_are_pages_not_json() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let d = w.receive_at_a(&reception).await;
    let code = d["code"].as_str().unwrap();
    let other = w.login("tiepnhan.b").await;
    let req = |uri: String, who: &Who| {
        Request::get(uri)
            .header(header::COOKIE, &who.cookie)
            .body(axum::body::Body::empty())
            .unwrap()
    };
    let read = |res: axum::response::Response| async move {
        let status = res.status();
        let kind = res.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_string();
        let bytes = http_body_util::BodyExt::collect(res.into_body())
            .await
            .unwrap()
            .to_bytes();
        (status, kind, String::from_utf8(bytes.to_vec()).unwrap())
    };
    let (s, kind, body) = read(
        tower::ServiceExt::oneshot(w.router.clone(), req(format!("/ho-so/{code}"), &other))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(kind.starts_with("text/html"), "{kind}");
    assert!(
        body.contains("<h1>Không tìm thấy</h1>") && !body.contains("{\"error\""),
        "{body}"
    );
    let (s, _, body) = read(
        tower::ServiceExt::oneshot(
            w.router.clone(),
            req(format!("/ho-so/{code}?lang=en"), &other),
        )
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(body.contains("<h1>Not found</h1>"), "{body}");
    // A form with a wrong CSRF token.
    let res = tower::ServiceExt::oneshot(
        w.router.clone(),
        Request::post(format!("/ho-so/{code}/thao-tac"))
            .header(header::COOKIE, &reception.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(
                "_csrf=wrong&expected_seq=1&action=digitize",
            ))
            .unwrap(),
    )
    .await
    .unwrap();
    let (s, kind, body) = read(res).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(kind.starts_with("text/html"));
    assert!(
        body.contains("Thiếu hoặc sai mã CSRF") && !body.contains("CSRF token missing"),
        "{body}"
    );
    // The API keeps answering JSON.
    let (s, e) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}"),
            Some(&other),
            None,
            &[],
        )
        .await;
    assert_eq!((s, e["error"].is_string()), (StatusCode::NOT_FOUND, true));
}
