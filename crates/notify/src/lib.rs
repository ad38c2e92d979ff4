//! motcua's notifications to citizens: a dossier received, its result ready.
//!
//! - [`Mailer`]: e-mail over SMTP (lettre): plain on loopback, STARTTLS or SMTPS
//!   with rustls for a real server. An [`Email`]'s key becomes its Message-ID, so a
//!   message sent again after a lost answer is recognisable as the same one.
//! - [`SmsGateway`]: an SMS through an HTTP gateway (JSON, a bearer key, an
//!   `Idempotency-Key`); [`sms_text`] makes a Vietnamese text fit a plain-ASCII SMS.
//! - [`sim`]: an SMS gateway simulator, a real HTTP service (tests and the demo send
//!   to it over loopback, so the real client is exercised).
//!
//! Every failure is a [`SendError`] that says whether sending again later can help.

mod email;
mod error;
pub mod sim;
mod sms;
mod text;

pub use email::{Email, Mailer};
pub use error::SendError;
pub use sim::SmsSim;
pub use sms::{Sms, SmsGateway, IDEMPOTENCY_HEADER};
pub use text::sms_text;
