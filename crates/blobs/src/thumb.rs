//! A small picture of a file's first page, for lists and dossier pages.

use std::fs;
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use image::ImageFormat;

use crate::error::IoContext;
use crate::kind::formats::decode_image;
use crate::{Error, FileKind, FileProblem, Limits, Result};

/// How long pdftoppm may take over one page before it is stopped: a normal
/// page takes well under a second, so this only cuts off a hostile file.
pub const PDF_TIMEOUT: Duration = Duration::from_secs(20);

/// The largest thumbnail drawn: beyond this it is no longer a thumbnail, and a
/// caller's typo should not make pdftoppm render a poster.
const MAX_SIDE: u32 = 4096;

/// A PNG of the first page, at most `max_side` pixels on its longer side (an
/// image already smaller is not enlarged; `max_side` is kept within 1..=4096).
///
/// `Ok(None)` for a PDF when pdftoppm (Debian's poppler-utils) is not
/// installed: the page then shows an icon. Blocking and CPU-heavy: from async
/// code, call it inside `spawn_blocking`.
pub fn thumbnail(bytes: &[u8], kind: FileKind, max_side: u32) -> Result<Option<Vec<u8>>> {
    let max_side = max_side.clamp(1, MAX_SIDE);
    if kind == FileKind::Pdf {
        return match pdftoppm() {
            Some(program) => pdf_thumbnail(&program, bytes, max_side).map(Some),
            None => Ok(None),
        };
    }
    // As in `inspect`: a decoder's panic on a hostile file is a damaged file.
    let decoded = catch_unwind(AssertUnwindSafe(|| {
        decode_image(bytes, kind, &Limits::default())
    }));
    let image = decoded.unwrap_or(Err(FileProblem::Damaged { kind }))?;
    let image = if image.width().max(image.height()) > max_side {
        image.thumbnail(max_side, max_side)
    } else {
        image
    };
    let mut png = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .map_err(|e| Error::Thumbnail(format!("encoding PNG: {e}")))?;
    Ok(Some(png))
}

/// Where pdftoppm is on PATH, if it is there (looked up each time, so
/// installing poppler-utils takes effect without a restart).
pub fn pdftoppm() -> Option<PathBuf> {
    crate::program::find("pdftoppm")
}

/// Renders page 1 through pdftoppm, run directly (no shell) on a private
/// temporary copy, with the output size fixed by `-scale-to` and a deadline.
fn pdf_thumbnail(program: &Path, bytes: &[u8], max_side: u32) -> Result<Vec<u8>> {
    let dir = tempfile::Builder::new()
        .prefix("motcua-thumb-")
        .tempdir()
        .map_err(|e| Error::Thumbnail(format!("creating a temporary folder: {e}")))?;
    let input = dir.path().join("in.pdf");
    let output = dir.path().join("page");
    fs::write(&input, bytes).at("writing", &input)?;
    let mut command = Command::new(program);
    command
        .args(["-f", "1", "-l", "1", "-png", "-scale-to"])
        .arg(max_side.to_string())
        .arg("-singlefile")
        .arg(&input)
        .arg(&output);
    let ran = crate::program::run(command, dir.path(), None, PDF_TIMEOUT, || {
        Error::Thumbnail(format!(
            "pdftoppm took longer than {} s",
            PDF_TIMEOUT.as_secs()
        ))
    })?;
    if !ran.status.success() {
        return Err(Error::Thumbnail(format!(
            "pdftoppm failed ({}): {}",
            ran.status, ran.said
        )));
    }
    let png_path = output.with_extension("png");
    let png = fs::read(&png_path).at("reading", &png_path)?;
    if !png.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(Error::Thumbnail("pdftoppm did not write a PNG".into()));
    }
    Ok(png)
}
