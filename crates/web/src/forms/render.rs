//! A small page layout for administrative forms: the national header, titles,
//! labelled lines, wrapped paragraphs, tables, a QR code, signature blocks. The
//! font is DejaVu Sans (full Vietnamese coverage), subset into each PDF.

use printpdf::{
    lopdf, Color, IndirectFontRef, Line, Mm, PdfDocument, PdfLayerReference, Point, Rect, Rgb,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A5,
    A4,
    /// For wide tables such as the register.
    A4Landscape,
}

impl Paper {
    fn size(self) -> (f32, f32) {
        match self {
            Paper::A5 => (148.0, 210.0),
            Paper::A4 => (210.0, 297.0),
            Paper::A4Landscape => (297.0, 210.0),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Agency on the left, the national motto on the right, place and date below.
    Header {
        agency: String,
        place_date: String,
    },
    Title(String),
    /// A bold heading of a section, on the left.
    Heading(String),
    /// A column chart drawn with the PDF's own rectangles and lines.
    Bars(super::chart::Bars),
    /// A centred line under the title (form number, code).
    Centered(String),
    /// `Label: value`, the value wrapped under itself.
    Field(String, String),
    Paragraph(String),
    /// Column headers, relative widths, rows.
    Table {
        headers: Vec<String>,
        widths: Vec<f32>,
        rows: Vec<Vec<String>>,
    },
    /// A QR code of a text (the public lookup address), with a caption.
    Qr {
        text: String,
        caption: String,
    },
    /// Signature blocks side by side: (role, name).
    Signatures(Vec<(String, String)>),
    Space(f32),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub title: String,
    pub paper: Paper,
    pub blocks: Vec<Block>,
}

pub(super) const MARGIN: f32 = 12.0;
pub(super) const PT_TO_MM: f32 = 0.3528;

/// A conservative width estimate for DejaVu Sans (capitals and bold run
/// wider), so lines never overrun.
pub(super) fn text_width(text: &str, size: f32) -> f32 {
    let caps = text.chars().filter(|c| c.is_uppercase()).count() as f32;
    let others = text.chars().count() as f32 - caps;
    (others * 0.58 + caps * 0.74) * size * PT_TO_MM
}

/// Splits text into lines no wider than `width` millimetres.
pub fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if text_width(&candidate, size) > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line = word.to_string();
            } else {
                line = candidate;
            }
        }
        lines.push(line);
    }
    lines
}

/// Where the writing is: the page, the fonts, the line (`y`, millimetres
/// from the bottom).
pub(super) struct Pen<'a> {
    pub(super) doc: &'a printpdf::PdfDocumentReference,
    pub(super) layer: PdfLayerReference,
    pub(super) regular: IndirectFontRef,
    pub(super) bold: IndirectFontRef,
    pub(super) width: f32,
    pub(super) height: f32,
    pub(super) y: f32,
    /// A column at the right kept for a drawing (the QR code) down to this
    /// height, and its width: text beside it wraps short of it.
    pub(super) beside: Option<(f32, f32)>,
}

impl Pen<'_> {
    pub(super) fn ensure(&mut self, needed: f32) {
        if self.y - needed < MARGIN {
            let (page, layer) = self.doc.add_page(Mm(self.width), Mm(self.height), "trang");
            self.layer = self.doc.get_page(page).get_layer(layer);
            self.y = self.height - MARGIN;
            self.beside = None;
        }
    }

    /// The width text may take on the current line.
    fn room(&self, inner: f32) -> f32 {
        match self.beside {
            Some((bottom, w)) if self.y > bottom => inner - w,
            _ => inner,
        }
    }

    /// Moves below the drawing kept at the right, for blocks that need the
    /// whole width.
    fn clear_beside(&mut self) {
        if let Some((bottom, _)) = self.beside.take() {
            self.y = self.y.min(bottom);
        }
    }

    pub(super) fn text(&self, text: &str, size: f32, x: f32, bold: bool) {
        let font = if bold { &self.bold } else { &self.regular };
        self.layer.use_text(text, size, Mm(x), Mm(self.y), font);
    }

    pub(super) fn centered(&self, text: &str, size: f32, center: f32, bold: bool) {
        self.text(
            text,
            size,
            center - text_width(text, size) / 2.0 * 0.92,
            bold,
        );
    }

    fn line(&self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.layer.add_line(Line {
            points: vec![
                (Point::new(Mm(x1), Mm(y1)), false),
                (Point::new(Mm(x2), Mm(y2)), false),
            ],
            is_closed: false,
        });
    }

    pub(super) fn lines_height(n: usize, size: f32) -> f32 {
        n as f32 * size * PT_TO_MM * 1.4
    }

    /// The dark modules of a QR code, `side` millimetres square, its top
    /// left corner at (`x0`, `top`).
    pub(super) fn qr(&self, code: &qrcode::QrCode, x0: f32, top: f32, side: f32) {
        let modules = code.width();
        let cell = side / modules as f32;
        self.layer
            .set_fill_color(Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None)));
        for (i, c) in code.to_colors().iter().enumerate() {
            if *c == qrcode::Color::Dark {
                let (cx, cy) = ((i % modules) as f32, (i / modules) as f32);
                let llx = x0 + cx * cell;
                let ury = top - cy * cell;
                self.layer
                    .add_rect(Rect::new(Mm(llx), Mm(ury - cell), Mm(llx + cell), Mm(ury)));
            }
        }
    }
}

