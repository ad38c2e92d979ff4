//! The filled declaration form (tờ khai, phiếu yêu cầu) as a PDF in the legal
//! layout: the national motto at the top, the form's title, "Kính gửi", each
//! field as a labelled line (dotted where nothing was declared, so that it can
//! still be written by hand), repeated rows as a numbered table, the
//! commitment, place and date, and the declarant's signature block.
//!
//! The two parties of a marriage declaration stand side by side as the legal
//! form has them: fields keyed `nu_…` with a matching `nam_…` print as one
//! table, "Thông tin | Bên nữ | Bên nam", each row labelled with the field's
//! label less its " (bên nữ)".

use std::collections::BTreeMap;

use motcua_domain::catalog::eform::{FieldDef, FieldKind, FormDef};
use motcua_domain::Locale;
use printpdf::{Mm, OffsetDateTime, PdfDocument, PdfDocumentReference, PdfLayerReference};
use serde_json::Value;

use super::render::{draw_block, fonts, text_width, with_title, wrap, Block, Pen, MARGIN};

/// A filled declaration, ready to print.
pub struct DeclarationPrint<'a> {
    pub form: &'a FormDef,
    /// The values as [`FormDef::fill`] keeps them (groups as arrays of rows).
    pub values: &'a BTreeMap<String, Value>,
    /// "Ủy ban nhân dân phường Ninh Kiều"
    pub addressee: String,
    /// "Ninh Kiều, ngày 27 tháng 11 năm 2026" (see [`super::place_date`]).
    pub place_date: String,
    /// The declarant's full name for the signature block (may be empty).
    pub declarant: String,
    /// The dossier's code when the declaration belongs to one, printed small
    /// at the foot of each page.
    pub dossier_code: Option<String>,
    /// The PDF's creation and modification dates.
    pub created: jiff::Timestamp,
}

/// A4 portrait, in millimetres.
const PAPER: (f32, f32) = (210.0, 297.0);
/// The type size of the text (as `render` sets A4 forms).
const BASE: f32 = 10.0;
/// The line at the foot of each page: its size and its baseline.
const FOOT_SIZE: f32 = 7.0;
const FOOT_Y: f32 = 6.0;
/// Below this the writing moves to a new page (room kept for the foot).
const BOTTOM: f32 = MARGIN + 4.0;
/// Rows left blank in a group's table when none were declared.
const BLANK_ROWS: usize = 3;
/// The advance of a full stop in DejaVu Sans (651/2048 em), a little more
/// so that a dotted line never overruns.
const DOT_EM: f32 = 0.33;

/// The filled declaration as PDF bytes (A4, as many pages as it takes).
pub fn declaration_pdf(d: &DeclarationPrint) -> Vec<u8> {
    let (width, height) = PAPER;
    let title = match &d.dossier_code {
        Some(code) => format!("{} - {code}", d.form.title),
        None => d.form.title.clone(),
    };
    let (doc, page, layer) = PdfDocument::new(&title, Mm(width), Mm(height), "trang");
    let doc = match OffsetDateTime::from_unix_timestamp(d.created.as_second()) {
        Ok(at) => doc
            .with_creation_date(at)
            .with_mod_date(at)
            .with_metadata_date(at),
        Err(_) => doc,
    };
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
    let mut pages = Pages(vec![pen.layer.clone()]);

    motto(&mut pen);
    for line in balanced(&d.form.title, BASE + 3.0, inner()) {
        ensure(&mut pen, &mut pages, 8.0);
        pen.centered(&line, BASE + 3.0, width / 2.0, true);
        pen.y -= Pen::lines_height(1, BASE + 3.0);
    }
    pen.y -= 2.0;
    let addressee = d.addressee.trim();
    if addressee.is_empty() {
        // Dots to write the addressee in, the line centred on its real width.
        let label = "Kính gửi: ";
        let room = inner() * 0.6;
        let x = (width - text_width(label, BASE) * 0.92 - room) / 2.0;
        pen.text(label, BASE, x, false);
        pen.text(&dots(BASE, room), BASE, x + text_width(label, BASE), false);
        pen.y -= Pen::lines_height(1, BASE);
    } else {
        for line in fit(&format!("Kính gửi: {addressee}"), BASE, inner() * 0.85) {
            ensure(&mut pen, &mut pages, 6.0);
            pen.centered(&line, BASE, width / 2.0, false);
            pen.y -= Pen::lines_height(1, BASE);
        }
    }
    pen.y -= 3.0;

    fields(&mut pen, &mut pages, d.form, d.values);

    let wording = wording(&d.form.code);
    pen.y -= 2.0;
    for line in fit(wording.commitment, BASE, inner()) {
        ensure(&mut pen, &mut pages, 6.0);
        pen.text(&line, BASE, MARGIN, false);
        pen.y -= Pen::lines_height(1, BASE);
    }
    pen.y -= 3.0;
    signatures(&mut pen, &mut pages, d, &wording);

    let total = pages.0.len();
    for (i, layer) in pages.0.iter().enumerate() {
        pen.layer = layer.clone();
        let page = format!("Trang {}/{total}", i + 1);
        let foot = match &d.dossier_code {
            Some(code) => format!("Mã hồ sơ: {code} - {page}"),
            None => page,
        };
        pen.y = FOOT_Y;
        pen.centered(&foot, FOOT_SIZE, width / 2.0, false);
    }
    drop(pen);
    let pdf = doc.save_to_bytes().expect("an in-memory PDF always saves");
    with_title(&pdf, &title).expect("a PDF just written reads back")
}

