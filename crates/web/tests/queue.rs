//! The queue through the API and the staff's screens: the leader sets up
//! the hall, a kiosk issues tickets, counters call them, a dossier received
//! from a ticket is linked to it, times and advice are counted, the citizen
//! rates; the queue survives a restart and the numbers restart at midnight
//! in Vietnam (an injected clock).

mod common;

use axum::http::StatusCode;
use common::*;
use jiff::SignedDuration;
use serde_json::{json, Value};

/// The leader of center A sets up two groups and a kiosk; the kiosk's
/// secret (from its link) and the groups' ids.
async fn hall(w: &World) -> (String, i64, i64) {
    let leader = w.login("lanhdao.a").await;
    let mut ids = Vec::new();
    for (letter, name, fields) in [("A", "Hộ tịch", json!(["HT"])), ("B", "Khác", json!([]))] {
        let (s, g) = w
            .send(
                "POST",
                "/api/v1/service-groups",
                Some(&leader),
                Some(json!({ "center_id": w.a, "letter": letter, "name": name, "fields": fields })),
                &[],
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{g}");
        ids.push(g["id"].as_i64().unwrap());
    }
    let (s, k) = w
        .send(
            "POST",
            "/api/v1/kiosks",
            Some(&leader),
            Some(json!({ "center_id": w.a, "device_type": "tickets", "name": "Máy lấy số" })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{k}");
    let secret = k["path"]
        .as_str()
        .unwrap()
        .strip_prefix("/lay-so/")
        .unwrap()
        .to_string();
    (secret, ids[0], ids[1])
}

async fn take(w: &World, secret: &str, group: i64, lane: &str) -> Value {
    let (s, t) = w
        .send(
            "POST",
            &format!("/api/v1/kiosk/{secret}/tickets"),
            None,
            Some(json!({ "group_id": group, "lane": lane })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    t
}

#[tokio::test]
async fn tickets_are_called_served_linked_timed_and_rated() {
    let w = world().await;
    let (secret, civil, other) = hall(&w).await;
    let reception = w.login("tiepnhan.a").await;
    let postal = w.login("buudien.a").await;

    // Only the leader sets up the hall.
    let (s, _) = w
        .send(
            "POST",
            "/api/v1/service-groups",
            Some(&reception),
            Some(json!({ "center_id": w.a, "letter": "C", "name": "Đất đai" })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // A bad letter is named in words.
    let leader = w.login("lanhdao.a").await;
    let (s, e) = w
        .send(
            "POST",
            "/api/v1/service-groups",
            Some(&leader),
            Some(json!({ "center_id": w.a, "letter": "AB", "name": "Sai" })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        e["error"].as_str().unwrap().contains("Chữ cái của nhóm"),
        "{e}"
    );

    let a1 = take(&w, &secret, civil, "normal").await;
    assert_eq!(a1["number"], "A001");
    assert_eq!(a1["ahead"], 0);
    w.clock.advance(SignedDuration::from_mins(2));
    let a2 = take(&w, &secret, civil, "").await;
    assert_eq!(
        (a2["number"].as_str(), a2["ahead"].as_i64()),
        (Some("A002"), Some(1))
    );
    // Told the wait of one person ahead at the default 10 minutes.
    assert_eq!(a2["estimated_wait_minutes"], 10);
    let b1 = take(&w, &secret, other, "priority").await;
    assert_eq!(b1["number"], "B001");
    // A wrong secret is not a kiosk.
    let (s, _) = w
        .send(
            "POST",
            &format!("/api/v1/kiosk/{}/tickets", "f".repeat(64)),
            None,
            Some(json!({ "group_id": civil })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Counter 1 (reception) serves both; counter 2 (postal) the civil status.
    let (s, c1) = w
        .send(
            "POST",
            "/api/v1/counters",
            Some(&reception),
            Some(json!({ "center_id": w.a, "number": 1 })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c1}");
    assert_eq!(c1["groups"].as_array().unwrap().len(), 2, "all groups");
    let (s, c2) = w
        .send(
            "POST",
            "/api/v1/counters",
            Some(&postal),
            Some(json!({ "center_id": w.a, "number": 2, "groups": [civil] })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c2}");
    // Nobody else takes counter 1.
    let (s, e) = w
        .send(
            "POST",
            "/api/v1/counters",
            Some(&postal),
            Some(json!({ "center_id": w.a, "number": 1 })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");

    w.clock.advance(SignedDuration::from_mins(3));
    let call = |who: &Who, counter: &Value| {
        let who = who.clone();
        let path = format!("/api/v1/counters/{}/call-next", counter["id"]);
        let w = &w;
        async move { w.send("POST", &path, Some(&who), None, &[]).await }
    };
    let (s, called) = call(&reception, &c1).await;
    assert_eq!(s, StatusCode::OK, "{called}");
    assert_eq!(called["ticket"]["number"], "B001", "priority first");
    w.clock.advance(SignedDuration::from_mins(1));
    let (_, called2) = call(&postal, &c2).await;
    assert_eq!(called2["ticket"]["number"], "A001");
    // The postal employee cannot call at the reception's counter.
    let (s, _) = call(&postal, &c1).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // The board shows both calls, the latest first, and one waiting.
    let (s, board) = w
        .send(
            "GET",
            &format!("/api/v1/centers/{}/board", w.a),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(board["called"][0]["number"], "A001");
    assert_eq!(board["called"][0]["counter"], 2);
    assert_eq!(board["called"][1]["number"], "B001");
    assert_eq!(board["waiting"][0]["waiting"], 1);
    assert_eq!(board["waiting"][0]["next"], "A002");

    // The reception receives two dossiers from B001.
    let ticket = called["ticket"]["id"].as_i64().unwrap();
    for id in ["092190001234", "092190005678"] {
        let mut body = intake_body(w.a);
        body["applicant"]["id_number"] = json!(id);
        body["applicant"]["phone"] = json!(format!("09120{}", &id[7..]));
        body["ticket_id"] = json!(ticket);
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
    }
    // Not from a ticket called at someone else's counter.
    let mut body = intake_body(w.a);
    body["ticket_id"] = called2["ticket"]["id"].clone();
    let (s, e) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(body),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e["error"].as_str().unwrap().contains("Số thứ tự"), "{e}");
    let (_, t) = w
        .send(
            "GET",
            &format!("/api/v1/tickets/{ticket}"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(t["dossiers"], 2);

    // Recall, then send A001 on from counter 2 to counter 1, which calls it
    // before A002.
    let a001 = called2["ticket"]["id"].as_i64().unwrap();
    let (s, t) = w
        .send(
            "POST",
            &format!("/api/v1/tickets/{a001}/actions"),
            Some(&postal),
            Some(json!({ "kind": "recall" })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    let (s, t) = w
        .send(
            "POST",
            &format!("/api/v1/tickets/{a001}/actions"),
            Some(&postal),
            Some(json!({ "kind": "transfer", "to_counter": 1 })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_eq!(t["status"], "waiting");
    w.clock.advance(SignedDuration::from_mins(10));
    let (_, next) = call(&reception, &c1).await;
    assert_eq!(next["ticket"]["number"], "A001");
    let (_, next) = call(&postal, &c2).await;
    assert_eq!(next["ticket"]["number"], "A002");
    let (s, t) = w
        .send(
            "POST",
            &format!("/api/v1/tickets/{}/actions", next["ticket"]["id"]),
            Some(&postal),
            Some(json!({ "kind": "no-show" })),
            &[],
        )
        .await;
    assert_eq!((s, t["status"].as_str()), (StatusCode::OK, Some("no-show")));
    let (_, none) = call(&postal, &c2).await;
    assert_eq!(none["ticket"], Value::Null, "nobody waits");

    // Times of today: B001 waited 3 minutes and was served 11 (until the
    // next call finished it).
    let (s, times) = w
        .send(
            "GET",
            &format!("/api/v1/centers/{}/queue-times", w.a),
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{times}");
    assert_eq!(times["in_hours"]["tickets"], 3);
    assert_eq!(times["in_hours"]["no_show"], 1);
    assert_eq!(times["after_hours"]["tickets"], 0);
    let group_b = times["by_group"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == "B")
        .unwrap();
    assert_eq!(group_b["mean_wait_minutes"], 3.0);
    assert_eq!(group_b["mean_service_minutes"], 11.0);
    // Another center's staff do not read them.
    let other = w.login("tiepnhan.b").await;
    let (s, _) = w
        .send(
            "GET",
            &format!("/api/v1/centers/{}/queue-times", w.a),
            Some(&other),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // The receipt's rating link: once per dossier and stage.
    let dossiers = w
        .store
        .ticket_dossiers(motcua_store::TicketId(ticket))
        .await
        .unwrap();
    let d = w.store.dossier_by_id(dossiers[0]).await.unwrap().unwrap();
    let key = motcua_web::cases::ratings::link_key(&w.state, &d.code)
        .await
        .unwrap();
    let uri = format!("/api/v1/ratings/{}?k={key}", d.code);
    let (s, r) = w.send("GET", &uri, None, None, &[]).await;
    assert_eq!(
        (s, r["stage"].as_str()),
        (StatusCode::OK, Some("received")),
        "{r}"
    );
    let (s, e) = w
        .send(
            "POST",
            &uri,
            None,
            Some(json!({ "rating": "rất vui" })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (s, r) = w
        .send(
            "POST",
            &uri,
            None,
            Some(json!({ "rating": "very-satisfied", "survey": [{ "question": 7, "points": 2 }], "comment": "Nhanh" })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    let (s, _) = w
        .send(
            "POST",
            &uri,
            None,
            Some(json!({ "rating": "not-satisfied" })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "one rating per stage");
    let (s, _) = w
        .send(
            "GET",
            &format!("/api/v1/ratings/{}?k={}", d.code, "0".repeat(20)),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "a made-up key rates nothing");
    let (_, rs) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{}/ratings", d.code),
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(rs[0]["rating"], "very-satisfied");
    assert_eq!(rs[0]["officer"], "Nguyễn Thị Thu Hà", "{rs}");
    assert_eq!(rs[0]["counter_id"], c1["id"]);
    assert_eq!(rs[0]["via"], "link");
}

/// The day's numbers survive a restart (a new application over the same
/// database) and restart at midnight, Vietnam time.
#[tokio::test]
async fn the_queue_survives_a_restart_and_the_day_turns_at_midnight() {
    let w = world().await;
    let (secret, civil, _) = hall(&w).await;
    // 23:58 in Vietnam.
    w.clock.set("2026-11-24T16:58:00Z".parse().unwrap());
    assert_eq!(take(&w, &secret, civil, "normal").await["number"], "A001");
    let late = take(&w, &secret, civil, "normal").await;
    assert_eq!(late["number"], "A002");
    assert_eq!(late["after_hours"], true);

    // The process restarts: the same data, a new application.
    let again = w.router_with(Default::default());
    let req = axum::http::Request::post(format!("/api/v1/kiosk/{secret}/tickets"))
        .header("content-type", "application/json")
        .body(axum::body::Body::from(
            json!({ "group_id": civil }).to_string(),
        ))
        .unwrap();
    let res = tower::ServiceExt::oneshot(again.clone(), req)
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let t = json_of(res).await;
    assert_eq!(t["number"], "A003", "the day's numbers go on");
    assert_eq!(t["ahead"], 2, "the queue is kept");

    // 00:00 in Vietnam: a new day, a new count; yesterday's board is empty.
    w.clock.set("2026-11-24T17:00:00Z".parse().unwrap());
    let t = take(&w, &secret, civil, "normal").await;
    assert_eq!(t["number"], "A001");
    assert_eq!(t["ahead"], 0);
    assert_eq!(t["after_hours"], false);
    let (_, board) = w
        .send(
            "GET",
            &format!("/api/v1/centers/{}/board", w.a),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(board["day"], "2026-11-25");
    assert_eq!(board["waiting"][0]["waiting"], 1);
}

/// The counter screen: open the counter, call, receive from the called
/// ticket through the intake form, and the hall's page with its times.
#[tokio::test]
async fn the_counter_screen_calls_and_receives_from_a_ticket() {
    let w = world().await;
    let (secret, civil, _) = hall(&w).await;
    take(&w, &secret, civil, "normal").await;
    let reception = w.login("tiepnhan.a").await;
    let (s, page) = w.page(&reception, "/quay").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("id=\"queue-open\""), "{page}");
    let (s, _, page) = w
        .post_form(
            &reception,
            "/quay/hang-doi",
            &[("do", "open"), ("number", "abc")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Số quầy"), "the field in words");
    let group = civil.to_string();
    let (s, to, _) = w
        .post_form(
            &reception,
            "/quay/hang-doi",
            &[("do", "open"), ("number", "3"), ("group", &group)],
        )
        .await;
    assert_eq!((s, to.as_deref()), (StatusCode::SEE_OTHER, Some("/quay")));
    let (_, to, _) = w
        .post_form(&reception, "/quay/hang-doi", &[("do", "next")])
        .await;
    assert_eq!(to.as_deref(), Some("/quay"));
    let (_, page) = w.page(&reception, "/quay").await;
    assert!(page.contains("id=\"serving-number\">A001<"), "{page}");
    // Nobody else waits: A001 is done, and that is said in words.
    let (s, _, page) = w
        .post_form(&reception, "/quay/hang-doi", &[("do", "next")])
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(page.contains("Không còn ai chờ"), "{page}");

    // A new ticket, called: the intake form carries it.
    take(&w, &secret, civil, "normal").await;
    w.post_form(&reception, "/quay/hang-doi", &[("do", "next")])
        .await;
    let (_, form) = w.page(&reception, "/quay/2.004001").await;
    assert!(form.contains("id=\"intake-ticket\""), "{form}");
    let ticket = input_value(&form, "ticket_id");
    let (s, to, page) = w
        .post_form(
            &reception,
            "/quay/2.004001",
            &[
                ("idempotency", &input_value(&form, "idempotency")),
                ("ticket_id", &ticket),
                ("name", "Trần Văn Bình"),
                ("id_number", "092190004321"),
                ("phone", "0912888999"),
                ("address", "1 Hòa Bình"),
                ("pages", "1"),
                ("copies", "1"),
                ("c0", "on"),
                ("n0", "1"),
                ("c1", "on"),
                ("n1", "1"),
                ("c2", "on"),
                ("n2", "1"),
                ("result_channel", "counter"),
                ("decision", "accept"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{page}");
    assert!(to.unwrap().starts_with("/ho-so/"));
    let t = w
        .store
        .ticket(motcua_store::TicketId(ticket.parse().unwrap()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(t.dossiers, 1);

    // The hall's page: times of today, the groups, the board's link.
    let (s, page) = w.page(&reception, "/sanh").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("id=\"queue-times\""));
    assert!(page.contains("Hộ tịch"));
    assert!(
        !page.contains("id=\"group-form\""),
        "set up by the leader only"
    );
    let leader = w.login("lanhdao.a").await;
    let (_, page) = w.page(&leader, "/sanh").await;
    assert!(page.contains("id=\"group-form\""));
    // A device's link is shown once when made; a bad type is named.
    let (s, _, page) = w
        .post_form(
            &leader,
            "/sanh/thiet-bi",
            &[
                ("form", "device"),
                ("center_id", &w.a.to_string()),
                ("device_type", "tivi"),
                ("name", "Tivi sảnh"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Loại thiết bị"), "{page}");
    assert!(
        page.contains("value=\"Tivi sảnh\""),
        "nothing typed is lost"
    );
    let (s, _, page) = w
        .post_form(
            &leader,
            "/sanh/thiet-bi",
            &[
                ("center_id", &w.a.to_string()),
                ("device_type", "tickets"),
                ("name", "Máy 2"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert!(page.contains("id=\"device-link\""));
    assert!(page.contains("/lay-so/"));
}

/// The advice from a history of tickets: on the public center page as a
/// week × hour grid, and through the API, by hand-made numbers.
#[tokio::test]
async fn the_staffing_advice_learns_from_past_weeks() {
    use motcua_domain::queue::ticket::{Lane, TicketStatus};
    use motcua_store::{HistoricTicket, NewTicket};
    let w = world().await;
    let (_, civil, _) = hall(&w).await;
    let officer = w.store.account("tiepnhan.a").await.unwrap().unwrap().id;
    let counter = w
        .store
        .open_counter(
            w.a,
            1,
            &[motcua_store::ServiceGroupId(civil)],
            officer,
            now(),
        )
        .await
        .unwrap();
    // The two Mondays before today (Tuesday 24/11): 20 tickets each between
    // 09:00 and 10:00, 12 minutes each: 20 an hour, 4 erlangs.
    let mut history = Vec::new();
    for day in ["2026-11-16", "2026-11-23"] {
        for i in 0..20u32 {
            let taken: jiff::Timestamp = format!("{day}T02:{:02}:00Z", i * 3).parse().unwrap();
            let called = taken + SignedDuration::from_mins(2);
            history.push(HistoricTicket {
                ticket: NewTicket {
                    center_id: w.a,
                    group_id: motcua_store::ServiceGroupId(civil),
                    day: day.parse().unwrap(),
                    lane: Lane::Normal,
                    booked_for: None,
                    kiosk_id: None,
                    taken_at: taken,
                    after_hours: false,
                },
                seq: i + 1,
                status: TicketStatus::Done,
                counter_id: Some(counter.id),
                served_by: Some(officer),
                called_at: Some(called),
                finished_at: Some(called + SignedDuration::from_mins(12)),
            });
        }
    }
    w.store.import_tickets(&history).await.unwrap();
    let (s, a) = w
        .send(
            "GET",
            &format!("/api/v1/centers/{}/staffing-advice?target_minutes=5", w.a),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{a}");
    assert_eq!(a["tickets"], 40);
    assert_eq!(a["mean_service_minutes"], 12.0);
    assert_eq!(a["rows"][0]["weekday"], 1, "Monday");
    let cell = &a["rows"][0]["cells"][0];
    assert_eq!(cell["hour"], 9);
    assert_eq!(cell["arrivals"], 20.0);
    // λ = 20/h, 12 min: a = 4 erlangs. By hand (Erlang B by recursion,
    // then C): c = 5: C = 0,5541, Wq = 0,5541 / (25 − 20) h = 6,65 min;
    // c = 6: C = 0,2848, Wq = 0,2848 / (30 − 20) h = 1,71 min, the first
    // under 5 minutes.
    assert_eq!(cell["counters_needed"], 6);
    assert_eq!(cell["counters_seen"], 1.0);
    assert_eq!(cell["expected_wait_minutes"], 1.7);
    let (s, e) = w
        .send(
            "GET",
            &format!("/api/v1/centers/{}/staffing-advice?target_minutes=0", w.a),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    // The public page shows the grid, outlined where too few counters called.
    let req = axum::http::Request::get(format!("/trung-tam/{}", w.a))
        .body(axum::body::Body::empty())
        .unwrap();
    let res = tower::ServiceExt::oneshot(w.router.clone(), req)
        .await
        .unwrap();
    let body = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes();
    let page = String::from_utf8(body.to_vec()).unwrap();
    assert!(page.contains("id=\"staffing-advice\""), "{page}");
    assert!(page.contains("Thứ Hai"));
    assert!(
        page.contains("short"),
        "1 counter called where 3 are advised"
    );
}

/// The receipt's QR code leads its holder to the lookup, which offers the
/// rating until it is given; the dossier's page shows it afterwards.
#[tokio::test]
async fn the_lookup_offers_the_rating_to_the_receipts_holder() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let d = w.receive_at_a(&reception).await;
    let code: motcua_store::DossierCode = d["code"].as_str().unwrap().parse().unwrap();
    let pin = motcua_web::privacy::lookup_pin(w.state.lookup_key().await.unwrap(), &code);
    let lookup = format!("/tra-cuu?ma={code}&pin={pin}");
    let page = |uri: String| {
        let router = w.router.clone();
        async move {
            let req = axum::http::Request::get(uri)
                .body(axum::body::Body::empty())
                .unwrap();
            let res = tower::ServiceExt::oneshot(router, req).await.unwrap();
            let body = http_body_util::BodyExt::collect(res.into_body())
                .await
                .unwrap()
                .to_bytes();
            String::from_utf8(body.to_vec()).unwrap()
        }
    };
    let shown = page(lookup.clone()).await;
    let key = motcua_web::cases::ratings::link_key(&w.state, &code)
        .await
        .unwrap();
    assert!(
        shown.contains(&format!("href=\"/danh-gia/{code}?k={key}\"")),
        "{shown}"
    );
    // A wrong PIN shows no rating link.
    assert!(!page(format!("/tra-cuu?ma={code}&pin=000000"))
        .await
        .contains("rate-link"));
    let (_, staff_page) = w.page(&reception, &format!("/ho-so/{code}")).await;
    assert!(staff_page.contains("id=\"rating-link\""));
    let (s, _) = w
        .send(
            "POST",
            &format!("/api/v1/ratings/{code}?k={key}"),
            None,
            Some(json!({ "rating": "satisfied" })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert!(!page(lookup).await.contains("rate-link"), "rated once");
    let (_, staff_page) = w.page(&reception, &format!("/ho-so/{code}")).await;
    assert!(staff_page.contains("id=\"ratings\""));
    assert!(staff_page.contains("Hài lòng"));
}
