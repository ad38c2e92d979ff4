//! The kind of a file from its first bytes, and for a refused one, a guess at
//! what it is, because "this looks like a Word document" tells a person what to
//! do where "unknown type" does not.

use super::FileKind;

/// The supported kind the bytes start as, or what else they look like.
pub(super) fn kind_of(b: &[u8]) -> Result<FileKind, Option<&'static str>> {
    if b.starts_with(b"%PDF-") {
        Ok(FileKind::Pdf)
    } else if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(FileKind::Jpeg)
    } else if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok(FileKind::Png)
    } else if [b"II*\0", b"MM\0*", b"II+\0", b"MM\0+"]
        .iter()
        .any(|m| b.starts_with(*m))
    {
        // Classic TIFF and BigTIFF, in either byte order.
        Ok(FileKind::Tiff)
    } else {
        Err(looks_like(b))
    }
}

fn looks_like(b: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"PK\x03\x04", "zip"),
        (b"PK\x05\x06", "zip"),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "office97"),
        (b"Rar!\x1A\x07", "rar"),
        (b"7z\xBC\xAF\x27\x1C", "7z"),
        (b"\x1F\x8B", "gzip"),
        (b"GIF87a", "gif"),
        (b"GIF89a", "gif"),
        (b"\0\0\x01\0", "ico"),
        (b"{\\rtf", "rtf"),
        (b"MZ", "exe"),
        (b"\x7FELF", "exe"),
    ];
    if let Some((_, name)) = MAGIC.iter().find(|(magic, _)| b.starts_with(magic)) {
        return Some(match *name {
            "zip" => zip_flavour(b),
            other => other,
        });
    }
    if b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        return Some("webp");
    }
    if b.len() >= 12 && &b[4..8] == b"ftyp" {
        return Some(match &b[8..12] {
            b"heic" | b"heix" | b"hevc" | b"heim" | b"heis" | b"mif1" | b"msf1" => "heic",
            b"avif" | b"avis" => "avif",
            _ => "mp4",
        });
    }
    if b.len() >= 26 && b.starts_with(b"BM") && b[6..10] == [0; 4] {
        return Some("bmp");
    }
    markup_or_text(b)
}

/// Office documents are zip files; the names of their parts tell them apart.
fn zip_flavour(b: &[u8]) -> &'static str {
    if contains(b, b"mimetypeapplication/vnd.oasis.opendocument") {
        "odf"
    } else if contains(b, b"word/") {
        "docx"
    } else if contains(b, b"xl/") {
        "xlsx"
    } else if contains(b, b"ppt/") {
        "pptx"
    } else {
        "zip"
    }
}

fn markup_or_text(b: &[u8]) -> Option<&'static str> {
    let head = &b[..b.len().min(1024)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(head.len());
    let lower = head[start..].to_ascii_lowercase();
    if lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || lower.starts_with(b"<head")
    {
        return Some("html");
    }
    if lower.starts_with(b"<svg") || (lower.starts_with(b"<?xml") && contains(&lower, b"<svg")) {
        return Some("svg");
    }
    if lower.starts_with(b"<?xml") {
        return Some("xml");
    }
    // Text if the head is UTF-8 (a character cut at the end aside) without controls.
    let text = match std::str::from_utf8(head) {
        Ok(s) => s,
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or("")
        }
        Err(_) => return None,
    };
    let plain = text
        .chars()
        .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'));
    (plain && !text.is_empty()).then_some("text")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supported_kinds_by_magic() {
        assert_eq!(kind_of(b"%PDF-1.7\n"), Ok(FileKind::Pdf));
        assert_eq!(kind_of(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok(FileKind::Jpeg));
        assert_eq!(kind_of(b"\x89PNG\r\n\x1a\n...."), Ok(FileKind::Png));
        assert_eq!(kind_of(b"II*\0...."), Ok(FileKind::Tiff));
        assert_eq!(kind_of(b"MM\0*...."), Ok(FileKind::Tiff));
    }

    #[test]
    fn lookalikes() {
        let cases: &[(&[u8], Option<&str>)] = &[
            (
                b"PK\x03\x04\x14\0\0\0[Content_Types].xml....word/document.xml",
                Some("docx"),
            ),
            (b"PK\x03\x04\x14\0\0\0xl/workbook.xml", Some("xlsx")),
            (b"PK\x03\x04\x14\0\0\0photo.jpg", Some("zip")),
            (b"\xEF\xBB\xBF\n  <!DOCTYPE html><html>", Some("html")),
            (b"<HTML><body>", Some("html")),
            (b"<?xml version=\"1.0\"?>\n<svg xmlns=", Some("svg")),
            (b"<?xml version=\"1.0\"?>\n<root/>", Some("xml")),
            (b"\0\0\0\x18ftypheic\0\0\0\0", Some("heic")),
            (b"GIF89a\x01\0\x01\0", Some("gif")),
            ("Đơn xin cấp phép\r\n".as_bytes(), Some("text")),
            (b"\0\x01\x02\x03binary", None),
        ];
        for (bytes, expected) in cases {
            assert_eq!(
                kind_of(bytes),
                Err(*expected),
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
}
