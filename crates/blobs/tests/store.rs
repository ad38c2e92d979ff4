//! FsBlobStore on a temporary folder, and the trait's own helpers on a store
//! kept in memory. No test reads the clock: every time compared is one the test
//! set itself, as a file's mtime or as an argument.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use motcua_blobs::{missing, BlobId, BlobInfo, BlobStore, FsBlobStore, Result, VerifyReport};

/// Some fixed instant, far from any real clock.
fn t(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_000_000 + secs)
}

fn set_mtime(path: &Path, when: SystemTime) {
    File::open(path).unwrap().set_modified(when).unwrap();
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[tokio::test]
async fn put_then_get_returns_the_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsBlobStore::open(dir.path()).await.unwrap();
    let id = store.put(b"giay khai sinh").await.unwrap();
    assert_eq!(id, BlobId::of(b"giay khai sinh"));
    assert_eq!(
        store.get(&id).await.unwrap().as_deref(),
        Some(&b"giay khai sinh"[..])
    );
    assert!(store.contains(&id).await.unwrap());

    let path = store.path_of(&id);
    let hex = id.to_string();
    assert_eq!(
        path,
        dir.path()
            .join("sha256")
            .join(&hex[..2])
            .join(&hex[2..4])
            .join(&hex)
    );

    let absent = BlobId::of(b"never stored");
    assert_eq!(store.get(&absent).await.unwrap(), None);
    assert!(!store.contains(&absent).await.unwrap());

    assert!(store.remove(&id).await.unwrap());
    assert!(!store.remove(&id).await.unwrap());
    assert_eq!(store.get(&id).await.unwrap(), None);
    assert!(
        files_under(&dir.path().join("tmp")).is_empty(),
        "no temporary file left"
    );
}

#[tokio::test]
async fn the_same_bytes_twice_are_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsBlobStore::open(dir.path()).await.unwrap();
    let a = store.put(b"same").await.unwrap();
    let b = store.put(b"same").await.unwrap();
    assert_eq!(a, b);
    assert_eq!(
        files_under(&dir.path().join("sha256")),
        vec![store.path_of(&a)]
    );
    assert!(files_under(&dir.path().join("tmp")).is_empty());
    let listed = store.list().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].id, listed[0].size), (a, 4));
}

#[tokio::test]
async fn verify_names_a_corrupted_blob_and_strays() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsBlobStore::open(dir.path()).await.unwrap();
    let good = store.put(b"good").await.unwrap();
    let bad = store.put(b"will rot").await.unwrap();

    let clean = store.verify(&|_| {}).await.unwrap();
    assert!(clean.is_clean(), "{clean:?}");

    // Blobs are written read-only; a failing disk does not care.
    let path = store.path_of(&bad);
    assert!(fs::metadata(&path).unwrap().permissions().readonly());
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    fs::write(&path, b"will rOt").unwrap();

    // Strays: a file at the top, a folder that is no prefix, a blob filed under
    // the wrong prefix, and a file whose name is not an id.
    let misfiled = BlobId::of(b"misfiled").to_string();
    let wrong_dir = dir.path().join("sha256/00/00");
    fs::create_dir_all(&wrong_dir).unwrap();
    let strays = [
        dir.path().join("notes.txt"),
        dir.path().join("sha256/zz"),
        wrong_dir.join(&misfiled),
        store.path_of(&good).with_file_name("readme"),
    ];
    fs::write(&strays[0], b"x").unwrap();
    fs::create_dir(&strays[1]).unwrap();
    fs::write(&strays[2], b"misfiled").unwrap();
    fs::write(&strays[3], b"x").unwrap();

    let seen = AtomicU64::new(0);
    let report = store
        .verify(&|n| seen.store(n, Ordering::SeqCst))
        .await
        .unwrap();
    let mut expected_strays = strays.to_vec();
    expected_strays.sort();
    assert_eq!(
        report,
        VerifyReport {
            checked: 2,
            bytes: 12,
            corrupt: vec![bad],
            stray: expected_strays,
        }
    );
    assert_eq!(
        seen.load(Ordering::SeqCst),
        2,
        "progress reached the last blob"
    );
    assert!(matches!(store.get(&bad).await, Err(motcua_blobs::Error::Corrupt(id)) if id == bad));
    assert_eq!(
        store.get(&good).await.unwrap().as_deref(),
        Some(&b"good"[..])
    );
}

#[tokio::test]
async fn open_removes_stale_temporary_files_only() {
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    fs::create_dir_all(&tmp).unwrap();
    let (stale, fresh) = (tmp.join("crashed.1.0"), tmp.join("in-progress.2.0"));
    fs::write(&stale, b"half a blob").unwrap();
    fs::write(&fresh, b"being written").unwrap();
    set_mtime(&stale, t(0));
    set_mtime(&fresh, t(100));

    FsBlobStore::open_at(dir.path(), t(130)).await.unwrap();
    assert!(!stale.exists(), "two minutes old: left by a crash");
    assert!(fresh.exists(), "thirty seconds old: may still be written");
}

