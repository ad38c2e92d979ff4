//! The guidance log: record a person guided, link the dossier that
//! followed, list a center's entries, and the monthly summary per center.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use motcua_store::{CenterId, GuidanceId};
use serde::Deserialize;

use super::json::ApiJson;
use crate::auth::Principal;
use crate::cases::guidance::{self, GuidanceIn, GuidanceOut, MonthReport};
use crate::cases::queue_times::{self, PeriodQuery};
use crate::error::ErrorBody;
use crate::{AppState, WebError};

/// Records one person guided at the counter: the procedure, the channel
/// they were guided to, and the dossier that followed if it is known
/// already (received at the same center). Counter staff of the center.
#[utoipa::path(post, path = "/api/v1/guidance", tag = "guidance", request_body = GuidanceIn,
    security(("token" = []), ("session" = [])),
    responses((status = 201, body = GuidanceOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn record(
    State(state): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<GuidanceIn>,
) -> Result<(StatusCode, Json<GuidanceOut>), WebError> {
    let g = guidance::record(&state, &p, &body).await?;
    Ok((StatusCode::CREATED, Json(GuidanceOut::of(&g))))
}

/// The dossier that followed an entry.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkIn {
    /// Its code, received at the entry's center on the day of the guidance
    /// or later.
    #[schema(max_length = 40)]
    pub dossier_code: String,
}

/// Links the dossier that followed an entry (once). Counter staff of the
/// entry's center; others are told it does not exist.
#[utoipa::path(post, path = "/api/v1/guidance/{id}/dossier", tag = "guidance", request_body = LinkIn,
    params(("id" = i64, Path, description = "the entry")),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = GuidanceOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn link(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<GuidanceId>,
    ApiJson(body): ApiJson<LinkIn>,
) -> Result<Json<GuidanceOut>, WebError> {
    let g = guidance::link(&state, &p, id, &body.dossier_code).await?;
    Ok(Json(GuidanceOut::of(&g)))
}

/// A center's entries over a period (default today; days in Vietnam's
/// time), the latest first. Its counter staff and leaders, and those who
/// oversee.
#[utoipa::path(get, path = "/api/v1/centers/{id}/guidance", tag = "guidance",
    params(("id" = i64, Path, description = "the center"), PeriodQuery),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = Vec<GuidanceOut>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn of_center(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<CenterId>,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<Vec<GuidanceOut>>, WebError> {
    if !guidance::reads(&p, id) {
        return Err(WebError::NotFound);
    }
    let (from, to) = queue_times::period(&state, &q)?;
    let entries = guidance::entries(&state, &p, id, from, to).await?;
    Ok(Json(entries.iter().map(GuidanceOut::of).collect()))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    /// The month, `YYYY-MM` (Vietnam's time); default this month.
    pub month: Option<String>,
    /// One center only; default every center in the user's scope.
    pub center_id: Option<i64>,
}

/// The month's guidance per center: people guided, by channel, with a
/// dossier that followed (and the rate), and those who moved to online and
/// postal services (guided there, and the dossier came that way). Counter
/// staff and leaders see their centers; those who oversee, every center
/// where postal staff work.
#[utoipa::path(get, path = "/api/v1/guidance/summary", tag = "guidance",
    params(SummaryQuery),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = MonthReport), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn summary(
    State(state): State<AppState>,
    p: Principal,
    Query(q): Query<SummaryQuery>,
) -> Result<Json<MonthReport>, WebError> {
    let month = guidance::month(&state, q.month.as_deref())?;
    let report = guidance::summary(&state, &p, month, q.center_id.map(CenterId)).await?;
    Ok(Json(report))
}
