//! The JSON API's edge. What goes wrong before or around a handler (a body too
//! large or too slow, the wrong content type, malformed JSON, a parameter that
//! does not parse, an unknown route or method) is answered like the handlers'
//! own errors: `{"error": "Vietnamese / English", "field": …}`, our words from
//! the catalog and, after them, the library's own detail. Clients of the
//! API then need one error format, and the OpenAPI document can promise it.

use std::error::Error as StdError;

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};

use motcua_domain::i18n::Message;

use crate::error::ErrorBody;

/// The largest request body the JSON API reads; a dossier with its components
/// is a few KiB.
pub const BODY_LIMIT: usize = 256 * 1024;

/// An error body the API's rejections are never larger than; anything larger
/// is not a rejection text worth translating.
const REJECTION_TEXT_LIMIT: usize = 16 * 1024;

/// The route a response answered, for naming a path parameter that did not parse.
#[derive(Clone)]
struct RouteTemplate(String);

fn error(status: StatusCode, message: impl Into<String>, field: Option<String>) -> Response {
    (
        status,
        axum::Json(ErrorBody {
            error: message.into(),
            field,
        }),
    )
        .into_response()
}

/// Our words in both languages, then the library's own (a serde or hyper
/// error, in English, for the client's developer).
fn detailed(ours: Message, detail: impl std::fmt::Display) -> String {
    format!("{}: {detail}", ours.both())
}

fn too_large_text() -> String {
    Message::new("error-request-too-large")
        .with("kib", BODY_LIMIT / 1024)
        .both()
}

fn too_large() -> Response {
    error(StatusCode::PAYLOAD_TOO_LARGE, too_large_text(), None)
}

/// `application/json` or any `application/…+json`, whatever its parameters.
pub(crate) fn is_json(value: Option<&HeaderValue>) -> bool {
    let Some(mime) = value.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = mime.split(';').next().unwrap_or("").trim();
    let Some((kind, sub)) = essence.split_once('/') else {
        return false;
    };
    kind.eq_ignore_ascii_case("application")
        && (sub.eq_ignore_ascii_case("json") || sub.to_ascii_lowercase().ends_with("+json"))
}

fn caused_by<E: StdError + 'static>(e: &(dyn StdError + 'static)) -> bool {
    let mut cur = Some(e);
    while let Some(e) = cur {
        if e.is::<E>() {
            return true;
        }
        cur = e.source();
    }
    false
}

/// Runs on every API route (its 405 included): remembers the route's template
/// in the response, for [`json_errors`].
pub async fn route_template(req: Request, next: Next) -> Response {
    let template = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| RouteTemplate(m.as_str().to_string()));
    let mut res = next.run(req).await;
    if let Some(t) = template {
        res.extensions_mut().insert(t);
    }
    res
}

/// Runs before each handler that reads a JSON body (and only those, so a wrong
/// method stays a 405): the body must say it is JSON, fit in [`BODY_LIMIT`],
/// arrive in time and be well formed. The handlers' extractors then only meet
/// data errors, a 422 naming the field.
pub async fn json_body(req: Request, next: Next) -> Response {
    match read_json(req).await {
        Ok(req) => next.run(req).await,
        Err(res) => res,
    }
}

async fn read_json(req: Request) -> Result<Request, Response> {
    if !is_json(req.headers().get(header::CONTENT_TYPE)) {
        return Err(error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Message::new("error-body-must-be-json").both(),
            None,
        ));
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
        return Err(too_large());
    }
    let (parts, body) = req.into_parts();
    let bytes: Bytes = match Limited::new(body, BODY_LIMIT).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) if caused_by::<LengthLimitError>(&*e) => return Err(too_large()),
        Err(e) if caused_by::<tower_http::timeout::TimeoutError>(&*e) => {
            return Err(error(
                StatusCode::REQUEST_TIMEOUT,
                Message::new("error-body-too-slow").both(),
                None,
            ))
        }
        Err(e) => {
            return Err(error(
                StatusCode::BAD_REQUEST,
                detailed(Message::new("error-request-body-unreadable"), e),
                None,
            ))
        }
    };
    if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&bytes) {
        return Err(error(
            StatusCode::BAD_REQUEST,
            detailed(Message::new("error-malformed-json"), e),
            Some("body".into()),
        ));
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// Runs on every request: under `/api/`, an error that is not already our JSON
/// (axum's text rejections, the empty 405, the HTML 404 of the pages'
/// fallback) becomes an [`ErrorBody`], keeping the status and headers such as
/// `Allow` and `Retry-After`. Pages keep their HTML errors.
pub async fn json_errors(req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let json = is_json(res.headers().get(header::CONTENT_TYPE));
    // The JSON errors of handlers are ours already, except the data errors of
    // `ApiJson`, which pass on axum's English text under the field `body`.
    if json && status != StatusCode::UNPROCESSABLE_ENTITY {
        return res;
    }
    let template = res.extensions().get::<RouteTemplate>().cloned();
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = Limited::new(body, REJECTION_TEXT_LIMIT)
        .collect()
        .await
        .map(|c| c.to_bytes())
    else {
        return error(status, generic(status), None);
    };
    let (message, field) = if json {
        match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Ok(v) if v["field"] == "body" => match v["error"].as_str().and_then(json_data_error) {
                Some(translated) => translated,
                None => return Response::from_parts(parts, Body::from(bytes)),
            },
            _ => return Response::from_parts(parts, Body::from(bytes)),
        }
    } else {
        describe(
            status,
            String::from_utf8_lossy(&bytes).trim(),
            template.as_ref(),
        )
    };
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let mut res = error(status, message, field);
    for (name, value) in parts.headers.iter() {
        res.headers_mut().append(name.clone(), value.clone());
    }
    res
}

