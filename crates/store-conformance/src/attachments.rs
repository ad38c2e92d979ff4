//! Scans on dossiers: written with their event or not at all, removed with a
//! trace, offered again to the same applicant, and the queue of dossiers still
//! to digitize.

use motcua_domain::dossier::scans::Exemption;
use motcua_store::{
    Action, DossierRecord, FileChange, NewAttachment, NewEvent, Status, Store, StoreError,
};

use crate::*;

fn scan(component: &str, blob: &str) -> NewAttachment {
    NewAttachment {
        purpose: motcua_store::FilePurpose::Scan,
        component: component.into(),
        blob: blob.into(),
        file_name: format!("{component}.pdf"),
        kind: "pdf".into(),
        size: 2048,
        pages: 2,
        thumb: Some(format!("{blob}-thumb")),
        reused_from: None,
        account_id: None,
    }
}

fn attach_event(at: &str, a: NewAttachment) -> NewEvent {
    NewEvent {
        at: at.parse().unwrap(),
        actor: reception(),
        agency: code(AGENCY),
        action: Action::AttachScan {
            component: a.component.clone(),
            file: a.file_name.clone(),
            blob: a.blob.clone(),
            pages: a.pages,
            reused_from: None,
        },
        to: Status::Accepted,
        file: Some(FileChange::Attach(a)),
        notices: Vec::new(),
        delivery: None,
    }
}

fn remove_event(at: &str, component: &str, blob: &str) -> NewEvent {
    NewEvent {
        at: at.parse().unwrap(),
        actor: reception(),
        agency: code(AGENCY),
        action: Action::RemoveScan {
            component: component.into(),
            blob: blob.into(),
            reason: "Nhầm trang".into(),
            undigitizes: false,
        },
        to: Status::Accepted,
        file: Some(FileChange::Remove {
            component: component.into(),
            blob: blob.into(),
        }),
        notices: Vec::new(),
        delivery: None,
    }
}

async fn open(store: &dyn Store, at: &str, cccd: &str) -> DossierRecord {
    let (center, version) = match store.centers().await.unwrap().first() {
        Some(c) => (
            c.id,
            store
                .procedure(&"2.004001".parse().unwrap())
                .await
                .unwrap()
                .unwrap()
                .id,
        ),
        None => intake_ready(store).await,
    };
    store
        .open_dossier(&new_dossier(center, version, at, cccd, "0912000001"))
        .await
        .unwrap()
}

pub async fn scans_are_written_with_their_event_and_removed_with_a_trace(store: &dyn Store) {
    let d = open(store, "2026-11-26T01:00:00Z", "092190000001").await;
    let after = store
        .append_events(
            d.id,
            1,
            &[
                attach_event("2026-11-26T01:05:00Z", scan("Tờ khai", "aa")),
                attach_event("2026-11-26T01:06:00Z", scan("Giấy chứng sinh", "bb")),
            ],
        )
        .await
        .unwrap();
    assert_eq!(after.last_seq, 3);
    let found = store.attachments(d.id, false).await.unwrap();
    assert_eq!(
        found
            .iter()
            .map(|a| (a.component.as_str(), a.blob.as_str(), a.event_seq, a.pages))
            .collect::<Vec<_>>(),
        [("Tờ khai", "aa", 2, 2), ("Giấy chứng sinh", "bb", 3, 2)]
    );
    assert_eq!(
        store.attachment(found[0].id).await.unwrap().as_ref(),
        Some(&found[0])
    );
    motcua_domain::dossier::event::verify(&store.events(d.id).await.unwrap()).unwrap();

    // The component is matched without diacritics or capitals, like at the counter.
    store
        .append_events(
            d.id,
            3,
            &[remove_event("2026-11-26T01:07:00Z", "TO KHAI", "aa")],
        )
        .await
        .unwrap();
    assert_eq!(store.attachments(d.id, false).await.unwrap().len(), 1);
    let all = store.attachments(d.id, true).await.unwrap();
    assert_eq!(all[0].removed_seq, Some(4));
    let mut blobs = store.referenced_blobs().await.unwrap();
    blobs.sort();
    assert_eq!(blobs, ["aa", "aa-thumb", "bb", "bb-thumb"]);
}

pub async fn a_failed_file_change_writes_no_event_and_no_row(store: &dyn Store) {
    let d = open(store, "2026-11-26T01:00:00Z", "092190000001").await;
    let err = store
        .append_events(
            d.id,
            1,
            &[
                attach_event("2026-11-26T01:05:00Z", scan("Tờ khai", "aa")),
                // Nothing named so: the whole step fails.
                remove_event("2026-11-26T01:06:00Z", "Tờ khai", "zz"),
            ],
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
    assert!(store.attachments(d.id, true).await.unwrap().is_empty());
    let again = store.dossier_by_id(d.id).await.unwrap().unwrap();
    assert_eq!(again.last_seq, 1);
    assert_eq!(store.events(d.id).await.unwrap().len(), 1);
    // A stale sequence number writes nothing either.
    let stale = store
        .append_events(
            d.id,
            0,
            &[attach_event("2026-11-26T01:05:00Z", scan("Tờ khai", "aa"))],
        )
        .await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))));
    assert!(store.attachments(d.id, true).await.unwrap().is_empty());
}

