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
    /// Leaders of the agency handling the dossier (who sign certifications).
    CertifyDossier,
    /// Counter staff of the center named in the request, and those who oversee.
    CounterOfCenter,
    /// Postal staff of the center named in the request (a postal intake).
    PostalAtCenter,
    /// Postal staff, anywhere (the postal intake's screens).
    Postal,
    /// Counter staff of the thing's center (a manifest); others are told it
    /// does not exist.
    CounterOfThing,
    /// The officer who staffs the counter (calling people to it).
    StaffedCounter,
    /// The officer who staffs the counter, the center's leader, administrators.
    HallCounter,
    /// The center's leader and administrators (its service groups, devices).
    HallManager,
    /// Those who handle the dossier, not those who oversee (personal data
    /// in full: the declaration).
    HandleDossier,
    /// The center's counter staff and leaders, and those who oversee (its
    /// guidance log); others are told it does not exist.
    GuidanceOfCenter,
    /// Counter staff and leaders anywhere (their centers' month), and those
    /// who oversee (every center where postal staff work).
    GuidanceReport,
    /// The officer a PAKN of the center is assigned to (here the
    /// specialist of center A) and the center's leader.
    FeedbackHandler,
    /// Leaders (their centers' dashboard) and those who oversee (every scope).
    Dashboard,
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
    ("post", "/api/v1/submissions/with-files", Rule::Public),
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
    (
        "get",
        "/api/v1/dossiers/{code}/declaration",
        Rule::HandleDossier,
    ),
    (
        "get",
        "/api/v1/dossiers/{code}/declaration.pdf",
        Rule::HandleDossier,
    ),
    (
        "post",
        "/api/v1/procedures/{code}/declaration.pdf",
        Rule::Public,
    ),
    ("get", "/api/v1/centers/{id}/register", Rule::CenterRecords),
    (
        "get",
        "/api/v1/centers/{id}/register.xlsx",
        Rule::CenterRecords,
    ),
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
    (
        "get",
        "/api/v1/dossiers/{code}/certifications",
        Rule::ReadDossier,
    ),
    (
        "post",
        "/api/v1/dossiers/{code}/certifications",
        Rule::CertifyDossier,
    ),
    (
        "get",
        "/api/v1/dossiers/{code}/certifications/{year}/{number}/copy",
        Rule::ReadDossier,
    ),
    (
        "get",
        "/api/v1/centers/{id}/certification-register",
        Rule::CenterRecords,
    ),
    (
        "post",
        "/api/v1/dossiers/{code}/deliveries",
        Rule::CounterOfDossier,
    ),
    (
        "get",
        "/api/v1/dossiers/{code}/deliveries",
        Rule::ReadDossier,
    ),
    ("get", "/api/v1/deliveries", Rule::SignedIn),
    ("get", "/api/v1/deliveries/report", Rule::SignedIn),
    ("post", "/api/v1/tracking-codes", Rule::CounterOfCenter),
    ("get", "/api/v1/deliveries/{id}/proof", Rule::ReadDossier),
    (
        "post",
        "/api/v1/deliveries/{id}/resend",
        Rule::CounterOfDossier,
    ),
    ("post", "/api/v1/postal/webhook", Rule::Public),
    (
        "post",
        "/api/v1/deliveries/{id}/cancel",
        Rule::CounterOfDossier,
    ),
    ("post", "/buu-chinh/{id}/huy", Rule::CounterOfDossier),
    ("post", "/api/v1/postal-intakes", Rule::PostalAtCenter),
    (
        "get",
        "/api/v1/dossiers/{code}/postal-slip",
        Rule::ReadDossier,
    ),
    ("get", "/api/v1/dossiers/{code}/notices", Rule::ReadDossier),
    ("get", "/api/v1/manifests", Rule::SignedIn),
    ("post", "/api/v1/manifests", Rule::IntakeAtCenter),
    ("get", "/api/v1/manifests/{id}", Rule::CenterRecords),
    (
        "post",
        "/api/v1/manifests/{id}/receive",
        Rule::CounterOfThing,
    ),
    ("get", "/api/v1/manifests/{id}/record", Rule::CenterRecords),
    (
        "get",
        "/api/v1/centers/{id}/transport-candidates",
        Rule::CenterRecords,
    ),
    ("get", "/buu-chinh/nhan-ho-so", Rule::Postal),
    ("get", "/buu-chinh/nhan-ho-so/{code}", Rule::Postal),
    ("post", "/buu-chinh/nhan-ho-so/{code}", Rule::Postal),
    ("get", "/buu-chinh/bang-ke", Rule::SignedIn),
    ("post", "/buu-chinh/bang-ke", Rule::IntakeAtCenter),
    ("get", "/buu-chinh/bang-ke/{id}", Rule::CenterRecords),
    ("post", "/buu-chinh/bang-ke/{id}/nhan", Rule::CounterOfThing),
    ("get", "/api/v1/centers/{id}/service-groups", Rule::Public),
    ("get", "/api/v1/centers/{id}/board", Rule::Public),
    ("get", "/api/v1/centers/{id}/board/events", Rule::Public),
    ("get", "/api/v1/centers/{id}/staffing-advice", Rule::Public),
    ("post", "/api/v1/kiosk/{secret}/tickets", Rule::Public),
    ("get", "/api/v1/tablet/{secret}", Rule::Public),
    ("post", "/api/v1/tablet/{secret}/ratings", Rule::Public),
    ("get", "/api/v1/ratings/{code}", Rule::Public),
    ("post", "/api/v1/ratings/{code}", Rule::Public),
    ("get", "/api/v1/dossiers/{code}/ratings", Rule::ReadDossier),
    ("get", "/api/v1/centers/{id}/counters", Rule::CenterRecords),
    (
        "get",
        "/api/v1/centers/{id}/queue-times",
        Rule::CenterRecords,
    ),
    ("get", "/api/v1/centers/{id}/kiosks", Rule::CenterRecords),
    ("get", "/api/v1/tickets/{id}", Rule::CenterRecords),
    // In this order: the ticket is called at reception.own's counter until
    // its officer calls the next, who then closes the counter.
    ("post", "/api/v1/tickets/{id}/actions", Rule::HallCounter),
    (
        "post",
        "/api/v1/counters/{id}/call-next",
        Rule::StaffedCounter,
    ),
    ("post", "/api/v1/counters/{id}/close", Rule::HallCounter),
    ("post", "/api/v1/counters", Rule::IntakeAtCenter),
    ("post", "/api/v1/service-groups", Rule::HallManager),
    ("post", "/api/v1/kiosks", Rule::HallManager),
    (
        "post",
        "/api/v1/centers/{id}/kiosks/{kiosk}/revoke",
        Rule::HallManager,
    ),
    ("post", "/api/v1/guidance", Rule::IntakeAtCenter),
    (
        "get",
        "/api/v1/centers/{id}/guidance",
        Rule::GuidanceOfCenter,
    ),
    (
        "post",
        "/api/v1/guidance/{id}/dossier",
        Rule::CounterOfThing,
    ),
    ("get", "/api/v1/guidance/summary", Rule::GuidanceReport),
    ("get", "/api/v1/dashboard", Rule::Dashboard),
    ("get", "/api/v1/dashboard/dossiers", Rule::Dashboard),
    ("get", "/api/v1/dashboard/export", Rule::Dashboard),
    ("get", "/api/v1/dashboard/report.pdf", Rule::Dashboard),
    ("get", "/api/v1/verification/{token}", Rule::Public),
    ("post", "/api/v1/verification", Rule::Public),
    ("post", "/api/v1/verification/{token}", Rule::Public),
    ("get", "/api/v1/feedback/form-token", Rule::Public),
    ("post", "/api/v1/feedback", Rule::Public),
    ("get", "/api/v1/feedback/{code}/tracking", Rule::Public),
    ("post", "/api/v1/feedback/{code}/info", Rule::Public),
    ("post", "/api/v1/feedback/{code}/rating", Rule::Public),
    ("get", "/api/v1/published-feedback", Rule::Public),
    ("get", "/api/v1/centers/{id}/feedback", Rule::CenterRecords),
    (
        "get",
        "/api/v1/centers/{id}/feedback-indicators",
        Rule::CenterRecords,
    ),
    ("get", "/api/v1/feedback/{code}", Rule::CenterRecords),
    (
        "post",
        "/api/v1/feedback/{code}/actions",
        Rule::FeedbackHandler,
    ),
    // Pages.
    ("get", "/", Rule::Public),
    ("get", "/thu-tuc", Rule::Public),
    ("get", "/thu-tuc/{code}", Rule::Public),
    ("get", "/trung-tam", Rule::Public),
    ("get", "/trung-tam/{id}", Rule::Public),
    ("get", "/tra-cuu", Rule::Public),
    ("get", "/xac-minh", Rule::Public),
    ("post", "/xac-minh", Rule::Public),
    ("get", "/xac-minh/{token}", Rule::Public),
    ("post", "/xac-minh/{token}", Rule::Public),
    ("post", "/ho-so/{code}/chung-thuc", Rule::CertifyDossier),
    ("post", "/ho-so/{code}/buu-chinh", Rule::CounterOfDossier),
    ("get", "/buu-chinh", Rule::SignedIn),
    ("get", "/buu-chinh/bao-cao", Rule::SignedIn),
    ("post", "/buu-chinh/ma-buu-gui", Rule::CounterOfCenter),
    ("post", "/buu-chinh/{id}/gui-lai", Rule::CounterOfDossier),
    ("get", "/dang-nhap", Rule::Public),
    ("post", "/dang-nhap", Rule::Public),
    ("get", "/ngon-ngu/{lang}", Rule::Public),
    ("get", "/static/app.css", Rule::Public),
    ("get", "/static/hall.css", Rule::Public),
    ("get", "/static/hall.js", Rule::Public),
    ("get", "/lay-so/{secret}", Rule::Public),
    ("post", "/lay-so/{secret}", Rule::Public),
    ("get", "/lay-so/{secret}/ve/{ticket}", Rule::Public),
    ("get", "/bang-goi/{center}", Rule::Public),
    ("get", "/danh-gia/{code}", Rule::Public),
    ("post", "/danh-gia/{code}", Rule::Public),
    ("get", "/danh-gia-quay/{secret}", Rule::Public),
    ("post", "/danh-gia-quay/{secret}", Rule::Public),
    ("get", "/phan-anh", Rule::Public),
    ("post", "/phan-anh", Rule::Public),
    ("get", "/phan-anh/{code}", Rule::Public),
    ("post", "/phan-anh/{code}/bo-sung", Rule::Public),
    ("post", "/phan-anh/{code}/danh-gia", Rule::Public),
    ("get", "/tra-loi-phan-anh", Rule::Public),
    ("get", "/pakn", Rule::SignedIn),
    ("get", "/pakn/{code}", Rule::CenterRecords),
    ("post", "/pakn/{code}/thao-tac", Rule::FeedbackHandler),
    ("get", "/healthz", Rule::Public),
    ("get", "/api/openapi.json", Rule::Public),
    ("get", "/hop-thu", Rule::SignedIn),
    ("get", "/tim-kiem", Rule::SignedIn),
    ("get", "/quay", Rule::Counter),
    ("get", "/thu-tuc/{code}/nop", Rule::Public),
    ("post", "/thu-tuc/{code}/nop", Rule::Public),
    ("post", "/thu-tuc/{code}/to-khai", Rule::Public),
    ("get", "/quay/{code}", Rule::Counter),
    ("post", "/quay/{code}/to-khai", Rule::Counter),
    ("post", "/quay/hang-doi", Rule::Counter),
    ("get", "/sanh", Rule::SignedIn),
    ("get", "/huong-dan", Rule::Counter),
    ("post", "/huong-dan", Rule::IntakeAtCenter),
    ("post", "/huong-dan/{id}/ho-so", Rule::CounterOfThing),
    ("get", "/huong-dan/bao-cao", Rule::GuidanceReport),
    ("get", "/bang-dieu-khien", Rule::Dashboard),
    ("get", "/bang-dieu-khien/ho-so", Rule::Dashboard),
    ("get", "/bang-dieu-khien/tai-ve", Rule::Dashboard),
    ("get", "/bang-dieu-khien/bao-cao.pdf", Rule::Dashboard),
    ("post", "/sanh/nhom", Rule::HallManager),
    ("post", "/sanh/thiet-bi", Rule::HallManager),
    ("post", "/sanh/thiet-bi/{id}/thu-hoi", Rule::HallManager),
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
        Rule::CounterOfCenter => {
            role.oversees() || (role.works_at_counter() && place == Place::Own)
        }
        Rule::CertifyDossier => {
            role == Role::Leader && matches!(place, Place::Own | Place::SameAgency)
        }
        Rule::CenterRecords => role.oversees() || place == Place::Own,
        Rule::Counter => role.works_at_counter(),
        Rule::PostalAtCenter => role == Role::Postal && place == Place::Own,
        Rule::Postal => role == Role::Postal,
        Rule::CounterOfThing => role.works_at_counter() && place == Place::Own,
        Rule::StaffedCounter => role == Role::Reception && place == Place::Own,
        Rule::HallCounter => {
            (matches!(role, Role::Reception | Role::Leader) && place == Place::Own)
                || role == Role::Admin
        }
        Rule::HallManager => (role == Role::Leader && place == Place::Own) || role == Role::Admin,
        Rule::HandleDossier => {
            (role.works_at_counter() && place == Place::Own)
                || (role.settles_dossiers() && matches!(place, Place::Own | Place::SameAgency))
        }
        Rule::GuidanceOfCenter => {
            role.oversees()
                || ((role.works_at_counter() || role == Role::Leader) && place == Place::Own)
        }
        Rule::GuidanceReport => role.oversees() || role.works_at_counter() || role == Role::Leader,
        Rule::FeedbackHandler => {
            matches!(role, Role::Leader | Role::Specialist) && place == Place::Own
        }
        Rule::Dashboard => role.oversees() || role == Role::Leader,
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
    // With its declaration, for the routes that read it.
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
    let code = d["code"].as_str().unwrap().to_string();
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
    // A certification dossier with its original scanned and one copy
    // certified, for the routes of the register.
    let mut body = intake_body(w.a);
    body["procedure_code"] = json!("2.004104");
    body["components"] = json!([
        { "name": "Bản chính giấy tờ, văn bản cần chứng thực", "count": 1 },
        { "name": "Bản sao cần chứng thực", "count": 1 }
    ]);
    let (s, d) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(body),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let cert_code = d["code"].as_str().unwrap().to_string();
    let (s, scans) = w
        .upload(
            &format!("/api/v1/dossiers/{cert_code}/scans"),
            &reception,
            &[("component", "Bản chính giấy tờ, văn bản cần chứng thực")],
            &[("bang.png", &tiny_png())],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{scans}");
    let cert_scan = scans["scans"][0]["id"].to_string();
    let leader = w.login("lanhdao.a").await;
    let (s, c) = w
        .send(
            "POST",
            &format!("/api/v1/dossiers/{cert_code}/certifications"),
            Some(&leader),
            Some(json!({ "scan": scans["scans"][0]["id"], "copies": 1 })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    // Its result went by post and was delivered, with a proof.
    let parcel = delivered_by_post(&w, &cert_code).await;
    let cert = (cert_code, cert_scan, parcel);
    // A postal intake on its way to center A in a manifest.
    let postal = w.login("buudien.a").await;
    let (s, d) = w
        .send(
            "POST",
            "/api/v1/postal-intakes",
            Some(&postal),
            Some(postal_intake_body(w.a)),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let post_code = d["code"].as_str().unwrap().to_string();
    let (s, m) = w
        .send(
            "POST",
            "/api/v1/manifests",
            Some(&postal),
            Some(json!({ "center_id": w.a, "leg": "to-center", "dossiers": [post_code] })),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    let post = (post_code, m["id"].as_i64().unwrap());
    let hall = hall_at_a(&w).await;
    let pakn = feedback_at_a(&w).await;
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
            let of = if is_cert(path) { &cert.0 } else { &code };
            let seq = w
                .store
                .dossier(&of.parse().unwrap())
                .await
                .unwrap()
                .unwrap()
                .last_seq;
            let (status, location) = request(
                &w, method, path, &code, &scan, &cert, &post, &hall, &pakn, seq, u,
            )
            .await;
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
                        | Rule::CertifyDossier
                        | Rule::CenterRecords
                        | Rule::CounterOfThing
                        | Rule::StaffedCounter
                        | Rule::HallCounter
                        | Rule::HandleDossier
                        | Rule::GuidanceOfCenter
                        | Rule::FeedbackHandler
                );
            let denied = matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
                || hidden
                || location.as_deref().is_some_and(|l| l.starts_with("/dang-nhap?next="))
                // A page refuses an action it does not offer on the dossier page itself.
                || (*path == "/ho-so/{code}/thao-tac"
                    && status == StatusCode::UNPROCESSABLE_ENTITY);
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

/// The routes of certified copies and of parcels, asked of the
/// certification dossier (settled, its result sent by post and delivered).
/// The routes of one PAKN, named by its code.
fn is_pakn(path: &str) -> bool {
    path.starts_with("/api/v1/feedback/{code}")
        || path.starts_with("/phan-anh/{code}")
        || path.starts_with("/pakn/{code}")
}

/// A PAKN sent to center A and assigned to its specialist (`specialist.own`).
async fn feedback_at_a(w: &World) -> String {
    use motcua_domain::feedback::{decide, Category, Step};
    use motcua_store::{FeedbackChange, NewFeedback};
    let f = w
        .store
        .create_feedback(
            &NewFeedback {
                center_id: w.a,
                day: today(),
                dossier_id: None,
                category: Category::Other,
                content: "Góp ý về giờ làm việc".into(),
                sender_name: "Lê Hoa".into(),
                sender_phone: Some("0912000111".into()),
                sender_email: None,
                contact_key: String::new(),
                received_at: now(),
            },
            now(),
        )
        .await
        .unwrap();
    let to = w.store.account("specialist.own").await.unwrap().unwrap().id;
    let step = Step::Assign { to };
    let cal = motcua_calendar::WorkCalendar::default();
    let workflow = decide(&f.workflow, &step, now(), &cal).unwrap();
    let f = w
        .store
        .change_feedback(
            f.id,
            f.version,
            &FeedbackChange {
                workflow,
                step: "assign".into(),
                actor_id: None,
                note: String::new(),
                at: now(),
            },
        )
        .await
        .unwrap();
    assert_eq!(f.version, 1);
    f.code
}

fn is_cert(path: &str) -> bool {
    path.contains("/certifications")
        || path.ends_with("/chung-thuc")
        || path.ends_with("/buu-chinh") && path.starts_with("/ho-so")
}

/// Sends a settled dossier's result by post and has it delivered, through
/// the store (as the carrier's webhook would), with a proof picture.
async fn delivered_by_post(w: &World, code: &str) -> i64 {
    use motcua_domain::dossier::postal::DeliveryState;
    use motcua_store::{Action, DeliveryChange, DeliveryUpdate, NewDelivery, NewEvent, Status};
    let d = w
        .store
        .dossier(&code.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let proof = motcua_blobs::BlobStore::put(&*w.blobs, &tiny_png())
        .await
        .unwrap();
    let ship = NewEvent {
        at: now(),
        actor: None,
        agency: d.agency_code.clone(),
        action: Action::ShipByPost {
            receiver: d.applicant.name.clone(),
            address: "12 Hòa Bình".into(),
            tracking: None,
            postage: motcua_domain::Vnd(25_000),
            cod: motcua_domain::Vnd::ZERO,
        },
        to: Status::Processed,
        notices: Vec::new(),
        file: None,
        delivery: Some(DeliveryChange::Ship(NewDelivery {
            center_id: d.center_id,
            order_number: code.into(),
            tracking: Some("EB000000017VN".into()),
            receiver_name: d.applicant.name.clone(),
            receiver_address: "12 Hòa Bình".into(),
            receiver_ward: "Phường Ninh Kiều".into(),
            receiver_phone: "0912345678".into(),
            postage: motcua_domain::Vnd(25_000),
            cod: motcua_domain::Vnd::ZERO,
            account_id: None,
        })),
    };
    let d = w
        .store
        .append_events(d.id, d.last_seq, &[ship])
        .await
        .unwrap();
    let parcel = w.store.deliveries(d.id).await.unwrap()[0].id;
    let update = DeliveryUpdate {
        event_id: "evt-1".into(),
        seq: 2,
        state: DeliveryState::Delivered,
        at: now(),
        note: "Đã giao".into(),
        received_by: Some(d.applicant.name.clone()),
        proof_blob: Some(proof.to_string()),
    };
    let news = NewEvent {
        at: now(),
        actor: None,
        agency: d.agency_code.clone(),
        action: Action::PostalUpdate {
            tracking: "EB000000017VN".into(),
            state: DeliveryState::Delivered,
            note: String::new(),
            received_by: update.received_by.clone(),
        },
        to: Status::Returned,
        notices: Vec::new(),
        file: None,
        delivery: Some(DeliveryChange::Update {
            delivery: parcel,
            expected_seq: 0,
            update,
        }),
    };
    w.store
        .append_events(d.id, d.last_seq, &[news])
        .await
        .unwrap();
    parcel.0
}

/// One request of `method path` as `u`, with the path's parameters filled in
/// and a body that is valid for the route; returns the status and any redirect.
#[allow(clippy::too_many_arguments)]
async fn request(
    w: &World,
    method: &str,
    path: &str,
    code: &str,
    scan: &str,
    cert: &(String, String, i64),
    post: &(String, i64),
    hall: &Hall,
    pakn: &str,
    seq: i64,
    u: &User,
) -> (StatusCode, Option<String>) {
    let code = if is_pakn(path) {
        pakn
    } else if is_cert(path) {
        cert.0.as_str()
    } else if path.ends_with("/postal-slip") {
        post.0.as_str()
    } else {
        code
    };
    let uri = path
        .replace(
            "{code}",
            if path.starts_with("/api/v1/procedures")
                || path.starts_with("/thu-tuc")
                || path.starts_with("/quay")
                || path.starts_with("/buu-chinh/nhan-ho-so")
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
        .replace("{year}/{number}", "2026/1")
        .replace("deliveries/{id}", &format!("deliveries/{}", cert.2))
        .replace("buu-chinh/{id}", &format!("buu-chinh/{}", cert.2))
        .replace("manifests/{id}", &format!("manifests/{}", post.1))
        .replace("bang-ke/{id}", &format!("bang-ke/{}", post.1))
        .replace("{token}", &"a".repeat(32))
        .replace("guidance/{id}", &format!("guidance/{}", hall.guidance))
        .replace("huong-dan/{id}", &format!("huong-dan/{}", hall.guidance))
        .replace("counters/{id}", &format!("counters/{}", hall.counter))
        .replace("tickets/{id}", &format!("tickets/{}", hall.ticket))
        .replace("{kiosk}", &hall.spare_kiosk.to_string())
        .replace("{ticket}", &hall.ticket.to_string())
        .replace("{center}", &w.a.to_string())
        .replace("thiet-bi/{id}", &format!("thiet-bi/{}", hall.spare_kiosk))
        .replace(
            "{secret}",
            if path.contains("/tablet/") || path.starts_with("/danh-gia-quay") {
                &hall.tablet
            } else {
                &hall.kiosk
            },
        )
        .replace("{id}", &w.a.to_string());
    let uri = match path {
        "/api/v1/lookup" | "/api/v1/lookup/result" => format!("{uri}?code={code}&phone=5678"),
        "/api/v1/applicants" => format!("{uri}?key=092190001234"),
        "/api/v1/deliveries/report" => format!("{uri}?from=2026-11-24&to=2026-11-24"),
        "/api/v1/centers/{id}/register"
        | "/api/v1/centers/{id}/register.xlsx"
        | "/api/v1/centers/{id}/certification-register" => {
            format!("{uri}?from=2026-11-24&to=2026-11-24")
        }
        "/api/v1/centers/{id}/transport-candidates" => format!("{uri}?leg=to-center"),
        "/api/v1/guidance/summary" => format!("{uri}?month=2026-11"),
        "/huong-dan/bao-cao" => format!("{uri}?thang=2026-11"),
        "/api/v1/dashboard/dossiers" | "/bang-dieu-khien/ho-so" => format!("{uri}?figure=late"),
        "/api/v1/dashboard/export" | "/bang-dieu-khien/tai-ve" => format!("{uri}?format=xlsx"),
        "/api/v1/ratings/{code}" | "/danh-gia/{code}" => format!("{uri}?k=0123456789abcdef0123"),
        "/api/v1/feedback/{code}/tracking"
        | "/api/v1/feedback/{code}/info"
        | "/api/v1/feedback/{code}/rating"
        | "/phan-anh/{code}"
        | "/phan-anh/{code}/bo-sung"
        | "/phan-anh/{code}/danh-gia" => format!("{uri}?k=0123456789abcdef0123"),
        "/api/v1/tokens/{id}" => "/api/v1/tokens/999999".into(),
        "/tai-khoan/ma-truy-cap/{id}/thu-hoi" => "/tai-khoan/ma-truy-cap/999999/thu-hoi".into(),
        _ => uri,
    };
    let body: Option<Value> = match (method, path) {
        ("post", "/api/v1/submissions") => Some(json!({
            "center_id": w.a, "procedure_code": "2.004001",
            "applicant": { "name": "Lê Thị Hoa", "phone": "0912000111" },
            "declaration": birth_declaration()
        })),
        ("post", "/api/v1/procedures/{code}/declaration.pdf") => {
            Some(json!({ "values": birth_declaration(), "center_id": w.a }))
        }
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
        ("post", "/api/v1/tracking-codes") => {
            Some(json!({ "center_id": w.a, "codes": ["EB000000014VN"] }))
        }
        ("post", "/api/v1/dossiers/{code}/deliveries") => {
            Some(json!({ "ward": "Phường Ninh Kiều" }))
        }
        ("post", "/api/v1/dossiers/{code}/certifications") => Some(
            json!({ "scan": cert.1.parse::<i64>().unwrap(), "copies": 1, "electronic": false }),
        ),
        ("post", "/api/v1/postal-intakes") => Some(postal_intake_body(w.a)),
        ("post", "/api/v1/deliveries/{id}/cancel") => Some(json!({ "reason": "Sai địa chỉ" })),
        ("post", "/api/v1/manifests") => {
            Some(json!({ "center_id": w.a, "leg": "to-agency", "dossiers": [code] }))
        }
        ("post", "/api/v1/manifests/{id}/receive") => {
            Some(json!({ "tallies": [{ "code": post.0, "tally": "complete" }] }))
        }
        ("post", "/api/v1/kiosk/{secret}/tickets") => Some(json!({ "group_id": hall.group })),
        ("post", "/api/v1/guidance") => {
            Some(json!({ "center_id": w.a, "procedure_code": "2.004001", "guided_to": "online" }))
        }
        ("post", "/api/v1/guidance/{id}/dossier") => Some(json!({ "dossier_code": code })),
        ("post", "/api/v1/tablet/{secret}/ratings") => {
            Some(json!({ "code": code, "rating": "satisfied" }))
        }
        ("post", "/api/v1/ratings/{code}") => Some(json!({ "rating": "satisfied" })),
        ("post", "/api/v1/feedback") => Some(json!({
            "center_id": w.a, "category": "other", "content": "Góp ý", "name": "Lê Hoa",
            "phone": "0912000111", "form_token": "1.2"
        })),
        ("post", "/api/v1/feedback/{code}/info") => Some(json!({ "reply": "Quầy 2" })),
        ("post", "/api/v1/feedback/{code}/rating") => Some(json!({ "rating": "satisfied" })),
        ("post", "/api/v1/feedback/{code}/actions") => Some(json!({
            "action": "refuse", "expected_version": 1, "text": "Không thuộc thẩm quyền"
        })),
        ("post", "/api/v1/tickets/{id}/actions") => Some(json!({ "kind": "recall" })),
        ("post", "/api/v1/counters") => Some(json!({ "center_id": w.a, "number": 9 })),
        ("post", "/api/v1/service-groups") => {
            Some(json!({ "center_id": w.a, "letter": "Z", "name": "Thử" }))
        }
        ("post", "/api/v1/kiosks") => {
            Some(json!({ "center_id": w.a, "device_type": "tickets", "name": "Máy thử" }))
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
        ("post", "/buu-chinh/nhan-ho-so/{code}" | "/quay/hang-doi" | "/quay/{code}/to-khai") => {
            Some(format!("_csrf={csrf}"))
        }
        ("post", "/lay-so/{secret}") => Some(format!("group_id={}&lane=normal", hall.group)),
        ("post", "/danh-gia/{code}") => Some("rating=satisfied".to_string()),
        ("post", "/phan-anh") => Some(format!(
            "center_id={}&category=other&content=x&name=y&phone=0912000111&form_token=1.2",
            w.a
        )),
        ("post", "/phan-anh/{code}/bo-sung") => Some("reply=x".to_string()),
        ("post", "/phan-anh/{code}/danh-gia") => Some("rating=satisfied".to_string()),
        ("post", "/pakn/{code}/thao-tac") => Some(format!(
            "_csrf={csrf}&action=refuse&expected_version=1&text=khong"
        )),
        ("post", "/danh-gia-quay/{secret}") => Some(format!("code={code}&rating=satisfied")),
        ("post", "/sanh/nhom") => Some(format!(
            "_csrf={csrf}&center_id={}&letter=Y&name=Th%E1%BB%AD",
            w.a
        )),
        ("post", "/sanh/thiet-bi") => Some(format!(
            "_csrf={csrf}&center_id={}&device_type=tickets&name=M%C3%A1y",
            w.a
        )),
        ("post", "/sanh/thiet-bi/{id}/thu-hoi") => Some(format!("_csrf={csrf}&center_id={}", w.a)),
        ("post", "/buu-chinh/{id}/huy") => Some(format!("_csrf={csrf}&reason=sai")),
        ("post", "/huong-dan") => Some(format!(
            "_csrf={csrf}&center_id={}&procedure=2.004001&guided_to=online",
            w.a
        )),
        ("post", "/huong-dan/{id}/ho-so") => Some(format!("_csrf={csrf}&dossier_code={code}")),
        ("post", "/buu-chinh/bang-ke") => Some(format!(
            "_csrf={csrf}&center_id={}&leg=to-agency&d={code}",
            w.a
        )),
        ("post", "/buu-chinh/bang-ke/{id}/nhan") => {
            Some(format!("_csrf={csrf}&t%3A{}=complete", post.0))
        }
        ("post", "/buu-chinh/ma-buu-gui") => {
            Some(format!("_csrf={csrf}&center={}&codes=EB000000014VN", w.a))
        }
        ("post", "/ho-so/{code}/buu-chinh") => Some(format!(
            "_csrf={csrf}&expected_seq={seq}&ward=Ph%C6%B0%E1%BB%9Dng+Ninh+Ki%E1%BB%81u"
        )),
        ("post", "/ho-so/{code}/chung-thuc") => Some(format!(
            "_csrf={csrf}&expected_seq={seq}&scan={}&copies=1",
            cert.1
        )),
        ("post", "/ho-so/{code}/so-hoa/mien") => Some(format!(
            "_csrf={csrf}&component=Gi%E1%BA%A5y+ch%E1%BB%A9ng+sinh&reason=confidential"
        )),
        ("post", "/ho-so/{code}/so-hoa/dung-lai") => Some(format!(
            "_csrf={csrf}&component=Gi%E1%BA%A5y+ch%E1%BB%A9ng+sinh&attachment_id=999999"
        )),
        ("post", "/ho-so/{code}/so-hoa/{id}/go") => Some(format!("_csrf={csrf}&reason=nham")),
        (
            "post",
            "/dang-xuat" | "/tai-khoan/ma-truy-cap/{id}/thu-hoi" | "/buu-chinh/{id}/gui-lai",
        ) => Some(format!("_csrf={csrf}")),
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

/// The hall of center A: a service group, a counter staffed by
/// `reception.own` with a ticket called to it, a kiosk and a counter tablet
/// (their secrets), and a spare kiosk to revoke.
struct Hall {
    group: i64,
    counter: i64,
    ticket: i64,
    kiosk: String,
    tablet: String,
    spare_kiosk: i64,
    /// A guidance entry at center A, by `reception.own`.
    guidance: i64,
}

async fn hall_at_a(w: &World) -> Hall {
    use motcua_domain::queue::ticket::{KioskKind, Lane};
    use motcua_store::{NewKiosk, NewServiceGroup, NewTicket};
    let group = w
        .store
        .save_service_group(&NewServiceGroup {
            center_id: w.a,
            letter: 'A',
            name: "Hộ tịch".into(),
            fields: vec![],
            position: 1,
            active: true,
        })
        .await
        .unwrap();
    let officer = w.store.account("reception.own").await.unwrap().unwrap().id;
    let counter = w
        .store
        .open_counter(w.a, 1, &[group], officer, now())
        .await
        .unwrap();
    w.store
        .take_ticket(&NewTicket {
            center_id: w.a,
            group_id: group,
            day: motcua_domain::queue::ticket::service_day(now()),
            lane: Lane::Normal,
            booked_for: None,
            kiosk_id: None,
            taken_at: now(),
            after_hours: false,
        })
        .await
        .unwrap();
    let ticket = w
        .store
        .call_next(counter.id, officer, now())
        .await
        .unwrap()
        .unwrap();
    let mut secrets = Vec::new();
    let mut spare = 0;
    for (i, kind) in [KioskKind::Tickets, KioskKind::Rating, KioskKind::Tickets]
        .into_iter()
        .enumerate()
    {
        let secret = format!("{i}").repeat(64);
        let hash = {
            use sha2::Digest;
            hex::encode(sha2::Sha256::digest(secret.as_bytes()))
        };
        spare = w
            .store
            .create_kiosk(&NewKiosk {
                center_id: w.a,
                kind,
                counter_id: (kind == KioskKind::Rating).then_some(counter.id),
                name: format!("Thiết bị {i}"),
                token_hash: hash,
                created_by: officer,
                created_at: now(),
            })
            .await
            .unwrap()
            .0;
        secrets.push(secret);
    }
    let guidance = w
        .store
        .record_guidance(&motcua_domain::guidance::Entry {
            center_id: w.a,
            guided_by: officer,
            at: now(),
            procedure_code: "2.004001".parse().unwrap(),
            channel: motcua_domain::guidance::GuidedChannel::Online,
            dossier: None,
            note: String::new(),
        })
        .await
        .unwrap()
        .id
        .0;
    Hall {
        guidance,
        group: group.0,
        counter: counter.id.0,
        ticket: ticket.id.0,
        kiosk: secrets[0].clone(),
        tablet: secrets[1].clone(),
        spare_kiosk: spare,
    }
}

/// A birth registration received by the post, for center `center`.
fn postal_intake_body(center: motcua_store::CenterId) -> Value {
    json!({
        "center_id": center,
        "procedure_code": "2.004001",
        "applicant": { "name": "Lê Thị Xa", "phone": "0912000777" },
        "documents": [
            { "name": "Tờ khai đăng ký khai sinh", "originals": 1 },
            { "name": "Giấy chứng sinh", "originals": 1 },
            { "name": "Giấy tờ tùy thân của người yêu cầu", "copies": 1 }
        ],
        "seal": "NB-000900"
    })
}
