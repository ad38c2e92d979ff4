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

use crate::sql::parse;
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
    async fn create_center(&self, c: &NewCenter) -> Result<CenterId>;
    async fn centers(&self) -> Result<Vec<Center>>;
    async fn center(&self, id: CenterId) -> Result<Option<Center>>;
    /// Changes a center's office sessions; deadlines computed afterwards use them.
    async fn set_office_hours(
        &self,
        center_id: CenterId,
        hours: &motcua_calendar::OfficeHours,
    ) -> Result<()>;
    async fn create_staff(&self, s: &NewStaff) -> Result<StaffId>;
    async fn create_account(&self, staff_id: Option<StaffId>, a: &NewAccount) -> Result<AccountId>;
    async fn account(&self, username: &str) -> Result<Option<Account>>;
    async fn account_by_id(&self, id: AccountId) -> Result<Option<Account>>;
    /// How each of these accounts is named on paper: its staff member's full
    /// name, or its login when it has no staff record. Unknown ids are left out.
    async fn account_names(&self, account_ids: &[AccountId]) -> Result<HashMap<AccountId, String>>;
    /// The centers where the account's staff member is posted on `day`.
    async fn postings_of(&self, account_id: AccountId, day: Date) -> Result<Vec<AccountPosting>>;
    async fn assign(&self, staff_id: StaffId, center_id: CenterId, a: &Assignment) -> Result<i64>;
    /// Staff posted at a center on a day, with their role there.
    async fn staff_at(&self, center_id: CenterId, day: Date) -> Result<Vec<Posting>>;
    /// Who employs a staff member (the civil service or the post office).
    async fn staff_employer(
        &self,
        staff_id: StaffId,
    ) -> Result<Option<motcua_domain::org::Employer>>;
}

/// A center with its agency and unit.
#[derive(sqlx::FromRow)]
pub(crate) struct CenterRow {
    id: CenterId,
    name: String,
    kind: String,
    agency_code: String,
    agency_name: String,
    unit_id: Option<i64>,
    unit_name: Option<String>,
    address: String,
    office_hours: String,
}

impl TryFrom<CenterRow> for Center {
    type Error = StoreError;

    fn try_from(r: CenterRow) -> Result<Center> {
        Ok(Center {
            id: r.id,
            name: r.name,
            kind: parse(&r.kind, "center kind")?,
            agency_code: parse(&r.agency_code, "agency code")?,
            agency_name: r.agency_name,
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            address: r.address,
            office_hours: parse(&r.office_hours, "office hours")?,
        })
    }
}

/// A staff member's posting at a center.
#[derive(sqlx::FromRow)]
pub(crate) struct PostingRow {
    staff_id: StaffId,
    full_name: String,
    employer: String,
    title: String,
    role: String,
    valid_from: String,
    valid_until: Option<String>,
    account_id: Option<AccountId>,
}

impl TryFrom<PostingRow> for Posting {
    type Error = StoreError;

    fn try_from(r: PostingRow) -> Result<Posting> {
        Ok(Posting {
            staff_id: r.staff_id,
            full_name: r.full_name,
            employer: parse(&r.employer, "employer")?,
            title: r.title,
            role: parse(&r.role, "role")?,
            from: parse(&r.valid_from, "date")?,
            until: r.valid_until.map(|d| parse(&d, "date")).transpose()?,
            account_id: r.account_id,
        })
    }
}

/// An account without its roles.
#[derive(sqlx::FromRow)]
pub(crate) struct AccountRow {
    pub id: AccountId,
    username: String,
    password_hash: String,
    staff_id: Option<StaffId>,
    active: bool,
}

impl AccountRow {
    pub(crate) fn with_roles(self, roles: Vec<motcua_domain::org::Role>) -> Account {
        Account {
            id: self.id,
            username: self.username,
            password_hash: self.password_hash,
            staff_id: self.staff_id,
            roles,
            active: self.active,
        }
    }
}

