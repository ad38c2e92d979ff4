//! The home page.

use askama::Template;
use axum::extract::State;
use motcua_domain::Locale;
use motcua_store::{Counts, FieldSummary};

use super::{render, PageResult};
use crate::locale::Lang;
use crate::AppState;

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    l: Locale,
    path: &'static str,
    province: String,
    counts: Counts,
    fields: Vec<FieldSummary>,
}

pub async fn home(State(s): State<AppState>, Lang(l): Lang) -> PageResult {
    let province = s
        .store
        .province()
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    render(Home {
        l,
        path: "/",
        province,
        counts: s.store.counts().await?,
        fields: s.store.fields().await?,
    })
}
