//! The catalog of procedures, its versions, and which center handles which.
//!
//! The contract is the trait; its SQL, written once for both backends, is the
//! `catalog_sql!` macro that `sql_store!` expands for each driver.

use async_trait::async_trait;
use jiff::Timestamp;
use motcua_domain::catalog::Catalog;
use motcua_domain::ProcedureCode;

use crate::sql::{parse, timestamp};
use crate::*;

#[async_trait]
pub trait CatalogStore: Send + Sync {
    /// Imports a whole catalog in one transaction: new procedures get version 1,
    /// changed ones a new version, identical ones are left alone. On any error
    /// nothing is written.
    async fn import_catalog(
        &self,
        c: &Catalog,
        at: Timestamp,
        progress: Progress<'_>,
    ) -> Result<ImportReport>;
    /// The current version of every procedure.
    async fn export_catalog(&self) -> Result<Catalog>;
    async fn fields(&self) -> Result<Vec<FieldSummary>>;
    async fn procedures(&self, q: &ProcedureQuery) -> Result<Vec<ProcedureSummary>>;
    async fn procedure(&self, code: &ProcedureCode) -> Result<Option<ProcedureVersion>>;
    async fn procedure_versions(&self, code: &ProcedureCode) -> Result<Vec<ProcedureVersion>>;
    /// Replaces the list of procedures a center receives.
    async fn set_jurisdiction(&self, center_id: CenterId, codes: &[ProcedureCode]) -> Result<()>;
    async fn jurisdiction(&self, center_id: CenterId) -> Result<Vec<ProcedureCode>>;
}

/// A procedure as the catalog lists it.
#[derive(sqlx::FromRow)]
pub(crate) struct SummaryRow {
    code: String,
    name: String,
    field_code: String,
    level: String,
    time_limit: String,
    current_version: i64,
}

impl TryFrom<SummaryRow> for ProcedureSummary {
    type Error = StoreError;

    fn try_from(r: SummaryRow) -> Result<ProcedureSummary> {
        Ok(ProcedureSummary {
            code: parse(&r.code, "procedure code")?,
            name: r.name,
            field: parse(&r.field_code, "field code")?,
            level: parse(&r.level, "level")?,
            time_limit: r.time_limit,
            version: r.current_version,
        })
    }
}

/// One version of a procedure, its specification as JSON.
#[derive(sqlx::FromRow)]
pub(crate) struct VersionRow {
    id: ProcedureVersionId,
    version: i64,
    created_at: i64,
    spec: String,
}

impl TryFrom<VersionRow> for ProcedureVersion {
    type Error = StoreError;

    fn try_from(r: VersionRow) -> Result<ProcedureVersion> {
        Ok(ProcedureVersion {
            id: r.id,
            version: r.version,
            created_at: timestamp(r.created_at)?,
            procedure: spec(&r.spec)?,
        })
    }
}

pub(crate) fn spec(json: &str) -> Result<motcua_domain::catalog::Procedure> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("procedure spec: {e}")))
}

