//! Opinions and complaints (PAKN): the public side (a form token, sending,
//! following with the code and key, giving information, rating the answer,
//! the published answers) and the center's side (the list with deadlines,
//! one PAKN with its history, the workflow's steps, indicators 5.1–5.4).
//! The same rules as the pages: `cases::feedback`.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use jiff::Timestamp;
use motcua_domain::feedback::counts::Indicators;
use motcua_domain::feedback::Stage;
use motcua_store::{CenterId, FeedbackRecord, FeedbackStep};
use serde::{Deserialize, Serialize};

use super::json::ApiJson;
use crate::auth::{ClientIp, Principal};
use crate::cases::feedback::{
    self as cases, FeedbackActionIn, FeedbackRateIn, InfoIn, SendIn, SentOut, TrackOut,
};
use crate::cases::queue_times::{period, PeriodQuery};
use crate::error::ErrorBody;
use crate::{guard, AppState, WebError};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FormTokenOut {
    /// Send it back as `form_token`, no sooner than `min_seconds` and within `max_seconds`.
    pub form_token: String,
    /// The field that must stay empty.
    pub honeypot: &'static str,
    pub min_seconds: i64,
    pub max_seconds: i64,
}

/// A token for the form that sends an opinion or complaint.
#[utoipa::path(get, path = "/api/v1/feedback/form-token", tag = "public",
    responses((status = 200, body = FormTokenOut)))]
pub async fn form_token(State(state): State<AppState>) -> Result<Json<FormTokenOut>, WebError> {
    Ok(Json(FormTokenOut {
        form_token: guard::issue(&state, cases::FORM).await?,
        honeypot: guard::HONEYPOT,
        min_seconds: state.config.form_min_age().as_secs(),
        max_seconds: guard::MAX_AGE.as_secs(),
    }))
}

/// Sends an opinion or complaint, about a dossier (code and PIN) or a
/// center, with a phone number or e-mail address. Ten tries an hour per address.
#[utoipa::path(post, path = "/api/v1/feedback", tag = "public", request_body = SendIn,
    responses((status = 201, body = SentOut), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn send(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    ApiJson(body): ApiJson<SendIn>,
) -> Result<Response, WebError> {
    let out = cases::send(&state, &client, &body).await?;
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KeyQuery {
    /// The tracking key given when it was sent.
    pub k: String,
}

/// Follows an opinion or complaint with its code and tracking key.
#[utoipa::path(get, path = "/api/v1/feedback/{code}/tracking", tag = "public",
    params(("code" = String, Path, description = "the PAKN code"), KeyQuery),
    responses((status = 200, body = TrackOut), (status = 404, body = ErrorBody)))]
pub async fn track(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    Path(code): Path<String>,
    Query(q): Query<KeyQuery>,
) -> Result<Json<TrackOut>, WebError> {
    let f = cases::tracked(&state, &client, &code, &q.k).await?;
    Ok(Json(cases::track_view(&state, &f).await?))
}

