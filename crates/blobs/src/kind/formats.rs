//! Reading each kind through, to refuse a damaged or truncated file.
//!
//! Decoders are lenient by design (a viewer wants to show what it can), so each
//! kind also gets a structural check that its end is really there: a PNG's IEND
//! chunk, a JPEG's EOI marker, a PDF's `%%EOF`. A TIFF has no end marker; its
//! strips are read whole, so a cut shows up as a short read.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

use super::{FileKind, FileProblem, Limits};

pub(super) const fn damaged(kind: FileKind) -> FileProblem {
    FileProblem::Damaged { kind }
}

fn check_pixels(width: u32, height: u32, limits: &Limits) -> Result<(), FileProblem> {
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(FileProblem::TooManyPixels {
            width,
            height,
            limit: limits.max_pixels,
        });
    }
    Ok(())
}

/// The decoder's own allocation bound, in line with the pixel limit: at most
/// 8 bytes a pixel (16-bit RGBA), the widest these formats decode to.
pub(crate) fn image_limits(max_pixels: u64) -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(max_pixels.saturating_mul(8));
    limits
}

/// Decodes the first page of a JPEG, PNG or TIFF with the `image` crate.
pub(crate) fn decode_image(
    bytes: &[u8],
    kind: FileKind,
    limits: &Limits,
) -> Result<DynamicImage, FileProblem> {
    let format = match kind {
        FileKind::Jpeg => ImageFormat::Jpeg,
        FileKind::Png => ImageFormat::Png,
        FileKind::Tiff => ImageFormat::Tiff,
        FileKind::Pdf => unreachable!("a PDF is not decoded as an image"),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(image_limits(limits.max_pixels));
    let mut decoder = reader.into_decoder().map_err(|_| damaged(kind))?;
    let (width, height) = decoder.dimensions();
    // Before decoding, so a bomb is refused without allocating for it.
    check_pixels(width, height, limits)?;
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|_| damaged(kind))?;
    if let Some(orientation) = orientation {
        image.apply_orientation(orientation);
    }
    Ok(image)
}

/// A JPEG or PNG, checked whole and decoded; its width and height as shown
/// (a photo taken sideways is turned upright first).
pub(super) fn image_dimensions(
    bytes: &[u8],
    kind: FileKind,
    limits: &Limits,
) -> Result<(u32, u32), FileProblem> {
    let complete = match kind {
        FileKind::Png => png_complete(bytes),
        FileKind::Jpeg => jpeg_complete(bytes),
        _ => true,
    };
    if !complete {
        return Err(damaged(kind));
    }
    let image = decode_image(bytes, kind, limits)?;
    Ok((image.width(), image.height()))
}

/// Walks the chunks from the signature to IEND; a length running past the end
/// means the file was cut.
fn png_complete(b: &[u8]) -> bool {
    let mut pos = 8;
    while let Some(header) = b.get(pos..pos + 8) {
        let len = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let Some(next) = pos.checked_add(12).and_then(|p| p.checked_add(len)) else {
            return false;
        };
        if next > b.len() {
            return false;
        }
        if &header[4..8] == b"IEND" {
            return true;
        }
        pos = next;
    }
    false
}

/// Walks the markers from SOI to EOI, skipping each segment by its length and
/// each scan's entropy-coded data (where 0xFF is always followed by 0x00 or a
/// restart marker), so an EOI inside an embedded thumbnail is not mistaken for
/// the end and bytes appended after the real end are allowed.
fn jpeg_complete(b: &[u8]) -> bool {
    let mut pos = 2;
    loop {
        if b.get(pos) != Some(&0xFF) {
            return false;
        }
        while b.get(pos) == Some(&0xFF) {
            pos += 1; // fill bytes
        }
        let Some(&marker) = b.get(pos) else {
            return false;
        };
        pos += 1;
        match marker {
            0xD9 => return true,
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        let Some(len) = b
            .get(pos..pos + 2)
            .map(|l| usize::from(u16::from_be_bytes([l[0], l[1]])))
        else {
            return false;
        };
        if len < 2 {
            return false;
        }
        pos += len;
        if marker == 0xDA {
            loop {
                match (b.get(pos), b.get(pos + 1)) {
                    (Some(0xFF), Some(0x00 | 0xD0..=0xD7)) => pos += 2,
                    (Some(0xFF), Some(_)) => break,
                    (Some(_), _) => pos += 1,
                    (None, _) => return false,
                }
            }
        }
    }
}

/// Counts a TIFF's pages, decoding each so that a cut file is refused; returns
/// them with the first page's size. Reduced-resolution subfiles (previews a
/// scanner may add) are decoded but not counted.
pub(super) fn tiff_pages(bytes: &[u8], limits: &Limits) -> Result<(u32, (u32, u32)), FileProblem> {
    use tiff::decoder::{Decoder, Limits as TiffLimits};
    use tiff::tags::Tag;

    const KIND: FileKind = FileKind::Tiff;
    let mut tiff_limits = TiffLimits::default();
    tiff_limits.decoding_buffer_size =
        usize::try_from(limits.max_pixels.saturating_mul(8)).unwrap_or(usize::MAX);
    let mut decoder = Decoder::new(Cursor::new(bytes))
        .map_err(|_| damaged(KIND))?
        .with_limits(tiff_limits);
    let (mut pages, mut frames) = (0u32, 0u32);
    let mut first = None;
    loop {
        // Previews count here, so that a file of nothing else is bounded too.
        frames += 1;
        if frames > limits.max_pages.saturating_mul(2) {
            return Err(FileProblem::TooManyPages {
                limit: limits.max_pages,
            });
        }
        let (width, height) = decoder.dimensions().map_err(|_| damaged(KIND))?;
        check_pixels(width, height, limits)?;
        let subfile = decoder.find_tag(Tag::NewSubfileType).ok().flatten();
        let preview = subfile
            .and_then(|v| v.into_u32().ok())
            .is_some_and(|v| v & 1 == 1);
        if !preview {
            pages += 1;
            first.get_or_insert((width, height));
        }
        if pages > limits.max_pages {
            return Err(FileProblem::TooManyPages {
                limit: limits.max_pages,
            });
        }
        decoder.read_image().map_err(|_| damaged(KIND))?;
        if !decoder.more_images() {
            break;
        }
        decoder.next_image().map_err(|_| damaged(KIND))?;
    }
    // A file of previews only has no page to show.
    let first = first.ok_or(damaged(KIND))?;
    Ok((pages, first))
}
