//! The public pages, one file each: home, procedures, centers, the status
//! lookup, the language switch; and the "not found" page.

pub mod centers;
pub mod feedback;
pub mod hall;
pub mod home;
pub mod language;
pub mod lookup;
pub mod procedures;
pub mod submit;
pub mod verify;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use motcua_domain::i18n::Message;
use motcua_domain::Locale;

use crate::locale::Lang;
use crate::WebError;

/// A page that failed: a missing thing gets the "not found" page, anything
/// else a short apology; the cause is logged, never shown.
pub struct PageError(WebError);

impl<E: Into<WebError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self.0 {
            WebError::NotFound => not_found_page(Locale::Vi),
            WebError::BadRequest(m) => (
                StatusCode::BAD_REQUEST,
                Html(format!(
                    "<!doctype html><meta charset=utf-8><title>400</title><p>{}</p>",
                    askama::filters::escape(m.both(), askama::filters::Html)
                        .map(|e| e.to_string())
                        .unwrap_or_default()
                )),
            )
                .into_response(),
            other => {
                tracing::error!(error = %other, "page failed");
                let m = Message::new("error-internal").both();
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Html(format!(
                        "<!doctype html><meta charset=utf-8><title>500</title><p>{m}</p>"
                    )),
                )
                    .into_response()
            }
        }
    }
}

type PageResult = Result<Response, PageError>;

fn render(t: impl Template) -> PageResult {
    Ok(Html(t.render().map_err(WebError::from)?).into_response())
}

#[derive(Template)]
#[template(path = "not_found.html")]
struct NotFound {
    l: Locale,
    path: &'static str,
}

pub async fn not_found(Lang(l): Lang) -> Response {
    not_found_page(l)
}

fn not_found_page(l: Locale) -> Response {
    match (NotFound { l, path: "" }).render() {
        Ok(html) => (StatusCode::NOT_FOUND, Html(html)).into_response(),
        Err(e) => WebError::from(e).into_response(),
    }
}
