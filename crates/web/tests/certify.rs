//! Certification of copies from originals: the leader certifies from the
//! scan of the original, the copy takes the register's next number and the
//! fee of its pages and copies, the electronic copy is a PDF that anyone can
//! check on the public verification page (a changed byte fails), and the
//! register prints as a book.

mod common;

use std::io::Cursor;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use sha2::Digest;
use tower::ServiceExt;

const ORIGINAL: &str = "Bản chính giấy tờ, văn bản cần chứng thực";

/// A two-page TIFF the test draws (a diploma of two sheets).
fn two_page_tiff() -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut enc = tiff::encoder::TiffEncoder::new(&mut out).unwrap();
    for shade in [40u8, 160] {
        let pixels: Vec<u8> = (0..200 * 120)
            .map(|i| shade.wrapping_add((i % 200) as u8))
            .collect();
        enc.write_image::<tiff::encoder::colortype::Gray8>(200, 120, &pixels)
            .unwrap();
    }
    out.into_inner()
}

/// A dossier of "certification of copies from originals" received at A, with
/// its original scanned; the code and the scan's id.
async fn received_and_scanned(w: &World, reception: &Who) -> (String, i64) {
    let code = received(w, reception).await;
    let (s, scans) = w
        .upload(
            &format!("/api/v1/dossiers/{code}/scans"),
            reception,
            &[("component", ORIGINAL)],
            &[("bang.tif", &two_page_tiff())],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{scans}");
    assert_eq!(scans["scans"][0]["pages"], 2);
    (code, scans["scans"][0]["id"].as_i64().unwrap())
}

/// The same dossier, received and not scanned yet.
async fn received(w: &World, reception: &Who) -> String {
    let mut body = intake_body(w.a);
    body["procedure_code"] = json!("2.004104");
    body["components"] = json!([
        { "name": ORIGINAL, "count": 1 },
        { "name": "Bản sao cần chứng thực", "count": 1 }
    ]);
    let (s, d) = w
        .send("POST", "/api/v1/dossiers", Some(reception), Some(body), &[])
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    d["code"].as_str().unwrap().to_string()
}

async fn certify(w: &World, who: &Who, code: &str, body: Value) -> (StatusCode, Value) {
    w.send(
        "POST",
        &format!("/api/v1/dossiers/{code}/certifications"),
        Some(who),
        Some(body),
        &[],
    )
    .await
}

/// A request from a citizen's phone (no session), with a client address.
async fn public(w: &World, req: axum::http::request::Builder, body: Body) -> (StatusCode, Vec<u8>) {
    let mut req = req.body(body).unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo::<std::net::SocketAddr>(
            "203.0.113.9:40000".parse().unwrap(),
        ));
    let res = w.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    (
        status,
        res.into_body().collect().await.unwrap().to_bytes().to_vec(),
    )
}

