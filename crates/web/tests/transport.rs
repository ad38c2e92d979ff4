//! Dossiers the post carries: a postal employee's intake (checklist, list,
//! seal, fees), the manifest to the center whose receipt starts the legal
//! clock, the manifest to the settling agency signed by its receiver, the
//! hand-over record and the slip as PDF, and Mẫu 06 showing each carriage.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

fn postal_body(w: &World) -> Value {
    json!({
        "center_id": w.a,
        "procedure_code": "2.004001",
        "applicant": { "name": "Lê Thị Xa", "id_number": "092190005678", "phone": "0912 000 777", "address": "Ấp Mỹ Phước, xã Mỹ Khánh" },
        "documents": [
            { "name": "Tờ khai đăng ký khai sinh", "originals": 1 },
            { "name": "Giấy chứng sinh", "originals": 1 },
            { "name": "Giấy tờ tùy thân của người yêu cầu", "copies": 1 }
        ],
        "seal": "nb-000123",
        "result_channel": "post"
    })
}

#[tokio::test]
async fn a_postal_intake_travels_to_the_center_and_the_clock_starts_there() {
    let w = world().await;
    let post = w.login("buudien.a").await;
    let reception = w.login("tiepnhan.a").await;

    // The checklist: a missing component is named, and nothing is opened.
    let mut short = postal_body(&w);
    short["documents"].as_array_mut().unwrap().remove(1);
    let (s, e) = w
        .send(
            "POST",
            "/api/v1/postal-intakes",
            Some(&post),
            Some(short),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["field"], "documents");
    assert!(
        e["error"].as_str().unwrap().contains("Giấy chứng sinh"),
        "{e}"
    );
    let mut bad_seal = postal_body(&w);
    bad_seal["seal"] = json!("niêm");
    let (s, e) = w
        .send(
            "POST",
            "/api/v1/postal-intakes",
            Some(&post),
            Some(bad_seal),
            &[],
        )
        .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("seal")),
        "{e}"
    );
    assert!(
        e["error"].as_str().unwrap().contains("Số niêm phong"),
        "{e}"
    );
    // Counter staff receive at the counter, not at the post.
    let (s, _) = w
        .send(
            "POST",
            "/api/v1/postal-intakes",
            Some(&reception),
            Some(postal_body(&w)),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(w.dossier_count().await, 0);

    let (s, d) = w
        .send(
            "POST",
            "/api/v1/postal-intakes",
            Some(&post),
            Some(postal_body(&w)),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let code = d["code"].as_str().unwrap().to_string();
    assert_eq!(d["status"], 1, "newly registered until the center has it");
    assert_eq!(d["channel"], "post");
    assert!(
        d["appointment"].is_null(),
        "no clock while the post carries it"
    );

    // The slip: the list both sign, the seal, the receipt.
    let (s, pdf) = w
        .pdf_bytes(&format!("/api/v1/dossiers/{code}/postal-slip"), &post)
        .await;
    assert_eq!(s, StatusCode::OK);
    let slip = squash(&pdf_text(&pdf));
    for text in [
        "PHIẾU GỬI HỒ SƠ",
        "NB-000123",
        "Giấy chứng sinh",
        "Trần Thị Bưu",
        "Lê Thị Xa",
        "25.000 đồng",
    ] {
        assert!(slip.contains(&squash(text)), "{text} in {slip}");
    }

    // Waiting for a manifest, then carried by the employee who sealed it.
    let (s, c) = w
        .send(
            "GET",
            &format!("/api/v1/centers/{}/transport-candidates?leg=to-center", w.a),
            Some(&post),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c.as_array().unwrap().len(), 1);
    assert_eq!(c[0]["code"], code.as_str());
    let manifest = json!({ "center_id": w.a, "leg": "to-center", "dossiers": [code], "from_place": "Bưu điện xã Mỹ Khánh" });
    let (s, _) = w
        .send(
            "POST",
            "/api/v1/manifests",
            Some(&reception),
            Some(manifest.clone()),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "the sealer carries it");
    let (s, m) = w
        .send(
            "POST",
            "/api/v1/manifests",
            Some(&post),
            Some(manifest.clone()),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    assert_eq!(m["number"], "BK-2026-0001");
    assert_eq!(
        (m["documents"].as_u64(), m["fees"].as_i64()),
        (Some(3), Some(0))
    );
    assert_eq!(m["carrier_name"], "Trần Thị Bưu");
    let id = m["id"].as_i64().unwrap();
    let (s, e) = w
        .send(
            "POST",
            "/api/v1/manifests",
            Some(&post),
            Some(manifest),
            &[],
        )
        .await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "in one manifest at a time: {e}"
    );
    assert_eq!(e["field"], "dossiers[0]");

    // Another center's staff do not see it.
    let other = w.login("tiepnhan.b").await;
    let (s, _) = w
        .send(
            "GET",
            &format!("/api/v1/manifests/{id}"),
            Some(&other),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // The next morning the center signs for it; the carrier cannot.
    let received_at: jiff::Timestamp = "2026-11-25T02:00:00Z".parse().unwrap();
    w.clock.set(received_at);
    // A new day, new sessions.
    let post = w.login("buudien.a").await;
    let reception = w.login("tiepnhan.a").await;
    let tally = json!({ "tallies": [{ "code": code, "tally": "complete" }], "note": "Niêm phong nguyên vẹn" });
    let (s, _) = w
        .send(
            "POST",
            &format!("/api/v1/manifests/{id}/receive"),
            Some(&post),
            Some(tally.clone()),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, e) = w
        .send(
            "POST",
            &format!("/api/v1/manifests/{id}/receive"),
            Some(&reception),
            Some(json!({ "tallies": [] })),
            &[],
        )
        .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("tallies")),
        "{e}"
    );
    let (s, m) = w
        .send(
            "POST",
            &format!("/api/v1/manifests/{id}/receive"),
            Some(&reception),
            Some(tally.clone()),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{m}");
    assert_eq!(m["received_by_name"], "Nguyễn Thị Thu Hà");
    assert_eq!(m["items"][0]["tally"], "complete");
    let (s, _) = w
        .send(
            "POST",
            &format!("/api/v1/manifests/{id}/receive"),
            Some(&reception),
            Some(tally),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);

    // Accepted at the center's receipt: the appointment counts from there.
    let (_, d) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(d["status"], 2, "{d}");
    let appointment: jiff::Timestamp = d["appointment"].as_str().unwrap().parse().unwrap();
    assert!(appointment > received_at, "{appointment}");
    let (_, events) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}/events"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    let names: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"]["action"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["postal-intake", "transport", "transport", "accept"]);
    assert_eq!(
        events[3]["at"]
            .as_str()
            .unwrap()
            .parse::<jiff::Timestamp>()
            .unwrap(),
        received_at
    );

    // The hand-over record and Mẫu 06 show the carriage.
    let (s, pdf) = w
        .pdf_bytes(&format!("/api/v1/manifests/{id}/record"), &reception)
        .await;
    assert_eq!(s, StatusCode::OK);
    let record = squash(&pdf_text(&pdf));
    for text in [
        "BIÊN BẢN BÀN GIAO HỒ SƠ",
        "BK-2026-0001",
        &code,
        "Đầy đủ",
        "Bưu điện xã Mỹ Khánh",
        "Nguyễn Thị Thu Hà",
        "Trần Thị Bưu",
    ] {
        assert!(record.contains(&squash(text)), "{text} in {record}");
    }
    let (_, pdf) = w
        .pdf_bytes(&format!("/api/v1/dossiers/{code}/forms/06"), &reception)
        .await;
    let slip = squash(&pdf_text(&pdf));
    // A row where the post took it, and one where the center signed.
    assert_eq!(slip.matches("(Bảng kê BK-2026-0001)").count(), 2, "{slip}");
}

