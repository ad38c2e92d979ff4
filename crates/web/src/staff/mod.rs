//! The staff's screens, one file each: signing in and out, the inbox, the
//! dossier page with its actions, the counter, the search, the account. The
//! staff bar and the dossier lists are shared by several of them.

pub mod account;
pub mod advice_view;
mod bar;
pub mod counter;
pub mod dashboard;
pub mod dossier;
pub mod feedback;
pub mod guidance;
pub mod inbox;
mod list;
pub mod login;
pub mod postal;
pub mod postal_report;
pub mod queue_counter;
pub mod queue_setup;
pub mod scan_queue;
pub mod scans;
pub mod search;
pub mod transport;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use jiff::Timestamp;
use motcua_calendar::from_timestamp;

use crate::WebError;

pub use bar::Bar;

pub(crate) fn html(status: StatusCode, t: impl Template) -> Response {
    match t.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(e) => WebError::from(e).into_response(),
    }
}

pub(crate) fn when(t: Timestamp) -> String {
    from_timestamp(t).strftime("%H:%M %d/%m/%Y").to_string()
}
