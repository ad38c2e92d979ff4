//! The name a person gave a file: kept for display and downloads only (the
//! store names files by their hash), but still cleaned, because it ends up in
//! a Content-Disposition header, a zip of a dossier, or an officer's disk.

use unicode_normalization::UnicodeNormalization;

use super::{FileKind, FileProblem};

/// Longest accepted name, in characters (after normalization).
pub const MAX_NAME_CHARS: usize = 200;

/// Why a name is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadName {
    /// "tên tệp để trống"
    #[error("the name is empty")]
    Empty,
    /// "tên tệp dài {chars} ký tự, tối đa {limit}"
    #[error("the name has {chars} characters, at most {limit}")]
    TooLong { chars: usize, limit: usize },
    /// "tên tệp không được chứa dấu / hoặc \"
    #[error("the name contains / or \\")]
    PathSeparator,
    /// "tên tệp không được chứa .."
    #[error("the name contains ..")]
    DotDot,
    /// "tên tệp chứa ký tự điều khiển hoặc ký tự ẩn"
    #[error("the name contains a control or hidden character")]
    ControlCharacter,
}

/// Cleans a file name for display (trimmed, Unicode NFC, so that a name typed
/// on a Mac, which sends Vietnamese letters decomposed, equals the same name
/// typed elsewhere) and refuses one that is unsafe or whose extension claims
/// another supported kind than the content (`scan.pdf` holding a JPEG). A name
/// without an extension, or with one this crate does not know, is accepted.
pub fn check_name(name: &str, kind: FileKind) -> Result<String, FileProblem> {
    let bad = |why| Err(FileProblem::BadName(why));
    let clean: String = name.trim().nfc().collect();
    if clean.is_empty() {
        return bad(BadName::Empty);
    }
    let chars = clean.chars().count();
    if chars > MAX_NAME_CHARS {
        return bad(BadName::TooLong {
            chars,
            limit: MAX_NAME_CHARS,
        });
    }
    if clean.contains(['/', '\\']) {
        return bad(BadName::PathSeparator);
    }
    if clean.contains("..") {
        return bad(BadName::DotDot);
    }
    if clean.chars().any(hidden) {
        return bad(BadName::ControlCharacter);
    }
    if let Some(name_says) = clean
        .rsplit_once('.')
        .and_then(|(_, ext)| FileKind::from_extension(ext))
    {
        if name_says != kind {
            return Err(FileProblem::NameDoesNotMatch {
                name_says,
                content_is: kind,
            });
        }
    }
    Ok(clean)
}

/// Control characters, and the invisible ones that reorder or hide text:
/// "hóa-đơn\u{202E}fdp.exe" shows as "hóa-đơnexe.pdf".
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}' // zero-width spaces and marks, LRM/RLM
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2066}'..='\u{2069}' // bidi isolates
            | '\u{FEFF}' // zero-width no-break space
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_and_keeps_a_good_name() {
        // "Đơn" with the tone mark decomposed, as macOS sends it.
        let decomposed = "  Đo\u{031b}n xin phép.PDF \n";
        assert_eq!(
            check_name(decomposed, FileKind::Pdf).unwrap(),
            "Đơn xin phép.PDF"
        );
        assert_eq!(check_name("ảnh.jpeg", FileKind::Jpeg).unwrap(), "ảnh.jpeg");
        assert_eq!(
            check_name("ho-so.tif", FileKind::Tiff).unwrap(),
            "ho-so.tif"
        );
    }

    #[test]
    fn no_or_unknown_extension_is_accepted() {
        assert_eq!(check_name("giay-to", FileKind::Png).unwrap(), "giay-to");
        assert_eq!(check_name("scan.bin", FileKind::Png).unwrap(), "scan.bin");
        assert_eq!(check_name(".hidden", FileKind::Pdf).unwrap(), ".hidden");
    }

    #[test]
    fn an_extension_claiming_another_kind_is_refused() {
        assert_eq!(
            check_name("scan.pdf", FileKind::Png),
            Err(FileProblem::NameDoesNotMatch {
                name_says: FileKind::Pdf,
                content_is: FileKind::Png
            })
        );
        assert!(check_name("photo.JPG", FileKind::Tiff).is_err());
    }

    #[test]
    fn unsafe_names_are_refused() {
        let refused = |name: &str, why: BadName| {
            assert_eq!(
                check_name(name, FileKind::Pdf),
                Err(FileProblem::BadName(why)),
                "{name:?}"
            );
        };
        refused("", BadName::Empty);
        refused(" \t ", BadName::Empty);
        refused("../etc/passwd", BadName::PathSeparator);
        refused("a/b.pdf", BadName::PathSeparator);
        refused("C:\\x.pdf", BadName::PathSeparator);
        refused("..", BadName::DotDot);
        refused("a..pdf", BadName::DotDot);
        refused("a\0.pdf", BadName::ControlCharacter);
        refused("a\nb.pdf", BadName::ControlCharacter);
        refused("hoa-don\u{202E}fdp.exe", BadName::ControlCharacter);
        let long = "ă".repeat(201);
        refused(
            &long,
            BadName::TooLong {
                chars: 201,
                limit: 200,
            },
        );
        assert!(check_name(&"ă".repeat(200), FileKind::Pdf).is_ok());
    }
}
