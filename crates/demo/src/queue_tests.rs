//! Tests of the demo halls: the rhythm of a day's tickets, and what the
//! seeding leaves in a store.

mod tests {
    use super::super::*;
    use std::collections::BTreeMap;

    use jiff::civil::date;
    use motcua_calendar::{from_timestamp, Holidays, OfficeHours};
    use motcua_store::{Center, Ticket};

    use crate::seed::{seed, DemoOptions, Progress};

    fn commune(staff: usize) -> (Hall, QueueCenter<'static>) {
        let hall = Hall {
            center: CenterId(1),
            groups: [1, 2, 3, 4].map(ServiceGroupId),
            counters: [1, 2, 3, 4].map(CounterId),
            kiosk: KioskId(1),
        };
        let center = QueueCenter {
            id: CenterId(1),
            staff: (1..=staff as i64).map(AccountId).collect(),
            calendar: Cow::Owned(
                Holidays::official().calendar(OfficeHours::default(), 2026..=2026),
            ),
        };
        (hall, center)
    }

    fn weeks(c: &QueueCenter<'_>, hall: &Hall, seed: u64) -> Vec<HistoricTicket> {
        let now: Timestamp = "2026-12-01T00:00:00Z".parse().unwrap();
        let mut all = Vec::new();
        let mut day = date(2026, 9, 1);
        while day < date(2026, 11, 1) {
            if c.calendar.is_working_day(day) {
                all.extend(hall_day(seed, 0, hall, c, day, now));
            }
            day = day.tomorrow().unwrap();
        }
        all
    }

    fn minutes(from: Timestamp, to: Timestamp) -> f64 {
        to.duration_since(from).as_secs_f64() / 60.0
    }

    fn median(mut v: Vec<f64>) -> f64 {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    }

    #[test]
    fn the_same_seed_gives_the_same_day() {
        let (hall, c) = commune(3);
        let day = date(2026, 10, 5);
        let now: Timestamp = "2026-12-01T00:00:00Z".parse().unwrap();
        assert_eq!(
            hall_day(1, 0, &hall, &c, day, now),
            hall_day(1, 0, &hall, &c, day, now)
        );
        assert_ne!(
            hall_day(1, 0, &hall, &c, day, now),
            hall_day(2, 0, &hall, &c, day, now)
        );
    }

    /// A day whose `now` comes at 10:00 holds the tickets over by then, still
    /// numbered without gaps.
    #[test]
    fn a_day_stops_at_now() {
        let (hall, c) = commune(3);
        let day = date(2026, 10, 6);
        let now: Timestamp = "2026-10-06T03:00:00Z".parse().unwrap();
        let whole = hall_day(
            4,
            0,
            &hall,
            &c,
            day,
            "2026-12-01T00:00:00Z".parse().unwrap(),
        );
        let morning = hall_day(4, 0, &hall, &c, day, now);
        assert!(!morning.is_empty() && morning.len() < whole.len() / 2);
        assert!(
            morning
                .iter()
                .all(|t| t.finished_at.unwrap() <= now
                    && t.ticket.booked_for.is_none_or(|b| b <= now))
        );
        for g in hall.groups {
            let seqs: Vec<u32> = morning
                .iter()
                .filter(|t| t.ticket.group_id == g)
                .map(|t| t.seq)
                .collect();
            assert_eq!(seqs, (1..=seqs.len() as u32).collect::<Vec<_>>());
        }
    }

