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

/// A workbook the API answers `who`: status, headers, bytes.
async fn download(w: &World, uri: &str, who: &Who) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let req = Request::get(uri)
        .header(header::COOKIE, &who.cookie)
        .body(Body::empty())
        .unwrap();
    let res = w.router.clone().oneshot(req).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, bytes)
}

/// The register's sheet as text, row by row (dates as Excel's day numbers).
fn sheet(bytes: Vec<u8>) -> Vec<Vec<String>> {
    use calamine::{Data, Reader};
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).expect("an xlsx");
    let name = book.sheet_names().remove(0);
    let range = book.worksheet_range(&name).unwrap();
    let (rows, cols) = range.end().map_or((0, 0), |(r, c)| (r + 1, c + 1));
    (0..rows)
        .map(|r| {
            (0..cols)
                .map(|c| match range.get_value((r, c)) {
                    Some(Data::String(s)) => s.clone(),
                    Some(Data::Float(x)) => x.to_string(),
                    Some(Data::Int(n)) => n.to_string(),
                    Some(Data::DateTime(d)) => d.as_f64().to_string(),
                    _ => String::new(),
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn the_register_downloads_as_excel_with_the_pdfs_dossiers_and_privacy() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let components = intake_body(w.a)["components"].clone();
    let mut codes = vec![
        receive(&w, &reception, components.clone()).await,
        receive(&w, &reception, components).await,
    ];
    codes.sort();
    let today = today();
    let query = format!("from={today}&to={today}");
    let (s, headers, bytes) = download(
        &w,
        &format!("/api/v1/centers/{}/register.xlsx?{query}", w.a),
        &reception,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(
        headers[header::CONTENT_DISPOSITION],
        format!("attachment; filename=\"so-theo-doi-trung-tam-ninh-kieu-{today}-{today}.xlsx\"")
            .as_str()
    );
    let rows = sheet(bytes);
    assert_eq!(
        rows[0][0], "Sổ theo dõi hồ sơ Trung tâm Ninh Kiều",
        "{rows:?}"
    );
    let today_dmy = today.strftime("%d/%m/%Y").to_string();
    assert_eq!(
        rows[1][0],
        format!("Từ ngày {today_dmy} đến ngày {today_dmy}")
    );
    // The header of the PDF's columns, then one line a dossier.
    let head = rows
        .iter()
        .position(|r| r[0] == "STT")
        .expect("a header row");
    assert_eq!(
        rows[head],
        [
            "STT",
            "Mã hồ sơ",
            "Nội dung",
            "Chủ hồ sơ",
            "Điện thoại",
            "Ngày nhận",
            "Ngày hẹn trả",
            "Trạng thái"
        ]
    );
    let lines = &rows[head + 1..];
    let mut in_sheet: Vec<String> = lines.iter().map(|r| r[1].clone()).collect();
    in_sheet.sort();
    // The same dossiers as the PDF's register.
    let (s, pdf) = w
        .pdf_bytes(
            &format!("/api/v1/centers/{}/register?{query}", w.a),
            &reception,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let text = drawn_text(&pdf);
    let mut in_pdf: Vec<String> = text
        .split_whitespace()
        .filter(|word| in_sheet.iter().any(|c| c == word) || codes.contains(&word.to_string()))
        .map(String::from)
        .collect();
    in_pdf.sort();
    in_pdf.dedup();
    assert_eq!(in_sheet, codes, "{rows:?}");
    assert_eq!(in_pdf, codes, "{text}");
    let excel_today = today
        .since(jiff::civil::date(1899, 12, 30))
        .unwrap()
        .get_days()
        .to_string();
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line[0], (i + 1).to_string(), "numbered: {line:?}");
        assert_eq!(line[3], "Nguyễn Văn An", "{line:?}");
        assert_eq!(line[4], "0912345678", "the phone in full to its officer");
        assert_eq!(line[5], excel_today, "received today, as a date");
    }

    // The supervisor, who handles none of them, sees the phones masked.
    let supervisor = w.login("giamsat").await;
    let (s, _, bytes) = download(
        &w,
        &format!("/api/v1/centers/{}/register.xlsx?{query}", w.a),
        &supervisor,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let rows = sheet(bytes);
    let lines = &rows[head + 1..];
    assert_eq!(lines.len(), 2, "{rows:?}");
    for line in lines {
        assert!(
            line[4].contains('*') && !line[4].contains("345"),
            "masked: {line:?}"
        );
    }

    // Another center's officer does not get it.
    let other = w.login("tiepnhan.b").await;
    let (s, _, _) = download(
        &w,
        &format!("/api/v1/centers/{}/register.xlsx?{query}", w.a),
        &other,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}
