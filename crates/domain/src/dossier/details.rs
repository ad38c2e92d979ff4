//! What the intake records about a dossier beside its applicant: the
//! procedure's name as it was that day, the documents handed in, pages,
//! copies, the fee and how the result goes back. Written once when the
//! dossier opens, read by the receipt, the lists and the public lookup.

use motcua_calendar::TimeLimit;
use serde::{Deserialize, Serialize};

use crate::Vnd;

fn one() -> u32 {
    1
}

/// How the result goes back to the applicant.
#[derive(Debug, Deserialize, Serialize, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ResultChannel {
    /// At the center's counter.
    #[default]
    Counter,
    /// By public postal service to the applicant's address (Decision 45/2016).
    Post,
    /// Electronically.
    Online,
}

/// A document handed in, as the officer ticked it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandedIn {
    pub name: String,
    #[serde(default = "one")]
    pub count: u32,
    /// A plain copy with the original shown counts as the original (Official
    /// Dispatch 8835/VPCP-KSTT).
    #[serde(default)]
    pub original_shown: bool,
}

/// What the intake recorded. Every field has a default, so that a dossier
/// written before a field existed still reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntakeDetails {
    /// The procedure's name when the dossier was received.
    #[serde(default)]
    pub procedure_name: String,
    #[serde(default)]
    pub components: Vec<HandedIn>,
    /// Pages of the original, for fees charged per page.
    #[serde(default = "one")]
    pub pages: u32,
    #[serde(default = "one")]
    pub copies: u32,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub fee: Vnd,
    #[serde(default)]
    pub result_channel: ResultChannel,
    /// The legal time limit, as the catalog writes it (`3wd`, `15d`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub time_limit: Option<TimeLimit>,
    /// Made up by the demo seeding, not received from anyone.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub demo: bool,
    /// The declaration form as filled (personal data: shown only to those
    /// who handle the dossier).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declaration: Option<crate::catalog::Declaration>,
}

impl Default for IntakeDetails {
    fn default() -> Self {
        IntakeDetails {
            procedure_name: String::new(),
            components: Vec::new(),
            pages: 1,
            copies: 1,
            fee: Vnd::ZERO,
            result_channel: ResultChannel::Counter,
            time_limit: None,
            demo: false,
            declaration: None,
        }
    }
}

impl IntakeDetails {
    /// The procedure's name as received, or its code when none was kept.
    pub fn procedure_name_or(&self, code: &crate::ProcedureCode) -> String {
        if self.procedure_name.is_empty() {
            code.to_string()
        } else {
            self.procedure_name.clone()
        }
    }

    /// The stored form (JSON text).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("intake details serialize")
    }

    pub fn from_json(text: &str) -> Result<IntakeDetails, serde_json::Error> {
        serde_json::from_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_reads_what_older_dossiers_wrote() {
        let d = IntakeDetails {
            procedure_name: "Đăng ký khai sinh".into(),
            components: vec![HandedIn {
                name: "Tờ khai".into(),
                count: 2,
                original_shown: true,
            }],
            pages: 3,
            copies: 2,
            fee: Vnd(8000),
            result_channel: ResultChannel::Post,
            time_limit: Some(TimeLimit::WorkingDays(3)),
            demo: false,
            declaration: Some(crate::catalog::Declaration {
                form: "TK-KHAI-SINH".into(),
                values: [("ho_ten".to_string(), serde_json::json!("Nguyễn Minh An"))].into(),
            }),
        };
        assert_eq!(IntakeDetails::from_json(&d.to_json()).unwrap(), d);
        let old = IntakeDetails::from_json(r#"{"procedure_name":"X","fee":8000}"#).unwrap();
        assert_eq!((old.pages, old.copies, old.fee), (1, 1, Vnd(8000)));
        assert_eq!(old.result_channel, ResultChannel::Counter);
        assert!(IntakeDetails::from_json(r#"{"result_channel":"pigeon"}"#).is_err());
    }
}
