//! Manifests of the post: written with a `transport` event on each of their
//! dossiers in one transaction, numbered per center and year without gaps,
//! received once, and a dossier offered for a leg only until it travels it
//! (again when it was missing from the package).

use motcua_domain::catalog::Channel;
use motcua_domain::org::*;
use motcua_domain::Vnd;
use motcua_store::{
    Action, Leg, ManifestLine, ManifestReceipt, NewEvent, NewManifest, PostedDocument,
    ReceivedLine, Stage, Status, Store, StoreError, Tally,
};

use crate::*;

fn carried(manifest: &str, leg: Leg, stage: Stage, at: &str, tally: Option<Tally>) -> NewEvent {
    NewEvent {
        at: at.parse().unwrap(),
        actor: Some(motcua_store::Actor {
            account_id: motcua_store::AccountId(1),
            username: "buudien".into(),
            role: Role::Postal,
        }),
        agency: code(AGENCY),
        action: Action::Transport {
            manifest: manifest.into(),
            leg,
            stage,
            from: "Bưu cục Cái Khế".into(),
            to: "Trung tâm phường Ninh Kiều".into(),
            counterpart: "Lê Văn Tiếp".into(),
            tally,
        },
        to: Status::Registered,
        file: None,
        delivery: None,
        notices: Vec::new(),
    }
}

