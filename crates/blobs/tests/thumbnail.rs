//! thumbnail on files made here.

mod common;

use common::*;
use image::ImageFormat;
use motcua_blobs::{thumbnail, FileKind};

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
