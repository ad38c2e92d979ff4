//! Tests of the history generator: real dossiers, chained events, nothing after `now`.

mod tests {
    use super::super::*;
    use jiff::civil::date;
    use motcua_calendar::{from_timestamp, Holidays, OfficeHours};
    use motcua_domain::catalog::{parse_csv, DEMO_CATALOG_CSV};
    use motcua_domain::dossier::{event, Status, Timeliness};
    use motcua_domain::org::Role;

    fn generator(seed: u64) -> HistoryGenerator {
        let catalog = parse_csv(DEMO_CATALOG_CSV.as_bytes()).unwrap();
        let procedures: Vec<DemoProcedure> = catalog
            .procedures
            .iter()
            .enumerate()
            .map(|(i, p)| DemoProcedure {
                code: p.code.clone(),
                version_id: motcua_store::ProcedureVersionId(i as i64 + 1),
                field: p.field.clone(),
                limit: p.time_limit,
                channels: p.channels.clone(),
                name: p.name.clone(),
                fee: p.fee.amount(1),
                components: p.components.clone(),
            })
            .collect();
        let staff = |i: i64, who: &str, role: Role| {
            (1..=2)
                .map(|k| Actor {
                    account_id: motcua_store::AccountId(i * 100 + k),
                    username: format!("{who}{k}.c{i}"),
                    role,
                })
                .collect::<Vec<_>>()
        };
        let centers = (0..3)
            .map(|i| DemoCenterRef {
                id: motcua_store::CenterId(i + 10),
                agency: format!("000.30.{i:02}.H92").parse().unwrap(),
                procedures: (0..procedures.len()).collect(),
                reception: staff(i, "tiepnhan", Role::Reception),
                specialists: staff(i, "chuyenvien", Role::Specialist),
                leaders: staff(i, "lanhdao", Role::Leader),
            })
            .collect();
        let now: Timestamp = "2026-11-26T03:00:00Z".parse().unwrap();
        HistoryGenerator::new(
            seed,
            procedures,
            centers,
            Holidays::official().calendar(OfficeHours::default(), 2025..=2026),
            now,
        )
    }

    #[test]
    fn applicants_have_valid_numbers() {
        for d in generator(4).day(date(2026, 11, 20)) {
            let id: motcua_domain::person::Cccd = d.applicant_id_number.unwrap().parse().unwrap();
            assert_eq!(id.province_code(), "092");
            let year = &id.as_str()[4..6];
            let born: u32 = match &id.as_str()[3..4] {
                "0" | "1" => 1900 + year.parse::<u32>().unwrap(),
                "2" | "3" => 2000 + year.parse::<u32>().unwrap(),
                other => panic!("century digit {other}"),
            };
            assert!((1940..=2007).contains(&born), "{id}");
            let _: motcua_domain::person::Phone = d.applicant_phone.unwrap().parse().unwrap();
        }
    }

    #[test]
    fn deterministic_for_a_seed() {
        let day = date(2026, 11, 20);
        assert_eq!(generator(5).day(day), generator(5).day(day));
        assert_ne!(generator(5).day(day), generator(6).day(day));
    }

    #[test]
    fn forty_to_fifty_per_center_with_gapless_codes() {
        let g = generator(1);
        let dossiers = g.day(date(2026, 11, 20));
        for center in 10..13 {
            let own: Vec<_> = dossiers
                .iter()
                .filter(|d| d.center_id.0 == center)
                .collect();
            assert!((40..=50).contains(&own.len()), "{}", own.len());
            for (i, d) in own.iter().enumerate() {
                let code: DossierCode = d.code.parse().unwrap();
                assert_eq!(code.seq as usize, i + 1);
                assert_eq!(from_timestamp(d.received_at()).date(), date(2026, 11, 20));
            }
            assert!(own
                .windows(2)
                .all(|w| w[0].received_at() <= w[1].received_at()));
        }
    }

    #[test]
    fn centers_sharing_an_agency_share_one_sequence() {
        let mut g = generator(2);
        let shared = g.centers[0].agency.clone();
        g.centers[1].agency = shared.clone();
        let day = g.day(date(2026, 11, 20));
        let mut seqs: Vec<u32> = day
            .iter()
            .filter(|d| d.agency_code == shared)
            .map(|d| d.code.parse::<DossierCode>().unwrap().seq)
            .collect();
        let n = seqs.len() as u32;
        assert!(n >= 80);
        seqs.sort();
        assert_eq!(seqs, (1..=n).collect::<Vec<_>>());
        let centers: std::collections::HashSet<motcua_store::CenterId> = day
            .iter()
            .filter(|d| d.agency_code == shared)
            .map(|d| d.center_id)
            .collect();
        assert_eq!(centers.len(), 2);
    }

