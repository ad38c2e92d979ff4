//! Who is asking: sign-in and password change (hashed by the store's
//! `password`), login sessions (cookie, id renewed at each login, CSRF token
//! for unsafe requests), API tokens (stored hashed, scoped), and the principal
//! every protected handler receives.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use axum::response::{IntoResponse, Response};
use motcua_domain::i18n::Message;
use motcua_domain::org::Role;
use motcua_store::{Account, AccountPosting, CenterId, DossierRecord};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::{AppState, WebError};

pub const SESSION_COOKIE: &str = "motcua_session";
pub const CSRF_HEADER: &str = "x-csrf-token";
/// A new password has at least this many characters.
const MIN_PASSWORD: usize = 10;

pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The SHA-256 of a secret as the store keeps it (sessions, tokens, devices).
pub fn digest(secret: &str) -> String {
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
        self.account.roles.iter().any(|r| r.oversees())
    }

    /// The centers whose records this user reads: those of their postings,
    /// or `None` for every center (those who oversee).
    pub fn center_scope(&self) -> Option<Vec<motcua_store::CenterId>> {
        (!self.sees_everything()).then(|| self.postings.iter().map(|x| x.center_id).collect())
    }

    /// The roles this user holds for a dossier: those of their postings at the
    /// center that received it, and for specialists and leaders also at a
    /// center of the agency handling it. Counter staff act only at their own
    /// center, even where two centers share an agency.
    pub fn roles_for(&self, d: &DossierRecord) -> Vec<Role> {
        let handling = d.state.agency.as_ref().unwrap_or(&d.agency_code);
        let mut roles: Vec<Role> = self
            .postings
            .iter()
            .filter(|p| {
                p.center_id == d.center_id
                    || (p.role.settles_dossiers() && &p.agency_code == handling)
            })
            .map(|p| p.role)
            .collect();
        roles.sort();
        roles.dedup();
        roles
    }

    /// Works on this dossier (and so sees its applicant in full).
    pub fn handles(&self, d: &DossierRecord) -> bool {
        !self.roles_for(d).is_empty()
    }

    pub fn can_read(&self, d: &DossierRecord) -> bool {
        self.sees_everything() || self.handles(d)
    }

    /// The roles held at a center (for work done there, like intake).
    pub fn roles_at(&self, center_id: CenterId) -> Vec<Role> {
        self.postings
            .iter()
            .filter(|p| p.center_id == center_id)
            .map(|p| p.role)
            .collect()
    }

    /// Read-only tokens may not change anything.
    pub fn require_write(&self) -> Result<(), WebError> {
        match &self.via {
            Via::Token { scope } if scope != "write" => {
                Err(WebError::Forbidden(Message::new("denied-token-read-only")))
            }
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
        let unauthenticated = || WebError::Unauthenticated(Message::new("denied-sign-in-first"));
        let now = state.now();
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
            if !t.valid_at(now) {
                return Err(WebError::Unauthenticated(Message::new(
                    "denied-token-expired",
                )));
            }
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
                return Err(WebError::Unauthenticated(Message::new(
                    "denied-session-expired",
                )));
            }
            let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
            let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
            if !safe && sent != Some(s.csrf.as_str()) {
                return Err(WebError::Forbidden(Message::new("denied-csrf")));
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

/// The client's address: the connection's peer ("local" when there is none,
/// as in tests), or behind a trusted reverse proxy the last address of
/// `X-Forwarded-For` (the one the proxy itself appended).
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let forwarded = state
            .config
            .trust_proxy
            .then(|| {
                parts
                    .headers
                    .get_all("x-forwarded-for")
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .flat_map(|v| v.split(','))
                    .filter_map(|a| a.trim().parse::<std::net::IpAddr>().ok())
                    .next_back()
            })
            .flatten();
        let peer = || {
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map_or_else(|| "local".to_string(), |c| c.0.ip().to_string())
        };
        Ok(ClientIp(forwarded.map_or_else(peer, |ip| ip.to_string())))
    }
}

/// Whether cookies must be `Secure`: the deployment is reached over HTTPS
/// (its public address, or the proxy in front says so).
pub fn secure_cookies(state: &AppState, headers: &HeaderMap) -> bool {
    state
        .config
        .public_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"))
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

fn session_cookie(value: &str, max_age: i64, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// Checks a username and password and opens a session: the cookie to set, the
/// account and the session's CSRF token. Unknown users and wrong passwords get
/// the same error after the same work. Wrong passwords slow down further tries
/// of that account from that client (growing waits), of that account from
/// anywhere (short waits: an attacker cannot lock an officer out for long),
/// and of that client for any account.
pub async fn sign_in(
    state: &AppState,
    username: &str,
    password: &str,
    client: &str,
    secure: bool,
) -> Result<(String, Account, String), WebError> {
    let username = username.trim();
    if username.is_empty()
        || username.chars().count() > crate::input::max::USERNAME
        || password.len() > crate::input::max::PASSWORD
    {
        return Err(WebError::Unauthenticated(Message::new(
            "denied-wrong-credentials",
        )));
    }
    let now = state.now();
    let t = &state.throttles;
    let user_key = username.to_lowercase();
    let pair_key = format!("{user_key}|{client}");
    for (throttle, key) in [
        (&t.login_account_client, pair_key.as_str()),
        (&t.login_account, user_key.as_str()),
        (&t.login_client, client),
    ] {
        throttle.check(key, now).map_err(WebError::too_many)?;
    }
    let account = state.store.account(username).await?.filter(|a| a.active);
    let known_hash = account.as_ref().map(|a| a.password_hash.as_str());
    let ok = crate::cases::access::password_matches(password, known_hash).await?;
    let Some(account) = account.filter(|_| ok) else {
        t.login_account_client.record(&pair_key, now);
        t.login_account.record(&user_key, now);
        t.login_client.record(client, now);
        tracing::warn!(username, client, "failed sign-in");
        return Err(WebError::Unauthenticated(Message::new(
            "denied-wrong-credentials",
        )));
    };
    t.login_account_client.clear(&pair_key);
    let (id, csrf) = crate::cases::access::open_session(state, account.id).await?;
    Ok((
        session_cookie(&id, crate::cases::access::SESSION_HOURS * 3600, secure),
        account,
        csrf,
    ))
}

/// The cookie that ends a session in the browser.
pub fn expired_cookie() -> String {
    session_cookie("", 0, false)
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
        if crate::privacy::same_secret(sent, &self.csrf) {
            Ok(())
        } else {
            Err(WebError::Forbidden(Message::new("denied-csrf")))
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
        let now = state.now();
        let session = match state.store.session(&digest(&id)).await {
            Ok(Some(s)) if s.expires_at > now => s,
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
                .postings_of(account.id, motcua_calendar::from_timestamp(now).date())
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

/// Checks a new password; the error names the field in both languages.
pub fn check_new_password(username: &str, new: &str) -> Result<(), WebError> {
    let n = new.chars().count();
    if n < MIN_PASSWORD || new.len() > crate::input::max::PASSWORD {
        return Err(crate::input::invalid(
            "new_password",
            motcua_domain::i18n::Message::new("error-password-length")
                .with("min", MIN_PASSWORD)
                .with("max", crate::input::max::PASSWORD),
        ));
    }
    if new.trim().eq_ignore_ascii_case(username) {
        return Err(crate::input::invalid(
            "new_password",
            Message::new("error-must-not-be-the-username"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
