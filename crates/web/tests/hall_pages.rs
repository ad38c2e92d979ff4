//! The hall's pages, in-process on the fixed clock: the ticket kiosk and
//! its printed ticket, the board on the TV, the rating through the
//! receipt's link and on the counter's tablet. Each page is also checked
//! against the content security policy (no inline script or style).

mod common;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use common::*;
use http_body_util::BodyExt;
use jiff::SignedDuration;
use motcua_domain::queue::ticket::{service_day, KioskKind, Lane};
use motcua_store::{
    AccountId, Counter, DossierCode, KioskId, NewKiosk, NewServiceGroup, NewTicket, ServiceGroupId,
};
use serde_json::json;
use tower::ServiceExt;

/// The hall of center A: groups A (Hộ tịch) and B (Đất đai) and an
/// inactive C, counter 3 open for A and staffed by `tiepnhan.a`, a ticket
/// kiosk and the counter's rating tablet (their secret links).
struct Hall {
    group_a: ServiceGroupId,
    group_b: ServiceGroupId,
    officer: AccountId,
    counter: Counter,
    kiosk: String,
    kiosk_id: KioskId,
    tablet: String,
}

const KIOSK_SECRET: &str = "a1";
const TABLET_SECRET: &str = "b2";

fn secret(seed: &str) -> String {
    seed.repeat(32)
}

fn digest(secret: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(secret.as_bytes()))
}

async fn hall(w: &World) -> Hall {
    let mut groups = Vec::new();
    for (i, (letter, name, active)) in [
        ('A', "Hộ tịch", true),
        ('B', "Đất đai", true),
        ('C', "Nhóm đã thôi", false),
    ]
    .into_iter()
    .enumerate()
    {
        groups.push(
            w.store
                .save_service_group(&NewServiceGroup {
                    center_id: w.a,
                    letter,
                    name: name.into(),
                    fields: vec![],
                    position: i as i64,
                    active,
                })
                .await
                .unwrap(),
        );
    }
    let officer = w.store.account("tiepnhan.a").await.unwrap().unwrap().id;
    let counter = w
        .store
        .open_counter(w.a, 3, &[groups[0]], officer, now())
        .await
        .unwrap();
    let mut ids = Vec::new();
    for (seed, kind) in [
        (KIOSK_SECRET, KioskKind::Tickets),
        (TABLET_SECRET, KioskKind::Rating),
    ] {
        ids.push(
            w.store
                .create_kiosk(&NewKiosk {
                    center_id: w.a,
                    kind,
                    counter_id: (kind == KioskKind::Rating).then_some(counter.id),
                    name: format!("Thiết bị {seed}"),
                    token_hash: digest(&secret(seed)),
                    created_by: officer,
                    created_at: now(),
                })
                .await
                .unwrap(),
        );
    }
    Hall {
        group_a: groups[0],
        group_b: groups[1],
        officer,
        counter,
        kiosk: secret(KIOSK_SECRET),
        kiosk_id: ids[0],
        tablet: secret(TABLET_SECRET),
    }
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    html: String,
}

impl Answer {
    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap())
            .unwrap_or_else(|| panic!("no redirect ({}): {}", self.status, self.html))
    }
}

