//! The queue of a center's hall: service groups, counters and their calls,
//! tickets from a kiosk (`/kiosk/{secret}/tickets`), the board (and its live
//! stream of server-sent events), the times, the staffing advice, the hall's
//! devices, and the citizens' ratings (by the receipt's link or the
//! counter's tablet).

use std::convert::Infallible;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use motcua_domain::queue::rating::SURVEY_QUESTIONS;
use motcua_domain::queue::ticket::KioskKind;
use motcua_domain::Locale;
use motcua_store::{CenterId, CounterId, KioskId, TicketId};
use serde::{Deserialize, Serialize};

use super::json::ApiJson;
use crate::auth::{ClientIp, Principal};
use crate::cases::queue::{
    self, BoardOut, CounterOut, IssuedKiosk, KioskIn, OpenCounterIn, ServiceGroupIn,
    ServiceGroupOut, TakeTicketIn, TicketActionIn, TicketOut,
};
use crate::cases::queue_times::{self, Advice, PeriodQuery, QueueTimes};
use crate::cases::ratings::{self, RateIn, Rateable, RatedOut};
use crate::error::ErrorBody;
use crate::{AppState, WebError};

/// Whether `p` reads a center's queue: its staff, and those who oversee.
fn reads(p: &Principal, center: CenterId) -> Result<(), WebError> {
    if p.sees_everything() || p.postings.iter().any(|x| x.center_id == center) {
        Ok(())
    } else {
        Err(WebError::NotFound)
    }
}

async fn known_center(state: &AppState, id: CenterId) -> Result<(), WebError> {
    state
        .store
        .center(id)
        .await?
        .map(|_| ())
        .ok_or(WebError::NotFound)
}

/// A center's service groups (public: the kiosk and the board show them).
#[utoipa::path(get, path = "/api/v1/centers/{id}/service-groups", tag = "queue",
    params(("id" = i64, Path, description = "the center")),
    responses((status = 200, body = Vec<ServiceGroupOut>), (status = 404, body = ErrorBody)))]
pub async fn groups(
    State(state): State<AppState>,
    Path(id): Path<CenterId>,
) -> Result<Json<Vec<ServiceGroupOut>>, WebError> {
    known_center(&state, id).await?;
    let groups = state.store.service_groups(id).await?;
    Ok(Json(groups.iter().map(ServiceGroupOut::of).collect()))
}

/// Adds a service group, or changes the center's group of that letter (the
/// center's leader or an administrator).
#[utoipa::path(post, path = "/api/v1/service-groups", tag = "queue", request_body = ServiceGroupIn,
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = ServiceGroupOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn save_group(
    State(state): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<ServiceGroupIn>,
) -> Result<Json<ServiceGroupOut>, WebError> {
    let id = queue::save_group(&state, &p, &body).await?;
    let groups = state.store.service_groups(body.center_id).await?;
    let g = groups
        .iter()
        .find(|g| g.id == id)
        .ok_or(WebError::NotFound)?;
    Ok(Json(ServiceGroupOut::of(g)))
}

/// A center's counters, who staffs each and the ticket it serves.
#[utoipa::path(get, path = "/api/v1/centers/{id}/counters", tag = "queue",
    params(("id" = i64, Path, description = "the center")),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = Vec<CounterOut>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn counters(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<CenterId>,
) -> Result<Json<Vec<CounterOut>>, WebError> {
    reads(&p, id)?;
    let today = state
        .store
        .tickets_of_day(id, motcua_domain::queue::ticket::service_day(state.now()))
        .await?;
    let counters = state.store.counters(id).await?;
    Ok(Json(
        counters.iter().map(|c| CounterOut::of(c, &today)).collect(),
    ))
}

/// Opens a counter for the signed-in officer (reception or postal staff of
/// the center), serving the groups given (all when none); they leave any
/// other counter they staffed.
#[utoipa::path(post, path = "/api/v1/counters", tag = "queue", request_body = OpenCounterIn,
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = CounterOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn open(
    State(state): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<OpenCounterIn>,
) -> Result<Json<CounterOut>, WebError> {
    let c = queue::open_counter(&state, &p, &body).await?;
    let today = state
        .store
        .tickets_of_day(
            c.center_id,
            motcua_domain::queue::ticket::service_day(state.now()),
        )
        .await?;
    Ok(Json(CounterOut::of(&c, &today)))
}

