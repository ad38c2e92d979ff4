//! Telling citizens about their dossiers: the notices an event calls for
//! (`domain::dossier::notice`) are written with it, one per way to reach the
//! applicant (e-mail, SMS), and sent by a worker through the outbox (the
//! `jobs` table, kind `notify`): at least once, with the notice's id as the
//! idempotency key (the e-mail's Message-ID, the SMS gateway's key), an SMS
//! not at night, a failure tried again with growing waits. A deployment
//! without a mail server or SMS gateway keeps the notices as *skipped*.

use jiff::Timestamp;
use motcua_domain::dossier::lifecycle::Action;
use motcua_domain::dossier::notice::{self, NoticeFacts};
use motcua_domain::dossier::Status;
use motcua_notify::{Email, Mailer, Sms, SmsGateway};
use motcua_store::{Applicant, IntakeDetails, NewNotice, CODE_MARK, NOTIFY};

use crate::{AppState, WebError};

/// How a deployment reaches citizens.
#[derive(Default)]
pub struct Messenger {
    pub mailer: Option<Mailer>,
    pub sms: Option<SmsGateway>,
}

/// The longest SMS sent (one GSM-7 message).
pub const SMS_MAX: usize = 160;

/// The notices an event calls for, for the applicant of a dossier whose
/// code is `code` (or [`CODE_MARK`] before it is known).
#[allow(clippy::too_many_arguments)]
pub async fn notices_for(
    state: &AppState,
    code: &str,
    center_id: motcua_store::CenterId,
    applicant: &Applicant,
    details: &IntakeDetails,
    action: &Action,
    to: Status,
    appointment: Option<Timestamp>,
    now: Timestamp,
) -> Result<Vec<NewNotice>, WebError> {
    let by_post = details.result_channel == motcua_store::ResultChannel::Post;
    let Some(kind) = notice::for_event(action, to, by_post) else {
        return Ok(Vec::new());
    };
    if applicant.email.is_none() && applicant.phone.is_none() {
        return Ok(Vec::new());
    }
    let center = state
        .store
        .center(center_id)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let (items, reason) = match action {
        Action::RequestSupplement { items, reason } => (items.clone(), reason.clone()),
        Action::Extend { reason, .. } => (Vec::new(), reason.clone()),
        _ => (Vec::new(), String::new()),
    };
    let tracking = match action {
        Action::ShipByPost { tracking, .. } => tracking.clone(),
        Action::PostalUpdate { tracking, .. } => Some(tracking.clone()),
        _ => None,
    };
    let appointment = match action {
        Action::Accept { appointment } | Action::Extend { appointment, .. } => Some(*appointment),
        _ => appointment,
    };
    let facts = NoticeFacts {
        code: code.to_string(),
        procedure: details.procedure_name.clone(),
        center,
        appointment: appointment.map(|a| {
            let t = motcua_calendar::from_timestamp(a);
            format!(
                "{:02}:{:02} ngày {:02}/{:02}/{}",
                t.hour(),
                t.minute(),
                t.day(),
                t.month(),
                t.year()
            )
        }),
        lookup_url: format!("{}/tra-cuu?ma={code}", crate::forms::public_base(state)),
        items,
        reason,
        tracking,
    };
    let text = notice::compose(kind, &facts);
    let mut out = Vec::new();
    if let Some(email) = &applicant.email {
        out.push(NewNotice {
            kind: kind.code().into(),
            channel: "email".into(),
            recipient: email.clone(),
            subject: text.subject.clone(),
            body: text.body.clone(),
            send_after: now,
        });
    }
    if let Some(phone) = &applicant.phone {
        out.push(NewNotice {
            kind: kind.code().into(),
            channel: "sms".into(),
            recipient: phone.to_string(),
            subject: String::new(),
            body: text.sms.clone(),
            send_after: notice::quiet_until(now).unwrap_or(now),
        });
    }
    Ok(out)
}

/// The notices of an event on an existing dossier.
pub async fn for_dossier(
    state: &AppState,
    d: &motcua_store::DossierRecord,
    action: &Action,
    to: Status,
    now: Timestamp,
) -> Result<Vec<NewNotice>, WebError> {
    if d.details.demo {
        return Ok(Vec::new());
    }
    notices_for(
        state,
        &d.code.to_string(),
        d.center_id,
        &d.applicant,
        &d.details,
        action,
        to,
        d.state.appointment,
        now,
    )
    .await
}

