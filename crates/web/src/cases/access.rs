//! What the API and the pages both do with access: open and end a session,
//! change a password, issue and revoke API tokens, and log who read whose
//! personal data. The handlers check the request (CSRF, the form's shape);
//! these are the only web functions that write access records.

use jiff::{SignedDuration, Timestamp};
use motcua_domain::i18n::Message;
use motcua_store::password::{hash_password, verify_password_or_nobody};
use motcua_store::{AccountId, PersonalDataRead};

use crate::auth::{self, Principal, Via};
use crate::input::{self, max};
use crate::{AppState, WebError};

/// How long a session lasts without a new sign-in.
pub const SESSION_HOURS: i64 = 12;

/// A new session of `account_id`: the cookie's secret (stored only hashed)
/// and the session's CSRF token.
pub async fn open_session(
    state: &AppState,
    account_id: AccountId,
) -> Result<(String, String), WebError> {
    let (id, csrf) = (auth::random_token(), auth::random_token());
    let now = state.now();
    state
        .store
        .create_session(
            &auth::digest(&id),
            account_id,
            &csrf,
            now,
            now + SignedDuration::from_hours(SESSION_HOURS),
        )
        .await?;
    Ok((id, csrf))
}

/// Ends the session `p` came with (a token has none to end).
pub async fn end_session(state: &AppState, p: &Principal) -> Result<(), WebError> {
    if let Via::Session { id_hash } = &p.via {
        state.store.delete_session(id_hash).await?;
    }
    Ok(())
}

/// Changes the user's password after checking the current one. Every API
/// token of the account is revoked and every session ended, this one
/// included.
pub async fn change_password(
    state: &AppState,
    p: &Principal,
    current: &str,
    new: &str,
) -> Result<(), WebError> {
    if current.len() > max::PASSWORD
        || !password_matches(current, Some(&p.account.password_hash)).await?
    {
        return Err(input::invalid(
            "current_password",
            Message::new("error-the-current-password-is-wrong"),
        ));
    }
    auth::check_new_password(&p.account.username, new)?;
    let new = new.to_string();
    let hash = tokio::task::spawn_blocking(move || hash_password(&new))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    state
        .store
        .set_password(p.account.id, &hash, state.now())
        .await?;
    tracing::info!(username = %p.account.username, "password changed; tokens revoked, sessions ended");
    Ok(())
}

/// Whether `password` is the one hashed in `phc`, checked off the async
/// threads (argon2 takes tens of milliseconds). Without a hash (an unknown
/// user) the same work is done against a stand-in and the answer is no.
pub(crate) async fn password_matches(password: &str, phc: Option<&str>) -> Result<bool, WebError> {
    let (password, phc) = (password.to_string(), phc.map(str::to_string));
    tokio::task::spawn_blocking(move || verify_password_or_nobody(&password, phc.as_deref()))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))
}

/// What a script may do with a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenScope {
    Read,
    Write,
}

impl TokenScope {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::Write => "write",
        }
    }
}

/// A token as issued: its secret is shown once and never stored.
pub struct IssuedToken {
    pub id: i64,
    pub secret: String,
    pub expires_at: Timestamp,
}

/// Issues an API token of `p` named `label`, valid for `days` days.
pub async fn issue_token(
    state: &AppState,
    p: &Principal,
    label: &str,
    scope: TokenScope,
    days: u32,
) -> Result<IssuedToken, WebError> {
    let label = input::required_line("label", label, max::LABEL)?;
    let days = input::within("expires_in_days", days, 1, max::TOKEN_DAYS)?;
    let secret = auth::random_token();
    let now = state.now();
    let expires_at = now + SignedDuration::from_hours(24 * i64::from(days));
    let id = state
        .store
        .create_token(
            &auth::digest(&secret),
            p.account.id,
            scope.as_str(),
            &label,
            now,
            expires_at,
        )
        .await?;
    Ok(IssuedToken {
        id,
        secret,
        expires_at,
    })
}

/// Revokes one of `p`'s tokens; another's, or none, is "not found".
pub async fn revoke_token(state: &AppState, p: &Principal, id: i64) -> Result<(), WebError> {
    if state
        .store
        .revoke_token(p.account.id, id, state.now())
        .await?
    {
        Ok(())
    } else {
        Err(WebError::NotFound)
    }
}

/// Logs that `p` was shown these people's full personal data.
pub async fn record_reads(state: &AppState, reads: &[PersonalDataRead]) -> Result<(), WebError> {
    state.store.record_personal_data_reads(reads).await?;
    Ok(())
}

/// The deployment's key of the dossiers' lookup PINs: made by the first
/// process that asks, then the same for every process sharing the database.
pub async fn lookup_pin_key(state: &AppState) -> Result<Vec<u8>, WebError> {
    let candidate = auth::random_token();
    Ok(state
        .store
        .secret("lookup-pin", &candidate)
        .await?
        .into_bytes())
}
