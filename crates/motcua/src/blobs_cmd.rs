//! `motcua blobs`: the files of scans under DATA_DIR/blobs, checked against
//! their names and against the records that name them, and the unattached
//! ones removed.

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, SystemTime};

use anyhow::Context;
use motcua_blobs::{BlobId, BlobStore, FsBlobStore};
use motcua_domain::Locale;
use motcua_store::Store;

async fn open(data_dir: &Path) -> anyhow::Result<FsBlobStore> {
    open_at(&data_dir.join("blobs")).await
}

/// Rehashes every file and looks for every file a record names; an error
/// (exit 1) names the corrupt and missing ones.
pub async fn verify(store: &dyn Store, data_dir: &Path, l: Locale) -> anyhow::Result<String> {
    let blobs = open(data_dir).await?;
    let report = blobs.verify(&|_| {}).await?;
    let named: Vec<BlobId> = store
        .referenced_blobs()
        .await?
        .iter()
        .filter_map(|b| b.parse().ok())
        .collect();
    let missing = motcua_blobs::missing(&blobs, &named).await?;
    let summary = l.t_args(
        "cli-blobs-verified",
        &[
            ("files", (report.checked as i64).into()),
            ("mb", ((report.bytes / (1024 * 1024)) as i64).into()),
            ("named", (named.len() as i64).into()),
        ],
    );
    if report.corrupt.is_empty() && missing.is_empty() {
        return Ok(summary);
    }
    let mut out = summary;
    for id in &report.corrupt {
        out += &format!("\n{} {id}", l.t("cli-blob-corrupt"));
    }
    for id in &missing {
        out += &format!("\n{} {id}", l.t("cli-blob-missing"));
    }
    anyhow::bail!(out)
}

/// Removes the files no record names that are older than `hours`.
pub async fn gc(
    store: &dyn Store,
    data_dir: &Path,
    hours: u64,
    l: Locale,
) -> anyhow::Result<String> {
    let blobs = open(data_dir).await?;
    let referenced: HashSet<BlobId> = store
        .referenced_blobs()
        .await?
        .iter()
        .filter_map(|b| b.parse().ok())
        .collect();
    let before = SystemTime::now() - Duration::from_secs(hours * 3600);
    let removed = blobs.gc(&referenced, before).await?;
    Ok(l.t_args("cli-blobs-collected", &[("n", (removed as i64).into())]))
}

/// Where a backup's scans go: a folder beside it, `DEST.blobs`.
pub fn beside(backup: &Path) -> std::path::PathBuf {
    let mut name = backup.as_os_str().to_owned();
    name.push(".blobs");
    std::path::PathBuf::from(name)
}

/// Copies every scan file of `from` that `to` lacks (each read back against
/// its hash on the way), and says how many were copied; an absent `from`
/// copies nothing.
pub async fn copy_missing(from: &Path, to: &Path) -> anyhow::Result<(u64, u64)> {
    if !from.join("sha256").is_dir() {
        return Ok((0, 0));
    }
    let from = open_at(from).await?;
    let files = from.list().await?;
    // No scans, no folder beside the backup.
    if files.is_empty() {
        return Ok((0, 0));
    }
    let to = open_at(to).await?;
    let (mut copied, mut present) = (0, 0);
    for info in files {
        if to.contains(&info.id).await? {
            present += 1;
            continue;
        }
        let bytes = from
            .get(&info.id)
            .await?
            .with_context(|| format!("scan file {} vanished while copying", info.id))?;
        to.put(&bytes).await?;
        copied += 1;
    }
    Ok((copied, present))
}

async fn open_at(dir: &Path) -> anyhow::Result<FsBlobStore> {
    FsBlobStore::open(dir)
        .await
        .with_context(|| format!("cannot open the scans at {}", dir.display()))
}
