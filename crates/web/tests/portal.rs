//! The portal's online submission (issue 14): a citizen fills the
//! declaration on a phone, attaches a scan, submits; the dossier arrives
//! newly registered with its files, or not at all; the center accepts it;
//! the citizen follows it by code and PIN with its steps in plain words.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use jiff::SignedDuration;
use serde_json::json;
use tower::ServiceExt;

mod common;
use common::*;

/// A multipart body of text parts and (part name, file name, bytes) files.
fn parts(texts: &[(&str, String)], files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "portal-boundary-51c2";
    let mut body = Vec::new();
    for (name, value) in texts {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    for (name, file_name, bytes) in files {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A public GET: status and page.
async fn get(w: &World, uri: &str) -> (StatusCode, String) {
    let res = w
        .router
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

/// A public multipart POST: status, where it sends, the page.
async fn post(
    w: &World,
    uri: &str,
    texts: &[(&str, String)],
    files: &[(&str, &str, &[u8])],
) -> (StatusCode, Option<String>, String) {
    let (kind, body) = parts(texts, files);
    let req = Request::post(uri)
        .header(header::CONTENT_TYPE, kind)
        .header("x-forwarded-for", "198.51.100.7")
        .body(Body::from(body))
        .unwrap();
    let res = w.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let location = res
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_string());
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        location,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// The form's fields for a birth registration, with a fresh token.
async fn filled(w: &World) -> Vec<(&'static str, String)> {
    let (s, page) = get(w, "/thu-tuc/2.004001/nop").await;
    assert_eq!(s, StatusCode::OK);
    // A person takes longer than the guard's three seconds.
    w.clock.advance(SignedDuration::from_secs(30));
    let mut v: Vec<(&'static str, String)> = vec![
        ("form_token", input_value(&page, "form_token")),
        ("idempotency", input_value(&page, "idempotency")),
        ("website", String::new()),
        ("center_id", w.a.0.to_string()),
        ("name", "Trần Thị Bích".into()),
        ("phone", "0912 000 222".into()),
        ("result_channel", "post".into()),
    ];
    let decl = birth_declaration();
    for (k, x) in decl.as_object().unwrap() {
        let key: &'static str = Box::leak(format!("tk.{k}").into_boxed_str());
        v.push((key, x.as_str().unwrap().to_string()));
    }
    v
}

#[tokio::test]
async fn the_portal_shows_the_procedure_and_its_form_and_a_citizen_submits_with_a_scan() {
    let w = world().await;
    let (s, page) = get(&w, "/thu-tuc/2.004001").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("id=\"submit-online\"") && page.contains("TỜ KHAI ĐĂNG KÝ KHAI SINH"));
    // Not online: the form to fill and print, no submission.
    let (_, page) = get(&w, "/thu-tuc/2.004104").await;
    assert!(page.contains("id=\"fill-form\"") && !page.contains("id=\"submit-online\""));
    let (_, page) = get(&w, "/thu-tuc/2.004104/nop").await;
    assert!(page.contains("id=\"not-online\"") && !page.contains("id=\"submit-send\""));
    assert!(page.contains("name=\"tk.giay_to.0.ten_giay_to\"") || page.contains("eform-group"));

    let (_, page) = get(&w, "/thu-tuc/2.004001/nop").await;
    for part in [
        "name=\"website\"",
        "name=\"form_token\"",
        "name=\"tk.ho_ten\"",
        "name=\"file.1\"",
    ] {
        assert!(page.contains(part), "{part}");
    }

    let count = w.dossier_count().await;
    let v = filled(&w).await;
    let png = tiny_png();
    let (s, to, page) = post(
        &w,
        "/thu-tuc/2.004001/nop",
        &v,
        &[("file.1", "giay-chung-sinh.png", &png)],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{page}");
    let to = to.unwrap();
    assert!(
        to.starts_with("/tra-cuu?ma=") && to.ends_with("&moi=1"),
        "{to}"
    );
    assert_eq!(w.dossier_count().await, count + 1);
    let code = to["/tra-cuu?ma=".len()..]
        .split('&')
        .next()
        .unwrap()
        .to_string();
    let d = w
        .store
        .dossier(&code.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(d.channel.number(), 2);
    assert_eq!(d.state.status.unwrap().number(), 1, "newly registered");
    assert_eq!(
        d.details.declaration.as_ref().unwrap().values["ho_ten"],
        "Nguyễn Minh Khôi"
    );
    let files = w.store.attachments(d.id, false).await.unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].component, "Giấy chứng sinh");

    // The citizen lands on the lookup with what to keep, and the steps.
    let (s, page) = get(&w, &to).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("id=\"submit-sent\"") && page.contains(&code));
    assert!(page.contains("id=\"lookup-timeline\""));

    // The center accepts it from its inbox; the steps say so.
    let reception = w.login("tiepnhan.a").await;
    let (s, body) = act(
        &w,
        &reception,
        &code,
        d.last_seq,
        json!({ "action": "accept" }),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let pin = to.split("pin=").nth(1).unwrap().split('&').next().unwrap();
    let (s, found) = w
        .send(
            "GET",
            &format!("/api/v1/lookup?code={code}&pin={pin}"),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{found}");
    let steps: Vec<i64> = found["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["status"].as_i64().unwrap())
        .collect();
    assert_eq!(steps, vec![1, 2], "{found}");
}

#[tokio::test]
async fn a_refused_submission_is_no_dossier_and_comes_back_as_typed() {
    let w = world().await;
    let count = w.dossier_count().await;
    let png = tiny_png();

    // A wrong day in the declaration: named at its field, all kept.
    let mut v = filled(&w).await;
    v.retain(|(k, _)| *k != "tk.ngay_sinh");
    v.push(("tk.ngay_sinh", "hôm qua".into()));
    let (s, _, page) = post(
        &w,
        "/thu-tuc/2.004001/nop",
        &v,
        &[("file.1", "cs.png", &png)],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Ngày, tháng, năm sinh: không phải ngày"),
        "{page}"
    );
    assert!(page.contains("Các tệp đính kèm cần chọn lại"));
    assert_eq!(input_value(&page, "tk.ho_ten"), "Nguyễn Minh Khôi");
    assert_eq!(input_value(&page, "tk.ngay_sinh"), "hôm qua");
    assert!(page.contains("id=\"name\" value=\"Trần Thị Bích\""));

    // A file that is not what it says: the whole submission is refused.
    let v = filled(&w).await;
    let (s, _, page) = post(
        &w,
        "/thu-tuc/2.004001/nop",
        &v,
        &[
            ("file.1", "cs.png", &png),
            ("file.0", "to-khai.pdf", b"not a pdf at all"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains("to-khai.pdf"), "the file is named: {page}");

    // A robot: the honeypot filled, or the form sent back at once.
    let mut v = filled(&w).await;
    v.retain(|(k, _)| *k != "website");
    v.push(("website", "http://spam.example".into()));
    let (s, _, _) = post(&w, "/thu-tuc/2.004001/nop", &v, &[]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let mut v = filled(&w).await;
    let (_, page) = get(&w, "/thu-tuc/2.004001/nop").await;
    v.retain(|(k, _)| *k != "form_token");
    v.push(("form_token", input_value(&page, "form_token")));
    let (s, _, page) = post(&w, "/thu-tuc/2.004001/nop", &v, &[]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "too fast");
    assert!(page.contains("id=\"submit-error\""));
    assert_eq!(w.dossier_count().await, count, "nothing was written");
}

#[tokio::test]
async fn the_declaration_prints_from_the_portal_without_a_dossier() {
    let w = world().await;
    let v = filled(&w).await;
    let (kind, body) = parts(&v, &[]);
    let res = w
        .router
        .clone()
        .oneshot(
            Request::post("/thu-tuc/2.004001/to-khai")
                .header(header::CONTENT_TYPE, kind)
                .body(Body::from(body))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/pdf");
    let pdf = res.into_body().collect().await.unwrap().to_bytes();
    assert!(squash(&pdf_text(&pdf)).contains("Nguyễn Minh Khôi"));
}

#[tokio::test]
async fn the_api_takes_a_submission_with_its_files_whole_or_not_at_all() {
    let w = world().await;
    let submission = json!({
        "center_id": w.a, "procedure_code": "2.004001",
        "applicant": { "name": "Trần Thị Bích", "phone": "0912000222" },
        "declaration": birth_declaration()
    })
    .to_string();
    let png = tiny_png();
    let send = |texts: Vec<(&'static str, String)>,
                files: Vec<(&'static str, &'static str, Vec<u8>)>| {
        let w = &w;
        async move {
            let files: Vec<(&str, &str, &[u8])> = files
                .iter()
                .map(|(n, f, b)| (*n, *f, b.as_slice()))
                .collect();
            let (kind, body) = parts(&texts, &files);
            let res = w
                .router
                .clone()
                .oneshot(
                    Request::post("/api/v1/submissions/with-files")
                        .header(header::CONTENT_TYPE, kind)
                        .body(Body::from(body))
                        .unwrap(),
                )
                .await
                .unwrap();
            let status = res.status();
            let bytes = res.into_body().collect().await.unwrap().to_bytes();
            (
                status,
                serde_json::from_slice::<serde_json::Value>(&bytes).unwrap_or_default(),
            )
        }
    };
    let count = w.dossier_count().await;
    // A file that is not a PDF: refused, named, nothing written.
    let (s, e) = send(
        vec![
            ("submission", submission.clone()),
            ("components", "1".into()),
            ("components", "0".into()),
        ],
        vec![
            ("files", "cs.png", png.clone()),
            ("files", "to-khai.pdf", b"plain text".to_vec()),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e["error"].as_str().unwrap().contains("to-khai.pdf"), "{e}");
    // A component the procedure does not have.
    let (s, _) = send(
        vec![
            ("submission", submission.clone()),
            ("components", "99".into()),
        ],
        vec![("files", "cs.png", png.clone())],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(w.dossier_count().await, count);

    let (s, d) = send(
        vec![("submission", submission), ("components", "1".into())],
        vec![("files", "cs.png", png)],
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let code = d["code"].as_str().unwrap();
    let dossier = w
        .store
        .dossier(&code.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let files = w.store.attachments(dossier.id, false).await.unwrap();
    assert_eq!(
        (files.len(), files[0].component.as_str()),
        (1, "Giấy chứng sinh")
    );
    assert_eq!(d["lookup_pin"].as_str().unwrap().len(), 6);
}
