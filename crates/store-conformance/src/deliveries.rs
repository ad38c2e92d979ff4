//! Results by post: a parcel is written with its event and its outbox job,
//! the carrier's acceptance closes the job, an update applies once and only
//! from where the parcel was, and updates that change nothing are kept once.

use motcua_domain::dossier::postal::DeliveryState;
use motcua_domain::Vnd;
use motcua_store::{
    Action, DeliveryChange, DeliveryUpdate, NewDelivery, NewEvent, Status, Store, StoreError,
    CARRIER_CREATE,
};

use crate::*;

fn update(event_id: &str, seq: u32, state: DeliveryState) -> DeliveryUpdate {
    DeliveryUpdate {
        event_id: event_id.into(),
        seq,
        state,
        at: "2026-11-27T03:00:00Z".parse().unwrap(),
        note: "Bưu tá đang giao".into(),
        received_by: (state == DeliveryState::Delivered).then(|| "Nguyễn Văn A".to_string()),
        proof_blob: None,
    }
}

fn news(
    delivery: motcua_store::DeliveryId,
    expected_seq: u32,
    u: DeliveryUpdate,
    to: Status,
) -> NewEvent {
    NewEvent {
        at: "2026-11-27T03:00:05Z".parse().unwrap(),
        actor: None,
        agency: code(AGENCY),
        action: Action::PostalUpdate {
            tracking: "EB000000001VN".into(),
            state: u.state,
            note: u.note.clone(),
            received_by: u.received_by.clone(),
        },
        to,
        file: None,
        notices: Vec::new(),
        delivery: Some(DeliveryChange::Update {
            delivery,
            expected_seq,
            update: u,
        }),
    }
}

