//! Searching the dossiers this user may read.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use motcua_domain::Locale;
use serde::Deserialize;

use super::list::{rows, Row};
use super::{html, Bar};
use crate::auth::PageUser;
use crate::locale::Lang;
use crate::{AppState, WebError};
use motcua_store::CenterId;

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    l: Locale,
    path: &'static str,
    bar: Bar,
    q: String,
    rows: Vec<Row>,
    page: i64,
    more: bool,
}

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    trang: Option<i64>,
}

const PAGE_SIZE: i64 = 50;

/// `GET /tim-kiem?q=`: dossiers by code, CCCD, phone, procedure code or name
/// (diacritics optional), of the user's centers (all for supervisors), paged.
pub async fn search(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Query(q): Query<SearchQuery>,
) -> Result<Response, WebError> {
    let p = &user.principal;
    let page = q.trang.unwrap_or(1).max(1);
    let centers: Vec<CenterId> = p.postings.iter().map(|x| x.center_id).collect();
    let scope = if p.sees_everything() {
        None
    } else {
        Some(centers.as_slice())
    };
    let mut found = if q.q.trim().is_empty() {
        Vec::new()
    } else {
        state
            .store
            .search_dossiers(&q.q, scope, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
            .await?
    };
    let more = found.len() as i64 > PAGE_SIZE;
    found.truncate(PAGE_SIZE as usize);
    let rows = rows(&state, found, l).await?;
    Ok(html(
        StatusCode::OK,
        SearchPage {
            l,
            path: "/tim-kiem",
            bar: Bar::of(&state, &user).await?,
            q: q.q.trim().to_string(),
            rows,
            page,
            more,
        },
    ))
}
