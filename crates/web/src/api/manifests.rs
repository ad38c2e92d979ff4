//! Dossiers the post carries: `/postal-intakes` (a dossier received by a
//! postal employee away from the center, with its slip), `/manifests` (batches
//! carried between the center and the agencies, dispatched and received with
//! their hand-over record), and `/centers/{id}/transport-candidates` (what
//! waits to travel on a leg).

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jiff::Timestamp;
use motcua_domain::dossier::transport::Leg;
use motcua_domain::Locale;
use motcua_store::{CenterId, Manifest, ManifestId};
use serde::{Deserialize, Serialize};

use super::dossiers::{idempotency_key, out, DossierOut};
use super::json::ApiJson;
use crate::auth::Principal;
use crate::cases::transport::{self, DispatchIn, PostalIntakeIn, ReceiveIn};
use crate::error::ErrorBody;
use crate::{AppState, WebError};

/// A manifest and its hand-over record.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ManifestOut {
    pub id: ManifestId,
    /// BK-2026-0042: the center's sequence in the year.
    pub number: String,
    pub center_id: CenterId,
    /// to-center, to-agency or back-to-center.
    pub leg: &'static str,
    pub leg_label: &'static str,
    pub from_place: String,
    pub to_place: String,
    pub to_agency: Option<String>,
    pub carrier_name: String,
    pub dispatched_by_name: String,
    pub dispatched_at: Timestamp,
    pub note: String,
    pub received_at: Option<Timestamp>,
    pub received_by_name: Option<String>,
    pub receive_note: Option<String>,
    pub documents: u32,
    /// Fees collected with the postal intakes, handed to the center.
    pub fees: i64,
    pub items: Vec<ManifestItemOut>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ManifestItemOut {
    pub code: String,
    pub procedure_code: String,
    pub applicant_name: String,
    pub documents: u32,
    pub fees: i64,
    /// complete, incomplete or missing, once received.
    pub tally: Option<&'static str>,
    pub note: String,
}

impl ManifestOut {
    pub fn of(m: &Manifest) -> ManifestOut {
        ManifestOut {
            id: m.id,
            number: m.number.clone(),
            center_id: m.center_id,
            leg: m.leg.code(),
            leg_label: m.leg.label(Locale::Vi),
            from_place: m.from_place.clone(),
            to_place: m.to_place.clone(),
            to_agency: m.to_agency.as_ref().map(|a| a.to_string()),
            carrier_name: m.carrier_name.clone(),
            dispatched_by_name: m.dispatched_by_name.clone(),
            dispatched_at: m.dispatched_at,
            note: m.note.clone(),
            received_at: m.received_at,
            received_by_name: m.received_by_name.clone(),
            receive_note: m.receive_note.clone(),
            documents: m.documents(),
            fees: m.fees().0,
            items: m
                .items
                .iter()
                .map(|i| ManifestItemOut {
                    code: i.code.to_string(),
                    procedure_code: i.procedure_code.to_string(),
                    applicant_name: i.applicant_name.clone(),
                    documents: i.documents,
                    fees: i.fees.0,
                    tally: i.tally.map(|t| t.code()),
                    note: i.note.clone(),
                })
                .collect(),
        }
    }
}

/// Receives a dossier at the post (channel 3): the documents checked
/// against the procedure, the list of originals and copies, the seal, the
/// fees and postage. The dossier is newly registered; the center accepts it
/// when it receives the complete package from a manifest.
#[utoipa::path(post, path = "/api/v1/postal-intakes", tag = "postal", request_body = PostalIntakeIn,
    params(("Idempotency-Key" = Option<String>, Header, description = "a client key for this intake")),
    security(("token" = []), ("session" = [])),
    responses((status = 201, body = DossierOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn postal_intake(
    State(state): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    ApiJson(body): ApiJson<PostalIntakeIn>,
) -> Result<Response, WebError> {
    p.require_write()?;
    let key = idempotency_key(&headers, &format!("post:{}", p.account.id))?;
    let record = transport::postal_intake(&state, &p, body, key).await?;
    Ok((
        StatusCode::CREATED,
        Json(out(&state, &p, record, "api:postal-intake").await?),
    )
        .into_response())
}

/// The slip of a postal intake (list of documents, seal, receipt of fees and
/// postage, both signatures), as PDF.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/postal-slip", tag = "postal", params(("code" = String, Path)),
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The slip", content_type = "application/pdf", body = crate::forms::Pdf),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn postal_slip(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    crate::forms::postal_slip_pdf(&state, &p, &code).await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ManifestQuery {
    /// One center's (else every center the reader works at).
    pub center_id: Option<CenterId>,
    /// Only those not yet received.
    #[serde(default)]
    pub open: bool,
}

/// Manifests, those not yet received first.
#[utoipa::path(get, path = "/api/v1/manifests", tag = "postal", params(ManifestQuery),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = Vec<ManifestOut>), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    p: Principal,
    Query(q): Query<ManifestQuery>,
) -> Result<Json<Vec<ManifestOut>>, WebError> {
    let centers = match (q.center_id, p.center_scope()) {
        (Some(c), Some(scope)) if !scope.contains(&c) => Some(Vec::new()),
        (Some(c), _) => Some(vec![c]),
        (None, scope) => scope,
    };
    let list = state
        .store
        .manifests(centers.as_deref(), q.open, 200)
        .await?;
    Ok(Json(list.iter().map(ManifestOut::of).collect()))
}

