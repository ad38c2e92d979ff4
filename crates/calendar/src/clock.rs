//! The clock of one dossier: the appointment from the legal limit, paused while
//! the citizen supplements (or restarted from zero, per procedure), pushed back
//! by an extension, split into per-step budgets, and read at any instant.

use jiff::civil::DateTime;

use crate::{TimeLimit, WorkCalendar};

/// What a supplement request does to the clock (configurable per procedure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SupplementPolicy {
    /// The clock stops while the citizen supplements; the appointment moves by
    /// the working time spent waiting.
    #[default]
    Pause,
    /// The full legal time starts again when the completed dossier comes back.
    Restart,
}

/// A wait for the citizen; `until` is `None` while still waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    pub from: DateTime,
    pub until: Option<DateTime>,
}

/// Where a dossier stands against its appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// Settled before the appointment's day.
    Early,
    /// Settled by the appointment, or open with time to spare.
    OnTime,
    /// Open, with little working time left.
    DueSoon,
    /// Settled after the appointment, or open past it.
    Late,
    /// Open and waiting for the citizen's supplement.
    Paused,
}

impl Standing {
    pub fn label_vi(self) -> &'static str {
        match self {
            Standing::Early => "Trước hạn",
            Standing::OnTime => "Đúng hạn",
            Standing::DueSoon => "Sắp đến hạn",
            Standing::Late => "Quá hạn",
            Standing::Paused => "Tạm dừng chờ bổ sung",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Standing::Early => "Early",
            Standing::OnTime => "On time",
            Standing::DueSoon => "Due soon",
            Standing::Late => "Late",
            Standing::Paused => "Waiting for a supplement",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    #[error("the clock is already paused")]
    AlreadyPaused,
    #[error("the clock is not paused")]
    NotPaused,
    #[error("{at} is before the last event of the clock ({last})")]
    OutOfOrder { at: DateTime, last: DateTime },
    #[error("the extension {to} does not come after the current appointment {current}")]
    ExtensionTooEarly { to: DateTime, current: DateTime },
    #[error("a dossier can be extended at most {0} time(s)")]
    TooManyExtensions(u32),
}

/// The deadline-relevant history of one dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    pub received: DateTime,
    pub limit: TimeLimit,
    pub policy: SupplementPolicy,
    pub pauses: Vec<Pause>,
    /// New appointments granted by extension letters (Mẫu 04), in order.
    pub extensions: Vec<DateTime>,
}

impl Clock {
    pub fn new(received: DateTime, limit: TimeLimit, policy: SupplementPolicy) -> Clock {
        Clock {
            received,
            limit,
            policy,
            pauses: Vec::new(),
            extensions: Vec::new(),
        }
    }

    /// The latest receipt, pause or resumption: a new pause cannot come earlier.
    fn last_event(&self) -> DateTime {
        let mut last = self.received;
        for p in &self.pauses {
            last = last.max(p.until.unwrap_or(p.from)).max(p.from);
        }
        last
    }

    pub fn is_paused(&self) -> bool {
        self.pauses.last().is_some_and(|p| p.until.is_none())
    }

    /// Stops the clock (a supplement was requested).
    pub fn pause(&mut self, at: DateTime) -> Result<(), ClockError> {
        if self.is_paused() {
            return Err(ClockError::AlreadyPaused);
        }
        let last = self.last_event();
        if at < last {
            return Err(ClockError::OutOfOrder { at, last });
        }
        self.pauses.push(Pause {
            from: at,
            until: None,
        });
        Ok(())
    }

    /// Starts the clock again (the supplement came in).
    pub fn resume(&mut self, at: DateTime) -> Result<(), ClockError> {
        let Some(p) = self.pauses.last_mut().filter(|p| p.until.is_none()) else {
            return Err(ClockError::NotPaused);
        };
        if at < p.from {
            return Err(ClockError::OutOfOrder { at, last: p.from });
        }
        p.until = Some(at);
        Ok(())
    }

