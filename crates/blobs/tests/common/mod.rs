//! Files made for the tests: images drawn with the `image` and `tiff` crates,
//! PDFs built with lopdf.

// Each test file uses some of these.
#![allow(dead_code)]

use std::io::Cursor;

use image::{ImageFormat, RgbImage};
use lopdf::{dictionary, Document, Object, Stream};
use motcua_blobs::{FileKind, Inspected};

fn picture(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 128])
    })
}

pub fn encoded(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    picture(width, height)
        .write_to(&mut Cursor::new(&mut out), format)
        .unwrap();
    out
}

/// A TIFF with one grey page per entry, each of the given size.
pub fn tiff(pages: &[(u32, u32)]) -> Vec<u8> {
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
pub fn pdf_document(pages: usize) -> Document {
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
pub fn scanned_pdf(keep_image: bool) -> Vec<u8> {
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

pub fn saved(mut doc: Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

pub fn pdf(pages: usize) -> Vec<u8> {
    saved(pdf_document(pages))
}

pub fn encrypted_pdf(user_password: &str) -> Vec<u8> {
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

pub fn all_kinds() -> Vec<(FileKind, Vec<u8>, Inspected)> {
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
