//! Reading the store's tree back: which files are blobs, which are strays.

use std::fs::{self, File, FileType};
use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::IoContext;
use crate::{BlobId, BlobInfo, Result};

pub(super) struct Walk {
    pub blobs: Vec<(BlobInfo, PathBuf)>,
    pub stray: Vec<PathBuf>,
}

/// Walks `<root>` expecting exactly `sha256/xx/yy/<id>` and `tmp/`. Anything
/// else is stray, including a blob under the wrong prefix: nothing would ever
/// look for it there. A file that vanishes during the walk (a concurrent
/// remove) is skipped.
pub(super) fn walk(root: &Path) -> Result<Walk> {
    let mut walk = Walk {
        blobs: Vec::new(),
        stray: Vec::new(),
    };
    for (name, path, kind) in entries(root)? {
        match name.as_deref() {
            Some("sha256") if kind.is_dir() => {}
            Some("tmp") if kind.is_dir() => continue,
            _ => {
                walk.stray.push(path);
                continue;
            }
        }
        for (a, path_a, kind_a) in entries(&path)? {
            let Some(a) = a.filter(|a| kind_a.is_dir() && is_prefix(a)) else {
                walk.stray.push(path_a);
                continue;
            };
            for (b, path_b, kind_b) in entries(&path_a)? {
                let Some(b) = b.filter(|b| kind_b.is_dir() && is_prefix(b)) else {
                    walk.stray.push(path_b);
                    continue;
                };
                for (name, path, kind) in entries(&path_b)? {
                    let id = name
                        .filter(|n| kind.is_file() && n.starts_with(&a) && n[2..].starts_with(&b))
                        .and_then(|n| n.parse::<BlobId>().ok());
                    let Some(id) = id else {
                        walk.stray.push(path);
                        continue;
                    };
                    let meta = match fs::symlink_metadata(&path) {
                        Ok(meta) => meta,
                        Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                        Err(e) => return Err(e).at("reading", &path),
                    };
                    let modified = meta.modified().at("reading", &path)?;
                    let size = meta.len();
                    walk.blobs.push((BlobInfo { id, size, modified }, path));
                }
            }
        }
    }
    walk.stray.sort();
    Ok(walk)
}

fn is_prefix(name: &str) -> bool {
    name.len() == 2
        && name
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A folder's entries: name (if UTF-8), path, and type (links not followed).
fn entries(dir: &Path) -> Result<Vec<(Option<String>, PathBuf, FileType)>> {
    let read = match fs::read_dir(dir) {
        Ok(read) => read,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).at("reading", dir),
    };
    let mut out = Vec::new();
    for entry in read {
        let entry = entry.at("reading", dir)?;
        let kind = match entry.file_type() {
            Ok(kind) => kind,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e).at("reading", &entry.path()),
        };
        out.push((entry.file_name().into_string().ok(), entry.path(), kind));
    }
    Ok(out)
}

/// Rehashes one blob's file; `None` when it vanished meanwhile (a gc).
pub(super) fn hash_file(path: &Path) -> Result<Option<BlobId>> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).at("reading", path),
    };
    let mut hasher = Sha256::new();
    io::copy(&mut file, &mut hasher).at("reading", path)?;
    Ok(Some(BlobId::from_digest(hasher.finalize().into())))
}
