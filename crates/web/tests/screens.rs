//! The counter and the dossier screens as an officer uses them (issue 9):
//! each test here failed on the screens before they were fixed.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

const BIRTH: &str = "/quay/2.004001";

/// The intake form's fields for a new applicant, before any component is ticked.
fn applicant_fields(idempotency: &str) -> Vec<(&'static str, String)> {
    vec![
        ("idempotency", idempotency.to_string()),
        ("name", "Lê Thị Hồng".into()),
        ("id_number", "092190001234".into()),
        ("phone", "0912345678".into()),
        ("address", "".into()),
        ("pages", "1".into()),
        ("copies", "1".into()),
        ("result_channel", "counter".into()),
        ("reasons", "".into()),
    ]
}

/// The code of a dossier as the API answers it.
fn code_of(d: &serde_json::Value) -> String {
    d["code"].as_str().unwrap().to_string()
}

fn with<'a>(
    base: &'a [(&'static str, String)],
    more: &[(&'static str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut v: Vec<(&str, &str)> = base.iter().map(|(k, v)| (*k, v.as_str())).collect();
    for (k, val) in more {
        if let Some(slot) = v.iter_mut().find(|(name, _)| name == k) {
            slot.1 = val;
        } else {
            v.push((k, val));
        }
    }
    v
}

#[tokio::test]
async fn nothing_is_ticked_until_the_officer_ticks_it_and_the_missing_are_named() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let (s, form) = w.page(&reception, BIRTH).await;
    assert_eq!(s, StatusCode::OK);
    for i in 0..3 {
        assert!(form.contains(&format!("id=\"c{i}\"")), "{form}");
        assert!(
            !form.contains(&format!("id=\"c{i}\" checked")),
            "component {i} starts unticked"
        );
    }
    let base = applicant_fields(&input_value(&form, "idempotency"));
    let (s, _, page) = w
        .post_form(&reception, BIRTH, &with(&base, &[("decision", "accept")]))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    for name in [
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
        "Giấy tờ tùy thân của người yêu cầu",
    ] {
        assert!(
            page.split("id=\"intake-error\"")
                .nth(1)
                .unwrap()
                .split("</p>")
                .next()
                .unwrap()
                .contains(name),
            "the error names {name}: {page}"
        );
    }
    assert!(
        page.contains("id=\"c0\" autofocus"),
        "the cursor waits on the first missing document: {page}"
    );
    assert_eq!(page.matches(" autofocus").count(), 1);
    assert_eq!(w.dossier_count().await, 0);
}

#[tokio::test]
async fn a_cccd_known_under_another_name_is_questioned_not_mixed() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    // Nguyễn Văn An holds 092190001234 (from an earlier dossier).
    w.receive_at_a(&reception).await;
    let (_, form) = w.page(&reception, BIRTH).await;
    let base = applicant_fields(&input_value(&form, "idempotency"));
    let ticked = [
        ("c0", "on"),
        ("c1", "on"),
        ("c2", "on"),
        ("decision", "accept"),
    ];
    let (s, _, page) = w.post_form(&reception, BIRTH, &with(&base, &ticked)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("«Nguyễn Văn An»")
            && page.contains("value=\"Lê Thị Hồng\"")
            && page.contains("name=\"applicant_update_reason\""),
        "the other name is shown, the typed one kept, a reason asked: {page}"
    );
    assert!(
        page.contains("id=\"id_number\" value=\"092190001234\" inputmode=\"numeric\" autofocus"),
        "the cursor waits on the CCCD: {page}"
    );
    assert_eq!(w.dossier_count().await, 1, "nothing received");
    // The API says the same, by field.
    let mut body = intake_body(w.a);
    body["applicant"]["name"] = json!("Lê Thị Hồng");
    let (s, e) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(body),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["field"], "applicant.id_number", "{e}");
    // The same person written another way is the same person.
    let mut body = intake_body(w.a);
    body["applicant"]["name"] = json!("NGUYỄN VĂN AN");
    let (s, _) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception),
            Some(body),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    // A change of name, with its reason, goes through and changes the record.
    let (s, to, _) = w
        .post_form(
            &reception,
            BIRTH,
            &with(
                &base,
                &[
                    ("c0", "on"),
                    ("c1", "on"),
                    ("c2", "on"),
                    ("decision", "accept"),
                    (
                        "applicant_update_reason",
                        "Đổi tên theo quyết định cải chính hộ tịch",
                    ),
                ],
            ),
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{to:?}");
    let (_, again) = w.page(&reception, "/quay/2.004101?key=092190001234").await;
    assert!(
        again.contains("value=\"Lê Thị Hồng\"") && !again.contains("Nguyễn Văn An"),
        "the lookup fills one person's details: {again}"
    );
}

