//! What the dashboards read: sums of the rollups over a set of centers and a
//! period, grouped as a chart or a table needs them; the officers' figures;
//! the dossiers open now; the ratings and the queue; and the dossiers behind
//! a number (the drill-down).
//!
//! The contract is the trait; its SQL, written once for both backends, is the
//! `dashboard_sql!` macro that `sql_store!` expands for each driver.

use async_trait::async_trait;
use jiff::civil::Date;
use jiff::Timestamp;
use motcua_domain::dossier::rollup::OfficerCounts;
use motcua_domain::queue::rating::Satisfaction;

use crate::*;

/// How a sum of rollups is split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollupGroup {
    Total,
    Day,
    Center,
    Procedure,
}

/// A sum of rollups: the key of its group (none for the total) and the counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollupSum {
    pub day: Option<Date>,
    pub center_id: Option<CenterId>,
    pub procedure_code: Option<String>,
    pub counts: RollupCounts,
}

/// An officer's figures at a center over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficerSum {
    pub center_id: CenterId,
    pub account_id: AccountId,
    pub username: String,
    /// The staff record's name (the login without one).
    pub name: String,
    /// Whether the account is a postal employee's.
    pub postal: bool,
    pub counts: OfficerCounts,
}

/// The dossiers of a center open now: waiting to be accepted, in hand
/// (settling, waiting for a supplement or a payment), and of those in hand
/// the ones due soon and those past their appointment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpenCounts {
    pub registered: i64,
    pub pending: i64,
    pub due_soon: i64,
    pub overdue: i64,
}

/// How many ratings of a kind a center (and an officer) got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingCount {
    pub center_id: CenterId,
    pub officer_id: Option<AccountId>,
    pub rating: Satisfaction,
    pub count: i64,
}

/// A center's queue over a period: tickets, those called, and the waits
/// (ticket → first call) of the called ones summed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueSum {
    pub tickets: i64,
    pub called: i64,
    pub wait_seconds: i64,
}

/// Which dossiers a drill-down lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behind {
    /// Received in the period (optionally by one channel).
    Received(Option<motcua_domain::catalog::Channel>),
    /// Received in the period and settled (first processed).
    Finished,
    Refused,
    Supplemented,
    Digitized,
    /// Received in the period, their result handed back (and by post).
    Returned,
    ReturnedByPost,
    /// Open now, regardless of the period.
    Registered,
    Pending,
    DueSoon,
    Overdue,
}

/// A page of the dossiers behind a number, newest received first. For the
/// outcomes judged in Rust (early, on time, late), the caller filters
/// `Finished` rows; `more` says whether rows were left out.
#[derive(Debug, Clone)]
pub struct BehindPage {
    pub dossiers: Vec<DossierRecord>,
    pub more: bool,
}

#[async_trait]
pub trait DashboardStore: Send + Sync {
    /// Sums of the daily rollups of `centers` (every center when `None`)
    /// for the days of receipt `from..=to`, split by `group`, in key order.
    async fn rollup_sums(
        &self,
        centers: Option<&[CenterId]>,
        from: Date,
        to: Date,
        group: RollupGroup,
    ) -> Result<Vec<RollupSum>>;
    /// Each officer's figures per center over the days of work `from..=to`.
    async fn officer_sums(
        &self,
        centers: Option<&[CenterId]>,
        from: Date,
        to: Date,
    ) -> Result<Vec<OfficerSum>>;
    /// Per center, the dossiers open at `now` (of those received in
    /// `[from, to)` when `received` is given); due soon = appointment
    /// before `soon`.
    async fn open_counts(
        &self,
        centers: Option<&[CenterId]>,
        now: Timestamp,
        soon: Timestamp,
        received: Option<(Timestamp, Timestamp)>,
    ) -> Result<Vec<(CenterId, OpenCounts)>>;
    /// Ratings given in `[from, to)`, per center, officer and rating.
    async fn rating_counts(
        &self,
        centers: Option<&[CenterId]>,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<RatingCount>>;
    /// Per center, the queue's tickets of the days `from..=to`.
    async fn queue_sums(
        &self,
        centers: Option<&[CenterId]>,
        from: Date,
        to: Date,
    ) -> Result<Vec<(CenterId, QueueSum)>>;
    /// The dossiers behind a figure: received at `centers` in `[from, to)`
    /// (or open at `now`, for the open ones), at most `limit` after `offset`.
    #[allow(clippy::too_many_arguments)]
    async fn dossiers_behind(
        &self,
        centers: Option<&[CenterId]>,
        from: Timestamp,
        to: Timestamp,
        behind: Behind,
        now: Timestamp,
        soon: Timestamp,
        limit: i64,
        offset: i64,
    ) -> Result<BehindPage>;
    /// The events of each of these dossiers, oldest first.
    async fn events_of(
        &self,
        ids: &[DossierId],
    ) -> Result<std::collections::HashMap<DossierId, Vec<Event>>>;
}

/// The statuses of a dossier in hand: settling, or waiting for the citizen.
pub(crate) const IN_HAND: &str = "(2, 4, 5, 6)";
/// The statuses whose appointment runs (a supplement wait stops the clock).
pub(crate) const CLOCK_RUNS: &str = "(2, 4, 6)";

/// ` AND column IN (…)` for a set of centers, with the ids bound.
pub(crate) fn push_centers<'a, DB: sqlx::Database>(
    b: &mut sqlx::QueryBuilder<'a, DB>,
    column: &str,
    centers: Option<&'a [CenterId]>,
) where
    CenterId: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    if let Some(centers) = centers {
        if centers.is_empty() {
            b.push(" AND 1 = 0");
            return;
        }
        b.push(format!(" AND {column} IN ("));
        let mut ids = b.separated(", ");
        for c in centers {
            ids.push_bind(*c);
        }
        b.push(")");
    }
}

