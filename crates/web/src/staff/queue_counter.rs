//! The queue controls on the counter screen: open the counter (its number
//! and the groups it serves), call the next person, call again, mark served
//! or not come, send on to another counter, close. The intake form that
//! follows carries the called ticket, so the dossier is linked to it.

use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use motcua_domain::i18n::Message;
use motcua_domain::queue::ticket::{service_day, Lane, TicketStatus};
use motcua_domain::Locale;
use motcua_store::{CenterId, Ticket};

use crate::auth::PageUser;
use crate::cases::queue::{self, clock_time, OpenCounterIn, TicketActionIn};
use crate::locale::Lang;
use crate::{AppState, WebError};

/// A group as the panel offers it.
pub struct GroupChoice {
    pub id: i64,
    pub letter: String,
    pub name: String,
    /// Served by the user's counter (or, when it is closed, proposed).
    pub checked: bool,
    pub waiting: usize,
}

/// The ticket the counter serves.
pub struct Serving {
    pub id: i64,
    pub number: String,
    pub group: String,
    pub priority: bool,
    pub lane: &'static str,
    pub called_at: String,
    pub recalls: u32,
    pub dossiers: u32,
}

/// What the counter screen shows of the queue.
pub struct QueuePanel {
    pub groups: Vec<GroupChoice>,
    /// The number of the user's open counter.
    pub counter: Option<u32>,
    /// The number proposed to open (the user's last, or the first free).
    pub proposed: u32,
    pub serving: Option<Serving>,
    /// People waiting for the groups this counter serves.
    pub waiting: usize,
    /// The other open counters' numbers, to send a ticket on to.
    pub others: Vec<u32>,
    pub center_id: i64,
    pub error: Option<String>,
}

/// The ticket `user`'s counter at `center` has called, if any.
pub async fn serving_ticket(
    state: &AppState,
    user: &PageUser,
    center: CenterId,
) -> Result<Option<Ticket>, WebError> {
    let Some(c) = queue::my_counter(state, &user.principal, center).await? else {
        return Ok(None);
    };
    let today = state
        .store
        .tickets_of_day(center, service_day(state.now()))
        .await?;
    Ok(today
        .into_iter()
        .find(|t| t.status == TicketStatus::Called && t.counter_id == Some(c.id)))
}

pub async fn panel(
    state: &AppState,
    l: Locale,
    user: &PageUser,
    center: CenterId,
    error: Option<String>,
) -> Result<QueuePanel, WebError> {
    let groups = state.store.service_groups(center).await?;
    let counters = state.store.counters(center).await?;
    let mine = counters
        .iter()
        .find(|c| c.staffed_by == Some(user.principal.account.id));
    let today = state
        .store
        .tickets_of_day(center, service_day(state.now()))
        .await?;
    let waiting_in = |g: motcua_store::ServiceGroupId| {
        today
            .iter()
            .filter(|t| t.status == TicketStatus::Waiting && t.group_id == g)
            .count()
    };
    let serving = mine.and_then(|c| {
        today
            .iter()
            .find(|t| t.status == TicketStatus::Called && t.counter_id == Some(c.id))
    });
    let proposed = mine.map(|c| c.number).unwrap_or_else(|| {
        (1..=queue::MAX_COUNTER)
            .find(|n| {
                !counters
                    .iter()
                    .any(|c| c.number == *n && c.staffed_by.is_some())
            })
            .unwrap_or(1)
    });
    Ok(QueuePanel {
        groups: groups
            .iter()
            .filter(|g| g.active)
            .map(|g| GroupChoice {
                id: g.id.0,
                letter: g.letter.to_string(),
                name: g.name.clone(),
                checked: mine.is_none_or(|c| c.groups.contains(&g.id)),
                waiting: waiting_in(g.id),
            })
            .collect(),
        counter: mine.map(|c| c.number),
        proposed,
        serving: serving.map(|t| Serving {
            id: t.id.0,
            number: t.number(),
            group: t.group_name.clone(),
            priority: t.lane == Lane::Priority,
            lane: t.lane.label(l),
            called_at: t.called_at.map(clock_time).unwrap_or_default(),
            recalls: t.recalls,
            dossiers: t.dossiers,
        }),
        waiting: mine
            .map(|c| {
                today
                    .iter()
                    .filter(|t| {
                        t.status == TicketStatus::Waiting
                            && (c.groups.contains(&t.group_id) || t.for_counter == Some(c.id))
                    })
                    .count()
            })
            .unwrap_or(0),
        others: counters
            .iter()
            .filter(|c| c.staffed_by.is_some() && Some(c.id) != mine.map(|m| m.id))
            .map(|c| c.number)
            .collect(),
        center_id: center.0,
        error,
    })
}

