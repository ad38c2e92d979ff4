//! inspect and check_name on files made here.

mod common;

use common::*;
use image::ImageFormat;
use lopdf::Object;
use motcua_blobs::{check_name, inspect, inspect_with, FileKind, FileProblem, Limits};

#[test]
fn each_kind_is_recognised_with_its_pages_and_size() {
    for (kind, bytes, expected) in all_kinds() {
        assert_eq!(inspect(&bytes), Ok(expected), "{kind}");
    }
}

#[test]
fn a_truncated_copy_of_each_kind_is_damaged() {
    for (kind, bytes, _) in all_kinds() {
        let len = bytes.len();
        for cut in [len / 4, len / 2, len * 3 / 4, len - 10, len - 1] {
            assert_eq!(
                inspect(&bytes[..cut]),
                Err(FileProblem::Damaged { kind }),
                "{kind} cut to {cut} of {len} bytes"
            );
        }
    }
}

#[test]
fn a_pdf_whose_middle_is_garbled_is_damaged() {
    let mut bytes = pdf(3);
    let start = bytes.len() / 3;
    bytes[start..start * 2].fill(b'#');
    assert_eq!(
        inspect(&bytes),
        Err(FileProblem::Damaged {
            kind: FileKind::Pdf
        })
    );
}

#[test]
fn a_pdf_whose_cross_reference_table_is_garbled_is_damaged() {
    let mut bytes = pdf(3);
    // lopdf writes a cross-reference stream, the last object in the file.
    let find = |b: &[u8], what: &[u8]| b.windows(what.len()).rposition(|w| w == what).unwrap();
    let (xref, end) = (find(&bytes, b"/Type/XRef"), find(&bytes, b"endstream"));
    assert!(xref < end);
    bytes[xref..end].fill(b'?');
    assert_eq!(
        inspect(&bytes),
        Err(FileProblem::Damaged {
            kind: FileKind::Pdf
        })
    );
}

#[test]
fn a_pdf_that_lost_a_page_is_damaged() {
    let damaged = Err(FileProblem::Damaged {
        kind: FileKind::Pdf,
    });
    let mut doc = pdf_document(3);
    let second = doc.get_pages()[&2];
    doc.objects.remove(&second);
    assert_eq!(inspect(&saved(doc)), damaged, "a page object lost");

    // Pages 2 and 3 under a branch of the page tree that was lost.
    let mut doc = pdf_document(3);
    let lost_branch = doc.new_object_id();
    let root = doc
        .catalog()
        .unwrap()
        .get(b"Pages")
        .unwrap()
        .as_reference()
        .unwrap();
    let first = Object::Reference(doc.get_pages()[&1]);
    let tree = doc.get_dictionary_mut(root).unwrap();
    tree.set("Kids", vec![first, lost_branch.into()]);
    assert_eq!(
        inspect(&saved(doc)),
        damaged,
        "a branch of the page tree lost"
    );
}

#[test]
fn a_scanned_pdf_needs_its_image() {
    assert_eq!(inspect(&scanned_pdf(true)).map(|i| i.pages), Ok(1));
    assert_eq!(
        inspect(&scanned_pdf(false)),
        Err(FileProblem::Damaged {
            kind: FileKind::Pdf
        })
    );
}

#[test]
fn other_files_are_refused_saying_what_they_look_like() {
    assert_eq!(inspect(b""), Err(FileProblem::Empty));
    let unknown = |looks_like| Err(FileProblem::UnknownType { looks_like });
    let docx = b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml\x00\x00PK\x03\x04word/document.xml";
    assert_eq!(inspect(docx), unknown(Some("docx")));
    assert_eq!(
        inspect(b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"),
        unknown(Some("zip"))
    );
    let html = b"<!DOCTYPE html>\n<html><head><title>Cong dich vu cong</title></head></html>";
    assert_eq!(inspect(html), unknown(Some("html")));
    assert_eq!(inspect(&[0x00, 0x01, 0x02, 0xFE]), unknown(None));
}

#[test]
fn limits_refuse_what_is_too_big() {
    let limits = Limits::default();
    let small = Limits {
        max_bytes: 100,
        ..limits
    };
    let size = pdf(1).len() as u64;
    assert_eq!(
        inspect_with(&pdf(1), &small),
        Err(FileProblem::TooLarge { size, limit: 100 })
    );
    let two_pages = Limits {
        max_pages: 2,
        ..limits
    };
    assert_eq!(
        inspect_with(&pdf(3), &two_pages),
        Err(FileProblem::TooManyPages { limit: 2 })
    );
    let three = tiff(&[(8, 8), (8, 8), (8, 8)]);
    assert_eq!(
        inspect_with(&three, &two_pages),
        Err(FileProblem::TooManyPages { limit: 2 })
    );
    let few_pixels = Limits {
        max_pixels: 1000,
        ..limits
    };
    assert_eq!(
        inspect_with(&encoded(64, 48, ImageFormat::Png), &few_pixels),
        Err(FileProblem::TooManyPixels {
            width: 64,
            height: 48,
            limit: 1000
        })
    );
}

#[test]
fn a_password_protected_pdf_is_refused_as_such() {
    assert_eq!(
        inspect(&encrypted_pdf("mat-khau")),
        Err(FileProblem::Encrypted)
    );
    // Encrypted with an empty user password: any reader opens it, so may we.
    assert_eq!(inspect(&encrypted_pdf("")).map(|i| i.pages), Ok(1));
}

#[test]
fn a_name_must_agree_with_the_content() {
    let png = encoded(10, 10, ImageFormat::Png);
    let kind = inspect(&png).unwrap().kind;
    assert_eq!(
        check_name("scan.pdf", kind),
        Err(FileProblem::NameDoesNotMatch {
            name_says: FileKind::Pdf,
            content_is: FileKind::Png
        })
    );
    assert_eq!(check_name(" scan.PNG ", kind).as_deref(), Ok("scan.PNG"));
    for bad in ["../scan.png", "a/b.png", "a\\b.png", "..", "scan\0.png"] {
        assert!(
            matches!(check_name(bad, kind), Err(FileProblem::BadName(_))),
            "{bad:?} was accepted"
        );
    }
}
