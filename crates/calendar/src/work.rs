//! Working time: office sessions, working days, and arithmetic on them.
//!
//! A calendar keeps, for every day from 1990 to 2100, which sessions it has and
//! the working seconds before it (prefix sums), so that adding N working hours
//! is a binary search rather than a walk through the days. Dates outside the
//! table fall back to walking day by day (the same rules, slower); property
//! tests hold the two to the same answers.

use std::collections::BTreeSet;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ToSpan};

use crate::{OfficeHours, Session, TimeLimit};

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

/// Days since 1970-01-01 (proleptic Gregorian), by the usual civil-calendar formula.
fn day_number(d: Date) -> i64 {
    let (y, m, day) = (
        i64::from(d.year()),
        i64::from(d.month()),
        i64::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn date_of_number(n: i64) -> Date {
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Date::new(y as i16, m as i8, d as i8).expect("valid civil date")
}

pub(crate) fn second_of_day(t: Time) -> i32 {
    i32::from(t.hour()) * 3600 + i32::from(t.minute()) * 60 + i32::from(t.second())
}

pub(crate) fn time_of_second(s: i32) -> Time {
    Time::new((s / 3600) as i8, (s / 60 % 60) as i8, (s % 60) as i8, 0)
        .expect("second inside a day")
}

const OFF: u8 = 7;
const SWAPPED: u8 = 8;

const TABLE_FIRST: Date = Date::constant(1990, 1, 1);
const TABLE_END: Date = Date::constant(2101, 1, 1);

/// Working days and office sessions of one center.
#[derive(Debug, Clone)]
pub struct WorkCalendar {
    patterns: [Vec<(i32, i32)>; 9],
    days_off: BTreeSet<Date>,
    extra_working_days: BTreeSet<Date>,
    first: i64,
    /// The pattern of each day of the table.
    kinds: Vec<u8>,
    /// Working seconds before each day of the table (one more entry than days).
    prefix: Vec<i64>,
}

impl Default for WorkCalendar {
    fn default() -> Self {
        WorkCalendar::new(OfficeHours::default())
    }
}

impl WorkCalendar {
    pub fn new(hours: OfficeHours) -> Self {
        WorkCalendar::with_days(hours, &[], &[])
    }

    /// A calendar with the given weekdays off and weekend days worked.
    pub fn with_days(hours: OfficeHours, off: &[Date], work: &[Date]) -> Self {
        let mut patterns: [Vec<(i32, i32)>; 9] = Default::default();
        for (i, day) in hours.weekly.iter().enumerate() {
            patterns[i] = day.iter().map(Session::seconds).collect();
        }
        patterns[SWAPPED as usize] = patterns[0].clone();
        let mut cal = WorkCalendar {
            patterns,
            days_off: off.iter().copied().collect(),
            extra_working_days: work.iter().copied().filter(|d| !off.contains(d)).collect(),
            first: day_number(TABLE_FIRST),
            kinds: Vec::new(),
            prefix: Vec::new(),
        };
        cal.rebuild_from(0);
        cal
    }

    fn rebuild_from(&mut self, from: usize) {
        let days = (day_number(TABLE_END) - self.first) as usize;
        self.kinds.resize(days, 0);
        self.prefix.resize(days + 1, 0);
        for i in from..days {
            let kind = self.pattern_of(date_of_number(self.first + i as i64));
            self.kinds[i] = kind;
            let seconds: i64 = self.patterns[kind as usize]
                .iter()
                .map(|(s, e)| i64::from(e - s))
                .sum();
            self.prefix[i + 1] = self.prefix[i] + seconds;
        }
    }

    /// Which sessions a day has, from the rules (not the table).
    fn pattern_of(&self, d: Date) -> u8 {
        let own = d.weekday().to_monday_zero_offset() as u8;
        if self.days_off.contains(&d) {
            OFF
        } else if self.extra_working_days.contains(&d) && self.patterns[own as usize].is_empty() {
            SWAPPED
        } else {
            own
        }
    }

    fn index(&self, d: Date) -> Option<usize> {
        let i = day_number(d) - self.first;
        (0..self.kinds.len() as i64)
            .contains(&i)
            .then_some(i as usize)
    }

    fn changed(&mut self, date: Date) {
        if let Some(i) = self.index(date) {
            self.rebuild_from(i);
        }
    }

    /// Declares a weekday off (a public holiday or a compensatory day).
    pub fn add_day_off(&mut self, date: Date) {
        self.extra_working_days.remove(&date);
        self.days_off.insert(date);
        self.changed(date);
    }

    /// Declares a weekend day a working day (a swapped make-up Saturday).
    pub fn add_working_day(&mut self, date: Date) {
        self.days_off.remove(&date);
        self.extra_working_days.insert(date);
        self.changed(date);
    }

    fn day_sessions(&self, date: Date) -> &[(i32, i32)] {
        let kind = match self.index(date) {
            Some(i) => self.kinds[i],
            None => self.pattern_of(date),
        };
        &self.patterns[kind as usize]
    }

    /// The office sessions open on a date; empty when it is not a working day.
    pub fn sessions_on(&self, date: Date) -> Vec<Session> {
        self.day_sessions(date)
            .iter()
            .map(|&(s, e)| Session::new(time_of_second(s), time_of_second(e)))
            .collect()
    }

    pub fn is_working_day(&self, date: Date) -> bool {
        !self.day_sessions(date).is_empty()
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
        let (_, end) = *self
            .day_sessions(date)
            .last()
            .expect("a working day has sessions");
        date.to_datetime(time_of_second(end))
    }

    /// Working seconds of a day before a time of that day.
    fn offset_in_day(&self, sessions: &[(i32, i32)], t: i32) -> i64 {
        sessions
            .iter()
            .map(|&(s, e)| i64::from((t - s).clamp(0, e - s)))
            .sum()
    }

    /// Moves forward by `seconds` of office time from `from` (which may be
    /// outside office hours: counting then starts at the next session). A
    /// result that lands exactly on a session's end stays at that end.
    pub fn add_working_seconds(&self, from: DateTime, seconds: i64) -> DateTime {
        if seconds <= 0 {
            return self.walk(from, 0);
        }
        let Some(i) = self.index(from.date()) else {
            return self.walk(from, seconds);
        };
        let target = self.prefix[i]
            + self.offset_in_day(
                &self.patterns[self.kinds[i] as usize],
                second_of_day(from.time()),
            )
            + seconds;
        let j = self.first_day_reaching(i, target);
        if j >= self.kinds.len() {
            return self.walk(from, seconds);
        }
        let mut rest = target - self.prefix[j];
        for &(s, e) in &self.patterns[self.kinds[j] as usize] {
            let len = i64::from(e - s);
            if rest <= len {
                return date_of_number(self.first + j as i64)
                    .to_datetime(time_of_second(s + rest as i32));
            }
            rest -= len;
        }
        unreachable!("the prefix sums put the target inside day {j}")
    }

    /// The first day `j >= i` whose end reaches `target` working seconds
    /// (`kinds.len()` if none). Deadlines lie days, not decades, ahead: gallop
    /// from `i`, then search the bracket.
    fn first_day_reaching(&self, i: usize, target: i64) -> usize {
        let n = self.kinds.len();
        let (mut lo, mut step) = (i, 1);
        while lo + step < n && self.prefix[lo + step] < target {
            lo += step;
            step *= 2;
        }
        let hi = (lo + step).min(n);
        lo + self.prefix[lo + 1..=hi].partition_point(|&p| p < target)
    }

    pub fn add_working_minutes(&self, from: DateTime, minutes: i64) -> DateTime {
        self.add_working_seconds(from, minutes * 60)
    }

    /// The same arithmetic as [`WorkCalendar::add_working_seconds`], walking
    /// day by day: used outside the table and as its reference in tests.
    pub fn walk(&self, from: DateTime, seconds: i64) -> DateTime {
        let mut remaining = seconds.max(0);
        let mut date = from.date();
        let mut floor = second_of_day(from.time());
        loop {
            for &(start, end) in self.day_sessions(date) {
                if end <= floor {
                    continue;
                }
                let begin = start.max(floor);
                if remaining <= i64::from(end - begin) {
                    return date.to_datetime(time_of_second(begin + remaining as i32));
                }
                remaining -= i64::from(end - begin);
            }
            date = date.tomorrow().expect("date inside jiff's range");
            floor = 0;
        }
    }

    /// Office seconds from `a` to `b` (negative when `b` is before `a`).
    pub fn working_seconds_between(&self, a: DateTime, b: DateTime) -> i64 {
        if b < a {
            return -self.working_seconds_between(b, a);
        }
        match (self.index(a.date()), self.index(b.date())) {
            (Some(i), Some(j)) => {
                let pos = |i: usize, t: Time| {
                    self.prefix[i]
                        + self
                            .offset_in_day(&self.patterns[self.kinds[i] as usize], second_of_day(t))
                };
                pos(j, b.time()) - pos(i, a.time())
            }
            _ => {
                let mut total = 0;
                let mut d = a.date();
                while d <= b.date() {
                    let sessions = self.day_sessions(d);
                    let from = if d == a.date() {
                        self.offset_in_day(sessions, second_of_day(a.time()))
                    } else {
                        0
                    };
                    let to = if d == b.date() {
                        self.offset_in_day(sessions, second_of_day(b.time()))
                    } else {
                        self.offset_in_day(sessions, 86_400)
                    };
                    total += to - from;
                    d = d.tomorrow().expect("in range");
                }
                total
            }
        }
    }

    /// The appointment for a dossier received at `received` under `limit`.
    pub fn due(&self, received: DateTime, limit: TimeLimit) -> DateTime {
        match limit {
            TimeLimit::Immediate => received,
            TimeLimit::WorkingHours(h) => self.add_working_seconds(received, i64::from(h) * 3600),
            TimeLimit::WorkingDays(d) => {
                self.add_working_seconds(received, i64::from(d) * 8 * 3600)
            }
            TimeLimit::CalendarDays(n) => {
                let last = received
                    .date()
                    .checked_add(i64::from(n).days())
                    .expect("date in range");
                let day = if self.is_working_day(last) {
                    last
                } else {
                    self.next_working_day(last)
                };
                self.close_of(day)
            }
            TimeLimit::SameDay => {
                let day = received.date();
                if self.is_working_day(day) && received.time() < Time::constant(15, 0, 0, 0) {
                    self.close_of(day)
                } else {
                    self.close_of(self.next_working_day(day))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use jiff::civil::Weekday;

    fn cal() -> WorkCalendar {
        WorkCalendar::default()
    }

    #[test]
    fn day_numbers_match_jiff() {
        let mut d = date(1899, 12, 25);
        while d < date(2101, 1, 5) {
            let n = day_number(d);
            assert_eq!(n, (d - date(1970, 1, 1)).get_days() as i64);
            assert_eq!(date_of_number(n), d);
            d = d.checked_add(13.days()).unwrap();
        }
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
        let due = cal().due(
            date(2026, 11, 23).at(18, 30, 0, 0),
            TimeLimit::WorkingHours(2),
        );
        assert_eq!(
            due,
            date(2026, 11, 24).at(9, 0, 0, 0),
            "after-hours service counts from the next morning"
        );
    }

    #[test]
    fn a_deadline_ending_at_session_end_stays_there() {
        let due = cal().due(date(2026, 11, 23).at(7, 0, 0, 0), TimeLimit::WorkingDays(1));
        assert_eq!(due, date(2026, 11, 23).at(17, 0, 0, 0));
        let due = cal().add_working_minutes(date(2026, 11, 23).at(7, 0, 0, 0), 270);
        assert_eq!(due, date(2026, 11, 23).at(11, 30, 0, 0));
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
        assert_eq!(
            c.due(date(2026, 11, 28).at(9, 0, 0, 0), TimeLimit::SameDay),
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
        assert_eq!(
            c.sessions_on(date(2026, 8, 22)),
            c.sessions_on(date(2026, 8, 24))
        );
        assert_eq!(c.next_working_day(date(2026, 9, 1)), date(2026, 9, 3));
        let due = c.add_working_minutes(date(2026, 9, 1).at(16, 0, 0, 0), 120);
        assert_eq!(due, date(2026, 9, 3).at(8, 0, 0, 0));
    }

    #[test]
    fn a_saturday_morning_session_counts() {
        let hours = OfficeHours::default().with_day(
            Weekday::Saturday,
            vec![Session::new(
                Time::constant(7, 30, 0, 0),
                Time::constant(11, 30, 0, 0),
            )],
        );
        let c = WorkCalendar::new(hours);
        let due = c.add_working_minutes(date(2026, 11, 27).at(16, 0, 0, 0), 120);
        assert_eq!(due, date(2026, 11, 28).at(8, 30, 0, 0));
    }

    #[test]
    fn working_seconds_between() {
        let c = cal();
        let a = date(2026, 11, 20).at(16, 10, 0, 0);
        let b = date(2026, 11, 25).at(16, 10, 0, 0);
        assert_eq!(c.working_seconds_between(a, b), 3 * 8 * 3600);
        assert_eq!(c.working_seconds_between(b, a), -3 * 8 * 3600);
        assert_eq!(
            c.working_seconds_between(
                date(2026, 11, 21).at(8, 0, 0, 0),
                date(2026, 11, 22).at(20, 0, 0, 0)
            ),
            0
        );
        let old = date(1985, 1, 4).at(16, 0, 0, 0);
        assert_eq!(
            c.working_seconds_between(old, date(1985, 1, 7).at(8, 0, 0, 0)),
            2 * 3600,
            "outside the table too"
        );
    }

    #[test]
    fn outside_the_table_the_same_rules_apply() {
        let c = cal();
        let due = c.due(date(1985, 1, 4).at(16, 10, 0, 0), TimeLimit::WorkingDays(1));
        assert_eq!(due, date(1985, 1, 7).at(16, 10, 0, 0));
        let due = c.due(
            date(2100, 12, 31).at(16, 0, 0, 0),
            TimeLimit::WorkingDays(2),
        );
        assert_eq!(due, date(2101, 1, 4).at(16, 0, 0, 0));
    }

    #[test]
    fn instants_round_trip_through_vietnam_time() {
        let dt = date(2026, 2, 13).at(16, 10, 0, 0);
        let ts = to_timestamp(dt);
        assert_eq!(ts.to_string(), "2026-02-13T09:10:00Z");
        assert_eq!(from_timestamp(ts), dt);
    }
}
