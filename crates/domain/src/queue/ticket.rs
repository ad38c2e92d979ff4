//! Tickets of the queue: their lanes, their numbers (per center, service
//! group and day, restarting at midnight in Vietnam), the order counters call
//! them in, and the wait a new ticket is told.

use jiff::Timestamp;

use crate::labels::labelled_enum;

labelled_enum! {
    /// Who goes first: the elderly, people with disabilities and pregnant
    /// women (priority), then those whose booked time has come
    /// (appointment), then everyone else in the order they came.
    Lane {
        Normal = "normal";
        Priority = "priority";
        Appointment = "appointment";
    }
}

labelled_enum! {
    /// Where a ticket is: waiting in the hall, called to (and served at) a
    /// counter, done, or called and not come.
    TicketStatus {
        Waiting = "waiting";
        Called = "called";
        Done = "done";
        NoShow = "no-show";
    }
}

labelled_enum! {
    /// A device of the hall, known by its secret link: a kiosk issuing
    /// tickets, or the tablet at a counter where citizens rate the service.
    KioskKind {
        Tickets = "tickets";
        Rating = "rating";
    }
}

/// A ticket's number as the hall reads it: the group's letter and the day's
/// sequence, `A012`.
pub fn display_number(letter: char, seq: u32) -> String {
    format!("{}{seq:03}", letter.to_ascii_uppercase())
}

/// The day a ticket belongs to: numbers restart at midnight, Vietnam time.
pub fn service_day(at: Timestamp) -> jiff::civil::Date {
    motcua_calendar::from_timestamp(at).date()
}

/// Tickets taken from 17:00 on are counted apart (the centers serve late).
pub fn after_hours(at: Timestamp) -> bool {
    motcua_calendar::from_timestamp(at).hour() >= 17
}

/// A ticket still waiting, as the caller needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    /// The order of arrival (across groups: the ticket's row id).
    pub order: i64,
    pub lane: Lane,
    /// The booked time, for the appointment lane.
    pub booked_for: Option<Timestamp>,
}

/// Which waiting ticket a counter calls next at `now`: the first priority
/// ticket, else the earliest appointment whose time has come, else the
/// lowest number (an appointment not yet due waits like anyone else).
pub fn next(waiting: &[Waiting], now: Timestamp) -> Option<usize> {
    let first = |f: &dyn Fn(&Waiting) -> bool| {
        waiting
            .iter()
            .enumerate()
            .filter(|(_, w)| f(w))
            .min_by_key(|(_, w)| (w.booked_for, w.order))
            .map(|(i, _)| i)
    };
    first(&|w| w.lane == Lane::Priority)
        .or_else(|| {
            first(&|w| w.lane == Lane::Appointment && w.booked_for.is_some_and(|b| b <= now))
        })
        .or_else(|| {
            waiting
                .iter()
                .enumerate()
                .min_by_key(|(_, w)| w.order)
                .map(|(i, _)| i)
        })
}

/// The wait a new ticket is told, in whole minutes: the people ahead shared
/// by the open counters, each taking the mean service time (one counter when
/// none is open yet).
pub fn estimated_wait_minutes(ahead: u32, open_counters: u32, mean_service_minutes: f64) -> u32 {
    let counters = f64::from(open_counters.max(1));
    (f64::from(ahead) * mean_service_minutes / counters).ceil() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn w(order: i64, lane: Lane, booked: Option<&str>) -> Waiting {
        Waiting {
            order,
            lane,
            booked_for: booked.map(t),
        }
    }

    #[test]
    fn numbers_read_like_the_hall_board() {
        assert_eq!(display_number('a', 7), "A007");
        assert_eq!(display_number('B', 1234), "B1234");
    }

    #[test]
    fn the_day_turns_at_midnight_in_vietnam() {
        // 16:59 UTC is 23:59 in Hà Nội; 17:00 UTC is the next day.
        assert_eq!(
            service_day(t("2026-11-27T16:59:59Z")).to_string(),
            "2026-11-27"
        );
        assert_eq!(
            service_day(t("2026-11-27T17:00:00Z")).to_string(),
            "2026-11-28"
        );
        assert!(!after_hours(t("2026-11-27T09:59:59Z")), "16:59 local");
        assert!(after_hours(t("2026-11-27T10:00:00Z")), "17:00 local");
    }

    #[test]
    fn priority_then_due_appointments_then_the_order_of_arrival() {
        let now = t("2026-11-27T02:00:00Z");
        let queue = vec![
            w(3, Lane::Normal, None),
            w(5, Lane::Appointment, Some("2026-11-27T03:00:00Z")),
            w(4, Lane::Appointment, Some("2026-11-27T01:30:00Z")),
            w(6, Lane::Priority, None),
            w(2, Lane::Normal, None),
        ];
        assert_eq!(next(&queue, now), Some(3), "priority first");
        let no_priority: Vec<_> = queue
            .iter()
            .filter(|x| x.lane != Lane::Priority)
            .cloned()
            .collect();
        assert_eq!(
            no_priority[next(&no_priority, now).unwrap()].order,
            4,
            "the appointment due"
        );
        let later: Vec<_> = no_priority
            .iter()
            .filter(|x| x.order != 4)
            .cloned()
            .collect();
        assert_eq!(
            later[next(&later, now).unwrap()].order,
            2,
            "then by number; seq 5 is not due"
        );
        assert_eq!(next(&[], now), None);
    }

    #[test]
    fn the_wait_is_shared_by_the_open_counters() {
        assert_eq!(estimated_wait_minutes(0, 2, 8.0), 0);
        assert_eq!(estimated_wait_minutes(5, 2, 8.0), 20);
        assert_eq!(estimated_wait_minutes(5, 0, 8.0), 40, "as if one were open");
        assert_eq!(estimated_wait_minutes(1, 3, 10.0), 4, "rounded up");
    }
}
