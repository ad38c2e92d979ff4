//! Citizens' opinions and complaints (PAKN). A PAKN's code is its center's
//! next number of the day (`PAKN-{center}-{yyMMdd}-{NNNN}`), allocated in the
//! transaction that writes it, which also notes whether the same sender
//! wrote about the same thing within the repeat window. Each step of the
//! handling rewrites the row's workflow and appends a history row in one
//! transaction, guarded by the row's version: a step decided on a stale
//! read is a `Conflict` and writes nothing.
//!
//! The contract is the trait; its SQL, written once for both backends, is the
//! `feedback_sql!` macro that `sql_store!` expands for each driver.

use async_trait::async_trait;
use jiff::civil::Date;
use jiff::Timestamp;
use motcua_domain::feedback::{Category, FeedbackStatus, Workflow};
use motcua_domain::ids::FeedbackId;

use crate::sql::{parse, timestamp};
use crate::*;

/// A PAKN to write: its code is allocated when it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFeedback {
    pub center_id: CenterId,
    /// The service day in Vietnam (the code's `yyMMdd`).
    pub day: Date,
    pub dossier_id: Option<DossierId>,
    pub category: Category,
    pub content: String,
    pub sender_name: String,
    pub sender_phone: Option<String>,
    pub sender_email: Option<String>,
    /// A digest of the sender's contact; empty: never a repeat.
    pub contact_key: String,
    pub received_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackRecord {
    pub id: FeedbackId,
    pub code: String,
    pub center_id: CenterId,
    pub center_name: String,
    pub dossier_id: Option<DossierId>,
    pub dossier_code: Option<String>,
    pub category: Category,
    pub content: String,
    pub sender_name: String,
    pub sender_phone: Option<String>,
    pub sender_email: Option<String>,
    pub repeated: bool,
    pub workflow: Workflow,
    pub assigned_name: Option<String>,
    /// Moves with each step: what a change must name.
    pub version: i64,
}

/// One step of a PAKN's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackStep {
    pub at: Timestamp,
    pub step: String,
    pub actor_id: Option<AccountId>,
    pub actor_name: Option<String>,
    pub from: FeedbackStatus,
    pub to: FeedbackStatus,
    pub note: String,
}

/// A step to write: the workflow it leads to, and its history row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackChange {
    pub workflow: Workflow,
    pub step: String,
    pub actor_id: Option<AccountId>,
    pub note: String,
    pub at: Timestamp,
}

/// Which PAKN a list holds (newest first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedbackFilter {
    /// Those of these centers; `None`: every center.
    pub centers: Option<Vec<CenterId>>,
    pub status: Option<FeedbackStatus>,
    pub dossier_id: Option<DossierId>,
    pub limit: u32,
}

/// An answer on the portal: no personal data, only the published texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedFeedback {
    pub code: String,
    pub center_id: CenterId,
    pub center_name: String,
    pub category: Category,
    pub question: String,
    pub answer: String,
    pub received_at: Timestamp,
    pub published_at: Timestamp,
}

