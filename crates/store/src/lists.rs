//! Lists of dossiers: an inbox, what overseers watch province-wide, the search
//! by code, CCCD, phone, name or procedure, and what a center received.
//!
//! The contract is the trait; its SQL, written once for both backends, is the
//! `list_sql!` macro that `sql_store!` expands for each driver.

use async_trait::async_trait;
use jiff::Timestamp;

use crate::*;

#[async_trait]
pub trait ListStore: Send + Sync {
    /// Open dossiers received at one of `centers` or handled by one of
    /// `agencies`, the nearest appointment first (at most `limit`): an inbox.
    async fn inbox(
        &self,
        centers: &[CenterId],
        agencies: &[motcua_domain::AgencyCode],
        limit: i64,
    ) -> Result<Vec<DossierRecord>>;
    /// Open dossiers anywhere in the province, the nearest (or most overdue)
    /// appointment first (at most `limit`): what an overseer watches.
    async fn open_dossiers(&self, limit: i64) -> Result<Vec<DossierRecord>>;
    /// Dossiers matching `text` (a code or its tail, a CCCD, phone, procedure
    /// code or words of the procedure's or the applicant's name, diacritics
    /// optional), newest first; only those of `centers` unless it is `None`.
    async fn search_dossiers(
        &self,
        text: &str,
        centers: Option<&[CenterId]>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<DossierRecord>>;
    /// Dossiers a center received in `[from, to)`, by code (at most `limit`): the register.
    async fn dossiers_received(
        &self,
        center_id: CenterId,
        from: Timestamp,
        to: Timestamp,
        limit: i64,
    ) -> Result<Vec<DossierRecord>>;
}

macro_rules! list_sql {
    ($store:ty, $db:ty, $backend:expr) => {
        #[async_trait::async_trait]
        impl ListStore for $store {
                                    async fn inbox(&self, centers: &[CenterId], agencies: &[motcua_domain::AgencyCode], limit: i64) -> Result<Vec<DossierRecord>> {
                if centers.is_empty() && agencies.is_empty() {
                    return Ok(Vec::new());
                }
                let mut b = sqlx::QueryBuilder::<$db>::new("SELECT id FROM dossiers WHERE status IN (1, 2, 4, 5, 6, 9) AND last_seq > 0 AND (center_id IN (");
                let mut ids = b.separated(", ");
                ids.push_bind(CenterId(-1));
                for c in centers {
                    ids.push_bind(*c);
                }
                b.push(") OR handling_agency IN (");
                let mut codes = b.separated(", ");
                codes.push_bind(String::new());
                for a in agencies {
                    codes.push_bind(a.to_string());
                }
                b.push(")) ORDER BY CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, id LIMIT ");
                b.push_bind(limit);
                let ids: Vec<DossierId> = b.build_query_scalar().fetch_all(&self.read).await?;
                self.dossiers_by_ids(&ids).await
            }

            async fn open_dossiers(&self, limit: i64) -> Result<Vec<DossierRecord>> {
                let ids: Vec<DossierId> = sqlx::query_scalar("SELECT id FROM dossiers WHERE status IN (1, 2, 4, 5, 6, 9) AND last_seq > 0 \
                     ORDER BY CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, id LIMIT $1")
                    .bind(limit)
                    .fetch_all(&self.read)
                    .await?;
                self.dossiers_by_ids(&ids).await
            }

                        async fn search_dossiers(&self, text: &str, centers: Option<&[CenterId]>, limit: i64, offset: i64) -> Result<Vec<DossierRecord>> {
                let exact = text.trim().to_string();
                let digits: String = exact.chars().filter(|c| !c.is_whitespace() && *c != '.').collect();
                let Some(pattern) = like_pattern(text) else { return Ok(Vec::new()) };
                let tail = code_tail(&exact);
                // A day-and-number tail is one exact code per receiving agency:
                // listed here, so that each is an index lookup.
                let agencies: Vec<String> = if matches!(tail, Some(CodeTail::DaySeq(_))) {
                    sqlx::query_scalar("SELECT code FROM agencies").fetch_all(&self.read).await?
                } else {
                    Vec::new()
                };
                let mut b = sqlx::QueryBuilder::<$db>::new("SELECT id FROM dossiers WHERE (code = ");
                b.push_bind(exact.clone());
                b.push(" OR applicant_id_number = ").push_bind(digits.clone());
                b.push(" OR applicant_phone = ").push_bind(digits);
                                b.push(" OR procedure_code = ").push_bind(exact.clone());
                // Without letters it is a code or a number, not a name: the indexed
                // terms alone answer it, without scanning every name.
                                let is_code = text.trim().parse::<motcua_domain::dossier::DossierCode>().is_ok();
                if text.chars().any(char::is_alphabetic) && !is_code {
                    b.push(" OR applicant_search LIKE ").push_bind(pattern.clone());
                    // "khai sinh" finds the dossiers of every procedure so named.
                    b.push(" OR procedure_code IN (SELECT code FROM procedures WHERE name_search LIKE ")
                        .push_bind(pattern.clone());
                    b.push(")");
                    // Words read in the scans.
                    b.push(" OR id IN (SELECT dossier_id FROM attachments WHERE removed_seq IS NULL AND ocr_search LIKE ")
                        .push_bind(pattern);
                    b.push(")");
                }
                match tail {
                    // "261127-0061": one exact code per receiving agency, all indexed.
                    Some(CodeTail::DaySeq(tail)) => {
                        b.push(" OR code IN (");
                        let mut codes = b.separated(", ");
                        codes.push_bind(String::new());
                        for a in &agencies {
                            codes.push_bind(format!("{a}{tail}"));
                        }
                        b.push(")");
                    }
                    // "0061" or "61": that number on any day, newest first.
                    Some(CodeTail::Seq(tail)) => {
                        b.push(" OR code LIKE ").push_bind(format!("%-{tail}"));
                    }
                    None => {}
                }
                b.push(")");
                if let Some(centers) = centers {
                    b.push(" AND center_id IN (");
                    let mut ids = b.separated(", ");
                    ids.push_bind(CenterId(-1));
                    for c in centers {
                        ids.push_bind(*c);
                    }
                    b.push(")");
                }
                b.push(" ORDER BY received_at DESC, id DESC LIMIT ").push_bind(limit);
                b.push(" OFFSET ").push_bind(offset.max(0));
                let ids: Vec<DossierId> = b.build_query_scalar().fetch_all(&self.read).await?;
                self.dossiers_by_ids(&ids).await
            }

            async fn dossiers_received(&self, center_id: CenterId, from: Timestamp, to: Timestamp, limit: i64) -> Result<Vec<DossierRecord>> {
                let ids: Vec<DossierId> = sqlx::query_scalar("SELECT id FROM dossiers WHERE center_id = $1 AND received_at >= $2 AND received_at < $3 ORDER BY code LIMIT $4")
                    .bind(center_id)
                    .bind(from.as_second())
                    .bind(to.as_second())
                    .bind(limit)
                    .fetch_all(&self.read)
                    .await?;
                self.dossiers_by_ids(&ids).await
            }
        }
    };
}

pub(crate) use list_sql;
