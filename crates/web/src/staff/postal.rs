//! The postal staff's parcels (`/buu-chinh`): results on their way by post
//! from the user's centers (every center for those who oversee), the ones
//! that need attention first (not yet taken by the carrier, a failed
//! attempt, brought back), then the ones on their way, then the delivered.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use motcua_domain::dossier::postal::DeliveryState;
use motcua_domain::Locale;
use motcua_store::{CenterId, DeliveryRecord};

use super::{html, when, Bar};
use crate::auth::PageUser;
use crate::locale::Lang;
use crate::{AppState, WebError};

pub struct ParcelRow {
    pub id: i64,
    /// The carrier refused the order: why, and the order may be sent again.
    pub refused: Option<String>,
    pub code: String,
    pub tracking: String,
    pub state: &'static str,
    pub state_label: &'static str,
    pub receiver: String,
    pub updated: String,
    pub center: String,
    pub failed_attempts: u32,
}

#[derive(Template)]
#[template(path = "postal.html")]
struct PostalPage {
    l: Locale,
    path: &'static str,
    bar: Bar,
    /// (title, element id, parcels).
    sections: Vec<(&'static str, &'static str, Vec<ParcelRow>)>,
    carrier_on: bool,
    /// The user's centers: (id, name, free tracking codes).
    centers: Vec<(i64, String, i64)>,
    /// What the codes form said or kept: a message, an error, the text.
    notice: Option<String>,
    error: Option<String>,
    typed_codes: String,
    typed_center: String,
}

const SHOWN: i64 = 300;

#[derive(serde::Deserialize, Default)]
pub struct Added {
    #[serde(default)]
    them: Option<u64>,
    #[serde(default)]
    co_san: Option<u64>,
}

/// `GET /buu-chinh`
pub async fn deliveries(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    axum::extract::Query(added): axum::extract::Query<Added>,
) -> Result<Response, WebError> {
    let notice = added.them.map(|n| {
        motcua_domain::i18n::Message::new("postal-codes-added")
            .with("added", n as i64)
            .with("already", added.co_san.unwrap_or(0) as i64)
            .localize(l)
    });
    page(&state, l, &user, notice, None, String::new(), String::new()).await
}

#[derive(serde::Deserialize)]
pub struct CodesForm {
    #[serde(rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    center: String,
    #[serde(default)]
    codes: String,
}

#[derive(serde::Deserialize)]
pub struct ResendForm {
    #[serde(rename = "_csrf")]
    csrf: String,
}

