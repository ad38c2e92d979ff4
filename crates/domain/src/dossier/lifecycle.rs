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
        to_account: Option<i64>,
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
            Action::IssueEResult => "issue-e-result",
            Action::Return { .. } => "return",
        }
    }

    /// What the action is called on screens and in records.
    pub fn label(&self, l: impl Into<crate::Locale>) -> &'static str {
        let l = l.into();
        let (vi, en) = match self {
            Action::Submit => ("Nộp trực tuyến", "Submitted online"),
            Action::Accept { .. } => ("Tiếp nhận", "Accepted"),
            Action::Refuse { .. } => ("Từ chối tiếp nhận", "Refused"),
            Action::HandOver { .. } => ("Chuyển xử lý", "Handed over"),
            Action::RequestSupplement { .. } => ("Yêu cầu bổ sung", "Supplement requested"),
            Action::ReceiveSupplement { .. } => ("Nhận bổ sung", "Supplement received"),
            Action::RequestPayment { .. } => ("Yêu cầu nộp phí", "Payment requested"),
            Action::ConfirmPayment => ("Đã nộp phí", "Payment confirmed"),
            Action::DraftResult { .. } => ("Dự thảo kết quả", "Result drafted"),
            Action::RejectDraft { .. } => ("Trả lại dự thảo", "Draft sent back"),
            Action::Approve => ("Phê duyệt", "Approved"),
            Action::Extend { .. } => ("Xin lỗi, gia hạn", "Apology and extension"),
            Action::Withdraw { .. } => ("Rút hồ sơ", "Withdrawn"),
            Action::Stop { .. } => ("Dừng giải quyết", "Stopped"),
            Action::Digitize => ("Số hóa", "Digitized"),
            Action::IssueEResult => ("Cấp kết quả điện tử", "E-result issued"),
            Action::Return { .. } => ("Trả kết quả", "Result returned"),
        };
        l.pick(vi, en)
    }

    /// Who may take this action (besides the citizen for `Submit`).
    pub fn roles(&self) -> &'static [Role] {
        use Role::*;
        match self {
            Action::Submit => &[],
            Action::Accept { .. }
            | Action::Refuse { .. }
            | Action::Digitize
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
            | Action::Stop { .. } => &[Leader],
            Action::IssueEResult => &[Specialist, Leader],
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
    pub assigned_to: Option<i64>,
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
    pub result_by_post: bool,
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
    pub fn describe_vi(&self) -> String {
        match self {
            LifecycleError::NotFromStatus { action, status } => {
                format!("không thể thực hiện {action} khi hồ sơ ở trạng thái {status}")
            }
            LifecycleError::Role { action, role } => {
                format!("vai trò {role} không được thực hiện {action}")
            }
            LifecycleError::Missing(what) => format!("cần nhập {what}"),
            LifecycleError::NotDrafted => "cần dự thảo kết quả trước khi phê duyệt".into(),
            LifecycleError::TooManyExtensions(n) => {
                format!("hồ sơ đã được gia hạn {n} lần, không được gia hạn thêm")
            }
            LifecycleError::EarlierAppointment => "ngày hẹn mới phải sau ngày hẹn hiện tại".into(),
        }
    }
}

