//! The register of copies certified from originals (sổ chứng thực): one
//! book per center and year, numbered without gaps. Lines are written with
//! the dossier's certify event (`DossierStore::append_events` with a
//! `FileChange::Certify`); here they are read back, by dossier, by the
//! verification page's token or the copy's hash, and for the printed book.
//!
//! The contract is the trait; its SQL, written once for both backends, is the
//! `certification_sql!` macro that `sql_store!` expands for each driver.

use async_trait::async_trait;

use crate::sql::timestamp;
use crate::*;

#[async_trait]
pub trait CertificationStore: Send + Sync {
    /// The copies certified on a dossier, in register order.
    async fn certifications(&self, dossier_id: DossierId) -> Result<Vec<CertificationRecord>>;
    /// The certification a verification page's address names.
    async fn certification_by_token(&self, token: &str) -> Result<Option<CertificationRecord>>;
    /// The certification whose electronic copy has this SHA-256 (hex).
    async fn certification_by_copy(&self, sha256: &str) -> Result<Option<CertificationRecord>>;
    /// The lines of a center's register certified in `[from, to)`, in
    /// register order (at most `limit`).
    async fn certification_register(
        &self,
        center_id: CenterId,
        from: jiff::Timestamp,
        to: jiff::Timestamp,
        limit: i64,
    ) -> Result<Vec<CertificationRecord>>;
    /// The number the next copy certified at a center in `year` takes.
    async fn next_certification_number(&self, center_id: CenterId, year: i16) -> Result<u32>;
}

/// A register line as stored, with its dossier's code and applicant.
#[derive(sqlx::FromRow)]
pub(crate) struct CertificationRow {
    center_id: CenterId,
    year: i32,
    number: i64,
    dossier_id: DossierId,
    dossier_code: String,
    applicant_name: String,
    event_seq: i64,
    source_id: AttachmentId,
    copy_id: Option<AttachmentId>,
    copy_blob: Option<String>,
    document: String,
    pages: i64,
    copies: i64,
    fee: i64,
    certifier_id: Option<AccountId>,
    certifier_name: String,
    certifier_title: String,
    at: i64,
    token: String,
}

impl TryFrom<CertificationRow> for CertificationRecord {
    type Error = StoreError;

    fn try_from(r: CertificationRow) -> Result<CertificationRecord> {
        let count = |n: i64| n.clamp(0, i64::from(u32::MAX)) as u32;
        Ok(CertificationRecord {
            center_id: r.center_id,
            register: RegisterNumber {
                year: i16::try_from(r.year)
                    .map_err(|_| StoreError::Corrupt(format!("register year {}", r.year)))?,
                number: count(r.number),
            },
            dossier_id: r.dossier_id,
            dossier_code: crate::sql::parse(&r.dossier_code, "dossier code")?,
            applicant_name: r.applicant_name,
            event_seq: r.event_seq,
            source: r.source_id,
            copy: r.copy_id,
            copy_blob: r.copy_blob,
            document: r.document,
            pages: count(r.pages),
            copies: count(r.copies),
            fee: motcua_domain::Vnd(r.fee),
            certifier: r.certifier_id,
            certifier_name: r.certifier_name,
            certifier_title: r.certifier_title,
            at: timestamp(r.at)?,
            token: r.token,
        })
    }
}

pub(crate) const CERTIFICATION_SELECT: &str =
    "SELECT c.center_id, c.year, c.number, c.dossier_id, d.code AS dossier_code, \
     d.applicant_name, c.event_seq, c.source_id, c.copy_id, a.blob AS copy_blob, c.document, \
     c.pages, c.copies, c.fee, c.certifier_id, c.certifier_name, c.certifier_title, c.at, c.token \
     FROM certifications c JOIN dossiers d ON d.id = c.dossier_id \
     LEFT JOIN attachments a ON a.id = c.copy_id";

