//! In-process tests of the pages and the API against a real SQLite store.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use motcua_domain::catalog::{parse_csv, DEMO_CATALOG_CSV};
use motcua_domain::org::*;
use motcua_store::Store;
use tower::ServiceExt;

struct App {
    router: axum::Router,
    center: motcua_store::CenterId,
    _dir: tempfile::TempDir,
}

async fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> =
        motcua_store::connect(&format!("sqlite:{}", dir.path().join("t.sqlite").display()))
            .await
            .unwrap();
    store.migrate().await.unwrap();
    let catalog = parse_csv(DEMO_CATALOG_CSV.as_bytes()).unwrap();
    store
        .import_catalog(&catalog, "2026-11-24T01:30:00Z".parse().unwrap(), &|_| {})
        .await
        .unwrap();
    let (_, center) = motcua_store_conformance::seed_center(&*store).await;
    let staff = store
        .create_staff(&NewStaff {
            full_name: "Trần Thị Bưu".into(),
            employer: Employer::Vnpost,
            phone: None,
            email: None,
            title: "Nhân viên bưu điện".into(),
        })
        .await
        .unwrap();
    let from = jiff::civil::date(2020, 1, 1);
    store
        .assign(
            staff,
            center,
            &Assignment {
                role: Role::Postal,
                from,
                until: None,
            },
        )
        .await
        .unwrap();
    App {
        router: motcua_web::router(motcua_web::AppState::new(
            store,
            motcua_calendar::Holidays::official(),
        )),
        center,
        _dir: dir,
    }
}

async fn get(
    app: &App,
    uri: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut req = Request::get(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = app
        .router
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    (
        parts.status,
        parts.headers,
        String::from_utf8(bytes.to_vec()).unwrap(),
    )
}

#[tokio::test]
async fn home_page_in_vietnamese_with_counts() {
    let app = app().await;
    let (status, headers, html) = get(&app, "/", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<html lang=\"vi\">"));
    assert!(html.contains("<h1>Thành phố Cần Thơ</h1>"));
    assert!(html.contains("<b>264</b> thủ tục hành chính"), "{html}");
    assert!(html.contains("(1 nhân viên bưu điện)"));
    assert!(html.contains("href=\"/thu-tuc?field=CT\">Chứng thực</a>"));
    let (dat_dai, giao_duc) = (
        html.find(">Đất đai<").unwrap(),
        html.find(">Giáo dục và Đào tạo<").unwrap(),
    );
    assert!(dat_dai < giao_duc, "Đ sorts with D");
    let csp = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("default-src 'self'") && !csp.contains("unsafe-inline"));
    assert_eq!(headers.get(header::X_FRAME_OPTIONS).unwrap(), "DENY");
}

