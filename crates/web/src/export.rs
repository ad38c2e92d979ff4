//! Tables to download: an Excel workbook (one sheet a table, numbers as
//! numbers with their formats) or CSV (UTF-8 with a byte-order mark, so
//! Excel shows Vietnamese, numbers machine-readable). Pure: tables in,
//! bytes out; the handlers gather the rows and say what the columns are.

use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};

/// What a column holds: how it is formatted and how wide it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A whole number (`#,##0`).
    Count,
    /// A fraction from 0.0 to 1.0, shown as a percent (`0.0%`).
    Share,
    /// A number with one decimal shown (`0.0`).
    Decimal,
    /// A day (`dd/mm/yyyy`).
    Date,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub label: String,
    pub kind: Kind,
}

impl Column {
    pub fn new(label: impl Into<String>, kind: Kind) -> Column {
        Column {
            label: label.into(),
            kind,
        }
    }
}

/// One value. `Share(None)` and `Decimal(None)` are "no data": an empty
/// cell, never 0.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(i64),
    Share(Option<f64>),
    Decimal(Option<f64>),
    Date(jiff::civil::Date),
    Empty,
}

impl Cell {
    /// Text, or an empty cell when there is none.
    pub fn text_or_empty(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }
}

/// A titled table: the workbook's sheet or the CSV file.
#[derive(Debug, Clone)]
pub struct Table {
    pub title: String,
    /// Lines under the title in the workbook (period, unit, when made); not
    /// in the CSV.
    pub notes: Vec<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("xlsx: {0}")]
    Xlsx(#[from] XlsxError),
}

impl From<ExportError> for crate::WebError {
    fn from(e: ExportError) -> Self {
        crate::WebError::Internal(e.to_string())
    }
}

/// The widest a column starts, in characters.
const MAX_WIDTH: usize = 50;

/// Excel's longest sheet name, in UTF-16 units.
const MAX_SHEET_NAME: usize = 31;

/// Sheet names valid for Excel, one for each title, unique (compared as
/// Excel does, without case), in order.
pub fn sheet_names<'a>(titles: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for title in titles {
        let base = sheet_name(title);
        let mut name = base.clone();
        let mut n = 2;
        while names
            .iter()
            .any(|x| x.to_lowercase() == name.to_lowercase())
        {
            let suffix = format!(" ({n})");
            name = format!(
                "{}{suffix}",
                truncate_utf16(&base, MAX_SHEET_NAME - suffix.len()).trim_end()
            );
            n += 1;
        }
        names.push(name);
    }
    names
}

/// A title made a sheet name: no `[]:*?/\`, no apostrophe at either end, at
/// most 31 UTF-16 units, never blank nor Excel's reserved "History".
fn sheet_name(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let name = truncate_utf16(cleaned.trim().trim_matches('\''), MAX_SHEET_NAME)
        .trim()
        .trim_matches('\'')
        .to_string();
    if name.is_empty() {
        "Bảng".to_string()
    } else if name.eq_ignore_ascii_case("history") {
        format!("{name} 1")
    } else {
        name
    }
}

/// At most `max` UTF-16 units of `s`, cut between words where a word would
/// be cut (within a word only when it is the first).
fn truncate_utf16(s: &str, max: usize) -> &str {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > max {
            let cut = &s[..i];
            if c.is_whitespace() {
                return cut;
            }
            return match cut.rfind(char::is_whitespace) {
                Some(space) if !cut[..space].trim().is_empty() => &cut[..space],
                _ => cut,
            };
        }
    }
    s
}

/// A number Excel can hold: NaN and the infinities are no data.
fn finite(x: Option<f64>) -> Option<f64> {
    x.filter(|x| x.is_finite())
}

