//! The catalog: import, versions, search, jurisdiction.

use jiff::Timestamp;
use motcua_domain::catalog::Catalog;
use motcua_domain::{FieldCode, ProcedureCode};
use motcua_store::{ProcedureQuery, Store, StoreError};

use crate::*;

pub async fn catalog_import_versions_procedures(store: &dyn Store) {
    let mut catalog = demo_catalog();
    let total = catalog.procedures.len() as u64;
    let report = store
        .import_catalog(&catalog, now(), &no_progress)
        .await
        .unwrap();
    assert_eq!(
        (
            report.fields,
            report.added,
            report.changed,
            report.unchanged
        ),
        (12, total, 0, 0)
    );

    let mut exported = store.export_catalog().await.unwrap();
    catalog.fields.sort_by(|a, b| a.code.cmp(&b.code));
    catalog.procedures.sort_by(|a, b| a.code.cmp(&b.code));
    exported.procedures.sort_by(|a, b| a.code.cmp(&b.code));
    assert_eq!(exported, catalog);

    let again = store
        .import_catalog(&catalog, now(), &no_progress)
        .await
        .unwrap();
    assert_eq!((again.added, again.changed, again.unchanged), (0, 0, total));

    let target: ProcedureCode = "2.004001".parse().unwrap();
    let before = store.procedure(&target).await.unwrap().unwrap();
    assert_eq!(before.version, 1);
    let mut changed = catalog.clone();
    let p = changed
        .procedures
        .iter_mut()
        .find(|p| p.code == target)
        .unwrap();
    p.time_limit = motcua_calendar::TimeLimit::WorkingDays(2);
    let later: Timestamp = "2026-12-01T00:00:00Z".parse().unwrap();
    let report = store
        .import_catalog(&changed, later, &no_progress)
        .await
        .unwrap();
    assert_eq!(
        (report.added, report.changed, report.unchanged),
        (0, 1, total - 1)
    );

    let versions = store.procedure_versions(&target).await.unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0], before, "the old version is kept as it was");
    assert_eq!(versions[1].version, 2);
    assert_eq!(versions[1].created_at, later);
    assert_eq!(
        store.procedure(&target).await.unwrap().unwrap(),
        versions[1]
    );
    assert!(store
        .procedure(&"9.999999".parse().unwrap())
        .await
        .unwrap()
        .is_none());

    let fields = store.fields().await.unwrap();
    assert_eq!(fields.len(), 12);
    assert_eq!(
        fields.iter().map(|f| f.procedures).sum::<i64>(),
        total as i64
    );
}

pub async fn failed_import_writes_nothing(store: &dyn Store) {
    let mut catalog = demo_catalog();
    // A procedure whose field is missing from the file: the check in the domain
    // catches this, but the store must also refuse it as a whole.
    let middle = catalog.procedures.len() / 2;
    catalog.procedures[middle].field = "NOPE".parse::<FieldCode>().unwrap();
    let result = store.import_catalog(&catalog, now(), &no_progress).await;
    assert!(matches!(result, Err(StoreError::Dangling(_))), "{result:?}");
    let counts = store.counts().await.unwrap();
    assert_eq!((counts.fields, counts.procedures), (0, 0));
    assert_eq!(store.export_catalog().await.unwrap(), Catalog::default());
}

pub async fn procedure_search_ignores_diacritics(store: &dyn Store) {
    store
        .import_catalog(&demo_catalog(), now(), &no_progress)
        .await
        .unwrap();
    let search = |text: &str| ProcedureQuery {
        text: Some(text.into()),
        limit: 500,
        ..Default::default()
    };
    let found = store
        .procedures(&search("chung thuc ban sao"))
        .await
        .unwrap();
    assert!(!found.is_empty());
    assert!(found
        .iter()
        .all(|p| motcua_domain::text::fold(&p.name).contains("chung thuc ban sao")));
    assert_eq!(
        store
            .procedures(&search("Chứng thực bản sao"))
            .await
            .unwrap(),
        found
    );
    let khai_sinh = store
        .procedures(&search("dang ky khai sinh"))
        .await
        .unwrap();
    assert!(khai_sinh.iter().any(|p| p.name == "Đăng ký khai sinh"));
    let by_code = store.procedures(&search("2.004001")).await.unwrap();
    assert_eq!(by_code.len(), 1);
    assert_eq!(by_code[0].name, "Đăng ký khai sinh");
    assert_eq!(
        store
            .procedures(&search("dang_ky%khai sinh"))
            .await
            .unwrap(),
        khai_sinh,
        "LIKE wildcards are plain separators"
    );
    assert!(
        store.procedures(&search("%%")).await.unwrap().len() > 200,
        "a search of only wildcards filters nothing"
    );

    let field = ProcedureQuery {
        field: Some("CT".parse().unwrap()),
        limit: 500,
        ..Default::default()
    };
    let ct = store.procedures(&field).await.unwrap();
    assert!(ct.len() >= 15 && ct.iter().all(|p| p.field.as_str() == "CT"));
    let page = store
        .procedures(&ProcedureQuery {
            limit: 10,
            offset: 5,
            ..Default::default()
        })
        .await
        .unwrap();
    let all = store.procedures(&ProcedureQuery::default()).await.unwrap();
    assert_eq!(page, all[5..15].to_vec());
}

pub async fn jurisdiction_lists(store: &dyn Store) {
    let (_, center) = seed_center(store).await;
    store
        .import_catalog(&demo_catalog(), now(), &no_progress)
        .await
        .unwrap();
    let codes: Vec<ProcedureCode> = ["2.004001", "2.004002", "2.004101"]
        .iter()
        .map(|c| c.parse().unwrap())
        .collect();
    store.set_jurisdiction(center, &codes).await.unwrap();
    assert_eq!(store.jurisdiction(center).await.unwrap(), codes);
    store.set_jurisdiction(center, &codes[..1]).await.unwrap();
    assert_eq!(
        store.jurisdiction(center).await.unwrap(),
        codes[..1].to_vec()
    );
    let only = store
        .procedures(&ProcedureQuery {
            center_id: Some(center),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(only.len(), 1);

    let unknown = store
        .set_jurisdiction(center, &["9.999999".parse().unwrap()])
        .await;
    assert!(
        matches!(unknown, Err(StoreError::Dangling(_))),
        "{unknown:?}"
    );
    assert_eq!(
        store.jurisdiction(center).await.unwrap(),
        codes[..1].to_vec(),
        "a failed change keeps the old list"
    );
}
