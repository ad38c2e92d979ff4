//! What citizens are told of their dossiers: each notice written with the
//! event that calls for it and its outbox job (kind `notify`), then marked
//! sent, given up or skipped by the worker that sends it.
//!
//! The contract is the trait; its SQL, written once for both backends, is the
//! `notice_sql!` macro that `sql_store!` expands for each driver.

use async_trait::async_trait;

use crate::sql::timestamp;
use crate::*;

/// The outbox job that sends a notice (subject: the notice's id).
pub const NOTIFY: &str = "notify";

#[async_trait]
pub trait NoticeStore: Send + Sync {
    /// The notices of a dossier, the first written first.
    async fn notices(&self, dossier_id: DossierId) -> Result<Vec<NoticeRecord>>;
    async fn notice(&self, id: i64) -> Result<Option<NoticeRecord>>;
    /// The notice went (`sent`) or cannot go (`skipped`: no way to send it
    /// here); its job is closed with it.
    async fn close_notice(
        &self,
        job: i64,
        id: i64,
        state: &str,
        now: jiff::Timestamp,
    ) -> Result<()>;
    /// Every try to send the notices of a dossier, in order.
    async fn notice_attempts(&self, dossier_id: DossierId) -> Result<Vec<NoticeAttempt>>;
    /// A try failed: tried again from `at` (or given up when `at` is `None`).
    async fn notice_failed(
        &self,
        job: i64,
        id: i64,
        error: &str,
        at: Option<jiff::Timestamp>,
        now: jiff::Timestamp,
    ) -> Result<()>;
}

#[derive(sqlx::FromRow)]
pub(crate) struct NoticeRow {
    id: i64,
    dossier_id: DossierId,
    event_seq: i64,
    kind: String,
    channel: String,
    recipient: String,
    subject: String,
    body: String,
    created_at: i64,
    send_after: i64,
    state: String,
    attempts: i64,
    last_error: Option<String>,
    sent_at: Option<i64>,
}

impl TryFrom<NoticeRow> for NoticeRecord {
    type Error = StoreError;

    fn try_from(r: NoticeRow) -> Result<NoticeRecord> {
        Ok(NoticeRecord {
            id: r.id,
            dossier_id: r.dossier_id,
            event_seq: r.event_seq,
            kind: r.kind,
            channel: r.channel,
            recipient: r.recipient,
            subject: r.subject,
            body: r.body,
            created_at: timestamp(r.created_at)?,
            send_after: timestamp(r.send_after)?,
            state: r.state,
            attempts: r.attempts,
            last_error: r.last_error,
            sent_at: r.sent_at.map(timestamp).transpose()?,
        })
    }
}

pub(crate) const NOTICE_COLUMNS: &str =
    "id, dossier_id, event_seq, kind, channel, recipient, subject, body, \
     created_at, send_after, state, attempts, last_error, sent_at";