/// The workbook of these tables, one sheet each: the title (bold, larger),
/// the notes, a blank line, the header (bold, bordered, wrapped, frozen,
/// with an autofilter), then the rows.
pub fn to_xlsx(tables: &[Table]) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin);
    let count = Format::new().set_num_format("#,##0");
    let share = Format::new().set_num_format("0.0%");
    let decimal = Format::new().set_num_format("0.0");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let names = sheet_names(tables.iter().map(|t| t.title.as_str()));
    for (table, name) in tables.iter().zip(names) {
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        sheet.write_string_with_format(0, 0, &table.title, &title)?;
        for (i, note) in table.notes.iter().enumerate() {
            sheet.write_string(row(i + 1), 0, note)?;
        }
        let head = row(table.notes.len() + 2);
        for (c, column) in table.columns.iter().enumerate() {
            sheet.write_string_with_format(head, col(c), &column.label, &header)?;
        }
        for (r, cells) in table.rows.iter().enumerate() {
            let r = head + 1 + row(r);
            for (c, cell) in cells.iter().enumerate() {
                let c = col(c);
                match cell {
                    Cell::Text(s) => {
                        sheet.write_string(r, c, s)?;
                    }
                    Cell::Count(n) => {
                        // Exact up to 2^53, beyond any count of dossiers.
                        #[allow(clippy::cast_precision_loss)]
                        sheet.write_number_with_format(r, c, *n as f64, &count)?;
                    }
                    Cell::Share(x) => {
                        if let Some(x) = finite(*x) {
                            sheet.write_number_with_format(r, c, x, &share)?;
                        }
                    }
                    Cell::Decimal(x) => {
                        if let Some(x) = finite(*x) {
                            sheet.write_number_with_format(r, c, x, &decimal)?;
                        }
                    }
                    Cell::Date(d) => {
                        let day = excel_date(*d)?;
                        sheet.write_datetime_with_format(r, c, &day, &date)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        widths(sheet, table)?;
        if !table.columns.is_empty() {
            sheet.set_freeze_panes(head + 1, 0)?;
            let last = head + row(table.rows.len());
            sheet.autofilter(head, 0, last, col(table.columns.len() - 1))?;
        }
    }
    if tables.is_empty() {
        book.add_worksheet();
    }
    Ok(book.save_to_buffer()?)
}

/// Rows and columns as the writer counts them; past its range the writer
/// refuses them.
fn row(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

fn excel_date(d: jiff::civil::Date) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(d.year()).map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?;
    let month =
        u8::try_from(d.month()).map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?;
    let day = u8::try_from(d.day()).map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?;
    ExcelDateTime::from_ymd(year, month, day)
}

/// Each column as wide as its longest text (the header counts for less, as
/// it wraps), within bounds.
fn widths(sheet: &mut Worksheet, table: &Table) -> Result<(), XlsxError> {
    for (c, column) in table.columns.iter().enumerate() {
        let least = match column.kind {
            Kind::Date => 11,
            Kind::Text => 6,
            Kind::Count | Kind::Share | Kind::Decimal => 8,
        };
        let header = column
            .label
            .split_whitespace()
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0)
            .max(column.label.chars().count().min(16));
        let longest = table
            .rows
            .iter()
            .filter_map(|r| r.get(c))
            .map(|cell| match cell {
                Cell::Text(s) => s.chars().count(),
                Cell::Count(n) => n.to_string().len() + n.to_string().len() / 3,
                _ => 0,
            })
            .max()
            .unwrap_or(0);
        let width = header.max(longest).max(least).min(MAX_WIDTH) + 2;
        #[allow(clippy::cast_precision_loss)]
        sheet.set_column_width(col(c), width as f64)?;
    }
    Ok(())
}

/// The table as CSV: UTF-8 with a byte-order mark, RFC 4180 quoting, the
/// header of column labels, then the rows; counts as integers, shares and
/// decimals as fractions with a dot (`0.949`), dates as `2026-11-27`, no
/// data as an empty field. Text that a spreadsheet would take for a formula
/// starts with `'`.
pub fn to_csv(table: &Table) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let labels = table.columns.iter().map(|c| guard(&c.label));
        // Writing to memory cannot fail, and every record has its fields.
        let _ = w.write_record(labels);
        for cells in &table.rows {
            let _ = w.write_record(cells.iter().map(field));
        }
        let _ = w.flush();
    }
    out
}

