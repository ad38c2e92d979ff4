//! The dossier API: intake at the counter, reading, the lifecycle's actions,
//! applicant lookup, and the public status lookup.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jiff::Timestamp;
use motcua_calendar::clock::Standing;
use motcua_calendar::{from_timestamp, to_timestamp, WorkCalendar};
use motcua_domain::catalog::{Channel, Procedure};
use motcua_domain::dossier::lifecycle::{Action, LifecycleError, Rules};
use motcua_domain::dossier::Status;
use motcua_domain::org::Role;
use motcua_domain::person::{Cccd, Phone};
use motcua_store::{Actor, Applicant, DossierRecord, Event, NewDossier};
use serde::{Deserialize, Serialize};

use crate::auth::Principal;
use crate::error::ErrorBody;
use crate::{AppState, WebError};

/// The current instant to the second, as events store it.
fn now() -> Timestamp {
    Timestamp::from_second(Timestamp::now().as_second()).expect("now is in range")
}

/// JSON bodies whose syntax errors come back as our JSON errors, naming the problem.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, WebError> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(JsonRejection::JsonDataError(e)) => Err(WebError::invalid("body", e.body_text())),
            Err(e) => Err(WebError::BadRequest(e.body_text())),
        }
    }
}

fn one() -> u32 {
    1
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ApplicantIn {
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    #[serde(default)]
    pub address: String,
}

/// A document handed in at the counter.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
pub struct ComponentIn {
    pub name: String,
    #[serde(default = "one")]
    pub count: u32,
    /// A plain copy with the original shown counts as the original (Official
    /// Dispatch 8835/VPCP-KSTT).
    #[serde(default)]
    pub original_shown: bool,
}

#[derive(Debug, Deserialize, Serialize, Clone, Copy, PartialEq, Eq, Default, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ResultChannel {
    #[default]
    Counter,
    Post,
    Online,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Decision {
    Accept,
    Refuse { reasons: String },
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct IntakeIn {
    pub center_id: i64,
    pub procedure_code: String,
    /// in-person (default), online or post.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub channel: Option<Channel>,
    pub applicant: ApplicantIn,
    #[serde(default)]
    pub components: Vec<ComponentIn>,
    /// Pages of the original, for fees charged per page.
    #[serde(default = "one")]
    pub pages: u32,
    #[serde(default = "one")]
    pub copies: u32,
    #[serde(default)]
    pub result_channel: ResultChannel,
    pub decision: Decision,
}

/// A dossier as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DossierOut {
    pub code: String,
    /// The national status code, 1–10.
    pub status: i32,
    pub status_label: &'static str,
    /// early, on-time, due-soon, late or paused.
    #[schema(value_type = Option<String>)]
    pub standing: Option<Standing>,
    pub appointment: Option<Timestamp>,
    pub received_at: Timestamp,
    pub center_id: i64,
    pub procedure_code: String,
    #[schema(value_type = String)]
    pub channel: Channel,
    #[schema(value_type = Object)]
    pub applicant: Applicant,
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    pub supplement_count: i32,
    pub extension_count: i32,
    pub handling_agency: Option<String>,
    pub assigned_to: Option<i64>,
    /// Send this back as `expected_seq` with the next action.
    pub last_seq: i64,
}

/// Where an open dossier stands against its appointment now.
pub fn standing(cal: &WorkCalendar, d: &DossierRecord, now: Timestamp) -> Option<Standing> {
    let status = d.state.status?;
    let due = from_timestamp(d.state.appointment?);
    match status {
        // Settled or closed: no traffic light (the KPIs judge settled dossiers).
        Status::NotAccepted
        | Status::Withdrawn
        | Status::Stopped
        | Status::Registered
        | Status::Processed
        | Status::Returned => None,
        Status::SupplementRequested => Some(Standing::Paused),
        _ => {
            let now = from_timestamp(now);
            if now > due {
                return Some(Standing::Late);
            }
            let budget = cal.working_seconds_between(from_timestamp(d.received_at), due);
            let left = cal.working_seconds_between(now, due);
            Some(
                if left <= motcua_calendar::clock::due_soon_seconds(budget) {
                    Standing::DueSoon
                } else {
                    Standing::OnTime
                },
            )
        }
    }
}

async fn out(state: &AppState, d: DossierRecord) -> Result<DossierOut, WebError> {
    let center = state
        .store
        .center(d.center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let cal = state.calendar(&center.office_hours);
    let status = d.state.status.unwrap_or(Status::Registered);
    Ok(DossierOut {
        standing: standing(&cal, &d, Timestamp::now()),
        status: status.number(),
        status_label: status.label(motcua_domain::Locale::Vi),
        appointment: d.state.appointment,
        received_at: d.received_at,
        center_id: d.center_id,
        procedure_code: d.procedure_code.to_string(),
        channel: d.channel,
        applicant: d.applicant,
        details: d.details,
        supplement_count: d.state.supplement_count,
        extension_count: d.state.extension_count,
        handling_agency: d.state.agency.map(|a| a.to_string()),
        assigned_to: d.state.assigned_to,
        last_seq: d.last_seq,
        code: d.code,
    })
}

fn parse_applicant(a: ApplicantIn) -> Result<Applicant, WebError> {
    let name = a.name.trim().to_string();
    if name.is_empty() {
        return Err(WebError::invalid(
            "applicant.name",
            "Họ tên không được để trống / The name must not be empty",
        ));
    }
    let id_number = match a
        .id_number
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        Some(v) => Some(
            v.parse::<Cccd>()
                .map_err(|e| WebError::invalid("applicant.id_number", e.describe_vi()))?
                .to_string(),
        ),
        None => None,
    };
    let phone = match a.phone.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => Some(
            v.parse::<Phone>()
                .map_err(|e| WebError::invalid("applicant.phone", e.describe_vi()))?
                .to_string(),
        ),
        None => None,
    };
    Ok(Applicant {
        name,
        id_number,
        phone,
        email: a.email.filter(|e| !e.trim().is_empty()),
        address: a.address.trim().to_string(),
    })
}

