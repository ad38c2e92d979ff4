//! The behaviour every [`Store`] backend must have. Each function is one test;
//! `tests/conformance.rs` runs all of them against SQLite and PostgreSQL.

use jiff::civil::date;
use jiff::Timestamp;
use motcua_domain::catalog::{parse_csv, Catalog, Channel, DEMO_CATALOG_CSV};
use motcua_domain::org::*;
use motcua_domain::{AgencyCode, FieldCode, ProcedureCode};

use crate::{HistoricDossier, PersonalDataRead, ProcedureQuery, Store, StoreError};

/// The conformance functions, by name, for the per-backend test harness.
#[macro_export]
macro_rules! conformance_tests {
    ($make:path) => {
        $crate::conformance_tests!(@each $make;
            migrations_are_idempotent, organisation_round_trip, office_hours_per_center, postings_respect_validity_dates,
            duplicates_and_dangling_references_are_refused, catalog_import_versions_procedures,
            failed_import_writes_nothing, procedure_search_ignores_diacritics, jurisdiction_lists,
                        history_fills_counters_and_rollups, a_history_load_commits_in_large_steps, opening_allocates_codes_and_finds_applicants,
            events_move_the_state_and_chain, a_stale_change_is_refused_and_writes_nothing,
                        concurrent_intake_gives_gapless_codes, an_idempotency_key_opens_one_dossier,
                                    sessions_tokens_and_postings, the_inbox_lists_open_dossiers_by_appointment,
            dossiers_are_found_by_code_cccd_phone_and_name, applicant_records_change_only_through_staff,
            personal_data_reads_and_secrets, accounts_are_named_by_their_staff);
    };
    (@each $make:path; $($name:ident),*) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let Some(store) = $make().await else { return };
                $crate::conformance::$name(&*store.store).await;
            }
        )*
    };
}

fn no_progress(_: u64) {}

fn demo_catalog() -> Catalog {
    parse_csv(DEMO_CATALOG_CSV.as_bytes()).expect("demo catalog parses")
}

fn now() -> Timestamp {
    "2026-11-26T03:00:00Z".parse().unwrap()
}

fn code(s: &str) -> AgencyCode {
    s.parse().unwrap()
}

/// A province with one ward, its People's Committee and its center
/// (`000.01.31.H13`); returns the province's and the center's ids.
pub async fn seed_center(store: &dyn Store) -> (i64, i64) {
    let province = store
        .create_province(&NewProvince {
            code: "92".into(),
            name: "Thành phố Cần Thơ".into(),
        })
        .await
        .unwrap();
    store
        .create_unit(
            province,
            &NewUnit {
                code: "31117".into(),
                name: "Phường Ninh Kiều".into(),
                kind: UnitKind::Phuong,
            },
        )
        .await
        .unwrap();
    store
        .create_agency(&NewAgency {
            code: code("000.01.31.H13"),
            name: "Ủy ban nhân dân phường Ninh Kiều".into(),
            level: Level::Commune,
            unit_code: Some("31117".into()),
        })
        .await
        .unwrap();
    let center = store
        .create_center(&NewCenter {
            name: "Trung tâm Phục vụ hành chính công phường Ninh Kiều".into(),
            kind: CenterKind::Center,
            agency: code("000.01.31.H13"),
            unit_code: Some("31117".into()),
            address: "2 Hòa Bình, phường Ninh Kiều".into(),
            office_hours: Default::default(),
        })
        .await
        .unwrap();
    (province, center)
}

pub async fn migrations_are_idempotent(store: &dyn Store) {
    store
        .migrate()
        .await
        .expect("second run of migrations is a no-op");
    assert_eq!(store.counts().await.unwrap(), crate::Counts::default());
}

pub async fn organisation_round_trip(store: &dyn Store) {
    let (_, center) = seed_center(store).await;
    let province = store.province().await.unwrap().unwrap();
    assert_eq!(province.name, "Thành phố Cần Thơ");
    let units = store.units().await.unwrap();
    assert_eq!(units.len(), 1);
    assert_eq!(units[0].kind, UnitKind::Phuong);
    let agencies = store.agencies().await.unwrap();
    assert_eq!(agencies[0].unit_id, Some(units[0].id));
    assert_eq!(agencies[0].level, Level::Commune);

    let c = store.center(center).await.unwrap().unwrap();
    assert_eq!(c.agency_code.as_str(), "000.01.31.H13");
    assert_eq!(c.unit_name.as_deref(), Some("Phường Ninh Kiều"));
    assert_eq!(c.kind, CenterKind::Center);
    assert_eq!(store.centers().await.unwrap(), vec![c]);
    assert!(store.center(center + 1000).await.unwrap().is_none());

    let staff = store
        .create_staff(&NewStaff {
            full_name: "Trần Thị Bưu".into(),
            employer: Employer::Vnpost,
            phone: Some("0912345678".parse().unwrap()),
            email: None,
            title: "Nhân viên bưu điện".into(),
        })
        .await
        .unwrap();
    let account = store
        .create_account(
            Some(staff),
            &NewAccount {
                username: "buudien.ninhkieu".into(),
                password_hash: "$argon2id$fake".into(),
                roles: vec![Role::Postal, Role::Reception],
            },
        )
        .await
        .unwrap();
    let a = store.account("buudien.ninhkieu").await.unwrap().unwrap();
    assert_eq!(a.id, account);
    assert_eq!(a.staff_id, Some(staff));
    assert_eq!(a.roles, vec![Role::Postal, Role::Reception]);
    assert!(a.active);
    assert_eq!(a.password_hash, "$argon2id$fake");
    assert!(store.account("nobody").await.unwrap().is_none());

    let counts = store.counts().await.unwrap();
    assert_eq!(
        (
            counts.units,
            counts.agencies,
            counts.centers,
            counts.staff,
            counts.postal_staff,
            counts.accounts
        ),
        (1, 1, 1, 1, 0, 1),
        "a VNPost employee counts as postal staff once posted at a center"
    );
    for role in [Role::Postal, Role::Reception] {
        store
            .assign(
                staff,
                center,
                &Assignment {
                    role,
                    from: date(2026, 1, 1),
                    until: None,
                },
            )
            .await
            .unwrap();
    }
    assert_eq!(store.counts().await.unwrap().postal_staff, 1);
}

