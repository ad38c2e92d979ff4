//! The electronic certified copy (bản sao điện tử chứng thực từ bản chính): the
//! scan's pages as they were scanned, then the statement page (lời chứng) with
//! the register number, the certifier and a QR code to the public verification
//! page, which later compares a file's SHA-256 with this PDF's.

use motcua_blobs::PageImage;
use printpdf::{
    ColorBits, ColorSpace, Image, ImageFilter, ImageTransform, ImageXObject, IndirectFontRef, Mm,
    OffsetDateTime, PdfDocument, PdfDocumentReference, PdfLayerReference, Px,
};

use super::render::{
    draw_block, fonts, text_width, with_title, wrap, Block, Pen, MARGIN, PT_TO_MM,
};

/// What an electronic certified copy shows, its texts written out already.
pub struct CertifiedCopy<'a> {
    /// The PDF's title, e.g. "Bản sao điện tử chứng thực số 12/2026".
    pub title: String,
    /// The pages of the original, in order (see [`motcua_blobs::page_images`]).
    pub pages: &'a [PageImage],
    /// The certifying agency, at the top left of the statement.
    pub agency: String,
    /// "Ninh Kiều, ngày 27 tháng 11 năm 2026".
    pub place_date: String,
    /// The original document's name, e.g. "Bằng tốt nghiệp THPT".
    pub document: String,
    /// "Số chứng thực: 12, quyển số 01/2026-SCT/BS".
    pub number_line: String,
    pub copies: u32,
    pub original_pages: u32,
    /// Formatted already: "4.000 đồng".
    pub fee: String,
    /// "Phó Chủ tịch Ủy ban nhân dân".
    pub certifier_title: String,
    pub certifier_name: String,
    /// "14:05 ngày 27/11/2026".
    pub certified_at: String,
    /// The public verification page, put into the QR code.
    pub verify_url: String,
    /// The PDF's creation and modification dates.
    pub created: jiff::Timestamp,
}

/// A4 portrait, in millimetres.
const PAPER: (f32, f32) = (210.0, 297.0);
/// The type size of the statement (as `render` sets A4 forms).
const BASE: f32 = 10.0;
/// The line at the foot of each page: its size and its baseline.
const FOOT_SIZE: f32 = 7.0;
const FOOT_Y: f32 = 6.0;
/// The QR code's side on the statement page.
const QR_SIDE: f32 = 30.0;
/// The most characters a text of the statement shows: far beyond any real
/// name or date, and short enough that the statement always fits on its one
/// page (which the page numbers count on) and a line its width.
const LONG: usize = 300;
const SHORT: usize = 60;
/// The register number in the line at the foot, kept to two lines.
const FOOT_NUMBER: usize = 150;

/// The electronic certified copy as PDF bytes: one A4 page per scanned page
/// (the JPEG as it is, fitted within the margins, centred), each with a line
/// at its foot saying what it is and its page number, then the statement page.
/// The title goes into the PDF's Info as `render` puts it, and `created` is
/// its creation and modification date.
pub fn certified_copy(c: &CertifiedCopy) -> Vec<u8> {
    let (width, height) = PAPER;
    let (doc, first_page, first_layer) = PdfDocument::new(&c.title, Mm(width), Mm(height), "trang");
    let doc = match OffsetDateTime::from_unix_timestamp(c.created.as_second()) {
        Ok(at) => doc
            .with_creation_date(at)
            .with_mod_date(at)
            .with_metadata_date(at),
        Err(_) => doc,
    };
    let (regular, bold) = fonts(&doc);
    let total = c.pages.len() + 1;
    let mut first = Some((first_page, first_layer));
    let mut next_layer = || {
        let (page, layer) = first
            .take()
            .unwrap_or_else(|| doc.add_page(Mm(width), Mm(height), "trang"));
        doc.get_page(page).get_layer(layer)
    };
    let number_line = clipped(&c.number_line, FOOT_NUMBER);
    for (i, page) in c.pages.iter().enumerate() {
        let layer = next_layer();
        draw_scan(&layer, page);
        let mut pen = pen(&doc, layer, &regular, &bold);
        foot(
            &mut pen,
            &format!(
                "Bản sao điện tử chứng thực từ bản chính — {number_line} — trang {}/{total}",
                i + 1
            ),
        );
    }
    let mut pen = pen(&doc, next_layer(), &regular, &bold);
    statement(&mut pen, c, total);
    foot(&mut pen, &format!("Trang {total}/{total}"));
    drop(pen);
    let pdf = doc.save_to_bytes().expect("an in-memory PDF always saves");
    with_title(&pdf, &c.title).expect("a PDF just written reads back")
}