fn field(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => guard(s),
        Cell::Count(n) => n.to_string(),
        Cell::Share(x) | Cell::Decimal(x) => finite(*x).map(|x| x.to_string()).unwrap_or_default(),
        Cell::Date(d) => d.to_string(),
        Cell::Empty => String::new(),
    }
}

/// Text that starts like a formula (`=`, `+`, `-`, `@`, tab, carriage
/// return) gets a leading `'`, so a spreadsheet shows it and runs nothing.
pub fn guard(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, DataType, Reader, Xlsx};
    use jiff::civil::date;

    fn sample() -> Table {
        Table {
            title: "Tình hình giải quyết hồ sơ".into(),
            notes: vec!["Từ ngày 01/11/2026 đến ngày 27/11/2026".into()],
            columns: vec![
                Column::new("Thủ tục", Kind::Text),
                Column::new("Số hồ sơ", Kind::Count),
                Column::new("Tỷ lệ đúng hạn", Kind::Share),
                Column::new("Điểm", Kind::Decimal),
                Column::new("Ngày", Kind::Date),
            ],
            rows: vec![
                vec![
                    Cell::Text("Đăng ký khai sinh".into()),
                    Cell::Count(12_345),
                    Cell::Share(Some(0.949)),
                    Cell::Decimal(Some(7.5)),
                    Cell::Date(date(2026, 11, 27)),
                ],
                vec![
                    Cell::Text("Chứng thực bản sao, \"điện tử\"".into()),
                    Cell::Count(0),
                    Cell::Share(None),
                    Cell::Decimal(None),
                    Cell::Empty,
                ],
            ],
        }
    }

    fn read(bytes: Vec<u8>) -> Xlsx<std::io::Cursor<Vec<u8>>> {
        Xlsx::new(std::io::Cursor::new(bytes)).expect("an xlsx")
    }

    fn at(range: &calamine::Range<Data>, r: u32, c: u32) -> Data {
        range.get_value((r, c)).cloned().unwrap_or(Data::Empty)
    }

    #[test]
    fn the_workbook_holds_the_same_texts_and_numbers() {
        let mut book = read(to_xlsx(&[sample()]).unwrap());
        assert_eq!(book.sheet_names(), vec!["Tình hình giải quyết hồ sơ"]);
        let s = book.worksheet_range("Tình hình giải quyết hồ sơ").unwrap();
        assert_eq!(
            at(&s, 0, 0),
            Data::String("Tình hình giải quyết hồ sơ".into())
        );
        assert_eq!(
            at(&s, 1, 0),
            Data::String("Từ ngày 01/11/2026 đến ngày 27/11/2026".into())
        );
        // The header under a blank line.
        assert_eq!(at(&s, 2, 0), Data::Empty);
        let labels: Vec<Data> = (0..5).map(|c| at(&s, 3, c)).collect();
        assert_eq!(
            labels,
            ["Thủ tục", "Số hồ sơ", "Tỷ lệ đúng hạn", "Điểm", "Ngày"]
                .map(|l| Data::String(l.into()))
        );
        assert_eq!(at(&s, 4, 0), Data::String("Đăng ký khai sinh".into()));
        assert_eq!(at(&s, 4, 1).as_f64(), Some(12_345.0));
        assert_eq!(at(&s, 4, 2).as_f64(), Some(0.949));
        assert_eq!(at(&s, 4, 3).as_f64(), Some(7.5));
        let day = at(&s, 4, 4);
        assert!(day.is_datetime(), "{day:?}");
        // Excel counts days from 30/12/1899.
        let serial = date(2026, 11, 27)
            .since(date(1899, 12, 30))
            .unwrap()
            .get_days();
        assert_eq!(
            match day {
                Data::DateTime(d) => d.as_f64(),
                _ => f64::NAN,
            },
            f64::from(serial)
        );
        assert_eq!(
            at(&s, 5, 0),
            Data::String("Chứng thực bản sao, \"điện tử\"".into())
        );
        assert_eq!(at(&s, 5, 1).as_f64(), Some(0.0), "a count of 0 is 0");
        for c in 2..5 {
            assert_eq!(
                at(&s, 5, c),
                Data::Empty,
                "no data is an empty cell, never 0"
            );
        }
    }

    #[test]
    fn one_sheet_for_each_table_with_valid_unique_names() {
        let mut long = sample();
        long.title = "Chỉ số 766: [Quý 4/2026] tỷ lệ hồ sơ *đúng hạn*? rất dài".into();
        let tables = [sample(), sample(), long.clone(), long];
        let mut book = read(to_xlsx(&tables).unwrap());
        let names = book.sheet_names();
        assert_eq!(names.len(), 4);
        assert_eq!(names[0], "Tình hình giải quyết hồ sơ");
        assert_eq!(names[1], "Tình hình giải quyết hồ sơ (2)");
        for n in &names {
            assert!(n.encode_utf16().count() <= 31, "{n}");
            assert!(!n.contains(['[', ']', ':', '*', '?', '/', '\\']), "{n}");
        }
        assert_ne!(names[2], names[3]);
        assert!(names[3].ends_with(" (2)"), "{}", names[3]);
        // Every sheet reads back with its rows.
        for n in names {
            let s = book.worksheet_range(&n).unwrap();
            assert_eq!(at(&s, 4, 1).as_f64(), Some(12_345.0), "{n}");
        }
    }

    #[test]
    fn sheet_names_are_sanitized_and_deduped() {
        assert_eq!(
            sheet_names([
                "a/b\\c[d]e:f*g?h",
                "",
                "",
                "'Quoted'",
                "History",
                "SHEET",
                "sheet"
            ]),
            vec![
                "a-b-c-d-e-f-g-h",
                "Bảng",
                "Bảng (2)",
                "Quoted",
                "History 1",
                "SHEET",
                "sheet (2)"
            ]
        );
        let long = "Đ".repeat(40);
        let names = sheet_names([long.as_str(), long.as_str()]);
        assert_eq!(names[0], "Đ".repeat(31));
        assert_eq!(names[1], format!("{} (2)", "Đ".repeat(27)));
        // Cut between words, not within one.
        assert_eq!(
            sheet_names(["Sổ theo dõi hồ sơ Trung tâm Ninh Kiều"]),
            vec!["Sổ theo dõi hồ sơ Trung tâm"]
        );
    }

    #[test]
    fn csv_has_a_bom_the_labels_and_machine_readable_numbers() {
        let bytes = to_csv(&sample());
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert!(!text.contains("Tình hình"), "no title rows:\n{text}");
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(
            header,
            ["Thủ tục", "Số hồ sơ", "Tỷ lệ đúng hạn", "Điểm", "Ngày"]
        );
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(
            rows,
            vec![
                vec!["Đăng ký khai sinh", "12345", "0.949", "7.5", "2026-11-27"],
                vec!["Chứng thực bản sao, \"điện tử\"", "0", "", "", ""],
            ]
        );
    }

    #[test]
    fn text_that_looks_like_a_formula_is_not_one() {
        for (given, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+84 912", "'+84 912"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Nguyễn = An", "Nguyễn = An"),
            ("", ""),
        ] {
            assert_eq!(guard(given), written, "{given:?}");
        }
        let table = Table {
            title: "x".into(),
            notes: vec![],
            columns: vec![Column::new("Ghi chú", Kind::Text)],
            rows: vec![vec![Cell::Text("=1+1".into())]],
        };
        let bytes = to_csv(&table);
        let mut r = csv::Reader::from_reader(&bytes[3..]);
        let first = r.records().next().unwrap().unwrap();
        assert_eq!(&first[0], "'=1+1");
        // In the workbook the text is a string, never a formula.
        let mut book = read(to_xlsx(&[table]).unwrap());
        let s = book.worksheet_range("x").unwrap();
        assert_eq!(at(&s, 3, 0), Data::String("=1+1".into()));
    }
}
