//! Dossiers from the past written in bulk.

use jiff::civil::date;
use jiff::Timestamp;
use motcua_domain::catalog::Channel;
use motcua_domain::org::*;
use motcua_domain::{AgencyCode, ProcedureCode};
use motcua_store::{AccountId, CenterId, HistoricDossier, ProcedureVersionId, Store, StoreError};

use crate::*;

/// A historic dossier whose events are `steps` (instant, actor's role,
/// action), chained from its code's genesis and checked by the lifecycle
/// rules: what a bulk load writes.
pub fn historic_dossier(
    code: &str,
    center_id: CenterId,
    procedure_version_id: ProcedureVersionId,
    channel: Channel,
    steps: &[(&str, Option<Role>, motcua_store::Action)],
) -> HistoricDossier {
    use motcua_store::{Actor, Event, State};
    let agency: AgencyCode = code.rsplitn(3, '-').nth(2).unwrap().parse().unwrap();
    let mut state = State::default();
    let mut events: Vec<Event> = Vec::new();
    for (at, role, action) in steps {
        let actor = role.map(|role| Actor {
            account_id: AccountId(1),
            username: format!("{}.demo", role.code()),
            role,
        });
        let roles: Vec<Role> = role.iter().copied().collect();
        let to = state
            .decide(
                action,
                &roles,
                &motcua_domain::dossier::lifecycle::Rules::default(),
            )
            .unwrap();
        let from = state.status;
        state.apply(action, to, &agency);
        let e = Event::next(
            events.last(),
            code,
            at.parse().unwrap(),
            actor,
            agency.clone(),
            from,
            to,
            action.clone(),
        );
        events.push(e);
    }
    HistoricDossier {
        code: code.into(),
        center_id,
        agency_code: agency,
        procedure_code: "2.004001".parse().unwrap(),
        procedure_version_id,
        channel,
        applicant_name: "Nguyễn Văn A".into(),
        applicant_id_number: Some("092190001234".into()),
        applicant_phone: Some("0912345678".into()),
        details: r#"{"procedure_name":"Cấp bản sao trích lục hộ tịch","fee":8000}"#.into(),
        events,
    }
}