    /// Grants a new appointment, at most `limit` times (1 by default in law).
    pub fn extend(
        &mut self,
        cal: &WorkCalendar,
        to: DateTime,
        now: DateTime,
        limit: u32,
    ) -> Result<(), ClockError> {
        if self.extensions.len() as u32 >= limit {
            return Err(ClockError::TooManyExtensions(limit));
        }
        let current = self.appointment(cal, now);
        if to <= current {
            return Err(ClockError::ExtensionTooEarly { to, current });
        }
        self.extensions.push(to);
        Ok(())
    }

    /// The appointment as it stands at `now`: a pause still open counts until
    /// `now`. With extensions, the latest granted appointment, unless waiting
    /// after it pushed the legal appointment further.
    pub fn appointment(&self, cal: &WorkCalendar, now: DateTime) -> DateTime {
        let legal = match self.policy {
            SupplementPolicy::Pause => {
                let waited: i64 = self
                    .pauses
                    .iter()
                    .map(|p| {
                        cal.working_seconds_between(p.from, p.until.unwrap_or(now).max(p.from))
                    })
                    .sum();
                let due = cal.due(self.received, self.limit);
                moved_by_wait(cal, due, waited)
            }
            SupplementPolicy::Restart => {
                let restart = self
                    .pauses
                    .last()
                    .map_or(self.received, |p| p.until.unwrap_or(now).max(p.from));
                cal.due(restart, self.limit)
            }
        };
        self.extensions.last().map_or(legal, |e| legal.max(*e))
    }

    /// Working seconds left at `now` (negative once late; frozen while paused).
    pub fn remaining(&self, cal: &WorkCalendar, now: DateTime) -> i64 {
        cal.working_seconds_between(now, self.appointment(cal, now))
    }

    /// The working time the law allows, as working seconds from receipt.
    pub fn budget(&self, cal: &WorkCalendar) -> i64 {
        match self.limit {
            TimeLimit::WorkingDays(d) => i64::from(d) * 8 * 3600,
            TimeLimit::WorkingHours(h) => i64::from(h) * 3600,
            _ => cal.working_seconds_between(self.received, cal.due(self.received, self.limit)),
        }
    }

    /// How little working time left counts as "due soon" for this dossier.
    pub fn due_soon_seconds(&self, cal: &WorkCalendar) -> i64 {
        due_soon_seconds(self.budget(cal))
    }

    /// Where the dossier stands at `now`, or at `finished` once settled.
    pub fn standing(
        &self,
        cal: &WorkCalendar,
        now: DateTime,
        finished: Option<DateTime>,
    ) -> Standing {
        if let Some(f) = finished {
            let due = self.appointment(cal, f);
            return if f > due {
                Standing::Late
            } else if f.date() < due.date() {
                Standing::Early
            } else {
                Standing::OnTime
            };
        }
        if self.is_paused() {
            return Standing::Paused;
        }
        let due = self.appointment(cal, now);
        if now > due {
            Standing::Late
        } else if cal.working_seconds_between(now, due) <= self.due_soon_seconds(cal) {
            Standing::DueSoon
        } else {
            Standing::OnTime
        }
    }
}

/// An appointment pushed back by `waited` working seconds of waiting for the
/// citizen. No wait leaves it where it is, even at a session's end (adding zero
/// working time would move it to the next session's start).
pub fn moved_by_wait(cal: &WorkCalendar, appointment: DateTime, waited: i64) -> DateTime {
    if waited > 0 {
        cal.add_working_seconds(appointment, waited)
    } else {
        appointment
    }
}

/// How little working time left counts as "due soon" out of a budget of
/// working seconds: a quarter of it, at most one working day and at least an hour.
pub fn due_soon_seconds(budget: i64) -> i64 {
    (budget / 4).clamp(3600, 8 * 3600)
}

/// One step of the processing (reception, settlement, approval, return…) and
/// its share of the legal time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub name: String,
    pub seconds: i64,
}

