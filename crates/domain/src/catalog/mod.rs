//! The catalog of administrative procedures (thủ tục hành chính) and their fields.

mod csv_file;
pub mod eform;
mod error;
mod file;
mod forms_file;
pub mod shipped;
mod text;

use motcua_calendar::TimeLimit;
use serde::{Deserialize, Serialize};

pub use csv_file::{parse_csv, parse_csv_with};
pub use eform::{Declaration, FormDef};
pub use error::{CatalogError, Problem, Where};
pub use file::{parse_json, to_csv, to_json, Format};
pub use forms_file::{forms_to_json, parse_forms};
pub use text::{format_components, parse_channels, parse_components, parse_fee};

use crate::labels::labelled_enum;
use crate::org::Level;
use crate::{FieldCode, ProcedureCode, Vnd};

labelled_enum! {
    /// The form in which a component must be handed in.
    ComponentKind {
        Original = "original";
        CertifiedCopy = "certified-copy";
        Copy = "copy";
    }
}

labelled_enum! {
    /// How a dossier reaches the center; the number is the national channel code.
    Channel {
        InPerson = "in-person";
        Online = "online";
        Post = "post";
    }
}

impl Channel {
    /// The national code: 1 in person, 2 online, 3 by post.
    pub fn number(self) -> i32 {
        match self {
            Channel::InPerson => 1,
            Channel::Online => 2,
            Channel::Post => 3,
        }
    }

    pub fn from_number(n: i32) -> Option<Channel> {
        Channel::ALL.iter().copied().find(|c| c.number() == n)
    }
}

labelled_enum! {
    /// Which online public service the procedure has.
    OnlineLevel {
        None = "none";
        Partial = "partial";
        Full = "full";
    }
}

/// A document the applicant must hand in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    pub name: String,
    pub kind: ComponentKind,
    pub count: u16,
    pub mandatory: bool,
}

/// How the fee (lệ phí) of a procedure is computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FeeRule {
    Free,
    Fixed {
        amount: Vnd,
    },
    /// Per page of the original, cheaper from a given page on, with an optional
    /// cap per copy (chứng thực: 2.000 đ, from page 3 1.000 đ, at most 200.000 đ).
    PerPage {
        first: Vnd,
        from_page: u32,
        then: Vnd,
        cap: Option<Vnd>,
    },
}

impl FeeRule {
    /// The fee for one copy of a document of `pages` pages (ignored unless per page).
    pub fn amount(&self, pages: u32) -> Vnd {
        match *self {
            FeeRule::Free => Vnd::ZERO,
            FeeRule::Fixed { amount } => amount,
            FeeRule::PerPage {
                first,
                from_page,
                then,
                cap,
            } => {
                let cheap_from = from_page.max(1);
                let full = pages.min(cheap_from - 1);
                let rest = pages - full;
                let total = first * i64::from(full) + then * i64::from(rest);
                cap.map_or(total, |c| total.min(c))
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub code: FieldCode,
    pub name: String,
}

/// One version of a procedure as published in the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Procedure {
    pub code: ProcedureCode,
    pub name: String,
    pub field: FieldCode,
    pub level: Level,
    /// The competent agency, as named in the published procedure.
    pub agency: String,
    pub time_limit: TimeLimit,
    pub fee: FeeRule,
    pub components: Vec<Component>,
    pub channels: Vec<Channel>,
    pub online_level: OnlineLevel,
    /// The declaration form (tờ khai) a person fills, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<FormDef>,
}

/// A whole catalog: what `motcua import catalog` reads and `export` writes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Catalog {
    pub fields: Vec<Field>,
    pub procedures: Vec<Procedure>,
}

impl Catalog {
    /// Checks what a single record cannot: unique codes and known fields.
    /// Returns the index of each offending procedure with its problem.
    pub fn check(&self) -> Vec<(usize, Problem)> {
        use std::collections::{HashMap, HashSet};
        let fields: HashSet<&FieldCode> = self.fields.iter().map(|f| &f.code).collect();
        let mut seen: HashMap<&ProcedureCode, usize> = HashMap::new();
        let mut problems = Vec::new();
        for (i, p) in self.procedures.iter().enumerate() {
            if let Some(first) = seen.insert(&p.code, i) {
                problems.push((
                    i,
                    Problem::DuplicateProcedure {
                        code: p.code.to_string(),
                        first,
                    },
                ));
            }
            if !fields.contains(&p.field) {
                problems.push((i, Problem::UnknownField(p.field.to_string())));
            }
            problems.extend(p.check().into_iter().map(|pr| (i, pr)));
            if let Some(form) = &p.form {
                problems.extend(form.check().into_iter().map(|fp| {
                    (
                        i,
                        Problem::Form {
                            form: form.code.clone(),
                            at: form.label_of(&fp.path),
                            problem: fp.problem,
                        },
                    )
                }));
            }
        }
        problems
    }

    /// The forms the procedures carry that motcua does not ship as they are
    /// (a CSV names forms by code: these must travel in a forms file).
    pub fn own_forms(&self) -> Vec<FormDef> {
        let mut out: Vec<FormDef> = Vec::new();
        for f in self.procedures.iter().filter_map(|p| p.form.as_ref()) {
            let shipped = shipped::by_code(&f.code);
            if shipped.as_ref() != Some(f) && !out.iter().any(|o| o == f) {
                out.push(f.clone());
            }
        }
        out
    }
}

impl Procedure {
    fn check(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        if self.name.trim().is_empty() {
            out.push(Problem::Empty("name"));
        }
        if self.agency.trim().is_empty() {
            out.push(Problem::Empty("agency"));
        }
        if self.channels.is_empty() {
            out.push(Problem::Empty("channels"));
        }
        for c in &self.components {
            if c.count == 0 || c.name.trim().is_empty() {
                out.push(Problem::BadComponents(c.name.clone()));
            }
        }
        out
    }

    /// The channels as the text used in files: `in-person,online`.
    pub fn channels_text(&self) -> String {
        self.channels
            .iter()
            .map(|c| c.code())
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// The demo province's catalog, in the import format.
pub const DEMO_CATALOG_CSV: &str = include_str!("../../data/demo-catalog.csv");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chung_thuc_fee_per_page_with_cap() {
        let rule = FeeRule::PerPage {
            first: Vnd(2000),
            from_page: 3,
            then: Vnd(1000),
            cap: Some(Vnd(200_000)),
        };
        assert_eq!(rule.amount(1), Vnd(2000));
        assert_eq!(rule.amount(2), Vnd(4000));
        assert_eq!(rule.amount(3), Vnd(5000));
        assert_eq!(rule.amount(10), Vnd(12_000));
        assert_eq!(rule.amount(1000), Vnd(200_000));
        assert_eq!(
            FeeRule::Fixed {
                amount: Vnd(50_000)
            }
            .amount(7),
            Vnd(50_000)
        );
    }

    #[test]
    fn channel_numbers_are_the_national_codes() {
        assert_eq!(Channel::from_number(3), Some(Channel::Post));
        assert_eq!(Channel::InPerson.number(), 1);
        assert_eq!(Channel::from_number(9), None);
    }

    #[test]
    fn demo_catalog_parses_and_is_big_enough() {
        let cat = parse_csv(DEMO_CATALOG_CSV.as_bytes()).expect("demo catalog is valid");
        assert_eq!(cat.fields.len(), 12);
        assert!(cat.procedures.len() >= 260, "{}", cat.procedures.len());
        assert!(cat.check().is_empty());
    }
}