macro_rules! org_sql {
    ($store:ty, $db:ty, $backend:expr) => {
        #[async_trait::async_trait]
        impl OrgStore for $store {
            async fn create_province(&self, p: &NewProvince) -> Result<i64> {
                let value = sqlx::query_scalar("INSERT INTO provinces (code, name) VALUES ($1, $2) RETURNING id")
                    .bind(&p.code)
                    .bind(&p.name)
                    .fetch_one(&self.write)
                    .await?;
                Ok(value)
            }

            async fn province(&self) -> Result<Option<Province>> {
                let row = sqlx::query_as::<_, (i64, String, String)>("SELECT id, code, name FROM provinces ORDER BY id LIMIT 1")
                    .fetch_optional(&self.read)
                    .await?;
                row.map(|(id, code, name)| Ok(Province { id, code, name }))
                    .transpose()
            }

            async fn create_unit(&self, province_id: i64, u: &NewUnit) -> Result<i64> {
                let value = sqlx::query_scalar(
                    "INSERT INTO units (province_id, code, name, kind) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(province_id)
                .bind(&u.code)
                .bind(&u.name)
                .bind(u.kind.code())
                .fetch_one(&self.write)
                .await?;
                Ok(value)
            }

            async fn units(&self) -> Result<Vec<Unit>> {
                let rows = sqlx::query_as::<_, (i64, String, String, String)>("SELECT id, code, name, kind FROM units ORDER BY id")
                    .fetch_all(&self.read)
                    .await?;
                rows.into_iter()
                    .map(|(id, code, name, kind)| Ok(Unit { id, code, name, kind: parse(&kind, "unit kind")? }))
                    .collect()
            }

            async fn create_agency(&self, a: &NewAgency) -> Result<i64> {
                let mut tx = self.write.begin().await?;
                let unit_id = Self::unit_id(&mut tx, a.unit_code.as_deref()).await?;
                let value = sqlx::query_scalar(
                    "INSERT INTO agencies (code, name, level, unit_id) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(a.code.as_str())
                .bind(&a.name)
                .bind(a.level.code())
                .bind(unit_id)
                .fetch_one(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(value)
            }

            async fn agencies(&self) -> Result<Vec<Agency>> {
                let rows = sqlx::query_as::<_, (i64, String, String, String, Option<i64>)>(
                    "SELECT id, code, name, level, unit_id FROM agencies ORDER BY id",
                )
                .fetch_all(&self.read)
                .await?;
                rows.into_iter()
                    .map(|(id, code, name, level, unit_id)| {
                        Ok(Agency { id, code: parse(&code, "agency code")?, name, level: parse(&level, "level")?, unit_id })
                    })
                    .collect()
            }

            async fn create_center(&self, c: &NewCenter) -> Result<CenterId> {
                let mut tx = self.write.begin().await?;
                let agency_id: i64 = sqlx::query_scalar("SELECT id FROM agencies WHERE code = $1")
                    .bind(c.agency.as_str())
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or_else(|| StoreError::Dangling(format!("agency {}", c.agency)))?;
                let unit_id = Self::unit_id(&mut tx, c.unit_code.as_deref()).await?;
                let value = sqlx::query_scalar(
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
                Ok(value)
            }

            async fn centers(&self) -> Result<Vec<Center>> {
                self.centers_where("1 = 1", None).await
            }

            async fn center(&self, id: CenterId) -> Result<Option<Center>> {
                Ok(self.centers_where("c.id = $1", Some(id)).await?.into_iter().next())
            }

            async fn set_office_hours(&self, center_id: CenterId, hours: &motcua_calendar::OfficeHours) -> Result<()> {
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

            async fn create_staff(&self, s: &NewStaff) -> Result<StaffId> {
                let value = sqlx::query_scalar(
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
                Ok(value)
            }

            async fn create_account(&self, staff_id: Option<StaffId>, a: &NewAccount) -> Result<AccountId> {
                let mut tx = self.write.begin().await?;
                let id: AccountId = sqlx::query_scalar(
                    "INSERT INTO accounts (username, password_hash, staff_id, active) VALUES ($1, $2, $3, TRUE) RETURNING id",
                )
                .bind(&a.username)
                .bind(&a.password_hash)
                .bind(staff_id)
                .fetch_one(&mut *tx)
                .await?;
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

            async fn account_by_id(&self, id: AccountId) -> Result<Option<Account>> {
                self.account_where(AccountKey::Id(id)).await
            }

            async fn staff_employer(&self, staff_id: StaffId) -> Result<Option<motcua_domain::org::Employer>> {
                let employer: Option<String> = sqlx::query_scalar("SELECT employer FROM staff WHERE id = $1")
                    .bind(staff_id)
                    .fetch_optional(&self.read)
                    .await?;
                employer.map(|e| parse(&e, "employer")).transpose()
            }

            async fn account_names(&self, account_ids: &[AccountId]) -> Result<std::collections::HashMap<AccountId, String>> {
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
                Ok(b.build_query_as::<(AccountId, String)>().fetch_all(&self.read).await?.into_iter().collect())
            }

            async fn postings_of(&self, account_id: AccountId, day: Date) -> Result<Vec<AccountPosting>> {
                let rows = sqlx::query_as::<_, (CenterId, String, String)>(
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
                rows.into_iter()
                    .map(|(center_id, agency, role)| {
                        Ok(AccountPosting { center_id, agency_code: parse(&agency, "agency code")?, role: parse(&role, "role")? })
                    })
                    .collect()
            }

            async fn assign(&self, staff_id: StaffId, center_id: CenterId, a: &Assignment) -> Result<i64> {
                let value = sqlx::query_scalar(
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
                Ok(value)
            }

            async fn staff_at(&self, center_id: CenterId, day: Date) -> Result<Vec<Posting>> {
                let rows = sqlx::query_as::<_, $crate::org::PostingRow>(
                    "SELECT s.id AS staff_id, s.full_name, s.employer, s.title, a.role, a.valid_from, a.valid_until, \
                     (SELECT MIN(acc.id) FROM accounts acc WHERE acc.staff_id = s.id) AS account_id \
                     FROM assignments a JOIN staff s ON s.id = a.staff_id \
                     WHERE a.center_id = $1 AND a.valid_from <= $2 AND (a.valid_until IS NULL OR a.valid_until >= $2) \
                     ORDER BY a.role, s.full_name",
                )
                .bind(center_id)
                .bind(date_text(day))
                .fetch_all(&self.read)
                .await?;
                rows.into_iter().map(Posting::try_from).collect()
            }
        }

        impl $store {
                        async fn account_where(&self, key: AccountKey<'_>) -> Result<Option<Account>> {
                let query = match key {
                    AccountKey::Id(id) => sqlx::query_as::<_, $crate::org::AccountRow>(
                        "SELECT id, username, password_hash, staff_id, active FROM accounts WHERE id = $1",
                    )
                    .bind(id),
                    AccountKey::Username(u) => {
                        sqlx::query_as("SELECT id, username, password_hash, staff_id, active FROM accounts WHERE username = $1").bind(u.to_string())
                    }
                };
                let Some(account) = query.fetch_optional(&self.read).await? else {
                    return Ok(None);
                };
                let roles = sqlx::query_scalar::<_, String>("SELECT role FROM account_roles WHERE account_id = $1 ORDER BY role")
                    .bind(account.id)
                    .fetch_all(&self.read)
                    .await?
                    .iter()
                    .map(|role| parse(role, "role"))
                    .collect::<Result<Vec<_>>>()?;
                Ok(Some(account.with_roles(roles)))
            }

            /// The id of the unit with this code; a code that names no unit is an error.
            async fn unit_id(conn: &mut <$db as sqlx::Database>::Connection, code: Option<&str>) -> Result<Option<i64>> {
                let Some(code) = code else { return Ok(None) };
                let id: i64 = sqlx::query_scalar("SELECT id FROM units WHERE code = $1")
                    .bind(code)
                    .fetch_optional(conn)
                    .await?
                    .ok_or_else(|| StoreError::Dangling(format!("unit {code}")))?;
                Ok(Some(id))
            }

            async fn centers_where(&self, condition: &str, id: Option<CenterId>) -> Result<Vec<Center>> {
                let sql = format!(
                    "SELECT c.id, c.name, c.kind, a.code AS agency_code, a.name AS agency_name, c.unit_id, u.name AS unit_name, c.address, \
                     c.office_hours FROM centers c \
                     JOIN agencies a ON a.id = c.agency_id LEFT JOIN units u ON u.id = c.unit_id \
                     WHERE {condition} ORDER BY c.id"
                );
                let mut query = sqlx::query_as::<_, $crate::org::CenterRow>(&sql);
                if let Some(id) = id {
                    query = query.bind(id);
                }
                let rows = query.fetch_all(&self.read).await?;
                rows.into_iter().map(Center::try_from).collect()
            }
        }
    };
}

pub(crate) use org_sql;