fn pen<'a>(
    doc: &'a PdfDocumentReference,
    layer: PdfLayerReference,
    regular: &IndirectFontRef,
    bold: &IndirectFontRef,
) -> Pen<'a> {
    layer.set_outline_thickness(0.3);
    Pen {
        doc,
        layer,
        regular: regular.clone(),
        bold: bold.clone(),
        width: PAPER.0,
        height: PAPER.1,
        y: PAPER.1 - MARGIN - 4.0,
        beside: None,
    }
}

/// The scanned page's JPEG, as large as the margins allow, centred.
fn draw_scan(layer: &PdfLayerReference, page: &PageImage) {
    let (width, height) = PAPER;
    let (px_w, px_h) = (page.width.max(1), page.height.max(1));
    let (room_w, room_h) = (width - 2.0 * MARGIN, height - 2.0 * MARGIN);
    // Millimetres per pixel, the same both ways.
    let scale = (room_w / px_w as f32).min(room_h / px_h as f32);
    let (shown_w, shown_h) = (px_w as f32 * scale, px_h as f32 * scale);
    let image = ImageXObject {
        width: Px(px_w as usize),
        height: Px(px_h as usize),
        color_space: color_space(page),
        bits_per_component: ColorBits::Bit8,
        interpolate: false,
        image_data: page.jpeg.clone(),
        image_filter: Some(ImageFilter::DCT),
        smask: None,
        clipping_bbox: None,
    };
    Image::from(image).add_to_layer(
        layer.clone(),
        ImageTransform {
            translate_x: Some(Mm((width - shown_w) / 2.0)),
            translate_y: Some(Mm(MARGIN + (room_h - shown_h) / 2.0)),
            // The resolution at which the image is the size wanted.
            dpi: Some(25.4 / scale),
            ..ImageTransform::default()
        },
    );
}

/// The colour space a PDF reader decodes the JPEG into: grey or colour (what
/// `page_images` writes), CMYK for a four-component one handed in otherwise;
/// a header that cannot be read is taken for colour.
fn color_space(page: &PageImage) -> ColorSpace {
    match page.components() {
        Some(1) => ColorSpace::Greyscale,
        Some(4) => ColorSpace::Cmyk,
        _ => ColorSpace::Rgb,
    }
}

/// A small centred line (or lines) at the foot of the page.
fn foot(pen: &mut Pen, text: &str) {
    let lines = wrap(text, FOOT_SIZE, PAPER.0 - 2.0 * MARGIN);
    let step = Pen::lines_height(1, FOOT_SIZE);
    for (i, line) in lines.iter().enumerate() {
        pen.y = FOOT_Y + step * (lines.len() - 1 - i) as f32;
        pen.centered(line, FOOT_SIZE, PAPER.0 / 2.0, false);
    }
}

