//! The embedded default. One writer connection (SQLite allows one writer at a
//! time; a single connection avoids busy errors between our own writers) and a
//! pool of readers, in WAL mode with `synchronous=FULL` so that an acknowledged
//! commit survives a power cut.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use motcua_domain::catalog::Catalog;
use motcua_domain::org::{
    Assignment, NewAccount, NewAgency, NewCenter, NewProvince, NewStaff, NewUnit,
};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool};

pub struct SqliteStore {
    write: SqlitePool,
    read: SqlitePool,
    /// A shared lock on the database file for as long as the store is open:
    /// `motcua restore` takes it exclusively, so it cannot replace a database
    /// that a running motcua is writing to.
    _in_use: Option<std::fs::File>,
}

impl SqliteStore {
    pub async fn connect(url: &str) -> crate::Result<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| crate::StoreError::Config(format!("invalid SQLite URL {url}: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        if let Some(path) = sqlite_path(url) {
            // Owner only: the directory 0700, the file 0600 (SQLite gives the
            // -wal and -shm files the main file's mode).
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                create_private_dir(dir).map_err(|e| {
                    crate::StoreError::Config(format!("cannot create {}: {e}", dir.display()))
                })?;
            }
            create_private_file(&path).map_err(|e| {
                crate::StoreError::Config(format!("cannot create {}: {e}", path.display()))
            })?;
            tighten_modes(&path);
        }
        let in_use = match sqlite_path(url) {
            Some(path) => Some(hold_shared(&path).map_err(|e| {
                crate::StoreError::Config(format!("cannot open {}: {e}", path.display()))
            })?),
            None => None,
        };
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        let read = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        Ok(SqliteStore {
            write,
            read,
            _in_use: in_use,
        })
    }
}

crate::sql::sql_store!(SqliteStore, Sqlite, Backend::Sqlite, "migrations/sqlite");

/// The writer's page cache during a bulk load (KiB): the indexes with random
/// keys (identity number, phone) stay in memory instead of being read back
/// from the file for every row.
const BULK_CACHE_KIB: i64 = 256 * 1024;

impl SqliteStore {
    /// Before a bulk load: a large page cache on the writer connection.
    /// Durability is unchanged (WAL, `synchronous=FULL`): bulk loads commit
    /// seldom, so the syncs cost little. Returns what `bulk_end` restores.
    async fn bulk_begin(&self) -> crate::Result<i64> {
        let previous: i64 = sqlx::query_scalar("PRAGMA cache_size")
            .fetch_one(&self.write)
            .await?;
        sqlx::query(&format!("PRAGMA cache_size = -{BULK_CACHE_KIB}"))
            .execute(&self.write)
            .await?;
        Ok(previous)
    }

    /// After a bulk load: the usual cache, and the write-ahead log folded into
    /// the database and emptied (it grew to the size of a load transaction).
    async fn bulk_end(&self, previous: i64) -> crate::Result<()> {
        sqlx::query(&format!("PRAGMA cache_size = {previous}"))
            .execute(&self.write)
            .await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.write)
            .await?;
        Ok(())
    }
}

/// The file a `sqlite:` URL names; `None` for an in-memory database or another backend.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    if !url.starts_with("sqlite:") || url.contains(":memory:") || url.contains("mode=memory") {
        return None;
    }
    let options = SqliteConnectOptions::from_str(url).ok()?;
    Some(options.get_filename().to_path_buf())
}

/// A database made before files were private (0644 and the like) becomes
/// owner-only at the next start: personal data must not be world-readable.
fn tighten_modes(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for file in [
            path.to_path_buf(),
            with_suffix(path, "-wal"),
            with_suffix(path, "-shm"),
        ] {
            let Ok(meta) = std::fs::metadata(&file) else {
                continue;
            };
            if meta.permissions().mode() & 0o077 != 0 {
                match std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)) {
                    Ok(()) => {
                        tracing::warn!(file = %file.display(), "the database was readable by others; it is now 0600")
                    }
                    Err(e) => {
                        tracing::warn!(file = %file.display(), error = %e, "the database is readable by others and could not be made private")
                    }
                }
            }
        }
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Opens the database file and takes a shared advisory lock on it.
fn hold_shared(path: &Path) -> std::io::Result<std::fs::File> {
    let file = std::fs::File::open(path)?;
    file.lock_shared()?;
    Ok(file)
}

