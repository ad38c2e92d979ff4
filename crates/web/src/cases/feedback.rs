//! Citizens' opinions and complaints (PAKN): anyone sends one, about a
//! dossier (its code and the receipt's PIN) or about a center, through a
//! guarded form (`guard.rs`); the sender follows it with its code and a key
//! made from the code with the deployment's key (nothing to store), gives
//! the information asked for, and rates the answer. At the center the
//! leader assigns it to an officer; the officer (or the leader) refuses it,
//! asks for information or answers; the leader publishes the answer on the
//! portal with personal data removed, or closes it. Each step is the
//! domain's decision (`domain::feedback`) written as one guarded transaction.

use hmac::{Hmac, Mac};
use jiff::{SignedDuration, Timestamp};
use motcua_calendar::{from_timestamp, to_timestamp};
use motcua_domain::feedback::counts::{indicators, Counted, Indicators};
use motcua_domain::feedback::redact::redact;
use motcua_domain::feedback::{
    deadlines, decide, late_stages, pending, Category, Deadlines, Stage, Step, Workflow,
    REPEAT_WINDOW_DAYS,
};
use motcua_domain::i18n::Message;
use motcua_domain::org::Role;
use motcua_domain::queue::rating::Satisfaction;
use motcua_store::{
    AccountId, CenterId, FeedbackChange, FeedbackFilter, FeedbackRecord, NewFeedback,
};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::auth::Principal;
use crate::input::{self, max};
use crate::{guard, AppState, WebError};

/// The name of the public form, for `guard.rs`.
pub const FORM: &str = "feedback";
/// The longest opinion or complaint, answer or reply.
pub const MAX_TEXT: usize = 4000;

/// An opinion or complaint as the sender fills it in.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendIn {
    /// The center it is about (not needed when a dossier is named).
    #[serde(default)]
    pub center_id: Option<CenterId>,
    /// A dossier of the sender's: its code and the PIN on the receipt.
    #[serde(default)]
    #[schema(max_length = 40)]
    pub dossier_code: Option<String>,
    #[serde(default)]
    #[schema(max_length = 12)]
    pub pin: Option<String>,
    /// attitude, delay, procedure, digital, postal or other.
    #[schema(max_length = 40)]
    pub category: String,
    #[schema(max_length = 4000)]
    pub content: String,
    #[schema(max_length = 200)]
    pub name: String,
    /// A phone number or an e-mail address (one at least).
    #[serde(default)]
    #[schema(max_length = 20)]
    pub phone: Option<String>,
    #[serde(default)]
    #[schema(max_length = 254)]
    pub email: Option<String>,
    /// From `GET /api/v1/feedback/form-token`, at least 3 s old.
    #[schema(max_length = 100)]
    pub form_token: String,
    /// Must stay empty.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub website: String,
}

/// What the sender keeps to follow it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SentOut {
    pub code: String,
    /// The tracking key (with the code, it opens the tracking page).
    pub key: String,
    /// The tracking page's path.
    pub link: String,
}

/// The tracking key of a PAKN code under the deployment's key.
pub fn tracking_key(key: &[u8], code: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(b"feedback:");
    mac.update(code.as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..10])
}

pub async fn link(state: &AppState, code: &str) -> Result<String, WebError> {
    let key = tracking_key(state.lookup_key().await?, code);
    Ok(format!("/phan-anh/{code}?k={key}"))
}

fn parse_category(text: &str) -> Result<Category, WebError> {
    if text.chars().count() > 40 {
        return Err(input::invalid(
            "category",
            Message::new("error-feedback-category"),
        ));
    }
    Category::parse(text.trim())
        .ok_or_else(|| input::invalid("category", Message::new("error-feedback-category")))
}

