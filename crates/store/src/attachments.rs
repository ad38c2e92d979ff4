//! Scans attached to dossiers: the rows that say which blob is which
//! component's scan, who made it and when; the scans an applicant's earlier
//! dossiers offer for reuse; the dossiers still to digitize. The rows are
//! written with the dossier's events (`DossierStore::append_events`).
//!
//! The contract is the trait; its SQL, written once for both backends, is the
//! `attachment_sql!` macro that `sql_store!` expands for each driver.

use async_trait::async_trait;

use crate::sql::timestamp;
use crate::*;

#[async_trait]
pub trait AttachmentStore: Send + Sync {
    /// The scans on a dossier, in the order they were attached; removed
    /// ones only when `with_removed`.
    async fn attachments(
        &self,
        dossier_id: DossierId,
        with_removed: bool,
    ) -> Result<Vec<AttachmentRecord>>;
    async fn attachment(&self, id: AttachmentId) -> Result<Option<AttachmentRecord>>;
    /// Scans on the other dossiers of the applicant with this identity
    /// number, newest first (at most `limit`): what intake may reuse.
    async fn reusable_scans(
        &self,
        id_number: &Cccd,
        except: DossierId,
        limit: i64,
    ) -> Result<Vec<ReusableScan>>;
    /// Every blob a row names (scans and thumbnails, removed ones too: the
    /// record of what was attached keeps them; proofs of delivery).
    async fn referenced_blobs(&self) -> Result<Vec<String>>;
    /// Received dossiers not yet digitized, the oldest first (at most
    /// `limit`), at `centers` or everywhere when `None`.
    async fn digitization_queue(
        &self,
        centers: Option<&[CenterId]>,
        limit: i64,
    ) -> Result<Vec<DossierRecord>>;
    /// How many received dossiers are not yet digitized, per center.
    async fn undigitized_per_center(&self) -> Result<Vec<(CenterId, i64)>>;
}

/// An attachment as stored.
#[derive(sqlx::FromRow)]
pub(crate) struct AttachmentRow {
    id: AttachmentId,
    dossier_id: DossierId,
    event_seq: i64,
    purpose: String,
    component: String,
    blob: String,
    file_name: String,
    kind: String,
    size: i64,
    pages: i64,
    thumb: Option<String>,
    reused_from: Option<AttachmentId>,
    account_id: Option<AccountId>,
    at: i64,
    removed_seq: Option<i64>,
    ocr_text: Option<String>,
}

impl TryFrom<AttachmentRow> for AttachmentRecord {
    type Error = StoreError;

    fn try_from(r: AttachmentRow) -> Result<AttachmentRecord> {
        Ok(AttachmentRecord {
            id: r.id,
            dossier_id: r.dossier_id,
            event_seq: r.event_seq,
            purpose: crate::sql::parse(&r.purpose, "file purpose")?,
            component: r.component,
            blob: r.blob,
            file_name: r.file_name,
            kind: r.kind,
            size: r.size.max(0) as u64,
            pages: r.pages.clamp(0, i64::from(u32::MAX)) as u32,
            thumb: r.thumb,
            reused_from: r.reused_from,
            account_id: r.account_id,
            at: timestamp(r.at)?,
            removed_seq: r.removed_seq,
            ocr_text: r.ocr_text,
        })
    }
}

pub(crate) const ATTACHMENT_COLUMNS: &str =
    "a.id, a.dossier_id, a.event_seq, a.purpose, a.component, a.blob, a.file_name, a.kind, a.size, \
     a.pages, a.thumb, a.reused_from, a.account_id, a.at, a.removed_seq, a.ocr_text";

