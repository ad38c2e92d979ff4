//! The guidance log: people guided recorded through the page and the API,
//! the dossier that followed linked only from the same center, a form
//! error that keeps what was typed, the month's summary counted by hand, the
//! post office's view over several centers, and months in Vietnam's time.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

async fn record(w: &World, who: &Who, body: Value) -> (StatusCode, Value) {
    w.send("POST", "/api/v1/guidance", Some(who), Some(body), &[])
        .await
}

async fn link(w: &World, who: &Who, id: i64, code: &str) -> (StatusCode, Value) {
    w.send(
        "POST",
        &format!("/api/v1/guidance/{id}/dossier"),
        Some(who),
        Some(json!({ "dossier_code": code })),
        &[],
    )
    .await
}

fn entry(center: motcua_store::CenterId, to: &str) -> Value {
    json!({ "center_id": center, "procedure_code": "2.004001", "guided_to": to })
}

/// An online submission at `center`: its code.
async fn online_dossier(w: &World, center: motcua_store::CenterId) -> String {
    let (s, d) = w
        .send(
            "POST",
            "/api/v1/submissions",
            None,
            Some(json!({
                "center_id": center, "procedure_code": "2.004001",
                "applicant": { "name": "Lê Thị Hoa", "phone": "0912000111" },
                "declaration": birth_declaration()
            })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    d["code"].as_str().unwrap().to_string()
}

/// A dossier received by the post for `center`: its code.
async fn postal_dossier(w: &World, who: &Who, center: motcua_store::CenterId) -> String {
    let (s, d) = w
        .send(
            "POST",
            "/api/v1/postal-intakes",
            Some(who),
            Some(json!({
                "center_id": center,
                "procedure_code": "2.004001",
                "applicant": { "name": "Lê Thị Xa", "phone": "0912000777" },
                "documents": [
                    { "name": "Tờ khai đăng ký khai sinh", "originals": 1 },
                    { "name": "Giấy chứng sinh", "originals": 1 },
                    { "name": "Giấy tờ tùy thân của người yêu cầu", "copies": 1 }
                ],
                "seal": "NB-000900"
            })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    d["code"].as_str().unwrap().to_string()
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap()
}

fn row(report: &Value, center: motcua_store::CenterId) -> &Value {
    report["centers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["center_id"] == json!(center))
        .unwrap_or_else(|| panic!("no row for center {center}: {report}"))
}

#[tokio::test]
async fn guidance_is_recorded_linked_and_counted_by_month() {
    let w = world().await;
    let postal = w.login("buudien.a").await;
    let reception = w.login("tiepnhan.a").await;
    let reception_b = w.login("tiepnhan.b").await;

    // Recorded through the API, now (08:30 on 24 November in Vietnam).
    let (s, e1) = record(&w, &postal, entry(w.a, "online")).await;
    assert_eq!(s, StatusCode::CREATED, "{e1}");
    assert_eq!(e1["guided_to"], "online");
    assert_eq!(e1["procedure"], "Đăng ký khai sinh");
    assert_eq!(e1["guided_by"], "Trần Thị Bưu");
    assert_eq!(e1["dossier_code"], Value::Null);
    // Another center's counter staff may not record at A; a leader records nowhere.
    let (s, _) = record(&w, &reception_b, entry(w.a, "online")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = record(&w, &w.login("lanhdao.a").await, entry(w.a, "online")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Bad input names the field.
    let (s, e) = record(&w, &postal, entry(w.a, "fax")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["field"], "guided_to");
    assert!(
        e["error"].as_str().unwrap().starts_with("Kênh hướng dẫn:"),
        "{e}"
    );
    let mut unknown = entry(w.a, "post");
    unknown["procedure_code"] = json!("9.999999");
    let (s, e) = record(&w, &postal, unknown).await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("procedure_code"))
    );
    let mut long = entry(w.a, "post");
    long["note"] = json!("x".repeat(301));
    let (s, e) = record(&w, &postal, long).await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("note"))
    );

    // Recorded through the page, the procedure picked from the list.
    let (s, page) = w.page(&postal, "/huong-dan").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("id=\"guidance-form\""), "{page}");
    assert!(page.contains("2.004001 — Đăng ký khai sinh"));
    let a = w.a.to_string();
    let (s, to, _) = w
        .post_form(
            &postal,
            "/huong-dan",
            &[
                ("center_id", &a),
                ("procedure", "2.004001 — Đăng ký khai sinh"),
                ("guided_to", "post"),
                ("note", "gửi qua bưu điện"),
            ],
        )
        .await;
    assert_eq!(
        (s, to.as_deref()),
        (StatusCode::SEE_OTHER, Some("/huong-dan?da_ghi=1"))
    );

    // A form error keeps what was typed and names the field in words.
    let (s, _, page) = w
        .post_form(
            &postal,
            "/huong-dan",
            &[
                ("center_id", &a),
                ("procedure", "2.004001"),
                ("dossier_code", "ABC-1"),
                ("note", "hỏi về lệ phí"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(
        page.contains("Kênh hướng dẫn: chọn một trong ba kênh"),
        "{page}"
    );
    assert!(page.contains("value=\"hỏi về lệ phí\""), "{page}");
    assert!(page.contains("value=\"ABC-1\""), "{page}");
    assert!(page.contains("value=\"2.004001\""), "{page}");
    let (s, _, page) = w
        .post_form(
            &postal,
            "/huong-dan",
            &[
                ("center_id", &a),
                ("procedure", "zzzz qqqq"),
                ("guided_to", "online"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Thủ tục: không tìm thấy thủ tục nào khớp với «zzzz qqqq»"),
        "{page}"
    );
    assert!(page.contains("value=\"online\" required checked"), "{page}");
    // Several procedures match: the page offers them, typed values kept.
    let (s, _, page) = w
        .post_form(
            &postal,
            "/huong-dan",
            &[
                ("center_id", &a),
                ("procedure", "chung thuc"),
                ("guided_to", "in-person"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"g-candidates\""), "{page}");
    assert!(page.contains("value=\"in-person\" required checked"));
    // Nothing of the refused forms was written: two entries so far.
    let (s, today) = w
        .send(
            "GET",
            &format!("/api/v1/centers/{}/guidance", w.a),
            Some(&postal),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(today.as_array().unwrap().len(), 2, "{today}");
    let e2 = today[0].clone();
    assert_eq!(e2["guided_to"], "post");
    assert_eq!(e2["note"], "gửi qua bưu điện");

    // Dossiers that followed: an online submission and a postal intake at
    // A, a dossier received at A's counter, one received at B.
    let online = online_dossier(&w, w.a).await;
    let by_post = postal_dossier(&w, &postal, w.a).await;
    let at_counter = w.receive_at_a(&reception).await["code"]
        .as_str()
        .unwrap()
        .to_string();
    let (s, d) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception_b),
            Some(intake_body(w.b)),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let at_b = d["code"].as_str().unwrap().to_string();

    // Another center's dossier is refused, naming the field; then A's own.
    let (s, e) = link(&w, &postal, id(&e1), &at_b).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["field"], "dossier_code");
    assert!(
        e["error"].as_str().unwrap().contains("Trung tâm khác"),
        "{e}"
    );
    let (s, e) = link(&w, &postal, id(&e1), "000.30.00.H92-261124-9999").await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("dossier_code"))
    );
    // Staff of B do not see A's entries.
    let (s, _) = link(&w, &reception_b, id(&e1), &online).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, linked) = link(&w, &postal, id(&e1), &online).await;
    assert_eq!(s, StatusCode::OK, "{linked}");
    assert_eq!(linked["dossier_code"], json!(online));
    // Once only; and a dossier follows one entry.
    let (s, _) = link(&w, &postal, id(&e1), &by_post).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, e) = link(&w, &postal, id(&e2), &online).await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("dossier_code"))
    );

    // Through the page: B's dossier is refused on the entry's row with the
    // code kept, then A's postal intake is linked.
    let path = format!("/huong-dan/{}/ho-so", id(&e2));
    let (s, _, page) = w
        .post_form(&postal, &path, &[("dossier_code", &at_b)])
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("hồ sơ này do Trung tâm khác tiếp nhận"),
        "{page}"
    );
    assert!(page.contains(&format!("value=\"{at_b}\"")), "{page}");
    let (s, to, _) = w
        .post_form(&postal, &path, &[("dossier_code", &by_post)])
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert!(to.unwrap().starts_with("/huong-dan?da_gan="));
    let (_, page) = w.page(&postal, "/huong-dan?da_gan=x").await;
    assert!(
        page.contains(&format!("<a href=\"/ho-so/{by_post}\">")),
        "{page}"
    );

    // Three more at A: online with the counter's dossier at once (followed,
    // not moved online), in person, and (by reception) post.
    let mut e3 = entry(w.a, "online");
    e3["dossier_code"] = json!(at_counter);
    let (s, d) = record(&w, &postal, e3).await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    assert_eq!(d["dossier_code"], json!(at_counter));
    let (s, _) = record(&w, &postal, entry(w.a, "in-person")).await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) = record(&w, &reception, entry(w.a, "post")).await;
    assert_eq!(s, StatusCode::CREATED);
    // One at B, with B's dossier.
    let mut eb = entry(w.b, "in-person");
    eb["dossier_code"] = json!(at_b);
    let (s, d) = record(&w, &reception_b, eb).await;
    assert_eq!(s, StatusCode::CREATED, "{d}");

    // The month's edges in Vietnam's time: 23:59 on 31 October and 00:30 on
    // 1 December are not November's.
    w.clock.set("2026-10-31T16:59:00Z".parse().unwrap());
    let (s, _) = record(&w, &postal, entry(w.a, "online")).await;
    assert_eq!(s, StatusCode::CREATED);
    w.clock.set("2026-11-30T17:30:00Z".parse().unwrap());
    // A new working day: the morning's session ended in the evening.
    let postal = w.login("buudien.a").await;
    let (s, dec) = record(&w, &postal, entry(w.a, "online")).await;
    assert_eq!(s, StatusCode::CREATED);
    // A dossier received before the day of the guidance did not follow it.
    let (s, e) = link(&w, &postal, id(&dec), &at_counter).await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("dossier_code"))
    );
    let (s, e) = link(&w, &postal, id(&dec), &online_dossier(&w, w.a).await).await;
    assert_eq!(s, StatusCode::OK, "{e}");
    w.clock.set(now());

    // November at A, by hand: 5 guided (online 2, post 2, in person 1); 3
    // with a dossier (60,0 %); moved online 1 (the online submission),
    // moved to post 1 (the postal intake).
    let (s, nov) = w
        .send(
            "GET",
            "/api/v1/guidance/summary?month=2026-11",
            Some(&postal),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{nov}");
    assert_eq!(nov["month"], "2026-11");
    assert_eq!(nov["centers"].as_array().unwrap().len(), 1, "{nov}");
    let ra = row(&nov, w.a);
    for (k, v) in [
        ("guided", 5),
        ("online", 2),
        ("post", 2),
        ("in_person", 1),
        ("followed", 3),
        ("moved_online", 1),
        ("moved_post", 1),
    ] {
        assert_eq!(ra[k], json!(v), "{k}: {ra}");
    }
    assert_eq!(ra["followed_rate"], json!(60.0));
    // October and December have their one entry each.
    for (m, n) in [("2026-10", 1), ("2026-12", 1), ("2026-09", 0)] {
        let (_, r) = w
            .send(
                "GET",
                &format!("/api/v1/guidance/summary?month={m}"),
                Some(&postal),
                None,
                &[],
            )
            .await;
        assert_eq!(row(&r, w.a)["guided"], json!(n), "{m}: {r}");
    }
    let (s, e) = w
        .send(
            "GET",
            "/api/v1/guidance/summary?month=2026-13",
            Some(&postal),
            None,
            &[],
        )
        .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("month"))
    );

    // The post office's supervisor sees A (postal staff work there) and B
    // (guidance recorded there): 6 guided, 4 followed, 66,7 %.
    let giamsat = w.login("giamsat").await;
    let (s, all) = w
        .send(
            "GET",
            "/api/v1/guidance/summary?month=2026-11",
            Some(&giamsat),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(all["centers"].as_array().unwrap().len(), 2, "{all}");
    assert_eq!(row(&all, w.b)["guided"], json!(1));
    assert_eq!(row(&all, w.b)["followed_rate"], json!(100.0));
    assert_eq!(all["total"]["guided"], json!(6));
    assert_eq!(all["total"]["followed"], json!(4));
    assert_eq!(all["total"]["followed_rate"], json!(66.7));
    let (s, one) = w
        .send(
            "GET",
            &format!("/api/v1/guidance/summary?month=2026-11&center_id={}", w.b),
            Some(&giamsat),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(one["centers"].as_array().unwrap().len(), 1);
    // The report page, in Vietnamese numbers, one row per center and the total.
    let (s, page) = w.page(&giamsat, "/huong-dan/bao-cao?thang=2026-11").await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(page.contains("Báo cáo hướng dẫn tháng 11/2026"), "{page}");
    assert!(page.contains("id=\"guidance-total\""), "{page}");
    assert!(page.contains("66,7 %"), "{page}");
    assert!(page.contains("60,0 %"), "{page}");
    assert!(page.contains("Trung tâm Cái Khế"));
    // Each center's row opens that center's month alone.
    let one = format!("/huong-dan/bao-cao?thang=2026-11&amp;trung_tam={}", w.b);
    assert!(page.contains(&one), "{page}");
    let (s, page) = w.page(&giamsat, &one.replace("&amp;", "&")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        page.contains("100,0 %") && !page.contains("60,0 %"),
        "{page}"
    );
    // Its leader reads A's month; B's staff are not told of A; a specialist
    // has no guidance to read.
    let (s, page) = w
        .page(
            &w.login("lanhdao.a").await,
            "/huong-dan/bao-cao?thang=2026-11",
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        page.contains("60,0 %") && !page.contains("Trung tâm Cái Khế"),
        "{page}"
    );
    let (s, _) = w
        .send(
            "GET",
            &format!("/api/v1/guidance/summary?center_id={}", w.a),
            Some(&reception_b),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = w
        .send(
            "GET",
            "/api/v1/guidance/summary",
            Some(&w.login("chuyenvien.a").await),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, page) = w.page(&postal, "/huong-dan/bao-cao?thang=2026-13").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Tháng: tháng 2026-13 không hợp lệ"), "{page}");

    // The page lists today's entries of the center, the latest first.
    let (_, page) = w.page(&postal, "/huong-dan").await;
    assert!(page.contains("5 lượt hôm nay"), "{page}");
    assert!(page.contains("id=\"nav-guidance\""));
}

/// A big month in Vietnamese numbers (`1.048`), written through the store
/// as the demo does, and nobody followed: `0,0 %`.
#[tokio::test]
async fn the_report_writes_numbers_the_vietnamese_way() {
    use motcua_domain::guidance::{Entry, GuidedChannel};
    let w = world().await;
    let postal = w.store.account("buudien.a").await.unwrap().unwrap().id;
    let entries: Vec<Entry> = (0..1048i64)
        .map(|i| Entry {
            center_id: w.a,
            guided_by: postal,
            at: jiff::Timestamp::from_second(now().as_second() - 3600 - i).unwrap(),
            procedure_code: "2.004001".parse().unwrap(),
            channel: GuidedChannel::Online,
            dossier: None,
            note: String::new(),
        })
        .collect();
    assert_eq!(w.store.import_guidance(&entries).await.unwrap(), 1048);
    let (s, page) = w
        .page(
            &w.login("giamsat").await,
            "/huong-dan/bao-cao?thang=2026-11",
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("<td class=\"num\">1.048</td>"), "{page}");
    assert!(page.contains("0,0 %"), "{page}");
}
