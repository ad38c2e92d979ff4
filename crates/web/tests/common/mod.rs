//! The world the API tests run in: two ward centers, staff of every role, the
//! demo catalog, and a clock standing still at a known instant.
#![allow(dead_code)]

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use motcua_domain::catalog::{parse_csv, DEMO_CATALOG_CSV};
use motcua_domain::org::*;
use motcua_store::{AccountId, CenterId, Store};
use serde_json::{json, Value};
use tower::ServiceExt;

pub const PASSWORD: &str = "mật-khẩu-thử";

/// The instant the tests run at: a Tuesday, 08:30 in Vietnam. The
/// application reads only this clock, so the suite passes at any hour.
pub const NOW: &str = "2026-11-24T01:30:00Z";

pub fn now() -> jiff::Timestamp {
    NOW.parse().unwrap()
}

pub fn today() -> jiff::civil::Date {
    motcua_calendar::from_timestamp(now()).date()
}

pub struct World {
    pub router: axum::Router,
    pub store: Arc<dyn Store>,
    pub clock: motcua_web::clock::FixedClock,
    pub a: CenterId,
    pub b: CenterId,
    pub specialist_a: AccountId,
    /// The application itself, for what runs beside the router (the OCR worker).
    pub state: motcua_web::AppState,
    pub blobs: Arc<motcua_blobs::FsBlobStore>,
    pub _dir: tempfile::TempDir,
}

pub async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> =
        motcua_store::connect(&format!("sqlite:{}", dir.path().join("t.sqlite").display()))
            .await
            .unwrap();
    store.migrate().await.unwrap();
    store
        .import_catalog(
            &parse_csv(DEMO_CATALOG_CSV.as_bytes()).unwrap(),
            now(),
            &|_| {},
        )
        .await
        .unwrap();
    let p = store
        .create_province(&NewProvince {
            code: "92".into(),
            name: "Thành phố Cần Thơ".into(),
        })
        .await
        .unwrap();
    let mut centers = Vec::new();
    for (i, name) in ["Ninh Kiều", "Cái Khế"].iter().enumerate() {
        let unit = format!("3100{i}");
        store
            .create_unit(
                p,
                &NewUnit {
                    code: unit.clone(),
                    name: format!("Phường {name}"),
                    kind: UnitKind::Phuong,
                },
            )
            .await
            .unwrap();
        let agency: motcua_domain::AgencyCode = format!("000.30.0{i}.H92").parse().unwrap();
        store
            .create_agency(&NewAgency {
                code: agency.clone(),
                name: format!("UBND phường {name}"),
                level: Level::Commune,
                unit_code: Some(unit.clone()),
            })
            .await
            .unwrap();
        let c = store
            .create_center(&NewCenter {
                name: format!("Trung tâm {name}"),
                kind: CenterKind::Center,
                agency,
                unit_code: Some(unit),
                address: String::new(),
                office_hours: Default::default(),
            })
            .await
            .unwrap();
        let all: Vec<_> = store
            .procedures(&Default::default())
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.code)
            .collect();
        store.set_jurisdiction(c, &all).await.unwrap();
        centers.push(c);
    }
    let clock = motcua_web::clock::FixedClock::at(now());
    let blobs = Arc::new(
        motcua_blobs::FsBlobStore::open(&dir.path().join("blobs"))
            .await
            .unwrap(),
    );
    let state = motcua_web::AppState::new(store.clone(), motcua_calendar::Holidays::official())
        .with_clock(clock.clone())
        .with_blobs(blobs.clone());
    let mut w = World {
        router: motcua_web::router(state.clone()),
        state,
        blobs,
        store,
        clock,
        a: centers[0],
        b: centers[1],
        specialist_a: AccountId(0),
        _dir: dir,
    };
    let people: &[(&str, &str, Role, Option<usize>)] = &[
        ("tiepnhan.a", "Nguyễn Thị Thu Hà", Role::Reception, Some(0)),
        ("buudien.a", "Trần Thị Bưu", Role::Postal, Some(0)),
        ("chuyenvien.a", "Lê Minh Chánh", Role::Specialist, Some(0)),
        ("lanhdao.a", "Võ Thanh Lâm", Role::Leader, Some(0)),
        ("tiepnhan.b", "Huỳnh Ngọc Bích", Role::Reception, Some(1)),
        ("chuyenvien.b", "Đặng Quốc Bảo", Role::Specialist, Some(1)),
        ("giamsat", "Bùi Thị Giang", Role::Supervisor, None),
        ("kiemtra", "Hồ Văn Kiên", Role::Inspector, None),
        ("admin", "Phan Văn Quản", Role::Admin, None),
    ];
    for (username, full_name, role, center) in people {
        let id = w
            .add_named_staff(username, full_name, *role, center.map(|c| centers[c]))
            .await;
        if *username == "chuyenvien.a" {
            w.specialist_a = id;
        }
    }
    w
}

