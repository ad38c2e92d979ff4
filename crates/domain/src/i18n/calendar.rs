//! The calendar's values in words. The calendar crate cannot read the catalog
//! (the domain depends on it), so its time limits, office hours and lunar
//! errors are described here, from `common.ftl` and `cli.ftl`.

use motcua_calendar::lunar::{LunarError, FIRST_YEAR, LAST_YEAR};
use motcua_calendar::{OfficeHours, TimeLimit};

use super::{Locale, Message};

/// A procedure's time limit as people read it: "3 ngày làm việc".
pub fn time_limit(t: TimeLimit) -> Message {
    match t {
        TimeLimit::WorkingDays(n) => Message::new("limit-working-days").with("n", u32::from(n)),
        TimeLimit::WorkingHours(n) => Message::new("limit-working-hours").with("n", u32::from(n)),
        TimeLimit::CalendarDays(n) => Message::new("limit-calendar-days").with("n", u32::from(n)),
        TimeLimit::SameDay => Message::new("limit-same-day"),
        TimeLimit::Immediate => Message::new("limit-immediate"),
    }
}

/// A center's office hours with the days named in `l`: "T2-T6 07:00-11:30
/// 13:30-17:00", "Mon-Fri 07:00-11:30 13:30-17:00".
pub fn office_hours(h: &OfficeHours, l: Locale) -> String {
    let days = [
        l.t("weekday-short-mon"),
        l.t("weekday-short-tue"),
        l.t("weekday-short-wed"),
        l.t("weekday-short-thu"),
        l.t("weekday-short-fri"),
        l.t("weekday-short-sat"),
        l.t("weekday-short-sun"),
    ];
    h.describe_with(&days)
}

/// What is wrong with a lunar date, for the CLI.
pub fn lunar_error(e: &LunarError) -> Message {
    match e {
        LunarError::OutOfRange(v) => Message::new("lunar-out-of-range")
            .with("value", v.as_str())
            .with("first", i64::from(FIRST_YEAR))
            .with("last", i64::from(LAST_YEAR)),
        LunarError::NoSuchLeapMonth { year, month } => Message::new("lunar-no-such-leap-month")
            .with("year", i64::from(*year))
            .with("month", u32::from(*month)),
        LunarError::NoSuchDay { month, day } => Message::new("lunar-no-such-day")
            .with("month", u32::from(*month))
            .with("day", u32::from(*day)),
        LunarError::NoSuchMonth(m) => {
            Message::new("lunar-no-such-month").with("month", u32::from(*m))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_limits_read_as_before() {
        let vi = |t| time_limit(t).localize(Locale::Vi);
        let en = |t| time_limit(t).localize(Locale::En);
        assert_eq!(vi(TimeLimit::WorkingDays(3)), "3 ngày làm việc");
        assert_eq!(en(TimeLimit::WorkingDays(3)), "3 working days");
        assert_eq!(en(TimeLimit::WorkingDays(1)), "1 working day");
        assert_eq!(vi(TimeLimit::WorkingHours(8)), "8 giờ làm việc");
        assert_eq!(en(TimeLimit::WorkingHours(1)), "1 working hour");
        assert_eq!(vi(TimeLimit::CalendarDays(15)), "15 ngày");
        assert_eq!(en(TimeLimit::CalendarDays(15)), "15 calendar days");
        assert_eq!(
            vi(TimeLimit::SameDay),
            "Trong ngày (nhận sau 15 giờ trả ngày làm việc tiếp theo)"
        );
        assert_eq!(en(TimeLimit::Immediate), "Immediate");
    }

    #[test]
    fn office_hours_in_vietnamese_are_their_own_text_form() {
        let text = "T2-T6 07:00-11:30 13:30-17:00; T7 07:30-11:30";
        let h: OfficeHours = text.parse().unwrap();
        assert_eq!(office_hours(&h, Locale::Vi), text);
        assert_eq!(office_hours(&h, Locale::Vi), h.to_string());
        assert_eq!(
            office_hours(&h, Locale::En),
            "Mon-Fri 07:00-11:30 13:30-17:00; Sat 07:30-11:30"
        );
    }

    #[test]
    fn lunar_errors_say_the_same_in_english_as_the_calendar() {
        let errors = [
            LunarError::OutOfRange("1850-01-01".into()),
            LunarError::NoSuchLeapMonth {
                year: 2026,
                month: 6,
            },
            LunarError::NoSuchDay { month: 12, day: 30 },
            LunarError::NoSuchMonth(13),
        ];
        for e in &errors {
            assert_eq!(lunar_error(e).localize(Locale::En), e.to_string());
        }
        assert_eq!(
            lunar_error(&errors[1]).localize(Locale::Vi),
            "năm âm lịch 2026 không có tháng 6 nhuận"
        );
    }
}
