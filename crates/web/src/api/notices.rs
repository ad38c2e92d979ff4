//! What the citizen of a dossier was told: `/dossiers/{code}/notices`, each
//! notice with every try to send it.

use axum::extract::{Path, State};
use axum::Json;
use jiff::Timestamp;
use serde::Serialize;

use crate::auth::Principal;
use crate::cases::readable;
use crate::error::ErrorBody;
use crate::{AppState, WebError};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NoticeOut {
    /// received, supplement-needed, result-ready, extended, shipped, delivered.
    pub kind: String,
    /// email or sms.
    pub channel: String,
    /// In full only for those who handle the dossier.
    pub recipient: String,
    /// Only for those who handle the dossier (it may carry the lookup's PIN).
    pub subject: Option<String>,
    pub created_at: Timestamp,
    /// Not sent before then (an SMS waits out the night).
    pub send_after: Timestamp,
    /// queued, sent, failed (given up) or skipped (no way to send it here).
    pub state: String,
    pub sent_at: Option<Timestamp>,
    pub tries: Vec<TryOut>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TryOut {
    pub at: Timestamp,
    /// sent, skipped, retry or failed.
    pub outcome: String,
    /// What the mail server or SMS gateway answered.
    pub detail: String,
}

/// The notices of a dossier, the first written first, with every try.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/notices", tag = "dossiers", params(("code" = String, Path)),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = Vec<NoticeOut>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn of_dossier(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
) -> Result<Json<Vec<NoticeOut>>, WebError> {
    let d = readable(&state, &p, &code).await?;
    let full = p.handles(&d);
    let tries = state.store.notice_attempts(d.id).await?;
    let notices = state.store.notices(d.id).await?;
    if full && !notices.is_empty() {
        crate::privacy::record(&state, &p, Some(d.id), &d.code.to_string(), "api:notices").await?;
    }
    Ok(Json(
        notices
            .into_iter()
            .map(|n| NoticeOut {
                tries: tries
                    .iter()
                    .filter(|a| a.notice_id == n.id)
                    .map(|a| TryOut {
                        at: a.at,
                        outcome: a.outcome.clone(),
                        detail: a.detail.clone(),
                    })
                    .collect(),
                kind: n.kind,
                channel: n.channel,
                recipient: if full { n.recipient } else { "***".into() },
                subject: full.then_some(n.subject),
                created_at: n.created_at,
                send_after: n.send_after,
                state: n.state,
                sent_at: n.sent_at,
            })
            .collect(),
    ))
}
