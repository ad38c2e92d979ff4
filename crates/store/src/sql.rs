//! The SQL of both backends, written once. The statements use only what SQLite
//! and PostgreSQL share (`$n` parameters, `RETURNING`, `ON CONFLICT`), and the
//! macro instantiates the [`crate::Store`] implementation for each driver.

use std::collections::HashMap;
use std::fmt::Display;
use std::str::FromStr;

use jiff::civil::Date;
use jiff::Timestamp;
use motcua_domain::dossier::{DossierCode, Status, Timeliness};

use crate::{HistoricDossier, Result, RollupCounts, StoreError};

pub(crate) fn parse<T: FromStr>(value: &str, what: &str) -> Result<T>
where
    T::Err: Display,
{
    value
        .parse()
        .map_err(|e| StoreError::Corrupt(format!("{what} {value:?}: {e}")))
}

pub(crate) fn timestamp(seconds: i64) -> Result<Timestamp> {
    Timestamp::from_second(seconds)
        .map_err(|e| StoreError::Corrupt(format!("instant {seconds}: {e}")))
}

/// Dates are stored as ISO text, which sorts like the dates themselves.
pub(crate) fn date_text(d: Date) -> String {
    d.to_string()
}

/// A LIKE pattern matching names whose search key holds the words in order.
pub(crate) fn like_pattern(text: &str) -> Option<String> {
    let key = motcua_domain::text::fold(text).replace(['%', '_', '\\'], " ");
    let words: Vec<&str> = key.split_whitespace().collect();
    (!words.is_empty()).then(|| format!("%{}%", words.join("%")))
}

/// (center, day, procedure)
pub(crate) type RollupKey = (i64, String, String);
/// (agency identifier, yyMMdd) → last sequence number
pub(crate) type Counters = HashMap<(String, String), i64>;

/// What a batch of historic dossiers adds to the code counters and daily rollups.
pub(crate) fn tallies(
    dossiers: &[HistoricDossier],
) -> Result<(Counters, HashMap<RollupKey, RollupCounts>)> {
    let mut counters = Counters::new();
    let mut rollups: HashMap<RollupKey, RollupCounts> = HashMap::new();
    for d in dossiers {
        let code: DossierCode = parse(&d.code, "dossier code")?;
        let last = counters
            .entry((code.agency.to_string(), code.day_key()))
            .or_default();
        *last = (*last).max(i64::from(code.seq));

        let day = motcua_calendar::from_timestamp(d.received_at).date();
        let r = rollups
            .entry((d.center_id, date_text(day), d.procedure_code.to_string()))
            .or_default();
        r.received += 1;
        if d.status == Status::NotAccepted.number() {
            r.refused += 1;
        }
        if d.supplement_count > 0 {
            r.supplemented += 1;
        }
        if d.channel == motcua_domain::catalog::Channel::Online {
            r.online += 1;
        }
        if let (Some(due), Some(finished)) = (d.due_at, d.finished_at) {
            r.finished += 1;
            match Timeliness::classify(due, finished, d.supplement_count) {
                Timeliness::Late => r.late += 1,
                Timeliness::Early | Timeliness::OnTime => r.on_time += 1,
            }
        }
    }
    Ok((counters, rollups))
}

