//! Black-box tests: the real `motcua` binary, as a person or a script runs it.

use std::path::Path;
use std::process::Stdio;

use motcua_domain::catalog::DEMO_CATALOG_CSV;

mod common;
use common::{motcua, run};

/// The demo catalog with cells changed: (1-based line, column name, new value).
fn catalog_with(edits: &[(usize, &str, &str)]) -> String {
    let mut reader = csv::Reader::from_reader(DEMO_CATALOG_CSV.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer.write_record(&headers).unwrap();
    for (i, record) in reader.records().enumerate() {
        let mut cells: Vec<String> = record.unwrap().iter().map(String::from).collect();
        for (line, column, value) in edits {
            if *line == i + 2 {
                let c = headers.iter().position(|h| h == *column).unwrap();
                assert_ne!(cells[c], *value, "the edit changes something");
                cells[c] = value.to_string();
            }
        }
        writer.write_record(&cells).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

#[test]
fn a_bad_row_in_the_middle_is_reported_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("catalog.csv");
    std::fs::write(&file, DEMO_CATALOG_CSV).unwrap();
    let (code, out, err) = run(motcua(dir.path()).args(["import", "catalog"]).arg(&file));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("264 thủ tục mới"), "{out}");
    let (_, before, _) = run(motcua(dir.path()).args(["export", "catalog", "-"]));
    assert_eq!(before.lines().count(), 265);

    // Row 130 gets a limit that does not parse, row 131 a changed fee that would
    // otherwise make a new version: neither may land.
    std::fs::write(
        &file,
        catalog_with(&[(130, "time_limit", "ba ngày"), (131, "fee", "999000")]),
    )
    .unwrap();
    let (code, out, err) = run(motcua(dir.path()).args(["import", "catalog"]).arg(&file));
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains(
            "catalog.csv: dòng 130, cột 7 (time_limit): thời hạn \"ba ngày\" không hợp lệ"
        ),
        "{err}"
    );
    assert!(err.contains("Không nhập gì: tệp"), "{err}");
    let (_, after, _) = run(motcua(dir.path()).args(["export", "catalog", "-"]));
    assert_eq!(after, before, "the database is unchanged");

    let (code, _, err) = run(motcua(dir.path())
        .args(["--lang", "en", "import", "catalog"])
        .arg(&file));
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "catalog.csv: line 130, column 7 (time_limit): invalid time limit \"ba ngày\""
        ),
        "{err}"
    );
    assert!(err.contains("Nothing imported"), "{err}");
}

#[test]
fn a_changed_procedure_gets_a_new_version_and_exports_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("catalog.csv");
    std::fs::write(&csv, DEMO_CATALOG_CSV).unwrap();
    assert_eq!(
        run(motcua(dir.path()).args(["import", "catalog"]).arg(&csv)).0,
        0
    );
    std::fs::write(&csv, catalog_with(&[(2, "time_limit", "2wd")])).unwrap();
    let (code, out, _) = run(motcua(dir.path()).args(["import", "catalog"]).arg(&csv));
    assert_eq!(code, 0);
    assert!(
        out.contains("0 thủ tục mới, 1 thủ tục có phiên bản mới, 263 thủ tục không đổi"),
        "{out}"
    );

    let json = dir.path().join("export.json");
    let (code, out, _) = run(motcua(dir.path()).args(["export", "catalog"]).arg(&json));
    assert_eq!(code, 0);
    assert!(out.contains("264"), "{out}");
    let other = tempfile::tempdir().unwrap();
    let (code, out, err) = run(motcua(other.path()).args(["import", "catalog"]).arg(&json));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("264 thủ tục mới"));
    let (_, a, _) = run(motcua(dir.path()).args(["export", "catalog", "-"]));
    let (_, b, _) = run(motcua(other.path()).args(["export", "catalog", "-"]));
    assert_eq!(a, b);
    assert!(a.contains("2.004001,Đăng ký khai sinh,HT,Hộ tịch,commune,Ủy ban nhân dân cấp xã,2wd,"));
}

