//! What an upload is, judged by its content (magic bytes and a full read),
//! never by its name or the browser's word.

pub(crate) mod formats;
mod name;
mod pdf;
mod sniff;

use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};

use serde::{Deserialize, Serialize};

pub use name::{check_name, BadName, MAX_NAME_CHARS};

/// The kinds of file a scan may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Pdf,
    Jpeg,
    Png,
    Tiff,
}

impl FileKind {
    pub const ALL: [FileKind; 4] = [FileKind::Pdf, FileKind::Jpeg, FileKind::Png, FileKind::Tiff];

    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Tiff => "image/tiff",
        }
    }

    /// The extensions people use for it, lowercase without the dot; the first
    /// is the one to give a download.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::Pdf => &["pdf"],
            FileKind::Jpeg => &["jpg", "jpeg", "jpe", "jfif"],
            FileKind::Png => &["png"],
            FileKind::Tiff => &["tif", "tiff"],
        }
    }

    pub fn extension(self) -> &'static str {
        self.extensions()[0]
    }

    /// The kind an extension (any case, no dot) names, if it names one.
    pub fn from_extension(ext: &str) -> Option<FileKind> {
        let ext = ext.to_ascii_lowercase();
        FileKind::ALL
            .into_iter()
            .find(|k| k.extensions().contains(&ext.as_str()))
    }

    pub fn is_image(self) -> bool {
        self != FileKind::Pdf
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileKind::Pdf => "PDF",
            FileKind::Jpeg => "JPEG",
            FileKind::Png => "PNG",
            FileKind::Tiff => "TIFF",
        })
    }
}

/// What [`inspect`] found in an acceptable file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inspected {
    pub kind: FileKind,
    /// Pages of a PDF, frames of a TIFF (reduced-size previews not counted), 1 otherwise.
    pub pages: u32,
    /// Width and height in pixels of the first page, for an image; `None` for a PDF.
    pub dimensions: Option<(u32, u32)>,
}

/// Default largest upload: a long scanned dossier, not a film.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;
/// Default most pages: far more than any dossier document, far fewer than a bomb.
pub const MAX_PAGES: u32 = 2_000;
/// Default most pixels in one page: A4 at 600 dpi is 35 million.
pub const MAX_PIXELS: u64 = 50_000_000;

/// Bounds on what [`inspect_with`] reads, so a hostile file costs little.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: u64,
    pub max_pages: u32,
    pub max_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: MAX_BYTES,
            max_pages: MAX_PAGES,
            max_pixels: MAX_PIXELS,
        }
    }
}

/// Why a file is refused, with what a person needs to be told. The web layer
/// words these (the Vietnamese meaning is given on each variant).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileProblem {
    /// "Tệp rỗng, không có nội dung."
    #[error("the file is empty")]
    Empty,
    /// "Không nhận ra loại tệp; chỉ nhận PDF, JPEG, PNG hoặc TIFF." With
    /// `looks_like`: "Tệp này có vẻ là {…}." Its values: `zip`, `docx`, `xlsx`,
    /// `pptx`, `odf` (OpenDocument), `office97` (old .doc/.xls/.ppt), `rar`, `7z`,
    /// `gzip`, `gif`, `ico`, `bmp`, `webp`, `heic` (iPhone photo), `avif`, `mp4`, `html`,
    /// `svg`, `xml`, `rtf`, `exe`, `text`.
    #[error("not a PDF, JPEG, PNG or TIFF file{}", looks_like.map(|l| format!(" (looks like {l})")).unwrap_or_default())]
    UnknownType { looks_like: Option<&'static str> },
    /// "Tệp {kind} bị hỏng hoặc không trọn vẹn (có thể tải lên bị gián đoạn);
    /// hãy quét hoặc lưu lại rồi tải lên."
    #[error("the {kind} file is damaged or incomplete")]
    Damaged { kind: FileKind },
    /// "Tệp PDF có đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."
    #[error("the PDF is protected by a password")]
    Encrypted,
    /// "Tệp quá lớn: {size} byte, tối đa {limit} byte."
    #[error("the file is too large: {size} bytes, at most {limit}")]
    TooLarge { size: u64, limit: u64 },
    /// "Tệp có quá nhiều trang (hơn {limit} trang); hãy tách thành nhiều tệp."
    #[error("the file has more than {limit} pages")]
    TooManyPages { limit: u32 },
    /// "Ảnh quá lớn: {width}×{height} điểm ảnh, tối đa {limit} điểm ảnh;
    /// hãy quét ở độ phân giải thấp hơn."
    #[error("the image is too large: {width}×{height} pixels, at most {limit}")]
    TooManyPixels { width: u32, height: u32, limit: u64 },
    /// "Tên tệp ghi là {name_says} nhưng nội dung là {content_is}."
    #[error("the name says {name_says} but the content is {content_is}")]
    NameDoesNotMatch {
        name_says: FileKind,
        content_is: FileKind,
    },
    /// "Tên tệp không hợp lệ: {why}." (see [`BadName`] for each reason)
    #[error("bad file name: {0}")]
    BadName(BadName),
}

/// [`inspect_with`] under the default [`Limits`].
pub fn inspect(bytes: &[u8]) -> Result<Inspected, FileProblem> {
    inspect_with(bytes, &Limits::default())
}

/// Says what `bytes` are, reading them whole: the kind by its magic bytes, then
/// a full decode (or parse, for a PDF), so that a file cut short by a broken
/// upload is refused now rather than found unreadable years later.
pub fn inspect_with(bytes: &[u8], limits: &Limits) -> Result<Inspected, FileProblem> {
    if bytes.is_empty() {
        return Err(FileProblem::Empty);
    }
    let size = bytes.len() as u64;
    if size > limits.max_bytes {
        return Err(FileProblem::TooLarge {
            size,
            limit: limits.max_bytes,
        });
    }
    let kind =
        sniff::kind_of(bytes).map_err(|looks_like| FileProblem::UnknownType { looks_like })?;
    // Decoders meeting hostile input may panic; that is a damaged file, not a
    // reason to take a worker thread down.
    let read = catch_unwind(AssertUnwindSafe(|| match kind {
        FileKind::Pdf => Ok((pdf::pages(bytes, limits)?, None)),
        FileKind::Jpeg | FileKind::Png => {
            Ok((1, Some(formats::image_dimensions(bytes, kind, limits)?)))
        }
        FileKind::Tiff => {
            let (pages, first) = formats::tiff_pages(bytes, limits)?;
            Ok((pages, Some(first)))
        }
    }));
    let (pages, dimensions) = read.unwrap_or(Err(FileProblem::Damaged { kind }))?;
    Ok(Inspected {
        kind,
        pages,
        dimensions,
    })
}