pub async fn manifests_carry_dossiers_in_one_transaction_and_are_received_once(store: &dyn Store) {
    let (center, version) = intake_ready(store).await;
    let carrier = seed_account(store).await;
    let mut dossiers = Vec::new();
    for i in 0..3 {
        let mut d = new_dossier(
            center,
            version,
            "2026-11-26T02:00:00Z",
            &format!("09219000001{i}"),
            &format!("091200001{i}"),
        );
        d.channel = Channel::Post;
        d.action = Action::PostalIntake {
            documents: vec![PostedDocument {
                name: "Tờ khai".into(),
                originals: 1,
                copies: 1,
            }],
            seal: "NB-0001".parse().unwrap(),
            fees: Vnd(8_000),
            postage: Vnd(25_000),
        };
        d.to = Status::Registered;
        dossiers.push(store.open_dossier(&d).await.unwrap());
    }
    let offered = store
        .transport_candidates(center, Leg::ToCenter, 50)
        .await
        .unwrap();
    assert_eq!(offered.len(), 3, "postal intakes wait for a manifest");
    assert!(store
        .transport_candidates(center, Leg::ToAgency, 50)
        .await
        .unwrap()
        .is_empty());

    let seq = store.next_manifest_seq(center, 2026).await.unwrap();
    assert_eq!(seq, 1);
    let number = motcua_domain::dossier::transport::manifest_number(2026, seq);
    let manifest = |seq: u32| NewManifest {
        center_id: center,
        year: 2026,
        seq,
        leg: Leg::ToCenter,
        from_place: "Bưu cục Cái Khế".into(),
        to_place: "Trung tâm phường Ninh Kiều".into(),
        to_agency: None,
        carrier,
        dispatched_by: carrier,
        dispatched_at: "2026-11-26T03:00:00Z".parse().unwrap(),
        note: String::new(),
    };
    let lines = |stale: bool| {
        dossiers
            .iter()
            .enumerate()
            .map(|(i, d)| ManifestLine {
                dossier_id: d.id,
                // The last line of a stale batch was read before a change.
                expected_seq: if stale && i == 2 { 0 } else { d.last_seq },
                documents: 2,
                fees: Vnd(8_000),
                events: vec![carried(
                    &number,
                    Leg::ToCenter,
                    Stage::Dispatched,
                    "2026-11-26T03:00:00Z",
                    None,
                )],
            })
            .collect::<Vec<_>>()
    };
    // One stale dossier: nothing of the manifest is written.
    assert!(matches!(
        store.dispatch_manifest(&manifest(seq), &lines(true)).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(store
        .manifests(Some(&[center]), false, 10)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(store.events(dossiers[0].id).await.unwrap().len(), 1);
    // A number not the next one is refused.
    assert!(matches!(
        store
            .dispatch_manifest(&manifest(seq + 1), &lines(false))
            .await,
        Err(StoreError::Conflict(_))
    ));
    let id = store
        .dispatch_manifest(&manifest(seq), &lines(false))
        .await
        .unwrap();
    assert!(matches!(
        store.dispatch_manifest(&manifest(seq), &lines(false)).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(store.next_manifest_seq(center, 2026).await.unwrap(), 2);
    let m = store.manifest(id).await.unwrap().unwrap();
    assert_eq!(m.number, "BK-2026-0001");
    assert_eq!(
        (m.items.len(), m.documents(), m.fees()),
        (3, 6, Vnd(24_000))
    );
    assert_eq!(m.carrier_name, "quantri");
    assert!(m.received_at.is_none());
    let open = store.manifests(Some(&[center]), true, 10).await.unwrap();
    assert_eq!(open.len(), 1);
    assert!(store
        .transport_candidates(center, Leg::ToCenter, 50)
        .await
        .unwrap()
        .is_empty());
    let d0 = store.dossier_by_id(dossiers[0].id).await.unwrap().unwrap();
    assert_eq!(d0.state.in_transit.as_deref(), Some("BK-2026-0001"));

    // Received: two complete (accepted, the clock starts), one missing.
    let received_at = "2026-11-27T02:00:00Z";
    let tallies = [Tally::Complete, Tally::Complete, Tally::Missing];
    let mut received = Vec::new();
    for (d, tally) in dossiers.iter().zip(tallies) {
        let current = store.dossier_by_id(d.id).await.unwrap().unwrap();
        let mut events = vec![carried(
            &number,
            Leg::ToCenter,
            Stage::Received,
            received_at,
            Some(tally),
        )];
        if tally == Tally::Complete {
            events.push(NewEvent {
                at: received_at.parse().unwrap(),
                actor: reception(),
                agency: code(AGENCY),
                action: Action::Accept {
                    appointment: "2026-12-01T10:00:00Z".parse().unwrap(),
                },
                to: Status::Accepted,
                file: None,
                delivery: None,
                notices: Vec::new(),
            });
        }
        received.push(ReceivedLine {
            dossier_id: d.id,
            expected_seq: current.last_seq,
            tally,
            note: if tally == Tally::Missing {
                "Không có trong túi".into()
            } else {
                String::new()
            },
            events,
        });
    }
    let receipt = ManifestReceipt {
        received_at: received_at.parse().unwrap(),
        received_by: Some(carrier),
        received_by_name: "Lê Văn Tiếp".into(),
        note: "Niêm phong nguyên vẹn".into(),
    };
    // Every dossier is tallied, or nothing is received.
    assert!(store
        .receive_manifest(id, &receipt, &received[..2])
        .await
        .is_err());
    assert!(store
        .manifest(id)
        .await
        .unwrap()
        .unwrap()
        .received_at
        .is_none());
    store
        .receive_manifest(id, &receipt, &received)
        .await
        .unwrap();
    assert!(matches!(
        store.receive_manifest(id, &receipt, &received).await,
        Err(StoreError::Conflict(_))
    ));
    let m = store.manifest(id).await.unwrap().unwrap();
    assert_eq!(m.received_by_name.as_deref(), Some("Lê Văn Tiếp"));
    assert_eq!(
        m.items.iter().map(|i| i.tally).collect::<Vec<_>>(),
        tallies.map(Some).to_vec()
    );
    let d0 = store.dossier_by_id(dossiers[0].id).await.unwrap().unwrap();
    assert_eq!(d0.state.status, Some(Status::Accepted));
    assert_eq!(d0.state.in_transit, None);
    assert!(d0.state.appointment.is_some());
    // The missing one may travel again; the others may not.
    let again = store
        .transport_candidates(center, Leg::ToCenter, 50)
        .await
        .unwrap();
    assert_eq!(
        again.iter().map(|d| d.id).collect::<Vec<_>>(),
        [dossiers[2].id]
    );
    assert!(store
        .manifests(Some(&[center]), true, 10)
        .await
        .unwrap()
        .is_empty());
    assert!(store
        .manifests(Some(&[]), false, 10)
        .await
        .unwrap()
        .is_empty());
}
