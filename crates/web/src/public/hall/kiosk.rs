//! The ticket kiosk: `/lay-so/{secret}` shows the center's service groups
//! and the lanes; a touch on a group takes a ticket and shows it, ready to
//! print, at `/lay-so/{secret}/ve/{ticket}`, which returns to the start by
//! itself. A kiosk with a receipt printer opens its link with `?in=1`: its
//! tickets then print as soon as they show.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use motcua_domain::i18n::Message;
use motcua_domain::queue::ticket::{service_day, KioskKind, Lane, TicketStatus};
use motcua_domain::Locale;
use motcua_store::{Kiosk, ServiceGroup, TicketId};
use serde::Deserialize;

use super::{page, refused, see_other, with_retry_after};
use crate::auth::ClientIp;
use crate::cases::queue::{self, TakeTicketIn};
use crate::locale::Lang;
use crate::{AppState, WebError};

/// `?in=1`: the kiosk prints its tickets.
#[derive(Deserialize, Default)]
pub struct PrintMode {
    #[serde(default, rename = "in")]
    print: String,
}

impl PrintMode {
    fn on(&self) -> bool {
        self.print == "1"
    }

    /// The kiosk's start, in the same mode.
    fn start(&self, secret: &str) -> String {
        format!("/lay-so/{secret}{}", self.query())
    }

    fn query(&self) -> &'static str {
        if self.on() {
            "?in=1"
        } else {
            ""
        }
    }
}

#[derive(Template)]
#[template(path = "hall_kiosk.html")]
struct KioskPage {
    l: Locale,
    center: String,
    /// The active groups, in the center's order.
    groups: Vec<ServiceGroup>,
    lanes: Vec<LaneChoice>,
    /// Where the form is sent (the start's own address).
    action: String,
    error: Option<String>,
}

struct LaneChoice {
    code: &'static str,
    label: &'static str,
    /// Who the lane is for, when it is not everyone.
    hint: Option<&'static str>,
    checked: bool,
}

impl KioskPage {
    async fn of(
        state: &AppState,
        l: Locale,
        kiosk: &Kiosk,
        action: String,
        lane: Lane,
        error: Option<String>,
    ) -> Result<KioskPage, WebError> {
        let center = state
            .store
            .center(kiosk.center_id)
            .await?
            .ok_or(WebError::NotFound)?;
        let groups = state
            .store
            .service_groups(kiosk.center_id)
            .await?
            .into_iter()
            .filter(|g| g.active)
            .collect();
        let lanes = Lane::ALL
            .iter()
            .map(|&x| LaneChoice {
                code: x.code(),
                label: x.label(l),
                hint: match x {
                    Lane::Normal => None,
                    Lane::Priority => Some(l.t("hall-lane-priority-hint")),
                    Lane::Appointment => Some(l.t("hall-lane-appointment-hint")),
                },
                checked: x == lane,
            })
            .collect();
        Ok(KioskPage {
            l,
            center: center.name,
            groups,
            lanes,
            action,
            error,
        })
    }
}

/// `GET /lay-so/{secret}`: the kiosk's start screen.
pub async fn start(
    State(state): State<AppState>,
    Lang(l): Lang,
    ClientIp(client): ClientIp,
    Path(secret): Path<String>,
    Query(mode): Query<PrintMode>,
) -> Response {
    let shown = async {
        let kiosk =
            crate::cases::queue::device_looked_up(&state, &client, &secret, KioskKind::Tickets)
                .await?;
        KioskPage::of(&state, l, &kiosk, mode.start(&secret), Lane::Normal, None).await
    }
    .await;
    match shown {
        Ok(p) => page(StatusCode::OK, p),
        Err(e) => refused(l, e, &mode.start(&secret)),
    }
}

/// The kiosk's form: the group touched (its button's value) and the lane.
#[derive(Deserialize)]
pub struct TakeForm {
    #[serde(default)]
    group_id: String,
    #[serde(default)]
    lane: String,
}