/// The layers of the pages written so far, for the line at their foot.
struct Pages(Vec<PdfLayerReference>);

impl Pages {
    /// Notes the page the pen is on when a block drawn by `render` turned one.
    fn follow(&mut self, pen: &Pen) {
        if self.0.last().map(|l| l.page) != Some(pen.layer.page) {
            pen.layer.set_outline_thickness(0.3);
            self.0.push(pen.layer.clone());
        }
    }
}

fn inner() -> f32 {
    PAPER.0 - 2.0 * MARGIN
}

/// Moves to a new page unless `needed` millimetres are left on this one.
fn ensure(pen: &mut Pen, pages: &mut Pages, needed: f32) {
    if pen.y - needed < BOTTOM {
        new_page(pen.doc, pen, pages);
    }
}

fn new_page(doc: &PdfDocumentReference, pen: &mut Pen, pages: &mut Pages) {
    let (page, layer) = doc.add_page(Mm(pen.width), Mm(pen.height), "trang");
    pen.layer = doc.get_page(page).get_layer(layer);
    pen.y = pen.height - MARGIN;
    pen.beside = None;
    pages.follow(pen);
}

/// The national motto, centred, underlined.
fn motto(pen: &mut Pen) {
    let center = pen.width / 2.0;
    pen.centered("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", BASE, center, true);
    pen.y -= Pen::lines_height(1, BASE);
    pen.centered("Độc lập - Tự do - Hạnh phúc", BASE + 0.5, center, true);
    let half = text_width("Độc lập - Tự do - Hạnh phúc", BASE + 0.5) * 0.46;
    draw_line(pen, center - half, pen.y - 1.5, center + half);
    pen.y -= Pen::lines_height(2, BASE) + 2.0;
}

fn draw_line(pen: &Pen, x1: f32, y: f32, x2: f32) {
    use printpdf::{Line, Point};
    pen.layer.add_line(Line {
        points: vec![
            (Point::new(Mm(x1), Mm(y)), false),
            (Point::new(Mm(x2), Mm(y)), false),
        ],
        is_closed: false,
    });
}

/// The width of regular DejaVu Sans text in millimetres, nearer than
/// `render`'s estimate (which runs wide so that nothing overruns): advances
/// of the font by kind of letter, a Vietnamese letter as wide as its base.
fn measure(text: &str, size: f32) -> f32 {
    let em: f32 = text
        .chars()
        .map(|c| match c {
            ' ' | ',' | '.' => 0.32,
            ':' | ';' | '/' => 0.34,
            '(' | ')' | '-' => 0.39,
            '\'' => 0.28,
            'i' | 'l' | 'j' | 'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' => 0.28,
            'I' | 'Í' | 'Ì' | 'Ỉ' | 'Ĩ' | 'Ị' => 0.30,
            'f' => 0.36,
            't' => 0.40,
            'r' => 0.42,
            'c' | 's' | 'z' => 0.55,
            'k' | 'v' | 'x' | 'y' | 'ý' | 'ỳ' | 'ỷ' | 'ỹ' | 'ỵ' => 0.60,
            'm' => 0.98,
            'w' => 0.82,
            'M' => 0.87,
            'W' => 1.0,
            c if c.is_uppercase() => 0.79,
            // The other letters and the digits, the accented vowels as
            // their base (a, e, o, u, ư, ơ are all near 0.62 em).
            _ => 0.64,
        })
        .sum();
    em * size * super::render::PT_TO_MM
}

/// Full stops filling `width` millimetres: room to write by hand.
fn dots(size: f32, width: f32) -> String {
    let one = DOT_EM * size * super::render::PT_TO_MM;
    ".".repeat((width / one).floor().max(3.0) as usize)
}

/// A title's lines of even length: as few as at full width, but each as
/// short as that number allows (no word left alone on the last line).
fn balanced(text: &str, size: f32, width: f32) -> Vec<String> {
    let lines = fit(text, size, width);
    let mut best = lines.clone();
    let mut w = width;
    while lines.len() > 1 && w > width * 0.5 {
        w -= 2.0;
        let shorter = fit(text, size, w);
        if shorter.len() != lines.len() {
            break;
        }
        best = shorter;
    }
    best
}