/// The status an action leads to from the current state, if it is allowed.
fn target(state: &State, action: &Action) -> Option<Status> {
    use Status::*;
    let s = state.status;
    match (action, s) {
        (Action::Submit, None) => Some(Registered),
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
            Action::Digitize,
            Some(Registered | Accepted | InProgress | SupplementRequested | PaymentRequested),
        ) => s,
        (Action::IssueEResult, Some(Processed | Returned)) => s,
        (Action::Return { .. }, Some(Processed)) => Some(Returned),
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
        let permitted = if allowed.is_empty() {
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
            | Action::RejectDraft { reason } => require(reason, "reason")?,
            Action::DraftResult { summary } => require(summary, "summary")?,
            Action::Return { received_by, .. } => require(received_by, "received_by")?,
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
            Action::IssueEResult => self.e_result = true,
            Action::Return { by_post, .. } => self.result_by_post = *by_post,
            _ => {}
        }
        self.status = Some(to);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Role::*;

    fn agency() -> AgencyCode {
        "000.30.00.H92".parse().unwrap()
    }

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn run(steps: &[(Action, &[Role])]) -> Result<State, LifecycleError> {
        let mut s = State::default();
        for (action, roles) in steps {
            let to = s.decide(action, roles, &Rules::default())?;
            s.apply(action, to, &agency());
        }
        Ok(s)
    }

    fn accept() -> Action {
        Action::Accept {
            appointment: at("2026-11-26T10:00:00Z"),
        }
    }

    fn hand_over() -> Action {
        Action::HandOver {
            to_agency: agency(),
            to_account: Some(7),
            note: String::new(),
        }
    }

    #[test]
    fn received_settled_returned() {
        let s = run(&[
            (accept(), &[Reception]),
            (Action::Digitize, &[Postal]),
            (hand_over(), &[Reception]),
            (
                Action::DraftResult {
                    summary: "Giấy khai sinh".into(),
                },
                &[Specialist],
            ),
            (Action::Approve, &[Leader]),
            (Action::IssueEResult, &[Leader]),
            (
                Action::Return {
                    received_by: "Nguyễn Văn A".into(),
                    by_post: false,
                },
                &[Reception],
            ),
        ])
        .unwrap();
        assert_eq!(s.status, Some(Status::Returned));
        assert!(s.digitized && s.e_result && !s.result_by_post);
        assert_eq!(s.assigned_to, Some(7));
    }

    #[test]
    fn supplement_goes_back_where_it_came_from() {
        let s = run(&[
            (accept(), &[Reception]),
            (hand_over(), &[Reception]),
            (
                Action::RequestSupplement {
                    items: vec!["Bản sao CCCD".into()],
                    reason: "Thiếu giấy tờ".into(),
                },
                &[Specialist],
            ),
        ])
        .unwrap();
        assert_eq!(
            (s.status, s.waiting_from, s.supplement_count),
            (
                Some(Status::SupplementRequested),
                Some(Status::InProgress),
                1
            )
        );
        let mut s2 = s.clone();
        let resume = Action::ReceiveSupplement {
            appointment: at("2026-11-27T10:00:00Z"),
        };
        let to = s2.decide(&resume, &[Reception], &Rules::default()).unwrap();
        s2.apply(&resume, to, &agency());
        assert_eq!(
            s2.appointment,
            Some(at("2026-11-27T10:00:00Z")),
            "the wait moved the appointment"
        );
        assert_eq!(s2.status, Some(Status::InProgress));
        // An online dossier asked for a supplement before acceptance goes back to "registered".
        let online = run(&[
            (Action::Submit, &[]),
            (
                Action::RequestSupplement {
                    items: vec!["Tờ khai".into()],
                    reason: "Chưa ký".into(),
                },
                &[Reception],
            ),
            (
                Action::ReceiveSupplement {
                    appointment: at("2026-11-27T10:00:00Z"),
                },
                &[Reception],
            ),
        ])
        .unwrap();
        assert_eq!(online.status, Some(Status::Registered));
    }

    #[test]
    fn guards_name_the_problem() {
        let s = run(&[(accept(), &[Reception])]).unwrap();
        assert_eq!(
            s.decide(&Action::Approve, &[Leader], &Rules::default()),
            Err(LifecycleError::NotFromStatus {
                action: "approve",
                status: "2".into()
            })
        );
        assert_eq!(
            s.decide(&hand_over(), &[Inspector], &Rules::default()),
            Err(LifecycleError::Role {
                action: "hand-over",
                role: "inspector".into()
            })
        );
        assert_eq!(
            s.decide(&Action::Submit, &[Reception], &Rules::default()),
            Err(LifecycleError::Role {
                action: "submit",
                role: "reception".into()
            })
        );
        assert_eq!(
            s.decide(
                &Action::Stop { reason: " ".into() },
                &[Leader],
                &Rules::default()
            ),
            Err(LifecycleError::Missing("reason"))
        );
        let in_progress = run(&[(accept(), &[Reception]), (hand_over(), &[Reception])]).unwrap();
        assert_eq!(
            in_progress.decide(&Action::Approve, &[Leader], &Rules::default()),
            Err(LifecycleError::NotDrafted)
        );
        assert!(LifecycleError::NotDrafted.describe_vi().contains("dự thảo"));
    }

    #[test]
    fn one_extension_by_default_and_only_later() {
        let mut s = run(&[(accept(), &[Reception]), (hand_over(), &[Reception])]).unwrap();
        let earlier = Action::Extend {
            appointment: at("2026-11-25T10:00:00Z"),
            reason: "Cần xác minh".into(),
        };
        assert_eq!(
            s.decide(&earlier, &[Leader], &Rules::default()),
            Err(LifecycleError::EarlierAppointment)
        );
        let later = Action::Extend {
            appointment: at("2026-12-01T10:00:00Z"),
            reason: "Cần xác minh".into(),
        };
        let to = s.decide(&later, &[Leader], &Rules::default()).unwrap();
        s.apply(&later, to, &agency());
        assert_eq!(
            (s.status, s.extension_count, s.appointment),
            (
                Some(Status::InProgress),
                1,
                Some(at("2026-12-01T10:00:00Z"))
            )
        );
        let again = Action::Extend {
            appointment: at("2026-12-08T10:00:00Z"),
            reason: "Lần nữa".into(),
        };
        assert_eq!(
            s.decide(&again, &[Leader], &Rules::default()),
            Err(LifecycleError::TooManyExtensions(1))
        );
        assert!(s
            .decide(&again, &[Leader], &Rules { max_extensions: 2 })
            .is_ok());
    }

    #[test]
    fn final_statuses_accept_nothing_more() {
        let withdrawn = run(&[
            (accept(), &[Reception]),
            (
                Action::Withdraw {
                    reason: "Không có nhu cầu".into(),
                },
                &[Reception],
            ),
        ])
        .unwrap();
        let refused = run(&[(
            Action::Refuse {
                reasons: "Không thuộc thẩm quyền".into(),
            },
            &[Reception],
        )])
        .unwrap();
        for s in [withdrawn, refused] {
            for a in [
                accept(),
                hand_over(),
                Action::Approve,
                Action::Digitize,
                Action::Stop { reason: "x".into() },
            ] {
                assert!(
                    matches!(
                        s.decide(&a, &[Reception, Specialist, Leader], &Rules::default()),
                        Err(LifecycleError::NotFromStatus { .. })
                    ),
                    "{a:?}"
                );
            }
        }
    }

    #[test]
    fn actions_serialise_with_their_name() {
        let a = Action::Return {
            received_by: "Lê Thị B".into(),
            by_post: true,
        };
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(
            json,
            r#"{"action":"return","received_by":"Lê Thị B","by_post":true}"#
        );
        assert_eq!(serde_json::from_str::<Action>(&json).unwrap(), a);
    }
}

#[cfg(test)]
mod legal_appointment_tests {
    use super::*;

    #[test]
    fn an_extension_moves_the_citizens_appointment_not_the_legal_one() {
        let agency: AgencyCode = "000.30.00.H92".parse().unwrap();
        let t = |s: &str| s.parse::<Timestamp>().unwrap();
        let mut s = State::default();
        for (action, roles) in [
            (
                Action::Accept {
                    appointment: t("2026-11-27T10:00:00Z"),
                },
                &[Role::Reception][..],
            ),
            (
                Action::HandOver {
                    to_agency: agency.clone(),
                    to_account: None,
                    note: String::new(),
                },
                &[Role::Reception],
            ),
            (
                Action::Extend {
                    appointment: t("2026-12-04T10:00:00Z"),
                    reason: "Xác minh".into(),
                },
                &[Role::Leader],
            ),
        ] {
            let to = s.decide(&action, roles, &Rules::default()).unwrap();
            s.apply(&action, to, &agency);
        }
        assert_eq!(s.appointment, Some(t("2026-12-04T10:00:00Z")));
        assert_eq!(
            s.legal_appointment,
            Some(t("2026-11-27T10:00:00Z")),
            "the apology does not make the dossier on time"
        );
    }
}
