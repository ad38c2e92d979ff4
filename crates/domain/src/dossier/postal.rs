//! Results sent by public postal service (Decision 45/2016/QĐ-TTg): the
//! states of a delivery as the carrier reports them, which steps may follow
//! which, and how a tracking update from the carrier is judged (applied, a
//! replay, out of order, or impossible) before anything is written.

use crate::labels::labelled_enum;

labelled_enum! {
    /// Where a parcel with a dossier's result is: `created` is written, not
    /// yet confirmed by the carrier; `failed-attempt` means the postman could
    /// not deliver (nobody home, wrong address) and tries again or brings it
    /// back; `returned` is back at the center.
    DeliveryState {
        Created = "created";
        HandedOver = "handed-over";
        InTransit = "in-transit";
        Delivered = "delivered";
        FailedAttempt = "failed-attempt";
        Returned = "returned";
        Cancelled = "cancelled";
    }
}

impl DeliveryState {
    /// Nothing follows these.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            DeliveryState::Delivered | DeliveryState::Returned | DeliveryState::Cancelled
        )
    }

    /// Whether the carrier may report `to` after `self`.
    pub fn may_go(self, to: DeliveryState) -> bool {
        use DeliveryState::*;
        matches!(
            (self, to),
            (Created, HandedOver | Cancelled)
                | (
                    HandedOver,
                    InTransit | FailedAttempt | Delivered | Cancelled
                )
                | (InTransit, Delivered | FailedAttempt | Returned)
                | (FailedAttempt, InTransit | Delivered | Returned)
        )
    }
}

/// What to do with a tracking update of the carrier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judged {
    /// It moves the parcel on: write it.
    Applies,
    /// An update older than the last one applied (numbered by the carrier):
    /// kept for the record, changes nothing.
    OutOfOrder,
    /// A step that cannot follow where the parcel is: kept for the record,
    /// refused, changes nothing.
    Impossible,
}

/// Judges the carrier's update number `seq` reporting `to` for a parcel in
/// `state` whose last applied update was number `last_seq`. (A replay of an
/// update already recorded is recognised by its id before this.)
pub fn judge(state: DeliveryState, last_seq: u32, seq: u32, to: DeliveryState) -> Judged {
    if seq <= last_seq {
        Judged::OutOfOrder
    } else if state.may_go(to) {
        Judged::Applies
    } else {
        Judged::Impossible
    }
}

#[cfg(test)]
mod tests {
    use super::DeliveryState::*;
    use super::*;

    #[test]
    fn the_path_of_a_parcel() {
        let path = [
            Created,
            HandedOver,
            InTransit,
            FailedAttempt,
            InTransit,
            Delivered,
        ];
        for w in path.windows(2) {
            assert!(w[0].may_go(w[1]), "{:?} → {:?}", w[0], w[1]);
        }
        assert!(Delivered.is_final() && Returned.is_final() && Cancelled.is_final());
        for s in DeliveryState::ALL {
            assert!(!Delivered.may_go(*s) && !Cancelled.may_go(*s) && !Returned.may_go(*s));
        }
        assert!(
            !Created.may_go(Delivered),
            "not without the carrier taking it"
        );
        assert!(!InTransit.may_go(Cancelled), "too late to cancel");
    }

    #[test]
    fn updates_are_judged_by_number_then_by_step() {
        assert_eq!(judge(HandedOver, 2, 3, InTransit), Judged::Applies);
        assert_eq!(judge(InTransit, 3, 2, HandedOver), Judged::OutOfOrder);
        assert_eq!(judge(InTransit, 3, 3, Delivered), Judged::OutOfOrder);
        assert_eq!(judge(Delivered, 4, 5, InTransit), Judged::Impossible);
        // An update that skips numbers (one lost on the way) still applies.
        assert_eq!(judge(HandedOver, 2, 4, Delivered), Judged::Applies);
    }
}

/// A postal item's tracking code in the UPU S10 form the post office issues:
/// two letters (the service), eight digits, their check digit, the country
/// (`EB123456785VN`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct TrackingCode(String);

impl TrackingCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for TrackingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a text is not an S10 tracking code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrackingCodeError {
    #[error("a tracking code is 2 letters, 9 digits and 2 letters, such as EB123456785VN")]
    Shape,
    #[error("the check digit does not match the serial number")]
    CheckDigit,
}

impl TrackingCodeError {
    pub fn message(&self) -> crate::i18n::Message {
        match self {
            TrackingCodeError::Shape => crate::i18n::Message::new("tracking-code-shape"),
            TrackingCodeError::CheckDigit => crate::i18n::Message::new("tracking-code-check-digit"),
        }
    }
}

impl std::str::FromStr for TrackingCode {
    type Err = TrackingCodeError;

    fn from_str(s: &str) -> Result<TrackingCode, TrackingCodeError> {
        let code: String = s.trim().to_ascii_uppercase();
        let b = code.as_bytes();
        let shaped = b.len() == 13
            && b[..2].iter().all(u8::is_ascii_uppercase)
            && b[2..11].iter().all(u8::is_ascii_digit)
            && b[11..].iter().all(u8::is_ascii_uppercase);
        if !shaped {
            return Err(TrackingCodeError::Shape);
        }
        let serial: u32 = code[2..10].parse().map_err(|_| TrackingCodeError::Shape)?;
        if u32::from(b[10] - b'0') != s10_check_digit(serial) {
            return Err(TrackingCodeError::CheckDigit);
        }
        Ok(TrackingCode(code))
    }
}

/// The UPU S10 check digit of an 8-digit serial number.
pub fn s10_check_digit(serial: u32) -> u32 {
    const WEIGHTS: [u32; 8] = [8, 6, 4, 2, 3, 5, 9, 7];
    let digits = format!("{serial:08}");
    let sum: u32 = digits
        .bytes()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    match 11 - sum % 11 {
        10 => 0,
        11 => 5,
        d => d,
    }
}

#[cfg(test)]
mod code_tests {
    use super::*;

    #[test]
    fn tracking_codes_are_s10() {
        // 4·8 + 7·6 + 3·4 + 2·2 + 6·3 + 5·5 + 7·9 + 8·7 = 252 = 22·11 + 10: 11 − 10 = 1.
        assert_eq!(s10_check_digit(47_326_578), 1);
        // A remainder of 0 gives 5, of 1 gives 0 (8 + 4 = 12).
        assert_eq!(s10_check_digit(0), 5);
        assert_eq!(s10_check_digit(10_100_000), 0);
        let code: TrackingCode = " rr473265781ch ".parse().unwrap();
        assert_eq!(code.as_str(), "RR473265781CH");
        assert_eq!(
            "RR473265785CH".parse::<TrackingCode>(),
            Err(TrackingCodeError::CheckDigit)
        );
        for bad in [
            "",
            "RR47326578CH",
            "R1473265781CH",
            "RR4732657A1CH",
            "RR473265781C1",
        ] {
            assert_eq!(
                bad.parse::<TrackingCode>(),
                Err(TrackingCodeError::Shape),
                "{bad}"
            );
        }
    }
}