/// The sender gives the information the center asked for; the answer's
/// clock runs again.
#[utoipa::path(post, path = "/api/v1/feedback/{code}/info", tag = "public", request_body = InfoIn,
    params(("code" = String, Path, description = "the PAKN code"), KeyQuery),
    responses((status = 200, body = TrackOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn give_info(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    Path(code): Path<String>,
    Query(q): Query<KeyQuery>,
    ApiJson(body): ApiJson<InfoIn>,
) -> Result<Json<TrackOut>, WebError> {
    let f = cases::tracked(&state, &client, &code, &q.k).await?;
    let f = cases::give_info(&state, &f, &body).await?;
    Ok(Json(cases::track_view(&state, &f).await?))
}

/// The sender rates the answer, once.
#[utoipa::path(post, path = "/api/v1/feedback/{code}/rating", tag = "public", request_body = FeedbackRateIn,
    params(("code" = String, Path, description = "the PAKN code"), KeyQuery),
    responses((status = 200, body = TrackOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn rate(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    Path(code): Path<String>,
    Query(q): Query<KeyQuery>,
    ApiJson(body): ApiJson<FeedbackRateIn>,
) -> Result<Json<TrackOut>, WebError> {
    let f = cases::tracked(&state, &client, &code, &q.k).await?;
    let f = cases::rate(&state, &client, &f, &body).await?;
    Ok(Json(cases::track_view(&state, &f).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublishedQuery {
    /// One center's answers only.
    pub center_id: Option<i64>,
    /// Words to find (diacritics ignored).
    pub q: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublishedOut {
    pub code: String,
    pub center_id: CenterId,
    pub center: String,
    pub category: String,
    /// The opinion or complaint, personal data removed.
    pub question: String,
    pub answer: String,
    pub published_at: Timestamp,
}

/// The published answers, newest first (at most 100): no personal data.
#[utoipa::path(get, path = "/api/v1/published-feedback", tag = "public",
    params(PublishedQuery),
    responses((status = 200, body = Vec<PublishedOut>)))]
pub async fn published(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    Query(q): Query<PublishedQuery>,
) -> Result<Json<Vec<PublishedOut>>, WebError> {
    crate::cases::lookup::public_request(&state, &client)?;
    let search: Option<String> = q.q.as_deref().map(|s| s.chars().take(100).collect());
    let rows = state
        .store
        .published_feedback(q.center_id.map(CenterId), search.as_deref(), 100)
        .await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| PublishedOut {
                code: r.code,
                center_id: r.center_id,
                center: r.center_name,
                category: r.category.code().into(),
                question: r.question,
                answer: r.answer,
                published_at: r.published_at,
            })
            .collect(),
    ))
}

/// A PAKN as the center's staff see it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FeedbackOut {
    pub code: String,
    pub center_id: CenterId,
    pub center: String,
    pub dossier: Option<String>,
    pub category: String,
    pub status: String,
    pub content: String,
    /// The sender's name and contact: to the center's leader and the
    /// officer assigned; masked for the others.
    pub sender_name: String,
    pub sender_phone: Option<String>,
    pub sender_email: Option<String>,
    pub repeated: bool,
    pub received_at: Timestamp,
    pub assigned_to: Option<i64>,
    pub assigned_name: Option<String>,
    /// The pending step (answer or publish) and its deadline.
    pub pending: Option<String>,
    pub due: Option<Timestamp>,
    pub overdue: bool,
    pub refuse_by: Timestamp,
    pub ask_info_by: Timestamp,
    pub answer_by: Option<Timestamp>,
    pub publish_by: Option<Timestamp>,
    /// Steps taken or pending past their deadline.
    pub late: Vec<String>,
    pub info_request: String,
    pub info_reply: String,
    pub refusal_reason: String,
    pub answer: String,
    pub published_question: String,
    pub published_answer: String,
    pub rating: Option<String>,
    pub version: i64,
}

pub async fn out(
    state: &AppState,
    p: &Principal,
    f: &FeedbackRecord,
) -> Result<FeedbackOut, WebError> {
    let d = cases::deadlines_of(state, f).await?;
    let pending = motcua_domain::feedback::pending(&f.workflow, &d);
    let late = cases::late_of(state, f).await?;
    let full = cases::sees_sender(p, f);
    let mask = |s: &Option<String>| {
        s.as_ref()
            .map(|v| if full { v.clone() } else { "***".into() })
    };
    let w = &f.workflow;
    Ok(FeedbackOut {
        code: f.code.clone(),
        center_id: f.center_id,
        center: f.center_name.clone(),
        dossier: f.dossier_code.clone(),
        category: f.category.code().into(),
        status: w.status.code().into(),
        content: f.content.clone(),
        sender_name: if full {
            f.sender_name.clone()
        } else {
            "***".into()
        },
        sender_phone: mask(&f.sender_phone),
        sender_email: mask(&f.sender_email),
        repeated: f.repeated,
        received_at: w.received_at,
        assigned_to: w.assigned_to.map(|a| a.0),
        assigned_name: f.assigned_name.clone(),
        pending: pending.map(|(s, _)| s.code().into()),
        due: pending.map(|(_, t)| t),
        overdue: pending.is_some_and(|(_, t)| state.now() > t),
        refuse_by: d.refuse_by,
        ask_info_by: d.ask_info_by,
        answer_by: d.answer_by,
        publish_by: d.publish_by,
        late: late.iter().map(|s: &Stage| s.code().to_string()).collect(),
        info_request: w.info_request.clone(),
        info_reply: w.info_reply.clone(),
        refusal_reason: w.refusal_reason.clone(),
        answer: w.answer.clone(),
        published_question: w.published_question.clone(),
        published_answer: w.published_answer.clone(),
        rating: w.rating.map(|r| r.code().into()),
        version: f.version,
    })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// One status only (received, handling, waiting-info, refused, answered, published, closed).
    pub status: Option<String>,
    /// Only those past the deadline of their pending step.
    pub overdue: Option<bool>,
}

/// A center's opinions and complaints, newest first, with deadlines.
#[utoipa::path(get, path = "/api/v1/centers/{id}/feedback", tag = "feedback",
    params(("id" = i64, Path, description = "the center"), ListQuery),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = Vec<FeedbackOut>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<CenterId>,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<FeedbackOut>>, WebError> {
    let rows = cases::list(
        &state,
        &p,
        Some(id),
        q.status.as_deref(),
        q.overdue.unwrap_or(false),
    )
    .await?;
    let mut out_rows = Vec::with_capacity(rows.len());
    for (f, _, _) in &rows {
        out_rows.push(out(&state, &p, f).await?);
    }
    Ok(Json(out_rows))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StepOut {
    pub at: Timestamp,
    pub step: String,
    pub actor: Option<String>,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FeedbackDetailOut {
    pub feedback: FeedbackOut,
    pub history: Vec<StepOut>,
}

pub fn steps_out(h: &[FeedbackStep]) -> Vec<StepOut> {
    h.iter()
        .map(|s| StepOut {
            at: s.at,
            step: s.step.clone(),
            actor: s.actor_name.clone(),
            from: s.from.code().into(),
            to: s.to.code().into(),
        })
        .collect()
}

/// One opinion or complaint with its history.
#[utoipa::path(get, path = "/api/v1/feedback/{code}", tag = "feedback",
    params(("code" = String, Path, description = "the PAKN code")),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = FeedbackDetailOut), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
) -> Result<Json<FeedbackDetailOut>, WebError> {
    let f = cases::readable(&state, &p, &code).await?;
    let history = state.store.feedback_history(f.id).await?;
    Ok(Json(FeedbackDetailOut {
        feedback: out(&state, &p, &f).await?,
        history: steps_out(&history),
    }))
}

/// A step of the handling: the leader assigns, publishes and closes; the
/// officer assigned (or the leader) refuses, asks for information, answers.
#[utoipa::path(post, path = "/api/v1/feedback/{code}/actions", tag = "feedback", request_body = FeedbackActionIn,
    params(("code" = String, Path, description = "the PAKN code")),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = FeedbackOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<FeedbackActionIn>,
) -> Result<Json<FeedbackOut>, WebError> {
    let f = cases::act(&state, &p, &code, &body).await?;
    Ok(Json(out(&state, &p, &f).await?))
}

/// Indicators 5.1–5.4 of the PAKN a center received over a period.
#[utoipa::path(get, path = "/api/v1/centers/{id}/feedback-indicators", tag = "feedback",
    params(("id" = i64, Path, description = "the center"), PeriodQuery),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = Indicators), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn indicators(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<CenterId>,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<Indicators>, WebError> {
    let (from, to) = period(&state, &q)?;
    Ok(Json(
        cases::center_indicators(&state, &p, id, from, to).await?,
    ))
}