/// The statement page: the national header, the statement, and at the foot
/// the QR code at the left and the certifier at the right.
fn statement(pen: &mut Pen, c: &CertifiedCopy, total: usize) {
    let inner = PAPER.0 - 2.0 * MARGIN;
    let mut blocks = vec![
        Block::Header {
            agency: clipped(&c.agency, LONG),
            place_date: clipped(&c.place_date, SHORT),
        },
        Block::Title("LỜI CHỨNG CHỨNG THỰC BẢN SAO TỪ BẢN CHÍNH".into()),
    ];
    blocks.extend(
        wrap(&clipped(&c.number_line, LONG), BASE, inner)
            .into_iter()
            .map(Block::Centered),
    );
    blocks.extend([
        Block::Space(4.0),
        Block::Paragraph("Chứng thực bản sao này đúng với bản chính.".into()),
        Block::Space(1.0),
        Block::Field("Giấy tờ, văn bản".into(), clipped(&c.document, LONG)),
        Block::Field(
            "Số trang của bản chính".into(),
            c.original_pages.to_string(),
        ),
        Block::Field("Số bản sao".into(), c.copies.to_string()),
        Block::Field(
            "Bản sao điện tử gồm".into(),
            format!("{total} trang, kể cả trang lời chứng này"),
        ),
        Block::Field("Lệ phí".into(), clipped(&c.fee, SHORT)),
        Block::Field(
            "Thời điểm chứng thực".into(),
            clipped(&c.certified_at, SHORT),
        ),
        Block::Space(8.0),
    ]);
    for block in &blocks {
        draw_block(pen, block, BASE);
    }
    let top = pen.y;

    // The certifier, under the place and date's column.
    let center = MARGIN + inner * 0.70;
    for line in wrap(
        &clipped(&c.certifier_title, LONG).to_uppercase(),
        BASE,
        inner * 0.5,
    ) {
        pen.centered(&line, BASE, center, true);
        pen.y -= Pen::lines_height(1, BASE);
    }
    pen.centered("(Đã ký điện tử)", BASE - 1.5, center, false);
    pen.y -= 18.0;
    pen.centered(&clipped(&c.certifier_name, SHORT), BASE, center, true);

    // The QR code, its top level with the certifier's first line.
    if let Ok(code) = qrcode::QrCode::new(c.verify_url.as_bytes()) {
        let qr_top = top + BASE * PT_TO_MM;
        pen.qr(&code, MARGIN, qr_top, QR_SIDE);
        pen.y = qr_top - QR_SIDE - 4.0;
        let size = BASE - 2.0;
        let room = inner * 0.45;
        let lines = wrap("Kiểm tra bản sao tại:", size, room)
            .into_iter()
            .chain(chop(&c.verify_url, size, room));
        for line in lines {
            pen.text(&line, size, MARGIN, false);
            pen.y -= Pen::lines_height(1, size);
        }
    }
}

/// An address cut into lines no wider than `width` millimetres, wherever it
/// must (an address has no spaces to wrap at).
fn chop(text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = vec![String::new()];
    for c in text.chars() {
        let line = lines.last_mut().expect("never empty");
        line.push(c);
        if text_width(line, size) > width && line.chars().count() > 1 {
            line.pop();
            lines.push(c.to_string());
        }
    }
    lines
}

