//! The dossier API: intake at the counter, reading, the lifecycle's actions,
//! applicant lookup, and the public status lookup.

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
use motcua_store::{Actor, Applicant, ApplicantRecordUse, DossierRecord, Event, NewDossier};
use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use crate::auth::Principal;
use crate::error::ErrorBody;
use crate::{AppState, WebError};

/// JSON bodies, read strictly: `application/json` only (415), at most the
/// body limit (413), syntax errors 400, and a wrong, missing or unknown field
/// 422 naming it by its path (`applicant.name`).
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, WebError> {
        if !crate::edge::is_json(req.headers().get(axum::http::header::CONTENT_TYPE)) {
            return Err(WebError::UnsupportedMediaType);
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    WebError::TooLarge
                } else {
                    WebError::BadRequest(
                        "Không đọc được nội dung gửi lên / The request body could not be read"
                            .into(),
                    )
                }
            })?;
        from_json_slice(&bytes).map(ApiJson)
    }
}

/// Deserialises JSON, naming the field of a data error by its path.
pub fn from_json_slice<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, WebError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| json_error(e.path().to_string(), e.into_inner()))?;
    de.end().map_err(|e| json_error(String::new(), e))?;
    Ok(value)
}

/// Deserialises a JSON value already read, naming the field of a data error.
pub fn from_json_value<T: serde::de::DeserializeOwned>(
    v: serde_json::Value,
) -> Result<T, WebError> {
    serde_path_to_error::deserialize(v)
        .map_err(|e| json_error(e.path().to_string(), e.into_inner()))
}

fn json_error(path: String, e: serde_json::Error) -> WebError {
    use serde_json::error::Category;
    if matches!(
        e.classify(),
        Category::Syntax | Category::Eof | Category::Io
    ) {
        return WebError::BadRequest(format!(
            "Nội dung không phải JSON hợp lệ / The body is not valid JSON: {e}"
        ));
    }
    let message = e.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message);
    // serde names the offending key in backticks: an unknown field or a
    // missing one is the field itself, not its parent.
    let named = message.split('`').nth(1).unwrap_or_default();
    let path = path.trim_start_matches('.');
    let join = |name: &str| {
        if path.is_empty() {
            name.to_string()
        } else if path.ends_with(name) {
            path.to_string()
        } else {
            format!("{path}.{name}")
        }
    };
    if message.starts_with("unknown field") {
        let field = join(named);
        return crate::input::invalid(
            &field,
            format!("trường \"{named}\" không được chấp nhận"),
            format!("the field \"{named}\" is not accepted"),
        );
    }
    if message.starts_with("unknown variant") {
        return crate::input::invalid(
            if path.is_empty() { "action" } else { path },
            format!("giá trị \"{named}\" không hợp lệ"),
            format!("\"{named}\" is not one of the accepted values"),
        );
    }
    if message.starts_with("missing field") {
        let field = join(named);
        return crate::input::invalid(&field, "cần nhập", "is required");
    }
    let field = if path.is_empty() { "body" } else { path };
    let vi = if message.starts_with("invalid type") {
        "giá trị không đúng kiểu"
    } else {
        "giá trị không hợp lệ"
    };
    crate::input::invalid(field, vi, message)
}

