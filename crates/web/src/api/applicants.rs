//! `/applicants`: a returning applicant, for the counter.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use motcua_domain::i18n::Message;
use motcua_domain::person::{Cccd, Phone};
use serde::Deserialize;

use crate::auth::Principal;
use crate::error::ErrorBody;
use crate::{AppState, WebError};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApplicantQuery {
    /// A CCCD or phone number.
    pub key: String,
}

/// A returning applicant by CCCD or phone number (the reading is recorded).
#[utoipa::path(get, path = "/api/v1/applicants", tag = "dossiers", params(ApplicantQuery), security(("token" = []), ("session" = [])),
    responses((status = 200, body = Vec<Object>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn applicants(
    State(state): State<AppState>,
    p: Principal,
    Query(q): Query<ApplicantQuery>,
) -> Result<Response, WebError> {
    // Only the counter prefills a returning applicant; anyone else finding a
    // person province-wide by a phone number would go beyond their dossiers.
    if !p.postings.iter().any(|x| x.role.works_at_counter()) {
        return Err(WebError::Forbidden(Message::new(
            "denied-applicants-counter-only",
        )));
    }
    let key = q.key.trim();
    let digits = key
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .count();
    if !(9..=crate::input::max::ID_NUMBER).contains(&digits)
        || key.len() > 2 * crate::input::max::ID_NUMBER
    {
        return Err(crate::input::invalid(
            "key",
            Message::new("error-give-a-cccd-or-phone"),
        ));
    }
    let key = key
        .parse::<Phone>()
        .map(|ph| ph.to_string())
        .or_else(|_| key.parse::<Cccd>().map(|c| c.to_string()))
        .unwrap_or_else(|_| key.to_string());
    let found = state.store.find_applicants(&key).await?;
    if !found.is_empty() {
        crate::privacy::record(&state, &p, None, &key, "api:applicants").await?;
    }
    Ok(Json(found).into_response())
}
