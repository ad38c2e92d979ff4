//! `/catalog` and `/procedures`: the administrative procedures.

use axum::extract::{Path, Query, State};
use axum::Json;
use motcua_domain::catalog::Catalog;
use motcua_domain::i18n::Message;
use motcua_domain::{FieldCode, ProcedureCode};
use motcua_store::{CenterId, ProcedureQuery, ProcedureSummary, ProcedureVersion};
use serde::{Deserialize, Serialize};

use crate::{AppState, WebError};

/// A query or path parameter that does not parse: 400, naming it as the
/// client wrote it.
fn bad_param(param: &'static str, problem: Message) -> WebError {
    WebError::BadRequest(
        Message::new("error-param")
            .with("param", param)
            .with("problem", problem),
    )
}

/// The whole catalog: fields and the current version of every procedure.
#[utoipa::path(get, path = "/api/v1/catalog", tag = "catalog", responses((status = 200, body = Object)))]
pub(crate) async fn catalog(State(s): State<AppState>) -> Result<Json<Catalog>, WebError> {
    Ok(Json(s.store.export_catalog().await?))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProcedureParams {
    pub q: Option<String>,
    pub field: Option<String>,
    pub center: Option<CenterId>,
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
                    .map_err(|e| bad_param("field", e.message()))?,
            ),
            None => None,
        };
        let limit = self.limit.unwrap_or(100);
        if !(1..=1000).contains(&limit) {
            return Err(bad_param(
                "limit",
                Message::new("error-between")
                    .with("min", 1)
                    .with("max", 1000),
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
pub(crate) async fn procedures(
    State(s): State<AppState>,
    Query(p): Query<ProcedureParams>,
) -> Result<Json<Vec<ProcedureSummary>>, WebError> {
    Ok(Json(s.store.procedures(&p.query()?).await?))
}

#[derive(Serialize)]
pub(crate) struct ProcedureDetail {
    current: ProcedureVersion,
    versions: Vec<i64>,
}

/// One procedure's current version and the numbers of all its versions.
#[utoipa::path(get, path = "/api/v1/procedures/{code}", tag = "catalog", params(("code" = String, Path)),
    responses((status = 200, body = Object), (status = 400, description = "not a procedure code", body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody)))]
pub(crate) async fn procedure(
    State(s): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<ProcedureDetail>, WebError> {
    let code: ProcedureCode = code
        .parse()
        .map_err(|e: motcua_domain::CodeError| bad_param("code", e.message()))?;
    let versions = s.store.procedure_versions(&code).await?;
    let current = s.store.procedure(&code).await?.ok_or(WebError::NotFound)?;
    Ok(Json(ProcedureDetail {
        current,
        versions: versions.iter().map(|v| v.version).collect(),
    }))
}
