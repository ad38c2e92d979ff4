//! The authorization matrix: every route × every role × where the user works
//! (the center that received the dossier, another center of the same agency,
//! another agency), checked against the policy declared below. The API's
//! routes come from its OpenAPI document (itself checked to cover every API
//! route), so a new route without a declared policy fails here.

mod common;

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use motcua_domain::org::Role;
use serde_json::{json, Value};
use tower::ServiceExt;

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Rule {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user.
    SignedIn,
    /// Those who handle the dossier (counter staff of the receiving center,
    /// specialists and leaders of the handling agency) and those who oversee.
    ReadDossier,
    /// Counter staff of the receiving center only (digitizing, the counter's actions).
    CounterOfDossier,
    /// Counter staff of the center named in the request.
    IntakeAtCenter,
    /// Counter staff, anywhere (finding a returning applicant to prefill the intake).
    FindApplicant,
    /// Anyone posted at the center, and those who oversee.
    CenterRecords,
    /// Counter staff (their own counter).
    Counter,
    /// Specialists and leaders of the agency handling the dossier.
    SettleDossier,
}

/// The declared policy of every route (method, path) of the application.
const POLICY: &[(&str, &str, Rule)] = &[
    ("get", "/api/v1/catalog", Rule::Public),
    ("get", "/api/v1/procedures", Rule::Public),
    ("get", "/api/v1/procedures/{code}", Rule::Public),
    ("get", "/api/v1/centers", Rule::Public),
    ("get", "/api/v1/stats", Rule::Public),
    ("get", "/api/v1/lookup", Rule::Public),
    ("get", "/api/v1/lookup/result", Rule::Public),
    ("post", "/api/v1/submissions", Rule::Public),
    ("post", "/api/v1/session", Rule::Public),
    ("get", "/api/v1/me", Rule::SignedIn),
    ("get", "/api/v1/tokens", Rule::SignedIn),
    ("post", "/api/v1/tokens", Rule::SignedIn),
    ("delete", "/api/v1/tokens/{id}", Rule::SignedIn),
    ("get", "/api/v1/applicants", Rule::FindApplicant),
    ("post", "/api/v1/dossiers", Rule::IntakeAtCenter),
    ("get", "/api/v1/dossiers/{code}", Rule::ReadDossier),
    ("get", "/api/v1/dossiers/{code}/events", Rule::ReadDossier),
    (
        "get",
        "/api/v1/dossiers/{code}/forms/{form}",
        Rule::ReadDossier,
    ),
    (
        "post",
        "/api/v1/dossiers/{code}/actions",
        Rule::CounterOfDossier,
    ),
    ("get", "/api/v1/centers/{id}/register", Rule::CenterRecords),
    ("get", "/api/v1/dossiers/{code}/scans", Rule::ReadDossier),
    ("get", "/api/v1/dossiers/{code}/result", Rule::ReadDossier),
    (
        "post",
        "/api/v1/dossiers/{code}/result",
        Rule::SettleDossier,
    ),
    (
        "get",
        "/api/v1/dossiers/{code}/scans/{id}",
        Rule::ReadDossier,
    ),
    (
        "get",
        "/api/v1/dossiers/{code}/scans/{id}/thumbnail",
        Rule::ReadDossier,
    ),
    (
        "post",
        "/api/v1/dossiers/{code}/scans",
        Rule::CounterOfDossier,
    ),
    (
        "post",
        "/api/v1/dossiers/{code}/scans/exemptions",
        Rule::CounterOfDossier,
    ),
    (
        "post",
        "/api/v1/dossiers/{code}/scans/reuse",
        Rule::CounterOfDossier,
    ),
    (
        "post",
        "/api/v1/dossiers/{code}/scans/{id}/removal",
        Rule::CounterOfDossier,
    ),
    // Pages.
    ("get", "/", Rule::Public),
    ("get", "/thu-tuc", Rule::Public),
    ("get", "/thu-tuc/{code}", Rule::Public),
    ("get", "/trung-tam", Rule::Public),
    ("get", "/trung-tam/{id}", Rule::Public),
    ("get", "/tra-cuu", Rule::Public),
    ("get", "/dang-nhap", Rule::Public),
    ("post", "/dang-nhap", Rule::Public),
    ("get", "/ngon-ngu/{lang}", Rule::Public),
    ("get", "/static/app.css", Rule::Public),
    ("get", "/healthz", Rule::Public),
    ("get", "/api/openapi.json", Rule::Public),
    ("get", "/hop-thu", Rule::SignedIn),
    ("get", "/tim-kiem", Rule::SignedIn),
    ("get", "/quay", Rule::Counter),
    ("get", "/quay/{code}", Rule::Counter),
    ("get", "/ho-so/{code}", Rule::ReadDossier),
    ("post", "/ho-so/{code}/thao-tac", Rule::CounterOfDossier),
    ("get", "/ho-so/{code}/so-hoa", Rule::ReadDossier),
    ("post", "/ho-so/{code}/so-hoa", Rule::CounterOfDossier),
    ("post", "/ho-so/{code}/so-hoa/mien", Rule::CounterOfDossier),
    (
        "post",
        "/ho-so/{code}/so-hoa/dung-lai",
        Rule::CounterOfDossier,
    ),
    (
        "post",
        "/ho-so/{code}/so-hoa/{id}/go",
        Rule::CounterOfDossier,
    ),
    ("get", "/so-hoa", Rule::SignedIn),
    ("post", "/ho-so/{code}/ket-qua", Rule::SettleDossier),
    ("get", "/tai-khoan", Rule::SignedIn),
    ("post", "/tai-khoan/ma-truy-cap", Rule::SignedIn),
    (
        "post",
        "/tai-khoan/ma-truy-cap/{id}/thu-hoi",
        Rule::SignedIn,
    ),
    ("post", "/tai-khoan/mat-khau", Rule::SignedIn),
    // Last: these end the session or change the password.
    ("post", "/api/v1/me/password", Rule::SignedIn),
    ("post", "/dang-xuat", Rule::SignedIn),
    ("delete", "/api/v1/session", Rule::SignedIn),
];

