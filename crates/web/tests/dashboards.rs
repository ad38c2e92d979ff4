//! The dashboards through the API, the page and the exports, on a small
//! hand-made month whose every figure is counted by hand below.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

const MONTH: &str = "scope=province&period=month&on=2026-11-24";

/// Receives the standard dossier at a center; returns its code.
async fn receive(w: &World, who: &Who, body: Value) -> String {
    let (s, d) = w
        .send("POST", "/api/v1/dossiers", Some(who), Some(body), &[])
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    d["code"].as_str().unwrap().to_string()
}

/// Hands a dossier of center A to its specialist, who drafts; the leader
/// approves when the clock says.
async fn settle(w: &World, code: &str) {
    let reception = w.login("tiepnhan.a").await;
    let (s, d) = act(
        w,
        &reception,
        code,
        1,
        json!({ "action": "hand-over", "to_agency": "000.30.00.H92", "to_account": w.specialist_a.0, "note": "" }),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let (s, d) = act(
        w,
        &w.login("chuyenvien.a").await,
        code,
        2,
        json!({ "action": "draft-result", "summary": "Giấy khai sinh" }),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let (s, d) = act(
        w,
        &w.login("lanhdao.a").await,
        code,
        3,
        json!({ "action": "approve" }),
    )
    .await;
    assert_eq!((s, d["status"].as_i64()), (StatusCode::OK, Some(9)), "{d}");
}

/// The month: on Tuesday 24 November at 08:30, center A receives three
/// dossiers at the counter (d1, d2, d3) and center B refuses one. d1 is
/// settled an hour later (on time), d2 forty days later (late); d3 stays in
/// hand past its appointment.
struct Month {
    d1: String,
    d2: String,
    d3: String,
}

async fn month(w: &World) -> Month {
    let reception = w.login("tiepnhan.a").await;
    let d1 = receive(w, &reception, intake_body(w.a)).await;
    let d2 = receive(w, &reception, intake_body(w.a)).await;
    let d3 = receive(w, &reception, intake_body(w.a)).await;
    let mut refused = intake_body(w.b);
    refused["decision"] =
        json!({ "kind": "refuse", "reasons": "Không thuộc thẩm quyền giải quyết" });
    refused["components"] = json!([]);
    receive(w, &w.login("tiepnhan.b").await, refused).await;
    w.clock.advance(jiff::SignedDuration::from_hours(1));
    settle(w, &d1).await;
    w.clock.advance(jiff::SignedDuration::from_hours(40 * 24));
    settle(w, &d2).await;
    Month { d1, d2, d3 }
}

fn kpi<'a>(d: &'a Value, code: &str) -> &'a Value {
    d["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {d}"))
}

fn nd(d: &Value, code: &str) -> (i64, Option<i64>) {
    let k = kpi(d, code);
    (k["numerator"].as_i64().unwrap(), k["denominator"].as_i64())
}

