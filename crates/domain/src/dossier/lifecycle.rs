//! What may happen to a dossier: the actions, who may take them, from which
//! national status, and what each does to the dossier's state. Pure: the
//! caller supplies the instant, the actor and the appointment (from the
//! calendar); this module decides and records.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::Status;
use crate::org::Role;
use crate::{AgencyCode, Vnd};

/// One thing a person does to a dossier, with the data it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum Action {
    /// A citizen submits online (status 1, newly registered).
    Submit,
    /// Reception accepts the complete dossier and gives the appointment (Mẫu 01).
    Accept {
        appointment: Timestamp,
    },
    /// Reception refuses the dossier with reasons (Mẫu 03).
    Refuse {
        reasons: String,
    },
    /// Hand-over to the agency (and officer) that settles it, or between agencies.
    HandOver {
        to_agency: AgencyCode,
        to_account: Option<crate::ids::AccountId>,
        note: String,
    },
    /// A supplement is asked for (Mẫu 02): the clock stops.
    RequestSupplement {
        items: Vec<String>,
        reason: String,
    },
    /// The supplement came in: the clock runs again, with the appointment moved
    /// by the wait (or restarted, per procedure) as the calendar computed it.
    ReceiveSupplement {
        appointment: Timestamp,
    },
    /// The citizen must pay a financial obligation before settlement.
    RequestPayment {
        amount: Vnd,
        note: String,
    },
    ConfirmPayment,
    /// The specialist drafts the result for approval.
    DraftResult {
        summary: String,
    },
    /// The leader sends a draft back.
    RejectDraft {
        reason: String,
    },
    /// The leader approves and signs the result: processed (status 9).
    Approve,
    /// An apology and a new appointment (Mẫu 04).
    Extend {
        appointment: Timestamp,
        reason: String,
    },
    /// The citizen withdraws the dossier.
    Withdraw {
        reason: String,
    },
    /// The agency stops processing (Mẫu 05).
    Stop {
        reason: String,
    },
    /// The paper documents were scanned and signed.
    Digitize,
    /// A scan of one component, stored by its content hash (or a scan of an
    /// earlier dossier of the same applicant, reused).
    AttachScan {
        component: String,
        file: String,
        blob: String,
        pages: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reused_from: Option<String>,
    },
    /// A scan attached by mistake (the wrong page, an unreadable photo).
    RemoveScan {
        component: String,
        blob: String,
        reason: String,
        /// The dossier was digitized and no longer is without this scan.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        undigitizes: bool,
    },
    /// The result document, as a file, ready to be issued electronically.
    AttachResult {
        file: String,
        blob: String,
        pages: u32,
    },
    /// A component that needs no scan (Circular 03/2025 Art. 5).
    ExemptScan {
        component: String,
        reason: super::scans::Exemption,
    },
    /// A copy certified from the original (chứng thực bản sao từ bản chính):
    /// the certifier signs, and the copy takes the next number of the
    /// center's register. With `copy`, the electronic certified copy issued
    /// (its file's SHA-256, which the public verification page compares).
    Certify {
        register: super::certify::RegisterNumber,
        /// The original document, as the procedure's component names it.
        document: String,
        /// The scan of the original the copy was made from.
        source: String,
        /// Pages of the original certified (the fee counts them).
        pages: u32,
        copies: u32,
        fee: crate::Vnd,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        copy: Option<String>,
    },
    /// The result sent by public postal service: the order written for the
    /// carrier (its tracking code when the center's pool gave one).
    ShipByPost {
        receiver: String,
        address: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tracking: Option<String>,
        postage: crate::Vnd,
        cod: crate::Vnd,
    },
    /// The carrier's news of the parcel (its tracking webhook): delivered
    /// returns the result to the citizen.
    PostalUpdate {
        tracking: String,
        state: super::postal::DeliveryState,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        received_by: Option<String>,
    },
    /// A postal employee received the dossier away from the center (channel
    /// 3): the list of originals and copies both signed, the fees collected
    /// against a receipt, the package sealed. Newly registered: the legal
    /// clock starts when the center receives the complete dossier.
    PostalIntake {
        documents: Vec<super::transport::PostedDocument>,
        seal: super::transport::Seal,
        fees: crate::Vnd,
        postage: crate::Vnd,
    },
    /// The dossier's papers carried by a postal employee in a manifest:
    /// handed over at one end, received (and tallied) at the other.
    Transport {
        manifest: String,
        leg: super::transport::Leg,
        stage: super::transport::Stage,
        from: String,
        to: String,
        /// The person at the other end who signed (the postal employee when
        /// dispatched, the receiver when received).
        counterpart: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tally: Option<super::transport::Tally>,
    },
    /// The electronic result was issued.
    IssueEResult,
    /// The result was handed to the citizen (or an authorised person), or to the post.
    Return {
        received_by: String,
        by_post: bool,
    },
}