#[tokio::test]
async fn a_manifest_to_the_settling_agency_is_signed_by_its_receiver() {
    let w = world().await;
    let post = w.login("buudien.a").await;
    let reception = w.login("tiepnhan.a").await;
    let d = w.receive_at_a(&reception).await;
    let code = d["code"].as_str().unwrap().to_string();
    // Nothing to carry while the center settles it itself.
    let (_, c) = w
        .send(
            "GET",
            &format!("/api/v1/centers/{}/transport-candidates?leg=to-agency", w.a),
            Some(&post),
            None,
            &[],
        )
        .await;
    assert_eq!(c.as_array().unwrap().len(), 0, "{c}");
    let (s, d) = act(&w, &reception, &code, d["last_seq"].as_i64().unwrap(), json!({
        "action": "hand-over", "to_agency": "000.30.01.H92", "to_account": null, "note": "Thuộc thẩm quyền phường Cái Khế"
    }))
    .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let (_, c) = w
        .send(
            "GET",
            &format!("/api/v1/centers/{}/transport-candidates?leg=to-agency", w.a),
            Some(&post),
            None,
            &[],
        )
        .await;
    assert_eq!(c[0]["code"], code.as_str(), "{c}");

    // Handed by the counter to the postal employee it names.
    let carrier = w.store.account("buudien.a").await.unwrap().unwrap().id;
    let (s, e) = w
        .send(
            "POST",
            "/api/v1/manifests",
            Some(&reception),
            Some(json!({ "center_id": w.a, "leg": "to-agency", "dossiers": [code] })),
            &[],
        )
        .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("carrier_id")),
        "{e}"
    );
    let (s, m) = w
        .send("POST", "/api/v1/manifests", Some(&reception), Some(json!({ "center_id": w.a, "leg": "to-agency", "dossiers": [code], "carrier_id": carrier })), &[])
        .await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    assert_eq!(m["to_place"], "UBND phường Cái Khế");
    assert_eq!(m["dispatched_by_name"], "Nguyễn Thị Thu Hà");
    let id = m["id"].as_i64().unwrap();
    let (_, open) = w
        .send("GET", "/api/v1/manifests?open=true", Some(&post), None, &[])
        .await;
    assert_eq!(open.as_array().unwrap().len(), 1, "{open}");

    // At the agency the employee records who signed for it.
    let tally = |name: &str| json!({ "received_by_name": name, "tallies": [{ "code": code, "tally": "complete" }] });
    let (s, e) = w
        .send(
            "POST",
            &format!("/api/v1/manifests/{id}/receive"),
            Some(&post),
            Some(tally("")),
            &[],
        )
        .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("received_by_name")),
        "{e}"
    );
    let (s, m) = w
        .send(
            "POST",
            &format!("/api/v1/manifests/{id}/receive"),
            Some(&post),
            Some(tally("Đặng Quốc Bảo")),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{m}");
    assert_eq!(m["received_by_name"], "Đặng Quốc Bảo");
    let (_, open) = w
        .send("GET", "/api/v1/manifests?open=true", Some(&post), None, &[])
        .await;
    assert_eq!(open.as_array().unwrap().len(), 0);
    let (_, d) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(d["status"], 4, "carrying changes no status: {d}");
}

