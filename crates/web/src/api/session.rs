//! `/session`: signing in and out.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use motcua_domain::i18n::Message;
use serde::Deserialize;

use super::json::ApiJson;
use super::me::Me;
use crate::auth::{expired_cookie, secure_cookies, sign_in, ClientIp, Principal, Via};
use crate::error::ErrorBody;
use crate::{AppState, WebError};

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Login {
    #[schema(max_length = 64)]
    pub username: String,
    #[schema(max_length = 256)]
    pub password: String,
}

/// Sign in: sets a fresh HttpOnly session cookie and returns the CSRF token to
/// send as `X-CSRF-Token` with every change. Repeated wrong passwords are
/// answered 429 with `Retry-After`.
#[utoipa::path(post, path = "/api/v1/session", tag = "access", request_body = Login,
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody, headers(("Retry-After" = i64, description = "seconds to wait")))))]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    ApiJson(body): ApiJson<Login>,
) -> Result<Response, WebError> {
    let secure = secure_cookies(&state, &headers);
    let (cookie, account, csrf) =
        sign_in(&state, &body.username, &body.password, &client, secure).await?;
    let postings = state
        .store
        .postings_of(
            account.id,
            motcua_calendar::from_timestamp(state.now()).date(),
        )
        .await?;
    let me = Me {
        username: account.username,
        roles: account.roles,
        postings,
        csrf_token: Some(csrf),
    };
    Ok(([(header::SET_COOKIE, cookie)], Json(me)).into_response())
}

/// Sign out.
#[utoipa::path(delete, path = "/api/v1/session", tag = "access", security(("token" = []), ("session" = [])),
    responses((status = 204, description = "Signed out"), (status = 401, body = ErrorBody)))]
pub async fn logout(State(state): State<AppState>, p: Principal) -> Result<Response, WebError> {
    crate::cases::access::end_session(&state, &p).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, expired_cookie())],
    )
        .into_response())
}

/// Tokens are managed from a signed-in session, not with a token.
pub(crate) fn require_session(p: &Principal) -> Result<(), WebError> {
    if matches!(p.via, Via::Session { .. }) {
        Ok(())
    } else {
        Err(WebError::Forbidden(Message::new(
            "denied-tokens-from-session",
        )))
    }
}