pub async fn a_parcel_is_sent_through_the_outbox_and_moved_by_its_updates(store: &dyn Store) {
    let (center, version) = intake_ready(store).await;
    let d = store
        .open_dossier(&new_dossier(
            center,
            version,
            "2026-11-26T02:00:00Z",
            "092190000001",
            "0912000001",
        ))
        .await
        .unwrap();
    let ship = NewEvent {
        at: "2026-11-27T01:00:00Z".parse().unwrap(),
        actor: reception(),
        agency: code(AGENCY),
        action: Action::ShipByPost {
            receiver: "Nguyễn Văn A".into(),
            address: "12 Hòa Bình".into(),
            tracking: None,
            postage: Vnd(25_000),
            cod: Vnd::ZERO,
        },
        to: Status::Accepted,
        file: None,
        notices: Vec::new(),
        delivery: Some(DeliveryChange::Ship(NewDelivery {
            center_id: center,
            order_number: d.code.to_string(),
            tracking: None,
            receiver_name: "Nguyễn Văn A".into(),
            receiver_address: "12 Hòa Bình".into(),
            receiver_ward: "Phường Ninh Kiều".into(),
            receiver_phone: "0912000001".into(),
            postage: Vnd(25_000),
            cod: Vnd::ZERO,
            account_id: None,
        })),
    };
    let after = store
        .append_events(d.id, d.last_seq, &[ship])
        .await
        .unwrap();
    let parcels = store.deliveries(d.id).await.unwrap();
    assert_eq!(parcels.len(), 1);
    let p = &parcels[0];
    assert_eq!(
        (p.state, p.last_seq, p.event_seq),
        (DeliveryState::Created, 0, after.last_seq)
    );
    assert_eq!(p.tracking, None);
    // The outbox job was written with it.
    let now: jiff::Timestamp = "2026-11-27T01:00:01Z".parse().unwrap();
    let job = store
        .claim_job(CARRIER_CREATE, now, jiff::SignedDuration::from_secs(60))
        .await
        .unwrap()
        .expect("a job for the carrier");
    assert_eq!(job.subject, p.id.0);
    // Refused once and given up: sent again when asked.
    store
        .fail_job(job.id, "422 receiver phone", now)
        .await
        .unwrap();
    let held = store.carrier_job(p.id).await.unwrap().unwrap();
    assert_eq!(
        (held.state.as_str(), held.last_error.as_deref()),
        ("failed", Some("422 receiver phone"))
    );
    assert!(store.retry_carrier_job(p.id, now).await.unwrap());
    assert!(
        !store.retry_carrier_job(p.id, now).await.unwrap(),
        "not given up any more"
    );
    let job = store
        .claim_job(CARRIER_CREATE, now, jiff::SignedDuration::from_secs(60))
        .await
        .unwrap()
        .expect("queued again");
    store
        .carrier_accepted(job.id, p.id, "SIM-1", "EB000000001VN", now)
        .await
        .unwrap();
    assert_eq!(
        store.carrier_job(p.id).await.unwrap().unwrap().state,
        "done"
    );
    assert!(
        store
            .claim_job(
                CARRIER_CREATE,
                now + jiff::SignedDuration::from_secs(3600),
                jiff::SignedDuration::from_secs(60)
            )
            .await
            .unwrap()
            .is_none(),
        "the job is closed"
    );
    let p = store
        .delivery_by_tracking("EB000000001VN")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.carrier_order.as_deref(), Some("SIM-1"));
    assert_eq!(
        store
            .delivery_by_tracking("SIM-1")
            .await
            .unwrap()
            .unwrap()
            .id,
        p.id
    );

    // Handed over, then a failed attempt, then delivered.
    let mut seq = after.last_seq;
    for (n, (id, state)) in [
        ("e2", DeliveryState::HandedOver),
        ("e3", DeliveryState::FailedAttempt),
        ("e4", DeliveryState::Delivered),
    ]
    .into_iter()
    .enumerate()
    {
        let to = if state == DeliveryState::Delivered {
            Status::Returned
        } else {
            Status::Accepted
        };
        let n = n as u32;
        // The carrier numbered the creation 1: its updates are 2, 3, 4.
        let expected = if n == 0 { 0 } else { n + 1 };
        seq = store
            .append_events(
                d.id,
                seq,
                &[news(p.id, expected, update(id, n + 2, state), to)],
            )
            .await
            .unwrap()
            .last_seq;
    }
    let p = store.delivery(p.id).await.unwrap().unwrap();
    assert_eq!(
        (p.state, p.last_seq, p.failed_attempts),
        (DeliveryState::Delivered, 4, 1)
    );
    assert_eq!(p.received_by.as_deref(), Some("Nguyễn Văn A"));
    assert!(p.delivered_at.is_some());

    // A replay of an applied update is refused whole; so is a stale one.
    let replay = store
        .append_events(
            d.id,
            seq,
            &[news(
                p.id,
                4,
                update("e4", 4, DeliveryState::Delivered),
                Status::Returned,
            )],
        )
        .await;
    assert!(matches!(replay, Err(StoreError::Conflict(_))), "{replay:?}");
    let stale = store
        .append_events(
            d.id,
            seq,
            &[news(
                p.id,
                2,
                update("e9", 9, DeliveryState::InTransit),
                Status::Returned,
            )],
        )
        .await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");
    assert_eq!(
        store.dossier_by_id(d.id).await.unwrap().unwrap().last_seq,
        seq
    );
    // An update that changes nothing is kept once.
    let late = update("e3b", 3, DeliveryState::InTransit);
    assert!(store
        .keep_delivery_update(p.id, &late, "out-of-order", now)
        .await
        .unwrap());
    assert!(!store
        .keep_delivery_update(p.id, &late, "out-of-order", now)
        .await
        .unwrap());
    let kept = store.delivery_updates(p.id).await.unwrap();
    assert_eq!(
        kept.iter()
            .map(|u| (u.update.event_id.as_str(), u.outcome.as_str()))
            .collect::<Vec<_>>(),
        [
            ("e2", "applied"),
            ("e3", "applied"),
            ("e4", "applied"),
            ("e3b", "out-of-order")
        ]
    );
    // The postal staff's list.
    let list = store
        .delivery_list(Some(&[center]), &[DeliveryState::Delivered], 10)
        .await
        .unwrap();
    assert_eq!(list.len(), 1);
    assert!(store
        .delivery_list(Some(&[center]), &[DeliveryState::InTransit], 10)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(store.delivery_list(None, &[], 10).await.unwrap().len(), 1);
    // The post office's count of the day: one sent, delivered after a
    // failed attempt, two hours from the order to delivery.
    let day = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
    let tallies = store
        .delivery_tallies(
            Some(&[center]),
            day("2026-11-27T00:00:00Z"),
            day("2026-11-28T00:00:00Z"),
        )
        .await
        .unwrap();
    assert_eq!(tallies.len(), 1);
    let t = &tallies[0];
    assert_eq!(
        (
            t.center_id,
            t.sent,
            t.delivered,
            t.first_attempt,
            t.returned,
            t.in_progress,
            t.failed_attempts
        ),
        (center, 1, 1, 0, 0, 0, 1)
    );
    assert_eq!(t.seconds_to_deliver, 2 * 3600);
    assert!(store
        .delivery_tallies(
            None,
            day("2026-11-28T00:00:00Z"),
            day("2026-11-29T00:00:00Z")
        )
        .await
        .unwrap()
        .is_empty());
}

