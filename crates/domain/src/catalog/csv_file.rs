//! Reading a catalog CSV: one row per procedure under a header naming the
//! columns, all or nothing, every problem named by its line and column.

use std::collections::HashMap;

use super::file::{unprotect, COLUMNS, MAX_ERRORS};
use super::text::{parse_channels, parse_components, parse_fee};
use super::{Catalog, CatalogError, Field, FormDef, OnlineLevel, Problem, Procedure, Where};
use crate::org::Level;
use crate::{FieldCode, ProcedureCode};

/// Columns a file may leave out.
const OPTIONAL: [&str; 2] = ["online_level", "form"];

fn at_line(line: u64, col: Option<usize>) -> Where {
    Where {
        line: Some(line),
        column: col.map(|c| (c as u64 + 1, Some(COLUMNS[c]))),
        record: None,
    }
}

/// Reads a catalog CSV (UTF-8, with a header row naming the [`COLUMNS`];
/// `online_level` and `form` may be left out). A `form` cell names one of
/// the forms motcua ships.
pub fn parse_csv(input: impl std::io::Read) -> Result<Catalog, Vec<CatalogError>> {
    parse_csv_with(input, &[])
}

/// [`parse_csv`] where a `form` cell may also name one of `forms` (read from
/// a forms file, [`super::parse_forms`]); these come first.
pub fn parse_csv_with(
    mut input: impl std::io::Read,
    forms: &[FormDef],
) -> Result<Catalog, Vec<CatalogError>> {
    let shipped = super::shipped::all();
    let form_of = |code: &str| {
        forms
            .iter()
            .chain(shipped.iter())
            .find(|f| f.code == code)
            .cloned()
    };
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
        .filter(|(name, i)| *i == usize::MAX && !OPTIONAL.contains(*name))
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
        let form = if index[11] == usize::MAX || cell(11).is_empty() {
            Some(None)
        } else {
            match form_of(cell(11)) {
                Some(f) => Some(Some(f)),
                None => {
                    fail(11, Problem::UnknownForm(cell(11).into()));
                    None
                }
            }
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
            Some(form),
        ) = (
            code,
            field,
            level,
            time_limit,
            fee,
            components,
            channels,
            online_level,
            form,
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
            form,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    const HEADER: &str = "code,name,field_code,field_name,level,agency,time_limit,fee,components,channels,online_level\n";

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
        let vi = errors[0].message().localize(Locale::Vi);
        assert!(
            vi.starts_with("dòng 3, cột 7 (time_limit): thời hạn \"3 tuần\""),
            "{vi}"
        );
        assert!(errors[0]
            .message()
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
    fn the_first_data_row_is_line_two_whatever_the_line_ends() {
        let bad =
            "1.2,Đăng ký kết hôn,HT,Hộ tịch,commune,UBND xã,3 tuần,free,Tờ khai,in-person,full\n";
        for text in [
            format!("{HEADER}{bad}"),
            format!("{HEADER}{bad}").replace('\n', "\r\n"),
        ] {
            let errors = parse_csv(text.as_bytes()).unwrap_err();
            assert_eq!(errors[0].at.line, Some(2), "{text:?}");
            assert!(errors[0]
                .message()
                .localize(Locale::Vi)
                .starts_with("dòng 2, cột 7"));
            assert!(errors[0]
                .message()
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
}