/// DejaVu Sans, regular and bold, subset into the document.
pub(super) fn fonts(doc: &printpdf::PdfDocumentReference) -> (IndirectFontRef, IndirectFontRef) {
    let regular = doc
        .add_external_font_with_subsetting(dejavu::sans::regular(), true)
        .expect("DejaVu Sans loads");
    let bold = doc
        .add_external_font_with_subsetting(dejavu::sans::bold(), true)
        .expect("DejaVu Sans Bold loads");
    (regular, bold)
}

/// Lays out and writes a form as PDF bytes.
pub fn render(form: &Form) -> Vec<u8> {
    let (width, height) = form.paper.size();
    let (doc, page, layer) = PdfDocument::new(&form.title, Mm(width), Mm(height), "trang");
    let (regular, bold) = fonts(&doc);
    let layer = doc.get_page(page).get_layer(layer);
    layer.set_outline_thickness(0.3);
    let mut pen = Pen {
        doc: &doc,
        layer,
        regular,
        bold,
        width,
        height,
        y: height - MARGIN - 4.0,
        beside: None,
    };
    let base = if form.paper == Paper::A5 { 8.5 } else { 10.0 };

    for block in &form.blocks {
        draw_block(&mut pen, block, base);
    }
    drop(pen);
    let pdf = doc.save_to_bytes().expect("an in-memory PDF always saves");
    with_title(&pdf, &form.title).expect("a PDF just written reads back")
}

/// Draws one block where the pen is, moving it down (and onto a new page
/// when the block does not fit).
pub(super) fn draw_block(pen: &mut Pen<'_>, block: &Block, base: f32) {
    let width = pen.width;
    let inner = width - 2.0 * MARGIN;
    match block {
        Block::Header { agency, place_date } => {
            let left = MARGIN + inner * 0.22;
            let right = MARGIN + inner * 0.70;
            let agency_lines = wrap(&agency.to_uppercase(), base - 1.5, inner * 0.40);
            let top = pen.y;
            for l in &agency_lines {
                pen.centered(l, base - 1.5, left, true);
                pen.y -= Pen::lines_height(1, base);
            }
            let agency_bottom = pen.y;
            pen.y = top;
            pen.centered(
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                base - 1.0,
                right,
                true,
            );
            pen.y -= Pen::lines_height(1, base);
            pen.centered("Độc lập - Tự do - Hạnh phúc", base, right, true);
            pen.line(right - 22.0, pen.y - 1.5, right + 22.0, pen.y - 1.5);
            pen.y = pen.y.min(agency_bottom) - Pen::lines_height(1, base);
            pen.centered(place_date, base - 0.5, right, false);
            pen.y -= Pen::lines_height(2, base);
        }
        Block::Title(t) => {
            for l in wrap(t, base + 3.0, inner) {
                pen.ensure(8.0);
                pen.centered(&l, base + 3.0, width / 2.0, true);
                pen.y -= Pen::lines_height(1, base + 3.0);
            }
        }
        Block::Heading(t) => {
            pen.clear_beside();
            pen.y -= 2.0;
            for l in wrap(t, base + 1.0, inner) {
                // With room for a line or two of what follows.
                pen.ensure(16.0);
                pen.text(&l, base + 1.0, MARGIN, true);
                pen.y -= Pen::lines_height(1, base + 1.0);
            }
            pen.y -= 1.0;
        }
        Block::Bars(bars) => {
            pen.clear_beside();
            super::chart::draw(pen, bars, base);
        }
        Block::Centered(t) => {
            pen.ensure(6.0);
            pen.centered(t, base, width / 2.0, false);
            pen.y -= Pen::lines_height(1, base) + 1.0;
        }
        Block::Field(label, value) => {
            let label = format!("{label}: ");
            let room = pen.room(inner);
            // A long label gets its value on the next line, indented.
            let long = text_width(&label, base) > room * 0.5;
            let indent = if long { 6.0 } else { text_width(&label, base) };
            let lines = wrap(value, base, room - indent);
            pen.ensure(Pen::lines_height(lines.len() + usize::from(long), base));
            pen.text(&label, base, MARGIN, false);
            if long {
                pen.y -= Pen::lines_height(1, base);
            }
            for l in lines {
                pen.text(&l, base, MARGIN + indent, true);
                pen.y -= Pen::lines_height(1, base);
            }
        }
        Block::Paragraph(t) => {
            for l in wrap(t, base, pen.room(inner)) {
                pen.ensure(6.0);
                pen.text(&l, base, MARGIN, false);
                pen.y -= Pen::lines_height(1, base);
            }
        }
        Block::Table {
            headers,
            widths,
            rows,
        } => {
            pen.clear_beside();
            let total: f32 = widths.iter().sum();
            let cols: Vec<f32> = widths.iter().map(|w| w / total * inner).collect();
            let size = base - 1.0;
            let draw_row = |pen: &mut Pen, cells: &[String], bold: bool| {
                let wrapped: Vec<Vec<String>> = cells
                    .iter()
                    .zip(&cols)
                    .map(|(c, w)| wrap(c, size, w - 2.0))
                    .collect();
                let n = wrapped.iter().map(Vec::len).max().unwrap_or(1);
                let h = Pen::lines_height(n, size) + 1.5;
                pen.ensure(h + 2.0);
                let top = pen.y + size * PT_TO_MM + 1.0;
                let mut x = MARGIN;
                for (lines, w) in wrapped.iter().zip(&cols) {
                    let y0 = pen.y;
                    for l in lines {
                        pen.text(l, size, x + 1.0, bold);
                        pen.y -= Pen::lines_height(1, size);
                    }
                    pen.y = y0;
                    pen.line(x, top, x, top - h);
                    x += w;
                }
                pen.line(x, top, x, top - h);
                pen.line(MARGIN, top, MARGIN + inner, top);
                pen.line(MARGIN, top - h, MARGIN + inner, top - h);
                pen.y -= h;
            };
            draw_row(pen, headers, true);
            for r in rows {
                draw_row(pen, r, false);
            }
            pen.y -= 2.0;
        }
        Block::Qr { text, caption } => {
            if let Ok(code) = qrcode::QrCode::new(text.as_bytes()) {
                let side = 24.0_f32;
                pen.clear_beside();
                pen.ensure(side + 8.0);
                let x0 = MARGIN + inner - side;
                // The code's top level with the next line of text, which
                // runs beside it.
                let y0 = pen.y + base * PT_TO_MM;
                pen.qr(&code, x0, y0, side);
                let text_y = pen.y;
                pen.y = y0 - side - 3.0;
                // Each caption line ends under the code's right edge, never
                // past the printable area.
                let mut caption_width = side;
                for line in caption.lines() {
                    let w = text_width(line, base - 2.0);
                    caption_width = caption_width.max(w);
                    let x = (MARGIN + inner - w).max(MARGIN);
                    pen.text(line, base - 2.0, x, false);
                    pen.y -= Pen::lines_height(1, base - 2.0);
                }
                pen.beside = Some((pen.y, caption_width + 4.0));
                pen.y = text_y;
            }
        }
        Block::Signatures(blocks) => {
            pen.clear_beside();
            pen.ensure(28.0);
            let col = inner / blocks.len().max(1) as f32;
            let top = pen.y;
            for (i, (role, name)) in blocks.iter().enumerate() {
                let center = MARGIN + col * (i as f32 + 0.5);
                pen.y = top;
                pen.centered(role, base, center, true);
                pen.y -= Pen::lines_height(1, base);
                pen.centered("(Ký, ghi rõ họ tên)", base - 2.0, center, false);
                pen.y -= 14.0;
                pen.centered(name, base, center, true);
            }
            pen.y -= Pen::lines_height(1, base);
        }
        Block::Space(mm) => pen.y -= mm,
    }
}

