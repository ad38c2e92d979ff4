//! `/bang-goi/{center}`: the board on the hall's TV. The server draws it
//! whole (it works without script, refreshing itself); `hall.js` then
//! follows the board's event stream and draws the same parts again on each
//! change, flashing and (if asked) reading out a new call. Numbers and
//! counters only: nobody's name.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use motcua_domain::i18n::Message;
use motcua_domain::Locale;
use motcua_store::CenterId;

use super::{page, refused};
use crate::auth::ClientIp;
use crate::cases::lookup::public_request;
use crate::cases::queue::{self, BoardCall, GroupWaiting};
use crate::locale::Lang;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "hall_board.html")]
struct BoardPage {
    l: Locale,
    center_id: CenterId,
    center: String,
    /// `08:30` and `24/11/2026`, Vietnam time, until the script keeps them.
    clock: String,
    date: String,
    /// The latest call, and the others still at their counters.
    latest: Option<Call>,
    others: Vec<Call>,
    waiting: Vec<GroupWaiting>,
}

/// A call as the board writes it.
struct Call {
    number: String,
    /// `Quầy 3`
    counter: String,
    /// `Mời số A012 đến quầy 3`: shown, and read out as shown.
    say: String,
}

impl Call {
    fn of(c: &BoardCall, l: Locale) -> Call {
        Call {
            number: c.number.clone(),
            counter: counter_text(l, c.counter.to_string()),
            say: say_text(l, c.number.clone(), c.counter.to_string()),
        }
    }
}

fn counter_text(l: Locale, counter: String) -> String {
    Message::new("hall-board-counter")
        .with("counter", counter)
        .localize(l)
}

fn say_text(l: Locale, number: String, counter: String) -> String {
    Message::new("hall-board-say")
        .with("number", number)
        .with("counter", counter)
        .localize(l)
}

impl BoardPage {
    /// The words the script fills in, with `{number}` and `{counter}` where
    /// the call's go: the page and the script say a call the same way.
    fn counter_pattern(&self) -> String {
        counter_text(self.l, "{counter}".into())
    }

    fn say_pattern(&self) -> String {
        say_text(self.l, "{number}".into(), "{counter}".into())
    }
}

/// `GET /bang-goi/{center}`.
pub async fn board(
    State(state): State<AppState>,
    Lang(l): Lang,
    ClientIp(client): ClientIp,
    Path(id): Path<String>,
) -> Response {
    let shown = async {
        public_request(&state, &client)?;
        let id: CenterId = id.parse().map_err(|_| WebError::NotFound)?;
        let center = state.store.center(id).await?.ok_or(WebError::NotFound)?;
        let b = queue::board(&state, id).await?;
        let mut calls = b.called.iter().map(|c| Call::of(c, l));
        let now = motcua_calendar::from_timestamp(state.now());
        Ok::<_, WebError>(BoardPage {
            l,
            center_id: id,
            center: center.name,
            clock: now.strftime("%H:%M").to_string(),
            date: now.strftime("%d/%m/%Y").to_string(),
            latest: calls.next(),
            others: calls.collect(),
            waiting: b.waiting,
        })
    }
    .await;
    match shown {
        Ok(p) => page(StatusCode::OK, p),
        Err(e) => refused(l, e, &format!("/bang-goi/{id}")),
    }
}