pub async fn office_hours_per_center(store: &dyn Store) {
    let (_, center) = seed_center(store).await;
    let default = store.center(center).await.unwrap().unwrap().office_hours;
    assert_eq!(default, motcua_calendar::OfficeHours::default());
    let saturday: motcua_calendar::OfficeHours = "T2-T6 07:00-11:30 13:30-17:00; T7 07:30-11:30"
        .parse()
        .unwrap();
    store.set_office_hours(center, &saturday).await.unwrap();
    assert_eq!(
        store.center(center).await.unwrap().unwrap().office_hours,
        saturday
    );
    let missing = store.set_office_hours(center + 99, &saturday).await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
}

pub async fn postings_respect_validity_dates(store: &dyn Store) {
    let (_, center) = seed_center(store).await;
    let mut ids = Vec::new();
    for name in ["Nguyễn Văn An", "Lê Thị Bình"] {
        ids.push(
            store
                .create_staff(&NewStaff {
                    full_name: name.into(),
                    employer: Employer::CivilService,
                    phone: None,
                    email: None,
                    title: "Công chức".into(),
                })
                .await
                .unwrap(),
        );
    }
    store
        .assign(
            ids[0],
            center,
            &Assignment {
                role: Role::Reception,
                from: date(2026, 1, 1),
                until: Some(date(2026, 6, 30)),
            },
        )
        .await
        .unwrap();
    store
        .assign(
            ids[1],
            center,
            &Assignment {
                role: Role::Specialist,
                from: date(2026, 3, 1),
                until: None,
            },
        )
        .await
        .unwrap();

    let names = |p: Vec<crate::Posting>| p.into_iter().map(|p| p.full_name).collect::<Vec<_>>();
    assert_eq!(
        names(store.staff_at(center, date(2026, 2, 1)).await.unwrap()),
        vec!["Nguyễn Văn An"]
    );
    assert_eq!(
        names(store.staff_at(center, date(2026, 6, 30)).await.unwrap()),
        vec!["Nguyễn Văn An", "Lê Thị Bình"]
    );
    let july = store.staff_at(center, date(2026, 7, 1)).await.unwrap();
    assert_eq!(july.len(), 1);
    assert_eq!((july[0].role, july[0].until), (Role::Specialist, None));
    assert!(store
        .staff_at(center, date(2025, 12, 31))
        .await
        .unwrap()
        .is_empty());
}

pub async fn duplicates_and_dangling_references_are_refused(store: &dyn Store) {
    seed_center(store).await;
    let again = store
        .create_agency(&NewAgency {
            code: code("000.01.31.H13"),
            name: "Trùng".into(),
            level: Level::Commune,
            unit_code: None,
        })
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    let dangling = store
        .create_center(&NewCenter {
            name: "Không có cơ quan".into(),
            kind: CenterKind::ReceptionPoint,
            agency: code("000.99.99.H13"),
            unit_code: None,
            address: String::new(),
            office_hours: Default::default(),
        })
        .await;
    assert!(
        matches!(dangling, Err(StoreError::Dangling(_))),
        "{dangling:?}"
    );
    let bad_unit = store
        .create_agency(&NewAgency {
            code: code("000.02.31.H13"),
            name: "X".into(),
            level: Level::Commune,
            unit_code: Some("00000".into()),
        })
        .await;
    assert!(
        matches!(bad_unit, Err(StoreError::Dangling(_))),
        "{bad_unit:?}"
    );
    assert_eq!(store.counts().await.unwrap().agencies, 1);
    let account = NewAccount {
        username: "a".into(),
        password_hash: "h".into(),
        roles: vec![Role::Admin],
    };
    store.create_account(None, &account).await.unwrap();
    assert!(matches!(
        store.create_account(None, &account).await,
        Err(StoreError::Conflict(_))
    ));
}

pub async fn catalog_import_versions_procedures(store: &dyn Store) {
    let mut catalog = demo_catalog();
    let total = catalog.procedures.len() as u64;
    let report = store
        .import_catalog(&catalog, now(), &no_progress)
        .await
        .unwrap();
    assert_eq!(
        (
            report.fields,
            report.added,
            report.changed,
            report.unchanged
        ),
        (12, total, 0, 0)
    );

    let mut exported = store.export_catalog().await.unwrap();
    catalog.fields.sort_by(|a, b| a.code.cmp(&b.code));
    catalog.procedures.sort_by(|a, b| a.code.cmp(&b.code));
    exported.procedures.sort_by(|a, b| a.code.cmp(&b.code));
    assert_eq!(exported, catalog);

    let again = store
        .import_catalog(&catalog, now(), &no_progress)
        .await
        .unwrap();
    assert_eq!((again.added, again.changed, again.unchanged), (0, 0, total));

    let target: ProcedureCode = "2.004001".parse().unwrap();
    let before = store.procedure(&target).await.unwrap().unwrap();
    assert_eq!(before.version, 1);
    let mut changed = catalog.clone();
    let p = changed
        .procedures
        .iter_mut()
        .find(|p| p.code == target)
        .unwrap();
    p.time_limit = motcua_calendar::TimeLimit::WorkingDays(2);
    let later: Timestamp = "2026-12-01T00:00:00Z".parse().unwrap();
    let report = store
        .import_catalog(&changed, later, &no_progress)
        .await
        .unwrap();
    assert_eq!(
        (report.added, report.changed, report.unchanged),
        (0, 1, total - 1)
    );

    let versions = store.procedure_versions(&target).await.unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0], before, "the old version is kept as it was");
    assert_eq!(versions[1].version, 2);
    assert_eq!(versions[1].created_at, later);
    assert_eq!(
        store.procedure(&target).await.unwrap().unwrap(),
        versions[1]
    );
    assert!(store
        .procedure(&"9.999999".parse().unwrap())
        .await
        .unwrap()
        .is_none());

    let fields = store.fields().await.unwrap();
    assert_eq!(fields.len(), 12);
    assert_eq!(
        fields.iter().map(|f| f.procedures).sum::<i64>(),
        total as i64
    );
}

