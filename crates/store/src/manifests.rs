//! Manifests: batches of dossiers a postal employee carries between the
//! center and the agencies (and postal intakes to the center), each written
//! with a `transport` event on every dossier it holds, in one transaction,
//! and received the same way: the hand-over record at each end is the
//! manifest's row, its dossiers' events and their tally.
//!
//! The contract is the trait; its SQL, written once for both backends, is the
//! `manifest_sql!` macro that `sql_store!` expands for each driver.

use async_trait::async_trait;
use motcua_domain::dossier::transport::manifest_number;

use crate::sql::{parse, timestamp};
use crate::*;
use motcua_domain::{AgencyCode, ProcedureCode, Vnd};

/// A manifest to write: its number is its center's next of the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewManifest {
    pub center_id: CenterId,
    pub year: i16,
    pub seq: u32,
    pub leg: Leg,
    pub from_place: String,
    pub to_place: String,
    pub to_agency: Option<AgencyCode>,
    /// The postal employee who carries it.
    pub carrier: AccountId,
    /// Who handed the dossiers over (the carrier for postal intakes).
    pub dispatched_by: AccountId,
    pub dispatched_at: jiff::Timestamp,
    pub note: String,
}

/// A dossier put into a manifest, with its events (`transport` dispatched).
#[derive(Debug, Clone)]
pub struct ManifestLine {
    pub dossier_id: DossierId,
    pub expected_seq: i64,
    pub documents: u32,
    pub fees: Vnd,
    pub events: Vec<NewEvent>,
}

/// The receiving end's signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestReceipt {
    pub received_at: jiff::Timestamp,
    /// The receiver's account, when they have one here.
    pub received_by: Option<AccountId>,
    pub received_by_name: String,
    pub note: String,
}

/// A dossier of the manifest as the receiver tallied it, with its events
/// (`transport` received, and `accept` for a complete postal intake).
#[derive(Debug, Clone)]
pub struct ReceivedLine {
    pub dossier_id: DossierId,
    pub expected_seq: i64,
    pub tally: Tally,
    pub note: String,
    pub events: Vec<NewEvent>,
}

/// A manifest as stored, with its dossiers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Manifest {
    pub id: ManifestId,
    pub number: String,
    pub center_id: CenterId,
    pub leg: Leg,
    pub from_place: String,
    pub to_place: String,
    pub to_agency: Option<AgencyCode>,
    pub carrier: AccountId,
    pub carrier_name: String,
    pub dispatched_by: AccountId,
    pub dispatched_by_name: String,
    pub dispatched_at: jiff::Timestamp,
    pub note: String,
    pub received_at: Option<jiff::Timestamp>,
    pub received_by: Option<AccountId>,
    pub received_by_name: Option<String>,
    pub receive_note: Option<String>,
    pub items: Vec<ManifestItem>,
}

impl Manifest {
    pub fn documents(&self) -> u32 {
        self.items.iter().map(|i| i.documents).sum()
    }

