use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use motcua_calendar::TimeLimit;
use motcua_domain::Locale;

/// The page language: `?lang=en` wins, then the `lang` cookie, then
/// Vietnamese.
pub struct Lang(pub Locale);

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang(locale_of(&parts.uri, &parts.headers)))
    }
}

/// The page language of a request: `?lang=en` wins, then the `lang` cookie,
/// then Vietnamese.
pub fn locale_of(uri: &axum::http::Uri, headers: &axum::http::HeaderMap) -> Locale {
    let from_query = uri.query().and_then(|q| {
        q.split('&')
            .find_map(|kv| kv.strip_prefix("lang="))
            .and_then(|v| v.parse::<Locale>().ok())
    });
    let from_cookie = || {
        headers
            .get_all(axum::http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .find_map(|c| c.trim().strip_prefix("lang="))
            .and_then(|v| v.parse::<Locale>().ok())
    };
    from_query.or_else(from_cookie).unwrap_or_default()
}

/// A count with Vietnamese digit grouping: 1.147.664.
pub fn num(n: &i64) -> String {
    motcua_domain::Vnd(*n)
        .to_string()
        .trim_end_matches(" đ")
        .to_string()
}

/// A time limit as people read it.
pub fn limit_text(l: &Locale, limit: &str) -> String {
    match limit.parse::<TimeLimit>() {
        Ok(t) => motcua_domain::i18n::time_limit(t).localize(*l),
        Err(_) => limit.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_grouped_the_vietnamese_way() {
        assert_eq!(super::num(&1_147_664), "1.147.664");
        assert_eq!(super::num(&47), "47");
    }
}
