//! The public status lookup: what the holder of a receipt may see.

use jiff::Timestamp;
use motcua_calendar::from_timestamp;
use motcua_domain::dossier::Status;
use motcua_domain::i18n::Message;
use motcua_store::DossierRecord;
use serde::Serialize;

use crate::{AppState, WebError};

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
    /// The result was issued electronically and may be downloaded with the
    /// same code and second factor (`/api/v1/lookup/result`).
    pub e_result: bool,
    /// Each change of status, in plain words, oldest first (nobody's name:
    /// the holder sees where the dossier is, not who holds it).
    #[serde(default)]
    pub timeline: Vec<TimelineStep>,
}

/// A step of a dossier as its holder sees it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TimelineStep {
    pub at: Timestamp,
    pub status: i32,
    pub status_label: &'static str,
    pub status_label_en: &'static str,
}

/// The status the receipt's holder may see, or one error for any mismatch.
pub async fn public_status(
    state: &AppState,
    client: &str,
    code: &str,
    pin: Option<&str>,
    phone: Option<&str>,
) -> Result<PublicStatus, WebError> {
    let d = holders_dossier(state, client, code, pin, phone).await?;
    let mut view = public_view(&d);
    view.e_result = d.state.e_result && super::results::result_file(state, &d).await?.is_some();
    view.timeline = state
        .store
        .events(d.id)
        .await?
        .into_iter()
        .filter(|e| e.from != Some(e.to))
        .map(|e| TimelineStep {
            at: e.at,
            status: e.to.number(),
            status_label: e.to.label(motcua_domain::Locale::Vi),
            status_label_en: e.to.label(motcua_domain::Locale::En),
        })
        .collect();
    Ok(view)
}

/// The dossier of a receipt's holder: its code and the second factor (the
/// PIN, or the phone's last digits), with wrong tries limited; one error for
/// any mismatch, so codes cannot be probed.
pub(crate) async fn holders_dossier(
    state: &AppState,
    client: &str,
    code: &str,
    pin: Option<&str>,
    phone: Option<&str>,
) -> Result<DossierRecord, WebError> {
    use crate::input::invalid;
    public_request(state, client)?;
    let now = state.now();
    let code = code.trim().to_uppercase();
    if code.is_empty() {
        return Err(invalid("code", Message::new("error-is-required")));
    }
    if code.chars().count() > crate::input::max::CODE {
        return Err(invalid("code", Message::new("error-is-not-a-dossier-code")));
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
        return Err(invalid("pin", Message::new("error-give-the-6-digit-pin")));
    }
    if !pin.is_empty() && pin.len() != 6 {
        return Err(invalid("pin", Message::new("error-has-6-digits")));
    }
    if pin.is_empty() && !(4..=11).contains(&phone.len()) {
        return Err(invalid(
            "phone",
            Message::new("error-give-at-least-the-last"),
        ));
    }
    // One answer for "no such code" and "wrong second factor": codes cannot be probed.
    let refused = || {
        t.lookup_code_client.record(&code_client, now);
        t.lookup_code.record(&code, now);
        t.lookup_client.record(client, now);
        WebError::Unauthenticated(Message::new("denied-lookup-no-match"))
    };
    let key = state.lookup_key().await?;
    let found = match super::dossier_code(&code) {
        Some(code) => state.store.dossier(&code).await?,
        None => None,
    };
    let Some(d) = found else {
        return Err(refused());
    };
    let matches = if pin.is_empty() {
        d.applicant
            .phone
            .as_ref()
            .is_some_and(|p| p.as_str().ends_with(&phone))
    } else {
        crate::privacy::same_secret(&pin, &crate::privacy::lookup_pin(key, &d.code))
    };
    if !matches {
        return Err(refused());
    }
    Ok(d)
}

pub(crate) fn public_view(d: &DossierRecord) -> PublicStatus {
    let status = d.state.status.unwrap_or(Status::Registered);
    PublicStatus {
        code: d.code.to_string(),
        procedure: d.details.procedure_name.clone(),
        status: status.number(),
        status_label: status.label(motcua_domain::Locale::Vi),
        status_label_en: status.label(motcua_domain::Locale::En),
        received_on: from_timestamp(d.received_at).date(),
        appointment: d.state.appointment,
        e_result: false,
        timeline: Vec::new(),
    }
}

/// Counts a public request of `client`; too many in a minute get 429.
pub(crate) fn public_request(state: &AppState, client: &str) -> Result<(), WebError> {
    let now = state.now();
    let t = &state.throttles.public_client;
    t.check(client, now).map_err(WebError::too_many)?;
    t.record(client, now);
    Ok(())
}
