//! The pages of a center's hall that nobody signs in to: the ticket kiosk,
//! the board on the hall's TV, and the citizen's rating (through the
//! receipt's link, or on the counter's tablet). Their own stylesheet and
//! script (`/static/hall.css`, `/static/hall.js`), served from the binary.
//!
//! They show no personal data: numbers, counters, a dossier's code and
//! procedure. The devices (kiosk, tablet) are known by their secret link
//! alone. What they send is counted per address (`cases::queue::hall_request`),
//! as the API's requests are; the pages they show are counted only when the
//! link is wrong (`cases::queue::device_looked_up`).

mod board;
mod kiosk;
mod rating;

use askama::Template;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use motcua_domain::i18n::Message;
use motcua_domain::Locale;

use super::PageError;
use crate::{AppState, WebError};

/// The hall's routes, merged into the application's router.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/lay-so/{secret}", get(kiosk::start).post(kiosk::take))
        .route("/lay-so/{secret}/ve/{ticket}", get(kiosk::ticket))
        .route("/bang-goi/{center}", get(board::board))
        .route(
            "/danh-gia/{code}",
            get(rating::link).post(rating::link_rate),
        )
        .route(
            "/danh-gia-quay/{secret}",
            get(rating::tablet).post(rating::tablet_rate),
        )
        .route("/static/hall.css", get(stylesheet))
        .route("/static/hall.js", get(script))
}

const CSS: &str = include_str!("../../../static/hall.css");
const JS: &str = include_str!("../../../static/hall.js");

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CSS,
    )
}

async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        JS,
    )
}

/// A page with its status; a template that fails is the short apology.
fn page(status: StatusCode, t: impl Template) -> Response {
    match t.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(e) => PageError(e.into()).into_response(),
    }
}

/// After a form was taken: to the page that shows what it did (so that
/// reloading it sends nothing again).
fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// A screen that says one thing: thanks, a note, or "wait a moment".
#[derive(Template)]
#[template(path = "hall_message.html")]
struct MessagePage {
    l: Locale,
    /// thanks, note or busy: how it looks.
    kind: &'static str,
    title: String,
    message: String,
    /// Where the screen goes by itself, and after how many seconds (a
    /// device's screen returns to its start).
    refresh: Option<(u32, String)>,
}

impl MessagePage {
    fn new(l: Locale, kind: &'static str, title: String, message: String) -> MessagePage {
        MessagePage {
            l,
            kind,
            title,
            message,
            refresh: None,
        }
    }
}

/// A request these pages cannot answer with their own content: an unknown
/// link is the "not found" page in the reader's language; too many requests
/// a "try again" screen that tries again by itself (`again`) once the wait
/// is over; anything else the apology.
fn refused(l: Locale, e: WebError, again: &str) -> Response {
    match e {
        WebError::NotFound => super::not_found_page(l),
        WebError::TooManyRequests(secs) => {
            let mut m = MessagePage::new(
                l,
                "busy",
                l.t("hall-busy-title").into(),
                Message::new("hall-too-many").with("secs", secs).localize(l),
            );
            m.refresh = Some((wait_secs(secs), again.to_string()));
            with_retry_after(page(StatusCode::TOO_MANY_REQUESTS, m), secs)
        }
        e => PageError(e).into_response(),
    }
}

/// The wait a refreshing screen is given (a device then asks again by itself).
fn wait_secs(secs: i64) -> u32 {
    u32::try_from(secs.clamp(1, 3600)).unwrap_or(60)
}

fn with_retry_after(mut res: Response, secs: i64) -> Response {
    res.headers_mut().insert(header::RETRY_AFTER, secs.into());
    res
}

/// A path of ours in the reader's language: `?lang=en` is kept on the links
/// and forms of a page opened in English (a phone has no cookie for it).
fn in_lang(l: Locale, path: &str) -> String {
    match l {
        Locale::Vi => path.to_string(),
        Locale::En if path.contains('?') => format!("{path}&lang=en"),
        Locale::En => format!("{path}?lang=en"),
    }
}