/// The notices of an intake: the code is written in by the store.
pub async fn for_intake(
    state: &AppState,
    center_id: motcua_store::CenterId,
    applicant: &Applicant,
    details: &IntakeDetails,
    action: &Action,
    to: Status,
    now: Timestamp,
) -> Result<Vec<NewNotice>, WebError> {
    notices_for(
        state, CODE_MARK, center_id, applicant, details, action, to, None, now,
    )
    .await
}

/// One try as a person reads it: "14:05 24/11/2026 · gửi lại sau: 421 …".
pub fn attempt_line(l: motcua_domain::Locale, a: &motcua_store::NoticeAttempt) -> String {
    let outcome = match a.outcome.as_str() {
        "sent" => l.t("notice-sent"),
        "skipped" => l.t("notice-skipped"),
        "retry" => l.t("notice-retry"),
        _ => l.t("notice-failed"),
    };
    let t = motcua_calendar::from_timestamp(a.at).strftime("%H:%M %d/%m/%Y");
    if a.detail.is_empty() {
        format!("{t} · {outcome}")
    } else {
        format!("{t} · {outcome}: {}", a.detail)
    }
}

/// What one turn of the notice worker did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Turn {
    Idle,
    Sent,
    /// No way to send it here (no mail server or SMS gateway configured).
    Skipped,
    Later {
        at: Timestamp,
    },
    Failed,
}

/// Tries before a notice is given up.
pub const MAX_TRIES: i64 = 12;

/// Sends one due notice.
pub async fn turn(state: &AppState) -> Result<Turn, WebError> {
    let now = state.now();
    let Some(job) = state
        .store
        .claim_job(NOTIFY, now, jiff::SignedDuration::from_secs(120))
        .await?
    else {
        return Ok(Turn::Idle);
    };
    let Some(n) = state.store.notice(job.subject).await? else {
        state
            .store
            .fail_job(job.id, "the notice is gone", now)
            .await?;
        return Ok(Turn::Failed);
    };
    let key = format!("motcua-notice-{}", n.id);
    let messenger = state.messenger.as_deref();
    let sent = match n.channel.as_str() {
        "email" => match messenger.and_then(|m| m.mailer.as_ref()) {
            Some(mailer) => Some(
                mailer
                    .send(&Email {
                        to: n.recipient.clone(),
                        subject: n.subject.clone(),
                        body: n.body.clone(),
                        key,
                    })
                    .await,
            ),
            None => None,
        },
        _ => match messenger.and_then(|m| m.sms.as_ref()) {
            Some(gateway) => Some(
                gateway
                    .send(&Sms {
                        to: n.recipient.clone(),
                        text: motcua_notify::sms_text(&n.body, SMS_MAX),
                        key,
                    })
                    .await,
            ),
            None => None,
        },
    };
    match sent {
        None => {
            state
                .store
                .close_notice(job.id, n.id, "skipped", state.now())
                .await?;
            Ok(Turn::Skipped)
        }
        Some(Ok(())) => {
            state
                .store
                .close_notice(job.id, n.id, "sent", state.now())
                .await?;
            Ok(Turn::Sent)
        }
        Some(Err(e)) if e.retryable() && job.attempts < MAX_TRIES => {
            let at = now + super::postal::backoff(job.attempts);
            state
                .store
                .notice_failed(job.id, n.id, &e.to_string(), Some(at), now)
                .await?;
            Ok(Turn::Later { at })
        }
        Some(Err(e)) => {
            state
                .store
                .notice_failed(job.id, n.id, &e.to_string(), None, now)
                .await?;
            Ok(Turn::Failed)
        }
    }
}

/// The worker beside the server.
pub async fn work(state: AppState) {
    loop {
        match turn(&state).await {
            Ok(Turn::Idle) => tokio::time::sleep(std::time::Duration::from_secs(5)).await,
            Ok(_) => {}
            Err(e) => {
                tracing::error!(error = %e, "the notice worker failed a turn");
                tokio::time::sleep(std::time::Duration::from_secs(30)).await;
            }
        }
    }
}
