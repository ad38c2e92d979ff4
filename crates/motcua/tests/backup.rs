//! Black-box tests of `motcua backup` and `motcua restore`: the real binary,
//! a real server under intake load, and the files it leaves on disk.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde_json::{json, Value};

mod common;
use common::{motcua, run, Server};

/// The demo's last day of history. Postings start 30 days before its first
/// day and never end, so any later clock (any hour, any weekday) can receive.
const UNTIL: &str = "2025-11-20";

/// A small demo province in `data`; returns a reception login of a commune center.
fn demo(data: &Path) -> String {
    let (code, out, err) =
        run(motcua(data).args(["demo", "--centers", "3", "--days", "3", "--until", UNTIL]));
    assert_eq!(code, 0, "{err}");
    out.lines()
        .map(str::trim)
        .find(|l| l.starts_with("tiepnhan"))
        .and_then(|l| l.split_whitespace().next())
        .expect("the demo prints a reception login")
        .to_string()
}

/// The numbers of `Toàn vẹn: N hồ sơ, M sự kiện, …`.
fn audit_counts(out: &str) -> (u64, u64) {
    let line = out
        .lines()
        .find(|l| l.starts_with("Toàn vẹn: ") || l.starts_with("Intact: "))
        .unwrap_or_else(|| panic!("an audit summary in {out:?}"));
    let n: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    (n[0], n[1])
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// A signed-in reception officer: session cookie, CSRF token, their center.
#[derive(Clone)]
struct Officer {
    cookie: String,
    csrf: String,
    center: i64,
}

async fn sign_in(client: &reqwest::Client, base: &str, username: &str) -> Officer {
    let r = client
        .post(format!("{base}/api/v1/session"))
        .json(&json!({ "username": username, "password": "motcua-demo" }))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "sign in: {}", r.status());
    let cookie = r
        .headers()
        .get(reqwest::header::SET_COOKIE)
        .expect("a session cookie")
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let me: Value = r.json().await.unwrap();
    Officer {
        cookie,
        csrf: me["csrf_token"].as_str().unwrap().to_string(),
        center: me["postings"][0]["center_id"]
            .as_i64()
            .unwrap_or_else(|| panic!("{username} is posted somewhere: {me}")),
    }
}

fn intake_body(center: i64, n: usize) -> Value {
    json!({
        "center_id": center,
        "procedure_code": "2.004001",
        "applicant": {
            "name": format!("Người nộp {n}"),
            "id_number": format!("0921900{:05}", n % 100_000),
            "phone": "0912 345 678",
            "address": "12 Hòa Bình"
        },
        "components": [
            { "name": "Tờ khai đăng ký khai sinh", "count": 1 },
            { "name": "Giấy chứng sinh", "count": 1 },
            { "name": "Giấy tờ tùy thân của người yêu cầu", "count": 1, "original_shown": true }
        ],
        "result_channel": "counter",
        "decision": { "kind": "accept" }
    })
}

