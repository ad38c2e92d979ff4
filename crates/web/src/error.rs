use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
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
    /// A value the user gave is wrong; `field` names it (e.g. `applicant.phone`).
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("not signed in")]
    Unauthenticated(String),
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("template: {0}")]
    Template(#[from] askama::Error),
}

impl WebError {
    pub fn invalid(field: &str, message: impl Into<String>) -> WebError {
        WebError::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

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
        let (status, message, field) = match &self {
            WebError::NotFound => (StatusCode::NOT_FOUND, "Không tìm thấy / Not found", None),
            WebError::BadRequest(m) => (StatusCode::BAD_REQUEST, m.as_str(), None),
            WebError::Invalid { field, message } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                message.as_str(),
                Some(field.as_str()),
            ),
            WebError::Unauthenticated(m) => (StatusCode::UNAUTHORIZED, m.as_str(), None),
            WebError::Forbidden(m) => (StatusCode::FORBIDDEN, m.as_str(), None),
            WebError::Conflict(m) | WebError::Store(StoreError::Conflict(m)) => {
                (StatusCode::CONFLICT, m.as_str(), None)
            }
            WebError::Store(StoreError::NotFound(m)) => (StatusCode::NOT_FOUND, m.as_str(), None),
            WebError::Store(_) | WebError::Template(_) => {
                tracing::error!(error = %self, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, internal, None)
            }
        };
        (
            status,
            axum::Json(ErrorBody {
                error: message.to_string(),
                field: field.map(str::to_string),
            }),
        )
            .into_response()
    }
}
