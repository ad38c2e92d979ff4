//! Declaration forms (tờ khai) as data (issue 14, first step): the fields a
//! procedure's form asks, with their types, whether each is required, help
//! text and limits; the check of a definition as loaded with the catalog,
//! and the check of a filled form against it. The citizen on the portal and
//! the postal employee at the counter fill the same definition.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::i18n::Message;
use crate::person::{Cccd, Phone};

/// A declaration form: its code (`TK-KHAI-SINH`), title as printed, fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormDef {
    pub code: String,
    pub title: String,
    pub fields: Vec<FieldDef>,
}

/// A field (serde cannot refuse unknown properties beside a flattened
/// kind: a misspelt optional property is ignored, a wrong type is not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDef {
    /// The machine name (`ho_ten_con`): lower-case letters, digits, `_`.
    pub key: String,
    /// The label as the legal form prints it.
    pub label: String,
    #[serde(flatten)]
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub help: String,
}

/// What a field holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum FieldKind {
    Text {
        #[serde(default = "default_max")]
        max: usize,
    },
    /// A day, `YYYY-MM-DD`.
    Date,
    Cccd,
    Phone,
    Choice {
        options: Vec<String>,
    },
    /// An address down to the ward: street and house, ward, province.
    Address,
    Number {
        min: i64,
        max: i64,
    },
    /// Repeated rows of sub-fields (children, witnesses…).
    Group {
        fields: Vec<FieldDef>,
        #[serde(default)]
        min: u32,
        max: u32,
    },
}

fn default_max() -> usize {
    200
}

/// The longest a text field may be declared.
pub const MAX_TEXT: usize = 4000;
/// Rows a group may be declared to take at most.
pub const MAX_ROWS: u32 = 50;

/// What is wrong, and where (`cha.ho_ten`, `con[1].ngay_sinh`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormProblem {
    pub path: String,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    // In a definition.
    BadKey,
    DuplicateKey,
    EmptyLabel,
    NoOptions,
    BadRange,
    NestedGroup,
    NoFields,
    // In a filled form.
    Required,
    TooLong(usize),
    NotADate,
    NotACccd,
    NotAPhone,
    NotAnOption,
    NotANumber,
    OutOfRange { min: i64, max: i64 },
    TooFewRows(u32),
    TooManyRows(u32),
    Unknown,
    WrongShape,
}

impl Problem {
    /// The problem in words (`form-*` in errors.ftl), without where it is.
    pub fn message(&self) -> Message {
        use Problem::*;
        match self {
            BadKey => Message::new("form-bad-key"),
            DuplicateKey => Message::new("form-duplicate-key"),
            EmptyLabel => Message::new("form-empty-label"),
            NoOptions => Message::new("form-no-options"),
            BadRange => Message::new("form-bad-range"),
            NestedGroup => Message::new("form-nested-group"),
            NoFields => Message::new("form-no-fields"),
            Required => Message::new("form-required"),
            TooLong(n) => Message::new("form-too-long").with("max", *n),
            NotADate => Message::new("form-not-a-date"),
            NotACccd => Message::new("form-not-a-cccd"),
            NotAPhone => Message::new("form-not-a-phone"),
            NotAnOption => Message::new("form-not-an-option"),
            NotANumber => Message::new("form-not-a-number"),
            OutOfRange { min, max } => Message::new("form-out-of-range")
                .with("min", *min)
                .with("max", *max),
            TooFewRows(n) => Message::new("form-too-few-rows").with("n", *n),
            TooManyRows(n) => Message::new("form-too-many-rows").with("n", *n),
            Unknown => Message::new("form-unknown-field"),
            WrongShape => Message::new("form-wrong-shape"),
        }
    }

    /// Whether the problem is in a definition (not in a filled form).
    pub fn in_definition(&self) -> bool {
        use Problem::*;
        matches!(
            self,
            BadKey | DuplicateKey | EmptyLabel | NoOptions | BadRange | NestedGroup | NoFields
        )
    }
}