#[async_trait]
pub trait FeedbackStore: Send + Sync {
    /// Writes a PAKN with its center's next number of the day, notes whether
    /// it repeats one of the same sender (same contact, same center, same
    /// category or dossier, within `repeat_since`), and its first history row.
    async fn create_feedback(
        &self,
        f: &NewFeedback,
        repeat_since: Timestamp,
    ) -> Result<FeedbackRecord>;
    async fn feedback(&self, code: &str) -> Result<Option<FeedbackRecord>>;
    async fn feedback_list(&self, filter: &FeedbackFilter) -> Result<Vec<FeedbackRecord>>;
    /// A PAKN's steps, oldest first.
    async fn feedback_history(&self, id: FeedbackId) -> Result<Vec<FeedbackStep>>;
    /// Writes a step if the row is still at `expected_version` (else a
    /// `Conflict`, nothing written), with its history row.
    async fn change_feedback(
        &self,
        id: FeedbackId,
        expected_version: i64,
        change: &FeedbackChange,
    ) -> Result<FeedbackRecord>;
    /// A center's PAKN received in `[from, to)`.
    async fn feedback_received_between(
        &self,
        center_id: CenterId,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<FeedbackRecord>>;
    /// Published answers, newest first: of one center or all, whose
    /// published texts or code hold the words of `search` (diacritics ignored).
    async fn published_feedback(
        &self,
        center_id: Option<CenterId>,
        search: Option<&str>,
        limit: u32,
    ) -> Result<Vec<PublishedFeedback>>;
}

pub(crate) const FEEDBACK_SELECT: &str = "SELECT f.id, f.code, f.center_id, c.name AS center_name, f.dossier_id, d.code AS dossier_code, \
     f.category, f.content, f.sender_name, f.sender_phone, f.sender_email, f.repeated, f.received_at, f.status, \
     f.assigned_to, COALESCE(s.full_name, a.username) AS assigned_name, f.assigned_at, f.refused_at, f.refusal_reason, \
     f.info_asked_at, f.info_request, f.info_given_at, f.info_reply, f.paused_seconds, f.answered_at, f.answered_by, f.answer, \
     f.published_at, f.published_question, f.published_answer, f.closed_at, f.rating, f.rated_at, f.rating_comment, f.version \
     FROM feedback f JOIN centers c ON c.id = f.center_id LEFT JOIN dossiers d ON d.id = f.dossier_id \
     LEFT JOIN accounts a ON a.id = f.assigned_to LEFT JOIN staff s ON s.id = a.staff_id";

#[derive(sqlx::FromRow)]
pub(crate) struct FeedbackRow {
    id: FeedbackId,
    code: String,
    center_id: CenterId,
    center_name: String,
    dossier_id: Option<DossierId>,
    dossier_code: Option<String>,
    category: String,
    content: String,
    sender_name: String,
    sender_phone: Option<String>,
    sender_email: Option<String>,
    repeated: bool,
    received_at: i64,
    status: String,
    assigned_to: Option<AccountId>,
    assigned_name: Option<String>,
    assigned_at: Option<i64>,
    refused_at: Option<i64>,
    refusal_reason: String,
    info_asked_at: Option<i64>,
    info_request: String,
    info_given_at: Option<i64>,
    info_reply: String,
    paused_seconds: i64,
    answered_at: Option<i64>,
    answered_by: Option<AccountId>,
    answer: String,
    published_at: Option<i64>,
    published_question: String,
    published_answer: String,
    closed_at: Option<i64>,
    rating: Option<String>,
    rated_at: Option<i64>,
    rating_comment: String,
    version: i64,
}

fn at(t: Option<i64>) -> Result<Option<Timestamp>> {
    t.map(timestamp).transpose()
}

impl FeedbackRow {
    pub(crate) fn into_record(self) -> Result<FeedbackRecord> {
        let workflow = Workflow {
            status: parse(&self.status, "feedback status")?,
            received_at: timestamp(self.received_at)?,
            assigned_to: self.assigned_to,
            assigned_at: at(self.assigned_at)?,
            refused_at: at(self.refused_at)?,
            refusal_reason: self.refusal_reason,
            info_asked_at: at(self.info_asked_at)?,
            info_request: self.info_request,
            info_given_at: at(self.info_given_at)?,
            info_reply: self.info_reply,
            paused_seconds: self.paused_seconds,
            answered_at: at(self.answered_at)?,
            answered_by: self.answered_by,
            answer: self.answer,
            published_at: at(self.published_at)?,
            published_question: self.published_question,
            published_answer: self.published_answer,
            closed_at: at(self.closed_at)?,
            rating: self
                .rating
                .as_deref()
                .map(|r| parse(r, "rating"))
                .transpose()?,
            rated_at: at(self.rated_at)?,
            rating_comment: self.rating_comment,
        };
        Ok(FeedbackRecord {
            id: self.id,
            code: self.code,
            center_id: self.center_id,
            center_name: self.center_name,
            dossier_id: self.dossier_id,
            dossier_code: self.dossier_code,
            category: parse(&self.category, "feedback category")?,
            content: self.content,
            sender_name: self.sender_name,
            sender_phone: self.sender_phone,
            sender_email: self.sender_email,
            repeated: self.repeated,
            workflow,
            assigned_name: self.assigned_to.and(self.assigned_name),
            version: self.version,
        })
    }
}

pub(crate) fn records(rows: Vec<FeedbackRow>) -> Result<Vec<FeedbackRecord>> {
    rows.into_iter().map(FeedbackRow::into_record).collect()
}

#[derive(sqlx::FromRow)]
pub(crate) struct StepRow {
    at: i64,
    step: String,
    actor_id: Option<AccountId>,
    actor_name: Option<String>,
    from_status: String,
    to_status: String,
    note: String,
}

pub(crate) fn steps(rows: Vec<StepRow>) -> Result<Vec<FeedbackStep>> {
    rows.into_iter()
        .map(|r| {
            Ok(FeedbackStep {
                at: timestamp(r.at)?,
                step: r.step,
                actor_name: r.actor_id.and(r.actor_name),
                actor_id: r.actor_id,
                from: parse(&r.from_status, "feedback status")?,
                to: parse(&r.to_status, "feedback status")?,
                note: r.note,
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
pub(crate) struct PublishedRow {
    code: String,
    center_id: CenterId,
    center_name: String,
    category: String,
    published_question: String,
    published_answer: String,
    received_at: i64,
    published_at: i64,
}

pub(crate) fn published(rows: Vec<PublishedRow>) -> Result<Vec<PublishedFeedback>> {
    rows.into_iter()
        .map(|r| {
            Ok(PublishedFeedback {
                code: r.code,
                center_id: r.center_id,
                center_name: r.center_name,
                category: parse(&r.category, "feedback category")?,
                question: r.published_question,
                answer: r.published_answer,
                received_at: timestamp(r.received_at)?,
                published_at: timestamp(r.published_at)?,
            })
        })
        .collect()
}

/// The published texts and the code, folded for the portal's search.
pub(crate) fn search_key(code: &str, w: &Workflow) -> String {
    if w.published_at.is_none() {
        return String::new();
    }
    motcua_domain::text::fold(&format!(
        "{code} {} {}",
        w.published_question, w.published_answer
    ))
}

/// `PAKN-12-261127-0003`.
pub(crate) fn feedback_code(center: CenterId, day: Date, seq: i64) -> String {
    format!("PAKN-{center}-{}-{seq:04}", day.strftime("%y%m%d"))
}

macro_rules! feedback_sql {
    ($store:ty, $db:ty, $backend:expr) => {
        impl $store {
            async fn feedback_in(
                tx: &mut sqlx::Transaction<'_, $db>,
                id: motcua_domain::ids::FeedbackId,
            ) -> Result<$crate::feedback::FeedbackRecord> {
                let sql = format!("{} WHERE f.id = $1", $crate::feedback::FEEDBACK_SELECT);
                let row: $crate::feedback::FeedbackRow = sqlx::query_as(&sql)
                    .bind(id)
                    .fetch_optional(&mut **tx)
                    .await?
                    .ok_or_else(|| StoreError::NotFound(format!("feedback {id}")))?;
                row.into_record()
            }
        }

        #[async_trait::async_trait]
        impl $crate::feedback::FeedbackStore for $store {
            async fn create_feedback(
                &self,
                f: &$crate::feedback::NewFeedback,
                repeat_since: jiff::Timestamp,
            ) -> Result<$crate::feedback::FeedbackRecord> {
                let mut tx = self.write.begin().await?;
                let day = date_text(f.day);
                let last: Option<i64> = sqlx::query_scalar(
                    "SELECT MAX(seq) FROM feedback WHERE center_id = $1 AND day = $2",
                )
                .bind(f.center_id)
                .bind(&day)
                .fetch_one(&mut *tx)
                .await?;
                let seq = last.unwrap_or(0) + 1;
                let repeats: i64 = if f.contact_key.is_empty() {
                    0
                } else {
                    sqlx::query_scalar(
                        "SELECT COUNT(*) FROM feedback WHERE contact_key = $1 AND center_id = $2 AND received_at >= $3 \
                         AND (category = $4 OR (dossier_id IS NOT NULL AND dossier_id = $5))",
                    )
                    .bind(&f.contact_key)
                    .bind(f.center_id)
                    .bind(repeat_since.as_second())
                    .bind(f.category.code())
                    .bind(f.dossier_id)
                    .fetch_one(&mut *tx)
                    .await?
                };
                let code = $crate::feedback::feedback_code(f.center_id, f.day, seq);
                let id: motcua_domain::ids::FeedbackId = sqlx::query_scalar(
                    "INSERT INTO feedback (code, center_id, day, seq, dossier_id, category, content, sender_name, sender_phone, \
                     sender_email, contact_key, repeated, received_at, status) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'received') RETURNING id",
                )
                .bind(&code)
                .bind(f.center_id)
                .bind(&day)
                .bind(seq)
                .bind(f.dossier_id)
                .bind(f.category.code())
                .bind(&f.content)
                .bind(&f.sender_name)
                .bind(&f.sender_phone)
                .bind(&f.sender_email)
                .bind(&f.contact_key)
                .bind(repeats > 0)
                .bind(f.received_at.as_second())
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO feedback_history (feedback_id, at, step, actor_id, from_status, to_status, note) \
                     VALUES ($1, $2, 'send', NULL, 'received', 'received', '')",
                )
                .bind(id)
                .bind(f.received_at.as_second())
                .execute(&mut *tx)
                .await?;
                let record = Self::feedback_in(&mut tx, id).await?;
                tx.commit().await?;
                Ok(record)
            }

            async fn feedback(&self, code: &str) -> Result<Option<$crate::feedback::FeedbackRecord>> {
                let sql = format!("{} WHERE f.code = $1", $crate::feedback::FEEDBACK_SELECT);
                let row: Option<$crate::feedback::FeedbackRow> =
                    sqlx::query_as(&sql).bind(code).fetch_optional(&self.read).await?;
                row.map(|r| r.into_record()).transpose()
            }

            async fn feedback_list(
                &self,
                filter: &$crate::feedback::FeedbackFilter,
            ) -> Result<Vec<$crate::feedback::FeedbackRecord>> {
                let mut b = sqlx::QueryBuilder::<$db>::new($crate::feedback::FEEDBACK_SELECT);
                b.push(" WHERE 1 = 1");
                if let Some(centers) = &filter.centers {
                    if centers.is_empty() {
                        return Ok(Vec::new());
                    }
                    b.push(" AND f.center_id IN (");
                    let mut s = b.separated(", ");
                    for c in centers {
                        s.push_bind(*c);
                    }
                    b.push(")");
                }
                if let Some(status) = filter.status {
                    b.push(" AND f.status = ").push_bind(status.code());
                }
                if let Some(d) = filter.dossier_id {
                    b.push(" AND f.dossier_id = ").push_bind(d);
                }
                b.push(" ORDER BY f.received_at DESC, f.id DESC LIMIT ")
                    .push_bind(i64::from(filter.limit.max(1)));
                let rows = b.build_query_as().fetch_all(&self.read).await?;
                $crate::feedback::records(rows)
            }

            async fn feedback_history(
                &self,
                id: motcua_domain::ids::FeedbackId,
            ) -> Result<Vec<$crate::feedback::FeedbackStep>> {
                let rows = sqlx::query_as(
                    "SELECT h.at, h.step, h.actor_id, COALESCE(s.full_name, a.username) AS actor_name, h.from_status, h.to_status, h.note \
                     FROM feedback_history h LEFT JOIN accounts a ON a.id = h.actor_id LEFT JOIN staff s ON s.id = a.staff_id \
                     WHERE h.feedback_id = $1 ORDER BY h.id",
                )
                .bind(id)
                .fetch_all(&self.read)
                .await?;
                $crate::feedback::steps(rows)
            }

            async fn change_feedback(
                &self,
                id: motcua_domain::ids::FeedbackId,
                expected_version: i64,
                c: &$crate::feedback::FeedbackChange,
            ) -> Result<$crate::feedback::FeedbackRecord> {
                let mut tx = self.write.begin().await?;
                let before = Self::feedback_in(&mut tx, id).await?;
                if before.version != expected_version {
                    return Err(StoreError::Conflict(format!("feedback {id} changed meanwhile")));
                }
                let w = &c.workflow;
                let secs = |t: Option<jiff::Timestamp>| t.map(|t| t.as_second());
                let done = sqlx::query(
                    "UPDATE feedback SET status = $1, assigned_to = $2, assigned_at = $3, refused_at = $4, refusal_reason = $5, \
                     info_asked_at = $6, info_request = $7, info_given_at = $8, info_reply = $9, paused_seconds = $10, \
                     answered_at = $11, answered_by = $12, answer = $13, published_at = $14, published_question = $15, \
                     published_answer = $16, published_search = $17, closed_at = $18, rating = $19, rated_at = $20, \
                     rating_comment = $21, version = version + 1 WHERE id = $22 AND version = $23",
                )
                .bind(w.status.code())
                .bind(w.assigned_to)
                .bind(secs(w.assigned_at))
                .bind(secs(w.refused_at))
                .bind(&w.refusal_reason)
                .bind(secs(w.info_asked_at))
                .bind(&w.info_request)
                .bind(secs(w.info_given_at))
                .bind(&w.info_reply)
                .bind(w.paused_seconds)
                .bind(secs(w.answered_at))
                .bind(w.answered_by)
                .bind(&w.answer)
                .bind(secs(w.published_at))
                .bind(&w.published_question)
                .bind(&w.published_answer)
                .bind($crate::feedback::search_key(&before.code, w))
                .bind(secs(w.closed_at))
                .bind(w.rating.map(|r| r.code()))
                .bind(secs(w.rated_at))
                .bind(&w.rating_comment)
                .bind(id)
                .bind(expected_version)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::Conflict(format!("feedback {id} changed meanwhile")));
                }
                sqlx::query(
                    "INSERT INTO feedback_history (feedback_id, at, step, actor_id, from_status, to_status, note) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(id)
                .bind(c.at.as_second())
                .bind(&c.step)
                .bind(c.actor_id)
                .bind(before.workflow.status.code())
                .bind(w.status.code())
                .bind(&c.note)
                .execute(&mut *tx)
                .await?;
                let record = Self::feedback_in(&mut tx, id).await?;
                tx.commit().await?;
                Ok(record)
            }

            async fn feedback_received_between(
                &self,
                center_id: CenterId,
                from: jiff::Timestamp,
                to: jiff::Timestamp,
            ) -> Result<Vec<$crate::feedback::FeedbackRecord>> {
                let sql = format!(
                    "{} WHERE f.center_id = $1 AND f.received_at >= $2 AND f.received_at < $3 ORDER BY f.received_at, f.id",
                    $crate::feedback::FEEDBACK_SELECT
                );
                let rows = sqlx::query_as(&sql)
                    .bind(center_id)
                    .bind(from.as_second())
                    .bind(to.as_second())
                    .fetch_all(&self.read)
                    .await?;
                $crate::feedback::records(rows)
            }

            async fn published_feedback(
                &self,
                center_id: Option<CenterId>,
                search: Option<&str>,
                limit: u32,
            ) -> Result<Vec<$crate::feedback::PublishedFeedback>> {
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "SELECT f.code, f.center_id, c.name AS center_name, f.category, f.published_question, f.published_answer, \
                     f.received_at, f.published_at FROM feedback f JOIN centers c ON c.id = f.center_id \
                     WHERE f.published_at IS NOT NULL AND f.status IN ('published', 'closed')",
                );
                if let Some(c) = center_id {
                    b.push(" AND f.center_id = ").push_bind(c);
                }
                if let Some(pattern) = search.and_then(like_pattern) {
                    b.push(" AND f.published_search LIKE ").push_bind(pattern);
                }
                b.push(" ORDER BY f.published_at DESC, f.id DESC LIMIT ")
                    .push_bind(i64::from(limit.max(1)));
                let rows = b.build_query_as().fetch_all(&self.read).await?;
                $crate::feedback::published(rows)
            }
        }
    };
}

pub(crate) use feedback_sql;
