//! The forms file given beside a catalog CSV (`motcua import catalog
//! catalog.csv --forms forms.json`): a JSON array of declaration forms. Like
//! the catalog, all or nothing, and every problem named by its line: serde
//! finds the syntax, and each form's and field's own text (kept raw while
//! reading) says on which line a definition's problem is.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::eform::FormDef;
use super::error::{CatalogError, Problem, Where};
use super::file::{char_column, MAX_ERRORS};

/// A form or field as written, for its place in the file.
#[derive(Deserialize)]
struct Raw<'a> {
    #[serde(borrow, default)]
    fields: Vec<&'a RawValue>,
}

/// Reads a forms file: every form checked, codes unique.
pub fn parse_forms(input: &[u8]) -> Result<Vec<FormDef>, Vec<CatalogError>> {
    let input = input.strip_prefix("\u{feff}".as_bytes()).unwrap_or(input);
    let syntax = |e: serde_json::Error| {
        vec![CatalogError {
            at: Where {
                line: Some(e.line() as u64),
                column: Some((char_column(input, e.line(), e.column()), None)),
                record: None,
            },
            problem: Problem::Syntax(e.to_string()),
        }]
    };
    let text = std::str::from_utf8(input).map_err(|e| {
        vec![CatalogError {
            at: Where::default(),
            problem: Problem::Syntax(format!("invalid UTF-8: {e}")),
        }]
    })?;
    let raws: Vec<&RawValue> = serde_json::from_str(text).map_err(syntax)?;
    let mut forms = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for raw in raws {
        let line = line_of(text, raw.get());
        let form: FormDef = match serde_json::from_str(raw.get()) {
            Ok(f) => f,
            Err(e) => {
                // serde counts from the form's own first line.
                let mut err = syntax(e);
                if let Some(l) = err[0].at.line.as_mut() {
                    *l += line - 1;
                }
                err[0].at.column = None;
                errors.extend(err);
                continue;
            }
        };
        if seen.insert(form.code.clone(), line as usize).is_some() {
            errors.push(CatalogError {
                at: at(line, &form.code),
                problem: Problem::DuplicateForm(form.code.clone()),
            });
        }
        let lines = field_lines(text, raw, "");
        for p in form.check() {
            let l = match lines.get(&p.path) {
                Some(ls) if p.problem == super::eform::Problem::DuplicateKey => {
                    *ls.last().expect("a path has a line")
                }
                Some(ls) => ls[0],
                None => line,
            };
            errors.push(CatalogError {
                at: at(l, &form.code),
                problem: Problem::Form {
                    form: form.code.clone(),
                    at: form.label_of(&p.path),
                    problem: p.problem,
                },
            });
        }
        forms.push(form);
        if errors.len() >= MAX_ERRORS {
            break;
        }
    }
    if errors.is_empty() {
        Ok(forms)
    } else {
        Err(errors)
    }
}

fn at(line: u64, code: &str) -> Where {
    Where {
        line: Some(line),
        column: None,
        record: (!code.is_empty()).then(|| code.to_string()),
    }
}

/// The 1-based line of `part`, a slice of `text`.
fn line_of(text: &str, part: &str) -> u64 {
    let offset = (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u64
        + 1
}

/// The line of every field by its path (`group.key`), in the file's order.
fn field_lines(text: &str, raw: &RawValue, prefix: &str) -> HashMap<String, Vec<u64>> {
    #[derive(Deserialize)]
    struct Key {
        #[serde(default)]
        key: String,
    }
    let mut out: HashMap<String, Vec<u64>> = HashMap::new();
    let Ok(r) = serde_json::from_str::<Raw>(raw.get()) else {
        return out;
    };
    for f in r.fields {
        let Ok(Key { key }) = serde_json::from_str::<Key>(f.get()) else {
            continue;
        };
        let path = if prefix.is_empty() {
            key
        } else {
            format!("{prefix}.{key}")
        };
        out.entry(path.clone())
            .or_default()
            .push(line_of(text, f.get()));
        for (sub, lines) in field_lines(text, f, &path) {
            out.entry(sub).or_default().extend(lines);
        }
    }
    out
}

/// Writes forms as a file [`parse_forms`] reads.
pub fn forms_to_json(forms: &[FormDef]) -> String {
    serde_json::to_string_pretty(forms).expect("forms always serialise")
}

#[cfg(test)]
mod tests {
    use super::super::eform;
    use super::*;

    #[test]
    fn each_problem_is_on_its_own_line() {
        let text = r#"[
  { "code": "TK-A", "title": "TỜ KHAI A",
    "fields": [
      { "key": "ho_ten", "label": "Họ tên", "type": "text" },
      { "key": "ho_ten", "label": "Họ tên lần nữa", "type": "text" },
      { "key": "con", "label": "Con", "type": "group", "max": 3, "fields": [
          { "key": "ngay_sinh", "label": "", "type": "date" }
      ] }
    ] },
  { "code": "TK-A", "title": "TỜ KHAI A LẦN NỮA",
    "fields": [ { "key": "x", "label": "X", "type": "choice", "options": [] } ] }
]"#;
        let errors = parse_forms(text.as_bytes()).unwrap_err();
        let found: Vec<(Option<u64>, Problem)> =
            errors.into_iter().map(|e| (e.at.line, e.problem)).collect();
        let form = |at: &str, p| Problem::Form {
            form: "TK-A".into(),
            at: at.into(),
            problem: p,
        };
        for expected in [
            (Some(5), form("Họ tên", eform::Problem::DuplicateKey)),
            (Some(7), form("Con – ngay_sinh", eform::Problem::EmptyLabel)),
            (Some(10), Problem::DuplicateForm("TK-A".into())),
            (Some(11), form("X", eform::Problem::NoOptions)),
        ] {
            assert!(found.contains(&expected), "{expected:?} in {found:?}");
        }
    }

    #[test]
    fn syntax_and_unknown_types_are_named_by_line() {
        let errors = parse_forms(b"[\n  { \"code\": \"A\",\n  \"title\": }\n]").unwrap_err();
        assert_eq!(errors[0].at.line, Some(3));
        let text = "[\n {\"code\": \"A\", \"title\": \"A\", \"fields\": []},\n {\"code\": \"B\", \"title\": \"B\",\n  \"fields\": [ {\"key\": \"a\", \"label\": \"A\", \"type\": \"colour\"} ] }\n]";
        let errors = parse_forms(text.as_bytes()).unwrap_err();
        let lines: Vec<Option<u64>> = errors.iter().map(|e| e.at.line).collect();
        // Form A has no fields (line 2); form B's type is unknown (line 4).
        assert!(lines.contains(&Some(2)), "{errors:?}");
        assert!(lines.contains(&Some(4)), "{errors:?}");
    }

    #[test]
    fn written_forms_read_back() {
        let forms = super::super::shipped::all();
        assert_eq!(
            parse_forms(forms_to_json(&forms).as_bytes()).unwrap(),
            forms
        );
    }
}