macro_rules! certification_sql {
    ($store:ty, $db:ty, $backend:expr) => {
        #[async_trait::async_trait]
        impl CertificationStore for $store {
            async fn certifications(&self, dossier_id: DossierId) -> Result<Vec<CertificationRecord>> {
                let sql = format!(
                    "{} WHERE c.dossier_id = $1 ORDER BY c.year, c.number",
                    $crate::certifications::CERTIFICATION_SELECT
                );
                self.certification_rows(sqlx::query_as(&sql).bind(dossier_id)).await
            }

            async fn certification_by_token(&self, token: &str) -> Result<Option<CertificationRecord>> {
                let sql = format!("{} WHERE c.token = $1", $crate::certifications::CERTIFICATION_SELECT);
                Ok(self.certification_rows(sqlx::query_as(&sql).bind(token)).await?.pop())
            }

            async fn certification_by_copy(&self, sha256: &str) -> Result<Option<CertificationRecord>> {
                let sql = format!(
                    "{} WHERE a.blob = $1 AND a.purpose = 'certified-copy' ORDER BY c.id LIMIT 1",
                    $crate::certifications::CERTIFICATION_SELECT
                );
                Ok(self.certification_rows(sqlx::query_as(&sql).bind(sha256)).await?.pop())
            }

            async fn certification_register(
                &self,
                center_id: CenterId,
                from: jiff::Timestamp,
                to: jiff::Timestamp,
                limit: i64,
            ) -> Result<Vec<CertificationRecord>> {
                let sql = format!(
                    "{} WHERE c.center_id = $1 AND c.at >= $2 AND c.at < $3 ORDER BY c.year, c.number LIMIT $4",
                    $crate::certifications::CERTIFICATION_SELECT
                );
                self.certification_rows(
                    sqlx::query_as(&sql)
                        .bind(center_id)
                        .bind(from.as_second())
                        .bind(to.as_second())
                        .bind(limit),
                )
                .await
            }

            async fn next_certification_number(&self, center_id: CenterId, year: i16) -> Result<u32> {
                let last: Option<i64> = sqlx::query_scalar(
                    "SELECT MAX(number) FROM certifications WHERE center_id = $1 AND year = $2",
                )
                .bind(center_id)
                .bind(i32::from(year))
                .fetch_one(&self.read)
                .await?;
                Ok(u32::try_from(last.unwrap_or(0) + 1)
                    .map_err(|_| StoreError::Corrupt(format!("register number {last:?}")))?)
            }
        }

        impl $store {
            async fn certification_rows<'q>(
                &self,
                query: sqlx::query::QueryAs<'q, $db, $crate::certifications::CertificationRow, <$db as sqlx::Database>::Arguments<'q>>,
            ) -> Result<Vec<CertificationRecord>> {
                query
                    .fetch_all(&self.read)
                    .await?
                    .into_iter()
                    .map(CertificationRecord::try_from)
                    .collect()
            }

            /// Writes a register line inside the certify event's transaction,
            /// if its number follows the last one of its book.
            async fn insert_certification(
                tx: &mut sqlx::Transaction<'_, $db>,
                dossier_id: DossierId,
                event: &Event,
                c: &NewCertification,
                copy: Option<AttachmentId>,
            ) -> Result<()> {
                let last: Option<i64> = sqlx::query_scalar(
                    "SELECT MAX(number) FROM certifications WHERE center_id = $1 AND year = $2",
                )
                .bind(c.center_id)
                .bind(i32::from(c.register.year))
                .fetch_one(&mut **tx)
                .await?;
                let expected = last.unwrap_or(0) + 1;
                if i64::from(c.register.number) != expected {
                    return Err(StoreError::Conflict(format!(
                        "certification number {} of {} at center {} is not the next one ({expected})",
                        c.register.number, c.register.year, c.center_id
                    )));
                }
                // A concurrent writer of the same number fails on the
                // unique (center_id, year, number): a conflict too.
                sqlx::query(
                    "INSERT INTO certifications (center_id, year, number, dossier_id, event_seq, source_id, copy_id, \
                     document, pages, copies, fee, certifier_id, certifier_name, certifier_title, at, token) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
                )
                .bind(c.center_id)
                .bind(i32::from(c.register.year))
                .bind(i64::from(c.register.number))
                .bind(dossier_id)
                .bind(event.seq)
                .bind(c.source)
                .bind(copy)
                .bind(&c.document)
                .bind(i64::from(c.pages))
                .bind(i64::from(c.copies))
                .bind(c.fee.0)
                .bind(c.certifier)
                .bind(&c.certifier_name)
                .bind(&c.certifier_title)
                .bind(event.at.as_second())
                .bind(&c.token)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }
        }
    };
}
pub(crate) use certification_sql;