macro_rules! sql_store {
    ($store:ty, $db:ty, $backend:expr, $migrations:literal) => {
        use sqlx::Row as _;

        use $crate::sql::{date_text, like_pattern, parse, tallies, timestamp};
        use $crate::*;

        #[async_trait::async_trait]
        impl Store for $store {
            fn backend(&self) -> Backend {
                $backend
            }

            async fn migrate(&self) -> Result<()> {
                sqlx::migrate!($migrations).run(&self.write).await?;
                Ok(())
            }

            async fn create_province(&self, p: &NewProvince) -> Result<i64> {
                let row = sqlx::query("INSERT INTO provinces (code, name) VALUES ($1, $2) RETURNING id")
                    .bind(&p.code)
                    .bind(&p.name)
                    .fetch_one(&self.write)
                    .await?;
                Ok(row.try_get(0)?)
            }

            async fn province(&self) -> Result<Option<Province>> {
                let row = sqlx::query("SELECT id, code, name FROM provinces ORDER BY id LIMIT 1")
                    .fetch_optional(&self.read)
                    .await?;
                row.map(|r| Ok(Province { id: r.try_get(0)?, code: r.try_get(1)?, name: r.try_get(2)? }))
                    .transpose()
            }

            async fn create_unit(&self, province_id: i64, u: &NewUnit) -> Result<i64> {
                let row = sqlx::query(
                    "INSERT INTO units (province_id, code, name, kind) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(province_id)
                .bind(&u.code)
                .bind(&u.name)
                .bind(u.kind.code())
                .fetch_one(&self.write)
                .await?;
                Ok(row.try_get(0)?)
            }

            async fn units(&self) -> Result<Vec<Unit>> {
                let rows = sqlx::query("SELECT id, code, name, kind FROM units ORDER BY id").fetch_all(&self.read).await?;
                rows.iter()
                    .map(|r| {
                        Ok(Unit {
                            id: r.try_get(0)?,
                            code: r.try_get(1)?,
                            name: r.try_get(2)?,
                            kind: parse(&r.try_get::<String, _>(3)?, "unit kind")?,
                        })
                    })
                    .collect()
            }

            async fn create_agency(&self, a: &NewAgency) -> Result<i64> {
                let mut tx = self.write.begin().await?;
                let unit_id = Self::unit_id(&mut tx, a.unit_code.as_deref()).await?;
                let row = sqlx::query(
                    "INSERT INTO agencies (code, name, level, unit_id) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(a.code.as_str())
                .bind(&a.name)
                .bind(a.level.code())
                .bind(unit_id)
                .fetch_one(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(row.try_get(0)?)
            }

            async fn agencies(&self) -> Result<Vec<Agency>> {
                let rows = sqlx::query("SELECT id, code, name, level, unit_id FROM agencies ORDER BY id")
                    .fetch_all(&self.read)
                    .await?;
                rows.iter()
                    .map(|r| {
                        Ok(Agency {
                            id: r.try_get(0)?,
                            code: parse(&r.try_get::<String, _>(1)?, "agency code")?,
                            name: r.try_get(2)?,
                            level: parse(&r.try_get::<String, _>(3)?, "level")?,
                            unit_id: r.try_get(4)?,
                        })
                    })
                    .collect()
            }

            async fn create_center(&self, c: &NewCenter) -> Result<i64> {
                let mut tx = self.write.begin().await?;
                let agency_id: i64 = sqlx::query("SELECT id FROM agencies WHERE code = $1")
                    .bind(c.agency.as_str())
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or_else(|| StoreError::Dangling(format!("agency {}", c.agency)))?
                    .try_get(0)?;
                let unit_id = Self::unit_id(&mut tx, c.unit_code.as_deref()).await?;
                let row = sqlx::query(
                    "INSERT INTO centers (name, kind, agency_id, unit_id, address, office_hours) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(&c.name)
                .bind(c.kind.code())
                .bind(agency_id)
                .bind(unit_id)
                .bind(&c.address)
                .bind(c.office_hours.to_string())
                .fetch_one(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(row.try_get(0)?)
            }

            async fn centers(&self) -> Result<Vec<Center>> {
                self.centers_where("1 = 1", None).await
            }

            async fn center(&self, id: i64) -> Result<Option<Center>> {
                Ok(self.centers_where("c.id = $1", Some(id)).await?.into_iter().next())
            }

            async fn set_office_hours(&self, center_id: i64, hours: &motcua_calendar::OfficeHours) -> Result<()> {
                let done = sqlx::query("UPDATE centers SET office_hours = $2 WHERE id = $1")
                    .bind(center_id)
                    .bind(hours.to_string())
                    .execute(&self.write)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound(format!("center {center_id}")));
                }
                Ok(())
            }

            async fn create_staff(&self, s: &NewStaff) -> Result<i64> {
                let row = sqlx::query(
                    "INSERT INTO staff (full_name, name_search, employer, phone, email, title) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(&s.full_name)
                .bind(motcua_domain::text::fold(&s.full_name))
                .bind(s.employer.code())
                .bind(s.phone.as_ref().map(|p| p.as_str().to_string()))
                .bind(&s.email)
                .bind(&s.title)
                .fetch_one(&self.write)
                .await?;
                Ok(row.try_get(0)?)
            }

            async fn create_account(&self, staff_id: Option<i64>, a: &NewAccount) -> Result<i64> {
                let mut tx = self.write.begin().await?;
                let id: i64 = sqlx::query(
                    "INSERT INTO accounts (username, password_hash, staff_id, active) VALUES ($1, $2, $3, TRUE) RETURNING id",
                )
                .bind(&a.username)
                .bind(&a.password_hash)
                .bind(staff_id)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
                for role in &a.roles {
                    sqlx::query("INSERT INTO account_roles (account_id, role) VALUES ($1, $2)")
                        .bind(id)
                        .bind(role.code())
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(id)
            }

            async fn account(&self, username: &str) -> Result<Option<Account>> {
                let Some(r) = sqlx::query("SELECT id, username, password_hash, staff_id, active FROM accounts WHERE username = $1")
                    .bind(username)
                    .fetch_optional(&self.read)
                    .await?
                else {
                    return Ok(None);
                };
                let id: i64 = r.try_get(0)?;
                let roles = sqlx::query("SELECT role FROM account_roles WHERE account_id = $1 ORDER BY role")
                    .bind(id)
                    .fetch_all(&self.read)
                    .await?
                    .iter()
                    .map(|row| parse(&row.try_get::<String, _>(0)?, "role"))
                    .collect::<Result<Vec<_>>>()?;
                Ok(Some(Account {
                    id,
                    username: r.try_get(1)?,
                    password_hash: r.try_get(2)?,
                    staff_id: r.try_get(3)?,
                    roles,
                    active: r.try_get(4)?,
                }))
            }

            async fn assign(&self, staff_id: i64, center_id: i64, a: &Assignment) -> Result<i64> {
                let row = sqlx::query(
                    "INSERT INTO assignments (staff_id, center_id, role, valid_from, valid_until) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(staff_id)
                .bind(center_id)
                .bind(a.role.code())
                .bind(date_text(a.from))
                .bind(a.until.map(date_text))
                .fetch_one(&self.write)
                .await?;
                Ok(row.try_get(0)?)
            }

            async fn staff_at(&self, center_id: i64, day: Date) -> Result<Vec<Posting>> {
                let rows = sqlx::query(
                    "SELECT s.id, s.full_name, s.employer, s.title, a.role, a.valid_from, a.valid_until \
                     FROM assignments a JOIN staff s ON s.id = a.staff_id \
                     WHERE a.center_id = $1 AND a.valid_from <= $2 AND (a.valid_until IS NULL OR a.valid_until >= $2) \
                     ORDER BY a.role, s.full_name",
                )
                .bind(center_id)
                .bind(date_text(day))
                .fetch_all(&self.read)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(Posting {
                            staff_id: r.try_get(0)?,
                            full_name: r.try_get(1)?,
                            employer: parse(&r.try_get::<String, _>(2)?, "employer")?,
                            title: r.try_get(3)?,
                            role: parse(&r.try_get::<String, _>(4)?, "role")?,
                            from: parse(&r.try_get::<String, _>(5)?, "date")?,
                            until: r.try_get::<Option<String>, _>(6)?.map(|d| parse(&d, "date")).transpose()?,
                        })
                    })
                    .collect()
            }

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
                    let current = sqlx::query(
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
                        Some(row) if row.try_get::<String, _>(1)? == spec => {
                            report.unchanged += 1;
                            progress(i as u64 + 1);
                            continue;
                        }
                        Some(row) => {
                            report.changed += 1;
                            row.try_get::<i64, _>(0)? + 1
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
                let fields = sqlx::query("SELECT code, name FROM fields ORDER BY code")
                    .fetch_all(&self.read)
                    .await?
                    .iter()
                    .map(|r| {
                        Ok(motcua_domain::catalog::Field {
                            code: parse(&r.try_get::<String, _>(0)?, "field code")?,
                            name: r.try_get(1)?,
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                let procedures = sqlx::query(
                    "SELECT v.spec FROM procedures p \
                     JOIN procedure_versions v ON v.code = p.code AND v.version = p.current_version ORDER BY p.code",
                )
                .fetch_all(&self.read)
                .await?
                .iter()
                .map(|r| {
                    let spec: String = r.try_get(0)?;
                    serde_json::from_str(&spec).map_err(|e| StoreError::Corrupt(format!("procedure spec: {e}")))
                })
                .collect::<Result<Vec<_>>>()?;
                Ok(Catalog { fields, procedures })
            }

            async fn fields(&self) -> Result<Vec<FieldSummary>> {
                let rows = sqlx::query(
                    "SELECT f.code, f.name, (SELECT COUNT(*) FROM procedures p WHERE p.field_code = f.code) \
                     FROM fields f ORDER BY f.name",
                )
                .fetch_all(&self.read)
                .await?;
                let mut fields = rows
                    .iter()
                    .map(|r| {
                        Ok(FieldSummary {
                            code: parse(&r.try_get::<String, _>(0)?, "field code")?,
                            name: r.try_get(1)?,
                            procedures: r.try_get(2)?,
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                // Vietnamese order (Đ with D), which byte order of the names is not.
                fields.sort_by_cached_key(|f| motcua_domain::text::fold(&f.name));
                Ok(fields)
            }

            async fn procedures(&self, q: &ProcedureQuery) -> Result<Vec<ProcedureSummary>> {
                let pattern = q.text.as_deref().and_then(like_pattern);
                let code = q.text.as_deref().map(str::trim);
                let rows = sqlx::query(
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
                rows.iter()
                    .map(|r| {
                        Ok(ProcedureSummary {
                            code: parse(&r.try_get::<String, _>(0)?, "procedure code")?,
                            name: r.try_get(1)?,
                            field: parse(&r.try_get::<String, _>(2)?, "field code")?,
                            level: parse(&r.try_get::<String, _>(3)?, "level")?,
                            time_limit: r.try_get(4)?,
                            version: r.try_get(5)?,
                        })
                    })
                    .collect()
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

            async fn set_jurisdiction(&self, center_id: i64, codes: &[motcua_domain::ProcedureCode]) -> Result<()> {
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

            async fn jurisdiction(&self, center_id: i64) -> Result<Vec<motcua_domain::ProcedureCode>> {
                sqlx::query("SELECT procedure_code FROM center_procedures WHERE center_id = $1 ORDER BY procedure_code")
                    .bind(center_id)
                    .fetch_all(&self.read)
                    .await?
                    .iter()
                    .map(|r| parse(&r.try_get::<String, _>(0)?, "procedure code"))
                    .collect()
            }

            async fn insert_history(&self, dossiers: &[HistoricDossier], progress: Progress<'_>) -> Result<()> {
                // 20 columns: stays under every backend's bind-parameter limit.
                const CHUNK: usize = 1000;
                let (counters, rollups) = tallies(dossiers)?;
                let mut tx = self.write.begin().await?;
                let mut done = 0u64;
                for chunk in dossiers.chunks(CHUNK) {
                    let mut b = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO dossiers (code, center_id, agency_code, procedure_code, procedure_version_id, channel, \
                         status, applicant_name, applicant_search, applicant_id_number, applicant_phone, received_at, due_at, \
                         finished_at, returned_at, supplement_count, extension_count, digitized, result_by_post) ",
                    );
                    b.push_values(chunk, |mut row, d| {
                        row.push_bind(d.code.clone())
                            .push_bind(d.center_id)
                            .push_bind(d.agency_code.to_string())
                            .push_bind(d.procedure_code.to_string())
                            .push_bind(d.procedure_version_id)
                            .push_bind(i64::from(d.channel.number()))
                            .push_bind(i64::from(d.status))
                            .push_bind(d.applicant_name.clone())
                            .push_bind(motcua_domain::text::fold(&d.applicant_name))
                            .push_bind(d.applicant_id_number.clone())
                            .push_bind(d.applicant_phone.clone())
                            .push_bind(d.received_at.as_second())
                            .push_bind(d.due_at.map(|t| t.as_second()))
                            .push_bind(d.finished_at.map(|t| t.as_second()))
                            .push_bind(d.returned_at.map(|t| t.as_second()))
                            .push_bind(i64::from(d.supplement_count))
                            .push_bind(i64::from(d.extension_count))
                            .push_bind(d.digitized)
                            .push_bind(d.result_by_post);
                    });
                    b.build().execute(&mut *tx).await?;
                    done += chunk.len() as u64;
                    progress(done);
                }
                let counters: Vec<_> = counters.into_iter().collect();
                for chunk in counters.chunks(CHUNK) {
                    let mut b = sqlx::QueryBuilder::<$db>::new("INSERT INTO dossier_counters (agency_code, day, last) ");
                    b.push_values(chunk, |mut row, ((agency, day), last)| {
                        row.push_bind(agency.clone()).push_bind(day.clone()).push_bind(*last);
                    });
                    b.push(
                        " ON CONFLICT (agency_code, day) DO UPDATE SET \
                         last = CASE WHEN excluded.last > dossier_counters.last THEN excluded.last ELSE dossier_counters.last END",
                    );
                    b.build().execute(&mut *tx).await?;
                }
                let rollups: Vec<_> = rollups.into_iter().collect();
                for chunk in rollups.chunks(CHUNK) {
                    let mut b = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO daily_rollups (center_id, day, procedure_code, received, finished, on_time, late, refused, supplemented, online) ",
                    );
                    b.push_values(chunk, |mut row, ((center, day, procedure), r)| {
                        row.push_bind(*center)
                            .push_bind(day.clone())
                            .push_bind(procedure.clone())
                            .push_bind(r.received)
                            .push_bind(r.finished)
                            .push_bind(r.on_time)
                            .push_bind(r.late)
                            .push_bind(r.refused)
                            .push_bind(r.supplemented)
                            .push_bind(r.online);
                    });
                    b.push(
                        " ON CONFLICT (center_id, day, procedure_code) DO UPDATE SET \
                         received = daily_rollups.received + excluded.received, \
                         finished = daily_rollups.finished + excluded.finished, \
                         on_time = daily_rollups.on_time + excluded.on_time, \
                         late = daily_rollups.late + excluded.late, \
                         refused = daily_rollups.refused + excluded.refused, \
                         supplemented = daily_rollups.supplemented + excluded.supplemented, \
                         online = daily_rollups.online + excluded.online",
                    );
                    b.build().execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn last_dossier_seq(&self, agency: &motcua_domain::AgencyCode, day: Date) -> Result<i64> {
                let key = motcua_domain::dossier::DossierCode { agency: agency.clone(), day, seq: 0 }.day_key();
                let row = sqlx::query("SELECT last FROM dossier_counters WHERE agency_code = $1 AND day = $2")
                    .bind(agency.as_str())
                    .bind(key)
                    .fetch_optional(&self.read)
                    .await?;
                Ok(row.map(|r| r.try_get(0)).transpose()?.unwrap_or(0))
            }

            async fn counts(&self) -> Result<Counts> {
                let r = sqlx::query(
                    "SELECT (SELECT COUNT(*) FROM units), (SELECT COUNT(*) FROM agencies), (SELECT COUNT(*) FROM centers), \
                     (SELECT COUNT(*) FROM staff), \
                     (SELECT COUNT(DISTINCT staff_id) FROM assignments WHERE role = 'postal'), \
                     (SELECT COUNT(*) FROM accounts), (SELECT COUNT(*) FROM fields), (SELECT COUNT(*) FROM procedures), \
                     (SELECT COUNT(*) FROM dossiers)",
                )
                .fetch_one(&self.read)
                .await?;
                Ok(Counts {
                    units: r.try_get(0)?,
                    agencies: r.try_get(1)?,
                    centers: r.try_get(2)?,
                    staff: r.try_get(3)?,
                    postal_staff: r.try_get(4)?,
                    accounts: r.try_get(5)?,
                    fields: r.try_get(6)?,
                    procedures: r.try_get(7)?,
                    dossiers: r.try_get(8)?,
                })
            }

            async fn rollups(&self, center_id: i64, from: Date, to: Date) -> Result<Vec<DailyRollup>> {
                let rows = sqlx::query(
                    "SELECT day, procedure_code, received, finished, on_time, late, refused, supplemented, online \
                     FROM daily_rollups WHERE center_id = $1 AND day >= $2 AND day <= $3 ORDER BY day, procedure_code",
                )
                .bind(center_id)
                .bind(date_text(from))
                .bind(date_text(to))
                .fetch_all(&self.read)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(DailyRollup {
                            day: parse(&r.try_get::<String, _>(0)?, "day")?,
                            procedure_code: r.try_get(1)?,
                            counts: RollupCounts {
                                received: r.try_get(2)?,
                                finished: r.try_get(3)?,
                                on_time: r.try_get(4)?,
                                late: r.try_get(5)?,
                                refused: r.try_get(6)?,
                                supplemented: r.try_get(7)?,
                                online: r.try_get(8)?,
                            },
                        })
                    })
                    .collect()
            }
        }

        impl $store {
            /// The id of the unit with this code; a code that names no unit is an error.
            async fn unit_id(conn: &mut <$db as sqlx::Database>::Connection, code: Option<&str>) -> Result<Option<i64>> {
                let Some(code) = code else { return Ok(None) };
                let row = sqlx::query("SELECT id FROM units WHERE code = $1")
                    .bind(code)
                    .fetch_optional(conn)
                    .await?
                    .ok_or_else(|| StoreError::Dangling(format!("unit {code}")))?;
                Ok(Some(row.try_get(0)?))
            }

            async fn centers_where(&self, condition: &str, id: Option<i64>) -> Result<Vec<Center>> {
                let sql = format!(
                    "SELECT c.id, c.name, c.kind, a.code, a.name, u.name, c.address, c.office_hours FROM centers c \
                     JOIN agencies a ON a.id = c.agency_id LEFT JOIN units u ON u.id = c.unit_id \
                     WHERE {condition} ORDER BY c.id"
                );
                let mut query = sqlx::query(&sql);
                if let Some(id) = id {
                    query = query.bind(id);
                }
                let rows = query.fetch_all(&self.read).await?;
                rows.iter()
                    .map(|r| {
                        Ok(Center {
                            id: r.try_get(0)?,
                            name: r.try_get(1)?,
                            kind: parse(&r.try_get::<String, _>(2)?, "center kind")?,
                            agency_code: parse(&r.try_get::<String, _>(3)?, "agency code")?,
                            agency_name: r.try_get(4)?,
                            unit_name: r.try_get(5)?,
                            address: r.try_get(6)?,
                            office_hours: parse(&r.try_get::<String, _>(7)?, "office hours")?,
                        })
                    })
                    .collect()
            }

            async fn versions_where(&self, condition: &str, code: &motcua_domain::ProcedureCode) -> Result<Vec<ProcedureVersion>> {
                let sql = format!("SELECT v.id, v.version, v.created_at, v.spec FROM procedure_versions v WHERE {condition} ORDER BY v.version");
                let rows = sqlx::query(&sql).bind(code.as_str()).fetch_all(&self.read).await?;
                rows.iter()
                    .map(|r| {
                        let spec: String = r.try_get(3)?;
                        Ok(ProcedureVersion {
                            id: r.try_get(0)?,
                            version: r.try_get(1)?,
                            created_at: timestamp(r.try_get(2)?)?,
                            procedure: serde_json::from_str(&spec)
                                .map_err(|e| StoreError::Corrupt(format!("procedure spec: {e}")))?,
                        })
                    })
                    .collect()
            }
        }
    };
}

pub(crate) use sql_store;
