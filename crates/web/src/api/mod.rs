//! The JSON API, version 1: the catalog and the organisation, signing in,
//! tokens, dossiers, and the citizens' submissions and lookup. One file per
//! resource; this one registers each route together with its documentation
//! (`routes!` reads the handler's `#[utoipa::path]`), so a route cannot exist
//! without its place in the OpenAPI document.

pub mod applicants;
pub mod catalog;
pub mod certifications;
pub mod dashboards;
pub mod declarations;
pub mod deliveries;
pub mod dossiers;
pub mod feedback;
pub mod guidance;
pub mod json;
pub mod lookup;
pub mod manifests;
pub mod me;
pub mod notices;
pub mod org;
pub mod queue;
pub mod results;
pub mod scans;
pub mod session;
pub mod submissions;
pub mod tokens;

use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi as _;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};
use utoipa_axum::routes;

use crate::AppState;

/// The API's routes under `/api/v1`, and their document at `/api/openapi.json`.
pub fn router() -> Router<AppState> {
    let (router, doc) = routes().split_for_parts();
    let doc = finish(doc);
    router.route(
        "/api/openapi.json",
        get(move || std::future::ready(Json(doc.clone()))),
    )
}

/// The API's OpenAPI document, as `/api/openapi.json` serves it.
pub fn document() -> utoipa::openapi::OpenApi {
    finish(routes().split_for_parts().1)
}

fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(catalog::catalog))
        .routes(routes!(catalog::procedures))
        .routes(routes!(catalog::procedure))
        .routes(routes!(org::centers))
        .routes(routes!(org::stats))
        .routes(json_body(routes!(session::login)))
        .routes(routes!(session::logout))
        .routes(routes!(me::me))
        .routes(json_body(routes!(me::password)))
        .routes(json_body(routes!(tokens::create_token)))
        .routes(routes!(tokens::list_tokens))
        .routes(routes!(tokens::revoke_token))
        .routes(routes!(applicants::applicants))
        .routes(json_body(routes!(dossiers::intake)))
        .routes(routes!(dossiers::get))
        .routes(routes!(dossiers::events))
        .routes(json_body(routes!(dossiers::act)))
        .routes(routes!(lookup::lookup))
        .routes(json_body(routes!(submissions::submit)))
        .routes(upload_body(routes!(submissions::submit_with_files)))
        .routes(routes!(scans::list))
        .routes(upload_body(routes!(scans::upload)))
        .routes(json_body(routes!(scans::exempt)))
        .routes(json_body(routes!(scans::reuse)))
        .routes(json_body(routes!(scans::remove)))
        .routes(routes!(scans::download))
        .routes(routes!(scans::thumbnail))
        .routes(upload_body(routes!(results::attach, results::file)))
        .routes(routes!(results::for_holder))
        .routes(routes!(crate::forms::dossier_form))
        .routes(routes!(declarations::get))
        .routes(routes!(declarations::pdf))
        .routes(json_body(routes!(declarations::print)))
        .routes(routes!(crate::forms::center_register))
        .routes(routes!(crate::forms::center_register_xlsx))
        .routes(json_body(routes!(certifications::create)))
        .routes(routes!(certifications::list))
        .routes(routes!(certifications::copy))
        .routes(routes!(certifications::register))
        .routes(routes!(certifications::show))
        .routes(json_body(routes!(deliveries::ship)))
        .routes(routes!(deliveries::of_dossier))
        .routes(routes!(deliveries::list))
        .routes(routes!(deliveries::report))
        .routes(json_body(routes!(deliveries::add_codes)))
        .routes(routes!(deliveries::proof))
        .routes(routes!(deliveries::resend))
        .routes(json_body(routes!(deliveries::cancel)))
        .routes(routes!(deliveries::webhook))
        .routes(routes!(notices::of_dossier))
        .routes(json_body(routes!(manifests::postal_intake)))
        .routes(routes!(manifests::postal_slip))
        .routes(routes!(manifests::list))
        .routes(json_body(routes!(manifests::dispatch)))
        .routes(routes!(manifests::get))
        .routes(json_body(routes!(manifests::receive)))
        .routes(routes!(manifests::record))
        .routes(routes!(manifests::candidates))
        .routes(routes!(queue::groups))
        .routes(json_body(routes!(queue::save_group)))
        .routes(routes!(queue::counters))
        .routes(json_body(routes!(queue::open)))
        .routes(routes!(queue::close))
        .routes(routes!(queue::call_next))
        .routes(routes!(queue::ticket))
        .routes(json_body(routes!(queue::act)))
        .routes(json_body(routes!(queue::take)))
        .routes(routes!(queue::board))
        .routes(routes!(queue::board_events))
        .routes(routes!(queue::times))
        .routes(routes!(queue::advice))
        .routes(routes!(queue::kiosks))
        .routes(json_body(routes!(queue::create_kiosk)))
        .routes(routes!(queue::revoke_kiosk))
        .routes(routes!(queue::rating_link))
        .routes(json_body(routes!(queue::rate_by_link)))
        .routes(routes!(queue::tablet))
        .routes(json_body(routes!(queue::tablet_rate)))
        .routes(routes!(queue::of_dossier))
        .routes(json_body(routes!(guidance::record)))
        .routes(json_body(routes!(guidance::link)))
        .routes(routes!(guidance::of_center))
        .routes(routes!(guidance::summary))
        .routes(routes!(feedback::form_token))
        .routes(json_body(routes!(feedback::send)))
        .routes(routes!(feedback::track))
        .routes(json_body(routes!(feedback::give_info)))
        .routes(json_body(routes!(feedback::rate)))
        .routes(routes!(feedback::published))
        .routes(routes!(feedback::list))
        .routes(routes!(feedback::get))
        .routes(json_body(routes!(feedback::act)))
        .routes(routes!(feedback::indicators))
        .routes(routes!(dashboards::get))
        .routes(routes!(dashboards::dossiers))
        .routes(routes!(dashboards::export))
        .routes(routes!(dashboards::report))
        .routes(verify_body(routes!(certifications::check)))
        .routes(verify_body(routes!(certifications::check_against)))
        .route_layer(axum::middleware::from_fn(crate::edge::route_template))
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::edge::BODY_LIMIT,
        ))
}

