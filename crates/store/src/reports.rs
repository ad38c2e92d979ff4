//! The figures: code counters, totals and the daily rollups.
//!
//! The contract is the trait; its SQL, written once for both backends, is the
//! `report_sql!` macro that `sql_store!` expands for each driver.

use async_trait::async_trait;
use jiff::civil::Date;
use jiff::Timestamp;
use motcua_domain::dossier::rollup::{Step, COUNT_NAMES};
use motcua_domain::AgencyCode;

use crate::sql::{parse, timestamp};
use crate::*;

#[async_trait]
pub trait ReportStore: Send + Sync {
    /// For every agency and day with codes issued: the counter and how many
    /// dossiers carry a code of that day.
    async fn code_days(&self) -> Result<Vec<CodeDay>>;
    /// The last sequence number issued to a receiving agency on a day (0 if none).
    async fn last_dossier_seq(&self, agency: &motcua_domain::AgencyCode, day: Date) -> Result<i64>;
    async fn counts(&self) -> Result<Counts>;
    /// Recomputes every daily rollup from the dossiers' events with the one
    /// rule ([`RollupCounts::of_events`]), replacing the counts the live
    /// intake and actions added, in one transaction. Returns the number of
    /// dossiers counted.
    async fn rebuild_rollups(&self) -> Result<u64>;
    /// Daily rollups of a center between two days (inclusive).
    async fn rollups(&self, center_id: CenterId, from: Date, to: Date) -> Result<Vec<DailyRollup>>;
    /// The version of the counting rule the rollups were counted by (0:
    /// before versions were kept); see [`RULE_VERSION`](motcua_domain::dossier::rollup::RULE_VERSION).
    async fn rollup_version(&self) -> Result<i64>;
}

/// One day's rollup of a procedure at a center: the day, the procedure and
/// the counts in the order of [`COUNT_NAMES`].
pub(crate) fn rollup_of_row(
    day: &str,
    procedure_code: String,
    values: &[i64],
) -> Result<DailyRollup> {
    Ok(DailyRollup {
        day: parse(day, "day")?,
        procedure_code,
        counts: RollupCounts::from_values(values),
    })
}

