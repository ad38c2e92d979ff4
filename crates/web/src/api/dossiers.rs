//! `/dossiers`: intake at the counter, reading, the lifecycle's actions.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jiff::Timestamp;
use motcua_calendar::clock::Standing;
use motcua_domain::catalog::Channel;
use motcua_domain::dossier::Status;
use motcua_domain::i18n::Message;
use motcua_store::{CenterId, DossierRecord, Event, IntakeDetails};
use serde::Serialize;

use super::json::{from_json_value, ApiJson};
use crate::auth::Principal;
use crate::cases::{perform, readable, receive, standing, ActionRequest, IntakeIn};
use crate::error::ErrorBody;
use crate::privacy::ShownApplicant;
use crate::{AppState, WebError};

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
    pub center_id: CenterId,
    pub procedure_code: String,
    #[schema(value_type = String)]
    pub channel: Channel,
    /// In full for those who handle the dossier; identity number, phone,
    /// e-mail and address masked for the others.
    pub applicant: ShownApplicant,
    pub applicant_masked: bool,
    /// The second factor of the public lookup, printed on the receipt (only
    /// for those who handle the dossier).
    pub lookup_pin: Option<String>,
    pub details: IntakeDetails,
    pub supplement_count: i32,
    pub extension_count: i32,
    pub handling_agency: Option<String>,
    pub assigned_to: Option<motcua_store::AccountId>,
    /// Send this back as `expected_seq` with the next action.
    pub last_seq: i64,
}

