//! The register of certified copies: numbers per center and year without
//! gaps, even when certifiers race; a refused number writes nothing; lines
//! found by dossier, token, copy hash and period.

use motcua_domain::dossier::certify::RegisterNumber;
use motcua_domain::Vnd;
use motcua_store::{
    Action, DossierRecord, FileChange, NewAttachment, NewCertification, NewEvent, Status, Store,
    StoreError,
};

use crate::*;

fn copy_file(blob: &str) -> NewAttachment {
    NewAttachment {
        purpose: motcua_store::FilePurpose::CertifiedCopy,
        component: "Bản sao điện tử có chứng thực".into(),
        blob: blob.into(),
        file_name: format!("ban-sao-{blob}.pdf"),
        kind: "pdf".into(),
        size: 4096,
        pages: 3,
        thumb: None,
        reused_from: None,
        account_id: None,
    }
}

/// The certify event for `d`, from the scan `source`, numbered `n` in `year`.
fn certify_event(
    d: &DossierRecord,
    source: motcua_store::AttachmentId,
    at: &str,
    year: i16,
    n: u32,
    copy: Option<&str>,
) -> NewEvent {
    let register = RegisterNumber { year, number: n };
    NewEvent {
        at: at.parse().unwrap(),
        actor: reception(),
        agency: code(AGENCY),
        action: Action::Certify {
            register,
            document: "Bằng tốt nghiệp".into(),
            source: "aa".into(),
            pages: 2,
            copies: 2,
            fee: Vnd(8000),
            copy: copy.map(str::to_string),
        },
        to: Status::Processed,
        file: Some(FileChange::Certify {
            certification: NewCertification {
                center_id: d.center_id,
                register,
                source,
                document: "Bằng tốt nghiệp".into(),
                pages: 2,
                copies: 2,
                fee: Vnd(8000),
                certifier: None,
                certifier_name: "Trần Thị Bích".into(),
                certifier_title: "Phó Chủ tịch Ủy ban nhân dân".into(),
                token: format!("token-{}-{year}-{n}", d.id),
            },
            copy: copy.map(copy_file),
        }),
        notices: Vec::new(),
        delivery: None,
    }
}

/// A received dossier with one scan of the original; its id and the scan's.
async fn with_original(
    store: &dyn Store,
    at: &str,
    cccd: &str,
) -> (DossierRecord, motcua_store::AttachmentId) {
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
    let d = store
        .open_dossier(&new_dossier(center, version, at, cccd, "0912000001"))
        .await
        .unwrap();
    let scan = NewAttachment {
        purpose: motcua_store::FilePurpose::Scan,
        component: "Bằng tốt nghiệp".into(),
        file_name: "bang.pdf".into(),
        pages: 2,
        ..copy_file("aa")
    };
    let d = store
        .append_events(
            d.id,
            d.last_seq,
            &[NewEvent {
                at: at.parse().unwrap(),
                actor: reception(),
                agency: code(AGENCY),
                action: Action::AttachScan {
                    component: scan.component.clone(),
                    file: scan.file_name.clone(),
                    blob: scan.blob.clone(),
                    pages: 2,
                    reused_from: None,
                },
                to: Status::Accepted,
                file: Some(FileChange::Attach(scan)),
                notices: Vec::new(),
                delivery: None,
            }],
        )
        .await
        .unwrap();
    let source = store.attachments(d.id, false).await.unwrap()[0].id;
    (d, source)
}

