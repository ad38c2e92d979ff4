use std::collections::BTreeSet;

use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ToSpan};

use crate::TimeLimit;

/// Vietnam has kept UTC+7 without daylight saving since 1975.
pub const VN_OFFSET_HOURS: i8 = 7;

fn vn_tz() -> TimeZone {
    TimeZone::fixed(Offset::constant(VN_OFFSET_HOURS))
}

/// The civil time in Vietnam at an instant.
pub fn from_timestamp(ts: Timestamp) -> DateTime {
    ts.to_zoned(vn_tz()).datetime()
}

/// The instant of a civil time in Vietnam.
pub fn to_timestamp(dt: DateTime) -> Timestamp {
    vn_tz()
        .to_ambiguous_timestamp(dt)
        .unambiguous()
        .expect("a fixed offset is never ambiguous")
}

/// One office session, e.g. 07:00–11:30.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session {
    pub start: Time,
    pub end: Time,
}

impl Session {
    pub fn new(start: Time, end: Time) -> Self {
        assert!(start < end, "a session must end after it starts");
        Session { start, end }
    }

    fn minutes(&self) -> i64 {
        minute_of_day(self.end) - minute_of_day(self.start)
    }
}

fn minute_of_day(t: Time) -> i64 {
    i64::from(t.hour()) * 60 + i64::from(t.minute())
}

fn time_of_minute(m: i64) -> Time {
    Time::new((m / 60) as i8, (m % 60) as i8, 0, 0).expect("minute inside a day")
}

/// A center's office sessions for each weekday (Monday first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeHours {
    weekly: [Vec<Session>; 7],
}

impl Default for OfficeHours {
    /// 07:00–11:30 and 13:30–17:00, Monday to Friday.
    fn default() -> Self {
        let day = vec![
            Session::new(Time::constant(7, 0, 0, 0), Time::constant(11, 30, 0, 0)),
            Session::new(Time::constant(13, 30, 0, 0), Time::constant(17, 0, 0, 0)),
        ];
        OfficeHours {
            weekly: [
                day.clone(),
                day.clone(),
                day.clone(),
                day.clone(),
                day,
                vec![],
                vec![],
            ],
        }
    }
}

impl OfficeHours {
    /// Sets the sessions of one weekday, e.g. a Saturday morning at a busy center.
    pub fn with_day(mut self, day: Weekday, sessions: Vec<Session>) -> Self {
        self.weekly[day.to_monday_zero_offset() as usize] = sessions;
        self
    }

    fn for_weekday(&self, day: Weekday) -> &[Session] {
        &self.weekly[day.to_monday_zero_offset() as usize]
    }

    /// Sessions used on a swapped working Saturday or Sunday: Monday's.
    fn regular(&self) -> &[Session] {
        &self.weekly[0]
    }
}

/// Working days and office sessions of one center.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    hours: OfficeHours,
    days_off: BTreeSet<Date>,
    extra_working_days: BTreeSet<Date>,
}

impl WorkCalendar {
    pub fn new(hours: OfficeHours) -> Self {
        WorkCalendar {
            hours,
            ..Default::default()
        }
    }

    /// Declares a weekday off (a public holiday or a compensatory day).
    pub fn add_day_off(&mut self, date: Date) {
        self.extra_working_days.remove(&date);
        self.days_off.insert(date);
    }

    /// Declares a weekend day a working day (a swapped make-up Saturday).
    pub fn add_working_day(&mut self, date: Date) {
        self.days_off.remove(&date);
        self.extra_working_days.insert(date);
    }

    /// The office sessions open on a date; empty when it is not a working day.
    pub fn sessions_on(&self, date: Date) -> &[Session] {
        if self.days_off.contains(&date) {
            &[]
        } else if self.extra_working_days.contains(&date) {
            let own = self.hours.for_weekday(date.weekday());
            if own.is_empty() {
                self.hours.regular()
            } else {
                own
            }
        } else {
            self.hours.for_weekday(date.weekday())
        }
    }

    pub fn is_working_day(&self, date: Date) -> bool {
        !self.sessions_on(date).is_empty()
    }

    /// The first working day strictly after `date`.
    pub fn next_working_day(&self, date: Date) -> Date {
        let mut d = date;
        loop {
            d = d.tomorrow().expect("date inside jiff's range");
            if self.is_working_day(d) {
                return d;
            }
        }
    }

    /// The end of the last session of a working day.
    fn close_of(&self, date: Date) -> DateTime {
        let last = self
            .sessions_on(date)
            .last()
            .expect("a working day has sessions");
        date.to_datetime(last.end)
    }

