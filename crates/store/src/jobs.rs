//! Background work that survives a restart: OCR of new scans, for now. A job
//! is written with what it works on, claimed by a worker for a lease (a
//! worker that dies lets it go when the lease runs out), then finished,
//! retried later or given up with its error.
//!
//! The contract is the trait; its SQL, written once for both backends, is the
//! `job_sql!` macro that `sql_store!` expands for each driver.

use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use crate::*;

/// The kind of job that reads a scan's text.
pub const OCR: &str = "ocr";

/// A job a worker holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    /// What the job works on (for OCR, the attachment's id).
    pub subject: i64,
    /// Tries so far, this one included.
    pub attempts: i64,
}

/// Jobs of one kind, by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct JobCounts {
    pub queued: i64,
    pub failed: i64,
    pub done: i64,
}

#[async_trait]
pub trait JobStore: Send + Sync {
    /// The oldest job of `kind` due at `now` that no live lease holds,
    /// now held until `now + lease`; `None` when there is none.
    async fn claim_job(
        &self,
        kind: &str,
        now: Timestamp,
        lease: SignedDuration,
    ) -> Result<Option<Job>>;
    /// Lets the job go, to be tried again from `at`, noting why it failed.
    async fn retry_job(&self, id: i64, error: &str, at: Timestamp) -> Result<()>;
    /// Gives the job up, noting why.
    async fn fail_job(&self, id: i64, error: &str, now: Timestamp) -> Result<()>;
    /// The job is done.
    async fn finish_job(&self, id: i64, now: Timestamp) -> Result<()>;
    /// Stores the text read in a scan and closes its OCR job, together.
    async fn finish_ocr(
        &self,
        job: i64,
        attachment: AttachmentId,
        text: &str,
        now: Timestamp,
    ) -> Result<()>;
    async fn job_counts(&self, kind: &str) -> Result<JobCounts>;
}

macro_rules! job_sql {
    ($store:ty, $db:ty, $backend:expr) => {
        #[async_trait::async_trait]
        impl JobStore for $store {
            async fn claim_job(&self, kind: &str, now: jiff::Timestamp, lease: jiff::SignedDuration) -> Result<Option<$crate::jobs::Job>> {
                // The lease is checked again on the row itself: of two workers
                // that picked the same job, one updates it and the other nothing.
                Ok(sqlx::query_as(
                    "UPDATE jobs SET locked_until = $3, attempts = attempts + 1 \
                     WHERE id = (SELECT id FROM jobs WHERE kind = $1 AND state = 'queued' AND run_after <= $2 \
                                 AND (locked_until IS NULL OR locked_until <= $2) ORDER BY run_after, id LIMIT 1) \
                     AND (locked_until IS NULL OR locked_until <= $2) \
                     RETURNING id, kind, subject, attempts",
                )
                .bind(kind)
                .bind(now.as_second())
                .bind((now + lease).as_second())
                .fetch_optional(&self.write)
                .await?)
            }

            async fn retry_job(&self, id: i64, error: &str, at: jiff::Timestamp) -> Result<()> {
                sqlx::query("UPDATE jobs SET run_after = $2, locked_until = NULL, last_error = $3 WHERE id = $1")
                    .bind(id)
                    .bind(at.as_second())
                    .bind(error)
                    .execute(&self.write)
                    .await?;
                Ok(())
            }

            async fn fail_job(&self, id: i64, error: &str, now: jiff::Timestamp) -> Result<()> {
                sqlx::query("UPDATE jobs SET state = 'failed', locked_until = NULL, last_error = $2, done_at = $3 WHERE id = $1")
                    .bind(id)
                    .bind(error)
                    .bind(now.as_second())
                    .execute(&self.write)
                    .await?;
                Ok(())
            }

            async fn finish_job(&self, id: i64, now: jiff::Timestamp) -> Result<()> {
                sqlx::query("UPDATE jobs SET state = 'done', locked_until = NULL, done_at = $2 WHERE id = $1")
                    .bind(id)
                    .bind(now.as_second())
                    .execute(&self.write)
                    .await?;
                Ok(())
            }

            async fn finish_ocr(&self, job: i64, attachment: AttachmentId, text: &str, now: jiff::Timestamp) -> Result<()> {
                let mut tx = self.write.begin().await?;
                sqlx::query("UPDATE attachments SET ocr_text = $2, ocr_search = $3 WHERE id = $1")
                    .bind(attachment)
                    .bind(text)
                    .bind(motcua_domain::text::fold(text))
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("UPDATE jobs SET state = 'done', locked_until = NULL, done_at = $2 WHERE id = $1")
                    .bind(job)
                    .bind(now.as_second())
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn job_counts(&self, kind: &str) -> Result<$crate::jobs::JobCounts> {
                let rows: Vec<(String, i64)> = sqlx::query_as("SELECT state, COUNT(*) FROM jobs WHERE kind = $1 GROUP BY state")
                    .bind(kind)
                    .fetch_all(&self.read)
                    .await?;
                let mut c = $crate::jobs::JobCounts::default();
                for (state, n) in rows {
                    match state.as_str() {
                        "queued" => c.queued = n,
                        "failed" => c.failed = n,
                        "done" => c.done = n,
                        _ => {}
                    }
                }
                Ok(c)
            }
        }
    };
}

pub(crate) use job_sql;
