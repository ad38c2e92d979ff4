//! Citizens' opinions and complaints (PAKN, phản ánh – kiến nghị): their
//! categories, the handling workflow and its deadlines under Decision 766
//! (refuse within 2 working days of receipt, ask for more information within
//! 5, answer within 15 with the clock paused while the sender is asked for
//! information, publish the answer within 2 of answering), whether each step
//! was on time, the personal data removed before an answer is published, and
//! the counts of indicators 5.1–5.4.
//!
//! Pure: the instant and the center's working calendar are arguments.

pub mod counts;
pub mod redact;

use jiff::Timestamp;
use motcua_calendar::{from_timestamp, to_timestamp, TimeLimit, WorkCalendar};

use crate::i18n::Message;
use crate::ids::AccountId;
use crate::labels::labelled_enum;
use crate::queue::rating::Satisfaction;

labelled_enum! {
    /// What an opinion or complaint is about (indicator 5.1 counts by it).
    Category {
        Attitude = "attitude";
        Delay = "delay";
        Procedure = "procedure";
        Digital = "digital";
        Postal = "postal";
        Other = "other";
    }
}

labelled_enum! {
    /// Where an opinion or complaint is in its handling.
    FeedbackStatus {
        Received = "received";
        Handling = "handling";
        WaitingInfo = "waiting-info";
        Refused = "refused";
        Answered = "answered";
        Published = "published";
        Closed = "closed";
    }
}

labelled_enum! {
    /// A step of the handling that has a deadline of its own.
    Stage {
        Refuse = "refuse";
        AskInfo = "ask-info";
        Answer = "answer";
        Publish = "publish";
    }
}

/// The legal time of each step, in working days (Decision 766, 5.2).
pub const REFUSE_WITHIN: TimeLimit = TimeLimit::WorkingDays(2);
pub const ASK_INFO_WITHIN: TimeLimit = TimeLimit::WorkingDays(5);
pub const ANSWER_WITHIN: TimeLimit = TimeLimit::WorkingDays(15);
pub const PUBLISH_WITHIN: TimeLimit = TimeLimit::WorkingDays(2);

/// A sender who writes again about the same thing within this many days
/// sends a repeated PAKN (5.3 counts it against satisfaction).
pub const REPEAT_WINDOW_DAYS: i64 = 30;

/// The handling of one PAKN: its status, who handles it, when each step was
/// taken and what was said. What the store keeps beside the sender and the
/// text sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workflow {
    pub status: FeedbackStatus,
    pub received_at: Timestamp,
    pub assigned_to: Option<AccountId>,
    pub assigned_at: Option<Timestamp>,
    pub refused_at: Option<Timestamp>,
    pub refusal_reason: String,
    /// When the sender was asked for more information (once at most).
    pub info_asked_at: Option<Timestamp>,
    pub info_request: String,
    pub info_given_at: Option<Timestamp>,
    pub info_reply: String,
    /// Working seconds spent waiting for the sender: the answer's clock stops.
    pub paused_seconds: i64,
    pub answered_at: Option<Timestamp>,
    pub answered_by: Option<AccountId>,
    pub answer: String,
    pub published_at: Option<Timestamp>,
    /// The question and answer as the portal shows them (personal data removed).
    pub published_question: String,
    pub published_answer: String,
    pub closed_at: Option<Timestamp>,
    pub rating: Option<Satisfaction>,
    pub rated_at: Option<Timestamp>,
    pub rating_comment: String,
}

impl Workflow {
    /// A PAKN just received.
    pub fn received(at: Timestamp) -> Workflow {
        Workflow {
            status: FeedbackStatus::Received,
            received_at: at,
            assigned_to: None,
            assigned_at: None,
            refused_at: None,
            refusal_reason: String::new(),
            info_asked_at: None,
            info_request: String::new(),
            info_given_at: None,
            info_reply: String::new(),
            paused_seconds: 0,
            answered_at: None,
            answered_by: None,
            answer: String::new(),
            published_at: None,
            published_question: String::new(),
            published_answer: String::new(),
            closed_at: None,
            rating: None,
            rated_at: None,
            rating_comment: String::new(),
        }
    }
}

