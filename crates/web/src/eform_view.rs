//! A declaration form as inputs on a page, the same for the counter, the
//! guidance screen and the portal: each field with its label, help, the
//! value as typed and its problem in words; a group as numbered rows, with
//! one blank row more than filled (up to its maximum) so that a page without
//! scripts can always add one.

use std::collections::HashMap;

use motcua_domain::catalog::eform::{FieldDef, FieldKind, FormDef, FormProblem};
use motcua_domain::Locale;
use serde_json::Value;

use crate::cases::declaration::PREFIX;

/// The form as the template draws it.
pub struct FormView {
    pub code: String,
    pub title: String,
    pub fields: Vec<FieldView>,
    /// The problems, in words, in the form's order (for the summary on top).
    pub problems: Vec<String>,
}

pub struct FieldView {
    /// The input's name: `tk.ho_ten`, `tk.con.0.ngay_sinh`.
    pub name: String,
    /// The element id (`tk-ho_ten`, `tk-con-0-ngay_sinh`).
    pub id: String,
    pub label: String,
    pub help: String,
    /// text, long-text, date, cccd, phone, choice, address, number, group.
    pub kind: &'static str,
    pub required: bool,
    pub value: String,
    pub options: Vec<String>,
    pub max: usize,
    pub min_number: i64,
    pub max_number: i64,
    pub error: Option<String>,
    /// A group's rows, each its sub-fields.
    pub rows: Vec<Vec<FieldView>>,
}

impl FormView {
    /// `values` as posted or kept (the API's JSON shape), `problems` from
    /// [`FormDef::fill`].
    pub fn new(form: &FormDef, values: &Value, problems: &[FormProblem], l: Locale) -> FormView {
        let by_path: HashMap<&str, String> = problems
            .iter()
            .map(|p| (p.path.as_str(), p.problem.message().localize(l)))
            .collect();
        let fields = form
            .fields
            .iter()
            .map(|f| field(f, values.get(&f.key), &f.key, &by_path))
            .collect();
        FormView {
            code: form.code.clone(),
            title: form.title.clone(),
            fields,
            problems: problems
                .iter()
                .map(|p| p.message(form).localize(l))
                .collect(),
        }
    }
}

fn text_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn field(f: &FieldDef, v: Option<&Value>, path: &str, errors: &HashMap<&str, String>) -> FieldView {
    let name = format!("{PREFIX}{}", path.replace('[', ".").replace(']', ""));
    let mut view = FieldView {
        id: name.replace('.', "-"),
        name,
        label: f.label.clone(),
        help: f.help.clone(),
        kind: "text",
        required: f.required,
        value: String::new(),
        options: Vec::new(),
        max: 200,
        min_number: 0,
        max_number: 0,
        error: errors.get(path).cloned(),
        rows: Vec::new(),
    };
    match &f.kind {
        FieldKind::Text { max } => {
            view.kind = if *max > 200 { "long-text" } else { "text" };
            view.max = *max;
        }
        FieldKind::Date => {
            view.kind = "date";
            view.max = 10;
        }
        FieldKind::Cccd => {
            view.kind = "cccd";
            view.max = 12;
        }
        FieldKind::Phone => {
            view.kind = "phone";
            view.max = 15;
        }
        FieldKind::Choice { options } => {
            view.kind = "choice";
            view.options = options.clone();
        }
        FieldKind::Address => {
            view.kind = "address";
            view.max = 300;
        }
        FieldKind::Number { min, max } => {
            view.kind = "number";
            view.min_number = *min;
            view.max_number = *max;
            view.max = 20;
        }
        FieldKind::Group { fields, min, max } => {
            view.kind = "group";
            let given: &[Value] = v.and_then(Value::as_array).map_or(&[], |a| a.as_slice());
            let shown = (given.len() + 1)
                .max(*min as usize)
                .max(1)
                .min(*max as usize);
            let shown = shown.max(given.len());
            view.rows = (0..shown)
                .map(|i| {
                    let row = given.get(i);
                    fields
                        .iter()
                        .map(|s| {
                            let sub = format!("{path}[{i}].{}", s.key);
                            let mut fv = field(s, row.and_then(|r| r.get(&s.key)), &sub, errors);
                            // A row's fields are required only once the row is used.
                            fv.required = fv.required && row.is_some();
                            fv
                        })
                        .collect()
                })
                .collect();
            return view;
        }
    }
    view.value = text_of(v);
    view
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn groups_offer_one_more_row_and_errors_sit_at_their_field() {
        let form: FormDef = serde_json::from_value(json!({
            "code": "T", "title": "T",
            "fields": [
                { "key": "ten", "label": "Tên", "type": "text", "required": true },
                { "key": "con", "label": "Con", "type": "group", "max": 2, "fields": [
                    { "key": "ho_ten", "label": "Họ tên", "type": "text", "required": true } ] }
            ]
        }))
        .unwrap();
        let values = json!({ "ten": "", "con": [ { "ho_ten": "" } ] });
        let problems = form.fill(&values).unwrap_err();
        let v = FormView::new(&form, &values, &problems, Locale::Vi);
        assert_eq!(v.fields[0].name, "tk.ten");
        assert!(v.fields[0].error.is_some());
        assert_eq!(v.fields[1].rows.len(), 2, "one filled, one blank, max 2");
        assert_eq!(v.fields[1].rows[0][0].name, "tk.con.0.ho_ten");
        assert_eq!(v.fields[1].rows[0][0].id, "tk-con-0-ho_ten");
        assert!(v.fields[1].rows[0][0].error.is_some());
        assert!(v.problems[0].starts_with("Tên: "), "{:?}", v.problems);
    }
}
