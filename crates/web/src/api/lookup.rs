//! `/lookup`: the public status of a dossier, for whoever holds its receipt.

use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;

use crate::cases::{public_status, PublicStatus};
use crate::error::ErrorBody;
use crate::{AppState, WebError};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LookupQuery {
    /// The dossier code on the receipt.
    pub code: String,
    /// The six-digit lookup PIN on the receipt.
    pub pin: Option<String>,
    /// Or the last four (or more) digits of the applicant's phone number.
    pub phone: Option<String>,
}

/// The public status of a dossier, for whoever holds its receipt: the code
/// and its PIN (or the phone's last digits). Wrong tries are limited per code
/// and per client address (429 with `Retry-After`).
#[utoipa::path(get, path = "/api/v1/lookup", tag = "public", params(LookupQuery),
    responses((status = 200, body = PublicStatus), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody, headers(("Retry-After" = i64, description = "seconds to wait")))))]
pub async fn lookup(
    State(state): State<AppState>,
    crate::auth::ClientIp(client): crate::auth::ClientIp,
    Query(q): Query<LookupQuery>,
) -> Result<Json<PublicStatus>, WebError> {
    Ok(Json(
        public_status(
            &state,
            &client,
            &q.code,
            q.pin.as_deref(),
            q.phone.as_deref(),
        )
        .await?,
    ))
}
