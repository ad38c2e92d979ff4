//! Catalog files: one CSV row per procedure, or one JSON document. Parsing is
//! all-or-nothing: any problem rejects the whole file, and every problem found
//! is reported with its line and column.

use std::collections::HashMap;
use std::path::Path;

use super::text::{format_components, parse_channels, parse_components, parse_fee};
use super::{Catalog, CatalogError, Field, OnlineLevel, Problem, Procedure, Where};
use crate::org::Level;
use crate::{FieldCode, ProcedureCode};

/// Enough to fix a file in one pass without drowning the screen.
const MAX_ERRORS: usize = 100;

pub const COLUMNS: [&str; 11] = [
    "code",
    "name",
    "field_code",
    "field_name",
    "level",
    "agency",
    "time_limit",
    "fee",
    "components",
    "channels",
    "online_level",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    /// Chooses by file extension; anything but `.json` is CSV.
    pub fn of_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("json") => Format::Json,
            _ => Format::Csv,
        }
    }
}

fn at_line(line: u64, col: Option<usize>) -> Where {
    Where {
        line: Some(line),
        column: col.map(|c| (c as u64 + 1, Some(COLUMNS[c]))),
        record: None,
    }
}

/// Reads a catalog CSV (UTF-8, with a header row naming the [`COLUMNS`];
/// `online_level` may be left out).
pub fn parse_csv(mut input: impl std::io::Read) -> Result<Catalog, Vec<CatalogError>> {
    let mut data = Vec::new();
    if let Err(e) = input.read_to_end(&mut data) {
        return Err(vec![CatalogError {
            at: Where::default(),
            problem: Problem::Syntax(e.to_string()),
        }]);
    }
    let mut lines_of = Lines::new(&data);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(data.as_slice());
    let syntax = |e: csv::Error, lines_of: &mut Lines| {
        let line = e.position().map(|p| lines_of.line_at(p.byte()));
        // The csv crate's message repeats its own line number, which can be
        // wrong (see `Lines`); say what is wrong and let `line` say where.
        let message = match e.kind() {
            csv::ErrorKind::Utf8 { err, .. } => format!("invalid UTF-8: {err}"),
            _ => e.to_string(),
        };
        vec![CatalogError {
            at: Where {
                line,
                ..Default::default()
            },
            problem: Problem::Syntax(message),
        }]
    };
    let headers = reader
        .headers()
        .map_err(|e| syntax(e, &mut lines_of))?
        .clone();
    let header_line = headers.position().map_or(1, |p| lines_of.line_at(p.byte()));
    let mut index = [usize::MAX; COLUMNS.len()];
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim_start_matches('\u{feff}').trim().to_ascii_lowercase();
        if let Some(c) = COLUMNS.iter().position(|name| *name == h) {
            index[c] = i;
        }
    }
    let missing: Vec<CatalogError> = COLUMNS
        .iter()
        .zip(index)
        .filter(|(name, i)| *i == usize::MAX && **name != "online_level")
        .map(|(name, _)| CatalogError {
            at: at_line(header_line, None),
            problem: Problem::MissingColumn(name),
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }

    let mut errors = Vec::new();
    let mut catalog = Catalog::default();
    let mut field_names: HashMap<FieldCode, String> = HashMap::new();
    let mut lines = Vec::new();
    for record in reader.records() {
        if errors.len() >= MAX_ERRORS {
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.extend(syntax(e, &mut lines_of));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| lines_of.line_at(p.byte()));
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != headers.len() {
            errors.push(CatalogError {
                at: at_line(line, None),
                problem: Problem::WrongColumnCount {
                    expected: headers.len(),
                    found: record.len(),
                },
            });
            continue;
        }
        let cell = |c: usize| unprotect(record.get(index[c]).unwrap_or(""));
        let mut row_errors = Vec::new();
        let mut fail = |c: usize, p: Problem| {
            row_errors.push(CatalogError {
                at: at_line(line, Some(c)),
                problem: p,
            })
        };

        let code = cell(0)
            .parse::<ProcedureCode>()
            .map_err(|e| fail(0, Problem::Code(e)))
            .ok();
        if cell(1).is_empty() {
            fail(1, Problem::Empty("name"));
        }
        let field = cell(2)
            .parse::<FieldCode>()
            .map_err(|e| fail(2, Problem::Code(e)))
            .ok();
        if cell(3).is_empty() {
            fail(3, Problem::Empty("field_name"));
        }
        let level = Level::parse(cell(4)).or_else(|| {
            fail(4, Problem::Level(cell(4).into()));
            None
        });
        if cell(5).is_empty() {
            fail(5, Problem::Empty("agency"));
        }
        let time_limit = cell(6)
            .parse()
            .map_err(|_| fail(6, Problem::TimeLimit(cell(6).into())))
            .ok();
        let fee = parse_fee(cell(7))
            .map_err(|v| fail(7, Problem::Fee(v)))
            .ok();
        let components = parse_components(cell(8))
            .map_err(|v| fail(8, Problem::Components(v)))
            .ok();
        let channels = match parse_channels(cell(9)) {
            Ok(c) if c.is_empty() => {
                fail(9, Problem::Empty("channels"));
                None
            }
            Ok(c) => Some(c),
            Err(v) => {
                fail(9, Problem::Channels(v));
                None
            }
        };
        let online_level = if index[10] == usize::MAX || cell(10).is_empty() {
            Some(OnlineLevel::None)
        } else {
            OnlineLevel::parse(cell(10)).or_else(|| {
                fail(10, Problem::OnlineLevel(cell(10).into()));
                None
            })
        };

        if let Some(f) = &field {
            let name = cell(3).to_string();
            match field_names.get(f) {
                Some(other) if *other != name && !name.is_empty() => fail(
                    3,
                    Problem::FieldNameConflict {
                        code: f.to_string(),
                        name,
                        other: other.clone(),
                    },
                ),
                Some(_) => {}
                None if name.is_empty() => {}
                None => {
                    field_names.insert(f.clone(), name.clone());
                    catalog.fields.push(Field {
                        code: f.clone(),
                        name,
                    });
                }
            }
        }

        if !row_errors.is_empty() {
            errors.extend(row_errors);
            continue;
        }
        let (
            Some(code),
            Some(field),
            Some(level),
            Some(time_limit),
            Some(fee),
            Some(components),
            Some(channels),
            Some(online_level),
        ) = (
            code,
            field,
            level,
            time_limit,
            fee,
            components,
            channels,
            online_level,
        )
        else {
            unreachable!("every missing value recorded an error");
        };
        lines.push(line);
        catalog.procedures.push(Procedure {
            code,
            name: cell(1).to_string(),
            field,
            level,
            agency: cell(5).to_string(),
            time_limit,
            fee,
            components,
            channels,
            online_level,
        });
    }
    for (i, problem) in catalog.check() {
        let column = match problem {
            Problem::DuplicateProcedure { .. } => Some(0),
            Problem::UnknownField(_) => Some(2),
            _ => None,
        };
        errors.push(CatalogError {
            at: at_line(lines[i], column),
            problem,
        });
    }
    if errors.is_empty() {
        Ok(catalog)
    } else {
        errors.truncate(MAX_ERRORS);
        Err(errors)
    }
}