/// `POST /quay/hang-doi`: one of the queue's buttons (`do`): open, close,
/// next, recall, finish, no-show, transfer. Back to the counter screen; an
/// error is shown there in words.
pub async fn act(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    user.check_csrf(&get("_csrf"))?;
    let center = super::counter::counter_center(&user)?;
    let p = &user.principal;
    let done = match get("do").as_str() {
        "open" => {
            let number = match get("number").parse::<u32>() {
                Ok(n) => n,
                Err(_) => {
                    return back(&state, l, &user, invalid_number()).await;
                }
            };
            let groups = fields
                .iter()
                .filter(|(n, _)| n == "group")
                .filter_map(|(_, v)| v.parse().ok())
                .collect();
            queue::open_counter(
                &state,
                p,
                &OpenCounterIn {
                    center_id: center,
                    number,
                    groups,
                },
            )
            .await
            .map(|_| ())
        }
        "close" => match queue::my_counter(&state, p, center).await? {
            Some(c) => queue::close_counter(&state, p, c.id).await,
            None => Ok(()),
        },
        "next" => match queue::my_counter(&state, p, center).await? {
            Some(c) => queue::call_next(&state, p, c.id).await.and_then(|t| {
                t.map(|_| ())
                    .ok_or(WebError::Conflict(Message::new("queue-nobody-waiting")))
            }),
            None => Err(WebError::Conflict(Message::new(
                "error-queue-counter-closed",
            ))),
        },
        action @ ("recall" | "finish" | "no-show" | "transfer") => {
            let ticket = get("ticket").parse().map_err(|_| WebError::NotFound)?;
            let a = match action {
                "recall" => TicketActionIn::Recall,
                "finish" => TicketActionIn::Finish,
                "no-show" => TicketActionIn::NoShow,
                _ => match get("to_counter").parse() {
                    Ok(to_counter) => TicketActionIn::Transfer { to_counter },
                    Err(_) => {
                        return back(&state, l, &user, invalid_number()).await;
                    }
                },
            };
            queue::change_ticket(&state, p, ticket, a).await.map(|_| ())
        }
        _ => Err(WebError::BadRequest(Message::new("error-queue-button"))),
    };
    match done {
        Ok(()) => Ok(Redirect::to("/quay").into_response()),
        Err(e @ (WebError::Conflict(_) | WebError::Forbidden(_) | WebError::Invalid { .. })) => {
            back(&state, l, &user, e).await
        }
        Err(e) => Err(e),
    }
}

fn invalid_number() -> WebError {
    crate::input::invalid("number", Message::new("error-queue-counter-number"))
}

async fn back(
    state: &AppState,
    l: Locale,
    user: &PageUser,
    e: WebError,
) -> Result<Response, WebError> {
    let status = match e {
        WebError::Forbidden(_) => StatusCode::FORBIDDEN,
        WebError::Conflict(_) => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let shown = e.localize(l);
    let mut res = super::counter::search_page(state, l, user, String::new(), Some(shown)).await?;
    *res.status_mut() = status;
    Ok(res)
}
