//! The SQL of both backends, written once. The statements use only what SQLite
//! and PostgreSQL share (`$n` parameters, `RETURNING`, `ON CONFLICT`), and the
//! macro instantiates the [`crate::Store`] implementation for each driver.

use std::collections::HashMap;
use std::fmt::Display;
use std::str::FromStr;

use jiff::civil::Date;
use jiff::Timestamp;
use motcua_domain::dossier::{DossierCode, Status};

use crate::{HistoricDossier, Result, RollupCounts, State, StoreError};

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

/// The end of a dossier code as an officer reads it off a receipt.
#[derive(Debug, PartialEq)]
pub(crate) enum CodeTail {
    /// `-yyMMdd-NNNN`, the dash included.
    DaySeq(String),
    /// `NNNN`, zero-padded to the four digits codes carry.
    Seq(String),
}

/// `261127-0061` or `0061` (also `61`): the day and number, or the number
/// alone, of a dossier code. Longer digit strings are phones and CCCDs.
pub(crate) fn code_tail(text: &str) -> Option<CodeTail> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let seq = |s: &str| (digits(s) && s.len() <= 5).then(|| format!("{:0>4}", s));
    match text.trim().split_once('-') {
        Some((day, n)) if day.len() == 6 && digits(day) => {
            seq(n).map(|n| CodeTail::DaySeq(format!("-{day}-{n}")))
        }
        Some(_) => None,
        None => seq(text.trim()).map(CodeTail::Seq),
    }
}

/// (center, day, procedure)
pub(crate) type RollupKey = (i64, String, String);
/// (agency identifier, yyMMdd) → last sequence number
pub(crate) type Counters = HashMap<(String, String), i64>;

/// A historic dossier as its `dossiers` row needs it: the state its events
/// lead to and the instants the live record notes.
pub(crate) struct HistoricRow<'a> {
    pub d: &'a HistoricDossier,
    pub state: State,
    pub finished_at: Option<i64>,
    pub returned_at: Option<i64>,
}

/// What a batch of historic dossiers adds to the code counters and daily
/// rollups, counted event by event exactly as the live intake and actions
/// count them; and each dossier's row. A dossier without events is refused.
pub(crate) fn tallies<'a>(
    dossiers: &'a [HistoricDossier],
    counters: &mut Counters,
    rollups: &mut HashMap<RollupKey, RollupCounts>,
) -> Result<Vec<HistoricRow<'a>>> {
    let mut rows = Vec::with_capacity(dossiers.len());
    for d in dossiers {
        let code: DossierCode = parse(&d.code, "dossier code")?;
        let last = counters
            .entry((code.agency.to_string(), code.day_key()))
            .or_default();
        *last = (*last).max(i64::from(code.seq));

        let tally = RollupCounts::of_events(d.channel, &d.events)
            .ok_or_else(|| StoreError::Corrupt(format!("dossier {} has no event", d.code)))?;
        // The instants the live record notes when they first happen.
        let first_reaching = |status: Status| {
            d.events[1..]
                .iter()
                .find(|e| e.to == status && e.from != Some(status))
                .map(|e| e.at.as_second())
        };
        *rollups
            .entry((
                d.center_id,
                date_text(tally.day),
                d.procedure_code.to_string(),
            ))
            .or_default() += &tally.counts;
        rows.push(HistoricRow {
            d,
            state: tally.state,
            finished_at: first_reaching(Status::Processed),
            returned_at: first_reaching(Status::Returned),
        });
    }
    Ok(rows)
}

/// How an account is looked up.
pub(crate) enum AccountKey<'a> {
    Id(i64),
    Username(&'a str),
}

/// The columns every dossier query reads, in the order `decode_dossier` expects.
pub(crate) const DOSSIER_SELECT: &str = "SELECT d.id, d.code, d.center_id, d.agency_code, d.procedure_code, d.procedure_version_id, d.channel, \
     d.applicant_id, d.applicant_name, d.applicant_id_number, d.applicant_phone, d.applicant_email, d.applicant_address, \
     d.received_at, d.details, d.state, d.last_seq \
     FROM dossiers d";

/// The columns `decode_token` reads.
pub(crate) const TOKEN_SELECT: &str =
    "SELECT id, account_id, scope, label, created_at, expires_at, revoked_at FROM api_tokens";

/// How a dossier is looked up.
pub(crate) enum DossierKey<'a> {
    Id(i64),
    Code(&'a str),
}