/// Line numbers as a person's editor shows them. The csv crate's own
/// `Position::line` is wrong for CRLF files and after blank lines (it places a
/// record on the line of the terminator that ended the previous one), so lines
/// are counted here from the record's byte offset instead.
struct Lines<'a> {
    data: &'a [u8],
    /// Everything before `pos` has been counted; `line` is the line at `pos`.
    pos: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(data: &'a [u8]) -> Self {
        Lines {
            data,
            pos: 0,
            line: 1,
        }
    }

    /// The line of the record that the csv crate says starts at `byte`:
    /// the offset may still point at the previous record's terminator (or at
    /// blank lines), which belong to earlier lines.
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut start = usize::try_from(byte).map_or(self.data.len(), |b| b.min(self.data.len()));
        while matches!(self.data.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start < self.pos {
            // Records arrive in order; should one not, count again from the top.
            self.pos = 0;
            self.line = 1;
        }
        let mut i = self.pos;
        while i < start {
            match self.data[i] {
                b'\n' => self.line += 1,
                // A lone CR ends a line too; CR LF counts once, at its LF.
                b'\r' if self.data.get(i + 1) != Some(&b'\n') => self.line += 1,
                _ => {}
            }
            i += 1;
        }
        self.pos = start;
        self.line
    }
}

