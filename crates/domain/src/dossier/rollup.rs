//! The one rule for what a dossier adds to the daily counts of its center,
//! procedure and day of receipt. The live intake and actions, the bulk load of
//! history and the rebuild from events all count with it, so the figures a
//! supervisor reads do not depend on how a dossier got into the database.

use jiff::civil::Date;
use jiff::Timestamp;
use serde::Serialize;

use super::event::Event;
use super::lifecycle::{Action, State};
use super::{Status, Timeliness};
use crate::catalog::Channel;
use crate::AgencyCode;

/// Dossier counts kept per center × procedure × day of receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RollupCounts {
    pub received: i64,
    pub finished: i64,
    pub on_time: i64,
    pub late: i64,
    pub refused: i64,
    pub supplemented: i64,
    pub online: i64,
}

impl std::ops::AddAssign<&RollupCounts> for RollupCounts {
    fn add_assign(&mut self, o: &RollupCounts) {
        self.received += o.received;
        self.finished += o.finished;
        self.on_time += o.on_time;
        self.late += o.late;
        self.refused += o.refused;
        self.supplemented += o.supplemented;
        self.online += o.online;
    }
}

impl RollupCounts {
    /// What an intake adds: `to` is the status it leads to and `state` the
    /// dossier's state after it.
    pub fn opening(to: Status, state: &State, channel: Channel) -> RollupCounts {
        RollupCounts {
            received: 1,
            refused: i64::from(to == Status::NotAccepted),
            supplemented: i64::from(state.supplement_count > 0),
            online: i64::from(channel == Channel::Online),
            ..Default::default()
        }
    }

    /// What a later event adds to the day its dossier was received; `state`
    /// is the state after the event. A dossier counts as finished when it
    /// first becomes processed, judged against its legal appointment: an
    /// extension does not make a late dossier on time.
    pub fn event(
        from: Option<Status>,
        to: Status,
        action: &Action,
        state: &State,
        at: Timestamp,
    ) -> RollupCounts {
        let mut counts = RollupCounts::default();
        let finished = to == Status::Processed && from != Some(Status::Processed);
        if let (true, Some(due)) = (finished, state.legal_appointment.or(state.appointment)) {
            counts.finished = 1;
            match Timeliness::classify(due, at, state.supplement_count) {
                Timeliness::Late => counts.late = 1,
                Timeliness::Early | Timeliness::OnTime => counts.on_time = 1,
            }
        }
        counts.refused = i64::from(to == Status::NotAccepted && from != Some(Status::NotAccepted));
        counts.supplemented = i64::from(
            matches!(action, Action::RequestSupplement { .. }) && state.supplement_count == 1,
        );
        counts
    }

    /// Everything a dossier's events add, counted event by event as they
    /// happened, with the day of receipt they add to (in Vietnam's time) and
    /// the state they lead to. `None` for a dossier without events.
    pub fn of_events(channel: Channel, events: &[Event]) -> Option<Tally> {
        RollupCounts::of_record(channel, events.iter().map(Step::from))
    }

    /// [`RollupCounts::of_events`] over the parts of a record the counts
    /// read, for a reader that does not hold whole events (the rebuild).
    pub fn of_record<'a>(
        channel: Channel,
        steps: impl IntoIterator<Item = Step<'a>>,
    ) -> Option<Tally> {
        let mut steps = steps.into_iter();
        let first = steps.next()?;
        let mut state = State::default();
        state.apply(first.action, first.to, first.agency);
        let mut counts = RollupCounts::opening(first.to, &state, channel);
        for e in steps {
            state.apply(e.action, e.to, e.agency);
            counts += &RollupCounts::event(e.from, e.to, e.action, &state, e.at);
        }
        Some(Tally {
            day: received_day(first.at),
            counts,
            state,
        })
    }
}

/// One event of a dossier as the counts see it.
#[derive(Debug, Clone, Copy)]
pub struct Step<'a> {
    pub at: Timestamp,
    pub agency: &'a AgencyCode,
    pub from: Option<Status>,
    pub to: Status,
    pub action: &'a Action,
}

impl<'a> From<&'a Event> for Step<'a> {
    fn from(e: &'a Event) -> Step<'a> {
        Step {
            at: e.at,
            agency: &e.agency,
            from: e.from,
            to: e.to,
            action: &e.action,
        }
    }
}

/// What one dossier's whole record counts, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    /// The day of receipt, whose rollup every later event adds to.
    pub day: Date,
    pub counts: RollupCounts,
    /// The state the events lead to.
    pub state: State,
}

/// The day a dossier received at `at` is counted on: the calendar day in
/// Vietnam, not in UTC (a dossier received at 06:30 local is on that day).
pub fn received_day(at: Timestamp) -> Date {
    motcua_calendar::from_timestamp(at).date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::event::Event;

    fn chain(steps: &[(&str, Action, Status)]) -> Vec<Event> {
        let agency: AgencyCode = "000.01.31.H13".parse().unwrap();
        let mut events: Vec<Event> = Vec::new();
        let mut from = None;
        for (at, action, to) in steps {
            let e = Event::next(
                events.last(),
                "000.01.31.H13-261123-0001",
                at.parse().unwrap(),
                None,
                agency.clone(),
                from,
                *to,
                action.clone(),
            );
            from = Some(*to);
            events.push(e);
        }
        events
    }

    #[test]
    fn a_dossier_counts_on_its_day_of_receipt_in_vietnam() {
        // 23:30 UTC on the 22nd is 06:30 on the 23rd in Vietnam.
        let events = chain(&[
            ("2026-11-22T23:30:00Z", Action::Submit, Status::Registered),
            (
                "2026-11-24T02:00:00Z",
                Action::Refuse {
                    reasons: "Thiếu tờ khai".into(),
                },
                Status::NotAccepted,
            ),
        ]);
        let t = RollupCounts::of_events(Channel::Online, &events).unwrap();
        assert_eq!(t.day, jiff::civil::date(2026, 11, 23));
        assert_eq!(
            t.counts,
            RollupCounts {
                received: 1,
                refused: 1,
                online: 1,
                ..Default::default()
            }
        );
        assert_eq!(t.state.status, Some(Status::NotAccepted));
        assert!(RollupCounts::of_events(Channel::Online, &[]).is_none());
    }

    #[test]
    fn an_extension_does_not_make_a_late_dossier_on_time() {
        let events = chain(&[
            (
                "2026-11-23T02:00:00Z",
                Action::Accept {
                    appointment: "2026-11-24T10:00:00Z".parse().unwrap(),
                },
                Status::Accepted,
            ),
            (
                "2026-11-24T09:00:00Z",
                Action::Extend {
                    appointment: "2026-11-26T10:00:00Z".parse().unwrap(),
                    reason: "Chờ xác minh".into(),
                },
                Status::Accepted,
            ),
            (
                "2026-11-25T02:00:00Z",
                Action::DraftResult {
                    summary: "Bản sao".into(),
                },
                Status::Accepted,
            ),
            ("2026-11-25T03:00:00Z", Action::Approve, Status::Processed),
        ]);
        let t = RollupCounts::of_events(Channel::InPerson, &events).unwrap();
        assert_eq!(
            (t.counts.finished, t.counts.late, t.counts.on_time),
            (1, 1, 0)
        );
    }
}
