//! The pages of a scan as JPEG images, to be put into a PDF (the electronic
//! certified copy is the scan's pages followed by a statement page).
//!
//! A PDF's pages are drawn by pdftoppm, run as `thumb.rs` runs it. An image's
//! pixels are re-encoded only when they have to be: a plain JPEG (baseline,
//! 8-bit grey or colour, upright) is embedded as it was scanned.

use std::fmt;
use std::fs;
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::process::Command;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, GrayImage, ImageDecoder, ImageFormat, ImageReader, RgbImage};

use crate::error::IoContext;
use crate::kind::formats::decode_image;
use crate::{Error, FileKind, FileProblem, Limits, Result, PDF_TIMEOUT};

/// The longest side a page image may have, in pixels: an A4 page at 300 dpi
/// (3508 px) is about this, and more only makes the PDF heavy.
pub const PAGE_MAX_SIDE: u32 = 3500;
/// The JPEG quality pages are re-encoded at.
const QUALITY: u8 = 85;
/// The resolutions a caller may ask a PDF to be drawn at.
const DPI: std::ops::RangeInclusive<u32> = 36..=600;

/// One page of a scan as a JPEG, for embedding into a PDF (whose DCTDecode
/// filter takes the bytes as they are).
#[derive(Clone, PartialEq, Eq)]
pub struct PageImage {
    pub jpeg: Vec<u8>,
    /// Pixels.
    pub width: u32,
    pub height: u32,
}

impl PageImage {
    /// The number of colour components in the JPEG's frame header: 1 for
    /// grey, 3 for colour (the two [`page_images`] writes); `None` when the
    /// header cannot be read.
    pub fn components(&self) -> Option<u8> {
        jpeg_header(&self.jpeg).and_then(|h| u8::try_from(h.ids.len()).ok())
    }
}

impl fmt::Debug for PageImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageImage")
            .field("jpeg", &format_args!("{} bytes", self.jpeg.len()))
            .field("width", &self.width)
            .field("height", &self.height)
            .finish()
    }
}

/// The pages `pages` (counted from 1, in the order given, a page may come
/// twice) of a scan of `kind`, as JPEG images:
///
/// - a PDF's pages drawn by pdftoppm at about `dpi` (kept within 36..=600),
///   less for a page so large that it would pass [`PAGE_MAX_SIDE`];
/// - a JPEG kept byte for byte when it is baseline, 8-bit, grey or colour and
///   upright (no EXIF turn), else decoded, turned upright and re-encoded;
/// - a PNG re-encoded (transparency laid on white);
/// - a TIFF's page re-encoded: its pages are the frames [`inspect`](crate::inspect)
///   counts, reduced-size previews left out.
///
/// An image larger than [`PAGE_MAX_SIDE`] on its longer side is scaled down
/// first. The file is checked as [`inspect`](crate::inspect) checks an upload: a
/// damaged one (or not of `kind`) is a [`FileProblem`]; a page it does not
/// have is [`Error::NoSuchPage`]; a PDF where pdftoppm is not installed is
/// [`Error::NoRenderer`]. Blocking and CPU-heavy: from async code, call it
/// inside `spawn_blocking`.
pub fn page_images(
    bytes: &[u8],
    kind: FileKind,
    pages: &[u32],
    dpi: u32,
) -> Result<Vec<PageImage>> {
    if pages.is_empty() {
        return Ok(Vec::new());
    }
    // Before reading the file: without pdftoppm there is nothing to do.
    let renderer = match kind {
        FileKind::Pdf => Some(crate::pdftoppm().ok_or(Error::NoRenderer)?),
        _ => None,
    };
    // The size was checked at upload, under limits this crate does not know.
    let limits = Limits {
        max_bytes: u64::MAX,
        ..Limits::default()
    };
    let inspected = crate::inspect_with(bytes, &limits)?;
    if inspected.kind != kind {
        return Err(FileProblem::Damaged { kind }.into());
    }
    let no_such_page = |page| Error::NoSuchPage {
        page,
        pages: inspected.pages,
    };
    if let Some(&page) = pages.iter().find(|&&p| p == 0 || p > inspected.pages) {
        return Err(no_such_page(page));
    }
    if let Some(program) = renderer {
        let dpi = dpi.clamp(*DPI.start(), *DPI.end());
        return pdf_pages(&program, bytes, pages, dpi);
    }
    if kind == FileKind::Tiff {
        let offsets = tiff_page_offsets(bytes, &limits)?;
        return pages
            .iter()
            .map(|&page| {
                let offset = *offsets
                    .get(page as usize - 1)
                    .ok_or_else(|| no_such_page(page))?;
                let frame = with_first_ifd(bytes, offset).ok_or(FileProblem::Damaged { kind })?;
                to_jpeg(decode(&frame, kind)?)
            })
            .collect();
    }
    // A JPEG or PNG: one page, the same however many times it is asked for.
    let page = single_image(bytes, kind)?;
    Ok(vec![page; pages.len()])
}

