//! Scans attached to dossiers: where their bytes live and what they are.
//!
//! - [`BlobId`] names a file by its content (sha256), so a name can never be a path.
//! - [`BlobStore`] keeps bytes under that name; [`FsBlobStore`] on a local disk.
//! - [`inspect`] and [`check_name`] say what an upload is by its content, and refuse
//!   damaged, unknown or misnamed files with a [`FileProblem`] a person can be told.
//! - [`thumbnail`] draws the first page small; [`read_text`] reads its words (OCR);
//!   [`page_images`] gives pages as JPEG images, to be put into a PDF.
//!
//! The crate knows nothing of dossiers: which blobs are referenced is the caller's
//! metadata, handed in to [`missing`] and [`BlobStore::gc`].

mod error;
mod fs;
mod id;
mod kind;
mod ocr;
mod pages;
mod program;
mod store;
mod thumb;

pub use error::{Error, Result};
pub use fs::FsBlobStore;
pub use id::{BlobId, BlobIdError};
pub use kind::{
    check_name, inspect, inspect_with, BadName, FileKind, FileProblem, Inspected, Limits,
    MAX_BYTES, MAX_NAME_CHARS, MAX_PAGES, MAX_PIXELS,
};
pub use ocr::{ocr_availability, read_text, OcrAvailability, OCR_MAX_PAGES, OCR_TIMEOUT};
pub use pages::{page_images, PageImage, PAGE_MAX_SIDE};
pub use store::{missing, BlobInfo, BlobStore, VerifyReport};
pub use thumb::{pdftoppm, thumbnail, PDF_TIMEOUT};