/// The dossier as `p` may see it; a full view of personal data is recorded
/// under `purpose`.
pub(crate) async fn out(
    state: &AppState,
    p: &Principal,
    d: DossierRecord,
    purpose: &str,
) -> Result<DossierOut, WebError> {
    let center = state
        .store
        .center(d.center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let cal = state.calendar(&center.office_hours);
    let status = d.state.status.unwrap_or(Status::Registered);
    let (applicant, full) = crate::privacy::applicant_for(state, p, &d, purpose).await?;
    let lookup_pin = if full {
        Some(crate::privacy::lookup_pin(
            state.lookup_key().await?,
            &d.code,
        ))
    } else {
        None
    };
    Ok(DossierOut {
        standing: standing(&cal, &d, state.now()),
        status: status.number(),
        status_label: status.label(motcua_domain::Locale::Vi),
        appointment: d.state.appointment,
        received_at: d.received_at,
        center_id: d.center_id,
        procedure_code: d.procedure_code.to_string(),
        channel: d.channel,
        applicant,
        applicant_masked: !full,
        lookup_pin,
        details: if full {
            d.details
        } else {
            // The declaration is personal data through and through.
            motcua_domain::dossier::details::IntakeDetails {
                declaration: None,
                ..d.details
            }
        },
        supplement_count: d.state.supplement_count,
        extension_count: d.state.extension_count,
        handling_agency: d.state.agency.map(|a| a.to_string()),
        assigned_to: d.state.assigned_to,
        last_seq: d.last_seq,
        code: d.code.to_string(),
    })
}

/// The client's `Idempotency-Key`, scoped to who sent it; a key that is too
/// long or not printable is refused rather than ignored.
pub fn idempotency_key(headers: &HeaderMap, scope: &str) -> Result<Option<String>, WebError> {
    Ok(client_key(headers)?.map(|k| format!("{scope}:{k}")))
}

/// The client's `Idempotency-Key` as sent (checked, not yet scoped).
pub fn client_key(headers: &HeaderMap) -> Result<Option<String>, WebError> {
    let Some(v) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = v.to_str().ok().map(str::trim).filter(|k| {
        !k.is_empty()
            && k.len() <= crate::input::max::IDEMPOTENCY_KEY
            && k.bytes().all(|b| b.is_ascii_graphic())
    });
    match key {
        Some(k) => Ok(Some(k.to_string())),
        None => Err(crate::input::invalid(
            "Idempotency-Key",
            motcua_domain::i18n::Message::new("error-idempotency-key-length")
                .with("max", crate::input::max::IDEMPOTENCY_KEY),
        )),
    }
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
    let key = idempotency_key(&headers, &p.account.id.to_string())?;
    let record = receive(&state, &p, body, key).await?;
    Ok((
        StatusCode::CREATED,
        Json(out(&state, &p, record, "api:intake").await?),
    )
        .into_response())
}

/// A dossier, with where it stands against its appointment.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}", tag = "dossiers", params(("code" = String, Path)), security(("token" = []), ("session" = [])),
    responses((status = 200, body = DossierOut), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
) -> Result<Json<DossierOut>, WebError> {
    let d = readable(&state, &p, &code).await?;
    Ok(Json(out(&state, &p, d, "api:dossier").await?))
}

/// The processing-control record: every event, hash-chained.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/events", tag = "dossiers", params(("code" = String, Path)), security(("token" = []), ("session" = [])),
    responses((status = 200, body = Vec<Object>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn events(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
) -> Result<Json<Vec<Event>>, WebError> {
    let d = readable(&state, &p, &code).await?;
    Ok(Json(state.store.events(d.id).await?))
}

/// One action: `{"expected_seq": 3, "action": "draft-result", "summary": "…"}`.
#[derive(Debug, utoipa::ToSchema)]
pub struct ActionIn {
    /// The `last_seq` the user saw: a change made meanwhile by someone else is refused.
    pub expected_seq: i64,
    #[schema(inline)]
    pub action: ActionRequest,
}

impl ActionIn {
    /// Reads `{"expected_seq": …, "action": …, …}`: the sequence number beside
    /// the action's own fields, each named when wrong.
    pub fn from_json(
        mut v: serde_json::Map<String, serde_json::Value>,
    ) -> Result<ActionIn, WebError> {
        let expected_seq = match v.remove("expected_seq") {
            Some(serde_json::Value::Number(n)) if n.as_i64().is_some() => {
                n.as_i64().expect("checked")
            }
            Some(_) => {
                return Err(crate::input::invalid(
                    "expected_seq",
                    Message::new("error-must-be-an-integer"),
                ))
            }
            None => {
                return Err(crate::input::invalid(
                    "expected_seq",
                    Message::new("error-is-required"),
                ))
            }
        };
        let action = match from_json_value(serde_json::Value::Object(v.clone())) {
            Err(WebError::Invalid { field, message }) if field == "body" => {
                return Err(name_the_culprit(&v)
                    .map_or(WebError::Invalid { field, message }, |(key, e)| {
                        e.unwrap_or_else(|| wrong_type(&key))
                    }))
            }
            other => other?,
        };
        Ok(ActionIn {
            expected_seq,
            action,
        })
    }
}

/// serde reads an internally tagged enum through a buffer and loses the path
/// of a wrongly typed field. The field is the one whose absence changes the
/// answer: then the action either passes or misses exactly that field.
fn name_the_culprit(
    v: &serde_json::Map<String, serde_json::Value>,
) -> Option<(String, Option<WebError>)> {
    v.keys().filter(|k| *k != "action").find_map(|k| {
        let mut without = v.clone();
        without.remove(k);
        match from_json_value::<ActionRequest>(serde_json::Value::Object(without)) {
            Ok(_) => Some((k.clone(), None)),
            Err(WebError::Invalid { field, .. }) if field == *k => Some((k.clone(), None)),
            Err(_) => None,
        }
    })
}

fn wrong_type(field: &str) -> WebError {
    crate::input::invalid(field, Message::new("error-a-value-of-the-wrong"))
}

/// One step of the lifecycle, checked against the user's role and postings.
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/actions", tag = "dossiers", params(("code" = String, Path)), request_body = ActionIn, security(("token" = []), ("session" = [])),
    responses((status = 200, body = DossierOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<serde_json::Map<String, serde_json::Value>>,
) -> Result<Json<DossierOut>, WebError> {
    p.require_write()?;
    let body = ActionIn::from_json(body)?;
    let updated = perform(&state, &p, &code, body.expected_seq, body.action).await?;
    Ok(Json(out(&state, &p, updated, "api:action").await?))
}
