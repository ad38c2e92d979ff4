use std::fmt;

use crate::i18n::{Arg, Locale, Message};
use crate::CodeError;

/// Where in a catalog file a problem is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Where {
    /// 1-based line in the file.
    pub line: Option<u64>,
    /// 1-based column and, for CSV, the column's header.
    pub column: Option<(u64, Option<&'static str>)>,
    /// The record, e.g. `procedures[12]` or the procedure code.
    pub record: Option<String>,
}

/// One problem found in a catalog file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    pub at: Where,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file is not well-formed CSV or JSON.
    Syntax(String),
    MissingColumn(&'static str),
    WrongColumnCount {
        expected: usize,
        found: usize,
    },
    Empty(&'static str),
    Code(CodeError),
    TimeLimit(String),
    Fee(String),
    Components(String),
    BadComponents(String),
    Channels(String),
    Level(String),
    OnlineLevel(String),
    UnknownField(String),
    FieldNameConflict {
        code: String,
        name: String,
        other: String,
    },
    DuplicateProcedure {
        code: String,
        first: usize,
    },
    /// A `form` cell naming a form in neither the forms file nor the shipped ones.
    UnknownForm(String),
    DuplicateForm(String),
    /// A problem inside a form's definition, at a field named by its labels.
    Form {
        form: String,
        at: String,
        problem: crate::catalog::eform::Problem,
    },
}

impl Problem {
    /// The problem for people, from the catalog (`catalog-*` in errors.ftl).
    pub fn message(&self) -> Message {
        use Problem::*;
        let quoted = |v: &str| format!("{v:?}");
        match self {
            Syntax(m) => Message::new("catalog-syntax").with("detail", m.as_str()),
            MissingColumn(c) => Message::new("catalog-missing-column").with("column", quoted(c)),
            WrongColumnCount { expected, found } => Message::new("catalog-wrong-column-count")
                .with("expected", *expected)
                .with("found", *found),
            Empty(c) => Message::new("catalog-empty").with("column", *c),
            Code(e) => e.message(),
            TimeLimit(v) => Message::new("catalog-time-limit").with("value", quoted(v)),
            Fee(v) => Message::new("catalog-fee").with("value", quoted(v)),
            Components(v) => Message::new("catalog-components").with("value", quoted(v)),
            BadComponents(v) => Message::new("catalog-bad-components").with("value", quoted(v)),
            Channels(v) => Message::new("catalog-channels").with("value", quoted(v)),
            Level(v) => Message::new("catalog-level").with("value", quoted(v)),
            OnlineLevel(v) => Message::new("catalog-online-level").with("value", quoted(v)),
            UnknownField(c) => Message::new("catalog-unknown-field").with("value", quoted(c)),
            FieldNameConflict { code, name, other } => Message::new("catalog-field-name-conflict")
                .with("code", code.as_str())
                .with("name", quoted(name))
                .with("other", quoted(other)),
            DuplicateProcedure { code, .. } => {
                Message::new("catalog-duplicate-procedure").with("code", code.as_str())
            }
            UnknownForm(v) => Message::new("catalog-unknown-form").with("value", quoted(v)),
            DuplicateForm(c) => Message::new("catalog-duplicate-form").with("code", c.as_str()),
            Form { form, at, problem } => Message::new("catalog-form")
                .with("form", form.as_str())
                .with("at", quoted(at))
                .with("problem", problem.message()),
        }
    }
}

impl CatalogError {
    /// The problem and where it is ("line 3, column 7 (time_limit): …"), from
    /// the catalog.
    pub fn message(&self) -> Message {
        let mut parts: Vec<Arg> = Vec::new();
        if let Some(line) = self.at.line {
            parts.push(Message::new("at-line").with("n", line).into());
        }
        if let Some((col, header)) = self.at.column {
            parts.push(match header {
                Some(h) => Message::new("at-column-named")
                    .with("n", col)
                    .with("header", h)
                    .into(),
                None => Message::new("at-column").with("n", col).into(),
            });
        }
        if let Some(r) = &self.at.record {
            parts.push(r.as_str().into());
        }
        let problem = self.problem.message();
        // "a, b, c" as list-pair(a, list-pair(b, c)).
        let Some(at) = parts.into_iter().rev().reduce(|rest, first| {
            Message::new("list-pair")
                .with("first", first)
                .with("rest", rest)
                .into()
        }) else {
            return problem;
        };
        Message::new("at-problem")
            .with("at", at)
            .with("problem", problem)
    }
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().localize(Locale::En))
    }
}

impl std::error::Error for CatalogError {}
