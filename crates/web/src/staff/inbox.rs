//! The inbox: the dossiers waiting for this user.

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
#[template(path = "inbox.html")]
struct InboxPage {
    l: Locale,
    path: &'static str,
    bar: Bar,
    rows: Vec<Row>,
    late: usize,
    due_soon: usize,
    fields: Vec<motcua_store::FieldSummary>,
    field: String,
    status: String,
    statuses: Vec<(i32, &'static str)>,
    /// Only the dossiers assigned to the user.
    mine: bool,
    /// Whether the user settles dossiers (the "assigned to me" filter is theirs).
    settles: bool,
    /// An overseer's view: every open dossier of the province.
    province_wide: bool,
}

#[derive(Deserialize)]
pub struct InboxFilter {
    /// "1": only the dossiers assigned to me.
    #[serde(default)]
    cua_toi: String,
    /// A field code.
    #[serde(default)]
    linh_vuc: String,
    /// A national status code.
    #[serde(default)]
    trang_thai: String,
}

/// `GET /hop-thu`: the open dossiers of the user's centers and agencies, the
/// most urgent first.
pub async fn inbox(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Query(filter): Query<InboxFilter>,
) -> Result<Response, WebError> {
    let p = &user.principal;
    let centers: Vec<CenterId> = p.postings.iter().map(|x| x.center_id).collect();
    let agencies: Vec<_> = p
        .postings
        .iter()
        .filter(|x| x.role.settles_dossiers())
        .map(|x| x.agency_code.clone())
        .collect();
    // Overseers posted nowhere watch the province, the most overdue first.
    let province_wide = centers.is_empty() && agencies.is_empty() && p.sees_everything();
    let mut dossiers = if province_wide {
        state.store.open_dossiers(500).await?
    } else {
        state.store.inbox(&centers, &agencies, 500).await?
    };
    let mine = filter.cua_toi == "1";
    if mine {
        dossiers.retain(|d| d.state.assigned_to == Some(p.account.id));
    }
    let fields = state.store.fields().await?;
    if let Ok(n) = filter.trang_thai.parse::<i32>() {
        dossiers.retain(|d| d.state.status.map(|s| s.number()) == Some(n));
    }
    if !filter.linh_vuc.is_empty() {
        let codes: std::collections::HashSet<String> = state
            .store
            .procedures(&motcua_store::ProcedureQuery {
                field: filter.linh_vuc.parse().ok(),
                limit: 1000,
                ..Default::default()
            })
            .await?
            .into_iter()
            .map(|p| p.code.to_string())
            .collect();
        dossiers.retain(|d| codes.contains(d.procedure_code.as_str()));
    }
    let rows = rows(&state, dossiers, l).await?;
    let late = rows.iter().filter(|r| r.light == "late").count();
    let due_soon = rows.iter().filter(|r| r.light == "due-soon").count();
    let statuses = [1, 2, 4, 5, 6, 9]
        .into_iter()
        .filter_map(motcua_domain::dossier::Status::from_number)
        .map(|s| (s.number(), s.label(l)))
        .collect();
    Ok(html(
        StatusCode::OK,
        InboxPage {
            l,
            path: "/hop-thu",
            bar: Bar::of(&state, &user).await?,
            rows,
            late,
            due_soon,
            fields,
            field: filter.linh_vuc,
            status: filter.trang_thai,
            statuses,
            mine,
            settles: p.postings.iter().any(|x| x.role.settles_dossiers()),
            province_wide,
        },
    ))
}