fn one() -> u32 {
    1
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicantIn {
    #[schema(max_length = 200)]
    pub name: String,
    /// CCCD: 12 digits, the first three a province code.
    #[schema(max_length = 20)]
    pub id_number: Option<String>,
    /// A Vietnamese number: 0… or +84…
    #[schema(max_length = 20)]
    pub phone: Option<String>,
    #[schema(max_length = 254)]
    pub email: Option<String>,
    #[serde(default)]
    #[schema(max_length = 300)]
    pub address: String,
}

/// A document handed in at the counter.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ComponentIn {
    #[schema(max_length = 300)]
    pub name: String,
    #[serde(default = "one")]
    #[schema(minimum = 1, maximum = 100)]
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
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Decision {
    Accept,
    Refuse {
        #[schema(max_length = 2000)]
        reasons: String,
    },
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IntakeIn {
    pub center_id: i64,
    #[schema(max_length = 40)]
    pub procedure_code: String,
    /// in-person (default), online or post.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub channel: Option<Channel>,
    pub applicant: ApplicantIn,
    /// When the applicant's identity number is known with other details: why
    /// the shared record should change (a new phone, a new address). Without
    /// it the record stays as it is and the dossier keeps what was given.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub applicant_update_reason: Option<String>,
    #[serde(default)]
    #[schema(max_items = 60)]
    pub components: Vec<ComponentIn>,
    /// Pages of the original, for fees charged per page.
    #[serde(default = "one")]
    #[schema(minimum = 1, maximum = 5000)]
    pub pages: u32,
    #[serde(default = "one")]
    #[schema(minimum = 1, maximum = 100)]
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
    /// In full for those who handle the dossier; identity number, phone,
    /// e-mail and address masked for the others.
    #[schema(value_type = Object)]
    pub applicant: Applicant,
    pub applicant_masked: bool,
    /// The second factor of the public lookup, printed on the receipt (only
    /// for those who handle the dossier).
    pub lookup_pin: Option<String>,
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

/// The dossier as `p` may see it; a full view of personal data is recorded
/// under `purpose`.
async fn out(
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
    use crate::input::{self, max};
    let name = input::required_line("applicant.name", &a.name, max::NAME)?;
    let address = input::line("applicant.address", &a.address, max::ADDRESS)?;
    let id_number = match a
        .id_number
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        Some(v) => {
            let v = input::line("applicant.id_number", v, max::ID_NUMBER)?;
            Some(
                v.parse::<Cccd>()
                    .map_err(|e| {
                        input::invalid("applicant.id_number", e.describe_vi(), e.to_string())
                    })?
                    .to_string(),
            )
        }
        None => None,
    };
    let phone = match a.phone.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => {
            let v = input::line("applicant.phone", v, max::PHONE)?;
            Some(
                v.parse::<Phone>()
                    .map_err(|e| input::invalid("applicant.phone", e.describe_vi(), e.to_string()))?
                    .to_string(),
            )
        }
        None => None,
    };
    Ok(Applicant {
        name,
        id_number,
        phone,
        email: input::email("applicant.email", a.email.as_deref())?,
        address,
    })
}

/// The components handed in, cleaned and within their limits.
fn parse_components(given: Vec<ComponentIn>) -> Result<Vec<ComponentIn>, WebError> {
    use crate::input::{self, max};
    input::at_most("components", &given, max::COMPONENTS)?;
    given
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            Ok(ComponentIn {
                name: input::required_line(
                    &format!("components[{i}].name"),
                    &c.name,
                    max::COMPONENT_NAME,
                )?,
                count: input::within(
                    &format!("components[{i}].count"),
                    c.count,
                    1,
                    max::COMPONENT_COUNT,
                )?,
                original_shown: c.original_shown,
            })
        })
        .collect()
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
    match e {
        LifecycleError::Role { .. } => WebError::Forbidden(format!("{} / {e}", e.describe_vi())),
        LifecycleError::Missing(field) => {
            crate::input::invalid(field, "cần nhập", "must not be empty")
        }
        LifecycleError::EarlierAppointment => {
            crate::input::invalid("appointment", e.describe_vi(), e.to_string())
        }
        LifecycleError::NotFromStatus { .. }
        | LifecycleError::NotDrafted
        | LifecycleError::TooManyExtensions(_) => {
            WebError::Conflict(format!("{} / {e}", e.describe_vi()))
        }
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
    use crate::input::invalid;
    let center = state
        .store
        .center(center_id)
        .await?
        .ok_or_else(|| invalid("center_id", "không có trung tâm này", "no such center"))?;
    let code: motcua_domain::ProcedureCode =
        code.trim().parse().map_err(|e: motcua_domain::CodeError| {
            invalid("procedure_code", e.describe_vi(), e.to_string())
        })?;
    let version = state.store.procedure(&code).await?.ok_or_else(|| {
        invalid(
            "procedure_code",
            format!("không có thủ tục {code}"),
            format!("no procedure {code}"),
        )
    })?;
    if !state.store.jurisdiction(center.id).await?.contains(&code) {
        return Err(invalid(
            "procedure_code",
            format!("trung tâm không tiếp nhận thủ tục {code}"),
            format!("this center does not receive {code}"),
        ));
    }
    Ok((center, version))
}