/// Dispatches a manifest: the dossiers handed to the postal employee, each
/// with its event, the number the center's next of the year.
#[utoipa::path(post, path = "/api/v1/manifests", tag = "postal", request_body = DispatchIn,
    security(("token" = []), ("session" = [])),
    responses((status = 201, body = ManifestOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn dispatch(
    State(state): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<DispatchIn>,
) -> Result<Response, WebError> {
    let m = transport::dispatch(&state, &p, body).await?;
    Ok((StatusCode::CREATED, Json(ManifestOut::of(&m))).into_response())
}

/// A manifest.
#[utoipa::path(get, path = "/api/v1/manifests/{id}", tag = "postal", params(("id" = i64, Path)),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = ManifestOut), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<ManifestId>,
) -> Result<Json<ManifestOut>, WebError> {
    let m = transport::readable_manifest(&state, &p, id).await?;
    Ok(Json(ManifestOut::of(&m)))
}

/// The receiving end signs: every dossier tallied; a complete postal intake
/// is accepted, and its legal time counts from now.
#[utoipa::path(post, path = "/api/v1/manifests/{id}/receive", tag = "postal", params(("id" = i64, Path)),
    request_body = ReceiveIn, security(("token" = []), ("session" = [])),
    responses((status = 200, body = ManifestOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn receive(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<ManifestId>,
    ApiJson(body): ApiJson<ReceiveIn>,
) -> Result<Json<ManifestOut>, WebError> {
    let m = transport::receive(&state, &p, id, body).await?;
    Ok(Json(ManifestOut::of(&m)))
}

/// The hand-over record of a manifest, as PDF.
#[utoipa::path(get, path = "/api/v1/manifests/{id}/record", tag = "postal", params(("id" = i64, Path)),
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The hand-over record", content_type = "application/pdf", body = crate::forms::Pdf),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn record(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<ManifestId>,
) -> Result<Response, WebError> {
    crate::forms::manifest_record(&state, &p, id).await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LegQuery {
    /// to-center, to-agency or back-to-center.
    #[param(value_type = String)]
    pub leg: Leg,
}

/// A dossier waiting to travel.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CandidateOut {
    pub code: String,
    pub procedure_code: String,
    pub procedure_name: String,
    /// As the reader may see it (masked for those who do not handle it).
    pub applicant_name: String,
    pub status: &'static str,
    pub handling_agency: String,
    pub received_at: Timestamp,
}

/// The dossiers of a center waiting to travel on a leg, oldest first.
#[utoipa::path(get, path = "/api/v1/centers/{id}/transport-candidates", tag = "postal",
    params(("id" = i64, Path), LegQuery), security(("token" = []), ("session" = [])),
    responses((status = 200, body = Vec<CandidateOut>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn candidates(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<CenterId>,
    Query(q): Query<LegQuery>,
) -> Result<Json<Vec<CandidateOut>>, WebError> {
    if !p.sees_everything() && p.roles_at(id).is_empty() {
        return Err(WebError::NotFound);
    }
    let list = state.store.transport_candidates(id, q.leg, 200).await?;
    Ok(Json(
        list.iter()
            .map(|d| CandidateOut {
                code: d.code.to_string(),
                procedure_code: d.procedure_code.to_string(),
                procedure_name: d.details.procedure_name.clone(),
                applicant_name: d.applicant.name.clone(),
                status: d.state.status.map_or("", |s| s.code()),
                handling_agency: d
                    .state
                    .agency
                    .as_ref()
                    .unwrap_or(&d.agency_code)
                    .to_string(),
                received_at: d.received_at,
            })
            .collect(),
    ))
}