#[tokio::test]
async fn gc_removes_only_old_unreferenced_blobs() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsBlobStore::open(dir.path()).await.unwrap();
    let orphan = store.put(b"orphan").await.unwrap();
    let kept = store.put(b"referenced").await.unwrap();
    let recent = store.put(b"just uploaded").await.unwrap();
    set_mtime(&store.path_of(&orphan), t(0));
    set_mtime(&store.path_of(&kept), t(0));
    set_mtime(&store.path_of(&recent), t(1000));

    let referenced = HashSet::from([kept]);
    assert_eq!(store.gc(&referenced, t(500)).await.unwrap(), 1);
    assert!(!store.contains(&orphan).await.unwrap());
    assert!(store.contains(&kept).await.unwrap());
    assert!(store.contains(&recent).await.unwrap());
}

#[tokio::test]
async fn putting_old_bytes_again_protects_them_from_gc() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsBlobStore::open(dir.path()).await.unwrap();
    let id = store.put(b"uploaded twice").await.unwrap();
    set_mtime(&store.path_of(&id), t(0));
    store.put(b"uploaded twice").await.unwrap();
    let modified = fs::metadata(store.path_of(&id))
        .unwrap()
        .modified()
        .unwrap();
    assert!(modified > t(500), "the second put refreshed it");
    assert_eq!(store.gc(&HashSet::new(), t(500)).await.unwrap(), 0);
    assert!(store.contains(&id).await.unwrap());
}

/// A store in memory with a clock the test moves: enough to show the trait is
/// small enough for another backend, and to test what is built on it.
#[derive(Default)]
struct MemStore {
    blobs: Mutex<HashMap<BlobId, (Vec<u8>, SystemTime)>>,
    now: Mutex<u64>,
}

#[async_trait]
impl BlobStore for MemStore {
    async fn put(&self, bytes: &[u8]) -> Result<BlobId> {
        let id = BlobId::of(bytes);
        let now = t(*self.now.lock().unwrap());
        self.blobs.lock().unwrap().insert(id, (bytes.to_vec(), now));
        Ok(id)
    }
    async fn get(&self, id: &BlobId) -> Result<Option<Vec<u8>>> {
        Ok(self.blobs.lock().unwrap().get(id).map(|(b, _)| b.clone()))
    }
    async fn contains(&self, id: &BlobId) -> Result<bool> {
        Ok(self.blobs.lock().unwrap().contains_key(id))
    }
    async fn remove(&self, id: &BlobId) -> Result<bool> {
        Ok(self.blobs.lock().unwrap().remove(id).is_some())
    }
    async fn list(&self) -> Result<Vec<BlobInfo>> {
        let blobs = self.blobs.lock().unwrap();
        Ok(blobs
            .iter()
            .map(|(id, (bytes, modified))| BlobInfo {
                id: *id,
                size: bytes.len() as u64,
                modified: *modified,
            })
            .collect())
    }
    async fn verify(&self, progress: &(dyn Fn(u64) + Send + Sync)) -> Result<VerifyReport> {
        let mut report = VerifyReport::default();
        for (id, (bytes, _)) in self.blobs.lock().unwrap().iter() {
            report.checked += 1;
            if BlobId::of(bytes) != *id {
                report.corrupt.push(*id);
            }
            progress(report.checked);
        }
        Ok(report)
    }
}

#[tokio::test]
async fn provided_gc_and_missing_work_on_any_store() {
    let store = MemStore::default();
    let old = store.put(b"old").await.unwrap();
    let old_kept = store.put(b"old but kept").await.unwrap();
    *store.now.lock().unwrap() = 1000;
    let new = store.put(b"new").await.unwrap();

    assert_eq!(
        store.gc(&HashSet::from([old_kept]), t(500)).await.unwrap(),
        1
    );
    let never = BlobId::of(b"never stored");
    assert_eq!(
        missing(&store, &[new, old, never, old_kept, old])
            .await
            .unwrap(),
        vec![old, never],
        "in the order asked, each once"
    );

    let dyn_store: &dyn BlobStore = &store;
    assert_eq!(missing(dyn_store, &[new]).await.unwrap(), vec![]);
}

#[tokio::test]
async fn missing_on_the_file_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsBlobStore::open(dir.path()).await.unwrap();
    let here = store.put(b"here").await.unwrap();
    let gone = store.put(b"gone").await.unwrap();
    fs::remove_file(store.path_of(&gone)).unwrap();
    assert_eq!(missing(&store, &[here, gone]).await.unwrap(), vec![gone]);
}