/// The client's `Idempotency-Key`, scoped to who sent it; a key that is too
/// long or not printable is refused rather than ignored.
pub fn idempotency_key(headers: &HeaderMap, scope: &str) -> Result<Option<String>, WebError> {
    let Some(v) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = v.to_str().ok().map(str::trim).filter(|k| {
        !k.is_empty()
            && k.len() <= crate::input::max::IDEMPOTENCY_KEY
            && k.bytes().all(|b| b.is_ascii_graphic())
    });
    match key {
        Some(k) => Ok(Some(format!("{scope}:{k}"))),
        None => Err(crate::input::invalid(
            "Idempotency-Key",
            format!(
                "từ 1 đến {} ký tự in được",
                crate::input::max::IDEMPOTENCY_KEY
            ),
            format!(
                "1 to {} printable characters",
                crate::input::max::IDEMPOTENCY_KEY
            ),
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

/// Receives (or refuses) a dossier at the counter, as the API and the counter
/// page both do it.
pub async fn receive(
    state: &AppState,
    p: &Principal,
    body: IntakeIn,
    idempotency: Option<String>,
) -> Result<DossierRecord, WebError> {
    use crate::input::{self, max};
    let (center, version) =
        center_and_procedure(state, body.center_id, &body.procedure_code).await?;
    let code = version.procedure.code.clone();
    let roles = p.roles_at(center.id);
    if !roles.iter().any(|r| r.works_at_counter()) {
        return Err(WebError::Forbidden("Chỉ cán bộ tiếp nhận của trung tâm này được nhận hồ sơ / Only this center's reception staff may receive".into()));
    }
    let procedure = &version.procedure;
    let channel = body.channel.unwrap_or(Channel::InPerson);
    if !procedure.channels.contains(&channel) {
        return Err(input::invalid(
            "channel",
            format!(
                "thủ tục không nhận qua kênh {}",
                channel.label(motcua_domain::Locale::Vi)
            ),
            format!(
                "not offered through {}",
                channel.label(motcua_domain::Locale::En)
            ),
        ));
    }
    let applicant = parse_applicant(body.applicant)?;
    let components = parse_components(body.components)?;
    let pages = input::within("pages", body.pages, 1, max::PAGES)?;
    let copies = input::within("copies", body.copies, 1, max::COPIES)?;
    let applicant_record = match body.applicant_update_reason.as_deref() {
        Some(r) if !r.trim().is_empty() => ApplicantRecordUse::Update {
            account_id: p.account.id,
            reason: input::required_line("applicant_update_reason", r, max::REASON)?,
        },
        _ => ApplicantRecordUse::LinkOrCreate,
    };
    if applicant_record == ApplicantRecordUse::LinkOrCreate {
        same_person_or_reason(state, p, &applicant).await?;
    }
    let now = state.now();
    let cal = state.calendar(&center.office_hours);
    let action = match body.decision {
        Decision::Accept => {
            let missing = missing_components(procedure, &components);
            if !missing.is_empty() {
                let list = missing.join("; ");
                return Err(input::invalid(
                    "components",
                    format!("thiếu giấy tờ bắt buộc: {list}"),
                    format!("mandatory documents missing: {list}"),
                ));
            }
            let appointment = to_timestamp(cal.due(from_timestamp(now), procedure.time_limit));
            Action::Accept { appointment }
        }
        Decision::Refuse { reasons } => Action::Refuse {
            reasons: input::required_text("reasons", &reasons, max::REASON)?,
        },
    };
    let to = motcua_domain::dossier::lifecycle::State::default()
        .decide(&action, &roles, &Rules::default())
        .map_err(lifecycle_error)?;
    let fee = procedure.fee.amount(pages) * i64::from(copies);
    let details = serde_json::json!({
        "components": components,
        "pages": pages,
        "copies": copies,
        "fee": fee,
        "result_channel": body.result_channel,
        "time_limit": procedure.time_limit,
        "procedure_name": procedure.name,
    });
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
            idempotency_key: idempotency,
            applicant_record,
        })
        .await?;
    Ok(record)
}

/// A CCCD is one person's. Known under another name, it is a typing mistake
/// (of the number or the name) or a change of name: the officer corrects
/// one, or gives the reason the applicant's record changes. Never both
/// people's details mixed on one record.
async fn same_person_or_reason(
    state: &AppState,
    p: &Principal,
    applicant: &motcua_store::Applicant,
) -> Result<(), WebError> {
    let Some(id) = applicant.id_number.as_deref() else {
        return Ok(());
    };
    let fold = motcua_domain::text::fold;
    let known = state.store.find_applicants(id).await?;
    let Some(other) = known.iter().find(|r| {
        r.applicant.id_number.as_deref() == Some(id)
            && fold(&r.applicant.name) != fold(&applicant.name)
    }) else {
        return Ok(());
    };
    // Staff who may receive may also look the number up; the read is logged
    // as that lookup would be.
    crate::privacy::record(state, p, None, id, "intake:cccd-check").await?;
    Err(crate::input::invalid(
        "applicant.id_number",
        format!(
            "số này đã được ghi cho người nộp tên «{}». Kiểm tra lại số CCCD và họ tên; nếu người nộp đã đổi tên, ghi lý do cập nhật hồ sơ người nộp",
            other.applicant.name
        ),
        format!(
            "this number is already recorded for an applicant named «{}». Check the number and the name; if the applicant changed name, give the reason for updating the applicant's record",
            other.applicant.name
        ),
    ))
}

async fn readable(state: &AppState, p: &Principal, code: &str) -> Result<DossierRecord, WebError> {
    if code.len() > crate::input::max::CODE {
        return Err(WebError::NotFound);
    }
    let d = state
        .store
        .dossier(code.trim())
        .await?
        .ok_or(WebError::NotFound)?;
    // A dossier of another center is "not found", not "forbidden": no probing.
    if p.can_read(&d) {
        Ok(d)
    } else {
        Err(WebError::NotFound)
    }
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

/// One lifecycle action as a person asks for it. What the law or the calendar
/// decides (the appointment at acceptance, the appointment moved by a
/// supplement's wait) is not asked: it is computed.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(tag = "action", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ActionRequest {
    /// Reception accepts an online submission; the legal time starts now.
    Accept {},
    HandOver {
        /// The agency's electronic identifier (`000.30.01.H92`).
        #[schema(max_length = 40)]
        to_agency: String,
        /// A specialist or leader posted at a center of that agency.
        #[serde(default)]
        to_account: Option<i64>,
        #[serde(default)]
        #[schema(max_length = 2000)]
        note: String,
    },
    RequestSupplement {
        #[schema(max_items = 30)]
        items: Vec<String>,
        #[schema(max_length = 2000)]
        reason: String,
    },
    /// The supplement came in: the appointment moves by the working time waited.
    ReceiveSupplement {},
    RequestPayment {
        /// In đồng, more than 0.
        #[schema(minimum = 1, maximum = 100_000_000_000i64)]
        amount: i64,
        #[serde(default)]
        #[schema(max_length = 2000)]
        note: String,
    },
    ConfirmPayment {},
    DraftResult {
        #[schema(max_length = 4000)]
        summary: String,
    },
    RejectDraft {
        #[schema(max_length = 2000)]
        reason: String,
    },
    Approve {},
    /// An apology and a new appointment for the citizen (Mẫu 04); the dossier
    /// still counts as late against its legal appointment.
    Extend {
        appointment: Timestamp,
        #[schema(max_length = 2000)]
        reason: String,
    },
    Withdraw {
        #[schema(max_length = 2000)]
        reason: String,
    },
    Stop {
        #[schema(max_length = 2000)]
        reason: String,
    },
    Digitize {},
    IssueEResult {},
    Return {
        #[schema(max_length = 200)]
        received_by: String,
        #[serde(default)]
        by_post: bool,
    },
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
                    "phải là số nguyên",
                    "must be an integer",
                ))
            }
            None => {
                return Err(crate::input::invalid(
                    "expected_seq",
                    "cần nhập",
                    "is required",
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
    crate::input::invalid(
        field,
        "giá trị không đúng kiểu",
        "a value of the wrong type",
    )
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

/// The domain's action for a request: texts cleaned and bounded, references
/// checked, and what the calendar decides computed.
async fn decide_action(
    state: &AppState,
    d: &DossierRecord,
    cal: &WorkCalendar,
    procedure: &Procedure,
    now: Timestamp,
    req: ActionRequest,
) -> Result<Action, WebError> {
    use crate::input::{self, invalid, max};
    let reason = |r: &str| input::required_text("reason", r, max::REASON);
    Ok(match req {
        ActionRequest::Accept {} => Action::Accept {
            appointment: to_timestamp(cal.due(from_timestamp(now), procedure.time_limit)),
        },
        ActionRequest::HandOver {
            to_agency,
            to_account,
            note,
        } => {
            let to_agency: motcua_domain::AgencyCode =
                to_agency
                    .trim()
                    .parse()
                    .map_err(|e: motcua_domain::CodeError| {
                        invalid("to_agency", e.describe_vi(), e.to_string())
                    })?;
            if !state
                .store
                .agencies()
                .await?
                .iter()
                .any(|a| a.code == to_agency)
            {
                return Err(invalid(
                    "to_agency",
                    format!("không có cơ quan {to_agency}"),
                    format!("no agency {to_agency}"),
                ));
            }
            if let Some(account) = to_account {
                if !settles_for(state, account, &to_agency, now).await? {
                    return Err(invalid(
                        "to_account",
                        format!("không có chuyên viên hay lãnh đạo số {account} đang công tác tại {to_agency}"),
                        format!("no specialist or leader {account} is posted at {to_agency}"),
                    ));
                }
            }
            Action::HandOver {
                to_agency,
                to_account,
                note: input::line("note", &note, max::NOTE)?,
            }
        }
        ActionRequest::RequestSupplement { items, reason: why } => {
            input::at_most("items", &items, max::ITEMS)?;
            let items = items
                .iter()
                .enumerate()
                .map(|(i, item)| input::line(&format!("items[{i}]"), item, max::ITEM))
                .filter(|r| !matches!(r, Ok(s) if s.is_empty()))
                .collect::<Result<Vec<_>, _>>()?;
            if items.is_empty() {
                return Err(invalid(
                    "items",
                    "cần nêu ít nhất một giấy tờ",
                    "name at least one document",
                ));
            }
            Action::RequestSupplement {
                items,
                reason: reason(&why)?,
            }
        }
        ActionRequest::ReceiveSupplement {} => {
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
                    cal,
                    from_timestamp(a),
                    waited,
                ))
            });
            Action::ReceiveSupplement { appointment }
        }
        ActionRequest::RequestPayment { amount, note } => {
            if !(1..=max::AMOUNT).contains(&amount) {
                return Err(invalid(
                    "amount",
                    format!("phải từ 1 đến {} đồng", crate::pages::num(&max::AMOUNT)),
                    format!("must be between 1 and {} đồng", max::AMOUNT),
                ));
            }
            Action::RequestPayment {
                amount: motcua_domain::Vnd(amount),
                note: input::line("note", &note, max::NOTE)?,
            }
        }
        ActionRequest::ConfirmPayment {} => Action::ConfirmPayment,
        ActionRequest::DraftResult { summary } => Action::DraftResult {
            summary: input::required_text("summary", &summary, max::SUMMARY)?,
        },
        ActionRequest::RejectDraft { reason: why } => Action::RejectDraft {
            reason: reason(&why)?,
        },
        ActionRequest::Approve {} => Action::Approve,
        ActionRequest::Extend {
            appointment,
            reason: why,
        } => {
            // A new appointment within a year of now: a date typed wrong is caught here.
            if appointment <= now || appointment > now + jiff::SignedDuration::from_hours(24 * 366)
            {
                return Err(invalid(
                    "appointment",
                    "phải sau bây giờ và trong vòng một năm",
                    "must be after now and within a year",
                ));
            }
            Action::Extend {
                appointment,
                reason: reason(&why)?,
            }
        }
        ActionRequest::Withdraw { reason: why } => Action::Withdraw {
            reason: reason(&why)?,
        },
        ActionRequest::Stop { reason: why } => Action::Stop {
            reason: reason(&why)?,
        },
        ActionRequest::Digitize {} => Action::Digitize,
        ActionRequest::IssueEResult {} => Action::IssueEResult,
        ActionRequest::Return {
            received_by,
            by_post,
        } => Action::Return {
            received_by: input::required_line("received_by", &received_by, max::NAME)?,
            by_post,
        },
    })
}

