//! Who is asking: passwords (argon2id), login sessions (cookie, id renewed at
//! each login, CSRF token for unsafe requests), API tokens (stored hashed,
//! scoped), and the principal every protected handler receives.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jiff::{SignedDuration, Timestamp};
use motcua_domain::org::Role;
use motcua_store::{Account, AccountPosting, DossierRecord};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::ErrorBody;
use crate::{AppState, WebError};

pub const SESSION_COOKIE: &str = "motcua_session";
pub const CSRF_HEADER: &str = "x-csrf-token";
const SESSION_HOURS: i64 = 12;

/// Hashes a password into a PHC string (`$argon2id$v=19$…`).
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters")
        .to_string()
}

/// Checks a password against a stored PHC string; a malformed hash never matches.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// How the request proved who it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    Session { id_hash: String },
    Token { scope: String },
}

/// A signed-in user, with where they work today.
#[derive(Debug, Clone)]
pub struct Principal {
    pub account: Account,
    pub postings: Vec<AccountPosting>,
    pub via: Via,
}

impl Principal {
    /// Supervisors, inspectors and administrators see every dossier.
    pub fn sees_everything(&self) -> bool {
        self.account
            .roles
            .iter()
            .any(|r| matches!(r, Role::Supervisor | Role::Inspector | Role::Admin))
    }

    /// The roles this user holds for a dossier: those of their postings at the
    /// center that received it, or at a center of the agency handling it.
    pub fn roles_for(&self, d: &DossierRecord) -> Vec<Role> {
        let handling = d.state.agency.as_ref().unwrap_or(&d.agency_code);
        let mut roles: Vec<Role> = self
            .postings
            .iter()
            .filter(|p| p.center_id == d.center_id || &p.agency_code == handling)
            .map(|p| p.role)
            .collect();
        roles.sort();
        roles.dedup();
        roles
    }

    pub fn can_read(&self, d: &DossierRecord) -> bool {
        self.sees_everything() || !self.roles_for(d).is_empty()
    }

    /// The roles held at a center (for work done there, like intake).
    pub fn roles_at(&self, center_id: i64) -> Vec<Role> {
        self.postings
            .iter()
            .filter(|p| p.center_id == center_id)
            .map(|p| p.role)
            .collect()
    }

    /// Read-only tokens may not change anything.
    pub fn require_write(&self) -> Result<(), WebError> {
        match &self.via {
            Via::Token { scope } if scope != "write" => Err(WebError::Forbidden(
                "mã truy cập chỉ có quyền đọc / this token is read-only".into(),
            )),
            _ => Ok(()),
        }
    }
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            c.trim()
                .strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('='))
                .map(str::to_string)
        })
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let unauthenticated = || WebError::Unauthenticated("Cần đăng nhập / Sign in first".into());
        let now = Timestamp::now();
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let (account_id, via) = if let Some(token) = bearer {
            let t = state
                .store
                .token(&digest(token))
                .await?
                .ok_or_else(unauthenticated)?;
            (t.account_id, Via::Token { scope: t.scope })
        } else {
            let id = cookie(&parts.headers, SESSION_COOKIE).ok_or_else(unauthenticated)?;
            let id_hash = digest(&id);
            let s = state
                .store
                .session(&id_hash)
                .await?
                .ok_or_else(unauthenticated)?;
            if s.expires_at <= now {
                return Err(WebError::Unauthenticated(
                    "Phiên đăng nhập đã hết hạn / The session expired".into(),
                ));
            }
            let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
            let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
            if !safe && sent != Some(s.csrf.as_str()) {
                return Err(WebError::Forbidden(
                    "Thiếu hoặc sai mã CSRF / CSRF token missing or wrong".into(),
                ));
            }
            (s.account_id, Via::Session { id_hash })
        };
        let account = state
            .store
            .account_by_id(account_id)
            .await?
            .filter(|a| a.active)
            .ok_or_else(unauthenticated)?;
        let today = motcua_calendar::from_timestamp(now).date();
        let postings = state.store.postings_of(account.id, today).await?;
        Ok(Principal {
            account,
            postings,
            via,
        })
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Login {
    pub username: String,
    pub password: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    pub username: String,
    #[schema(value_type = Vec<String>)]
    pub roles: Vec<Role>,
    #[schema(value_type = Vec<Object>)]
    pub postings: Vec<AccountPosting>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csrf_token: Option<String>,
}

/// Checks a username and password and opens a session: the cookie to set, the
/// account and the session's CSRF token. Unknown users and wrong passwords get
/// the same error after the same work.
pub async fn sign_in(
    state: &AppState,
    username: &str,
    password: &str,
) -> Result<(String, Account, String), WebError> {
    let account = state
        .store
        .account(username.trim())
        .await?
        .filter(|a| a.active);
    let known_hash = account.as_ref().map(|a| a.password_hash.clone());
    let password = password.to_string();
    let ok = tokio::task::spawn_blocking(move || match known_hash {
        Some(h) => verify_password(&password, &h),
        None => {
            verify_password(&password, "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$ZmFrZWhhc2hmYWtlaGFzaGZha2VoYXNoZmFrZWg");
            false
        }
    })
    .await
    .map_err(|e| WebError::BadRequest(e.to_string()))?;
    let Some(account) = account.filter(|_| ok) else {
        return Err(WebError::Unauthenticated(
            "Sai tên đăng nhập hoặc mật khẩu / Wrong username or password".into(),
        ));
    };
    let (id, csrf) = (random_token(), random_token());
    let now = Timestamp::now();
    state
        .store
        .create_session(
            &digest(&id),
            account.id,
            &csrf,
            now,
            now + SignedDuration::from_hours(SESSION_HOURS),
        )
        .await?;
    let cookie = format!(
        "{SESSION_COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}",
        SESSION_HOURS * 3600
    );
    Ok((cookie, account, csrf))
}

