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
    let (center, version) = motcua_store_conformance::intake_ready(&*a).await;
    let node = |store: Arc<dyn Store>, from: usize| async move {
        let mut codes = Vec::new();
        for i in from..from + 20 {
            let d = motcua_store_conformance::new_dossier(
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
        .map(|c| c.seq)
        .collect();
    seqs.sort();
    assert_eq!(seqs, (1..=40).collect::<Vec<u32>>());
}

/// The same statements on whichever pool the test database has (the two
/// pools are different types, so the body is written once and expanded twice).
macro_rules! on_pool {
    ($raw:expr, |$p:ident| $body:expr) => {
        match $raw {
            Raw::Sqlite($p) => $body,
            Raw::Postgres($p) => $body,
        }
    };
}

/// A plain connection to a test database, beside the store.
enum Raw {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Raw {
    async fn connect(url: &str) -> Raw {
        if url.starts_with("sqlite:") {
            Raw::Sqlite(sqlx::SqlitePool::connect(url).await.unwrap())
        } else {
            Raw::Postgres(sqlx::PgPool::connect(url).await.unwrap())
        }
    }

    /// The secondary indexes of the dossier tables, by name.
    async fn dossier_indexes(&self) -> Vec<String> {
        match self {
            Raw::Sqlite(p) => sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL \
                 AND tbl_name IN ('dossiers', 'dossier_events') ORDER BY name",
            )
            .fetch_all(p)
            .await
            .unwrap(),
            Raw::Postgres(p) => sqlx::query_scalar(
                "SELECT indexname::text FROM pg_indexes WHERE schemaname = current_schema() \
                 AND tablename IN ('dossiers', 'dossier_events') AND indexname NOT LIKE '%_pkey' \
                 AND indexname NOT LIKE '%_key' ORDER BY indexname",
            )
            .fetch_all(p)
            .await
            .unwrap(),
        }
    }

    /// What `defer_indexes` leaves of one index when the load dies before
    /// `restore_indexes`: its definition kept, the index gone.
    async fn interrupt_with_deferred(&self, name: &str) {
        let definition = match self {
            Raw::Sqlite(_) => "SELECT sql FROM sqlite_master WHERE name = $1",
            Raw::Postgres(_) => "SELECT indexdef FROM pg_indexes WHERE indexname = $1",
        };
        on_pool!(self, |p| {
            let definition: String = sqlx::query_scalar(definition)
                .bind(name)
                .fetch_one(p)
                .await
                .unwrap();
            let mut tx = p.begin().await.unwrap();
            sqlx::query("INSERT INTO deferred_indexes (name, definition) VALUES ($1, $2)")
                .bind(name)
                .bind(definition)
                .execute(&mut *tx)
                .await
                .unwrap();
            sqlx::query(&format!("DROP INDEX {name}"))
                .execute(&mut *tx)
                .await
                .unwrap();
            tx.commit().await.unwrap();
        })
    }

    /// Spoils the live counts, as a bug in a past version might have.
    async fn spoil_rollups(&self) {
        for sql in [
            "UPDATE daily_rollups SET received = received + 3, late = 0, settle_seconds = 7",
            "UPDATE officer_rollups SET settled = settled + 2, received = 0",
            "UPDATE center_day_rollups SET finished = finished + 1",
            "UPDATE center_month_rollups SET late = late + 4",
            "DELETE FROM procedure_month_rollups",
        ] {
            on_pool!(self, |p| {
                sqlx::query(sql).execute(p).await.unwrap();
            })
        }
    }

    async fn deferred_left(&self) -> i64 {
        let sql = "SELECT COUNT(*) FROM deferred_indexes";
        on_pool!(self, |p| sqlx::query_scalar(sql)
            .fetch_one(p)
            .await
            .unwrap())
    }
}

/// A history load into an empty database builds the dossier indexes once at
/// the end; a load cut short (its process killed) has them built at the next
/// start, from the definitions it kept.
async fn deferred_indexes_come_back(url: &str) {
    let store = motcua_store::connect(url).await.unwrap();
    store.migrate().await.unwrap();
    let raw = Raw::connect(url).await;
    let indexes = raw.dossier_indexes().await;
    assert!(
        indexes.iter().any(|n| n == "dossiers_status"),
        "{indexes:?}"
    );
    let (center, version) = motcua_store_conformance::intake_ready(&*store).await;
    let dossier = |seq: u32| {
        motcua_store_conformance::historic_dossier(
            &format!("000.01.31.H13-261123-{seq:04}"),
            center,
            version,
            motcua_domain::catalog::Channel::Online,
            &[("2026-11-23T01:00:00Z", None, motcua_store::Action::Submit)],
        )
    };
    let batches = vec![vec![dossier(1), dossier(2)], vec![dossier(3)]];
    let written = store
        .load_history(Box::pin(futures::stream::iter(batches)), 2, &|_| {})
        .await
        .unwrap();
    assert_eq!(written, 3);
    assert_eq!(raw.dossier_indexes().await, indexes);
    assert_eq!(raw.deferred_left().await, 0);

    raw.interrupt_with_deferred("dossiers_status").await;
    assert!(!raw
        .dossier_indexes()
        .await
        .iter()
        .any(|n| n == "dossiers_status"));
    let restarted = motcua_store::connect(url).await.unwrap();
    restarted.migrate().await.unwrap();
    assert_eq!(raw.dossier_indexes().await, indexes);
    assert_eq!(raw.deferred_left().await, 0);
}

/// After a random lifecycle run, the rollups rebuilt from the events are the
/// ones the live intake and actions counted, also after the live ones were
/// spoiled (so the rebuild really recomputes).
async fn rebuilt_rollups_equal_the_live_ones(url: &str) {
    use jiff::civil::date;
    let store = motcua_store::connect(url).await.unwrap();
    store.migrate().await.unwrap();
    let center = motcua_store_conformance::random_lifecycle_run(&*store, 766, 40, 400).await;
    let (from, to) = (date(2026, 11, 1), date(2026, 12, 31));
    let live = store.rollups(center, from, to).await.unwrap();
    let levels = || async {
        let mut out = Vec::new();
        for group in [
            motcua_store::RollupGroup::Total,
            motcua_store::RollupGroup::Day,
            motcua_store::RollupGroup::Procedure,
        ] {
            out.extend(store.rollup_sums(None, from, to, group).await.unwrap());
        }
        out
    };
    let live_levels = levels().await;
    // The coarser rollups hold the daily ones' sums.
    let total = live
        .iter()
        .fold(motcua_store::RollupCounts::default(), |mut t, r| {
            t += &r.counts;
            t
        });
    assert_eq!(live_levels[0].counts, total);
    let officers = store.officer_sums(Some(&[center]), from, to).await.unwrap();
    let sum =
        |f: fn(&motcua_store::RollupCounts) -> i64| live.iter().map(|r| f(&r.counts)).sum::<i64>();
    assert_eq!(sum(|c| c.received), 40);
    for (what, n) in [
        ("finished", sum(|c| c.finished)),
        ("late", sum(|c| c.late)),
        ("on time", sum(|c| c.on_time)),
        ("online", sum(|c| c.online)),
        ("settling time", sum(|c| c.settle_seconds)),
    ] {
        assert!(n > 0, "the run should have {what} dossiers: {live:#?}");
    }
    assert!(
        live.iter().any(|r| r.day == date(2026, 11, 24)),
        "a dossier received at 22:xx UTC counts the next day"
    );
    assert_eq!(
        sum(|c| c.in_person) + sum(|c| c.online) + sum(|c| c.by_post),
        40,
        "every dossier came by one channel"
    );
    assert!(sum(|c| c.early) <= sum(|c| c.on_time));
    let officer = |f: fn(&motcua_store::OfficerCounts) -> i64| {
        officers.iter().map(|o| f(&o.counts)).sum::<i64>()
    };
    assert!(
        officer(|c| c.received) > 0 && officer(|c| c.settled) > 0,
        "{officers:#?}"
    );
    assert_eq!(
        officer(|c| c.on_time) + officer(|c| c.late),
        officer(|c| c.settled)
    );

    let raw = Raw::connect(url).await;
    raw.spoil_rollups().await;
    assert_ne!(store.rollups(center, from, to).await.unwrap(), live);
    assert_eq!(store.rebuild_rollups().await.unwrap(), 40);
    assert_eq!(store.rollups(center, from, to).await.unwrap(), live);
    assert_eq!(
        store.officer_sums(Some(&[center]), from, to).await.unwrap(),
        officers
    );
    assert_eq!(
        store.rollup_version().await.unwrap(),
        motcua_domain::dossier::rollup::RULE_VERSION
    );
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

    motcua_store_conformance::conformance_tests!(make);

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn rollups_rebuilt_from_events_equal_the_live_ones() {
        let dir = tempfile::tempdir().unwrap();
        rebuilt_rollups_equal_the_live_ones(&format!(
            "sqlite:{}",
            dir.path().join("rollups.sqlite").display()
        ))
        .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn deferred_indexes_come_back_after_a_load() {
        let dir = tempfile::tempdir().unwrap();
        deferred_indexes_come_back(&format!(
            "sqlite:{}",
            dir.path().join("load.sqlite").display()
        ))
        .await;
    }

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

    motcua_store_conformance::conformance_tests!(make);

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn rollups_rebuilt_from_events_equal_the_live_ones() {
        let Some(url) = fresh_database("rollups").await else {
            return;
        };
        rebuilt_rollups_equal_the_live_ones(&url).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn deferred_indexes_come_back_after_a_load() {
        let Some(url) = fresh_database("deferred").await else {
            return;
        };
        deferred_indexes_come_back(&url).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_app_nodes_share_one_sequence() {
        let Some(url) = fresh_database("nodes").await else {
            return;
        };
        two_nodes_share_one_sequence(&url).await;
    }
}
