//! The guard of public forms that anyone may send without signing in (an
//! opinion or complaint, an online dossier): no CAPTCHA service from
//! outside, but three cheap checks that stop most robots and tell a person
//! in words what to do.
//!
//! - A **honeypot**: a text field named [`HONEYPOT`], hidden from people by
//!   the stylesheet, that must come back empty.
//! - A **form token** ([`TOKEN`]) made when the form is served: the instant,
//!   signed with HMAC-SHA256 under the deployment's key (the key of the
//!   lookup PINs, with a label of its own) for one form's name. A form sent
//!   back sooner than [`MIN_AGE`] (a robot), later than [`MAX_AGE`], or with
//!   a token that does not verify (forged, or for another form) is refused.
//! - A **rate limit** per form and client address
//!   (`Throttles::public_form_client`): every try counts.
//!
//! Use: put `guard::issue(&state, FORM).await?` in the page (a hidden input
//! named [`TOKEN`]) with an empty input named [`HONEYPOT`], and call
//! `guard::check(&state, &client, FORM, &token, &honeypot).await?` first
//! when the form comes back. A refusal is a [`WebError`]: `Invalid` naming
//! the field (422) or `TooManyRequests` (429); the page shows it and gives
//! back everything typed, with a fresh token. The JSON API hands out tokens
//! too (`GET /api/v1/feedback/form-token`), so the API is no way around it.

use hmac::{Hmac, Mac};
use jiff::{SignedDuration, Timestamp};
use motcua_domain::i18n::Message;
use sha2::Sha256;

use crate::{AppState, WebError};

/// The name of the field that must stay empty.
pub const HONEYPOT: &str = "website";
/// The name of the field that carries the form token.
pub const TOKEN: &str = "form_token";
/// A person reads a form for longer than this before sending it (a
/// deployment may set another, `WebConfig::form_min_secs`).
pub const MIN_AGE: SignedDuration = SignedDuration::from_secs(3);
/// A form opened longer ago than this is served again.
pub const MAX_AGE: SignedDuration = SignedDuration::from_secs(2 * 3600);

/// Why a form is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuardError {
    Honeypot,
    Forged,
    TooFast,
    Expired,
}

impl GuardError {
    pub fn message(self) -> Message {
        Message::new(match self {
            GuardError::Honeypot => "guard-honeypot",
            GuardError::Forged => "guard-forged",
            GuardError::TooFast => "guard-too-fast",
            GuardError::Expired => "guard-expired",
        })
    }

    /// The field a refusal names.
    pub fn field(self) -> &'static str {
        match self {
            GuardError::Honeypot => HONEYPOT,
            _ => TOKEN,
        }
    }
}

fn mac(key: &[u8], form: &str, seconds: i64) -> String {
    let mut m = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    m.update(b"form-token:");
    m.update(form.as_bytes());
    m.update(b":");
    m.update(seconds.to_string().as_bytes());
    hex::encode(&m.finalize().into_bytes()[..16])
}

/// The token of form `form` served at `at`: `{seconds}.{signature}`.
pub fn sign(key: &[u8], form: &str, at: Timestamp) -> String {
    let s = at.as_second();
    format!("{s}.{}", mac(key, form, s))
}

/// Whether `token` was made for `form` between [`MAX_AGE`] and `min_age`
/// before `now`, and the honeypot is empty.
pub fn verify(
    key: &[u8],
    form: &str,
    token: &str,
    honeypot: &str,
    now: Timestamp,
    min_age: SignedDuration,
) -> Result<(), GuardError> {
    if !honeypot.trim().is_empty() {
        return Err(GuardError::Honeypot);
    }
    let (secs, sig) = token.trim().split_once('.').ok_or(GuardError::Forged)?;
    let secs: i64 = secs.parse().map_err(|_| GuardError::Forged)?;
    if secs.to_string().len() > 12 || !crate::privacy::same_secret(sig, &mac(key, form, secs)) {
        return Err(GuardError::Forged);
    }
    let served = Timestamp::from_second(secs).map_err(|_| GuardError::Forged)?;
    let age = now.duration_since(served);
    if age < min_age {
        return Err(GuardError::TooFast);
    }
    if age > MAX_AGE {
        return Err(GuardError::Expired);
    }
    Ok(())
}

/// A fresh token for `form`, signed now.
pub async fn issue(state: &AppState, form: &str) -> Result<String, WebError> {
    Ok(sign(state.lookup_key().await?, form, state.now()))
}

/// The checks of a form sent back by `client`: the rate limit first (every
/// try counts), then the honeypot and the token.
pub async fn check(
    state: &AppState,
    client: &str,
    form: &str,
    token: &str,
    honeypot: &str,
) -> Result<(), WebError> {
    let now = state.now();
    let t = &state.throttles.public_form_client;
    let key = format!("{form}|{client}");
    t.check(&key, now).map_err(WebError::too_many)?;
    t.record(&key, now);
    let secret = state.lookup_key().await?;
    verify(
        secret,
        form,
        token,
        honeypot,
        now,
        state.config.form_min_age(),
    )
    .map_err(|e| crate::input::invalid(e.field(), e.message()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn a_token_is_good_between_three_seconds_and_two_hours() {
        let key = b"k";
        let served = t("2026-11-27T02:00:00Z");
        let token = sign(key, "feedback", served);
        let at = |secs: i64| served + SignedDuration::from_secs(secs);
        assert_eq!(
            verify(key, "feedback", &token, "", at(2), MIN_AGE),
            Err(GuardError::TooFast)
        );
        assert_eq!(verify(key, "feedback", &token, "", at(3), MIN_AGE), Ok(()));
        assert_eq!(
            verify(key, "feedback", &token, "", at(7200), MIN_AGE),
            Ok(())
        );
        assert_eq!(
            verify(key, "feedback", &token, "", at(7201), MIN_AGE),
            Err(GuardError::Expired)
        );
        assert_eq!(
            verify(key, "feedback", &token, "http://spam", at(10), MIN_AGE),
            Err(GuardError::Honeypot)
        );
    }

    #[test]
    fn forged_or_borrowed_tokens_are_refused() {
        let key = b"k";
        let served = t("2026-11-27T02:00:00Z");
        let now = served + SignedDuration::from_secs(60);
        let token = sign(key, "feedback", served);
        for bad in [
            sign(key, "dossier", served),
            sign(b"other", "feedback", served),
            token.replace(
                &served.as_second().to_string(),
                &(served.as_second() - 30).to_string(),
            ),
            "".into(),
            "abc".into(),
            "1.2".into(),
        ] {
            assert_eq!(
                verify(key, "feedback", &bad, "", now, MIN_AGE),
                Err(GuardError::Forged),
                "{bad}"
            );
        }
    }
}