/// A step of the handling, with what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The center's leader gives it to an officer (again, to another).
    Assign {
        to: AccountId,
    },
    /// Not handled (outside the center's remit, no content…), with the reason.
    Refuse {
        reason: String,
    },
    /// The sender is asked for more information: the answer's clock stops.
    AskInfo {
        request: String,
    },
    /// The sender's reply: the clock runs again.
    GiveInfo {
        reply: String,
    },
    Answer {
        text: String,
        by: AccountId,
    },
    /// The answer goes on the portal, as the published texts say.
    Publish {
        question: String,
        answer: String,
    },
    Close,
    /// The sender rates the answer (once).
    Rate {
        rating: Satisfaction,
        comment: String,
    },
}

impl Step {
    /// The stable name of the step, as the history records it.
    pub fn code(&self) -> &'static str {
        match self {
            Step::Assign { .. } => "assign",
            Step::Refuse { .. } => "refuse",
            Step::AskInfo { .. } => "ask-info",
            Step::GiveInfo { .. } => "give-info",
            Step::Answer { .. } => "answer",
            Step::Publish { .. } => "publish",
            Step::Close => "close",
            Step::Rate { .. } => "rate",
        }
    }
}

/// Why a step is not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedbackError {
    /// Not from the status it is in.
    NotNow {
        step: &'static str,
        status: FeedbackStatus,
    },
    /// More information is asked for once only.
    InfoAskedAlready,
    /// The answer was rated already.
    RatedAlready,
}

impl FeedbackError {
    pub fn message(&self) -> Message {
        match self {
            FeedbackError::NotNow { status, .. } => Message::new("error-feedback-not-now")
                .with("status", Message::new(status.label_key())),
            FeedbackError::InfoAskedAlready => Message::new("error-feedback-info-asked-already"),
            FeedbackError::RatedAlready => Message::new("error-feedback-rated-already"),
        }
    }
}

/// The workflow after `step` taken at `at`, or why it cannot be. The
/// calendar measures the working time spent waiting for information.
pub fn decide(
    w: &Workflow,
    step: &Step,
    at: Timestamp,
    cal: &WorkCalendar,
) -> Result<Workflow, FeedbackError> {
    use FeedbackStatus as S;
    let not_now = || FeedbackError::NotNow {
        step: step.code(),
        status: w.status,
    };
    let mut n = w.clone();
    match step {
        Step::Assign { to } => {
            if !matches!(w.status, S::Received | S::Handling | S::WaitingInfo) {
                return Err(not_now());
            }
            n.assigned_to = Some(*to);
            n.assigned_at = Some(at);
            if w.status == S::Received {
                n.status = S::Handling;
            }
        }
        Step::Refuse { reason } => {
            if !matches!(w.status, S::Received | S::Handling) {
                return Err(not_now());
            }
            n.status = S::Refused;
            n.refused_at = Some(at);
            n.refusal_reason = reason.clone();
        }
        Step::AskInfo { request } => {
            if !matches!(w.status, S::Received | S::Handling) {
                return Err(not_now());
            }
            if w.info_asked_at.is_some() {
                return Err(FeedbackError::InfoAskedAlready);
            }
            n.status = S::WaitingInfo;
            n.info_asked_at = Some(at);
            n.info_request = request.clone();
        }
        Step::GiveInfo { reply } => {
            if w.status != S::WaitingInfo {
                return Err(not_now());
            }
            let asked = w.info_asked_at.unwrap_or(at);
            n.paused_seconds += cal
                .working_seconds_between(from_timestamp(asked), from_timestamp(at))
                .max(0);
            n.status = S::Handling;
            n.info_given_at = Some(at);
            n.info_reply = reply.clone();
        }
        Step::Answer { text, by } => {
            if !matches!(w.status, S::Received | S::Handling) {
                return Err(not_now());
            }
            n.status = S::Answered;
            n.answered_at = Some(at);
            n.answered_by = Some(*by);
            n.answer = text.clone();
        }
        Step::Publish { question, answer } => {
            if w.status != S::Answered {
                return Err(not_now());
            }
            n.status = S::Published;
            n.published_at = Some(at);
            n.published_question = question.clone();
            n.published_answer = answer.clone();
        }
        // Also when the sender never gave the information asked for.
        Step::Close => {
            if !matches!(
                w.status,
                S::Answered | S::Published | S::Refused | S::WaitingInfo
            ) {
                return Err(not_now());
            }
            n.status = S::Closed;
            n.closed_at = Some(at);
        }
        Step::Rate { rating, comment } => {
            if w.answered_at.is_none() || w.status == S::Refused {
                return Err(not_now());
            }
            if w.rating.is_some() {
                return Err(FeedbackError::RatedAlready);
            }
            n.rating = Some(*rating);
            n.rated_at = Some(at);
            n.rating_comment = comment.clone();
        }
    }
    Ok(n)
}