    /// A commune center with three officers: 60–120 tickets a day, Monday
    /// busiest, the groups and lanes in their shares, short waits that
    /// lengthen at the peaks.
    #[test]
    fn a_commune_hall_over_two_months() {
        let (hall, c) = commune(3);
        let all = weeks(&c, &hall, 7);
        let mut per_day: BTreeMap<jiff::civil::Date, usize> = BTreeMap::new();
        for t in &all {
            *per_day.entry(t.ticket.day).or_default() += 1;
        }
        let mean = |f: &dyn Fn(&jiff::civil::Date) -> bool| {
            let days: Vec<usize> = per_day
                .iter()
                .filter(|(d, _)| f(d))
                .map(|(_, n)| *n)
                .collect();
            days.iter().sum::<usize>() as f64 / days.len() as f64
        };
        let day_mean = mean(&|_| true);
        assert!((70.0..92.0).contains(&day_mean), "{day_mean} a day");
        assert!(
            per_day.values().all(|n| (50..=130).contains(n)),
            "{per_day:?}"
        );
        let monday = mean(&|d| d.weekday() == jiff::civil::Weekday::Monday);
        let friday = mean(&|d| d.weekday() == jiff::civil::Weekday::Friday);
        assert!(monday > friday * 1.2, "Monday {monday}, Friday {friday}");

        let n = all.len() as f64;
        let share =
            |f: &dyn Fn(&HistoricTicket) -> bool| all.iter().filter(|t| f(t)).count() as f64 / n;
        for (g, expected) in [(0, 0.40), (1, 0.25), (2, 0.15), (3, 0.20)] {
            let s = share(&|t| t.ticket.group_id == hall.groups[g]);
            assert!((s - expected).abs() < 0.03, "group {g}: {s}");
        }
        let priority = share(&|t| t.ticket.lane == Lane::Priority);
        let booked = share(&|t| t.ticket.lane == Lane::Appointment);
        let no_show = share(&|t| t.status == TicketStatus::NoShow);
        let late = share(&|t| t.ticket.after_hours);
        assert!((0.06..0.10).contains(&priority), "priority {priority}");
        assert!((0.035..0.065).contains(&booked), "appointment {booked}");
        assert!((0.05..0.09).contains(&no_show), "no-show {no_show}");
        assert!((0.01..0.06).contains(&late), "after hours {late}");

        let wait = |t: &HistoricTicket| minutes(t.ticket.taken_at, t.called_at.unwrap());
        let at_hour = |hours: &[i8]| {
            median(
                all.iter()
                    .filter(|t| hours.contains(&from_timestamp(t.ticket.taken_at).hour()))
                    .map(wait)
                    .collect(),
            )
        };
        let mut waits: Vec<f64> = all.iter().map(wait).collect();
        waits.sort_by(f64::total_cmp);
        let (overall, p90) = (waits[waits.len() / 2], waits[waits.len() * 9 / 10]);
        let (peak, quiet) = (at_hour(&[9, 15]), at_hour(&[7, 17]));
        assert!((1.0..10.0).contains(&overall), "median wait {overall}");
        assert!(p90 < 40.0, "90th percentile {p90}");
        assert!(peak > quiet * 1.5, "peak {peak}, quiet {quiet}");
        let served: Vec<&HistoricTicket> = all
            .iter()
            .filter(|t| t.status == TicketStatus::Done)
            .collect();
        let service = |g: usize| {
            median(
                served
                    .iter()
                    .filter(|t| t.ticket.group_id == hall.groups[g])
                    .map(|t| minutes(t.called_at.unwrap(), t.finished_at.unwrap()))
                    .collect(),
            )
        };
        assert!(service(0) < service(3) && service(3) < service(1) && service(1) < service(2));
    }

    /// At any moment an officer serves one citizen, at one counter.
    #[test]
    fn nobody_serves_two_at_once() {
        for staff in 1..=6 {
            let (hall, c) = commune(staff);
            let all = weeks(&c, &hall, staff as u64);
            let mut by_officer: BTreeMap<_, Vec<(Timestamp, Timestamp, CounterId)>> =
                BTreeMap::new();
            for t in &all {
                by_officer
                    .entry((t.ticket.day, t.served_by.unwrap()))
                    .or_default()
                    .push((
                        t.called_at.unwrap(),
                        t.finished_at.unwrap(),
                        t.counter_id.unwrap(),
                    ));
            }
            for ((day, officer), mut spans) in by_officer {
                spans.sort();
                assert!(
                    spans
                        .windows(2)
                        .all(|w| w[0].1 <= w[1].0 && w[0].2 == w[1].2),
                    "{staff} officers: {officer} on {day}"
                );
            }
        }
    }

    struct Quiet;

    impl Progress for Quiet {
        fn begin(&self, _: u64) {}
        fn day(&self, _: u64, _: u64) {}
        fn end(&self) {}
    }

    fn sha256(secret: &str) -> String {
        hex::encode(Sha256::digest(secret.as_bytes()))
    }

    /// What a center's hall holds after the seeding, checked on the store.
    async fn check_hall(
        store: &dyn Store,
        ci: usize,
        center: &Center,
        opts: &DemoOptions,
    ) -> Vec<Ticket> {
        let groups = store.service_groups(center.id).await.unwrap();
        let letters: String = groups.iter().map(|g| g.letter).collect();
        assert_eq!(letters, "ABCD", "{}", center.name);
        assert!(groups.iter().all(|g| g.active));
        assert_eq!(groups[2].fields.len(), 2);
        assert!(groups[3].fields.is_empty());
        let counters = store.counters(center.id).await.unwrap();
        let numbers: Vec<u32> = counters.iter().map(|c| c.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4]);
        assert!(
            counters.iter().all(|c| c.staffed_by.is_none()),
            "nobody staffs a counter at {}",
            center.name
        );