#[tokio::test]
async fn dossiers_are_found_by_procedure_name_and_by_the_tail_of_their_code() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let code = code_of(&w.receive_at_a(&reception).await);
    let mut parts = code.rsplitn(3, '-');
    let (seq, day) = (parts.next().unwrap(), parts.next().unwrap());
    for q in [
        "khai sinh".to_string(),
        "Đăng ký khai sinh".to_string(),
        format!("{day}-{seq}"),
        seq.to_string(),
    ] {
        let (s, page) = w
            .page(
                &reception,
                &format!("/tim-kiem?q={}", motcua_web::auth::urlencode(&q)),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        assert!(
            page.contains(&format!("href=\"/ho-so/{code}\"")),
            "{q}: {page}"
        );
    }
    let (_, none) = w.page(&reception, "/tim-kiem?q=ket+hon").await;
    assert!(none.contains("id=\"no-results\""), "{none}");
}

/// The id attribute's element text, roughly: what follows `id="…">` up to
/// the next tag.
fn text_of<'a>(page: &'a str, id: &str) -> &'a str {
    page.split(&format!("id=\"{id}\""))
        .nth(1)
        .and_then(|rest| rest.split_once('>'))
        .map(|(_, rest)| rest.split('<').next().unwrap())
        .unwrap_or_else(|| panic!("no #{id} in {page}"))
}

#[tokio::test]
async fn the_leader_sees_the_draft_and_everyone_sees_who_has_the_dossier() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let named = w
        .add_named_staff(
            "chuyenvien2.a",
            "Phạm Thị Thu Trang",
            motcua_domain::org::Role::Specialist,
            Some(w.a),
        )
        .await;
    let specialist = w.login("chuyenvien2.a").await;
    let code = code_of(&w.receive_at_a(&reception).await);
    let other = code_of(&w.receive_at_a(&reception).await);
    let page = format!("/ho-so/{code}");
    // The hand-over names agencies, not identifiers, and offers the specialist by name.
    let (_, before) = w.page(&reception, &page).await;
    assert!(
        before.contains("<option value=\"000.30.00.H92\" selected>UBND phường Ninh Kiều</option>")
            && before.contains("<option value=\"000.30.01.H92\">UBND phường Cái Khế</option>"),
        "agencies by name: {before}"
    );
    assert!(before.contains(&format!(
        "<option value=\"{named}\">Phạm Thị Thu Trang</option>"
    )));
    assert!(text_of(&before, "dossier-assignee").is_empty() || before.contains("Chưa giao"));
    let (s, _, _) = w
        .post_form(
            &reception,
            &format!("{page}/thao-tac"),
            &[
                ("expected_seq", "1"),
                ("action", "hand-over"),
                ("to_agency", "000.30.00.H92"),
                ("to_account", &named.to_string()),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, handed) = w.page(&reception, &page).await;
    assert_eq!(text_of(&handed, "dossier-assignee"), "Phạm Thị Thu Trang");
    assert_eq!(text_of(&handed, "dossier-agency"), "UBND phường Ninh Kiều");
    // "Assigned to me" in the specialist's inbox.
    let (_, all) = w.page(&specialist, "/hop-thu").await;
    assert!(all.contains(&code) && all.contains(&other), "{all}");
    let (_, mine) = w.page(&specialist, "/hop-thu?cua_toi=1").await;
    assert!(
        mine.contains(&code) && !mine.contains(&other) && mine.contains("id=\"cua_toi\" checked"),
        "{mine}"
    );
    assert!(mine.contains("<td class=\"assignee\">Phạm Thị Thu Trang</td>"));
    // The draft shows, with who wrote it; the button now changes it.
    let (s, _, _) = w
        .post_form(
            &specialist,
            &format!("{page}/thao-tac"),
            &[
                ("expected_seq", "2"),
                ("action", "draft-result"),
                ("summary", "Cấp Giấy khai sinh bản chính số 125/2026"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, drafted) = w.page(&specialist, &page).await;
    assert!(
        drafted.contains("Sửa dự thảo kết quả") && !drafted.contains(">Dự thảo kết quả</button>")
    );
    assert!(drafted.contains("value=\"Cấp Giấy khai sinh bản chính số 125/2026\""));
    let (_, leader_view) = w.page(&w.login("lanhdao.a").await, &page).await;
    assert_eq!(
        text_of(&leader_view, "draft-summary"),
        "Cấp Giấy khai sinh bản chính số 125/2026"
    );
    assert!(leader_view.contains("id=\"action-approve\""));
    assert!(
        leader_view.contains("Phạm Thị Thu Trang (Chuyên viên"),
        "the timeline names people, not logins: {leader_view}"
    );
    assert!(
        drafted.contains("<b id=\"current-user-name\">Phạm Thị Thu Trang</b> (<span id=\"current-user\">chuyenvien2.a</span>)"),
        "the bar names the officer: {drafted}"
    );
}

#[tokio::test]
async fn ending_a_dossier_looks_different_and_asks_once() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let code = code_of(&w.receive_at_a(&reception).await);
    let page = format!("/ho-so/{code}");
    let (_, before) = w.page(&reception, &page).await;
    assert!(
        before.contains("class=\"action danger\" id=\"action-withdraw\""),
        "{before}"
    );
    assert!(!before.contains("class=\"action danger\" id=\"action-digitize\""));
    let withdraw = [
        ("expected_seq", "1"),
        ("action", "withdraw"),
        ("reason", "Công dân xin rút để bổ sung sau"),
    ];
    let (s, _, asked) = w
        .post_form(&reception, &format!("{page}/thao-tac"), &withdraw)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        asked.contains("id=\"confirm\"")
            && asked.contains("«Công dân xin rút để bổ sung sau»")
            && asked.contains("name=\"xac_nhan\" value=\"1\""),
        "{asked}"
    );
    let (_, d) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(d["status"], 2, "nothing happened yet: {d}");
    // An empty reason is named before anything is asked.
    let (s, _, empty) = w
        .post_form(
            &reception,
            &format!("{page}/thao-tac"),
            &[
                ("expected_seq", "1"),
                ("action", "withdraw"),
                ("reason", " "),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty.contains("Lý do: cần nhập") && !empty.contains("id=\"confirm\""),
        "{empty}"
    );
    let mut confirmed = withdraw.to_vec();
    confirmed.push(("xac_nhan", "1"));
    let (s, _, _) = w
        .post_form(&reception, &format!("{page}/thao-tac"), &confirmed)
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, d) = w
        .send(
            "GET",
            &format!("/api/v1/dossiers/{code}"),
            Some(&reception),
            None,
            &[],
        )
        .await;
    assert_eq!(d["status"], 7, "withdrawn: {d}");
}

