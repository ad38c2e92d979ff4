//! The organisation: the province, its units, agencies and centers, staff and
//! their accounts, and who is posted where on a given day.
//!
//! The contract is the trait; its SQL, written once for both backends, is the
//! `org_sql!` macro that `sql_store!` expands for each driver.

use std::collections::HashMap;

use async_trait::async_trait;
use jiff::civil::Date;
use motcua_domain::org::{
    Assignment, NewAccount, NewAgency, NewCenter, NewProvince, NewStaff, NewUnit,
};

use crate::*;

#[async_trait]
pub trait OrgStore: Send + Sync {
    async fn create_province(&self, p: &NewProvince) -> Result<i64>;
    /// The deployment's province (one per deployment), once created.
    async fn province(&self) -> Result<Option<Province>>;
    async fn create_unit(&self, province_id: i64, u: &NewUnit) -> Result<i64>;
    async fn units(&self) -> Result<Vec<Unit>>;
    async fn create_agency(&self, a: &NewAgency) -> Result<i64>;
    async fn agencies(&self) -> Result<Vec<Agency>>;
    async fn create_center(&self, c: &NewCenter) -> Result<i64>;
    async fn centers(&self) -> Result<Vec<Center>>;
    async fn center(&self, id: i64) -> Result<Option<Center>>;
    /// Changes a center's office sessions; deadlines computed afterwards use them.
    async fn set_office_hours(
        &self,
        center_id: i64,
        hours: &motcua_calendar::OfficeHours,
    ) -> Result<()>;
    async fn create_staff(&self, s: &NewStaff) -> Result<i64>;
    async fn create_account(&self, staff_id: Option<i64>, a: &NewAccount) -> Result<i64>;
    async fn account(&self, username: &str) -> Result<Option<Account>>;
    async fn account_by_id(&self, id: i64) -> Result<Option<Account>>;
    /// How each of these accounts is named on paper: its staff member's full
    /// name, or its login when it has no staff record. Unknown ids are left out.
    async fn account_names(&self, account_ids: &[i64]) -> Result<HashMap<i64, String>>;
    /// The centers where the account's staff member is posted on `day`.
    async fn postings_of(&self, account_id: i64, day: Date) -> Result<Vec<AccountPosting>>;
    async fn assign(&self, staff_id: i64, center_id: i64, a: &Assignment) -> Result<i64>;
    /// Staff posted at a center on a day, with their role there.
    async fn staff_at(&self, center_id: i64, day: Date) -> Result<Vec<Posting>>;
}

macro_rules! org_sql {
    ($store:ty, $db:ty, $backend:expr) => {
        #[async_trait::async_trait]
        impl OrgStore for $store {
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
        }

        impl $store {
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
        }
    };
}

pub(crate) use org_sql;
