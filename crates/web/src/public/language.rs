//! The language switch.

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use motcua_domain::Locale;

/// Switches the language for the following pages and goes back.
pub async fn set_language(Path(lang): Path<String>, headers: axum::http::HeaderMap) -> Response {
    let l: Locale = lang.parse().unwrap_or_default();
    // Only same-site relative paths, so the switch cannot be used to redirect elsewhere.
    let back = headers
        .get(axum::http::header::REFERER)
        .and_then(|r| r.to_str().ok())
        .and_then(|r| r.find("://").map(|i| &r[i + 3..]))
        .and_then(|r| r.find('/').map(|i| r[i..].to_string()))
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or_else(|| "/".into());
    (
        StatusCode::SEE_OTHER,
        [
            (
                axum::http::header::SET_COOKIE,
                format!("lang={l}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly"),
            ),
            (axum::http::header::LOCATION, back),
        ],
    )
        .into_response()
}
