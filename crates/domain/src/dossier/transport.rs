//! Dossiers the post carries (Decision 45/2016/QĐ-TTg, Circular 17/2017/TT-BTTTT
//! Art. 5): a postal employee receives a dossier away from the center
//! (channel 3) — the documents tallied against the procedure's list, the list
//! of originals and copies both sides sign, the fees with their receipt, the
//! package sealed in front of the applicant — and carries batches of dossiers
//! (a manifest, *bảng kê*) between the center and the agencies that settle
//! them, with a hand-over record at each end. Pure: which leg a dossier may
//! travel, and the seal's and the list's rules.

use serde::{Deserialize, Serialize};

use super::Status;
use crate::labels::labelled_enum;

labelled_enum! {
    /// Where a manifest goes: postal intakes to the center that receives
    /// them, dossiers from the center to the agency that settles them, and
    /// results back.
    Leg {
        ToCenter = "to-center";
        ToAgency = "to-agency";
        BackToCenter = "back-to-center";
    }
}

labelled_enum! {
    /// A dossier in a manifest is handed to the postal employee at one end
    /// and received at the other.
    Stage {
        Dispatched = "dispatched";
        Received = "received";
    }
}

labelled_enum! {
    /// What the receiving end found when it tallied a dossier against its
    /// list: complete (for a postal intake the center accepts it and the
    /// legal clock starts), incomplete (a document short: the center asks
    /// for it or refuses), or not in the package at all.
    Tally {
        Complete = "complete";
        Incomplete = "incomplete";
        Missing = "missing";
    }
}

impl Leg {
    /// Whether a dossier in `status` may be sent on this leg.
    pub fn carries(self, status: Status) -> bool {
        use Status::*;
        match self {
            Leg::ToCenter => status == Registered,
            Leg::ToAgency => matches!(
                status,
                Accepted | InProgress | SupplementRequested | PaymentRequested
            ),
            Leg::BackToCenter => matches!(status, InProgress | Processed),
        }
    }
}

/// A document of a postal intake, as the list both sides sign counts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostedDocument {
    pub name: String,
    pub originals: u32,
    pub copies: u32,
}

impl PostedDocument {
    pub fn sheets(&self) -> u32 {
        self.originals + self.copies
    }
}

/// The number on the seal of a package: what the receiving end checks is
/// intact. Letters, digits and dashes, 4 to 20 of them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Seal(String);

impl Seal {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a seal number has 4 to 20 letters, digits or dashes")]
pub struct SealError;

impl SealError {
    pub fn message(&self) -> crate::i18n::Message {
        crate::i18n::Message::new("error-seal-number")
    }
}

impl std::str::FromStr for Seal {
    type Err = SealError;
    fn from_str(s: &str) -> Result<Seal, SealError> {
        let s = s.trim().to_ascii_uppercase();
        let ok = (4..=20).contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-');
        if ok {
            Ok(Seal(s))
        } else {
            Err(SealError)
        }
    }
}

impl TryFrom<String> for Seal {
    type Error = SealError;
    fn try_from(s: String) -> Result<Seal, SealError> {
        s.parse()
    }
}

impl From<Seal> for String {
    fn from(s: Seal) -> String {
        s.0
    }
}

impl std::fmt::Display for Seal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A manifest's number: its center's sequence in the year, `BK-2026-0042`.
pub fn manifest_number(year: i16, seq: u32) -> String {
    format!("BK-{year}-{seq:04}")
}

/// The mandatory components of a procedure that a postal intake's list does
/// not cover (by name, diacritics and case ignored, at least `count` sheets).
pub fn uncovered<'a>(
    components: &'a [crate::catalog::Component],
    given: &[PostedDocument],
) -> Vec<&'a str> {
    let key = crate::text::fold;
    components
        .iter()
        .filter(|c| c.mandatory)
        .filter(|c| {
            !given
                .iter()
                .any(|g| key(&g.name) == key(&c.name) && g.sheets() >= u32::from(c.count))
        })
        .map(|c| c.name.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_are_short_codes() {
        assert_eq!("  nb-00123 ".parse::<Seal>().unwrap().as_str(), "NB-00123");
        for bad in [
            "",
            "AB1",
            "-ABC1",
            "ABC1-",
            "AB 12",
            "ABCDEFGHIJKLMNOPQRSTU",
            "niêm1",
        ] {
            assert!(bad.parse::<Seal>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn legs_take_dossiers_where_they_are() {
        assert!(Leg::ToCenter.carries(Status::Registered));
        assert!(!Leg::ToCenter.carries(Status::Accepted));
        assert!(Leg::ToAgency.carries(Status::InProgress));
        assert!(!Leg::ToAgency.carries(Status::Processed));
        assert!(Leg::BackToCenter.carries(Status::Processed));
        assert!(!Leg::BackToCenter.carries(Status::Returned));
    }

    #[test]
    fn numbers_sort_within_a_year() {
        assert_eq!(manifest_number(2026, 42), "BK-2026-0042");
        assert!(manifest_number(2026, 9) < manifest_number(2026, 10));
    }
}