pub async fn an_applicants_earlier_scans_are_offered_and_the_queue_empties(store: &dyn Store) {
    let first = open(store, "2026-11-20T01:00:00Z", "092190000001").await;
    let second = open(store, "2026-11-26T01:00:00Z", "092190000001").await;
    let stranger = open(store, "2026-11-26T02:00:00Z", "092190000009").await;
    store
        .append_events(
            first.id,
            1,
            &[attach_event("2026-11-20T01:05:00Z", scan("Tờ khai", "aa"))],
        )
        .await
        .unwrap();
    let cccd = "092190000001".parse().unwrap();
    let offered = store.reusable_scans(&cccd, second.id, 10).await.unwrap();
    assert_eq!(offered.len(), 1);
    assert_eq!(offered[0].dossier_code, first.code);
    assert_eq!(offered[0].attachment.blob, "aa");
    assert!(store
        .reusable_scans(&cccd, first.id, 10)
        .await
        .unwrap()
        .is_empty());
    let other = "092190000009".parse().unwrap();
    assert!(store
        .reusable_scans(&other, stranger.id, 10)
        .await
        .unwrap()
        .is_empty());

    let queue = store.digitization_queue(None, 10).await.unwrap();
    assert_eq!(
        queue.iter().map(|d| d.id).collect::<Vec<_>>(),
        [first.id, second.id, stranger.id],
        "the oldest first"
    );
    assert_eq!(
        store.undigitized_per_center().await.unwrap(),
        [(first.center_id, 3)]
    );
    let exempt = NewEvent {
        at: "2026-11-26T03:00:00Z".parse().unwrap(),
        actor: reception(),
        agency: code(AGENCY),
        action: Action::ExemptScan {
            component: "Tờ khai".into(),
            reason: Exemption::Confidential,
        },
        to: Status::Accepted,
        file: None,
        notices: Vec::new(),
        delivery: None,
    };
    let digitized = NewEvent {
        action: Action::Digitize,
        ..exempt.clone()
    };
    store
        .append_events(first.id, 2, &[exempt, digitized])
        .await
        .unwrap();
    assert!(
        store
            .dossier_by_id(first.id)
            .await
            .unwrap()
            .unwrap()
            .state
            .digitized
    );
    let queue = store
        .digitization_queue(Some(&[first.center_id]), 10)
        .await
        .unwrap();
    assert_eq!(
        queue.iter().map(|d| d.id).collect::<Vec<_>>(),
        [second.id, stranger.id]
    );
    assert!(store
        .digitization_queue(Some(&[motcua_store::CenterId(first.center_id.0 + 1)]), 10)
        .await
        .unwrap()
        .is_empty());
}

pub async fn ocr_jobs_come_with_scans_survive_a_lost_worker_and_feed_search(store: &dyn Store) {
    use jiff::{SignedDuration, Timestamp};
    use motcua_store::OCR;
    let d = open(store, "2026-11-26T01:00:00Z", "092190000001").await;
    store
        .append_events(
            d.id,
            1,
            &[
                attach_event("2026-11-26T01:05:00Z", scan("Tờ khai", "aa")),
                attach_event("2026-11-26T01:06:00Z", scan("Giấy chứng sinh", "bb")),
            ],
        )
        .await
        .unwrap();
    let ids: Vec<i64> = store
        .attachments(d.id, false)
        .await
        .unwrap()
        .iter()
        .map(|a| a.id.0)
        .collect();
    let t = |s: &str| s.parse::<Timestamp>().unwrap();
    let lease = SignedDuration::from_mins(5);
    assert_eq!(
        store
            .claim_job(OCR, t("2026-11-26T01:00:00Z"), lease)
            .await
            .unwrap(),
        None,
        "not due before the scan"
    );
    let first = store
        .claim_job(OCR, t("2026-11-26T02:00:00Z"), lease)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((first.subject, first.attempts), (ids[0], 1));
    let second = store
        .claim_job(OCR, t("2026-11-26T02:00:00Z"), lease)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(second.subject, ids[1], "a held job is not handed out twice");
    assert_eq!(
        store
            .claim_job(OCR, t("2026-11-26T02:01:00Z"), lease)
            .await
            .unwrap(),
        None
    );
    // The worker holding the first died: its lease runs out, another takes it.
    let again = store
        .claim_job(OCR, t("2026-11-26T02:06:00Z"), lease)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((again.id, again.attempts), (first.id, 2));
    store
        .finish_ocr(
            again.id,
            motcua_store::AttachmentId(again.subject),
            "GIẤY CHỨNG SINH\nBệnh viện Đa khoa Mỹ Khánh",
            t("2026-11-26T02:07:00Z"),
        )
        .await
        .unwrap();
    store
        .retry_job(
            second.id,
            "tesseract exited with 1",
            t("2026-11-26T03:00:00Z"),
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .claim_job(OCR, t("2026-11-26T02:30:00Z"), lease)
            .await
            .unwrap(),
        None,
        "a retry waits for its time"
    );
    let retried = store
        .claim_job(OCR, t("2026-11-26T03:00:00Z"), lease)
        .await
        .unwrap()
        .unwrap();
    store
        .fail_job(retried.id, "unreadable", t("2026-11-26T03:01:00Z"))
        .await
        .unwrap();
    assert_eq!(
        store.job_counts(OCR).await.unwrap(),
        motcua_store::JobCounts {
            queued: 0,
            failed: 1,
            done: 1
        }
    );
    let read = store
        .attachment(motcua_store::AttachmentId(ids[0]))
        .await
        .unwrap()
        .unwrap();
    assert!(read.ocr_text.unwrap().contains("Mỹ Khánh"));
    let found = store
        .search_dossiers("benh vien my khanh", None, 10, 0)
        .await
        .unwrap();
    assert_eq!(found.iter().map(|f| f.id).collect::<Vec<_>>(), [d.id]);
}
