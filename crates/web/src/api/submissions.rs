//! `/submissions`: a citizen submits a dossier online.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use super::json::ApiJson;
use crate::cases::lookup::{public_request, public_view, PublicStatus};
pub use crate::cases::submit::SubmissionIn;
use crate::error::ErrorBody;
use crate::{AppState, WebError};

/// What a citizen gets back after submitting: the status, and the PIN that
/// with the code lets them follow the dossier.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SubmissionOut {
    #[serde(flatten)]
    pub status: PublicStatus,
    pub lookup_pin: String,
}

/// A citizen submits a dossier online: it is registered (status 1) until the
/// center's reception accepts it, which starts the legal time. The details
/// stay with the dossier; the applicant record the counter uses is not
/// touched. Submissions are limited per client address (429).
#[utoipa::path(post, path = "/api/v1/submissions", tag = "public", request_body = SubmissionIn,
    params(("Idempotency-Key" = Option<String>, Header, description = "a client key for this submission")),
    responses((status = 201, body = SubmissionOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody, headers(("Retry-After" = i64, description = "seconds to wait")))))]
pub async fn submit(
    State(state): State<AppState>,
    crate::auth::ClientIp(client): crate::auth::ClientIp,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SubmissionIn>,
) -> Result<Response, WebError> {
    public_request(&state, &client)?;
    let now = state.now();
    state
        .throttles
        .submit_client
        .check(&client, now)
        .map_err(WebError::too_many)?;
    let key = super::dossiers::client_key(&headers)?;
    let record = crate::cases::submit::submit(&state, body, Vec::new(), key, now).await?;
    state.throttles.submit_client.record(&client, now);
    let pin = crate::privacy::lookup_pin(state.lookup_key().await?, &record.code);
    Ok((
        StatusCode::CREATED,
        Json(SubmissionOut {
            status: public_view(&record),
            lookup_pin: pin,
        }),
    )
        .into_response())
}
