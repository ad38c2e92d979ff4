//! The Vietnamese lunar calendar: the Chinese rules observed at UTC+7
//! (Quyết định 121-CP, 1967). Months begin on the civil day in Vietnam that
//! holds the new moon, the December solstice falls in month 11, and in a year of
//! 13 months the first month without a major solar term is the leap month.
//!
//! The astronomy (new moons, solar terms) comes from `calendrical_calculations`
//! (ICU4X, after Reingold & Dershowitz); the Vietnamese meridian is ours. Years
//! 1900–2100 are tabled on first use.

use std::fmt;
use std::sync::OnceLock;

use calendrical_calculations::chinese_based::{month_structure_for_year, ChineseBased, YearBounds};
use calendrical_calculations::gregorian::{fixed_from_gregorian, gregorian_from_fixed};
use calendrical_calculations::rata_die::RataDie;
use jiff::civil::Date;

/// The first and last lunar years this calendar answers for.
pub const FIRST_YEAR: i16 = 1900;
pub const LAST_YEAR: i16 = 2100;

struct Vietnam;

impl ChineseBased for Vietnam {
    fn utc_offset(_: RataDie) -> f64 {
        7.0 / 24.0
    }
    const EPOCH: RataDie = fixed_from_gregorian(-2636, 2, 15);
    const DEBUG_NAME: &'static str = "vietnamese";
}

/// A day of the lunar calendar: `15/6L/2025` is day 15 of leap month 6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct LunarDate {
    pub day: u8,
    pub month: u8,
    pub year: i16,
    pub leap: bool,
}

impl fmt::Display for LunarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let leap = if self.leap { "L" } else { "" };
        write!(f, "{}/{}{leap}/{}", self.day, self.month, self.year)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LunarError {
    #[error("{0} is outside the lunar calendar's range ({FIRST_YEAR}–{LAST_YEAR})")]
    OutOfRange(String),
    #[error("lunar year {year} has no leap month {month}")]
    NoSuchLeapMonth { year: i16, month: u8 },
    #[error("lunar month {month} has no day {day}")]
    NoSuchDay { month: u8, day: u8 },
    #[error("lunar month must be 1–12, not {0}")]
    NoSuchMonth(u8),
}

/// One month of a lunar year.
#[derive(Debug, Clone, Copy)]
struct Month {
    number: u8,
    leap: bool,
    start: Date,
    days: u8,
}

/// A lunar year: its months in order, from Tết.
#[derive(Debug, Clone)]
struct Year {
    months: Vec<Month>,
}

fn to_date(rd: RataDie) -> Date {
    let (y, m, d) = gregorian_from_fixed(rd).expect("in range");
    Date::new(y as i16, m as i8, d as i8).expect("valid Gregorian date")
}

fn compute_year(year: i16) -> Year {
    // 1 March is always inside the lunar year that begins with that year's Tết.
    let bounds = YearBounds::compute::<Vietnam>(fixed_from_gregorian(i32::from(year), 3, 1));
    let (long_months, leap_index) =
        month_structure_for_year::<Vietnam>(bounds.new_year, bounds.next_new_year);
    let count = if bounds.is_leap() { 13 } else { 12 };
    let mut months = Vec::with_capacity(count);
    let mut start = bounds.new_year;
    let mut number = 0;
    for (i, long) in long_months.iter().take(count).enumerate() {
        let leap = leap_index == Some(i as u8 + 1);
        if !leap {
            number += 1;
        }
        let days = if *long { 30 } else { 29 };
        months.push(Month {
            number,
            leap,
            start: to_date(start),
            days,
        });
        start += i64::from(days);
    }
    debug_assert_eq!(start, bounds.next_new_year);
    Year { months }
}

fn years() -> &'static [Year] {
    static YEARS: OnceLock<Vec<Year>> = OnceLock::new();
    // One year before and after the range so that January dates of FIRST_YEAR
    // and December dates of LAST_YEAR have their lunar year.
    YEARS.get_or_init(|| (FIRST_YEAR - 1..=LAST_YEAR + 1).map(compute_year).collect())
}

fn year_table(year: i16) -> Option<&'static Year> {
    years().get(usize::try_from(year - (FIRST_YEAR - 1)).ok()?)
}

/// Tết (1/1 of the lunar year that begins in `year`).
pub fn tet(year: i16) -> Result<Date, LunarError> {
    to_solar(year, 1, 1, false)
}

/// The lunar date of a Gregorian date.
pub fn to_lunar(date: Date) -> Result<LunarDate, LunarError> {
    let out = || LunarError::OutOfRange(date.to_string());
    if !(FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        return Err(out());
    }
    let year = if date < year_table(date.year()).ok_or_else(out)?.months[0].start {
        date.year() - 1
    } else {
        date.year()
    };
    let table = year_table(year).ok_or_else(out)?;
    let month = table
        .months
        .iter()
        .rev()
        .find(|m| m.start <= date)
        .ok_or_else(out)?;
    let day = (date - month.start).get_days() + 1;
    Ok(LunarDate {
        day: day as u8,
        month: month.number,
        year,
        leap: month.leap,
    })
}

/// The Gregorian date of a lunar date; a leap month the year does not have, or
/// a day the month does not have, is an error.
pub fn to_solar(year: i16, month: u8, day: u8, leap: bool) -> Result<Date, LunarError> {
    // Lunar year 1899 ends in early 1900, inside the Gregorian range.
    if !(FIRST_YEAR - 1..=LAST_YEAR).contains(&year) {
        return Err(LunarError::OutOfRange(format!(
            "{day}/{month}{}/{year}",
            if leap { "L" } else { "" }
        )));
    }
    if !(1..=12).contains(&month) {
        return Err(LunarError::NoSuchMonth(month));
    }
    let table = year_table(year).expect("in range");
    let m = table
        .months
        .iter()
        .find(|m| m.number == month && m.leap == leap)
        .ok_or(LunarError::NoSuchLeapMonth { year, month })?;
    if day == 0 || day > m.days {
        return Err(LunarError::NoSuchDay { month, day });
    }
    Ok(m.start
        .checked_add(jiff::Span::new().days(i64::from(day) - 1))
        .expect("in range"))
}

