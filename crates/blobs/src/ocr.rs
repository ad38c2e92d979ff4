//! Reading the words in a scan with Tesseract (Debian's `tesseract-ocr`, with
//! `tesseract-ocr-vie` for Vietnamese). Without the program, or without the
//! language, there is no OCR and the answer says so; nothing else depends on
//! it. A PDF is drawn page by page with pdftoppm first.

use std::fs::{self, File};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::error::IoContext;
use crate::program::{find, run};
use crate::{Error, FileKind, Result};

/// The longest one page may take.
pub const OCR_TIMEOUT: Duration = Duration::from_secs(120);
/// Pages of a PDF read at most: the rest of a very long scan stays unread.
pub const OCR_MAX_PAGES: u32 = 30;

/// Whether OCR can run here for `lang` (`vie`), and if not, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OcrAvailability {
    Ready,
    NoTesseract,
    NoLanguage(String),
}

/// Looks for tesseract and its `lang` model now (installing them later
/// needs no restart).
pub fn ocr_availability(lang: &str) -> OcrAvailability {
    let Some(tesseract) = find("tesseract") else {
        return OcrAvailability::NoTesseract;
    };
    let langs = Command::new(tesseract)
        .arg("--list-langs")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    if langs.lines().any(|l| l.trim() == lang) {
        OcrAvailability::Ready
    } else {
        OcrAvailability::NoLanguage(lang.to_string())
    }
}

/// The text in a scan, page after page; `Ok(None)` when OCR cannot run here
/// (see [`ocr_availability`]), an error when it ran and failed. Blocking:
/// call it off the async threads.
pub fn read_text(bytes: &[u8], kind: FileKind, lang: &str) -> Result<Option<String>> {
    if ocr_availability(lang) != OcrAvailability::Ready {
        return Ok(None);
    }
    let tesseract = find("tesseract").ok_or_else(|| Error::Ocr("tesseract vanished".into()))?;
    let dir = tempfile::Builder::new()
        .prefix("motcua-ocr-")
        .tempdir()
        .map_err(|e| Error::Ocr(format!("creating a temporary folder: {e}")))?;
    let input = dir.path().join(format!("in.{}", kind.extension()));
    fs::write(&input, bytes).at("writing", &input)?;
    let pages = match kind {
        FileKind::Pdf => {
            let Some(pdftoppm) = find("pdftoppm") else {
                return Ok(None);
            };
            draw_pages(&pdftoppm, &input, dir.path())?
        }
        // Tesseract reads every frame of a TIFF itself.
        FileKind::Jpeg | FileKind::Png | FileKind::Tiff => vec![input],
    };
    let mut text = String::new();
    for page in pages {
        let out = dir.path().join("out.txt");
        let stdout = File::create(&out).at("creating", &out)?;
        let mut command = Command::new(&tesseract);
        command
            .arg(&page)
            .arg("stdout")
            .args(["-l", lang])
            // One thread: the server has other work, and the machine two cores.
            .env("OMP_THREAD_LIMIT", "1");
        let ran = run(command, dir.path(), Some(stdout), OCR_TIMEOUT, || {
            Error::Ocr(format!(
                "tesseract took longer than {} s",
                OCR_TIMEOUT.as_secs()
            ))
        })?;
        if !ran.status.success() {
            return Err(Error::Ocr(format!(
                "tesseract failed ({}): {}",
                ran.status, ran.said
            )));
        }
        let read = fs::read(&out).at("reading", &out)?;
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(String::from_utf8_lossy(&read).trim());
    }
    Ok(Some(text))
}

/// The PDF's first pages as PNG files at 200 dpi, in order.
fn draw_pages(pdftoppm: &Path, input: &Path, dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut command = Command::new(pdftoppm);
    command
        .args(["-r", "200", "-png", "-f", "1", "-l"])
        .arg(OCR_MAX_PAGES.to_string())
        .arg(input)
        .arg(dir.join("page"));
    let ran = run(command, dir, None, OCR_TIMEOUT, || {
        Error::Ocr(format!(
            "pdftoppm took longer than {} s",
            OCR_TIMEOUT.as_secs()
        ))
    })?;
    if !ran.status.success() {
        return Err(Error::Ocr(format!(
            "pdftoppm failed ({}): {}",
            ran.status, ran.said
        )));
    }
    let mut pages: Vec<_> = fs::read_dir(dir)
        .at("listing", dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("page") && n.ends_with(".png"))
        })
        .collect();
    // page-01.png … page-30.png: the same width, so the names sort as pages.
    pages.sort();
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_the_language_there_is_no_ocr_and_no_error() {
        assert_ne!(
            ocr_availability("zzz-no-such-language"),
            OcrAvailability::Ready
        );
        let png = b"\x89PNG\r\n\x1a\n";
        assert_eq!(
            read_text(png, FileKind::Png, "zzz-no-such-language").unwrap(),
            None
        );
    }
}