/// serde_json counts columns in bytes; a person counts characters, and most
/// Vietnamese letters take two or three bytes.
fn char_column(input: &[u8], line: usize, byte_column: usize) -> u64 {
    let Some(text) = input.split(|b| *b == b'\n').nth(line.saturating_sub(1)) else {
        return byte_column as u64;
    };
    let prefix = &text[..byte_column.min(text.len())];
    // A character cut in two by the column counts, as its first byte was read.
    let whole = String::from_utf8_lossy(prefix).chars().count() as u64;
    if byte_column > text.len() {
        whole + (byte_column - text.len()) as u64
    } else {
        whole
    }
}

/// Reads a catalog JSON document (the shape [`to_json`] writes).
pub fn parse_json(input: &[u8]) -> Result<Catalog, Vec<CatalogError>> {
    // Windows editors save UTF-8 with a byte order mark, which JSON forbids.
    let input = input.strip_prefix("\u{feff}".as_bytes()).unwrap_or(input);
    let catalog: Catalog = serde_json::from_slice(input).map_err(|e| {
        vec![CatalogError {
            at: Where {
                line: Some(e.line() as u64),
                column: Some((char_column(input, e.line(), e.column()), None)),
                record: None,
            },
            problem: Problem::Syntax(e.to_string()),
        }]
    })?;
    let errors: Vec<CatalogError> = catalog
        .check()
        .into_iter()
        .map(|(i, problem)| CatalogError {
            at: Where {
                record: Some(format!("procedures[{i}] ({})", catalog.procedures[i].code)),
                ..Default::default()
            },
            problem,
        })
        .collect();
    if errors.is_empty() {
        Ok(catalog)
    } else {
        Err(errors)
    }
}

/// Whether a spreadsheet opening the CSV would take `cell` for a formula
/// (OWASP's list of leading characters), or `cell` already looks like a
/// protected one: then it needs its own quote so that [`unprotect`] gives it
/// back unchanged.
fn needs_protection(cell: &str) -> bool {
    let unquoted = cell.trim_start_matches('\'');
    matches!(
        unquoted.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    )
}

/// A leading `'` makes spreadsheets show a cell as text, so an exported
/// `=HYPERLINK(…)` cannot run when someone opens the file.
fn protect(cell: &str) -> std::borrow::Cow<'_, str> {
    if needs_protection(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The inverse of [`protect`]. A person typing `'-` into a spreadsheet means
/// `-` as well, so hand-made files read the same way.
fn unprotect(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_protection(rest) => rest,
        _ => cell,
    }
}

/// Writes the catalog as CSV, one row per procedure, readable by [`parse_csv`].
/// Cells a spreadsheet would run as formulas start with `'`.
pub fn to_csv(catalog: &Catalog) -> String {
    let names: HashMap<&FieldCode, &str> = catalog
        .fields
        .iter()
        .map(|f| (&f.code, f.name.as_str()))
        .collect();
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(COLUMNS).expect("writing to memory");
    for p in &catalog.procedures {
        let cells = [
            p.code.as_str(),
            &p.name,
            p.field.as_str(),
            names.get(&p.field).copied().unwrap_or(""),
            p.level.code(),
            &p.agency,
            &p.time_limit.to_string(),
            &p.fee.to_string(),
            &format_components(&p.components),
            &p.channels_text(),
            p.online_level.code(),
        ];
        w.write_record(cells.iter().map(|c| protect(c).into_owned()))
            .expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("flushing memory")).expect("CSV of UTF-8 strings")
}