/// A route that takes files: a larger body than JSON may have.
fn upload_body(
    (schemas, paths, method_router): UtoipaMethodRouter<AppState>,
) -> UtoipaMethodRouter<AppState> {
    (
        schemas,
        paths,
        method_router.route_layer(axum::extract::DefaultBodyLimit::max(
            crate::scans_body_limit(),
        )),
    )
}

/// The public verification of a certified copy: one file, bounded.
fn verify_body(
    (schemas, paths, method_router): UtoipaMethodRouter<AppState>,
) -> UtoipaMethodRouter<AppState> {
    (
        schemas,
        paths,
        method_router.route_layer(axum::extract::DefaultBodyLimit::max(
            crate::VERIFY_BODY_LIMIT,
        )),
    )
}

/// A route whose handler reads a JSON body, checked at the edge first.
fn json_body(
    (schemas, paths, method_router): UtoipaMethodRouter<AppState>,
) -> UtoipaMethodRouter<AppState> {
    (
        schemas,
        paths,
        method_router.route_layer(axum::middleware::from_fn(crate::edge::json_body)),
    )
}

/// What the document says besides its operations.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "motcua API",
        description = "Hệ thống một cửa — the one-stop shop system's JSON API. Errors are `{\"error\": …, \"field\": …}`."
    ),
    components(schemas(crate::error::ErrorBody))
)]
struct ApiDoc;

/// The document of the registered operations, with the answers of the edge.
fn finish(mut doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    utoipa::Modify::modify(&Edge, &mut doc);
    doc
}

/// The operations that answer 429 with `Retry-After` when a client sends too
/// many requests: the ones anyone may call without signing in.
pub const RATE_LIMITED: &[(&str, &str)] = &[
    ("post", "/api/v1/session"),
    ("get", "/api/v1/lookup"),
    ("post", "/api/v1/submissions"),
    ("get", "/api/v1/verification/{token}"),
    ("post", "/api/v1/verification"),
    ("post", "/api/v1/verification/{token}"),
    ("post", "/api/v1/postal/webhook"),
    ("post", "/api/v1/kiosk/{secret}/tickets"),
    ("get", "/api/v1/centers/{id}/board/events"),
    ("get", "/api/v1/ratings/{code}"),
    ("post", "/api/v1/ratings/{code}"),
    ("get", "/api/v1/tablet/{secret}"),
    ("post", "/api/v1/tablet/{secret}/ratings"),
    ("post", "/api/v1/feedback"),
    ("get", "/api/v1/feedback/{code}/tracking"),
    ("post", "/api/v1/feedback/{code}/info"),
    ("post", "/api/v1/feedback/{code}/rating"),
    ("get", "/api/v1/published-feedback"),
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
