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
use crate::ids::AccountId;
use crate::org::Role;
use crate::AgencyCode;

/// The version of the rule below. A store whose rollups were counted by an
/// older version rebuilds them from the events before serving (bump it with
/// every change to what is counted).
pub const RULE_VERSION: i64 = 2;

/// Dossier counts kept per center × procedure × day of receipt.
///
/// `on_time` includes `early`: the law's "early or on time" is one number,
/// and the dashboards show the early ones apart. Flags that an event can take
/// back (digitized) count as the difference it makes, so a day's figure is
/// always what its dossiers hold now.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RollupCounts {
    pub received: i64,
    pub finished: i64,
    pub on_time: i64,
    pub late: i64,
    pub refused: i64,
    pub supplemented: i64,
    pub online: i64,
    pub early: i64,
    pub in_person: i64,
    pub by_post: i64,
    /// Dossiers whose components are all digitized (4.2).
    pub digitized: i64,
    /// Dossiers with an electronic result (4.1).
    pub e_result: i64,
    /// Dossiers reusing digitized data (4.3).
    pub reused: i64,
    /// Results handed back, and of them by public postal service.
    pub returned: i64,
    pub returned_by_post: i64,
    /// Seconds from receipt to settlement, summed over the finished dossiers
    /// (their mean is the average processing time, 2.2).
    pub settle_seconds: i64,
}

macro_rules! fields {
    ($m:ident) => {
        $m!(
            received,
            finished,
            on_time,
            late,
            refused,
            supplemented,
            online,
            early,
            in_person,
            by_post,
            digitized,
            e_result,
            reused,
            returned,
            returned_by_post,
            settle_seconds
        )
    };
}

/// The names of the counts, in the order [`RollupCounts::values`] gives
/// them: the columns of the stored rollups.
pub const COUNT_NAMES: &[&str] = {
    macro_rules! names {
        ($($f:ident),*) => { &[$(stringify!($f)),*] };
    }
    fields!(names)
};

impl std::ops::AddAssign<&RollupCounts> for RollupCounts {
    fn add_assign(&mut self, o: &RollupCounts) {
        macro_rules! add {
            ($($f:ident),*) => { $(self.$f += o.$f;)* };
        }
        fields!(add);
    }
}

impl RollupCounts {
    /// The counts in the order of [`COUNT_NAMES`].
    pub fn values(&self) -> Vec<i64> {
        macro_rules! values {
            ($($f:ident),*) => { vec![$(self.$f),*] };
        }
        fields!(values)
    }

    /// The counts from values in the order of [`COUNT_NAMES`] (missing ones 0).
    pub fn from_values(v: &[i64]) -> RollupCounts {
        let mut it = v.iter().copied();
        let mut c = RollupCounts::default();
        macro_rules! take {
            ($($f:ident),*) => { $(c.$f = it.next().unwrap_or(0);)* };
        }
        fields!(take);
        c
    }

    /// What an intake adds: the first event, the state it leads to and the
    /// channel the dossier came by.
    pub fn opening(step: &Step<'_>, after: &State, channel: Channel) -> RollupCounts {
        let mut c = RollupCounts::event(step, &State::default(), after, step.at);
        c.received = 1;
        match channel {
            Channel::InPerson => c.in_person = 1,
            Channel::Online => c.online = 1,
            Channel::Post => c.by_post = 1,
        }
        c
    }

    /// What an event adds to the day its dossier was received, from the
    /// state before and after it. A dossier counts as finished when it first
    /// becomes processed, judged against its legal appointment: an extension
    /// does not make a late dossier on time.
    pub fn event(
        step: &Step<'_>,
        before: &State,
        after: &State,
        received_at: Timestamp,
    ) -> RollupCounts {
        let mut counts = RollupCounts::default();
        let (from, to) = (step.from, step.to);
        let finished = to == Status::Processed && from != Some(Status::Processed);
        if let (true, Some(due)) = (finished, after.legal_appointment.or(after.appointment)) {
            counts.finished = 1;
            counts.settle_seconds = (step.at.as_second() - received_at.as_second()).max(0);
            match Timeliness::classify(due, step.at, after.supplement_count) {
                Timeliness::Late => counts.late = 1,
                Timeliness::Early => (counts.on_time, counts.early) = (1, 1),
                Timeliness::OnTime => counts.on_time = 1,
            }
        }
        counts.refused = i64::from(to == Status::NotAccepted && from != Some(Status::NotAccepted));
        counts.supplemented = i64::from(before.supplement_count == 0 && after.supplement_count > 0);
        let flag = |b: bool, a: bool| i64::from(a) - i64::from(b);
        counts.digitized = flag(before.digitized, after.digitized);
        counts.e_result = flag(before.e_result, after.e_result);
        counts.reused = flag(before.reused, after.reused);
        if to == Status::Returned && from != Some(Status::Returned) {
            counts.returned = 1;
            counts.returned_by_post = i64::from(after.result_by_post);
        } else if from == Some(Status::Returned) {
            // A delivery confirmed after the return moves it to the post.
            counts.returned_by_post = flag(before.result_by_post, after.result_by_post);
        }
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
        let mut counts = RollupCounts::opening(&first, &state, channel);
        let mut officers = OfficerCounts::credits(&first, &State::default(), &state);
        for e in steps {
            let before = state.clone();
            state.apply(e.action, e.to, e.agency);
            counts += &RollupCounts::event(&e, &before, &state, first.at);
            officers.extend(OfficerCounts::credits(&e, &before, &state));
        }
        Some(Tally {
            day: received_day(first.at),
            counts,
            state,
            officers,
        })
    }
}