fn generic(status: StatusCode) -> String {
    let m = match status {
        StatusCode::NOT_FOUND => Message::new("error-not-found"),
        StatusCode::METHOD_NOT_ALLOWED => Message::new("error-method-not-allowed"),
        StatusCode::REQUEST_TIMEOUT => Message::new("error-request-too-slow"),
        StatusCode::PAYLOAD_TOO_LARGE => return too_large_text(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => Message::new("error-body-must-be-json"),
        StatusCode::TOO_MANY_REQUESTS => Message::new("error-too-many-requests"),
        s if s.is_server_error() => Message::new("error-internal"),
        s => {
            return format!(
                "{} ({})",
                Message::new("error-request-refused").both(),
                s.as_u16()
            )
        }
    };
    m.both()
}

/// Our words for one of axum's rejection texts, and the field it is about.
fn describe(
    status: StatusCode,
    text: &str,
    template: Option<&RouteTemplate>,
) -> (String, Option<String>) {
    if let Some(detail) = text.strip_prefix("Failed to deserialize query string: ") {
        return (
            detailed(Message::new("error-invalid-query-parameter"), detail),
            field_of(detail),
        );
    }
    if let Some(detail) = text.strip_prefix("Invalid URL: ") {
        return (
            detailed(Message::new("error-invalid-path-parameter"), detail),
            path_field(detail, template),
        );
    }
    if let Some(found) = json_data_error(text) {
        return found;
    }
    if let Some(detail) = text.strip_prefix("Failed to parse the request body as JSON: ") {
        return (
            detailed(Message::new("error-malformed-json"), detail),
            Some("body".into()),
        );
    }
    if status == StatusCode::BAD_REQUEST && !text.is_empty() {
        return (detailed(Message::new("error-bad-request"), text), None);
    }
    (generic(status), None)
}

fn json_data_error(text: &str) -> Option<(String, Option<String>)> {
    let detail = text.strip_prefix("Failed to deserialize the JSON body into the target type: ")?;
    Some((
        detailed(Message::new("error-invalid-value-detail"), detail),
        Some(field_of(detail).unwrap_or_else(|| "body".into())),
    ))
}

/// The field a serde error names: its path (`applicant.phone: invalid type…`),
/// a missing field (`missing field \`key\``), or both.
fn field_of(detail: &str) -> Option<String> {
    let (path, rest) = match detail.split_once(": ") {
        Some((p, rest))
            if !p.is_empty()
                && p.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '-')) =>
        {
            (Some(p), rest)
        }
        _ => (None, detail),
    };
    let missing = rest
        .strip_prefix("missing field `")
        .and_then(|r| r.split_once('`'))
        .map(|(f, _)| f);
    match (path, missing) {
        (Some(p), Some(m)) => Some(format!("{p}.{m}")),
        (Some(p), None) => Some(p.to_string()),
        (None, Some(m)) => Some(m.to_string()),
        (None, None) => None,
    }
}

