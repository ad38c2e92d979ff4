//! The declaration form (tờ khai) of a procedure, filled by the citizen on
//! the portal or with a postal employee at the counter: the values checked
//! against the form the procedure version carries, and the form posted from
//! a page turned into the same JSON the API takes.

use std::collections::BTreeMap;

use motcua_domain::catalog::eform::{FieldKind, FormDef, FormProblem};
use motcua_domain::catalog::{Declaration, Procedure};
use motcua_domain::i18n::{Arg, Message};
use serde_json::{Map, Value};

use crate::WebError;

/// Every problem of a filled form as one error for the API: the first
/// field's path under `declaration.` and all problems in words.
pub fn problems_error(form: &FormDef, problems: &[FormProblem]) -> WebError {
    let field = problems.first().map_or("declaration".to_string(), |p| {
        format!("declaration.{}", p.path)
    });
    let list = problems
        .iter()
        .map(|p| Arg::from(p.message(form)))
        .rev()
        .reduce(|rest, first| {
            Message::new("list-pair")
                .with("first", first)
                .with("rest", rest)
                .into()
        });
    let mut message = Message::new("error-declaration").with("form", form.title.as_str());
    if let Some(list) = list {
        message = message.with("problems", list);
    }
    WebError::invalid(&field, message)
}

/// The declaration of `procedure` from the values given. `required` when the
/// form cannot be handed in on paper (online); at the counter a paper form
/// may be handed in instead, so nothing given is no declaration.
pub fn fill(
    procedure: &Procedure,
    given: Option<&Value>,
    required: bool,
) -> Result<Option<Declaration>, WebError> {
    let given = given.filter(|v| !is_blank(v));
    let Some(form) = &procedure.form else {
        return match given {
            None => Ok(None),
            Some(_) => Err(WebError::invalid(
                "declaration",
                Message::new("error-no-declaration-form"),
            )),
        };
    };
    let Some(given) = given else {
        return if required {
            Err(WebError::invalid(
                "declaration",
                Message::new("error-declaration-required").with("form", form.title.as_str()),
            ))
        } else {
            Ok(None)
        };
    };
    match form.fill(given) {
        Ok(values) => Ok(Some(Declaration {
            form: form.code.clone(),
            values,
        })),
        Err(problems) => Err(problems_error(form, &problems)),
    }
}

/// Whether nothing was typed in a form (a page posts every input, blank).
pub fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Object(o) => o.values().all(is_blank),
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.iter().all(is_blank),
        _ => false,
    }
}

/// The prefix of a form's inputs on a page: `tk.ho_ten`, `tk.con.0.ngay_sinh`.
pub const PREFIX: &str = "tk.";

/// The form's values from a page's posted fields (`tk.key`, `tk.group.i.key`);
/// a group's blank rows are dropped, other fields kept as typed (the check
/// comes after, and a failed form shows them again).
pub fn from_page(form: &FormDef, posted: &[(String, String)]) -> Value {
    let mut out = Map::new();
    for f in &form.fields {
        match &f.kind {
            FieldKind::Group { fields, .. } => {
                let mut rows: BTreeMap<usize, Map<String, Value>> = BTreeMap::new();
                let head = format!("{PREFIX}{}.", f.key);
                for (name, value) in posted {
                    let Some(rest) = name.strip_prefix(&head) else {
                        continue;
                    };
                    let Some((row, key)) = rest.split_once('.') else {
                        continue;
                    };
                    let (Ok(row), true) =
                        (row.parse::<usize>(), fields.iter().any(|s| s.key == key))
                    else {
                        continue;
                    };
                    if row < 200 {
                        rows.entry(row)
                            .or_default()
                            .insert(key.to_string(), Value::String(value.clone()));
                    }
                }
                let rows: Vec<Value> = rows
                    .into_values()
                    .map(Value::Object)
                    .filter(|r| !is_blank(r))
                    .collect();
                if !rows.is_empty() {
                    out.insert(f.key.clone(), Value::Array(rows));
                }
            }
            _ => {
                let name = format!("{PREFIX}{}", f.key);
                if let Some((_, v)) = posted.iter().find(|(n, _)| *n == name) {
                    out.insert(f.key.clone(), Value::String(v.clone()));
                }
            }
        }
    }
    Value::Object(out)
}

/// Who signs a declaration when no dossier names them: the first full name
/// the form asks (`ho_ten…`), usually the requester's.
pub fn declarant_of(form: &FormDef, values: &BTreeMap<String, Value>) -> String {
    form.fields
        .iter()
        .filter(|f| f.key.starts_with("ho_ten") || f.key.ends_with("ho_ten"))
        .find_map(|f| values.get(&f.key).and_then(Value::as_str))
        .unwrap_or_default()
        .to_string()
}

/// The declaration printed (A4 PDF), off the async threads.
pub async fn print(
    form: FormDef,
    values: BTreeMap<String, Value>,
    addressee: String,
    place_date: String,
    declarant: String,
    dossier_code: Option<String>,
    at: jiff::Timestamp,
) -> Result<Vec<u8>, WebError> {
    tokio::task::spawn_blocking(move || {
        crate::forms::declaration::declaration_pdf(&crate::forms::declaration::DeclarationPrint {
            form: &form,
            values: &values,
            addressee,
            place_date,
            declarant,
            dossier_code,
            created: at,
        })
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))
}
