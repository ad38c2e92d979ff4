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
}

mod postgres {
    use super::*;

    static NEXT: AtomicU32 = AtomicU32::new(0);

    /// A fresh database in the test cluster for each test.
    async fn make() -> Option<TestStore> {
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
            "conformance_{}_{}",
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
        let store = motcua_store::connect(&format!("{base}/{name}"))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        Some(TestStore { store, _dir: None })
    }

    motcua_store::conformance_tests!(make);
}
