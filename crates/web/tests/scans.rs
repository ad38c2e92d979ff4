//! Digitization through the API: scans checked by their content and stored
//! once, refused files leaving nothing behind, a failed write collected, the
//! dossier digitized when its components are, the applicant's earlier scans
//! reused, and OCR finding the words of a scan.

mod common;

use std::collections::HashSet;
use std::io::Cursor;

use axum::http::StatusCode;
use common::*;
use motcua_blobs::BlobStore;
use serde_json::{json, Value};

/// A PNG the test draws: `seed` changes its pixels (and so its hash).
fn png(seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(300, 200, |x, y| {
        image::Rgb([(x as u8).wrapping_add(seed), y as u8, seed])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

async fn received(w: &World) -> (Who, String) {
    let reception = w.login("tiepnhan.a").await;
    let code = w.receive_at_a(&reception).await["code"]
        .as_str()
        .unwrap()
        .to_string();
    (reception, code)
}

fn status_of<'a>(scans: &'a Value, component: &str) -> &'a str {
    scans["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["component"] == component)
        .unwrap()["status"]
        .as_str()
        .unwrap()
}

async fn blob_count(w: &World) -> usize {
    w.blobs.list().await.unwrap().len()
}

#[tokio::test]
async fn a_scan_round_trips_is_stored_once_and_completes_the_dossier() {
    let w = world().await;
    let (reception, code) = received(&w).await;
    let uri = format!("/api/v1/dossiers/{code}/scans");
    let file = png(1);
    let (s, scans) = w
        .upload(
            &uri,
            &reception,
            &[("component", "TỜ KHAI ĐĂNG KÝ KHAI SINH")],
            &[("tờ khai.png", &file)],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{scans}");
    assert_eq!(status_of(&scans, "Tờ khai đăng ký khai sinh"), "done");
    assert_eq!(status_of(&scans, "Giấy chứng sinh"), "required");
    assert_eq!(scans["digitized"], false);
    let scan = &scans["scans"][0];
    assert_eq!(
        (scan["kind"].as_str(), scan["pages"].as_u64()),
        (Some("png"), Some(1))
    );
    assert_eq!(scan["file_name"], "tờ khai.png");
    let id = scan["id"].as_i64().unwrap();
    let (s, ct, back) = w.bytes(&format!("{uri}/{id}"), &reception).await;
    assert_eq!((s, ct.as_str()), (StatusCode::OK, "image/png"));
    assert_eq!(back, file, "the same bytes come back");
    let (s, ct, thumb) = w.bytes(&format!("{uri}/{id}/thumbnail"), &reception).await;
    assert_eq!((s, ct.as_str()), (StatusCode::OK, "image/png"));
    let small = image::load_from_memory(&thumb).unwrap();
    assert!(small.width() <= 240 && small.height() <= 240);
    let stored = blob_count(&w).await;
    assert_eq!(stored, 2, "the scan and its thumbnail");

    // The same file for the other component: stored once.
    let (s, scans) = w
        .upload(
            &uri,
            &reception,
            &[
                ("component", "Giấy chứng sinh"),
                ("expected_seq", &scans["last_seq"].to_string()),
            ],
            &[("chung-sinh.png", &file)],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{scans}");
    assert_eq!(blob_count(&w).await, stored);
    // The third component was only shown: exempt, then the dossier is digitized.
    assert_eq!(scans["digitized"], false);
    let (s, scans) = w
        .send(
            "POST",
            &format!("{uri}/exemptions"),
            Some(&reception),
            Some(json!({ "component": "Giấy tờ tùy thân của người yêu cầu", "reason": "original-shown" })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{scans}");
    assert_eq!(scans["digitized"], true);
    let (_, events) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}/events"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    let actions: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"]["action"].as_str().unwrap_or_default())
        .collect();
    assert!(
        actions.ends_with(&["attach-scan", "attach-scan", "exempt-scan", "digitize"]),
        "{actions:?}"
    );
    let queue = w.store.digitization_queue(None, 10).await.unwrap();
    assert!(
        queue.iter().all(|d| d.code.to_string() != code),
        "no longer waiting"
    );

    // Taken off again: the dossier is no longer digitized, and says so.
    let (s, scans) = w
        .send(
            "POST",
            &format!("{uri}/{id}/removal"),
            Some(&reception),
            Some(json!({ "reason": "Nhầm trang" })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{scans}");
    assert_eq!(scans["digitized"], false);
    assert_eq!(status_of(&scans, "Tờ khai đăng ký khai sinh"), "required");
}

#[tokio::test]
async fn refused_files_are_named_and_leave_nothing_behind() {
    let w = world().await;
    let (reception, code) = received(&w).await;
    let uri = format!("/api/v1/dossiers/{code}/scans");
    let good = png(2);
    let truncated = &good[..good.len() / 2];
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "trang-1.pdf",
            b"<html><body>not a scan</body></html>",
            "không phải PDF, JPEG, PNG hay TIFF",
        ),
        (
            "trang-1.pdf",
            &good,
            "tên tệp ghi PDF nhưng nội dung là PNG",
        ),
        ("trang-1.png", truncated, "bị hỏng"),
        ("../../etc/passwd.png", &good, "ký tự không được phép"),
        ("rong.png", b"", "tệp rỗng"),
    ];
    for (name, bytes, says) in cases {
        let (s, body) = w
            .upload(
                &uri,
                &reception,
                &[("component", "Giấy chứng sinh")],
                &[(name, bytes), ("tot.png", &good)],
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {body}");
        assert_eq!(body["field"], "file", "{body}");
        let error = body["error"].as_str().unwrap();
        assert!(error.contains(says), "{name}: {error}");
    }
    // Not a component of the dossier, and no file at all.
    let (s, body) = w
        .upload(
            &uri,
            &reception,
            &[("component", "Sổ hộ khẩu")],
            &[("a.png", &good)],
        )
        .await;
    assert_eq!(
        (s, body["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("component"))
    );
    let (s, body) = w
        .upload(&uri, &reception, &[("component", "Giấy chứng sinh")], &[])
        .await;
    assert_eq!(
        (s, body["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("file"))
    );
    assert_eq!(blob_count(&w).await, 0, "nothing stored");
    let d = w
        .store
        .dossier(&code.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(w.store.attachments(d.id, true).await.unwrap().is_empty());
    assert_eq!(d.last_seq, 1, "no event");

    // A specialist of the agency may read the dossier but not scan it.
    let specialist = w.login("chuyenvien.a").await;
    let (s, _) = w
        .upload(
            &uri,
            &specialist,
            &[("component", "Giấy chứng sinh")],
            &[("a.png", &good)],
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(blob_count(&w).await, 0);
}

#[tokio::test]
async fn a_blob_whose_record_failed_is_collected_and_attached_ones_stay() {
    let w = world().await;
    let (reception, code) = received(&w).await;
    let uri = format!("/api/v1/dossiers/{code}/scans");
    let (s, _) = w
        .upload(
            &uri,
            &reception,
            &[("component", "Giấy chứng sinh")],
            &[("a.png", &png(3))],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    // Someone else changed the dossier first: the file was stored, its record refused.
    let (s, body) = w
        .upload(
            &uri,
            &reception,
            &[("component", "Giấy chứng sinh"), ("expected_seq", "1")],
            &[("b.png", &png(4))],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{body}");
    assert_eq!(
        blob_count(&w).await,
        4,
        "two scans, two thumbnails, one pair unattached"
    );
    let d = w
        .store
        .dossier(&code.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(w.store.attachments(d.id, true).await.unwrap().len(), 1);
    // Within the grace period nothing goes; after it, only the unattached pair.
    // Measured from the files' own times, not the wall clock.
    let grace = std::time::Duration::from_secs(3600);
    let written = w.blobs.list().await.unwrap();
    let oldest = written.iter().map(|b| b.modified).min().unwrap();
    let newest = written.iter().map(|b| b.modified).max().unwrap();
    assert_eq!(
        motcua_web::cases::scans::collect_garbage(&w.state, oldest - grace)
            .await
            .unwrap(),
        0
    );
    let later = newest + grace;
    assert_eq!(
        motcua_web::cases::scans::collect_garbage(&w.state, later)
            .await
            .unwrap(),
        2
    );
    let left: HashSet<String> = w
        .blobs
        .list()
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.id.to_string())
        .collect();
    let kept: HashSet<String> = w
        .store
        .referenced_blobs()
        .await
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(left, kept);
}

#[tokio::test]
async fn the_applicants_earlier_scan_is_offered_and_reused() {
    let w = world().await;
    let (reception, first) = received(&w).await;
    let (s, _) = w
        .upload(
            &format!("/api/v1/dossiers/{first}/scans"),
            &reception,
            &[("component", "Giấy chứng sinh")],
            &[("cs.png", &png(5))],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    // At the counter, the returning applicant's digitized documents are named.
    let (s, _, page) = w.bytes("/quay/2.004001?key=092190001234", &reception).await;
    let page = String::from_utf8(page).unwrap();
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("id=\"digitized-before\""), "{page}");
    assert!(
        page.contains("Giấy chứng sinh ("),
        "offered by name and day"
    );
    let second = w.receive_at_a(&reception).await["code"]
        .as_str()
        .unwrap()
        .to_string();
    let uri = format!("/api/v1/dossiers/{second}/scans");
    let (_, scans) = w.send("GET", &uri, Some(&reception), None, &[]).await;
    let offered = &scans["reusable"][0];
    assert_eq!(offered["dossier_code"], first.as_str());
    let (s, scans) = w
        .send(
            "POST",
            &format!("{uri}/reuse"),
            Some(&reception),
            Some(json!({ "component": "Giấy chứng sinh", "attachment_id": offered["attachment_id"] })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{scans}");
    let c = scans["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["component"] == "Giấy chứng sinh")
        .unwrap();
    assert_eq!(
        (c["status"].as_str(), c["reused"].as_bool()),
        (Some("done"), Some(true))
    );
    assert_eq!(blob_count(&w).await, 2, "nothing stored again");
    // A scan of another person is not offered, and cannot be named.
    let (s, body) = w
        .send(
            "POST",
            &format!("{uri}/reuse"),
            Some(&reception),
            Some(json!({ "component": "Giấy chứng sinh", "attachment_id": 999 })),
            &[],
        )
        .await;
    assert_eq!(
        (s, body["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("attachment_id"))
    );
}

#[tokio::test]
async fn ocr_reads_the_vietnamese_of_a_scan_and_search_finds_it() {
    use motcua_web::cases::ocr::{self, Turn};
    let w = world().await;
    if ocr::availability() != motcua_blobs::OcrAvailability::Ready {
        assert!(
            std::env::var_os("MOTCUA_REQUIRE_OCR").is_none(),
            "Tesseract with its Vietnamese model is required"
        );
        eprintln!("skipped: no tesseract with the vie model here");
        assert_eq!(ocr::turn(&w.state).await.unwrap(), Turn::Off);
        return;
    }
    let (reception, code) = received(&w).await;
    // A page with Vietnamese text in a Debian font: the receipt, as printed.
    let (s, _, pdf) = w
        .bytes(&format!("/api/v1/dossiers/{code}/forms/01"), &reception)
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = w
        .upload(
            &format!("/api/v1/dossiers/{code}/scans"),
            &reception,
            &[("component", "Giấy chứng sinh")],
            &[("giay-tiep-nhan.pdf", &pdf)],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert!(matches!(
        ocr::turn(&w.state).await.unwrap(),
        Turn::Read { .. }
    ));
    assert_eq!(ocr::turn(&w.state).await.unwrap(), Turn::Idle);
    let (_, scans) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}/scans"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    let text = scans["scans"][0]["ocr_text"]
        .as_str()
        .unwrap()
        .to_lowercase();
    assert!(text.contains("tiếp nhận hồ sơ"), "{text}");
    let found = w
        .store
        .search_dossiers("tiep nhan ho so va hen tra", None, 10, 0)
        .await
        .unwrap();
    assert_eq!(
        found.iter().map(|d| d.code.to_string()).collect::<Vec<_>>(),
        [code]
    );
}

#[tokio::test]
async fn the_electronic_result_is_issued_with_its_file_and_downloaded_with_the_pin_only() {
    let w = world().await;
    let (reception, code) = received(&w).await;
    let pin = {
        let (_, d) = w
            .send(
                "GET",
                &format!("/api/v1/dossiers/{code}"),
                Some(&reception),
                None,
                &[],
            )
            .await;
        d["lookup_pin"].as_str().unwrap().to_string()
    };
    let (s, _) = act(&w, &reception, &code, 1, json!({ "action": "hand-over", "to_agency": "000.30.00.H92", "to_account": w.specialist_a, "note": "" })).await;
    assert_eq!(s, StatusCode::OK);
    let specialist = w.login("chuyenvien.a").await;
    let (s, _) = act(
        &w,
        &specialist,
        &code,
        2,
        json!({ "action": "draft-result", "summary": "Giấy khai sinh" }),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let leader = w.login("lanhdao.a").await;
    let (s, _) = act(&w, &leader, &code, 3, json!({ "action": "approve" })).await;
    assert_eq!(s, StatusCode::OK);

    // Not without its file.
    let (s, body) = act(
        &w,
        &specialist,
        &code,
        4,
        json!({ "action": "issue-e-result" }),
    )
    .await;
    assert_eq!(
        (s, body["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("file")),
        "{body}"
    );
    let public = format!("/api/v1/lookup/result?code={code}&pin={pin}");
    let (s, _) = w.send("GET", &public, None, None, &[]).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "nothing issued yet");

    let result = png(9);
    let uri = format!("/api/v1/dossiers/{code}/result");
    let (s, _) = w
        .upload(&uri, &reception, &[], &[("ket-qua.png", &result)])
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "reception does not issue results");
    let (s, d) = w
        .upload(&uri, &specialist, &[], &[("giấy khai sinh.png", &result)])
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let (s, d) = act(
        &w,
        &specialist,
        &code,
        d["last_seq"].as_i64().unwrap(),
        json!({ "action": "issue-e-result" }),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let (s, _, staff_copy) = w.bytes(&uri, &reception).await;
    assert_eq!(
        (s, staff_copy.as_slice()),
        (StatusCode::OK, result.as_slice())
    );

    // The holder of the receipt: the lookup says so, and the file comes with the PIN.
    let (s, status) = w
        .send(
            "GET",
            &format!("/api/v1/lookup?code={code}&pin={pin}"),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(
        (s, status["e_result"].as_bool()),
        (StatusCode::OK, Some(true)),
        "{status}"
    );
    let req = axum::http::Request::builder()
        .uri(&public)
        .body(axum::body::Body::empty())
        .unwrap();
    let res = tower::ServiceExt::oneshot(w.router.clone(), req)
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let got = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes();
    assert_eq!(got.as_ref(), result.as_slice());
    let wrong = if pin == "000000" { "000001" } else { "000000" };
    let (s, _) = w
        .send(
            "GET",
            &format!("/api/v1/lookup/result?code={code}&pin={wrong}"),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = w
        .send(
            "GET",
            &format!("/api/v1/lookup/result?code={code}"),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "never without the second factor"
    );
}

#[tokio::test]
async fn the_limits_per_file_and_per_dossier_are_the_configured_ones() {
    let mut w = world().await;
    let first = png(11);
    w.router = motcua_web::router(w.state.clone().with_config(motcua_web::WebConfig {
        scan_file_limit: Some(first.len() as u64 + 10),
        scan_dossier_limit: Some(first.len() as u64 + 20),
        ..Default::default()
    }));
    let (reception, code) = received(&w).await;
    let uri = format!("/api/v1/dossiers/{code}/scans");
    // Too large is refused before the content is even read.
    let oversized = vec![0u8; first.len() + 100];
    let (s, body) = w
        .upload(
            &uri,
            &reception,
            &[("component", "Giấy chứng sinh")],
            &[("a.png", &first), ("lon.png", &oversized)],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let error = body["error"].as_str().unwrap();
    assert!(
        error.contains("lon.png") && error.contains("lớn hơn mức"),
        "{error}"
    );
    assert_eq!(blob_count(&w).await, 0, "nothing of the batch");
    let (s, body) = w
        .upload(
            &uri,
            &reception,
            &[("component", "Giấy chứng sinh")],
            &[("a.png", &first)],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    // The dossier has room for 20 bytes more: the next file is refused, named.
    let (s, body) = w
        .upload(
            &uri,
            &reception,
            &[("component", "Tờ khai đăng ký khai sinh")],
            &[("b.png", &png(13))],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let error = body["error"].as_str().unwrap();
    assert!(
        error.contains("b.png") && error.contains("lớn hơn mức"),
        "{error}"
    );
    assert_eq!(
        blob_count(&w).await,
        2,
        "the accepted scan and its thumbnail only"
    );
}