/// Closes a counter; the ticket it called is done.
#[utoipa::path(post, path = "/api/v1/counters/{id}/close", tag = "queue",
    params(("id" = i64, Path, description = "the counter")),
    security(("token" = []), ("session" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn close(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<CounterId>,
) -> Result<StatusCode, WebError> {
    queue::close_counter(&state, &p, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CalledOut {
    /// The ticket called; none when nobody waits.
    pub ticket: Option<TicketOut>,
}

/// Calls the next ticket at a counter: one sent on to it first, then
/// priority, appointments due, and the order of arrival. The ticket it
/// called before is done.
#[utoipa::path(post, path = "/api/v1/counters/{id}/call-next", tag = "queue",
    params(("id" = i64, Path, description = "the counter")),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = CalledOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn call_next(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<CounterId>,
) -> Result<Json<CalledOut>, WebError> {
    let t = queue::call_next(&state, &p, id).await?;
    Ok(Json(CalledOut {
        ticket: t.as_ref().map(TicketOut::of),
    }))
}

/// A ticket, for the staff of its center.
#[utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "queue",
    params(("id" = i64, Path, description = "the ticket")),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = TicketOut), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn ticket(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<TicketId>,
) -> Result<Json<TicketOut>, WebError> {
    let t = state.store.ticket(id).await?.ok_or(WebError::NotFound)?;
    reads(&p, t.center_id)?;
    Ok(Json(TicketOut::of(&t)))
}

/// Recalls the called ticket, marks it served or not come, or sends it on
/// to another counter (which calls it first).
#[utoipa::path(post, path = "/api/v1/tickets/{id}/actions", tag = "queue", request_body = TicketActionIn,
    params(("id" = i64, Path, description = "the ticket")),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = TicketOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<TicketId>,
    ApiJson(body): ApiJson<TicketActionIn>,
) -> Result<Json<TicketOut>, WebError> {
    let t = queue::change_ticket(&state, &p, id, body).await?;
    Ok(Json(TicketOut::of(&t)))
}

/// Takes a ticket at a kiosk: the path holds the kiosk's secret link (made
/// by the center's leader). A kiosk prints at most 12 tickets a minute, a
/// group at most 999 a day.
#[utoipa::path(post, path = "/api/v1/kiosk/{secret}/tickets", tag = "queue", request_body = TakeTicketIn,
    params(("secret" = String, Path, description = "the kiosk's secret")),
    responses((status = 201, body = TicketOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn take(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    Path(secret): Path<String>,
    ApiJson(body): ApiJson<TakeTicketIn>,
) -> Result<Response, WebError> {
    queue::hall_request(&state, &client)?;
    let kiosk = queue::device(&state, &secret, KioskKind::Tickets).await?;
    let t = queue::take_ticket(&state, &kiosk, &body).await?;
    Ok((StatusCode::CREATED, Json(t)).into_response())
}

/// What the hall's board shows now: the numbers called and their counters,
/// and how many wait per group. No personal data.
#[utoipa::path(get, path = "/api/v1/centers/{id}/board", tag = "queue",
    params(("id" = i64, Path, description = "the center")),
    responses((status = 200, body = BoardOut), (status = 404, body = ErrorBody)))]
pub async fn board(
    State(state): State<AppState>,
    Path(id): Path<CenterId>,
) -> Result<Json<BoardOut>, WebError> {
    known_center(&state, id).await?;
    Ok(Json(queue::board(&state, id).await?))
}

/// One server-sent event of the board's stream, as a client reads it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BoardStreamEvent {
    /// Always `board`.
    pub event: String,
    /// The JSON of `GET /api/v1/centers/{id}/board`, as text.
    pub data: String,
}

/// The board as a stream of server-sent events: a `board` event with the
/// same JSON as `/board` at once and after every change of the queue.
#[utoipa::path(get, path = "/api/v1/centers/{id}/board/events", tag = "queue",
    params(("id" = i64, Path, description = "the center")),
    responses((status = 200, content_type = "text/event-stream", body = BoardStreamEvent), (status = 404, body = ErrorBody)))]
pub async fn board_events(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    Path(id): Path<CenterId>,
) -> Result<Response, WebError> {
    crate::cases::lookup::public_request(&state, &client)?;
    known_center(&state, id).await?;
    let first = queue::board(&state, id).await?;
    let rx = state.hall.subscribe();
    let stream = futures::stream::unfold(
        (state, rx, Some(first)),
        move |(state, mut rx, pending)| async move {
            if let Some(b) = pending {
                return Some((Ok::<_, Infallible>(board_event(&b)), (state, rx, None)));
            }
            loop {
                match rx.recv().await {
                    Ok(center) if center != id => continue,
                    Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                        match queue::board(&state, id).await {
                            Ok(b) => return Some((Ok(board_event(&b)), (state, rx, None))),
                            Err(e) => {
                                tracing::warn!(error = %e, "board not read; the stream ends");
                                return None;
                            }
                        }
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
                }
            }
        },
    );
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}