/// A digest of the sender's contact, to find a repeated PAKN.
fn contact_key(phone: Option<&str>, email: Option<&str>) -> String {
    match (phone, email) {
        (Some(p), _) => crate::auth::digest(&format!("pakn-contact:{p}")),
        (None, Some(e)) => crate::auth::digest(&format!("pakn-contact:{}", e.to_lowercase())),
        (None, None) => String::new(),
    }
}

/// Sends an opinion or complaint: the guard, then each field, then one write.
pub async fn send(state: &AppState, client: &str, body: &SendIn) -> Result<SentOut, WebError> {
    guard::check(state, client, FORM, &body.form_token, &body.website).await?;
    super::lookup::public_request(state, client)?;
    let category = parse_category(&body.category)?;
    let content = input::required_text("content", &body.content, MAX_TEXT)?;
    let name = input::required_line("name", &body.name, max::NAME)?;
    let phone = match body
        .phone
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        Some(p) if p.chars().count() > max::PHONE => {
            return Err(input::invalid(
                "phone",
                Message::new("error-feedback-contact"),
            ))
        }
        Some(p) => Some(
            p.parse::<motcua_domain::person::Phone>()
                .map_err(|e| input::invalid("phone", e.message()))?
                .to_string(),
        ),
        None => None,
    };
    let email = input::email("email", body.email.as_deref())?;
    if phone.is_none() && email.is_none() {
        return Err(input::invalid(
            "phone",
            Message::new("error-feedback-contact"),
        ));
    }
    let code = body
        .dossier_code
        .as_deref()
        .map(str::trim)
        .unwrap_or_default();
    let (center_id, dossier_id) = if code.is_empty() {
        let id = body.center_id.ok_or_else(|| {
            input::invalid(
                "center_id",
                Message::new("error-feedback-center-or-dossier"),
            )
        })?;
        state.store.center(id).await?.ok_or_else(|| {
            input::invalid("center_id", Message::new("error-feedback-not-a-center"))
        })?;
        (id, None)
    } else {
        let d = super::lookup::holders_dossier(state, client, code, body.pin.as_deref(), None)
            .await
            .map_err(|e| match e {
                WebError::Unauthenticated(_) => {
                    input::invalid("pin", Message::new("error-feedback-dossier-no-match"))
                }
                other => other,
            })?;
        (d.center_id, Some(d.id))
    };
    let now = state.now();
    let record = state
        .store
        .create_feedback(
            &NewFeedback {
                center_id,
                day: from_timestamp(now).date(),
                dossier_id,
                category,
                content,
                sender_name: name,
                contact_key: contact_key(phone.as_deref(), email.as_deref()),
                sender_phone: phone,
                sender_email: email,
                received_at: now,
            },
            now - SignedDuration::from_hours(24 * REPEAT_WINDOW_DAYS),
        )
        .await?;
    let key = tracking_key(state.lookup_key().await?, &record.code);
    Ok(SentOut {
        link: format!("/phan-anh/{}?k={key}", record.code),
        code: record.code,
        key,
    })
}

/// The PAKN behind a tracking link, if its key is right; one answer ("not
/// found") for a wrong key and an unknown code, and wrong keys are limited.
pub async fn tracked(
    state: &AppState,
    client: &str,
    code: &str,
    key: &str,
) -> Result<FeedbackRecord, WebError> {
    super::lookup::public_request(state, client)?;
    let now = state.now();
    let t = &state.throttles.feedback_key_client;
    t.check(client, now).map_err(WebError::too_many)?;
    let code = code.trim();
    let right = tracking_key(state.lookup_key().await?, code);
    if code.len() > max::CODE || !crate::privacy::same_secret(key.trim(), &right) {
        t.record(client, now);
        return Err(WebError::NotFound);
    }
    state.store.feedback(code).await?.ok_or(WebError::NotFound)
}