/// The sum of every count (cast: PostgreSQL sums BIGINT as NUMERIC), in the order of [`COUNT_NAMES`].
pub(crate) fn count_sums() -> String {
    COUNT_NAMES
        .iter()
        .map(|c| format!("CAST(SUM({c}) AS BIGINT)"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads the counts that follow `skip` leading columns of a row.
pub(crate) fn counts_from<R: sqlx::Row>(
    row: &R,
    skip: usize,
) -> std::result::Result<Vec<i64>, sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<i64>: sqlx::Decode<'r, R::Database>,
{
    (skip..skip + COUNT_NAMES.len())
        .map(|i| Ok(row.try_get::<Option<i64>, _>(i)?.unwrap_or(0)))
        .collect()
}

/// What the rebuild reads of a dossier's record: its id, the instant,
/// actor's account and role, agency, statuses and action of each event.
pub(crate) type StepRow = (
    DossierId,
    i64,
    Option<AccountId>,
    Option<String>,
    String,
    Option<i64>,
    i64,
    String,
);

/// One event as the rebuild holds it (the counts' [`Step`] borrows from it).
pub(crate) struct StoredStep {
    at: Timestamp,
    agency: AgencyCode,
    actor: Option<(AccountId, motcua_domain::org::Role)>,
    from: Option<Status>,
    to: Status,
    action: Action,
}

impl StoredStep {
    pub(crate) fn step(&self) -> Step<'_> {
        Step {
            at: self.at,
            agency: &self.agency,
            actor: self.actor,
            from: self.from,
            to: self.to,
            action: &self.action,
        }
    }
}

/// A dossier's record as the counts read it, oldest event first.
pub(crate) fn steps_of(rows: &[StepRow]) -> Result<Vec<StoredStep>> {
    let status = |n: i64| {
        Status::from_number(n as i32).ok_or_else(|| StoreError::Corrupt(format!("status {n}")))
    };
    rows.iter()
        .map(|(_, at, account, role, agency, from, to, payload)| {
            let actor = match (account, role) {
                (Some(a), Some(r)) => Some((*a, parse(r, "actor role")?)),
                _ => None,
            };
            Ok(StoredStep {
                at: timestamp(*at)?,
                agency: parse(agency, "agency")?,
                actor,
                from: from.map(status).transpose()?,
                to: status(*to)?,
                action: serde_json::from_str(payload)
                    .map_err(|e| StoreError::Corrupt(format!("event payload {payload:?}: {e}")))?,
            })
        })
        .collect()
}

macro_rules! report_sql {
    ($store:ty, $db:ty, $backend:expr) => {
        #[async_trait::async_trait]
        impl ReportStore for $store {
            async fn code_days(&self) -> Result<Vec<CodeDay>> {
                let counters = sqlx::query_as::<_, (String, String, i64)>("SELECT agency_code, day, last FROM dossier_counters ORDER BY agency_code, day")
                    .fetch_all(&self.read)
                    .await?;
                let found = sqlx::query_as::<_, (String, String, i64)>(
                    "SELECT agency_code, substr(code, length(agency_code) + 2, 6), COUNT(*) FROM dossiers GROUP BY agency_code, substr(code, length(agency_code) + 2, 6)",
                )
                .fetch_all(&self.read)
                .await?;
                let counts: HashMap<(String, String), i64> = found.into_iter().map(|(agency, day, n)| ((agency, day), n)).collect();
                Ok(counters
                    .into_iter()
                    .map(|(agency_code, day, last_issued)| {
                        let dossiers = counts.get(&(agency_code.clone(), day.clone())).copied().unwrap_or(0);
                        CodeDay { agency_code, day, last_issued, dossiers }
                    })
                    .collect())
            }

            async fn last_dossier_seq(&self, agency: &motcua_domain::AgencyCode, day: Date) -> Result<i64> {
                let key = motcua_domain::dossier::DossierCode { agency: agency.clone(), day, seq: 0 }.day_key();
                let last: Option<i64> = sqlx::query_scalar("SELECT last FROM dossier_counters WHERE agency_code = $1 AND day = $2")
                    .bind(agency.as_str())
                    .bind(key)
                    .fetch_optional(&self.read)
                    .await?;
                Ok(last.unwrap_or(0))
            }

            async fn counts(&self) -> Result<Counts> {
                Ok(sqlx::query_as(
                    "SELECT (SELECT COUNT(*) FROM units) AS units, (SELECT COUNT(*) FROM agencies) AS agencies, \
                     (SELECT COUNT(*) FROM centers) AS centers, (SELECT COUNT(*) FROM staff) AS staff, \
                     (SELECT COUNT(DISTINCT staff_id) FROM assignments WHERE role = 'postal') AS postal_staff, \
                     (SELECT COUNT(*) FROM accounts) AS accounts, (SELECT COUNT(*) FROM fields) AS fields, \
                     (SELECT COUNT(*) FROM procedures) AS procedures, (SELECT COUNT(*) FROM dossiers) AS dossiers",
                )
                .fetch_one(&self.read)
                .await?)
            }

            async fn rebuild_rollups(&self) -> Result<u64> {
                const PAGE: i64 = 2000;
                let mut tx = self.write.begin().await?;
                // Taken before reading: a live count waits for the rebuild and
                // then adds to it, instead of being lost under it. (SQLite's
                // one writer is taken by the DELETE.)
                if $backend == Backend::Postgres {
                    sqlx::query("LOCK TABLE daily_rollups IN SHARE ROW EXCLUSIVE MODE").execute(&mut *tx).await?;
                }
                if $backend == Backend::Postgres {
                    sqlx::query("LOCK TABLE officer_rollups IN SHARE ROW EXCLUSIVE MODE").execute(&mut *tx).await?;
                }
                for table in ["daily_rollups", "center_day_rollups", "center_month_rollups", "procedure_month_rollups"] {
                    if $backend == Backend::Postgres && table != "daily_rollups" {
                        sqlx::query(&format!("LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")).execute(&mut *tx).await?;
                    }
                    sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *tx).await?;
                }
                sqlx::query("DELETE FROM officer_rollups").execute(&mut *tx).await?;
                let mut gathered = $crate::sql::Gathered::default();
                let (mut after, mut counted) = (DossierId(0), 0u64);
                loop {
                    let dossiers = sqlx::query_as::<_, (DossierId, CenterId, String, i64)>(
                        "SELECT id, center_id, procedure_code, channel FROM dossiers WHERE id > $1 ORDER BY id LIMIT $2",
                    )
                    .bind(after)
                    .bind(PAGE)
                    .fetch_all(&mut *tx)
                    .await?;
                    let Some(&(last, ..)) = dossiers.last() else { break };
                    let events = sqlx::query_as::<_, $crate::reports::StepRow>(
                        "SELECT dossier_id, at, actor_account_id, actor_role, agency_code, from_status, to_status, payload FROM dossier_events \
                         WHERE dossier_id > $1 AND dossier_id <= $2 ORDER BY dossier_id, seq",
                    )
                    .bind(after)
                    .bind(last)
                    .fetch_all(&mut *tx)
                    .await?;
                    // Events come in dossier order: each dossier's are one run.
                    let mut runs = events.chunk_by(|a, b| a.0 == b.0).peekable();
                    for (id, center_id, procedure_code, channel) in dossiers {
                        let record = match runs.peek() {
                            Some(run) if run[0].0 == id => $crate::reports::steps_of(runs.next().expect("peeked"))?,
                            _ => Vec::new(),
                        };
                        let channel = motcua_domain::catalog::Channel::from_number(channel as i32)
                            .ok_or_else(|| StoreError::Corrupt(format!("dossier {id}: channel {channel}")))?;
                        let tally = RollupCounts::of_record(channel, record.iter().map($crate::reports::StoredStep::step));
                        // A dossier without events has nothing to count (the audit names it).
                        if let Some(t) = tally {
                            gathered.add(center_id, &procedure_code, &t);
                            counted += 1;
                        }
                    }
                    after = last;
                }
                Self::write_tallies(&mut tx, gathered).await?;
                sqlx::query("UPDATE rollup_rule SET version = $1")
                    .bind(motcua_domain::dossier::rollup::RULE_VERSION)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(counted)
            }

            async fn rollups(&self, center_id: CenterId, from: Date, to: Date) -> Result<Vec<DailyRollup>> {
                use sqlx::Row as _;
                let sql = format!(
                    "SELECT day, procedure_code, {} FROM daily_rollups WHERE center_id = $1 AND day >= $2 AND day <= $3 ORDER BY day, procedure_code",
                    motcua_domain::dossier::rollup::COUNT_NAMES.join(", ")
                );
                let rows = sqlx::query(&sql)
                    .bind(center_id)
                    .bind(date_text(from))
                    .bind(date_text(to))
                    .fetch_all(&self.read)
                    .await?;
                rows.iter()
                    .map(|r| {
                        let values = $crate::reports::counts_from(r, 2)?;
                        $crate::reports::rollup_of_row(&r.try_get::<String, _>(0)?, r.try_get(1)?, &values)
                    })
                    .collect()
            }

            async fn rollup_version(&self) -> Result<i64> {
                Ok(sqlx::query_scalar("SELECT version FROM rollup_rule").fetch_one(&self.read).await?)
            }
        }
    };
}

pub(crate) use report_sql;
