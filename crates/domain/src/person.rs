//! Personal identifiers: the citizen identity card (CCCD) number and phone numbers.

use std::fmt;
use std::str::FromStr;

use crate::i18n::Message;
use crate::Locale;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().localize(Locale::En))]
pub enum PersonError {
    /// Not 12 digits once spaces are removed. Holds what was typed, shortened.
    CccdDigits(String),
    /// Twelve digits, but the first three are no province's code.
    CccdProvince { code: String },
    /// Letters, or a number of digits no Vietnamese number has. Holds what was
    /// typed, shortened.
    PhoneDigits(String),
    /// The right length, but no mobile prefix or landline area code starts it.
    PhonePrefix { prefix: String },
}

impl PersonError {
    /// The error for people, from the catalog (`person-*` in errors.ftl).
    pub fn message(&self) -> Message {
        match self {
            PersonError::CccdDigits(v) => {
                Message::new("person-cccd-digits").with("value", format!("{v:?}"))
            }
            PersonError::CccdProvince { code } => {
                Message::new("person-cccd-province").with("code", format!("{code:?}"))
            }
            PersonError::PhoneDigits(v) => {
                Message::new("person-phone-digits").with("value", format!("{v:?}"))
            }
            PersonError::PhonePrefix { prefix } => {
                Message::new("person-phone-prefix").with("prefix", prefix.as_str())
            }
        }
    }
}

/// What a person typed, short enough to echo back: the input may be hostile
/// and megabytes long.
fn shown(s: &str) -> String {
    const MAX: usize = 24;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Keeps the first and last three characters and stars the rest, so a person
/// can tell two numbers apart without learning either.
fn mask(digits: &str) -> String {
    let n = digits.len();
    if n <= 6 {
        return "*".repeat(n);
    }
    format!("{}{}{}", &digits[..3], "*".repeat(n - 6), &digits[n - 3..])
}

/// The province codes of birth registration that open a CCCD number
/// (Circular 07/2016/TT-BCA, kept by Circular 59/2021/TT-BCA): one per
/// province as they stood before the 2025 mergers. Cards already issued keep
/// their code, so merged provinces' codes stay valid.
const PROVINCE_CODES: [&str; 63] = [
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020",
    "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038",
    "040", "042", "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060",
    "062", "064", "066", "067", "068", "070", "072", "074", "075", "077", "079", "080", "082",
    "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
];

/// A 12-digit citizen identity number: the province code of birth
/// registration (3 digits), the century of birth and sex (1 digit: 0/1 the
/// 1900s, 2/3 the 2000s, 4/5 the 2100s, 6/7 the 2200s, 8/9 the 2300s; even
/// for men, odd for women; Decree 137/2015/NĐ-CP art. 7), the year of birth
/// within the century (2 digits) and a serial number (6 digits).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "sql", derive(sqlx::Type), sqlx(transparent))]
pub struct Cccd(String);

impl Cccd {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The province code of birth registration, e.g. `092` (Cần Thơ).
    pub fn province_code(&self) -> &str {
        &self.0[..3]
    }

    /// The form shown to roles that do not handle the dossier: `092******234`.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

impl FromStr for Cccd {
    type Err = PersonError;
    fn from_str(s: &str) -> Result<Self, PersonError> {
        let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        if t.len() != 12 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PersonError::CccdDigits(shown(s)));
        }
        if !PROVINCE_CODES.contains(&&t[..3]) {
            return Err(PersonError::CccdProvince {
                code: t[..3].to_string(),
            });
        }
        // Every century/sex digit 0–9 is allocated, and two year digits are
        // valid in any century, so the rest needs no check.
        Ok(Cccd(t))
    }
}

crate::textual::serde_as_text!(Cccd, Phone);

impl fmt::Display for Cccd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Mobile prefixes after the 2018 move from 11 to 10 digits, by whole ranges
/// allocated to operators (Viettel 03x, 086, 096–098; VinaPhone 081–085, 088,
/// 091, 094; MobiFone 070, 076–079, 089, 090, 093; Vietnamobile 052, 056,
/// 058, 092; Reddi 055; Gmobile 059, 099; Itelecom 087). 080 and 095 are
/// accepted too: better to take a number that may exist than to turn a
/// citizen away.
fn is_mobile_prefix(p: &[u8]) -> bool {
    matches!(
        p,
        [b'0', b'3', b'2'..=b'9']
            | [b'0', b'5', b'2' | b'5' | b'6' | b'8' | b'9']
            | [b'0', b'7', b'0' | b'6'..=b'9']
            | [b'0', b'8', b'0'..=b'9']
            | [b'0', b'9', b'0'..=b'9']
    )
}

