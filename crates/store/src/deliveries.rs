//! Results sent by public postal service: the parcels of each dossier, the
//! carrier's tracking updates as they came (applied or not, each once), and
//! the outbox job that sends an order to the carrier. A parcel is written
//! with the dossier's ship-by-post event, an applied update with its
//! postal-update event (`DossierStore::append_events` with a
//! `DeliveryChange`); here they are read back, an update that changes
//! nothing is kept, and the carrier's acceptance of an order is noted with
//! its job closed.
//!
//! The contract is the trait; its SQL, written once for both backends, is the
//! `delivery_sql!` macro that `sql_store!` expands for each driver.

use async_trait::async_trait;

use crate::sql::timestamp;
use crate::*;

/// The outbox job that sends a new order to the carrier (subject: the
/// delivery's id).
pub const CARRIER_CREATE: &str = "carrier-create";

/// The outbox job that asks the carrier to cancel an order it took
/// (subject: the delivery's id).
pub const CARRIER_CANCEL: &str = "carrier-cancel";

#[async_trait]
pub trait DeliveryStore: Send + Sync {
    /// The parcels of a dossier, the first sent first.
    async fn deliveries(&self, dossier_id: DossierId) -> Result<Vec<DeliveryRecord>>;
    async fn delivery(&self, id: DeliveryId) -> Result<Option<DeliveryRecord>>;
    /// The parcel with this tracking code, or this order id at the carrier.
    async fn delivery_by_tracking(&self, code: &str) -> Result<Option<DeliveryRecord>>;
    /// Parcels of `centers` (everywhere when `None`) in `states` (all when
    /// empty), the most recently changed first.
    async fn delivery_list(
        &self,
        centers: Option<&[CenterId]>,
        states: &[DeliveryState],
        limit: i64,
    ) -> Result<Vec<DeliveryRecord>>;
    /// Per center (of `centers`, or all), the parcels sent in `[from, to)`.
    async fn delivery_tallies(
        &self,
        centers: Option<&[CenterId]>,
        from: jiff::Timestamp,
        to: jiff::Timestamp,
    ) -> Result<Vec<DeliveryTally>>;
    /// Adds pre-issued tracking codes to the pool, for a center or for any;
    /// (added, already there).
    async fn add_tracking_codes(
        &self,
        center: Option<CenterId>,
        codes: &[TrackingCode],
        now: jiff::Timestamp,
    ) -> Result<(u64, u64)>;
    /// The next free code for a center (its own first, then one for any).
    async fn free_tracking_code(&self, center: CenterId) -> Result<Option<TrackingCode>>;
    /// How many free codes a center may still take.
    async fn tracking_codes_left(&self, center: CenterId) -> Result<i64>;
    /// The outbox job of a parcel's order: its state (`queued`, `done`,
    /// `failed`), tries and last error.
    async fn carrier_job(&self, id: DeliveryId) -> Result<Option<CarrierJob>>;
    /// Asks the carrier to cancel the order of a parcel it took, through the
    /// outbox; `false` when a request is already waiting.
    async fn request_carrier_cancel(&self, id: DeliveryId, now: jiff::Timestamp) -> Result<bool>;
    /// The outbox job asking the carrier to cancel a parcel's order, if any.
    async fn carrier_cancel_job(&self, id: DeliveryId) -> Result<Option<CarrierJob>>;
    /// Sends a given-up order again from `now`; `false` when it was not given up.
    async fn retry_carrier_job(&self, id: DeliveryId, now: jiff::Timestamp) -> Result<bool>;
    /// The carrier's updates of a parcel, in the order they came.
    async fn delivery_updates(&self, id: DeliveryId) -> Result<Vec<DeliveryUpdateRecord>>;
    /// Keeps an update that changes nothing (`outcome`: out-of-order or
    /// impossible); `false` when one with its id was already kept (a replay).
    async fn keep_delivery_update(
        &self,
        id: DeliveryId,
        update: &DeliveryUpdate,
        outcome: &str,
        now: jiff::Timestamp,
    ) -> Result<bool>;
    /// The carrier took the order: its id there and the tracking code it
    /// gave (a code from the pool stays), with the outbox job closed.
    async fn carrier_accepted(
        &self,
        job: i64,
        id: DeliveryId,
        carrier_order: &str,
        tracking: &str,
        now: jiff::Timestamp,
    ) -> Result<()>;
}