/// `POST /lay-so/{secret}`: takes a ticket and shows it; a refusal (too
/// many at once, the day's numbers given out, a group that is gone) comes
/// back on the start screen in words.
pub async fn take(
    State(state): State<AppState>,
    Lang(l): Lang,
    ClientIp(client): ClientIp,
    Path(secret): Path<String>,
    Query(mode): Query<PrintMode>,
    Form(f): Form<TakeForm>,
) -> Response {
    let start = mode.start(&secret);
    let kiosk = match async {
        crate::cases::queue::hall_request(&state, &client)?;
        queue::device(&state, &secret, KioskKind::Tickets).await
    }
    .await
    {
        Ok(k) => k,
        Err(e) => return refused(l, e, &start),
    };
    let body = TakeTicketIn {
        // Not a number: no group has it, and the case says so.
        group_id: f.group_id.trim().parse().unwrap_or(0),
        lane: Some(f.lane.clone()),
    };
    let e = match queue::take_ticket(&state, &kiosk, &body).await {
        Ok(t) => {
            return see_other(&format!("/lay-so/{secret}/ve/{}{}", t.id, mode.query()));
        }
        Err(e) => e,
    };
    let (status, message) = match &e {
        WebError::TooManyRequests(secs) => (
            StatusCode::TOO_MANY_REQUESTS,
            Message::new("hall-kiosk-too-many")
                .with("secs", *secs)
                .localize(l),
        ),
        WebError::Conflict(_) => (StatusCode::CONFLICT, e.localize(l)),
        WebError::Invalid { .. } => (StatusCode::UNPROCESSABLE_ENTITY, e.localize(l)),
        _ => return refused(l, e, &start),
    };
    let lane = Lane::parse(&f.lane).unwrap_or(Lane::Normal);
    let res = match KioskPage::of(&state, l, &kiosk, start.clone(), lane, Some(message)).await {
        Ok(p) => page(status, p),
        Err(e) => return refused(l, e, &start),
    };
    match e {
        WebError::TooManyRequests(secs) => with_retry_after(res, secs),
        _ => res,
    }
}

#[derive(Template)]
#[template(path = "hall_ticket.html")]
struct TicketPage {
    l: Locale,
    center: String,
    number: String,
    group: String,
    /// The lane, unless it is the normal one.
    lane: Option<&'static str>,
    /// `08:30 · 24/11/2026`, Vietnam time.
    taken: String,
    /// While it waits: the people ahead and the wait told.
    ahead: Option<u32>,
    wait: Option<String>,
    /// Once called: where to go.
    called: Option<String>,
    /// The kiosk's start, where the screen returns.
    start: String,
    print: bool,
}

/// `GET /lay-so/{secret}/ve/{ticket}`: a ticket of the kiosk's center,
/// today's only (a number of another day or center is not found).
pub async fn ticket(
    State(state): State<AppState>,
    Lang(l): Lang,
    ClientIp(client): ClientIp,
    Path((secret, id)): Path<(String, String)>,
    Query(mode): Query<PrintMode>,
) -> Response {
    let start = mode.start(&secret);
    let shown = async {
        let kiosk =
            crate::cases::queue::device_looked_up(&state, &client, &secret, KioskKind::Tickets)
                .await?;
        let id: TicketId = id.parse().map_err(|_| WebError::NotFound)?;
        let t = state.store.ticket(id).await?.ok_or(WebError::NotFound)?;
        let day = service_day(state.now());
        if t.center_id != kiosk.center_id || t.day != day {
            return Err(WebError::NotFound);
        }
        let center = state
            .store
            .center(t.center_id)
            .await?
            .ok_or(WebError::NotFound)?;
        let (mut ahead, mut wait, mut called) = (None, None, None);
        match t.status {
            TicketStatus::Waiting => {
                let today = state.store.tickets_of_day(t.center_id, day).await?;
                let counters = state.store.counters(t.center_id).await?;
                let (n, minutes) = queue::outlook(&t, &today, &counters);
                ahead = Some(n);
                wait = Some(
                    Message::new("hall-ticket-wait-minutes")
                        .with("minutes", minutes)
                        .localize(l),
                );
            }
            TicketStatus::Called => {
                called = t.counter_number.map(|c| {
                    Message::new("hall-ticket-called")
                        .with("counter", c)
                        .localize(l)
                });
            }
            TicketStatus::Done | TicketStatus::NoShow => {}
        }
        Ok(TicketPage {
            l,
            center: center.name,
            number: t.number(),
            group: t.group_name.clone(),
            lane: (t.lane != Lane::Normal).then(|| t.lane.label(l)),
            taken: motcua_calendar::from_timestamp(t.taken_at)
                .strftime("%H:%M · %d/%m/%Y")
                .to_string(),
            ahead,
            wait,
            called,
            start: start.clone(),
            print: mode.on(),
        })
    }
    .await;
    match shown {
        Ok(p) => page(StatusCode::OK, p),
        Err(e) => refused(l, e, &start),
    }
}