/// Where a test user is posted, relative to the dossier received at center A.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Place {
    /// Center A, which received the dossier.
    Own,
    /// Another center of A's agency (a reception point).
    SameAgency,
    /// Center B, of another agency.
    OtherAgency,
    /// Not posted anywhere: supervisors, inspectors, administrators.
    Province,
}

struct User {
    name: String,
    role: Option<Role>,
    place: Place,
    who: Option<Who>,
}

fn allowed(rule: Rule, role: Option<Role>, place: Place) -> bool {
    let Some(role) = role else {
        return rule == Rule::Public;
    };
    match rule {
        Rule::Public | Rule::SignedIn => true,
        Rule::ReadDossier => {
            role.oversees()
                || (role.works_at_counter() && place == Place::Own)
                || (role.settles_dossiers() && matches!(place, Place::Own | Place::SameAgency))
        }
        Rule::CounterOfDossier | Rule::IntakeAtCenter => {
            role.works_at_counter() && place == Place::Own
        }
        Rule::FindApplicant => role.works_at_counter(),
        Rule::SettleDossier => {
            role.settles_dossiers() && matches!(place, Place::Own | Place::SameAgency)
        }
        Rule::CenterRecords => role.oversees() || place == Place::Own,
        Rule::Counter => role.works_at_counter(),
    }
}