/// The leap month of a lunar year, if it has one.
pub fn leap_month(year: i16) -> Option<u8> {
    year_table(year)?
        .months
        .iter()
        .find(|m| m.leap)
        .map(|m| m.number)
}

/// The last day of the lunar year (29 or 30 tháng Chạp): the eve of the next Tết.
pub fn new_years_eve(year: i16) -> Result<Date, LunarError> {
    Ok(tet(year + 1)?.yesterday().expect("in range"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TABLE: &str = include_str!("../data/tet_hung.csv");

    #[test]
    fn tet_and_hung_kings_2000_2035_match_the_verified_table() {
        for line in TABLE.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            let year: i16 = f[0].parse().unwrap();
            let tet_date: Date = f[1].parse().unwrap();
            let hung: Date = f[2].parse().unwrap();
            assert_eq!(tet(year).unwrap(), tet_date, "Tết {year}");
            assert_eq!(
                to_solar(year, 3, 10, false).unwrap(),
                hung,
                "Hùng Kings {year}"
            );
            assert_eq!(
                to_lunar(tet_date).unwrap(),
                LunarDate {
                    day: 1,
                    month: 1,
                    year,
                    leap: false
                }
            );
        }
    }

    #[test]
    fn vietnamese_not_chinese_dates() {
        assert_eq!(tet(2007).unwrap(), date(2007, 2, 17), "China: 18 Feb");
        assert_eq!(tet(2030).unwrap(), date(2030, 2, 2), "China: 3 Feb");
        assert_eq!(
            to_solar(2009, 3, 10, false).unwrap(),
            date(2009, 4, 4),
            "China: 5 Apr"
        );
        // 1985: the solstice fell in the month that began 23 Nov 1984 in Hanoi.
        assert_eq!(tet(1985).unwrap(), date(1985, 1, 21), "China: 20 Feb");
        assert_eq!(leap_month(1985), Some(2));
        assert_eq!(to_solar(1985, 2, 1, true).unwrap(), date(1985, 3, 21));
        assert_eq!(
            tet(1991).unwrap(),
            date(1991, 2, 15),
            "a crate with a sign bug gives 14 Feb"
        );
    }

    #[test]
    fn leap_months_from_the_table() {
        for (year, leap) in [
            (2001, 4),
            (2004, 2),
            (2006, 7),
            (2009, 5),
            (2012, 4),
            (2014, 9),
            (2017, 6),
            (2020, 4),
            (2023, 2),
            (2025, 6),
            (2028, 5),
            (2031, 3),
            (2033, 11),
        ] {
            assert_eq!(leap_month(year), Some(leap), "{year}");
        }
        for year in [2024, 2026, 2027, 2030] {
            assert_eq!(leap_month(year), None, "{year}");
        }
        assert_eq!(to_solar(2033, 11, 1, true).unwrap(), date(2033, 12, 22));
    }

    #[test]
    fn month_starts_near_midnight() {
        // New moon at 00:37 UTC+7 on 13 Aug 2026: month 7 begins that day, not the 12th.
        assert_eq!(
            to_lunar(date(2026, 8, 13)).unwrap(),
            LunarDate {
                day: 1,
                month: 7,
                year: 2026,
                leap: false
            }
        );
        assert_eq!(to_lunar(date(2026, 8, 12)).unwrap().month, 6);
    }

    #[test]
    fn display_and_leap_days() {
        assert_eq!(to_lunar(date(2026, 2, 17)).unwrap().to_string(), "1/1/2026");
        let d = to_lunar(to_solar(2025, 6, 15, true).unwrap()).unwrap();
        assert_eq!(d.to_string(), "15/6L/2025");
        assert_eq!(
            to_lunar(date(2026, 2, 16)).unwrap().to_string(),
            "29/12/2025",
            "no 30 Tết in 2026"
        );
        assert_eq!(new_years_eve(2025).unwrap(), date(2026, 2, 16));
    }

    #[test]
    fn impossible_dates_are_errors_naming_the_value() {
        assert_eq!(
            to_solar(2026, 6, 1, true),
            Err(LunarError::NoSuchLeapMonth {
                year: 2026,
                month: 6
            })
        );
        assert_eq!(
            to_solar(2026, 13, 1, false),
            Err(LunarError::NoSuchMonth(13))
        );
        assert!(matches!(
            to_solar(2026, 12, 30, false),
            Err(LunarError::NoSuchDay { month: 12, day: 30 })
        ));
        assert!(matches!(
            to_lunar(date(1899, 6, 1)),
            Err(LunarError::OutOfRange(_))
        ));
        assert!(matches!(
            to_solar(2101, 1, 1, false),
            Err(LunarError::OutOfRange(_))
        ));
    }

    #[test]
    fn every_day_1900_2100_round_trips() {
        let mut d = date(1900, 1, 1);
        let mut previous = to_lunar(d).unwrap();
        while d < date(2100, 12, 31) {
            d = d.tomorrow().unwrap();
            let l = to_lunar(d).unwrap();
            assert_eq!(to_solar(l.year, l.month, l.day, l.leap).unwrap(), d);
            assert!(
                l.day == previous.day + 1
                    || (l.day == 1 && (previous.day == 29 || previous.day == 30)),
                "{d}: {previous} → {l}"
            );
            previous = l;
        }
    }
}
