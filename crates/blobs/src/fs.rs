//! [`BlobStore`] on a local file system.
//!
//! Layout: `<dir>/sha256/ab/cd/abcd…` (two levels of fan-out keep every folder
//! small at a few million blobs) and `<dir>/tmp/` for writes in progress.

mod walk;

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use async_trait::async_trait;

use crate::error::IoContext;
use crate::{BlobId, BlobInfo, BlobStore, Error, Result, VerifyReport};

/// A temporary file this old was left by a write that never finished.
const STALE_TMP: Duration = Duration::from_secs(60);

#[derive(Clone)]
pub struct FsBlobStore {
    inner: Arc<Inner>,
}

struct Inner {
    root: PathBuf,
    blobs: PathBuf,
    tmp: PathBuf,
    /// Held between "is it old?" and "delete it" in gc, and between "is it
    /// there?" and "refresh it / rename into place" in put, so that a put of
    /// bytes gc is about to collect either refreshes them first or writes anew.
    /// It covers this process only; two processes on one store rely on the
    /// grace period alone.
    lock: Mutex<()>,
    next_tmp: AtomicU64,
}

/// Runs blocking file work off the async threads.
async fn blocking<T: Send + 'static>(
    inner: &Arc<Inner>,
    work: impl FnOnce(&Inner) -> Result<T> + Send + 'static,
) -> Result<T> {
    let inner = Arc::clone(inner);
    tokio::task::spawn_blocking(move || work(&inner)).await?
}

impl FsBlobStore {
    /// Opens (creating if needed) the store in `dir`, and deletes temporary
    /// files left by writes that a crash interrupted more than a minute ago.
    pub async fn open(dir: &Path) -> Result<FsBlobStore> {
        FsBlobStore::open_at(dir, SystemTime::now()).await
    }

    /// [`open`](FsBlobStore::open) with the current time given, for tests.
    pub async fn open_at(dir: &Path, now: SystemTime) -> Result<FsBlobStore> {
        let inner = Arc::new(Inner {
            root: dir.to_owned(),
            blobs: dir.join("sha256"),
            tmp: dir.join("tmp"),
            lock: Mutex::new(()),
            next_tmp: AtomicU64::new(0),
        });
        blocking(&inner, move |inner| {
            for d in [&inner.blobs, &inner.tmp] {
                fs::create_dir_all(d).at("creating", d)?;
            }
            inner.clean_tmp(now)
        })
        .await?;
        Ok(FsBlobStore { inner })
    }

    /// The folder the store lives in.
    pub fn root(&self) -> &Path {
        &self.inner.root
    }

    /// Where the blob `id` is (or would be) kept.
    pub fn path_of(&self, id: &BlobId) -> PathBuf {
        self.inner.path_of(id)
    }
}

impl Inner {
    fn path_of(&self, id: &BlobId) -> PathBuf {
        let hex = id.to_string();
        self.blobs.join(&hex[..2]).join(&hex[2..4]).join(hex)
    }

    fn guard(&self) -> std::sync::MutexGuard<'_, ()> {
        // The lock guards no data, so a panic while it was held left nothing torn.
        self.lock
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn clean_tmp(&self, now: SystemTime) -> Result<()> {
        for entry in fs::read_dir(&self.tmp).at("reading", &self.tmp)? {
            let path = entry.at("reading", &self.tmp)?.path();
            let meta = match fs::symlink_metadata(&path) {
                Ok(meta) => meta,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e).at("reading", &path),
            };
            let modified = meta.modified().at("reading", &path)?;
            let stale = now
                .duration_since(modified)
                .is_ok_and(|age| age >= STALE_TMP);
            if meta.is_file() && stale {
                remove_if_there(&path)?;
            }
        }
        Ok(())
    }

    fn put(&self, bytes: &[u8]) -> Result<BlobId> {
        let id = BlobId::of(bytes);
        let path = self.path_of(&id);
        if refresh(&path, &self.guard())? {
            return Ok(id);
        }

        let n = self.next_tmp.fetch_add(1, Ordering::Relaxed);
        let tmp = TmpFile(Some(
            self.tmp.join(format!("{id}.{}.{n}", std::process::id())),
        ));
        let tmp_path = tmp.path();
        let mut file = File::create_new(tmp_path).at("creating", tmp_path)?;
        file.write_all(bytes).at("writing", tmp_path)?;
        read_only(&file).at("protecting", tmp_path)?;
        file.sync_all().at("syncing", tmp_path)?;
        drop(file);

        let parent = path.parent().expect("a blob path has a parent");
        if !parent.is_dir() {
            fs::create_dir_all(parent).at("creating", parent)?;
            // The new folders' own entries must be durable too, or a crash can
            // lose the folder holding a blob that put() already reported stored.
            for dir in [parent.parent().expect("fan-out"), &self.blobs] {
                sync_dir(dir)?;
            }
        }
        {
            let held = self.guard();
            if refresh(&path, &held)? {
                // Someone stored the same bytes meanwhile: keep theirs.
                return Ok(id);
            }
            fs::rename(tmp.path(), &path).at("storing", &path)?;
            tmp.keep();
        }
        sync_dir(parent)?;
        Ok(id)
    }

    fn get(&self, id: &BlobId) -> Result<Option<Vec<u8>>> {
        let path = self.path_of(id);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).at("reading", &path),
        };
        // Hashing on the way out costs little next to the disk read, and means
        // a person is never handed bytes other than the ones filed.
        if BlobId::of(&bytes) != *id {
            return Err(Error::Corrupt(*id));
        }
        Ok(Some(bytes))
    }

    fn gc(&self, referenced: &HashSet<BlobId>, older_than: SystemTime) -> Result<u64> {
        let mut removed = 0;
        for (blob, path) in walk::walk(&self.root)?.blobs {
            if referenced.contains(&blob.id) || blob.modified >= older_than {
                continue;
            }
            let _held = self.guard();
            // Look again under the lock: a put may have refreshed it since the walk.
            let still_old = fs::symlink_metadata(&path)
                .and_then(|m| m.modified())
                .is_ok_and(|modified| modified < older_than);
            if still_old && remove_if_there(&path)? {
                removed += 1;
            }
        }
        Ok(removed)
    }
}