/// The test password's hash, made once: argon2 is slow on purpose.
fn password_hash() -> String {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| motcua_store::password::hash_password(PASSWORD))
        .clone()
}

#[derive(Clone)]
pub struct Who {
    pub cookie: String,
    pub csrf: String,
}

impl World {
    pub async fn send(
        &self,
        method: &str,
        uri: &str,
        who: Option<&Who>,
        body: Option<Value>,
        extra: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        let mut req = Request::builder().method(method).uri(uri);
        if let Some(w) = who {
            req = req
                .header(header::COOKIE, &w.cookie)
                .header("x-csrf-token", &w.csrf);
        }
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        let req = match body {
            Some(b) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        }
        .unwrap();
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    pub async fn login(&self, username: &str) -> Who {
        let req = Request::post("/api/v1/session")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                json!({ "username": username, "password": PASSWORD }).to_string(),
            ))
            .unwrap();
        let res = self.router.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "login {username}");
        let cookie = res
            .headers()
            .get(header::SET_COOKIE)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
        let cookie = cookie.split(';').next().unwrap().to_string();
        let body: Value =
            serde_json::from_slice(&res.into_body().collect().await.unwrap().to_bytes()).unwrap();
        Who {
            cookie,
            csrf: body["csrf_token"].as_str().unwrap().to_string(),
        }
    }

    pub async fn dossier_count(&self) -> i64 {
        self.store.counts().await.unwrap().dossiers
    }
}

