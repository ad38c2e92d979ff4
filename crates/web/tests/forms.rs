//! The printed forms as a reader of the PDF sees them: pages, metadata, the
//! people and agencies named on them (issue 9, item 6).

mod common;

use common::*;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

/// Receives `components` for the standard applicant at center A; returns the
/// dossier's code.
async fn receive(w: &World, who: &Who, components: Value) -> String {
    let mut body = intake_body(w.a);
    body["components"] = components;
    let (s, d) = w
        .send("POST", "/api/v1/dossiers", Some(who), Some(body), &[])
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    d["code"].as_str().unwrap().to_string()
}

fn form(code: &str, n: &str) -> String {
    format!("/api/v1/dossiers/{code}/forms/{n}")
}

/// The text of a PDF in the order it was drawn (`pdftotext -raw`): the lines
/// of a table cell stay together, words split over lines join again.
fn drawn_text(pdf: &[u8]) -> String {
    squash(&pdftotext("-raw", pdf))
}

#[tokio::test]
async fn the_receipt_fits_one_a5_page_with_three_or_six_components() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let three = intake_body(w.a)["components"].clone();
    let mut six = three.clone();
    for name in [
        "Giấy chứng nhận kết hôn của cha mẹ",
        "Văn bản ủy quyền có chứng thực",
        "Giấy xác nhận thông tin về cư trú",
    ] {
        six.as_array_mut()
            .unwrap()
            .push(json!({ "name": name, "count": 1 }));
    }
    for (n, components) in [(3, three), (6, six)] {
        let code = receive(&w, &reception, components).await;
        let (s, pdf) = w.pdf_bytes(&form(&code, "01"), &reception).await;
        assert_eq!(s, StatusCode::OK);
        let info = pdfinfo(&pdf);
        let text = drawn_text(&pdf);
        assert_eq!(
            info["Pages"], "1",
            "the receipt of a {n}-component dossier is one page:\n{text}"
        );
        // A5, as the law prints forms 01 to 05.
        assert!(
            info["Page size"].starts_with("419.5") && info["Page size"].contains("595.2"),
            "{}",
            info["Page size"]
        );
        // All of it is on that page, down to the signatures.
        for needle in [
            "Giấy tờ tùy thân của người yêu cầu",
            "6. Đăng ký nhận kết quả tại",
            "NGƯỜI NỘP HỒ SƠ",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
        ] {
            assert!(text.contains(needle), "{needle:?} is missing:\n{text}");
        }
        if n == 6 {
            assert!(text.contains("Giấy xác nhận thông tin về cư trú"), "{text}");
        }
    }
}

#[tokio::test]
async fn forms_carry_their_vietnamese_title_in_the_pdf_metadata() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let code = receive(&w, &reception, intake_body(w.a)["components"].clone()).await;
    let today = today();
    for (uri, title) in [
        (form(&code, "01"), format!("Giấy tiếp nhận {code}")),
        (form(&code, "06"), format!("Phiếu kiểm soát {code}")),
        (
            format!("/api/v1/centers/{}/register?from={today}&to={today}", w.a),
            "Sổ theo dõi hồ sơ Trung tâm Ninh Kiều".to_string(),
        ),
    ] {
        let (s, pdf) = w.pdf_bytes(&uri, &reception).await;
        assert_eq!(s, StatusCode::OK, "{uri}");
        assert_eq!(pdfinfo(&pdf)["Title"], title, "{uri}");
    }
}

#[tokio::test]
async fn forms_name_people_by_their_full_names_not_their_logins() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let specialist = w.login("chuyenvien.b").await;
    let code = receive(&w, &reception, intake_body(w.a)["components"].clone()).await;
    let (_, receipt) = w.pdf_bytes(&form(&code, "01"), &reception).await;
    let text = drawn_text(&receipt);
    assert!(
        text.contains("NGƯỜI TIẾP NHẬN HỒ SƠ") && text.contains("Nguyễn Thị Thu Hà"),
        "the receiver by name:\n{text}"
    );
    assert!(!text.contains("tiepnhan.a"), "no login:\n{text}");

    // Handed over to a named specialist of the other ward, who asks for more.
    let to = w.store.account("chuyenvien.b").await.unwrap().unwrap().id;
    let (s, d) = act(&w, &reception, &code, 1, json!({ "action": "hand-over", "to_agency": "000.30.01.H92", "to_account": to, "note": "" })).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let (s, d) = act(&w, &specialist, &code, 2, json!({ "action": "request-supplement", "items": ["Bản sao Giấy chứng nhận kết hôn"], "reason": "Thiếu giấy tờ" })).await;
    assert_eq!(s, StatusCode::OK, "{d}");

    let (_, request) = w.pdf_bytes(&form(&code, "02"), &specialist).await;
    let text = drawn_text(&request);
    assert!(
        text.contains("NGƯỜI HƯỚNG DẪN") && text.contains("Đặng Quốc Bảo"),
        "{text}"
    );
    assert!(!text.contains("chuyenvien.b"), "{text}");

    let (_, slip) = w.pdf_bytes(&form(&code, "06"), &reception).await;
    let text = drawn_text(&slip);
    for needle in [
        "1. Giao: Nguyễn Thị Thu Hà 2. Nhận: Đặng Quốc Bảo",
        "Đặng Quốc Bảo",
    ] {
        assert!(text.contains(needle), "{needle:?} is missing:\n{text}");
    }
    assert!(
        !text.contains("tiepnhan.a") && !text.contains("chuyenvien.b"),
        "no logins on the slip:\n{text}"
    );
}