#[test]
fn a_province_brings_its_own_forms_and_a_malformed_one_is_named_by_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("catalog.csv");
    let forms = dir.path().join("forms.json");
    // Line 3 of the catalog (2.004002) names a form of the province's own.
    std::fs::write(&csv, catalog_with(&[(3, "form", "TK-RIENG")])).unwrap();
    let form = r#"[
  { "code": "TK-RIENG", "title": "TỜ KHAI RIÊNG CỦA TỈNH",
    "fields": [
      { "key": "ho_ten", "label": "Họ, chữ đệm, tên", "type": "text", "required": true },
      { "key": "so_con", "label": "Số con", "type": "number", "min": 5, "max": 1 }
    ] }
]"#;
    std::fs::write(&forms, form).unwrap();
    let (code, out, err) = run(motcua(dir.path())
        .args(["import", "catalog"])
        .arg(&csv)
        .arg("--forms")
        .arg(&forms));
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains(
            "forms.json: dòng 5, TK-RIENG: biểu mẫu TK-RIENG, \"Số con\": giới hạn không hợp lệ"
        ),
        "{err}"
    );
    assert!(err.contains("Không nhập gì: tệp"), "{err}");
    // Without the forms file the code names nothing known.
    let (code, _, err) = run(motcua(dir.path()).args(["import", "catalog"]).arg(&csv));
    assert_eq!(code, 2);
    assert!(
        err.contains("catalog.csv: dòng 3, cột 12 (form): biểu mẫu \"TK-RIENG\" không có"),
        "{err}"
    );

    std::fs::write(&forms, form.replace("\"min\": 5", "\"min\": 0")).unwrap();
    let (code, out, err) = run(motcua(dir.path())
        .args(["import", "catalog"])
        .arg(&csv)
        .arg("--forms")
        .arg(&forms));
    assert_eq!(code, 0, "{out}{err}");
    // A CSV export would lose the province's form: it needs a forms file.
    let (code, _, err) = run(motcua(dir.path()).args(["export", "catalog", "-"]));
    assert_eq!(code, 2);
    assert!(err.contains("TK-RIENG") && err.contains("--forms"), "{err}");
    let out_csv = dir.path().join("out.csv");
    let out_forms = dir.path().join("out-forms.json");
    let (code, _, err) = run(motcua(dir.path())
        .args(["export", "catalog"])
        .arg(&out_csv)
        .arg("--forms")
        .arg(&out_forms));
    assert_eq!(code, 0, "{err}");
    let written = std::fs::read_to_string(&out_forms).unwrap();
    assert!(
        written.contains("TK-RIENG") && !written.contains("TK-KHAI-SINH"),
        "only its own"
    );
    // And the pair imports elsewhere into the same catalog.
    let other = tempfile::tempdir().unwrap();
    let (code, _, err) = run(motcua(other.path())
        .args(["import", "catalog"])
        .arg(&out_csv)
        .arg("--forms")
        .arg(&out_forms));
    assert_eq!(code, 0, "{err}");
    let json = |d: &Path| {
        let f = d.join("all.json");
        assert_eq!(run(motcua(d).args(["export", "catalog"]).arg(&f)).0, 0);
        std::fs::read_to_string(f).unwrap()
    };
    assert_eq!(json(dir.path()), json(other.path()));
}

#[test]
fn unreadable_inputs_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(motcua(dir.path()).args(["import", "catalog", "does-not-exist.csv"]));
    assert_eq!(code, 1);
    assert!(err.contains("does-not-exist.csv"), "{err}");
    let (code, _, err) =
        run(motcua(dir.path()).args(["migrate", "--database", "mysql://u:hunter2@h/db"]));
    assert_eq!(code, 1);
    assert!(
        err.contains("unsupported database URL mysql://u:***@h/db"),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "secrets are never printed");
    let (code, _, err) = run(motcua(dir.path()).args(["demo", "--until", "2026-02-30"]));
    assert_eq!(code, 2, "clap rejects an impossible date");
    assert!(err.contains("2026-02-30"), "{err}");
}

