//! Runs the conformance suite against every backend. SQLite always runs; the
//! PostgreSQL half needs `MOTCUA_TEST_POSTGRES_URL` (the test command starts a
//! throwaway cluster and sets it) and fails when `MOTCUA_REQUIRE_POSTGRES` is set
//! but the URL is not.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use motcua_store::Store;

pub struct TestStore {
    pub store: Arc<dyn Store>,
    _dir: Option<tempfile::TempDir>,
}

/// Two independent store instances (as two app processes would have) open
/// dossiers for one agency at the same time: one sequence, no gaps.
async fn two_nodes_share_one_sequence(url: &str) {
    let a = motcua_store::connect(url).await.unwrap();
    a.migrate().await.unwrap();
    let b = motcua_store::connect(url).await.unwrap();
    let (center, version) = motcua_store::conformance::intake_ready(&*a).await;
    let node = |store: Arc<dyn Store>, from: usize| async move {
        let mut codes = Vec::new();
        for i in from..from + 20 {
            let d = motcua_store::conformance::new_dossier(
                center,
                version,
                "2026-11-26T02:00:00Z",
                &format!("0921900{i:05}"),
                "0912000000",
            );
            codes.push(store.open_dossier(&d).await.unwrap().code);
        }
        codes
    };
    let (x, y) = tokio::join!(tokio::spawn(node(a.clone(), 0)), tokio::spawn(node(b, 100)));
    let mut seqs: Vec<u32> = x
        .unwrap()
        .into_iter()
        .chain(y.unwrap())
        .map(|c| c.rsplit('-').next().unwrap().parse().unwrap())
        .collect();
    seqs.sort();
    assert_eq!(seqs, (1..=40).collect::<Vec<u32>>());
}

mod sqlite {
    use super::*;

    async fn make() -> Option<TestStore> {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("test.sqlite").display());
        let store = motcua_store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        Some(TestStore {
            store,
            _dir: Some(dir),
        })
    }

    motcua_store::conformance_tests!(make);

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_app_nodes_share_one_sequence() {
        let dir = tempfile::tempdir().unwrap();
        two_nodes_share_one_sequence(&format!(
            "sqlite:{}",
            dir.path().join("nodes.sqlite").display()
        ))
        .await;
    }
}

mod postgres {
    use super::*;

    static NEXT: AtomicU32 = AtomicU32::new(0);

    /// The test cluster's URL with a fresh database in it.
    async fn fresh_database(prefix: &str) -> Option<String> {
        let Some(admin_url) = std::env::var("MOTCUA_TEST_POSTGRES_URL")
            .ok()
            .filter(|u| !u.is_empty())
        else {
            assert!(
                std::env::var_os("MOTCUA_REQUIRE_POSTGRES").is_none(),
                "MOTCUA_REQUIRE_POSTGRES is set but MOTCUA_TEST_POSTGRES_URL is not"
            );
            eprintln!("PostgreSQL skipped: MOTCUA_TEST_POSTGRES_URL is not set");
            return None;
        };
        let name = format!(
            "{prefix}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let admin = sqlx::PgPool::connect(&admin_url)
            .await
            .expect("connect to the test cluster");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&admin)
            .await
            .unwrap();
        admin.close().await;
        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url.as_str(), |(b, _)| b);
        Some(format!("{base}/{name}"))
    }

    async fn make() -> Option<TestStore> {
        let url = fresh_database("conformance").await?;
        let store = motcua_store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        Some(TestStore { store, _dir: None })
    }

    motcua_store::conformance_tests!(make);

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_app_nodes_share_one_sequence() {
        let Some(url) = fresh_database("nodes").await else {
            return;
        };
        two_nodes_share_one_sequence(&url).await;
    }
}