#[derive(sqlx::FromRow)]
pub(crate) struct DeliveryRow {
    id: DeliveryId,
    dossier_id: DossierId,
    center_id: CenterId,
    event_seq: i64,
    order_number: String,
    tracking: Option<String>,
    carrier_order: Option<String>,
    receiver_name: String,
    receiver_address: String,
    receiver_ward: String,
    receiver_phone: String,
    postage: i64,
    cod: i64,
    state: String,
    last_seq: i64,
    failed_attempts: i64,
    account_id: Option<AccountId>,
    created_at: i64,
    updated_at: i64,
    delivered_at: Option<i64>,
    received_by: Option<String>,
    proof_blob: Option<String>,
}

fn count(n: i64) -> u32 {
    n.clamp(0, i64::from(u32::MAX)) as u32
}

impl TryFrom<DeliveryRow> for DeliveryRecord {
    type Error = StoreError;

    fn try_from(r: DeliveryRow) -> Result<DeliveryRecord> {
        Ok(DeliveryRecord {
            id: r.id,
            dossier_id: r.dossier_id,
            center_id: r.center_id,
            event_seq: r.event_seq,
            order_number: r.order_number,
            tracking: r.tracking,
            carrier_order: r.carrier_order,
            receiver_name: r.receiver_name,
            receiver_address: r.receiver_address,
            receiver_ward: r.receiver_ward,
            receiver_phone: r.receiver_phone,
            postage: motcua_domain::Vnd(r.postage),
            cod: motcua_domain::Vnd(r.cod),
            state: crate::sql::parse(&r.state, "delivery state")?,
            last_seq: count(r.last_seq),
            failed_attempts: count(r.failed_attempts),
            account_id: r.account_id,
            created_at: timestamp(r.created_at)?,
            updated_at: timestamp(r.updated_at)?,
            delivered_at: r.delivered_at.map(timestamp).transpose()?,
            received_by: r.received_by,
            proof_blob: r.proof_blob,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct UpdateRow {
    event_id: String,
    seq: i64,
    state: String,
    at: i64,
    note: String,
    received_by: Option<String>,
    proof_blob: Option<String>,
    outcome: String,
    recorded_at: i64,
}

impl TryFrom<UpdateRow> for DeliveryUpdateRecord {
    type Error = StoreError;

    fn try_from(r: UpdateRow) -> Result<DeliveryUpdateRecord> {
        Ok(DeliveryUpdateRecord {
            update: DeliveryUpdate {
                event_id: r.event_id,
                seq: count(r.seq),
                state: crate::sql::parse(&r.state, "delivery state")?,
                at: timestamp(r.at)?,
                note: r.note,
                received_by: r.received_by,
                proof_blob: r.proof_blob,
            },
            outcome: r.outcome,
            recorded_at: timestamp(r.recorded_at)?,
        })
    }
}

pub(crate) const DELIVERY_COLUMNS: &str =
    "id, dossier_id, center_id, event_seq, order_number, tracking, carrier_order, receiver_name, \
     receiver_address, receiver_ward, receiver_phone, postage, cod, state, last_seq, failed_attempts, \
     account_id, created_at, updated_at, delivered_at, received_by, proof_blob";

macro_rules! delivery_sql {
    ($store:ty, $db:ty, $backend:expr) => {
        #[async_trait::async_trait]
        impl DeliveryStore for $store {
            async fn deliveries(&self, dossier_id: DossierId) -> Result<Vec<DeliveryRecord>> {
                let sql = format!("SELECT {} FROM deliveries WHERE dossier_id = $1 ORDER BY id", $crate::deliveries::DELIVERY_COLUMNS);
                self.delivery_rows(sqlx::query_as(&sql).bind(dossier_id)).await
            }

            async fn delivery(&self, id: DeliveryId) -> Result<Option<DeliveryRecord>> {
                let sql = format!("SELECT {} FROM deliveries WHERE id = $1", $crate::deliveries::DELIVERY_COLUMNS);
                Ok(self.delivery_rows(sqlx::query_as(&sql).bind(id)).await?.pop())
            }

            async fn delivery_by_tracking(&self, code: &str) -> Result<Option<DeliveryRecord>> {
                let sql = format!(
                    "SELECT {} FROM deliveries WHERE tracking = $1 OR carrier_order = $1 ORDER BY id LIMIT 1",
                    $crate::deliveries::DELIVERY_COLUMNS
                );
                Ok(self.delivery_rows(sqlx::query_as(&sql).bind(code)).await?.pop())
            }

            async fn delivery_list(&self, centers: Option<&[CenterId]>, states: &[DeliveryState], limit: i64) -> Result<Vec<DeliveryRecord>> {
                let mut b = sqlx::QueryBuilder::<$db>::new(format!(
                    "SELECT {} FROM deliveries WHERE 1 = 1",
                    $crate::deliveries::DELIVERY_COLUMNS
                ));
                if let Some(centers) = centers {
                    b.push(" AND center_id IN (");
                    let mut ids = b.separated(", ");
                    ids.push_bind(CenterId(-1));
                    for c in centers {
                        ids.push_bind(*c);
                    }
                    b.push(")");
                }
                if !states.is_empty() {
                    b.push(" AND state IN (");
                    let mut codes = b.separated(", ");
                    for s in states {
                        codes.push_bind(s.code());
                    }
                    b.push(")");
                }
                b.push(" ORDER BY updated_at DESC, id DESC LIMIT ");
                b.push_bind(limit);
                b.build_query_as::<$crate::deliveries::DeliveryRow>()
                    .fetch_all(&self.read)
                    .await?
                    .into_iter()
                    .map(DeliveryRecord::try_from)
                    .collect()
            }

            async fn delivery_tallies(&self, centers: Option<&[CenterId]>, from: jiff::Timestamp, to: jiff::Timestamp) -> Result<Vec<DeliveryTally>> {
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "SELECT center_id, COUNT(*) AS sent, \
                     CAST(SUM(CASE WHEN state = 'delivered' THEN 1 ELSE 0 END) AS BIGINT) AS delivered, \
                     CAST(SUM(CASE WHEN state = 'delivered' AND failed_attempts = 0 THEN 1 ELSE 0 END) AS BIGINT) AS first_attempt, \
                     CAST(SUM(CASE WHEN state = 'returned' THEN 1 ELSE 0 END) AS BIGINT) AS returned, \
                     CAST(SUM(CASE WHEN state IN ('created', 'handed-over', 'in-transit', 'failed-attempt') THEN 1 ELSE 0 END) AS BIGINT) AS in_progress, \
                     CAST(SUM(failed_attempts) AS BIGINT) AS failed_attempts, \
                     CAST(SUM(CASE WHEN state = 'delivered' AND delivered_at IS NOT NULL THEN delivered_at - created_at ELSE 0 END) AS BIGINT) AS seconds_to_deliver \
                     FROM deliveries WHERE created_at >= ",
                );
                b.push_bind(from.as_second());
                b.push(" AND created_at < ");
                b.push_bind(to.as_second());
                if let Some(centers) = centers {
                    b.push(" AND center_id IN (");
                    let mut ids = b.separated(", ");
                    ids.push_bind(CenterId(-1));
                    for c in centers {
                        ids.push_bind(*c);
                    }
                    b.push(")");
                }
                b.push(" GROUP BY center_id ORDER BY center_id");
                Ok(b.build_query_as::<DeliveryTally>().fetch_all(&self.read).await?)
            }

            async fn add_tracking_codes(&self, center: Option<CenterId>, codes: &[TrackingCode], now: jiff::Timestamp) -> Result<(u64, u64)> {
                let mut tx = self.write.begin().await?;
                let (mut added, mut there) = (0, 0);
                for code in codes {
                    let exists: Option<String> = sqlx::query_scalar("SELECT code FROM tracking_codes WHERE code = $1")
                        .bind(code.as_str())
                        .fetch_optional(&mut *tx)
                        .await?;
                    if exists.is_some() {
                        there += 1;
                        continue;
                    }
                    sqlx::query("INSERT INTO tracking_codes (code, center_id, added_at) VALUES ($1, $2, $3)")
                        .bind(code.as_str())
                        .bind(center)
                        .bind(now.as_second())
                        .execute(&mut *tx)
                        .await?;
                    added += 1;
                }
                tx.commit().await?;
                Ok((added, there))
            }

            async fn free_tracking_code(&self, center: CenterId) -> Result<Option<TrackingCode>> {
                let code: Option<String> = sqlx::query_scalar(
                    "SELECT code FROM tracking_codes WHERE delivery_id IS NULL AND (center_id = $1 OR center_id IS NULL) \
                     AND code NOT IN (SELECT tracking FROM deliveries WHERE tracking IS NOT NULL) \
                     ORDER BY CASE WHEN center_id IS NULL THEN 1 ELSE 0 END, code LIMIT 1",
                )
                .bind(center)
                .fetch_optional(&self.read)
                .await?;
                code.map(|c| crate::sql::parse(&c, "tracking code")).transpose()
            }

            async fn tracking_codes_left(&self, center: CenterId) -> Result<i64> {
                Ok(sqlx::query_scalar(
                    "SELECT COUNT(*) FROM tracking_codes WHERE delivery_id IS NULL AND (center_id = $1 OR center_id IS NULL)",
                )
                .bind(center)
                .fetch_one(&self.read)
                .await?)
            }

            async fn carrier_job(&self, id: DeliveryId) -> Result<Option<CarrierJob>> {
                Ok(sqlx::query_as(
                    "SELECT state, attempts, last_error, locked_until FROM jobs WHERE kind = $1 AND subject = $2 ORDER BY id DESC LIMIT 1",
                )
                .bind($crate::deliveries::CARRIER_CREATE)
                .bind(id.0)
                .fetch_optional(&self.read)
                .await?)
            }

            async fn request_carrier_cancel(&self, id: DeliveryId, now: jiff::Timestamp) -> Result<bool> {
                let mut tx = self.write.begin().await?;
                let waiting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE kind = $1 AND subject = $2 AND state = 'queued'")
                    .bind($crate::deliveries::CARRIER_CANCEL)
                    .bind(id.0)
                    .fetch_one(&mut *tx)
                    .await?;
                if waiting > 0 {
                    return Ok(false);
                }
                sqlx::query("INSERT INTO jobs (kind, subject, run_after, created_at) VALUES ($1, $2, $3, $3)")
                    .bind($crate::deliveries::CARRIER_CANCEL)
                    .bind(id.0)
                    .bind(now.as_second())
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn carrier_cancel_job(&self, id: DeliveryId) -> Result<Option<CarrierJob>> {
                Ok(sqlx::query_as(
                    "SELECT state, attempts, last_error, locked_until FROM jobs WHERE kind = $1 AND subject = $2 ORDER BY id DESC LIMIT 1",
                )
                .bind($crate::deliveries::CARRIER_CANCEL)
                .bind(id.0)
                .fetch_optional(&self.read)
                .await?)
            }

            async fn retry_carrier_job(&self, id: DeliveryId, now: jiff::Timestamp) -> Result<bool> {
                let done = sqlx::query(
                    "UPDATE jobs SET state = 'queued', attempts = 0, run_after = $3, locked_until = NULL, done_at = NULL \
                     WHERE kind = $1 AND subject = $2 AND state = 'failed'",
                )
                .bind($crate::deliveries::CARRIER_CREATE)
                .bind(id.0)
                .bind(now.as_second())
                .execute(&self.write)
                .await?;
                Ok(done.rows_affected() > 0)
            }

            async fn delivery_updates(&self, id: DeliveryId) -> Result<Vec<DeliveryUpdateRecord>> {
                sqlx::query_as::<_, $crate::deliveries::UpdateRow>(
                    "SELECT event_id, seq, state, at, note, received_by, proof_blob, outcome, recorded_at \
                     FROM delivery_updates WHERE delivery_id = $1 ORDER BY id",
                )
                .bind(id)
                .fetch_all(&self.read)
                .await?
                .into_iter()
                .map(DeliveryUpdateRecord::try_from)
                .collect()
            }

            async fn keep_delivery_update(&self, id: DeliveryId, update: &DeliveryUpdate, outcome: &str, now: jiff::Timestamp) -> Result<bool> {
                let mut tx = self.write.begin().await?;
                let kept = Self::insert_delivery_update(&mut tx, id, update, outcome, now).await?;
                tx.commit().await?;
                Ok(kept)
            }

            async fn carrier_accepted(&self, job: i64, id: DeliveryId, carrier_order: &str, tracking: &str, now: jiff::Timestamp) -> Result<()> {
                let mut tx = self.write.begin().await?;
                sqlx::query(
                    "UPDATE deliveries SET carrier_order = $2, tracking = COALESCE(tracking, $3), updated_at = $4 WHERE id = $1",
                )
                .bind(id)
                .bind(carrier_order)
                .bind(tracking)
                .bind(now.as_second())
                .execute(&mut *tx)
                .await?;
                sqlx::query("UPDATE jobs SET state = 'done', done_at = $2, locked_until = NULL WHERE id = $1")
                    .bind(job)
                    .bind(now.as_second())
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }
        }

        impl $store {
            async fn delivery_rows<'q>(
                &self,
                query: sqlx::query::QueryAs<'q, $db, $crate::deliveries::DeliveryRow, <$db as sqlx::Database>::Arguments<'q>>,
            ) -> Result<Vec<DeliveryRecord>> {
                query
                    .fetch_all(&self.read)
                    .await?
                    .into_iter()
                    .map(DeliveryRecord::try_from)
                    .collect()
            }

            /// `false` when the update's id was already kept for this parcel.
            async fn insert_delivery_update(
                tx: &mut sqlx::Transaction<'_, $db>,
                id: DeliveryId,
                u: &DeliveryUpdate,
                outcome: &str,
                now: jiff::Timestamp,
            ) -> Result<bool> {
                let seen: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM delivery_updates WHERE delivery_id = $1 AND event_id = $2",
                )
                .bind(id)
                .bind(&u.event_id)
                .fetch_optional(&mut **tx)
                .await?;
                if seen.is_some() {
                    return Ok(false);
                }
                sqlx::query(
                    "INSERT INTO delivery_updates (delivery_id, event_id, seq, state, at, note, received_by, proof_blob, outcome, recorded_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(id)
                .bind(&u.event_id)
                .bind(i64::from(u.seq))
                .bind(u.state.code())
                .bind(u.at.as_second())
                .bind(&u.note)
                .bind(&u.received_by)
                .bind(&u.proof_blob)
                .bind(outcome)
                .bind(now.as_second())
                .execute(&mut **tx)
                .await?;
                Ok(true)
            }

            /// Writes what an event does to the dossier's parcel, inside its transaction.
            async fn change_delivery(
                tx: &mut sqlx::Transaction<'_, $db>,
                dossier_id: DossierId,
                event: &Event,
                change: &DeliveryChange,
            ) -> Result<()> {
                match change {
                    DeliveryChange::Ship(d) => {
                        let id: DeliveryId = sqlx::query_scalar(
                            "INSERT INTO deliveries (dossier_id, center_id, event_seq, order_number, tracking, receiver_name, \
                             receiver_address, receiver_ward, receiver_phone, postage, cod, state, account_id, created_at, updated_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'created', $12, $13, $13) RETURNING id",
                        )
                        .bind(dossier_id)
                        .bind(d.center_id)
                        .bind(event.seq)
                        .bind(&d.order_number)
                        .bind(&d.tracking)
                        .bind(&d.receiver_name)
                        .bind(&d.receiver_address)
                        .bind(&d.receiver_ward)
                        .bind(&d.receiver_phone)
                        .bind(d.postage.0)
                        .bind(d.cod.0)
                        .bind(d.account_id)
                        .bind(event.at.as_second())
                        .fetch_one(&mut **tx)
                        .await?;
                        // A code from the pool is now this parcel's (a code taken
                        // meanwhile fails on the parcels' unique tracking: a conflict).
                        if let Some(code) = &d.tracking {
                            sqlx::query("UPDATE tracking_codes SET delivery_id = $1 WHERE code = $2 AND delivery_id IS NULL")
                                .bind(id)
                                .bind(code)
                                .execute(&mut **tx)
                                .await?;
                        }
                        // The outbox: the order goes to the carrier after the commit,
                        // by a worker that survives restarts.
                        sqlx::query("INSERT INTO jobs (kind, subject, run_after, created_at) VALUES ($1, $2, $3, $3)")
                            .bind($crate::deliveries::CARRIER_CREATE)
                            .bind(id.0)
                            .bind(event.at.as_second())
                            .execute(&mut **tx)
                            .await?;
                    }
                    DeliveryChange::Update { delivery, expected_seq, update } => {
                        if !Self::insert_delivery_update(tx, *delivery, update, "applied", event.at).await? {
                            return Err(StoreError::Conflict(format!("update {} of delivery {delivery} is already recorded", update.event_id)));
                        }
                        let delivered = update.state == DeliveryState::Delivered;
                        let moved = sqlx::query(
                            "UPDATE deliveries SET state = $3, last_seq = $4, updated_at = $5, \
                             failed_attempts = failed_attempts + $6, \
                             delivered_at = CASE WHEN $7 THEN $8 ELSE delivered_at END, \
                             received_by = COALESCE($9, received_by), proof_blob = COALESCE($10, proof_blob) \
                             WHERE id = $1 AND last_seq = $2 AND dossier_id = $11",
                        )
                        .bind(*delivery)
                        .bind(i64::from(*expected_seq))
                        .bind(update.state.code())
                        .bind(i64::from(update.seq))
                        .bind(event.at.as_second())
                        .bind(i64::from(update.state == DeliveryState::FailedAttempt))
                        .bind(delivered)
                        .bind(update.at.as_second())
                        .bind(&update.received_by)
                        .bind(&update.proof_blob)
                        .bind(dossier_id)
                        .execute(&mut **tx)
                        .await?;
                        if moved.rows_affected() != 1 {
                            return Err(StoreError::Conflict(format!("delivery {delivery} moved since it was read")));
                        }
                        // Cancelled before the carrier took it: the order is not sent.
                        if update.state == DeliveryState::Cancelled {
                            sqlx::query(
                                "UPDATE jobs SET state = 'done', locked_until = NULL, done_at = $3, last_error = 'cancelled' \
                                 WHERE kind = $1 AND subject = $2 AND state IN ('queued', 'failed')",
                            )
                            .bind($crate::deliveries::CARRIER_CREATE)
                            .bind(delivery.0)
                            .bind(event.at.as_second())
                            .execute(&mut **tx)
                            .await?;
                        }
                    }
                }
                Ok(())
            }
        }
    };
}
pub(crate) use delivery_sql;
