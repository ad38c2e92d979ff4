//! Storage behind one trait, [`Store`], with a SQLite backend (the embedded
//! default) and a PostgreSQL backend (for deployments that outgrow one machine).
//! `Store` is the sum of one trait per concern, each with its SQL in its own
//! file (`org.rs`, `access.rs`, `catalog.rs`, `dossiers.rs`, `lists.rs`,
//! `history.rs`, `reports.rs`, `guidance.rs`…), written once for both drivers and expanded by
//! `sql.rs`. Both backends have their own migrations and pass the same
//! conformance suite (the `motcua-store-conformance` crate). A `dyn Store` answers every concern's methods
//! without importing their traits.

mod access;
mod applicants;
mod attachments;
mod catalog;
mod certifications;
mod dashboards;
mod deliveries;
mod dossiers;
mod error;
mod feedback;
mod guidance;
mod history;
mod jobs;
mod lists;
mod manifests;
mod model;
mod notices;
mod org;
pub mod password;
mod postgres;
mod queue;
mod reports;
mod sql;
mod sqlite;

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use jiff::civil::Date;
use jiff::Timestamp;

pub use access::AccessStore;
pub use attachments::AttachmentStore;
pub use catalog::CatalogStore;
pub use certifications::CertificationStore;
pub use dashboards::{
    Behind, BehindPage, DashboardStore, OfficerSum, OpenCounts, QueueSum, RatingCount, RollupGroup,
    RollupSum,
};
pub use deliveries::{DeliveryStore, CARRIER_CANCEL, CARRIER_CREATE};
pub use dossiers::DossierStore;
pub use error::StoreError;
pub use feedback::{
    FeedbackChange, FeedbackFilter, FeedbackRecord, FeedbackStep, FeedbackStore, NewFeedback,
    PublishedFeedback,
};
pub use guidance::{GuidanceCount, GuidanceRecord, GuidanceStore};
pub use history::HistoryStore;
pub use jobs::{Job, JobCounts, JobStore, OCR};
pub use lists::ListStore;
pub use manifests::{
    Manifest, ManifestItem, ManifestLine, ManifestReceipt, ManifestStore, NewManifest, ReceivedLine,
};
pub use model::*;
pub use notices::{NoticeStore, NOTIFY};
pub use org::OrgStore;
pub use postgres::{pg_program, PgStore};
pub use queue::{
    Counter, HistoricTicket, Kiosk, NewKiosk, NewRating, NewServiceGroup, NewTicket, QueueStore,
    Rating, ServiceGroup, Ticket, TicketChange,
};
pub use reports::ReportStore;
pub use sqlite::{
    check_sqlite_file, create_private_dir, lock_exclusive, sqlite_path, FileProblem, SqliteStore,
};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Called with the number of items done so far, for progress bars.
pub type Progress<'a> = &'a (dyn Fn(u64) + Send + Sync);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        })
    }
}

#[async_trait]
pub trait Store:
    OrgStore
    + AccessStore
    + AttachmentStore
    + CatalogStore
    + CertificationStore
    + DeliveryStore
    + DossierStore
    + ListStore
    + ManifestStore
    + NoticeStore
    + QueueStore
    + GuidanceStore
    + FeedbackStore
    + HistoryStore
    + JobStore
    + ReportStore
    + DashboardStore
    + Maintenance
    + Send
    + Sync
    + 'static
{
    fn backend(&self) -> Backend;

    /// Applies this backend's embedded migrations that have not run yet.
    async fn migrate(&self) -> Result<()>;
}

/// What only each backend can do, implemented outside the shared SQL
/// (`sqlite.rs`, `postgres.rs`); every [`Store`] has it.
#[async_trait]
pub trait Maintenance {
    /// Writes a consistent copy of the whole database to `path` while the
    /// store keeps serving: SQLite's `VACUUM INTO` in one read transaction, or
    /// `pg_dump --format=custom`. `path` must not exist or be an empty file
    /// (whose permissions the copy keeps); the copy is flushed to disk.
    async fn backup_into(&self, path: &std::path::Path) -> Result<()>;
}

/// Opens the store a URL names: `sqlite:PATH` or `postgres://…`.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgStore::connect(url).await?))
    } else if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::connect(url).await?))
    } else {
        Err(StoreError::Config(format!(
            "unsupported database URL {}: use sqlite:PATH or postgres://…",
            redact(url)
        )))
    }
}

/// The URL with any password replaced, safe to print or log.
pub fn redact(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://") {
        if let Some((creds, host)) = rest.split_once('@') {
            if let Some((user, _)) = creds.split_once(':') {
                return format!("{scheme}://{user}:***@{host}");
            }
        }
    }
    url.to_string()
}

#[cfg(test)]
mod tests {
    /// Both backends go through the same schema versions, each under the
    /// same name: a migration written for one only would leave the other
    /// behind (and `_sqlx_migrations` would disagree between them).
    #[test]
    fn both_backends_have_the_same_migrations() {
        let names = |backend: &str| {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("migrations")
                .join(backend);
            let mut names: Vec<String> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        let (sqlite, postgres) = (names("sqlite"), names("postgres"));
        assert!(sqlite.len() >= 8, "{sqlite:?}");
        assert_eq!(sqlite, postgres);
        for (i, name) in sqlite.iter().enumerate() {
            assert!(
                name.starts_with(&format!("{:04}_", i + 1)),
                "versions without a gap: {name}"
            );
        }
    }

    #[test]
    fn redacts_passwords_only() {
        assert_eq!(
            super::redact("postgres://motcua:s3cret@db:5432/x"),
            "postgres://motcua:***@db:5432/x"
        );
        assert_eq!(
            super::redact("postgres://motcua@db/x"),
            "postgres://motcua@db/x"
        );
        assert_eq!(
            super::redact("sqlite:data/motcua.sqlite"),
            "sqlite:data/motcua.sqlite"
        );
    }
}