/// The PDF with `title` in its Info dictionary as a PDF text string: UTF-16BE
/// after the FE FF byte order mark. (printpdf writes the UTF-8 bytes, which
/// readers take for PDFDocEncoding: "Giáº¥y tiáº¿p nháº­n…" in a title bar.)
pub(super) fn with_title(pdf: &[u8], title: &str) -> Result<Vec<u8>, lopdf::Error> {
    let mut doc = lopdf::Document::load_mem(pdf)?;
    let info = doc.trailer.get(b"Info")?.as_reference()?;
    doc.get_object_mut(info)?.as_dict_mut()?.set(
        "Title",
        lopdf::Object::String(text_string(title), lopdf::StringFormat::Hexadecimal),
    );
    let mut out = Vec::with_capacity(pdf.len());
    doc.save_to(&mut out)?;
    Ok(out)
}

/// A PDF text string (PDF 32000-1, 7.9.2.2) in UTF-16BE with its byte order mark.
fn text_string(text: &str) -> Vec<u8> {
    [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_words_and_width() {
        let lines = wrap(
            "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền cấp",
            10.0,
            60.0,
        );
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| text_width(l, 10.0) <= 60.0));
        assert_eq!(
            lines.join(" "),
            "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền cấp"
        );
    }

    #[test]
    fn text_strings_are_utf16_with_a_byte_order_mark() {
        assert_eq!(text_string("Sổ"), [0xFE, 0xFF, 0x00, 0x53, 0x1E, 0xD5]);
        assert_eq!(text_string("𝐀").len(), 2 + 4, "a surrogate pair");
    }

    #[test]
    fn renders_a_pdf() {
        let form = Form {
            title: "Thử".into(),
            paper: Paper::A5,
            blocks: vec![
                Block::Title("GIẤY TIẾP NHẬN".into()),
                Block::Field("Họ tên".into(), "Nguyễn Văn Ánh".into()),
            ],
        };
        let pdf = render(&form);
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(
            pdf.len() < 200_000,
            "the font is subset: {} bytes",
            pdf.len()
        );
    }
}
