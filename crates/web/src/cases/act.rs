//! One step of a dossier's lifecycle, as a person asks for it.

use jiff::Timestamp;
use motcua_calendar::{from_timestamp, to_timestamp, WorkCalendar};
use motcua_domain::catalog::Procedure;
use motcua_domain::dossier::lifecycle::{Action, Rules};
use motcua_domain::i18n::Message;
use motcua_store::{AccountId, DossierRecord};
use serde::Deserialize;

use super::{actor, lifecycle_error, readable};
use crate::auth::Principal;
use crate::{AppState, WebError};

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
        to_account: Option<AccountId>,
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
    let agency = super::acting_agency(p, &d, actor.as_ref());
    let notices = super::notify::for_dossier(state, &d, &action, to, now).await?;
    let event = motcua_store::NewEvent {
        at: now,
        actor,
        agency,
        action,
        to,
        file: None,
        delivery: None,
        notices,
    };
    Ok(state
        .store
        .append_events(d.id, expected_seq, std::slice::from_ref(&event))
        .await?)
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
            let to_agency: motcua_domain::AgencyCode = to_agency
                .trim()
                .parse()
                .map_err(|e: motcua_domain::CodeError| invalid("to_agency", e.message()))?;
            if !state
                .store
                .agencies()
                .await?
                .iter()
                .any(|a| a.code == to_agency)
            {
                return Err(invalid(
                    "to_agency",
                    Message::new("error-no-agency-to-agency")
                        .with("to_agency", to_agency.to_string()),
                ));
            }
            if let Some(account) = to_account {
                if !settles_for(state, account, &to_agency, now).await? {
                    return Err(invalid(
                        "to_account",
                        Message::new("error-no-specialist-or-leader-account")
                            .with("account", account.to_string())
                            .with("to_agency", to_agency.to_string()),
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
                    Message::new("error-name-at-least-one-document"),
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
                    Message::new("error-amount-between").with("max", max::AMOUNT),
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
                    Message::new("error-must-be-after-now-and"),
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
        ActionRequest::IssueEResult {} => {
            super::results::require_result_file(state, d).await?;
            Action::IssueEResult
        }
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
    account: AccountId,
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