pub async fn certifications_are_numbered_without_gaps_and_found_again(store: &dyn Store) {
    let (d, source) = with_original(store, "2026-11-26T01:00:00Z", "092190000001").await;
    assert_eq!(
        store
            .next_certification_number(d.center_id, 2026)
            .await
            .unwrap(),
        1
    );
    let after = store
        .append_events(
            d.id,
            d.last_seq,
            &[certify_event(
                &d,
                source,
                "2026-11-26T01:10:00Z",
                2026,
                1,
                Some("c1"),
            )],
        )
        .await
        .unwrap();
    assert_eq!(after.state.status, Some(Status::Processed));
    let lines = store.certifications(d.id).await.unwrap();
    assert_eq!(lines.len(), 1);
    let line = &lines[0];
    assert_eq!(
        (
            line.register.number,
            line.register.year,
            line.copies,
            line.pages
        ),
        (1, 2026, 2, 2)
    );
    assert_eq!(line.copy_blob.as_deref(), Some("c1"));
    assert_eq!(line.source, source);
    assert_eq!(line.dossier_code, d.code);
    assert_eq!(line.applicant_name, d.applicant.name);
    assert_eq!(line.event_seq, after.last_seq);
    assert_eq!(line.fee, Vnd(8000));
    let copy = store.attachment(line.copy.unwrap()).await.unwrap().unwrap();
    assert_eq!(copy.purpose, motcua_store::FilePurpose::CertifiedCopy);
    assert_eq!(
        store
            .certification_by_token(&line.token)
            .await
            .unwrap()
            .as_ref(),
        Some(line)
    );
    assert_eq!(
        store.certification_by_copy("c1").await.unwrap().as_ref(),
        Some(line)
    );
    // The scan of the original is not a certified copy.
    assert_eq!(store.certification_by_copy("aa").await.unwrap(), None);
    assert_eq!(store.certification_by_token("nope").await.unwrap(), None);
    assert!(store
        .referenced_blobs()
        .await
        .unwrap()
        .contains(&"c1".to_string()));

    // A number already taken, or one that skips, is refused whole: no event,
    // no copy, no line.
    for n in [1, 3] {
        let refused = store
            .append_events(
                d.id,
                after.last_seq,
                &[certify_event(
                    &d,
                    source,
                    "2026-11-26T01:20:00Z",
                    2026,
                    n,
                    Some("c2"),
                )],
            )
            .await;
        assert!(
            matches!(refused, Err(StoreError::Conflict(_))),
            "{n}: {refused:?}"
        );
    }
    assert_eq!(
        store.dossier_by_id(d.id).await.unwrap().unwrap().last_seq,
        after.last_seq
    );
    assert_eq!(store.certification_by_copy("c2").await.unwrap(), None);
    assert_eq!(store.attachments(d.id, true).await.unwrap().len(), 2);

    // A paper copy takes the next number too; a new year starts at 1.
    store
        .append_events(
            d.id,
            after.last_seq,
            &[
                certify_event(&d, source, "2026-12-31T10:00:00Z", 2026, 2, None),
                certify_event(&d, source, "2027-01-02T02:00:00Z", 2027, 1, Some("c3")),
            ],
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .next_certification_number(d.center_id, 2026)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        store
            .next_certification_number(d.center_id, 2027)
            .await
            .unwrap(),
        2
    );
    let register = store
        .certification_register(
            d.center_id,
            "2026-11-01T00:00:00Z".parse().unwrap(),
            "2027-01-01T00:00:00Z".parse().unwrap(),
            100,
        )
        .await
        .unwrap();
    assert_eq!(
        register
            .iter()
            .map(|l| (l.register.year, l.register.number, l.copy_blob.is_some()))
            .collect::<Vec<_>>(),
        [(2026, 1, true), (2026, 2, false)]
    );
}

pub async fn racing_certifiers_get_gapless_numbers(store: &dyn Store) {
    const N: usize = 8;
    let mut dossiers = Vec::new();
    for i in 0..N {
        dossiers.push(
            with_original(
                store,
                "2026-11-26T01:00:00Z",
                &format!("0921900{:05}", 100 + i),
            )
            .await,
        );
    }
    // Each certifier reads the next number, writes, and on a conflict reads
    // again: what the counter does.
    let runs = dossiers.iter().map(|(d, source)| async move {
        for _ in 0..(4 * N) {
            let current = store.dossier_by_id(d.id).await.unwrap().unwrap();
            let n = store
                .next_certification_number(d.center_id, 2026)
                .await
                .unwrap();
            let event = certify_event(
                d,
                *source,
                "2026-11-26T02:00:00Z",
                2026,
                n,
                Some(&format!("copy-{}", d.id)),
            );
            match store.append_events(d.id, current.last_seq, &[event]).await {
                Ok(_) => return n,
                Err(StoreError::Conflict(_)) => tokio::task::yield_now().await,
                Err(e) => panic!("{e}"),
            }
        }
        panic!("no number after {} tries", 4 * N)
    });
    let mut numbers = futures::future::join_all(runs).await;
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=N as u32).collect::<Vec<_>>());
}