#[tokio::test]
async fn overseers_land_on_the_provinces_open_dossiers_late_first() {
    let w = world().await;
    let reception_a = w.login("tiepnhan.a").await;
    let early = w.receive_at_a(&reception_a).await["code"]
        .as_str()
        .unwrap()
        .to_string();
    // A week later, at the other center: due later.
    w.clock.advance(jiff::SignedDuration::from_hours(24 * 7));
    let reception_b = w.login("tiepnhan.b").await;
    let mut body = intake_body(w.b);
    body["applicant"]["id_number"] = json!("092190009999");
    let (s, d) = w
        .send(
            "POST",
            "/api/v1/dossiers",
            Some(&reception_b),
            Some(body),
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let later = d["code"].as_str().unwrap().to_string();
    w.clock.advance(jiff::SignedDuration::from_hours(24 * 30));
    let (s, page) = w.page(&w.login("giamsat").await, "/hop-thu").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("id=\"province-wide\""), "{page}");
    let (a, b) = (page.find(&early).unwrap(), page.find(&later).unwrap());
    assert!(a < b, "the longest overdue first");
    assert!(page.contains("<b id=\"count-late\">2</b>"), "{page}");
}

#[tokio::test]
async fn after_intake_the_receipt_is_ready_to_print() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let (_, form) = w.page(&reception, BIRTH).await;
    let base = applicant_fields(&input_value(&form, "idempotency"));
    let (s, to, _) = w
        .post_form(
            &reception,
            BIRTH,
            &with(
                &base,
                &[
                    ("c0", "on"),
                    ("c1", "on"),
                    ("c2", "on"),
                    ("decision", "accept"),
                ],
            ),
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let to = to.unwrap();
    let (_, page) = w.page(&reception, &to).await;
    assert!(page.contains("id=\"received\" role=\"status\""), "{page}");
    let code = to.trim_start_matches("/ho-so/").split('?').next().unwrap();
    let receipt = format!("/api/v1/dossiers/{code}/forms/01");
    assert!(page.contains(&format!("src=\"{receipt}\"")) && page.contains("id=\"print-receipt\""));
    // The receipt may be framed by our own page, and by nothing else.
    let req = axum::http::Request::get(&receipt)
        .header(axum::http::header::COOKIE, &reception.cookie)
        .body(axum::body::Body::empty())
        .unwrap();
    let res = tower::ServiceExt::oneshot(w.router.clone(), req)
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["x-frame-options"], "SAMEORIGIN");
    assert!(res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'self'"));
    // The plain dossier page does not announce it again.
    let (_, plain) = w.page(&reception, &format!("/ho-so/{code}")).await;
    assert!(!plain.contains("id=\"received\""));
}