pub async fn failed_import_writes_nothing(store: &dyn Store) {
    let mut catalog = demo_catalog();
    // A procedure whose field is missing from the file: the check in the domain
    // catches this, but the store must also refuse it as a whole.
    let middle = catalog.procedures.len() / 2;
    catalog.procedures[middle].field = "NOPE".parse::<FieldCode>().unwrap();
    let result = store.import_catalog(&catalog, now(), &no_progress).await;
    assert!(matches!(result, Err(StoreError::Dangling(_))), "{result:?}");
    let counts = store.counts().await.unwrap();
    assert_eq!((counts.fields, counts.procedures), (0, 0));
    assert_eq!(store.export_catalog().await.unwrap(), Catalog::default());
}

pub async fn procedure_search_ignores_diacritics(store: &dyn Store) {
    store
        .import_catalog(&demo_catalog(), now(), &no_progress)
        .await
        .unwrap();
    let search = |text: &str| ProcedureQuery {
        text: Some(text.into()),
        limit: 500,
        ..Default::default()
    };
    let found = store
        .procedures(&search("chung thuc ban sao"))
        .await
        .unwrap();
    assert!(!found.is_empty());
    assert!(found
        .iter()
        .all(|p| motcua_domain::text::fold(&p.name).contains("chung thuc ban sao")));
    assert_eq!(
        store
            .procedures(&search("Chứng thực bản sao"))
            .await
            .unwrap(),
        found
    );
    let khai_sinh = store
        .procedures(&search("dang ky khai sinh"))
        .await
        .unwrap();
    assert!(khai_sinh.iter().any(|p| p.name == "Đăng ký khai sinh"));
    let by_code = store.procedures(&search("2.004001")).await.unwrap();
    assert_eq!(by_code.len(), 1);
    assert_eq!(by_code[0].name, "Đăng ký khai sinh");
    assert_eq!(
        store
            .procedures(&search("dang_ky%khai sinh"))
            .await
            .unwrap(),
        khai_sinh,
        "LIKE wildcards are plain separators"
    );
    assert!(
        store.procedures(&search("%%")).await.unwrap().len() > 200,
        "a search of only wildcards filters nothing"
    );

    let field = ProcedureQuery {
        field: Some("CT".parse().unwrap()),
        limit: 500,
        ..Default::default()
    };
    let ct = store.procedures(&field).await.unwrap();
    assert!(ct.len() >= 15 && ct.iter().all(|p| p.field.as_str() == "CT"));
    let page = store
        .procedures(&ProcedureQuery {
            limit: 10,
            offset: 5,
            ..Default::default()
        })
        .await
        .unwrap();
    let all = store.procedures(&ProcedureQuery::default()).await.unwrap();
    assert_eq!(page, all[5..15].to_vec());
}

