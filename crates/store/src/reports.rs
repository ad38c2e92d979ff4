//! The figures: code counters, totals and the daily rollups.
//!
//! The contract is the trait; its SQL, written once for both backends, is the
//! `report_sql!` macro that `sql_store!` expands for each driver.

use async_trait::async_trait;
use jiff::civil::Date;

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
    async fn rollups(&self, center_id: i64, from: Date, to: Date) -> Result<Vec<DailyRollup>>;
}

macro_rules! report_sql {
    ($store:ty, $db:ty, $backend:expr) => {
        #[async_trait::async_trait]
        impl ReportStore for $store {
            async fn code_days(&self) -> Result<Vec<CodeDay>> {
                let counters = sqlx::query("SELECT agency_code, day, last FROM dossier_counters ORDER BY agency_code, day")
                    .fetch_all(&self.read)
                    .await?;
                let found = sqlx::query(
                    "SELECT agency_code, substr(code, length(agency_code) + 2, 6), COUNT(*) FROM dossiers GROUP BY agency_code, substr(code, length(agency_code) + 2, 6)",
                )
                .fetch_all(&self.read)
                .await?;
                let mut counts = std::collections::HashMap::new();
                for r in &found {
                    counts.insert((r.try_get::<String, _>(0)?, r.try_get::<String, _>(1)?), r.try_get::<i64, _>(2)?);
                }
                counters
                    .iter()
                    .map(|r| {
                        let (agency_code, day): (String, String) = (r.try_get(0)?, r.try_get(1)?);
                        let dossiers = counts.get(&(agency_code.clone(), day.clone())).copied().unwrap_or(0);
                        Ok(CodeDay { agency_code, day, last_issued: r.try_get(2)?, dossiers })
                    })
                    .collect()
            }

            async fn last_dossier_seq(&self, agency: &motcua_domain::AgencyCode, day: Date) -> Result<i64> {
                let key = motcua_domain::dossier::DossierCode { agency: agency.clone(), day, seq: 0 }.day_key();
                let row = sqlx::query("SELECT last FROM dossier_counters WHERE agency_code = $1 AND day = $2")
                    .bind(agency.as_str())
                    .bind(key)
                    .fetch_optional(&self.read)
                    .await?;
                Ok(row.map(|r| r.try_get(0)).transpose()?.unwrap_or(0))
            }

            async fn counts(&self) -> Result<Counts> {
                let r = sqlx::query(
                    "SELECT (SELECT COUNT(*) FROM units), (SELECT COUNT(*) FROM agencies), (SELECT COUNT(*) FROM centers), \
                     (SELECT COUNT(*) FROM staff), \
                     (SELECT COUNT(DISTINCT staff_id) FROM assignments WHERE role = 'postal'), \
                     (SELECT COUNT(*) FROM accounts), (SELECT COUNT(*) FROM fields), (SELECT COUNT(*) FROM procedures), \
                     (SELECT COUNT(*) FROM dossiers)",
                )
                .fetch_one(&self.read)
                .await?;
                Ok(Counts {
                    units: r.try_get(0)?,
                    agencies: r.try_get(1)?,
                    centers: r.try_get(2)?,
                    staff: r.try_get(3)?,
                    postal_staff: r.try_get(4)?,
                    accounts: r.try_get(5)?,
                    fields: r.try_get(6)?,
                    procedures: r.try_get(7)?,
                    dossiers: r.try_get(8)?,
                })
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
                sqlx::query("DELETE FROM daily_rollups").execute(&mut *tx).await?;
                let mut rollups: HashMap<$crate::sql::RollupKey, RollupCounts> = HashMap::new();
                let (mut after, mut counted) = (0i64, 0u64);
                loop {
                    let dossiers = sqlx::query("SELECT id, center_id, procedure_code, channel FROM dossiers WHERE id > $1 ORDER BY id LIMIT $2")
                        .bind(after)
                        .bind(PAGE)
                        .fetch_all(&mut *tx)
                        .await?;
                    let Some(last) = dossiers.last() else { break };
                    let last: i64 = last.try_get(0)?;
                    let events = sqlx::query(
                        "SELECT dossier_id, at, agency_code, from_status, to_status, payload FROM dossier_events \
                         WHERE dossier_id > $1 AND dossier_id <= $2 ORDER BY dossier_id, seq",
                    )
                    .bind(after)
                    .bind(last)
                    .fetch_all(&mut *tx)
                    .await?;
                    let mut steps: HashMap<i64, Vec<(Timestamp, motcua_domain::AgencyCode, Option<Status>, Status, Action)>> = HashMap::new();
                    for r in &events {
                        let status = |n: i64| Status::from_number(n as i32).ok_or_else(|| StoreError::Corrupt(format!("status {n}")));
                        let payload: String = r.try_get(5)?;
                        steps.entry(r.try_get(0)?).or_default().push((
                            timestamp(r.try_get(1)?)?,
                            parse(&r.try_get::<String, _>(2)?, "agency")?,
                            r.try_get::<Option<i64>, _>(3)?.map(status).transpose()?,
                            status(r.try_get(4)?)?,
                            serde_json::from_str(&payload).map_err(|e| StoreError::Corrupt(format!("event payload {payload:?}: {e}")))?,
                        ));
                    }
                    for d in &dossiers {
                        let id: i64 = d.try_get(0)?;
                        let channel = motcua_domain::catalog::Channel::from_number(d.try_get::<i64, _>(3)? as i32)
                            .ok_or_else(|| StoreError::Corrupt(format!("dossier {id}: channel")))?;
                        let record = steps.get(&id).map(Vec::as_slice).unwrap_or_default();
                        let tally = RollupCounts::of_record(
                            channel,
                            record.iter().map(|(at, agency, from, to, action)| motcua_domain::dossier::rollup::Step {
                                at: *at,
                                agency,
                                from: *from,
                                to: *to,
                                action,
                            }),
                        );
                        // A dossier without events has nothing to count (the audit names it).
                        if let Some(t) = tally {
                            *rollups.entry((d.try_get(1)?, date_text(t.day), d.try_get(2)?)).or_default() += &t.counts;
                            counted += 1;
                        }
                    }
                    after = last;
                }
                Self::write_tallies(&mut tx, Default::default(), rollups).await?;
                tx.commit().await?;
                Ok(counted)
            }

            async fn rollups(&self, center_id: i64, from: Date, to: Date) -> Result<Vec<DailyRollup>> {
                let rows = sqlx::query(
                    "SELECT day, procedure_code, received, finished, on_time, late, refused, supplemented, online \
                     FROM daily_rollups WHERE center_id = $1 AND day >= $2 AND day <= $3 ORDER BY day, procedure_code",
                )
                .bind(center_id)
                .bind(date_text(from))
                .bind(date_text(to))
                .fetch_all(&self.read)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(DailyRollup {
                            day: parse(&r.try_get::<String, _>(0)?, "day")?,
                            procedure_code: r.try_get(1)?,
                            counts: RollupCounts {
                                received: r.try_get(2)?,
                                finished: r.try_get(3)?,
                                on_time: r.try_get(4)?,
                                late: r.try_get(5)?,
                                refused: r.try_get(6)?,
                                supplemented: r.try_get(7)?,
                                online: r.try_get(8)?,
                            },
                        })
                    })
                    .collect()
            }
        }
    };
}

pub(crate) use report_sql;