/// `load_history` writes a stream of batches, committing once enough rows
/// gathered; counters and rollups add up across batches and commits.
pub async fn a_history_load_commits_in_large_steps(store: &dyn Store) {
    use motcua_store::Action;
    let (_, center) = seed_center(store).await;
    store
        .import_catalog(&demo_catalog(), now(), &no_progress)
        .await
        .unwrap();
    let version = store
        .procedure(&"2.004001".parse().unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    let dossier = |day: u32, seq: u32| {
        historic_dossier(
            &format!("000.01.31.H13-2611{day:02}-{seq:04}"),
            center,
            version,
            Channel::Online,
            &[
                (
                    &format!("2026-11-{day:02}T01:{seq:02}:00Z"),
                    None,
                    Action::Submit,
                ),
                (
                    &format!("2026-11-{day:02}T02:{seq:02}:00Z"),
                    Some(Role::Reception),
                    Action::Refuse {
                        reasons: "Không thuộc thẩm quyền".into(),
                    },
                ),
            ],
        )
    };
    // Three days of 4 dossiers (12 rows each): a commit after every two days.
    let batches: Vec<Vec<HistoricDossier>> = (23..=25)
        .map(|day| (1..=4).map(|seq| dossier(day, seq)).collect())
        .collect();
    let seen = std::sync::Mutex::new(Vec::new());
    let written = store
        .load_history(Box::pin(futures::stream::iter(batches)), 20, &|n| {
            seen.lock().unwrap().push(n)
        })
        .await
        .unwrap();
    assert_eq!(written, 12);
    assert_eq!(*seen.lock().unwrap(), [4, 8, 12]);
    assert_eq!(store.counts().await.unwrap().dossiers, 12);
    let rollups = store
        .rollups(center, date(2026, 11, 23), date(2026, 11, 25))
        .await
        .unwrap();
    assert_eq!(rollups.len(), 3);
    for r in &rollups {
        assert_eq!(
            (r.counts.received, r.counts.refused, r.counts.online),
            (4, 4, 4)
        );
    }
    for day in 23..=25 {
        assert_eq!(
            store
                .last_dossier_seq(&code("000.01.31.H13"), date(2026, 11, day))
                .await
                .unwrap(),
            4
        );
    }
    let chains = store.event_chains(0, 100).await.unwrap();
    assert_eq!(chains.len(), 12);
    assert!(chains.iter().all(|(_, e)| e.len() == 2));

    // A failing batch leaves what was committed before it.
    let batches = vec![
        vec![dossier(26, 1)],
        vec![dossier(26, 2)],
        vec![dossier(25, 1)],
    ];
    let failed = store
        .load_history(Box::pin(futures::stream::iter(batches)), 2, &no_progress)
        .await;
    assert!(matches!(failed, Err(StoreError::Conflict(_))), "{failed:?}");
    assert_eq!(store.counts().await.unwrap().dossiers, 14);
    assert_eq!(
        store
            .last_dossier_seq(&code("000.01.31.H13"), date(2026, 11, 26))
            .await
            .unwrap(),
        2
    );
}

pub async fn history_fills_counters_and_rollups(store: &dyn Store) {
    use motcua_store::{Action, Status};
    use Role::{Leader, Reception, Specialist};
    let (_, center) = seed_center(store).await;
    store
        .import_catalog(&demo_catalog(), now(), &no_progress)
        .await
        .unwrap();
    let procedure: ProcedureCode = "2.004001".parse().unwrap();
    let version = store.procedure(&procedure).await.unwrap().unwrap().id;
    let agency = code("000.01.31.H13");
    let at = |s: &str| s.parse::<Timestamp>().unwrap();
    let accept = |due: &str| Action::Accept {
        appointment: at(due),
    };
    let hand_over = || Action::HandOver {
        to_agency: agency.clone(),
        to_account: Some(AccountId(7)),
        note: "Chuyển xử lý".into(),
    };
    let draft = || Action::DraftResult {
        summary: "Bản sao trích lục".into(),
    };
    let ask = || Action::RequestSupplement {
        items: vec!["Tờ khai".into()],
        reason: "Thiếu chữ ký".into(),
    };
    let back = |due: &str| Action::ReceiveSupplement {
        appointment: at(due),
    };
    let give = || Action::Return {
        received_by: "Nguyễn Văn A".into(),
        by_post: false,
    };
    let d = |seq: u32, channel: Channel, steps: &[(&str, Option<Role>, Action)]| {
        historic_dossier(
            &format!("000.01.31.H13-261125-{seq:04}"),
            center,
            version,
            channel,
            steps,
        )
    };
    let due = "2026-11-25T10:00:00Z";
    let first = vec![
        // Settled on time and returned.
        d(
            1,
            Channel::InPerson,
            &[
                ("2026-11-25T01:30:00Z", Some(Reception), accept(due)),
                ("2026-11-25T01:40:00Z", Some(Reception), hand_over()),
                ("2026-11-25T07:50:00Z", Some(Specialist), draft()),
                ("2026-11-25T08:00:00Z", Some(Leader), Action::Approve),
                ("2026-11-25T09:00:00Z", Some(Reception), give()),
            ],
        ),
        // Online, settled the next day: late.
        d(
            2,
            Channel::Online,
            &[
                ("2026-11-25T01:30:00Z", None, Action::Submit),
                ("2026-11-25T01:35:00Z", Some(Reception), accept(due)),
                ("2026-11-25T01:40:00Z", Some(Reception), hand_over()),
                ("2026-11-26T01:50:00Z", Some(Specialist), draft()),
                ("2026-11-26T02:00:00Z", Some(Leader), Action::Approve),
            ],
        ),
        // Refused.
        d(
            3,
            Channel::InPerson,
            &[(
                "2026-11-25T01:30:00Z",
                Some(Reception),
                Action::Refuse {
                    reasons: "Không thuộc thẩm quyền".into(),
                },
            )],
        ),
    ];
    store.insert_history(&first, &no_progress).await.unwrap();
    let second = vec![
        // Two supplements: late whatever the dates.
        d(
            4,
            Channel::Post,
            &[
                ("2026-11-25T01:30:00Z", Some(Reception), accept(due)),
                ("2026-11-25T01:40:00Z", Some(Reception), hand_over()),
                ("2026-11-25T02:00:00Z", Some(Specialist), ask()),
                (
                    "2026-11-25T03:00:00Z",
                    Some(Reception),
                    back("2026-11-25T11:00:00Z"),
                ),
                ("2026-11-25T04:00:00Z", Some(Specialist), ask()),
                (
                    "2026-11-25T05:00:00Z",
                    Some(Reception),
                    back("2026-11-25T12:00:00Z"),
                ),
                ("2026-11-25T08:50:00Z", Some(Specialist), draft()),
                ("2026-11-25T09:00:00Z", Some(Leader), Action::Approve),
                ("2026-11-25T09:30:00Z", Some(Reception), give()),
            ],
        ),
        // One supplement, still in progress.
        d(
            5,
            Channel::InPerson,
            &[
                ("2026-11-25T01:30:00Z", Some(Reception), accept(due)),
                ("2026-11-25T01:40:00Z", Some(Reception), hand_over()),
                ("2026-11-25T02:00:00Z", Some(Specialist), ask()),
                (
                    "2026-11-25T03:00:00Z",
                    Some(Reception),
                    back("2026-11-25T11:00:00Z"),
                ),
            ],
        ),
        // Extended, then settled after the legal appointment but before the
        // new one: late, as the live record counts it.
        d(
            6,
            Channel::InPerson,
            &[
                ("2026-11-25T01:30:00Z", Some(Reception), accept(due)),
                ("2026-11-25T01:40:00Z", Some(Reception), hand_over()),
                (
                    "2026-11-25T08:00:00Z",
                    Some(Leader),
                    Action::Extend {
                        appointment: at("2026-11-26T10:00:00Z"),
                        reason: "Xác minh".into(),
                    },
                ),
                ("2026-11-25T11:50:00Z", Some(Specialist), draft()),
                ("2026-11-25T12:00:00Z", Some(Leader), Action::Approve),
            ],
        ),
    ];
    store.insert_history(&second, &no_progress).await.unwrap();

    assert_eq!(store.counts().await.unwrap().dossiers, 6);
    assert_eq!(
        store
            .last_dossier_seq(&agency, date(2026, 11, 25))
            .await
            .unwrap(),
        6
    );
    assert_eq!(
        store
            .last_dossier_seq(&agency, date(2026, 11, 26))
            .await
            .unwrap(),
        0
    );

    let rollups = store
        .rollups(center, date(2026, 11, 25), date(2026, 11, 25))
        .await
        .unwrap();
    assert_eq!(rollups.len(), 1);
    let r = &rollups[0].counts;
    assert_eq!(
        (
            r.received,
            r.finished,
            r.on_time,
            r.late,
            r.refused,
            r.supplemented,
            r.online
        ),
        (6, 4, 1, 3, 1, 2, 1)
    );
    assert!(store
        .rollups(center, date(2026, 11, 26), date(2026, 12, 31))
        .await
        .unwrap()
        .is_empty());

    // Each dossier is a whole record: its events chain and lead to the state
    // and status stored with it, as for a dossier opened at the counter.
    let chains = store.event_chains(0, 100).await.unwrap();
    assert_eq!(chains.len(), 6);
    for (d, (id, events)) in first.iter().chain(&second).zip(&chains) {
        assert_eq!(events, &d.events, "{}", d.code);
        let replayed = motcua_domain::dossier::event::verify(events).unwrap();
        let stored = store.dossier_by_id(*id).await.unwrap().unwrap();
        assert_eq!(stored.code.to_string(), d.code);
        assert_eq!(stored.state, replayed);
        assert_eq!(stored.last_seq, events.len() as i64);
        assert_eq!(stored.received_at, d.received_at());
        assert_eq!(
            stored.details.procedure_name,
            "Cấp bản sao trích lục hộ tịch"
        );
    }
    let returned = store
        .dossier(&"000.01.31.H13-261125-0004".parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(returned.state.status, Some(Status::Returned));
    assert_eq!(returned.state.supplement_count, 2);
    assert_eq!(returned.state.appointment, Some(at("2026-11-25T12:00:00Z")));
    let inbox = store.inbox(&[center], &[], 10).await.unwrap();
    let open: Vec<String> = inbox.iter().map(|d| d.code.to_string()).collect();
    assert_eq!(
        open,
        [
            "000.01.31.H13-261125-0002",
            "000.01.31.H13-261125-0005",
            "000.01.31.H13-261125-0006"
        ],
        "the open ones, by appointment"
    );

    let empty = HistoricDossier {
        code: "000.01.31.H13-261125-0007".into(),
        events: Vec::new(),
        ..first[0].clone()
    };
    let refused = store.insert_history(&[empty], &no_progress).await;
    assert!(
        matches!(refused, Err(StoreError::Corrupt(_))),
        "{refused:?}"
    );
    assert_eq!(store.counts().await.unwrap().dossiers, 6);

    let duplicate = store.insert_history(&first[..1], &no_progress).await;
    assert!(
        matches!(duplicate, Err(StoreError::Conflict(_))),
        "{duplicate:?}"
    );
    assert_eq!(store.counts().await.unwrap().dossiers, 6);
    assert_eq!(
        store
            .rollups(center, date(2026, 11, 25), date(2026, 11, 25))
            .await
            .unwrap()[0]
            .counts
            .received,
        6
    );
}