/// Whether an account is a specialist or leader posted today at a center of `agency`.
async fn settles_for(
    state: &AppState,
    account: i64,
    agency: &motcua_domain::AgencyCode,
    now: Timestamp,
) -> Result<bool, WebError> {
    let Some(a) = state
        .store
        .account_by_id(account)
        .await?
        .filter(|a| a.active)
    else {
        return Ok(false);
    };
    let today = from_timestamp(now).date();
    Ok(state
        .store
        .postings_of(a.id, today)
        .await?
        .iter()
        .any(|p| &p.agency_code == agency && p.role.settles_dossiers()))
}

/// Checks and records one lifecycle action on a dossier, as the API and the
/// dossier page both do it.
pub async fn perform(
    state: &AppState,
    p: &Principal,
    code: &str,
    expected_seq: i64,
    req: ActionRequest,
) -> Result<DossierRecord, WebError> {
    let d = readable(state, p, code).await?;
    let center = state
        .store
        .center(d.center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let cal = state.calendar(&center.office_hours);
    let now = state.now();
    let procedure = state
        .store
        .procedure_versions(&d.procedure_code)
        .await?
        .into_iter()
        .find(|v| v.id == d.procedure_version_id)
        .ok_or(WebError::NotFound)?
        .procedure;
    let roles = p.roles_for(&d);
    // The request's fields are checked before the role: only someone who may
    // read the dossier gets this far, so naming a wrong field reveals nothing.
    let action = decide_action(state, &d, &cal, &procedure, now, req).await?;
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
#[serde(deny_unknown_fields)]
pub struct SubmissionIn {
    pub center_id: i64,
    #[schema(max_length = 40)]
    pub procedure_code: String,
    pub applicant: ApplicantIn,
    /// The documents attached (their names; files come with digitisation).
    #[serde(default)]
    #[schema(max_items = 60)]
    pub components: Vec<ComponentIn>,
    #[serde(default)]
    pub result_channel: ResultChannel,
}

/// What a citizen gets back after submitting: the status, and the PIN that
/// with the code lets them follow the dossier.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SubmissionOut {
    #[serde(flatten)]
    pub status: PublicStatus,
    pub lookup_pin: String,
}

/// Counts a public request of `client`; too many in a minute get 429.
fn public_request(state: &AppState, client: &str) -> Result<(), WebError> {
    let now = state.now();
    let t = &state.throttles.public_client;
    t.check(client, now).map_err(WebError::too_many)?;
    t.record(client, now);
    Ok(())
}

/// A citizen submits a dossier online: it is registered (status 1) until the
/// center's reception accepts it, which starts the legal time. The details
/// stay with the dossier; the applicant record the counter uses is not
/// touched. Submissions are limited per client address (429).
#[utoipa::path(post, path = "/api/v1/submissions", tag = "public", request_body = SubmissionIn,
    params(("Idempotency-Key" = Option<String>, Header, description = "a client key for this submission")),
    responses((status = 201, body = SubmissionOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody, headers(("Retry-After" = i64, description = "seconds to wait")))))]
