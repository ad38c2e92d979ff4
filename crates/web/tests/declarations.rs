//! Declaration forms (issue 14): filled with the applicant at the counter or
//! online, kept with the dossier for those who handle it, printed in the
//! form's layout; every problem named at its field, nothing typed lost.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

mod common;
use common::*;

/// A POST of JSON from a client address: status, content type, bytes.
async fn post_from(
    w: &World,
    uri: &str,
    client: &str,
    body: Value,
) -> (StatusCode, String, Vec<u8>) {
    let res = send_from(w, client, Request::post(uri), Some(body)).await;
    let status = res.status();
    let kind = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, kind, bytes)
}

#[tokio::test]
async fn the_procedure_publishes_its_form_and_an_online_submission_must_fill_it() {
    let w = world().await;
    let (s, p) = w
        .send("GET", "/api/v1/procedures/2.004001", None, None, &[])
        .await;
    assert_eq!(s, StatusCode::OK);
    let form = &p["current"]["procedure"]["form"];
    assert_eq!(form["code"], "TK-KHAI-SINH", "{p}");
    assert!(form["fields"].as_array().unwrap().len() > 10);

    let count = w.dossier_count().await;
    let mut body = json!({
        "center_id": w.a, "procedure_code": "2.004001",
        "applicant": { "name": "Trần Thị Bích", "phone": "0912000222" }
    });
    let (s, e) = w
        .send("POST", "/api/v1/submissions", None, Some(body.clone()), &[])
        .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("declaration")),
        "{e}"
    );
    assert!(
        e["error"].as_str().unwrap().contains("Cần điền tờ khai"),
        "{e}"
    );

    // Every problem named by its label, the first one's path in `field`.
    let mut wrong = birth_declaration();
    wrong["ngay_sinh"] = json!("31/02/2026");
    wrong["gioi_tinh"] = json!("Khác");
    wrong["dinh_danh_nguoi_yeu_cau"] = json!("123");
    wrong["mau_mat"] = json!("đen");
    body["declaration"] = wrong;
    let (s, e) = w
        .send("POST", "/api/v1/submissions", None, Some(body.clone()), &[])
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(
        e["field"].as_str().unwrap().starts_with("declaration."),
        "{e}"
    );
    let error = e["error"].as_str().unwrap();
    for said in [
        "Ngày, tháng, năm sinh: không phải ngày",
        "Giới tính: hãy chọn một trong các lựa chọn",
        "Số định danh cá nhân: không phải số định danh",
        "mau_mat: tờ khai không có trường này",
    ] {
        assert!(error.contains(said), "{said:?} in {error}");
    }
    assert_eq!(w.dossier_count().await, count, "nothing was written");

    body["declaration"] = birth_declaration();
    let (s, d) = w
        .send("POST", "/api/v1/submissions", None, Some(body), &[])
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let code = d["code"].as_str().unwrap();
    let reception = w.login("tiepnhan.a").await;
    let (s, full) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    // Kept cleaned: the day as a date input sends it, the count a number.
    assert_eq!(full["details"]["declaration"]["form"], "TK-KHAI-SINH");
    assert_eq!(
        full["details"]["declaration"]["values"]["ngay_sinh"],
        "2026-11-20"
    );
    assert_eq!(full["details"]["declaration"]["values"]["so_ban_sao"], 2);
}