macro_rules! notice_sql {
    ($store:ty, $db:ty, $backend:expr) => {
        #[async_trait::async_trait]
        impl NoticeStore for $store {
            async fn notices(&self, dossier_id: DossierId) -> Result<Vec<NoticeRecord>> {
                let sql = format!("SELECT {} FROM notices WHERE dossier_id = $1 ORDER BY id", $crate::notices::NOTICE_COLUMNS);
                sqlx::query_as::<_, $crate::notices::NoticeRow>(&sql)
                    .bind(dossier_id)
                    .fetch_all(&self.read)
                    .await?
                    .into_iter()
                    .map(NoticeRecord::try_from)
                    .collect()
            }

            async fn notice(&self, id: i64) -> Result<Option<NoticeRecord>> {
                let sql = format!("SELECT {} FROM notices WHERE id = $1", $crate::notices::NOTICE_COLUMNS);
                sqlx::query_as::<_, $crate::notices::NoticeRow>(&sql)
                    .bind(id)
                    .fetch_optional(&self.read)
                    .await?
                    .map(NoticeRecord::try_from)
                    .transpose()
            }

            async fn notice_attempts(&self, dossier_id: DossierId) -> Result<Vec<NoticeAttempt>> {
                let rows: Vec<(i64, i64, String, String)> = sqlx::query_as(
                    "SELECT a.notice_id, a.at, a.outcome, a.detail FROM notice_attempts a JOIN notices n ON n.id = a.notice_id \
                     WHERE n.dossier_id = $1 ORDER BY a.id",
                )
                .bind(dossier_id)
                .fetch_all(&self.read)
                .await?;
                rows.into_iter()
                    .map(|(notice_id, at, outcome, detail)| Ok(NoticeAttempt { notice_id, at: timestamp(at)?, outcome, detail }))
                    .collect()
            }

            async fn close_notice(&self, job: i64, id: i64, state: &str, now: jiff::Timestamp) -> Result<()> {
                let mut tx = self.write.begin().await?;
                Self::insert_attempt(&mut tx, id, now, state, "").await?;
                sqlx::query("UPDATE notices SET state = $2, attempts = attempts + 1, sent_at = $3 WHERE id = $1")
                    .bind(id)
                    .bind(state)
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

            async fn notice_failed(&self, job: i64, id: i64, error: &str, at: Option<jiff::Timestamp>, now: jiff::Timestamp) -> Result<()> {
                let mut tx = self.write.begin().await?;
                Self::insert_attempt(&mut tx, id, now, if at.is_some() { "retry" } else { "failed" }, error).await?;
                sqlx::query("UPDATE notices SET state = $2, attempts = attempts + 1, last_error = $3 WHERE id = $1")
                    .bind(id)
                    .bind(if at.is_some() { "queued" } else { "failed" })
                    .bind(error)
                    .execute(&mut *tx)
                    .await?;
                match at {
                    Some(at) => sqlx::query("UPDATE jobs SET locked_until = NULL, run_after = $2, last_error = $3 WHERE id = $1")
                        .bind(job)
                        .bind(at.as_second())
                        .bind(error)
                        .execute(&mut *tx)
                        .await?,
                    None => sqlx::query("UPDATE jobs SET state = 'failed', locked_until = NULL, last_error = $3, done_at = $2 WHERE id = $1")
                        .bind(job)
                        .bind(now.as_second())
                        .bind(error)
                        .execute(&mut *tx)
                        .await?,
                };
                tx.commit().await?;
                Ok(())
            }
        }

        impl $store {
            async fn insert_attempt(tx: &mut sqlx::Transaction<'_, $db>, id: i64, at: jiff::Timestamp, outcome: &str, detail: &str) -> Result<()> {
                sqlx::query("INSERT INTO notice_attempts (notice_id, at, outcome, detail) VALUES ($1, $2, $3, $4)")
                    .bind(id)
                    .bind(at.as_second())
                    .bind(outcome)
                    .bind(detail)
                    .execute(&mut **tx)
                    .await?;
                Ok(())
            }

            /// Writes an event's notices and their jobs, inside its transaction
            /// (`code` replaces [`CODE_MARK`] in their text).
            async fn insert_notices(
                tx: &mut sqlx::Transaction<'_, $db>,
                dossier_id: DossierId,
                event: &Event,
                code: &str,
                notices: &[NewNotice],
            ) -> Result<()> {
                for n in notices {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO notices (dossier_id, event_seq, kind, channel, recipient, subject, body, created_at, send_after) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                    )
                    .bind(dossier_id)
                    .bind(event.seq)
                    .bind(&n.kind)
                    .bind(&n.channel)
                    .bind(&n.recipient)
                    .bind(n.subject.replace(CODE_MARK, code))
                    .bind(n.body.replace(CODE_MARK, code))
                    .bind(event.at.as_second())
                    .bind(n.send_after.as_second())
                    .fetch_one(&mut **tx)
                    .await?;
                    sqlx::query("INSERT INTO jobs (kind, subject, run_after, created_at) VALUES ($1, $2, $3, $4)")
                        .bind($crate::notices::NOTIFY)
                        .bind(id)
                        .bind(n.send_after.as_second())
                        .bind(event.at.as_second())
                        .execute(&mut **tx)
                        .await?;
                }
                Ok(())
            }
        }
    };
}
pub(crate) use notice_sql;
