//! The digitization queue (`/so-hoa`): received dossiers of the user's
//! centers not yet fully digitized, the oldest first, and how many wait at
//! each center (every center for those who oversee the province).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use motcua_domain::Locale;
use motcua_store::CenterId;

use super::{html, when, Bar};
use crate::auth::PageUser;
use crate::locale::Lang;
use crate::{AppState, WebError};

pub struct QueueRow {
    pub code: String,
    pub procedure: String,
    pub applicant: String,
    pub received: String,
    pub center: String,
}

#[derive(Template)]
#[template(path = "scan_queue.html")]
struct QueuePage {
    l: Locale,
    path: &'static str,
    bar: Bar,
    rows: Vec<QueueRow>,
    per_center: Vec<(String, i64)>,
}

/// How many dossiers the queue lists at once.
const SHOWN: i64 = 200;

/// `GET /so-hoa`
pub async fn queue(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
) -> Result<Response, WebError> {
    let p = &user.principal;
    let centers = p.center_scope();
    let scope = centers.as_deref();
    let names: std::collections::HashMap<CenterId, String> = state
        .store
        .centers()
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let dossiers = state.store.digitization_queue(scope, SHOWN).await?;
    let per_center = state
        .store
        .undigitized_per_center()
        .await?
        .into_iter()
        .filter(|(c, _)| scope.is_none_or(|s| s.contains(c)))
        .map(|(c, n)| (names.get(&c).cloned().unwrap_or_else(|| c.to_string()), n))
        .collect();
    let rows = dossiers
        .into_iter()
        .map(|d| QueueRow {
            code: d.code.to_string(),
            procedure: d.details.procedure_name_or(&d.procedure_code),
            applicant: d.applicant.name.clone(),
            received: when(d.received_at),
            center: names.get(&d.center_id).cloned().unwrap_or_default(),
        })
        .collect();
    Ok(html(
        StatusCode::OK,
        QueuePage {
            l,
            path: "/so-hoa",
            bar: Bar::of(&state, &user).await?,
            rows,
            per_center,
        },
    ))
}