/// Marks an existing blob as freshly written (without rewriting it); `false`
/// when there is none. Only under the lock, or gc could delete it right after.
fn refresh(path: &Path, _held: &std::sync::MutexGuard<'_, ()>) -> Result<bool> {
    match File::open(path) {
        Ok(file) => {
            file.set_modified(SystemTime::now())
                .at("refreshing", path)?;
            Ok(true)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e).at("opening", path),
    }
}

fn remove_if_there(path: &Path) -> Result<bool> {
    match fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e).at("removing", path),
    }
}

/// A rename is only durable once the folder holding the new name is synced.
fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .at("syncing", dir)
}

/// Blobs never change, so nothing should open one for writing by mistake.
fn read_only(file: &File) -> io::Result<()> {
    let mut perms = file.metadata()?.permissions();
    perms.set_readonly(true);
    file.set_permissions(perms)
}

/// A temporary file that is deleted unless it was renamed into place.
struct TmpFile(Option<PathBuf>);

impl TmpFile {
    fn path(&self) -> &Path {
        self.0.as_deref().expect("not yet kept")
    }

    fn keep(mut self) {
        self.0 = None;
    }
}

impl Drop for TmpFile {
    fn drop(&mut self) {
        if let Some(path) = &self.0 {
            // Best effort: a leftover is cleaned when the store is next opened.
            let _ = fs::remove_file(path);
        }
    }
}

#[async_trait]
impl BlobStore for FsBlobStore {
    async fn put(&self, bytes: &[u8]) -> Result<BlobId> {
        let bytes = bytes.to_vec();
        blocking(&self.inner, move |inner| inner.put(&bytes)).await
    }

    async fn get(&self, id: &BlobId) -> Result<Option<Vec<u8>>> {
        let id = *id;
        blocking(&self.inner, move |inner| inner.get(&id)).await
    }

    async fn contains(&self, id: &BlobId) -> Result<bool> {
        let path = self.path_of(id);
        blocking(&self.inner, move |_| match fs::symlink_metadata(&path) {
            Ok(meta) => Ok(meta.is_file()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e).at("reading", &path),
        })
        .await
    }

    async fn remove(&self, id: &BlobId) -> Result<bool> {
        let path = self.path_of(id);
        blocking(&self.inner, move |_| remove_if_there(&path)).await
    }

    async fn list(&self) -> Result<Vec<BlobInfo>> {
        let walk = blocking(&self.inner, |inner| walk::walk(&inner.root)).await?;
        Ok(walk.blobs.into_iter().map(|(blob, _)| blob).collect())
    }

    async fn verify(&self, progress: &(dyn Fn(u64) + Send + Sync)) -> Result<VerifyReport> {
        let walk = blocking(&self.inner, |inner| walk::walk(&inner.root)).await?;
        let mut report = VerifyReport {
            stray: walk.stray,
            ..VerifyReport::default()
        };
        // One blocking task per blob, so progress is reported from here.
        for (blob, path) in walk.blobs {
            if let Some(actual) = blocking(&self.inner, move |_| walk::hash_file(&path)).await? {
                report.checked += 1;
                report.bytes += blob.size;
                if actual != blob.id {
                    report.corrupt.push(blob.id);
                }
                progress(report.checked);
            }
        }
        report.corrupt.sort();
        Ok(report)
    }

    async fn gc(&self, referenced: &HashSet<BlobId>, older_than: SystemTime) -> Result<u64> {
        let referenced = referenced.clone();
        blocking(&self.inner, move |inner| inner.gc(&referenced, older_than)).await
    }
}
