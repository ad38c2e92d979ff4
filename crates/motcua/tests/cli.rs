//! Black-box tests: the real `motcua` binary, as a person or a script runs it.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use motcua_domain::catalog::DEMO_CATALOG_CSV;

fn motcua(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_motcua"));
    for (k, _) in std::env::vars() {
        if k.starts_with("MOTCUA_") {
            c.env_remove(k);
        }
    }
    c.env("RUST_LOG", "warn").arg("--data-dir").arg(data);
    c
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("motcua runs");
    (
        status.code().unwrap_or(-1),
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
    )
}

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
        "--demo-days",
        "1",
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
    let Some(admin) = std::env::var("MOTCUA_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        assert!(
            std::env::var_os("MOTCUA_REQUIRE_POSTGRES").is_none(),
            "MOTCUA_TEST_POSTGRES_URL must be set"
        );
        return;
    };
    let name = format!("cli_{}", std::process::id());
    let pool = sqlx::PgPool::connect(&admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&pool)
        .await
        .unwrap();
    let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
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
