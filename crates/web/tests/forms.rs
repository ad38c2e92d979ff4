//! The printed forms as a reader of the PDF sees them (issue 9, item 6).

mod common;

use common::*;

use axum::http::StatusCode;
use serde_json::Value;

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
