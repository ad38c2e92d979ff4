//! Fills an empty database with the demo province: catalog, organisation,
//! accounts and dossier history, written through the [`Store`] like any other
//! data. How the load goes is told to a [`Progress`], so that the terminal
//! stays the caller's.

use std::borrow::Cow;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use motcua_calendar::{to_timestamp, Holidays, OfficeHours, WorkCalendar};
use motcua_domain::catalog::{parse_csv, DEMO_CATALOG_CSV};
use motcua_domain::dossier::event::Actor;
use motcua_domain::org::{Assignment, Role};
use motcua_store::Store;

use crate::queue::{self, QueueCenter};
use crate::{plan, DemoCenterRef, DemoOrg, DemoProcedure, HistoryGenerator, DEMO_PASSWORD};

#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Commune-level units, each with its center.
    pub communes: usize,
    /// Working days of history, ending on `until`.
    pub days: usize,
    pub seed: u64,
    pub until: Date,
    /// The demo's present: nothing is received or done after it (the
    /// caller's clock; tests fix it).
    pub now: Timestamp,
}

/// Rows (dossiers and events) written per transaction by the bulk load: few
/// commits, so that the pages of the random-keyed indexes (identity number,
/// phone) are written a few times rather than once a day.
const ROWS_PER_COMMIT: usize = 1_000_000;

pub struct DemoSummary {
    pub org: DemoOrg,
    pub dossiers: u64,
    pub elapsed: Duration,
}

/// Hears how the history load goes, one call per day written.
pub trait Progress: Sync {
    /// The load of `days` working days begins.
    fn begin(&self, days: u64);
    /// `days` days are written so far, with `dossiers` dossiers.
    fn day(&self, days: u64, dossiers: u64);
    /// The history is written; the lifecycle dossiers follow.
    fn end(&self);
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

pub async fn seed(
    store: &dyn Store,
    opts: &DemoOptions,
    progress: &dyn Progress,
) -> anyhow::Result<DemoSummary> {
    let started = Instant::now();
    if let Some(p) = store.province().await? {
        bail!(
            "the database already holds a province ({}); use an empty database for the demo",
            p.name
        );
    }
    let catalog = parse_csv(DEMO_CATALOG_CSV.as_bytes())
        .map_err(|e| anyhow::anyhow!("demo catalog: {}", e[0]))?;
    let now = opts.now.min(to_timestamp(opts.until.at(23, 59, 59, 0)));
    store
        .import_catalog(&catalog, now, &|_| {})
        .await
        .context("importing the demo catalog")?;

    let org = plan(opts.communes, opts.seed);
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

    let years = (opts.until.year() - (opts.days / 200) as i16 - 2)..=(opts.until.year() + 1);
    let calendar = Holidays::official().calendar(OfficeHours::default(), years.clone());
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
    let hash = motcua_store::password::hash_password(DEMO_PASSWORD);
    let posted_from = first_day.checked_sub(30.days()).expect("date in range");
    // Who acts at each center in the history: (center index, actor).
    let mut posted: Vec<(usize, Actor)> = Vec::new();
    for person in &org.people {
        let staff = store.create_staff(&person.staff).await?;
        let mut account = person.account.clone();
        account.password_hash = hash.clone();
        let account_id = store.create_account(Some(staff), &account).await?;
        if let Some((ci, role)) = person.posting {
            posted.push((
                ci,
                Actor {
                    account_id,
                    username: account.username.clone(),
                    role,
                },
            ));
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
            name: p.name.clone(),
            fee: p.fee.amount(1),
            components: p.components.clone(),
        });
    }
    let mut centers = Vec::with_capacity(org.centers.len());
    let mut counter_staff = Vec::with_capacity(org.centers.len());
    for (ci, c) in org.centers.iter().enumerate() {
        let handled: Vec<usize> = (0..procedures.len())
            .filter(|&p| !c.commune || !excluded(opts.seed, ci, p))
            .collect();
        let codes: Vec<_> = handled
            .iter()
            .map(|&p| procedures[p].code.clone())
            .collect();
        store.set_jurisdiction(center_ids[ci], &codes).await?;
        // A reception point's dossiers are settled by its agency's center.
        let staff = |roles: &[Role]| -> Vec<Actor> {
            let of = |same: &dyn Fn(usize) -> bool| -> Vec<Actor> {
                posted
                    .iter()
                    .filter(|(i, a)| same(*i) && roles.contains(&a.role))
                    .map(|(_, a)| a.clone())
                    .collect()
            };
            let own = of(&|i| i == ci);
            if own.is_empty() {
                of(&|i| org.centers[i].center.agency == c.center.agency)
            } else {
                own
            }
        };
        let center = DemoCenterRef {
            id: center_ids[ci],
            agency: c.center.agency.clone(),
            procedures: handled,
            reception: staff(&[Role::Reception, Role::Postal]),
            specialists: staff(&[Role::Specialist]),
            leaders: staff(&[Role::Leader]),
        };
        if center.reception.is_empty() || center.specialists.is_empty() || center.leaders.is_empty()
        {
            bail!(
                "demo center {} has nobody to receive, settle or approve",
                c.center.name
            );
        }
        // Those who receive at the center staff its hall's counters.
        counter_staff.push(center.reception.iter().map(|a| a.account_id).collect());
        centers.push(center);
    }