/// Mandatory components of the procedure that were not handed in (by name, at
/// least the required count).
fn missing_components(p: &Procedure, given: &[ComponentIn]) -> Vec<String> {
    let key = motcua_domain::text::fold;
    p.components
        .iter()
        .filter(|c| c.mandatory)
        .filter(|c| {
            !given
                .iter()
                .any(|g| key(&g.name) == key(&c.name) && g.count >= u32::from(c.count))
        })
        .map(|c| c.name.clone())
        .collect()
}

fn lifecycle_error(e: LifecycleError) -> WebError {
    let message = format!("{} / {e}", e.describe_vi());
    match e {
        LifecycleError::Role { .. } => WebError::Forbidden(message),
        LifecycleError::Missing(field) => WebError::invalid(field, message),
        LifecycleError::EarlierAppointment => WebError::invalid("appointment", message),
        LifecycleError::NotFromStatus { .. }
        | LifecycleError::NotDrafted
        | LifecycleError::TooManyExtensions(_) => WebError::Conflict(message),
    }
}

/// The actor for an action: the first of the user's roles for the dossier that may take it.
fn actor(p: &Principal, roles: &[Role], action: &Action) -> Option<Actor> {
    let role = roles.iter().copied().find(|r| action.roles().contains(r))?;
    Some(Actor {
        account_id: p.account.id,
        username: p.account.username.clone(),
        role,
    })
}

