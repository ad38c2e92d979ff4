//! The queue of the hall: numbers per group and day without gaps, the order
//! counters call in (sent-on tickets, priority, order of arrival), one
//! counter per officer, no ticket called twice, dossiers linked to their
//! ticket in the write that opens them, one rating per dossier and stage.

use motcua_domain::queue::rating::{RatingStage, Satisfaction, Survey};
use motcua_domain::queue::ticket::{KioskKind, Lane, TicketStatus};
use motcua_store::{
    CenterId, NewKiosk, NewRating, NewServiceGroup, NewTicket, ServiceGroupId, Store, StoreError,
    TicketChange,
};

use crate::*;

fn at(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

fn ticket(center: CenterId, group: ServiceGroupId, when: &str, lane: Lane) -> NewTicket {
    let t = at(when);
    NewTicket {
        center_id: center,
        group_id: group,
        day: motcua_domain::queue::ticket::service_day(t),
        lane,
        booked_for: None,
        kiosk_id: None,
        taken_at: t,
        after_hours: motcua_domain::queue::ticket::after_hours(t),
    }
}

pub async fn the_queue_numbers_calls_and_rates(store: &dyn Store) {
    let (center, version) = intake_ready(store).await;
    let officer = seed_account(store).await;
    let group = |letter: char, name: &str, fields: &[&str], position| NewServiceGroup {
        center_id: center,
        letter,
        name: name.into(),
        fields: fields.iter().map(|f| f.parse().unwrap()).collect(),
        position,
        active: true,
    };
    let a = store
        .save_service_group(&group('A', "Chứng thực", &["CT"], 1))
        .await
        .unwrap();
    let b = store
        .save_service_group(&group('B', "Hộ tịch", &["HT"], 2))
        .await
        .unwrap();
    // Saving the letter again changes the group, it does not add one.
    assert_eq!(
        store
            .save_service_group(&group('B', "Hộ tịch - khai sinh", &["HT"], 2))
            .await
            .unwrap(),
        b
    );
    let groups = store.service_groups(center).await.unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[1].name, "Hộ tịch - khai sinh");
    assert_eq!(groups[0].fields[0].as_str(), "CT");

    // Numbers per group and day: A001, A002, B001; the next day A001 again.
    let t1 = store
        .take_ticket(&ticket(center, a, "2026-11-26T01:00:00Z", Lane::Normal))
        .await
        .unwrap();
    let t2 = store
        .take_ticket(&ticket(center, a, "2026-11-26T01:01:00Z", Lane::Normal))
        .await
        .unwrap();
    let t3 = store
        .take_ticket(&ticket(center, b, "2026-11-26T01:02:00Z", Lane::Priority))
        .await
        .unwrap();
    assert_eq!(
        (t1.number(), t2.number(), t3.number()),
        ("A001".into(), "A002".into(), "B001".into())
    );
    assert_eq!(t1.status, TicketStatus::Waiting);
    // 23:59 in Vietnam is still the 26th; 00:00 is the 27th, numbers restart.
    let late = store
        .take_ticket(&ticket(center, a, "2026-11-26T16:59:00Z", Lane::Normal))
        .await
        .unwrap();
    let next_day = store
        .take_ticket(&ticket(center, a, "2026-11-26T17:00:00Z", Lane::Normal))
        .await
        .unwrap();
    assert_eq!(late.number(), "A003");
    assert!(late.after_hours);
    assert_eq!(next_day.number(), "A001");
    assert_eq!(next_day.day.to_string(), "2026-11-27");

    // Counter 1 serves both groups; the priority ticket comes first.
    let c1 = store
        .open_counter(center, 1, &[a, b], officer, at("2026-11-26T01:05:00Z"))
        .await
        .unwrap();
    assert_eq!(c1.groups, vec![a, b]);
    assert_eq!(c1.staffed_by, Some(officer));
    let first = store
        .call_next(c1.id, officer, at("2026-11-26T01:06:00Z"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.id, t3.id, "priority first");
    assert_eq!(first.status, TicketStatus::Called);
    assert_eq!(first.counter_number, Some(1));
    assert_eq!(first.wait_minutes(), Some(4.0));

    // A dossier received from the called ticket is linked in the same write.
    let mut d = new_dossier(
        center,
        version,
        "2026-11-26T01:10:00Z",
        "092190000201",
        "0912000201",
    );
    d.ticket_id = Some(first.id);
    let dossier = store.open_dossier(&d).await.unwrap();
    assert_eq!(
        store.ticket_dossiers(first.id).await.unwrap(),
        vec![dossier.id]
    );
    assert_eq!(
        store
            .dossier_ticket(dossier.id)
            .await
            .unwrap()
            .map(|t| t.id),
        Some(first.id)
    );

    // Recall, then the next call finishes it and takes A001.
    let recalled = store
        .change_ticket(first.id, TicketChange::Recall, at("2026-11-26T01:11:00Z"))
        .await
        .unwrap();
    assert_eq!(recalled.recalls, 1);
    let second = store
        .call_next(c1.id, officer, at("2026-11-26T01:16:00Z"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(second.id, t1.id);
    let done = store.ticket(first.id).await.unwrap().unwrap();
    assert_eq!(done.status, TicketStatus::Done);
    assert_eq!(done.service_minutes(), Some(10.0));
    assert_eq!(done.dossiers, 1);

    // Another officer cannot take counter 1; at counter 2 they get A002
    // once A001 is sent there.
    let other = store
        .create_account(
            None,
            &motcua_domain::org::NewAccount {
                username: "tiepnhan2".into(),
                password_hash: "h".into(),
                roles: vec![],
            },
        )
        .await
        .unwrap();
    assert!(matches!(
        store
            .open_counter(center, 1, &[a], other, at("2026-11-26T01:17:00Z"))
            .await,
        Err(StoreError::Conflict(_))
    ));
    let c2 = store
        .open_counter(center, 2, &[b], other, at("2026-11-26T01:17:00Z"))
        .await
        .unwrap();
    let sent = store
        .change_ticket(
            t1.id,
            TicketChange::Transfer(c2.id),
            at("2026-11-26T01:18:00Z"),
        )
        .await
        .unwrap();
    assert_eq!(sent.status, TicketStatus::Waiting);
    assert_eq!(sent.for_counter, Some(c2.id));
    // Counter 1 does not take back what it sent on; counter 2 calls it
    // though it does not serve group A.
    let at_one = store
        .call_next(c1.id, officer, at("2026-11-26T01:19:00Z"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(at_one.id, t2.id);
    let at_two = store
        .call_next(c2.id, other, at("2026-11-26T01:19:00Z"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(at_two.id, t1.id);
    assert_eq!(
        at_two.wait_minutes(),
        Some(16.0),
        "the wait ends at the first call (01:00 → 01:16)"
    );
    let gone = store
        .change_ticket(t2.id, TicketChange::NoShow, at("2026-11-26T01:25:00Z"))
        .await
        .unwrap();
    assert_eq!(gone.status, TicketStatus::NoShow);
    assert!(matches!(
        store
            .change_ticket(t2.id, TicketChange::Finish, at("2026-11-26T01:26:00Z"))
            .await,
        Err(StoreError::Conflict(_))
    ));
    // Closing a counter finishes the ticket it called.
    store
        .close_counter(c2.id, at("2026-11-26T01:30:00Z"))
        .await
        .unwrap();
    let served = store.ticket(t1.id).await.unwrap().unwrap();
    assert_eq!(served.status, TicketStatus::Done);
    assert_eq!(served.finished_at, Some(at("2026-11-26T01:30:00Z")));
    // The late ticket of the 26th (group A) waits; nobody for group B.
    let c2 = store
        .open_counter(center, 2, &[b], other, at("2026-11-26T01:31:00Z"))
        .await
        .unwrap();
    assert_eq!(
        store
            .call_next(c2.id, other, at("2026-11-26T01:32:00Z"))
            .await
            .unwrap(),
        None
    );
    // Opening another counter leaves the first: one counter per person.
    store
        .open_counter(center, 3, &[a], officer, at("2026-11-26T01:40:00Z"))
        .await
        .unwrap();
    let counters = store.counters(center).await.unwrap();
    assert_eq!(counters.len(), 3);
    assert_eq!(counters[0].staffed_by, None);
    assert_eq!(counters[2].staffed_by, Some(officer));
    let day = store
        .tickets_of_day(center, "2026-11-26".parse().unwrap())
        .await
        .unwrap();
    assert_eq!(day.len(), 4);
    assert_eq!(
        store
            .tickets_between(
                center,
                "2026-11-26".parse().unwrap(),
                "2026-11-27".parse().unwrap()
            )
            .await
            .unwrap()
            .len(),
        5
    );

    // Past days are written whole (the demo's history), many at once.
    let history: Vec<motcua_store::HistoricTicket> = (1..=1500u32)
        .map(|i| {
            let taken = at("2026-11-20T01:00:00Z") + jiff::SignedDuration::from_secs(i64::from(i));
            motcua_store::HistoricTicket {
                ticket: ticket(center, b, &taken.to_string(), Lane::Normal),
                seq: i,
                status: TicketStatus::Done,
                counter_id: Some(c1.id),
                served_by: Some(officer),
                called_at: Some(taken + jiff::SignedDuration::from_mins(3)),
                finished_at: Some(taken + jiff::SignedDuration::from_mins(9)),
            }
        })
        .collect();
    assert_eq!(store.import_tickets(&history).await.unwrap(), 1500);
    let past = store
        .tickets_of_day(center, "2026-11-20".parse().unwrap())
        .await
        .unwrap();
    assert_eq!(past.len(), 1500);
    assert_eq!(past[1499].number(), "B1500");
    assert_eq!(past[0].wait_minutes(), Some(3.0));
    assert_eq!(past[0].service_minutes(), Some(6.0));
    assert_eq!(past[0].counter_number, Some(1));

    // Devices: found by the hash of their link until revoked.
    let kiosk = store
        .create_kiosk(&NewKiosk {
            center_id: center,
            kind: KioskKind::Rating,
            counter_id: Some(c1.id),
            name: "Máy tính bảng quầy 1".into(),
            token_hash: "abc".into(),
            created_by: officer,
            created_at: at("2026-11-26T01:00:00Z"),
        })
        .await
        .unwrap();
    let found = store.kiosk_by_token_hash("abc").await.unwrap().unwrap();
    assert_eq!((found.id, found.kind), (kiosk, KioskKind::Rating));
    store
        .revoke_kiosk(kiosk, at("2026-11-26T02:00:00Z"))
        .await
        .unwrap();
    assert_eq!(store.kiosk_by_token_hash("abc").await.unwrap(), None);
    assert_eq!(store.kiosks(center).await.unwrap().len(), 1);

    // One rating per dossier and stage.
    let rating = NewRating {
        dossier_id: dossier.id,
        stage: RatingStage::Received,
        rating: Satisfaction::VerySatisfied,
        officer_id: Some(officer),
        counter_id: Some(c1.id),
        ticket_id: Some(first.id),
        via: "tablet".into(),
        survey: Survey::new([(7, 2), (10, 1)]).unwrap(),
        comment: "Cán bộ tận tình".into(),
        at: at("2026-11-26T01:12:00Z"),
    };
    store.add_rating(&rating).await.unwrap();
    assert!(matches!(
        store
            .add_rating(&NewRating {
                rating: Satisfaction::NotSatisfied,
                via: "link".into(),
                ..rating.clone()
            })
            .await,
        Err(StoreError::Conflict(_))
    ));
    store
        .add_rating(&NewRating {
            stage: RatingStage::Returned,
            survey: Survey::default(),
            at: at("2026-11-27T01:12:00Z"),
            ..rating.clone()
        })
        .await
        .unwrap();
    let rated = store.ratings_of_dossier(dossier.id).await.unwrap();
    assert_eq!(rated.len(), 2);
    assert_eq!(rated[0].survey.to_code(), "7=2;10=1");
    assert_eq!(rated[0].code, dossier.code);
    let window = store
        .ratings_between(
            center,
            at("2026-11-26T00:00:00Z"),
            at("2026-11-27T00:00:00Z"),
        )
        .await
        .unwrap();
    assert_eq!(window.len(), 1);
    assert_eq!(window[0].rating, Satisfaction::VerySatisfied);
}