/// At most `max` characters of a text, with "…" when cut.
fn clipped(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use printpdf::lopdf::{Document, Object};
    use std::io::Cursor;

    fn jpeg(image: image::DynamicImage) -> PageImage {
        let mut jpeg = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
            .unwrap();
        PageImage {
            jpeg,
            width: image.width(),
            height: image.height(),
        }
    }

    fn colour(width: u32, height: u32) -> PageImage {
        jpeg(image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(
            width,
            height,
            |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]),
        )))
    }

    fn grey(width: u32, height: u32) -> PageImage {
        jpeg(image::DynamicImage::ImageLuma8(image::GrayImage::from_fn(
            width,
            height,
            |x, y| image::Luma([((x + y) % 256) as u8]),
        )))
    }

    fn copy<'a>(pages: &'a [PageImage]) -> CertifiedCopy<'a> {
        CertifiedCopy {
            title: "Bản sao điện tử chứng thực số 12/2026".into(),
            pages,
            agency: "Ủy ban nhân dân phường Ninh Kiều".into(),
            place_date: "Ninh Kiều, ngày 27 tháng 11 năm 2026".into(),
            document: "Bằng tốt nghiệp THPT".into(),
            number_line: "Số chứng thực: 12, quyển số 01/2026-SCT/BS".into(),
            copies: 1,
            original_pages: 2,
            fee: "4.000 đồng".into(),
            certifier_title: "Phó Chủ tịch Ủy ban nhân dân".into(),
            certifier_name: "Trần Văn Bình".into(),
            certified_at: "14:05 ngày 27/11/2026".into(),
            verify_url: "https://motcua.cantho.gov.vn/xac-minh/abcdefghijklmnopqrstuvwxyz234567"
                .into(),
            created: "2026-11-27T07:05:00Z".parse().unwrap(),
        }
    }

    /// The image XObjects of each page, as (colour space, filter names).
    fn images(doc: &Document) -> Vec<Vec<(String, Vec<String>)>> {
        let name = |o: &Object| String::from_utf8_lossy(o.as_name().unwrap()).into_owned();
        doc.get_pages()
            .into_values()
            .map(|page| {
                let (inline, referenced) = doc.get_page_resources(page);
                let mut found = Vec::new();
                let resources = inline.into_iter().chain(
                    referenced
                        .into_iter()
                        .map(|id| doc.get_dictionary(id).unwrap()),
                );
                for resources in resources {
                    let Ok(xobjects) = resources.get(b"XObject") else {
                        continue;
                    };
                    let xobjects = match xobjects {
                        Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
                        other => other.as_dict().unwrap(),
                    };
                    for (_, xobject) in xobjects.iter() {
                        let stream = doc
                            .get_object(xobject.as_reference().unwrap())
                            .unwrap()
                            .as_stream()
                            .unwrap();
                        if stream.dict.get(b"Subtype").map(name).ok().as_deref() != Some("Image") {
                            continue;
                        }
                        let filters = match stream.dict.get(b"Filter").unwrap() {
                            Object::Array(a) => a.iter().map(name).collect(),
                            other => vec![name(other)],
                        };
                        found.push((name(stream.dict.get(b"ColorSpace").unwrap()), filters));
                    }
                }
                found
            })
            .collect()
    }

    fn info(doc: &Document, key: &[u8]) -> Vec<u8> {
        let id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
        let info = doc.get_dictionary(id).unwrap();
        info.get(key).unwrap().as_str().unwrap().to_vec()
    }

    #[test]
    fn scanned_pages_then_the_statement() {
        let pages = [colour(300, 420), colour(420, 300)];
        let pdf = certified_copy(&copy(&pages));
        assert!(pdf.starts_with(b"%PDF"));
        let doc = Document::load_mem(&pdf).unwrap();
        assert_eq!(doc.get_pages().len(), 3);
        let dct = vec!["DCTDecode".to_string()];
        assert_eq!(
            images(&doc),
            [
                vec![("DeviceRGB".to_string(), dct.clone())],
                vec![("DeviceRGB".to_string(), dct)],
                vec![],
            ]
        );
        // The JPEGs go in as they are.
        for page in &pages {
            assert!(pdf.windows(page.jpeg.len()).any(|w| w == page.jpeg));
        }
        // The title as `render` writes it, the dates from `created`.
        assert_eq!(info(&doc, b"Title")[..2], [0xFE, 0xFF]);
        assert!(info(&doc, b"CreationDate").starts_with(b"D:20261127070500"));
        assert!(info(&doc, b"ModDate").starts_with(b"D:20261127070500"));
    }

    #[test]
    fn a_grey_page_goes_in_grey() {
        let pages = [grey(200, 280)];
        let pdf = certified_copy(&copy(&pages));
        let doc = Document::load_mem(&pdf).unwrap();
        assert_eq!(doc.get_pages().len(), 2);
        assert_eq!(
            images(&doc)[0],
            [("DeviceGray".to_string(), vec!["DCTDecode".to_string()])]
        );
    }

    #[test]
    fn the_statement_stays_on_its_page_whatever_the_texts() {
        let pages = [colour(30, 40)];
        let long = "Giấy chứng nhận quyền sử dụng đất ".repeat(40);
        let mut c = copy(&pages);
        for text in [
            &mut c.agency,
            &mut c.place_date,
            &mut c.document,
            &mut c.number_line,
            &mut c.fee,
            &mut c.certifier_title,
            &mut c.certifier_name,
            &mut c.certified_at,
        ] {
            text.clone_from(&long);
        }
        let doc = Document::load_mem(&certified_copy(&c)).unwrap();
        let pages = doc.get_pages();
        assert_eq!(pages.len(), 2);
        // Every line of the statement starts on the page, above the foot.
        let content = doc.get_and_decode_page_content(pages[&2]).unwrap();
        let starts: Vec<(f32, f32)> = content
            .operations
            .iter()
            .filter(|op| op.operator == "Td")
            .map(|op| {
                (
                    op.operands[0].as_f32().unwrap(),
                    op.operands[1].as_f32().unwrap(),
                )
            })
            .collect();
        assert!(starts.len() > 20);
        let (width, height) = (PAPER.0 / PT_TO_MM, PAPER.1 / PT_TO_MM);
        for (x, y) in starts {
            assert!((0.0..width).contains(&x), "x {x}");
            assert!(y >= FOOT_Y / PT_TO_MM - 1.0 && y < height, "y {y}");
        }
    }

    #[test]
    fn addresses_are_cut_to_the_width() {
        let url = "https://motcua.cantho.gov.vn/xac-minh/abcdefghijklmnopqrstuvwxyz234567";
        let lines = chop(url, 8.0, 40.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| text_width(l, 8.0) <= 40.0));
        assert_eq!(lines.concat(), url);
        assert_eq!(clipped("ngắn", 4), "ngắn");
        assert_eq!(clipped("ngắn", 3), "ngắ…");
    }
}