/// The center and the current version of a procedure it receives; each
/// problem names its field.
async fn center_and_procedure(
    state: &AppState,
    center_id: i64,
    code: &str,
) -> Result<(motcua_store::Center, motcua_store::ProcedureVersion), WebError> {
    let center =
        state.store.center(center_id).await?.ok_or_else(|| {
            WebError::invalid("center_id", "Không có trung tâm này / No such center")
        })?;
    let code: motcua_domain::ProcedureCode =
        code.parse().map_err(|e: motcua_domain::CodeError| {
            WebError::invalid("procedure_code", e.describe_vi())
        })?;
    let version = state.store.procedure(&code).await?.ok_or_else(|| {
        WebError::invalid(
            "procedure_code",
            format!("Không có thủ tục {code} / No procedure {code}"),
        )
    })?;
    if !state.store.jurisdiction(center.id).await?.contains(&code) {
        return Err(WebError::invalid(
            "procedure_code",
            format!(
                "Trung tâm không tiếp nhận thủ tục {code} / This center does not receive {code}"
            ),
        ));
    }
    Ok((center, version))
}

/// The client's `Idempotency-Key`, scoped to who sent it.
pub fn idempotency_key(headers: &HeaderMap, scope: &str) -> Option<String> {
    headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(|k| format!("{scope}:{}", k.trim()))
        .filter(|k| k.len() <= 200)
}

/// Receive (or refuse) a dossier at the counter. An `Idempotency-Key` header
/// makes a repeated request return the dossier it created.
#[utoipa::path(post, path = "/api/v1/dossiers", tag = "dossiers", request_body = IntakeIn, security(("token" = []), ("session" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "a client key for this intake")),
    responses((status = 201, body = DossierOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn intake(
    State(state): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    ApiJson(body): ApiJson<IntakeIn>,
) -> Result<Response, WebError> {
    p.require_write()?;
    let key = idempotency_key(&headers, &p.account.id.to_string());
    let record = receive(&state, &p, body, key).await?;
    Ok((StatusCode::CREATED, Json(out(&state, record).await?)).into_response())
}

/// Receives (or refuses) a dossier at the counter, as the API and the counter
/// page both do it.
pub async fn receive(
    state: &AppState,
    p: &Principal,
    body: IntakeIn,
    idempotency: Option<String>,
) -> Result<DossierRecord, WebError> {
    let (center, version) =
        center_and_procedure(state, body.center_id, &body.procedure_code).await?;
    let code = version.procedure.code.clone();
    let roles = p.roles_at(center.id);
    if !roles
        .iter()
        .any(|r| matches!(r, Role::Reception | Role::Postal))
    {
        return Err(WebError::Forbidden("Chỉ cán bộ tiếp nhận của trung tâm này được nhận hồ sơ / Only this center's reception staff may receive".into()));
    }
    let procedure = &version.procedure;
    let channel = body.channel.unwrap_or(Channel::InPerson);
    if !procedure.channels.contains(&channel) {
        return Err(WebError::invalid(
            "channel",
            format!(
                "Thủ tục không nhận qua kênh {} / Not offered through this channel",
                channel.label(motcua_domain::Locale::Vi)
            ),
        ));
    }
    let applicant = parse_applicant(body.applicant)?;
    if body.pages == 0 || body.copies == 0 {
        return Err(WebError::invalid(
            if body.pages == 0 { "pages" } else { "copies" },
            "phải từ 1 trở lên / must be at least 1",
        ));
    }
    let now = now();
    let cal = state.calendar(&center.office_hours);
    let action = match body.decision {
        Decision::Accept => {
            let missing = missing_components(procedure, &body.components);
            if !missing.is_empty() {
                return Err(WebError::invalid(
                    "components",
                    format!(
                        "Thiếu thành phần hồ sơ bắt buộc / Missing mandatory components: {}",
                        missing.join("; ")
                    ),
                ));
            }
            let appointment = to_timestamp(cal.due(from_timestamp(now), procedure.time_limit));
            Action::Accept { appointment }
        }
        Decision::Refuse { reasons } => Action::Refuse { reasons },
    };
    let to = motcua_domain::dossier::lifecycle::State::default()
        .decide(&action, &roles, &Rules::default())
        .map_err(lifecycle_error)?;
    let fee = procedure.fee.amount(body.pages) * i64::from(body.copies);
    let details = serde_json::json!({
        "components": body.components,
        "pages": body.pages,
        "copies": body.copies,
        "fee": fee,
        "result_channel": body.result_channel,
        "time_limit": procedure.time_limit,
        "procedure_name": procedure.name,
    });
    let idempotency_key = idempotency;
    let record = state
        .store
        .open_dossier(&NewDossier {
            center_id: center.id,
            agency: center.agency_code.clone(),
            procedure_code: code,
            procedure_version_id: version.id,
            channel,
            applicant,
            details,
            at: now,
            actor: actor(p, &roles, &action),
            action,
            to,
            idempotency_key,
        })
        .await?;
    Ok(record)
}

async fn readable(state: &AppState, p: &Principal, code: &str) -> Result<DossierRecord, WebError> {
    let d = state.store.dossier(code).await?.ok_or(WebError::NotFound)?;
    // A dossier of another center is "not found", not "forbidden": no probing.
    if p.can_read(&d) {
        Ok(d)
    } else {
        Err(WebError::NotFound)
    }
}

/// A dossier, with where it stands against its appointment.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}", tag = "dossiers", params(("code" = String, Path)), security(("token" = []), ("session" = [])),
    responses((status = 200, body = DossierOut), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
) -> Result<Json<DossierOut>, WebError> {
    let d = readable(&state, &p, &code).await?;
    Ok(Json(out(&state, d).await?))
}

/// The processing-control record: every event, hash-chained.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/events", tag = "dossiers", params(("code" = String, Path)), security(("token" = []), ("session" = [])),
    responses((status = 200, body = Vec<Object>), (status = 404, body = ErrorBody)))]
