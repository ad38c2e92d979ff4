//! Who may see what: sessions, API tokens, passwords, the log of personal data
//! read, and the deployment's secrets.
//!
//! The contract is the trait; its SQL, written once for both backends, is the
//! `access_sql!` macro that `sql_store!` expands for each driver.

use async_trait::async_trait;
use jiff::Timestamp;

use crate::sql::timestamp;
use crate::*;

#[async_trait]
pub trait AccessStore: Send + Sync {
    async fn create_session(
        &self,
        id_hash: &str,
        account_id: AccountId,
        csrf: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<()>;
    async fn session(&self, id_hash: &str) -> Result<Option<SessionRecord>>;
    async fn delete_session(&self, id_hash: &str) -> Result<()>;
    async fn create_token(
        &self,
        token_hash: &str,
        account_id: AccountId,
        scope: &str,
        label: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<i64>;
    /// The token with this hash, also when expired or revoked (the caller
    /// judges it against its clock).
    async fn token(&self, token_hash: &str) -> Result<Option<TokenRecord>>;
    /// An account's tokens, newest first, with the revoked and expired ones.
    async fn tokens_of(&self, account_id: AccountId) -> Result<Vec<TokenRecord>>;
    /// Revokes one of the account's tokens; false when it has no such token
    /// (or it was revoked already).
    async fn revoke_token(
        &self,
        account_id: AccountId,
        token_id: i64,
        at: Timestamp,
    ) -> Result<bool>;
    /// Sets a new password hash, and in the same transaction revokes every
    /// token of the account and ends all its sessions.
    async fn set_password(
        &self,
        account_id: AccountId,
        password_hash: &str,
        at: Timestamp,
    ) -> Result<()>;
    /// Records who read whose full personal data.
    async fn record_personal_data_reads(&self, reads: &[PersonalDataRead]) -> Result<()>;
    /// The readings of one dossier's personal data, oldest first.
    async fn personal_data_reads(&self, dossier_id: DossierId) -> Result<Vec<PersonalDataRead>>;
    /// The deployment's secret called `name`: `candidate` is stored the first
    /// time, and whatever was stored first is returned ever after (also when
    /// several processes start at once).
    async fn secret(&self, name: &str, candidate: &str) -> Result<String>;
}

/// A session as stored.
#[derive(sqlx::FromRow)]
pub(crate) struct SessionRow {
    account_id: AccountId,
    csrf: String,
    expires_at: i64,
}

impl TryFrom<SessionRow> for SessionRecord {
    type Error = StoreError;

    fn try_from(r: SessionRow) -> Result<SessionRecord> {
        Ok(SessionRecord {
            account_id: r.account_id,
            csrf: r.csrf,
            expires_at: timestamp(r.expires_at)?,
        })
    }
}

/// A token as `sql::TOKEN_SELECT` reads it.
#[derive(sqlx::FromRow)]
pub(crate) struct TokenRow {
    id: i64,
    account_id: AccountId,
    scope: String,
    label: String,
    created_at: i64,
    expires_at: i64,
    revoked_at: Option<i64>,
}

impl TryFrom<TokenRow> for TokenRecord {
    type Error = StoreError;

    fn try_from(r: TokenRow) -> Result<TokenRecord> {
        Ok(TokenRecord {
            id: r.id,
            account_id: r.account_id,
            scope: r.scope,
            label: r.label,
            created_at: timestamp(r.created_at)?,
            expires_at: timestamp(r.expires_at)?,
            revoked_at: r.revoked_at.map(timestamp).transpose()?,
        })
    }
}

/// One line of the log of personal data read.
#[derive(sqlx::FromRow)]
pub(crate) struct ReadRow {
    at: i64,
    account_id: AccountId,
    dossier_id: Option<DossierId>,
    subject: String,
    purpose: String,
}

impl TryFrom<ReadRow> for PersonalDataRead {
    type Error = StoreError;

    fn try_from(r: ReadRow) -> Result<PersonalDataRead> {
        Ok(PersonalDataRead {
            at: timestamp(r.at)?,
            account_id: r.account_id,
            dossier_id: r.dossier_id,
            subject: r.subject,
            purpose: r.purpose,
        })
    }
}

macro_rules! access_sql {
    ($store:ty, $db:ty, $backend:expr) => {
        #[async_trait::async_trait]
        impl AccessStore for $store {
            async fn create_session(&self, id_hash: &str, account_id: AccountId, csrf: &str, now: Timestamp, expires_at: Timestamp) -> Result<()> {
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
                sqlx::query_as::<_, $crate::access::SessionRow>("SELECT account_id, csrf, expires_at FROM sessions WHERE id_hash = $1")
                    .bind(id_hash)
                    .fetch_optional(&self.read)
                    .await?
                    .map(SessionRecord::try_from)
                    .transpose()
            }

            async fn delete_session(&self, id_hash: &str) -> Result<()> {
                sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(&self.write).await?;
                Ok(())
            }

            async fn create_token(&self, token_hash: &str, account_id: AccountId, scope: &str, label: &str, now: Timestamp, expires_at: Timestamp) -> Result<i64> {
                let value = sqlx::query_scalar(
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
                Ok(value)
            }

            async fn token(&self, token_hash: &str) -> Result<Option<TokenRecord>> {
                let row = sqlx::query_as::<_, $crate::access::TokenRow>(&format!("{TOKEN_SELECT} WHERE token_hash = $1"))
                    .bind(token_hash)
                    .fetch_optional(&self.read)
                    .await?;
                row.map(TokenRecord::try_from).transpose()
            }

            async fn tokens_of(&self, account_id: AccountId) -> Result<Vec<TokenRecord>> {
                let rows = sqlx::query_as::<_, $crate::access::TokenRow>(&format!("{TOKEN_SELECT} WHERE account_id = $1 ORDER BY id DESC"))
                    .bind(account_id)
                    .fetch_all(&self.read)
                    .await?;
                rows.into_iter().map(TokenRecord::try_from).collect()
            }

            async fn revoke_token(&self, account_id: AccountId, token_id: i64, at: Timestamp) -> Result<bool> {
                let done = sqlx::query("UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL")
                    .bind(token_id)
                    .bind(account_id)
                    .bind(at.as_second())
                    .execute(&self.write)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn set_password(&self, account_id: AccountId, password_hash: &str, at: Timestamp) -> Result<()> {
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

            async fn personal_data_reads(&self, dossier_id: DossierId) -> Result<Vec<PersonalDataRead>> {
                sqlx::query_as::<_, $crate::access::ReadRow>(
                    "SELECT at, account_id, dossier_id, subject, purpose FROM personal_data_reads WHERE dossier_id = $1 ORDER BY id",
                )
                .bind(dossier_id)
                .fetch_all(&self.read)
                .await?
                .into_iter()
                .map(PersonalDataRead::try_from)
                .collect()
            }

            async fn secret(&self, name: &str, candidate: &str) -> Result<String> {
                sqlx::query("INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
                    .bind(name)
                    .bind(candidate)
                    .execute(&self.write)
                    .await?;
                let value = sqlx::query_scalar("SELECT value FROM secrets WHERE name = $1").bind(name).fetch_one(&self.write).await?;
                Ok(value)
            }
        }

    };
}

pub(crate) use access_sql;