    pub fn fees(&self) -> Vnd {
        Vnd(self.items.iter().map(|i| i.fees.0).sum())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ManifestItem {
    pub dossier_id: DossierId,
    pub code: DossierCode,
    pub procedure_code: ProcedureCode,
    pub applicant_name: String,
    pub documents: u32,
    pub fees: Vnd,
    pub tally: Option<Tally>,
    pub note: String,
}

#[async_trait]
pub trait ManifestStore: Send + Sync {
    /// The next number of a center's manifests in `year`.
    async fn next_manifest_seq(&self, center_id: CenterId, year: i16) -> Result<u32>;
    /// Writes the manifest, its lines and their dossiers' events in one
    /// transaction. A number taken meanwhile, or a dossier changed since it
    /// was read, writes nothing: `Conflict`.
    async fn dispatch_manifest(
        &self,
        m: &NewManifest,
        lines: &[ManifestLine],
    ) -> Result<ManifestId>;
    /// Records the receiving end: the tally of each dossier and its events,
    /// in one transaction; a manifest already received is a `Conflict`.
    async fn receive_manifest(
        &self,
        id: ManifestId,
        receipt: &ManifestReceipt,
        lines: &[ReceivedLine],
    ) -> Result<()>;
    async fn manifest(&self, id: ManifestId) -> Result<Option<Manifest>>;
    /// Manifests of `centers` (all when `None`), not yet received first, then
    /// the most recent.
    async fn manifests(
        &self,
        centers: Option<&[CenterId]>,
        open_only: bool,
        limit: i64,
    ) -> Result<Vec<Manifest>>;
    /// Dossiers of a center waiting to travel on `leg`: postal intakes not
    /// yet sent to the center, dossiers handed over to another agency not yet
    /// carried there, results of those not yet carried back. A dossier that
    /// was missing from a package may go again. Oldest first.
    async fn transport_candidates(
        &self,
        center_id: CenterId,
        leg: Leg,
        limit: i64,
    ) -> Result<Vec<DossierRecord>>;
}

#[derive(sqlx::FromRow)]
pub(crate) struct ManifestRow {
    pub(crate) id: ManifestId,
    center_id: CenterId,
    year: i64,
    seq: i64,
    leg: String,
    from_place: String,
    to_place: String,
    to_agency: Option<String>,
    carrier_id: AccountId,
    carrier_name: String,
    dispatched_by: AccountId,
    dispatched_by_name: String,
    dispatched_at: i64,
    note: String,
    received_at: Option<i64>,
    received_by: Option<AccountId>,
    received_by_name: Option<String>,
    receive_note: Option<String>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ItemRow {
    manifest_id: ManifestId,
    dossier_id: DossierId,
    code: String,
    procedure_code: String,
    applicant_name: String,
    documents: i64,
    fees: i64,
    tally: Option<String>,
    note: String,
}

pub(crate) const MANIFEST_SELECT: &str = "SELECT m.id, m.center_id, m.year, m.seq, m.leg, m.from_place, m.to_place, m.to_agency, \
     m.carrier_id, COALESCE(cs.full_name, c.username) AS carrier_name, m.dispatched_by, \
     COALESCE(bs.full_name, b.username) AS dispatched_by_name, m.dispatched_at, m.note, \
     m.received_at, m.received_by, m.received_by_name, m.receive_note \
     FROM manifests m JOIN accounts c ON c.id = m.carrier_id LEFT JOIN staff cs ON cs.id = c.staff_id \
     JOIN accounts b ON b.id = m.dispatched_by LEFT JOIN staff bs ON bs.id = b.staff_id";

pub(crate) const ITEM_SELECT: &str = "SELECT i.manifest_id, i.dossier_id, d.code, d.procedure_code, d.applicant_name, i.documents, i.fees, i.tally, i.note \
     FROM manifest_items i JOIN dossiers d ON d.id = i.dossier_id";

/// Manifests with their items (read in one query for all of them).
pub(crate) fn assemble(rows: Vec<ManifestRow>, items: Vec<ItemRow>) -> Result<Vec<Manifest>> {
    let mut by_manifest: std::collections::HashMap<ManifestId, Vec<ManifestItem>> =
        std::collections::HashMap::new();
    for i in items {
        let tally = match &i.tally {
            Some(t) => Some(parse::<Tally>(t, "tally")?),
            None => None,
        };
        by_manifest
            .entry(i.manifest_id)
            .or_default()
            .push(ManifestItem {
                dossier_id: i.dossier_id,
                code: parse(&i.code, "dossier code")?,
                procedure_code: parse(&i.procedure_code, "procedure code")?,
                applicant_name: i.applicant_name,
                documents: u32::try_from(i.documents)
                    .map_err(|_| StoreError::Corrupt(format!("documents {}", i.documents)))?,
                fees: Vnd(i.fees),
                tally,
                note: i.note,
            });
    }
    rows.into_iter()
        .map(|r| {
            let year = i16::try_from(r.year)
                .map_err(|_| StoreError::Corrupt(format!("manifest year {}", r.year)))?;
            let mut items = by_manifest.remove(&r.id).unwrap_or_default();
            items.sort_by_key(|i| i.code.to_string());
            Ok(Manifest {
                id: r.id,
                number: manifest_number(year, r.seq as u32),
                center_id: r.center_id,
                leg: parse(&r.leg, "leg")?,
                from_place: r.from_place,
                to_place: r.to_place,
                to_agency: match &r.to_agency {
                    Some(a) => Some(parse(a, "agency code")?),
                    None => None,
                },
                carrier: r.carrier_id,
                carrier_name: r.carrier_name,
                dispatched_by: r.dispatched_by,
                dispatched_by_name: r.dispatched_by_name,
                dispatched_at: timestamp(r.dispatched_at)?,
                note: r.note,
                received_at: r.received_at.map(timestamp).transpose()?,
                received_by: r.received_by,
                received_by_name: r.received_by_name,
                receive_note: r.receive_note,
                items,
            })
        })
        .collect()
}

macro_rules! manifest_sql {
    ($store:ty, $db:ty, $backend:expr) => {
        #[async_trait::async_trait]
        impl ManifestStore for $store {
            async fn next_manifest_seq(&self, center_id: CenterId, year: i16) -> Result<u32> {
                let last: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM manifests WHERE center_id = $1 AND year = $2")
                    .bind(center_id)
                    .bind(i64::from(year))
                    .fetch_one(&self.read)
                    .await?;
                u32::try_from(last.unwrap_or(0) + 1).map_err(|_| StoreError::Corrupt(format!("manifest number {last:?}")))
            }

            async fn dispatch_manifest(&self, m: &NewManifest, lines: &[ManifestLine]) -> Result<ManifestId> {
                let mut tx = self.write.begin().await?;
                let last: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM manifests WHERE center_id = $1 AND year = $2")
                    .bind(m.center_id)
                    .bind(i64::from(m.year))
                    .fetch_one(&mut *tx)
                    .await?;
                if i64::from(m.seq) != last.unwrap_or(0) + 1 {
                    return Err(StoreError::Conflict(format!("manifest number {} of {} is taken", m.seq, m.year)));
                }
                // A concurrent writer of the same number fails on the unique
                // (center_id, year, seq): a conflict too.
                let id: ManifestId = sqlx::query_scalar(
                    "INSERT INTO manifests (center_id, year, seq, leg, from_place, to_place, to_agency, carrier_id, dispatched_by, dispatched_at, note) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                )
                .bind(m.center_id)
                .bind(i64::from(m.year))
                .bind(i64::from(m.seq))
                .bind(m.leg.code())
                .bind(&m.from_place)
                .bind(&m.to_place)
                .bind(m.to_agency.as_ref().map(|a| a.to_string()))
                .bind(m.carrier)
                .bind(m.dispatched_by)
                .bind(m.dispatched_at.as_second())
                .bind(&m.note)
                .fetch_one(&mut *tx)
                .await?;
                for l in lines {
                    sqlx::query("INSERT INTO manifest_items (manifest_id, dossier_id, documents, fees) VALUES ($1, $2, $3, $4)")
                        .bind(id)
                        .bind(l.dossier_id)
                        .bind(i64::from(l.documents))
                        .bind(l.fees.0)
                        .execute(&mut *tx)
                        .await?;
                    Self::append_in(&mut tx, l.dossier_id, l.expected_seq, &l.events).await?;
                }
                tx.commit().await?;
                Ok(id)
            }

            async fn receive_manifest(&self, id: ManifestId, r: &ManifestReceipt, lines: &[ReceivedLine]) -> Result<()> {
                let mut tx = self.write.begin().await?;
                let updated = sqlx::query(
                    "UPDATE manifests SET received_at = $2, received_by = $3, received_by_name = $4, receive_note = $5 \
                     WHERE id = $1 AND received_at IS NULL",
                )
                .bind(id)
                .bind(r.received_at.as_second())
                .bind(r.received_by)
                .bind(&r.received_by_name)
                .bind(&r.note)
                .execute(&mut *tx)
                .await?;
                if updated.rows_affected() != 1 {
                    return Err(StoreError::Conflict(format!("manifest {id} was received already")));
                }
                for l in lines {
                    let tallied = sqlx::query("UPDATE manifest_items SET tally = $3, note = $4 WHERE manifest_id = $1 AND dossier_id = $2")
                        .bind(id)
                        .bind(l.dossier_id)
                        .bind(l.tally.code())
                        .bind(&l.note)
                        .execute(&mut *tx)
                        .await?;
                    if tallied.rows_affected() != 1 {
                        return Err(StoreError::NotFound(format!("dossier {} in manifest {id}", l.dossier_id)));
                    }
                    Self::append_in(&mut tx, l.dossier_id, l.expected_seq, &l.events).await?;
                }
                let untallied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM manifest_items WHERE manifest_id = $1 AND tally IS NULL")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                if untallied != 0 {
                    return Err(StoreError::Conflict(format!("{untallied} dossiers of manifest {id} were not tallied")));
                }
                tx.commit().await?;
                Ok(())
            }

            async fn manifest(&self, id: ManifestId) -> Result<Option<Manifest>> {
                let sql = format!("{} WHERE m.id = $1", $crate::manifests::MANIFEST_SELECT);
                let rows: Vec<$crate::manifests::ManifestRow> = sqlx::query_as(&sql).bind(id).fetch_all(&self.read).await?;
                let items_sql = format!("{} WHERE i.manifest_id = $1", $crate::manifests::ITEM_SELECT);
                let items = sqlx::query_as(&items_sql).bind(id).fetch_all(&self.read).await?;
                Ok($crate::manifests::assemble(rows, items)?.pop())
            }

            async fn manifests(&self, centers: Option<&[CenterId]>, open_only: bool, limit: i64) -> Result<Vec<Manifest>> {
                let mut b = sqlx::QueryBuilder::<$db>::new($crate::manifests::MANIFEST_SELECT);
                b.push(" WHERE 1 = 1");
                if let Some(centers) = centers {
                    if centers.is_empty() {
                        return Ok(Vec::new());
                    }
                    b.push(" AND m.center_id IN (");
                    let mut list = b.separated(", ");
                    for c in centers {
                        list.push_bind(*c);
                    }
                    b.push(")");
                }
                if open_only {
                    b.push(" AND m.received_at IS NULL");
                }
                b.push(" ORDER BY (CASE WHEN m.received_at IS NULL THEN 0 ELSE 1 END), m.dispatched_at DESC, m.id DESC LIMIT ");
                b.push_bind(limit);
                let rows: Vec<$crate::manifests::ManifestRow> = b.build_query_as().fetch_all(&self.read).await?;
                if rows.is_empty() {
                    return Ok(Vec::new());
                }
                let mut ib = sqlx::QueryBuilder::<$db>::new($crate::manifests::ITEM_SELECT);
                ib.push(" WHERE i.manifest_id IN (");
                let mut list = ib.separated(", ");
                for r in &rows {
                    list.push_bind(r.id);
                }
                ib.push(")");
                let items = ib.build_query_as().fetch_all(&self.read).await?;
                $crate::manifests::assemble(rows, items)
            }

            async fn transport_candidates(&self, center_id: CenterId, leg: Leg, limit: i64) -> Result<Vec<DossierRecord>> {
                // Already on this leg: in a manifest not yet received, or
                // received and found (complete or short). Missing goes again.
                let not_on_leg = "NOT EXISTS (SELECT 1 FROM manifest_items i JOIN manifests m ON m.id = i.manifest_id \
                                  WHERE i.dossier_id = d.id AND m.leg = $2 AND (i.tally IS NULL OR i.tally <> 'missing'))";
                let which = match leg {
                    Leg::ToCenter => "d.channel = 3 AND d.status = 1",
                    Leg::ToAgency => "d.status IN (2, 4, 5, 6) AND d.handling_agency IS NOT NULL AND d.handling_agency <> d.agency_code",
                    Leg::BackToCenter => "d.status IN (4, 9) AND EXISTS (SELECT 1 FROM manifest_items i JOIN manifests m ON m.id = i.manifest_id \
                                          WHERE i.dossier_id = d.id AND m.leg = 'to-agency' AND i.tally IN ('complete', 'incomplete'))",
                };
                let sql = format!("SELECT d.id FROM dossiers d WHERE d.center_id = $1 AND {which} AND {not_on_leg} ORDER BY d.id LIMIT $3");
                let ids: Vec<DossierId> = sqlx::query_scalar(&sql)
                    .bind(center_id)
                    .bind(leg.code())
                    .bind(limit)
                    .fetch_all(&self.read)
                    .await?;
                self.dossiers_by_ids(&ids).await
            }
        }
    };
}

pub(crate) use manifest_sql;
