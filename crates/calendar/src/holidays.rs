//! Vietnam's public-sector days off. Years with an official announcement use it;
//! other years are estimated from Labour Code 2019 Art. 112 with the Tết and
//! Hùng Kings dates of the bundled table (2000–2035).

use jiff::civil::{date, Date, Weekday};
use jiff::ToSpan;

use crate::{OfficeHours, WorkCalendar};

const TET_HUNG: &str = include_str!("../data/tet_hung.csv");

/// (month, day) pairs of one year.
type Days = &'static [(i8, i8)];

/// Announced non-working weekdays and working weekend days (public sector).
const ANNOUNCED: &[(i16, Days, Days)] = &[
    (
        2024,
        &[
            (1, 1),
            (2, 8),
            (2, 9),
            (2, 12),
            (2, 13),
            (2, 14),
            (4, 18),
            (4, 29),
            (4, 30),
            (5, 1),
            (9, 2),
            (9, 3),
        ],
        &[(5, 4)],
    ),
    (
        2025,
        &[
            (1, 1),
            (1, 27),
            (1, 28),
            (1, 29),
            (1, 30),
            (1, 31),
            (4, 7),
            (4, 30),
            (5, 1),
            (5, 2),
            (9, 1),
            (9, 2),
        ],
        &[(4, 26)],
    ),
    (
        2026,
        &[
            (1, 1),
            (1, 2),
            (2, 16),
            (2, 17),
            (2, 18),
            (2, 19),
            (2, 20),
            (4, 27),
            (4, 30),
            (5, 1),
            (8, 31),
            (9, 1),
            (9, 2),
        ],
        &[(1, 10), (8, 22)],
    ),
];

/// Tết (lunar 1/1) and Hùng Kings' Day (lunar 10/3) in a Gregorian year, if tabled.
pub fn tet_and_hung_kings(year: i16) -> Option<(Date, Date)> {
    TET_HUNG.lines().skip(1).find_map(|line| {
        let mut f = line.split(',');
        let y: i16 = f.next()?.parse().ok()?;
        (y == year).then(|| Some((f.next()?.parse().ok()?, f.next()?.parse().ok()?)))?
    })
}

/// Whether a year's days off come from an official announcement.
pub fn is_announced(year: i16) -> bool {
    ANNOUNCED.iter().any(|(y, _, _)| *y == year)
}

/// Estimated days off of a year without an announcement: the statutory days,
/// Tết from the day before lunar New Year, and a compensatory day after a
/// holiday that falls on a weekend (Art. 111(3)).
fn estimated(year: i16) -> Vec<Date> {
    let mut statutory = vec![
        date(year, 1, 1),
        date(year, 4, 30),
        date(year, 5, 1),
        date(year, 9, 1),
        date(year, 9, 2),
    ];
    if let Some((tet, hung)) = tet_and_hung_kings(year) {
        statutory.extend((-1..4).map(|d| tet.checked_add(d.days()).expect("in range")));
        statutory.push(hung);
    }
    let weekend = |d: Date| matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday);
    let mut off: Vec<Date> = statutory.iter().copied().filter(|d| !weekend(*d)).collect();
    for d in statutory.into_iter().filter(|d| weekend(*d)) {
        let mut day = d;
        while weekend(day) || off.contains(&day) {
            day = day.tomorrow().expect("in range");
        }
        off.push(day);
    }
    off
}

/// A calendar with Vietnam's days off for the given years.
pub fn vietnam(hours: OfficeHours, years: std::ops::RangeInclusive<i16>) -> WorkCalendar {
    let mut cal = WorkCalendar::new(hours);
    for year in years {
        match ANNOUNCED.iter().find(|(y, _, _)| *y == year) {
            Some((_, off, work)) => {
                off.iter()
                    .for_each(|&(m, d)| cal.add_day_off(date(year, m, d)));
                work.iter()
                    .for_each(|&(m, d)| cal.add_working_day(date(year, m, d)));
            }
            None => estimated(year).into_iter().for_each(|d| cal.add_day_off(d)),
        }
    }
    cal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn announced_2026_schedule() {
        let cal = vietnam(OfficeHours::default(), 2026..=2026);
        for off in [
            date(2026, 1, 2),
            date(2026, 2, 16),
            date(2026, 2, 20),
            date(2026, 4, 27),
            date(2026, 8, 31),
        ] {
            assert!(!cal.is_working_day(off), "{off}");
        }
        assert!(cal.is_working_day(date(2026, 1, 10)), "swapped Saturday");
        assert!(cal.is_working_day(date(2026, 2, 23)));
        assert!(is_announced(2026) && !is_announced(2027));
    }

    #[test]
    fn estimated_years_follow_the_table_and_compensate_weekends() {
        assert_eq!(
            tet_and_hung_kings(2027),
            Some((date(2027, 2, 6), date(2027, 4, 16)))
        );
        let cal = vietnam(OfficeHours::default(), 2027..=2027);
        // Tết 2027 is Saturday 6 Feb: Fri 5 to Tue 9, with Sat/Sun moved to Wed 10 and Thu 11.
        for d in [5, 8, 9, 10, 11] {
            assert!(!cal.is_working_day(date(2027, 2, d)), "{d}");
        }
        assert!(cal.is_working_day(date(2027, 2, 12)));
        assert!(!cal.is_working_day(date(2027, 4, 16)), "Hùng Kings");
        assert!(tet_and_hung_kings(1990).is_none());
    }
}
