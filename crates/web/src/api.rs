//! The JSON API, version 1: read access to the catalog and the organisation.

use axum::extract::{Path, Query, State};
use axum::handler::Handler;
use axum::routing::{get, MethodRouter};
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
            post_json(crate::auth::login).delete(crate::auth::logout),
        )
        .route("/me", get(crate::auth::me))
        .route("/me/password", post_json(crate::auth::password))
        .route(
            "/tokens",
            post_json(crate::auth::create_token).get(crate::auth::list_tokens),
        )
        .route(
            "/tokens/{id}",
            axum::routing::delete(crate::auth::revoke_token),
        )
        .route("/applicants", get(crate::dossiers::applicants))
        .route("/dossiers", post_json(crate::dossiers::intake))
        .route("/dossiers/{code}", get(crate::dossiers::get))
        .route("/dossiers/{code}/events", get(crate::dossiers::events))
        .route("/dossiers/{code}/actions", post_json(crate::dossiers::act))
        .route("/lookup", get(crate::dossiers::lookup))
        .route("/submissions", post_json(crate::dossiers::submit))
        .route(
            "/dossiers/{code}/forms/{form}",
            get(crate::forms::dossier_form),
        )
        .route("/centers/{id}/register", get(crate::forms::center_register))
        .route_layer(axum::middleware::from_fn(crate::edge::route_template))
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::edge::BODY_LIMIT,
        ))
}

/// A POST route whose handler reads a JSON body, checked at the edge first.
fn post_json<H, T>(handler: H) -> MethodRouter<AppState>
where
    H: Handler<T, AppState>,
    T: 'static,
{
    axum::routing::post(handler).route_layer(axum::middleware::from_fn(crate::edge::json_body))
}

/// The whole catalog: fields and the current version of every procedure.
#[utoipa::path(get, path = "/api/v1/catalog", tag = "catalog", responses((status = 200, body = Object)))]
async fn catalog(State(s): State<AppState>) -> Result<Json<Catalog>, WebError> {
    Ok(Json(s.store.export_catalog().await?))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
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
    responses((status = 200, body = Object), (status = 400, description = "not a procedure code", body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody)))]
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
        crate::forms::dossier_form,
        crate::forms::center_register,
    ),
    components(schemas(crate::error::ErrorBody)),
    modifiers(&Edge)
)]
pub struct ApiDoc;

/// `GET /api/openapi.json`
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(<ApiDoc as utoipa::OpenApi>::openapi())
}

/// The operations that answer 429 with `Retry-After` when a client sends too
/// many requests: the ones anyone may call without signing in.
pub const RATE_LIMITED: &[(&str, &str)] = &[
    ("post", "/api/v1/session"),
    ("get", "/api/v1/lookup"),
    ("post", "/api/v1/submissions"),
];

/// Adds to every operation the answers of the HTTP edge rather than of its
/// handler (see `edge.rs` and `Principal`), so no handler has to repeat them:
/// a body that is malformed, too large, too slow, not JSON, or of the wrong
/// shape; a parameter that does not parse; a missing sign-in or CSRF token;
/// too many requests. It also declares the two ways to sign in.
struct Edge;

impl utoipa::Modify for Edge {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityScheme,
        };
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::auth::SESSION_COOKIE,
                "The cookie set by `POST /api/v1/session`; changes also need the `X-CSRF-Token` header.",
            ))),
        );
        for (path, item) in doc.paths.paths.iter_mut() {
            for (method, op) in [
                ("get", &mut item.get),
                ("put", &mut item.put),
                ("post", &mut item.post),
                ("delete", &mut item.delete),
                ("patch", &mut item.patch),
            ] {
                if let Some(op) = op {
                    edge_responses(path, method, op);
                }
            }
        }
    }
}

fn error_response(description: &str) -> utoipa::openapi::Response {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
}

fn edge_responses(path: &str, method: &str, op: &mut utoipa::openapi::path::Operation) {
    use utoipa::openapi::path::ParameterIn;
    let mut add = |status: &str, response: utoipa::openapi::Response| {
        op.responses
            .responses
            .entry(status.to_string())
            .or_insert(response.into());
    };
    let has_body = op.request_body.is_some();
    let has_params = op
        .parameters
        .iter()
        .flatten()
        .any(|p| matches!(p.parameter_in, ParameterIn::Query | ParameterIn::Path));
    let secured = op
        .security
        .iter()
        .flatten()
        .any(|s| *s != Default::default());
    if has_body {
        add("400", error_response("Malformed JSON (`field`: `body`)"));
        add("408", error_response("The body arrived too slowly"));
        add(
            "413",
            error_response(&format!(
                "The body is larger than {} KiB",
                crate::edge::BODY_LIMIT / 1024
            )),
        );
        add("415", error_response("The body is not `application/json`"));
        add(
            "422",
            error_response("A value of the body is missing or wrong; `field` names it"),
        );
    }
    if has_params {
        add(
            "400",
            error_response("A parameter does not parse; `field` names it"),
        );
    }
    if secured {
        add(
            "401",
            error_response("Not signed in, or the session or token is no longer valid"),
        );
        if method != "get" {
            add(
                "403",
                error_response("With a session: the `X-CSRF-Token` header is missing or wrong"),
            );
        }
    }
    if RATE_LIMITED.contains(&(method, path)) {
        use utoipa::openapi::{HeaderBuilder, ObjectBuilder, Type};
        let mut response =
            error_response("Too many requests from this client; retry after `Retry-After` seconds");
        response.headers.insert(
            "Retry-After".to_string(),
            HeaderBuilder::new()
                .schema(
                    ObjectBuilder::new()
                        .schema_type(Type::Integer)
                        .minimum(Some(0)),
                )
                .description(Some("Seconds to wait before the next request"))
                .build(),
        );
        add("429", response);
    }
}
