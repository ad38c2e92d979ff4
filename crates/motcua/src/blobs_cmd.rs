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
    let dir = data_dir.join("blobs");
    FsBlobStore::open(&dir)
        .await
        .with_context(|| format!("cannot open the scans at {}", dir.display()))
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
