//! Storage behind one trait, [`Store`], with a SQLite backend (the embedded
//! default) and a PostgreSQL backend (for deployments that outgrow one machine).
//! Both run the same SQL (written once in `sql.rs`), have their own migrations,
//! and pass the same [`conformance`] suite.

pub mod conformance;
mod error;
mod model;
mod postgres;
mod sql;
mod sqlite;

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use jiff::civil::Date;
use jiff::Timestamp;
use motcua_domain::catalog::Catalog;
use motcua_domain::org::{
    Assignment, NewAccount, NewAgency, NewCenter, NewProvince, NewStaff, NewUnit,
};
use motcua_domain::ProcedureCode;

pub use error::StoreError;
pub use model::*;
pub use postgres::{pg_program, PgStore};
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
pub trait Store: Maintenance + Send + Sync + 'static {
    fn backend(&self) -> Backend;

    /// Applies this backend's embedded migrations that have not run yet.
    async fn migrate(&self) -> Result<()>;

    // Organisation
    async fn create_province(&self, p: &NewProvince) -> Result<i64>;
    /// The deployment's province (one per deployment), once created.
    async fn province(&self) -> Result<Option<Province>>;
    async fn create_unit(&self, province_id: i64, u: &NewUnit) -> Result<i64>;
    async fn units(&self) -> Result<Vec<Unit>>;
    async fn create_agency(&self, a: &NewAgency) -> Result<i64>;
    async fn agencies(&self) -> Result<Vec<Agency>>;
    async fn create_center(&self, c: &NewCenter) -> Result<i64>;
    async fn centers(&self) -> Result<Vec<Center>>;
    async fn center(&self, id: i64) -> Result<Option<Center>>;
    /// Changes a center's office sessions; deadlines computed afterwards use them.
    async fn set_office_hours(
        &self,
        center_id: i64,
        hours: &motcua_calendar::OfficeHours,
    ) -> Result<()>;
    async fn create_staff(&self, s: &NewStaff) -> Result<i64>;
    async fn create_account(&self, staff_id: Option<i64>, a: &NewAccount) -> Result<i64>;
    async fn account(&self, username: &str) -> Result<Option<Account>>;
    async fn account_by_id(&self, id: i64) -> Result<Option<Account>>;
    /// How each of these accounts is named on paper: its staff member's full
    /// name, or its login when it has no staff record. Unknown ids are left out.
    async fn account_names(&self, account_ids: &[i64]) -> Result<HashMap<i64, String>>;
    /// The centers where the account's staff member is posted on `day`.
    async fn postings_of(&self, account_id: i64, day: Date) -> Result<Vec<AccountPosting>>;
    async fn create_session(
        &self,
        id_hash: &str,
        account_id: i64,
        csrf: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<()>;
    async fn session(&self, id_hash: &str) -> Result<Option<SessionRecord>>;
    async fn delete_session(&self, id_hash: &str) -> Result<()>;
    async fn create_token(
        &self,
        token_hash: &str,
        account_id: i64,
        scope: &str,
        label: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<i64>;
    /// The token with this hash, also when expired or revoked (the caller
    /// judges it against its clock).
    async fn token(&self, token_hash: &str) -> Result<Option<TokenRecord>>;
    /// An account's tokens, newest first, with the revoked and expired ones.
    async fn tokens_of(&self, account_id: i64) -> Result<Vec<TokenRecord>>;
    /// Revokes one of the account's tokens; false when it has no such token
    /// (or it was revoked already).
    async fn revoke_token(&self, account_id: i64, token_id: i64, at: Timestamp) -> Result<bool>;
    /// Sets a new password hash, and in the same transaction revokes every
    /// token of the account and ends all its sessions.
    async fn set_password(&self, account_id: i64, password_hash: &str, at: Timestamp)
        -> Result<()>;
    /// Records who read whose full personal data.
    async fn record_personal_data_reads(&self, reads: &[PersonalDataRead]) -> Result<()>;
    /// The readings of one dossier's personal data, oldest first.
    async fn personal_data_reads(&self, dossier_id: i64) -> Result<Vec<PersonalDataRead>>;
    /// The deployment's secret called `name`: `candidate` is stored the first
    /// time, and whatever was stored first is returned ever after (also when
    /// several processes start at once).
    async fn secret(&self, name: &str, candidate: &str) -> Result<String>;
    async fn assign(&self, staff_id: i64, center_id: i64, a: &Assignment) -> Result<i64>;
    /// Staff posted at a center on a day, with their role there.
    async fn staff_at(&self, center_id: i64, day: Date) -> Result<Vec<Posting>>;

    // Catalog
    /// Imports a whole catalog in one transaction: new procedures get version 1,
    /// changed ones a new version, identical ones are left alone. On any error
    /// nothing is written.
    async fn import_catalog(
        &self,
        c: &Catalog,
        at: Timestamp,
        progress: Progress<'_>,
    ) -> Result<ImportReport>;
    /// The current version of every procedure.
    async fn export_catalog(&self) -> Result<Catalog>;
    async fn fields(&self) -> Result<Vec<FieldSummary>>;
    async fn procedures(&self, q: &ProcedureQuery) -> Result<Vec<ProcedureSummary>>;
    async fn procedure(&self, code: &ProcedureCode) -> Result<Option<ProcedureVersion>>;
    async fn procedure_versions(&self, code: &ProcedureCode) -> Result<Vec<ProcedureVersion>>;
    /// Replaces the list of procedures a center receives.
    async fn set_jurisdiction(&self, center_id: i64, codes: &[ProcedureCode]) -> Result<()>;
    async fn jurisdiction(&self, center_id: i64) -> Result<Vec<ProcedureCode>>;

    // Dossiers
    /// Writes historical dossiers in bulk (demo data, migrations from older
    /// systems) with their events, code counters and daily rollups, in one
    /// transaction: all or nothing, durable when it returns. The rollups count
    /// each dossier event by event as the live intake and actions would have.
    /// A dossier without events, or whose code exists, fails the whole call.
    async fn insert_history(
        &self,
        dossiers: &[HistoricDossier],
        progress: Progress<'_>,
    ) -> Result<()>;
    /// Writes a stream of batches of historical dossiers as
    /// [`Store::insert_history`] does, in large transactions: a commit after
    /// the batch that brings the rows written since the last commit (dossiers
    /// and events) to `rows_per_commit`, and one at the end. A batch is never
    /// split. On an error the batches committed before stay. Returns the
    /// number of dossiers written; `progress` is told after each batch.
    async fn load_history(
        &self,
        batches: futures::stream::BoxStream<'_, Vec<HistoricDossier>>,
        rows_per_commit: usize,
        progress: Progress<'_>,
    ) -> Result<u64>;
    /// Applicants whose identity number or phone is `key`, most recent first.
    async fn find_applicants(&self, key: &str) -> Result<Vec<ApplicantRecord>>;
    /// Opens a dossier in one transaction: allocates its code (per receiving
    /// agency and day, never reused, no gaps), records or updates the
    /// applicant, writes the first event, the current state and the rollups.
    async fn open_dossier(&self, d: &NewDossier) -> Result<DossierRecord>;
    /// Appends an event that the lifecycle allowed. `expected_seq` is the
    /// `last_seq` the caller decided on: if another change came first, nothing
    /// is written and the result is `Conflict`.
    #[allow(clippy::too_many_arguments)]
    async fn append_event(
        &self,
        dossier_id: i64,
        expected_seq: i64,
        at: jiff::Timestamp,
        actor: Option<Actor>,
        agency: &motcua_domain::AgencyCode,
        action: &Action,
        to: Status,
    ) -> Result<DossierRecord>;
    async fn dossier(&self, code: &str) -> Result<Option<DossierRecord>>;
    async fn dossier_by_id(&self, id: i64) -> Result<Option<DossierRecord>>;
    /// Open dossiers received at one of `centers` or handled by one of
    /// `agencies`, the nearest appointment first (at most `limit`): an inbox.
    async fn inbox(
        &self,
        centers: &[i64],
        agencies: &[motcua_domain::AgencyCode],
        limit: i64,
    ) -> Result<Vec<DossierRecord>>;
    /// Open dossiers anywhere in the province, the nearest (or most overdue)
    /// appointment first (at most `limit`): what an overseer watches.
    async fn open_dossiers(&self, limit: i64) -> Result<Vec<DossierRecord>>;
    /// Dossiers matching `text` (a code or its tail, a CCCD, phone, procedure
    /// code or words of the procedure's or the applicant's name, diacritics
    /// optional), newest first; only those of `centers` unless it is `None`.
    async fn search_dossiers(
        &self,
        text: &str,
        centers: Option<&[i64]>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<DossierRecord>>;
    /// Dossiers a center received in `[from, to)`, by code (at most `limit`): the register.
    async fn dossiers_received(
        &self,
        center_id: i64,
        from: Timestamp,
        to: Timestamp,
        limit: i64,
    ) -> Result<Vec<DossierRecord>>;
    async fn events(&self, dossier_id: i64) -> Result<Vec<Event>>;
    /// The event chains of up to `limit` dossiers with events, after dossier id
    /// `after`, in id order: the audit walks the whole record this way.
    async fn event_chains(&self, after: i64, limit: i64) -> Result<Vec<(i64, Vec<Event>)>>;
    /// For every agency and day with codes issued: the counter and how many
    /// dossiers carry a code of that day.
    async fn code_days(&self) -> Result<Vec<CodeDay>>;
    /// The last sequence number issued to a receiving agency on a day (0 if none).
    async fn last_dossier_seq(&self, agency: &motcua_domain::AgencyCode, day: Date) -> Result<i64>;
    async fn counts(&self) -> Result<Counts>;
    /// Recomputes every daily rollup from the dossiers' events with the one
    /// rule ([`RollupCounts::of_events`]), replacing the counts the live
    /// intake and actions added, in one transaction. Returns the number of
    /// dossiers counted.
    async fn rebuild_rollups(&self) -> Result<u64>;
    /// Daily rollups of a center between two days (inclusive).
    async fn rollups(&self, center_id: i64, from: Date, to: Date) -> Result<Vec<DailyRollup>>;
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