pub async fn submit(
    State(state): State<AppState>,
    crate::auth::ClientIp(client): crate::auth::ClientIp,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SubmissionIn>,
) -> Result<Response, WebError> {
    public_request(&state, &client)?;
    let now = state.now();
    state
        .throttles
        .submit_client
        .check(&client, now)
        .map_err(WebError::too_many)?;
    let (center, version) =
        center_and_procedure(&state, body.center_id, &body.procedure_code).await?;
    let code = version.procedure.code.clone();
    if !version.procedure.channels.contains(&Channel::Online) {
        return Err(crate::input::invalid(
            "procedure_code",
            format!("thủ tục {code} không nhận hồ sơ trực tuyến"),
            format!("{code} is not offered online"),
        ));
    }
    let applicant = parse_applicant(body.applicant)?;
    let components = parse_components(body.components)?;
    let to = motcua_domain::dossier::lifecycle::State::default()
        .decide(&Action::Submit, &[], &Rules::default())
        .map_err(lifecycle_error)?;
    // A key is the citizen's own: scoped by who they say they are and what
    // they submit, so another citizen's same key opens another dossier.
    let person = hex::encode(sha2::Sha256::digest(
        format!(
            "{}|{}|{}|{}",
            center.id,
            code,
            applicant.id_number.as_deref().unwrap_or_default(),
            applicant.phone.as_deref().unwrap_or_default()
        )
        .as_bytes(),
    ));
    let idempotency = idempotency_key(&headers, &format!("online:{}", &person[..32]))?;
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
                "components": components,
                "result_channel": body.result_channel,
                "time_limit": version.procedure.time_limit,
                "procedure_name": version.procedure.name,
                "fee": version.procedure.fee.amount(1),
            }),
            at: now,
            actor: None,
            action: Action::Submit,
            to,
            idempotency_key: idempotency,
            applicant_record: ApplicantRecordUse::Detached,
        })
        .await?;
    state.throttles.submit_client.record(&client, now);
    let pin = crate::privacy::lookup_pin(state.lookup_key().await?, &record.code);
    Ok((
        StatusCode::CREATED,
        Json(SubmissionOut {
            status: public_view(&record),
            lookup_pin: pin,
        }),
    )
        .into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApplicantQuery {
    /// A CCCD or phone number.
    pub key: String,
}

/// A returning applicant by CCCD or phone number (the reading is recorded).
#[utoipa::path(get, path = "/api/v1/applicants", tag = "dossiers", params(ApplicantQuery), security(("token" = []), ("session" = [])),
    responses((status = 200, body = Vec<Object>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn applicants(
    State(state): State<AppState>,
    p: Principal,
    Query(q): Query<ApplicantQuery>,
) -> Result<Response, WebError> {
    // Only the counter prefills a returning applicant; anyone else finding a
    // person province-wide by a phone number would go beyond their dossiers.
    if !p.postings.iter().any(|x| x.role.works_at_counter()) {
        return Err(WebError::Forbidden(
            "Chỉ cán bộ tiếp nhận được tra cứu người nộp / Only counter staff look up applicants"
                .into(),
        ));
    }
    let key = q.key.trim();
    let digits = key
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .count();
    if !(9..=crate::input::max::ID_NUMBER).contains(&digits)
        || key.len() > 2 * crate::input::max::ID_NUMBER
    {
        return Err(crate::input::invalid(
            "key",
            "nhập số CCCD hoặc số điện thoại",
            "give a CCCD or phone number",
        ));
    }
    let key = key
        .parse::<Phone>()
        .map(|ph| ph.to_string())
        .or_else(|_| key.parse::<Cccd>().map(|c| c.to_string()))
        .unwrap_or_else(|_| key.to_string());
    let found = state.store.find_applicants(&key).await?;
    if !found.is_empty() {
        crate::privacy::record(&state, &p, None, &key, "api:applicants").await?;
    }
    Ok(Json(found).into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LookupQuery {
    /// The dossier code on the receipt.
    pub code: String,
    /// The six-digit lookup PIN on the receipt.
    pub pin: Option<String>,
    /// Or the last four (or more) digits of the applicant's phone number.
    pub phone: Option<String>,
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

/// The public status of a dossier, for whoever holds its receipt: the code
/// and its PIN (or the phone's last digits). Wrong tries are limited per code
/// and per client address (429 with `Retry-After`).
#[utoipa::path(get, path = "/api/v1/lookup", tag = "public", params(LookupQuery),
    responses((status = 200, body = PublicStatus), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody, headers(("Retry-After" = i64, description = "seconds to wait")))))]
pub async fn lookup(
    State(state): State<AppState>,
    crate::auth::ClientIp(client): crate::auth::ClientIp,
    Query(q): Query<LookupQuery>,
) -> Result<Json<PublicStatus>, WebError> {
    Ok(Json(
        public_status(
            &state,
            &client,
            &q.code,
            q.pin.as_deref(),
            q.phone.as_deref(),
        )
        .await?,
    ))
}

fn public_view(d: &DossierRecord) -> PublicStatus {
    let status = d.state.status.unwrap_or(Status::Registered);
    PublicStatus {
        code: d.code.clone(),
        procedure: d
            .details
            .get("procedure_name")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string(),
        status: status.number(),
        status_label: status.label(motcua_domain::Locale::Vi),
        status_label_en: status.label(motcua_domain::Locale::En),
        received_on: from_timestamp(d.received_at).date(),
        appointment: d.state.appointment,
    }
}

/// The status the receipt's holder may see, or one error for any mismatch.
pub async fn public_status(
    state: &AppState,
    client: &str,
    code: &str,
    pin: Option<&str>,
    phone: Option<&str>,
) -> Result<PublicStatus, WebError> {
    use crate::input::invalid;
    public_request(state, client)?;
    let now = state.now();
    let code = code.trim().to_uppercase();
    if code.is_empty() {
        return Err(invalid("code", "cần nhập", "is required"));
    }
    if code.chars().count() > crate::input::max::CODE {
        return Err(invalid(
            "code",
            "không phải mã hồ sơ",
            "is not a dossier code",
        ));
    }
    let t = &state.throttles;
    let code_client = format!("{code}|{client}");
    t.lookup_client
        .check(client, now)
        .map_err(WebError::too_many)?;
    t.lookup_code_client
        .check(&code_client, now)
        .map_err(WebError::too_many)?;
    t.lookup_code
        .check(&code, now)
        .map_err(WebError::too_many)?;
    let digits = |s: Option<&str>| -> String {
        s.unwrap_or_default()
            .chars()
            .filter(char::is_ascii_digit)
            .collect()
    };
    let (pin, phone) = (digits(pin), digits(phone));
    if pin.is_empty() && phone.is_empty() {
        return Err(invalid(
            "pin",
            "nhập mã tra cứu 6 số trên giấy hẹn (hoặc 4 số cuối điện thoại)",
            "give the 6-digit PIN on the receipt (or the phone's last 4 digits)",
        ));
    }
    if !pin.is_empty() && pin.len() != 6 {
        return Err(invalid("pin", "gồm 6 chữ số", "has 6 digits"));
    }
    if pin.is_empty() && !(4..=11).contains(&phone.len()) {
        return Err(invalid(
            "phone",
            "nhập ít nhất 4 số cuối",
            "give at least the last 4 digits",
        ));
    }
    // One answer for "no such code" and "wrong second factor": codes cannot be probed.
    let refused = || {
        t.lookup_code_client.record(&code_client, now);
        t.lookup_code.record(&code, now);
        t.lookup_client.record(client, now);
        WebError::Unauthenticated(
            "Không tìm thấy hồ sơ với mã và mã tra cứu này / No dossier with this code and PIN"
                .into(),
        )
    };
    let key = state.lookup_key().await?;
    let Some(d) = state.store.dossier(&code).await? else {
        return Err(refused());
    };
    let matches = if pin.is_empty() {
        d.applicant
            .phone
            .as_deref()
            .is_some_and(|p| p.ends_with(&phone))
    } else {
        crate::privacy::same_secret(&pin, &crate::privacy::lookup_pin(key, &d.code))
    };
    if !matches {
        return Err(refused());
    }
    Ok(public_view(&d))
}