/// Receives dossiers until `stop` or the shared budget runs out; every code
/// acknowledged with 201 goes to `acked`, in the order the answers came.
async fn intake_load(
    client: reqwest::Client,
    base: String,
    officer: Officer,
    budget: Arc<std::sync::atomic::AtomicUsize>,
    acked: Arc<Mutex<Vec<String>>>,
    count: tokio::sync::watch::Sender<usize>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> Vec<String> {
    use std::sync::atomic::Ordering;
    let mut failures = Vec::new();
    loop {
        if *stop.borrow_and_update() {
            break;
        }
        let Ok(n) = budget.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        else {
            break;
        };
        let r = client
            .post(format!("{base}/api/v1/dossiers"))
            .header("Cookie", &officer.cookie)
            .header("X-CSRF-Token", &officer.csrf)
            .json(&intake_body(officer.center, n))
            .send()
            .await;
        match r {
            Ok(r) if r.status() == reqwest::StatusCode::CREATED => {
                let d: Value = r.json().await.unwrap();
                let code = d["code"].as_str().unwrap().to_string();
                let mut acked = acked.lock().unwrap();
                acked.push(code);
                count.send_replace(acked.len());
            }
            Ok(r) => {
                let status = r.status();
                failures.push(format!("{status}: {}", r.text().await.unwrap_or_default()));
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    failures
}

/// The test that matters: a backup taken while dossiers keep arriving holds
/// every dossier acknowledged before it began, restores, and audits clean.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_under_intake_load_restores_every_acknowledged_dossier() {
    const TASKS: usize = 4;
    const BUDGET: usize = 320;
    const BEFORE_BACKUP: usize = 200;

    let work = tempfile::tempdir().unwrap();
    let live = work.path().join("live");
    let username = demo(&live);
    let (code, out, err) = run(motcua(&live).args(["audit", "verify"]));
    assert_eq!(code, 0, "{err}");
    let (demo_dossiers, _) = audit_counts(&out);

    let server = Server::start(&live, None);
    let client = reqwest::Client::new();
    server.ready(&client).await;
    let officer = sign_in(&client, &server.base, &username).await;

    let budget = Arc::new(std::sync::atomic::AtomicUsize::new(BUDGET));
    let acked = Arc::new(Mutex::new(Vec::new()));
    let (count_tx, mut count_rx) = tokio::sync::watch::channel(0usize);
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let load: Vec<_> = (0..TASKS)
        .map(|_| {
            tokio::spawn(intake_load(
                client.clone(),
                server.base.clone(),
                officer.clone(),
                budget.clone(),
                acked.clone(),
                count_tx.clone(),
                stop_rx.clone(),
            ))
        })
        .collect();
    drop(count_tx);

    // Every dossier acknowledged before the backup starts must be in it.
    count_rx
        .wait_for(|n| *n >= BEFORE_BACKUP)
        .await
        .expect("the load acknowledges dossiers");
    let before: Vec<String> = acked.lock().unwrap().clone();
    let backup = work.path().join("backups").join("motcua-backup.sqlite");
    std::fs::create_dir_all(backup.parent().unwrap()).unwrap();
    let started = Instant::now();
    let output = tokio::process::Command::from(motcua(&live))
        .arg("backup")
        .arg(&backup)
        .output()
        .await
        .unwrap();
    let backup_time = started.elapsed();
    let during = acked.lock().unwrap().len() - before.len();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let said = String::from_utf8(output.stdout).unwrap();
    assert!(said.starts_with("Đã sao lưu "), "{said}");
    assert!(said.contains("motcua-backup.sqlite"), "{said}");

    // The server kept serving: more dossiers come in after the backup, then stop.
    let wanted = before.len() + during + 30;
    count_rx.wait_for(|n| *n >= wanted.min(BUDGET)).await.ok();
    stop_tx.send_replace(true);
    for task in load {
        let failures = task.await.unwrap();
        assert!(failures.is_empty(), "every intake succeeds: {failures:?}");
    }
    let all: Vec<String> = acked.lock().unwrap().clone();
    drop(server);

    #[cfg(unix)]
    assert_eq!(mode(&backup), 0o600, "the backup is private");
    let leftovers: Vec<_> = std::fs::read_dir(backup.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no temporary file is left: {leftovers:?}"
    );

    // Restore into a fresh data directory; the restore audits the result.
    let restored = work.path().join("restored");
    let (code, out, err) = run(motcua(&restored).arg("restore").arg(&backup));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("Đã khôi phục "), "{out}");
    let (audited, _) = audit_counts(&out);
    let (code, again, err) = run(motcua(&restored).args(["audit", "verify"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(audit_counts(&again), audit_counts(&out));

    let url = format!("sqlite:{}", restored.join("motcua.sqlite").display());
    let store = motcua_store::connect(&url).await.unwrap();
    let mut present = 0;
    let mut missing = Vec::new();
    for code in &all {
        match store.dossier(&code.parse().unwrap()).await.unwrap() {
            Some(_) => present += 1,
            None => missing.push(code.clone()),
        }
    }
    let lost: Vec<&String> = before.iter().filter(|c| missing.contains(c)).collect();
    assert!(
        lost.is_empty(),
        "acknowledged before the backup began but not restored: {lost:?}"
    );
    assert_eq!(
        audited,
        demo_dossiers + present as u64,
        "the audit saw the demo's dossiers and exactly the restored intakes"
    );
    drop(store);

    // The restored database serves the dossiers.
    let server = Server::start(&restored, None);
    server.ready(&client).await;
    let officer = sign_in(&client, &server.base, &username).await;
    for code in [before.first().unwrap(), before.last().unwrap()] {
        let r = client
            .get(format!("{}/api/v1/dossiers/{code}", server.base))
            .header("Cookie", &officer.cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), reqwest::StatusCode::OK, "{code}");
        let d: Value = r.json().await.unwrap();
        assert_eq!(d["code"], code.as_str());
    }
    drop(server);

    eprintln!(
        "backup under load: {} dossiers acknowledged before the backup began, {} while it ran \
         ({:.3} s), {} in all; {} present after restore (all {} of before), audit: {} dossiers",
        before.len(),
        during,
        backup_time.as_secs_f64(),
        all.len(),
        present,
        before.len(),
        audited
    );
}

#[test]
fn the_data_directory_and_database_are_private() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("nested").join("data");
    let (code, _, err) = run(motcua(&data).arg("migrate"));
    assert_eq!(code, 0, "{err}");
    #[cfg(unix)]
    {
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&work.path().join("nested")), 0o700);
        let db = data.join("motcua.sqlite");
        assert_eq!(mode(&db), 0o600);
        for side in ["motcua.sqlite-wal", "motcua.sqlite-shm"] {
            let side = data.join(side);
            if side.exists() {
                assert_eq!(mode(&side), 0o600, "{}", side.display());
            }
        }
    }
}

#[test]
fn backup_and_restore_refuse_to_overwrite_and_keep_what_they_replace() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    demo(&data);
    let dest = work.path().join("b.sqlite");
    std::fs::write(&dest, "something precious").unwrap();
    let (code, _, err) = run(motcua(&data).arg("backup").arg(&dest));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("{} đã có; không ghi đè", dest.display())),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&dest).unwrap(),
        "something precious"
    );
    let (code, _, err) = run(motcua(&data).args(["--lang", "en", "backup"]).arg(&dest));
    assert_eq!(code, 2);
    assert!(err.contains("already exists; not overwriting it"), "{err}");
    let (code, out, err) = run(motcua(&data).args(["backup", "--force"]).arg(&dest));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Đã sao lưu"), "{out}");
    #[cfg(unix)]
    assert_eq!(mode(&dest), 0o600);

    // A backup of a database that is not there is an error, not a new empty database.
    let (code, _, err) = run(motcua(&work.path().join("nothing"))
        .arg("backup")
        .arg(work.path().join("x.sqlite")));
    assert_eq!(code, 1);
    assert!(err.contains("không có cơ sở dữ liệu tại"), "{err}");
    assert!(!work.path().join("nothing").join("motcua.sqlite").exists());

    // Restore refuses a database a running motcua is using, even with --force.
    {
        let _server = Server::start(&data, None);
        let (code, _, err) = run(motcua(&data).args(["restore", "--force"]).arg(&dest));
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("đang được một tiến trình motcua dùng"),
            "{err}"
        );
    }

    // Restore refuses an existing database, then keeps it aside with --force.
    let (code, _, err) = run(motcua(&data).arg("restore").arg(&dest));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("motcua.sqlite đã có"), "{err}");
    let (code, out, err) = run(motcua(&data).args(["restore", "--force"]).arg(&dest));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("cơ sở dữ liệu cũ được giữ ở"), "{out}");
    assert!(out.contains("Toàn vẹn: "), "{out}");
    let kept: Vec<PathBuf> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with("motcua.sqlite.before-restore-") && !name.ends_with("-wal")
        })
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let (code, out, err) = run(motcua(&data)
        .args(["audit", "verify", "--database"])
        .arg(format!("sqlite:{}", kept[0].display())));
    assert_eq!(code, 0, "the kept database still opens: {err}");
    assert!(out.starts_with("Toàn vẹn: "), "{out}");
    let names: Vec<String> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.ends_with(".tmp")),
        "no temporary file is left: {names:?}"
    );

    // Not a database, or not motcua's: nothing is restored.
    let junk = work.path().join("junk.sqlite");
    std::fs::write(&junk, "not a database").unwrap();
    let fresh = work.path().join("fresh");
    let (code, _, err) = run(motcua(&fresh).arg("restore").arg(&junk));
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!(
            "{} không phải cơ sở dữ liệu SQLite",
            junk.display()
        )),
        "{err}"
    );
    let (code, _, err) = run(motcua(&fresh).args(["--lang", "en", "restore"]).arg(&junk));
    assert_eq!(code, 1);
    assert!(err.contains("is not a SQLite database"), "{err}");
    assert!(!fresh.join("motcua.sqlite").exists());
}