/// A JPEG as it is when a PDF can take it so, else any image re-encoded.
fn single_image(bytes: &[u8], kind: FileKind) -> Result<PageImage> {
    if kind == FileKind::Jpeg {
        if let Some(header) = jpeg_header(bytes).filter(|h| h.embeddable() && upright(bytes)) {
            let (width, height) = (u32::from(header.width), u32::from(header.height));
            if width.max(height) <= PAGE_MAX_SIDE {
                return Ok(PageImage {
                    jpeg: bytes.to_vec(),
                    width,
                    height,
                });
            }
        }
    }
    to_jpeg(decode(bytes, kind)?)
}

/// The first page decoded (and turned upright); as in `thumbnail`, a
/// decoder's panic on a hostile file is a damaged file.
fn decode(bytes: &[u8], kind: FileKind) -> Result<DynamicImage> {
    let decoded = catch_unwind(AssertUnwindSafe(|| {
        decode_image(bytes, kind, &Limits::default())
    }));
    Ok(decoded.unwrap_or(Err(FileProblem::Damaged { kind }))?)
}

/// Whether a JPEG has no EXIF orientation other than "as stored" (a PDF
/// viewer ignores EXIF, so a photo taken sideways must be turned first).
fn upright(jpeg: &[u8]) -> bool {
    ImageReader::with_format(Cursor::new(jpeg), ImageFormat::Jpeg)
        .into_decoder()
        .and_then(|mut d| d.orientation())
        .is_ok_and(|o| o == Orientation::NoTransforms)
}

/// An image as a baseline JPEG: scaled down to [`PAGE_MAX_SIDE`] if larger,
/// transparency laid on white, grey kept grey, anything else 8-bit RGB.
fn to_jpeg(image: DynamicImage) -> Result<PageImage> {
    let image = if image.width().max(image.height()) > PAGE_MAX_SIDE {
        image.resize(PAGE_MAX_SIDE, PAGE_MAX_SIDE, FilterType::Triangle)
    } else {
        image
    };
    let (width, height) = (image.width(), image.height());
    let mut jpeg = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut jpeg, QUALITY);
    let encoded = if image.color().has_color() {
        encoder.encode_image(&on_white_rgb(&image))
    } else {
        encoder.encode_image(&on_white_grey(&image))
    };
    encoded.map_err(|e| Error::Pages(format!("encoding JPEG: {e}")))?;
    Ok(PageImage {
        jpeg,
        width,
        height,
    })
}

/// `value` seen through `alpha` against white.
fn over_white(value: u8, alpha: u8) -> u8 {
    let (v, a) = (u32::from(value), u32::from(alpha));
    ((v * a + 255 * (255 - a) + 127) / 255) as u8
}

fn on_white_rgb(image: &DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.to_rgb8();
    }
    let rgba = image.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        image::Rgb([over_white(r, a), over_white(g, a), over_white(b, a)])
    })
}

fn on_white_grey(image: &DynamicImage) -> GrayImage {
    if !image.color().has_alpha() {
        return image.to_luma8();
    }
    let la = image.to_luma_alpha8();
    GrayImage::from_fn(la.width(), la.height(), |x, y| {
        let [l, a] = la.get_pixel(x, y).0;
        image::Luma([over_white(l, a)])
    })
}

