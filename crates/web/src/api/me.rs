//! `/me`: the signed-in user, and their password.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use motcua_domain::org::Role;
use motcua_store::AccountPosting;
use serde::{Deserialize, Serialize};

use super::json::ApiJson;
use super::session::require_session;
use crate::auth::{expired_cookie, Principal};
use crate::cases::access::change_password;
use crate::error::ErrorBody;
use crate::{AppState, WebError};

#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    pub username: String,
    #[schema(value_type = Vec<String>)]
    pub roles: Vec<Role>,
    #[schema(value_type = Vec<Object>)]
    pub postings: Vec<AccountPosting>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csrf_token: Option<String>,
}

/// The signed-in user, their roles and postings.
#[utoipa::path(get, path = "/api/v1/me", tag = "access", security(("token" = []), ("session" = [])),
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
pub async fn me(p: Principal) -> Json<Me> {
    Json(Me {
        username: p.account.username,
        roles: p.account.roles,
        postings: p.postings,
        csrf_token: None,
    })
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPassword {
    #[schema(max_length = 256)]
    pub current_password: String,
    /// At least 10 characters, not the username.
    #[schema(min_length = 10, max_length = 256)]
    pub new_password: String,
}

/// Change the password (the current one is needed): every API token of the
/// account is revoked and every session ended; sign in again.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "access", request_body = NewPassword, security(("session" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn password(
    State(state): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<NewPassword>,
) -> Result<Response, WebError> {
    require_session(&p)?;
    change_password(&state, &p, &body.current_password, &body.new_password).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, expired_cookie())],
    )
        .into_response())
}