async fn answer(w: &World, req: Request<Body>) -> Answer {
    let res = w.router.clone().oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    Answer {
        status: parts.status,
        headers: parts.headers,
        html: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

/// A page as a device or a phone opens it: no session, no cookie.
async fn get(w: &World, uri: &str) -> Answer {
    let a = answer(w, Request::get(uri).body(Body::empty()).unwrap()).await;
    if a.status != StatusCode::SEE_OTHER {
        keeps_to_the_policy(uri, &a.html);
    }
    a
}

/// A form as such a page posts it.
async fn post(w: &World, uri: &str, form: &[(&str, &str)]) -> Answer {
    let body = form
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
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let a = answer(w, req).await;
    if a.status != StatusCode::SEE_OTHER {
        keeps_to_the_policy(uri, &a.html);
    }
    a
}

/// The policy forbids inline script and style: every `<script>` loads a
/// file of ours and holds nothing, no element carries `style=` or an
/// `on…=` handler, and nothing comes from elsewhere.
fn keeps_to_the_policy(uri: &str, html: &str) {
    for (i, _) in html.match_indices("<script") {
        let tag = &html[i..];
        let end = tag.find("</script>").expect("a closed script");
        let open = &tag[..end];
        assert!(
            open.contains("src=\"/static/")
                && open.ends_with('>')
                && open.matches('>').count() == 1,
            "{uri}: inline script {open}"
        );
    }
    assert!(!html.contains(" style="), "{uri}: a style attribute");
    assert!(!html.contains("<style"), "{uri}: a style element");
    for handler in [" onclick=", " onload=", " onsubmit=", " onchange="] {
        assert!(!html.contains(handler), "{uri}: {handler}");
    }
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "{uri}: an outside asset"
    );
}

/// The ticket page the kiosk sent to, after taking a ticket.
fn ticket_path(a: &Answer) -> String {
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.html);
    a.location().to_string()
}

/// A touch on a group of the kiosk.
async fn take(w: &World, h: &Hall, group: ServiceGroupId, lane: &str) -> Answer {
    post(
        w,
        &format!("/lay-so/{}", h.kiosk),
        &[("group_id", &group.0.to_string()), ("lane", lane)],
    )
    .await
}

/// Attribute values as written, their `&` unescaped.
fn unescaped(html: &str) -> String {
    html.replace("&#38;", "&").replace("&amp;", "&")
}

/// Text with its tags taken out and its white space made single spaces.
fn words(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    squash(&out)
}

#[tokio::test]
async fn the_kiosk_lists_the_groups_and_issues_numbers_with_the_wait() {
    let w = world().await;
    let h = hall(&w).await;
    let start = get(&w, &format!("/lay-so/{}", h.kiosk)).await;
    assert_eq!(start.status, StatusCode::OK);
    let page = &start.html;
    assert!(page.contains("<html lang=\"vi\">"));
    assert!(page.contains("Trung tâm Ninh Kiều"), "{page}");
    for text in ["Lấy số thứ tự", "Hộ tịch", "Đất đai", "Thường", "Ưu tiên"] {
        assert!(page.contains(text), "{text}: {page}");
    }
    assert!(page.contains("Người cao tuổi, người khuyết tật, phụ nữ mang thai"));
    assert!(page.contains("Đặt lịch hẹn"));
    assert!(
        !page.contains("Nhóm đã thôi"),
        "an inactive group is not offered"
    );
    assert!(
        page.contains(&format!("name=\"group_id\" value=\"{}\"", h.group_a.0)),
        "{page}"
    );
    assert!(
        page.contains("value=\"normal\" checked"),
        "normal preselected"
    );
    assert!(page.contains("href=\"/static/hall.css\"") && page.contains("src=\"/static/hall.js\""));

    let first = ticket_path(&take(&w, &h, h.group_a, "normal").await);
    assert!(
        first.starts_with(&format!("/lay-so/{}/ve/", h.kiosk)),
        "{first}"
    );
    let t1 = get(&w, &first).await;
    assert_eq!(t1.status, StatusCode::OK);
    let text = words(&t1.html);
    assert!(t1
        .html
        .contains("<p class=\"number\" id=\"ticket-number\">A001</p>"));
    assert!(text.contains("Số người chờ trước anh/chị 0"), "{text}");
    assert!(text.contains("sắp đến lượt anh/chị"), "{text}");
    assert!(
        text.contains("Lấy số lúc 08:30 · 24/11/2026"),
        "Vietnam time: {text}"
    );

    let second = ticket_path(&take(&w, &h, h.group_a, "priority").await);
    let t2 = get(&w, &second).await;
    let text = words(&t2.html);
    assert!(t2.html.contains(">A002<"), "{}", t2.html);
    assert!(text.contains("Số người chờ trước anh/chị 1"), "{text}");
    assert!(
        text.contains("Thời gian chờ dự kiến khoảng 10 phút"),
        "one ahead, one counter open, ten minutes each: {text}"
    );
    assert!(text.contains("Ưu tiên"), "the lane is printed");
    assert!(text.contains("Xin cảm ơn!"));
    assert!(t2.html.contains(&format!(
        "<meta http-equiv=\"refresh\" content=\"20;url=/lay-so/{}\">",
        h.kiosk
    )));
    assert!(t2.html.contains("data-print>In số</button>"));
    assert!(t2.html.contains(">Lấy số khác</a>"));
    assert!(
        !t2.html.contains("data-autoprint"),
        "printing is the kiosk's choice"
    );

    // The other group has its own numbers.
    let b = ticket_path(&take(&w, &h, h.group_b, "").await);
    assert!(get(&w, &b).await.html.contains(">B001<"));

    let en = get(&w, &format!("{second}?lang=en")).await;
    let text = words(&en.html);
    assert!(text.contains("Your number A002"), "{text}");
    assert!(text.contains("about 10 minutes"), "{text}");

    // A kiosk with a printer: its tickets print themselves, and it returns
    // to its start in the same mode.
    let printed = post(
        &w,
        &format!("/lay-so/{}?in=1", h.kiosk),
        &[("group_id", &h.group_a.0.to_string()), ("lane", "normal")],
    )
    .await;
    let printed = ticket_path(&printed);
    assert!(printed.ends_with("?in=1"), "{printed}");
    let page = get(&w, &printed).await.html;
    assert!(page.contains("data-autoprint=\"1\""));
    assert!(page.contains(&format!("url=/lay-so/{}?in=1", h.kiosk)));
}

