//! Lists of dossiers: the inbox and the search.

use motcua_store::{Action, CenterId, Status, Store};

use crate::*;

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
        inbox.iter().map(|d| d.code.to_string()).collect::<Vec<_>>(),
        [l.code.to_string(), e.code.to_string()],
        "open ones, nearest appointment first"
    );
    let by_agency = store.inbox(&[], &[code(AGENCY)], 10).await.unwrap();
    assert_eq!(by_agency.len(), 2);
    assert!(store
        .inbox(&[CenterId(center.0 + 100)], &[code("000.99.99.H13")], 10)
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
            .map(|d| d.code.to_string())
            .collect::<Vec<_>>(),
        [l.code.to_string(), e.code.to_string()],
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
    let codes = |found: Vec<motcua_store::DossierRecord>| {
        found
            .into_iter()
            .map(|d| d.code.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        codes(
            store
                .search_dossiers("nguyen van anh", None, 10, 0)
                .await
                .unwrap()
        ),
        [a.code.to_string()]
    );
    assert_eq!(
        codes(
            store
                .search_dossiers("Đặng Thị", None, 10, 0)
                .await
                .unwrap()
        ),
        [b.code.to_string()]
    );
    assert_eq!(
        codes(
            store
                .search_dossiers("dang bich", None, 10, 0)
                .await
                .unwrap()
        ),
        [b.code.to_string()],
        "words in order, not adjacent"
    );
    assert_eq!(
        codes(
            store
                .search_dossiers(&a.code.to_string(), None, 10, 0)
                .await
                .unwrap()
        ),
        [a.code.to_string()]
    );
    assert_eq!(
        codes(
            store
                .search_dossiers("092 190 000 002", None, 10, 0)
                .await
                .unwrap()
        ),
        [b.code.to_string()]
    );
    assert_eq!(
        codes(
            store
                .search_dossiers("0912000001", None, 10, 0)
                .await
                .unwrap()
        ),
        [a.code.to_string()]
    );
    assert_eq!(
        codes(
            store
                .search_dossiers("2.004001", None, 10, 0)
                .await
                .unwrap()
        ),
        [b.code.to_string(), a.code.to_string()],
        "newest first"
    );
    assert_eq!(
        codes(store.search_dossiers("2.004001", None, 1, 1).await.unwrap()),
        [a.code.to_string()],
        "paged"
    );
    assert!(
        store
            .search_dossiers("nguyen", Some(&[CenterId(center.0 + 1)]), 10, 0)
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
        [b.code.to_string(), a.code.to_string()],
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
                .search_dossiers(&tail(&a.code.to_string(), 2), None, 10, 0)
                .await
                .unwrap()
        ),
        [a.code.to_string()]
    );
    assert_eq!(
        codes(
            store
                .search_dossiers(&tail(&b.code.to_string(), 1), None, 10, 0)
                .await
                .unwrap()
        ),
        [b.code.to_string()]
    );
    assert_eq!(
        codes(
            store
                .search_dossiers(
                    tail(&b.code.to_string(), 1).trim_start_matches('0'),
                    None,
                    10,
                    0
                )
                .await
                .unwrap()
        ),
        [b.code.to_string()],
        "without the leading zeros"
    );
}