#[tokio::test]
async fn the_pages_take_a_postal_intake_to_the_center() {
    let w = world().await;
    let post = w.login("buudien.a").await;
    let (s, page) = w.page(&post, "/buu-chinh/nhan-ho-so?q=khai+sinh").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("/buu-chinh/nhan-ho-so/2.004001"), "{page}");
    let (s, page) = w.page(&post, "/buu-chinh/nhan-ho-so/2.004001").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Giấy chứng sinh"), "{page}");
    let key = input_value(&page, "form_key");

    // A document short: the page names it and keeps what was typed.
    let mut form = vec![
        ("name", "Lê Thị Xa"),
        ("phone", "0912000777"),
        ("address", "Ấp Mỹ Phước"),
        ("o0", "1"),
        ("k2", "1"),
        ("seal", "NB-000124"),
        ("result_channel", "post"),
        ("form_key", &key),
    ];
    let (s, _, page) = w
        .post_form(&post, "/buu-chinh/nhan-ho-so/2.004001", &form)
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Giấy chứng sinh") && page.contains("intake-error"),
        "{page}"
    );
    assert_eq!(input_value(&page, "name"), "Lê Thị Xa");
    assert_eq!(input_value(&page, "seal"), "NB-000124");
    assert_eq!(input_value(&page, "o0"), "1");
    assert!(
        page.contains("id=\"o0\" autofocus"),
        "the cursor waits in the documents: {page}"
    );
    assert_eq!(w.dossier_count().await, 0);

    form.push(("o1", "1"));
    let (s, to, _) = w
        .post_form(&post, "/buu-chinh/nhan-ho-so/2.004001", &form)
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let to = to.unwrap();
    let code = to.split("nhan=").nth(1).unwrap().to_string();
    // Sent twice (a double click): one dossier.
    let (_, again, _) = w
        .post_form(&post, "/buu-chinh/nhan-ho-so/2.004001", &form)
        .await;
    assert_eq!(again.as_deref(), Some(to.as_str()));
    assert_eq!(w.dossier_count().await, 1);
    let (_, page) = w.page(&post, &to).await;
    assert!(
        page.contains(&format!("/api/v1/dossiers/{code}/postal-slip")),
        "{page}"
    );
    assert!(
        page.contains(&format!("value=\"{code}\"")),
        "waiting to travel: {page}"
    );

    // Nothing ticked: the page says so and nothing is sent.
    let center = w.a.0.to_string();
    let (s, _, page) = w
        .post_form(
            &post,
            "/buu-chinh/bang-ke",
            &[
                ("center_id", &center),
                ("leg", "to-center"),
                ("from_place", "Bưu điện xã Mỹ Khánh"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("manifest-error"), "{page}");
    assert_eq!(input_value(&page, "from_place"), "Bưu điện xã Mỹ Khánh");
    let (s, to, _) = w
        .post_form(
            &post,
            "/buu-chinh/bang-ke",
            &[
                ("center_id", &center),
                ("leg", "to-center"),
                ("d", &code),
                ("from_place", "Bưu điện xã Mỹ Khánh"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let manifest = to.unwrap();
    let (_, page) = w.page(&post, &format!("/ho-so/{code}")).await;
    assert!(
        page.contains("id=\"in-transit\"") && page.contains("BK-2026-0001"),
        "{page}"
    );
    let (_, page) = w.page(&post, &manifest).await;
    assert!(
        page.contains("BK-2026-0001") && page.contains("receive-elsewhere"),
        "the carrier does not sign: {page}"
    );

    let reception = w.login("tiepnhan.a").await;
    let (_, page) = w.page(&reception, &manifest).await;
    assert!(page.contains("receive-form"), "{page}");
    let (s, back, _) = w
        .post_form(
            &reception,
            &format!("{manifest}/nhan"),
            &[
                (&format!("t:{code}"), "complete"),
                ("note", "Niêm phong nguyên vẹn"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{back:?}");
    let (_, page) = w.page(&reception, &manifest).await;
    assert!(
        page.contains("Đầy đủ") && page.contains("Nguyễn Thị Thu Hà"),
        "{page}"
    );
    let (_, d) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(d["status"], 2);
    let (_, page) = w.page(&reception, &format!("/ho-so/{code}")).await;
    assert!(
        page.contains(&format!("/api/v1/dossiers/{code}/postal-slip")),
        "{page}"
    );
    assert!(!page.contains("id=\"in-transit\""), "delivered: {page}");
}

#[tokio::test]
async fn fees_by_post_count_pages_and_copies() {
    let w = world().await;
    let post = w.login("buudien.a").await;
    let body = |pages: u32| {
        json!({
            "center_id": w.a,
            "procedure_code": "2.004104",
            "applicant": { "name": "Lê Thị Xa", "phone": "0912000777" },
            "documents": [
                { "name": "Bản chính giấy tờ, văn bản cần chứng thực", "originals": 1 },
                { "name": "Bản sao cần chứng thực", "copies": 2 }
            ],
            "seal": "NB-000321",
            "pages": pages,
            "copies": 2
        })
    };
    let (s, e) = w
        .send(
            "POST",
            "/api/v1/postal-intakes",
            Some(&post),
            Some(body(0)),
            &[],
        )
        .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("pages")),
        "{e}"
    );
    let (s, d) = w
        .send(
            "POST",
            "/api/v1/postal-intakes",
            Some(&post),
            Some(body(4)),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    // 2.000 đ for each of the first two pages, 1.000 đ from the third: 6.000 đ a copy.
    assert_eq!(d["details"]["fee"], 12_000, "{d}");
    let code = d["code"].as_str().unwrap();
    let (_, pdf) = w
        .pdf_bytes(&format!("/api/v1/dossiers/{code}/postal-slip"), &post)
        .await;
    let slip = squash(&pdf_text(&pdf));
    assert!(slip.contains("12.000 đồng"), "{slip}");
    assert!(
        slip.contains(&squash("Tổng cộng: 37.000 đồng")),
        "with the postage: {slip}"
    );
}
