//! The organisation: province, units, agencies, centers, staff, accounts, postings.

use jiff::civil::date;
use motcua_domain::org::*;
use motcua_store::{AccountId, CenterId, Store, StoreError};

use crate::*;

/// A province with one ward, its People's Committee and its center
/// (`000.01.31.H13`); returns the province's and the center's ids.
pub async fn seed_center(store: &dyn Store) -> (i64, CenterId) {
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

pub(crate) async fn seed_account(store: &dyn Store) -> AccountId {
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

pub async fn migrations_are_idempotent(store: &dyn Store) {
    store
        .migrate()
        .await
        .expect("second run of migrations is a no-op");
    assert_eq!(
        store.counts().await.unwrap(),
        motcua_store::Counts::default()
    );
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
    assert!(store
        .center(CenterId(center.0 + 1000))
        .await
        .unwrap()
        .is_none());

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
    let missing = store
        .set_office_hours(CenterId(center.0 + 99), &saturday)
        .await;
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

    let names =
        |p: Vec<motcua_store::Posting>| p.into_iter().map(|p| p.full_name).collect::<Vec<_>>();
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
        .account_names(&[named, bare, named, AccountId(bare.0 + 1000)])
        .await
        .unwrap();
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(names[&named], "Nguyễn Thị Thu Hà");
    assert_eq!(names[&bare], "quantri");
    assert!(store.account_names(&[]).await.unwrap().is_empty());
}