/// What a JPEG's header says, up to its first scan.
struct JpegHeader {
    /// The frame marker: 0xC0 baseline, 0xC2 progressive…
    sof: u8,
    precision: u8,
    width: u16,
    height: u16,
    /// The components' identifiers, in order.
    ids: Vec<u8>,
    /// The colour transform of an Adobe APP14 marker (0: none, the samples
    /// are RGB or CMYK as they are).
    adobe_transform: Option<u8>,
}

impl JpegHeader {
    /// What every PDF reader decodes the same as an image viewer: baseline,
    /// 8 bits, grey or YCbCr colour (not RGB stored as is, which a reader
    /// would take for YCbCr).
    fn embeddable(&self) -> bool {
        let plain_colour = || self.adobe_transform != Some(0) && self.ids != b"RGB";
        self.sof == 0xC0
            && self.precision == 8
            && self.width > 0
            && self.height > 0
            && (self.ids.len() == 1 || (self.ids.len() == 3 && plain_colour()))
    }
}

/// Reads the markers from SOI to the first scan, skipping each segment by
/// its length.
fn jpeg_header(b: &[u8]) -> Option<JpegHeader> {
    if !b.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let (mut pos, mut frame, mut adobe_transform) = (2, None, None);
    loop {
        if *b.get(pos)? != 0xFF {
            return None;
        }
        while b.get(pos) == Some(&0xFF) {
            pos += 1; // fill bytes
        }
        let marker = *b.get(pos)?;
        pos += 1;
        match marker {
            0x01 | 0xD0..=0xD7 => continue,
            0xD9 | 0xDA => break,
            _ => {}
        }
        let len = usize::from(u16::from_be_bytes([*b.get(pos)?, *b.get(pos + 1)?]));
        let segment = b.get(pos + 2..pos + len.max(2))?;
        match marker {
            // Frame headers; C4, C8 and CC are other tables.
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let n = usize::from(*segment.get(5)?);
                let ids = (0..n)
                    .map(|i| segment.get(6 + 3 * i).copied())
                    .collect::<Option<Vec<u8>>>()?;
                frame.get_or_insert(JpegHeader {
                    sof: marker,
                    precision: segment[0],
                    height: u16::from_be_bytes([segment[1], segment[2]]),
                    width: u16::from_be_bytes([segment[3], segment[4]]),
                    ids,
                    adobe_transform: None,
                });
            }
            0xEE if segment.starts_with(b"Adobe") => {
                adobe_transform = segment.get(11).copied();
            }
            _ => {}
        }
        pos += len.max(2);
    }
    let mut header: JpegHeader = frame?;
    header.adobe_transform = adobe_transform;
    Some(header)
}

/// Where each page's directory (IFD) starts, counting pages as
/// [`inspect`](crate::inspect) does: reduced-resolution subfiles (previews) are
/// not pages.
fn tiff_page_offsets(bytes: &[u8], limits: &Limits) -> Result<Vec<u64>, FileProblem> {
    use tiff::decoder::{Decoder, Limits as TiffLimits};
    use tiff::tags::Tag;

    let damaged = || FileProblem::Damaged {
        kind: FileKind::Tiff,
    };
    let mut tiff_limits = TiffLimits::default();
    tiff_limits.decoding_buffer_size =
        usize::try_from(limits.max_pixels.saturating_mul(8)).unwrap_or(usize::MAX);
    let mut decoder = Decoder::new(Cursor::new(bytes))
        .map_err(|_| damaged())?
        .with_limits(tiff_limits);
    let mut offsets = Vec::new();
    let mut frames = 0u32;
    loop {
        frames += 1;
        if frames > limits.max_pages.saturating_mul(2) {
            return Err(FileProblem::TooManyPages {
                limit: limits.max_pages,
            });
        }
        let subfile = decoder.find_tag(Tag::NewSubfileType).ok().flatten();
        let preview = subfile
            .and_then(|v| v.into_u32().ok())
            .is_some_and(|v| v & 1 == 1);
        if !preview {
            offsets.push(decoder.ifd_pointer().ok_or_else(damaged)?.0);
        }
        if !decoder.more_images() {
            break;
        }
        decoder.next_image().map_err(|_| damaged())?;
    }
    Ok(offsets)
}