/// What the sender sees: the status, the deadline, the answer; never the
/// officers' names or the history.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TrackOut {
    pub code: String,
    pub center: String,
    pub category: String,
    pub status: String,
    pub status_label: &'static str,
    pub status_label_en: &'static str,
    pub received_at: Timestamp,
    /// The answer's deadline; none while the sender is asked for information.
    pub answer_by: Option<Timestamp>,
    pub info_request: Option<String>,
    pub refusal_reason: Option<String>,
    pub answer: Option<String>,
    pub rating: Option<String>,
    /// The answer may be rated now.
    pub rateable: bool,
}

pub async fn track_view(state: &AppState, f: &FeedbackRecord) -> Result<TrackOut, WebError> {
    let d = deadlines_of(state, f).await?;
    let w = &f.workflow;
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    Ok(TrackOut {
        code: f.code.clone(),
        center: f.center_name.clone(),
        category: f.category.code().into(),
        status: w.status.code().into(),
        status_label: w.status.label(motcua_domain::Locale::Vi),
        status_label_en: w.status.label(motcua_domain::Locale::En),
        received_at: w.received_at,
        answer_by: d.answer_by,
        info_request: (w.status == motcua_domain::feedback::FeedbackStatus::WaitingInfo)
            .then(|| w.info_request.clone()),
        refusal_reason: some(&w.refusal_reason),
        answer: some(&w.answer),
        rating: w.rating.map(|r| r.code().to_string()),
        rateable: rateable(w),
    })
}

pub fn rateable(w: &Workflow) -> bool {
    w.answered_at.is_some()
        && w.rating.is_none()
        && w.status != motcua_domain::feedback::FeedbackStatus::Refused
}

/// The deadlines of a PAKN under its center's calendar.
pub async fn deadlines_of(state: &AppState, f: &FeedbackRecord) -> Result<Deadlines, WebError> {
    let center = state
        .store
        .center(f.center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let cal = state.calendar(&center.office_hours);
    Ok(deadlines(&f.workflow, &cal))
}

async fn step(
    state: &AppState,
    f: &FeedbackRecord,
    expected_version: i64,
    step: Step,
    actor: Option<AccountId>,
    note: &str,
) -> Result<FeedbackRecord, WebError> {
    let center = state
        .store
        .center(f.center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let cal = state.calendar(&center.office_hours);
    let now = state.now();
    let workflow =
        decide(&f.workflow, &step, now, &cal).map_err(|e| WebError::Conflict(e.message()))?;
    Ok(state
        .store
        .change_feedback(
            f.id,
            expected_version,
            &FeedbackChange {
                workflow,
                step: step.code().into(),
                actor_id: actor,
                note: note.chars().take(max::NOTE).collect(),
                at: now,
            },
        )
        .await?)
}

/// The sender gives the information asked for.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InfoIn {
    #[schema(max_length = 4000)]
    pub reply: String,
}

pub async fn give_info(
    state: &AppState,
    f: &FeedbackRecord,
    body: &InfoIn,
) -> Result<FeedbackRecord, WebError> {
    let reply = input::required_text("reply", &body.reply, MAX_TEXT)?;
    step(state, f, f.version, Step::GiveInfo { reply }, None, "").await
}

/// The sender rates the answer.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackRateIn {
    /// very-satisfied, satisfied or not-satisfied.
    #[schema(max_length = 20)]
    pub rating: String,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub comment: String,
}

pub async fn rate(
    state: &AppState,
    client: &str,
    f: &FeedbackRecord,
    body: &FeedbackRateIn,
) -> Result<FeedbackRecord, WebError> {
    let now = state.now();
    let t = &state.throttles.rating_client;
    t.check(client, now).map_err(WebError::too_many)?;
    t.record(client, now);
    let rating = Satisfaction::parse(body.rating.trim())
        .filter(|_| body.rating.len() <= 40)
        .ok_or_else(|| input::invalid("rating", Message::new("error-rating-choice")))?;
    let comment = input::line_text("comment", &body.comment, max::NOTE)?;
    step(
        state,
        f,
        f.version,
        Step::Rate { rating, comment },
        None,
        "",
    )
    .await
}