/// What an officer did, counted per center (where the dossier was received),
/// officer and day of the work (in Vietnam): the per-officer figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OfficerCounts {
    /// Dossiers taken in: accepted or refused at the counter, or an online
    /// or postal registration accepted or refused.
    pub received: i64,
    pub digitized: i64,
    /// Dossiers settled by the officer they were assigned to (or, unassigned,
    /// by whoever approved them), and of them on time and late.
    pub settled: i64,
    pub on_time: i64,
    pub late: i64,
    /// Results handed back at the counter or to the post.
    pub returned: i64,
}

impl std::ops::AddAssign<&OfficerCounts> for OfficerCounts {
    fn add_assign(&mut self, o: &OfficerCounts) {
        self.received += o.received;
        self.digitized += o.digitized;
        self.settled += o.settled;
        self.on_time += o.on_time;
        self.late += o.late;
        self.returned += o.returned;
    }
}

/// One officer's share of an event: who and on which day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credit {
    pub account: AccountId,
    pub day: Date,
    pub counts: OfficerCounts,
}

impl OfficerCounts {
    /// Who an event credits, and with what. Events without an actor (the
    /// citizen's own submission, the carrier's updates) credit the officer
    /// only where one is assigned.
    pub fn credits(step: &Step<'_>, before: &State, after: &State) -> Vec<Credit> {
        let day = received_day(step.at);
        let mut out = Vec::new();
        let (from, to) = (step.from, step.to);
        let mut mine = OfficerCounts::default();
        let taken_in =
            matches!(from, None | Some(Status::Registered)) && !matches!(to, Status::Registered);
        mine.received = i64::from(taken_in);
        mine.digitized = i64::from(!before.digitized && after.digitized);
        mine.returned = i64::from(to == Status::Returned && from != Some(Status::Returned));
        if to == Status::Processed && from != Some(Status::Processed) {
            if let Some(due) = after.legal_appointment.or(after.appointment) {
                let mut settled = OfficerCounts {
                    settled: 1,
                    ..Default::default()
                };
                match Timeliness::classify(due, step.at, after.supplement_count) {
                    Timeliness::Late => settled.late = 1,
                    _ => settled.on_time = 1,
                }
                if let Some(account) = after.assigned_to.or(step.actor.map(|a| a.0)) {
                    out.push(Credit {
                        account,
                        day,
                        counts: settled,
                    });
                }
            }
        }
        if let Some((account, _)) = step.actor {
            if mine != OfficerCounts::default() {
                out.push(Credit {
                    account,
                    day,
                    counts: mine,
                });
            }
        }
        out
    }
}

/// One event of a dossier as the counts see it.
#[derive(Debug, Clone, Copy)]
pub struct Step<'a> {
    pub at: Timestamp,
    pub agency: &'a AgencyCode,
    /// The account that acted and its role, when an officer did.
    pub actor: Option<(AccountId, Role)>,
    pub from: Option<Status>,
    pub to: Status,
    pub action: &'a Action,
}