/// `motcua backup` on PostgreSQL runs pg_dump, when the test cluster is there.
#[tokio::test]
async fn backup_on_postgresql_is_a_pg_dump_archive() {
    let Some((url, _)) = common::postgres_database("backup").await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(motcua(dir.path()).args(["migrate", "--database", &url]));
    assert_eq!(code, 0, "{err}");
    let dest = dir.path().join("motcua.dump");
    let (code, out, err) = run(motcua(dir.path())
        .args(["backup", "--database", &url])
        .arg(&dest));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Đã sao lưu"), "{out}");
    let bytes = std::fs::read(&dest).unwrap();
    assert!(bytes.starts_with(b"PGDMP"), "a custom-format archive");
    #[cfg(unix)]
    assert_eq!(mode(&dest), 0o600);
    if let Some(pg_restore) = motcua_store::pg_program("pg_restore") {
        let list = Command::new(pg_restore)
            .arg("--list")
            .arg(&dest)
            .output()
            .unwrap();
        assert!(list.status.success());
        assert!(String::from_utf8_lossy(&list.stdout).contains("dossier_events"));
    }
    let (code, _, err) = run(motcua(dir.path())
        .args(["restore", "--database", &url])
        .arg(&dest));
    assert_eq!(code, 2, "restore into PostgreSQL points to pg_restore");
    assert!(err.contains("pg_restore"), "{err}");
}