#[tokio::test]
async fn the_province_month_by_hand_through_the_api() {
    let w = world().await;
    let m = month(&w).await;
    let supervisor = w.login("giamsat").await;
    let (s, d) = w
        .send(
            "GET",
            &format!("/api/v1/dashboard?{MONTH}"),
            Some(&supervisor),
            None,
            &[],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["scope"], "province");
    assert_eq!(
        (d["period"]["from"].as_str(), d["period"]["to"].as_str()),
        (Some("2026-11-01"), Some("2026-11-30"))
    );
    assert_eq!(d["previous"]["from"], "2026-10-01");
    // Four received in person; one refused; two settled, one late.
    assert_eq!(nd(&d, "received"), (4, None));
    assert_eq!(nd(&d, "in-person"), (4, None));
    assert_eq!(nd(&d, "online"), (0, None));
    assert_eq!(nd(&d, "refused"), (1, None));
    assert_eq!(nd(&d, "finished"), (2, None));
    assert_eq!(nd(&d, "late"), (1, None));
    assert_eq!(
        nd(&d, "early").0 + nd(&d, "on-time").0,
        1,
        "d1 settled an hour after receipt is early or on time"
    );
    // On time: 1 of the 2 settled.
    assert_eq!(nd(&d, "on-time-rate"), (1, Some(2)));
    assert_eq!(kpi(&d, "on-time-rate")["value"], 0.5);
    // Online share: 0 of 4, a real zero; satisfaction: nothing rated, no value.
    assert_eq!(nd(&d, "online-rate"), (0, Some(4)));
    assert!(kpi(&d, "satisfaction")["value"].is_null());
    // The period before had nothing: no share, not 0 %.
    assert!(kpi(&d, "on-time-rate")["previous_value"].is_null());
    // Open now (40 days later): d3 in hand, past its appointment.
    assert_eq!(d["open"]["pending"], 1);
    assert_eq!(d["open"]["overdue"], 1);
    assert_eq!(d["open"]["registered"], 0);
    // 2.1: (1 on time + 1 in hand − 1 overdue) of (2 settled + 1 in hand).
    let i21 = d["index"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "2.1")
        .unwrap();
    assert_eq!(
        (i21["numerator"].as_u64(), i21["denominator"].as_u64()),
        (Some(1), Some(3)),
        "{i21}"
    );
    assert!((i21["points"].as_f64().unwrap() - 20.0 / 3.0).abs() < 1e-9);
    // 3.3: no online dossier of 4 → 0 points, scored (data is held).
    let i33 = d["index"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "3.3")
        .unwrap();
    assert_eq!(
        (i33["standing"].as_str(), i33["points"].as_f64()),
        (Some("scored"), Some(0.0))
    );
    // 5.2 has no PAKN to count: no data, not zero; 3.6 is not held.
    let standing = |code: &str| {
        d["index"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .unwrap()["standing"]
            .clone()
    };
    assert_eq!(standing("5.2"), "no-data");
    assert_eq!(standing("3.6"), "not-held");
    // The ranking: A has settled (50 %), B nothing to rate, so A first.
    let ranking = d["ranking"].as_array().unwrap();
    assert_eq!(ranking.len(), 2, "{ranking:?}");
    assert_eq!(
        (
            ranking[0]["center_id"].as_i64(),
            ranking[0]["received"].as_i64()
        ),
        (Some(w.a.0), Some(3))
    );
    assert_eq!(ranking[1]["on_time_rate"], Value::Null);
    // The officers count on the day of their work: in November the
    // specialist it was assigned to settled d1 (not the approving leader);
    // the reception officers took the four in.
    let officer = |d: &Value, u: &str| {
        d["officers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["username"] == u)
            .cloned()
            .unwrap_or_else(|| panic!("{u}: {d}"))
    };
    let cv = officer(&d, "chuyenvien.a");
    assert_eq!(
        (
            cv["settled"].as_i64(),
            cv["on_time"].as_i64(),
            cv["late"].as_i64()
        ),
        (Some(1), Some(1), Some(0))
    );
    assert_eq!(officer(&d, "tiepnhan.a")["received"], 3);
    assert_eq!(officer(&d, "tiepnhan.b")["received"], 1);
    assert!(d["officers"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["username"] != "lanhdao.a"));
    // d2, settled late on 3 January, is the specialist's January work.
    let (_, january) = w
        .send(
            "GET",
            "/api/v1/dashboard?scope=province&period=month&on=2027-01-03",
            Some(&supervisor),
            None,
            &[],
        )
        .await;
    let cv = officer(&january, "chuyenvien.a");
    assert_eq!(
        (cv["settled"].as_i64(), cv["late"].as_i64()),
        (Some(1), Some(1)),
        "{january}"
    );
    assert_eq!(nd(&january, "received"), (0, None), "received in November");
    // The trend covers the month's 30 days; the 24th holds the four.
    let trend = d["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 30);
    assert_eq!(trend[23]["label"], "24/11");
    assert_eq!(trend[23]["received"], 4);

    // The dossiers behind the numbers.
    let behind = |figure: &str| {
        let w = &w;
        let supervisor = supervisor.clone();
        let figure = figure.to_string();
        async move {
            let (s, l) = w
                .send(
                    "GET",
                    &format!("/api/v1/dashboard/dossiers?{MONTH}&figure={figure}"),
                    Some(&supervisor),
                    None,
                    &[],
                )
                .await;
            assert_eq!(s, StatusCode::OK, "{l}");
            let mut codes: Vec<String> = l["dossiers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["code"].as_str().unwrap().to_string())
                .collect();
            codes.sort();
            codes
        }
    };
    assert_eq!(behind("late").await, vec![m.d2.clone()]);
    assert_eq!(behind("overdue").await, vec![m.d3.clone()]);
    let mut settled = vec![m.d1.clone(), m.d2.clone()];
    settled.sort();
    assert_eq!(behind("finished").await, settled);
    let on_time = [behind("early").await, behind("on-time").await].concat();
    assert_eq!(on_time, vec![m.d1.clone()]);
    assert_eq!(behind("received").await.len(), 4);
    let (s, e) = w
        .send(
            "GET",
            &format!("/api/v1/dashboard/dossiers?{MONTH}&figure=everything"),
            Some(&supervisor),
            None,
            &[],
        )
        .await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("figure")),
        "{e}"
    );
}

#[tokio::test]
async fn who_reads_which_dashboard_and_bad_periods_name_their_field() {
    let w = world().await;
    let get = |who: Who, q: String| {
        let w = &w;
        async move {
            w.send(
                "GET",
                &format!("/api/v1/dashboard?{q}"),
                Some(&who),
                None,
                &[],
            )
            .await
        }
    };
    // Counter staff and specialists read none.
    for u in ["tiepnhan.a", "chuyenvien.a", "buudien.a"] {
        let (s, _) = get(w.login(u).await, String::new()).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{u}");
    }
    // A leader reads the center they lead, by default; not another, nor the province.
    let leader = w.login("lanhdao.a").await;
    let (s, d) = get(leader.clone(), String::new()).await;
    assert_eq!(
        (s, d["scope"].as_str()),
        (StatusCode::OK, Some(format!("center:{}", w.a.0).as_str())),
        "{d}"
    );
    for q in [
        format!("scope=center:{}", w.b.0),
        "scope=province".into(),
        "scope=post".into(),
    ] {
        let (s, _) = get(leader.clone(), q.clone()).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{q}");
    }
    // Those who oversee read every scope: a commune's centers, the post office's.
    let inspector = w.login("kiemtra").await;
    let unit = w
        .store
        .centers()
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.id == w.b)
        .unwrap()
        .unit_id
        .unwrap();
    let (s, d) = get(inspector.clone(), format!("scope=unit:{unit}")).await;
    assert_eq!(
        (s, d["centers"].clone()),
        (StatusCode::OK, json!([w.b.0])),
        "{d}"
    );
    let (s, d) = get(inspector.clone(), "scope=post".into()).await;
    assert_eq!(
        (s, d["centers"].clone()),
        (StatusCode::OK, json!([w.a.0])),
        "buudien.a works at A: {d}"
    );
    // Bad input names its field in words.
    for (q, field, words) in [
        ("period=century", "period", "Kỳ:"),
        ("period=custom&to=2026-11-30", "from", "Từ ngày"),
        (
            "period=custom&from=2026-11-30&to=2026-11-01",
            "to",
            "trước ngày bắt đầu",
        ),
        (
            "period=custom&from=2020-01-01&to=2026-11-01",
            "from",
            "3 năm",
        ),
        ("period=week&on=31/02/2026", "on", "không phải ngày"),
        (
            "period=custom&from=9999-12-01&to=9999-12-31",
            "from",
            "Từ ngày",
        ),
        ("scope=everywhere", "scope", "Phạm vi"),
    ] {
        let (s, e) = get(inspector.clone(), q.into()).await;
        assert_eq!(
            (s, e["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field)),
            "{q}: {e}"
        );
        assert!(e["error"].as_str().unwrap().contains(words), "{q}: {e}");
    }
    // A custom period compares with as many days before; a typed date reads.
    let (s, d) = get(
        inspector,
        "period=custom&from=11/11/2026&to=20/11/2026".into(),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(
        (d["previous"]["from"].as_str(), d["previous"]["to"].as_str()),
        (Some("2026-11-01"), Some("2026-11-10"))
    );
}

async fn download(w: &World, who: &Who, uri: &str) -> (StatusCode, String, String, Vec<u8>) {
    let req = Request::get(uri)
        .header(header::COOKIE, &who.cookie)
        .body(Body::empty())
        .unwrap();
    let res = w.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let header_of = |h: header::HeaderName| {
        res.headers()
            .get(h)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let (ct, cd) = (
        header_of(header::CONTENT_TYPE),
        header_of(header::CONTENT_DISPOSITION),
    );
    let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, ct, cd, bytes)
}

/// A sheet of a workbook as text, row by row.
fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<String>> {
    use calamine::{Data, Reader};
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("an xlsx");
    let range = book
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let (rows, cols) = range.end().map_or((0, 0), |(r, c)| (r + 1, c + 1));
    (0..rows)
        .map(|r| {
            (0..cols)
                .map(|c| match range.get_value((r, c)) {
                    Some(Data::String(s)) => s.clone(),
                    Some(Data::Float(x)) => x.to_string(),
                    Some(Data::Int(n)) => n.to_string(),
                    _ => String::new(),
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn the_page_shows_the_numbers_and_the_files_hold_them() {
    let w = world().await;
    let m = month(&w).await;
    let supervisor = w.login("giamsat").await;
    let (s, page) = w
        .page(&supervisor, &format!("/bang-dieu-khien?{MONTH}"))
        .await;
    assert_eq!(s, StatusCode::OK);
    // Charts drawn on the server, the figures in the reader's numbers.
    assert!(
        page.matches("<svg").count() >= 3,
        "the trend, outcomes and rate charts"
    );
    assert!(
        page.contains("50,0 %") && page.contains("1 / 2"),
        "on time 1 of 2"
    );
    assert!(page.contains("id=\"nav-dashboard\""));
    // The late number leads to the late dossier.
    assert!(page.contains("figure=late"));
    let (s, list) = w
        .page(
            &supervisor,
            &format!("/bang-dieu-khien/ho-so?{MONTH}&figure=late"),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(list.contains(&m.d2) && !list.contains(&m.d1), "{list}");
    assert!(list.contains(&format!("href=\"/ho-so/{}\"", m.d2)));

    // The workbook: the same numbers as the API, a sheet a table.
    let (_, d) = w
        .send(
            "GET",
            &format!("/api/v1/dashboard?{MONTH}"),
            Some(&supervisor),
            None,
            &[],
        )
        .await;
    let (s, ct, cd, bytes) = download(
        &w,
        &supervisor,
        &format!("/bang-dieu-khien/tai-ve?{MONTH}&format=xlsx"),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        ct,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        cd.contains("bang-dieu-khien-thanh-pho-can-tho-2026-11-01-2026-11-30.xlsx"),
        "{cd}"
    );
    let figures = sheet(&bytes, "Số liệu");
    let row = |label: &str| {
        figures
            .iter()
            .find(|r| r[0] == label)
            .cloned()
            .unwrap_or_else(|| panic!("{label}: {figures:?}"))
    };
    assert_eq!(row("Tiếp nhận")[1], "4");
    assert_eq!(row("Trễ hạn")[1], "1");
    let rate = row("Tỷ lệ đúng hạn (gồm sớm hạn)");
    assert_eq!(
        (rate[1].as_str(), rate[2].as_str(), rate[3].as_str()),
        ("0.5", "1", "2")
    );
    assert_eq!(rate[4], "", "no share in the empty period before");
    let ranking = sheet(&bytes, "Xếp hạng");
    let first = ranking.iter().position(|r| r[0] == "1").expect("rank 1");
    assert_eq!(ranking[first][1], d["ranking"][0]["name"].as_str().unwrap());
    assert_eq!(ranking[first][2], "3");
    let index = sheet(&bytes, "Chỉ số 766");
    let i21 = index.iter().find(|r| r[0].starts_with("2.1")).unwrap();
    assert_eq!((i21[1].as_str(), i21[2].as_str()), ("1", "3"));

    // One table as CSV, with a BOM for Excel.
    let (s, ct, _, bytes) = download(
        &w,
        &supervisor,
        &format!("/bang-dieu-khien/tai-ve?{MONTH}&format=csv&table=officers"),
    )
    .await;
    assert_eq!(
        (s, ct.as_str()),
        (StatusCode::OK, "text/csv; charset=utf-8")
    );
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let settled: Vec<(String, String)> = reader
        .records()
        .map(|r| r.unwrap())
        .map(|r| (r[1].to_string(), r[5].to_string()))
        .collect();
    assert!(
        settled
            .iter()
            .any(|(who, n)| who.contains("chuyenvien.a") && n == "1"),
        "{settled:?}"
    );
    assert_eq!(settled.len(), 3, "{settled:?}");

    // A bad period comes back on the page as typed, the field named.
    let (s, page) = w
        .page(
            &supervisor,
            "/bang-dieu-khien?scope=province&period=custom&from=2026-11-30&to=2026-11-01",
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Đến ngày: trước ngày bắt đầu"), "{page}");
    assert!(page.contains("value=\"2026-11-30\"") && page.contains("value=\"2026-11-01\""));
    // Counter staff are refused the page in words.
    let (s, page) = w
        .page(&w.login("tiepnhan.a").await, "/bang-dieu-khien")
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(page.contains("Bảng điều khiển dành cho"), "{page}");
}

/// The cells of the first line of a PDF's text (`pdftotext -layout`) that
/// starts with `label`: the columns, split where two spaces or more stand.
fn pdf_row(text: &str, label: &str) -> Vec<String> {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no line starting {label:?} in\n{text}"));
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn the_monthly_report_is_a_pdf_with_its_numbers_and_charts() {
    let w = world().await;
    month(&w).await;
    let supervisor = w.login("giamsat").await;
    // A week asked: the report is of the month holding it.
    let (s, ct, cd, pdf) = download(
        &w,
        &supervisor,
        "/api/v1/dashboard/report.pdf?scope=province&period=week&on=2026-11-24",
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    assert_eq!(ct, "application/pdf");
    assert!(
        cd.contains("bao-cao-thang-thanh-pho-can-tho-2026-11.pdf"),
        "{cd}"
    );
    let info = pdfinfo(&pdf);
    assert_eq!(info["Title"], "Báo cáo tháng 11/2026 — Thành phố Cần Thơ");
    assert!(info["Page size"].contains("595"), "A4: {info:?}");
    let text = pdf_text(&pdf);
    assert!(text.contains("Báo cáo tháng 11/2026"), "{text}");
    assert!(
        text.contains("01/11/2026 – 30/11/2026, so với 01/10/2026 – 31/10/2026"),
        "{text}"
    );
    // The figures beside the month before, numerator and denominator.
    assert_eq!(pdf_row(&text, "Tiếp nhận")[1], "4");
    assert_eq!(pdf_row(&text, "Trễ hạn")[1], "1");
    // (pdftotext closes up the spaces around the slash of "1 / 2".)
    let rate = pdf_row(&text, "Tỷ lệ đúng hạn (gồm sớm hạn)");
    assert_eq!(
        (rate[1].as_str(), rate[2].replace(' ', "").as_str()),
        ("50,0 %", "1/2"),
        "{rate:?}"
    );
    // The charts: their titles, the value axis, the days, the legends.
    for words in [
        "Hồ sơ tiếp nhận",
        "Kết quả giải quyết: sớm hạn, đúng hạn, trễ hạn",
        "Số hồ sơ",
        "Kỳ này",
        "Tháng trước",
        "01/11",
        "Sớm hạn",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    // The ranking of the province's two centers; no officers.
    assert!(text.contains("Xếp hạng Trung tâm"), "{text}");
    assert!(!text.contains("Số liệu theo cán bộ"), "{text}");
    // The index: 2.1 counts the settled on time and the open in time, of three.
    let i21 = pdf_row(&text, "2.1 Hồ sơ");
    assert_eq!(i21[1..3], ["1", "3"], "{i21:?}");
    assert!(text.contains("Điểm tính theo công thức của Quyết định 766"));

    // A center's report from the page, for its leader: the officers too.
    let leader = w.login("lanhdao.a").await;
    let (s, ct, _, pdf) = download(
        &w,
        &leader,
        &format!(
            "/bang-dieu-khien/bao-cao.pdf?scope=center:{}&on=2026-11-24",
            w.a.0
        ),
    )
    .await;
    assert_eq!((s, ct.as_str()), (StatusCode::OK, "application/pdf"));
    let text = pdf_text(&pdf);
    assert!(text.contains("Báo cáo tháng 11/2026"), "{text}");
    assert_eq!(pdf_row(&text, "Tiếp nhận")[1], "3");
    assert_eq!(pdf_row(&text, "Trễ hạn")[1], "1");
    let rate = pdf_row(&text, "Tỷ lệ đúng hạn (gồm sớm hạn)");
    assert_eq!(
        (rate[1].as_str(), rate[2].replace(' ', "").as_str()),
        ("50,0 %", "1/2"),
        "{rate:?}"
    );
    assert!(text.contains("Số liệu theo cán bộ"), "{text}");
    assert!(text.contains("chuyenvien.a"), "{text}");
    assert!(
        !text.contains("Xếp hạng Trung tâm"),
        "one center, no ranking"
    );
    // The page links the report.
    let (_, page) = w
        .page(&leader, &format!("/bang-dieu-khien?scope=center:{}", w.a.0))
        .await;
    assert!(page.contains("id=\"download-pdf\"") && page.contains("/bang-dieu-khien/bao-cao.pdf?"));

    // Counter staff get none.
    let (s, _, _, _) = download(
        &w,
        &w.login("tiepnhan.a").await,
        "/api/v1/dashboard/report.pdf?scope=province",
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}