/// A PAKN `p` may read: the staff posted at its center, and those who
/// oversee; for anyone else it does not exist.
pub async fn readable(
    state: &AppState,
    p: &Principal,
    code: &str,
) -> Result<FeedbackRecord, WebError> {
    if code.len() > max::CODE {
        return Err(WebError::NotFound);
    }
    let f = state
        .store
        .feedback(code.trim())
        .await?
        .ok_or(WebError::NotFound)?;
    if reads_center(p, f.center_id) {
        Ok(f)
    } else {
        Err(WebError::NotFound)
    }
}

pub fn reads_center(p: &Principal, center: CenterId) -> bool {
    p.sees_everything() || p.postings.iter().any(|x| x.center_id == center)
}

/// Whether `p` sees the sender's contact details: the center's staff who
/// handle PAKN (its leader and the assigned officer), not those who oversee.
pub fn sees_sender(p: &Principal, f: &FeedbackRecord) -> bool {
    is_leader(p, f.center_id) || f.workflow.assigned_to == Some(p.account.id)
}

pub fn is_leader(p: &Principal, center: CenterId) -> bool {
    p.roles_at(center).contains(&Role::Leader)
}

/// A step taken by the center's staff.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackActionIn {
    /// assign, refuse, ask-info, answer, publish or close.
    #[schema(max_length = 20)]
    pub action: String,
    /// The version read (`version` of the PAKN): a step on a stale read is refused.
    pub expected_version: i64,
    /// For assign: the officer's account.
    #[serde(default)]
    pub to_account: Option<AccountId>,
    /// The reason (refuse), the information needed (ask-info), the answer (answer).
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub text: String,
    /// For publish: the texts to publish (default: the PAKN and its answer);
    /// personal data is removed from them either way.
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub question: Option<String>,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub answer: Option<String>,
}

/// Who may take each step: the leader assigns, publishes and closes; the
/// officer assigned (or the leader) refuses, asks for information, answers.
pub async fn act(
    state: &AppState,
    p: &Principal,
    code: &str,
    body: &FeedbackActionIn,
) -> Result<FeedbackRecord, WebError> {
    let f = readable(state, p, code).await?;
    p.require_write()?;
    let leader = is_leader(p, f.center_id);
    let handler = leader || f.workflow.assigned_to == Some(p.account.id);
    let need = |ok: bool, key: &'static str| {
        if ok {
            Ok(())
        } else {
            Err(WebError::Forbidden(Message::new(key)))
        }
    };
    let text = |field: &str| input::required_text(field, &body.text, MAX_TEXT);
    let me = Some(p.account.id);
    let s = match body.action.trim() {
        "assign" => {
            need(leader, "denied-feedback-leader")?;
            let to = body
                .to_account
                .ok_or_else(|| input::invalid("to_account", Message::new("error-required")))?;
            let today = from_timestamp(state.now()).date();
            let here = state
                .store
                .postings_of(to, today)
                .await?
                .iter()
                .any(|x| x.center_id == f.center_id);
            if !here {
                return Err(input::invalid(
                    "to_account",
                    Message::new("error-feedback-not-staff-here"),
                ));
            }
            Step::Assign { to }
        }
        "refuse" => {
            need(handler, "denied-feedback-handler")?;
            Step::Refuse {
                reason: text("reason")?,
            }
        }
        "ask-info" => {
            need(handler, "denied-feedback-handler")?;
            Step::AskInfo {
                request: text("request")?,
            }
        }
        "answer" => {
            need(handler, "denied-feedback-handler")?;
            Step::Answer {
                text: text("answer")?,
                by: p.account.id,
            }
        }
        "publish" => {
            need(leader, "denied-feedback-leader")?;
            let (q, a) = published_texts(&f, body.question.as_deref(), body.answer.as_deref())?;
            Step::Publish {
                question: q,
                answer: a,
            }
        }
        "close" => {
            need(leader, "denied-feedback-leader")?;
            Step::Close
        }
        _ => {
            return Err(input::invalid(
                "action",
                Message::new("error-feedback-unknown-action"),
            ))
        }
    };
    step(state, &f, body.expected_version, s, me, "").await
}

