//! Days off and swapped working days, year by year.
//!
//! Years with an official announcement come from data files (embedded ones for
//! 2024–2026, and files an administrator adds or corrects without a new
//! release). Other years are estimated from Labour Code 2019 Art. 112 and
//! Art. 111(3) and marked as such.

use std::collections::BTreeMap;

use jiff::civil::{date, Date, Weekday};
use jiff::ToSpan;
use serde::Deserialize;

use crate::lunar;

/// The announcements shipped with motcua.
const EMBEDDED: &[(&str, &str)] = &[
    ("2024.toml", include_str!("../data/schedules/2024.toml")),
    ("2025.toml", include_str!("../data/schedules/2025.toml")),
    ("2026.toml", include_str!("../data/schedules/2026.toml")),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DayKind {
    /// A weekday without work.
    Off,
    /// A Saturday or Sunday with work (a swapped day).
    Work,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ScheduleDay {
    pub date: Date,
    pub kind: DayKind,
    pub name: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct YearSchedule {
    pub year: i16,
    pub source: Option<String>,
    /// Computed from the rules, not announced.
    pub estimated: bool,
    /// The days that depart from the Monday–Friday week, in date order.
    pub days: Vec<ScheduleDay>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ScheduleError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDay {
    date: String,
    kind: DayKind,
    name: String,
    name_en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    year: i16,
    source: Option<String>,
    #[serde(default)]
    day: Vec<FileDay>,
}

fn weekend(d: Date) -> bool {
    matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
}

impl YearSchedule {
    /// Reads a schedule file (see `data/schedules/2026.toml`). Every entry is
    /// checked: the date exists and is in the year, an "off" day is a weekday,
    /// a "work" day is a Saturday or Sunday, no date is listed twice.
    pub fn parse(file: &str, text: &str) -> Result<YearSchedule, ScheduleError> {
        let err = |line: Option<usize>, message: String| ScheduleError {
            file: file.to_string(),
            line,
            message,
        };
        let line_at = |offset: usize| text[..offset].matches('\n').count() + 1;
        let line_of = |needle: &str| text.find(needle).map(line_at);
        let parsed: File = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_at(s.start));
            err(line, e.message().to_string())
        })?;
        let mut days = Vec::with_capacity(parsed.day.len());
        for d in parsed.day {
            let line = line_of(&format!("\"{}\"", d.date));
            let date: Date = d
                .date
                .parse()
                .map_err(|_| err(line, format!("{:?} is not a date (YYYY-MM-DD)", d.date)))?;
            if date.year() != parsed.year {
                return Err(err(line, format!("{date} is not in {}", parsed.year)));
            }
            match (d.kind, weekend(date)) {
                (DayKind::Off, true) => {
                    return Err(err(
                        line,
                        format!("{date} is a {:?}: it is already a day off", date.weekday()),
                    ))
                }
                (DayKind::Work, false) => {
                    return Err(err(
                        line,
                        format!(
                            "{date} is a {:?}: a \"work\" day must be a Saturday or Sunday",
                            date.weekday()
                        ),
                    ))
                }
                _ => {}
            }
            if d.name.trim().is_empty() {
                return Err(err(line, format!("{date} has no name")));
            }
            if days.iter().any(|x: &ScheduleDay| x.date == date) {
                return Err(err(line, format!("{date} is listed twice")));
            }
            days.push(ScheduleDay {
                date,
                kind: d.kind,
                name_en: d.name_en.unwrap_or_else(|| d.name.clone()),
                name: d.name,
            });
        }
        days.sort_by_key(|d| d.date);
        Ok(YearSchedule {
            year: parsed.year,
            source: parsed.source,
            estimated: false,
            days,
        })
    }

    /// The rules' estimate for a year without an announcement: the statutory
    /// days of Art. 112 (Tết from two days before the lunar new year to its
    /// 3rd day, as announced for 2024 and 2025), National Day with an adjacent
    /// weekday, and a compensatory weekday for each holiday on a weekend.
    pub fn estimate(year: i16) -> YearSchedule {
        let mut statutory: Vec<(Date, &str, &str)> =
            vec![(date(year, 1, 1), "Tết Dương lịch", "New Year's Day")];
        if let Ok(tet) = lunar::tet(year) {
            for offset in -2..=2 {
                statutory.push((
                    tet.checked_add(offset.days()).expect("in range"),
                    "Tết Nguyên đán",
                    "Lunar New Year",
                ));
            }
        }
        if let Ok(hung) = lunar::to_solar(year, 3, 10, false) {
            statutory.push((hung, "Giỗ Tổ Hùng Vương", "Hùng Kings' Commemoration"));
        }
        statutory.push((date(year, 4, 30), "Ngày Chiến thắng", "Reunification Day"));
        statutory.push((
            date(year, 5, 1),
            "Ngày Quốc tế Lao động",
            "International Labour Day",
        ));
        let national = date(year, 9, 2);
        let adjacent = match national.weekday() {
            Weekday::Monday | Weekday::Thursday | Weekday::Sunday => date(year, 9, 3),
            _ => date(year, 9, 1),
        };
        statutory.push((national, "Quốc khánh", "National Day"));
        statutory.push((
            adjacent,
            "Quốc khánh (ngày liền kề)",
            "National Day (adjacent day)",
        ));
        statutory.sort_by_key(|d| d.0);

        let mut days: Vec<ScheduleDay> = statutory
            .iter()
            .filter(|(d, _, _)| !weekend(*d))
            .map(|(d, vi, en)| ScheduleDay {
                date: *d,
                kind: DayKind::Off,
                name: (*vi).into(),
                name_en: (*en).into(),
            })
            .collect();
        for (d, vi, en) in statutory.iter().filter(|(d, _, _)| weekend(*d)) {
            let mut c = *d;
            while weekend(c) || days.iter().any(|x| x.date == c) {
                c = c.tomorrow().expect("in range");
            }
            days.push(ScheduleDay {
                date: c,
                kind: DayKind::Off,
                name: format!("Nghỉ bù {vi}"),
                name_en: format!("{en} (compensatory day)"),
            });
        }
        days.sort_by_key(|d| d.date);
        YearSchedule {
            year,
            source: None,
            estimated: true,
            days,
        }
    }
}

/// The schedules in force: announced years, and estimates for the others.
#[derive(Debug, Clone)]
pub struct Holidays {
    announced: BTreeMap<i16, YearSchedule>,
}

impl Holidays {
    /// The announcements shipped with motcua.
    pub fn official() -> Holidays {
        let announced = EMBEDDED
            .iter()
            .map(|(file, text)| {
                let s = YearSchedule::parse(file, text).expect("embedded schedules are valid");
                (s.year, s)
            })
            .collect();
        Holidays { announced }
    }

    /// Adds or replaces a year's announced schedule.
    pub fn set(&mut self, schedule: YearSchedule) {
        self.announced.insert(schedule.year, schedule);
    }

    /// The schedule of a year: announced if there is one, else estimated.
    pub fn year(&self, year: i16) -> YearSchedule {
        self.announced
            .get(&year)
            .cloned()
            .unwrap_or_else(|| YearSchedule::estimate(year))
    }

    /// A working calendar with these days for the given years.
    pub fn calendar(
        &self,
        hours: crate::OfficeHours,
        years: std::ops::RangeInclusive<i16>,
    ) -> crate::WorkCalendar {
        let mut off = Vec::new();
        let mut work = Vec::new();
        for y in years {
            for d in self.year(y).days {
                match d.kind {
                    DayKind::Off => off.push(d.date),
                    DayKind::Work => work.push(d.date),
                }
            }
        }
        crate::WorkCalendar::with_days(hours, &off, &work)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offs(s: &YearSchedule) -> Vec<Date> {
        s.days
            .iter()
            .filter(|d| d.kind == DayKind::Off)
            .map(|d| d.date)
            .collect()
    }

    #[test]
    fn announced_years_match_the_reference() {
        let h = Holidays::official();
        let expect = |y: i16, list: &[(i8, i8)]| {
            list.iter().map(|&(m, d)| date(y, m, d)).collect::<Vec<_>>()
        };
        assert_eq!(
            offs(&h.year(2024)),
            expect(
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
                    (9, 3)
                ]
            )
        );
        assert_eq!(
            offs(&h.year(2025)),
            expect(
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
                    (9, 2)
                ]
            )
        );
        assert_eq!(
            offs(&h.year(2026)),
            expect(
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
                    (9, 2)
                ]
            )
        );
        let work = |y: i16| {
            h.year(y)
                .days
                .iter()
                .filter(|d| d.kind == DayKind::Work)
                .map(|d| d.date)
                .collect::<Vec<_>>()
        };
        assert_eq!(work(2024), vec![date(2024, 5, 4)]);
        assert_eq!(work(2025), vec![date(2025, 4, 26)]);
        assert_eq!(work(2026), vec![date(2026, 1, 10), date(2026, 8, 22)]);
        assert!(!h.year(2026).estimated && h.year(2027).estimated);
    }

    #[test]
    fn estimates_reproduce_the_statutory_days_of_announced_years() {
        // Where no swap was decided, the rules give the announced days.
        assert_eq!(
            offs(&YearSchedule::estimate(2024)),
            offs(&Holidays::official().year(2024))
                .into_iter()
                .filter(|d| *d != date(2024, 4, 29))
                .collect::<Vec<_>>()
        );
        assert_eq!(
            offs(&YearSchedule::estimate(2025)),
            offs(&Holidays::official().year(2025))
                .into_iter()
                .filter(|d| *d != date(2025, 5, 2))
                .collect::<Vec<_>>()
        );
        let swaps = [date(2026, 1, 2), date(2026, 8, 31)];
        assert_eq!(
            offs(&YearSchedule::estimate(2026)),
            offs(&Holidays::official().year(2026))
                .into_iter()
                .filter(|d| !swaps.contains(d))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn estimate_2027_compensates_weekend_holidays() {
        let s = YearSchedule::estimate(2027);
        assert!(s.estimated);
        // Tết 2027 is Saturday 6 Feb: Thu 4, Fri 5, Mon 8, then Tue 9 and Wed 10 for the weekend.
        for d in [4, 5, 8, 9, 10] {
            assert!(offs(&s).contains(&date(2027, 2, d)), "{d}");
        }
        assert!(!offs(&s).contains(&date(2027, 2, 11)));
        assert!(s
            .days
            .iter()
            .any(|d| d.date == date(2027, 2, 10) && d.name == "Nghỉ bù Tết Nguyên đán"));
        // 2/9/2027 is a Thursday: Friday 3/9 is the adjacent day.
        assert!(offs(&s).contains(&date(2027, 9, 3)));
        assert!(s.days.iter().all(|d| !weekend(d.date)));
    }

    #[test]
    fn bad_files_are_refused_naming_the_problem() {
        let bad = |text: &str| YearSchedule::parse("2027.toml", text).unwrap_err();
        let e = bad("year = 2027\n[[day]]\ndate = \"2027-02-30\"\nkind = \"off\"\nname = \"X\"\n");
        assert_eq!(
            (e.line, e.message.as_str()),
            (Some(3), "\"2027-02-30\" is not a date (YYYY-MM-DD)")
        );
        let e = bad("year = 2027\n[[day]]\ndate = \"2027-02-08\"\nkind = \"work\"\nname = \"X\"\n");
        assert!(
            e.message
                .contains("a \"work\" day must be a Saturday or Sunday"),
            "{e}"
        );
        let e = bad("year = 2027\n[[day]]\ndate = \"2027-02-06\"\nkind = \"off\"\nname = \"X\"\n");
        assert!(e.message.contains("already a day off"), "{e}");
        let e = bad("year = 2027\n[[day]]\ndate = \"2026-02-09\"\nkind = \"off\"\nname = \"X\"\n");
        assert!(e.message.contains("is not in 2027"), "{e}");
        let e =
            bad("year = 2027\n[[day]]\ndate = \"2027-02-09\"\nkind = \"holiday\"\nname = \"X\"\n");
        assert_eq!(e.line, Some(4), "{e}");
        assert!(e.to_string().starts_with("2027.toml:4: "), "{e}");
        let e = bad("year = 2027\n[[day]]\ndate = \"2027-02-09\"\nkind = \"off\"\nname = \"X\"\n[[day]]\ndate = \"2027-02-09\"\nkind = \"off\"\nname = \"Y\"\n");
        assert!(e.message.contains("listed twice"), "{e}");
    }

    #[test]
    fn an_override_replaces_the_estimate() {
        let mut h = Holidays::official();
        let text = "year = 2027\nsource = \"Thông báo giả định\"\n[[day]]\ndate = \"2027-02-12\"\nkind = \"off\"\nname = \"Tết Nguyên đán\"\n";
        h.set(YearSchedule::parse("2027.toml", text).unwrap());
        let s = h.year(2027);
        assert!(!s.estimated);
        assert_eq!(offs(&s), vec![date(2027, 2, 12)]);
        let cal = h.calendar(crate::OfficeHours::default(), 2027..=2027);
        assert!(!cal.is_working_day(date(2027, 2, 12)));
        assert!(
            cal.is_working_day(date(2027, 2, 10)),
            "the estimate no longer applies"
        );
    }
}
