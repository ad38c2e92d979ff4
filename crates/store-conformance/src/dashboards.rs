//! What the dashboards read: sums of the rollups by day, center and
//! procedure, the officers' figures, the open dossiers and the dossiers
//! behind a figure, on five hand-made dossiers.

use jiff::civil::date;
use motcua_domain::catalog::Channel;
use motcua_domain::org::Role;
use motcua_store::{Action, Behind, RollupGroup, Store};

use crate::*;

/// Five dossiers of one center (2.004001), by hand:
/// - A, in person on the 23rd, due the 25th, settled the 24th: early;
/// - B, in person on the 23rd, due the 24th, settled the 25th: late;
/// - C, online on the 24th, refused;
/// - D, in person on the 24th, due the 26th, still in hand;
/// - E, online on the 25th, waiting to be accepted.
pub async fn the_dashboards_sum_rollups_and_find_the_dossiers_behind(store: &dyn Store) {
    let (center, version) = intake_ready(store).await;
    let accept = |due: &str| Action::Accept {
        appointment: due.parse().unwrap(),
    };
    let settle = |steps: &mut Vec<(String, Option<Role>, Action)>, at: &str| {
        steps.push((
            format!("{at}T01:00:00Z"),
            Some(Role::Reception),
            Action::HandOver {
                to_agency: code(AGENCY),
                to_account: None,
                note: String::new(),
            },
        ));
        steps.push((
            format!("{at}T02:00:00Z"),
            Some(Role::Specialist),
            Action::DraftResult {
                summary: "Trích lục".into(),
            },
        ));
        steps.push((
            format!("{at}T03:00:00Z"),
            Some(Role::Leader),
            Action::Approve,
        ));
    };
    let mut a = vec![(
        "2026-11-23T02:00:00Z".to_string(),
        Some(Role::Reception),
        accept("2026-11-25T10:00:00Z"),
    )];
    settle(&mut a, "2026-11-24");
    let mut b = vec![(
        "2026-11-23T03:00:00Z".to_string(),
        Some(Role::Reception),
        accept("2026-11-24T10:00:00Z"),
    )];
    settle(&mut b, "2026-11-25");
    let c = vec![
        ("2026-11-24T01:00:00Z".to_string(), None, Action::Submit),
        (
            "2026-11-24T02:00:00Z".to_string(),
            Some(Role::Reception),
            Action::Refuse {
                reasons: "Thiếu giấy tờ".into(),
            },
        ),
    ];
    let d = vec![(
        "2026-11-24T04:00:00Z".to_string(),
        Some(Role::Reception),
        accept("2026-11-26T10:00:00Z"),
    )];
    let e = vec![("2026-11-25T01:00:00Z".to_string(), None, Action::Submit)];
    let mut dossiers = Vec::new();
    for (code, channel, steps) in [
        ("000.01.31.H13-261123-0001", Channel::InPerson, a),
        ("000.01.31.H13-261123-0002", Channel::InPerson, b),
        ("000.01.31.H13-261124-0001", Channel::Online, c),
        ("000.01.31.H13-261124-0002", Channel::InPerson, d),
        ("000.01.31.H13-261125-0001", Channel::Online, e),
    ] {
        let steps: Vec<(&str, Option<Role>, Action)> = steps
            .iter()
            .map(|(at, role, action)| (at.as_str(), *role, action.clone()))
            .collect();
        dossiers.push(historic_dossier(code, center, version, channel, &steps));
    }
    store.insert_history(&dossiers, &no_progress).await.unwrap();
    let (from, to) = (date(2026, 11, 23), date(2026, 11, 25));

    let total = store
        .rollup_sums(None, from, to, RollupGroup::Total)
        .await
        .unwrap();
    assert_eq!(total.len(), 1);
    let t = &total[0].counts;
    assert_eq!((t.received, t.in_person, t.online, t.by_post), (5, 3, 2, 0));
    assert_eq!(
        (t.finished, t.on_time, t.early, t.late, t.refused),
        (2, 1, 1, 1, 1)
    );
    // A took 25 hours, B 48.
    assert_eq!(t.settle_seconds, (25 + 48) * 3600);
    let by_day: Vec<(jiff::civil::Date, i64, i64)> = store
        .rollup_sums(Some(&[center]), from, to, RollupGroup::Day)
        .await
        .unwrap()
        .iter()
        .map(|s| (s.day.unwrap(), s.counts.received, s.counts.finished))
        .collect();
    assert_eq!(
        by_day,
        [
            (date(2026, 11, 23), 2, 2),
            (date(2026, 11, 24), 2, 0),
            (date(2026, 11, 25), 1, 0)
        ]
    );
    let by_center = store
        .rollup_sums(None, from, to, RollupGroup::Center)
        .await
        .unwrap();
    assert_eq!(
        (
            by_center.len(),
            by_center[0].center_id,
            by_center[0].counts.received
        ),
        (1, Some(center), 5)
    );
    let by_procedure = store
        .rollup_sums(None, date(2026, 11, 24), to, RollupGroup::Procedure)
        .await
        .unwrap();
    assert_eq!(
        (
            by_procedure[0].procedure_code.as_deref(),
            by_procedure[0].counts.received
        ),
        (Some("2.004001"), 3)
    );
    // Whole months are read from the monthly rollups: the same sums.
    let (first, last) = (date(2026, 11, 1), date(2026, 11, 30));
    for group in [
        RollupGroup::Total,
        RollupGroup::Center,
        RollupGroup::Procedure,
    ] {
        let month = store.rollup_sums(None, first, last, group).await.unwrap();
        assert_eq!(month.len(), 1, "{group:?}");
        assert_eq!(&month[0].counts, t, "{group:?}");
    }
    let by_day_month = store
        .rollup_sums(None, first, last, RollupGroup::Day)
        .await
        .unwrap();
    assert_eq!(by_day_month.len(), 3, "only the days with dossiers");
    assert!(store
        .rollup_sums(
            None,
            date(2026, 10, 1),
            date(2026, 10, 31),
            RollupGroup::Center
        )
        .await
        .unwrap()
        .is_empty());
    // No centers: nothing, not everything.
    let none = store
        .rollup_sums(Some(&[]), from, to, RollupGroup::Total)
        .await
        .unwrap();
    assert_eq!(none[0].counts.received, 0);

    // The officer (the history's one account) took in four (A, B, D at the
    // counter; C refused from its registration) and settled two, one late.
    let officers = store.officer_sums(None, from, to).await.unwrap();
    assert_eq!(officers.len(), 1, "{officers:?}");
    let o = &officers[0].counts;
    assert_eq!((o.received, o.settled, o.on_time, o.late), (4, 2, 1, 1));

    // Open on the 27th: E waiting, D in hand and past its appointment.
    let now = "2026-11-27T03:00:00Z".parse().unwrap();
    let soon = "2026-11-30T17:00:00Z".parse().unwrap();
    let open = store.open_counts(None, now, soon, None).await.unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(
        (
            open[0].1.registered,
            open[0].1.pending,
            open[0].1.due_soon,
            open[0].1.overdue
        ),
        (1, 1, 0, 1)
    );
    // On the 25th, D was due soon, not overdue; of those received on the
    // 23rd, none is open.
    let earlier = "2026-11-25T05:00:00Z".parse().unwrap();
    let open = store.open_counts(None, earlier, soon, None).await.unwrap();
    assert_eq!((open[0].1.due_soon, open[0].1.overdue), (1, 0));
    let received_23rd = (
        "2026-11-22T17:00:00Z".parse().unwrap(),
        "2026-11-23T17:00:00Z".parse().unwrap(),
    );
    assert!(store
        .open_counts(None, now, soon, Some(received_23rd))
        .await
        .unwrap()
        .is_empty());

    // The dossiers behind each figure.
    let (start, end) = (
        "2026-11-22T17:00:00Z".parse().unwrap(),
        "2026-11-25T17:00:00Z".parse().unwrap(),
    );
    let behind = |what: Behind, limit: i64, offset: i64| async move {
        let page = store
            .dossiers_behind(Some(&[center]), start, end, what, now, soon, limit, offset)
            .await
            .unwrap();
        let codes: Vec<String> = page.dossiers.iter().map(|d| d.code.to_string()).collect();
        (codes, page.more)
    };
    let tail = |codes: Vec<String>| -> Vec<String> {
        codes.into_iter().map(|c| c[14..].to_string()).collect()
    };
    let (finished, _) = behind(Behind::Finished, 10, 0).await;
    assert_eq!(
        tail(finished),
        ["261123-0002", "261123-0001"],
        "newest first"
    );
    assert_eq!(
        tail(behind(Behind::Refused, 10, 0).await.0),
        ["261124-0001"]
    );
    assert_eq!(
        tail(
            behind(Behind::Received(Some(Channel::Online)), 10, 0)
                .await
                .0
        ),
        ["261125-0001", "261124-0001"]
    );
    assert_eq!(
        tail(behind(Behind::Registered, 10, 0).await.0),
        ["261125-0001"]
    );
    assert_eq!(
        tail(behind(Behind::Overdue, 10, 0).await.0),
        ["261124-0002"]
    );
    assert_eq!(
        tail(behind(Behind::Pending, 10, 0).await.0),
        ["261124-0002"]
    );
    assert!(behind(Behind::DueSoon, 10, 0).await.0.is_empty());
    assert!(behind(Behind::Digitized, 10, 0).await.0.is_empty());
    // Pages: two of five, more to come; the last one, none after.
    assert!(behind(Behind::Received(None), 2, 0).await.1);
    let (last, more) = behind(Behind::Received(None), 2, 4).await;
    assert_eq!((last.len(), more), (1, false));
    // Another center's list is empty.
    let elsewhere = store
        .dossiers_behind(
            Some(&[motcua_store::CenterId(center.0 + 1000)]),
            start,
            end,
            Behind::Received(None),
            now,
            soon,
            10,
            0,
        )
        .await
        .unwrap();
    assert!(elsewhere.dossiers.is_empty());

    // Their events, to judge early and on time again.
    let ids: Vec<_> = store
        .dossiers_behind(
            Some(&[center]),
            start,
            end,
            Behind::Finished,
            now,
            soon,
            10,
            0,
        )
        .await
        .unwrap()
        .dossiers
        .iter()
        .map(|d| d.id)
        .collect();
    let events = store.events_of(&ids).await.unwrap();
    assert_eq!(events.len(), 2);
    assert!(events.values().all(|e| e.len() == 4 && e[0].seq == 1));

    // Nothing rated, no queue: empty, not an error.
    assert!(store
        .rating_counts(None, start, end)
        .await
        .unwrap()
        .is_empty());
    assert!(store.queue_sums(None, from, to).await.unwrap().is_empty());
}
