//! Identifiers that come from outside: agency identifiers (Decision 20/2020/QĐ-TTg),
//! national procedure codes and field codes. Parsed once at the edge.

use std::fmt;
use std::str::FromStr;

use crate::i18n::Message;
use crate::Locale;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().localize(Locale::En))]
pub enum CodeError {
    Agency(String),
    Procedure(String),
    Field(String),
}

impl CodeError {
    /// The error for people, from the catalog (`bad-code-*` in errors.ftl).
    pub fn message(&self) -> Message {
        match self {
            CodeError::Agency(v) => Message::new("bad-code-agency").with("value", format!("{v:?}")),
            CodeError::Procedure(v) => {
                Message::new("bad-code-procedure").with("value", format!("{v:?}"))
            }
            CodeError::Field(v) => Message::new("bad-code-field").with("value", format!("{v:?}")),
        }
    }
}

macro_rules! string_code {
    ($name:ident, $check:expr, $err:path) => {
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = CodeError;
            fn from_str(s: &str) -> Result<Self, CodeError> {
                let s = s.trim();
                let check: fn(&str) -> bool = $check;
                if check(s) {
                    Ok($name(s.to_string()))
                } else {
                    Err($err(s.to_string()))
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d)?
                    .parse()
                    .map_err(serde::de::Error::custom)
            }
        }
    };
}

fn is_opaque_code(s: &str) -> bool {
    (1..=32).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// `ddd.dd.dd.Xnn`: three numeric groups (lower levels) and a level-1 group of one
/// capital letter and two digits (H56 = Thanh Hóa, G01 = a ministry).
fn is_agency_code(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    parts.len() == 4
        && digits(parts[0], 3)
        && digits(parts[1], 2)
        && digits(parts[2], 2)
        && parts[3].len() == 3
        && parts[3].as_bytes()[0].is_ascii_uppercase()
        && digits(&parts[3][1..], 2)
}

string_code!(AgencyCode, is_agency_code, CodeError::Agency);
string_code!(ProcedureCode, is_opaque_code, CodeError::Procedure);
string_code!(FieldCode, is_opaque_code, CodeError::Field);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_codes() {
        for ok in ["000.00.06.H56", "000.17.22.H56", "000.00.00.G01"] {
            assert_eq!(ok.parse::<AgencyCode>().unwrap().as_str(), ok);
        }
        for bad in [
            "",
            "000.00.06",
            "00.00.06.H56",
            "000.00.06.h56",
            "000.0a.06.H56",
            "000.00.06.H5",
        ] {
            assert_eq!(
                bad.parse::<AgencyCode>(),
                Err(CodeError::Agency(bad.into()))
            );
        }
    }

    #[test]
    fn errors_are_worded_in_both_languages() {
        let e = "x y".parse::<ProcedureCode>().unwrap_err();
        assert_eq!(
            e.message().localize(Locale::Vi),
            "mã thủ tục \"x y\" không hợp lệ: 1–32 ký tự chữ, số, '.', '-' hoặc '_'"
        );
        assert_eq!(
            e.to_string(),
            "invalid procedure code \"x y\": 1–32 letters, digits, '.', '-' or '_'"
        );
    }

    #[test]
    fn procedure_codes_are_opaque_but_bounded() {
        assert!("1.001445".parse::<ProcedureCode>().is_ok());
        assert!("2.000635".parse::<ProcedureCode>().is_ok());
        assert!("".parse::<ProcedureCode>().is_err());
        assert!("1 001445".parse::<ProcedureCode>().is_err());
        assert!("x".repeat(33).parse::<ProcedureCode>().is_err());
    }
}