/// A notice is written with its event and its job; every try to send it is
/// kept, with what the server said, and the notice ends sent once.
pub async fn every_try_to_send_a_notice_is_kept(store: &dyn Store) {
    let (center, version) = intake_ready(store).await;
    let mut d = new_dossier(
        center,
        version,
        "2026-11-26T02:00:00Z",
        "092190000021",
        "0912000021",
    );
    d.notices = vec![motcua_store::NewNotice {
        kind: "received".into(),
        channel: "email".into(),
        recipient: "an@example.vn".into(),
        subject: "Hồ sơ {ma-ho-so}".into(),
        body: "Đã tiếp nhận hồ sơ {ma-ho-so}.".into(),
        send_after: "2026-11-26T02:00:00Z".parse().unwrap(),
    }];
    let d = store.open_dossier(&d).await.unwrap();
    let notices = store.notices(d.id).await.unwrap();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].subject, format!("Hồ sơ {}", d.code));
    let now: jiff::Timestamp = "2026-11-26T02:00:01Z".parse().unwrap();
    let job = store
        .claim_job(
            motcua_store::NOTIFY,
            now,
            jiff::SignedDuration::from_secs(60),
        )
        .await
        .unwrap()
        .expect("the notice's job");
    assert_eq!(job.subject, notices[0].id);
    let later: jiff::Timestamp = "2026-11-26T02:00:31Z".parse().unwrap();
    store
        .notice_failed(job.id, notices[0].id, "421 try later", Some(later), now)
        .await
        .unwrap();
    assert!(
        store
            .claim_job(
                motcua_store::NOTIFY,
                now,
                jiff::SignedDuration::from_secs(60)
            )
            .await
            .unwrap()
            .is_none(),
        "not before its time"
    );
    let job = store
        .claim_job(
            motcua_store::NOTIFY,
            later,
            jiff::SignedDuration::from_secs(60),
        )
        .await
        .unwrap()
        .expect("tried again");
    store
        .close_notice(job.id, notices[0].id, "sent", later)
        .await
        .unwrap();
    let n = store.notice(notices[0].id).await.unwrap().unwrap();
    assert_eq!((n.state.as_str(), n.attempts), ("sent", 2));
    let tries = store.notice_attempts(d.id).await.unwrap();
    assert_eq!(
        tries
            .iter()
            .map(|a| (a.notice_id, a.at, a.outcome.as_str(), a.detail.as_str()))
            .collect::<Vec<_>>(),
        [
            (n.id, now, "retry", "421 try later"),
            (n.id, later, "sent", ""),
        ]
    );
}
