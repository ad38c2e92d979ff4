//! PostgreSQL, for deployments that outgrow one machine: any number of
//! stateless app nodes share it.

use motcua_domain::catalog::Catalog;
use motcua_domain::org::{
    Assignment, NewAccount, NewAgency, NewCenter, NewProvince, NewStaff, NewUnit,
};
use std::path::{Path, PathBuf};

use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Postgres};

pub struct PgStore {
    write: PgPool,
    /// The same pool as `write` today; a replica can serve reads later.
    read: PgPool,
    /// For the PostgreSQL tools (`pg_dump`).
    url: String,
}

impl PgStore {
    pub async fn connect(url: &str) -> crate::Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .connect(url)
            .await?;
        Ok(PgStore {
            write: pool.clone(),
            read: pool,
            url: url.to_string(),
        })
    }
}

crate::sql::sql_store!(PgStore, Postgres, Backend::Postgres, "migrations/postgres");

impl PgStore {
    /// Bulk loads need no particular setting on PostgreSQL.
    async fn bulk_begin(&self) -> crate::Result<()> {
        Ok(())
    }

    async fn bulk_end(&self, _: ()) -> crate::Result<()> {
        Ok(())
    }
}

/// A PostgreSQL client program (`pg_dump`, `pg_restore`): on `PATH`, or else
/// in the newest `/usr/lib/postgresql/*/bin` (Debian's layout).
pub fn pg_program(name: &str) -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    let mut debian: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|dir| dir.flatten().map(|e| e.path().join("bin")).collect())
        .unwrap_or_default();
    // Newest major version first: 17 before 16 before 9.6.
    debian.sort_by_key(|p| {
        let version = p
            .parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .unwrap_or("");
        std::cmp::Reverse(
            version
                .split('.')
                .map(|n| n.parse::<u32>().unwrap_or(0))
                .collect::<Vec<_>>(),
        )
    });
    on_path
        .into_iter()
        .chain(debian)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The URL without its password, and the password (percent-decoded), so that
/// the password goes to a child process in `PGPASSWORD` rather than on its
/// command line, where any local user could read it.
fn split_password(url: &str) -> (String, Option<String>) {
    if let Some((scheme, rest)) = url.split_once("://") {
        let (authority, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if let Some((creds, host)) = authority.rsplit_once('@') {
            if let Some((user, password)) = creds.split_once(':') {
                return (
                    format!("{scheme}://{user}@{host}{tail}"),
                    Some(percent_decode(password)),
                );
            }
        }
    }
    (url.to_string(), None)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap() * 16 + hex(l).unwrap()) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[async_trait::async_trait]
impl crate::Maintenance for PgStore {
    /// `pg_dump --format=custom`: one repeatable-read snapshot, taken while
    /// the app nodes keep writing; restore it with `pg_restore`.
    async fn backup_into(&self, path: &Path) -> crate::Result<()> {
        let program = pg_program("pg_dump").ok_or_else(|| {
            crate::StoreError::Config(
                "pg_dump not found on PATH or in /usr/lib/postgresql/*/bin".into(),
            )
        })?;
        let (url, password) = split_password(&self.url);
        let mut command = tokio::process::Command::new(&program);
        command
            .arg("--format=custom")
            .arg("--file")
            .arg(path)
            .arg("--dbname")
            .arg(&url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .kill_on_drop(true);
        if let Some(password) = password {
            command.env("PGPASSWORD", password);
        }
        let output = command.output().await.map_err(|e| {
            crate::StoreError::Config(format!("cannot run {}: {e}", program.display()))
        })?;
        if !output.status.success() {
            return Err(crate::StoreError::Config(format!(
                "pg_dump failed ({}): {}",
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            )));
        }
        let path = path.to_path_buf();
        tokio::task::spawn_blocking(move || std::fs::File::open(&path)?.sync_all())
            .await
            .map_err(|e| crate::StoreError::Config(e.to_string()))?
            .map_err(|e| crate::StoreError::Config(format!("cannot flush the dump: {e}")))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_password_leaves_the_url() {
        assert_eq!(
            super::split_password("postgres://motcua:s%40cret@db:5432/x?sslmode=require"),
            (
                "postgres://motcua@db:5432/x?sslmode=require".to_string(),
                Some("s@cret".to_string())
            )
        );
        assert_eq!(
            super::split_password("postgres://motcua@db/x"),
            ("postgres://motcua@db/x".to_string(), None)
        );
    }
}