async fn check_file(w: &World, uri: &str, file: &[u8]) -> (StatusCode, Value) {
    let (ct, body) = multipart(&[], &[("ban-sao.pdf", file)]);
    let (s, bytes) = public(
        w,
        Request::post(uri).header(header::CONTENT_TYPE, ct),
        Body::from(body),
    )
    .await;
    (s, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_leader_certifies_and_anyone_can_check_the_copy() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let leader = w.login("lanhdao.a").await;
    let (code, scan) = received_and_scanned(&w, &reception).await;

    // The counter receives and scans; only the certifier signs.
    let (s, e) = certify(&w, &reception, &code, json!({ "scan": scan, "copies": 2 })).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{e}");

    let (s, first) = certify(&w, &leader, &code, json!({ "scan": scan, "copies": 2 })).await;
    assert_eq!(s, StatusCode::CREATED, "{first}");
    assert_eq!(
        (first["number"].as_u64(), first["year"].as_i64()),
        (Some(1), Some(2026))
    );
    assert_eq!(first["book"], "01/2026-SCT/BS");
    // Two pages at 2.000 đ, two copies.
    assert_eq!(first["fee"], 8000);
    assert_eq!(first["pages"], 2);
    assert_eq!(first["certifier_name"], "Võ Thanh Lâm");
    assert_eq!(first["document"], ORIGINAL);
    let (_, d) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}"),
            Some(&leader),
            None,
            &[],
        )
        .await;
    assert_eq!(d["status"], 9, "certified is settled: {d}");

    // A second document of the same request: the next number; page 2 only.
    let (s, second) = certify(
        &w,
        &leader,
        &code,
        json!({ "scan": scan, "copies": 1, "pages": "2", "electronic": false }),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{second}");
    assert_eq!(
        (second["number"].as_u64(), second["fee"].as_i64()),
        (Some(2), Some(2000))
    );
    assert_eq!(second["copy_sha256"], Value::Null, "a paper copy only");

    let (_, lines) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}/certifications"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(lines.as_array().unwrap().len(), 2, "{lines}");

    // The electronic copy: the scan's two pages and the statement page.
    let (s, pdf) = w
        .pdf_bytes(
            &format!("/api/v1/dossiers/{code}/certifications/2026/1/copy"),
            &reception,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        hex::encode(sha2::Sha256::digest(&pdf)),
        first["copy_sha256"].as_str().unwrap()
    );
    assert_eq!(pdfinfo(&pdf)["Pages"], "3");
    let text = squash(&pdf_text(&pdf));
    assert!(
        text.contains("Số chứng thực: 1, quyển số 01/2026-SCT/BS"),
        "{text}"
    );
    assert!(text.contains("Võ Thanh Lâm"), "{text}");
    let verify_url = first["verify_url"].as_str().unwrap();
    let token = verify_url.rsplit('/').next().unwrap();
    assert_eq!(token.len(), 32);
    assert!(
        squash(&pdftotext("-raw", &pdf))
            .replace(' ', "")
            .contains(&verify_url.replace(' ', "")),
        "the statement prints the verification address"
    );
    let (s, _) = w
        .pdf_bytes(
            &format!("/api/v1/dossiers/{code}/certifications/2026/2/copy"),
            &reception,
        )
        .await;
    assert_eq!(
        s,
        StatusCode::NOT_FOUND,
        "no electronic copy of a paper one"
    );

    // Issued electronically, the copy is the citizen's to download with the
    // receipt's PIN, as any electronic result.
    let (s, after) = act(
        &w,
        &leader,
        &code,
        d["last_seq"].as_i64().unwrap() + 1,
        json!({ "action": "issue-e-result" }),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{after}");
    let pin = d["lookup_pin"].as_str().unwrap();
    let (s, held) = public(
        &w,
        Request::get(format!("/api/v1/lookup/result?code={code}&pin={pin}")),
        Body::empty(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(held, pdf, "the certified copy, byte for byte");

    // Anyone checks it: the genuine file verifies, a changed byte does not.
    let (s, v) = check_file(&w, "/api/v1/verification", &pdf).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["verdict"], "genuine");
    assert_eq!(v["certification"]["number"], 1);
    assert_eq!(v["certification"]["center"], "Trung tâm Ninh Kiều");
    assert!(
        v["certification"].get("applicant").is_none(),
        "nothing personal"
    );
    let mut changed = pdf.clone();
    let middle = changed.len() / 2;
    changed[middle] ^= 0x01;
    let (_, v) = check_file(&w, "/api/v1/verification", &changed).await;
    assert_eq!(v["verdict"], "unknown", "{v}");
    let (_, v) = check_file(&w, &format!("/api/v1/verification/{token}"), &changed).await;
    assert_eq!(v["verdict"], "mismatch", "{v}");
    let (_, v) = check_file(&w, &format!("/api/v1/verification/{token}"), &pdf).await;
    assert_eq!(v["verdict"], "genuine", "{v}");
    let (s, bytes) = public(
        &w,
        Request::get(format!("/api/v1/verification/{token}")),
        Body::empty(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let shown: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(shown["copy_sha256"], first["copy_sha256"]);
    let (s, _) = public(
        &w,
        Request::get(format!("/api/v1/verification/{}", "a".repeat(32))),
        Body::empty(),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // The page the QR code opens, and its check of an uploaded file.
    let (s, page) = public(
        &w,
        Request::get(format!("/xac-minh/{token}")),
        Body::empty(),
    )
    .await;
    let page = String::from_utf8(page).unwrap();
    assert_eq!(s, StatusCode::OK);
    assert!(
        page.contains("Số chứng thực: 1, quyển số 01/2026-SCT/BS"),
        "{page}"
    );
    assert!(
        !page.contains("Nguyễn Văn An"),
        "no applicant on a public page"
    );
    let (ct, body) = multipart(&[], &[("ban-sao.pdf", &changed)]);
    let (s, page) = public(
        &w,
        Request::post(format!("/xac-minh/{token}")).header(header::CONTENT_TYPE, ct),
        Body::from(body),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(String::from_utf8(page)
        .unwrap()
        .contains("data-verdict=\"mismatch\""));

    // The register book of the period: both lines, in order.
    let (s, book) = w
        .pdf_bytes(
            &format!(
                "/api/v1/centers/{}/certification-register?from=2026-11-01&to=2026-11-30",
                w.a
            ),
            &reception,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let text = squash(&pdf_text(&book));
    assert!(
        text.contains("SỔ CHỨNG THỰC BẢN SAO TỪ BẢN CHÍNH"),
        "{text}"
    );
    assert!(text.contains("Nguyễn Văn An"), "{text}");
    assert!(
        text.contains("2 lượt chứng thực, 3 bản sao, lệ phí 10.000 đồng"),
        "{text}"
    );
    let (s, _) = w
        .pdf_bytes(
            &format!(
                "/api/v1/centers/{}/certification-register?from=2026-11-01&to=2026-11-30",
                w.b
            ),
            &reception,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "another center's book");
}

#[tokio::test]
async fn a_refused_certification_names_the_field_and_writes_nothing() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let leader = w.login("lanhdao.a").await;
    let (code, scan) = received_and_scanned(&w, &reception).await;
    let before = w
        .store
        .dossier(&code.parse().unwrap())
        .await
        .unwrap()
        .unwrap()
        .last_seq;
    for (body, field) in [
        (json!({ "scan": scan, "copies": 1, "pages": "3" }), "pages"),
        (
            json!({ "scan": scan, "copies": 1, "pages": "2-1" }),
            "pages",
        ),
        (json!({ "scan": scan, "copies": 0 }), "copies"),
        (json!({ "scan": scan, "copies": 51 }), "copies"),
        (json!({ "scan": 999_999, "copies": 1 }), "scan"),
        (
            json!({ "scan": scan, "copies": 1, "pages": "1".repeat(101) }),
            "pages",
        ),
    ] {
        let (s, e) = certify(&w, &leader, &code, body.clone()).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {e}");
        assert_eq!(e["field"], field, "{body}: {e}");
    }
    // A dossier of another procedure has nothing to certify from.
    let other = w.receive_at_a(&reception).await["code"]
        .as_str()
        .unwrap()
        .to_string();
    let (s, scans) = w
        .upload(
            &format!("/api/v1/dossiers/{other}/scans"),
            &reception,
            &[("component", "Giấy chứng sinh")],
            &[("cs.png", &tiny_png())],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let other_scan = scans["scans"][0]["id"].as_i64().unwrap();
    let (s, e) = certify(
        &w,
        &leader,
        &other,
        json!({ "scan": other_scan, "copies": 1 }),
    )
    .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("scan")),
        "{e}"
    );
    // Nor is another dossier's scan this one's original.
    let (s, e) = certify(
        &w,
        &leader,
        &code,
        json!({ "scan": other_scan, "copies": 1 }),
    )
    .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("scan")),
        "{e}"
    );
    let after = w
        .store
        .dossier(&code.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.last_seq, before, "nothing was written");
    assert!(w.store.certifications(after.id).await.unwrap().is_empty());
    assert_eq!(
        w.store.next_certification_number(w.a, 2026).await.unwrap(),
        1,
        "no number was used"
    );
}

#[tokio::test]
async fn the_dossier_page_certifies_and_keeps_what_was_typed() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let leader = w.login("lanhdao.a").await;
    // Nothing to certify from yet: the leader is sent to scan the original.
    let bare = received(&w, &reception).await;
    let (_, page) = w.page(&leader, &format!("/ho-so/{bare}")).await;
    assert!(page.contains("id=\"certify-scan-first\""), "{page}");
    assert!(!page.contains("id=\"certify-form\""));
    let (code, scan) = received_and_scanned(&w, &reception).await;
    let (s, page) = w.page(&leader, &format!("/ho-so/{code}")).await;
    assert!(!page.contains("id=\"certify-scan-first\""));
    assert_eq!(s, StatusCode::OK);
    assert!(
        page.contains("id=\"certify-form\""),
        "the leader is offered the form"
    );
    assert!(page.contains("2.000 đ một trang"), "the fee rule is shown");
    let (_, page) = w.page(&reception, &format!("/ho-so/{code}")).await;
    assert!(!page.contains("id=\"certify-form\""), "the counter is not");
    let seq = w
        .store
        .dossier(&code.parse().unwrap())
        .await
        .unwrap()
        .unwrap()
        .last_seq
        .to_string();
    let scan = scan.to_string();
    let (s, _, page) = w
        .post_form(
            &leader,
            &format!("/ho-so/{code}/chung-thuc"),
            &[
                ("expected_seq", &seq),
                ("scan", &scan),
                ("pages", "1-7"),
                ("copies", "3"),
                ("electronic", "1"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Trang cần chứng thực") || page.contains("Số trang"),
        "{page}"
    );
    assert_eq!(
        input_value(&page, "pages"),
        "1-7",
        "what was typed comes back"
    );
    assert_eq!(input_value(&page, "copies"), "3");
    let (s, _, _) = w
        .post_form(
            &leader,
            &format!("/ho-so/{code}/chung-thuc"),
            &[
                ("expected_seq", &seq),
                ("scan", &scan),
                ("pages", ""),
                ("copies", "1"),
                ("electronic", "1"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, page) = w.page(&reception, &format!("/ho-so/{code}")).await;
    assert!(
        page.contains("Số chứng thực: 1, quyển số 01/2026-SCT/BS"),
        "{page}"
    );
    assert!(page.contains("class=\"cert-verify\""));
}

#[tokio::test]
async fn leaders_signing_at_once_get_numbers_without_gaps() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    // A second leader at the same center.
    w.add_named_staff(
        "lanhdao2.a",
        "Trịnh Văn Phó",
        motcua_domain::org::Role::Leader,
        Some(w.a),
    )
    .await;
    let leaders = [w.login("lanhdao.a").await, w.login("lanhdao2.a").await];
    let mut dossiers = Vec::new();
    for _ in 0..6 {
        dossiers.push(received_and_scanned(&w, &reception).await);
    }
    let signing = dossiers.iter().enumerate().map(|(i, (code, scan))| {
        let leader = &leaders[i % 2];
        let w = &w;
        async move {
            let (s, c) = certify(
                w,
                leader,
                code,
                json!({ "scan": scan, "copies": 1, "electronic": i % 2 == 0 }),
            )
            .await;
            assert_eq!(s, StatusCode::CREATED, "{c}");
            c["number"].as_u64().unwrap()
        }
    });
    let mut numbers = futures::future::join_all(signing).await;
    numbers.sort_unstable();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
}

#[tokio::test]
async fn a_stranger_sends_a_few_files_to_the_verification_not_a_flood() {
    let w = world().await;
    for n in 0..20 {
        let (s, v) = check_file(
            &w,
            "/api/v1/verification",
            format!("không phải bản sao {n}").as_bytes(),
        )
        .await;
        assert_eq!(
            (s, v["verdict"].as_str()),
            (StatusCode::OK, Some("unknown")),
            "{n}: {v}"
        );
    }
    let (s, _) = check_file(&w, "/api/v1/verification", b"one more").await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
}