impl FormProblem {
    /// "Họ, chữ đệm, tên của người được khai sinh: cần điền" — the place by
    /// the labels a person sees (see [`FormDef::label_of`]).
    pub fn message(&self, form: &FormDef) -> Message {
        Message::new("form-problem-at")
            .with("at", form.label_of(&self.path))
            .with("problem", self.problem.message())
    }
}

/// A filled declaration as the dossier keeps it: the form's code (the form
/// itself is the procedure version's) and the cleaned values.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Declaration {
    pub form: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub values: BTreeMap<String, Value>,
}

impl Declaration {
    /// The first text value among `keys` (the declarant's name for the
    /// signature block, say).
    pub fn text(&self, key: &str) -> Option<&str> {
        self.values.get(key).and_then(Value::as_str)
    }
}

/// Reads a day as a person writes it (`20/11/2026`, `20-11-2026`) or as a
/// date input sends it (`2026-11-20`).
pub fn parse_day(s: &str) -> Option<jiff::civil::Date> {
    let s = s.trim();
    if let Ok(d) = s.parse::<jiff::civil::Date>() {
        return Some(d);
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    let (d, m, y) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    if !(1000..=9999).contains(&y) {
        return None;
    }
    jiff::civil::Date::new(y, m, d).ok()
}

fn problem(path: &str, problem: Problem) -> FormProblem {
    FormProblem {
        path: path.to_string(),
        problem,
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

impl FormDef {
    /// Every problem of the definition (none: it may be loaded).
    pub fn check(&self) -> Vec<FormProblem> {
        let mut out = Vec::new();
        if self.code.trim().is_empty() {
            out.push(problem("code", Problem::EmptyLabel));
        }
        if self.title.trim().is_empty() {
            out.push(problem("title", Problem::EmptyLabel));
        }
        if self.fields.is_empty() {
            out.push(problem("fields", Problem::NoFields));
        }
        check_fields(&self.fields, "", false, &mut out);
        out
    }

    /// The field at a path (`con[1].ngay_sinh` → the group's sub-field).
    pub fn field(&self, path: &str) -> Option<&FieldDef> {
        let mut fields = &self.fields;
        let mut found = None;
        for part in path.split('.') {
            let key = part.split('[').next().unwrap_or(part);
            let f = fields.iter().find(|f| f.key == key)?;
            if let FieldKind::Group { fields: sub, .. } = &f.kind {
                fields = sub;
            }
            found = Some(f);
        }
        found
    }

    /// A path in the labels a person sees: `nguoi_lam_chung[0].cccd` →
    /// "Người làm chứng 1 – Số CCCD"; a key not in the form stays as written.
    pub fn label_of(&self, path: &str) -> String {
        if path.is_empty() {
            return self.title.clone();
        }
        let mut fields = &self.fields;
        let mut out: Vec<String> = Vec::new();
        for part in path.split('.') {
            let (key, row) = match part.split_once('[') {
                Some((k, rest)) => (k, rest.trim_end_matches(']').parse::<usize>().ok()),
                None => (part, None),
            };
            let Some(f) = fields.iter().find(|f| f.key == key) else {
                out.push(key.to_string());
                break;
            };
            let name = if f.label.trim().is_empty() {
                f.key.as_str()
            } else {
                f.label.as_str()
            };
            out.push(match row {
                Some(i) => format!("{name} {}", i + 1),
                None => name.to_string(),
            });
            if let FieldKind::Group { fields: sub, .. } = &f.kind {
                fields = sub;
            }
        }
        out.join(" – ")
    }

    /// The values of a filled form, kept as given when they are right, or
    /// every problem found (each named by its path).
    pub fn fill(&self, given: &Value) -> Result<BTreeMap<String, Value>, Vec<FormProblem>> {
        let mut out = Vec::new();
        let Some(obj) = given.as_object() else {
            return Err(vec![problem("", Problem::WrongShape)]);
        };
        let values = fill_fields(&self.fields, obj, "", &mut out);
        if out.is_empty() {
            Ok(values)
        } else {
            Err(out)
        }
    }
}

fn check_fields(fields: &[FieldDef], prefix: &str, nested: bool, out: &mut Vec<FormProblem>) {
    let mut seen = HashSet::new();
    for f in fields {
        let path = join(prefix, &f.key);
        let good_key = !f.key.is_empty()
            && f.key.len() <= 40
            && f.key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !good_key {
            out.push(problem(&path, Problem::BadKey));
        }
        if !seen.insert(f.key.as_str()) {
            out.push(problem(&path, Problem::DuplicateKey));
        }
        if f.label.trim().is_empty() {
            out.push(problem(&path, Problem::EmptyLabel));
        }
        match &f.kind {
            FieldKind::Text { max } if *max == 0 || *max > MAX_TEXT => {
                out.push(problem(&path, Problem::BadRange))
            }
            FieldKind::Choice { options }
                if options.is_empty() || options.iter().any(|o| o.trim().is_empty()) =>
            {
                out.push(problem(&path, Problem::NoOptions))
            }
            FieldKind::Number { min, max } if min > max => {
                out.push(problem(&path, Problem::BadRange))
            }
            FieldKind::Group { fields, min, max } => {
                if nested {
                    out.push(problem(&path, Problem::NestedGroup));
                }
                if min > max || *max == 0 || *max > MAX_ROWS {
                    out.push(problem(&path, Problem::BadRange));
                }
                if fields.is_empty() {
                    out.push(problem(&path, Problem::NoFields));
                }
                check_fields(fields, &path, true, out);
            }
            _ => {}
        }
    }
}

fn fill_fields(
    fields: &[FieldDef],
    given: &serde_json::Map<String, Value>,
    prefix: &str,
    out: &mut Vec<FormProblem>,
) -> BTreeMap<String, Value> {
    let mut values = BTreeMap::new();
    for key in given.keys() {
        if !fields.iter().any(|f| &f.key == key) {
            out.push(problem(&join(prefix, key), Problem::Unknown));
        }
    }
    for f in fields {
        let path = join(prefix, &f.key);
        let v = given.get(&f.key).filter(|v| !is_blank(v));
        let Some(v) = v else {
            let rows_needed = matches!(f.kind, FieldKind::Group { min, .. } if min > 0);
            if f.required || rows_needed {
                out.push(problem(&path, Problem::Required));
            }
            continue;
        };
        if let Some(kept) = fill_one(f, v, &path, out) {
            values.insert(f.key.clone(), kept);
        }
    }
    values
}

fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

fn fill_one(f: &FieldDef, v: &Value, path: &str, out: &mut Vec<FormProblem>) -> Option<Value> {
    let text = || v.as_str().map(str::trim);
    let mut bad = |p| {
        out.push(problem(path, p));
        None
    };
    match &f.kind {
        FieldKind::Text { .. } | FieldKind::Choice { .. } | FieldKind::Address
            if text().is_none() =>
        {
            bad(Problem::WrongShape)
        }
        FieldKind::Text { max } => {
            let s = text()?;
            if s.chars().count() > *max {
                bad(Problem::TooLong(*max))
            } else {
                Some(Value::String(s.to_string()))
            }
        }
        FieldKind::Address => {
            let s = text()?;
            if s.chars().count() > 300 {
                bad(Problem::TooLong(300))
            } else {
                Some(Value::String(s.to_string()))
            }
        }
        FieldKind::Date => match text().and_then(parse_day) {
            Some(d) => Some(Value::String(d.to_string())),
            None => bad(Problem::NotADate),
        },
        FieldKind::Cccd => match text().and_then(|s| s.parse::<Cccd>().ok()) {
            Some(c) => Some(Value::String(c.to_string())),
            None => bad(Problem::NotACccd),
        },
        FieldKind::Phone => match text().and_then(|s| s.parse::<Phone>().ok()) {
            Some(p) => Some(Value::String(p.to_string())),
            None => bad(Problem::NotAPhone),
        },
        FieldKind::Choice { options } => {
            let s = text()?;
            match options.iter().find(|o| o.as_str() == s) {
                Some(o) => Some(Value::String(o.clone())),
                None => bad(Problem::NotAnOption),
            }
        }
        FieldKind::Number { min, max } => {
            let n = v
                .as_i64()
                .or_else(|| text().and_then(|s| s.parse::<i64>().ok()));
            match n {
                None => bad(Problem::NotANumber),
                Some(n) if n < *min || n > *max => bad(Problem::OutOfRange {
                    min: *min,
                    max: *max,
                }),
                Some(n) => Some(Value::from(n)),
            }
        }
        FieldKind::Group { fields, min, max } => {
            let Some(rows) = v.as_array() else {
                return bad(Problem::WrongShape);
            };
            let n = rows.len() as u32;
            if n < *min {
                return bad(Problem::TooFewRows(*min));
            }
            if n > *max {
                return bad(Problem::TooManyRows(*max));
            }
            let mut kept = Vec::new();
            for (i, row) in rows.iter().enumerate() {
                let row_path = format!("{path}[{i}]");
                match row.as_object() {
                    Some(obj) => kept.push(Value::Object(
                        fill_fields(fields, obj, &row_path, out)
                            .into_iter()
                            .collect(),
                    )),
                    None => out.push(problem(&row_path, Problem::WrongShape)),
                }
            }
            Some(Value::Array(kept))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn birth() -> FormDef {
        serde_json::from_value(json!({
            "code": "TK-KHAI-SINH",
            "title": "TỜ KHAI ĐĂNG KÝ KHAI SINH",
            "fields": [
                { "key": "ho_ten_con", "label": "Họ, chữ đệm, tên", "type": "text", "max": 100, "required": true },
                { "key": "ngay_sinh", "label": "Ngày, tháng, năm sinh", "type": "date", "required": true },
                { "key": "gioi_tinh", "label": "Giới tính", "type": "choice", "options": ["Nam", "Nữ"], "required": true },
                { "key": "noi_sinh", "label": "Nơi sinh", "type": "address" },
                { "key": "cccd_me", "label": "Số định danh cá nhân của mẹ", "type": "cccd" },
                { "key": "dien_thoai", "label": "Số điện thoại", "type": "phone" },
                { "key": "so_ban_sao", "label": "Số bản sao yêu cầu", "type": "number", "min": 0, "max": 20 },
                { "key": "nguoi_lam_chung", "label": "Người làm chứng", "type": "group", "min": 0, "max": 2,
                  "help": "Khi đăng ký khai sinh cho trẻ bị bỏ rơi",
                  "fields": [
                      { "key": "ho_ten", "label": "Họ tên", "type": "text", "required": true },
                      { "key": "cccd", "label": "Số CCCD", "type": "cccd", "required": true }
                  ] }
            ]
        }))
        .unwrap()
    }

    #[test]
    fn a_form_is_read_from_json_and_passes_its_check() {
        let f = birth();
        assert_eq!(f.check(), vec![]);
        assert_eq!(f.fields[0].kind, FieldKind::Text { max: 100 });
        assert!(matches!(f.fields[7].kind, FieldKind::Group { max: 2, .. }));
        // And written back the same.
        let again: FormDef = serde_json::from_value(serde_json::to_value(&f).unwrap()).unwrap();
        assert_eq!(again, f);
    }

    #[test]
    fn a_malformed_definition_is_refused_with_each_place_named() {
        let f: FormDef = serde_json::from_value(json!({
            "code": "X", "title": "X",
            "fields": [
                { "key": "Họ Tên", "label": "Họ tên", "type": "text" },
                { "key": "a", "label": "", "type": "choice", "options": [] },
                { "key": "a", "label": "A", "type": "number", "min": 5, "max": 1 },
                { "key": "g", "label": "G", "type": "group", "max": 0, "fields": [
                    { "key": "h", "label": "H", "type": "group", "max": 1, "fields": [
                        { "key": "x", "label": "X", "type": "date" } ] } ] }
            ]
        }))
        .unwrap();
        let problems: Vec<(String, Problem)> =
            f.check().into_iter().map(|p| (p.path, p.problem)).collect();
        for expected in [
            ("Họ Tên".to_string(), Problem::BadKey),
            ("a".to_string(), Problem::EmptyLabel),
            ("a".to_string(), Problem::NoOptions),
            ("a".to_string(), Problem::DuplicateKey),
            ("a".to_string(), Problem::BadRange),
            ("g".to_string(), Problem::BadRange),
            ("g.h".to_string(), Problem::NestedGroup),
        ] {
            assert!(problems.contains(&expected), "{expected:?} in {problems:?}");
        }
        // An unknown type does not even read.
        assert!(serde_json::from_value::<FormDef>(json!({
            "code": "X", "title": "X", "fields": [ { "key": "a", "label": "A", "type": "colour" } ]
        }))
        .is_err());
    }

    #[test]
    fn a_filled_form_is_kept_cleaned_or_every_problem_named() {
        let f = birth();
        let ok = f
            .fill(&json!({
                "ho_ten_con": "  Nguyễn Minh An ",
                "ngay_sinh": "2026-11-20",
                "gioi_tinh": "Nam",
                "dien_thoai": "0912 345 678",
                "so_ban_sao": "2",
                "nguoi_lam_chung": []
            }))
            .unwrap();
        assert_eq!(ok["ho_ten_con"], "Nguyễn Minh An");
        // A day as a person writes it is kept the way a date input sends it.
        let typed = f
            .fill(&json!({ "ho_ten_con": "An", "ngay_sinh": "5/1/2026", "gioi_tinh": "Nữ" }))
            .unwrap();
        assert_eq!(typed["ngay_sinh"], "2026-01-05");
        assert_eq!(parse_day("2026-11-20"), parse_day("20.11.2026"));
        assert_eq!(parse_day("20/11/26"), None);
        assert_eq!(ok["so_ban_sao"], 2);
        assert_eq!(ok["dien_thoai"], "0912345678");
        assert!(
            !ok.contains_key("nguoi_lam_chung"),
            "an empty group is left out"
        );

        let problems: Vec<(String, Problem)> = f
            .fill(&json!({
                "ngay_sinh": "31/02/2026",
                "gioi_tinh": "Khác",
                "cccd_me": "123",
                "so_ban_sao": 50,
                "mau_mat": "đen",
                "nguoi_lam_chung": [ { "ho_ten": "Lê Văn Chứng" }, {}, {} ]
            }))
            .unwrap_err()
            .into_iter()
            .map(|p| (p.path, p.problem))
            .collect();
        for expected in [
            ("ho_ten_con".to_string(), Problem::Required),
            ("ngay_sinh".to_string(), Problem::NotADate),
            ("gioi_tinh".to_string(), Problem::NotAnOption),
            ("cccd_me".to_string(), Problem::NotACccd),
            (
                "so_ban_sao".to_string(),
                Problem::OutOfRange { min: 0, max: 20 },
            ),
            ("mau_mat".to_string(), Problem::Unknown),
            ("nguoi_lam_chung".to_string(), Problem::TooManyRows(2)),
        ] {
            assert!(problems.contains(&expected), "{expected:?} in {problems:?}");
        }
        let rows: Vec<(String, Problem)> = f
            .fill(&json!({
                "ho_ten_con": "An", "ngay_sinh": "2026-11-20", "gioi_tinh": "Nữ",
                "nguoi_lam_chung": [ { "ho_ten": "Lê Văn Chứng" } ]
            }))
            .unwrap_err()
            .into_iter()
            .map(|p| (p.path, p.problem))
            .collect();
        assert_eq!(
            rows,
            vec![("nguoi_lam_chung[0].cccd".to_string(), Problem::Required)]
        );
        assert_eq!(
            f.fill(&json!("không phải biểu mẫu")).unwrap_err()[0].problem,
            Problem::WrongShape
        );
    }
}
