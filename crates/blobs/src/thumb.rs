//! A small picture of a file's first page, for lists and dossier pages.

use std::fs::{self, File};
use std::io::{Cursor, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

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
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("pdftoppm"))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
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
    let errors = dir.path().join("stderr");
    fs::write(&input, bytes).at("writing", &input)?;
    let stderr = File::create(&errors).at("creating", &errors)?;

    let mut child = Command::new(program)
        .args(["-f", "1", "-l", "1", "-png", "-scale-to"])
        .arg(max_side.to_string())
        .arg("-singlefile")
        .arg(&input)
        .arg(&output)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .at("starting", program)?;

    let deadline = Instant::now() + PDF_TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().at("waiting for", program)? {
            break status;
        }
        if Instant::now() >= deadline {
            // Killing a process that just exited fails harmlessly; wait reaps it.
            let _ = child.kill();
            let _ = child.wait();
            return Err(Error::Thumbnail(format!(
                "pdftoppm took longer than {} s",
                PDF_TIMEOUT.as_secs()
            )));
        }
        thread::sleep(Duration::from_millis(10));
    };
    if !status.success() {
        let mut said = String::new();
        let _ = File::open(&errors).and_then(|f| f.take(500).read_to_string(&mut said));
        return Err(Error::Thumbnail(format!(
            "pdftoppm failed ({status}): {}",
            said.trim()
        )));
    }
    let png_path = output.with_extension("png");
    let png = fs::read(&png_path).at("reading", &png_path)?;
    if !png.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(Error::Thumbnail("pdftoppm did not write a PNG".into()));
    }
    Ok(png)
}