#[tokio::test]
async fn an_english_reader_gets_the_form_links_in_english() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let code = code_of(&w.receive_at_a(&reception).await);
    let (_, vi) = w.page(&reception, &format!("/ho-so/{code}")).await;
    assert!(vi.contains("Mẫu 01 — Giấy tiếp nhận và hẹn trả kết quả"));
    let (_, en) = w.page(&reception, &format!("/ho-so/{code}?lang=en")).await;
    assert!(
        en.contains("Form 01 — Receipt and appointment") && !en.contains("Mẫu 01"),
        "{en}"
    );
}

/// A urlencoded body from pairs.
fn form_body(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                motcua_web::auth::urlencode(k),
                motcua_web::auth::urlencode(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Every hidden input of a page: (name, value).
fn hidden_inputs(page: &str) -> Vec<(String, String)> {
    page.split("<input type=\"hidden\" name=\"")
        .skip(1)
        .map(|rest| {
            let (name, rest) = rest.split_once('"').unwrap();
            let value = rest
                .split_once("value=\"")
                .unwrap()
                .1
                .split('"')
                .next()
                .unwrap();
            // Undo the template's escaping of what was typed.
            let value = value.replace("&#x2f;", "/").replace("&amp;", "&");
            (name.to_string(), value)
        })
        .collect()
}

#[tokio::test]
async fn a_form_sent_after_the_session_expired_survives_the_sign_in() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let (_, form) = w.page(&reception, BIRTH).await;
    let base = applicant_fields(&input_value(&form, "idempotency"));
    let typed = with(
        &base,
        &[
            ("c0", "on"),
            ("c1", "on"),
            ("c2", "on"),
            ("o2", "on"),
            ("result_channel", "post"),
            ("decision", "accept"),
        ],
    );
    // Thirteen hours at the counter: the session is gone.
    w.clock.advance(jiff::SignedDuration::from_hours(13));
    let (s, _, login) = w.post_form(&reception, BIRTH, &typed).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert!(login.contains("Phiên làm việc đã hết hạn"), "{login}");
    let carried = hidden_inputs(&login);
    for (k, v) in &typed {
        assert!(
            carried.contains(&(format!("giu.{k}"), v.to_string())),
            "{k}={v} is carried: {carried:?}"
        );
    }
    assert!(!carried.iter().any(|(k, _)| k == "giu._csrf"));
    assert_eq!(w.dossier_count().await, 0);
    // Signing in again offers to send it as typed, under the new session.
    let mut sign_in = carried.clone();
    sign_in.push(("username".into(), "tiepnhan.a".into()));
    sign_in.push(("password".into(), PASSWORD.into()));
    let res = send_form_from(&w, "/dang-nhap", None, form_body(&sign_in)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers()[axum::http::header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let resume = body_text(res).await;
    assert!(resume.contains("action=\"/quay/2.004001\""), "{resume}");
    let resent = hidden_inputs(&resume);
    let res = send_form_from(&w, BIRTH, Some(&cookie), form_body(&resent)).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        body_text(res).await
    );
    assert_eq!(w.dossier_count().await, 1);
    let (_, d) = w
        .send(
            "GET",
            &format!(
                "/api/v1/dossiers/{}",
                res.headers()[axum::http::header::LOCATION]
                    .to_str()
                    .unwrap()
                    .trim_start_matches("/ho-so/")
                    .split('?')
                    .next()
                    .unwrap()
            ),
            Some(&w.login("tiepnhan.a").await),
            None,
            &[],
        )
        .await;
    assert_eq!(d["details"]["result_channel"], "post", "{d}");
    assert_eq!(d["details"]["components"][2]["original_shown"], true);
}

async fn send_form_from(
    w: &World,
    uri: &str,
    cookie: Option<&str>,
    body: String,
) -> axum::response::Response {
    let mut req = axum::http::Request::post(uri).header(
        axum::http::header::CONTENT_TYPE,
        "application/x-www-form-urlencoded",
    );
    if let Some(c) = cookie {
        req = req.header(axum::http::header::COOKIE, c);
    }
    let mut req = req.body(axum::body::Body::from(body)).unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo::<std::net::SocketAddr>(
            "127.0.0.9:40000".parse().unwrap(),
        ));
    tower::ServiceExt::oneshot(w.router.clone(), req)
        .await
        .unwrap()
}

async fn body_text(res: axum::response::Response) -> String {
    use http_body_util::BodyExt;
    String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
}