impl Action {
    /// The stable name stored with events.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Accept { .. } => "accept",
            Action::Refuse { .. } => "refuse",
            Action::HandOver { .. } => "hand-over",
            Action::RequestSupplement { .. } => "request-supplement",
            Action::ReceiveSupplement { .. } => "receive-supplement",
            Action::RequestPayment { .. } => "request-payment",
            Action::ConfirmPayment => "confirm-payment",
            Action::DraftResult { .. } => "draft-result",
            Action::RejectDraft { .. } => "reject-draft",
            Action::Approve => "approve",
            Action::Extend { .. } => "extend",
            Action::Withdraw { .. } => "withdraw",
            Action::Stop { .. } => "stop",
            Action::Digitize => "digitize",
            Action::AttachScan { .. } => "attach-scan",
            Action::RemoveScan { .. } => "remove-scan",
            Action::ExemptScan { .. } => "exempt-scan",
            Action::AttachResult { .. } => "attach-result",
            Action::Certify { .. } => "certify",
            Action::ShipByPost { .. } => "ship-by-post",
            Action::PostalUpdate { .. } => "postal-update",
            Action::PostalIntake { .. } => "postal-intake",
            Action::Transport { .. } => "transport",
            Action::IssueEResult => "issue-e-result",
            Action::Return { .. } => "return",
        }
    }

    /// What the action is called on screens and in records.
    pub fn label(&self, l: impl Into<crate::Locale>) -> &'static str {
        let l = l.into();
        match self {
            Action::Submit => l.t("action-submit"),
            Action::Accept { .. } => l.t("action-accept"),
            Action::Refuse { .. } => l.t("action-refuse"),
            Action::HandOver { .. } => l.t("action-hand-over"),
            Action::RequestSupplement { .. } => l.t("action-request-supplement"),
            Action::ReceiveSupplement { .. } => l.t("action-receive-supplement"),
            Action::RequestPayment { .. } => l.t("action-request-payment"),
            Action::ConfirmPayment => l.t("action-confirm-payment"),
            Action::DraftResult { .. } => l.t("action-draft-result"),
            Action::RejectDraft { .. } => l.t("action-reject-draft"),
            Action::Approve => l.t("action-approve"),
            Action::Extend { .. } => l.t("action-extend"),
            Action::Withdraw { .. } => l.t("action-withdraw"),
            Action::Stop { .. } => l.t("action-stop"),
            Action::Digitize => l.t("action-digitize"),
            Action::AttachScan { .. } => l.t("action-attach-scan"),
            Action::RemoveScan { .. } => l.t("action-remove-scan"),
            Action::ExemptScan { .. } => l.t("action-exempt-scan"),
            Action::AttachResult { .. } => l.t("action-attach-result"),
            Action::Certify { .. } => l.t("action-certify"),
            Action::ShipByPost { .. } => l.t("action-ship-by-post"),
            Action::PostalUpdate { state, .. } => state.label(l),
            Action::PostalIntake { .. } => l.t("action-postal-intake"),
            Action::Transport { stage, .. } => match stage {
                super::transport::Stage::Dispatched => l.t("action-transport-dispatched"),
                super::transport::Stage::Received => l.t("action-transport-received"),
            },
            Action::IssueEResult => l.t("action-issue-e-result"),
            Action::Return { .. } => l.t("action-return"),
        }
    }

    /// Who may take this action (besides the citizen for `Submit`, and the
    /// carrier for `PostalUpdate`: nobody signed in).
    pub fn roles(&self) -> &'static [Role] {
        use Role::*;
        match self {
            Action::Submit | Action::PostalUpdate { .. } => &[],
            Action::ShipByPost { .. } | Action::PostalIntake { .. } => &[Reception, Postal],
            Action::Transport { .. } => &[Reception, Postal, Specialist, Leader],
            Action::Accept { .. }
            | Action::Refuse { .. }
            | Action::Digitize
            | Action::AttachScan { .. }
            | Action::RemoveScan { .. }
            | Action::ExemptScan { .. }
            | Action::Withdraw { .. }
            | Action::Return { .. } => &[Reception, Postal],
            Action::HandOver { .. } => &[Reception, Postal, Specialist, Leader],
            Action::RequestSupplement { .. } | Action::ReceiveSupplement { .. } => {
                &[Reception, Postal, Specialist]
            }
            Action::RequestPayment { .. } => &[Specialist],
            Action::ConfirmPayment => &[Reception, Postal, Specialist],
            Action::DraftResult { .. } => &[Specialist],
            Action::RejectDraft { .. }
            | Action::Approve
            | Action::Extend { .. }
            | Action::Stop { .. }
            | Action::Certify { .. } => &[Leader],
            Action::IssueEResult | Action::AttachResult { .. } => &[Specialist, Leader],
        }
    }
}

