//! The blob store as the rest of the system sees it.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::SystemTime;

use async_trait::async_trait;

use crate::{BlobId, Result};

/// One stored blob, as [`BlobStore::list`] finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobInfo {
    pub id: BlobId,
    pub size: u64,
    /// When it was written, or last put again (see [`BlobStore::put`]).
    pub modified: SystemTime,
}

/// What [`BlobStore::verify`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifyReport {
    /// Blobs rehashed.
    pub checked: u64,
    /// Their bytes, added up.
    pub bytes: u64,
    /// Blobs whose content no longer hashes to their name.
    pub corrupt: Vec<BlobId>,
    /// Things in the store that are not blobs where blobs belong (a file with
    /// another name, a blob filed under the wrong prefix, a link, a stray folder).
    /// Reported, never deleted: someone put them there.
    pub stray: Vec<PathBuf>,
}

impl VerifyReport {
    pub fn is_clean(&self) -> bool {
        self.corrupt.is_empty() && self.stray.is_empty()
    }
}

/// Bytes kept under the hash of their content.
///
/// Deliberately small (put, get, contains, remove, list, verify) so that an
/// S3-compatible store can implement it with one request per call; everything
/// else ([`missing`], [`BlobStore::gc`]) is built on these.
#[async_trait]
pub trait BlobStore: Send + Sync {
    /// Stores `bytes` and returns their id. The same bytes put twice are kept
    /// once; putting them again marks them as freshly written, so that a
    /// concurrent [`gc`](BlobStore::gc) with a grace period keeps them.
    async fn put(&self, bytes: &[u8]) -> Result<BlobId>;

    /// The bytes stored under `id`, or `None` when there is no such blob.
    async fn get(&self, id: &BlobId) -> Result<Option<Vec<u8>>>;

    async fn contains(&self, id: &BlobId) -> Result<bool>;

    /// Removes the blob; `false` when it was not there.
    async fn remove(&self, id: &BlobId) -> Result<bool>;

    /// Every blob, in no particular order.
    async fn list(&self) -> Result<Vec<BlobInfo>>;

    /// Rehashes every blob. `progress` is called after each one with the number
    /// checked so far (the total is `list().len()`).
    async fn verify(&self, progress: &(dyn Fn(u64) + Send + Sync)) -> Result<VerifyReport>;

    /// Removes the blobs nobody references that were written before
    /// `older_than`, and returns how many went.
    ///
    /// The grace period is what makes this safe to run beside uploads: a blob
    /// whose metadata is being written right now is newer than `older_than`, and
    /// so is one that was put again just now. A store that can check the time
    /// and delete in one step should override this to do so.
    async fn gc(&self, referenced: &HashSet<BlobId>, older_than: SystemTime) -> Result<u64> {
        let mut removed = 0;
        for blob in self.list().await? {
            if blob.modified < older_than
                && !referenced.contains(&blob.id)
                && self.remove(&blob.id).await?
            {
                removed += 1;
            }
        }
        Ok(removed)
    }
}

/// Which of `expected` (the blobs the metadata refers to) the store lacks, in
/// the order given, each once.
pub async fn missing<S: BlobStore + ?Sized>(store: &S, expected: &[BlobId]) -> Result<Vec<BlobId>> {
    // One listing rather than a lookup per id: a check over all dossiers asks
    // about every blob, and one listing is one request for a remote store too.
    let present: HashSet<BlobId> = store.list().await?.into_iter().map(|b| b.id).collect();
    let mut seen = HashSet::new();
    Ok(expected
        .iter()
        .filter(|id| !present.contains(id) && seen.insert(**id))
        .copied()
        .collect())
}