    // The postal employees guide people at their centers; the dossiers that
    // followed come from the history as it is written.
    let guides: Vec<crate::guidance::Guide> = posted
        .iter()
        .filter(|(_, a)| a.role == Role::Postal)
        .map(|(ci, a)| crate::guidance::Guide {
            center: center_ids[*ci],
            account: a.account_id,
            procedures: centers[*ci]
                .procedures
                .iter()
                .map(|&p| procedures[p].code.clone())
                .collect(),
        })
        .collect();
    let guidance_days = days.clone();
    let pool = std::sync::Mutex::new(crate::guidance::Pool::default());

    // Generate on a blocking thread (events and their hashes included) while
    // the writer writes the days before, in a few large transactions.
    let lifecycle_calendar = calendar.clone();
    let generator = HistoryGenerator::new(opts.seed, procedures, centers, calendar, now);
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    let producer = tokio::task::spawn_blocking(move || {
        for day in days {
            if tx.blocking_send(generator.day(day)).is_err() {
                break;
            }
        }
    });
    let batches = futures::StreamExt::inspect(
        futures::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|batch| (batch, rx))
        }),
        |batch| {
            if let Ok(mut pool) = pool.lock() {
                pool.take_from(batch);
            }
        },
    );
    progress.begin(opts.days as u64);
    let days_done = std::sync::atomic::AtomicU64::new(0);
    let mut dossiers = store
        .load_history(Box::pin(batches), ROWS_PER_COMMIT, &|n| {
            progress.day(
                days_done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                n,
            );
        })
        .await?;
    producer.await?;
    progress.end();
    // The lifecycle dossiers take a morning: the last working day whose
    // morning is over by `now`.
    let mut last_day = opts.until;
    while !lifecycle_calendar.is_working_day(last_day)
        || to_timestamp(last_day.at(11, 30, 0, 0)) > now
    {
        last_day = last_day.yesterday().expect("date in range");
    }
    let lifecycle =
        lifecycle_dossiers(store, &org, &center_ids, &lifecycle_calendar, last_day).await?;
    dossiers += lifecycle;
    let halls = queue_centers(&org, &center_ids, counter_staff, &lifecycle_calendar, years);
    queue::seed_queues(store, &halls, opts.seed, opts.until, now).await?;
    let mut pool = pool
        .into_inner()
        .map_err(|_| anyhow::anyhow!("the guidance pool was poisoned"))?;
    let entries =
        crate::guidance::plan_guidance(opts.seed, &guides, &guidance_days, &mut pool, now);
    crate::guidance::seed_guidance(store, &entries)
        .await
        .context("writing the guidance log")?;
    Ok(DemoSummary {
        org,
        dossiers,
        elapsed: started.elapsed(),
    })
}