/// Whether some process has the database at `path` open through a store:
/// the exclusive lock that proves otherwise is held by the returned file.
pub fn lock_exclusive(path: &Path) -> std::io::Result<Option<std::fs::File>> {
    let file = std::fs::File::open(path)?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

/// Creates `dir` and any missing parents readable by their owner only (0700).
/// An existing directory is left as it is.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Creates an empty file readable by its owner only (0600) unless `path` exists.
/// (SQLite takes an empty file for an empty database.)
fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

#[async_trait::async_trait]
impl crate::Maintenance for SqliteStore {
    /// `VACUUM INTO` on a reader: one read transaction, so the copy is the
    /// database as of one instant, and the writer goes on meanwhile.
    async fn backup_into(&self, path: &Path) -> crate::Result<()> {
        let name = path.to_str().ok_or_else(|| {
            crate::StoreError::Config(format!("{} is not a UTF-8 path", path.display()))
        })?;
        sqlx::query("VACUUM INTO $1")
            .bind(name)
            .execute(&self.read)
            .await?;
        // SQLite does not flush the copy; do it before anyone renames it into place.
        let path = path.to_path_buf();
        tokio::task::spawn_blocking(move || std::fs::File::open(&path)?.sync_all())
            .await
            .map_err(|e| crate::StoreError::Config(e.to_string()))?
            .map_err(|e| crate::StoreError::Config(format!("cannot flush the copy: {e}")))
    }
}

/// Why a file cannot be restored as motcua's SQLite database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// The file cannot be read (the system's reason).
    Unreadable(String),
    /// Not a SQLite database.
    NotSqlite,
    /// `PRAGMA integrity_check` did not say ok (its first lines).
    Damaged(String),
    /// A SQLite database, but not motcua's: no migrations applied.
    NotMotcua,
    /// A migration this motcua does not know (a newer release's) or whose
    /// content differs from this release's.
    UnknownMigration(i64),
    /// A migration that started but did not finish.
    FailedMigration(i64),
}

/// Checks that `path` is a sound SQLite database made by motcua: the SQLite
/// header, `PRAGMA integrity_check` ok, and only migrations this release knows
/// (a backup from an older release is fine: the rest apply on start). The file
/// is opened read-only and immutable: nothing is written next to it.
pub async fn check_sqlite_file(path: &Path) -> std::result::Result<(), FileProblem> {
    use sqlx::ConnectOptions;

    let mut header = [0u8; 16];
    {
        use std::io::Read;
        let mut file =
            std::fs::File::open(path).map_err(|e| FileProblem::Unreadable(e.to_string()))?;
        if file.read_exact(&mut header).is_err() || &header != b"SQLite format 3\0" {
            return Err(FileProblem::NotSqlite);
        }
    }
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .immutable(true)
        .connect()
        .await
        .map_err(|e| FileProblem::Unreadable(e.to_string()))?;
    let damaged = |e: sqlx::Error| FileProblem::Damaged(e.to_string());
    let lines: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check(5)")
        .fetch_all(&mut conn)
        .await
        .map_err(damaged)?;
    if lines != ["ok"] {
        return Err(FileProblem::Damaged(lines.join("; ")));
    }
    let has_table: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_one(&mut conn)
    .await
    .map_err(damaged)?;
    if has_table == 0 {
        return Err(FileProblem::NotMotcua);
    }
    let applied: Vec<(i64, bool, Vec<u8>)> =
        sqlx::query_as("SELECT version, success, checksum FROM _sqlx_migrations")
            .fetch_all(&mut conn)
            .await
            .map_err(damaged)?;
    if applied.is_empty() {
        return Err(FileProblem::NotMotcua);
    }
    let known = sqlx::migrate!("migrations/sqlite");
    for (version, success, checksum) in applied {
        if !known
            .iter()
            .any(|m| m.version == version && *m.checksum == *checksum)
        {
            return Err(FileProblem::UnknownMigration(version));
        }
        if !success {
            return Err(FileProblem::FailedMigration(version));
        }
    }
    Ok(())
}