/// `POST /buu-chinh/{id}/gui-lai`: an order the carrier refused, sent again.
pub async fn resend(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    axum::extract::Path(id): axum::extract::Path<motcua_store::DeliveryId>,
    axum::extract::Form(f): axum::extract::Form<ResendForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&f.csrf)?;
    match crate::cases::postal::resend(&state, &user.principal, id).await {
        Ok(()) => Ok(axum::response::IntoResponse::into_response(
            axum::response::Redirect::to("/buu-chinh"),
        )),
        Err(e @ (WebError::Conflict(_) | WebError::Forbidden(_))) => {
            let status = if matches!(e, WebError::Forbidden(_)) {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::CONFLICT
            };
            let shown = e.localize(l);
            let mut res = page(
                &state,
                l,
                &user,
                None,
                Some(shown),
                String::new(),
                String::new(),
            )
            .await?;
            *res.status_mut() = status;
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

#[derive(serde::Deserialize)]
pub struct CancelForm {
    #[serde(rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    reason: String,
}

/// `POST /buu-chinh/{id}/huy`: a parcel that has not left, cancelled.
pub async fn cancel(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    axum::extract::Path(id): axum::extract::Path<motcua_store::DeliveryId>,
    axum::extract::Form(f): axum::extract::Form<CancelForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&f.csrf)?;
    match crate::cases::postal::cancel(&state, &user.principal, id, &f.reason).await {
        Ok(_) => Ok(axum::response::IntoResponse::into_response(
            axum::response::Redirect::to("/buu-chinh"),
        )),
        Err(e @ (WebError::Conflict(_) | WebError::Forbidden(_) | WebError::Invalid { .. })) => {
            let status = match e {
                WebError::Forbidden(_) => StatusCode::FORBIDDEN,
                WebError::Conflict(_) => StatusCode::CONFLICT,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let shown = e.localize(l);
            let mut res = page(
                &state,
                l,
                &user,
                None,
                Some(shown),
                String::new(),
                String::new(),
            )
            .await?;
            *res.status_mut() = status;
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

/// `POST /buu-chinh/ma-buu-gui`: pre-issued tracking codes pasted, one a line.
pub async fn add_codes(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    axum::extract::Form(f): axum::extract::Form<CodesForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&f.csrf)?;
    let codes: Vec<String> = f
        .codes
        .lines()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect();
    let center = f.center.trim().parse().ok();
    match crate::cases::postal::add_codes(&state, &user.principal, center, &codes).await {
        Ok((added, already)) => Ok(axum::response::IntoResponse::into_response(
            axum::response::Redirect::to(&format!("/buu-chinh?them={added}&co_san={already}")),
        )),
        Err(e @ (WebError::Invalid { .. } | WebError::Forbidden(_))) => {
            let status = if matches!(e, WebError::Forbidden(_)) {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let shown = e.localize(l);
            let mut res = page(&state, l, &user, None, Some(shown), f.codes, f.center).await?;
            *res.status_mut() = status;
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

async fn page(
    state: &AppState,
    l: Locale,
    user: &PageUser,
    notice: Option<String>,
    error: Option<String>,
    typed_codes: String,
    typed_center: String,
) -> Result<Response, WebError> {
    let state = state.clone();
    use DeliveryState::*;
    let p = &user.principal;
    let names: std::collections::HashMap<CenterId, String> = state
        .store
        .centers()
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let row = |d: &DeliveryRecord| ParcelRow {
        id: d.id.0,
        refused: None,
        code: d.order_number.clone(),
        tracking: d
            .tracking
            .clone()
            .unwrap_or_else(|| l.t("postal-no-tracking-yet").to_string()),
        state: d.state.code(),
        state_label: d.state.label(l),
        receiver: format!("{}, {}", d.receiver_name, d.receiver_ward),
        updated: when(d.updated_at),
        center: names.get(&d.center_id).cloned().unwrap_or_default(),
        failed_attempts: d.failed_attempts,
    };
    let list = |states: &'static [DeliveryState]| {
        let state = state.clone();
        async move { crate::api::deliveries::list_for(&state, p, states, SHOWN).await }
    };
    let mut attention: Vec<ParcelRow> = list(&[Created, FailedAttempt, Returned])
        .await?
        .iter()
        .map(row)
        .collect();
    for r in attention.iter_mut().filter(|r| r.state == "created") {
        if let Some(job) = state
            .store
            .carrier_job(motcua_store::DeliveryId(r.id))
            .await?
        {
            if job.state == "failed" {
                r.refused = Some(job.last_error.unwrap_or_default());
            }
        }
    }
    let mut centers = Vec::new();
    for posting in p.postings.iter().filter(|x| x.role.works_at_counter()) {
        if centers.iter().any(|(id, _, _)| *id == posting.center_id.0) {
            continue;
        }
        let left = state.store.tracking_codes_left(posting.center_id).await?;
        let name = names.get(&posting.center_id).cloned().unwrap_or_default();
        centers.push((posting.center_id.0, name, left));
    }
    let moving: Vec<ParcelRow> = list(&[HandedOver, InTransit])
        .await?
        .iter()
        .map(row)
        .collect();
    let delivered: Vec<ParcelRow> = list(&[Delivered]).await?.iter().take(50).map(row).collect();
    Ok(html(
        StatusCode::OK,
        PostalPage {
            l,
            path: "/buu-chinh",
            bar: Bar::of(&state, user).await?,
            sections: vec![
                (l.t("postal-attention"), "parcels-attention", attention),
                (l.t("postal-moving"), "parcels-moving", moving),
                (l.t("postal-delivered"), "parcels-delivered", delivered),
            ],
            carrier_on: state.carrier.is_some(),
            centers,
            notice,
            error,
            typed_codes,
            typed_center,
        },
    ))
}