pub async fn events(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
) -> Result<Json<Vec<Event>>, WebError> {
    let d = readable(&state, &p, &code).await?;
    Ok(Json(state.store.events(d.id).await?))
}

/// One action: `{"expected_seq": 3, "action": "draft-result", "summary": "…"}`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ActionIn {
    /// The `last_seq` the user saw: a change made meanwhile by someone else is refused.
    pub expected_seq: i64,
    /// The action's name (`hand-over`, `request-supplement`, `receive-supplement`,
    /// `draft-result`, `approve`, `extend`, `withdraw`, `stop`, `return`, …) and its fields.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub action: serde_json::Value,
}

/// One step of the lifecycle, checked against the user's role and postings.
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/actions", tag = "dossiers", params(("code" = String, Path)), request_body = ActionIn, security(("token" = []), ("session" = [])),
    responses((status = 200, body = DossierOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<ActionIn>,
) -> Result<Json<DossierOut>, WebError> {
    p.require_write()?;
    let updated = perform(&state, &p, &code, body.expected_seq, body.action).await?;
    Ok(Json(out(&state, updated).await?))
}

/// Checks and records one lifecycle action on a dossier, as the API and the
/// dossier page both do it: the action is read from JSON (`{"action": …}`).
pub async fn perform(
    state: &AppState,
    p: &Principal,
    code: &str,
    expected_seq: i64,
    value: serde_json::Value,
) -> Result<DossierRecord, WebError> {
    let d = readable(state, p, code).await?;
    let center = state
        .store
        .center(d.center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let cal = state.calendar(&center.office_hours);
    let now = now();
    let mut value = value;
    let procedure = state
        .store
        .procedure_versions(&d.procedure_code)
        .await?
        .into_iter()
        .find(|v| v.id == d.procedure_version_id)
        .ok_or(WebError::NotFound)?
        .procedure;
    // Accepting an online submission starts the legal time now.
    if value.get("action").and_then(|a| a.as_str()) == Some("accept")
        && value.get("appointment").is_none()
    {
        value["appointment"] = serde_json::json!(to_timestamp(
            cal.due(from_timestamp(now), procedure.time_limit)
        ));
    }
    // The appointment after a supplement is the server's to compute: moved by
    // the working time the dossier waited.
    if value.get("action").and_then(|a| a.as_str()) == Some("receive-supplement") {
        let asked = state
            .store
            .events(d.id)
            .await?
            .into_iter()
            .rev()
            .find(|e| matches!(e.action, Action::RequestSupplement { .. }))
            .map_or(now, |e| e.at);
        let waited = cal.working_seconds_between(from_timestamp(asked), from_timestamp(now));
        let appointment = d.state.appointment.map_or(now, |a| {
            to_timestamp(motcua_calendar::clock::moved_by_wait(
                &cal,
                from_timestamp(a),
                waited,
            ))
        });
        value["appointment"] = serde_json::json!(appointment);
    }
    let action: Action =
        serde_json::from_value(value).map_err(|e| WebError::invalid("action", e.to_string()))?;
    if let Action::HandOver { to_agency, .. } = &action {
        if !state
            .store
            .agencies()
            .await?
            .iter()
            .any(|a| &a.code == to_agency)
        {
            return Err(WebError::invalid(
                "to_agency",
                format!("Không có cơ quan {to_agency} / No agency {to_agency}"),
            ));
        }
    }
    let roles = p.roles_for(&d);
    let to = d
        .state
        .decide(&action, &roles, &Rules::default())
        .map_err(lifecycle_error)?;
    let actor = actor(p, &roles, &action);
    let handling = d
        .state
        .agency
        .clone()
        .unwrap_or_else(|| d.agency_code.clone());
    let agency = p
        .postings
        .iter()
        .find(|x| {
            Some(x.role) == actor.as_ref().map(|a| a.role)
                && (x.center_id == d.center_id || x.agency_code == handling)
        })
        .map_or(handling, |x| x.agency_code.clone());
    Ok(state
        .store
        .append_event(d.id, expected_seq, now, actor, &agency, &action, to)
        .await?)
}

/// An online submission by a citizen (national channel 2).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SubmissionIn {
    pub center_id: i64,
    pub procedure_code: String,
    pub applicant: ApplicantIn,
    /// The documents attached (their names; files come with digitisation).
    #[serde(default)]
    pub components: Vec<ComponentIn>,
    #[serde(default)]
    pub result_channel: ResultChannel,
}

/// A citizen submits a dossier online: it is registered (status 1) until the
/// center's reception accepts it, which starts the legal time. A phone number is
/// required: it is the second factor of the public lookup.
#[utoipa::path(post, path = "/api/v1/submissions", tag = "public", request_body = SubmissionIn,
    params(("Idempotency-Key" = Option<String>, Header, description = "a client key for this submission")),
    responses((status = 201, body = PublicStatus), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SubmissionIn>,
) -> Result<Response, WebError> {
    let (center, version) =
        center_and_procedure(&state, body.center_id, &body.procedure_code).await?;
    let code = version.procedure.code.clone();
    if !version.procedure.channels.contains(&Channel::Online) {
        return Err(WebError::invalid(
            "procedure_code",
            format!("Thủ tục {code} không nhận hồ sơ trực tuyến / {code} is not offered online"),
        ));
    }
    let applicant = parse_applicant(body.applicant)?;
    let Some(phone) = applicant.phone.clone() else {
        return Err(WebError::invalid(
            "applicant.phone",
            "Cần số điện thoại để tra cứu hồ sơ / A phone number is needed to track the dossier",
        ));
    };
    let to = motcua_domain::dossier::lifecycle::State::default()
        .decide(&Action::Submit, &[], &Rules::default())
        .map_err(lifecycle_error)?;
    let idempotency_key = idempotency_key(&headers, "online");
    let record = state
        .store
        .open_dossier(&NewDossier {
            center_id: center.id,
            agency: center.agency_code.clone(),
            procedure_code: code,
            procedure_version_id: version.id,
            channel: Channel::Online,
            applicant,
            details: serde_json::json!({
                "components": body.components,
                "result_channel": body.result_channel,
                "time_limit": version.procedure.time_limit,
                "procedure_name": version.procedure.name,
                "fee": version.procedure.fee.amount(1),
            }),
            at: now(),
            actor: None,
            action: Action::Submit,
            to,
            idempotency_key,
        })
        .await?;
    let last4 = &phone[phone.len() - 4..];
    Ok((
        StatusCode::CREATED,
        Json(public_status(&state, &record.code, last4).await?),
    )
        .into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApplicantQuery {
    pub key: String,
}

/// A returning applicant by CCCD or phone number.
#[utoipa::path(get, path = "/api/v1/applicants", tag = "dossiers", params(ApplicantQuery), security(("token" = []), ("session" = [])),
    responses((status = 200, body = Vec<Object>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn applicants(
    State(state): State<AppState>,
    p: Principal,
    Query(q): Query<ApplicantQuery>,
) -> Result<Response, WebError> {
    if !p
        .postings
        .iter()
        .any(|x| matches!(x.role, Role::Reception | Role::Postal | Role::Specialist))
    {
        return Err(WebError::Forbidden("Chỉ cán bộ tiếp nhận, xử lý được tra cứu người nộp / Only reception and processing staff".into()));
    }
    let key = q.key.trim();
    if key.len() < 9 {
        return Err(WebError::invalid(
            "key",
            "Nhập số CCCD hoặc số điện thoại / Give a CCCD or phone number",
        ));
    }
    let key = key
        .parse::<Phone>()
        .map(|ph| ph.to_string())
        .unwrap_or_else(|_| key.to_string());
    Ok(Json(state.store.find_applicants(&key).await?).into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LookupQuery {
    pub code: String,
    /// The last four (or more) digits of the applicant's phone number.
    pub phone: String,
}

/// What anyone holding a receipt may see: nothing beyond what is on it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PublicStatus {
    pub code: String,
    pub procedure: String,
    pub status: i32,
    pub status_label: &'static str,
    pub status_label_en: &'static str,
    pub received_on: jiff::civil::Date,
    pub appointment: Option<Timestamp>,
}

/// The public status of a dossier, for whoever holds its receipt.
#[utoipa::path(get, path = "/api/v1/lookup", tag = "public", params(LookupQuery),
    responses((status = 200, body = PublicStatus), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn lookup(
    State(state): State<AppState>,
    Query(q): Query<LookupQuery>,
) -> Result<Json<PublicStatus>, WebError> {
    Ok(Json(public_status(&state, &q.code, &q.phone).await?))
}

/// The status the receipt's holder may see, or one error for any mismatch.
pub async fn public_status(
    state: &AppState,
    code: &str,
    phone: &str,
) -> Result<PublicStatus, WebError> {
    let q = LookupQuery {
        code: code.to_string(),
        phone: phone.to_string(),
    };
    // One answer for "no such code" and "wrong digits": codes cannot be probed.
    let not_found = || {
        WebError::Unauthenticated("Không tìm thấy hồ sơ với mã và số điện thoại này / No dossier with this code and phone".into())
    };
    let digits: String = q.phone.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 4 {
        return Err(WebError::invalid(
            "phone",
            "Nhập ít nhất 4 số cuối của số điện thoại / Give at least the last 4 digits",
        ));
    }
    let d = state
        .store
        .dossier(q.code.trim())
        .await?
        .ok_or_else(not_found)?;
    let phone = d.applicant.phone.clone().unwrap_or_default();
    if phone.len() < digits.len() || !phone.ends_with(&digits) {
        return Err(not_found());
    }
    let status = d.state.status.unwrap_or(Status::Registered);
    let procedure = d
        .details
        .get("procedure_name")
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string();
    Ok(PublicStatus {
        code: d.code,
        procedure,
        status: status.number(),
        status_label: status.label(motcua_domain::Locale::Vi),
        status_label_en: status.label(motcua_domain::Locale::En),
        received_on: from_timestamp(d.received_at).date(),
        appointment: d.state.appointment,
    })
}