/// The centers as their halls need them. A center open on other hours
/// (Saturday mornings) gets its own calendar, with the same holidays.
fn queue_centers<'a>(
    org: &DemoOrg,
    center_ids: &[motcua_store::CenterId],
    staff: Vec<Vec<motcua_store::AccountId>>,
    calendar: &'a WorkCalendar,
    years: std::ops::RangeInclusive<i16>,
) -> Vec<QueueCenter<'a>> {
    org.centers
        .iter()
        .zip(center_ids)
        .zip(staff)
        .map(|((c, &id), staff)| QueueCenter {
            id,
            staff,
            calendar: if c.center.office_hours == OfficeHours::default() {
                Cow::Borrowed(calendar)
            } else {
                Cow::Owned(
                    Holidays::official().calendar(c.center.office_hours.clone(), years.clone()),
                )
            },
        })
        .collect()
}

/// Dossiers that went through the lifecycle, with full event histories: at
/// every center, one in each national status (1–10), received on `day` and
/// handled by that center's demo officers. Written through the same store
/// calls as the API, so their chains verify like real ones.
pub async fn lifecycle_dossiers(
    store: &dyn Store,
    org: &DemoOrg,
    center_ids: &[motcua_store::CenterId],
    calendar: &motcua_calendar::WorkCalendar,
    day: Date,
) -> anyhow::Result<u64> {
    use motcua_domain::dossier::lifecycle::Action;
    use motcua_domain::dossier::Status;
    use motcua_store::{Applicant, ApplicantRecordUse, NewDossier};

    let procedure: motcua_domain::ProcedureCode =
        "2.004001".parse().expect("a demo procedure code");
    let version = store
        .procedure(&procedure)
        .await?
        .context("the demo catalog is imported")?;
    let limit = version.procedure.time_limit;
    let mut written = 0;
    for (ci, c) in org
        .centers
        .iter()
        .enumerate()
        .filter(|(_, c)| c.center.kind == motcua_domain::org::CenterKind::Center)
    {
        let actor = |username: String, role: Role| async move {
            store
                .account(&username)
                .await
                .ok()
                .flatten()
                .map(|a| Actor {
                    account_id: a.id,
                    username: a.username,
                    role,
                })
        };
        let reception = actor(format!("tiepnhan1.{}", c.slug), Role::Reception).await;
        let specialist = actor(format!("chuyenvien1.{}", c.slug), Role::Specialist).await;
        let leader = actor(format!("lanhdao.{}", c.slug), Role::Leader).await;
        let agency = &c.center.agency;
        for (n, target) in Status::ALL.iter().enumerate() {
            let at = |minutes: i64| {
                to_timestamp(day.at(8, 0, 0, 0))
                    + jiff::SignedDuration::from_mins(n as i64 * 20 + minutes)
            };
            let received = motcua_calendar::from_timestamp(at(0));
            let appointment = to_timestamp(calendar.due(received, limit));
            let (first, first_to) = match target {
                Status::Registered => (Action::Submit, Status::Registered),
                Status::NotAccepted => (
                    Action::Refuse {
                        reasons: "Hồ sơ không thuộc thẩm quyền giải quyết của cấp xã".into(),
                    },
                    Status::NotAccepted,
                ),
                _ => (Action::Accept { appointment }, Status::Accepted),
            };
            let d = store
                .open_dossier(&NewDossier {
                    center_id: center_ids[ci],
                    agency: agency.clone(),
                    procedure_code: procedure.clone(),
                    procedure_version_id: version.id,
                    channel: if *target == Status::Registered {
                        motcua_domain::catalog::Channel::Online
                    } else {
                        motcua_domain::catalog::Channel::InPerson
                    },
                    applicant: Applicant {
                        name: format!("Công dân mẫu {} {}", n + 1, c.slug),
                        id_number: Some(
                            format!("0921900{:02}{:03}", n, ci % 1000)
                                .parse()
                                .expect("a valid CCCD"),
                        ),
                        phone: Some(
                            format!("09{:02}{:06}", n, ci)
                                .parse()
                                .expect("a valid phone"),
                        ),
                        email: None,
                        address: c.center.address.clone(),
                    },
                    details: motcua_store::IntakeDetails {
                        procedure_name: version.procedure.name.clone(),
                        time_limit: Some(version.procedure.time_limit),
                        demo: true,
                        ..Default::default()
                    },
                    at: at(0),
                    actor: if *target == Status::Registered {
                        None
                    } else {
                        reception.clone()
                    },
                    action: first,
                    to: first_to,
                    idempotency_key: None,
                    notices: Vec::new(),
                    ticket_id: None,
                    then: Vec::new(),
                    applicant_record: if *target == Status::Registered {
                        ApplicantRecordUse::Detached
                    } else {
                        ApplicantRecordUse::LinkOrCreate
                    },
                })
                .await?;
            let hand_over = Action::HandOver {
                to_agency: agency.clone(),
                to_account: specialist.as_ref().map(|a| a.account_id),
                note: "Chuyển xử lý".into(),
            };
            let steps: Vec<(Option<Actor>, Action, Status)> = match target {
                Status::Registered | Status::Accepted | Status::NotAccepted => vec![],
                Status::InProgress => vec![(reception.clone(), hand_over, Status::InProgress)],
                Status::SupplementRequested => vec![
                    (reception.clone(), hand_over, Status::InProgress),
                    (
                        specialist.clone(),
                        Action::RequestSupplement {
                            items: vec!["Bản sao Giấy chứng nhận kết hôn của cha mẹ".into()],
                            reason: "Thiếu giấy tờ chứng minh quan hệ".into(),
                        },
                        Status::SupplementRequested,
                    ),
                ],
                Status::PaymentRequested => vec![
                    (reception.clone(), hand_over, Status::InProgress),
                    (
                        specialist.clone(),
                        Action::RequestPayment {
                            amount: motcua_domain::Vnd(8000),
                            note: "Lệ phí cấp bản sao trích lục".into(),
                        },
                        Status::PaymentRequested,
                    ),
                ],
                Status::Withdrawn => vec![(
                    reception.clone(),
                    Action::Withdraw {
                        reason: "Công dân không còn nhu cầu".into(),
                    },
                    Status::Withdrawn,
                )],
                Status::Stopped => vec![
                    (reception.clone(), hand_over, Status::InProgress),
                    (
                        leader.clone(),
                        Action::Stop {
                            reason: "Phát hiện giấy tờ giả mạo, chuyển cơ quan công an".into(),
                        },
                        Status::Stopped,
                    ),
                ],
                Status::Processed | Status::Returned => {
                    let mut s = vec![
                        (reception.clone(), Action::Digitize, Status::Accepted),
                        (reception.clone(), hand_over, Status::InProgress),
                        (
                            specialist.clone(),
                            Action::DraftResult {
                                summary: "Giấy khai sinh bản chính".into(),
                            },
                            Status::InProgress,
                        ),
                        (leader.clone(), Action::Approve, Status::Processed),
                    ];
                    if *target == Status::Returned {
                        s.push((
                            reception.clone(),
                            Action::Return {
                                received_by: format!("Công dân mẫu {} {}", n + 1, c.slug),
                                by_post: false,
                            },
                            Status::Returned,
                        ));
                    }
                    s
                }
            };
            let (mut seq, mut state) = (d.last_seq, d.state);
            for (i, (who, action, to)) in steps.into_iter().enumerate() {
                // The same guards as the API: a demo path the rules refuse is a bug.
                let roles: Vec<Role> = who.iter().map(|a| a.role).collect();
                let allowed = state.decide(
                    &action,
                    &roles,
                    &motcua_domain::dossier::lifecycle::Rules::default(),
                )?;
                anyhow::ensure!(
                    allowed == to,
                    "demo step {} leads to {allowed}, not {to}",
                    action.name()
                );
                let r = store
                    .append_event(d.id, seq, at(i as i64 + 1), who, agency, &action, to)
                    .await?;
                (seq, state) = (r.last_seq, r.state);
            }
            written += 1;
        }
    }
    Ok(written)
}