/// Lines no wider than `width`: wrapped at spaces, and a word too long for
/// a line cut wherever it must.
fn fit(text: &str, size: f32, width: f32) -> Vec<String> {
    let mut out = Vec::new();
    for line in wrap(text, size, width) {
        if text_width(&line, size) <= width {
            out.push(line);
            continue;
        }
        let mut cut = String::new();
        for c in line.chars() {
            cut.push(c);
            if text_width(&cut, size) > width && cut.chars().count() > 1 {
                cut.pop();
                out.push(std::mem::take(&mut cut));
                cut.push(c);
            }
        }
        out.push(cut);
    }
    out
}

/// Every field of the form in its order: labelled lines, the parties side
/// by side, groups as tables.
fn fields(pen: &mut Pen, pages: &mut Pages, form: &FormDef, values: &BTreeMap<String, Value>) {
    let partner = |key: &str| -> Option<&FieldDef> {
        let rest = key.strip_prefix("nu_")?;
        form.fields.iter().find(|f| f.key == format!("nam_{rest}"))
    };
    let pairs: Vec<(&FieldDef, &FieldDef)> = form
        .fields
        .iter()
        .filter_map(|f| partner(&f.key).map(|m| (f, m)))
        .collect();
    let mut parties_drawn = false;
    for f in &form.fields {
        if let Some(intro) = intro(&form.code, &f.key) {
            pen.y -= 1.0;
            for l in fit(intro, BASE, inner()) {
                ensure(pen, pages, Pen::lines_height(2, BASE));
                pen.text(&l, BASE, MARGIN, false);
                pen.y -= Pen::lines_height(1, BASE);
            }
        }
        let paired = pairs
            .iter()
            .any(|(nu, nam)| nu.key == f.key || nam.key == f.key);
        if paired {
            if !parties_drawn {
                parties(pen, pages, &pairs, values);
                parties_drawn = true;
            }
            continue;
        }
        match &f.kind {
            FieldKind::Group { fields, min, max } => {
                let rows = values.get(&f.key).and_then(Value::as_array);
                group(pen, pages, f, fields, (*min, *max), rows);
            }
            _ => {
                let value = values.get(&f.key).map(|v| shown(f, v)).unwrap_or_default();
                line(pen, pages, &f.label, &value);
            }
        }
    }
}

/// The sentence a legal form prints before a field, turning from the
/// requester to the person the request is for.
fn intro(form: &str, key: &str) -> Option<&'static str> {
    Some(match (form, key) {
        ("TK-KHAI-SINH", "ho_ten") => "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:",
        ("TK-KHAI-TU", "ho_ten") => "Đề nghị cơ quan đăng ký khai tử cho người có tên dưới đây:",
        ("TK-THAY-DOI-HO-TICH", "ho_ten") => "Đề nghị cơ quan đăng ký việc thay đổi, cải chính, bổ sung thông tin hộ tịch cho người có tên dưới đây:",
        ("TK-XAC-NHAN-TTHN", "ho_ten") => "Đề nghị cấp Giấy xác nhận tình trạng hôn nhân cho người có tên dưới đây:",
        _ => return None,
    })
}

/// "Label: value", the value in bold wrapped under itself, or a dotted line.
fn line(pen: &mut Pen, pages: &mut Pages, label: &str, value: &str) {
    let inner = inner();
    let mut label_lines = fit(&format!("{label}:"), BASE, inner);
    let last = label_lines.pop().unwrap_or_default();
    // The value and the dots start a space after the label as drawn.
    let label_width = text_width(&format!("{last} "), BASE);
    let used = (measure(&format!("{last} "), BASE) * 1.02).min(label_width);
    let step = Pen::lines_height(1, BASE);
    for l in &label_lines {
        ensure(pen, pages, step * 2.0);
        pen.text(l, BASE, MARGIN, false);
        pen.y -= step;
    }
    if value.is_empty() {
        // Dots to the end of the line, or a line of its own when the label
        // leaves too little.
        let room = inner - used;
        ensure(pen, pages, step * 2.0);
        pen.text(&last, BASE, MARGIN, false);
        if room >= 25.0 {
            pen.text(&dots(BASE, room), BASE, MARGIN + used, false);
        } else {
            pen.y -= step;
            pen.text(&dots(BASE, inner - 6.0), BASE, MARGIN + 6.0, false);
        }
        pen.y -= step;
        return;
    }
    let indent = if used > inner * 0.5 { 6.0 } else { used };
    let value_lines = fit(value, BASE, inner - indent);
    let same_line = indent == used;
    let n = value_lines.len() + usize::from(!same_line);
    ensure(pen, pages, Pen::lines_height(n.min(4), BASE));
    pen.text(&last, BASE, MARGIN, false);
    if !same_line {
        pen.y -= step;
    }
    for l in value_lines {
        ensure(pen, pages, step);
        pen.text(&l, BASE, MARGIN + indent, true);
        pen.y -= step;
    }
}

