//! An action posted from the dossier page: checked, confirmed when it ends
//! the dossier, and taken.

use axum::extract::{Form, Path, State};
use axum::response::Response;
use motcua_domain::i18n::Message;
use serde::Deserialize;

use super::dossier_page;
use super::offers::{Typed, DESTRUCTIVE};
use crate::auth::{self, PageUser};
use crate::locale::Lang;
use crate::staff::login::signed_out_keep;
use crate::{AppState, WebError};

#[derive(Deserialize)]
pub struct ActionForm {
    #[serde(rename = "_csrf")]
    csrf: String,
    expected_seq: i64,
    action: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    items: String,
    #[serde(default)]
    received_by: String,
    #[serde(default)]
    to_agency: String,
    /// The specialist to hand over to (an account id), or empty.
    #[serde(default)]
    to_account: String,
    /// `YYYY-MM-DDTHH:MM` from a datetime-local input, in Vietnam's time.
    #[serde(default)]
    appointment: String,
    /// "1" once the officer confirmed a destructive action.
    #[serde(default)]
    xac_nhan: String,
}

impl ActionForm {
    /// The fields as posted, to carry them through a new sign-in.
    fn fields(&self) -> Vec<(String, String)> {
        [
            ("expected_seq", self.expected_seq.to_string()),
            ("action", self.action.clone()),
            ("reason", self.reason.clone()),
            ("summary", self.summary.clone()),
            ("items", self.items.clone()),
            ("received_by", self.received_by.clone()),
            ("to_agency", self.to_agency.clone()),
            ("to_account", self.to_account.clone()),
            ("appointment", self.appointment.clone()),
            ("xac_nhan", self.xac_nhan.clone()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    fn typed(&self, confirm: bool) -> Typed {
        Typed {
            action: self.action.clone(),
            expected_seq: Some(self.expected_seq),
            reason: self.reason.clone(),
            summary: self.summary.clone(),
            items: self.items.clone(),
            received_by: self.received_by.clone(),
            to_agency: self.to_agency.clone(),
            to_account: self.to_account.clone(),
            appointment: self.appointment.clone(),
            confirm,
            ..Typed::default()
        }
    }
}

/// `POST /ho-so/{code}/thao-tac`: one action from the dossier page; a refusal is
/// shown on the page, in the user's language.
pub async fn act(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: Result<PageUser, Response>,
    Path(code): Path<String>,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let user = match user {
        Ok(u) => u,
        Err(r) => {
            let path = format!("/ho-so/{}/thao-tac", auth::urlencode(&code));
            return Ok(signed_out_keep(r, l, &path, f.fields()));
        }
    };
    user.check_csrf(&f.csrf)?;
    // Withdrawing or stopping ends the dossier: asked once more, with the
    // reason typed, before anything is written.
    if DESTRUCTIVE.contains(&f.action.as_str()) && f.xac_nhan != "1" {
        let error = f.reason.trim().is_empty().then(|| {
            Message::new("error-required-sentence")
                .with("field", Message::new(crate::input::label("reason")))
                .localize(l)
        });
        let confirm = error.is_none();
        return dossier_page(&state, l, &user, &code, error, f.typed(confirm), false).await;
    }
    use crate::cases::ActionRequest as R;
    let reason = f.reason.clone();
    let request = match f.action.as_str() {
        "accept" => R::Accept {},
        "digitize" => R::Digitize {},
        "hand-over" => R::HandOver {
            to_agency: f.to_agency.clone(),
            to_account: f.to_account.trim().parse().ok(),
            note: String::new(),
        },
        "request-supplement" => R::RequestSupplement {
            items: f.items.lines().map(String::from).collect(),
            reason,
        },
        "receive-supplement" => R::ReceiveSupplement {},
        "draft-result" => R::DraftResult {
            summary: f.summary.clone(),
        },
        "reject-draft" => R::RejectDraft { reason },
        "approve" => R::Approve {},
        "issue-e-result" => R::IssueEResult {},
        "withdraw" => R::Withdraw { reason },
        "stop" => R::Stop { reason },
        "return" => R::Return {
            received_by: f.received_by.clone(),
            by_post: false,
        },
        "extend" => {
            let at = f
                .appointment
                .parse::<jiff::civil::DateTime>()
                .map(motcua_calendar::to_timestamp);
            match at {
                Ok(appointment) => R::Extend {
                    appointment,
                    reason,
                },
                Err(_) => {
                    return dossier_page(
                        &state,
                        l,
                        &user,
                        &code,
                        Some(l.t("the-new-appointment-is-not").into()),
                        f.typed(false),
                        false,
                    )
                    .await
                }
            }
        }
        _ => return Err(WebError::NotFound),
    };
    let done = crate::cases::perform(&state, &user.principal, &code, f.expected_seq, request)
        .await
        .map(|_| ());
    super::after_post(&state, l, &user, &code, done, f.typed(false), "").await
}