#[tokio::test]
async fn the_control_slip_names_agencies_and_carries_no_technical_note() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let code = receive(&w, &reception, intake_body(w.a)["components"].clone()).await;
    let (s, d) = act(&w, &reception, &code, 1, json!({ "action": "hand-over", "to_agency": "000.30.01.H92", "to_account": null, "note": "" })).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let (_, slip) = w.pdf_bytes(&form(&code, "06"), &reception).await;
    let text = drawn_text(&slip);
    assert!(
        text.contains("1. Giao: UBND phường Ninh Kiều 2. Nhận: UBND phường Cái Khế"),
        "the hand-over between agencies by name:\n{text}"
    );
    assert_eq!(
        text.matches("000.30.00.H92").count(),
        1,
        "the agency code only inside the dossier code:\n{text}"
    );
    assert!(!text.contains("000.30.01.H92"), "{text}");
    for technical in ["băm", "hash", "audit"] {
        assert!(
            !text.to_lowercase().contains(technical),
            "{technical:?} belongs in the README, not on the form:\n{text}"
        );
    }
}

#[tokio::test]
async fn the_dossier_page_after_the_counter_names_the_officer() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let code = receive(&w, &reception, intake_body(w.a)["components"].clone()).await;
    let res = w
        .router
        .clone()
        .oneshot(
            Request::get(format!("/ho-so/{code}"))
                .header(header::COOKIE, &reception.cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html =
        String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    let timeline = &html[html.find("id=\"form-01\"").expect("the receipt to print")..];
    assert!(
        timeline.contains("<td>Nguyễn Thị Thu Hà (Tiếp nhận)</td>"),
        "the timeline names who received it: {timeline}"
    );
    assert!(!timeline.contains("tiepnhan.a"), "{timeline}");
}

/// What the QR codes on the first page of a PDF say, read the way a phone
/// reads the printed page: rendered by `pdftoppm`, decoded by `zbarimg`.
fn qr_codes(pdf: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("form.pdf");
    std::fs::write(&file, pdf).unwrap();
    let page = dir.path().join("page");
    let rendered = std::process::Command::new("pdftoppm")
        .args(["-r", "200", "-png", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&file)
        .arg(&page)
        .status()
        .expect("poppler-utils is installed by the test command");
    assert!(rendered.success());
    let out = std::process::Command::new("zbarimg")
        .args(["--raw", "-q"])
        .arg(page.with_extension("png"))
        .output()
        .expect("zbar-tools is installed by the test command");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

#[tokio::test]
async fn the_receipts_qr_code_points_at_the_public_address_never_the_requests_host() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let code = receive(&w, &reception, intake_body(w.a)["components"].clone()).await;
    let fetch = |router: axum::Router| {
        let req = Request::get(form(&code, "01"))
            .header(header::COOKIE, &reception.cookie)
            .header(header::HOST, "evil.example")
            .header("x-forwarded-host", "evil.example")
            .body(Body::empty())
            .unwrap();
        async move {
            let res = router.oneshot(req).await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            res.into_body().collect().await.unwrap().to_bytes().to_vec()
        }
    };
    let configured = w.router_with(motcua_web::WebConfig {
        public_url: Some("https://dichvucong.cantho.gov.vn/".into()),
        ..Default::default()
    });
    let qr = qr_codes(&fetch(configured).await);
    assert_eq!(qr.len(), 1, "{qr:?}");
    assert!(
        qr[0].starts_with(&format!(
            "https://dichvucong.cantho.gov.vn/tra-cuu?ma={code}&pin="
        )),
        "{qr:?}"
    );
    let unconfigured = qr_codes(&fetch(w.router.clone()).await);
    assert_eq!(unconfigured.len(), 1);
    assert!(!unconfigured[0].contains("evil"), "{unconfigured:?}");
}
