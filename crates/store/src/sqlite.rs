//! The embedded default. One writer connection (SQLite allows one writer at a
//! time; a single connection avoids busy errors between our own writers) and a
//! pool of readers, in WAL mode with `synchronous=FULL` so that an acknowledged
//! commit survives a power cut.

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
        if let Some(dir) = options
            .get_filename()
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir).map_err(|e| {
                crate::StoreError::Config(format!("cannot create {}: {e}", dir.display()))
            })?;
        }
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        let read = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        Ok(SqliteStore { write, read })
    }
}

crate::sql::sql_store!(SqliteStore, Sqlite, Backend::Sqlite, "migrations/sqlite");
