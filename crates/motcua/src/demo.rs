//! Fills an empty database with the demo province: catalog, organisation,
//! accounts and dossier history.

use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use motcua_calendar::{to_timestamp, Holidays, OfficeHours};
use motcua_domain::catalog::{parse_csv, DEMO_CATALOG_CSV};
use motcua_domain::demo::{self, DemoCenterRef, DemoOrg, DemoProcedure, HistoryGenerator};
use motcua_domain::org::Assignment;
use motcua_store::Store;

#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Commune-level units, each with its center.
    pub communes: usize,
    /// Working days of history, ending on `until`.
    pub days: usize,
    pub seed: u64,
    pub until: Date,
}

pub struct DemoSummary {
    pub org: DemoOrg,
    pub dossiers: u64,
    pub elapsed: Duration,
}

fn bar(len: u64, unit: &str) -> ProgressBar {
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} [{{elapsed_precise}}] {{bar:40}} {{pos}}/{{len}} {unit} {{msg}}"
        ))
        .expect("valid template"),
    );
    pb
}

/// A small pseudo-random choice that does not need a generator: stable per
/// (seed, center, procedure).
fn excluded(seed: u64, center: usize, procedure: usize) -> bool {
    let h = (seed ^ 0x5bd1_e995)
        .wrapping_mul(31)
        .wrapping_add(center as u64)
        .wrapping_mul(1_000_003)
        .wrapping_add(procedure as u64);
    h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58 < 3 // about 3 in 64: a center handles ~95% of the list
}

pub async fn seed(store: &dyn Store, opts: &DemoOptions) -> anyhow::Result<DemoSummary> {
    let started = Instant::now();
    if let Some(p) = store.province().await? {
        bail!(
            "the database already holds a province ({}); use an empty database for the demo",
            p.name
        );
    }
    let catalog = parse_csv(DEMO_CATALOG_CSV.as_bytes())
        .map_err(|e| anyhow::anyhow!("demo catalog: {}", e[0]))?;
    let now = Timestamp::now().min(to_timestamp(opts.until.at(23, 59, 59, 0)));
    store
        .import_catalog(&catalog, now, &|_| {})
        .await
        .context("importing the demo catalog")?;

    let org = demo::plan(opts.communes, opts.seed);
    let province = store.create_province(&org.province).await?;
    for u in &org.units {
        store.create_unit(province, u).await?;
    }
    for a in &org.agencies {
        store.create_agency(a).await?;
    }
    let mut center_ids = Vec::with_capacity(org.centers.len());
    for c in &org.centers {
        center_ids.push(store.create_center(&c.center).await?);
    }

    let calendar = Holidays::official().calendar(
        OfficeHours::default(),
        (opts.until.year() - (opts.days / 200) as i16 - 2)..=(opts.until.year() + 1),
    );
    let mut days = Vec::with_capacity(opts.days);
    let mut d = opts.until;
    while days.len() < opts.days {
        if calendar.is_working_day(d) {
            days.push(d);
        }
        d = d.yesterday().expect("date in range");
    }
    days.reverse();
    let first_day = days.first().copied().unwrap_or(opts.until);

    // One hash for all demo accounts: they share the printed demo password.
    let hash = motcua_web::auth::hash_password(demo::DEMO_PASSWORD);
    let posted_from = first_day.checked_sub(30.days()).expect("date in range");
    for person in &org.people {
        let staff = store.create_staff(&person.staff).await?;
        let mut account = person.account.clone();
        account.password_hash = hash.clone();
        store.create_account(Some(staff), &account).await?;
        if let Some((ci, role)) = person.posting {
            store
                .assign(
                    staff,
                    center_ids[ci],
                    &Assignment {
                        role,
                        from: posted_from,
                        until: None,
                    },
                )
                .await?;
        }
    }

    let mut procedures = Vec::with_capacity(catalog.procedures.len());
    for p in &catalog.procedures {
        let version = store
            .procedure(&p.code)
            .await?
            .context("imported procedure is missing")?;
        procedures.push(DemoProcedure {
            code: p.code.clone(),
            version_id: version.id,
            field: p.field.clone(),
            limit: p.time_limit,
            channels: p.channels.clone(),
        });
    }
    let mut centers = Vec::with_capacity(org.centers.len());
    for (ci, c) in org.centers.iter().enumerate() {
        let handled: Vec<usize> = (0..procedures.len())
            .filter(|&p| !c.commune || !excluded(opts.seed, ci, p))
            .collect();
        let codes: Vec<_> = handled
            .iter()
            .map(|&p| procedures[p].code.clone())
            .collect();
        store.set_jurisdiction(center_ids[ci], &codes).await?;
        centers.push(DemoCenterRef {
            id: center_ids[ci],
            agency: c.center.agency.clone(),
            procedures: handled,
        });
    }

    // Generate on a blocking thread while the previous day is written.
    let generator = HistoryGenerator::new(opts.seed, procedures, centers, calendar, now);
    let (tx, mut rx) = tokio::sync::mpsc::channel(4);
    let producer = tokio::task::spawn_blocking(move || {
        for day in days {
            if tx.blocking_send(generator.day(day)).is_err() {
                break;
            }
        }
    });
    let pb = bar(opts.days as u64, "ngày / days");
    let mut dossiers = 0u64;
    while let Some(batch) = rx.recv().await {
        store.insert_history(&batch, &|_| {}).await?;
        dossiers += batch.len() as u64;
        pb.inc(1);
        pb.set_message(format!("{dossiers} hồ sơ / dossiers"));
    }
    producer.await?;
    pb.finish_and_clear();
    Ok(DemoSummary {
        org,
        dossiers,
        elapsed: started.elapsed(),
    })
}

pub fn progress_bar(len: u64, unit: &str) -> ProgressBar {
    bar(len, unit)
}
