//! Signing in and out of the staff pages.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use motcua_domain::i18n::Message;
use motcua_domain::Locale;
use serde::Deserialize;

use super::html;
use crate::auth::{self, PageUser};
use crate::locale::Lang;
use crate::{AppState, WebError};

/// A same-site path to go back to, never another site. Browsers drop tabs and
/// line breaks inside URLs (`/\t/evil.example` is `//evil.example` to them)
/// and read `\\` as `/`, so only visible ASCII is allowed, and no second slash.
fn safe_next(next: Option<&str>) -> Option<String> {
    next.filter(|n| {
        n.len() <= 2000
            && n.starts_with('/')
            && !n.starts_with("//")
            && n.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
    })
    .map(str::to_string)
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    l: Locale,
    path: &'static str,
    next: String,
    username: String,
    error: Option<String>,
    /// A form that was posted when the session had expired: carried through
    /// the sign-in, so that nothing typed is lost.
    carry: Vec<(String, String)>,
}

/// Prefix of the carried fields in the sign-in form.
const CARRY: &str = "giu.";

/// The page a form posted without a valid session gets: the sign-in, with
/// the form's fields carried along (not the old CSRF token). Other
/// rejections pass through unchanged.
pub(crate) fn signed_out_keep(
    rejection: Response,
    l: Locale,
    path: &str,
    fields: Vec<(String, String)>,
) -> Response {
    let to_login = rejection.status() == StatusCode::SEE_OTHER
        && rejection
            .headers()
            .get(header::LOCATION)
            .is_some_and(|v| v.as_bytes().starts_with(b"/dang-nhap"));
    if !to_login {
        return rejection;
    }
    html(
        StatusCode::UNAUTHORIZED,
        LoginPage {
            l,
            path: "/dang-nhap",
            next: safe_next(Some(path)).unwrap_or_default(),
            username: String::new(),
            error: Some(l.t("your-session-expired-sign-in").into()),
            carry: fields
                .into_iter()
                .filter(|(k, _)| k != "_csrf")
                .take(400)
                .collect(),
        },
    )
}

#[derive(Template)]
#[template(path = "resume.html")]
struct ResumePage {
    l: Locale,
    path: &'static str,
    to: String,
    csrf: String,
    carry: Vec<(String, String)>,
}

#[derive(Deserialize)]
pub struct NextParam {
    next: Option<String>,
}

/// `GET /dang-nhap`
pub async fn login_form(Lang(l): Lang, Query(q): Query<NextParam>) -> Response {
    html(
        StatusCode::OK,
        LoginPage {
            l,
            path: "/dang-nhap",
            next: safe_next(q.next.as_deref()).unwrap_or_default(),
            username: String::new(),
            error: None,
            carry: Vec::new(),
        },
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// `POST /dang-nhap`: the form signs in and goes on to the page asked for, or
/// to the user's inbox. Only forms from this site are accepted.
pub async fn login_submit(
    State(state): State<AppState>,
    Lang(l): Lang,
    auth::ClientIp(client): auth::ClientIp,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let f = LoginForm {
        username: get("username"),
        password: get("password"),
        next: get("next"),
    };
    let carry: Vec<(String, String)> = fields
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix(CARRY)?.to_string(), v.clone())))
        .take(400)
        .collect();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
    if origin.is_some_and(|o| o.split("://").nth(1) != Some(host)) {
        return WebError::Forbidden(Message::new("denied-cross-site-sign-in")).into_response();
    }
    let secure = auth::secure_cookies(&state, &headers);
    match auth::sign_in(&state, &f.username, &f.password, &client, secure).await {
        Ok((cookie, account, _csrf)) => {
            // Those who oversee land on the dashboard; counter staff at the
            // counter; those who settle in their inbox.
            let home = if account.roles.iter().any(|r| r.oversees()) {
                "/bang-dieu-khien"
            } else if account.roles.iter().any(|r| r.works_at_counter()) {
                "/quay"
            } else {
                "/hop-thu"
            };
            let to = safe_next(Some(&f.next)).unwrap_or_else(|| home.into());
            if !carry.is_empty() {
                // Signed in again with a form in hand: offer to send it as
                // it was typed, under the new session.
                let mut page = html(
                    StatusCode::OK,
                    ResumePage {
                        l,
                        path: "/dang-nhap",
                        to,
                        csrf: _csrf,
                        carry,
                    },
                );
                if let Ok(v) = header::HeaderValue::from_str(&cookie) {
                    page.headers_mut().insert(header::SET_COOKIE, v);
                }
                return page;
            }
            (
                StatusCode::SEE_OTHER,
                [(header::SET_COOKIE, cookie), (header::LOCATION, to)],
            )
                .into_response()
        }
        Err(e @ (WebError::Unauthenticated(_) | WebError::TooManyRequests(_))) => {
            let (status, error) = match e {
                WebError::TooManyRequests(secs) => (
                    StatusCode::TOO_MANY_REQUESTS,
                    Message::new("login-too-many-attempts")
                        .with("secs", secs)
                        .localize(l),
                ),
                _ => (
                    StatusCode::UNAUTHORIZED,
                    l.t("wrong-username-or-password").into(),
                ),
            };
            let mut page = html(
                status,
                LoginPage {
                    l,
                    path: "/dang-nhap",
                    next: safe_next(Some(&f.next)).unwrap_or_default(),
                    username: f
                        .username
                        .chars()
                        .take(crate::input::max::USERNAME)
                        .collect(),
                    error: Some(error),
                    carry,
                },
            );
            if let WebError::TooManyRequests(secs) = e {
                page.headers_mut().insert(header::RETRY_AFTER, secs.into());
            }
            page
        }
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(rename = "_csrf")]
    csrf: String,
}

/// `POST /dang-xuat`
pub async fn logout(
    State(state): State<AppState>,
    user: PageUser,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&f.csrf)?;
    crate::cases::access::end_session(&state, &user.principal).await?;
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, auth::expired_cookie()),
            (header::LOCATION, "/".to_string()),
        ],
    )
        .into_response())
}
