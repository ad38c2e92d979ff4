//! Properties of the deadline arithmetic over random receipts, limits and waits,
//! on the real Vietnamese calendar (announced 2024–2026, estimated otherwise).

use std::sync::OnceLock;

use jiff::civil::{date, DateTime};
use jiff::ToSpan;
use motcua_calendar::clock::{Clock, SupplementPolicy};
use motcua_calendar::{Holidays, OfficeHours, TimeLimit, WorkCalendar};
use proptest::prelude::*;

fn cal() -> &'static WorkCalendar {
    static CAL: OnceLock<WorkCalendar> = OnceLock::new();
    CAL.get_or_init(|| Holidays::official().calendar(OfficeHours::default(), 2020..=2035))
}

/// Any instant from 2020 to 2034, to the second, at any hour (nights too).
fn instant() -> impl Strategy<Value = DateTime> {
    (0i64..15 * 365, 0i64..86_400).prop_map(|(d, s)| {
        date(2020, 1, 1)
            .checked_add(d.days())
            .unwrap()
            .to_datetime(jiff::civil::Time::MIN)
            + s.seconds()
    })
}

fn limit() -> impl Strategy<Value = TimeLimit> {
    prop_oneof![
        (1u16..=60).prop_map(TimeLimit::WorkingDays),
        (1u16..=80).prop_map(TimeLimit::WorkingHours),
        (1u16..=90).prop_map(TimeLimit::CalendarDays),
        Just(TimeLimit::SameDay),
    ]
}

fn inside_a_session(t: DateTime) -> bool {
    cal()
        .sessions_on(t.date())
        .iter()
        .any(|s| s.start < t.time() && t.time() <= s.end)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn a_deadline_is_never_before_its_receipt(received in instant(), limit in limit()) {
        prop_assert!(cal().due(received, limit) >= received);
    }

    #[test]
    fn a_deadline_always_falls_inside_a_session(received in instant(), limit in limit()) {
        let due = cal().due(received, limit);
        prop_assert!(inside_a_session(due), "{received} + {limit} = {due}");
    }

    #[test]
    fn adding_a_then_b_equals_adding_a_plus_b(from in instant(), a in 1i64..200_000, b in 1i64..200_000) {
        let c = cal();
        prop_assert_eq!(c.add_working_seconds(c.add_working_seconds(from, a), b), c.add_working_seconds(from, a + b));
    }

    #[test]
    fn working_time_between_inverts_adding(from in instant(), s in 1i64..2_000_000) {
        let c = cal();
        prop_assert_eq!(c.working_seconds_between(from, c.add_working_seconds(from, s)), s);
    }

    #[test]
    fn the_table_agrees_with_walking_day_by_day(from in instant(), s in 0i64..3_000_000) {
        prop_assert_eq!(cal().add_working_seconds(from, s), cal().walk(from, s));
    }

    #[test]
    fn pausing_for_zero_time_changes_nothing(received in instant(), limit in limit(), after in 0i64..500_000, policy in prop_oneof![Just(SupplementPolicy::Pause), Just(SupplementPolicy::Restart)]) {
        let c = cal();
        let plain = Clock::new(received, limit, SupplementPolicy::Pause);
        let mut paused = Clock::new(received, limit, policy);
        let at = c.add_working_seconds(received, after);
        paused.pause(at).unwrap();
        paused.resume(at).unwrap();
        if policy == SupplementPolicy::Pause {
            prop_assert_eq!(paused.appointment(c, at), plain.appointment(c, at));
        } else {
            // Restarting from zero never gives less time than the original.
            prop_assert!(paused.appointment(c, at) >= plain.appointment(c, at));
        }
    }

    #[test]
    fn a_longer_wait_never_brings_the_appointment_closer(received in instant(), start in 0i64..200_000, short in 0i64..100_000, extra in 0i64..100_000) {
        let c = cal();
        let at = c.add_working_seconds(received, start);
        let appointment = |wait: i64| {
            let mut clock = Clock::new(received, TimeLimit::WorkingDays(5), SupplementPolicy::Pause);
            clock.pause(at).unwrap();
            clock.resume(c.add_working_seconds(at, wait)).unwrap();
            clock.appointment(c, received)
        };
        prop_assert!(appointment(short + extra) >= appointment(short));
    }

    #[test]
    fn lunar_round_trip(d in 0i64..73_000) {
        let day = date(1900, 1, 1).checked_add(d.days()).unwrap();
        let l = motcua_calendar::lunar::to_lunar(day).unwrap();
        prop_assert_eq!(motcua_calendar::lunar::to_solar(l.year, l.month, l.day, l.leap).unwrap(), day);
    }
}