    /// Moves forward by `minutes` of office time, starting at `from` (which may be
    /// outside office hours: counting then starts at the next session). A result
    /// that lands exactly on a session's end stays at that end.
    pub fn add_working_minutes(&self, from: DateTime, minutes: i64) -> DateTime {
        let mut remaining = minutes.max(0);
        let mut date = from.date();
        let mut floor = minute_of_day(from.time());
        loop {
            for s in self.sessions_on(date) {
                let (start, end) = (minute_of_day(s.start), minute_of_day(s.end));
                if end <= floor {
                    continue;
                }
                let begin = start.max(floor);
                if remaining <= end - begin {
                    return date.to_datetime(time_of_minute(begin + remaining));
                }
                remaining -= end - begin;
            }
            date = date.tomorrow().expect("date inside jiff's range");
            floor = 0;
        }
    }

    /// The appointment for a dossier received at `received` under `limit`.
    pub fn due(&self, received: DateTime, limit: TimeLimit) -> DateTime {
        match limit {
            TimeLimit::Immediate => received,
            TimeLimit::WorkingHours(h) => self.add_working_minutes(received, i64::from(h) * 60),
            TimeLimit::WorkingDays(d) => self.add_working_minutes(received, i64::from(d) * 8 * 60),
            TimeLimit::CalendarDays(n) => {
                let last = received
                    .date()
                    .checked_add(i64::from(n).days())
                    .expect("date in range");
                if self.is_working_day(last) {
                    self.close_of(last)
                } else {
                    self.close_of(self.next_working_day(last))
                }
            }
            TimeLimit::SameDay => {
                let cutoff = Time::constant(15, 0, 0, 0);
                let day = received.date();
                if self.is_working_day(day) && received.time() < cutoff {
                    self.close_of(day)
                } else {
                    self.close_of(self.next_working_day(day))
                }
            }
        }
    }

    /// Office minutes in one regular working day (8 hours by default).
    pub fn regular_day_minutes(&self) -> i64 {
        self.hours.regular().iter().map(Session::minutes).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn cal() -> WorkCalendar {
        WorkCalendar::default()
    }

    #[test]
    fn three_working_days_from_friday_afternoon_skip_the_weekend() {
        // Fri 2026-11-20 16:10 → 50 min Fri, then Mon, Tue full, and 7h10 of Wed.
        let due = cal().due(
            date(2026, 11, 20).at(16, 10, 0, 0),
            TimeLimit::WorkingDays(3),
        );
        assert_eq!(due, date(2026, 11, 25).at(16, 10, 0, 0));
    }

    #[test]
    fn received_outside_hours_counts_from_next_session() {
        let due = cal().due(
            date(2026, 11, 21).at(9, 0, 0, 0),
            TimeLimit::WorkingHours(1),
        );
        assert_eq!(due, date(2026, 11, 23).at(8, 0, 0, 0));
        let due = cal().due(
            date(2026, 11, 23).at(12, 0, 0, 0),
            TimeLimit::WorkingHours(1),
        );
        assert_eq!(due, date(2026, 11, 23).at(14, 30, 0, 0));
    }

    #[test]
    fn a_deadline_ending_at_session_end_stays_there() {
        let due = cal().due(date(2026, 11, 23).at(7, 0, 0, 0), TimeLimit::WorkingDays(1));
        assert_eq!(due, date(2026, 11, 23).at(17, 0, 0, 0));
    }

    #[test]
    fn same_day_rule_cuts_at_fifteen() {
        let c = cal();
        assert_eq!(
            c.due(date(2026, 11, 23).at(14, 59, 0, 0), TimeLimit::SameDay),
            date(2026, 11, 23).at(17, 0, 0, 0)
        );
        assert_eq!(
            c.due(date(2026, 11, 23).at(15, 0, 0, 0), TimeLimit::SameDay),
            date(2026, 11, 24).at(17, 0, 0, 0)
        );
        assert_eq!(
            c.due(date(2026, 11, 27).at(16, 0, 0, 0), TimeLimit::SameDay),
            date(2026, 11, 30).at(17, 0, 0, 0)
        );
    }

    #[test]
    fn calendar_days_move_off_a_weekend() {
        // 2026-11-23 + 5 days = Sat 28 → Mon 30, 17:00.
        let due = cal().due(
            date(2026, 11, 23).at(9, 0, 0, 0),
            TimeLimit::CalendarDays(5),
        );
        assert_eq!(due, date(2026, 11, 30).at(17, 0, 0, 0));
    }

    #[test]
    fn days_off_and_swapped_saturdays_are_honoured() {
        let mut c = cal();
        c.add_day_off(date(2026, 9, 2));
        c.add_working_day(date(2026, 8, 22));
        assert!(!c.is_working_day(date(2026, 9, 2)));
        assert!(c.is_working_day(date(2026, 8, 22)));
        assert_eq!(c.next_working_day(date(2026, 9, 1)), date(2026, 9, 3));
    }

    #[test]
    fn instants_round_trip_through_vietnam_time() {
        let dt = date(2026, 2, 13).at(16, 10, 0, 0);
        let ts = to_timestamp(dt);
        assert_eq!(ts.to_string(), "2026-02-13T09:10:00Z");
        assert_eq!(from_timestamp(ts), dt);
    }
}
