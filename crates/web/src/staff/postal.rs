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
}

const SHOWN: i64 = 300;

/// `GET /buu-chinh`
pub async fn deliveries(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
) -> Result<Response, WebError> {
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
    let attention: Vec<ParcelRow> = list(&[Created, FailedAttempt, Returned])
        .await?
        .iter()
        .map(row)
        .collect();
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
            bar: Bar::of(&state, &user).await?,
            sections: vec![
                (l.t("postal-attention"), "parcels-attention", attention),
                (l.t("postal-moving"), "parcels-moving", moving),
                (l.t("postal-delivered"), "parcels-delivered", delivered),
            ],
            carrier_on: state.carrier.is_some(),
        },
    ))
}
