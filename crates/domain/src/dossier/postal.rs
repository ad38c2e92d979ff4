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