#[tokio::test]
async fn the_kiosk_refuses_in_words_on_its_own_page() {
    let w = world().await;
    let h = hall(&w).await;
    let kiosk = format!("/lay-so/{}", h.kiosk);
    let bad = post(&w, &kiosk, &[("group_id", "99999"), ("lane", "priority")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.html.contains("id=\"kiosk-error\""), "{}", bad.html);
    assert!(
        bad.html
            .contains("Nhóm dịch vụ: không có nhóm dịch vụ này tại Trung tâm"),
        "{}",
        bad.html
    );
    assert!(
        bad.html.contains("value=\"priority\" checked"),
        "the lane is kept"
    );
    assert!(bad.html.contains("Hộ tịch"), "the groups are still there");
    assert!(!bad.html.contains("{\""), "never JSON");

    let odd = post(&w, &kiosk, &[("group_id", "A"), ("lane", "vip")]).await;
    assert_eq!(odd.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(odd.html.contains("Diện: chỉ nhận"), "{}", odd.html);

    // Thirteen tickets in one minute from one kiosk: someone is playing.
    for n in 1..=12 {
        let a = take(&w, &h, h.group_a, "normal").await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "ticket {n}: {}", a.html);
    }
    let thirteenth = take(&w, &h, h.group_a, "normal").await;
    assert_eq!(thirteenth.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(thirteenth.headers.contains_key(header::RETRY_AFTER));
    let text = words(&thirteenth.html);
    assert!(
        text.contains("Máy vừa cấp nhiều số liên tiếp. Xin vui lòng thử lại sau"),
        "{text}"
    );
    assert!(
        text.contains("Lấy số thứ tự") && text.contains("Hộ tịch"),
        "the kiosk's page: {text}"
    );
    let issued = w
        .store
        .tickets_of_day(w.a, service_day(now()))
        .await
        .unwrap();
    assert_eq!(issued.len(), 12);

    w.clock.advance(SignedDuration::from_secs(180));
    let again = take(&w, &h, h.group_a, "normal").await;
    let t = get(&w, &ticket_path(&again)).await;
    assert!(t.html.contains(">A013<"), "{}", t.html);
}

#[tokio::test]
async fn only_a_live_kiosk_shows_only_its_own_tickets_of_today() {
    let w = world().await;
    let h = hall(&w).await;
    // Another center's ticket, and this center's of yesterday.
    let group_b_center = w
        .store
        .save_service_group(&NewServiceGroup {
            center_id: w.b,
            letter: 'A',
            name: "Hộ tịch".into(),
            fields: vec![],
            position: 0,
            active: true,
        })
        .await
        .unwrap();
    let ticket = |center, group, at: jiff::Timestamp| NewTicket {
        center_id: center,
        group_id: group,
        day: service_day(at),
        lane: Lane::Normal,
        booked_for: None,
        kiosk_id: None,
        taken_at: at,
        after_hours: false,
    };
    let elsewhere = w
        .store
        .take_ticket(&ticket(w.b, group_b_center, now()))
        .await
        .unwrap();
    let yesterday = now() - SignedDuration::from_hours(24);
    let old = w
        .store
        .take_ticket(&ticket(w.a, h.group_a, yesterday))
        .await
        .unwrap();
    for id in [elsewhere.id.0.to_string(), old.id.0.to_string(), "x".into()] {
        let a = get(&w, &format!("/lay-so/{}/ve/{id}", h.kiosk)).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{id}");
        assert!(a.html.contains("Không tìm thấy trang"));
    }
    let mine = ticket_path(&take(&w, &h, h.group_a, "normal").await);
    assert_eq!(get(&w, &mine).await.status, StatusCode::OK);

    // A tablet's link is no kiosk; an unknown one is nothing.
    for uri in [
        format!("/lay-so/{}", h.tablet),
        format!("/lay-so/{}", "c3".repeat(32)),
        "/lay-so/ngan".to_string(),
    ] {
        assert_eq!(get(&w, &uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }

    // Revoked: its link, its form and its tickets are gone at once.
    w.store.revoke_kiosk(h.kiosk_id, now()).await.unwrap();
    let start = get(&w, &format!("/lay-so/{}", h.kiosk)).await;
    assert_eq!(start.status, StatusCode::NOT_FOUND);
    assert!(start.html.contains("Không tìm thấy trang"));
    assert_eq!(
        take(&w, &h, h.group_a, "normal").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(get(&w, &mine).await.status, StatusCode::NOT_FOUND);
}

/// Receives the standard dossier at A from a ticket called to the counter
/// of `tiepnhan.a`; returns its code.
async fn receive_from(w: &World, who: &Who, ticket: i64) -> String {
    let mut body = intake_body(w.a);
    body["ticket_id"] = json!(ticket);
    let (s, d) = w
        .send("POST", "/api/v1/dossiers", Some(who), Some(body), &[])
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    d["code"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_board_shows_the_calls_and_the_queue_without_names() {
    let w = world().await;
    let h = hall(&w).await;
    let board = format!("/bang-goi/{}", w.a);
    let empty = get(&w, &board).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.html.contains("Chưa gọi số nào"), "{}", empty.html);
    assert!(empty.html.contains("Trung tâm Ninh Kiều"));
    assert!(empty
        .html
        .contains("<noscript><meta http-equiv=\"refresh\" content=\"15\"></noscript>"));
    assert!(empty.html.contains(&format!(
        "data-events=\"/api/v1/centers/{}/board/events\"",
        w.a
    )));
    assert!(empty.html.contains("<time id=\"board-clock\">08:30</time>"));

    for _ in 0..3 {
        ticket_path(&take(&w, &h, h.group_a, "normal").await);
    }
    let called = w
        .store
        .call_next(h.counter.id, h.officer, now())
        .await
        .unwrap()
        .unwrap();
    let reception = w.login("tiepnhan.a").await;
    receive_from(&w, &reception, called.id.0).await;

    let page = get(&w, &board).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = &page.html;
    assert!(
        html.contains("<p id=\"board-latest\" class=\"call\"><span class=\"num\">A001</span><span class=\"arrow\" aria-hidden=\"true\">→</span><span class=\"ctr\">Quầy 3</span></p>"),
        "{html}"
    );
    assert!(html.contains(">Mời số A001 đến quầy 3</p>"), "{html}");
    assert!(
        html.contains("data-say=\"Mời số {number} đến quầy {counter}\""),
        "the script says calls as the page does"
    );
    let text = words(html);
    assert!(
        text.contains("A Hộ tịch 2 A002"),
        "two wait, A002 next: {text}"
    );
    assert!(text.contains("B Đất đai 0 —"), "{text}");
    assert!(!html.contains("Nguyễn Văn An"), "no applicant's name");
    assert!(
        !html.contains("092190001234") && !html.contains("0912"),
        "no personal data"
    );
    assert!(!html.contains("Nguyễn Thị Thu Hà"), "nor the officer's");

    let en = get(&w, &format!("{board}?lang=en")).await;
    assert!(
        en.html.contains("Number A001, please go to counter 3"),
        "{}",
        en.html
    );
    assert!(en.html.contains(">Counter 3<"));

    for uri in ["/bang-goi/99999", "/bang-goi/abc"] {
        assert_eq!(get(&w, uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
}

#[tokio::test]
async fn the_receipts_link_rates_once_and_keeps_what_was_typed() {
    let w = world().await;
    let h = hall(&w).await;
    ticket_path(&take(&w, &h, h.group_a, "normal").await);
    let called = w
        .store
        .call_next(h.counter.id, h.officer, now())
        .await
        .unwrap()
        .unwrap();
    let reception = w.login("tiepnhan.a").await;
    let code = receive_from(&w, &reception, called.id.0).await;
    let parsed: DossierCode = code.parse().unwrap();
    let key = motcua_web::cases::ratings::link_key(&w.state, &parsed)
        .await
        .unwrap();
    let link = format!("/danh-gia/{code}?k={key}");
    assert_eq!(
        motcua_web::cases::ratings::link_path(&w.state, &parsed)
            .await
            .unwrap(),
        link,
        "the page answers the receipt's link"
    );

    let form = get(&w, &link).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.html);
    let text = words(&form.html);
    assert!(text.contains(&format!("Mã hồ sơ {code}")), "{text}");
    assert!(text.contains("Thủ tục Đăng ký khai sinh"), "{text}");
    assert!(text.contains("Khi tiếp nhận hồ sơ"));
    for choice in ["Rất hài lòng", "Hài lòng", "Không hài lòng"] {
        assert!(text.contains(choice), "{choice}");
    }
    assert!(
        text.contains("Thái độ của cán bộ phục vụ"),
        "the survey: {text}"
    );
    assert!(text.contains("Tận tình, giải quyết sớm"));
    assert!(
        form.html
            .contains("<details class=\"survey\" id=\"rate-survey\">"),
        "closed at first"
    );
    assert!(form.html.contains("maxlength=\"2000\""));
    assert!(!form.html.contains("Nguyễn Văn An"), "no applicant's name");

    // No choice made: the form comes back as it was left, the field named.
    let comment = "Cán bộ hướng dẫn rất tận tình <cảm ơn>";
    let again = post(&w, &link, &[("q7", "2"), ("comment", comment)]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again
            .html
            .contains("Mức độ hài lòng: chỉ nhận: rất hài lòng, hài lòng, không hài lòng"),
        "{}",
        again.html
    );
    assert!(
        again
            .html
            .contains("Cán bộ hướng dẫn rất tận tình &#60;cảm ơn&#62;</textarea>")
            || again
                .html
                .contains("Cán bộ hướng dẫn rất tận tình &lt;cảm ơn&gt;</textarea>"),
        "the comment is kept, escaped: {}",
        again.html
    );
    assert!(again.html.contains("name=\"q7\" value=\"2\" checked"));
    assert!(
        again.html.contains("id=\"rate-survey\" open"),
        "the survey shows what was answered"
    );
    let id = w.store.dossier(&parsed).await.unwrap().unwrap().id;
    assert!(w.store.ratings_of_dossier(id).await.unwrap().is_empty());

    let sent = post(
        &w,
        &link,
        &[
            ("rating", "very-satisfied"),
            ("q7", "2"),
            ("q10", "1"),
            ("comment", comment),
        ],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.html);
    let thanks = get(&w, sent.location()).await;
    assert_eq!(thanks.status, StatusCode::OK);
    assert!(
        words(&thanks.html).contains("Cảm ơn anh/chị!"),
        "{}",
        thanks.html
    );
    let rs = w.store.ratings_of_dossier(id).await.unwrap();
    assert_eq!(rs.len(), 1);
    assert_eq!(rs[0].via, "link");
    assert_eq!(rs[0].rating.code(), "very-satisfied");
    assert_eq!(
        rs[0].survey.answers().collect::<Vec<_>>(),
        vec![(7, 2), (10, 1)]
    );
    assert_eq!(rs[0].comment, comment);
    assert_eq!(
        (rs[0].ticket_id, rs[0].counter_id, rs[0].officer_id),
        (Some(called.id), Some(h.counter.id), Some(h.officer)),
        "tied to the ticket, the counter and the officer who served"
    );

    // Once per stage: said kindly, whether opened or sent again.
    for a in [
        get(&w, &link).await,
        post(&w, &link, &[("rating", "not-satisfied")]).await,
    ] {
        assert_eq!(a.status, StatusCode::OK);
        assert!(
            a.html
                .contains("Anh/chị đã đánh giá hồ sơ này ở bước này rồi."),
            "{}",
            a.html
        );
        assert!(!a.html.contains("id=\"rate-form\""));
    }
    assert_eq!(w.store.ratings_of_dossier(id).await.unwrap().len(), 1);

    let wrong = format!("/danh-gia/{code}?k=00000000000000000000");
    for a in [
        get(&w, &wrong).await,
        post(&w, &wrong, &[("rating", "satisfied")]).await,
        get(&w, &format!("/danh-gia/{code}")).await,
        get(&w, &format!("/danh-gia/khong-co?k={key}")).await,
    ] {
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        assert!(a.html.contains("Không tìm thấy trang"));
    }
}

#[tokio::test]
async fn the_link_page_speaks_english_when_asked() {
    let w = world().await;
    let reception = w.login("tiepnhan.a").await;
    let code = w.receive_at_a(&reception).await["code"]
        .as_str()
        .unwrap()
        .to_string();
    let path = motcua_web::cases::ratings::link_path(&w.state, &code.parse().unwrap())
        .await
        .unwrap();
    let vi = get(&w, &path).await;
    assert!(
        unescaped(&vi.html).contains(&format!(
            "href=\"{path}&lang=en\" hreflang=\"en\">English</a>"
        )),
        "{}",
        vi.html
    );
    let en = get(&w, &format!("{path}&lang=en")).await;
    assert!(en.html.contains("<html lang=\"en\">"));
    let text = words(&en.html);
    assert!(
        text.contains("Rate our service") && text.contains("Very satisfied"),
        "{text}"
    );
    assert!(text.contains("When the dossier was received"), "{text}");
    assert!(
        unescaped(&en.html).contains(&format!("action=\"{path}&lang=en\" id=\"rate-form\"")),
        "the form stays in English: {}",
        en.html
    );
    let sent = post(&w, &format!("{path}&lang=en"), &[("rating", "satisfied")]).await;
    assert!(
        sent.location().ends_with("&da_gui=1&lang=en"),
        "{}",
        sent.location()
    );
    assert!(words(&get(&w, sent.location()).await.html).contains("Thank you!"));
}

#[tokio::test]
async fn the_counter_tablet_offers_what_its_counter_served() {
    let w = world().await;
    let h = hall(&w).await;
    let tablet = format!("/danh-gia-quay/{}", h.tablet);
    let idle = get(&w, &tablet).await;
    assert_eq!(idle.status, StatusCode::OK);
    assert!(words(&idle.html).contains("Cảm ơn anh/chị đã đến làm thủ tục"));
    assert!(idle
        .html
        .contains("<meta http-equiv=\"refresh\" content=\"5\">"));

    ticket_path(&take(&w, &h, h.group_a, "normal").await);
    let called = w
        .store
        .call_next(h.counter.id, h.officer, now())
        .await
        .unwrap()
        .unwrap();
    let reception = w.login("tiepnhan.a").await;
    let code = receive_from(&w, &reception, called.id.0).await;
    // Received without a ticket: no tablet offers it.
    let other = w.receive_at_a(&reception).await["code"]
        .as_str()
        .unwrap()
        .to_string();

    let offer = get(&w, &tablet).await;
    assert_eq!(offer.status, StatusCode::OK);
    let text = words(&offer.html);
    assert!(text.contains(&code), "{text}");
    assert!(!text.contains(&other), "{text}");
    assert!(text.contains("Đăng ký khai sinh") && text.contains("Khi tiếp nhận hồ sơ"));
    assert!(offer
        .html
        .contains("name=\"rating\" value=\"very-satisfied\""));
    assert!(offer
        .html
        .contains("name=\"rating\" value=\"not-satisfied\""));
    assert!(!offer.html.contains("Nguyễn Văn An"), "no applicant's name");

    let refused = post(&w, &tablet, &[("code", &other), ("rating", "satisfied")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .html
            .contains("máy đánh giá tại quầy này không có hồ sơ này để đánh giá"),
        "{}",
        refused.html
    );

    let sent = post(&w, &tablet, &[("code", &code), ("rating", "satisfied")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.html);
    let thanks = get(&w, sent.location()).await;
    assert!(words(&thanks.html).contains("Cảm ơn anh/chị!"));
    assert!(thanks.html.contains(&format!(
        "<meta http-equiv=\"refresh\" content=\"5;url=/danh-gia-quay/{}\">",
        h.tablet
    )));
    let id = w
        .store
        .dossier(&code.parse().unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    let rs = w.store.ratings_of_dossier(id).await.unwrap();
    assert_eq!(rs.len(), 1);
    assert_eq!(rs[0].via, "tablet");
    assert_eq!(rs[0].rating.code(), "satisfied");
    assert_eq!(rs[0].counter_id, Some(h.counter.id));
    assert_eq!(rs[0].officer_id, Some(h.officer));

    // Rated: the tablet waits for the next citizen.
    let after = get(&w, &tablet).await;
    assert!(words(&after.html).contains("Cảm ơn anh/chị đã đến làm thủ tục"));
    let twice = post(&w, &tablet, &[("code", &code), ("rating", "satisfied")]).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(w.store.ratings_of_dossier(id).await.unwrap().len(), 1);

    // A kiosk's link is no tablet.
    let kiosk_as_tablet = get(&w, &format!("/danh-gia-quay/{}", h.kiosk)).await;
    assert_eq!(kiosk_as_tablet.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn devices_looking_again_are_not_locked_out_but_guessing_is() {
    let w = world().await;
    let h = hall(&w).await;
    // An idle tablet looks every five seconds; with the kiosk behind the
    // same address, that is far more than the sixty a minute sent.
    for _ in 0..80 {
        let a = get(&w, &format!("/danh-gia-quay/{}", h.tablet)).await;
        assert_eq!(a.status, StatusCode::OK);
    }
    assert_eq!(
        get(&w, &format!("/lay-so/{}", h.kiosk)).await.status,
        StatusCode::OK
    );
    // Wrong links are counted: past the limit, even the right one waits.
    for n in 0..60 {
        let a = get(
            &w,
            &format!("/danh-gia-quay/{}", format!("{n:02}").repeat(32)),
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{n}");
    }
    let locked = get(&w, &format!("/lay-so/{}", h.kiosk)).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(locked.headers.contains_key(header::RETRY_AFTER));
    let text = words(&locked.html);
    assert!(text.contains("Xin vui lòng thử lại sau"), "{text}");
    assert!(
        locked
            .html
            .contains(&format!(";url=/lay-so/{}\">", h.kiosk)),
        "the screen tries again by itself: {}",
        locked.html
    );
}

#[tokio::test]
async fn the_halls_script_and_stylesheet_are_served_and_cached() {
    let w = world().await;
    for (uri, kind, needle) in [
        ("/static/hall.css", "text/css", "@media print"),
        ("/static/hall.js", "text/javascript", "EventSource"),
    ] {
        let a = answer(&w, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}");
        assert!(a.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with(kind));
        assert_eq!(a.headers[header::CACHE_CONTROL], "public, max-age=3600");
        assert!(a.html.contains(needle), "{uri}");
    }
    let js = answer(
        &w,
        Request::get("/static/hall.js").body(Body::empty()).unwrap(),
    )
    .await
    .html;
    assert!(
        !js.contains("innerHTML"),
        "the board is drawn with text nodes"
    );
    assert!(js.contains("speechSynthesis") && js.contains("textContent"));
}