        let calendar = Holidays::official().calendar(center.office_hours.clone(), 2025..=2027);
        let first = opts.until - jiff::Span::new().weeks(QUEUE_WEEKS);
        let tickets = store
            .tickets_between(center.id, date(2025, 1, 1), date(2027, 12, 31))
            .await
            .unwrap();
        assert!(!tickets.is_empty(), "{}", center.name);
        let mut seqs: BTreeMap<_, Vec<u32>> = BTreeMap::new();
        for t in &tickets {
            assert!(
                calendar.is_working_day(t.day),
                "{} on {}",
                t.number(),
                t.day
            );
            assert!(first <= t.day && t.day < opts.until, "{}", t.day);
            assert_eq!(t.day, service_day(t.taken_at));
            assert_eq!(t.after_hours, after_hours(t.taken_at));
            let (called, finished) = (t.called_at.unwrap(), t.finished_at.unwrap());
            assert!(t.taken_at <= called && called <= finished, "{}", t.number());
            assert!(finished <= opts.now, "{} after now", t.number());
            assert!(matches!(
                t.status,
                TicketStatus::Done | TicketStatus::NoShow
            ));
            let counter = counters
                .iter()
                .find(|c| Some(c.id) == t.counter_id)
                .unwrap();
            assert!(counter.groups.contains(&t.group_id), "{}", t.number());
            assert!(t.served_by.is_some());
            seqs.entry((t.group_id, t.day)).or_default().push(t.seq);
        }
        let days: Vec<jiff::civil::Date> = seqs.keys().map(|(_, day)| *day).collect();
        let mut last = opts.until.yesterday().unwrap();
        while !calendar.is_working_day(last) {
            last = last.yesterday().unwrap();
        }
        assert!(days.iter().min().unwrap() < &(first + jiff::Span::new().days(7)));
        assert_eq!(
            days.iter().max(),
            Some(&last),
            "up to the day before `until`"
        );
        for ((group, day), seq) in seqs {
            let n = seq.len() as u32;
            assert_eq!(seq, (1..=n).collect::<Vec<_>>(), "group {group} on {day}");
        }

        let kiosk = |kind| async move {
            let hash = sha256(&demo_device_secret(opts.seed, ci, kind));
            store.kiosk_by_token_hash(&hash).await.unwrap().unwrap()
        };
        let tickets_kiosk = kiosk(KioskKind::Tickets).await;
        assert_eq!(
            (tickets_kiosk.center_id, tickets_kiosk.kind),
            (center.id, KioskKind::Tickets)
        );
        assert!(tickets.iter().all(|t| t.kiosk_id == Some(tickets_kiosk.id)));
        let tablet = kiosk(KioskKind::Rating).await;
        assert_eq!(tablet.center_id, center.id);
        assert_eq!(tablet.counter_id, Some(counters[0].id));
        assert!(tablet.created_at <= opts.now);
        tickets
    }

    #[tokio::test]
    async fn every_center_has_a_hall_with_eight_weeks_of_tickets() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("demo.sqlite").display());
        let store = motcua_store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        let opts = DemoOptions {
            communes: 2,
            days: 3,
            seed: 5,
            until: date(2026, 11, 25),
            now: "2026-11-25T03:00:00Z".parse().unwrap(),
        };
        seed(&*store, &opts, &Quiet).await.unwrap();
        let mut centers = store.centers().await.unwrap();
        centers.sort_by_key(|c| c.id);
        assert_eq!(
            centers.len(),
            4,
            "the province's center, its point, 2 communes"
        );
        for (ci, center) in centers.iter().enumerate() {
            let tickets = check_hall(&*store, ci, center, &opts).await;
            let late = tickets.iter().filter(|t| t.after_hours).count();
            let saturdays = tickets
                .iter()
                .filter(|t| t.day.weekday() == jiff::civil::Weekday::Saturday)
                .count();
            if center.office_hours == OfficeHours::default() {
                assert!(late > 0, "{}: tickets after 17:00", center.name);
                assert_eq!(saturdays, 0, "{}", center.name);
            } else {
                assert!(saturdays > 0, "{}: Saturday mornings", center.name);
            }
        }
        let other = sha256(&demo_device_secret(6, 0, KioskKind::Tickets));
        assert!(store.kiosk_by_token_hash(&other).await.unwrap().is_none());
    }
}