/// A copy of a TIFF whose header names the directory at `offset` as the
/// first: a decoder that reads only the first page then reads that one.
fn with_first_ifd(bytes: &[u8], offset: u64) -> Option<Vec<u8>> {
    let big_endian = match bytes.get(..2)? {
        b"II" => false,
        b"MM" => true,
        _ => return None,
    };
    let magic = bytes.get(2..4)?;
    let magic = if big_endian {
        u16::from_be_bytes([magic[0], magic[1]])
    } else {
        u16::from_le_bytes([magic[0], magic[1]])
    };
    let mut copy = bytes.to_vec();
    match magic {
        42 => {
            let offset = u32::try_from(offset).ok()?;
            let field = if big_endian {
                offset.to_be_bytes()
            } else {
                offset.to_le_bytes()
            };
            copy.get_mut(4..8)?.copy_from_slice(&field);
        }
        // BigTIFF: a 64-bit offset after the offsets' size and a zero.
        43 => {
            let field = if big_endian {
                offset.to_be_bytes()
            } else {
                offset.to_le_bytes()
            };
            copy.get_mut(8..16)?.copy_from_slice(&field);
        }
        _ => return None,
    }
    Some(copy)
}

/// Draws each page through pdftoppm, run directly (no shell) on a private
/// temporary copy, with a deadline per page.
fn pdf_pages(program: &Path, bytes: &[u8], pages: &[u32], dpi: u32) -> Result<Vec<PageImage>> {
    let sizes = pdf_page_sizes(bytes);
    let dir = tempfile::Builder::new()
        .prefix("motcua-pages-")
        .tempdir()
        .map_err(|e| Error::Pages(format!("creating a temporary folder: {e}")))?;
    let input = dir.path().join("in.pdf");
    fs::write(&input, bytes).at("writing", &input)?;
    let mut images = Vec::with_capacity(pages.len());
    for (i, &page) in pages.iter().enumerate() {
        let output = dir.path().join(format!("page-{i}"));
        let mut command = Command::new(program);
        command
            .args(["-jpeg", "-jpegopt"])
            .arg(format!("quality={QUALITY}"))
            .arg("-f")
            .arg(page.to_string())
            .arg("-l")
            .arg(page.to_string());
        match sizes.get(page as usize - 1).copied().flatten() {
            Some(long_side) => {
                // Points are 1/72 inch; just under the limit, for rounding.
                let fit = f64::from(PAGE_MAX_SIDE - 2) * 72.0 / long_side;
                let resolution = f64::from(dpi).min(fit).max(1.0);
                command.arg("-r").arg(format!("{resolution:.3}"));
            }
            // A page whose size could not be read is drawn as if A4 (11.7 in).
            None => {
                let side = (f64::from(dpi) * 11.7).round() as u32;
                command
                    .arg("-scale-to")
                    .arg(side.min(PAGE_MAX_SIDE).to_string());
            }
        }
        command.arg("-singlefile").arg(&input).arg(&output);
        let ran = crate::program::run(command, dir.path(), None, PDF_TIMEOUT, || {
            Error::Pages(format!(
                "pdftoppm took longer than {} s over page {page}",
                PDF_TIMEOUT.as_secs()
            ))
        })?;
        if !ran.status.success() {
            return Err(Error::Pages(format!(
                "pdftoppm failed on page {page} ({}): {}",
                ran.status, ran.said
            )));
        }
        let jpeg_path = output.with_extension("jpg");
        let jpeg = fs::read(&jpeg_path).at("reading", &jpeg_path)?;
        // Each page's file goes once read: a long scan need not fill the disk.
        let _ = fs::remove_file(&jpeg_path);
        let Some(header) = jpeg_header(&jpeg) else {
            return Err(Error::Pages(format!(
                "pdftoppm did not write a JPEG for page {page}"
            )));
        };
        let (width, height) = (u32::from(header.width), u32::from(header.height));
        images.push(
            if header.embeddable() && width.max(height) <= PAGE_MAX_SIDE {
                PageImage {
                    jpeg,
                    width,
                    height,
                }
            } else {
                to_jpeg(decode(&jpeg, FileKind::Jpeg)?)?
            },
        );
    }
    Ok(images)
}