#[tokio::test]
async fn procedure_search_without_diacritics() {
    let app = app().await;
    let (status, _, html) = get(&app, "/thu-tuc?q=chung+thuc+chu+ky", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let rows: Vec<&str> = html.split("<tr><td class=\"code\">").skip(1).collect();
    assert!(rows.len() >= 3, "{}", rows.len());
    assert!(
        rows.iter().all(|r| r.contains("Chứng thực chữ ký")),
        "{rows:?}"
    );
    assert!(
        html.contains("value=\"chung thuc chu ky\""),
        "the search box keeps the query"
    );

    let (_, _, by_field) = get(&app, "/thu-tuc?field=HKD", &[]).await;
    assert!(by_field.contains("Đăng ký thành lập hộ kinh doanh"));
    assert!(!by_field.contains("Đăng ký khai sinh<"));
    assert!(by_field.contains("<option value=\"HKD\" selected>"));
    assert!(
        by_field.contains("<td>Thành lập và hoạt động của hộ kinh doanh</td>"),
        "field names, not codes"
    );
}

#[tokio::test]
async fn procedure_page_shows_components_fee_and_limit() {
    let app = app().await;
    let (status, _, html) = get(&app, "/thu-tuc/2.004101", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<h1>Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của nước ngoài cấp hoặc chứng nhận</h1>"));
    assert!(html.contains("2.000 đ/trang, từ trang thứ 3: 1.000 đ/trang, tối đa 200.000 đ/bản"));
    assert!(html.contains("Trong ngày (nhận sau 15 giờ trả ngày làm việc tiếp theo)"));
    assert!(html.contains("<td>Bản chính</td>"));

    let (_, _, en) = get(&app, "/thu-tuc/2.004101?lang=en", &[]).await;
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("2.000 đ/page, from page 3: 1.000 đ/page, at most 200.000 đ per copy"));
    assert!(en.contains("Dossier components"));
}

#[tokio::test]
async fn unknown_things_are_404_pages() {
    let app = app().await;
    for uri in [
        "/thu-tuc/9.999999",
        "/thu-tuc/bad%20code",
        "/trung-tam/999",
        "/khong-co",
    ] {
        let (status, _, html) = get(&app, uri, &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(html.contains("Không tìm thấy trang"), "{uri}: {html}");
    }
    let (_, _, en) = get(&app, "/khong-co", &[("cookie", "lang=en")]).await;
    assert!(en.contains("Page not found"));
}

#[tokio::test]
async fn center_page_lists_staff_on_duty() {
    let app = app().await;
    let (status, _, html) = get(&app, &format!("/trung-tam/{}", app.center), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<td>Trần Thị Bưu</td><td>Nhân viên bưu điện</td>"),
        "{html}"
    );
    assert!(html.contains("000.01.31.H13"));
    assert!(
        html.contains("<dd id=\"office-hours\">T2-T6 07:00-11:30 13:30-17:00</dd>"),
        "{html}"
    );
    let (_, _, list) = get(&app, "/trung-tam", &[]).await;
    assert!(list.contains("Trung tâm Phục vụ hành chính công phường Ninh Kiều"));
    let (_, _, english) = get(&app, &format!("/trung-tam/{}?lang=en", app.center), &[]).await;
    assert!(
        english.contains("<dd id=\"office-hours\">Mon-Fri 07:00-11:30 13:30-17:00</dd>"),
        "office hours in English: {english}"
    );
}

#[tokio::test]
async fn language_switch_sets_a_cookie_and_returns_to_the_page() {
    let app = app().await;
    let (status, headers, _) = get(
        &app,
        "/ngon-ngu/en",
        &[("referer", "http://localhost:8080/thu-tuc?q=x")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers.get(header::LOCATION).unwrap(), "/thu-tuc?q=x");
    let cookie = headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
    assert!(cookie.starts_with("lang=en;") && cookie.contains("HttpOnly"));
    let (_, headers, _) = get(
        &app,
        "/ngon-ngu/vi",
        &[("referer", "https://evil.example//elsewhere")],
    )
    .await;
    assert_eq!(
        headers.get(header::LOCATION).unwrap(),
        "/",
        "never redirects off-site"
    );
    let (_, _, html) = get(&app, "/", &[("cookie", "other=1; lang=en")]).await;
    assert!(html.contains("Find a procedure"));
}

#[tokio::test]
async fn api_lists_and_rejects_bad_parameters_by_name() {
    let app = app().await;
    let (status, _, body) = get(&app, "/api/v1/procedures?q=khai%20sinh&limit=5", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let list: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 5);
    assert!(list[0]["name"].as_str().unwrap().contains("khai sinh"));

    let (status, _, body) = get(&app, "/api/v1/procedures?limit=0", &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("limit"), "{body}");
    let (status, _, body) = get(&app, "/api/v1/procedures?field=a%20b", &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("field"), "{body}");

    let (status, _, body) = get(&app, "/api/v1/procedures/2.004001", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let detail: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(detail["current"]["procedure"]["name"], "Đăng ký khai sinh");
    assert_eq!(detail["versions"], serde_json::json!([1]));
    let (status, _, _) = get(&app, "/api/v1/procedures/9.999999", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (_, _, body) = get(&app, "/api/v1/catalog", &[]).await;
    let catalog: motcua_domain::catalog::Catalog = serde_json::from_str(&body).unwrap();
    assert_eq!(catalog.procedures.len(), 264);

    let (status, _, body) = get(&app, "/healthz", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("\"status\":\"ok\""));
}
