use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use motcua_store::StoreError;

/// Errors of the web layer. Internal errors are logged with their cause and
/// shown to users only as a generic message.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("not found")]
    NotFound,
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("template: {0}")]
    Template(#[from] askama::Error),
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, message) = match &self {
            WebError::NotFound => (
                StatusCode::NOT_FOUND,
                "Không tìm thấy / Not found".to_string(),
            ),
            WebError::BadRequest(m) => (StatusCode::BAD_REQUEST, m.clone()),
            WebError::Store(StoreError::NotFound(m)) => (StatusCode::NOT_FOUND, m.clone()),
            WebError::Store(_) | WebError::Template(_) => {
                tracing::error!(error = %self, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Lỗi hệ thống, vui lòng thử lại / Internal error, please retry".to_string(),
                )
            }
        };
        (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
    }
}