#[tokio::test]
async fn the_declaration_is_for_those_who_handle_the_dossier_and_prints_in_its_layout() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let (s, d) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(intake_body_declared(w.a)),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let code = d["code"].as_str().unwrap();

    let (s, decl) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}/declaration"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{decl}");
    assert_eq!(decl["form"]["title"], "TỜ KHAI ĐĂNG KÝ KHAI SINH");
    assert_eq!(decl["values"]["ho_ten"], "Nguyễn Minh Khôi");

    // The supervisor reads the dossier, masked, without its declaration.
    let supervisor = w.login("giamsat").await;
    let (s, masked) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}"),
            Some(&supervisor),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(masked["details"].get("declaration").is_none(), "{masked}");
    let (s, e) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}/declaration"),
            Some(&supervisor),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{e}");
    let (s, _) = w
        .pdf_bytes(
            &format!("/api/v1/dossiers/{code}/declaration.pdf"),
            &supervisor,
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    let (s, pdf) = w
        .pdf_bytes(
            &format!("/api/v1/dossiers/{code}/declaration.pdf"),
            &reception,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let text = squash(&pdf_text(&pdf));
    for said in [
        "TỜ KHAI ĐĂNG KÝ KHAI SINH",
        "Kính gửi",
        "Nguyễn Minh Khôi",
        "20/11/2026",
        "Nguyễn Văn An",
        code,
    ] {
        assert!(text.contains(said), "{said:?} in {text}");
    }
    // The dossier page offers the print to its handler only.
    let (_, page) = w.page(&reception, &format!("/ho-so/{code}")).await;
    assert!(page.contains("id=\"declaration-pdf\""));
    let (_, page) = w.page(&supervisor, &format!("/ho-so/{code}")).await;
    assert!(!page.contains("id=\"declaration-pdf\""));
}

#[tokio::test]
async fn at_the_counter_the_form_comes_back_as_typed_with_each_problem_at_its_field_and_prints() {
    let w = world().await;
    let postal = w.login("buudien.a").await;
    let (s, page) = w.page(&postal, "/quay/2.004001").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        page.contains("name=\"tk.ho_ten\""),
        "the form's inputs are drawn"
    );
    assert!(page.contains("id=\"print-declaration\""));

    let mut form: Vec<(&str, &str)> = vec![
        ("name", "Nguyễn Văn An"),
        ("id_number", "092190001234"),
        ("c0", "on"),
        ("c1", "on"),
        ("c2", "on"),
        ("tk.ho_ten_nguoi_yeu_cau", "Nguyễn Văn An"),
        ("tk.dinh_danh_nguoi_yeu_cau", "092190001234"),
        ("tk.noi_cu_tru_nguoi_yeu_cau", "12 Hòa Bình"),
        ("tk.quan_he", "Cha"),
        ("tk.ho_ten", "Nguyễn Minh Khôi"),
        ("tk.ngay_sinh", "hôm qua"),
        ("tk.gioi_tinh", "Nam"),
        ("tk.dan_toc", "Kinh"),
        ("tk.quoc_tich", "Việt Nam"),
        ("tk.noi_sinh", "Bệnh viện Đa khoa thành phố Cần Thơ"),
    ];
    let count = w.dossier_count().await;
    let (s, _, page) = w.post_form(&postal, "/quay/2.004001", &form).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(w.dossier_count().await, count);
    assert!(page.contains("Tờ khai còn chỗ chưa đúng"), "{page}");
    assert!(
        page.contains("Ngày, tháng, năm sinh: không phải ngày"),
        "named in the summary"
    );
    // Everything as typed: the declaration, the applicant, the checklist.
    assert_eq!(input_value(&page, "tk.ho_ten"), "Nguyễn Minh Khôi");
    assert_eq!(input_value(&page, "tk.ngay_sinh"), "hôm qua");
    assert!(page.contains("id=\"name\" value=\"Nguyễn Văn An\""));
    assert!(page.contains("value=\"Nam\" checked"));
    assert!(page.contains("name=\"c1\" id=\"c1\" checked"));

    // Printed to check and sign, before receiving.
    form.retain(|(k, _)| *k != "tk.ngay_sinh");
    form.push(("tk.ngay_sinh", "20/11/2026"));
    let fields: Vec<(String, String)> = std::iter::once(("_csrf".to_string(), postal.csrf.clone()))
        .chain(form.iter().map(|(k, v)| (k.to_string(), v.to_string())))
        .collect();
    let body = fields
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                motcua_web::auth::urlencode(k),
                motcua_web::auth::urlencode(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&");
    let req = Request::post("/quay/2.004001/to-khai")
        .header(header::COOKIE, &postal.cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let res = w.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/pdf");
    let pdf = res.into_body().collect().await.unwrap().to_bytes();
    let text = squash(&pdf_text(&pdf));
    assert!(
        text.contains("Nguyễn Minh Khôi") && text.contains("20/11/2026"),
        "{text}"
    );
    assert_eq!(w.dossier_count().await, count, "printing receives nothing");

    // And received with it.
    let (s, location, page) = w.post_form(&postal, "/quay/2.004001", &form).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{page}");
    let code = location
        .unwrap()
        .trim_start_matches("/ho-so/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let d = w
        .store
        .dossier(&code.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let decl = d.details.declaration.unwrap();
    assert_eq!(decl.form, "TK-KHAI-SINH");
    assert_eq!(decl.values["ngay_sinh"], "2026-11-20");
}

#[tokio::test]
async fn anyone_may_print_a_filled_form_but_not_without_limit() {
    let w = world().await;
    let body = json!({ "values": birth_declaration(), "center_id": w.a });
    let (s, kind, pdf) = post_from(
        &w,
        "/api/v1/procedures/2.004001/declaration.pdf",
        "203.0.113.9",
        body.clone(),
    )
    .await;
    assert_eq!((s, kind.as_str()), (StatusCode::OK, "application/pdf"));
    assert!(squash(&pdf_text(&pdf)).contains("Nguyễn Minh Khôi"));
    // A procedure without a form, and a bad form, are named.
    let (s, _, _) = post_from(
        &w,
        "/api/v1/procedures/2.004109/declaration.pdf",
        "203.0.113.9",
        body.clone(),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, e) = post_from(
        &w,
        "/api/v1/procedures/2.004001/declaration.pdf",
        "203.0.113.9",
        json!({ "values": { "ho_ten": "" } }),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let e: Value = serde_json::from_slice(&e).unwrap();
    assert!(e["error"].as_str().unwrap().contains("cần điền"), "{e}");
    let mut last = StatusCode::OK;
    for _ in 0..40 {
        last = post_from(
            &w,
            "/api/v1/procedures/2.004001/declaration.pdf",
            "203.0.113.10",
            body.clone(),
        )
        .await
        .0;
        if last != StatusCode::OK {
            break;
        }
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn an_untouched_declaration_at_the_counter_is_a_paper_one_handed_in() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    // A page posts every input of the form, blank ones too.
    let form: Vec<(&str, &str)> = vec![
        ("name", "Nguyễn Văn An"),
        ("c0", "on"),
        ("c1", "on"),
        ("c2", "on"),
        ("tk.ho_ten", ""),
        ("tk.ngay_sinh", ""),
        ("tk.so_ban_sao", ""),
    ];
    let (s, location, page) = w.post_form(&reception, "/quay/2.004001", &form).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{page}");
    let code = location
        .unwrap()
        .trim_start_matches("/ho-so/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let d = w
        .store
        .dossier(&code.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(d.details.declaration.is_none());
}