/// The longer side in points of each page as pdftoppm draws it (the crop
/// box within the media box, inherited from the page tree, times a user unit
/// above 1), `None` for a page whose boxes cannot be read; empty when the
/// file does not load (it did in `inspect`, so that is unlikely).
fn pdf_page_sizes(bytes: &[u8]) -> Vec<Option<f64>> {
    use lopdf::{Document, Object, ObjectId};

    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(64 * 1024 * 1024),
        ..lopdf::LoadOptions::default()
    };
    let Ok(doc) = Document::load_mem_with_options(bytes, options) else {
        return Vec::new();
    };
    // A value of the page or of the nearest ancestor that has it.
    let inherited = |page: ObjectId, key: &[u8]| -> Option<&Object> {
        let mut node = doc.get_dictionary(page).ok()?;
        for _ in 0..64 {
            if let Ok(value) = node.get(key) {
                return doc.dereference(value).ok().map(|(_, v)| v);
            }
            let parent = node.get(b"Parent").ok()?.as_reference().ok()?;
            node = doc.get_dictionary(parent).ok()?;
        }
        None
    };
    let rect = |value: Option<&Object>| -> Option<[f64; 4]> {
        let numbers = value?.as_array().ok()?;
        let mut out = [0.0; 4];
        if numbers.len() != 4 {
            return None;
        }
        for (slot, n) in out.iter_mut().zip(numbers) {
            *slot = f64::from(doc.dereference(n).ok()?.1.as_float().ok()?);
        }
        let [x1, y1, x2, y2] = out;
        Some([x1.min(x2), y1.min(y2), x1.max(x2), y1.max(y2)])
    };
    doc.get_pages()
        .into_values()
        .map(|page| {
            let media = rect(inherited(page, b"MediaBox"))?;
            let shown = match rect(inherited(page, b"CropBox")) {
                Some(crop) => [
                    crop[0].max(media[0]),
                    crop[1].max(media[1]),
                    crop[2].min(media[2]),
                    crop[3].min(media[3]),
                ],
                None => media,
            };
            let unit = doc
                .get_dictionary(page)
                .ok()
                .and_then(|d| d.get(b"UserUnit").ok())
                .and_then(|u| u.as_float().ok())
                .map_or(1.0, |u| f64::from(u).max(1.0));
            let long = (shown[2] - shown[0]).max(shown[3] - shown[1]) * unit;
            (long.is_finite() && long > 0.0).then_some(long)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{RgbImage, Rgba, RgbaImage};
    use lopdf::{dictionary, Document, Object, Stream};

    fn encoded(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut out = Vec::new();
        image.write_to(&mut Cursor::new(&mut out), format).unwrap();
        out
    }

    fn picture(width: u32, height: u32) -> DynamicImage {
        DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 128])
        }))
    }

    fn decoded(page: &PageImage) -> DynamicImage {
        assert!(page.jpeg.starts_with(&[0xFF, 0xD8]), "not a JPEG");
        let image = image::load_from_memory_with_format(&page.jpeg, ImageFormat::Jpeg).unwrap();
        assert_eq!((image.width(), image.height()), (page.width, page.height));
        image
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

    /// A PDF with one page per media box, each with a filled rectangle.
    fn pdf(boxes: &[[i64; 4]]) -> Vec<u8> {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let kids: Vec<Object> = boxes
            .iter()
            .map(|b| {
                let drawing = b"0 0 1 rg 50 50 400 600 re f".to_vec();
                let contents = doc.add_object(Stream::new(dictionary! {}, drawing));
                doc.add_object(dictionary! {
                    "Type" => "Page",
                    "Parent" => pages_id,
                    "MediaBox" => b.iter().map(|&n| n.into()).collect::<Vec<Object>>(),
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
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    #[test]
    fn a_png_becomes_one_jpeg_of_its_size_on_white() {
        let mut rgba = RgbaImage::from_pixel(120, 80, Rgba([200, 30, 30, 255]));
        for x in 0..60 {
            for y in 0..80 {
                rgba.put_pixel(x, y, Rgba([0, 0, 0, 0]));
            }
        }
        let png = encoded(&DynamicImage::ImageRgba8(rgba), ImageFormat::Png);
        let pages = page_images(&png, FileKind::Png, &[1], 150).unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!((pages[0].width, pages[0].height), (120, 80));
        assert_eq!(pages[0].components(), Some(3));
        let image = decoded(&pages[0]).to_rgb8();
        let [r, g, b] = image.get_pixel(10, 40).0;
        assert!(
            r > 245 && g > 245 && b > 245,
            "transparent is white: {r} {g} {b}"
        );
        let [r, g, _] = image.get_pixel(100, 40).0;
        assert!(r > 150 && g < 80, "the red half stays red: {r} {g}");
        // A one-page file asked for its page twice, and for a page it lacks.
        assert_eq!(
            page_images(&png, FileKind::Png, &[1, 1], 150)
                .unwrap()
                .len(),
            2
        );
        assert!(matches!(
            page_images(&png, FileKind::Png, &[2], 150),
            Err(Error::NoSuchPage { page: 2, pages: 1 })
        ));
        assert!(matches!(
            page_images(&png, FileKind::Png, &[0], 150),
            Err(Error::NoSuchPage { page: 0, pages: 1 })
        ));
    }

    #[test]
    fn a_tiff_page_is_its_frame_and_a_missing_one_an_error() {
        let two = tiff(&[(40, 30), (30, 50)]);
        let pages = page_images(&two, FileKind::Tiff, &[2, 1], 150).unwrap();
        let sizes: Vec<_> = pages.iter().map(|p| (p.width, p.height)).collect();
        assert_eq!(sizes, [(30, 50), (40, 30)]);
        for page in &pages {
            decoded(page);
            assert_eq!(page.components(), Some(1), "grey stays grey");
        }
        assert!(matches!(
            page_images(&two, FileKind::Tiff, &[1, 3], 150),
            Err(Error::NoSuchPage { page: 3, pages: 2 })
        ));
    }

    #[test]
    fn the_header_rewrite_names_any_page_in_either_byte_order() {
        let mut out = Vec::new();
        {
            let mut encoder = tiff::encoder::TiffEncoder::new(Cursor::new(&mut out)).unwrap();
            for (w, h) in [(20, 10), (10, 20)] {
                let grey = vec![90u8; (w * h) as usize];
                encoder
                    .write_image::<tiff::encoder::colortype::Gray8>(w, h, &grey)
                    .unwrap();
            }
        }
        // Our encoder writes little-endian; a header swap checks the rewrite
        // on the other byte order without a big-endian file at hand.
        let offsets = tiff_page_offsets(&out, &Limits::default()).unwrap();
        let copy = with_first_ifd(&out, offsets[1]).unwrap();
        let image = decode(&copy, FileKind::Tiff).unwrap();
        assert_eq!((image.width(), image.height()), (10, 20));
        let mut big = *b"MM\x00\x2a\x00\x00\x00\x08";
        let swapped = with_first_ifd(&big, 0x0102_0304).unwrap();
        big[4..8].copy_from_slice(&[1, 2, 3, 4]);
        assert_eq!(swapped, big);
    }

    #[test]
    fn a_plain_jpeg_is_kept_byte_for_byte() {
        let jpeg = encoded(&picture(64, 48), ImageFormat::Jpeg);
        let pages = page_images(&jpeg, FileKind::Jpeg, &[1], 150).unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].jpeg, jpeg);
        assert_eq!((pages[0].width, pages[0].height), (64, 48));
        // The kind is the content's: a JPEG handed in as a PNG is refused.
        assert!(matches!(
            page_images(&jpeg, FileKind::Png, &[1], 150),
            Err(Error::File(FileProblem::Damaged {
                kind: FileKind::Png
            }))
        ));
        // A damaged one too.
        assert!(matches!(
            page_images(&jpeg[..jpeg.len() / 2], FileKind::Jpeg, &[1], 150),
            Err(Error::File(FileProblem::Damaged { .. }))
        ));
    }

    #[test]
    fn a_jpeg_turned_by_exif_is_turned_upright_and_re_encoded() {
        let jpeg = encoded(&picture(64, 48), ImageFormat::Jpeg);
        // APP1 Exif: a big-endian TIFF of one entry, Orientation (0x0112) = 6,
        // "turn 90° clockwise to view".
        let tiff: &[u8] = b"MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00";
        let mut app1 = b"Exif\x00\x00".to_vec();
        app1.extend_from_slice(tiff);
        let mut turned = vec![0xFF, 0xD8, 0xFF, 0xE1];
        turned.extend_from_slice(&u16::try_from(app1.len() + 2).unwrap().to_be_bytes());
        turned.extend_from_slice(&app1);
        turned.extend_from_slice(&jpeg[2..]);
        assert!(!upright(&turned));
        let pages = page_images(&turned, FileKind::Jpeg, &[1], 150).unwrap();
        assert_ne!(pages[0].jpeg, turned);
        assert_eq!((pages[0].width, pages[0].height), (48, 64));
        decoded(&pages[0]);
    }

    #[test]
    fn a_large_image_is_scaled_down() {
        let png = encoded(&picture(4000, 100), ImageFormat::Png);
        let pages = page_images(&png, FileKind::Png, &[1], 150).unwrap();
        assert_eq!(pages[0].width, PAGE_MAX_SIDE);
        assert!((86..=89).contains(&pages[0].height), "{}", pages[0].height);
        decoded(&pages[0]);
    }

    #[test]
    fn jpeg_headers_say_what_a_pdf_can_take() {
        let header = |image: DynamicImage| {
            jpeg_header(&encoded(&image, ImageFormat::Jpeg)).expect("a header")
        };
        let colour = header(picture(9, 7));
        assert_eq!((colour.width, colour.height, colour.ids.len()), (9, 7, 3));
        assert!(colour.embeddable());
        let grey = header(DynamicImage::ImageLuma8(GrayImage::new(5, 4)));
        assert_eq!(grey.ids.len(), 1);
        assert!(grey.embeddable());
        let mut progressive = colour;
        progressive.sof = 0xC2;
        assert!(!progressive.embeddable());
        assert!(jpeg_header(b"\xFF\xD8\xFF").is_none());
        assert!(jpeg_header(b"not a jpeg").is_none());
    }

    #[test]
    fn pdf_pages_are_drawn_by_pdftoppm() {
        let a4 = [0, 0, 595, 842];
        let two = pdf(&[a4, [0, 0, 842, 595]]);
        let result = page_images(&two, FileKind::Pdf, &[2, 1], 100);
        if crate::pdftoppm().is_none() {
            eprintln!("pdftoppm is not installed (Debian: poppler-utils): no PDF page to check");
            assert!(matches!(result, Err(Error::NoRenderer)), "{result:?}");
            return;
        }
        let pages = result.unwrap();
        let sizes: Vec<_> = pages.iter().map(|p| (p.width, p.height)).collect();
        // 842 pt at 100 dpi is 1169.4 px, 595 pt 826.4.
        assert_eq!(sizes.len(), 2);
        for (&(w, h), (ew, eh)) in sizes.iter().zip([(1170, 827), (827, 1170)]) {
            assert!(w.abs_diff(ew) <= 1 && h.abs_diff(eh) <= 1, "{w}×{h}");
        }
        for page in &pages {
            decoded(page);
        }
        assert!(matches!(
            page_images(&two, FileKind::Pdf, &[3], 100),
            Err(Error::NoSuchPage { page: 3, pages: 2 })
        ));
        // A poster-sized page comes within the largest side.
        let poster = pdf(&[[0, 0, 14400, 7200]]);
        let pages = page_images(&poster, FileKind::Pdf, &[1], 300).unwrap();
        assert!(
            pages[0].width <= PAGE_MAX_SIDE && pages[0].width > PAGE_MAX_SIDE - 10,
            "{}",
            pages[0].width
        );
        decoded(&pages[0]);
        let broken = b"%PDF-1.7\nthis is no pdf\n%%EOF\n";
        assert!(page_images(broken, FileKind::Pdf, &[1], 100).is_err());
    }
}