fn after(cal: &WorkCalendar, from: Timestamp, limit: TimeLimit) -> Timestamp {
    to_timestamp(cal.due(from_timestamp(from), limit))
}

fn working_days_seconds(limit: TimeLimit) -> i64 {
    match limit {
        TimeLimit::WorkingDays(d) => i64::from(d) * 8 * 3600,
        _ => 0,
    }
}

/// The deadline of each step, from the right moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    /// A refusal: 2 working days from receipt.
    pub refuse_by: Timestamp,
    /// A request for more information: 5 working days from receipt.
    pub ask_info_by: Timestamp,
    /// The answer: 15 working days from receipt plus the working time spent
    /// waiting for the sender; `None` while waiting (the clock is stopped).
    pub answer_by: Option<Timestamp>,
    /// Publication: 2 working days from the answer, once answered.
    pub publish_by: Option<Timestamp>,
}

pub fn deadlines(w: &Workflow, cal: &WorkCalendar) -> Deadlines {
    let received = from_timestamp(w.received_at);
    let answer_by = (w.status != FeedbackStatus::WaitingInfo).then(|| {
        to_timestamp(cal.add_working_seconds(
            received,
            working_days_seconds(ANSWER_WITHIN) + w.paused_seconds,
        ))
    });
    Deadlines {
        refuse_by: after(cal, w.received_at, REFUSE_WITHIN),
        ask_info_by: after(cal, w.received_at, ASK_INFO_WITHIN),
        answer_by,
        publish_by: w.answered_at.map(|a| after(cal, a, PUBLISH_WITHIN)),
    }
}

/// The step the PAKN waits for now, and its deadline: the answer while it is
/// received or handled, the publication once answered; nothing while the
/// sender is asked for information or once it is finished.
pub fn pending(w: &Workflow, d: &Deadlines) -> Option<(Stage, Timestamp)> {
    match w.status {
        FeedbackStatus::Received | FeedbackStatus::Handling => {
            d.answer_by.map(|t| (Stage::Answer, t))
        }
        FeedbackStatus::Answered => d.publish_by.map(|t| (Stage::Publish, t)),
        _ => None,
    }
}

/// The steps taken after their deadline, and the pending one whose deadline
/// passed by `now`.
pub fn late_stages(w: &Workflow, cal: &WorkCalendar, now: Timestamp) -> Vec<Stage> {
    let d = deadlines(w, cal);
    let mut late = Vec::new();
    let mut check = |stage, done: Option<Timestamp>, by: Option<Timestamp>| {
        if let (Some(done), Some(by)) = (done, by) {
            if done > by {
                late.push(stage);
            }
        }
    };
    check(Stage::Refuse, w.refused_at, Some(d.refuse_by));
    check(Stage::AskInfo, w.info_asked_at, Some(d.ask_info_by));
    check(Stage::Answer, w.answered_at, d.answer_by);
    check(Stage::Publish, w.published_at, d.publish_by);
    if let Some((stage, by)) = pending(w, &d) {
        if now > by && !late.contains(&stage) {
            late.push(stage);
        }
    }
    late
}