/// The two parties of a marriage side by side.
fn parties(
    pen: &mut Pen,
    pages: &mut Pages,
    pairs: &[(&FieldDef, &FieldDef)],
    values: &BTreeMap<String, Value>,
) {
    let value = |f: &FieldDef| values.get(&f.key).map(|v| shown(f, v)).unwrap_or_default();
    let rows = pairs
        .iter()
        .map(|(nu, nam)| {
            let label = nu
                .label
                .trim_end_matches("(bên nữ)")
                .trim_end_matches("bên nữ")
                .trim()
                .to_string();
            vec![label, value(nu), value(nam)]
        })
        .collect();
    table(
        pen,
        pages,
        Block::Table {
            headers: vec!["Thông tin".into(), "Bên nữ".into(), "Bên nam".into()],
            widths: vec![1.5, 2.2, 2.2],
            rows,
        },
    );
}

/// A group: its label, then a table of its rows, numbered (blank rows to
/// write in when none were declared).
fn group(
    pen: &mut Pen,
    pages: &mut Pages,
    f: &FieldDef,
    fields: &[FieldDef],
    (min, max): (u32, u32),
    rows: Option<&Vec<Value>>,
) {
    let step = Pen::lines_height(1, BASE);
    // The label stays with the table's head.
    ensure(pen, pages, step * 3.0);
    for l in fit(&format!("{}:", f.label), BASE, inner()) {
        pen.text(&l, BASE, MARGIN, false);
        pen.y -= step;
    }
    pen.y -= 1.0;
    let mut headers = vec!["STT".to_string()];
    headers.extend(fields.iter().map(|x| x.label.clone()));
    let mut widths = vec![0.5];
    widths.extend(fields.iter().map(|x| column_width(&x.kind)));
    let rows: Vec<Vec<String>> = match rows.filter(|r| !r.is_empty()) {
        Some(rows) => rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let mut cells = vec![(i + 1).to_string()];
                cells.extend(
                    fields
                        .iter()
                        .map(|x| row.get(&x.key).map(|v| shown(x, v)).unwrap_or_default()),
                );
                cells
            })
            .collect(),
        None => {
            let n = BLANK_ROWS.max(min as usize).min(max as usize);
            (1..=n)
                .map(|i| {
                    let mut cells = vec![i.to_string()];
                    cells.extend(fields.iter().map(|_| String::new()));
                    cells
                })
                .collect()
        }
    };
    table(
        pen,
        pages,
        Block::Table {
            headers,
            widths,
            rows,
        },
    );
}

/// A table as `render` draws it, the pages it turns noted.
fn table(pen: &mut Pen, pages: &mut Pages, block: Block) {
    ensure(pen, pages, Pen::lines_height(3, BASE));
    draw_block(pen, &block, BASE);
    pages.follow(pen);
    pen.y -= 1.0;
}

/// A column's share of a group's table, by what it holds.
fn column_width(kind: &FieldKind) -> f32 {
    match kind {
        FieldKind::Text { max } if *max <= 50 => 1.4,
        FieldKind::Text { .. } | FieldKind::Address => 3.0,
        FieldKind::Date => 1.4,
        FieldKind::Number { .. } => 1.0,
        FieldKind::Cccd | FieldKind::Phone => 1.8,
        FieldKind::Choice { .. } => 1.8,
        FieldKind::Group { .. } => 2.0,
    }
}

/// A value as the form prints it: dates dd/mm/yyyy, numbers grouped the
/// Vietnamese way (years as they are), choices as chosen.
fn shown(f: &FieldDef, v: &Value) -> String {
    match (&f.kind, v) {
        (_, Value::Null) => String::new(),
        (FieldKind::Date, Value::String(s)) => match s.trim().parse::<jiff::civil::Date>() {
            Ok(d) => format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year()),
            Err(_) => s.trim().to_string(),
        },
        (FieldKind::Number { min, max }, v) => {
            let n = v
                .as_i64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()));
            match n {
                // A year (1994) is never written 1.994.
                Some(n) if *min >= 1000 && *max <= 9999 => n.to_string(),
                Some(n) if n < 0 => format!("-{}", Locale::Vi.number(n.unsigned_abs())),
                Some(n) => Locale::Vi.number(n.unsigned_abs()),
                None => plain(v),
            }
        }
        (_, v) => plain(v),
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.trim().to_string(),
        Value::Bool(true) => "Có".into(),
        Value::Bool(false) => "Không".into(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// What a form says at its end: the commitment, and who signs.
struct Wording {
    commitment: &'static str,
    /// (role, how to sign, the value holding the signer's name when it is
    /// not the declarant's).
    signers: &'static [(&'static str, &'static str, Option<&'static str>)],
}

const SIGN_NAME: &str = "(Ký, ghi rõ họ, chữ đệm, tên)";