macro_rules! catalog_sql {
    ($store:ty, $db:ty, $backend:expr) => {
        #[async_trait::async_trait]
        impl CatalogStore for $store {
            async fn import_catalog(&self, c: &Catalog, at: jiff::Timestamp, progress: Progress<'_>) -> Result<ImportReport> {
                let mut report = ImportReport::default();
                let mut tx = self.write.begin().await?;
                for f in &c.fields {
                    sqlx::query("INSERT INTO fields (code, name) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET name = excluded.name")
                        .bind(f.code.as_str())
                        .bind(&f.name)
                        .execute(&mut *tx)
                        .await?;
                    report.fields += 1;
                }
                for (i, p) in c.procedures.iter().enumerate() {
                    let spec = serde_json::to_string(p).expect("a procedure always serialises");
                    let current = sqlx::query_as::<_, (i64, String)>(
                        "SELECT p.current_version, v.spec FROM procedures p \
                         JOIN procedure_versions v ON v.code = p.code AND v.version = p.current_version \
                         WHERE p.code = $1",
                    )
                    .bind(p.code.as_str())
                    .fetch_optional(&mut *tx)
                    .await?;
                    let version: i64 = match current {
                        None => {
                            report.added += 1;
                            1
                        }
                        Some((_, current)) if current == spec => {
                            report.unchanged += 1;
                            progress(i as u64 + 1);
                            continue;
                        }
                        Some((version, _)) => {
                            report.changed += 1;
                            version + 1
                        }
                    };
                    sqlx::query(
                        "INSERT INTO procedures (code, current_version, field_code, name, name_search, level, time_limit) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO UPDATE SET \
                         current_version = excluded.current_version, field_code = excluded.field_code, name = excluded.name, \
                         name_search = excluded.name_search, level = excluded.level, time_limit = excluded.time_limit",
                    )
                    .bind(p.code.as_str())
                    .bind(version)
                    .bind(p.field.as_str())
                    .bind(&p.name)
                    .bind(motcua_domain::text::fold(&p.name))
                    .bind(p.level.code())
                    .bind(p.time_limit.to_string())
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query("INSERT INTO procedure_versions (code, version, spec, created_at) VALUES ($1, $2, $3, $4)")
                        .bind(p.code.as_str())
                        .bind(version)
                        .bind(&spec)
                        .bind(at.as_second())
                        .execute(&mut *tx)
                        .await?;
                    progress(i as u64 + 1);
                }
                tx.commit().await?;
                Ok(report)
            }

            async fn export_catalog(&self) -> Result<Catalog> {
                let fields = sqlx::query_as::<_, (String, String)>("SELECT code, name FROM fields ORDER BY code")
                    .fetch_all(&self.read)
                    .await?
                    .into_iter()
                    .map(|(code, name)| Ok(motcua_domain::catalog::Field { code: parse(&code, "field code")?, name }))
                    .collect::<Result<Vec<_>>>()?;
                let procedures = sqlx::query_scalar::<_, String>(
                    "SELECT v.spec FROM procedures p \
                     JOIN procedure_versions v ON v.code = p.code AND v.version = p.current_version ORDER BY p.code",
                )
                .fetch_all(&self.read)
                .await?
                .iter()
                .map(|s| $crate::catalog::spec(s))
                .collect::<Result<Vec<_>>>()?;
                Ok(Catalog { fields, procedures })
            }

            async fn fields(&self) -> Result<Vec<FieldSummary>> {
                let rows = sqlx::query_as::<_, (String, String, i64)>(
                    "SELECT f.code, f.name, (SELECT COUNT(*) FROM procedures p WHERE p.field_code = f.code) \
                     FROM fields f ORDER BY f.name",
                )
                .fetch_all(&self.read)
                .await?;
                let mut fields = rows
                    .into_iter()
                    .map(|(code, name, procedures)| Ok(FieldSummary { code: parse(&code, "field code")?, name, procedures }))
                    .collect::<Result<Vec<_>>>()?;
                // Vietnamese order (Đ with D), which byte order of the names is not.
                fields.sort_by_cached_key(|f| motcua_domain::text::fold(&f.name));
                Ok(fields)
            }

            async fn procedures(&self, q: &ProcedureQuery) -> Result<Vec<ProcedureSummary>> {
                let pattern = q.text.as_deref().and_then(like_pattern);
                let code = q.text.as_deref().map(str::trim);
                let rows = sqlx::query_as::<_, $crate::catalog::SummaryRow>(
                    "SELECT p.code, p.name, p.field_code, p.level, p.time_limit, p.current_version FROM procedures p \
                     WHERE ($1 IS NULL OR p.name_search LIKE $1 OR p.code = $2) \
                     AND ($3 IS NULL OR p.field_code = $3) \
                     AND ($4 IS NULL OR EXISTS (SELECT 1 FROM center_procedures cp WHERE cp.center_id = $4 AND cp.procedure_code = p.code)) \
                     ORDER BY p.field_code, p.code LIMIT $5 OFFSET $6",
                )
                .bind(pattern)
                .bind(code)
                .bind(q.field.as_ref().map(|f| f.as_str().to_string()))
                .bind(q.center_id)
                .bind(if q.limit > 0 { q.limit } else { 1000 })
                .bind(q.offset.max(0))
                .fetch_all(&self.read)
                .await?;
                rows.into_iter().map(ProcedureSummary::try_from).collect()
            }

            async fn procedure(&self, code: &motcua_domain::ProcedureCode) -> Result<Option<ProcedureVersion>> {
                Ok(self
                    .versions_where("v.code = $1 AND v.version = (SELECT current_version FROM procedures WHERE code = $1)", code)
                    .await?
                    .pop())
            }

            async fn procedure_versions(&self, code: &motcua_domain::ProcedureCode) -> Result<Vec<ProcedureVersion>> {
                self.versions_where("v.code = $1", code).await
            }

            async fn set_jurisdiction(&self, center_id: CenterId, codes: &[motcua_domain::ProcedureCode]) -> Result<()> {
                let mut tx = self.write.begin().await?;
                sqlx::query("DELETE FROM center_procedures WHERE center_id = $1").bind(center_id).execute(&mut *tx).await?;
                for code in codes {
                    sqlx::query("INSERT INTO center_procedures (center_id, procedure_code) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                        .bind(center_id)
                        .bind(code.as_str())
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn jurisdiction(&self, center_id: CenterId) -> Result<Vec<motcua_domain::ProcedureCode>> {
                sqlx::query_scalar::<_, String>("SELECT procedure_code FROM center_procedures WHERE center_id = $1 ORDER BY procedure_code")
                    .bind(center_id)
                    .fetch_all(&self.read)
                    .await?
                    .iter()
                    .map(|code| parse(code, "procedure code"))
                    .collect()
            }
        }

        impl $store {
            async fn versions_where(&self, condition: &str, code: &motcua_domain::ProcedureCode) -> Result<Vec<ProcedureVersion>> {
                let sql = format!("SELECT v.id, v.version, v.created_at, v.spec FROM procedure_versions v WHERE {condition} ORDER BY v.version");
                let rows = sqlx::query_as::<_, $crate::catalog::VersionRow>(&sql).bind(code.as_str()).fetch_all(&self.read).await?;
                rows.into_iter().map(ProcedureVersion::try_from).collect()
            }
        }
    };
}

pub(crate) use catalog_sql;