/// Splits a budget among steps in proportion to their weights; the shares are
/// whole minutes and add up exactly to the budget (the last step takes the rest).
pub fn split_budget(budget: i64, weights: &[(&str, u32)]) -> Vec<Step> {
    let total: i64 = weights
        .iter()
        .map(|(_, w)| i64::from(*w))
        .sum::<i64>()
        .max(1);
    let mut given = 0;
    let mut steps: Vec<Step> = weights
        .iter()
        .map(|(name, w)| {
            let seconds = budget * i64::from(*w) / total / 60 * 60;
            given += seconds;
            Step {
                name: (*name).to_string(),
                seconds,
            }
        })
        .collect();
    if let Some(last) = steps.last_mut() {
        last.seconds += budget - given;
    }
    steps
}

/// The deadline of each step, starting at `start`, one after the other.
pub fn step_deadlines(cal: &WorkCalendar, start: DateTime, steps: &[Step]) -> Vec<DateTime> {
    let mut at = start;
    let mut elapsed = 0;
    steps
        .iter()
        .map(|s| {
            elapsed += s.seconds;
            at = cal.add_working_seconds(start, elapsed);
            at
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn cal() -> WorkCalendar {
        WorkCalendar::default()
    }

    #[test]
    fn pause_moves_the_appointment_by_the_wait() {
        let c = cal();
        let mut clock = Clock::new(
            date(2026, 11, 23).at(8, 0, 0, 0),
            TimeLimit::WorkingDays(3),
            SupplementPolicy::Pause,
        );
        let due = clock.appointment(&c, clock.received);
        assert_eq!(due, date(2026, 11, 26).at(8, 0, 0, 0));
        clock.pause(date(2026, 11, 24).at(10, 0, 0, 0)).unwrap();
        assert_eq!(
            clock.standing(&c, date(2026, 11, 25).at(9, 0, 0, 0), None),
            Standing::Paused
        );
        clock.resume(date(2026, 11, 25).at(10, 0, 0, 0)).unwrap();
        // One working day waited: the appointment moves by one working day.
        assert_eq!(
            clock.appointment(&c, date(2026, 11, 26).at(9, 0, 0, 0)),
            date(2026, 11, 27).at(8, 0, 0, 0)
        );
    }

    #[test]
    fn no_wait_leaves_an_appointment_at_a_sessions_end() {
        let c = cal();
        let close = date(2026, 11, 27).at(17, 0, 0, 0);
        assert_eq!(moved_by_wait(&c, close, 0), close);
        assert_eq!(
            c.add_working_seconds(close, 0),
            date(2026, 11, 30).at(7, 0, 0, 0),
            "what a zero wait must not do"
        );
        assert_eq!(
            moved_by_wait(&c, close, 3600),
            date(2026, 11, 30).at(8, 0, 0, 0)
        );
    }

    #[test]
    fn an_open_pause_counts_until_now_and_remaining_is_frozen() {
        let c = cal();
        let mut clock = Clock::new(
            date(2026, 11, 23).at(8, 0, 0, 0),
            TimeLimit::WorkingDays(3),
            SupplementPolicy::Pause,
        );
        clock.pause(date(2026, 11, 24).at(10, 0, 0, 0)).unwrap();
        let r1 = clock.remaining(&c, date(2026, 11, 24).at(15, 0, 0, 0));
        let r2 = clock.remaining(&c, date(2026, 11, 30).at(9, 0, 0, 0));
        assert_eq!(r1, r2, "no time runs out while waiting for the citizen");
        assert_eq!(r1, 2 * 8 * 3600 - 2 * 3600);
    }

    #[test]
    fn restart_policy_starts_the_full_time_again() {
        let c = cal();
        let mut clock = Clock::new(
            date(2026, 11, 23).at(8, 0, 0, 0),
            TimeLimit::WorkingDays(3),
            SupplementPolicy::Restart,
        );
        clock.pause(date(2026, 11, 24).at(10, 0, 0, 0)).unwrap();
        clock.resume(date(2026, 11, 26).at(14, 0, 0, 0)).unwrap();
        assert_eq!(
            clock.appointment(&c, date(2026, 11, 26).at(15, 0, 0, 0)),
            date(2026, 12, 1).at(14, 0, 0, 0)
        );
    }

    #[test]
    fn extension_gives_a_new_appointment_once() {
        let c = cal();
        let mut clock = Clock::new(
            date(2026, 11, 23).at(8, 0, 0, 0),
            TimeLimit::WorkingDays(1),
            SupplementPolicy::Pause,
        );
        let now = date(2026, 11, 23).at(15, 0, 0, 0);
        assert!(matches!(
            clock.extend(&c, date(2026, 11, 23).at(10, 0, 0, 0), now, 1),
            Err(ClockError::ExtensionTooEarly { .. })
        ));
        clock
            .extend(&c, date(2026, 11, 27).at(16, 0, 0, 0), now, 1)
            .unwrap();
        assert_eq!(
            clock.appointment(&c, now),
            date(2026, 11, 27).at(16, 0, 0, 0)
        );
        assert_eq!(
            clock.extend(&c, date(2026, 12, 4).at(16, 0, 0, 0), now, 1),
            Err(ClockError::TooManyExtensions(1))
        );
    }

    #[test]
    fn standing_at_any_instant() {
        let c = cal();
        let clock = Clock::new(
            date(2026, 11, 23).at(8, 0, 0, 0),
            TimeLimit::WorkingDays(3),
            SupplementPolicy::Pause,
        );
        assert_eq!(
            clock.standing(&c, date(2026, 11, 23).at(9, 0, 0, 0), None),
            Standing::OnTime
        );
        assert_eq!(
            clock.standing(&c, date(2026, 11, 25).at(14, 0, 0, 0), None),
            Standing::DueSoon
        );
        assert_eq!(
            clock.standing(&c, date(2026, 11, 26).at(8, 0, 1, 0), None),
            Standing::Late
        );
        let settled = |f| clock.standing(&c, f, Some(f));
        assert_eq!(settled(date(2026, 11, 25).at(16, 0, 0, 0)), Standing::Early);
        assert_eq!(
            settled(date(2026, 11, 26).at(7, 30, 0, 0)),
            Standing::OnTime
        );
        assert_eq!(settled(date(2026, 11, 26).at(9, 0, 0, 0)), Standing::Late);
        assert_eq!(Standing::DueSoon.label_vi(), "Sắp đến hạn");
    }

    #[test]
    fn misuse_is_refused() {
        let mut clock = Clock::new(
            date(2026, 11, 23).at(8, 0, 0, 0),
            TimeLimit::WorkingDays(3),
            SupplementPolicy::Pause,
        );
        assert_eq!(
            clock.resume(date(2026, 11, 24).at(8, 0, 0, 0)),
            Err(ClockError::NotPaused)
        );
        assert!(matches!(
            clock.pause(date(2026, 11, 22).at(8, 0, 0, 0)),
            Err(ClockError::OutOfOrder { .. })
        ));
        clock.pause(date(2026, 11, 24).at(8, 0, 0, 0)).unwrap();
        assert_eq!(
            clock.pause(date(2026, 11, 24).at(9, 0, 0, 0)),
            Err(ClockError::AlreadyPaused)
        );
        assert!(matches!(
            clock.resume(date(2026, 11, 23).at(9, 0, 0, 0)),
            Err(ClockError::OutOfOrder { .. })
        ));
    }

    #[test]
    fn step_budgets_add_up_to_the_legal_limit() {
        let c = cal();
        let clock = Clock::new(
            date(2026, 11, 23).at(8, 0, 0, 0),
            TimeLimit::WorkingDays(5),
            SupplementPolicy::Pause,
        );
        let steps = split_budget(
            clock.budget(&c),
            &[
                ("Tiếp nhận", 1),
                ("Thẩm định", 6),
                ("Phê duyệt", 2),
                ("Trả kết quả", 1),
            ],
        );
        assert_eq!(steps.iter().map(|s| s.seconds).sum::<i64>(), 5 * 8 * 3600);
        assert_eq!(steps[0].seconds, 4 * 3600);
        let deadlines = step_deadlines(&c, clock.received, &steps);
        assert_eq!(
            deadlines[0],
            date(2026, 11, 23).at(14, 0, 0, 0),
            "3.5 h before the break, 0.5 h after"
        );
        assert_eq!(
            *deadlines.last().unwrap(),
            clock.appointment(&c, clock.received),
            "the last step ends at the appointment"
        );
    }
}