macro_rules! dashboard_sql {
    ($store:ty, $db:ty, $backend:expr) => {
        #[async_trait::async_trait]
        impl DashboardStore for $store {
            async fn rollup_sums(
                &self,
                centers: Option<&[CenterId]>,
                from: Date,
                to: Date,
                group: $crate::dashboards::RollupGroup,
            ) -> Result<Vec<$crate::dashboards::RollupSum>> {
                use $crate::dashboards::RollupGroup;
                use sqlx::Row as _;
                let key = match group {
                    RollupGroup::Total => "NULL",
                    RollupGroup::Day => "day",
                    RollupGroup::Center => "center_id",
                    RollupGroup::Procedure => "procedure_code",
                };
                // The coarsest rollups that answer: whole months from the
                // monthly ones, days from the center-days; only a procedure's
                // part of a few days reads the daily table.
                let whole_months = from.day() == 1 && to == to.last_of_month();
                let (table, column, first, last) = match (group, whole_months) {
                    (RollupGroup::Day, _) | (RollupGroup::Total | RollupGroup::Center, false) => {
                        ("center_day_rollups", "day", date_text(from), date_text(to))
                    }
                    (RollupGroup::Total | RollupGroup::Center, true) => {
                        ("center_month_rollups", "month", date_text(from)[..7].to_string(), date_text(to)[..7].to_string())
                    }
                    (RollupGroup::Procedure, true) => {
                        ("procedure_month_rollups", "month", date_text(from)[..7].to_string(), date_text(to)[..7].to_string())
                    }
                    (RollupGroup::Procedure, false) => ("daily_rollups", "day", date_text(from), date_text(to)),
                };
                let mut b = sqlx::QueryBuilder::<$db>::new(format!(
                    "SELECT {key}, {} FROM {table} WHERE {column} >= ",
                    $crate::reports::count_sums()
                ));
                b.push_bind(first).push(format!(" AND {column} <= ")).push_bind(last);
                $crate::dashboards::push_centers(&mut b, "center_id", centers);
                if group != RollupGroup::Total {
                    b.push(format!(" GROUP BY {key} ORDER BY {key}"));
                }
                let rows = b.build().fetch_all(&self.read).await?;
                let mut out = Vec::with_capacity(rows.len());
                for r in &rows {
                    let counts = RollupCounts::from_values(&$crate::reports::counts_from(r, 1)?);
                    let (mut day, mut center_id, mut procedure_code) = (None, None, None);
                    match group {
                        RollupGroup::Total => {}
                        RollupGroup::Day => day = Some(parse(&r.try_get::<String, _>(0)?, "day")?),
                        RollupGroup::Center => center_id = Some(r.try_get::<CenterId, _>(0)?),
                        RollupGroup::Procedure => procedure_code = Some(r.try_get::<String, _>(0)?),
                    }
                    out.push($crate::dashboards::RollupSum { day, center_id, procedure_code, counts });
                }
                Ok(out)
            }

            async fn officer_sums(&self, centers: Option<&[CenterId]>, from: Date, to: Date) -> Result<Vec<$crate::dashboards::OfficerSum>> {
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "SELECT o.center_id, o.account_id, COALESCE(a.username, ''), COALESCE(s.full_name, a.username, ''), \
                     EXISTS (SELECT 1 FROM account_roles r WHERE r.account_id = o.account_id AND r.role = 'postal'), \
                     CAST(SUM(o.received) AS BIGINT), CAST(SUM(o.digitized) AS BIGINT), CAST(SUM(o.settled) AS BIGINT), CAST(SUM(o.on_time) AS BIGINT), CAST(SUM(o.late) AS BIGINT), CAST(SUM(o.returned) AS BIGINT) \
                     FROM officer_rollups o LEFT JOIN accounts a ON a.id = o.account_id LEFT JOIN staff s ON s.id = a.staff_id \
                     WHERE o.day >= ",
                );
                b.push_bind(date_text(from)).push(" AND o.day <= ").push_bind(date_text(to));
                $crate::dashboards::push_centers(&mut b, "o.center_id", centers);
                b.push(" GROUP BY o.center_id, o.account_id, a.username, s.full_name ORDER BY o.center_id, o.account_id");
                let rows = b
                    .build_query_as::<(CenterId, AccountId, String, String, bool, i64, i64, i64, i64, i64, i64)>()
                    .fetch_all(&self.read)
                    .await?;
                Ok(rows
                    .into_iter()
                    .map(|(center_id, account_id, username, name, postal, received, digitized, settled, on_time, late, returned)| {
                        $crate::dashboards::OfficerSum {
                            center_id,
                            account_id,
                            username,
                            name,
                            postal,
                            counts: motcua_domain::dossier::rollup::OfficerCounts { received, digitized, settled, on_time, late, returned },
                        }
                    })
                    .collect())
            }

            async fn open_counts(
                &self,
                centers: Option<&[CenterId]>,
                now: Timestamp,
                soon: Timestamp,
                received: Option<(Timestamp, Timestamp)>,
            ) -> Result<Vec<(CenterId, $crate::dashboards::OpenCounts)>> {
                use $crate::dashboards::{CLOCK_RUNS, IN_HAND};
                let mut b = sqlx::QueryBuilder::<$db>::new(format!(
                    "SELECT center_id, \
                     SUM(CASE WHEN status = 1 THEN 1 ELSE 0 END), \
                     SUM(CASE WHEN status IN {IN_HAND} THEN 1 ELSE 0 END), \
                     SUM(CASE WHEN status IN {CLOCK_RUNS} AND due_at >= "
                ));
                b.push_bind(now.as_second()).push(" AND due_at < ").push_bind(soon.as_second());
                b.push(format!(" THEN 1 ELSE 0 END), SUM(CASE WHEN status IN {CLOCK_RUNS} AND due_at < "));
                b.push_bind(now.as_second());
                b.push(" THEN 1 ELSE 0 END) FROM dossiers WHERE status IN (1, 2, 4, 5, 6)");
                $crate::dashboards::push_centers(&mut b, "center_id", centers);
                if let Some((from, to)) = received {
                    b.push(" AND received_at >= ").push_bind(from.as_second()).push(" AND received_at < ").push_bind(to.as_second());
                }
                b.push(" GROUP BY center_id ORDER BY center_id");
                let rows = b.build_query_as::<(CenterId, i64, i64, i64, i64)>().fetch_all(&self.read).await?;
                Ok(rows
                    .into_iter()
                    .map(|(c, registered, pending, due_soon, overdue)| (c, $crate::dashboards::OpenCounts { registered, pending, due_soon, overdue }))
                    .collect())
            }

            async fn rating_counts(
                &self,
                centers: Option<&[CenterId]>,
                from: Timestamp,
                to: Timestamp,
            ) -> Result<Vec<$crate::dashboards::RatingCount>> {
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "SELECT d.center_id, r.officer_id, r.rating, COUNT(*) FROM ratings r JOIN dossiers d ON d.id = r.dossier_id WHERE r.created_at >= ",
                );
                b.push_bind(from.as_second()).push(" AND r.created_at < ").push_bind(to.as_second());
                $crate::dashboards::push_centers(&mut b, "d.center_id", centers);
                b.push(" GROUP BY d.center_id, r.officer_id, r.rating ORDER BY d.center_id, r.officer_id, r.rating");
                let rows = b.build_query_as::<(CenterId, Option<AccountId>, String, i64)>().fetch_all(&self.read).await?;
                rows.into_iter()
                    .map(|(center_id, officer_id, rating, count)| {
                        Ok($crate::dashboards::RatingCount { center_id, officer_id, rating: parse(&rating, "rating")?, count })
                    })
                    .collect()
            }

            async fn queue_sums(
                &self,
                centers: Option<&[CenterId]>,
                from: Date,
                to: Date,
            ) -> Result<Vec<(CenterId, $crate::dashboards::QueueSum)>> {
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "SELECT center_id, COUNT(*), COUNT(first_called_at), \
                     CAST(COALESCE(SUM(CASE WHEN first_called_at IS NOT NULL THEN first_called_at - taken_at ELSE 0 END), 0) AS BIGINT) \
                     FROM tickets WHERE day >= ",
                );
                b.push_bind(date_text(from)).push(" AND day <= ").push_bind(date_text(to));
                $crate::dashboards::push_centers(&mut b, "center_id", centers);
                b.push(" GROUP BY center_id ORDER BY center_id");
                let rows = b.build_query_as::<(CenterId, i64, i64, i64)>().fetch_all(&self.read).await?;
                Ok(rows
                    .into_iter()
                    .map(|(c, tickets, called, wait_seconds)| (c, $crate::dashboards::QueueSum { tickets, called, wait_seconds }))
                    .collect())
            }

            async fn dossiers_behind(
                &self,
                centers: Option<&[CenterId]>,
                from: Timestamp,
                to: Timestamp,
                behind: $crate::dashboards::Behind,
                now: Timestamp,
                soon: Timestamp,
                limit: i64,
                offset: i64,
            ) -> Result<$crate::dashboards::BehindPage> {
                use $crate::dashboards::{Behind, CLOCK_RUNS, IN_HAND};
                let mut b = sqlx::QueryBuilder::<$db>::new(format!("{DOSSIER_SELECT} WHERE 1 = 1"));
                $crate::dashboards::push_centers(&mut b, "d.center_id", centers);
                let in_period = |b: &mut sqlx::QueryBuilder<'_, $db>| {
                    b.push(" AND d.received_at >= ").push_bind(from.as_second()).push(" AND d.received_at < ").push_bind(to.as_second());
                };
                match behind {
                    Behind::Received(channel) => {
                        in_period(&mut b);
                        if let Some(c) = channel {
                            b.push(" AND d.channel = ").push_bind(i64::from(c.number()));
                        }
                    }
                    Behind::Finished => {
                        in_period(&mut b);
                        b.push(" AND d.finished_at IS NOT NULL");
                    }
                    Behind::Refused => {
                        in_period(&mut b);
                        b.push(" AND d.status = 3");
                    }
                    Behind::Supplemented => {
                        in_period(&mut b);
                        b.push(" AND d.supplement_count > 0");
                    }
                    Behind::Digitized => {
                        in_period(&mut b);
                        b.push(" AND d.digitized = ").push_bind(true);
                    }
                    Behind::Returned => {
                        in_period(&mut b);
                        b.push(" AND d.returned_at IS NOT NULL");
                    }
                    Behind::ReturnedByPost => {
                        in_period(&mut b);
                        b.push(" AND d.returned_at IS NOT NULL AND d.result_by_post = ").push_bind(true);
                    }
                    Behind::Registered => {
                        b.push(" AND d.status = 1");
                    }
                    Behind::Pending => {
                        b.push(format!(" AND d.status IN {IN_HAND}"));
                    }
                    Behind::DueSoon => {
                        b.push(format!(" AND d.status IN {CLOCK_RUNS} AND d.due_at >= "))
                            .push_bind(now.as_second())
                            .push(" AND d.due_at < ")
                            .push_bind(soon.as_second());
                    }
                    Behind::Overdue => {
                        b.push(format!(" AND d.status IN {CLOCK_RUNS} AND d.due_at < ")).push_bind(now.as_second());
                    }
                }
                let by_due = matches!(behind, Behind::DueSoon | Behind::Overdue | Behind::Pending);
                b.push(if by_due { " ORDER BY d.due_at, d.id" } else { " ORDER BY d.received_at DESC, d.id DESC" });
                b.push(" LIMIT ").push_bind(limit + 1).push(" OFFSET ").push_bind(offset);
                let rows = b.build_query_as::<$crate::dossiers::DossierRow>().fetch_all(&self.read).await?;
                let more = rows.len() as i64 > limit;
                let dossiers = rows
                    .into_iter()
                    .take(limit as usize)
                    .map(DossierRecord::try_from)
                    .collect::<Result<Vec<_>>>()?;
                Ok($crate::dashboards::BehindPage { dossiers, more })
            }

            async fn events_of(&self, ids: &[DossierId]) -> Result<std::collections::HashMap<DossierId, Vec<Event>>> {
                let mut out: std::collections::HashMap<DossierId, Vec<Event>> = std::collections::HashMap::new();
                for chunk in ids.chunks(500) {
                    let mut b = sqlx::QueryBuilder::<$db>::new(
                        "SELECT e.dossier_id, d.code, e.seq, e.at, e.actor_account_id, e.actor_username, e.actor_role, e.agency_code, \
                         e.from_status, e.to_status, e.payload, e.hash \
                         FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE e.dossier_id IN (",
                    );
                    let mut list = b.separated(", ");
                    for id in chunk {
                        list.push_bind(*id);
                    }
                    b.push(") ORDER BY e.dossier_id, e.seq");
                    let rows = b.build_query_as::<$crate::dossiers::EventRow>().fetch_all(&self.read).await?;
                    for r in rows {
                        let events = out.entry(r.dossier_id).or_default();
                        let prev = match events.last() {
                            Some(e) => e.hash.clone(),
                            None => motcua_domain::dossier::event::genesis(&r.code),
                        };
                        events.push(r.into_event(prev)?);
                    }
                }
                Ok(out)
            }
        }
    };
}

pub(crate) use dashboard_sql;
