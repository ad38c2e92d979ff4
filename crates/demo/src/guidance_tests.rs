//! Tests of the demo's guidance log: the same seed gives the same entries,
//! a dossier follows one entry of its own center, and the seeding leaves a
//! report that is not empty.

mod tests {
    use super::super::*;
    use jiff::civil::date;

    use crate::seed::{seed, DemoOptions, Progress};

    struct Quiet;
    impl Progress for Quiet {
        fn begin(&self, _: u64) {}
        fn day(&self, _: u64, _: u64) {}
        fn end(&self) {}
    }

    #[tokio::test]
    async fn postal_employees_guide_people_and_some_dossiers_follow() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("demo.sqlite").display());
        let store = motcua_store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        let opts = DemoOptions {
            communes: 2,
            days: 5,
            seed: 5,
            until: date(2026, 11, 25),
            now: "2026-11-25T03:00:00Z".parse().unwrap(),
        };
        seed(&*store, &opts, &Quiet).await.unwrap();
        let (from, to) = motcua_domain::guidance::Month::new(2026, 11)
            .unwrap()
            .bounds();
        let counts = store.guidance_counts(None, from, to).await.unwrap();
        let mut s = motcua_domain::guidance::Summary::default();
        for c in &counts {
            s.add(c.channel, c.dossier_channel, c.count);
        }
        // Every postal employee guides two to seven people a working day.
        let postal = store
            .postal_centers(date(2026, 11, 1), date(2026, 11, 30))
            .await
            .unwrap();
        assert!(!postal.is_empty());
        assert!(s.guided >= 2 * 5, "{s:?}");
        assert!(s.online > s.in_person, "{s:?}");
        assert!(s.followed > 0 && s.followed < s.guided, "{s:?}");
        assert!(s.moved_online > 0, "{s:?}");
        // Each followed dossier is of the entry's own center, received on
        // the day of the guidance or later; nothing after the demo's present.
        for center in store.centers().await.unwrap() {
            for g in store.guidance_between(center.id, from, to).await.unwrap() {
                assert!(g.entry.at <= opts.now);
                if let Some(code) = &g.entry.dossier {
                    let d = store.dossier(code).await.unwrap().unwrap();
                    assert_eq!(d.center_id, center.id);
                    motcua_domain::guidance::may_follow(g.entry.at, d.received_at).unwrap();
                }
            }
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_entries() {
        let guides = [Guide {
            center: CenterId(1),
            account: AccountId(7),
            procedures: vec!["2.004001".parse().unwrap(), "1.001445".parse().unwrap()],
        }];
        let days = [date(2026, 11, 2), date(2026, 11, 3)];
        let now: Timestamp = "2026-12-01T00:00:00Z".parse().unwrap();
        let a = plan_guidance(3, &guides, &days, &mut Pool::default(), now);
        let b = plan_guidance(3, &guides, &days, &mut Pool::default(), now);
        assert_eq!(a, b);
        assert!((4..=14).contains(&a.len()), "{}", a.len());
        assert_ne!(
            a,
            plan_guidance(4, &guides, &days, &mut Pool::default(), now)
        );
        // No dossier in the pool: none followed.
        assert!(a.iter().all(|e| e.dossier.is_none()));
    }
}
