//! A PDF read through by lopdf, then checked page by page for what a viewer
//! needs to draw it, because lopdf's lenient reader (rightly, for a viewer)
//! skips an object it cannot parse instead of failing.

use lopdf::xref::XrefRecovery;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::formats::damaged;
use super::{FileKind, FileProblem, Limits};

const KIND: FileKind = FileKind::Pdf;

/// The most one stream may decompress to: a page's drawing is far smaller.
const MAX_STREAM: usize = 64 * 1024 * 1024;

/// The number of pages of a sound PDF.
pub(super) fn pages(bytes: &[u8], limits: &Limits) -> Result<u32, FileProblem> {
    // A writer ends the file with %%EOF (then maybe a line end or padding); its
    // absence near the end is the surest sign of a cut upload, which the
    // lenient reader would otherwise repair quietly.
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(damaged(KIND));
    }
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_STREAM),
        ..lopdf::LoadOptions::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|_| damaged(KIND))?;
    // An unreadable cross-reference table was rebuilt by scanning for objects:
    // what came back may lack objects or be an older revision than the one a
    // viewer shows, and most renderers (poppler among them) refuse such a file.
    if doc.xref_recovery == Some(XrefRecovery::Reconstructed) {
        return Err(damaged(KIND));
    }
    if doc.is_encrypted() && doc.authenticate_password("").is_err() {
        return Err(FileProblem::Encrypted);
    }
    let pages = doc.get_pages();
    // A page whose object (or whose branch of the page tree) did not load
    // is still listed, by its reference, and fails `drawable` below; the
    // tree's /Count is not trusted, as sloppy writers get it wrong.
    if pages.is_empty() {
        return Err(damaged(KIND));
    }
    if pages.len() > limits.max_pages as usize {
        return Err(FileProblem::TooManyPages {
            limit: limits.max_pages,
        });
    }
    if !pages.values().all(|&page| drawable(&doc, page)) {
        return Err(damaged(KIND));
    }
    u32::try_from(pages.len()).map_err(|_| damaged(KIND))
}

/// The page's own dictionary, its content streams and the images and forms it
/// draws are all there, and the content decompresses.
fn drawable(doc: &Document, page: ObjectId) -> bool {
    if doc.get_dictionary(page).is_err() {
        return false;
    }
    let contents_ok = doc.get_page_contents(page).into_iter().all(|id| {
        doc.get_object(id)
            .and_then(Object::as_stream)
            .is_ok_and(|stream| {
                // A filter lopdf does not implement says nothing about the file.
                matches!(
                    stream.decompressed_content_with_limit(MAX_STREAM),
                    Ok(_) | Err(lopdf::Error::Unimplemented(_))
                )
            })
    });
    contents_ok && xobjects_present(doc, page)
}

/// Every XObject (a scanned page is one big image) named in the page's
/// resources is a stream that loaded. Its pixels are not decoded: that is the
/// renderer's work, and a damaged image still leaves a page to show.
fn xobjects_present(doc: &Document, page: ObjectId) -> bool {
    let Ok((inline, referenced)) = doc.get_page_resources(page) else {
        return false;
    };
    let referenced: Vec<&Dictionary> = referenced
        .into_iter()
        .filter_map(|id| doc.get_dictionary(id).ok())
        .collect();
    inline.into_iter().chain(referenced).all(|resources| {
        let xobjects = match resources.get(b"XObject") {
            Ok(Object::Reference(id)) => doc.get_dictionary(*id).ok(),
            Ok(Object::Dictionary(dict)) => Some(dict),
            _ => return true,
        };
        xobjects.is_some_and(|dict| {
            dict.iter().all(|(_, xobject)| match xobject {
                Object::Reference(id) => doc.get_object(*id).and_then(Object::as_stream).is_ok(),
                _ => false,
            })
        })
    })
}
