//! The guidance log: each person counter staff guided (the procedure, the
//! channel they were sent to) and the dossier that followed. A dossier is
//! linked only if it was received at the entry's center, and follows at most
//! one entry; both are checked in the transaction that links it.
//!
//! The contract is the trait; its SQL, written once for both backends, is the
//! `guidance_sql!` macro that `sql_store!` expands for each driver.

use async_trait::async_trait;
use jiff::civil::Date;
use jiff::Timestamp;
use motcua_domain::catalog::Channel;
use motcua_domain::guidance::{Entry, GuidedChannel};

use crate::sql::{parse, timestamp};
use crate::*;

/// A line of the log, with the names a page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuidanceRecord {
    pub id: GuidanceId,
    pub entry: Entry,
    /// The guide's full name (the login without a staff record).
    pub guided_by_name: String,
    pub procedure_name: String,
    pub dossier_id: Option<DossierId>,
    /// When the dossier was linked.
    pub linked_at: Option<Timestamp>,
}

/// How many entries of a center guided to `channel` had a dossier that came
/// through `dossier_channel` (`None`: no dossier followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuidanceCount {
    pub center_id: CenterId,
    pub channel: GuidedChannel,
    pub dossier_channel: Option<Channel>,
    pub count: u64,
}

#[async_trait]
pub trait GuidanceStore: Send + Sync {
    /// Records one person guided. An entry naming a dossier links it in the
    /// same write: a dossier unknown is `NotFound`, one of another center or
    /// already linked to another entry a `Conflict`.
    async fn record_guidance(&self, e: &Entry) -> Result<GuidanceRecord>;
    /// Writes past entries whole (the demo's history), unchecked: a dossier
    /// named but unknown is left unlinked, one linked twice refuses the
    /// whole batch (a `Conflict`).
    async fn import_guidance(&self, entries: &[Entry]) -> Result<u64>;
    async fn guidance(&self, id: GuidanceId) -> Result<Option<GuidanceRecord>>;
    /// Notes the dossier that followed an entry: unknown is `NotFound`; of
    /// another center, already linked elsewhere, or an entry already linked,
    /// a `Conflict`.
    async fn link_guidance_dossier(
        &self,
        id: GuidanceId,
        dossier: &DossierCode,
        at: Timestamp,
    ) -> Result<GuidanceRecord>;
    /// A center's entries guided in `[from, to)`, the latest first.
    async fn guidance_between(
        &self,
        center_id: CenterId,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<GuidanceRecord>>;
    /// The entries guided in `[from, to)` counted per center, channel and
    /// the channel of the dossier that followed, for the given centers (all
    /// when `None`).
    async fn guidance_counts(
        &self,
        centers: Option<&[CenterId]>,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<GuidanceCount>>;
    /// The centers where a postal employee is posted on some day of
    /// `from..=to`: those the post office answers for.
    async fn postal_centers(&self, from: Date, to: Date) -> Result<Vec<CenterId>>;
}

pub(crate) const GUIDANCE_SELECT: &str = "SELECT g.id, g.center_id, g.guided_by, COALESCE(s.full_name, a.username) AS guided_by_name, \
     g.guided_at, g.procedure_code, p.name AS procedure_name, g.channel, g.dossier_id, d.code AS dossier_code, g.linked_at, g.note \
     FROM guidance g JOIN accounts a ON a.id = g.guided_by LEFT JOIN staff s ON s.id = a.staff_id \
     JOIN procedures p ON p.code = g.procedure_code LEFT JOIN dossiers d ON d.id = g.dossier_id";

#[derive(sqlx::FromRow)]
pub(crate) struct GuidanceRow {
    id: GuidanceId,
    center_id: CenterId,
    guided_by: AccountId,
    guided_by_name: String,
    guided_at: i64,
    procedure_code: String,
    procedure_name: String,
    channel: String,
    dossier_id: Option<DossierId>,
    dossier_code: Option<String>,
    linked_at: Option<i64>,
    note: String,
}

impl GuidanceRow {
    pub(crate) fn into_record(self) -> Result<GuidanceRecord> {
        Ok(GuidanceRecord {
            id: self.id,
            entry: Entry {
                center_id: self.center_id,
                guided_by: self.guided_by,
                at: timestamp(self.guided_at)?,
                procedure_code: parse(&self.procedure_code, "procedure code")?,
                channel: parse(&self.channel, "guided channel")?,
                dossier: self
                    .dossier_code
                    .as_deref()
                    .map(|c| parse(c, "dossier code"))
                    .transpose()?,
                note: self.note,
            },
            guided_by_name: self.guided_by_name,
            procedure_name: self.procedure_name,
            dossier_id: self.dossier_id,
            linked_at: self.linked_at.map(timestamp).transpose()?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct CountRow {
    center_id: CenterId,
    channel: String,
    dossier_channel: Option<i64>,
    n: i64,
}

pub(crate) fn counts(rows: Vec<CountRow>) -> Result<Vec<GuidanceCount>> {
    rows.into_iter()
        .map(|r| {
            Ok(GuidanceCount {
                center_id: r.center_id,
                channel: parse(&r.channel, "guided channel")?,
                dossier_channel: r
                    .dossier_channel
                    .map(|n| {
                        i32::try_from(n)
                            .ok()
                            .and_then(Channel::from_number)
                            .ok_or_else(|| StoreError::Corrupt(format!("dossier channel {n}")))
                    })
                    .transpose()?,
                count: u64::try_from(r.n)
                    .map_err(|_| StoreError::Corrupt(format!("count {}", r.n)))?,
            })
        })
        .collect()
}

macro_rules! guidance_sql {
    ($store:ty, $db:ty, $backend:expr) => {
        impl $store {
            async fn guidance_in(tx: &mut sqlx::Transaction<'_, $db>, id: GuidanceId) -> Result<GuidanceRecord> {
                let sql = format!("{} WHERE g.id = $1", $crate::guidance::GUIDANCE_SELECT);
                let row: $crate::guidance::GuidanceRow = sqlx::query_as(&sql)
                    .bind(id)
                    .fetch_optional(&mut **tx)
                    .await?
                    .ok_or_else(|| StoreError::NotFound(format!("guidance {id}")))?;
                row.into_record()
            }

            /// The dossier `code` as an entry of `center` may take it.
            async fn followed_in(tx: &mut sqlx::Transaction<'_, $db>, center: CenterId, code: &DossierCode) -> Result<DossierId> {
                let found: Option<(DossierId, CenterId)> = sqlx::query_as("SELECT id, center_id FROM dossiers WHERE code = $1")
                    .bind(code.to_string())
                    .fetch_optional(&mut **tx)
                    .await?;
                let (dossier, of) = found.ok_or_else(|| StoreError::NotFound(format!("dossier {code}")))?;
                if of != center {
                    return Err(StoreError::Conflict(format!("dossier {code} was received at center {of}")));
                }
                Ok(dossier)
            }
        }

        #[async_trait::async_trait]
        impl GuidanceStore for $store {
            async fn record_guidance(&self, e: &motcua_domain::guidance::Entry) -> Result<GuidanceRecord> {
                let mut tx = self.write.begin().await?;
                let dossier = match &e.dossier {
                    Some(code) => Some(Self::followed_in(&mut tx, e.center_id, code).await?),
                    None => None,
                };
                // A dossier linked to another entry: the unique column refuses it.
                let id: GuidanceId = sqlx::query_scalar(
                    "INSERT INTO guidance (center_id, guided_by, guided_at, procedure_code, channel, dossier_id, linked_at, note) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                )
                .bind(e.center_id)
                .bind(e.guided_by)
                .bind(e.at.as_second())
                .bind(e.procedure_code.as_str())
                .bind(e.channel.code())
                .bind(dossier)
                .bind(dossier.map(|_| e.at.as_second()))
                .bind(&e.note)
                .fetch_one(&mut *tx)
                .await?;
                let record = Self::guidance_in(&mut tx, id).await?;
                tx.commit().await?;
                Ok(record)
            }

            async fn import_guidance(&self, entries: &[motcua_domain::guidance::Entry]) -> Result<u64> {
                let mut tx = self.write.begin().await?;
                // Rows with a subquery make SQLite run the VALUES as a compound
                // SELECT, which it limits to 500 terms.
                for chunk in entries.chunks(400) {
                    let mut b = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO guidance (center_id, guided_by, guided_at, procedure_code, channel, dossier_id, linked_at, note) ",
                    );
                    b.push_values(chunk, |mut row, e| {
                        row.push_bind(e.center_id)
                            .push_bind(e.guided_by)
                            .push_bind(e.at.as_second())
                            .push_bind(e.procedure_code.to_string())
                            .push_bind(e.channel.code());
                        match &e.dossier {
                            Some(code) => {
                                row.push("(SELECT id FROM dossiers WHERE code = ")
                                    .push_bind_unseparated(code.to_string())
                                    .push_unseparated(")");
                                row.push_bind(e.at.as_second());
                            }
                            None => {
                                row.push("NULL").push("NULL");
                            }
                        }
                        row.push_bind(e.note.clone());
                    });
                    b.build().execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(entries.len() as u64)
            }

            async fn guidance(&self, id: GuidanceId) -> Result<Option<GuidanceRecord>> {
                let sql = format!("{} WHERE g.id = $1", $crate::guidance::GUIDANCE_SELECT);
                let row: Option<$crate::guidance::GuidanceRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.read).await?;
                row.map($crate::guidance::GuidanceRow::into_record).transpose()
            }

            async fn link_guidance_dossier(&self, id: GuidanceId, dossier: &DossierCode, at: Timestamp) -> Result<GuidanceRecord> {
                let mut tx = self.write.begin().await?;
                let center: CenterId = sqlx::query_scalar("SELECT center_id FROM guidance WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or_else(|| StoreError::NotFound(format!("guidance {id}")))?;
                let dossier_id = Self::followed_in(&mut tx, center, dossier).await?;
                let linked = sqlx::query("UPDATE guidance SET dossier_id = $2, linked_at = $3 WHERE id = $1 AND dossier_id IS NULL")
                    .bind(id)
                    .bind(dossier_id)
                    .bind(at.as_second())
                    .execute(&mut *tx)
                    .await?;
                if linked.rows_affected() != 1 {
                    return Err(StoreError::Conflict(format!("guidance {id} already has its dossier")));
                }
                let record = Self::guidance_in(&mut tx, id).await?;
                tx.commit().await?;
                Ok(record)
            }

            async fn guidance_between(&self, center_id: CenterId, from: Timestamp, to: Timestamp) -> Result<Vec<GuidanceRecord>> {
                let sql = format!(
                    "{} WHERE g.center_id = $1 AND g.guided_at >= $2 AND g.guided_at < $3 ORDER BY g.guided_at DESC, g.id DESC",
                    $crate::guidance::GUIDANCE_SELECT
                );
                let rows: Vec<$crate::guidance::GuidanceRow> = sqlx::query_as(&sql)
                    .bind(center_id)
                    .bind(from.as_second())
                    .bind(to.as_second())
                    .fetch_all(&self.read)
                    .await?;
                rows.into_iter().map($crate::guidance::GuidanceRow::into_record).collect()
            }

            async fn guidance_counts(&self, centers: Option<&[CenterId]>, from: Timestamp, to: Timestamp) -> Result<Vec<GuidanceCount>> {
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "SELECT g.center_id, g.channel, CAST(d.channel AS BIGINT) AS dossier_channel, COUNT(*) AS n \
                     FROM guidance g LEFT JOIN dossiers d ON d.id = g.dossier_id WHERE g.guided_at >= ",
                );
                b.push_bind(from.as_second());
                b.push(" AND g.guided_at < ");
                b.push_bind(to.as_second());
                if let Some(centers) = centers {
                    b.push(" AND g.center_id IN (");
                    let mut ids = b.separated(", ");
                    ids.push_bind(CenterId(-1));
                    for c in centers {
                        ids.push_bind(*c);
                    }
                    b.push(")");
                }
                b.push(" GROUP BY g.center_id, g.channel, d.channel ORDER BY g.center_id, g.channel, d.channel");
                let rows: Vec<$crate::guidance::CountRow> = b.build_query_as().fetch_all(&self.read).await?;
                $crate::guidance::counts(rows)
            }

            async fn postal_centers(&self, from: jiff::civil::Date, to: jiff::civil::Date) -> Result<Vec<CenterId>> {
                Ok(sqlx::query_scalar(
                    "SELECT DISTINCT center_id FROM assignments WHERE role = 'postal' AND valid_from <= $2 \
                     AND (valid_until IS NULL OR valid_until >= $1) ORDER BY center_id",
                )
                .bind(date_text(from))
                .bind(date_text(to))
                .fetch_all(&self.read)
                .await?)
            }
        }
    };
}

pub(crate) use guidance_sql;