#[tokio::test]
async fn every_route_every_role_every_place_follows_the_policy() {
    let w = world().await;
    let point = w.add_center("000.30.00.H92", "Điểm tiếp nhận số 01").await;
    let mut users = vec![User {
        name: "anonymous".into(),
        role: None,
        place: Place::Province,
        who: None,
    }];
    for role in [
        Role::Reception,
        Role::Postal,
        Role::Specialist,
        Role::Leader,
    ] {
        for (place, center) in [
            (Place::Own, w.a),
            (Place::SameAgency, point),
            (Place::OtherAgency, w.b),
        ] {
            let name = format!("{}.{place:?}", role.code()).to_lowercase();
            w.add_staff(&name, role, Some(center)).await;
            users.push(User {
                who: Some(w.login(&name).await),
                name,
                role: Some(role),
                place,
            });
        }
    }
    for name in ["giamsat", "kiemtra", "admin"] {
        let role = w.store.account(name).await.unwrap().unwrap().roles[0];
        users.push(User {
            who: Some(w.login(name).await),
            name: name.into(),
            role: Some(role),
            place: Place::Province,
        });
    }

    // Every API route has a declared policy.
    let (_, doc) = w.send("GET", "/api/openapi.json", None, None, &[]).await;
    let declared: Vec<(String, String)> = POLICY
        .iter()
        .map(|(m, p, _)| (m.to_string(), p.to_string()))
        .collect();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            assert!(
                declared.contains(&(method.clone(), path.clone())),
                "{method} {path} has no declared policy"
            );
        }
    }

    let reception = w.login("tiepnhan.a").await;
    let code = w.receive_at_a(&reception).await["code"]
        .as_str()
        .unwrap()
        .to_string();
    // A scan on the dossier, for the routes that name one.
    let (s, scans) = w
        .upload(
            &format!("/api/v1/dossiers/{code}/scans"),
            &reception,
            &[("component", "Giấy chứng sinh")],
            &[("cs.png", &tiny_png())],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{scans}");
    let scan = scans["scans"][0]["id"].to_string();
    // In progress with its result file, for the routes of the electronic result.
    let (s, d) = act(
        &w,
        &reception,
        &code,
        scans["last_seq"].as_i64().unwrap(),
        json!({ "action": "hand-over", "to_agency": "000.30.00.H92", "to_account": null, "note": "" }),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let specialist = w.login("chuyenvien.a").await;
    let (s, d) = w
        .upload(
            &format!("/api/v1/dossiers/{code}/result"),
            &specialist,
            &[],
            &[("kq.png", &tiny_png())],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let mut outcomes: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut requests = 0;
    for (method, path, rule) in POLICY {
        if *path == "/api/v1/session" && *method == "delete" {
            // The sign-out page ended every session: sign in again.
            for u in users.iter_mut().filter(|u| u.who.is_some()) {
                u.who = Some(w.login(&u.name).await);
            }
        }
        for u in &users {
            let seq = w
                .store
                .dossier(&code.parse().unwrap())
                .await
                .unwrap()
                .unwrap()
                .last_seq;
            let (status, location) = request(&w, method, path, &code, &scan, seq, u).await;
            requests += 1;
            let expected = allowed(*rule, u.role, u.place);
            // "Not found" hides a dossier from those who may not read it; for
            // the other rules it means the thing asked for does not exist.
            let hidden = status == StatusCode::NOT_FOUND
                && matches!(
                    rule,
                    Rule::ReadDossier
                        | Rule::CounterOfDossier
                        | Rule::SettleDossier
                        | Rule::CenterRecords
                );
            let denied = matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
                || hidden
                || location.as_deref().is_some_and(|l| l.starts_with("/dang-nhap?next="))
                // A page refuses an action it does not offer on the dossier page itself.
                || (*path == "/ho-so/{code}/thao-tac" && status == StatusCode::UNPROCESSABLE_ENTITY);
            let ok = if expected {
                !denied && status.as_u16() < 500
            } else {
                denied
            };
            outcomes
                .entry((method.to_string(), path.to_string()))
                .or_default()
                .push(format!("{}:{}", u.name, status.as_u16()));
            if !ok {
                failures.push(format!(
                    "{method} {path} as {} ({:?}): {status}, expected {}",
                    u.name,
                    u.place,
                    if expected { "allowed" } else { "denied" }
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {requests} requests broke the policy:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(requests, POLICY.len() * users.len());
    assert!(requests > 500, "{requests}");
}

/// One request of `method path` as `u`, with the path's parameters filled in
/// and a body that is valid for the route; returns the status and any redirect.
async fn request(
    w: &World,
    method: &str,
    path: &str,
    code: &str,
    scan: &str,
    seq: i64,
    u: &User,
) -> (StatusCode, Option<String>) {
    let uri = path
        .replace(
            "{code}",
            if path.starts_with("/api/v1/procedures")
                || path.starts_with("/thu-tuc")
                || path.starts_with("/quay")
            {
                "2.004001"
            } else {
                code
            },
        )
        .replace("{form}", "06")
        .replace("scans/{id}", &format!("scans/{scan}"))
        .replace("so-hoa/{id}", &format!("so-hoa/{scan}"))
        .replace("{lang}", "en")
        .replace("{id}", &w.a.to_string());
    let uri = match path {
        "/api/v1/lookup" | "/api/v1/lookup/result" => format!("{uri}?code={code}&phone=5678"),
        "/api/v1/applicants" => format!("{uri}?key=092190001234"),
        "/api/v1/centers/{id}/register" => format!("{uri}?from=2026-11-24&to=2026-11-24"),
        "/api/v1/tokens/{id}" => "/api/v1/tokens/999999".into(),
        "/tai-khoan/ma-truy-cap/{id}/thu-hoi" => "/tai-khoan/ma-truy-cap/999999/thu-hoi".into(),
        _ => uri,
    };
    let body: Option<Value> = match (method, path) {
        ("post", "/api/v1/submissions") => Some(json!({
            "center_id": w.a, "procedure_code": "2.004001",
            "applicant": { "name": "Lê Thị Hoa", "phone": "0912000111" }
        })),
        ("post", "/api/v1/session") => Some(json!({ "username": "giamsat", "password": PASSWORD })),
        ("post", "/api/v1/tokens") => Some(json!({ "label": "ma trận", "scope": "read" })),
        ("post", "/api/v1/dossiers") => Some(intake_body(w.a)),
        ("post", "/api/v1/dossiers/{code}/actions") => {
            Some(json!({ "expected_seq": seq, "action": "digitize" }))
        }
        ("post", "/api/v1/dossiers/{code}/scans/exemptions") => Some(
            json!({ "component": "Giấy tờ tùy thân của người yêu cầu", "reason": "original-shown" }),
        ),
        ("post", "/api/v1/dossiers/{code}/scans/reuse") => {
            Some(json!({ "component": "Giấy chứng sinh", "attachment_id": 999999 }))
        }
        ("post", "/api/v1/dossiers/{code}/scans/{id}/removal") => {
            Some(json!({ "reason": "Nhầm trang" }))
        }
        ("post", "/api/v1/me/password") => {
            Some(json!({ "current_password": "sai", "new_password": "một mật khẩu dài" }))
        }
        _ => None,
    };
    let mut req = Request::builder()
        .method(method.to_uppercase().as_str())
        .uri(&uri);
    if let Some(who) = &u.who {
        req = req
            .header(header::COOKIE, &who.cookie)
            .header("x-csrf-token", &who.csrf);
    }
    let csrf = u.who.as_ref().map_or("", |w| w.csrf.as_str());
    let form = match (method, path) {
        ("post", "/ho-so/{code}/thao-tac") => {
            Some(format!("_csrf={csrf}&expected_seq={seq}&action=digitize"))
        }
        ("post", "/dang-nhap") => Some(format!("username=giamsat&password={PASSWORD}")),
        ("post", "/ho-so/{code}/so-hoa/mien") => Some(format!(
            "_csrf={csrf}&component=Gi%E1%BA%A5y+ch%E1%BB%A9ng+sinh&reason=confidential"
        )),
        ("post", "/ho-so/{code}/so-hoa/dung-lai") => Some(format!(
            "_csrf={csrf}&component=Gi%E1%BA%A5y+ch%E1%BB%A9ng+sinh&attachment_id=999999"
        )),
        ("post", "/ho-so/{code}/so-hoa/{id}/go") => Some(format!("_csrf={csrf}&reason=nham")),
        ("post", "/dang-xuat" | "/tai-khoan/ma-truy-cap/{id}/thu-hoi") => {
            Some(format!("_csrf={csrf}"))
        }
        ("post", "/tai-khoan/ma-truy-cap") => {
            Some(format!("_csrf={csrf}&label=ma+tran&scope=read&days=30"))
        }
        ("post", "/tai-khoan/mat-khau") => Some(format!(
            "_csrf={csrf}&current_password=sai&new_password=mot+mat+khau+dai"
        )),
        _ => None,
    };
    let upload = matches!(
        (method, path),
        (
            "post",
            "/api/v1/dossiers/{code}/scans"
                | "/ho-so/{code}/so-hoa"
                | "/api/v1/dossiers/{code}/result"
                | "/ho-so/{code}/ket-qua"
        )
    );
    let req = if upload {
        let (content_type, body) = multipart(
            &[("_csrf", csrf), ("component", "Giấy chứng sinh")],
            &[("cs.png", &tiny_png())],
        );
        req.header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
    } else if let Some(form) = form {
        req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form))
    } else if let Some(b) = body {
        req.header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string()))
    } else {
        req.body(Body::empty())
    }
    .unwrap();
    let res = w.router.clone().oneshot(req).await.unwrap();
    let location = res
        .headers()
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .map(str::to_string);
    (res.status(), location)
}