/// Whether the PAKN is finished: refused, answered (publication is a
/// separate step with its own deadline), published or closed.
pub fn is_handled(w: &Workflow) -> bool {
    matches!(
        w.status,
        FeedbackStatus::Refused
            | FeedbackStatus::Answered
            | FeedbackStatus::Published
            | FeedbackStatus::Closed
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use motcua_calendar::OfficeHours;

    /// 07:00–11:30, 13:30–17:00 Monday to Friday; Wednesday 2 December 2026
    /// made a day off to stand for a holiday.
    fn cal() -> WorkCalendar {
        WorkCalendar::with_days(OfficeHours::default(), &[date(2026, 12, 2)], &[])
    }

    /// A civil time in Vietnam.
    fn vn(s: &str) -> Timestamp {
        to_timestamp(s.parse().unwrap())
    }

    /// Received on Friday 27 November 2026 at 15:00.
    fn friday() -> Workflow {
        Workflow::received(vn("2026-11-27T15:00"))
    }

    #[test]
    fn deadlines_count_working_days_across_weekends_and_holidays() {
        let d = deadlines(&friday(), &cal());
        // Friday 2 h, Monday 8 h, Tuesday 6 h: Tuesday 15:00.
        assert_eq!(d.refuse_by, vn("2026-12-01T15:00"));
        // Mon 30, Tue 1, (Wed 2 off) Thu 3, Fri 4, Mon 7.
        assert_eq!(d.ask_info_by, vn("2026-12-07T15:00"));
        // Fifteen working days: the 18th without the holiday, the 21st with it.
        assert_eq!(d.answer_by, Some(vn("2026-12-21T15:00")));
        let plain = deadlines(&friday(), &WorkCalendar::new(OfficeHours::default()));
        assert_eq!(plain.answer_by, Some(vn("2026-12-18T15:00")));
        assert_eq!(d.publish_by, None);
    }

    #[test]
    fn waiting_for_information_stops_the_answers_clock() {
        let c = cal();
        let officer = AccountId(7);
        let w = decide(
            &friday(),
            &Step::Assign { to: officer },
            vn("2026-11-30T08:00"),
            &c,
        )
        .unwrap();
        assert_eq!(w.status, FeedbackStatus::Handling);
        let asked = vn("2026-12-01T09:00");
        let w = decide(
            &w,
            &Step::AskInfo {
                request: "Số hồ sơ?".into(),
            },
            asked,
            &c,
        )
        .unwrap();
        assert_eq!(w.status, FeedbackStatus::WaitingInfo);
        assert_eq!(deadlines(&w, &c).answer_by, None, "paused");
        assert_eq!(pending(&w, &deadlines(&w, &c)), None);
        // Asked Tuesday 09:00, answered Thursday 09:00 (Wednesday off): 8 working hours.
        let w = decide(
            &w,
            &Step::GiveInfo {
                reply: "261127-0001".into(),
            },
            vn("2026-12-03T09:00"),
            &c,
        )
        .unwrap();
        assert_eq!(w.paused_seconds, 8 * 3600);
        assert_eq!(w.status, FeedbackStatus::Handling);
        // One working day later than without the pause: Tuesday 22nd, 15:00.
        assert_eq!(deadlines(&w, &c).answer_by, Some(vn("2026-12-22T15:00")));
        assert_eq!(
            decide(
                &w,
                &Step::AskInfo {
                    request: "lại".into()
                },
                vn("2026-12-03T10:00"),
                &c
            ),
            Err(FeedbackError::InfoAskedAlready)
        );
        assert!(late_stages(&w, &c, vn("2026-12-22T15:00")).is_empty());
        assert_eq!(
            late_stages(&w, &c, vn("2026-12-22T15:01")),
            vec![Stage::Answer]
        );
    }

    #[test]
    fn each_step_is_judged_against_its_own_deadline() {
        let c = cal();
        let by = AccountId(3);
        let answered = decide(
            &friday(),
            &Step::Answer {
                text: "Đã chấn chỉnh".into(),
                by,
            },
            vn("2026-12-18T10:00"),
            &c,
        )
        .unwrap();
        let d = deadlines(&answered, &c);
        // Friday 18th 10:00 + 16 working hours: Tuesday 22nd 10:00.
        assert_eq!(d.publish_by, Some(vn("2026-12-22T10:00")));
        assert_eq!(
            pending(&answered, &d),
            Some((Stage::Publish, vn("2026-12-22T10:00")))
        );
        let late_pub = decide(
            &answered,
            &Step::Publish {
                question: "q".into(),
                answer: "a".into(),
            },
            vn("2026-12-22T10:01"),
            &c,
        )
        .unwrap();
        assert_eq!(
            late_stages(&late_pub, &c, vn("2027-01-30T00:00")),
            vec![Stage::Publish]
        );
        // A refusal on day 3 is late; on day 2 it is not.
        let refuse = |at| {
            decide(
                &friday(),
                &Step::Refuse {
                    reason: "Không thuộc thẩm quyền".into(),
                },
                vn(at),
                &c,
            )
            .unwrap()
        };
        assert!(late_stages(&refuse("2026-12-01T15:00"), &c, vn("2027-01-01T00:00")).is_empty());
        assert_eq!(
            late_stages(&refuse("2026-12-01T15:30"), &c, vn("2027-01-01T00:00")),
            vec![Stage::Refuse]
        );
    }

    #[test]
    fn steps_only_follow_their_status() {
        let c = cal();
        let at = vn("2026-11-30T08:00");
        let rate = Step::Rate {
            rating: Satisfaction::Satisfied,
            comment: String::new(),
        };
        assert!(matches!(
            decide(&friday(), &rate, at, &c),
            Err(FeedbackError::NotNow { .. })
        ));
        assert!(matches!(
            decide(
                &friday(),
                &Step::Publish {
                    question: String::new(),
                    answer: String::new()
                },
                at,
                &c
            ),
            Err(FeedbackError::NotNow {
                status: FeedbackStatus::Received,
                ..
            })
        ));
        let refused = decide(&friday(), &Step::Refuse { reason: "x".into() }, at, &c).unwrap();
        assert!(decide(
            &refused,
            &Step::Answer {
                text: "a".into(),
                by: AccountId(1)
            },
            at,
            &c
        )
        .is_err());
        assert_eq!(
            decide(&refused, &Step::Close, at, &c).unwrap().status,
            FeedbackStatus::Closed
        );
        let answered = decide(
            &friday(),
            &Step::Answer {
                text: "a".into(),
                by: AccountId(1),
            },
            at,
            &c,
        )
        .unwrap();
        let rated = decide(&answered, &rate, at, &c).unwrap();
        assert_eq!(rated.rating, Some(Satisfaction::Satisfied));
        assert_eq!(rated.status, FeedbackStatus::Answered);
        assert_eq!(
            decide(&rated, &rate, at, &c),
            Err(FeedbackError::RatedAlready)
        );
        assert!(is_handled(&rated) && !is_handled(&friday()));
        // A sender who never gives the information asked for: closed.
        let waiting = decide(
            &friday(),
            &Step::AskInfo {
                request: "?".into(),
            },
            at,
            &c,
        )
        .unwrap();
        assert_eq!(
            decide(&waiting, &Step::Close, at, &c).unwrap().status,
            FeedbackStatus::Closed
        );
        assert!(decide(&friday(), &Step::Close, at, &c).is_err());
    }

    proptest::proptest! {
        /// Whenever it is received and however long the sender is waited
        /// for, the deadlines keep their order, a pause moves the answer's
        /// deadline by exactly the working time paused, and a step taken at
        /// its deadline is on time while one a second later is late.
        #[test]
        fn deadlines_keep_their_order_and_pauses_add_up(
            minutes in 0i64..(365 * 24 * 60),
            paused_hours in 0i64..200,
        ) {
            let c = cal();
            let at = vn("2026-01-01T00:00") + jiff::SignedDuration::from_mins(minutes);
            let mut w = Workflow::received(at);
            let d0 = deadlines(&w, &c);
            let answer0 = d0.answer_by.unwrap();
            proptest::prop_assert!(d0.refuse_by <= d0.ask_info_by && d0.ask_info_by <= answer0);
            proptest::prop_assert!(d0.refuse_by > at);
            w.paused_seconds = paused_hours * 3600;
            let answer = deadlines(&w, &c).answer_by.unwrap();
            proptest::prop_assert_eq!(
                c.working_seconds_between(from_timestamp(answer0), from_timestamp(answer)),
                paused_hours * 3600
            );
            let refuse = |t| decide(&Workflow::received(at), &Step::Refuse { reason: "r".into() }, t, &c).unwrap();
            proptest::prop_assert!(late_stages(&refuse(d0.refuse_by), &c, d0.refuse_by).is_empty());
            let one_more = d0.refuse_by + jiff::SignedDuration::from_secs(1);
            proptest::prop_assert_eq!(late_stages(&refuse(one_more), &c, one_more), vec![Stage::Refuse]);
        }
    }
}
