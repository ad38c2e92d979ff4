use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use motcua_domain::i18n::Message;
use motcua_domain::Locale;
use motcua_store::StoreError;
use serde::Serialize;

/// Errors of the web layer, answered as JSON: `{"error": message, "field": name}`.
/// Each carries or names a catalog message, put into words where it is shown:
/// both languages in the API's JSON, the reader's on a page. Internal errors
/// are logged with their cause and shown only as a generic message.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("not found")]
    NotFound,
    #[error("bad request: {0}")]
    BadRequest(Message),
    /// A value the user gave is wrong; `field` names it (e.g. `applicant.phone`)
    /// and `message` says what is wrong, put into words where it is shown.
    #[error("{field}: {message}")]
    Invalid { field: String, message: Message },
    #[error("not signed in: {0}")]
    Unauthenticated(Message),
    #[error("forbidden: {0}")]
    Forbidden(Message),
    #[error("conflict: {0}")]
    Conflict(Message),
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("payload too large")]
    TooLarge,
    /// Too many attempts: try again after this many seconds.
    #[error("too many requests, retry after {0} s")]
    TooManyRequests(i64),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("template: {0}")]
    Template(#[from] askama::Error),
    /// Work off the async threads that did not finish (a panicked blocking
    /// task): logged, not shown.
    #[error("internal: {0}")]
    Internal(String),
}

impl WebError {
    /// Too many attempts; the wait is rounded up to whole seconds.
    pub fn too_many(wait: jiff::SignedDuration) -> WebError {
        let secs = wait.as_secs() + i64::from(wait.subsec_nanos() > 0);
        WebError::TooManyRequests(secs.max(1))
    }

    pub fn invalid(field: &str, message: Message) -> WebError {
        WebError::Invalid {
            field: field.to_string(),
            message,
        }
    }

    /// What a person is told, not yet put into words. The store's own words
    /// name tables and ids: they are logged, and people read ours.
    pub fn message(&self) -> Message {
        match self {
            WebError::NotFound | WebError::Store(StoreError::NotFound(_)) => {
                Message::new("error-not-found")
            }
            WebError::Invalid { message: m, .. }
            | WebError::BadRequest(m)
            | WebError::Unauthenticated(m)
            | WebError::Forbidden(m)
            | WebError::Conflict(m) => m.clone(),
            WebError::UnsupportedMediaType => Message::new("error-body-must-be-json"),
            WebError::TooLarge => Message::new("error-body-too-large"),
            WebError::TooManyRequests(secs) => {
                Message::new("error-too-many-attempts").with("secs", *secs)
            }
            WebError::Store(StoreError::Conflict(_)) => Message::new("error-changed-meanwhile"),
            WebError::Store(_) | WebError::Template(_) | WebError::Internal(_) => {
                Message::new("error-internal")
            }
        }
    }

    /// What a person reading `l` is told, on a page.
    pub fn localize(&self, l: Locale) -> String {
        self.message().localize(l)
    }

    fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound | WebError::Store(StoreError::NotFound(_)) => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            WebError::Forbidden(_) => StatusCode::FORBIDDEN,
            WebError::Conflict(_) | WebError::Store(StoreError::Conflict(_)) => {
                StatusCode::CONFLICT
            }
            WebError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            WebError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::Store(_) | WebError::Template(_) | WebError::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }
}

/// An error's message, kept on the JSON answer so that the page layer can
/// put it into the reader's language instead of reading the JSON text.
#[derive(Clone)]
pub struct Localizable(pub Message);

/// How every API error looks.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What went wrong, in Vietnamese and English.
    pub error: String,
    /// The field of the request that is wrong, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        match &self {
            WebError::Store(StoreError::Conflict(m)) => {
                tracing::info!(conflict = %m, "request conflicted")
            }
            WebError::Store(StoreError::NotFound(m)) => tracing::info!(missing = %m, "not found"),
            _ if status.is_server_error() => tracing::error!(error = %self, "request failed"),
            _ => {}
        }
        let message = self.message();
        let field = match &self {
            WebError::Invalid { field, .. } => Some(field.clone()),
            _ => None,
        };
        let body = axum::Json(ErrorBody {
            error: message.both(),
            field,
        });
        let mut res = match self {
            WebError::TooManyRequests(secs) => (
                status,
                [(axum::http::header::RETRY_AFTER, secs.to_string())],
                body,
            )
                .into_response(),
            _ => (status, body).into_response(),
        };
        res.extensions_mut().insert(Localizable(message));
        res
    }
}
