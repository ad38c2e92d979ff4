//! The periods a dashboard shows: a day, a week (Monday to Sunday), a month,
//! a quarter, a year, or any run of days; the period before it to compare;
//! and the steps of its trend (days, weeks or months).

use jiff::civil::{Date, Weekday};
use jiff::ToSpan;

use crate::labels::labelled_enum;

labelled_enum! {
    /// How long a dashboard's period is.
    PeriodKind {
        Day = "day";
        Week = "week";
        Month = "month";
        Quarter = "quarter";
        Year = "year";
        Custom = "custom";
    }
}

/// The longest custom period: three years of days.
pub const MAX_DAYS: i64 = 3 * 366;

/// Days `from..=to`, of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub kind: PeriodKind,
    pub from: Date,
    pub to: Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("the period ends before it starts")]
    Reversed,
    #[error("the period is longer than three years")]
    TooLong,
}

/// One step of a trend: its days and a short label (`28/11`, `11/2026`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub from: Date,
    pub to: Date,
    pub label: String,
}

impl Period {
    /// The period of `kind` that holds `day` (a custom one is that day).
    pub fn containing(kind: PeriodKind, day: Date) -> Period {
        let (from, to) = match kind {
            PeriodKind::Day | PeriodKind::Custom => (day, day),
            PeriodKind::Week => {
                let monday = day - (day.weekday().to_monday_zero_offset() as i64).days();
                (monday, monday + 6.days())
            }
            PeriodKind::Month => (day.first_of_month(), day.last_of_month()),
            PeriodKind::Quarter => {
                let first =
                    Date::new(day.year(), (day.month() - 1) / 3 * 3 + 1, 1).expect("a month");
                (first, (first + 2.months()).last_of_month())
            }
            PeriodKind::Year => (day.first_of_year(), day.last_of_year()),
        };
        Period { kind, from, to }
    }

    /// Any run of days, at most [`MAX_DAYS`] long.
    pub fn custom(from: Date, to: Date) -> Result<Period, PeriodError> {
        if to < from {
            return Err(PeriodError::Reversed);
        }
        let p = Period {
            kind: PeriodKind::Custom,
            from,
            to,
        };
        if p.days() > MAX_DAYS {
            return Err(PeriodError::TooLong);
        }
        Ok(p)
    }

    /// How many days it holds.
    pub fn days(&self) -> i64 {
        (self.to - self.from).get_days() as i64 + 1
    }

    /// The period before, to compare with: the day, week, month, quarter or
    /// year before, or as many days just before a custom period.
    pub fn previous(&self) -> Period {
        match self.kind {
            PeriodKind::Custom => {
                let to = self.from.yesterday().expect("in range");
                Period {
                    kind: PeriodKind::Custom,
                    from: to - (self.days() - 1).days(),
                    to,
                }
            }
            kind => Period::containing(kind, self.from.yesterday().expect("in range")),
        }
    }

    /// The steps of its trend: days up to two months, weeks up to seven
    /// months (the first and last clipped to the period), months beyond.
    pub fn steps(&self) -> Vec<Step> {
        let mut out = Vec::new();
        let mut from = self.from;
        let by = if self.days() <= 62 {
            PeriodKind::Day
        } else if self.days() <= 215 {
            PeriodKind::Week
        } else {
            PeriodKind::Month
        };
        while from <= self.to {
            let to = Period::containing(by, from).to.min(self.to);
            let label = match by {
                PeriodKind::Month => format!("{:02}/{}", from.month(), from.year()),
                _ => format!("{:02}/{:02}", from.day(), from.month()),
            };
            out.push(Step { from, to, label });
            from = to.tomorrow().expect("in range");
        }
        out
    }
}

/// Whether a day is a Saturday or Sunday (for the trend's shading).
pub fn is_weekend(d: Date) -> bool {
    matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn each_kind_holds_its_days_and_knows_the_one_before() {
        // Saturday 28 November 2026.
        let day = date(2026, 11, 28);
        let week = Period::containing(PeriodKind::Week, day);
        assert_eq!(
            (week.from, week.to),
            (date(2026, 11, 23), date(2026, 11, 29))
        );
        assert_eq!(week.previous().from, date(2026, 11, 16));
        let month = Period::containing(PeriodKind::Month, day);
        assert_eq!(
            (month.from, month.to, month.days()),
            (date(2026, 11, 1), date(2026, 11, 30), 30)
        );
        assert_eq!(month.previous().to, date(2026, 10, 31));
        let q = Period::containing(PeriodKind::Quarter, day);
        assert_eq!((q.from, q.to), (date(2026, 10, 1), date(2026, 12, 31)));
        assert_eq!(
            (q.previous().from, q.previous().to),
            (date(2026, 7, 1), date(2026, 9, 30))
        );
        let y = Period::containing(PeriodKind::Year, date(2026, 1, 1));
        assert_eq!(y.previous().from, date(2025, 1, 1));
        let d = Period::containing(PeriodKind::Day, date(2026, 3, 1));
        assert_eq!(d.previous().from, date(2026, 2, 28));
        // Ten custom days are compared with the ten before.
        let c = Period::custom(date(2026, 11, 11), date(2026, 11, 20)).unwrap();
        assert_eq!(
            (c.previous().from, c.previous().to),
            (date(2026, 11, 1), date(2026, 11, 10))
        );
        assert_eq!(
            Period::custom(day, date(2026, 11, 1)),
            Err(PeriodError::Reversed)
        );
        assert_eq!(
            Period::custom(date(2020, 1, 1), day),
            Err(PeriodError::TooLong)
        );
    }

    #[test]
    fn a_trend_steps_by_days_weeks_or_months() {
        let month = Period::containing(PeriodKind::Month, date(2026, 11, 5));
        let steps = month.steps();
        assert_eq!(steps.len(), 30);
        assert_eq!(steps[0].label, "01/11");
        let q = Period::containing(PeriodKind::Quarter, date(2026, 11, 5)).steps();
        // 1 October 2026 is a Thursday: a clipped first week, then Mondays.
        assert_eq!((q[0].from, q[0].to), (date(2026, 10, 1), date(2026, 10, 4)));
        assert_eq!(q[1].from, date(2026, 10, 5));
        assert_eq!(q.last().unwrap().to, date(2026, 12, 31));
        let y = Period::containing(PeriodKind::Year, date(2026, 11, 5)).steps();
        assert_eq!(y.len(), 12);
        assert_eq!(y[11].label, "12/2026");
        // The steps cover the period exactly, without gaps.
        for w in q.windows(2) {
            assert_eq!(w[0].to.tomorrow().unwrap(), w[1].from);
        }
    }
}
