//! The counter and the dossier screens as an officer uses them (issue 9):
//! each test here failed on the screens before they were fixed.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

const BIRTH: &str = "/quay/2.004001";

/// The intake form's fields for a new applicant, before any component is ticked.
fn applicant_fields(idempotency: &str) -> Vec<(&'static str, String)> {
    vec![
        ("idempotency", idempotency.to_string()),
        ("name", "Lê Thị Hồng".into()),
        ("id_number", "092190001234".into()),
        ("phone", "0912345678".into()),
        ("address", "".into()),
        ("pages", "1".into()),
        ("copies", "1".into()),
        ("result_channel", "counter".into()),
        ("reasons", "".into()),
    ]
}

fn with<'a>(
    base: &'a [(&'static str, String)],
    more: &[(&'static str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut v: Vec<(&str, &str)> = base.iter().map(|(k, v)| (*k, v.as_str())).collect();
    for (k, val) in more {
        if let Some(slot) = v.iter_mut().find(|(name, _)| name == k) {
            slot.1 = val;
        } else {
            v.push((k, val));
        }
    }
    v
}

#[tokio::test]
async fn nothing_is_ticked_until_the_officer_ticks_it_and_the_missing_are_named() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let (s, form) = w.page(&reception, BIRTH).await;
    assert_eq!(s, StatusCode::OK);
    for i in 0..3 {
        assert!(form.contains(&format!("id=\"c{i}\"")), "{form}");
        assert!(
            !form.contains(&format!("id=\"c{i}\" checked")),
            "component {i} starts unticked"
        );
    }
    let base = applicant_fields(&input_value(&form, "idempotency"));
    let (s, _, page) = w
        .post_form(&reception, BIRTH, &with(&base, &[("decision", "accept")]))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    for name in [
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
        "Giấy tờ tùy thân của người yêu cầu",
    ] {
        assert!(
            page.split("id=\"intake-error\"")
                .nth(1)
                .unwrap()
                .split("</p>")
                .next()
                .unwrap()
                .contains(name),
            "the error names {name}: {page}"
        );
    }
    assert!(
        page.contains("id=\"c0\" autofocus"),
        "the cursor waits on the first missing document: {page}"
    );
    assert_eq!(page.matches(" autofocus").count(), 1);
    assert_eq!(w.dossier_count().await, 0);
}

#[tokio::test]
async fn a_cccd_known_under_another_name_is_questioned_not_mixed() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    // Nguyễn Văn An holds 092190001234 (from an earlier dossier).
    let (s, _) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(intake_body(w.a)),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (_, form) = w.page(&reception, BIRTH).await;
    let base = applicant_fields(&input_value(&form, "idempotency"));
    let ticked = [
        ("c0", "on"),
        ("c1", "on"),
        ("c2", "on"),
        ("decision", "accept"),
    ];
    let (s, _, page) = w.post_form(&reception, BIRTH, &with(&base, &ticked)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("«Nguyễn Văn An»")
            && page.contains("value=\"Lê Thị Hồng\"")
            && page.contains("name=\"applicant_update_reason\""),
        "the other name is shown, the typed one kept, a reason asked: {page}"
    );
    assert!(
        page.contains("id=\"id_number\" value=\"092190001234\" inputmode=\"numeric\" autofocus"),
        "the cursor waits on the CCCD: {page}"
    );
    assert_eq!(w.dossier_count().await, 1, "nothing received");
    // The API says the same, by field.
    let mut body = intake_body(w.a);
    body["applicant"]["name"] = json!("Lê Thị Hồng");
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
    assert_eq!(e["field"], "applicant.id_number", "{e}");
    // The same person written another way is the same person.
    let mut body = intake_body(w.a);
    body["applicant"]["name"] = json!("NGUYỄN VĂN AN");
    let (s, _) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(body),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    // A change of name, with its reason, goes through and changes the record.
    let (s, to, _) = w
        .post_form(
            &reception,
            BIRTH,
            &with(
                &base,
                &[
                    ("c0", "on"),
                    ("c1", "on"),
                    ("c2", "on"),
                    ("decision", "accept"),
                    (
                        "applicant_update_reason",
                        "Đổi tên theo quyết định cải chính hộ tịch",
                    ),
                ],
            ),
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{to:?}");
    let (_, again) = w.page(&reception, "/quay/2.004101?key=092190001234").await;
    assert!(
        again.contains("value=\"Lê Thị Hồng\"") && !again.contains("Nguyễn Văn An"),
        "the lookup fills one person's details: {again}"
    );
}

#[tokio::test]
async fn dossiers_are_found_by_procedure_name_and_by_the_tail_of_their_code() {
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
    let mut parts = code.rsplitn(3, '-');
    let (seq, day) = (parts.next().unwrap(), parts.next().unwrap());
    for q in [
        "khai sinh".to_string(),
        "Đăng ký khai sinh".to_string(),
        format!("{day}-{seq}"),
        seq.to_string(),
    ] {
        let (s, page) = w
            .page(
                &reception,
                &format!("/tim-kiem?q={}", motcua_web::auth::urlencode(&q)),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        assert!(
            page.contains(&format!("href=\"/ho-so/{code}\"")),
            "{q}: {page}"
        );
    }
    let (_, none) = w.page(&reception, "/tim-kiem?q=ket+hon").await;
    assert!(none.contains("id=\"no-results\""), "{none}");
}
