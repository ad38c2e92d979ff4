//! The JSON API, version 1: read access to the catalog and the organisation.

use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use motcua_domain::catalog::Catalog;
use motcua_domain::{FieldCode, ProcedureCode};
use motcua_store::{Center, Counts, ProcedureQuery, ProcedureSummary, ProcedureVersion, Province};
use serde::{Deserialize, Serialize};

use crate::{AppState, WebError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/catalog", get(catalog))
        .route("/procedures", get(procedures))
        .route("/procedures/{code}", get(procedure))
        .route("/centers", get(centers))
        .route("/stats", get(stats))
        .route(
            "/session",
            axum::routing::post(crate::auth::login).delete(crate::auth::logout),
        )
        .route("/me", get(crate::auth::me))
        .route("/me/password", axum::routing::post(crate::auth::password))
        .route(
            "/tokens",
            get(crate::auth::list_tokens).post(crate::auth::create_token),
        )
        .route(
            "/tokens/{id}",
            axum::routing::delete(crate::auth::revoke_token),
        )
        .route("/applicants", get(crate::dossiers::applicants))
        .route("/dossiers", axum::routing::post(crate::dossiers::intake))
        .route("/dossiers/{code}", get(crate::dossiers::get))
        .route("/dossiers/{code}/events", get(crate::dossiers::events))
        .route(
            "/dossiers/{code}/actions",
            axum::routing::post(crate::dossiers::act),
        )
        .route("/lookup", get(crate::dossiers::lookup))
        .route("/submissions", axum::routing::post(crate::dossiers::submit))
        .route(
            "/dossiers/{code}/forms/{form}",
            get(crate::forms::dossier_form),
        )
        .route("/centers/{id}/register", get(crate::forms::center_register))
}

/// The whole catalog: fields and the current version of every procedure.
#[utoipa::path(get, path = "/api/v1/catalog", tag = "catalog", responses((status = 200, body = Object)))]
async fn catalog(State(s): State<AppState>) -> Result<Json<Catalog>, WebError> {
    Ok(Json(s.store.export_catalog().await?))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ProcedureParams {
    pub q: Option<String>,
    pub field: Option<String>,
    pub center: Option<i64>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

impl ProcedureParams {
    pub fn query(&self) -> Result<ProcedureQuery, WebError> {
        let field = match self
            .field
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
        {
            Some(f) => Some(
                f.parse::<FieldCode>()
                    .map_err(|e| WebError::BadRequest(format!("field: {e}")))?,
            ),
            None => None,
        };
        let limit = self.limit.unwrap_or(100);
        if !(1..=1000).contains(&limit) {
            return Err(WebError::BadRequest(
                "limit: must be between 1 and 1000".into(),
            ));
        }
        Ok(ProcedureQuery {
            text: self.q.clone().filter(|q| !q.trim().is_empty()),
            field,
            center_id: self.center,
            limit,
            offset: self.offset.unwrap_or(0).max(0),
        })
    }
}

/// Procedures, searched without diacritics (`q=chung thuc`), by field or center.
#[utoipa::path(get, path = "/api/v1/procedures", tag = "catalog", params(ProcedureParams),
    responses((status = 200, body = Vec<Object>), (status = 400, body = crate::error::ErrorBody)))]
async fn procedures(
    State(s): State<AppState>,
    Query(p): Query<ProcedureParams>,
) -> Result<Json<Vec<ProcedureSummary>>, WebError> {
    Ok(Json(s.store.procedures(&p.query()?).await?))
}

#[derive(Serialize)]
struct ProcedureDetail {
    current: ProcedureVersion,
    versions: Vec<i64>,
}

/// One procedure's current version and the numbers of all its versions.
#[utoipa::path(get, path = "/api/v1/procedures/{code}", tag = "catalog", params(("code" = String, Path)),
    responses((status = 200, body = Object), (status = 404, body = crate::error::ErrorBody)))]
async fn procedure(
    State(s): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<ProcedureDetail>, WebError> {
    let code: ProcedureCode = code
        .parse()
        .map_err(|e| WebError::BadRequest(format!("code: {e}")))?;
    let versions = s.store.procedure_versions(&code).await?;
    let current = s.store.procedure(&code).await?.ok_or(WebError::NotFound)?;
    Ok(Json(ProcedureDetail {
        current,
        versions: versions.iter().map(|v| v.version).collect(),
    }))
}

/// The centers and reception points.
#[utoipa::path(get, path = "/api/v1/centers", tag = "organisation", responses((status = 200, body = Vec<Object>)))]
async fn centers(State(s): State<AppState>) -> Result<Json<Vec<Center>>, WebError> {
    Ok(Json(s.store.centers().await?))
}

#[derive(Serialize)]
struct Stats {
    province: Option<Province>,
    counts: Counts,
}

/// The province and how much it holds.
#[utoipa::path(get, path = "/api/v1/stats", tag = "organisation", responses((status = 200, body = Object)))]
async fn stats(State(s): State<AppState>) -> Result<Json<Stats>, WebError> {
    Ok(Json(Stats {
        province: s.store.province().await?,
        counts: s.store.counts().await?,
    }))
}

/// The API's OpenAPI document, generated from the handlers above.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "motcua API",
        description = "Hệ thống một cửa — the one-stop shop system's JSON API. Errors are `{\"error\": …, \"field\": …}`."
    ),
    paths(
        catalog,
        procedures,
        procedure,
        centers,
        stats,
        crate::auth::login,
        crate::auth::logout,
        crate::auth::me,
        crate::auth::create_token,
        crate::auth::list_tokens,
        crate::auth::revoke_token,
        crate::auth::password,
        crate::dossiers::intake,
        crate::dossiers::get,
        crate::dossiers::events,
        crate::dossiers::act,
        crate::dossiers::applicants,
        crate::dossiers::lookup,
        crate::dossiers::submit,
    ),
    components(schemas(crate::error::ErrorBody))
)]
pub struct ApiDoc;

/// `GET /api/openapi.json`
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(<ApiDoc as utoipa::OpenApi>::openapi())
}