/// A small PNG of one colour.
pub fn tiny_png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(40, 30, image::Rgb([200, 180, 90]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A `multipart/form-data` body: text parts, then files (name, bytes).
pub fn multipart(texts: &[(&str, &str)], files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "motcua-test-boundary-7d93";
    let mut body = Vec::new();
    for (name, value) in texts {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    for (file_name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl World {
    /// Sends an upload of files as `who`; the answer's status and JSON.
    pub async fn upload(
        &self,
        uri: &str,
        who: &Who,
        texts: &[(&str, &str)],
        files: &[(&str, &[u8])],
    ) -> (StatusCode, Value) {
        let (content_type, body) = multipart(texts, files);
        let req = Request::builder()
            .method("POST")
            .uri(uri)
            .header(header::COOKIE, &who.cookie)
            .header("x-csrf-token", &who.csrf)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap();
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    /// GET of raw bytes as `who`: status, content type and body.
    pub async fn bytes(&self, uri: &str, who: &Who) -> (StatusCode, String, Vec<u8>) {
        let req = Request::builder()
            .uri(uri)
            .header(header::COOKIE, &who.cookie)
            .body(Body::empty())
            .unwrap();
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let ct = res
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        (status, ct, bytes)
    }
}

pub fn intake_body(center: CenterId) -> Value {
    json!({
        "center_id": center,
        "procedure_code": "2.004001",
        "applicant": { "name": "Nguyễn Văn An", "id_number": "092190001234", "phone": "0912 345 678", "address": "12 Hòa Bình" },
        "components": [
            { "name": "Tờ khai đăng ký khai sinh", "count": 1 },
            { "name": "Giấy chứng sinh", "count": 1 },
            { "name": "Giấy tờ tùy thân của người yêu cầu", "count": 1, "original_shown": true }
        ],
        "result_channel": "counter",
        "decision": { "kind": "accept" }
    })
}

/// A birth registration's declaration (form TK-KHAI-SINH) as a citizen fills it.
pub fn birth_declaration() -> Value {
    json!({
        "ho_ten_nguoi_yeu_cau": "Nguyễn Văn An",
        "dinh_danh_nguoi_yeu_cau": "092190001234",
        "noi_cu_tru_nguoi_yeu_cau": "12 Hòa Bình, phường Ninh Kiều, thành phố Cần Thơ",
        "quan_he": "Cha",
        "ho_ten": "Nguyễn Minh Khôi",
        "ngay_sinh": "20/11/2026",
        "gioi_tinh": "Nam",
        "dan_toc": "Kinh",
        "quoc_tich": "Việt Nam",
        "noi_sinh": "Bệnh viện Đa khoa thành phố Cần Thơ",
        "ho_ten_me": "Trần Thị Bích",
        "nam_sinh_me": "1995",
        "so_ban_sao": "2"
    })
}

/// [`intake_body`] with the birth declaration filled.
pub fn intake_body_declared(center: CenterId) -> Value {
    let mut body = intake_body(center);
    body["declaration"] = birth_declaration();
    body
}

pub async fn act(w: &World, who: &Who, code: &str, seq: i64, action: Value) -> (StatusCode, Value) {
    let mut body = action;
    body["expected_seq"] = json!(seq);
    w.send(
        "POST",
        &format!("/api/v1/dossiers/{code}/actions"),
        Some(who),
        Some(body),
        &[],
    )
    .await
}

impl World {
    /// A staff member with an account, posted at `center` (if any) in `role`,
    /// named as they log in.
    pub async fn add_staff(
        &self,
        username: &str,
        role: Role,
        center: Option<CenterId>,
    ) -> AccountId {
        self.add_named_staff(username, username, role, center).await
    }

    /// A staff member called `full_name` with the account `username`, posted
    /// at `center` (if any) in `role`; returns the account's id.
    pub async fn add_named_staff(
        &self,
        username: &str,
        full_name: &str,
        role: Role,
        center: Option<CenterId>,
    ) -> AccountId {
        let staff = self
            .store
            .create_staff(&NewStaff {
                full_name: full_name.to_string(),
                employer: Employer::CivilService,
                phone: None,
                email: None,
                title: String::new(),
            })
            .await
            .unwrap();
        let account = self
            .store
            .create_account(
                Some(staff),
                &NewAccount {
                    username: username.to_string(),
                    password_hash: password_hash(),
                    roles: vec![role],
                },
            )
            .await
            .unwrap();
        if let Some(c) = center {
            self.store
                .assign(
                    staff,
                    c,
                    &Assignment {
                        role,
                        from: jiff::civil::date(2020, 1, 1),
                        until: None,
                    },
                )
                .await
                .unwrap();
        }
        account
    }

    /// Another center of an existing agency (as the provincial center and its
    /// reception point share one), receiving every procedure.
    pub async fn add_center(&self, agency: &str, name: &str) -> CenterId {
        let c = self
            .store
            .create_center(&NewCenter {
                name: name.to_string(),
                kind: CenterKind::ReceptionPoint,
                agency: agency.parse().unwrap(),
                unit_code: None,
                address: String::new(),
                office_hours: Default::default(),
            })
            .await
            .unwrap();
        let all: Vec<_> = self
            .store
            .procedures(&Default::default())
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.code)
            .collect();
        self.store.set_jurisdiction(c, &all).await.unwrap();
        c
    }

    /// Receives the standard dossier at center A; returns its JSON.
    pub async fn receive_at_a(&self, who: &Who) -> Value {
        let (s, d) = self
            .send(
                "POST",
                "/api/v1/dossiers",
                Some(who),
                Some(intake_body(self.a)),
                &[],
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{d}");
        d
    }
}

/// A request from a given client address, as the server sees it.
pub async fn send_from(
    w: &World,
    client: &str,
    req: axum::http::request::Builder,
    body: Option<Value>,
) -> axum::response::Response {
    let mut req = match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    }
    .unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo::<std::net::SocketAddr>(
            format!("{client}:40000").parse().unwrap(),
        ));
    w.router.clone().oneshot(req).await.unwrap()
}

pub async fn json_of(res: axum::response::Response) -> Value {
    serde_json::from_slice(&res.into_body().collect().await.unwrap().to_bytes())
        .unwrap_or(Value::Null)
}

/// A page as a signed-in browser reads it, and a form as it posts one.
impl World {
    pub async fn page(&self, who: &Who, uri: &str) -> (StatusCode, String) {
        let req = Request::get(uri)
            .header(header::COOKIE, &who.cookie)
            .body(Body::empty())
            .unwrap();
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8(bytes.to_vec()).unwrap())
    }

    /// Posts `form` (urlencoded, without the CSRF token, which is added):
    /// the status, where it redirects, the page.
    pub async fn post_form(
        &self,
        who: &Who,
        uri: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, Option<String>, String) {
        let mut fields = vec![("_csrf".to_string(), who.csrf.clone())];
        fields.extend(form.iter().map(|(k, v)| (k.to_string(), v.to_string())));
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
        let req = Request::post(uri)
            .header(header::COOKIE, &who.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let location = res
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_string());
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        (status, location, String::from_utf8(bytes.to_vec()).unwrap())
    }
}

/// The value of a hidden or text input named `name` in a page.
pub fn input_value(page: &str, name: &str) -> String {
    page.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no input {name}"))
        .to_string()
}

impl World {
    /// The same application over the same data, configured otherwise.
    pub fn router_with(&self, config: motcua_web::WebConfig) -> axum::Router {
        motcua_web::router(
            motcua_web::AppState::new(self.store.clone(), motcua_calendar::Holidays::official())
                .with_clock(self.clock.clone())
                .with_config(config),
        )
    }

    /// A PDF the API answers `who` (status, bytes; no bytes unless 200).
    pub async fn pdf_bytes(&self, uri: &str, who: &Who) -> (StatusCode, Vec<u8>) {
        let req = Request::get(uri)
            .header(header::COOKIE, &who.cookie)
            .header(header::HOST, "motcua.example")
            .body(Body::empty())
            .unwrap();
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        if status != StatusCode::OK {
            return (status, Vec::new());
        }
        assert_eq!(
            res.headers().get(header::CONTENT_TYPE).unwrap(),
            "application/pdf"
        );
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        (status, bytes.to_vec())
    }
}

/// The text of a PDF, as `pdftotext` (poppler) reads it.
pub fn pdf_text(pdf: &[u8]) -> String {
    pdftotext("-layout", pdf)
}

/// `pdftotext MODE - -` on a PDF's bytes.
pub fn pdftotext(mode: &str, pdf: &[u8]) -> String {
    poppler("pdftotext", &[mode, "-", "-"], pdf)
}

/// What `pdfinfo` (poppler) says of a PDF: `Title`, `Pages`, `Page size`…
pub fn pdfinfo(pdf: &[u8]) -> std::collections::HashMap<String, String> {
    poppler("pdfinfo", &["-"], pdf)
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.to_string(), v.trim().to_string()))
        .collect()
}

/// Runs a poppler tool on a PDF given on its standard input.
fn poppler(program: &str, args: &[&str], pdf: &[u8]) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("poppler-utils is installed by the test command");
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{program} failed");
    String::from_utf8(out.stdout).unwrap()
}

/// Text with every run of white space made one space.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
