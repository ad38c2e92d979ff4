//! What can go wrong with the store or a thumbnail (a refused upload is a
//! [`FileProblem`](crate::FileProblem) instead: that one is the person's to fix).

use std::io;
use std::path::{Path, PathBuf};

use crate::{BlobId, FileProblem};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The disk said no; the path is kept because "permission denied" alone
    /// sends an administrator looking everywhere.
    #[error("{what} {}: {source}", path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// A blob read back does not hash to its name: the disk changed it.
    #[error("blob {0} is corrupt: its content no longer matches its name")]
    Corrupt(BlobId),
    /// The blocking task carrying the I/O panicked or was cancelled.
    #[error("the blob store's worker stopped: {0}")]
    Worker(String),
    /// Thumbnails read the file's content, so they can meet a damaged file.
    #[error(transparent)]
    File(#[from] FileProblem),
    #[error("thumbnail: {0}")]
    Thumbnail(String),
    /// A page asked for that the file does not have (pages count from 1).
    #[error("there is no page {page}: the file has {pages}")]
    NoSuchPage { page: u32, pages: u32 },
    /// A PDF's pages are drawn by pdftoppm, and it is not installed.
    #[error("pdftoppm is not installed (Debian: poppler-utils): a PDF's pages cannot be drawn")]
    NoRenderer,
    /// Drawing a page as a JPEG image failed (pdftoppm, or the encoder).
    #[error("page images: {0}")]
    Pages(String),
    /// Tesseract (or pdftoppm before it) ran and failed.
    #[error("OCR: {0}")]
    Ocr(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Attaches what was being done and to which path to an `io::Error`.
pub(crate) trait IoContext<T> {
    fn at(self, what: &'static str, path: &Path) -> Result<T>;
}

impl<T> IoContext<T> for io::Result<T> {
    fn at(self, what: &'static str, path: &Path) -> Result<T> {
        self.map_err(|source| Error::Io {
            what,
            path: path.to_owned(),
            source,
        })
    }
}

impl From<tokio::task::JoinError> for Error {
    fn from(e: tokio::task::JoinError) -> Self {
        Error::Worker(e.to_string())
    }
}