/// The texts the portal will show: those given (or the PAKN and its
/// answer), with personal data removed (the sender's name among it).
pub fn published_texts(
    f: &FeedbackRecord,
    question: Option<&str>,
    answer: Option<&str>,
) -> Result<(String, String), WebError> {
    let pick = |field: &str, given: Option<&str>, default: &str| {
        let given = given.map(str::trim).filter(|s| !s.is_empty());
        input::required_text(field, given.unwrap_or(default), MAX_TEXT)
    };
    let names = [f.sender_name.as_str()];
    Ok((
        redact(&pick("question", question, &f.content)?, &names),
        redact(&pick("answer", answer, &f.workflow.answer)?, &names),
    ))
}

/// The PAKN of the centers `p` reads, newest first, with their pending
/// deadline; `overdue` keeps those past it.
pub async fn list(
    state: &AppState,
    p: &Principal,
    center: Option<CenterId>,
    status: Option<&str>,
    overdue: bool,
) -> Result<Vec<(FeedbackRecord, Option<(Stage, Timestamp)>, bool)>, WebError> {
    let centers = match center {
        Some(c) if reads_center(p, c) => Some(vec![c]),
        Some(_) => return Err(WebError::NotFound),
        None => p.center_scope(),
    };
    let status = match status.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(
            motcua_domain::feedback::FeedbackStatus::parse(s)
                .ok_or_else(|| input::invalid("status", Message::new("error-feedback-status")))?,
        ),
        None => None,
    };
    let rows = state
        .store
        .feedback_list(&FeedbackFilter {
            centers,
            status,
            dossier_id: None,
            limit: 500,
        })
        .await?;
    let now = state.now();
    let mut out = Vec::with_capacity(rows.len());
    for f in rows {
        let d = deadlines_of(state, &f).await?;
        let due = pending(&f.workflow, &d);
        let late = due.is_some_and(|(_, by)| now > by);
        if overdue && !late {
            continue;
        }
        out.push((f, due, late));
    }
    Ok(out)
}

/// Indicators 5.1–5.4 of a center's PAKN received from `from` to `to`
/// (dates in Vietnam, both included), judged now.
pub async fn center_indicators(
    state: &AppState,
    p: &Principal,
    center: CenterId,
    from: jiff::civil::Date,
    to: jiff::civil::Date,
) -> Result<Indicators, WebError> {
    if !reads_center(p, center) {
        return Err(WebError::NotFound);
    }
    let c = state
        .store
        .center(center)
        .await?
        .ok_or(WebError::NotFound)?;
    let cal = state.calendar(&c.office_hours);
    let start = to_timestamp(from.at(0, 0, 0, 0));
    let end = to_timestamp(
        to.tomorrow()
            .map_err(|_| WebError::NotFound)?
            .at(0, 0, 0, 0),
    );
    let rows = state
        .store
        .feedback_received_between(center, start, end)
        .await?;
    let items: Vec<Counted> = rows
        .iter()
        .map(|f| Counted {
            category: f.category,
            dossier: f.dossier_id,
            repeated: f.repeated,
            workflow: &f.workflow,
        })
        .collect();
    Ok(indicators(&items, &cal, state.now()))
}

/// Whether each step taken so far was on time, for the staff's page.
pub async fn late_of(state: &AppState, f: &FeedbackRecord) -> Result<Vec<Stage>, WebError> {
    let center = state
        .store
        .center(f.center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let cal = state.calendar(&center.office_hours);
    Ok(late_stages(&f.workflow, &cal, state.now()))
}
