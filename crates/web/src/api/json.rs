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
                    WebError::BadRequest(Message::new("error-body-unreadable"))
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
        return WebError::BadRequest(
            Message::new("error-body-not-json").with("detail", e.to_string()),
        );
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
    // serde's own words are for developers: logged, and put into ours.
    tracing::debug!(field, serde = message, "JSON value refused");
    crate::input::invalid(field, data_problem(message))
}

/// Our words for serde's "invalid type: …, expected …" and "invalid value:
/// …, expected …", and for the labelled enums' "\"x\" is not one of a, b".
fn data_problem(message: &str) -> Message {
    if let Some((value, accepted)) = message.split_once(" is not one of ") {
        return Message::new("error-not-one-of")
            .with("value", value.to_string())
            .with("accepted", accepted.to_string());
    }
    let wrong_type = message.starts_with("invalid type");
    let expected = message.rsplit_once(", expected ").map_or("", |(_, e)| e);
    if let Some(range) = integer_range(expected) {
        return match (wrong_type, range) {
            (true, _) => Message::new("error-must-be-an-integer"),
            (false, Some((min, max))) => Message::new("error-between")
                .with("min", min)
                .with("max", max),
            (false, None) => Message::new("error-number-out-of-range"),
        };
    }
    match expected {
        "a string" => Message::new("error-must-be-text"),
        "a boolean" => Message::new("error-must-be-true-or-false"),
        "a sequence" => Message::new("error-must-be-a-list"),
        e if e == "a map" || e.starts_with("struct ") => Message::new("error-must-be-an-object"),
        _ if wrong_type => Message::new("error-a-value-of-the-wrong"),
        _ => Message::new("error-invalid-value"),
    }
}

/// For an integer type serde names: its bounds when they read well (`None`
/// for the 64-bit ones); not an integer type, `None` around it.
fn integer_range(ty: &str) -> Option<Option<(i64, i64)>> {
    Some(match ty {
        "u8" => Some((0, u8::MAX.into())),
        "u16" => Some((0, u16::MAX.into())),
        "u32" => Some((0, u32::MAX.into())),
        "i8" => Some((i8::MIN.into(), i8::MAX.into())),
        "i16" => Some((i16::MIN.into(), i16::MAX.into())),
        "i32" => Some((i32::MIN.into(), i32::MAX.into())),
        "u64" | "i64" | "usize" | "isize" => None,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_domain::Locale;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Shape {
        n: u32,
        big: Option<i64>,
        text: Option<String>,
        flag: Option<bool>,
        list: Option<Vec<u32>>,
        channel: Option<motcua_domain::catalog::Channel>,
    }

    fn problem(json: serde_json::Value) -> (String, String) {
        match from_json_value::<Shape>(json) {
            Err(WebError::Invalid { field, message }) => (field, message.localize(Locale::Vi)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn serde_data_errors_are_put_into_our_words() {
        use serde_json::json;
        for (body, field, words) in [
            (json!({"n": "a"}), "n", "phải là số nguyên"),
            (json!({"n": 1.5}), "n", "phải là số nguyên"),
            (json!({"n": -1}), "n", "phải từ 0 đến 4.294.967.295"),
            (json!({"n": 1, "big": "x"}), "big", "phải là số nguyên"),
            (json!({"n": 1, "text": 3}), "text", "phải là chuỗi văn bản"),
            (
                json!({"n": 1, "flag": "yes"}),
                "flag",
                "phải là true hoặc false",
            ),
            (json!({"n": 1, "list": 3}), "list", "phải là danh sách"),
            (
                json!({"n": 1, "channel": "fax"}),
                "channel",
                "\"fax\" không phải",
            ),
            (json!([1]), "body", "phải là đối tượng JSON"),
        ] {
            let (f, m) = problem(body.clone());
            assert_eq!(f, field, "{body}");
            assert!(m.contains(words), "{body}: {m}");
        }
    }
}
