//! The account page: change one's password, and manage one's API tokens
//! (list, create — the secret shown once —, revoke), as the API does it.

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use motcua_domain::i18n::Message;
use motcua_domain::Locale;
use serde::Deserialize;

use super::{html, when, Bar};
use crate::auth::{self, PageUser};
use crate::locale::Lang;
use crate::{AppState, WebError};

pub struct TokenRow {
    pub id: i64,
    pub label: String,
    pub scope: String,
    pub created: String,
    pub expires: String,
    pub state: &'static str,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    l: Locale,
    path: &'static str,
    bar: Bar,
    tokens: Vec<TokenRow>,
    error: Option<String>,
    new_token: Option<String>,
    /// The token form as the user left it.
    label: String,
    scope: String,
    days: String,
}

#[derive(Default)]
struct Shown {
    error: Option<String>,
    new_token: Option<String>,
    label: String,
    scope: String,
    days: String,
}

async fn page(
    state: &AppState,
    l: Locale,
    user: &PageUser,
    shown: Shown,
) -> Result<Response, WebError> {
    let now = state.now();
    let tokens = state
        .store
        .tokens_of(user.principal.account.id)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            active: t.valid_at(now),
            state: if t.revoked_at.is_some() {
                l.t("revoked")
            } else if t.valid_at(now) {
                l.t("active")
            } else {
                l.t("expired")
            },
            id: t.id,
            label: t.label,
            scope: t.scope,
            created: when(t.created_at),
            expires: when(t.expires_at),
        })
        .collect();
    let status = if shown.error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(html(
        status,
        AccountPage {
            l,
            path: "/tai-khoan",
            bar: Bar::of(state, user).await?,
            tokens,
            error: shown.error,
            new_token: shown.new_token,
            label: shown.label,
            scope: shown.scope,
            days: if shown.days.is_empty() {
                "90".into()
            } else {
                shown.days
            },
        },
    ))
}

/// `GET /tai-khoan`
pub async fn show(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
) -> Result<Response, WebError> {
    page(&state, l, &user, Shown::default()).await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(rename = "_csrf")]
    csrf: String,
    current_password: String,
    new_password: String,
}

/// `POST /tai-khoan/mat-khau`: on success every session ends, this one too,
/// and the user signs in again with the new password.
pub async fn password(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Form(f): Form<PasswordForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&f.csrf)?;
    match crate::cases::access::change_password(
        &state,
        &user.principal,
        &f.current_password,
        &f.new_password,
    )
    .await
    {
        Ok(()) => Ok((
            StatusCode::SEE_OTHER,
            [
                (header::SET_COOKIE, auth::expired_cookie()),
                (header::LOCATION, "/dang-nhap?next=/tai-khoan".to_string()),
            ],
        )
            .into_response()),
        Err(e @ WebError::Invalid { .. }) => {
            let shown = Shown {
                error: Some(e.localize(l)),
                ..Default::default()
            };
            page(&state, l, &user, shown).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    days: String,
}

/// `POST /tai-khoan/ma-truy-cap`: a new token, its secret shown on the page once.
pub async fn create_token(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Form(f): Form<TokenForm>,
) -> Result<Response, WebError> {
    use crate::input::{self, max};
    user.check_csrf(&f.csrf)?;
    use crate::cases::access::{issue_token, TokenScope};
    let scope = if f.scope == "write" {
        TokenScope::Write
    } else {
        TokenScope::Read
    };
    let issued = match f.days.trim().parse::<u32>() {
        Ok(days) => issue_token(&state, &user.principal, &f.label, scope, days).await,
        Err(_) => Err(input::invalid(
            "expires_in_days",
            Message::new("error-must-be-a-number-of"),
        )),
    };
    let issued = match issued {
        Ok(v) => v,
        Err(e @ WebError::Invalid { .. }) => {
            let shown = Shown {
                error: Some(e.localize(l)),
                label: f.label.chars().take(max::LABEL).collect(),
                scope: f.scope,
                days: f.days.chars().take(3).collect(),
                ..Default::default()
            };
            return page(&state, l, &user, shown).await;
        }
        Err(e) => return Err(e),
    };
    let shown = Shown {
        new_token: Some(issued.secret),
        ..Default::default()
    };
    page(&state, l, &user, shown).await
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(rename = "_csrf")]
    csrf: String,
}

/// `POST /tai-khoan/ma-truy-cap/{id}/thu-hoi`
pub async fn revoke_token(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<i64>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, WebError> {
    user.check_csrf(&f.csrf)?;
    crate::cases::access::revoke_token(&state, &user.principal, id).await?;
    Ok(Redirect::to("/tai-khoan").into_response())
}