/// Limits that vary by deployment or procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Extensions (apology letters) allowed per dossier; the legacy rule was one.
    pub max_extensions: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules { max_extensions: 1 }
    }
}

/// The state of a dossier that the lifecycle needs, rebuilt from its events.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    /// `None` before the first event.
    pub status: Option<Status>,
    /// The agency handling the dossier now.
    pub agency: Option<AgencyCode>,
    pub assigned_to: Option<crate::ids::AccountId>,
    /// The appointment the citizen holds now (moved by supplements and extensions).
    pub appointment: Option<Timestamp>,
    /// The appointment the law gives: set at acceptance, moved by supplement
    /// waits but not by extensions. Timeliness is judged against it, so a
    /// dossier that needed an apology letter still counts as late.
    pub legal_appointment: Option<Timestamp>,
    /// Where a supplement request came from, to go back there when it comes in.
    pub waiting_from: Option<Status>,
    pub supplement_count: i32,
    pub extension_count: i32,
    pub result_drafted: bool,
    pub digitized: bool,
    pub e_result: bool,
    /// A component was taken from digitized data already held (Decision
    /// 766's indicator 4.3).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reused: bool,
    pub result_by_post: bool,
    /// The tracking code (or the order number) of the parcel with the result
    /// while it is with the carrier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_post: Option<String>,
    /// The manifest carrying the dossier's papers now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_transit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    #[error("{action} is not allowed in status {status}")]
    NotFromStatus {
        action: &'static str,
        status: String,
    },
    #[error("the role {role} may not {action}")]
    Role { action: &'static str, role: String },
    #[error("{0} needs a text")]
    Missing(&'static str),
    #[error("the result must be drafted before it is approved")]
    NotDrafted,
    #[error("the dossier has already been extended {0} time(s), the most allowed")]
    TooManyExtensions(u32),
    #[error("the new appointment must come after the current one")]
    EarlierAppointment,
}

impl LifecycleError {
    /// The error for people, from the catalog (`lifecycle-*` in errors.ftl).
    pub fn message(&self) -> crate::i18n::Message {
        use crate::i18n::Message;
        match self {
            LifecycleError::NotFromStatus { action, status } => {
                Message::new("lifecycle-not-from-status")
                    .with("action", *action)
                    .with("status", status.as_str())
            }
            LifecycleError::Role { action, role } => Message::new("lifecycle-role")
                .with("action", *action)
                .with("role", role.as_str()),
            LifecycleError::Missing(what) => Message::new("lifecycle-missing").with("field", *what),
            LifecycleError::NotDrafted => Message::new("lifecycle-not-drafted"),
            LifecycleError::TooManyExtensions(n) => {
                Message::new("lifecycle-too-many-extensions").with("n", i64::from(*n))
            }
            LifecycleError::EarlierAppointment => Message::new("lifecycle-earlier-appointment"),
        }
    }
}

/// The status an action leads to from the current state, if it is allowed.
fn target(state: &State, action: &Action) -> Option<Status> {
    use Status::*;
    let s = state.status;
    match (action, s) {
        (Action::Submit | Action::PostalIntake { .. }, None) => Some(Registered),
        (
            Action::Transport {
                stage: super::transport::Stage::Dispatched,
                leg,
                ..
            },
            Some(status),
        ) if state.in_transit.is_none() && leg.carries(status) => s,
        (
            Action::Transport {
                stage: super::transport::Stage::Received,
                manifest,
                ..
            },
            Some(_),
        ) if state.in_transit.as_ref() == Some(manifest) => s,
        (Action::Accept { .. }, None | Some(Registered)) => Some(Accepted),
        (Action::Refuse { .. }, None | Some(Registered)) => Some(NotAccepted),
        (Action::HandOver { .. }, Some(Accepted | InProgress)) => Some(InProgress),
        (Action::RequestSupplement { .. }, Some(Registered | Accepted | InProgress)) => {
            Some(SupplementRequested)
        }
        (Action::ReceiveSupplement { .. }, Some(SupplementRequested)) => state.waiting_from,
        (Action::RequestPayment { .. }, Some(InProgress)) => Some(PaymentRequested),
        (Action::ConfirmPayment, Some(PaymentRequested)) => Some(InProgress),
        (Action::DraftResult { .. } | Action::RejectDraft { .. }, Some(InProgress)) => {
            Some(InProgress)
        }
        (Action::Approve, Some(InProgress)) => Some(Processed),
        (
            Action::Extend { .. },
            Some(Accepted | InProgress | SupplementRequested | PaymentRequested),
        ) => s,
        (
            Action::Withdraw { .. },
            Some(Registered | Accepted | InProgress | SupplementRequested | PaymentRequested),
        ) => Some(Withdrawn),
        (
            Action::Stop { .. },
            Some(Accepted | InProgress | SupplementRequested | PaymentRequested),
        ) => Some(Stopped),
        (
            Action::Digitize
            | Action::AttachScan { .. }
            | Action::RemoveScan { .. }
            | Action::ExemptScan { .. },
            Some(Registered | Accepted | InProgress | SupplementRequested | PaymentRequested),
        ) => s,
        (Action::IssueEResult, Some(Processed | Returned)) => s,
        (Action::AttachResult { .. }, Some(InProgress | Processed | Returned)) => s,
        // Certifying is the signature: the dossier is settled, and a second
        // document of the same request may still be certified.
        (Action::Certify { .. }, Some(Accepted | InProgress | Processed)) => Some(Processed),
        (Action::Return { .. }, Some(Processed)) => Some(Returned),
        (Action::ShipByPost { .. }, Some(Processed)) if state.in_post.is_none() => s,
        // Delivered is the result returned; the other news leave the status.
        (
            Action::PostalUpdate {
                state: super::postal::DeliveryState::Delivered,
                ..
            },
            Some(Processed),
        ) => Some(Returned),
        (Action::PostalUpdate { .. }, Some(Processed | Returned)) => s,
        _ => None,
    }
}

fn require(text: &str, what: &'static str) -> Result<(), LifecycleError> {
    if text.trim().is_empty() {
        Err(LifecycleError::Missing(what))
    } else {
        Ok(())
    }
}

impl State {
    /// Checks an action by a user holding `roles` (empty for the citizen) and
    /// returns the status it leads to. Nothing changes here.
    pub fn decide(
        &self,
        action: &Action,
        roles: &[Role],
        rules: &Rules,
    ) -> Result<Status, LifecycleError> {
        let name = action.name();
        let allowed = action.roles();
        // The citizen's own files come with her online submission, while it
        // is only registered (nobody signed in attaches anything later).
        let citizens_file = roles.is_empty()
            && matches!(action, Action::AttachScan { .. })
            && self.status == Some(Status::Registered);
        let permitted = citizens_file
            || if allowed.is_empty() {
                roles.is_empty()
            } else {
                roles.iter().any(|r| allowed.contains(r))
            };
        if !permitted {
            let role = roles
                .first()
                .map_or("citizen".to_string(), |r| r.code().to_string());
            return Err(LifecycleError::Role { action: name, role });
        }
        let to = target(self, action).ok_or_else(|| LifecycleError::NotFromStatus {
            action: name,
            status: self.status.map_or("none".into(), |s| s.code().to_string()),
        })?;
        match action {
            Action::Refuse { reasons } => require(reasons, "reasons")?,
            Action::RequestSupplement { items, reason } => {
                require(reason, "reason")?;
                if items.iter().all(|i| i.trim().is_empty()) {
                    return Err(LifecycleError::Missing("items"));
                }
            }
            Action::Withdraw { reason }
            | Action::Stop { reason }
            | Action::RejectDraft { reason }
            | Action::RemoveScan { reason, .. } => require(reason, "reason")?,
            Action::AttachScan { component, .. } | Action::ExemptScan { component, .. } => {
                require(component, "component")?
            }
            Action::DraftResult { summary } => require(summary, "summary")?,
            Action::Certify { document, .. } => require(document, "document")?,
            Action::Return { received_by, .. } => require(received_by, "received_by")?,
            Action::ShipByPost {
                receiver, address, ..
            } => {
                require(receiver, "receiver")?;
                require(address, "address")?;
            }
            Action::PostalIntake { documents, .. } if documents.is_empty() => {
                return Err(LifecycleError::Missing("documents"))
            }
            Action::Transport {
                manifest,
                counterpart,
                ..
            } => {
                require(manifest, "manifest")?;
                require(counterpart, "counterpart")?;
            }
            Action::Approve if !self.result_drafted => return Err(LifecycleError::NotDrafted),
            Action::Extend {
                appointment,
                reason,
            } => {
                require(reason, "reason")?;
                if self.extension_count as u32 >= rules.max_extensions {
                    return Err(LifecycleError::TooManyExtensions(rules.max_extensions));
                }
                if self.appointment.is_some_and(|a| *appointment <= a) {
                    return Err(LifecycleError::EarlierAppointment);
                }
            }
            _ => {}
        }
        Ok(to)
    }

    /// Applies an action that [`State::decide`] allowed.
    pub fn apply(&mut self, action: &Action, to: Status, agency: &AgencyCode) {
        if self.agency.is_none() {
            self.agency = Some(agency.clone());
        }
        match action {
            Action::Accept { appointment } => {
                self.appointment = Some(*appointment);
                self.legal_appointment = Some(*appointment);
            }
            Action::HandOver {
                to_agency,
                to_account,
                ..
            } => {
                self.agency = Some(to_agency.clone());
                self.assigned_to = *to_account;
            }
            Action::RequestSupplement { .. } => {
                self.waiting_from = self.status;
                self.supplement_count += 1;
            }
            Action::ReceiveSupplement { appointment } => {
                self.waiting_from = None;
                if self.appointment.is_some() {
                    // The wait moves the legal appointment; an extension already
                    // granted stays when it is later.
                    self.legal_appointment = Some(*appointment);
                    self.appointment = if self.extension_count > 0 {
                        self.appointment.max(Some(*appointment))
                    } else {
                        Some(*appointment)
                    };
                }
            }
            Action::DraftResult { .. } => self.result_drafted = true,
            Action::RejectDraft { .. } => self.result_drafted = false,
            Action::Extend { appointment, .. } => {
                self.appointment = Some(*appointment);
                self.extension_count += 1;
            }
            Action::Digitize => self.digitized = true,
            Action::RemoveScan {
                undigitizes: true, ..
            } => self.digitized = false,
            Action::IssueEResult => self.e_result = true,
            Action::AttachScan {
                reused_from: Some(_),
                ..
            } => self.reused = true,
            Action::Return { by_post, .. } => self.result_by_post = *by_post,
            Action::Transport {
                manifest, stage, ..
            } => {
                self.in_transit = match stage {
                    super::transport::Stage::Dispatched => Some(manifest.clone()),
                    super::transport::Stage::Received => None,
                };
            }
            Action::ShipByPost { tracking, .. } => {
                self.in_post = Some(tracking.clone().unwrap_or_default());
            }
            Action::PostalUpdate { state, .. } => {
                use super::postal::DeliveryState;
                match state {
                    DeliveryState::Delivered => {
                        self.result_by_post = true;
                        self.in_post = None;
                    }
                    DeliveryState::Returned | DeliveryState::Cancelled => self.in_post = None,
                    _ => {}
                }
            }
            _ => {}
        }
        self.status = Some(to);
    }
}

#[cfg(test)]
#[path = "lifecycle_tests.rs"]
mod lifecycle_tests;
