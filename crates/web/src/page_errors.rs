//! Staff and public pages answer errors as pages: a person never sees the
//! API's JSON. The handlers share the API's error type; this layer turns
//! its JSON answers outside `/api/` into an HTML page in the reader's
//! language, keeping the status and headers such as `Retry-After`.

use askama::Template;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use motcua_domain::Locale;

use crate::error::Localizable;
use crate::locale::locale_of;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    l: Locale,
    path: &'static str,
    title: &'static str,
    message: String,
}

fn title(status: StatusCode, l: Locale) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => l.t("not-found"),
        StatusCode::FORBIDDEN => l.t("not-allowed"),
        StatusCode::UNAUTHORIZED => l.t("sign-in-first"),
        StatusCode::CONFLICT => l.t("the-dossier-changed"),
        StatusCode::TOO_MANY_REQUESTS => l.t("try-again-later"),
        StatusCode::PAYLOAD_TOO_LARGE => l.t("too-large"),
        s if s.is_server_error() => l.t("internal-error"),
        _ => l.t("not-done"),
    }
}

pub async fn html_errors(req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/api/") || req.uri().path() == "/healthz" {
        return next.run(req).await;
    }
    let l = locale_of(req.uri(), req.headers());
    let res = next.run(req).await;
    let status = res.status();
    let json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !json || !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let (parts, _) = res.into_parts();
    // Every JSON error of ours carries its message (`WebError` puts it there).
    let message = parts
        .extensions
        .get::<Localizable>()
        .map(|m| m.0.localize(l))
        .unwrap_or_default();
    let page = ErrorPage {
        l,
        path: "",
        title: title(status, l),
        message,
    };
    let mut out = match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, Body::empty()).into_response(),
    };
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().append(name.clone(), value.clone());
        }
    }
    out
}
