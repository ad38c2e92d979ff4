//! Live dossiers: intake, codes, events, applicants.

use jiff::civil::date;
use jiff::Timestamp;
use motcua_domain::catalog::Channel;
use motcua_domain::org::*;
use motcua_store::{
    AccountId, Action, Actor, Applicant, ApplicantRecordUse, CenterId, DossierId, HandedIn,
    IntakeDetails, NewDossier, ProcedureVersionId, Status, Store, StoreError,
};

use crate::*;

pub(crate) const AGENCY: &str = "000.01.31.H13";

pub(crate) fn reception() -> Option<Actor> {
    Some(Actor {
        account_id: AccountId(1),
        username: "tiepnhan1.ninhkieu".into(),
        role: Role::Reception,
    })
}

/// A center with the demo catalog, ready for intake; returns the center and
/// the version id of "Đăng ký khai sinh".
pub async fn intake_ready(store: &dyn Store) -> (CenterId, ProcedureVersionId) {
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
    center: CenterId,
    version: ProcedureVersionId,
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
            id_number: Some(id_number.parse().unwrap()),
            phone: Some(phone.parse().unwrap()),
            email: None,
            address: "12 Hòa Bình, phường Ninh Kiều".into(),
        },
        details: IntakeDetails {
            procedure_name: "Đăng ký khai sinh".into(),
            components: ["Tờ khai", "Giấy chứng sinh"]
                .map(|name| HandedIn {
                    name: name.into(),
                    count: 1,
                    original_shown: false,
                })
                .to_vec(),
            ..IntakeDetails::default()
        },
        at: at.parse().unwrap(),
        actor: reception(),
        action: Action::Accept {
            appointment: "2026-11-26T10:00:00Z".parse().unwrap(),
        },
        to: Status::Accepted,
        idempotency_key: None,
        notices: Vec::new(),
        applicant_record: ApplicantRecordUse::LinkOrCreate,
        ticket_id: None,
        then: Vec::new(),
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
        codes.push(d.code.to_string());
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
    assert_eq!(next_day.code.to_string(), "000.01.31.H13-261127-0001");

    let stored = store
        .dossier(&codes[1].parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.applicant.phone.as_ref().map(|p| p.as_str()),
        Some("0912000002")
    );
    assert_eq!(stored.details.components[1].name, "Giấy chứng sinh");
    assert_eq!(
        store.dossier_by_id(stored.id).await.unwrap().unwrap(),
        stored
    );
    assert!(store
        .dossier(&"000.01.31.H13-261126-0099".parse().unwrap())
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
    assert_eq!(
        found[0].applicant.phone.as_ref().map(|p| p.as_str()),
        Some("0912000001")
    );
    assert_eq!(
        again.applicant.phone.as_ref().map(|p| p.as_str()),
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
        account_id: AccountId(2),
        username: "chuyenvien1.ninhkieu".into(),
        role: Role::Specialist,
    });
    let leader = Some(Actor {
        account_id: AccountId(3),
        username: "lanhdao.ninhkieu".into(),
        role: Role::Leader,
    });
    let steps: Vec<(Option<Actor>, Action, Status)> = vec![
        (
            reception(),
            Action::HandOver {
                to_agency: code(AGENCY),
                to_account: Some(AccountId(2)),
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
            DossierId(d.id.0 + 100),
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
        .map(|r| r.unwrap().code.seq)
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
    let codes: std::collections::HashSet<String> = racing
        .into_iter()
        .map(|r| r.unwrap().code.to_string())
        .collect();
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
            found[0].applicant.phone.as_ref().map(|p| p.as_str())
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