pub async fn jurisdiction_lists(store: &dyn Store) {
    let (_, center) = seed_center(store).await;
    store
        .import_catalog(&demo_catalog(), now(), &no_progress)
        .await
        .unwrap();
    let codes: Vec<ProcedureCode> = ["2.004001", "2.004002", "2.004101"]
        .iter()
        .map(|c| c.parse().unwrap())
        .collect();
    store.set_jurisdiction(center, &codes).await.unwrap();
    assert_eq!(store.jurisdiction(center).await.unwrap(), codes);
    store.set_jurisdiction(center, &codes[..1]).await.unwrap();
    assert_eq!(
        store.jurisdiction(center).await.unwrap(),
        codes[..1].to_vec()
    );
    let only = store
        .procedures(&ProcedureQuery {
            center_id: Some(center),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(only.len(), 1);

    let unknown = store
        .set_jurisdiction(center, &["9.999999".parse().unwrap()])
        .await;
    assert!(
        matches!(unknown, Err(StoreError::Dangling(_))),
        "{unknown:?}"
    );
    assert_eq!(
        store.jurisdiction(center).await.unwrap(),
        codes[..1].to_vec(),
        "a failed change keeps the old list"
    );
}

/// A historic dossier whose events are `steps` (instant, actor's role,
/// action), chained from its code's genesis and checked by the lifecycle
/// rules: what a bulk load writes.
pub fn historic_dossier(
    code: &str,
    center_id: i64,
    procedure_version_id: i64,
    channel: Channel,
    steps: &[(&str, Option<Role>, crate::Action)],
) -> HistoricDossier {
    use crate::{Actor, Event, State};
    let agency: AgencyCode = code.rsplitn(3, '-').nth(2).unwrap().parse().unwrap();
    let mut state = State::default();
    let mut events: Vec<Event> = Vec::new();
    for (at, role, action) in steps {
        let actor = role.map(|role| Actor {
            account_id: 1,
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
    use crate::Action;
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
    use crate::{Action, Status};
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
        to_account: Some(7),
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
        assert_eq!(stored.code, d.code);
        assert_eq!(stored.state, replayed);
        assert_eq!(stored.last_seq, events.len() as i64);
        assert_eq!(stored.received_at, d.received_at());
        assert_eq!(
            stored.details["procedure_name"],
            "Cấp bản sao trích lục hộ tịch"
        );
    }
    let returned = store
        .dossier("000.01.31.H13-261125-0004")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(returned.state.status, Some(Status::Returned));
    assert_eq!(returned.state.supplement_count, 2);
    assert_eq!(returned.state.appointment, Some(at("2026-11-25T12:00:00Z")));
    let inbox = store.inbox(&[center], &[], 10).await.unwrap();
    let open: Vec<&str> = inbox.iter().map(|d| d.code.as_str()).collect();
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

use crate::{Action, Actor, Applicant, ApplicantRecordUse, NewDossier, Status};

const AGENCY: &str = "000.01.31.H13";

fn reception() -> Option<Actor> {
    Some(Actor {
        account_id: 1,
        username: "tiepnhan1.ninhkieu".into(),
        role: Role::Reception,
    })
}

/// A center with the demo catalog, ready for intake; returns the center and
/// the version id of "Đăng ký khai sinh".
pub async fn intake_ready(store: &dyn Store) -> (i64, i64) {
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
    (center, version)
}

/// A birth registration accepted at the counter of the [`seed_center`] ward.
pub fn new_dossier(
    center: i64,
    version: i64,
    at: &str,
    id_number: &str,
    phone: &str,
) -> NewDossier {
    NewDossier {
        center_id: center,
        agency: code(AGENCY),
        procedure_code: "2.004001".parse().unwrap(),
        procedure_version_id: version,
        channel: Channel::InPerson,
        applicant: Applicant {
            name: "Nguyễn Văn An".into(),
            id_number: Some(id_number.into()),
            phone: Some(phone.into()),
            email: None,
            address: "12 Hòa Bình, phường Ninh Kiều".into(),
        },
        details: serde_json::json!({ "components": ["Tờ khai", "Giấy chứng sinh"] }),
        at: at.parse().unwrap(),
        actor: reception(),
        action: Action::Accept {
            appointment: "2026-11-26T10:00:00Z".parse().unwrap(),
        },
        to: Status::Accepted,
        idempotency_key: None,
        applicant_record: ApplicantRecordUse::LinkOrCreate,
    }
}

pub async fn opening_allocates_codes_and_finds_applicants(store: &dyn Store) {
    let (center, version) = intake_ready(store).await;
    let mut codes = Vec::new();
    for (i, phone) in ["0912000001", "0912000002", "0912000003"]
        .iter()
        .enumerate()
    {
        let d = store
            .open_dossier(&new_dossier(
                center,
                version,
                "2026-11-26T01:30:00Z",
                &format!("09219000000{i}"),
                phone,
            ))
            .await
            .unwrap();
        assert_eq!(d.last_seq, 1);
        assert_eq!(d.state.status, Some(Status::Accepted));
        codes.push(d.code);
    }
    assert_eq!(
        codes,
        [
            "000.01.31.H13-261126-0001",
            "000.01.31.H13-261126-0002",
            "000.01.31.H13-261126-0003"
        ]
    );
    // The next Vietnamese day starts again at 0001 (17:30 UTC is 00:30 the next day at UTC+7).
    let next_day = store
        .open_dossier(&new_dossier(
            center,
            version,
            "2026-11-26T17:30:00Z",
            "092190000009",
            "0912000009",
        ))
        .await
        .unwrap();
    assert_eq!(next_day.code, "000.01.31.H13-261127-0001");

    let stored = store.dossier(&codes[1]).await.unwrap().unwrap();
    assert_eq!(stored.applicant.phone.as_deref(), Some("0912000002"));
    assert_eq!(stored.details["components"][1], "Giấy chứng sinh");
    assert_eq!(
        store.dossier_by_id(stored.id).await.unwrap().unwrap(),
        stored
    );
    assert!(store
        .dossier("000.01.31.H13-261126-0099")
        .await
        .unwrap()
        .is_none());

    // A returning applicant is found by CCCD or phone; coming back with other
    // details links the same record without changing it.
    let mut again = new_dossier(
        center,
        version,
        "2026-11-26T03:00:00Z",
        "092190000000",
        "0987654321",
    );
    again.applicant.address = String::new();
    let again = store.open_dossier(&again).await.unwrap();
    let found = store.find_applicants("092190000000").await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(again.applicant_id, Some(found[0].id));
    assert_eq!(found[0].applicant.phone.as_deref(), Some("0912000001"));
    assert_eq!(
        again.applicant.phone.as_deref(),
        Some("0987654321"),
        "the dossier keeps what was given with it"
    );
    assert_eq!(
        store.find_applicants("0912000001").await.unwrap()[0].id,
        found[0].id
    );
    assert!(store
        .find_applicants("000000000000")
        .await
        .unwrap()
        .is_empty());

    let events = store.events(stored.id).await.unwrap();
    assert_eq!(events.len(), 1);
    motcua_domain::dossier::event::verify(&events).unwrap();
    let day = store
        .rollups(center, date(2026, 11, 26), date(2026, 11, 26))
        .await
        .unwrap();
    assert_eq!(day[0].counts.received, 4);
}

pub async fn events_move_the_state_and_chain(store: &dyn Store) {
    let (center, version) = intake_ready(store).await;
    let d = store
        .open_dossier(&new_dossier(
            center,
            version,
            "2026-11-26T01:30:00Z",
            "092190000001",
            "0912000001",
        ))
        .await
        .unwrap();
    let specialist = Some(Actor {
        account_id: 2,
        username: "chuyenvien1.ninhkieu".into(),
        role: Role::Specialist,
    });
    let leader = Some(Actor {
        account_id: 3,
        username: "lanhdao.ninhkieu".into(),
        role: Role::Leader,
    });
    let steps: Vec<(Option<Actor>, Action, Status)> = vec![
        (
            reception(),
            Action::HandOver {
                to_agency: code(AGENCY),
                to_account: Some(2),
                note: String::new(),
            },
            Status::InProgress,
        ),
        (
            specialist.clone(),
            Action::RequestSupplement {
                items: vec!["Bản sao CCCD".into()],
                reason: "Thiếu".into(),
            },
            Status::SupplementRequested,
        ),
        (
            reception(),
            Action::ReceiveSupplement {
                appointment: "2026-11-26T11:00:00Z".parse().unwrap(),
            },
            Status::InProgress,
        ),
        (
            specialist,
            Action::DraftResult {
                summary: "Giấy khai sinh".into(),
            },
            Status::InProgress,
        ),
        (leader, Action::Approve, Status::Processed),
        (
            reception(),
            Action::Return {
                received_by: "Nguyễn Văn An".into(),
                by_post: false,
            },
            Status::Returned,
        ),
    ];
    let mut seq = d.last_seq;
    let mut last = d;
    for (i, (actor, action, to)) in steps.into_iter().enumerate() {
        let at: Timestamp = format!("2026-11-26T0{}:00:00Z", i + 2).parse().unwrap();
        last = store
            .append_event(last.id, seq, at, actor, &code(AGENCY), &action, to)
            .await
            .unwrap();
        seq = last.last_seq;
        assert_eq!(last.state.status, Some(to));
    }
    assert_eq!(last.last_seq, 7);
    assert_eq!(last.state.supplement_count, 1);
    assert_eq!(
        last.state.appointment,
        Some("2026-11-26T11:00:00Z".parse().unwrap())
    );
    let events = store.events(last.id).await.unwrap();
    assert_eq!(events.len(), 7);
    let replayed = motcua_domain::dossier::event::verify(&events).unwrap();
    assert_eq!(
        replayed, last.state,
        "the current state is what the events say"
    );
    assert_eq!(events[4].actor.as_ref().unwrap().role, Role::Specialist);

    let r = &store
        .rollups(center, date(2026, 11, 26), date(2026, 11, 26))
        .await
        .unwrap()[0]
        .counts;
    assert_eq!(
        (r.received, r.finished, r.on_time, r.late, r.supplemented),
        (1, 1, 1, 0, 1)
    );
    let chains = store.event_chains(0, 10).await.unwrap();
    assert_eq!(chains.len(), 1);
    assert_eq!(chains[0].1, events);
    let days = store.code_days().await.unwrap();
    assert_eq!((days[0].last_issued, days[0].dossiers), (1, 1));
}

pub async fn a_stale_change_is_refused_and_writes_nothing(store: &dyn Store) {
    let (center, version) = intake_ready(store).await;
    let d = store
        .open_dossier(&new_dossier(
            center,
            version,
            "2026-11-26T01:30:00Z",
            "092190000001",
            "0912000001",
        ))
        .await
        .unwrap();
    let hand_over = Action::HandOver {
        to_agency: code(AGENCY),
        to_account: None,
        note: String::new(),
    };
    let at: Timestamp = "2026-11-26T02:00:00Z".parse().unwrap();
    store
        .append_event(
            d.id,
            d.last_seq,
            at,
            reception(),
            &code(AGENCY),
            &hand_over,
            Status::InProgress,
        )
        .await
        .unwrap();
    let stale = store
        .append_event(
            d.id,
            d.last_seq,
            at,
            reception(),
            &code(AGENCY),
            &hand_over,
            Status::InProgress,
        )
        .await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");
    assert_eq!(store.events(d.id).await.unwrap().len(), 2);
    let missing = store
        .append_event(
            d.id + 100,
            1,
            at,
            reception(),
            &code(AGENCY),
            &hand_over,
            Status::InProgress,
        )
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
}

/// Many receptions at once for one agency on one day: codes 0001…N, none
/// twice, none missing.
pub async fn concurrent_intake_gives_gapless_codes(store: &dyn Store) {
    let (center, version) = intake_ready(store).await;
    const N: usize = 40;
    let intakes = (0..N).map(|i| {
        let d = new_dossier(
            center,
            version,
            "2026-11-26T02:00:00Z",
            &format!("0921900{i:05}"),
            &format!("09120{i:05}"),
        );
        async move { store.open_dossier(&d).await }
    });
    let mut seqs: Vec<u32> = futures::future::join_all(intakes)
        .await
        .into_iter()
        .map(|r| {
            r.unwrap()
                .code
                .parse::<motcua_domain::dossier::DossierCode>()
                .unwrap()
                .seq
        })
        .collect();
    seqs.sort();
    assert_eq!(seqs, (1..=N as u32).collect::<Vec<_>>());
    assert_eq!(
        store
            .last_dossier_seq(&code(AGENCY), date(2026, 11, 26))
            .await
            .unwrap(),
        N as i64
    );
}

pub async fn an_idempotency_key_opens_one_dossier(store: &dyn Store) {
    let (center, version) = intake_ready(store).await;
    let mut d = new_dossier(
        center,
        version,
        "2026-11-26T02:00:00Z",
        "092190000001",
        "0912000001",
    );
    d.idempotency_key = Some("a1b2c3-double-click".into());
    let first = store.open_dossier(&d).await.unwrap();
    let again = store.open_dossier(&d).await.unwrap();
    assert_eq!(again, first, "a repeated intake returns the same dossier");
    // The same key sent many times at once: still one dossier, one code used.
    d.idempotency_key = Some("race".into());
    let racing = futures::future::join_all((0..8).map(|_| store.open_dossier(&d))).await;
    let codes: std::collections::HashSet<String> =
        racing.into_iter().map(|r| r.unwrap().code).collect();
    assert_eq!(codes.len(), 1, "{codes:?}");
    assert_eq!(
        store
            .last_dossier_seq(&code(AGENCY), date(2026, 11, 26))
            .await
            .unwrap(),
        2,
        "no code was spent on the repeats"
    );
}

pub async fn sessions_tokens_and_postings(store: &dyn Store) {
    let (_, center) = seed_center(store).await;
    let staff = store
        .create_staff(&NewStaff {
            full_name: "Lê Văn Tiếp".into(),
            employer: Employer::CivilService,
            phone: None,
            email: None,
            title: "Công chức".into(),
        })
        .await
        .unwrap();
    let account = store
        .create_account(
            Some(staff),
            &NewAccount {
                username: "tiepnhan".into(),
                password_hash: "h".into(),
                roles: vec![Role::Reception],
            },
        )
        .await
        .unwrap();
    store
        .assign(
            staff,
            center,
            &Assignment {
                role: Role::Reception,
                from: date(2026, 1, 1),
                until: Some(date(2026, 12, 31)),
            },
        )
        .await
        .unwrap();
    let postings = store
        .postings_of(account, date(2026, 11, 26))
        .await
        .unwrap();
    assert_eq!(postings.len(), 1);
    assert_eq!(
        (
            postings[0].center_id,
            postings[0].agency_code.as_str(),
            postings[0].role
        ),
        (center, AGENCY, Role::Reception)
    );
    assert!(
        store
            .postings_of(account, date(2027, 1, 1))
            .await
            .unwrap()
            .is_empty(),
        "the posting ended"
    );
    assert_eq!(
        store
            .account_by_id(account)
            .await
            .unwrap()
            .unwrap()
            .username,
        "tiepnhan"
    );

    let expires: Timestamp = "2026-11-26T11:00:00Z".parse().unwrap();
    store
        .create_session("hash-of-session", account, "csrf-token", now(), expires)
        .await
        .unwrap();
    let s = store.session("hash-of-session").await.unwrap().unwrap();
    assert_eq!(
        (s.account_id, s.csrf.as_str(), s.expires_at),
        (account, "csrf-token", expires)
    );
    store.delete_session("hash-of-session").await.unwrap();
    assert!(store.session("hash-of-session").await.unwrap().is_none());

    let later: Timestamp = "2027-02-24T00:00:00Z".parse().unwrap();
    let first = store
        .create_token(
            "hash-of-token",
            account,
            "read",
            "báo cáo tỉnh",
            now(),
            later,
        )
        .await
        .unwrap();
    let t = store.token("hash-of-token").await.unwrap().unwrap();
    assert_eq!(
        (t.id, t.account_id, t.scope.as_str(), t.label.as_str()),
        (first, account, "read", "báo cáo tỉnh")
    );
    assert_eq!(
        (t.created_at, t.expires_at, t.revoked_at),
        (now(), later, None)
    );
    assert!(t.valid_at(now()) && !t.valid_at(later));
    assert!(store.token("unknown").await.unwrap().is_none());
    assert!(matches!(
        store
            .create_token("hash-of-token", account, "write", "again", now(), later)
            .await,
        Err(StoreError::Conflict(_))
    ));
    let second = store
        .create_token("hash-2", account, "write", "máy chủ", now(), later)
        .await
        .unwrap();
    let listed: Vec<i64> = store
        .tokens_of(account)
        .await
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(listed, [second, first], "newest first");

    // Revoking is for the owner only, once.
    assert!(!store.revoke_token(account + 1, first, now()).await.unwrap());
    assert!(store.revoke_token(account, first, now()).await.unwrap());
    assert!(!store.revoke_token(account, first, now()).await.unwrap());
    let t = store.token("hash-of-token").await.unwrap().unwrap();
    assert_eq!(t.revoked_at, Some(now()));
    assert!(!t.valid_at(now()));

    // A new password revokes every token and ends every session.
    store
        .create_session("s2", account, "c", now(), later)
        .await
        .unwrap();
    store
        .set_password(account, "new-hash", now())
        .await
        .unwrap();
    assert!(store.session("s2").await.unwrap().is_none());
    assert!(store
        .tokens_of(account)
        .await
        .unwrap()
        .iter()
        .all(|t| t.revoked_at.is_some()));
    assert_eq!(
        store
            .account_by_id(account)
            .await
            .unwrap()
            .unwrap()
            .password_hash,
        "new-hash"
    );
    assert!(matches!(
        store.set_password(account + 100, "x", now()).await,
        Err(StoreError::NotFound(_))
    ));
}

/// An online submission leaves the shared applicant record alone; staff change
/// it only with a reason, which is kept with the old and new details.
pub async fn applicant_records_change_only_through_staff(store: &dyn Store) {
    let (center, version) = intake_ready(store).await;
    let at = "2026-11-26T02:00:00Z";
    let first = store
        .open_dossier(&new_dossier(
            center,
            version,
            at,
            "092190000100",
            "0912000100",
        ))
        .await
        .unwrap();
    let record = first.applicant_id.expect("the counter creates the record");

    let mut forged = new_dossier(center, version, at, "092190000100", "0999999999");
    forged.applicant.name = "Kẻ Mạo Danh".into();
    forged.channel = Channel::Online;
    forged.applicant_record = ApplicantRecordUse::Detached;
    let online = store.open_dossier(&forged).await.unwrap();
    assert_eq!(online.applicant_id, None);
    assert_eq!(
        online.applicant.name, "Kẻ Mạo Danh",
        "the dossier keeps its own details"
    );
    let stored = store.dossier(&online.code).await.unwrap().unwrap();
    assert_eq!(stored.applicant, online.applicant);
    let found = store.find_applicants("092190000100").await.unwrap();
    assert_eq!(
        (
            found[0].applicant.name.as_str(),
            found[0].applicant.phone.as_deref()
        ),
        ("Nguyễn Văn An", Some("0912000100"))
    );
    assert!(store
        .find_applicants("0999999999")
        .await
        .unwrap()
        .is_empty());

    let mut moved = new_dossier(center, version, at, "092190000100", "0912000200");
    moved.applicant.email = Some("an@example.vn".into());
    moved.applicant_record = ApplicantRecordUse::Update {
        account_id: seed_account(store).await,
        reason: "Đổi số điện thoại".into(),
    };
    let updated = store.open_dossier(&moved).await.unwrap();
    assert_eq!(updated.applicant_id, Some(record));
    let found = store.find_applicants("0912000200").await.unwrap();
    assert_eq!(found[0].id, record);
    assert_eq!(found[0].applicant.email.as_deref(), Some("an@example.vn"));
    assert_eq!(
        store
            .dossier(&updated.code)
            .await
            .unwrap()
            .unwrap()
            .applicant
            .email
            .as_deref(),
        Some("an@example.vn")
    );
}

async fn seed_account(store: &dyn Store) -> i64 {
    store
        .create_account(
            None,
            &NewAccount {
                username: "quantri".into(),
                password_hash: "h".into(),
                roles: vec![Role::Admin],
            },
        )
        .await
        .unwrap()
}

/// Readings of personal data are kept; a secret is made once and kept.
pub async fn personal_data_reads_and_secrets(store: &dyn Store) {
    let (center, version) = intake_ready(store).await;
    let d = store
        .open_dossier(&new_dossier(
            center,
            version,
            "2026-11-26T02:00:00Z",
            "092190000300",
            "0912000300",
        ))
        .await
        .unwrap();
    let account = seed_account(store).await;
    let reads = [
        PersonalDataRead {
            at: now(),
            account_id: account,
            dossier_id: Some(d.id),
            subject: d.code.clone(),
            purpose: "api:dossier".into(),
        },
        PersonalDataRead {
            at: now(),
            account_id: account,
            dossier_id: None,
            subject: "092190000300".into(),
            purpose: "api:applicants".into(),
        },
    ];
    store.record_personal_data_reads(&reads).await.unwrap();
    store.record_personal_data_reads(&[]).await.unwrap();
    assert_eq!(store.personal_data_reads(d.id).await.unwrap(), reads[..1]);

    let a = store.secret("lookup-pin", "first").await.unwrap();
    let b = store.secret("lookup-pin", "second").await.unwrap();
    assert_eq!((a.as_str(), b.as_str()), ("first", "first"));
}

pub async fn the_inbox_lists_open_dossiers_by_appointment(store: &dyn Store) {
    let (center, version) = intake_ready(store).await;
    let mut late = new_dossier(
        center,
        version,
        "2026-11-26T02:00:00Z",
        "092190000001",
        "0912000001",
    );
    late.action = Action::Accept {
        appointment: "2026-11-26T05:00:00Z".parse().unwrap(),
    };
    let early = new_dossier(
        center,
        version,
        "2026-11-26T02:00:00Z",
        "092190000002",
        "0912000002",
    );
    let mut refused = new_dossier(
        center,
        version,
        "2026-11-26T02:00:00Z",
        "092190000003",
        "0912000003",
    );
    refused.action = Action::Refuse {
        reasons: "Không thuộc thẩm quyền".into(),
    };
    refused.to = Status::NotAccepted;
    let e = store.open_dossier(&early).await.unwrap();
    let l = store.open_dossier(&late).await.unwrap();
    store.open_dossier(&refused).await.unwrap();
    let inbox = store.inbox(&[center], &[], 10).await.unwrap();
    assert_eq!(
        inbox.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
        [l.code.as_str(), e.code.as_str()],
        "open ones, nearest appointment first"
    );
    let by_agency = store.inbox(&[], &[code(AGENCY)], 10).await.unwrap();
    assert_eq!(by_agency.len(), 2);
    assert!(store
        .inbox(&[center + 100], &[code("000.99.99.H13")], 10)
        .await
        .unwrap()
        .is_empty());
    assert!(store.inbox(&[], &[], 10).await.unwrap().is_empty());
    assert_eq!(
        store
            .open_dossiers(10)
            .await
            .unwrap()
            .iter()
            .map(|d| d.code.as_str())
            .collect::<Vec<_>>(),
        [l.code.as_str(), e.code.as_str()],
        "province-wide: the open ones, the most overdue first"
    );
}

pub async fn dossiers_are_found_by_code_cccd_phone_and_name(store: &dyn Store) {
    let (center, version) = intake_ready(store).await;
    let mut a = new_dossier(
        center,
        version,
        "2026-11-26T02:00:00Z",
        "092190000001",
        "0912000001",
    );
    a.applicant.name = "Nguyễn Văn Ánh".into();
    let mut b = new_dossier(
        center,
        version,
        "2026-11-26T03:00:00Z",
        "092190000002",
        "0912000002",
    );
    b.applicant.name = "Đặng Thị Bích".into();
    let a = store.open_dossier(&a).await.unwrap();
    let b = store.open_dossier(&b).await.unwrap();
    let codes =
        |found: Vec<crate::DossierRecord>| found.into_iter().map(|d| d.code).collect::<Vec<_>>();
    assert_eq!(
        codes(
            store
                .search_dossiers("nguyen van anh", None, 10, 0)
                .await
                .unwrap()
        ),
        [a.code.as_str()]
    );
    assert_eq!(
        codes(
            store
                .search_dossiers("Đặng Thị", None, 10, 0)
                .await
                .unwrap()
        ),
        [b.code.as_str()]
    );
    assert_eq!(
        codes(
            store
                .search_dossiers("dang bich", None, 10, 0)
                .await
                .unwrap()
        ),
        [b.code.as_str()],
        "words in order, not adjacent"
    );
    assert_eq!(
        codes(store.search_dossiers(&a.code, None, 10, 0).await.unwrap()),
        [a.code.as_str()]
    );
    assert_eq!(
        codes(
            store
                .search_dossiers("092 190 000 002", None, 10, 0)
                .await
                .unwrap()
        ),
        [b.code.as_str()]
    );
    assert_eq!(
        codes(
            store
                .search_dossiers("0912000001", None, 10, 0)
                .await
                .unwrap()
        ),
        [a.code.as_str()]
    );
    assert_eq!(
        codes(
            store
                .search_dossiers("2.004001", None, 10, 0)
                .await
                .unwrap()
        ),
        [b.code.as_str(), a.code.as_str()],
        "newest first"
    );
    assert_eq!(
        codes(store.search_dossiers("2.004001", None, 1, 1).await.unwrap()),
        [a.code.as_str()],
        "paged"
    );
    assert!(
        store
            .search_dossiers("nguyen", Some(&[center + 1]), 10, 0)
            .await
            .unwrap()
            .is_empty(),
        "only the centers asked for"
    );
    assert!(store
        .search_dossiers("   ", None, 10, 0)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        codes(
            store
                .search_dossiers("dang ky khai sinh", None, 10, 0)
                .await
                .unwrap()
        ),
        [b.code.as_str(), a.code.as_str()],
        "by the procedure's name, diacritics optional"
    );
    assert!(store
        .search_dossiers("ket hon", None, 10, 0)
        .await
        .unwrap()
        .is_empty());
    // The tail of a code, as read off a receipt: day and number, or number.
    let tail = |code: &str, parts: usize| {
        code.rsplitn(parts + 1, '-')
            .take(parts)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join("-")
    };
    assert_eq!(
        codes(
            store
                .search_dossiers(&tail(&a.code, 2), None, 10, 0)
                .await
                .unwrap()
        ),
        [a.code.as_str()]
    );
    assert_eq!(
        codes(
            store
                .search_dossiers(&tail(&b.code, 1), None, 10, 0)
                .await
                .unwrap()
        ),
        [b.code.as_str()]
    );
    assert_eq!(
        codes(
            store
                .search_dossiers(tail(&b.code, 1).trim_start_matches('0'), None, 10, 0)
                .await
                .unwrap()
        ),
        [b.code.as_str()],
        "without the leading zeros"
    );
}

/// Forms name an account by its staff member's full name; an account with no
/// staff record by its login.
pub async fn accounts_are_named_by_their_staff(store: &dyn Store) {
    let staff = store
        .create_staff(&NewStaff {
            full_name: "Nguyễn Thị Thu Hà".into(),
            employer: Employer::CivilService,
            phone: None,
            email: None,
            title: "Công chức tiếp nhận".into(),
        })
        .await
        .unwrap();
    let account = |username: &str| NewAccount {
        username: username.into(),
        password_hash: "h".into(),
        roles: vec![Role::Reception],
    };
    let named = store
        .create_account(Some(staff), &account("tiepnhan1.ninhkieu"))
        .await
        .unwrap();
    let bare = store
        .create_account(None, &account("quantri"))
        .await
        .unwrap();
    let names = store
        .account_names(&[named, bare, named, bare + 1000])
        .await
        .unwrap();
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(names[&named], "Nguyễn Thị Thu Hà");
    assert_eq!(names[&bare], "quantri");
    assert!(store.account_names(&[]).await.unwrap().is_empty());
}

/// A seeded run of random lifecycle steps through the store, as officers and
/// citizens would take them: `dossiers` dossiers opened over four days (some
/// online, some received before 07:00 Vietnam time, which is the day before
/// in UTC), then `steps` actions, each one the lifecycle allows at that moment,
/// at instants that move forward by up to a day (so some dossiers finish
/// late). Each dossier keeps its own clock; steps that move a dossier
/// forward are chosen more often than detours. Returns the center.
pub async fn random_lifecycle_run(
    store: &dyn Store,
    seed: u64,
    dossiers: usize,
    steps: usize,
) -> i64 {
    use crate::{Action, Status};
    use motcua_domain::dossier::lifecycle::Rules;
    use motcua_domain::Vnd;
    let (center, version) = intake_ready(store).await;
    // xorshift64*: reproducible without a dependency.
    let mut state = seed.max(1);
    let mut next = move |n: u64| {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    };
    let mut records = Vec::new();
    for i in 0..dossiers {
        let day = 23 + next(4);
        // 22:00-23:59 UTC is the next morning in Vietnam.
        let hour = [0, 2, 6, 22, 23][next(5) as usize];
        let at = format!("2026-11-{day:02}T{hour:02}:{:02}:00Z", next(60));
        let mut d = new_dossier(
            center,
            version,
            &at,
            &format!("0921{i:08}"),
            &format!("09{i:08}"),
        );
        d.action = Action::Accept {
            appointment: d.at + jiff::SignedDuration::from_hours(24 + next(72) as i64),
        };
        if next(3) == 0 {
            d.channel = Channel::Online;
            d.action = Action::Submit;
            d.to = Status::Registered;
            d.actor = None;
        }
        records.push(store.open_dossier(&d).await.unwrap());
    }
    let mut clocks: Vec<Timestamp> = records.iter().map(|r| r.received_at).collect();
    let actor = |role: Role| {
        Some(Actor {
            account_id: 1,
            username: format!("{}.ninhkieu", role.code()),
            role,
        })
    };
    for _ in 0..steps {
        let i = next(records.len() as u64) as usize;
        clocks[i] += jiff::SignedDuration::from_mins(10 + next(12 * 60) as i64);
        let clock = clocks[i];
        let later = clock + jiff::SignedDuration::from_hours(1 + next(96) as i64);
        let candidates = [
            Action::Accept { appointment: later },
            Action::Refuse {
                reasons: "Thiếu giấy tờ".into(),
            },
            Action::HandOver {
                to_agency: code(AGENCY),
                to_account: Some(2),
                note: String::new(),
            },
            Action::RequestSupplement {
                items: vec!["Bản sao CCCD".into()],
                reason: "Thiếu".into(),
            },
            Action::ReceiveSupplement { appointment: later },
            Action::RequestPayment {
                amount: Vnd(50_000),
                note: "Lệ phí".into(),
            },
            Action::ConfirmPayment,
            Action::DraftResult {
                summary: "Kết quả".into(),
            },
            Action::RejectDraft {
                reason: "Sửa lại".into(),
            },
            Action::Approve,
            Action::Extend {
                appointment: later,
                reason: "Chờ xác minh".into(),
            },
            Action::Withdraw {
                reason: "Rút".into(),
            },
            Action::Stop {
                reason: "Dừng".into(),
            },
            Action::Digitize,
            Action::Return {
                received_by: "Nguyễn Văn An".into(),
                by_post: next(2) == 0,
            },
        ];
        // Lifecycle-ending actions are rarer, so that dossiers live a while.
        let allowed: Vec<(Action, Role, Status)> = candidates
            .into_iter()
            .filter(|a| !matches!(a, Action::Withdraw { .. } | Action::Stop { .. }) || next(8) == 0)
            .filter_map(|a| {
                let role = *a.roles().first()?;
                let to = records[i]
                    .state
                    .decide(&a, &[role], &Rules::default())
                    .ok()?;
                Some((a, role, to))
            })
            .collect();
        if allowed.is_empty() {
            continue;
        }
        let forward: Vec<&(Action, Role, Status)> = allowed
            .iter()
            .filter(|(a, ..)| {
                matches!(
                    a,
                    Action::Accept { .. }
                        | Action::HandOver { .. }
                        | Action::ReceiveSupplement { .. }
                        | Action::ConfirmPayment
                        | Action::DraftResult { .. }
                        | Action::Approve
                        | Action::Return { .. }
                )
            })
            .collect();
        let (action, role, to) = if !forward.is_empty() && next(3) != 0 {
            forward[next(forward.len() as u64) as usize].clone()
        } else {
            allowed[next(allowed.len() as u64) as usize].clone()
        };
        let r = &records[i];
        records[i] = store
            .append_event(
                r.id,
                r.last_seq,
                clock,
                actor(role),
                &code(AGENCY),
                &action,
                to,
            )
            .await
            .unwrap();
    }
    center
}
