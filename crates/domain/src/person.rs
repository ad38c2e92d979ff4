//! Personal identifiers: the citizen identity card (CCCD) number and phone numbers.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonError {
    #[error("invalid CCCD number {0:?}: it has 12 digits")]
    Cccd(String),
    #[error("invalid phone number {0:?}: expected 10 or 11 digits starting with 0, or +84")]
    Phone(String),
}

impl PersonError {
    pub fn describe_vi(&self) -> String {
        match self {
            PersonError::Cccd(v) => format!("số CCCD {v:?} không hợp lệ: gồm 12 chữ số"),
            PersonError::Phone(v) => format!(
                "số điện thoại {v:?} không hợp lệ: 10 hoặc 11 chữ số bắt đầu bằng 0, hoặc +84"
            ),
        }
    }
}

/// A 12-digit citizen identity number. The first three digits are the province
/// of birth registration, the fourth encodes sex and century.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cccd(String);

impl Cccd {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Cccd {
    type Err = PersonError;
    fn from_str(s: &str) -> Result<Self, PersonError> {
        let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        if t.len() == 12 && t.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Cccd(t))
        } else {
            Err(PersonError::Cccd(s.to_string()))
        }
    }
}

impl fmt::Display for Cccd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A Vietnamese phone number in national form: 0 and 9 digits (mobile) or
/// 10 digits (landline, 02x area codes).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Phone {
    type Err = PersonError;
    fn from_str(s: &str) -> Result<Self, PersonError> {
        let t: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-'))
            .collect();
        let national = match t.strip_prefix("+84") {
            Some(rest) => format!("0{rest}"),
            None => t,
        };
        if (10..=11).contains(&national.len())
            && national.starts_with('0')
            && national.bytes().all(|b| b.is_ascii_digit())
        {
            Ok(Phone(national))
        } else {
            Err(PersonError::Phone(s.to_string()))
        }
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cccd_has_twelve_digits() {
        assert_eq!(
            "092 190 001 234".parse::<Cccd>().unwrap().as_str(),
            "092190001234"
        );
        assert!("09219000123".parse::<Cccd>().is_err());
        assert!("09219000123x".parse::<Cccd>().is_err());
    }

    #[test]
    fn phones_normalise_to_national_form() {
        assert_eq!(
            "+84 912 345 678".parse::<Phone>().unwrap().as_str(),
            "0912345678"
        );
        assert_eq!(
            "0292.3820.123".parse::<Phone>().unwrap().as_str(),
            "02923820123"
        );
        for bad in ["912345678", "09123456789012", "0912abc678", ""] {
            assert_eq!(bad.parse::<Phone>(), Err(PersonError::Phone(bad.into())));
        }
    }
}