/// A path rejection names its parameter (``Cannot parse `id` with value …``)
/// unless the route has only one, which the route's template then gives.
fn path_field(detail: &str, template: Option<&RouteTemplate>) -> Option<String> {
    if let Some(rest) = detail.split_once(" with value ").map(|(head, _)| head) {
        if let Some(key) = rest.rsplit('`').nth(1) {
            return Some(key.to_string());
        }
    }
    let mut params = template?
        .0
        .split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .map(|s| s.trim_start_matches('*'));
    match (params.next(), params.next()) {
        (Some(only), None) => Some(only.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_read_from_serde_errors() {
        assert_eq!(
            field_of("limit: invalid digit found in string").as_deref(),
            Some("limit")
        );
        assert_eq!(field_of("missing field `key`").as_deref(), Some("key"));
        assert_eq!(
            field_of("applicant: missing field `name` at line 1 column 9").as_deref(),
            Some("applicant.name")
        );
        assert_eq!(
            field_of("invalid type: string \"x\", expected i64").as_deref(),
            None
        );
        assert_eq!(field_of("EOF while parsing a value").as_deref(), None);
    }

    #[test]
    fn path_parameters_are_named() {
        let t = RouteTemplate("/api/v1/centers/{id}/register".into());
        assert_eq!(
            path_field("Cannot parse `abc` to a `i64`", Some(&t)).as_deref(),
            Some("id")
        );
        assert_eq!(
            path_field("Cannot parse `id` with value `abc` to a `i64`", None).as_deref(),
            Some("id")
        );
        let two = RouteTemplate("/api/v1/dossiers/{code}/forms/{form}".into());
        assert_eq!(path_field("Cannot parse `x` to a `u8`", Some(&two)), None);
    }

    use axum::routing::{get, post};
    use axum::Router;
    use tower::ServiceExt;

    async fn answer(
        app: Router,
        req: Request,
    ) -> (StatusCode, axum::http::HeaderMap, serde_json::Value) {
        let res = app.oneshot(req).await.unwrap();
        let (parts, body) = res.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes();
        (
            parts.status,
            parts.headers,
            serde_json::from_slice(&bytes).unwrap_or_default(),
        )
    }

    #[tokio::test]
    async fn a_rate_limit_answer_keeps_its_retry_after() {
        // As a limiter in front of a handler would answer, in plain text.
        let app = Router::new()
            .route(
                "/api/v1/lookup",
                get(|| async {
                    (
                        StatusCode::TOO_MANY_REQUESTS,
                        [(header::RETRY_AFTER, "7")],
                        "slow down",
                    )
                }),
            )
            .layer(axum::middleware::from_fn(json_errors));
        let req = Request::get("/api/v1/lookup").body(Body::empty()).unwrap();
        let (status, headers, v) = answer(app, req).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(headers[header::RETRY_AFTER], "7");
        assert_eq!(headers[header::CONTENT_TYPE], "application/json");
        assert!(
            v["error"]
                .as_str()
                .unwrap()
                .contains(" / Too many requests"),
            "{v}"
        );
    }

    #[tokio::test]
    async fn a_panic_is_a_json_500() {
        // The layers in the order `crate::router` stacks them.
        let app = Router::new()
            .route(
                "/api/v1/boom",
                get(|| async {
                    if true {
                        panic!("a bug");
                    }
                }),
            )
            .layer(tower_http::catch_panic::CatchPanicLayer::new())
            .layer(axum::middleware::from_fn(json_errors));
        let req = Request::get("/api/v1/boom").body(Body::empty()).unwrap();
        let (status, headers, v) = answer(app, req).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(headers[header::CONTENT_TYPE], "application/json");
        assert!(
            v["error"].as_str().unwrap().contains(" / Internal error"),
            "{v}"
        );
    }

    #[tokio::test]
    async fn a_body_that_stops_coming_is_a_408() {
        let app = Router::new()
            .route(
                "/api/v1/submissions",
                post(|| async { "read" }).route_layer(axum::middleware::from_fn(json_body)),
            )
            .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
                std::time::Duration::from_millis(50),
            ));
        let never = futures::stream::pending::<Result<Bytes, std::io::Error>>();
        let req = Request::post("/api/v1/submissions")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from_stream(never))
            .unwrap();
        let (status, _, v) = answer(app, req).await;
        assert_eq!(status, StatusCode::REQUEST_TIMEOUT, "{v}");
    }

    #[test]
    fn json_content_types() {
        let ok = |s: &'static str| is_json(Some(&HeaderValue::from_static(s)));
        assert!(ok("application/json"));
        assert!(ok("application/json; charset=utf-8"));
        assert!(ok("Application/JSON"));
        assert!(ok("application/merge-patch+json"));
        assert!(!ok("text/plain"));
        assert!(!ok("application/jsonx"));
        assert!(!is_json(None));
    }
}