    #[test]
    fn a_realistic_mix_over_a_quarter() {
        let g = generator(3);
        let days = g.working_days(date(2026, 6, 1), date(2026, 8, 31));
        assert!(!days.contains(&date(2026, 8, 31)), "31/8/2026 is a day off");
        let all: Vec<HistoricDossier> = days.iter().flat_map(|d| g.day(*d)).collect();
        let n = all.len() as f64;
        let share =
            |f: &dyn Fn(&HistoricDossier) -> bool| all.iter().filter(|d| f(d)).count() as f64 / n;
        let refused = share(&|d| d.status() == Status::NotAccepted);
        let supplemented = share(&|d| d.state().supplement_count > 0);
        let finished: Vec<_> = all.iter().filter(|d| d.finished_at().is_some()).collect();
        // Judged as the live record judges it: against the legal appointment.
        let late = finished
            .iter()
            .filter(|d| {
                let s = d.state();
                Timeliness::classify(
                    s.legal_appointment.unwrap(),
                    d.finished_at().unwrap(),
                    s.supplement_count,
                ) == Timeliness::Late
            })
            .count() as f64
            / finished.len() as f64;
        let extended = share(&|d| d.state().extension_count > 0);
        let digitized = share(&|d| d.state().digitized);
        let ct = share(&|d| d.procedure_code.as_str().starts_with("2.0041"));
        let after_18 = share(&|d| from_timestamp(d.received_at()).hour() >= 18);
        assert!((0.01..0.03).contains(&refused), "refused {refused}");
        assert!(
            (0.06..0.11).contains(&supplemented),
            "supplemented {supplemented}"
        );
        assert!((0.04..0.12).contains(&late), "late {late}");
        assert!((0.005..0.05).contains(&extended), "extended {extended}");
        assert!((0.85..0.97).contains(&digitized), "digitized {digitized}");
        assert!(ct > 0.3, "chứng thực is the largest group: {ct}");
        assert!((0.005..0.04).contains(&after_18), "after 18:00 {after_18}");
        assert!(all.iter().all(|d| {
            let s = d.state();
            s.legal_appointment.is_none_or(|due| due >= d.received_at())
        }));
        assert!(
            all.iter().any(|d| d.channel == Channel::Online)
                && all.iter().any(|d| d.channel == Channel::Post)
        );
        for gone in [Status::Withdrawn, Status::Stopped] {
            assert!(all.iter().any(|d| d.status() == gone), "{gone:?}");
        }
        assert!(
            all.iter().all(|d| matches!(
                d.status(),
                Status::Returned | Status::NotAccepted | Status::Withdrawn | Status::Stopped
            )),
            "a quarter ago, all settled"
        );
    }

    #[test]
    fn recent_dossiers_are_still_open() {
        let g = generator(4);
        let today = g.day(date(2026, 11, 25));
        let open = today
            .iter()
            .filter(|d| {
                matches!(
                    d.status(),
                    Status::InProgress | Status::SupplementRequested | Status::Processed
                )
            })
            .count();
        assert!(open > 20, "{open}");
        assert!(today
            .iter()
            .filter(|d| matches!(d.status(), Status::InProgress | Status::SupplementRequested))
            .all(|d| d.finished_at().is_none()));
    }

    /// Every dossier is a whole record: events that chain, that the lifecycle
    /// rules allow for their actors' roles, that lead to the status shown, and
    /// none after `now` — on the day `now` falls in too (10:00 on 26/11).
    #[test]
    fn every_dossier_is_a_real_record_up_to_now() {
        let g = generator(7);
        let now = g.now;
        let days = [
            date(2026, 8, 3),
            date(2026, 11, 24),
            date(2026, 11, 25),
            date(2026, 11, 26),
        ];
        let mut statuses = std::collections::BTreeSet::new();
        for day in days {
            let dossiers = g.day(day);
            assert!(!dossiers.is_empty(), "{day}");
            for d in &dossiers {
                assert!(!d.events.is_empty(), "{} has no event", d.code);
                let replayed = event::verify(&d.events).unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(replayed, d.state(), "{}", d.code);
                assert_eq!(replayed.status, Some(d.status()), "{}", d.code);
                assert_eq!(d.events[0].at, d.received_at());
                assert!(
                    matches!(
                        d.events[0].action,
                        Action::Submit | Action::Accept { .. } | Action::Refuse { .. }
                    ),
                    "{}",
                    d.code
                );
                let mut state = State::default();
                for e in &d.events {
                    assert!(
                        e.at <= now,
                        "{} event {} at {} after now",
                        d.code,
                        e.seq,
                        e.at
                    );
                    let roles: Vec<Role> = e.actor.iter().map(|a| a.role).collect();
                    assert_eq!(
                        state.decide(&e.action, &roles, &Rules::default()),
                        Ok(e.to),
                        "{} event {}",
                        d.code,
                        e.seq
                    );
                    state.apply(&e.action, e.to, &e.agency);
                }
                assert!(d.events.windows(2).all(|w| w[0].at <= w[1].at));
                let details: serde_json::Value = serde_json::from_str(&d.details).unwrap();
                let p = g
                    .procedures
                    .iter()
                    .find(|p| p.code == d.procedure_code)
                    .unwrap();
                assert_eq!(details["procedure_name"], p.name.as_str());
                for key in [
                    "components",
                    "fee",
                    "time_limit",
                    "result_channel",
                    "pages",
                    "copies",
                ] {
                    assert!(details.get(key).is_some(), "{key} in {details}");
                }
                statuses.insert(d.status().number());
            }
        }
        for open_or_settled in [1, 2, 3, 4, 5, 9, 10] {
            assert!(
                statuses.contains(&open_or_settled),
                "{open_or_settled} in {statuses:?}"
            );
        }
        let today = g.day(date(2026, 11, 26));
        assert!(
            today.len() < 3 * 40,
            "only the morning until 10:00 came: {}",
            today.len()
        );
        assert!(
            g.day(date(2026, 11, 27)).is_empty(),
            "tomorrow has not come"
        );
    }
}
