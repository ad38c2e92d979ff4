//! inspect, check_name and thumbnail on files made here: images drawn with the
//! `image` and `tiff` crates, PDFs built with lopdf.

use std::io::Cursor;

use image::{ImageFormat, RgbImage};
use lopdf::{dictionary, Document, Object, Stream};
use motcua_blobs::{
    check_name, inspect, inspect_with, thumbnail, FileKind, FileProblem, Inspected, Limits,
};

fn picture(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 128])
    })
}

fn encoded(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    picture(width, height)
        .write_to(&mut Cursor::new(&mut out), format)
        .unwrap();
    out
}

/// A TIFF with one grey page per entry, each of the given size.
fn tiff(pages: &[(u32, u32)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = tiff::encoder::TiffEncoder::new(Cursor::new(&mut out)).unwrap();
    for (i, &(w, h)) in pages.iter().enumerate() {
        let grey: Vec<u8> = (0..w * h)
            .map(|p| (p as usize * 7 + i * 40) as u8)
            .collect();
        encoder
            .write_image::<tiff::encoder::colortype::Gray8>(w, h, &grey)
            .unwrap();
    }
    out
}

/// A PDF of `pages` A4 pages, each with a filled rectangle.
fn pdf_document(pages: usize) -> Document {
    let mut doc = Document::with_version("1.7");
    // Encryption needs a document ID.
    let id = Object::string_literal(b"motcua-test-0001".to_vec());
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    let pages_id = doc.new_object_id();
    let kids: Vec<Object> = (0..pages)
        .map(|i| {
            let drawing = format!("0 0 {} rg 50 50 400 600 re f", i % 2);
            let contents = doc.add_object(Stream::new(dictionary! {}, drawing.into_bytes()));
            doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
                "Contents" => contents,
            })
            .into()
        })
        .collect();
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }.into(),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc
}

/// A one-page PDF as a scanner writes it: the page is one JPEG image. Without
/// `keep_image`, the image object is left out though the page still names it.
fn scanned_pdf(keep_image: bool) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let image_id = doc.new_object_id();
    if keep_image {
        let jpeg = encoded(60, 80, ImageFormat::Jpeg);
        let dict = dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 60, "Height" => 80,
            "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "DCTDecode",
        };
        doc.objects.insert(image_id, Stream::new(dict, jpeg).into());
    }
    let drawing = b"q 595 0 0 842 0 0 cm /Scan Do Q".to_vec();
    let contents = doc.add_object(Stream::new(dictionary! {}, drawing));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "XObject" => dictionary! { "Scan" => image_id } },
        "Contents" => contents,
    });
    doc.objects.insert(
        pages_id,
        dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }.into(),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    saved(doc)
}

fn saved(mut doc: Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn pdf(pages: usize) -> Vec<u8> {
    saved(pdf_document(pages))
}

fn encrypted_pdf(user_password: &str) -> Vec<u8> {
    let mut doc = pdf_document(1);
    let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "chu-so-huu",
        user_password,
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    })
    .unwrap();
    doc.encrypt(&state).unwrap();
    saved(doc)
}

fn all_kinds() -> Vec<(FileKind, Vec<u8>, Inspected)> {
    let image = |kind, pages, w, h| Inspected {
        kind,
        pages,
        dimensions: Some((w, h)),
    };
    vec![
        (
            FileKind::Png,
            encoded(64, 48, ImageFormat::Png),
            image(FileKind::Png, 1, 64, 48),
        ),
        (
            FileKind::Jpeg,
            encoded(64, 48, ImageFormat::Jpeg),
            image(FileKind::Jpeg, 1, 64, 48),
        ),
        (
            FileKind::Tiff,
            tiff(&[(40, 30), (30, 40), (20, 20)]),
            image(FileKind::Tiff, 3, 40, 30),
        ),
        (
            FileKind::Pdf,
            pdf(3),
            Inspected {
                kind: FileKind::Pdf,
                pages: 3,
                dimensions: None,
            },
        ),
    ]
}

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
    let mut doc = pdf_document(3);
    let second = doc.get_pages()[&2];
    doc.objects.remove(&second);
    assert_eq!(
        inspect(&saved(doc)),
        Err(FileProblem::Damaged {
            kind: FileKind::Pdf
        })
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

fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let image = image::load_from_memory_with_format(png, ImageFormat::Png).unwrap();
    (image.width(), image.height())
}

#[test]
fn an_image_thumbnail_is_a_png_within_max_side() {
    let cases = [
        (
            FileKind::Png,
            encoded(400, 300, ImageFormat::Png),
            (100, 75),
        ),
        (
            FileKind::Jpeg,
            encoded(300, 400, ImageFormat::Jpeg),
            (75, 100),
        ),
        (FileKind::Tiff, tiff(&[(200, 50), (10, 10)]), (100, 25)),
    ];
    for (kind, bytes, expected) in cases {
        let png = thumbnail(&bytes, kind, 100)
            .unwrap()
            .expect("images always have one");
        assert_eq!(png_size(&png), expected, "{kind}");
    }
    // A small image is not enlarged.
    let small = thumbnail(&encoded(40, 30, ImageFormat::Png), FileKind::Png, 100).unwrap();
    assert_eq!(png_size(&small.unwrap()), (40, 30));
    // A damaged image has no thumbnail.
    let png = encoded(400, 300, ImageFormat::Png);
    assert!(thumbnail(&png[..png.len() / 2], FileKind::Png, 100).is_err());
}

#[test]
fn a_pdf_thumbnail_comes_from_pdftoppm_when_installed() {
    let result = thumbnail(&pdf(3), FileKind::Pdf, 120);
    if motcua_blobs::pdftoppm().is_none() {
        eprintln!("pdftoppm is not installed (Debian: poppler-utils): no PDF thumbnail to check");
        assert!(
            matches!(result, Ok(None)),
            "without pdftoppm: Ok(None), got {result:?}"
        );
        return;
    }
    let png = result.unwrap().expect("pdftoppm is installed");
    let (width, height) = png_size(&png);
    // A4 is portrait: the height is the long side.
    assert_eq!(height, 120);
    assert!((84..=86).contains(&width), "width {width}");

    let scan = thumbnail(&scanned_pdf(true), FileKind::Pdf, 120)
        .unwrap()
        .unwrap();
    assert_eq!(png_size(&scan).1, 120);

    let broken = b"%PDF-1.7\nthis is no pdf\n%%EOF\n";
    assert!(thumbnail(broken, FileKind::Pdf, 120).is_err());
}
