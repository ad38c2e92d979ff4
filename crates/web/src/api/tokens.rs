//! `/tokens`: API tokens for scripts.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use jiff::Timestamp;
use motcua_domain::i18n::Message;
use serde::{Deserialize, Serialize};

use super::json::ApiJson;
use super::session::require_session;
use crate::auth::Principal;
use crate::error::ErrorBody;
use crate::{AppState, WebError};

/// API tokens live this long unless asked otherwise.
const TOKEN_DAYS: u32 = 90;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    #[schema(max_length = 100)]
    pub label: String,
    /// `read` or `write`.
    pub scope: String,
    /// Days until the token stops working: 1 to 365, 90 when left out.
    #[schema(minimum = 1, maximum = 365)]
    pub expires_in_days: Option<u32>,
}

/// A new token: the secret is shown this once.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedToken {
    pub id: i64,
    pub token: String,
    pub scope: String,
    pub expires_at: Timestamp,
}

/// An API token for scripts (`Authorization: Bearer …`), shown once; scope
/// `read` or `write`; it expires (90 days unless `expires_in_days` says
/// otherwise, at most 365) and can be revoked.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "access", request_body = NewToken, security(("token" = []), ("session" = [])),
    responses((status = 201, body = CreatedToken), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_token(
    State(state): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<NewToken>,
) -> Result<Response, WebError> {
    require_session(&p)?;
    use crate::cases::access::{issue_token, TokenScope};
    let scope = match body.scope.as_str() {
        "read" => TokenScope::Read,
        "write" => TokenScope::Write,
        _ => {
            return Err(crate::input::invalid(
                "scope",
                Message::new("error-must-be-read-or-write"),
            ))
        }
    };
    let days = body.expires_in_days.unwrap_or(TOKEN_DAYS);
    let issued = issue_token(&state, &p, &body.label, scope, days).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedToken {
            id: issued.id,
            token: issued.secret,
            scope: body.scope,
            expires_at: issued.expires_at,
        }),
    )
        .into_response())
}

/// One of the user's tokens, without its secret.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TokenOut {
    pub id: i64,
    pub label: String,
    pub scope: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
    /// Neither expired nor revoked.
    pub active: bool,
}

/// The signed-in user's API tokens, newest first (secrets are never shown again).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "access", security(("session" = [])),
    responses((status = 200, body = Vec<TokenOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    p: Principal,
) -> Result<Json<Vec<TokenOut>>, WebError> {
    require_session(&p)?;
    let now = state.now();
    Ok(Json(
        state
            .store
            .tokens_of(p.account.id)
            .await?
            .into_iter()
            .map(|t| TokenOut {
                active: t.valid_at(now),
                id: t.id,
                label: t.label,
                scope: t.scope,
                created_at: t.created_at,
                expires_at: t.expires_at,
                revoked_at: t.revoked_at,
            })
            .collect(),
    ))
}

/// Revokes one of the signed-in user's tokens at once.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "access", params(("id" = i64, Path)), security(("session" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    p: Principal,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> Result<Response, WebError> {
    require_session(&p)?;
    crate::cases::access::revoke_token(&state, &p, id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
