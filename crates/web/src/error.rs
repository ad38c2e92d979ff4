use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use motcua_domain::i18n::Message;
use motcua_domain::Locale;
use motcua_store::StoreError;
use serde::Serialize;

/// Errors of the web layer, answered as JSON: `{"error": message, "field": name}`.
/// Internal errors are logged with their cause and shown only as a generic message.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("not found")]
    NotFound,
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A value the user gave is wrong; `field` names it (e.g. `applicant.phone`)
    /// and `message` says what is wrong, put into words where it is shown.
    #[error("{field}: {message}")]
    Invalid { field: String, message: Message },
    #[error("not signed in")]
    Unauthenticated(String),
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("conflict: {0}")]
    Conflict(String),
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

    /// What a person reading `l` is told, on a page.
    pub fn localize(&self, l: Locale) -> String {
        match self {
            WebError::Invalid { message, .. } => message.localize(l),
            WebError::BadRequest(m)
            | WebError::Unauthenticated(m)
            | WebError::Forbidden(m)
            | WebError::Conflict(m)
            | WebError::Store(StoreError::NotFound(m)) => half(m, l),
            WebError::Store(StoreError::Conflict(_)) => half(CHANGED_MEANWHILE, l),
            _ => String::new(),
        }
    }
}

/// The reader's half of a message that still carries both languages as
/// "Vietnamese / English" (the API answers both when it cannot know its
/// reader's language).
pub fn half(message: &str, l: Locale) -> String {
    match l {
        Locale::Vi => message.split(" / ").next().unwrap_or(message).to_string(),
        Locale::En => message.split(" / ").nth(1).unwrap_or(message).to_string(),
    }
}

/// A field error's message, kept on the JSON answer so that the page layer
/// can put it into the reader's language instead of cutting the JSON text.
#[derive(Clone)]
pub struct Localizable(pub Message);

/// What a person sees when someone else changed the same thing first.
pub const CHANGED_MEANWHILE: &str = "Hồ sơ vừa được người khác thay đổi; hãy tải lại trang và thử lại / The dossier was changed meanwhile; reload it and try again";

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
        let internal = "Lỗi hệ thống, vui lòng thử lại / Internal error, please retry";
        let both = match &self {
            WebError::Invalid { message, .. } => message.both(),
            _ => String::new(),
        };
        let (status, message, field) = match &self {
            WebError::NotFound => (StatusCode::NOT_FOUND, "Không tìm thấy / Not found", None),
            WebError::BadRequest(m) => (StatusCode::BAD_REQUEST, m.as_str(), None),
            WebError::Invalid { field, .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                both.as_str(),
                Some(field.as_str()),
            ),
            WebError::Unauthenticated(m) => (StatusCode::UNAUTHORIZED, m.as_str(), None),
            WebError::Forbidden(m) => (StatusCode::FORBIDDEN, m.as_str(), None),
            WebError::Conflict(m) => (StatusCode::CONFLICT, m.as_str(), None),
            // The store's words name tables and sequence numbers: logged, not shown.
            WebError::Store(StoreError::Conflict(m)) => {
                tracing::info!(conflict = %m, "request conflicted");
                (StatusCode::CONFLICT, CHANGED_MEANWHILE, None)
            }
            WebError::Store(StoreError::NotFound(m)) => (StatusCode::NOT_FOUND, m.as_str(), None),
            WebError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Nội dung phải là JSON (Content-Type: application/json) / The body must be JSON (Content-Type: application/json)",
                None,
            ),
            WebError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Nội dung gửi lên quá lớn / The request body is too large",
                None,
            ),
            WebError::TooManyRequests(secs) => {
                let body = ErrorBody {
                    error: format!(
                        "Thử quá nhiều lần, vui lòng thử lại sau {secs} giây / Too many attempts, try again in {secs} s"
                    ),
                    field: None,
                };
                return (
                    StatusCode::TOO_MANY_REQUESTS,
                    [(axum::http::header::RETRY_AFTER, secs.to_string())],
                    axum::Json(body),
                )
                    .into_response();
            }
            WebError::Store(_) | WebError::Template(_) => {
                tracing::error!(error = %self, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, internal, None)
            }
        };
        let mut res = (
            status,
            axum::Json(ErrorBody {
                error: message.to_string(),
                field: field.map(str::to_string),
            }),
        )
            .into_response();
        if let WebError::Invalid { message, .. } = self {
            res.extensions_mut().insert(Localizable(message));
        }
        res
    }
}
