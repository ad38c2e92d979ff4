//! Catalog files: one CSV row per procedure, or one JSON document. Parsing is
//! all-or-nothing: any problem rejects the whole file, and every problem found
//! is reported with its line and column.

use std::collections::HashMap;
use std::path::Path;

use super::text::format_components;
use super::{Catalog, CatalogError, Problem, Where};
use crate::FieldCode;

/// Enough to fix a file in one pass without drowning the screen.
pub(super) const MAX_ERRORS: usize = 100;

pub const COLUMNS: [&str; 12] = [
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
    "form",
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

/// serde_json counts columns in bytes; a person counts characters, and most
/// Vietnamese letters take two or three bytes.
pub(super) fn char_column(input: &[u8], line: usize, byte_column: usize) -> u64 {
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
pub(super) fn unprotect(cell: &str) -> &str {
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
            p.form.as_ref().map_or("", |f| f.code.as_str()),
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
    use super::super::{parse_csv, DEMO_CATALOG_CSV};
    use super::*;

    const HEADER: &str = "code,name,field_code,field_name,level,agency,time_limit,fee,components,channels,online_level\n";

    #[test]
    fn csv_and_json_round_trip_the_demo_catalog() {
        let cat = parse_csv(DEMO_CATALOG_CSV.as_bytes()).unwrap();
        assert_eq!(parse_csv(to_csv(&cat).as_bytes()).unwrap(), cat);
        assert_eq!(parse_json(to_json(&cat).as_bytes()).unwrap(), cat);
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