/// The cookie that ends a session in the browser.
pub fn expired_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// A signed-in user of the pages, with the session's CSRF token for forms.
/// Without a session the page redirects to the sign-in form.
pub struct PageUser {
    pub principal: Principal,
    pub csrf: String,
}

impl PageUser {
    /// Forms carry the CSRF token as a hidden `_csrf` field.
    pub fn check_csrf(&self, sent: &str) -> Result<(), WebError> {
        if sent == self.csrf {
            Ok(())
        } else {
            Err(WebError::Forbidden(
                "Thiếu hoặc sai mã CSRF / CSRF token missing or wrong".into(),
            ))
        }
    }
}

impl FromRequestParts<AppState> for PageUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let to_login = || {
            let next = parts.uri.path_and_query().map_or("/", |p| p.as_str());
            axum::response::Redirect::to(&format!("/dang-nhap?next={}", urlencode(next)))
                .into_response()
        };
        let Some(id) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(to_login());
        };
        let session = match state.store.session(&digest(&id)).await {
            Ok(Some(s)) if s.expires_at > Timestamp::now() => s,
            Ok(_) => return Err(to_login()),
            Err(e) => return Err(WebError::from(e).into_response()),
        };
        let loaded = async {
            let account = state
                .store
                .account_by_id(session.account_id)
                .await?
                .filter(|a| a.active);
            let Some(account) = account else {
                return Ok(None);
            };
            let postings = state
                .store
                .postings_of(
                    account.id,
                    motcua_calendar::from_timestamp(Timestamp::now()).date(),
                )
                .await?;
            Ok::<_, WebError>(Some(Principal {
                account,
                postings,
                via: Via::Session {
                    id_hash: digest(&id),
                },
            }))
        };
        match loaded.await {
            Ok(Some(principal)) => Ok(PageUser {
                principal,
                csrf: session.csrf,
            }),
            Ok(None) => Err(to_login()),
            Err(e) => Err(e.into_response()),
        }
    }
}

/// Percent-encodes a path for a query parameter.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Sign in: sets a fresh HttpOnly session cookie and returns the CSRF token to
/// send as `X-CSRF-Token` with every change.
#[utoipa::path(post, path = "/api/v1/session", tag = "access", request_body = Login,
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    Json(body): Json<Login>,
) -> Result<Response, WebError> {
    let (cookie, account, csrf) = sign_in(&state, &body.username, &body.password).await?;
    let postings = state
        .store
        .postings_of(
            account.id,
            motcua_calendar::from_timestamp(Timestamp::now()).date(),
        )
        .await?;
    let me = Me {
        username: account.username,
        roles: account.roles,
        postings,
        csrf_token: Some(csrf),
    };
    Ok(([(header::SET_COOKIE, cookie)], Json(me)).into_response())
}

/// Sign out.
#[utoipa::path(delete, path = "/api/v1/session", tag = "access", security(("token" = []), ("session" = [])),
    responses((status = 204, description = "Signed out"), (status = 401, body = ErrorBody)))]
pub async fn logout(State(state): State<AppState>, p: Principal) -> Result<Response, WebError> {
    if let Via::Session { id_hash } = &p.via {
        state.store.delete_session(id_hash).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, expired_cookie())],
    )
        .into_response())
}

/// The signed-in user, their roles and postings.
#[utoipa::path(get, path = "/api/v1/me", tag = "access", security(("token" = []), ("session" = [])),
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
pub async fn me(p: Principal) -> Json<Me> {
    Json(Me {
        username: p.account.username,
        roles: p.account.roles,
        postings: p.postings,
        csrf_token: None,
    })
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewToken {
    pub label: String,
    pub scope: String,
}

/// An API token for scripts (`Authorization: Bearer …`), shown once; scope `read` or `write`.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "access", request_body = NewToken, security(("token" = []), ("session" = [])),
    responses((status = 201, body = crate::api::TokenOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_token(
    State(state): State<AppState>,
    p: Principal,
    Json(body): Json<NewToken>,
) -> Result<Response, WebError> {
    if !matches!(p.via, Via::Session { .. }) {
        return Err(WebError::Forbidden(
            "Chỉ tạo mã truy cập khi đăng nhập / Create tokens from a signed-in session".into(),
        ));
    }
    if !matches!(body.scope.as_str(), "read" | "write") {
        return Err(WebError::invalid(
            "scope",
            "phải là read hoặc write / must be read or write",
        ));
    }
    if body.label.trim().is_empty() {
        return Err(WebError::invalid(
            "label",
            "không được để trống / must not be empty",
        ));
    }
    let token = random_token();
    state
        .store
        .create_token(
            &digest(&token),
            p.account.id,
            &body.scope,
            body.label.trim(),
            Timestamp::now(),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "token": token, "scope": body.scope })),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ_by_salt() {
        let a = hash_password("mật khẩu");
        let b = hash_password("mật khẩu");
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b);
        assert!(verify_password("mật khẩu", &a));
        assert!(!verify_password("mat khau", &a));
        assert!(!verify_password("mật khẩu", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_digests_fixed() {
        assert_ne!(random_token(), random_token());
        assert_eq!(random_token().len(), 64);
        assert_eq!(digest("x"), digest("x"));
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "lang=vi; motcua_session=abc".parse().unwrap(),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "motcua"), None);
    }
}
