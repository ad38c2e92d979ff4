//! Dossiers: codes, national status codes, the lifecycle, the hash-chained
//! event record, and the on-time classification.

pub mod certify;
pub mod details;
pub mod event;
pub mod lifecycle;
pub mod notice;
pub mod postal;
pub mod rollup;
pub mod scans;
pub mod transport;

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use jiff::Timestamp;

use crate::catalog::Channel;
use crate::labels::labelled_enum;
use crate::{AgencyCode, ProcedureCode};

labelled_enum! {
    /// National status codes of a dossier (the number is the code).
    Status {
        Registered = "1";
        Accepted = "2";
        NotAccepted = "3";
        InProgress = "4";
        SupplementRequested = "5";
        PaymentRequested = "6";
        Withdrawn = "7";
        Stopped = "8";
        Processed = "9";
        Returned = "10";
    }
}

impl Status {
    pub fn number(self) -> i32 {
        self.code().parse().expect("status codes are numbers")
    }

    pub fn from_number(n: i32) -> Option<Status> {
        Status::ALL.iter().copied().find(|s| s.number() == n)
    }
}

/// `{agency identifier}-{yyMMdd}-{NNNN}`: unique per receiving agency and day.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DossierCode {
    pub agency: AgencyCode,
    pub day: Date,
    pub seq: u32,
}

impl DossierCode {
    /// The day part as stored with counters: `yyMMdd`.
    pub fn day_key(&self) -> String {
        format!(
            "{:02}{:02}{:02}",
            self.day.year() % 100,
            self.day.month(),
            self.day.day()
        )
    }
}

crate::textual::serde_as_text!(DossierCode);

impl fmt::Display for DossierCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{:04}", self.agency, self.day_key(), self.seq)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().localize(crate::Locale::En))]
pub struct DossierCodeError(pub String);

impl DossierCodeError {
    /// The error for people, from the catalog (`bad-code-dossier` in errors.ftl).
    pub fn message(&self) -> crate::i18n::Message {
        crate::i18n::Message::new("bad-code-dossier").with("value", format!("{:?}", self.0))
    }
}

impl FromStr for DossierCode {
    type Err = DossierCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DossierCodeError(s.to_string());
        let mut parts = s.trim().rsplitn(3, '-');
        let (seq, day, agency) = (
            parts.next().ok_or_else(err)?,
            parts.next().ok_or_else(err)?,
            parts.next().ok_or_else(err)?,
        );
        if seq.len() < 4
            || !seq.bytes().all(|b| b.is_ascii_digit())
            || day.len() != 6
            || !day.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(err());
        }
        let num = |r: std::ops::Range<usize>| day[r].parse::<i8>().map_err(|_| err());
        let date =
            Date::new(2000 + i16::from(num(0..2)?), num(2..4)?, num(4..6)?).map_err(|_| err())?;
        Ok(DossierCode {
            agency: agency.parse().map_err(|_| err())?,
            day: date,
            seq: seq.parse().map_err(|_| err())?,
        })
    }
}

/// How a finished dossier counts (Decision 766): early, on time or late.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timeliness {
    Early,
    OnTime,
    Late,
}

impl Timeliness {
    /// Classifies a settled dossier. More than one supplement request counts as
    /// late whatever the dates; "early" means settled before the appointment day.
    pub fn classify(due: Timestamp, finished: Timestamp, supplement_requests: i32) -> Timeliness {
        if supplement_requests > 1 || finished > due {
            Timeliness::Late
        } else if motcua_calendar::from_timestamp(finished).date()
            < motcua_calendar::from_timestamp(due).date()
        {
            Timeliness::Early
        } else {
            Timeliness::OnTime
        }
    }
}

/// A dossier from the past with its whole record, written in bulk with
/// `Store::insert_history`: what the intake recorded and every event since,
/// hash-chained exactly as the live intake and actions chain them. Its
/// status, appointment, counters and flags are not stored apart: they are
/// what the events lead to ([`HistoricDossier::state`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoricDossier {
    pub code: String,
    pub center_id: crate::ids::CenterId,
    /// The receiving agency (the code's prefix).
    pub agency_code: AgencyCode,
    pub procedure_code: ProcedureCode,
    pub procedure_version_id: crate::ids::ProcedureVersionId,
    pub channel: Channel,
    pub applicant_name: String,
    pub applicant_id_number: Option<String>,
    pub applicant_phone: Option<String>,
    /// The intake details as JSON text, with the keys a dossier received at
    /// the counter carries (`procedure_name`, `components`, `fee`…). Shared:
    /// many dossiers of one procedure have the same.
    pub details: std::sync::Arc<str>,
    /// Oldest first; never empty. The first one is the intake.
    pub events: Vec<event::Event>,
}

impl HistoricDossier {
    /// When it was received: the instant of its first event.
    pub fn received_at(&self) -> Timestamp {
        self.events.first().expect("a dossier has events").at
    }

    /// The state its events lead to (applied in order, without checking
    /// hashes: [`event::verify`] does that).
    pub fn state(&self) -> lifecycle::State {
        let mut state = lifecycle::State::default();
        for e in &self.events {
            state.apply(&e.action, e.to, &e.agency);
        }
        state
    }

    /// The national status of its last event.
    pub fn status(&self) -> Status {
        self.events.last().expect("a dossier has events").to
    }

    /// When it was first processed (status 9), as the live record notes it.
    pub fn finished_at(&self) -> Option<Timestamp> {
        self.first_entering(Status::Processed)
    }

    /// When its result was first returned (status 10).
    pub fn returned_at(&self) -> Option<Timestamp> {
        self.first_entering(Status::Returned)
    }

    fn first_entering(&self, status: Status) -> Option<Timestamp> {
        self.events.iter().find(|e| e.enters(status)).map(|e| e.at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        let c: DossierCode = "000.00.06.H56-231027-0361".parse().unwrap();
        assert_eq!(c.seq, 361);
        assert_eq!(c.day, jiff::civil::date(2023, 10, 27));
        assert_eq!(c.to_string(), "000.00.06.H56-231027-0361");
        for bad in [
            "000.00.06.H56-231027",
            "000.00.06.H56-231327-0001",
            "X-231027-0001",
            "000.00.06.H56-231027-01",
        ] {
            assert!(bad.parse::<DossierCode>().is_err(), "{bad}");
        }
    }

    #[test]
    fn statuses_have_national_numbers() {
        assert_eq!(Status::Returned.number(), 10);
        assert_eq!(Status::from_number(5), Some(Status::SupplementRequested));
        assert_eq!(Status::from_number(11), None);
    }

    #[test]
    fn timeliness() {
        let due: Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
        assert_eq!(
            Timeliness::classify(due, "2026-11-24T03:00:00Z".parse().unwrap(), 0),
            Timeliness::Early
        );
        assert_eq!(
            Timeliness::classify(due, "2026-11-25T02:00:00Z".parse().unwrap(), 1),
            Timeliness::OnTime
        );
        assert_eq!(Timeliness::classify(due, due, 0), Timeliness::OnTime);
        assert_eq!(
            Timeliness::classify(due, "2026-11-25T10:00:01Z".parse().unwrap(), 0),
            Timeliness::Late
        );
        assert_eq!(
            Timeliness::classify(due, "2026-11-20T00:00:00Z".parse().unwrap(), 2),
            Timeliness::Late
        );
    }
}
