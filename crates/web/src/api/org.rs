//! `/centers` and `/stats`: the organisation.

use axum::extract::State;
use axum::Json;
use motcua_store::{Center, Counts, Province};
use serde::Serialize;

use crate::{AppState, WebError};

/// The centers and reception points.
#[utoipa::path(get, path = "/api/v1/centers", tag = "organisation", responses((status = 200, body = Vec<Object>)))]
pub(crate) async fn centers(State(s): State<AppState>) -> Result<Json<Vec<Center>>, WebError> {
    Ok(Json(s.store.centers().await?))
}

#[derive(Serialize)]
pub(crate) struct Stats {
    province: Option<Province>,
    counts: Counts,
}

/// The province and how much it holds.
#[utoipa::path(get, path = "/api/v1/stats", tag = "organisation", responses((status = 200, body = Object)))]
pub(crate) async fn stats(State(s): State<AppState>) -> Result<Json<Stats>, WebError> {
    Ok(Json(Stats {
        province: s.store.province().await?,
        counts: s.store.counts().await?,
    }))
}