macro_rules! sql_store {
    ($store:ty, $db:ty, $backend:expr, $migrations:literal) => {
        use sqlx::Row as _;

                use $crate::sql::{code_tail, CodeTail, date_text, like_pattern, parse, timestamp, AccountKey, DossierKey, DOSSIER_SELECT, TOKEN_SELECT};
        use $crate::*;

        #[async_trait::async_trait]
        impl Store for $store {
            fn backend(&self) -> Backend {
                $backend
            }

            async fn migrate(&self) -> Result<()> {
                sqlx::migrate!($migrations).run(&self.write).await?;
                // A bulk load that did not finish left its indexes to build.
                self.restore_indexes(tracing::Level::WARN).await
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
                self.account_where(AccountKey::Username(username)).await
            }

            async fn account_by_id(&self, id: i64) -> Result<Option<Account>> {
                self.account_where(AccountKey::Id(id)).await
            }

            async fn account_names(&self, account_ids: &[i64]) -> Result<std::collections::HashMap<i64, String>> {
                if account_ids.is_empty() {
                    return Ok(Default::default());
                }
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "SELECT acc.id, COALESCE(s.full_name, acc.username) FROM accounts acc \
                     LEFT JOIN staff s ON s.id = acc.staff_id WHERE acc.id IN (",
                );
                let mut ids = b.separated(", ");
                for id in account_ids {
                    ids.push_bind(*id);
                }
                b.push(")");
                b.build()
                    .fetch_all(&self.read)
                    .await?
                    .iter()
                    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                    .collect()
            }

            async fn postings_of(&self, account_id: i64, day: Date) -> Result<Vec<AccountPosting>> {
                let rows = sqlx::query(
                    "SELECT a.center_id, g.code, a.role FROM accounts acc \
                     JOIN assignments a ON a.staff_id = acc.staff_id \
                     JOIN centers c ON c.id = a.center_id JOIN agencies g ON g.id = c.agency_id \
                     WHERE acc.id = $1 AND a.valid_from <= $2 AND (a.valid_until IS NULL OR a.valid_until >= $2) \
                     ORDER BY a.center_id, a.role",
                )
                .bind(account_id)
                .bind(date_text(day))
                .fetch_all(&self.read)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(AccountPosting {
                            center_id: r.try_get(0)?,
                            agency_code: parse(&r.try_get::<String, _>(1)?, "agency code")?,
                            role: parse(&r.try_get::<String, _>(2)?, "role")?,
                        })
                    })
                    .collect()
            }

            async fn create_session(&self, id_hash: &str, account_id: i64, csrf: &str, now: Timestamp, expires_at: Timestamp) -> Result<()> {
                sqlx::query("INSERT INTO sessions (id_hash, account_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(id_hash)
                    .bind(account_id)
                    .bind(csrf)
                    .bind(now.as_second())
                    .bind(expires_at.as_second())
                    .execute(&self.write)
                    .await?;
                Ok(())
            }

            async fn session(&self, id_hash: &str) -> Result<Option<SessionRecord>> {
                let row = sqlx::query("SELECT account_id, csrf, expires_at FROM sessions WHERE id_hash = $1")
                    .bind(id_hash)
                    .fetch_optional(&self.read)
                    .await?;
                row.map(|r| Ok(SessionRecord { account_id: r.try_get(0)?, csrf: r.try_get(1)?, expires_at: timestamp(r.try_get(2)?)? }))
                    .transpose()
            }

            async fn delete_session(&self, id_hash: &str) -> Result<()> {
                sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(&self.write).await?;
                Ok(())
            }

            async fn create_token(&self, token_hash: &str, account_id: i64, scope: &str, label: &str, now: Timestamp, expires_at: Timestamp) -> Result<i64> {
                let row = sqlx::query(
                    "INSERT INTO api_tokens (token_hash, account_id, scope, label, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(token_hash)
                .bind(account_id)
                .bind(scope)
                .bind(label)
                .bind(now.as_second())
                .bind(expires_at.as_second())
                .fetch_one(&self.write)
                .await?;
                Ok(row.try_get(0)?)
            }

            async fn token(&self, token_hash: &str) -> Result<Option<TokenRecord>> {
                let row = sqlx::query(&format!("{TOKEN_SELECT} WHERE token_hash = $1"))
                    .bind(token_hash)
                    .fetch_optional(&self.read)
                    .await?;
                row.map(|r| Self::decode_token(&r)).transpose()
            }

            async fn tokens_of(&self, account_id: i64) -> Result<Vec<TokenRecord>> {
                let rows = sqlx::query(&format!("{TOKEN_SELECT} WHERE account_id = $1 ORDER BY id DESC"))
                    .bind(account_id)
                    .fetch_all(&self.read)
                    .await?;
                rows.iter().map(Self::decode_token).collect()
            }

            async fn revoke_token(&self, account_id: i64, token_id: i64, at: Timestamp) -> Result<bool> {
                let done = sqlx::query("UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL")
                    .bind(token_id)
                    .bind(account_id)
                    .bind(at.as_second())
                    .execute(&self.write)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn set_password(&self, account_id: i64, password_hash: &str, at: Timestamp) -> Result<()> {
                let mut tx = self.write.begin().await?;
                let done = sqlx::query("UPDATE accounts SET password_hash = $2 WHERE id = $1")
                    .bind(account_id)
                    .bind(password_hash)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::NotFound(format!("account {account_id}")));
                }
                sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL")
                    .bind(account_id)
                    .bind(at.as_second())
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM sessions WHERE account_id = $1").bind(account_id).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn record_personal_data_reads(&self, reads: &[PersonalDataRead]) -> Result<()> {
                if reads.is_empty() {
                    return Ok(());
                }
                let mut b = sqlx::QueryBuilder::<$db>::new("INSERT INTO personal_data_reads (at, account_id, dossier_id, subject, purpose) ");
                b.push_values(reads, |mut row, r| {
                    row.push_bind(r.at.as_second())
                        .push_bind(r.account_id)
                        .push_bind(r.dossier_id)
                        .push_bind(r.subject.clone())
                        .push_bind(r.purpose.clone());
                });
                b.build().execute(&self.write).await?;
                Ok(())
            }

            async fn personal_data_reads(&self, dossier_id: i64) -> Result<Vec<PersonalDataRead>> {
                let rows = sqlx::query(
                    "SELECT at, account_id, dossier_id, subject, purpose FROM personal_data_reads WHERE dossier_id = $1 ORDER BY id",
                )
                .bind(dossier_id)
                .fetch_all(&self.read)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(PersonalDataRead {
                            at: timestamp(r.try_get(0)?)?,
                            account_id: r.try_get(1)?,
                            dossier_id: r.try_get(2)?,
                            subject: r.try_get(3)?,
                            purpose: r.try_get(4)?,
                        })
                    })
                    .collect()
            }

            async fn secret(&self, name: &str, candidate: &str) -> Result<String> {
                sqlx::query("INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
                    .bind(name)
                    .bind(candidate)
                    .execute(&self.write)
                    .await?;
                let row = sqlx::query("SELECT value FROM secrets WHERE name = $1").bind(name).fetch_one(&self.write).await?;
                Ok(row.try_get(0)?)
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
                    "SELECT s.id, s.full_name, s.employer, s.title, a.role, a.valid_from, a.valid_until, \
                     (SELECT MIN(acc.id) FROM accounts acc WHERE acc.staff_id = s.id) \
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
                            account_id: r.try_get(7)?,
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
                let (mut counters, mut rollups) = Default::default();
                let mut tx = self.write.begin().await?;
                Self::write_history(&mut tx, dossiers, &mut counters, &mut rollups).await?;
                Self::write_tallies(&mut tx, counters, rollups).await?;
                tx.commit().await?;
                progress(dossiers.len() as u64);
                Ok(())
            }

            async fn load_history(
                &self,
                batches: futures::stream::BoxStream<'_, Vec<HistoricDossier>>,
                rows_per_commit: usize,
                progress: Progress<'_>,
            ) -> Result<u64> {
                let settings = self.bulk_begin().await?;
                let deferred = self.defer_indexes().await;
                let loaded = match deferred {
                    Ok(()) => self.load_history_in(batches, rows_per_commit, progress).await,
                    Err(e) => Err(e),
                };
                let rebuilt = self.restore_indexes(tracing::Level::DEBUG).await;
                let restored = self.bulk_end(settings).await;
                let written = loaded?;
                rebuilt?;
                restored?;
                Ok(written)
            }

                        async fn find_applicants(&self, key: &str) -> Result<Vec<ApplicantRecord>> {
                let key = key.trim();
                let rows = sqlx::query(
                    "SELECT id, name, id_number, phone, email, address FROM applicants \
                     WHERE id_number = $1 OR phone = $1 ORDER BY updated_at DESC, id DESC LIMIT 20",
                )
                .bind(key)
                .fetch_all(&self.read)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(ApplicantRecord {
                            id: r.try_get(0)?,
                            applicant: Applicant {
                                name: r.try_get(1)?,
                                id_number: r.try_get(2)?,
                                phone: r.try_get(3)?,
                                email: r.try_get(4)?,
                                address: r.try_get(5)?,
                            },
                        })
                    })
                    .collect()
            }

                        async fn open_dossier(&self, d: &NewDossier) -> Result<DossierRecord> {
                if let Some(key) = &d.idempotency_key {
                    if let Some(existing) = self.dossier_with_key(key).await? {
                        return Ok(existing);
                    }
                }
                match self.open_dossier_once(d).await {
                    // Two requests with one key raced: the loser's transaction (and its
                    // code) rolled back; answer with the winner's dossier.
                    Err(StoreError::Conflict(m)) => match &d.idempotency_key {
                        Some(key) => self.dossier_with_key(key).await?.ok_or(StoreError::Conflict(m)),
                        None => Err(StoreError::Conflict(m)),
                    },
                    other => other,
                }
            }

            async fn append_event(
                &self,
                dossier_id: i64,
                expected_seq: i64,
                at: jiff::Timestamp,
                actor: Option<Actor>,
                agency: &motcua_domain::AgencyCode,
                action: &Action,
                to: Status,
            ) -> Result<DossierRecord> {
                let mut tx = self.write.begin().await?;
                let row = sqlx::query(
                    "SELECT code, state, last_seq, last_hash, center_id, received_at, procedure_code FROM dossiers WHERE id = $1",
                )
                .bind(dossier_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("dossier {dossier_id}")))?;
                let code: String = row.try_get(0)?;
                let last_seq: i64 = row.try_get(2)?;
                if last_seq != expected_seq {
                    return Err(StoreError::Conflict(format!("dossier {code} changed since it was read (event {last_seq}, not {expected_seq})")));
                }
                let mut state: State = serde_json::from_str(&row.try_get::<String, _>(1)?)
                    .map_err(|e| StoreError::Corrupt(format!("state of dossier {code}: {e}")))?;
                let from = state.status;
                let event = Event::chained(last_seq, row.try_get(3)?, &code, at, actor, agency.clone(), from, to, action.clone());
                state.apply(action, to, agency);
                let finished = (to == Status::Processed && from != Some(Status::Processed)).then_some(at.as_second());
                let returned = (to == Status::Returned && from != Some(Status::Returned)).then_some(at.as_second());
                let updated = sqlx::query(
                    "UPDATE dossiers SET status = $3, due_at = $4, finished_at = COALESCE(finished_at, $5), \
                     returned_at = COALESCE(returned_at, $6), supplement_count = $7, extension_count = $8, digitized = $9, \
                     result_by_post = $10, handling_agency = $11, assigned_to = $12, state = $13, last_seq = $14, last_hash = $15 \
                     WHERE id = $1 AND last_seq = $2",
                )
                .bind(dossier_id)
                .bind(expected_seq)
                .bind(i64::from(to.number()))
                .bind(state.appointment.map(|t| t.as_second()))
                .bind(finished)
                .bind(returned)
                .bind(i64::from(state.supplement_count))
                .bind(i64::from(state.extension_count))
                .bind(state.digitized)
                .bind(state.result_by_post)
                .bind(state.agency.as_ref().map(|x| x.to_string()))
                .bind(state.assigned_to)
                .bind(serde_json::to_string(&state).expect("state serialises"))
                .bind(event.seq)
                .bind(&event.hash)
                .execute(&mut *tx)
                .await?;
                if updated.rows_affected() != 1 {
                    return Err(StoreError::Conflict(format!("dossier {code} changed since it was read")));
                }
                Self::insert_event(&mut tx, dossier_id, &event).await?;

                let counts = RollupCounts::event(from, to, action, &state, at);
                if counts != RollupCounts::default() {
                    let received_day = motcua_calendar::from_timestamp(timestamp(row.try_get(5)?)?).date();
                    Self::add_rollup(&mut tx, row.try_get(4)?, &date_text(received_day), &row.try_get::<String, _>(6)?, &counts).await?;
                }
                tx.commit().await?;
                self.dossier_where(DossierKey::Id(dossier_id)).await?.ok_or_else(|| StoreError::NotFound(format!("dossier {dossier_id}")))
            }

            async fn dossier(&self, code: &str) -> Result<Option<DossierRecord>> {
                self.dossier_where(DossierKey::Code(code)).await
            }

                                    async fn inbox(&self, centers: &[i64], agencies: &[motcua_domain::AgencyCode], limit: i64) -> Result<Vec<DossierRecord>> {
                if centers.is_empty() && agencies.is_empty() {
                    return Ok(Vec::new());
                }
                let mut b = sqlx::QueryBuilder::<$db>::new("SELECT id FROM dossiers WHERE status IN (1, 2, 4, 5, 6, 9) AND last_seq > 0 AND (center_id IN (");
                let mut ids = b.separated(", ");
                ids.push_bind(-1i64);
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
                let rows = b.build().fetch_all(&self.read).await?;
                let ids = rows.iter().map(|r| r.try_get(0)).collect::<Result<Vec<i64>, _>>()?;
                self.dossiers_by_ids(&ids).await
            }

            async fn open_dossiers(&self, limit: i64) -> Result<Vec<DossierRecord>> {
                let rows = sqlx::query("SELECT id FROM dossiers WHERE status IN (1, 2, 4, 5, 6, 9) AND last_seq > 0 \
                     ORDER BY CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, id LIMIT $1")
                    .bind(limit)
                    .fetch_all(&self.read)
                    .await?;
                let ids = rows.iter().map(|r| r.try_get(0)).collect::<Result<Vec<i64>, _>>()?;
                self.dossiers_by_ids(&ids).await
            }

                        async fn search_dossiers(&self, text: &str, centers: Option<&[i64]>, limit: i64, offset: i64) -> Result<Vec<DossierRecord>> {
                let exact = text.trim().to_string();
                let digits: String = exact.chars().filter(|c| !c.is_whitespace() && *c != '.').collect();
                let Some(pattern) = like_pattern(text) else { return Ok(Vec::new()) };
                let tail = code_tail(&exact);
                // A day-and-number tail is one exact code per receiving agency:
                // listed here, so that each is an index lookup.
                let agencies: Vec<String> = if matches!(tail, Some(CodeTail::DaySeq(_))) {
                    sqlx::query("SELECT code FROM agencies")
                        .fetch_all(&self.read)
                        .await?
                        .iter()
                        .map(|r| r.try_get(0))
                        .collect::<Result<_, _>>()?
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
                    ids.push_bind(-1i64);
                    for c in centers {
                        ids.push_bind(*c);
                    }
                    b.push(")");
                }
                b.push(" ORDER BY received_at DESC, id DESC LIMIT ").push_bind(limit);
                b.push(" OFFSET ").push_bind(offset.max(0));
                let rows = b.build().fetch_all(&self.read).await?;
                let ids = rows.iter().map(|r| r.try_get(0)).collect::<Result<Vec<i64>, _>>()?;
                self.dossiers_by_ids(&ids).await
            }

            async fn dossiers_received(&self, center_id: i64, from: Timestamp, to: Timestamp, limit: i64) -> Result<Vec<DossierRecord>> {
                let ids = sqlx::query("SELECT id FROM dossiers WHERE center_id = $1 AND received_at >= $2 AND received_at < $3 ORDER BY code LIMIT $4")
                    .bind(center_id)
                    .bind(from.as_second())
                    .bind(to.as_second())
                    .bind(limit)
                    .fetch_all(&self.read)
                    .await?;
                let ids = ids.iter().map(|r| r.try_get(0)).collect::<Result<Vec<i64>, _>>()?;
                self.dossiers_by_ids(&ids).await
            }

            async fn dossier_by_id(&self, id: i64) -> Result<Option<DossierRecord>> {
                self.dossier_where(DossierKey::Id(id)).await
            }

            async fn events(&self, dossier_id: i64) -> Result<Vec<Event>> {
                Ok(self.event_chains(dossier_id - 1, 1).await?.into_iter().find(|(id, _)| *id == dossier_id).map(|(_, e)| e).unwrap_or_default())
            }

            async fn event_chains(&self, after: i64, limit: i64) -> Result<Vec<(i64, Vec<Event>)>> {
                let rows = sqlx::query(
                    "SELECT e.dossier_id, d.code, e.seq, e.at, e.actor_account_id, e.actor_username, e.actor_role, e.agency_code, \
                     e.from_status, e.to_status, e.payload, e.prev_hash, e.hash \
                     FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id \
                     WHERE e.dossier_id IN (SELECT DISTINCT dossier_id FROM dossier_events WHERE dossier_id > $1 ORDER BY dossier_id LIMIT $2) \
                     ORDER BY e.dossier_id, e.seq",
                )
                .bind(after)
                .bind(limit)
                .fetch_all(&self.read)
                .await?;
                let mut out: Vec<(i64, Vec<Event>)> = Vec::new();
                for r in &rows {
                    let id: i64 = r.try_get(0)?;
                    let status = |v: Option<i64>| -> Result<Option<Status>> {
                        v.map(|n| Status::from_number(n as i32).ok_or_else(|| StoreError::Corrupt(format!("status {n}")))).transpose()
                    };
                    let actor = match (r.try_get::<Option<i64>, _>(4)?, r.try_get::<Option<String>, _>(5)?, r.try_get::<Option<String>, _>(6)?) {
                        (Some(account_id), Some(username), Some(role)) => Some(Actor { account_id, username, role: parse(&role, "role")? }),
                        _ => None,
                    };
                                        let (dossier_code, seq): (String, i64) = (r.try_get(1)?, r.try_get(2)?);
                    let event = Event {
                        at: timestamp(r.try_get(3)?)?,
                        actor,
                        agency: parse(&r.try_get::<String, _>(7)?, "agency")?,
                        from: status(r.try_get(8)?)?,
                        to: status(Some(r.try_get(9)?))?.expect("present"),
                                                action: serde_json::from_str(&r.try_get::<String, _>(10)?)
                            .map_err(|e| StoreError::Corrupt(format!("dossier {dossier_code}, event {seq}: unreadable payload: {e}")))?,
                        prev_hash: r.try_get(11)?,
                                                hash: r.try_get(12)?,
                        dossier_code,
                        seq,
                    };
                    match out.last_mut() {
                        Some((last, events)) if *last == id => events.push(event),
                        _ => out.push((id, vec![event])),
                    }
                }
                Ok(out)
            }

            async fn rebuild_rollups(&self) -> Result<u64> {
                const PAGE: i64 = 2000;
                let mut tx = self.write.begin().await?;
                // Taken before reading: a live count waits for the rebuild and
                // then adds to it, instead of being lost under it. (SQLite's
                // one writer is taken by the DELETE.)
                if $backend == Backend::Postgres {
                    sqlx::query("LOCK TABLE daily_rollups IN SHARE ROW EXCLUSIVE MODE").execute(&mut *tx).await?;
                }
                sqlx::query("DELETE FROM daily_rollups").execute(&mut *tx).await?;
                let mut rollups: HashMap<$crate::sql::RollupKey, RollupCounts> = HashMap::new();
                let (mut after, mut counted) = (0i64, 0u64);
                loop {
                    let dossiers = sqlx::query("SELECT id, center_id, procedure_code, channel FROM dossiers WHERE id > $1 ORDER BY id LIMIT $2")
                        .bind(after)
                        .bind(PAGE)
                        .fetch_all(&mut *tx)
                        .await?;
                    let Some(last) = dossiers.last() else { break };
                    let last: i64 = last.try_get(0)?;
                    let events = sqlx::query(
                        "SELECT dossier_id, at, agency_code, from_status, to_status, payload FROM dossier_events \
                         WHERE dossier_id > $1 AND dossier_id <= $2 ORDER BY dossier_id, seq",
                    )
                    .bind(after)
                    .bind(last)
                    .fetch_all(&mut *tx)
                    .await?;
                    let mut steps: HashMap<i64, Vec<(Timestamp, motcua_domain::AgencyCode, Option<Status>, Status, Action)>> = HashMap::new();
                    for r in &events {
                        let status = |n: i64| Status::from_number(n as i32).ok_or_else(|| StoreError::Corrupt(format!("status {n}")));
                        let payload: String = r.try_get(5)?;
                        steps.entry(r.try_get(0)?).or_default().push((
                            timestamp(r.try_get(1)?)?,
                            parse(&r.try_get::<String, _>(2)?, "agency")?,
                            r.try_get::<Option<i64>, _>(3)?.map(status).transpose()?,
                            status(r.try_get(4)?)?,
                            serde_json::from_str(&payload).map_err(|e| StoreError::Corrupt(format!("event payload {payload:?}: {e}")))?,
                        ));
                    }
                    for d in &dossiers {
                        let id: i64 = d.try_get(0)?;
                        let channel = motcua_domain::catalog::Channel::from_number(d.try_get::<i64, _>(3)? as i32)
                            .ok_or_else(|| StoreError::Corrupt(format!("dossier {id}: channel")))?;
                        let record = steps.get(&id).map(Vec::as_slice).unwrap_or_default();
                        let tally = RollupCounts::of_record(
                            channel,
                            record.iter().map(|(at, agency, from, to, action)| motcua_domain::dossier::rollup::Step {
                                at: *at,
                                agency,
                                from: *from,
                                to: *to,
                                action,
                            }),
                        );
                        // A dossier without events has nothing to count (the audit names it).
                        if let Some(t) = tally {
                            *rollups.entry((d.try_get(1)?, date_text(t.day), d.try_get(2)?)).or_default() += &t.counts;
                            counted += 1;
                        }
                    }
                    after = last;
                }
                Self::write_tallies(&mut tx, Default::default(), rollups).await?;
                tx.commit().await?;
                Ok(counted)
            }

            async fn code_days(&self) -> Result<Vec<CodeDay>> {
                let counters = sqlx::query("SELECT agency_code, day, last FROM dossier_counters ORDER BY agency_code, day")
                    .fetch_all(&self.read)
                    .await?;
                let found = sqlx::query(
                    "SELECT agency_code, substr(code, length(agency_code) + 2, 6), COUNT(*) FROM dossiers GROUP BY agency_code, substr(code, length(agency_code) + 2, 6)",
                )
                .fetch_all(&self.read)
                .await?;
                let mut counts = std::collections::HashMap::new();
                for r in &found {
                    counts.insert((r.try_get::<String, _>(0)?, r.try_get::<String, _>(1)?), r.try_get::<i64, _>(2)?);
                }
                counters
                    .iter()
                    .map(|r| {
                        let (agency_code, day): (String, String) = (r.try_get(0)?, r.try_get(1)?);
                        let dossiers = counts.get(&(agency_code.clone(), day.clone())).copied().unwrap_or(0);
                        Ok(CodeDay { agency_code, day, last_issued: r.try_get(2)?, dossiers })
                    })
                    .collect()
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
            async fn open_dossier_once(&self, d: &NewDossier) -> Result<DossierRecord> {
                let day = motcua_calendar::from_timestamp(d.at).date();
                let mut tx = self.write.begin().await?;
                let day_key = motcua_domain::dossier::DossierCode { agency: d.agency.clone(), day, seq: 0 }.day_key();
                // The counter row is locked by this update until commit: codes stay gapless
                // under concurrent intake, and a rolled-back intake gives its number back.
                let seq: i64 = sqlx::query(
                    "INSERT INTO dossier_counters (agency_code, day, last) VALUES ($1, $2, 1) \
                     ON CONFLICT (agency_code, day) DO UPDATE SET last = dossier_counters.last + 1 RETURNING last",
                )
                .bind(d.agency.as_str())
                .bind(&day_key)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
                let code = motcua_domain::dossier::DossierCode { agency: d.agency.clone(), day, seq: seq as u32 }.to_string();

                let a = &d.applicant;
                let applicant_id = Self::applicant_record(&mut tx, a, &d.applicant_record, d.at).await?;

                let mut state = State::default();
                state.apply(&d.action, d.to, &d.agency);
                let event = Event::chained(0, motcua_domain::dossier::event::genesis(&code), &code, d.at, d.actor.clone(), d.agency.clone(), None, d.to, d.action.clone());
                let state_json = serde_json::to_string(&state).expect("state serialises");
                let details = d.details.to_string();
                let id: i64 = sqlx::query(
                    "INSERT INTO dossiers (code, center_id, agency_code, procedure_code, procedure_version_id, channel, status, \
                     applicant_name, applicant_search, applicant_id_number, applicant_phone, received_at, due_at, \
                     supplement_count, extension_count, digitized, result_by_post, applicant_id, applicant_address, \
                     handling_agency, assigned_to, details, state, last_seq, last_hash, idempotency_key, applicant_email) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, 1, $24, $25, $26) \
                     RETURNING id",
                )
                .bind(&code)
                .bind(d.center_id)
                .bind(d.agency.as_str())
                .bind(d.procedure_code.as_str())
                .bind(d.procedure_version_id)
                .bind(i64::from(d.channel.number()))
                .bind(i64::from(d.to.number()))
                .bind(&a.name)
                .bind(motcua_domain::text::fold(&a.name))
                .bind(&a.id_number)
                .bind(&a.phone)
                .bind(d.at.as_second())
                .bind(state.appointment.map(|t| t.as_second()))
                .bind(i64::from(state.supplement_count))
                .bind(i64::from(state.extension_count))
                .bind(state.digitized)
                .bind(state.result_by_post)
                .bind(applicant_id)
                .bind(&a.address)
                .bind(state.agency.as_ref().map(|x| x.to_string()))
                .bind(state.assigned_to)
                .bind(&details)
                .bind(&state_json)
                .bind(&event.hash)
                .bind(&d.idempotency_key)
                .bind(&a.email)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
                Self::insert_event(&mut tx, id, &event).await?;
                let counts = RollupCounts::opening(d.to, &state, d.channel);
                Self::add_rollup(&mut tx, d.center_id, &date_text(day), d.procedure_code.as_str(), &counts).await?;
                tx.commit().await?;
                Ok(DossierRecord {
                    id,
                    code,
                    center_id: d.center_id,
                    agency_code: d.agency.clone(),
                    procedure_code: d.procedure_code.clone(),
                    procedure_version_id: d.procedure_version_id,
                    channel: d.channel,
                    applicant_id,
                    applicant: d.applicant.clone(),
                    received_at: d.at,
                    details: d.details.clone(),
                    state,
                    last_seq: 1,
                })
            }


            /// Into an empty database, the secondary (non-unique) indexes of
            /// the dossier tables are dropped for the load and rebuilt by
            /// `restore_indexes`; their definitions are kept in
            /// `deferred_indexes` in the same transaction as the drop.
            async fn defer_indexes(&self) -> Result<()> {
                let mut tx = self.write.begin().await?;
                let loaded: Option<i64> = sqlx::query_scalar("SELECT id FROM dossiers LIMIT 1").fetch_optional(&mut *tx).await?;
                if loaded.is_some() {
                    return Ok(());
                }
                let catalog = match $backend {
                    Backend::Sqlite => {
                        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL \
                         AND tbl_name IN ('dossiers', 'dossier_events') AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name"
                    }
                    Backend::Postgres => {
                        "SELECT indexname::text, indexdef FROM pg_indexes WHERE schemaname = current_schema() \
                         AND tablename IN ('dossiers', 'dossier_events') AND indexdef NOT LIKE 'CREATE UNIQUE%' ORDER BY indexname"
                    }
                };
                let indexes: Vec<(String, String)> = sqlx::query_as(catalog).fetch_all(&mut *tx).await?;
                for (name, definition) in &indexes {
                    sqlx::query("INSERT INTO deferred_indexes (name, definition) VALUES ($1, $2)")
                        .bind(name)
                        .bind(definition)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query(&format!("DROP INDEX {name}")).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            /// Builds the indexes `defer_indexes` dropped, in one transaction.
            /// `level`: how loudly each is told (a load's own is routine; one a
            /// killed load left behind is worth a warning).
            async fn restore_indexes(&self, level: tracing::Level) -> Result<()> {
                let mut tx = self.write.begin().await?;
                let indexes: Vec<(String, String)> =
                    sqlx::query_as("SELECT name, definition FROM deferred_indexes ORDER BY name").fetch_all(&mut *tx).await?;
                for (name, definition) in &indexes {
                    if level == tracing::Level::WARN {
                        tracing::warn!(index = %name, "building an index a cut-short bulk load left unbuilt");
                    } else {
                        tracing::debug!(index = %name, "building an index deferred by the bulk load");
                    }
                    sqlx::query(definition).execute(&mut *tx).await?;
                    sqlx::query("DELETE FROM deferred_indexes WHERE name = $1").bind(name).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn load_history_in(
                &self,
                mut batches: futures::stream::BoxStream<'_, Vec<HistoricDossier>>,
                rows_per_commit: usize,
                progress: Progress<'_>,
            ) -> Result<u64> {
                use futures::StreamExt as _;
                let (mut counters, mut rollups) = Default::default();
                let mut tx = None;
                let (mut written, mut pending) = (0u64, 0usize);
                while let Some(batch) = batches.next().await {
                    let t = match &mut tx {
                        Some(t) => t,
                        None => tx.insert(self.write.begin().await?),
                    };
                    Self::write_history(t, &batch, &mut counters, &mut rollups).await?;
                    pending += batch.len() + batch.iter().map(|d| d.events.len()).sum::<usize>();
                    if pending >= rows_per_commit {
                        let mut t = tx.take().expect("begun above");
                        Self::write_tallies(&mut t, std::mem::take(&mut counters), std::mem::take(&mut rollups)).await?;
                        t.commit().await?;
                        pending = 0;
                    }
                    written += batch.len() as u64;
                    progress(written);
                }
                if let Some(mut t) = tx {
                    Self::write_tallies(&mut t, counters, rollups).await?;
                    t.commit().await?;
                }
                Ok(written)
            }

            /// Writes historic dossiers and their events in `tx`, and adds
            /// what they count to `counters` and `rollups` (written by
            /// `write_tallies`). Multi-row inserts: few statements for many rows.
            async fn write_history(
                tx: &mut sqlx::Transaction<'_, $db>,
                dossiers: &[HistoricDossier],
                counters: &mut $crate::sql::Counters,
                rollups: &mut std::collections::HashMap<$crate::sql::RollupKey, RollupCounts>,
            ) -> Result<()> {
                // 25 and 13 columns: under every backend's bind-parameter limit.
                const DOSSIERS: usize = 1000;
                const EVENTS: usize = 2000;
                let rows = $crate::sql::tallies(dossiers, counters, rollups)?;
                let dossier_rows = |chunk: &[$crate::sql::HistoricRow<'_>]| {
                    let mut b = sqlx::QueryBuilder::<'static, $db>::new(
                        "INSERT INTO dossiers (code, center_id, agency_code, procedure_code, procedure_version_id, channel, \
                         status, applicant_name, applicant_search, applicant_id_number, applicant_phone, received_at, due_at, \
                         finished_at, returned_at, supplement_count, extension_count, digitized, result_by_post, \
                         handling_agency, assigned_to, details, state, last_seq, last_hash) ",
                    );
                    b.push_values(chunk, |mut row, r| {
                        let (d, state) = (r.d, &r.state);
                        let last = d.events.last().expect("tallies refuses dossiers without events");
                        row.push_bind(d.code.clone())
                            .push_bind(d.center_id)
                            .push_bind(d.agency_code.to_string())
                            .push_bind(d.procedure_code.to_string())
                            .push_bind(d.procedure_version_id)
                            .push_bind(i64::from(d.channel.number()))
                            .push_bind(i64::from(last.to.number()))
                            .push_bind(d.applicant_name.clone())
                            .push_bind(motcua_domain::text::fold(&d.applicant_name))
                            .push_bind(d.applicant_id_number.clone())
                            .push_bind(d.applicant_phone.clone())
                            .push_bind(d.received_at().as_second())
                            .push_bind(state.appointment.map(|t| t.as_second()))
                            .push_bind(r.finished_at)
                            .push_bind(r.returned_at)
                            .push_bind(i64::from(state.supplement_count))
                            .push_bind(i64::from(state.extension_count))
                            .push_bind(state.digitized)
                            .push_bind(state.result_by_post)
                            .push_bind(state.agency.as_ref().map(|x| x.to_string()))
                            .push_bind(state.assigned_to)
                            .push_bind(d.details.to_string())
                            .push_bind(serde_json::to_string(state).expect("state serialises"))
                            .push_bind(last.seq)
                            .push_bind(last.hash.clone());
                    });
                    b.push(" RETURNING id, code");
                    b
                };
                // Each statement's values are bound while the one before runs.
                let chunks: Vec<_> = rows.chunks(DOSSIERS).collect();
                let mut ids: Vec<i64> = Vec::with_capacity(rows.len());
                let mut next = chunks.first().map(|c| dossier_rows(c));
                for i in 0..chunks.len() {
                    let mut b = next.take().expect("built before");
                    let (returned, built) = futures::join!(b.build().fetch_all(&mut **tx), async {
                        chunks.get(i + 1).map(|c| dossier_rows(c))
                    });
                    next = built;
                    // Matched by code: the order of RETURNING rows is not promised.
                    let mut by_code = std::collections::HashMap::with_capacity(chunks[i].len());
                    for row in &returned? {
                        by_code.insert(row.try_get::<String, _>(1)?, row.try_get::<i64, _>(0)?);
                    }
                    for r in chunks[i] {
                        ids.push(*by_code.get(&r.d.code).ok_or_else(|| StoreError::Corrupt(format!("dossier {} was not written", r.d.code)))?);
                    }
                }
                let events: Vec<(i64, &Event)> = dossiers
                    .iter()
                    .zip(&ids)
                    .flat_map(|(d, id)| d.events.iter().map(move |e| (*id, e)))
                    .collect();
                let chunks: Vec<_> = events.chunks(EVENTS).collect();
                let mut next = chunks.first().map(|c| Self::event_rows(c));
                for i in 0..chunks.len() {
                    let mut b = next.take().expect("built before");
                    let (done, built) = futures::join!(b.build().execute(&mut **tx), async {
                        chunks.get(i + 1).map(|c| Self::event_rows(c))
                    });
                    done?;
                    next = built;
                }
                Ok(())
            }

            /// Adds counters and rollups gathered by `write_history`.
            async fn write_tallies(
                tx: &mut sqlx::Transaction<'_, $db>,
                counters: $crate::sql::Counters,
                rollups: std::collections::HashMap<$crate::sql::RollupKey, RollupCounts>,
            ) -> Result<()> {
                const CHUNK: usize = 1000;
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
                    b.build().execute(&mut **tx).await?;
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
                    b.build().execute(&mut **tx).await?;
                }
                Ok(())
            }

            async fn dossier_with_key(&self, key: &str) -> Result<Option<DossierRecord>> {
                let row = sqlx::query("SELECT id FROM dossiers WHERE idempotency_key = $1").bind(key).fetch_optional(&self.write).await?;
                match row {
                    Some(r) => self.dossier_where(DossierKey::Id(r.try_get(0)?)).await,
                    None => Ok(None),
                }
            }

                        async fn account_where(&self, key: AccountKey<'_>) -> Result<Option<Account>> {
                let query = match key {
                    AccountKey::Id(id) => sqlx::query("SELECT id, username, password_hash, staff_id, active FROM accounts WHERE id = $1").bind(id),
                    AccountKey::Username(u) => {
                        sqlx::query("SELECT id, username, password_hash, staff_id, active FROM accounts WHERE username = $1").bind(u.to_string())
                    }
                };
                let Some(r) = query.fetch_optional(&self.read).await? else {
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

            /// The shared applicant record a new dossier links to, as `how` says.
            async fn applicant_record(
                tx: &mut sqlx::Transaction<'_, $db>,
                a: &Applicant,
                how: &ApplicantRecordUse,
                at: Timestamp,
            ) -> Result<Option<i64>> {
                if *how == ApplicantRecordUse::Detached {
                    return Ok(None);
                }
                // A new identity number makes a record; a known one is only read
                // (DO NOTHING also waits out a concurrent intake of the same person).
                let created = sqlx::query(
                    "INSERT INTO applicants (id_number, name, name_search, phone, email, address, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id_number) DO NOTHING RETURNING id",
                )
                .bind(&a.id_number)
                .bind(&a.name)
                .bind(motcua_domain::text::fold(&a.name))
                .bind(&a.phone)
                .bind(&a.email)
                .bind(&a.address)
                .bind(at.as_second())
                .fetch_optional(&mut **tx)
                .await?;
                if let Some(r) = created {
                    return Ok(Some(r.try_get(0)?));
                }
                let row = sqlx::query("SELECT id, name, id_number, phone, email, address FROM applicants WHERE id_number = $1")
                    .bind(&a.id_number)
                    .fetch_one(&mut **tx)
                    .await?;
                let id: i64 = row.try_get(0)?;
                if let ApplicantRecordUse::Update { account_id, reason } = how {
                    let before = Applicant {
                        name: row.try_get(1)?,
                        id_number: row.try_get(2)?,
                        phone: row.try_get(3)?,
                        email: row.try_get(4)?,
                        address: row.try_get(5)?,
                    };
                    sqlx::query(
                        "UPDATE applicants SET name = $2, name_search = $3, phone = $4, email = $5, address = $6, updated_at = $7 WHERE id = $1",
                    )
                    .bind(id)
                    .bind(&a.name)
                    .bind(motcua_domain::text::fold(&a.name))
                    .bind(&a.phone)
                    .bind(&a.email)
                    .bind(&a.address)
                    .bind(at.as_second())
                    .execute(&mut **tx)
                    .await?;
                    sqlx::query(
                        "INSERT INTO applicant_changes (applicant_id, at, account_id, reason, old_details, new_details) VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(id)
                    .bind(at.as_second())
                    .bind(account_id)
                    .bind(reason)
                    .bind(serde_json::to_string(&before).expect("applicants serialise"))
                    .bind(serde_json::to_string(a).expect("applicants serialise"))
                    .execute(&mut **tx)
                    .await?;
                }
                Ok(Some(id))
            }

            fn decode_token(r: &<$db as sqlx::Database>::Row) -> Result<TokenRecord> {
                Ok(TokenRecord {
                    id: r.try_get(0)?,
                    account_id: r.try_get(1)?,
                    scope: r.try_get(2)?,
                    label: r.try_get(3)?,
                    created_at: timestamp(r.try_get(4)?)?,
                    expires_at: timestamp(r.try_get(5)?)?,
                    revoked_at: r.try_get::<Option<i64>, _>(6)?.map(timestamp).transpose()?,
                })
            }

            /// One INSERT of events (dossier id, event), for a live step or a bulk chunk.
            fn event_rows(chunk: &[(i64, &Event)]) -> sqlx::QueryBuilder<'static, $db> {
                let mut b = sqlx::QueryBuilder::<'static, $db>::new(
                    "INSERT INTO dossier_events (dossier_id, seq, at, actor_account_id, actor_username, actor_role, agency_code, \
                     from_status, to_status, action, payload, prev_hash, hash) ",
                );
                b.push_values(chunk, |mut row, (id, e)| {
                    row.push_bind(*id)
                        .push_bind(e.seq)
                        .push_bind(e.at.as_second())
                        .push_bind(e.actor.as_ref().map(|a| a.account_id))
                        .push_bind(e.actor.as_ref().map(|a| a.username.clone()))
                        .push_bind(e.actor.as_ref().map(|a| a.role.code()))
                        .push_bind(e.agency.to_string())
                        .push_bind(e.from.map(|s| i64::from(s.number())))
                        .push_bind(i64::from(e.to.number()))
                        .push_bind(e.action.name())
                        .push_bind(serde_json::to_string(&e.action).expect("actions serialise"))
                        .push_bind(e.prev_hash.clone())
                        .push_bind(e.hash.clone());
                });
                b
            }

            async fn insert_event(tx: &mut sqlx::Transaction<'_, $db>, dossier_id: i64, e: &Event) -> Result<()> {
                Self::event_rows(&[(dossier_id, e)]).build().execute(&mut **tx).await?;
                Ok(())
            }

            async fn add_rollup(tx: &mut sqlx::Transaction<'_, $db>, center: i64, day: &str, procedure: &str, r: &RollupCounts) -> Result<()> {
                sqlx::query(
                    "INSERT INTO daily_rollups (center_id, day, procedure_code, received, finished, on_time, late, refused, supplemented, online) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                     ON CONFLICT (center_id, day, procedure_code) DO UPDATE SET \
                     received = daily_rollups.received + excluded.received, \
                     finished = daily_rollups.finished + excluded.finished, \
                     on_time = daily_rollups.on_time + excluded.on_time, \
                     late = daily_rollups.late + excluded.late, \
                     refused = daily_rollups.refused + excluded.refused, \
                     supplemented = daily_rollups.supplemented + excluded.supplemented, \
                     online = daily_rollups.online + excluded.online",
                )
                .bind(center)
                .bind(day)
                .bind(procedure)
                .bind(r.received)
                .bind(r.finished)
                .bind(r.on_time)
                .bind(r.late)
                .bind(r.refused)
                .bind(r.supplemented)
                .bind(r.online)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            async fn dossier_where(&self, key: DossierKey<'_>) -> Result<Option<DossierRecord>> {
                let (by_id, by_code) = (format!("{DOSSIER_SELECT} WHERE d.id = $1"), format!("{DOSSIER_SELECT} WHERE d.code = $1"));
                let query = match key {
                    DossierKey::Id(id) => sqlx::query(&by_id).bind(id),
                    DossierKey::Code(code) => sqlx::query(&by_code).bind(code.to_string()),
                };
                query.fetch_optional(&self.read).await?.map(|r| Self::decode_dossier(&r)).transpose()
            }

            /// Dossiers by id in one query, in the order of `ids`.
            async fn dossiers_by_ids(&self, ids: &[i64]) -> Result<Vec<DossierRecord>> {
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                let mut b = sqlx::QueryBuilder::<$db>::new(DOSSIER_SELECT);
                b.push(" WHERE d.id IN (");
                let mut list = b.separated(", ");
                for id in ids {
                    list.push_bind(*id);
                }
                b.push(")");
                let mut found: std::collections::HashMap<i64, DossierRecord> = b
                    .build()
                    .fetch_all(&self.read)
                    .await?
                    .iter()
                    .map(|r| Self::decode_dossier(r).map(|d| (d.id, d)))
                    .collect::<Result<_>>()?;
                Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
            }

            fn decode_dossier(r: &<$db as sqlx::Database>::Row) -> Result<DossierRecord> {
                let code: String = r.try_get(1)?;
                let json = |i: usize, what: &str| -> Result<serde_json::Value> {
                    serde_json::from_str(&r.try_get::<String, _>(i)?).map_err(|e| StoreError::Corrupt(format!("{what} of {code}: {e}")))
                };
                let channel: i64 = r.try_get(6)?;
                Ok(DossierRecord {
                    id: r.try_get(0)?,
                    center_id: r.try_get(2)?,
                    agency_code: parse(&r.try_get::<String, _>(3)?, "agency code")?,
                    procedure_code: parse(&r.try_get::<String, _>(4)?, "procedure code")?,
                    procedure_version_id: r.try_get(5)?,
                    channel: motcua_domain::catalog::Channel::from_number(channel as i32)
                        .ok_or_else(|| StoreError::Corrupt(format!("channel {channel}")))?,
                    applicant_id: r.try_get(7)?,
                    applicant: Applicant {
                        name: r.try_get(8)?,
                        id_number: r.try_get(9)?,
                        phone: r.try_get(10)?,
                        email: r.try_get(11)?,
                        address: r.try_get(12)?,
                    },
                    received_at: timestamp(r.try_get(13)?)?,
                    details: json(14, "details")?,
                    state: serde_json::from_value(json(15, "state")?).map_err(|e| StoreError::Corrupt(format!("state of {code}: {e}")))?,
                    last_seq: r.try_get(16)?,
                    code,
                })
            }

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

#[cfg(test)]
mod tests {
    use super::{code_tail, CodeTail};

    #[test]
    fn code_tails_are_read_off_a_receipt() {
        assert_eq!(
            code_tail("261127-0061"),
            Some(CodeTail::DaySeq("-261127-0061".into()))
        );
        assert_eq!(code_tail(" 0061 "), Some(CodeTail::Seq("0061".into())));
        assert_eq!(code_tail("61"), Some(CodeTail::Seq("0061".into())));
        assert_eq!(code_tail("12345"), Some(CodeTail::Seq("12345".into())));
        assert_eq!(code_tail("0912000001"), None, "a phone");
        assert_eq!(code_tail("2611-0061"), None);
        assert_eq!(code_tail("261127-"), None);
        assert_eq!(code_tail("khai sinh"), None);
    }
}