impl<'a> From<&'a Event> for Step<'a> {
    fn from(e: &'a Event) -> Step<'a> {
        Step {
            at: e.at,
            agency: &e.agency,
            actor: e.actor.as_ref().map(|a| (a.account_id, a.role)),
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
    /// What its events credit to officers.
    pub officers: Vec<Credit>,
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
        chain_by(
            &steps
                .iter()
                .map(|(at, a, to)| (*at, 0, a.clone(), *to))
                .collect::<Vec<_>>(),
        )
    }

    /// Steps with the acting account (0: nobody, the citizen).
    fn chain_by(steps: &[(&str, i64, Action, Status)]) -> Vec<Event> {
        let agency: AgencyCode = "000.01.31.H13".parse().unwrap();
        let mut events: Vec<Event> = Vec::new();
        let mut from = None;
        for (at, who, action, to) in steps {
            let actor = (*who > 0).then(|| crate::dossier::event::Actor {
                account_id: AccountId(*who),
                username: format!("u{who}"),
                role: Role::Reception,
            });
            let e = Event::next(
                events.last(),
                "000.01.31.H13-261123-0001",
                at.parse().unwrap(),
                actor,
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

    /// A postal registration accepted by officer 7 at 09:00 on Monday 23rd
    /// (02:00 UTC), due Wednesday 25th 17:00; handed to specialist 8;
    /// digitized with a reused component, a scan removed and digitized
    /// again; settled on Tuesday 24th (a day early, 30 hours after receipt);
    /// an electronic result; returned by post by officer 7 on the 26th.
    #[test]
    fn a_worked_dossier_counts_every_figure_once() {
        let agency: AgencyCode = "000.01.31.H13".parse().unwrap();
        let due = "2026-11-25T10:00:00Z".parse().unwrap();
        let scan = |reused: bool| Action::AttachScan {
            component: "CCCD".into(),
            file: "cccd.pdf".into(),
            blob: "b".into(),
            pages: 1,
            reused_from: reused.then(|| "000.01.31.H13-261001-0001".into()),
        };
        let events = chain_by(&[
            (
                "2026-11-23T01:00:00Z",
                0,
                Action::Submit,
                Status::Registered,
            ),
            (
                "2026-11-23T02:00:00Z",
                7,
                Action::Accept { appointment: due },
                Status::Accepted,
            ),
            (
                "2026-11-23T02:10:00Z",
                7,
                Action::HandOver {
                    to_agency: agency.clone(),
                    to_account: Some(AccountId(8)),
                    note: String::new(),
                },
                Status::InProgress,
            ),
            ("2026-11-23T02:20:00Z", 7, scan(true), Status::InProgress),
            (
                "2026-11-23T02:30:00Z",
                7,
                Action::Digitize,
                Status::InProgress,
            ),
            (
                "2026-11-23T02:40:00Z",
                7,
                Action::RemoveScan {
                    component: "CCCD".into(),
                    blob: "b".into(),
                    reason: "Mờ".into(),
                    undigitizes: true,
                },
                Status::InProgress,
            ),
            (
                "2026-11-23T02:50:00Z",
                9,
                Action::Digitize,
                Status::InProgress,
            ),
            (
                "2026-11-24T06:00:00Z",
                8,
                Action::DraftResult {
                    summary: "Trích lục".into(),
                },
                Status::InProgress,
            ),
            (
                "2026-11-24T07:00:00Z",
                10,
                Action::Approve,
                Status::Processed,
            ),
            (
                "2026-11-24T07:10:00Z",
                10,
                Action::IssueEResult,
                Status::Processed,
            ),
            (
                "2026-11-26T03:00:00Z",
                7,
                Action::Return {
                    received_by: "Bưu điện".into(),
                    by_post: true,
                },
                Status::Returned,
            ),
        ]);
        let t = RollupCounts::of_events(Channel::Post, &events).unwrap();
        assert_eq!(
            t.counts,
            RollupCounts {
                received: 1,
                by_post: 1,
                finished: 1,
                on_time: 1,
                early: 1,
                digitized: 1,
                reused: 1,
                e_result: 1,
                returned: 1,
                returned_by_post: 1,
                // 01:00 on the 23rd to 07:00 on the 24th: 30 hours.
                settle_seconds: 30 * 3600,
                ..Default::default()
            }
        );
        let mut by: std::collections::BTreeMap<(i64, Date), OfficerCounts> = Default::default();
        for c in &t.officers {
            *by.entry((c.account.0, c.day)).or_default() += &c.counts;
        }
        let day = |d| jiff::civil::date(2026, 11, d);
        assert_eq!(
            by.into_iter().collect::<Vec<_>>(),
            vec![
                (
                    (7, day(23)),
                    OfficerCounts {
                        received: 1,
                        digitized: 1,
                        ..Default::default()
                    }
                ),
                (
                    (7, day(26)),
                    OfficerCounts {
                        returned: 1,
                        ..Default::default()
                    }
                ),
                // The specialist it was assigned to settles it, not the approver.
                (
                    (8, day(24)),
                    OfficerCounts {
                        settled: 1,
                        on_time: 1,
                        ..Default::default()
                    }
                ),
                // Digitizing again after a scan was removed is work too (the dossier counts once).
                (
                    (9, day(23)),
                    OfficerCounts {
                        digitized: 1,
                        ..Default::default()
                    }
                ),
            ]
        );
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
