//! JSON bodies, read strictly, each data error naming its field.

use axum::extract::FromRequest;
use axum::http::StatusCode;
use motcua_domain::i18n::Message;

use crate::WebError;

/// JSON bodies, read strictly: `application/json` only (415), at most the
/// body limit (413), syntax errors 400, and a wrong, missing or unknown field
/// 422 naming it by its path (`applicant.name`).
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, WebError> {
        if !crate::edge::is_json(req.headers().get(axum::http::header::CONTENT_TYPE)) {
            return Err(WebError::UnsupportedMediaType);
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    WebError::TooLarge
                } else {
                    WebError::BadRequest(
                        "Không đọc được nội dung gửi lên / The request body could not be read"
                            .into(),
                    )
                }
            })?;
        from_json_slice(&bytes).map(ApiJson)
    }
}

/// Deserialises JSON, naming the field of a data error by its path.
pub fn from_json_slice<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, WebError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| json_error(e.path().to_string(), e.into_inner()))?;
    de.end().map_err(|e| json_error(String::new(), e))?;
    Ok(value)
}

/// Deserialises a JSON value already read, naming the field of a data error.
pub fn from_json_value<T: serde::de::DeserializeOwned>(
    v: serde_json::Value,
) -> Result<T, WebError> {
    serde_path_to_error::deserialize(v)
        .map_err(|e| json_error(e.path().to_string(), e.into_inner()))
}

fn json_error(path: String, e: serde_json::Error) -> WebError {
    use serde_json::error::Category;
    if matches!(
        e.classify(),
        Category::Syntax | Category::Eof | Category::Io
    ) {
        return WebError::BadRequest(format!(
            "Nội dung không phải JSON hợp lệ / The body is not valid JSON: {e}"
        ));
    }
    let message = e.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message);
    // serde names the offending key in backticks: an unknown field or a
    // missing one is the field itself, not its parent.
    let named = message.split('`').nth(1).unwrap_or_default();
    let path = path.trim_start_matches('.');
    let join = |name: &str| {
        if path.is_empty() {
            name.to_string()
        } else if path.ends_with(name) {
            path.to_string()
        } else {
            format!("{path}.{name}")
        }
    };
    if message.starts_with("unknown field") {
        let field = join(named);
        return crate::input::invalid(
            &field,
            Message::new("error-the-field-named-is-not").with("named", named.to_string()),
        );
    }
    if message.starts_with("unknown variant") {
        return crate::input::invalid(
            if path.is_empty() { "action" } else { path },
            Message::new("error-not-an-accepted-value").with("named", named.to_string()),
        );
    }
    if message.starts_with("missing field") {
        let field = join(named);
        return crate::input::invalid(&field, Message::new("error-is-required"));
    }
    let field = if path.is_empty() { "body" } else { path };
    let vi = if message.starts_with("invalid type") {
        "giá trị không đúng kiểu"
    } else {
        "giá trị không hợp lệ"
    };
    // serde's own words, in English only, say what was wrong.
    crate::input::invalid(field, Message::given(vi, message))
}
