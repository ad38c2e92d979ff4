//! The guidance log: entries recorded and listed by center and period, a
//! dossier linked only from the entry's center and to one entry, the counts
//! per center, channel and the dossier's channel, and the centers where
//! postal staff are posted.

use jiff::civil::date;
use motcua_domain::catalog::Channel;
use motcua_domain::guidance::{Entry, GuidedChannel};
use motcua_domain::org::{Assignment, CenterKind, Employer, NewCenter, NewStaff, Role};
use motcua_store::{CenterId, GuidanceCount, Store, StoreError};

use crate::*;

fn at(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

pub async fn the_guidance_log_links_dossiers_of_its_center_and_counts(store: &dyn Store) {
    let (center, version) = intake_ready(store).await;
    let officer = seed_account(store).await;
    let other = store
        .create_center(&NewCenter {
            name: "Điểm tiếp nhận số 01".into(),
            kind: CenterKind::ReceptionPoint,
            agency: code(AGENCY),
            unit_code: None,
            address: "1 Hòa Bình".into(),
            office_hours: Default::default(),
        })
        .await
        .unwrap();
    let entry = |c: CenterId, when: &str, channel| Entry {
        center_id: c,
        guided_by: officer,
        at: at(when),
        procedure_code: "2.004001".parse().unwrap(),
        channel,
        dossier: None,
        note: String::new(),
    };

    // 08:00 on 2 November in Vietnam, and 23:30 on 31 October (in October).
    let first = store
        .record_guidance(&Entry {
            note: "hỏi lệ phí".into(),
            ..entry(center, "2026-11-02T01:00:00Z", GuidedChannel::Online)
        })
        .await
        .unwrap();
    assert_eq!(first.entry.note, "hỏi lệ phí");
    assert_eq!(first.entry.channel, GuidedChannel::Online);
    assert_eq!(first.procedure_name, "Đăng ký khai sinh");
    assert_eq!(first.guided_by_name, "quantri");
    assert_eq!(first.entry.dossier, None);
    let october = store
        .record_guidance(&entry(center, "2026-10-31T16:30:00Z", GuidedChannel::Post))
        .await
        .unwrap();
    let post = store
        .record_guidance(&entry(center, "2026-11-03T02:00:00Z", GuidedChannel::Post))
        .await
        .unwrap();
    let elsewhere = store
        .record_guidance(&entry(
            other,
            "2026-11-03T02:00:00Z",
            GuidedChannel::InPerson,
        ))
        .await
        .unwrap();

    // Dossiers: one online at the center, one by post at the center, one at
    // the other center.
    let mut online = new_dossier(
        center,
        version,
        "2026-11-02T03:00:00Z",
        "092190000001",
        "0912000001",
    );
    online.channel = Channel::Online;
    let online = store.open_dossier(&online).await.unwrap();
    let mut by_post = new_dossier(
        center,
        version,
        "2026-11-03T03:00:00Z",
        "092190000002",
        "0912000002",
    );
    by_post.channel = Channel::Post;
    let by_post = store.open_dossier(&by_post).await.unwrap();
    let theirs = store
        .open_dossier(&new_dossier(
            other,
            version,
            "2026-11-03T03:00:00Z",
            "092190000003",
            "0912000003",
        ))
        .await
        .unwrap();

    // Another center's dossier is refused, an unknown one is not found,
    // and nothing is written.
    let refused = store
        .link_guidance_dossier(first.id, &theirs.code, at("2026-11-04T01:00:00Z"))
        .await;
    assert!(
        matches!(refused, Err(StoreError::Conflict(_))),
        "{refused:?}"
    );
    let unknown: motcua_store::DossierCode = "000.01.31.H13-261102-9999".parse().unwrap();
    let refused = store
        .link_guidance_dossier(first.id, &unknown, at("2026-11-04T01:00:00Z"))
        .await;
    assert!(
        matches!(refused, Err(StoreError::NotFound(_))),
        "{refused:?}"
    );
    assert_eq!(
        store.guidance(first.id).await.unwrap().unwrap().dossier_id,
        None
    );
    let missing = store
        .link_guidance_dossier(
            motcua_store::GuidanceId(first.id.0 + 1000),
            &online.code,
            at("2026-11-04T01:00:00Z"),
        )
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );

    // Its own center's dossier is linked, once.
    let linked = store
        .link_guidance_dossier(first.id, &online.code, at("2026-11-04T01:00:00Z"))
        .await
        .unwrap();
    assert_eq!(linked.entry.dossier, Some(online.code.clone()));
    assert_eq!(linked.dossier_id, Some(online.id));
    assert_eq!(linked.linked_at, Some(at("2026-11-04T01:00:00Z")));
    let again = store
        .link_guidance_dossier(first.id, &by_post.code, at("2026-11-04T01:00:00Z"))
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    // The same dossier cannot follow a second entry.
    let twice = store
        .link_guidance_dossier(post.id, &online.code, at("2026-11-04T01:00:00Z"))
        .await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "{twice:?}");
    // Recorded with its dossier at once, checked the same way.
    let refused = store
        .record_guidance(&Entry {
            dossier: Some(theirs.code.clone()),
            ..entry(center, "2026-11-03T04:00:00Z", GuidedChannel::InPerson)
        })
        .await;
    assert!(
        matches!(refused, Err(StoreError::Conflict(_))),
        "{refused:?}"
    );
    let with_dossier = store
        .record_guidance(&Entry {
            dossier: Some(by_post.code.clone()),
            ..entry(center, "2026-11-03T04:00:00Z", GuidedChannel::Post)
        })
        .await
        .unwrap();
    assert_eq!(with_dossier.dossier_id, Some(by_post.id));
    store
        .link_guidance_dossier(elsewhere.id, &theirs.code, at("2026-11-04T01:00:00Z"))
        .await
        .unwrap();

    // November in Vietnam's time, the latest first; October's entry apart.
    let (from, to) = motcua_domain::guidance::Month::new(2026, 11)
        .unwrap()
        .bounds();
    let listed: Vec<_> = store
        .guidance_between(center, from, to)
        .await
        .unwrap()
        .into_iter()
        .map(|g| g.id)
        .collect();
    assert_eq!(listed, vec![with_dossier.id, post.id, first.id]);
    let (ofrom, oto) = motcua_domain::guidance::Month::new(2026, 10)
        .unwrap()
        .bounds();
    let listed = store.guidance_between(center, ofrom, oto).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, october.id);

    // Counts per center, channel guided to and the dossier's channel.
    let count = |c, channel, dossier_channel, count| GuidanceCount {
        center_id: c,
        channel,
        dossier_channel,
        count,
    };
    let mut all = store.guidance_counts(None, from, to).await.unwrap();
    all.sort_by_key(|c| (c.center_id, c.channel, c.dossier_channel));
    let mut want = vec![
        count(center, GuidedChannel::Online, Some(Channel::Online), 1),
        count(center, GuidedChannel::Post, None, 1),
        count(center, GuidedChannel::Post, Some(Channel::Post), 1),
        count(other, GuidedChannel::InPerson, Some(Channel::InPerson), 1),
    ];
    want.sort_by_key(|c| (c.center_id, c.channel, c.dossier_channel));
    assert_eq!(all, want);
    let only_other = store
        .guidance_counts(Some(&[other]), from, to)
        .await
        .unwrap();
    assert_eq!(
        only_other,
        vec![count(
            other,
            GuidedChannel::InPerson,
            Some(Channel::InPerson),
            1
        )]
    );
    assert!(store
        .guidance_counts(Some(&[]), from, to)
        .await
        .unwrap()
        .is_empty());

    // Where postal staff are posted, over a period.
    assert!(store
        .postal_centers(date(2026, 11, 1), date(2026, 11, 30))
        .await
        .unwrap()
        .is_empty());
    let staff = store
        .create_staff(&NewStaff {
            full_name: "Trần Thị Bưu".into(),
            employer: Employer::Vnpost,
            phone: None,
            email: None,
            title: "Nhân viên bưu điện".into(),
        })
        .await
        .unwrap();
    store
        .assign(
            staff,
            other,
            &Assignment {
                role: Role::Postal,
                from: date(2026, 11, 15),
                until: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .postal_centers(date(2026, 11, 1), date(2026, 11, 30))
            .await
            .unwrap(),
        vec![other]
    );
    assert!(store
        .postal_centers(date(2026, 10, 1), date(2026, 10, 31))
        .await
        .unwrap()
        .is_empty());

    // The demo's history is written whole.
    let n = store
        .import_guidance(&[
            entry(center, "2026-09-01T02:00:00Z", GuidedChannel::Online),
            Entry {
                dossier: Some(theirs.code.clone()),
                ..entry(other, "2026-09-01T03:00:00Z", GuidedChannel::InPerson)
            },
        ])
        .await;
    // `theirs` already follows an entry: the whole import is refused.
    assert!(matches!(n, Err(StoreError::Conflict(_))), "{n:?}");
    let (sfrom, sto) = motcua_domain::guidance::Month::new(2026, 9)
        .unwrap()
        .bounds();
    assert!(store
        .guidance_between(center, sfrom, sto)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        store
            .import_guidance(&[entry(center, "2026-09-01T02:00:00Z", GuidedChannel::Online)])
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .guidance_between(center, sfrom, sto)
            .await
            .unwrap()
            .len(),
        1
    );
}