fn wording(code: &str) -> Wording {
    const REQUESTER: &[(&str, &str, Option<&str>)] = &[("NGƯỜI YÊU CẦU", SIGN_NAME, None)];
    let commitment = match code {
        "TK-KHAI-SINH" => "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được sự thỏa thuận nhất trí của các bên liên quan theo quy định pháp luật. Tôi chịu hoàn toàn trách nhiệm trước pháp luật về nội dung cam đoan của mình.",
        "TK-KET-HON" => {
            return Wording {
                commitment: "Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng tôi là tự nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình Việt Nam. Chúng tôi chịu trách nhiệm trước pháp luật về cam đoan của mình.",
                signers: &[
                    ("BÊN NỮ", SIGN_NAME, Some("nu_ho_ten")),
                    ("BÊN NAM", SIGN_NAME, Some("nam_ho_ten")),
                ],
            }
        }
        "TK-KHAI-TU" => "Tôi cam đoan nội dung đề nghị đăng ký khai tử trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.",
        "TK-NHAN-CHA-ME-CON" => "Tôi cam đoan việc nhận cha, mẹ, con nêu trên là đúng sự thật, tự nguyện, không có tranh chấp và chịu trách nhiệm trước pháp luật về cam đoan của mình.",
        "TK-THAY-DOI-HO-TICH" => "Tôi cam đoan nội dung đề nghị thay đổi, cải chính, bổ sung thông tin hộ tịch trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.",
        "TK-XAC-NHAN-TTHN" => "Tôi cam đoan nội dung đề nghị cấp Giấy xác nhận tình trạng hôn nhân trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.",
        "TK-TRICH-LUC" => "Tôi cam đoan nội dung đề nghị cấp bản sao trích lục hộ tịch trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.",
        "PYC-CHUNG-THUC-BAN-SAO" => {
            return Wording {
                commitment: "Tôi cam đoan nội dung đề nghị chứng thực trên đây là đúng sự thật; bản chính giấy tờ, văn bản xuất trình là hợp pháp và tôi chịu trách nhiệm trước pháp luật về tính hợp pháp của bản chính đó.",
                signers: &[("NGƯỜI YÊU CẦU CHỨNG THỰC", SIGN_NAME, None)],
            }
        }
        "PYC-CHUNG-THUC-CHU-KY" => {
            return Wording {
                commitment: "Tôi cam đoan nội dung đề nghị chứng thực trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về nội dung của giấy tờ, văn bản mà tôi ký (điểm chỉ).",
                signers: &[("NGƯỜI YÊU CẦU CHỨNG THỰC", SIGN_NAME, None)],
            }
        }
        "TK-TRO-GIUP-XA-HOI" => {
            return Wording {
                commitment: "Tôi xin cam đoan những lời khai trên là đúng sự thật, nếu có điều gì khai không đúng tôi xin chịu trách nhiệm hoàn toàn.",
                signers: &[(
                    "NGƯỜI KHAI",
                    "(Ký, ghi rõ họ tên; trường hợp khai thay, ghi rõ quan hệ với đối tượng)",
                    None,
                )],
            }
        }
        _ => "Tôi cam đoan nội dung đề nghị trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.",
    };
    Wording {
        commitment,
        signers: REQUESTER,
    }
}

