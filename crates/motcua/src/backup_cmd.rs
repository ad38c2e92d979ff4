//! `motcua backup DEST` and `motcua restore SRC`.
//!
//! A backup is a consistent copy taken while the server keeps serving: the
//! store writes it (SQLite's `VACUUM INTO` in one read transaction, or
//! `pg_dump`) to a temporary name next to DEST, created 0600, and only a
//! complete, flushed and checked copy is renamed to DEST. A restore copies a
//! SQLite backup the same way, keeps the database it replaces, and runs the
//! audit on the result.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use motcua_domain::i18n::Message;
use motcua_domain::Locale;
use motcua_store::{check_sqlite_file, redact, sqlite_path, FileProblem};

use crate::config::Settings;

/// A request refused before anything was written (exit status 2).
#[derive(Debug)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// A file being written under a temporary name; removed unless it was renamed
/// into place (also when the command fails or panics half-way).
struct Temporary {
    path: PathBuf,
    armed: bool,
}

impl Temporary {
    /// An empty file readable by its owner only, next to `final_path`.
    fn create(final_path: &Path, purpose: &str) -> std::io::Result<(Temporary, std::fs::File)> {
        let name = final_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let path =
            final_path.with_file_name(format!(".{name}.{purpose}-{}.tmp", std::process::id()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&path)?;
        Ok((Temporary { path, armed: true }, file))
    }

    /// Renames the file to `to` (replacing it) and flushes the directory entry.
    fn persist(mut self, to: &Path) -> std::io::Result<()> {
        std::fs::rename(&self.path, to)?;
        self.armed = false;
        sync_dir(to)
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if self.armed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Flushes the directory holding `path`, so a rename survives a power cut.
fn sync_dir(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        std::fs::File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn problem(p: &FileProblem, l: Locale) -> String {
    match p {
        FileProblem::Unreadable(e) => {
            Message::new("cli-file-unreadable").with("detail", e.to_string())
        }
        FileProblem::NotSqlite => Message::new("cli-file-not-sqlite"),
        FileProblem::Damaged(e) => Message::new("cli-file-damaged").with("detail", e.to_string()),
        FileProblem::NotMotcua => Message::new("cli-file-not-motcua"),
        FileProblem::UnknownMigration(v) => {
            Message::new("cli-file-unknown-migration").with("version", v.to_string())
        }
        FileProblem::FailedMigration(v) => {
            Message::new("cli-file-failed-migration").with("version", v.to_string())
        }
    }
    .localize(l)
}

fn size_text(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

/// `motcua backup DEST`: returns the line to print.
pub async fn backup(
    s: &Settings,
    data_dir: &Path,
    dest: &Path,
    force: bool,
) -> anyhow::Result<String> {
    let l = s.locale;
    if dest.exists() && !force {
        return Err(Refused(
            Message::new("cli-backup-exists")
                .with("path", dest.display().to_string())
                .localize(l),
        )
        .into());
    }
    let sqlite = sqlite_path(&s.database);
    match &sqlite {
        Some(db) => {
            if !db.is_file() {
                anyhow::bail!("{} {}", l.t("cli-there-is-no-database-at"), db.display());
            }
            if same_file(db, dest) {
                return Err(Refused(
                    Message::new("cli-backup-is-the-database")
                        .with("path", dest.display().to_string())
                        .localize(l),
                )
                .into());
            }
        }
        None if motcua_store::pg_program("pg_dump").is_none() => {
            anyhow::bail!("{}", l.t("cli-pg-dump-not-found-on-path-or-in-usr-lib"))
        }
        None => {}
    }
    let store = motcua_store::connect(&s.database).await.with_context(|| {
        format!(
            "{} {}",
            l.t("cli-cannot-open-the-database"),
            redact(&s.database)
        )
    })?;
    let started = Instant::now();
    let (temporary, file) = Temporary::create(dest, "backup").with_context(|| {
        format!(
            "{} {}",
            l.t("cli-cannot-create-a-file-next-to"),
            dest.display()
        )
    })?;
    drop(file);
    store
        .backup_into(&temporary.path)
        .await
        .with_context(|| l.t("cli-the-backup-failed"))?;
    if sqlite.is_some() {
        if let Err(p) = check_sqlite_file(&temporary.path).await {
            anyhow::bail!("{} {}", l.t("cli-the-backup-just-written"), problem(&p, l));
        }
    }
    let bytes = std::fs::metadata(&temporary.path)?.len();
    temporary.persist(dest).with_context(|| {
        format!(
            "{} {}",
            l.t("cli-cannot-rename-the-backup-to"),
            dest.display()
        )
    })?;
    // The scans after the database: every file its records name was
    // written before them, and files are never changed, only added.
    let scans_to = crate::blobs_cmd::beside(dest);
    let (copied, present) =
        crate::blobs_cmd::copy_missing(&data_dir.join("blobs"), &scans_to).await?;
    let seconds = started.elapsed().as_secs_f64();
    let mut said = Message::new("cli-backed-up")
        .with("database", redact(&s.database))
        .with("path", dest.display().to_string())
        .with("size", size_text(bytes))
        .with("seconds", format!("{seconds:.1}"))
        .localize(l);
    if copied + present > 0 {
        said += "\n";
        said += &Message::new("cli-backed-up-scans")
            .with("n", (copied + present) as i64)
            .with("new", copied as i64)
            .with("path", scans_to.display().to_string())
            .localize(l);
    }
    Ok(said)
}

/// `motcua restore SRC`: copies a SQLite backup into place, then audits it.
/// `say` prints each line of the outcome as soon as it is known.
pub async fn restore(
    s: &Settings,
    data_dir: &Path,
    src: &Path,
    force: bool,
    say: &mut dyn FnMut(&str),
) -> anyhow::Result<()> {
    let l = s.locale;
    let Some(target) = sqlite_path(&s.database) else {
        return Err(Refused(l.t("cli-motcua-restore-restores-into-sqlite-only").into()).into());
    };
    if !src.is_file() {
        anyhow::bail!("{} {}", l.t("cli-no-such-file"), src.display());
    }
    let src_wal = with_suffix(src, "-wal");
    if src_wal.exists() {
        return Err(Refused(
            Message::new("cli-restore-source-in-use")
                .with("path", src.display().to_string())
                .with("wal", src_wal.display().to_string())
                .localize(l),
        )
        .into());
    }
    if same_file(src, &target) {
        return Err(Refused(
            Message::new("cli-restore-is-the-target")
                .with("path", src.display().to_string())
                .localize(l),
        )
        .into());
    }
    let exists = target.exists();
    // Held until the end: no motcua may open the database while it is replaced.
    let _exclusive = if exists {
        match motcua_store::lock_exclusive(&target)
            .with_context(|| format!("{} {}", l.t("cli-cannot-open"), target.display()))?
        {
            Some(lock) => Some(lock),
            None => {
                return Err(Refused(
                    Message::new("cli-restore-target-in-use")
                        .with("path", target.display().to_string())
                        .localize(l),
                )
                .into())
            }
        }
    } else {
        None
    };
    if exists && !force {
        return Err(Refused(
            Message::new("cli-restore-target-exists")
                .with("path", target.display().to_string())
                .localize(l),
        )
        .into());
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        motcua_store::create_private_dir(dir)
            .with_context(|| format!("{} {}", l.t("cli-cannot-create"), dir.display()))?;
    }

    // Copy under a temporary name and check the copy: what gets installed is
    // exactly what was checked.
    let (temporary, mut file) = Temporary::create(&target, "restore").with_context(|| {
        format!(
            "{} {}",
            l.t("cli-cannot-create-a-file-next-to"),
            target.display()
        )
    })?;
    let bytes = (|| {
        let n = std::io::copy(&mut std::fs::File::open(src)?, &mut file)?;
        file.sync_all()?;
        Ok::<_, std::io::Error>(n)
    })()
    .with_context(|| format!("{} {}", l.t("cli-cannot-copy"), src.display()))?;
    drop(file);
    if let Err(p) = check_sqlite_file(&temporary.path).await {
        anyhow::bail!("{} {}", src.display(), problem(&p, l));
    }

    // Keep the database being replaced, with its write-ahead log: committed
    // changes may still be there only.
    let mut kept = None;
    if exists {
        let stamp = jiff::Timestamp::now()
            .strftime("%Y%m%dT%H%M%SZ")
            .to_string();
        let mut aside = with_suffix(&target, &format!(".before-restore-{stamp}"));
        let mut n = 1;
        while aside.exists() {
            n += 1;
            aside = with_suffix(&target, &format!(".before-restore-{stamp}-{n}"));
        }
        std::fs::rename(&target, &aside)
            .with_context(|| format!("{} {}", l.t("cli-cannot-rename"), target.display()))?;
        let wal = with_suffix(&target, "-wal");
        if wal.exists() {
            std::fs::rename(&wal, with_suffix(&aside, "-wal"))
                .with_context(|| format!("{} {}", l.t("cli-cannot-rename"), wal.display()))?;
        }
        kept = Some(aside);
    }
    for stale in ["-wal", "-shm"] {
        let stale = with_suffix(&target, stale);
        if stale.exists() {
            std::fs::remove_file(&stale)
                .with_context(|| format!("{} {}", l.t("cli-cannot-remove"), stale.display()))?;
        }
    }
    temporary.persist(&target).with_context(|| {
        format!(
            "{} {}",
            l.t("cli-cannot-rename-the-copy-to"),
            target.display()
        )
    })?;
    let restored = match &kept {
        None => Message::new("cli-restored"),
        Some(k) => Message::new("cli-restored-old-kept").with("kept", k.display().to_string()),
    };
    say(&restored
        .with("path", src.display().to_string())
        .with("target", target.display().to_string())
        .with("size", size_text(bytes))
        .localize(l));

    let (copied, present) =
        crate::blobs_cmd::copy_missing(&crate::blobs_cmd::beside(src), &data_dir.join("blobs"))
            .await?;
    if copied + present > 0 {
        say(&Message::new("cli-restored-scans")
            .with("n", copied as i64)
            .localize(l));
    }
    let store = crate::open(s).await?;
    let report = crate::audit::verify(&*store, l).await?;
    say(&report.summary(l));
    Ok(())
}

/// `path` with `suffix` appended to its file name: `motcua.sqlite` → `motcua.sqlite-wal`.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