/// A database made world-readable by an older release becomes private at the
/// next start.
#[cfg(unix)]
#[test]
fn an_old_world_readable_database_becomes_private() {
    use std::os::unix::fs::PermissionsExt;
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    let (code, _, err) = run(motcua(&data).arg("migrate"));
    assert_eq!(code, 0, "{err}");
    let db = data.join("motcua.sqlite");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (code, _, err) = run(motcua(&data).arg("migrate"));
    assert_eq!(code, 0, "{err}");
    assert_eq!(mode(&db), 0o600);
}

/// The scans go with the database: `DEST.blobs` beside the backup (only the
/// new files on the next backup), and back into the data directory on restore.
#[tokio::test]
async fn scans_are_backed_up_beside_the_database_and_restored() {
    use motcua_blobs::BlobStore;
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    let (code, _, err) = run(motcua(&data).arg("migrate"));
    assert_eq!(code, 0, "{err}");
    let scans = motcua_blobs::FsBlobStore::open(&data.join("blobs"))
        .await
        .unwrap();
    let first = scans.put(b"%PDF-1.4 trang 1").await.unwrap();
    let dest = work.path().join("sao-luu.sqlite");
    let (code, out, err) = run(motcua(&data).arg("backup").arg(&dest));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Bản quét: 1 tệp"), "{out}");
    let second = scans.put(b"%PDF-1.4 trang 2").await.unwrap();
    drop(scans);
    let again = work.path().join("sao-luu-2.sqlite");
    let (code, out, err) = run(motcua(&data).arg("backup").arg(&again));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("2 tệp") && out.contains("(2 tệp mới)"),
        "{out}"
    );

    let fresh = work.path().join("khoi-phuc");
    let (code, out, err) = run(motcua(&fresh).arg("restore").arg(&again));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Đã khôi phục 2 tệp bản quét"), "{out}");
    let restored = motcua_blobs::FsBlobStore::open(&fresh.join("blobs"))
        .await
        .unwrap();
    for id in [first, second] {
        assert!(restored.contains(&id).await.unwrap(), "{id}");
    }
    assert!(restored.verify(&|_| {}).await.unwrap().is_clean());
}
