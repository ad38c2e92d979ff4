//! An acknowledged write survives the process being killed. The test runs its
//! own binary again as a child that writes dossiers one transaction at a time
//! and prints each code only after the commit returned; the parent kills it
//! with SIGKILL mid-stream, reopens the database, and checks that every
//! acknowledged dossier is there and the file is intact.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use motcua_domain::catalog::{parse_csv, Channel, DEMO_CATALOG_CSV};
use motcua_domain::dossier::HistoricDossier;

const CHILD_DB: &str = "MOTCUA_DURABILITY_DB";

fn dossier(
    seq: u32,
    version: motcua_store::ProcedureVersionId,
    center: motcua_store::CenterId,
) -> HistoricDossier {
    motcua_store_conformance::historic_dossier(
        &format!("000.01.31.H13-261126-{seq:04}"),
        center,
        version,
        Channel::InPerson,
        &[(
            "2026-11-26T01:00:00Z",
            Some(motcua_domain::org::Role::Reception),
            motcua_store::Action::Accept {
                appointment: "2026-11-27T01:00:00Z".parse().unwrap(),
            },
        )],
    )
}

/// The child: writes until killed. Run only by the parent test.
#[tokio::test]
#[ignore = "run by acknowledged_writes_survive_sigkill as its child process"]
async fn durability_child() {
    let url = std::env::var(CHILD_DB).expect("started by the parent test");
    let store = motcua_store::connect(&url).await.unwrap();
    let version = store
        .procedure(&"2.004001".parse().unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    let center = store.centers().await.unwrap()[0].id;
    for seq in 1..=9999 {
        let d = dossier(seq, version, center);
        store
            .insert_history(std::slice::from_ref(&d), &|_| {})
            .await
            .unwrap();
        println!("ACK {}", d.code);
    }
}

#[tokio::test]
async fn acknowledged_writes_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("crash.sqlite").display());
    {
        let store = motcua_store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        let catalog = parse_csv(DEMO_CATALOG_CSV.as_bytes()).unwrap();
        store
            .import_catalog(&catalog, "2026-11-24T01:30:00Z".parse().unwrap(), &|_| {})
            .await
            .unwrap();
        motcua_store_conformance::seed_center(&*store).await;
    }
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "durability_child",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DB, &url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut acknowledged = Vec::new();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        if let Some(code) = line.unwrap().strip_prefix("ACK ") {
            acknowledged.push(code.to_string());
            if acknowledged.len() == 300 {
                child.kill().unwrap(); // SIGKILL: no chance to flush or close
                break;
            }
        }
    }
    child.wait().unwrap();
    assert_eq!(
        acknowledged.len(),
        300,
        "the child wrote before it was killed"
    );

    let store = motcua_store::connect(&url).await.unwrap();
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(integrity, "ok");
    let stored: Vec<String> = sqlx::query_scalar("SELECT code FROM dossiers ORDER BY code")
        .fetch_all(&pool)
        .await
        .unwrap();
    for code in &acknowledged {
        assert!(stored.contains(code), "acknowledged {code} was lost");
    }
    // Counters and rollups were written in the same transactions as the dossiers.
    let n = stored.len() as i64;
    let agency = "000.01.31.H13".parse().unwrap();
    assert_eq!(
        store
            .last_dossier_seq(&agency, jiff::civil::date(2026, 11, 26))
            .await
            .unwrap(),
        n
    );
    let center = store.centers().await.unwrap()[0].id;
    let day = jiff::civil::date(2026, 11, 26);
    assert_eq!(
        store.rollups(center, day, day).await.unwrap()[0]
            .counts
            .received,
        n
    );
}