pub fn to_json(catalog: &Catalog) -> String {
    serde_json::to_string_pretty(catalog).expect("a catalog always serialises")
}

#[cfg(test)]
mod tests {
    use super::super::DEMO_CATALOG_CSV;
    use super::*;
    use crate::i18n::{Locale, Localize};

    const HEADER: &str = "code,name,field_code,field_name,level,agency,time_limit,fee,components,channels,online_level\n";

    #[test]
    fn csv_and_json_round_trip_the_demo_catalog() {
        let cat = parse_csv(DEMO_CATALOG_CSV.as_bytes()).unwrap();
        assert_eq!(parse_csv(to_csv(&cat).as_bytes()).unwrap(), cat);
        assert_eq!(parse_json(to_json(&cat).as_bytes()).unwrap(), cat);
    }

    #[test]
    fn a_bad_row_in_the_middle_is_named_by_line_and_column() {
        let text = format!(
            "{HEADER}1.1,Đăng ký khai sinh,HT,Hộ tịch,commune,UBND xã,same-day,free,Tờ khai,in-person,full\n\
             1.2,Đăng ký kết hôn,HT,Hộ tịch,commune,UBND xã,3 tuần,free,Tờ khai,in-person,full\n\
             1.3,Đăng ký khai tử,HT,Hộ tịch,commune,UBND xã,same-day,free,Tờ khai,in-person,full\n"
        );
        let errors = parse_csv(text.as_bytes()).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].at.line, Some(3));
        assert_eq!(errors[0].at.column, Some((7, Some("time_limit"))));
        assert_eq!(errors[0].problem, Problem::TimeLimit("3 tuần".into()));
        let vi = errors[0].localize(Locale::Vi);
        assert!(
            vi.starts_with("dòng 3, cột 7 (time_limit): thời hạn \"3 tuần\""),
            "{vi}"
        );
        assert!(errors[0]
            .localize(Locale::En)
            .starts_with("line 3, column 7 (time_limit): invalid time limit"));
    }

    #[test]
    fn every_problem_is_reported_not_just_the_first() {
        let text = format!(
            "{HEADER}1 1,,HT,Hộ tịch,town,UBND,3wd,lots,Tờ khai [photo],fax,maybe\n\
             1.2,Kết hôn,HT,Hộ tịch,commune,UBND,3wd,free,,in-person,\n\
             1.2,Kết hôn lại,HX,Hộ tịch khác,commune,UBND,3wd,free,,in-person,\n\
             1.4,Khai tử,HT,Hộ tịch,commune\n"
        );
        let errors = parse_csv(text.as_bytes()).unwrap_err();
        let columns: Vec<_> = errors
            .iter()
            .map(|e| (e.at.line.unwrap(), e.at.column.map(|c| c.0)))
            .collect();
        assert_eq!(
            columns,
            vec![
                (2, Some(1)),
                (2, Some(2)),
                (2, Some(5)),
                (2, Some(8)),
                (2, Some(9)),
                (2, Some(10)),
                (2, Some(11)),
                (5, None),
                (4, Some(1)),
            ]
        );
        assert!(matches!(
            errors[7].problem,
            Problem::WrongColumnCount {
                expected: 11,
                found: 5
            }
        ));
        assert!(matches!(
            errors[8].problem,
            Problem::DuplicateProcedure { .. }
        ));
    }

    #[test]
    fn missing_columns_are_named() {
        let errors = parse_csv("code,name\n1.1,x\n".as_bytes()).unwrap_err();
        assert!(errors
            .iter()
            .any(|e| e.problem == Problem::MissingColumn("time_limit")));
        assert!(!errors
            .iter()
            .any(|e| e.problem == Problem::MissingColumn("online_level")));
    }

    #[test]
    fn missing_columns_name_the_header_line_after_blank_lines() {
        let errors = parse_csv("\r\n\r\ncode,name\r\n1.1,x\r\n".as_bytes()).unwrap_err();
        assert_eq!(errors[0].at.line, Some(3));
    }

    #[test]
    fn conflicting_field_names_are_rejected() {
        let text = format!(
            "{HEADER}1.1,A,HT,Hộ tịch,commune,UBND,3wd,free,,in-person,\n1.2,B,HT,Hộ tịch và khác,commune,UBND,3wd,free,,in-person,\n"
        );
        let errors = parse_csv(text.as_bytes()).unwrap_err();
        assert!(
            matches!(&errors[0].problem, Problem::FieldNameConflict { code, .. } if code == "HT")
        );
        assert_eq!(errors[0].at.line, Some(3));
    }

    #[test]
    fn json_errors_carry_position_or_record() {
        let errors = parse_json(b"{\n  \"fields\": [],\n  \"procedures\": [ {\"code\": 5} ]\n}")
            .unwrap_err();
        assert_eq!(errors[0].at.line, Some(3));
        let mut cat = parse_csv(DEMO_CATALOG_CSV.as_bytes()).unwrap();
        cat.fields.retain(|f| f.code.as_str() != "HT");
        let errors = parse_json(to_json(&cat).as_bytes()).unwrap_err();
        assert!(errors[0]
            .at
            .record
            .as_deref()
            .unwrap()
            .starts_with("procedures[0] (2.004001)"));
    }

    #[test]
    fn the_first_data_row_is_line_two_whatever_the_line_ends() {
        let bad =
            "1.2,Đăng ký kết hôn,HT,Hộ tịch,commune,UBND xã,3 tuần,free,Tờ khai,in-person,full\n";
        for text in [
            format!("{HEADER}{bad}"),
            format!("{HEADER}{bad}").replace('\n', "\r\n"),
        ] {
            let errors = parse_csv(text.as_bytes()).unwrap_err();
            assert_eq!(errors[0].at.line, Some(2), "{text:?}");
            assert!(errors[0].localize(Locale::Vi).starts_with("dòng 2, cột 7"));
            assert!(errors[0]
                .localize(Locale::En)
                .starts_with("line 2, column 7"));
        }
    }

    #[test]
    fn lines_count_breaks_inside_quoted_cells_and_blank_lines() {
        let good = "1.1,\"Đăng ký\nkhai sinh\",HT,Hộ tịch,commune,UBND xã,same-day,free,Tờ khai,in-person,full\n";
        let bad =
            "1.2,Đăng ký kết hôn,HT,Hộ tịch,commune,UBND xã,3 tuần,free,Tờ khai,in-person,full\n";
        // header 1, quoted cell 2–3, blank 4, bad row 5
        let text = format!("{HEADER}{good}\n{bad}");
        for text in [
            text.clone(),
            text.replace('\n', "\r\n"),
            text.replace('\n', "\r"),
        ] {
            let errors = parse_csv(text.as_bytes()).unwrap_err();
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(errors[0].at.line, Some(5), "{text:?}");
        }
    }

    #[test]
    fn syntax_and_whole_catalog_errors_name_the_right_line_too() {
        let row = "1.2,Kết hôn,HT,Hộ tịch,commune,UBND,3wd,free,,in-person,\r\n";
        let mut bytes = HEADER.replace('\n', "\r\n").into_bytes();
        bytes.extend(row.as_bytes());
        bytes.extend(row.as_bytes());
        let errors = parse_csv(bytes.as_slice()).unwrap_err();
        assert!(matches!(
            errors[0].problem,
            Problem::DuplicateProcedure { .. }
        ));
        assert_eq!(errors[0].at.line, Some(3));
        bytes.extend(b"1.3,\xff\r\n");
        let errors = parse_csv(bytes.as_slice()).unwrap_err();
        assert!(
            matches!(&errors[0].problem, Problem::Syntax(m) if !m.contains("line")),
            "{errors:?}"
        );
        assert_eq!(errors[0].at.line, Some(4));
    }

    #[test]
    fn json_columns_count_characters_not_bytes() {
        // The same mistake after letters with and without diacritics
        // ("Đăng ký" is 7 characters in 10 bytes) is in the same column.
        let column = |name: &str| {
            let text = format!("{{\"fields\": [{{\"code\": \"{name}\"x}}]}}");
            let errors = parse_json(text.as_bytes()).unwrap_err();
            assert_eq!(errors[0].at.line, Some(1));
            errors[0].at.column
        };
        assert_eq!(column("Đăng ký"), column("Dang ky"));
        assert_eq!(column("Dang ky"), Some((30, None)));
        let bom = format!(
            "\u{feff}{}",
            to_json(&parse_csv(DEMO_CATALOG_CSV.as_bytes()).unwrap())
        );
        assert!(parse_json(bom.as_bytes()).is_ok());
    }

    /// The demo catalog with hostile and tricky text in every free-text cell.
    fn formula_catalog() -> Catalog {
        let mut cat = parse_csv(DEMO_CATALOG_CSV.as_bytes()).unwrap();
        let tricky = [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-",
            "@SUM(A1)",
            "'=already quoted",
            "''+twice",
            "'plain quote",
            "'",
            "a=b",
        ];
        for (i, name) in tricky.iter().enumerate() {
            cat.procedures[i].name = name.to_string();
            cat.procedures[i].agency = format!("-{name}");
        }
        cat.procedures[0].components[0].name = "=cmd|' /C calc'!A0".into();
        cat.fields[0].name = "=Hộ tịch".into();
        cat
    }

    #[test]
    fn exported_cells_never_start_a_formula() {
        let csv = to_csv(&formula_catalog());
        let mut plain = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
        for record in plain.records() {
            for cell in record.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{cell:?}"
                );
            }
        }
        assert!(csv.contains(",\"'=HYPERLINK(\"\"http://x\"\")\","), "{csv}");
        assert!(csv.contains(",'-,"));
        assert!(csv.contains(",''=already quoted,"));
        assert!(csv.contains(",'plain quote,"));
    }

    #[test]
    fn export_then_import_gives_the_catalog_back_exactly() {
        for cat in [
            parse_csv(DEMO_CATALOG_CSV.as_bytes()).unwrap(),
            formula_catalog(),
        ] {
            let csv = to_csv(&cat);
            assert_eq!(parse_csv(csv.as_bytes()).unwrap(), cat);
            assert_eq!(to_csv(&parse_csv(csv.as_bytes()).unwrap()), csv);
        }
        // The demo catalog has nothing to protect: its export is the file.
        let demo = parse_csv(DEMO_CATALOG_CSV.as_bytes()).unwrap();
        assert!(!to_csv(&demo).contains(",'"));
    }

    #[test]
    fn a_hand_made_file_with_quoted_cells_reads_as_a_spreadsheet_shows_it() {
        let text = format!(
            "{HEADER}1.1,'=Khai sinh,HT,Hộ tịch,commune,'-UBND,same-day,free,Tờ khai,in-person,full\n"
        );
        let cat = parse_csv(text.as_bytes()).unwrap();
        assert_eq!(cat.procedures[0].name, "=Khai sinh");
        assert_eq!(cat.procedures[0].agency, "-UBND");
    }

    proptest::proptest! {
        #[test]
        fn protection_round_trips_any_cell(cell in "['=+@\\-\t\ra-c ]{0,8}|.{0,12}") {
            let protected = protect(&cell);
            proptest::prop_assert!(!protected.starts_with(['=', '+', '-', '@', '\t', '\r']));
            proptest::prop_assert_eq!(unprotect(&protected), cell.as_str());
        }
    }

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(Format::of_path(Path::new("a/catalog.JSON")), Format::Json);
        assert_eq!(Format::of_path(Path::new("catalog.csv")), Format::Csv);
    }
}
