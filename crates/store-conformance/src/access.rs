//! Sessions, tokens, personal data reads, secrets.

use jiff::civil::date;
use jiff::Timestamp;
use motcua_domain::org::*;
use motcua_store::{AccountId, PersonalDataRead, Store, StoreError};

use crate::*;

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
    assert!(!store
        .revoke_token(AccountId(account.0 + 1), first, now())
        .await
        .unwrap());
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
        store
            .set_password(AccountId(account.0 + 100), "x", now())
            .await,
        Err(StoreError::NotFound(_))
    ));
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
            subject: d.code.to_string(),
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