macro_rules! attachment_sql {
    ($store:ty, $db:ty, $backend:expr) => {
        #[async_trait::async_trait]
        impl AttachmentStore for $store {
            async fn attachments(&self, dossier_id: DossierId, with_removed: bool) -> Result<Vec<AttachmentRecord>> {
                let sql = format!(
                    "SELECT {} FROM attachments a WHERE a.dossier_id = $1 AND ($2 OR a.removed_seq IS NULL) ORDER BY a.id",
                    $crate::attachments::ATTACHMENT_COLUMNS
                );
                sqlx::query_as::<_, $crate::attachments::AttachmentRow>(&sql)
                    .bind(dossier_id)
                    .bind(with_removed)
                    .fetch_all(&self.read)
                    .await?
                    .into_iter()
                    .map(AttachmentRecord::try_from)
                    .collect()
            }

            async fn attachment(&self, id: AttachmentId) -> Result<Option<AttachmentRecord>> {
                let sql = format!("SELECT {} FROM attachments a WHERE a.id = $1", $crate::attachments::ATTACHMENT_COLUMNS);
                sqlx::query_as::<_, $crate::attachments::AttachmentRow>(&sql)
                    .bind(id)
                    .fetch_optional(&self.read)
                    .await?
                    .map(AttachmentRecord::try_from)
                    .transpose()
            }

            async fn reusable_scans(&self, id_number: &Cccd, except: DossierId, limit: i64) -> Result<Vec<ReusableScan>> {
                let sql = format!(
                    "SELECT {}, d.code AS dossier_code FROM attachments a JOIN dossiers d ON d.id = a.dossier_id \
                     WHERE d.applicant_id_number = $1 AND a.dossier_id <> $2 AND a.removed_seq IS NULL AND a.purpose = 'scan' \
                     ORDER BY a.at DESC, a.id DESC LIMIT $3",
                    $crate::attachments::ATTACHMENT_COLUMNS
                );
                let rows = sqlx::query(&sql)
                    .bind(id_number)
                    .bind(except)
                    .bind(limit)
                    .fetch_all(&self.read)
                    .await?;
                rows.iter()
                    .map(|r| {
                        use sqlx::{FromRow, Row};
                        let code: String = r.try_get("dossier_code")?;
                        Ok(ReusableScan {
                            attachment: $crate::attachments::AttachmentRow::from_row(r)?.try_into()?,
                            dossier_code: parse(&code, "dossier code")?,
                        })
                    })
                    .collect()
            }

            async fn referenced_blobs(&self) -> Result<Vec<String>> {
                Ok(sqlx::query_scalar(
                    "SELECT blob FROM attachments UNION SELECT thumb FROM attachments WHERE thumb IS NOT NULL \
                     UNION SELECT proof_blob FROM deliveries WHERE proof_blob IS NOT NULL \
                     UNION SELECT proof_blob FROM delivery_updates WHERE proof_blob IS NOT NULL",
                )
                .fetch_all(&self.read)
                .await?)
            }

            async fn digitization_queue(&self, centers: Option<&[CenterId]>, limit: i64) -> Result<Vec<DossierRecord>> {
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "SELECT id FROM dossiers WHERE status IN (2, 4, 5, 6) AND NOT digitized",
                );
                if let Some(centers) = centers {
                    b.push(" AND center_id IN (");
                    let mut ids = b.separated(", ");
                    ids.push_bind(CenterId(-1));
                    for c in centers {
                        ids.push_bind(*c);
                    }
                    b.push(")");
                }
                b.push(" ORDER BY received_at, id LIMIT ");
                b.push_bind(limit);
                let ids: Vec<DossierId> = b.build_query_scalar().fetch_all(&self.read).await?;
                self.dossiers_by_ids(&ids).await
            }

            async fn undigitized_per_center(&self) -> Result<Vec<(CenterId, i64)>> {
                Ok(sqlx::query_as(
                    "SELECT center_id, COUNT(*) FROM dossiers WHERE status IN (2, 4, 5, 6) AND NOT digitized \
                     GROUP BY center_id ORDER BY center_id",
                )
                .fetch_all(&self.read)
                .await?)
            }
        }

        impl $store {
            /// Writes what an event does to the dossier's files, inside its transaction.
            async fn change_file(
                tx: &mut sqlx::Transaction<'_, $db>,
                dossier_id: DossierId,
                event: &Event,
                change: &FileChange,
            ) -> Result<()> {
                match change {
                    FileChange::Attach(a) => {
                        Self::insert_attachment(tx, dossier_id, event, a).await?;
                    }
                    FileChange::Certify { certification, copy } => {
                        let copy = match copy {
                            Some(a) => Some(Self::insert_attachment(tx, dossier_id, event, a).await?),
                            None => None,
                        };
                        Self::insert_certification(tx, dossier_id, event, certification, copy).await?;
                    }
                    FileChange::Remove { component, blob } => {
                        let done = sqlx::query(
                            "UPDATE attachments SET removed_seq = $4 \
                             WHERE dossier_id = $1 AND component_key = $2 AND blob = $3 AND removed_seq IS NULL",
                        )
                        .bind(dossier_id)
                        .bind(motcua_domain::text::fold(component))
                        .bind(blob)
                        .bind(event.seq)
                        .execute(&mut **tx)
                        .await?;
                        if done.rows_affected() == 0 {
                            return Err(StoreError::NotFound(format!("no scan {blob} of {component:?} on dossier {dossier_id}")));
                        }
                    }
                }
                Ok(())
            }

            async fn insert_attachment(
                tx: &mut sqlx::Transaction<'_, $db>,
                dossier_id: DossierId,
                event: &Event,
                a: &NewAttachment,
            ) -> Result<AttachmentId> {
                let id: AttachmentId = sqlx::query_scalar(
                    "INSERT INTO attachments (dossier_id, event_seq, component, component_key, blob, file_name, kind, \
                     size, pages, thumb, reused_from, account_id, at, purpose) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
                )
                .bind(dossier_id)
                .bind(event.seq)
                .bind(&a.component)
                .bind(motcua_domain::text::fold(&a.component))
                .bind(&a.blob)
                .bind(&a.file_name)
                .bind(&a.kind)
                .bind(i64::try_from(a.size).unwrap_or(i64::MAX))
                .bind(i64::from(a.pages))
                .bind(&a.thumb)
                .bind(a.reused_from)
                .bind(a.account_id)
                .bind(event.at.as_second())
                .bind(a.purpose.code())
                .fetch_one(&mut **tx)
                .await?;
                // A scan's text is read in the background, also after a restart.
                if a.purpose == FilePurpose::Scan {
                    sqlx::query("INSERT INTO jobs (kind, subject, run_after, created_at) VALUES ($1, $2, $3, $3)")
                        .bind($crate::jobs::OCR)
                        .bind(id)
                        .bind(event.at.as_second())
                        .execute(&mut **tx)
                        .await?;
                }
                Ok(id)
            }
        }
    };
}

pub(crate) use attachment_sql;