fn board_event(b: &BoardOut) -> Event {
    Event::default()
        .event("board")
        .data(serde_json::to_string(b).unwrap_or_else(|_| "{}".into()))
}

/// Wait and service times of a center's queue over a period (default
/// today), per group, counter and hour; tickets after 17:00 apart.
#[utoipa::path(get, path = "/api/v1/centers/{id}/queue-times", tag = "queue",
    params(("id" = i64, Path, description = "the center"), PeriodQuery),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = QueueTimes), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn times(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<CenterId>,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<QueueTimes>, WebError> {
    reads(&p, id)?;
    let (from, to) = queue_times::period(&state, &q)?;
    Ok(Json(queue_times::center_times(&state, id, from, to).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AdviceQuery {
    /// The mean wait to keep under, in minutes (1–120, default 10).
    pub target_minutes: Option<f64>,
}

/// How many counters each hour of the week needs to keep the mean wait
/// under the target: arrivals per hour and the mean service time from the
/// last eight weeks, an Erlang C queue. Public, like the center's page.
#[utoipa::path(get, path = "/api/v1/centers/{id}/staffing-advice", tag = "queue",
    params(("id" = i64, Path, description = "the center"), AdviceQuery),
    responses((status = 200, body = Advice), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn advice(
    State(state): State<AppState>,
    Path(id): Path<CenterId>,
    Query(q): Query<AdviceQuery>,
) -> Result<Json<Advice>, WebError> {
    known_center(&state, id).await?;
    let target = queue_times::target(q.target_minutes)?;
    Ok(Json(queue_times::center_advice(&state, id, target).await?))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct KioskOut {
    pub id: i64,
    /// tickets or rating.
    pub kind: String,
    pub counter_id: Option<i64>,
    pub label: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// The hall's devices of a center (their links are shown only when made).
#[utoipa::path(get, path = "/api/v1/centers/{id}/kiosks", tag = "queue",
    params(("id" = i64, Path, description = "the center")),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = Vec<KioskOut>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn kiosks(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<CenterId>,
) -> Result<Json<Vec<KioskOut>>, WebError> {
    reads(&p, id)?;
    Ok(Json(
        state
            .store
            .kiosks(id)
            .await?
            .into_iter()
            .map(|k| KioskOut {
                id: k.id.0,
                kind: k.kind.code().into(),
                counter_id: k.counter_id.map(|c| c.0),
                label: k.name,
                created_at: k.created_at.to_string(),
                revoked_at: k.revoked_at.map(|t| t.to_string()),
            })
            .collect(),
    ))
}

/// Makes a device of the hall: a ticket kiosk, or the rating tablet of a
/// counter. Its secret link is in the answer, once.
#[utoipa::path(post, path = "/api/v1/kiosks", tag = "queue", request_body = KioskIn,
    security(("token" = []), ("session" = [])),
    responses((status = 201, body = IssuedKiosk), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_kiosk(
    State(state): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<KioskIn>,
) -> Result<Response, WebError> {
    let k = queue::create_kiosk(&state, &p, &body).await?;
    Ok((StatusCode::CREATED, Json(k)).into_response())
}

/// Revokes a device: its link stops working at once.
#[utoipa::path(post, path = "/api/v1/centers/{id}/kiosks/{kiosk}/revoke", tag = "queue",
    params(("id" = i64, Path, description = "the center"), ("kiosk" = i64, Path, description = "the device")),
    security(("token" = []), ("session" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_kiosk(
    State(state): State<AppState>,
    p: Principal,
    Path((id, kiosk)): Path<(CenterId, KioskId)>,
) -> Result<StatusCode, WebError> {
    queue::revoke_kiosk(&state, &p, id, kiosk).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A dossier that may be rated, as its rater sees it: no personal data.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RateableOut {
    pub code: String,
    pub procedure: String,
    /// received or returned.
    pub stage: String,
    pub stage_label: String,
    /// Rated already at this stage.
    pub rated: bool,
    /// The survey's question numbers (3, 4, 7, 10); each answer 2, 1 or 0 points.
    pub survey_questions: Vec<u8>,
}

impl RateableOut {
    pub fn of(r: &Rateable) -> RateableOut {
        RateableOut {
            code: r.dossier.code.to_string(),
            procedure: r.dossier.details.procedure_name.clone(),
            stage: r.stage.code().into(),
            stage_label: r.stage.label(Locale::Vi).into(),
            rated: r.rated,
            survey_questions: SURVEY_QUESTIONS.to_vec(),
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LinkQuery {
    /// The key of the receipt's rating link.
    pub k: String,
}

/// The dossier a receipt's rating link names, and whether it is rated.
#[utoipa::path(get, path = "/api/v1/ratings/{code}", tag = "public",
    params(("code" = String, Path, description = "the dossier code"), LinkQuery),
    responses((status = 200, body = RateableOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn rating_link(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    Path(code): Path<String>,
    Query(q): Query<LinkQuery>,
) -> Result<Json<RateableOut>, WebError> {
    crate::cases::lookup::public_request(&state, &client)?;
    let r = ratings::by_link(&state, &client, &code, &q.k).await?;
    Ok(Json(RateableOut::of(&r)))
}

/// Rates a dossier through the receipt's link: once per dossier and stage
/// (received, then returned). Ten ratings an hour per address.
#[utoipa::path(post, path = "/api/v1/ratings/{code}", tag = "public", request_body = RateIn,
    params(("code" = String, Path, description = "the dossier code"), LinkQuery),
    responses((status = 201, body = RatedOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn rate_by_link(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    Path(code): Path<String>,
    Query(q): Query<LinkQuery>,
    ApiJson(body): ApiJson<RateIn>,
) -> Result<Response, WebError> {
    crate::cases::lookup::public_request(&state, &client)?;
    let r = ratings::by_link(&state, &client, &code, &q.k).await?;
    let out = ratings::rate(&state, &client, &r, None, &body).await?;
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// The dossiers a counter's rating tablet offers now: those its counter
/// served in the last half hour, not rated yet.
#[utoipa::path(get, path = "/api/v1/tablet/{secret}", tag = "queue",
    params(("secret" = String, Path, description = "the tablet's secret")),
    responses((status = 200, body = Vec<RateableOut>), (status = 404, body = ErrorBody)))]
pub async fn tablet(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    Path(secret): Path<String>,
) -> Result<Json<Vec<RateableOut>>, WebError> {
    let k = queue::device_looked_up(&state, &client, &secret, KioskKind::Rating).await?;
    let pending = ratings::tablet_pending(&state, &k).await?;
    Ok(Json(pending.iter().map(RateableOut::of).collect()))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TabletRateIn {
    /// A dossier the tablet offers.
    #[schema(max_length = 40)]
    pub code: String,
    /// very-satisfied, satisfied or not-satisfied.
    #[schema(max_length = 20)]
    pub rating: String,
    #[serde(default)]
    #[schema(max_items = 4)]
    pub survey: Vec<ratings::SurveyAnswer>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub comment: String,
}

/// Rates, on the counter's tablet, a dossier it offers.
#[utoipa::path(post, path = "/api/v1/tablet/{secret}/ratings", tag = "queue", request_body = TabletRateIn,
    params(("secret" = String, Path, description = "the tablet's secret")),
    responses((status = 201, body = RatedOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn tablet_rate(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    Path(secret): Path<String>,
    ApiJson(body): ApiJson<TabletRateIn>,
) -> Result<Response, WebError> {
    queue::hall_request(&state, &client)?;
    let k = queue::device(&state, &secret, KioskKind::Rating).await?;
    let rating = RateIn {
        rating: body.rating,
        survey: body.survey,
        comment: body.comment,
    };
    let out = ratings::tablet_rating(&state, &client, &k, &body.code, &rating).await?;
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RatingOut {
    pub stage: String,
    pub rating: String,
    pub rating_label: String,
    pub officer: Option<String>,
    pub counter_id: Option<i64>,
    /// tablet or link.
    pub via: String,
    /// Question number and points.
    pub survey: Vec<(u8, u8)>,
    pub comment: String,
    pub created_at: String,
}

/// A dossier's ratings, for those who read it.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/ratings", tag = "queue",
    params(("code" = String, Path, description = "the dossier code")),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = Vec<RatingOut>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn of_dossier(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
) -> Result<Json<Vec<RatingOut>>, WebError> {
    let d = crate::cases::readable(&state, &p, &code).await?;
    let rs = state.store.ratings_of_dossier(d.id).await?;
    Ok(Json(
        rs.into_iter()
            .map(|r| RatingOut {
                stage: r.stage.code().into(),
                rating: r.rating.code().into(),
                rating_label: r.rating.label(Locale::Vi).into(),
                officer: r.officer_name,
                counter_id: r.counter_id.map(|c| c.0),
                via: r.via,
                survey: r.survey.answers().collect(),
                comment: r.comment,
                created_at: r.created_at.to_string(),
            })
            .collect(),
    ))
}
