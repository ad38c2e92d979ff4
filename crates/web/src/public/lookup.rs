//! The status lookup for whoever holds a receipt.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use motcua_domain::i18n::Message;
use motcua_domain::Locale;

use super::PageError;
use crate::locale::Lang;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "lookup.html")]
struct LookupPage {
    l: Locale,
    path: &'static str,
    code: String,
    pin: String,
    phone: String,
    found: Option<crate::cases::PublicStatus>,
    error: Option<String>,
    /// The holder's link to rate the service, while there is a stage to rate.
    rating: Option<String>,
    /// Arrived here straight from an online submission.
    just_sent: bool,
}

impl LookupPage {
    fn when(&self, at: &jiff::Timestamp) -> String {
        motcua_calendar::from_timestamp(*at)
            .strftime("%H:%M %d/%m/%Y")
            .to_string()
    }

    fn appointment(&self) -> String {
        self.found
            .as_ref()
            .and_then(|f| f.appointment)
            .map(|a| {
                motcua_calendar::from_timestamp(a)
                    .strftime("%H:%M, %d/%m/%Y")
                    .to_string()
            })
            .unwrap_or_default()
    }
}

#[derive(serde::Deserialize)]
pub struct LookupParams {
    #[serde(default)]
    ma: String,
    /// The lookup PIN on the receipt (the QR code carries it).
    #[serde(default)]
    pin: String,
    /// Or the last digits of the phone number.
    #[serde(default)]
    sdt: String,
    /// `1` right after an online submission.
    #[serde(default)]
    moi: String,
}

/// The rating link of a dossier its holder just looked up, if it may be
/// rated now and is not yet (a failure only hides the link).
async fn rating_link(s: &AppState, code: &str) -> Option<String> {
    let code = crate::cases::dossier_code(code)?;
    let d = s.store.dossier(&code).await.ok()??;
    crate::cases::ratings::offered_link(s, d).await.ok()?
}

/// `/tra-cuu?ma=&pin=`: a citizen checks a dossier with the code on the
/// receipt and its PIN (the receipt's QR code carries both), or the last
/// digits of the phone number given at intake.
pub async fn lookup(
    State(s): State<AppState>,
    Lang(l): Lang,
    crate::auth::ClientIp(client): crate::auth::ClientIp,
    Query(q): Query<LookupParams>,
) -> Response {
    let (mut found, mut error, mut status) = (None, None, StatusCode::OK);
    let factor = !q.pin.trim().is_empty() || !q.sdt.trim().is_empty();
    let mut retry_after = None;
    if !q.ma.trim().is_empty() && factor {
        let (pin, phone) = (Some(q.pin.as_str()), Some(q.sdt.as_str()));
        match crate::cases::public_status(&s, &client, &q.ma, pin, phone).await {
            Ok(f) => found = Some(f),
            Err(e @ (WebError::Invalid { .. } | WebError::Unauthenticated(_))) => {
                error = Some(e.localize(l))
            }
            Err(WebError::TooManyRequests(secs)) => {
                status = StatusCode::TOO_MANY_REQUESTS;
                retry_after = Some(secs);
                error = Some(
                    Message::new("lookup-too-many-attempts")
                        .with("secs", secs)
                        .localize(l),
                );
            }
            Err(e) => return PageError(e).into_response(),
        }
    }
    let rating = match &found {
        Some(_) => rating_link(&s, &q.ma).await,
        None => None,
    };
    let page = LookupPage {
        just_sent: q.moi == "1",
        rating,
        l,
        path: "/tra-cuu",
        code: q.ma.trim().chars().take(40).collect(),
        pin: q.pin.trim().chars().take(12).collect(),
        phone: q.sdt.trim().chars().take(20).collect(),
        found,
        error,
    };
    let mut res = match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(e) => return PageError(e.into()).into_response(),
    };
    if let Some(secs) = retry_after {
        res.headers_mut()
            .insert(axum::http::header::RETRY_AFTER, secs.into());
    }
    res
}