/// Landline area codes since 2017 are 02 and two digits (0203 Quảng Ninh …
/// 0299 Sóc Trăng; Hà Nội 024 and TP. Hồ Chí Minh 028 are followed by eight
/// digits, which is the same shape). 0200–0202 were never allocated.
fn is_area_code(p: &[u8]) -> bool {
    matches!(
        p,
        [b'0', b'2', b'0', b'3'..=b'9'] | [b'0', b'2', b'1'..=b'9', _]
    )
}

/// A Vietnamese phone number in national form: a mobile number (10 digits,
/// 03x, 05x, 07x, 08x, 09x) or a landline (11 digits, 02 and the area code).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "sql", derive(sqlx::Type), sqlx(transparent))]
pub struct Phone(String);

impl Phone {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form shown to roles that do not handle the dossier: `091****678`.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }

    /// The last `n` digits (all of them if `n` is larger), e.g. for a
    /// citizen to confirm a number without reading it whole.
    pub fn last_digits(&self, n: usize) -> &str {
        &self.0[self.0.len().saturating_sub(n)..]
    }

    pub fn is_mobile(&self) -> bool {
        self.0.len() == 10
    }
}

impl FromStr for Phone {
    type Err = PersonError;
    fn from_str(s: &str) -> Result<Self, PersonError> {
        let digits_err = || PersonError::PhoneDigits(shown(s));
        let t: String = s
            .chars()
            .filter(|c| !(c.is_whitespace() || matches!(c, '.' | '-' | '(' | ')')))
            .collect();
        // +84, 0084 and a bare 84 all mean Vietnam; a national number starts
        // with 0, never 8. People also write "+84 (0) 91…", keeping the 0.
        let international = t
            .strip_prefix("+84")
            .or_else(|| t.strip_prefix("0084"))
            .or_else(|| t.strip_prefix("84"));
        let national = match international {
            Some(rest) => format!("0{}", rest.strip_prefix('0').unwrap_or(rest)),
            None => t,
        };
        let b = national.as_bytes();
        if !b.iter().all(u8::is_ascii_digit) || b.first() != Some(&b'0') {
            return Err(digits_err());
        }
        let prefix = |n: usize| PersonError::PhonePrefix {
            prefix: national[..n].to_string(),
        };
        match b.len() {
            10 if is_mobile_prefix(&b[..3]) => Ok(Phone(national)),
            11 if is_area_code(&b[..4]) => Ok(Phone(national)),
            // A known start with a digit too many or too few.
            10 | 11 if is_mobile_prefix(&b[..3]) || is_area_code(&b[..4]) => Err(digits_err()),
            10 if b[1] == b'2' => Err(digits_err()),
            10 => Err(prefix(3)),
            11 if b[1] == b'2' => Err(prefix(4)),
            11 => Err(prefix(3)),
            _ => Err(digits_err()),
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
    use proptest::prelude::*;

    #[test]
    fn cccd_has_twelve_digits_and_a_province_code() {
        let id = "092 190 001 234".parse::<Cccd>().unwrap();
        assert_eq!(id.as_str(), "092190001234");
        assert_eq!(id.province_code(), "092");
        for bad in ["09219000123", "09219000123x", "0921900012345", ""] {
            assert_eq!(
                bad.parse::<Cccd>(),
                Err(PersonError::CccdDigits(bad.into()))
            );
        }
        for (bad, code) in [
            ("999190001234", "999"),
            ("000190001234", "000"),
            ("003190001234", "003"),
            ("097190001234", "097"),
        ] {
            assert_eq!(
                bad.parse::<Cccd>(),
                Err(PersonError::CccdProvince { code: code.into() })
            );
        }
        for digit in 0..=9 {
            assert!(format!("001{digit}99123456").parse::<Cccd>().is_ok());
        }
    }

    #[test]
    fn the_province_list_has_sixty_three_distinct_codes_in_order() {
        assert!(PROVINCE_CODES.windows(2).all(|w| w[0] < w[1]));
        for code in PROVINCE_CODES {
            assert!(format!("{code}190001234").parse::<Cccd>().is_ok());
        }
    }

    #[test]
    fn errors_say_what_is_wrong_in_both_languages() {
        let e = "999190001234".parse::<Cccd>().unwrap_err();
        assert!(
            e.message().localize(Locale::Vi).contains("mã tỉnh"),
            "{e:?}"
        );
        assert!(e.message().localize(Locale::Vi).contains("\"999\""));
        assert!(e.to_string().contains("province"));
        assert!(e.to_string().contains("\"999\""));
        let e = "1234".parse::<Cccd>().unwrap_err();
        assert!(e.message().localize(Locale::Vi).contains("12 chữ số"));
        assert!(e.message().localize(Locale::En).contains("12 digits"));
        let e = "0612345678".parse::<Phone>().unwrap_err();
        assert!(e.message().localize(Locale::Vi).contains("061"));
        assert!(e
            .message()
            .localize(Locale::En)
            .contains("no Vietnamese mobile prefix"));
    }

    #[test]
    fn a_huge_input_is_not_echoed_whole() {
        let huge = "9".repeat(1_000_000);
        let e = huge.parse::<Cccd>().unwrap_err();
        assert!(e.message().localize(Locale::Vi).len() < 200);
        let e = huge.parse::<Phone>().unwrap_err();
        assert!(e.to_string().len() < 200);
    }

    #[test]
    fn phones_normalise_to_national_form() {
        for (input, national) in [
            ("+84 912 345 678", "0912345678"),
            ("84912345678", "0912345678"),
            ("0084 912 345 678", "0912345678"),
            ("+84 (0) 912 345 678", "0912345678"),
            ("(0292) 3820.123", "02923820123"),
            ("0292.3820.123", "02923820123"),
            ("+84 24 3825 3536", "02438253536"),
            ("028-3829-1234", "02838291234"),
            ("0325-678-901", "0325678901"),
            ("0559 123 456", "0559123456"),
            ("0708 123 456", "0708123456"),
            ("0876 543 210", "0876543210"),
        ] {
            assert_eq!(
                input.parse::<Phone>().unwrap().as_str(),
                national,
                "{input}"
            );
        }
    }

    #[test]
    fn phones_outside_the_numbering_plan_are_refused() {
        for (bad, prefix) in [
            ("0012345678", "001"),
            ("0112345678", "011"),
            ("0612345678", "061"),
            ("0412345678", "041"),
            ("0312345678", "031"),
            ("0532345678", "053"),
            ("0712345678", "071"),
            ("02012345678", "0201"),
            ("01912345678", "019"),
        ] {
            assert_eq!(
                bad.parse::<Phone>(),
                Err(PersonError::PhonePrefix {
                    prefix: prefix.into()
                }),
                "{bad}"
            );
        }
        for bad in [
            "912345678",
            "09123456789012",
            "0912abc678",
            "",
            "09123456789",
            "0292382012",
            "+1 555 123 4567",
        ] {
            assert_eq!(
                bad.parse::<Phone>(),
                Err(PersonError::PhoneDigits(bad.into())),
                "{bad}"
            );
        }
    }

    #[test]
    fn masks_keep_three_digits_at_each_end() {
        assert_eq!(
            "092190001234".parse::<Cccd>().unwrap().masked(),
            "092******234"
        );
        let mobile = "0912345678".parse::<Phone>().unwrap();
        assert_eq!(mobile.masked(), "091****678");
        assert_eq!(mobile.last_digits(4), "5678");
        assert_eq!(mobile.last_digits(40), "0912345678");
        assert_eq!(mobile.last_digits(0), "");
        assert!(mobile.is_mobile());
        let landline = "02923820123".parse::<Phone>().unwrap();
        assert_eq!(landline.masked(), "029*****123");
        assert!(!landline.is_mobile());
    }

    fn cccd() -> impl Strategy<Value = String> {
        (
            prop::sample::select(&PROVINCE_CODES[..]),
            0u64..1_000_000_000,
        )
            .prop_map(|(p, rest)| format!("{p}{rest:09}"))
    }

    fn phone() -> impl Strategy<Value = String> {
        let mobile = (
            prop::sample::select(vec![
                "032", "039", "052", "055", "056", "058", "059", "070", "076", "079", "081", "086",
                "087", "089", "090", "095", "099",
            ]),
            0u32..10_000_000,
        )
            .prop_map(|(p, n)| format!("{p}{n:07}"));
        let landline = (3u32..100, 0u32..10_000_000).prop_map(|(a, n)| format!("02{a:02}{n:07}"));
        prop_oneof![mobile, landline]
    }

    proptest! {
        #[test]
        fn valid_numbers_round_trip(id in cccd(), p in phone()) {
            let parsed: Cccd = id.parse().unwrap();
            prop_assert_eq!(parsed.to_string().parse::<Cccd>().unwrap(), parsed.clone());
            prop_assert_eq!(parsed.to_string(), id);
            let parsed: Phone = p.parse().unwrap();
            prop_assert_eq!(parsed.to_string().parse::<Phone>().unwrap(), parsed.clone());
            prop_assert_eq!(parsed.to_string(), p.clone());
            let international = format!("+84 {}", &p[1..]);
            prop_assert_eq!(international.parse::<Phone>().unwrap(), parsed);
        }

        #[test]
        fn masks_keep_the_length_and_hide_the_middle(id in cccd(), p in phone()) {
            for (full, masked) in [
                (id.clone(), id.parse::<Cccd>().unwrap().masked()),
                (p.clone(), p.parse::<Phone>().unwrap().masked()),
            ] {
                prop_assert_eq!(masked.chars().count(), full.len());
                prop_assert_eq!(&masked[..3], &full[..3]);
                prop_assert_eq!(&masked[full.len() - 3..], &full[full.len() - 3..]);
                prop_assert!(masked[3..full.len() - 3].bytes().all(|b| b == b'*'));
            }
        }
    }
}