/// Place and date, then the signature blocks: one at the right, or the
/// parties side by side.
fn signatures(pen: &mut Pen, pages: &mut Pages, d: &DeclarationPrint, w: &Wording) {
    let inner = inner();
    ensure(pen, pages, 45.0);
    let right = MARGIN + inner * 0.72;
    let place_date = d.place_date.trim();
    if place_date.is_empty() {
        // Dots run narrower than letters: placed by hand, not centred on
        // the letters' estimate.
        let blank = "............, ngày ...... tháng ...... năm ..........";
        pen.text(blank, BASE, right - inner * 0.2, false);
        pen.y -= Pen::lines_height(1, BASE);
    } else {
        for l in fit(place_date, BASE, inner * 0.5) {
            pen.centered(&l, BASE, right, false);
            pen.y -= Pen::lines_height(1, BASE);
        }
    }
    pen.y -= 1.0;
    let centers: Vec<f32> = if w.signers.len() == 1 {
        vec![right]
    } else {
        let col = inner / w.signers.len() as f32;
        (0..w.signers.len())
            .map(|i| MARGIN + col * (i as f32 + 0.5))
            .collect()
    };
    let col_width = if w.signers.len() == 1 {
        inner * 0.5
    } else {
        inner / w.signers.len() as f32 - 4.0
    };
    let top = pen.y;
    let mut bottom = top;
    for ((role, how, key), center) in w.signers.iter().zip(centers) {
        pen.y = top;
        pen.centered(role, BASE, center, true);
        pen.y -= Pen::lines_height(1, BASE);
        for l in fit(how, BASE - 1.5, col_width) {
            pen.centered(&l, BASE - 1.5, center, false);
            pen.y -= Pen::lines_height(1, BASE - 1.5);
        }
        pen.y -= 18.0;
        let name = match key {
            Some(k) => d.values.get(*k).map(plain).unwrap_or_default(),
            None => d.declarant.trim().to_string(),
        };
        for l in fit(&name, BASE, col_width) {
            pen.centered(&l, BASE, center, true);
            pen.y -= Pen::lines_height(1, BASE);
        }
        bottom = bottom.min(pen.y);
    }
    pen.y = bottom;
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_domain::catalog::shipped;
    use serde_json::json;

    /// The text of a PDF in the order it was drawn, as `pdftotext -raw`
    /// (poppler) reads it, its runs of white space made single spaces.
    fn pdf_text(pdf: &[u8]) -> String {
        use std::io::Write;
        let mut child = std::process::Command::new("pdftotext")
            .args(["-raw", "-", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("poppler-utils is installed by the test command");
        child.stdin.take().unwrap().write_all(pdf).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "pdftotext failed");
        String::from_utf8(out.stdout)
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn print<'a>(
        form: &'a FormDef,
        values: &'a BTreeMap<String, Value>,
        declarant: &str,
    ) -> DeclarationPrint<'a> {
        DeclarationPrint {
            form,
            values,
            addressee: "Ủy ban nhân dân phường Ninh Kiều".into(),
            place_date: "Ninh Kiều, ngày 27 tháng 11 năm 2026".into(),
            declarant: declarant.into(),
            dossier_code: Some("000.30.00.H92-261127-0001".into()),
            created: "2026-11-27T02:00:00Z".parse().unwrap(),
        }
    }

    fn birth_values(form: &FormDef) -> BTreeMap<String, Value> {
        form.fill(&json!({
            "ho_ten_nguoi_yeu_cau": "Nguyễn Văn Hùng",
            "dinh_danh_nguoi_yeu_cau": "092094001234",
            "noi_cu_tru_nguoi_yeu_cau": "Số 25 đường Mậu Thân, phường Ninh Kiều, thành phố Cần Thơ",
            "quan_he": "Cha",
            "ho_ten": "Nguyễn Minh Khôi",
            "ngay_sinh": "2026-11-20",
            "gioi_tinh": "Nam",
            "dan_toc": "Kinh",
            "quoc_tich": "Việt Nam",
            "noi_sinh": "Bệnh viện Phụ sản thành phố Cần Thơ, số 106 đường Cách Mạng Tháng Tám, phường Cái Khế, thành phố Cần Thơ",
            "ho_ten_me": "Trần Thị Ngọc Hân",
            "nam_sinh_me": 1996,
            "dan_toc_me": "Kinh",
            "quoc_tich_me": "Việt Nam",
            "ho_ten_cha": "Nguyễn Văn Hùng",
            "nam_sinh_cha": 1994,
            "so_ban_sao": 2
        }))
        .expect("a right declaration")
    }

    #[test]
    fn a_filled_birth_declaration_prints_in_the_legal_layout() {
        let form = shipped::by_code("TK-KHAI-SINH").unwrap();
        let values = birth_values(&form);
        let pdf = declaration_pdf(&print(&form, &values, "Nguyễn Văn Hùng"));
        assert!(pdf.starts_with(b"%PDF"));
        let text = pdf_text(&pdf);
        for expected in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "TỜ KHAI ĐĂNG KÝ KHAI SINH",
            "Kính gửi: Ủy ban nhân dân phường Ninh Kiều",
            "Họ, chữ đệm, tên người được khai sinh: Nguyễn Minh Khôi",
            "Ngày, tháng, năm sinh: 20/11/2026",
            "Giới tính: Nam",
            "Năm sinh của mẹ: 1996",
            "Tôi cam đoan nội dung đề nghị đăng ký khai sinh",
            "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:",
            "Ninh Kiều, ngày 27 tháng 11 năm 2026",
            "NGƯỜI YÊU CẦU",
            "(Ký, ghi rõ họ, chữ đệm, tên)",
            "Mã hồ sơ: 000.30.00.H92-261127-0001",
        ] {
            assert!(text.contains(expected), "{expected:?} in {text}");
        }
        // The declarant's name closes the page, under the signature's place.
        let signed = text.rfind("(Ký, ghi rõ họ, chữ đệm, tên)").unwrap();
        assert!(text[signed..].contains("Nguyễn Văn Hùng"), "{text}");
        // What was not declared is left dotted, to write by hand.
        assert!(
            text.contains("Số định danh cá nhân của cha: ....."),
            "{text}"
        );
        // The long place of birth wraps, whole.
        assert!(text.contains("số 106 đường Cách Mạng Tháng Tám"), "{text}");
    }

    #[test]
    fn an_empty_declaration_still_prints_its_labels() {
        let form = shipped::by_code("TK-KHAI-SINH").unwrap();
        let values = BTreeMap::new();
        let mut d = print(&form, &values, "");
        d.addressee = String::new();
        d.place_date = String::new();
        d.dossier_code = None;
        let pdf = declaration_pdf(&d);
        assert!(pdf.starts_with(b"%PDF"));
        let text = pdf_text(&pdf);
        assert!(text.contains("Kính gửi: ....."), "{text}");
        for f in &form.fields {
            assert!(
                text.contains(&format!("{}:", f.label)),
                "{} in {text}",
                f.label
            );
        }
        assert!(text.contains(", ngày ...... tháng ...... năm"), "{text}");
        assert!(!text.contains("Mã hồ sơ"));
    }

    #[test]
    fn groups_print_numbered_rows_and_numbers_read_the_vietnamese_way() {
        let form = shipped::by_code("PYC-CHUNG-THUC-BAN-SAO").unwrap();
        let values = form
            .fill(&json!({
                "ho_ten": "Lê Thị Thu Trang",
                "dinh_danh": "092185003344",
                "dien_thoai": "0912345678",
                "giay_to": [
                    { "ten_giay_to": "Bằng tốt nghiệp trung học phổ thông", "so_trang": 1, "so_ban_sao": 3 },
                    { "ten_giay_to": "Học bạ trung học phổ thông", "co_quan_cap": "Trường THPT Châu Văn Liêm", "so_trang": 12, "so_ban_sao": 2 }
                ]
            }))
            .unwrap();
        let text = pdf_text(&declaration_pdf(&print(&form, &values, "Lê Thị Thu Trang")));
        assert!(text.contains("STT Tên giấy tờ, văn bản"), "{text}");
        assert!(
            text.contains("1 Bằng tốt nghiệp trung học phổ thông 1 3"),
            "{text}"
        );
        assert!(
            text.contains("2 Học bạ trung học phổ thông Trường THPT Châu Văn Liêm 12 2"),
            "{text}"
        );
        assert!(text.contains("NGƯỜI YÊU CẦU CHỨNG THỰC"), "{text}");

        // The parties of a marriage side by side, each signing.
        let form = shipped::by_code("TK-KET-HON").unwrap();
        let values = form
            .fill(&json!({
                "nu_ho_ten": "Trần Thị Ngọc Hân", "nu_ngay_sinh": "1996-03-08",
                "nu_dan_toc": "Kinh", "nu_quoc_tich": "Việt Nam",
                "nu_noi_cu_tru": "Phường Ninh Kiều, thành phố Cần Thơ",
                "nu_dinh_danh": "092196005678", "nu_lan_ket_hon": 1,
                "nam_ho_ten": "Nguyễn Văn Hùng", "nam_ngay_sinh": "1994-07-15",
                "nam_dan_toc": "Kinh", "nam_quoc_tich": "Việt Nam",
                "nam_noi_cu_tru": "Phường Cái Khế, thành phố Cần Thơ",
                "nam_dinh_danh": "092094001234", "nam_lan_ket_hon": 1
            }))
            .unwrap();
        let text = pdf_text(&declaration_pdf(&print(&form, &values, "")));
        assert!(text.contains("Thông tin Bên nữ Bên nam"), "{text}");
        assert!(
            text.contains("Ngày, tháng, năm sinh 08/03/1996 15/07/1994"),
            "{text}"
        );
        let signed = text.rfind("BÊN NỮ").unwrap();
        assert!(text[signed..].contains("BÊN NAM"), "{text}");
        assert!(text[signed..].contains("Trần Thị Ngọc Hân"), "{text}");
        assert!(text[signed..].contains("Nguyễn Văn Hùng"), "{text}");
    }

    #[test]
    fn amounts_are_grouped_and_years_are_not() {
        let form = shipped::by_code("TK-TRO-GIUP-XA-HOI").unwrap();
        let values = form
            .fill(&json!({
                "ho_ten": "LÊ VĂN TÝ", "ngay_sinh": "2015-06-01", "gioi_tinh": "Nam",
                "dan_toc": "Khmer", "noi_thuong_tru": "Ấp Mỹ Phước, xã Phong Điền, thành phố Cần Thơ",
                "muc_huong": 1500000, "ho_ten_me": "Thạch Thị Sa Ly", "nam_sinh_me": 1988,
                "tinh_trang_me": "Đã chết"
            }))
            .unwrap();
        let text = pdf_text(&declaration_pdf(&print(&form, &values, "Lê Thị Mai")));
        assert!(
            text.contains("Tổng mức trợ cấp đang hưởng (đồng/tháng): 1.500.000"),
            "{text}"
        );
        assert!(text.contains("Năm sinh của mẹ: 1988"), "{text}");
        assert!(text.contains("Tình trạng của mẹ: Đã chết"), "{text}");
        assert!(text.contains("NGƯỜI KHAI"), "{text}");
        assert!(text.contains("Tôi xin cam đoan những lời khai trên là đúng sự thật"));
    }

    #[test]
    fn every_shipped_form_prints_empty_and_long_texts_stay_on_the_page() {
        for form in shipped::all() {
            let values = BTreeMap::new();
            let pdf = declaration_pdf(&print(&form, &values, ""));
            assert!(pdf.starts_with(b"%PDF"), "{}", form.code);
        }
        let form = shipped::by_code("TK-THAY-DOI-HO-TICH").unwrap();
        let long = "Khi đăng ký khai sinh năm 1990, tên người mẹ được ghi sai dấu ".repeat(15);
        let mut values = BTreeMap::new();
        values.insert("ly_do".to_string(), json!(long.trim()));
        values.insert(
            "noi_dung".to_string(),
            json!([{ "loai": "Cải chính", "thong_tin": "Họ, chữ đệm, tên người mẹ",
                     "da_ghi": "Trần Thị Ngoc Han", "de_nghi_ghi": "Trần Thị Ngọc Hân" }]),
        );
        values.insert("ho_ten".to_string(), json!("X".repeat(100)));
        let text = pdf_text(&declaration_pdf(&print(&form, &values, "An")));
        assert!(
            text.contains("1 Cải chính Họ, chữ đệm, tên người mẹ"),
            "{text}"
        );
        assert!(text.contains("Trần Thị Ngọc Hân"), "{text}");
        for l in fit(&"X".repeat(100), BASE, inner() - 6.0) {
            assert!(text_width(&l, BASE) <= inner());
        }
    }

    /// Each word of a PDF with its box, by `pdftotext -bbox`: (text, x
    /// min, y min, x max) in points.
    fn words(pdf: &[u8]) -> Vec<(String, f32, f32, f32)> {
        use std::io::Write;
        let mut child = std::process::Command::new("pdftotext")
            .args(["-bbox", "-", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("poppler-utils is installed by the test command");
        child.stdin.take().unwrap().write_all(pdf).unwrap();
        let out = String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap();
        let attr = |line: &str, name: &str| -> f32 {
            let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            line[at..].split('"').next().unwrap().parse().unwrap()
        };
        out.lines()
            .filter(|l| l.trim_start().starts_with("<word"))
            .map(|l| {
                let text = l.split('>').nth(1).unwrap().split('<').next().unwrap();
                (
                    text.to_string(),
                    attr(l, "xMin"),
                    attr(l, "yMin"),
                    attr(l, "xMax"),
                )
            })
            .collect()
    }

    #[test]
    fn values_never_run_into_their_labels() {
        let form = shipped::by_code("TK-KHAI-SINH").unwrap();
        let values = birth_values(&form);
        let pdf = declaration_pdf(&print(&form, &values, "Nguyễn Văn Hùng"));
        let mut words = words(&pdf);
        assert!(words.len() > 100);
        words.sort_by(|a, b| (a.2, a.1).partial_cmp(&(b.2, b.1)).unwrap());
        for pair in words.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if (a.2 - b.2).abs() < 0.5 {
                // A space at least between words of a line (1 mm ≈ 2.8 pt).
                assert!(b.1 >= a.3 + 1.5, "{a:?} runs into {b:?}");
                // The page's right margin kept.
                assert!(b.3 <= (PAPER.0 - MARGIN + 1.0) / 0.3528, "{b:?}");
            }
        }
        // The value sits near its label: not a gap of more than 4 mm.
        let label = words.iter().position(|w| w.0 == "cầu:").unwrap();
        let value = &words[label + 1];
        assert_eq!(value.0, "Nguyễn");
        assert!(value.1 - words[label].3 < 4.0 / 0.3528, "{value:?}");
    }

    #[test]
    fn long_titles_break_evenly_and_labels_measure_near_the_estimate() {
        let lines = balanced(
            "TỜ KHAI ĐĂNG KÝ THAY ĐỔI, CẢI CHÍNH, BỔ SUNG THÔNG TIN HỘ TỊCH",
            BASE + 3.0,
            inner(),
        );
        assert_eq!(lines.len(), 2, "{lines:?}");
        let (a, b) = (lines[0].chars().count(), lines[1].chars().count());
        assert!(a.abs_diff(b) < 15, "{lines:?}");
        for label in [
            "Năm sinh của mẹ: ",
            "Giới tính: ",
            "Họ, chữ đệm, tên người yêu cầu: ",
        ] {
            let (near, wide) = (measure(label, BASE), text_width(label, BASE));
            assert!(
                near < wide * 1.05 && near > wide * 0.7,
                "{label}: {near} {wide}"
            );
        }
    }

    #[test]
    fn values_print_as_a_vietnamese_reader_expects() {
        let field = |kind: FieldKind| FieldDef {
            key: "x".into(),
            label: "X".into(),
            kind,
            required: false,
            help: String::new(),
        };
        assert_eq!(
            shown(&field(FieldKind::Date), &json!("2026-11-05")),
            "05/11/2026"
        );
        let money = field(FieldKind::Number {
            min: 0,
            max: 100_000_000,
        });
        assert_eq!(shown(&money, &json!(1_500_000)), "1.500.000");
        assert_eq!(shown(&money, &json!(7)), "7");
        let year = field(FieldKind::Number {
            min: 1900,
            max: 2100,
        });
        assert_eq!(shown(&year, &json!(1994)), "1994");
        let choice = field(FieldKind::Choice {
            options: vec!["Nữ".into()],
        });
        assert_eq!(shown(&choice, &json!("Nữ")), "Nữ");
        assert_eq!(shown(&choice, &Value::Null), "");
    }
}
