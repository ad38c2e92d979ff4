//! The printed forms as a reader of the PDF sees them: pages and metadata
//! (issue 9, item 6).

mod common;

use common::*;

use axum::http::StatusCode;
use serde_json::{json, Value};

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
async fn the_receipt_fits_one_a4_page_with_three_or_six_components() {
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
        assert!(info["Page size"].contains("(A4)"), "{}", info["Page size"]);
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