#[test]
fn demo_fills_an_empty_database_once() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(motcua(dir.path()).args([
        "demo",
        "--centers",
        "3",
        "--days",
        "2",
        "--until",
        "2026-11-25",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Đã tạo tỉnh mẫu: 3 xã/phường, 5 trung tâm"),
        "{out}"
    );
    assert!(out.contains("admin") && out.contains("motcua-demo"));
    assert!(dir.path().join("motcua.sqlite").exists());
    let (code, _, err) = run(motcua(dir.path()).args(["demo", "--centers", "3", "--days", "2"]));
    assert_eq!(code, 1);
    assert!(
        err.contains("already holds a province (Thành phố Cần Thơ)"),
        "{err}"
    );
}

/// Starts `motcua serve --demo` on port 0 and talks to it over HTTP.
#[tokio::test]
async fn serve_with_demo_answers_on_a_free_port() {
    use tokio::io::AsyncBufReadExt;

    let dir = tempfile::tempdir().unwrap();
    let mut cmd = tokio::process::Command::from(motcua(dir.path()));
    cmd.args([
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--demo",
        // Today's dossiers stop at the present hour: the day before is a full one.
        "--demo-days",
        "2",
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::null())
    .kill_on_drop(true);
    let mut child = cmd.spawn().unwrap();
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let base = loop {
        let line = lines
            .next_line()
            .await
            .unwrap()
            .expect("the server prints its address");
        if let Some(i) = line.find("http://") {
            break line[i..].trim().to_string();
        }
    };
    let client = reqwest::Client::new();
    let health: serde_json::Value = client
        .get(format!("{base}/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    let stats: serde_json::Value = client
        .get(format!("{base}/api/v1/stats"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stats["counts"]["units"], 103);
    assert_eq!(
        stats["counts"]["postal_staff"], 47,
        "43 at commune centers, 4 at reception point No. 01"
    );
    assert!(stats["counts"]["procedures"].as_i64().unwrap() >= 260);
    assert!(stats["counts"]["dossiers"].as_i64().unwrap() >= 105 * 40);
    let home = client
        .get(&base)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("Thành phố Cần Thơ"));
    child.kill().await.unwrap();
}

/// The binary on PostgreSQL: migrate, demo, export, when the test cluster is there.
#[tokio::test]
async fn runs_on_postgresql() {
    let Some((url, name)) = common::postgres_database("cli").await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(motcua(dir.path()).args(["migrate", "--database", &url]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&name));
    let (code, out, err) = run(motcua(dir.path()).args([
        "demo",
        "--centers",
        "2",
        "--days",
        "3",
        "--until",
        "2026-11-25",
        "--database",
        &url,
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2 xã/phường, 4 trung tâm"), "{out}");
    let (code, csv, _) =
        run(motcua(dir.path()).args(["export", "catalog", "-", "--database", &url]));
    assert_eq!(code, 0);
    assert_eq!(csv.lines().count(), 265);
    assert!(
        !dir.path().join("motcua.sqlite").exists(),
        "nothing went to SQLite"
    );
}

#[test]
fn calendar_commands_for_people_and_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let out = |args: &[&str]| {
        let (code, out, err) = run(motcua(dir.path()).arg("calendar").args(args));
        assert_eq!(code, 0, "{args:?}: {err}");
        out
    };
    assert_eq!(out(&["lunar", "2026-02-17"]), "1/1/2026\n");
    assert_eq!(out(&["lunar", "2025-08-08"]), "15/6L/2025\n");
    assert_eq!(
        out(&["lunar", "--json", "2026-02-17"]),
        "{\"day\":1,\"month\":1,\"year\":2026,\"leap\":false}\n"
    );
    assert_eq!(
        out(&["solar", "--year", "2026", "--month", "1", "--day", "1"]),
        "2026-02-17\n"
    );
    assert_eq!(
        out(&["solar", "--year", "2025", "--month", "6", "--day", "15", "--leap"]),
        "2025-08-08\n"
    );
    assert_eq!(
        out(&["due", "--received", "2026-02-13T16:10", "--limit", "3wd"]),
        "2026-02-25T16:10:00+07:00\n"
    );
    assert_eq!(
        out(&[
            "due",
            "--received",
            "2026-11-23T15:30",
            "--limit",
            "same-day"
        ]),
        "2026-11-24T17:00:00+07:00\n"
    );

    let y2026 = out(&["holidays", "2026"]);
    assert!(
        y2026.starts_with("2026-01-01 off Tết Dương lịch\n2026-01-02 off "),
        "{y2026}"
    );
    assert!(y2026.contains("2026-01-10 work ") && y2026.contains("2026-08-22 work "));
    assert!(!y2026.contains("estimated"));
    let y2027 = out(&["holidays", "2027"]);
    assert!(
        y2027.lines().all(|l| l.ends_with(" (estimated)")),
        "{y2027}"
    );
    assert!(y2027.contains("2027-02-05 off Tết Nguyên đán (estimated)"));
}

#[test]
fn calendar_bad_input_names_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let fails = |args: &[&str], needle: &str| {
        let (code, out, err) = run(motcua(dir.path()).arg("calendar").args(args));
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(!err.contains("panicked"));
    };
    fails(&["lunar", "2026-02-30"], "2026-02-30");
    fails(
        &[
            "solar", "--year", "2026", "--month", "6", "--day", "1", "--leap",
        ],
        "năm âm lịch 2026 không có tháng 6 nhuận",
    );
    fails(
        &[
            "--lang", "en", "solar", "--year", "2026", "--month", "6", "--day", "1", "--leap",
        ],
        "lunar year 2026 has no leap month 6",
    );
    fails(
        &["solar", "--year", "2026", "--month", "12", "--day", "30"],
        "tháng âm lịch 12 không có ngày 30",
    );
    fails(&["lunar", "1850-01-01"], "1850-01-01");
    fails(
        &["due", "--received", "2026-02-13T16:10", "--limit", "3weeks"],
        "3weeks",
    );
    fails(
        &["due", "--received", "yesterday", "--limit", "3wd"],
        "yesterday",
    );
}

#[test]
fn an_administrator_adds_a_year_without_a_new_release() {
    let dir = tempfile::tempdir().unwrap();
    let due = |dir: &Path| {
        run(motcua(dir).args([
            "calendar",
            "due",
            "--received",
            "2027-02-03T16:00",
            "--limit",
            "2wd",
        ]))
        .1
    };
    assert_eq!(
        due(dir.path()),
        "2027-02-12T16:00:00+07:00\n",
        "estimated: Tết 4–10 Feb off; 1 h + 8 h + 7 h"
    );
    std::fs::create_dir_all(dir.path().join("calendar")).unwrap();
    std::fs::write(
        dir.path().join("calendar/2027.toml"),
        "year = 2027\nsource = \"Thông báo (thử)\"\n\n[[day]]\ndate = \"2027-02-05\"\nkind = \"off\"\nname = \"Tết Nguyên đán\"\n\n[[day]]\ndate = \"2027-02-08\"\nkind = \"off\"\nname = \"Tết Nguyên đán\"\n",
    )
    .unwrap();
    let (_, holidays, _) = run(motcua(dir.path()).args(["calendar", "holidays", "2027"]));
    assert_eq!(
        holidays,
        "2027-02-05 off Tết Nguyên đán\n2027-02-08 off Tết Nguyên đán\n"
    );
    assert_eq!(
        due(dir.path()),
        "2027-02-09T16:00:00+07:00\n",
        "the announced schedule applies at once: 1 h + 8 h + 7 h"
    );

    std::fs::write(
        dir.path().join("calendar/2027.toml"),
        "year = 2027\n[[day]]\ndate = \"2027-02-06\"\nkind = \"off\"\nname = \"X\"\n",
    )
    .unwrap();
    let (code, _, err) = run(motcua(dir.path()).args(["calendar", "holidays", "2027"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("2027.toml:3: 2027-02-06 is a Saturday: it is already a day off"),
        "{err}"
    );
}

#[test]
fn deadlines_follow_a_centers_office_hours() {
    let dir = tempfile::tempdir().unwrap();
    let due = |extra: &[&str]| {
        run(motcua(dir.path())
            .args([
                "calendar",
                "due",
                "--received",
                "2026-11-27T16:00",
                "--limit",
                "2wh",
            ])
            .args(extra))
    };
    assert_eq!(
        due(&[]).1,
        "2026-11-30T08:00:00+07:00\n",
        "Friday 16:00 + 2 h: Monday 08:00"
    );
    let saturday = due(&["--hours", "T2-T6 07:00-11:30 13:30-17:00; T7 07:30-11:30"]);
    assert_eq!(
        saturday.1, "2026-11-28T08:30:00+07:00\n",
        "a center open on Saturday mornings"
    );
    let (code, _, err) = due(&["--hours", "T8 07:00-11:00"]);
    assert_eq!(code, 2);
    assert!(err.contains("\"t8\" is not a day"), "{err}");
}

/// A demo of two communes and `days` working days up to 25/11/2026 in `dir`.
fn small_demo(dir: &std::path::Path, days: &str) {
    let (code, _, err) = run(motcua(dir).args([
        "demo",
        "--centers",
        "2",
        "--days",
        days,
        "--until",
        "2026-11-25",
    ]));
    assert_eq!(code, 0, "{err}");
}

/// Builds a database with lifecycle dossiers through the store, then tampers
/// with it behind motcua's back.
#[tokio::test]
async fn audit_verify_finds_the_first_broken_event_and_missing_dossiers() {
    use motcua_store::{Action, Actor, Applicant, NewDossier, Status};

    let dir = tempfile::tempdir().unwrap();
    small_demo(dir.path(), "2");
    let url = format!("sqlite:{}", dir.path().join("motcua.sqlite").display());
    let counts = |out: &str| -> (u64, u64) {
        let n: Vec<u64> = out
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|w| w.parse().ok())
            .collect();
        (n[0], n[1])
    };
    let (code, out, err) = run(motcua(dir.path()).args(["audit", "verify"]));
    assert_eq!(code, 0, "the demo's own lifecycle dossiers verify: {err}");
    let (demo_dossiers, demo_events) = counts(&out);
    assert!(demo_dossiers >= 20, "{out}");
    let store = motcua_store::connect(&url).await.unwrap();
    let center = store.centers().await.unwrap()[2].clone();
    let version = store
        .procedure(&"2.004001".parse().unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    let reception = Some(Actor {
        account_id: motcua_store::AccountId(1),
        username: "tiepnhan1.x".into(),
        role: motcua_domain::org::Role::Reception,
    });
    let at = |h: u32| {
        format!("2026-11-26T0{h}:00:00Z")
            .parse::<jiff::Timestamp>()
            .unwrap()
    };
    let mut codes = Vec::new();
    for i in 0..3 {
        let d = store
            .open_dossier(&NewDossier {
                center_id: center.id,
                agency: center.agency_code.clone(),
                procedure_code: "2.004001".parse().unwrap(),
                procedure_version_id: version,
                channel: motcua_domain::catalog::Channel::InPerson,
                applicant: Applicant {
                    name: format!("Người nộp {i}"),
                    ..Default::default()
                },
                details: Default::default(),
                at: at(1),
                actor: reception.clone(),
                action: Action::Accept { appointment: at(9) },
                to: Status::Accepted,
                idempotency_key: None,
                notices: Vec::new(),
                applicant_record: motcua_store::ApplicantRecordUse::LinkOrCreate,
                ticket_id: None,
                then: Vec::new(),
            })
            .await
            .unwrap();
        let hand_over = Action::HandOver {
            to_agency: center.agency_code.clone(),
            to_account: None,
            note: String::new(),
        };
        store
            .append_event(
                d.id,
                1,
                at(2),
                reception.clone(),
                &center.agency_code,
                &hand_over,
                Status::InProgress,
            )
            .await
            .unwrap();
        codes.push(d.code);
    }
    let verify = || run(motcua(dir.path()).args(["audit", "verify"]));
    let (code, out, err) = verify();
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("Toàn vẹn: "), "{out}");
    assert_eq!(counts(&out), (demo_dossiers + 3, demo_events + 6), "{out}");

    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query("UPDATE dossier_events SET payload = replace(payload, '\"note\":\"\"', '\"note\":\"sửa lén\"') WHERE seq = 2 AND dossier_id = (SELECT id FROM dossiers WHERE code = $1)")
        .bind(codes[1].to_string())
        .execute(&pool)
        .await
        .unwrap();
    let (code, _, err) = verify();
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("hồ sơ {}, sự kiện thứ 2", codes[1])),
        "{err}"
    );
    assert!(err.contains("hash"), "{err}");

    // Put it back, then remove a whole dossier with its events: the codes show the gap.
    sqlx::query("UPDATE dossier_events SET payload = replace(payload, 'sửa lén', '')")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(verify().0, 0);
    sqlx::query(
        "DELETE FROM dossier_events WHERE dossier_id = (SELECT id FROM dossiers WHERE code = $1)",
    )
    .bind(codes[2].to_string())
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("DELETE FROM dossiers WHERE code = $1")
        .bind(codes[2].to_string())
        .execute(&pool)
        .await
        .unwrap();
    let (code, _, err) = run(motcua(dir.path()).args(["--lang", "en", "audit", "verify"]));
    assert_eq!(code, 1);
    assert!(err.contains("3 issued but 2 dossiers found"), "{err}");
}

/// Every demo dossier is a whole record: events that the audit verifies, the
/// intake details the pages read, nothing stamped after the present. A
/// dossier that loses its events fails the audit.
#[tokio::test]
async fn demo_dossiers_have_events_that_the_audit_verifies() {
    let dir = tempfile::tempdir().unwrap();
    small_demo(dir.path(), "3");
    let (code, out, err) = run(motcua(dir.path()).args(["--lang", "en", "audit", "verify"]));
    assert_eq!(code, 0, "{out}{err}");
    let url = format!("sqlite:{}", dir.path().join("motcua.sqlite").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let scalar = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let dossiers = scalar("SELECT COUNT(*) FROM dossiers").await;
    assert!(dossiers > 2 * 3 * 40, "{dossiers}");
    assert!(
        out.contains(&format!("Intact: {dossiers} dossiers")),
        "the audit saw them all: {out}"
    );
    assert_eq!(
        scalar("SELECT COUNT(*) FROM dossiers d WHERE NOT EXISTS (SELECT 1 FROM dossier_events e WHERE e.dossier_id = d.id)").await,
        0,
        "every dossier has events"
    );
    assert_eq!(
        scalar("SELECT COUNT(*) FROM dossiers d WHERE d.status <> (SELECT e.to_status FROM dossier_events e WHERE e.dossier_id = d.id AND e.seq = d.last_seq)").await,
        0,
        "the status is the last event's"
    );
    assert_eq!(
        scalar(
            "SELECT COUNT(*) FROM dossiers WHERE json_extract(details, '$.procedure_name') IS NULL"
        )
        .await,
        0,
        "the pages show the procedure's name"
    );
    // --until 25/11/2026: its end is the demo's present.
    let end =
        jiff::Timestamp::from_second(scalar("SELECT MAX(at) FROM dossier_events").await).unwrap();
    assert!(end <= "2026-11-25T16:59:59Z".parse().unwrap(), "{end}");

    sqlx::query("DELETE FROM dossier_events WHERE dossier_id = (SELECT MAX(id) FROM dossiers)")
        .execute(&pool)
        .await
        .unwrap();
    let (code, _, err) = run(motcua(dir.path()).args(["--lang", "en", "audit", "verify"]));
    assert_eq!(code, 1);
    assert!(err.contains("1 dossier(s) without any event"), "{err}");
}

/// A scan file changed on disk behind motcua's back is named by
/// `motcua blobs verify` (exit 1); an intact store passes, and the
/// unattached file is collected by `motcua blobs gc`.
#[tokio::test]
async fn blobs_verify_names_a_corrupt_scan_file_and_gc_collects_the_unattached() {
    use motcua_blobs::BlobStore;
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(motcua(dir.path()).arg("migrate"));
    assert_eq!(code, 0, "{err}");
    let blobs = motcua_blobs::FsBlobStore::open(&dir.path().join("blobs"))
        .await
        .unwrap();
    let id = blobs.put(b"%PDF-1.4 not really a scan").await.unwrap();
    drop(blobs);
    let (code, out, err) = run(motcua(dir.path()).args(["blobs", "verify"]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 tệp"), "{out}");

    let path = dir
        .path()
        .join("blobs/sha256")
        .join(&id.to_string()[..2])
        .join(&id.to_string()[2..4])
        .join(id.to_string());
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms).unwrap();
    std::fs::write(&path, b"%PDF-1.4 changed").unwrap();
    let (code, out, err) = run(motcua(dir.path()).args(["blobs", "verify"]));
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains(&id.to_string()) && err.contains("Tệp hỏng"),
        "{err}"
    );

    // No record names it: after the grace period, it goes (its time set far
    // back, so that the test does not depend on the hour it runs at).
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(946_684_800))
        .unwrap();
    let (code, out, err) = run(motcua(dir.path()).args(["blobs", "gc", "--older-than-hours", "0"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Đã xóa 1 tệp"), "{out}");
    assert!(!path.exists());
}

/// `motcua rollups rebuild` counts the demo's figures again from the events:
/// the same numbers the bulk load counted, also after they were spoiled
/// behind motcua's back.
#[tokio::test]
async fn rollups_rebuild_recounts_the_figures_from_the_events() {
    use motcua_store::RollupGroup;
    let dir = tempfile::tempdir().unwrap();
    small_demo(dir.path(), "2");
    let url = format!("sqlite:{}", dir.path().join("motcua.sqlite").display());
    let (from, to) = (jiff::civil::date(2020, 1, 1), jiff::civil::date(2030, 1, 1));
    let figures = || async {
        let store = motcua_store::connect(&url).await.unwrap();
        let by_center = store
            .rollup_sums(None, from, to, RollupGroup::Center)
            .await
            .unwrap();
        let officers = store.officer_sums(None, from, to).await.unwrap();
        (by_center, officers, store.counts().await.unwrap().dossiers)
    };
    let (loaded, officers, dossiers) = figures().await;
    let received: i64 = loaded.iter().map(|s| s.counts.received).sum();
    assert_eq!(received, dossiers, "{loaded:#?}");
    assert!(
        officers.iter().any(|o| o.counts.received > 0),
        "{officers:#?}"
    );

    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    for sql in [
        "UPDATE daily_rollups SET received = received + 5, early = 0",
        "DELETE FROM officer_rollups",
        "UPDATE rollup_rule SET version = 0",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;
    let (code, out, err) = run(motcua(dir.path()).args(["--lang", "en", "rollups", "rebuild"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!("Counted the figures of {dossiers} dossiers again")),
        "{out}"
    );
    let (rebuilt, rebuilt_officers, _) = figures().await;
    assert_eq!(rebuilt, loaded);
    assert_eq!(rebuilt_officers, officers);
}

/// `motcua bench dashboards` on a small province, SQLite only: the table
/// lists the six queries with numbers (DuckDB's column says "not available"
/// when the venv lacks it), and the rollups it stored sum to exactly the
/// dossiers drawn. A second run reuses the data. No timing is asserted.
#[tokio::test]
async fn bench_dashboards_measures_a_small_province() {
    use motcua_store::RollupGroup;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("bench");
    let bench = || {
        run(motcua(dir.path())
            .args(["--lang", "en", "bench", "dashboards"])
            .args([
                "--dossiers",
                "20000",
                "--runs",
                "3",
                "--dir",
                data.to_str().unwrap(),
            ]))
    };
    let (code, out, err) = bench();
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Generating 20,000 dossiers"), "{out}");
    for q in ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)"] {
        let line = out
            .lines()
            .find(|l| l.starts_with(&format!("| {q} ")))
            .unwrap_or_else(|| panic!("no row {q} in {out}"));
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let sqlite_ms: f64 = cells[2].split(' ').next().unwrap().parse().unwrap();
        assert!(sqlite_ms >= 0.0, "{line}");
        assert!(cells[3] == "n/a", "{line}");
        assert!(
            cells[4] == "not available / không có" || cells[4].contains(" ("),
            "{line}"
        );
        assert!(!line.contains('✗'), "the engines disagree: {line}");
    }
    let url = format!("sqlite:{}", data.join("bench.sqlite").display());
    let store = motcua_store::connect(&url).await.unwrap();
    let total = store
        .rollup_sums(
            None,
            jiff::civil::date(2000, 1, 1),
            jiff::civil::date(2100, 1, 1),
            RollupGroup::Total,
        )
        .await
        .unwrap();
    assert_eq!(total.len(), 1);
    assert_eq!(total[0].counts.received, 20_000);
    let c = &total[0].counts;
    assert_eq!(c.in_person + c.online + c.by_post, 20_000);
    drop(store);

    let (code, out, err) = bench();
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Reusing the benchmark's data"), "{out}");
}
