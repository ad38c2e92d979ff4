//! The queue of a center's hall: tickets from a kiosk, counters that call
//! them, the board in the hall, the service groups and devices a center
//! sets up. Every change wakes the center's boards (`AppState::hall`).

use jiff::Timestamp;
use motcua_domain::i18n::Message;
use motcua_domain::org::Role;
use motcua_domain::queue::ticket::{
    after_hours, estimated_wait_minutes, service_day, KioskKind, Lane, TicketStatus,
};
use motcua_domain::FieldCode;
use motcua_store::{
    CenterId, Counter, CounterId, Kiosk, KioskId, NewKiosk, NewServiceGroup, NewTicket,
    ServiceGroup, ServiceGroupId, StoreError, Ticket, TicketChange, TicketId,
};
use serde::{Deserialize, Serialize};

use crate::auth::{self, Principal};
use crate::input::{self, max};
use crate::{AppState, WebError};

/// Tickets a kiosk may print in a minute, and a group in a day: a person
/// takes one in a few seconds; past these, someone is playing.
pub const KIOSK_TICKETS_PER_MINUTE: u32 = 12;
pub const TICKETS_PER_GROUP_A_DAY: u32 = 999;
/// Counters a center may number.
pub const MAX_COUNTER: u32 = 99;
/// The mean service time assumed before the day has served anyone.
pub const DEFAULT_SERVICE_MINUTES: f64 = 10.0;

/// Whether `p` serves at a counter of `center` (reception, postal staff).
pub fn serves_at(p: &Principal, center: CenterId) -> bool {
    p.roles_at(center).iter().any(|r| r.works_at_counter())
}

/// Whether `p` sets up the hall of `center`: its leader, or an administrator.
pub fn manages_hall(p: &Principal, center: CenterId) -> bool {
    p.roles_at(center).contains(&Role::Leader) || p.account.roles.contains(&Role::Admin)
}

fn require_counter_staff(p: &Principal, center: CenterId) -> Result<(), WebError> {
    p.require_write()?;
    if serves_at(p, center) {
        Ok(())
    } else {
        Err(WebError::Forbidden(Message::new(
            "denied-queue-counter-staff",
        )))
    }
}

fn require_manager(p: &Principal, center: CenterId) -> Result<(), WebError> {
    p.require_write()?;
    if manages_hall(p, center) {
        Ok(())
    } else {
        Err(WebError::Forbidden(Message::new("denied-queue-manager")))
    }
}

/// Tells the center's boards that something changed.
fn wake(state: &AppState, center: CenterId) {
    // Nobody listening is fine.
    let _ = state.hall.send(center);
}

/// A ticket as its holder and the board see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TicketOut {
    pub id: i64,
    /// `A012`
    pub number: String,
    pub group_id: i64,
    pub group: String,
    pub lane: String,
    /// waiting, called, done, no-show
    pub status: String,
    pub taken_at: String,
    /// The counter's number, once called.
    pub counter: Option<u32>,
    /// People ahead in the same queue, when it was taken.
    pub ahead: Option<u32>,
    /// The wait told, in minutes.
    pub estimated_wait_minutes: Option<u32>,
    pub after_hours: bool,
    pub dossiers: u32,
}

impl TicketOut {
    pub fn of(t: &Ticket) -> TicketOut {
        TicketOut {
            id: t.id.0,
            number: t.number(),
            group_id: t.group_id.0,
            group: t.group_name.clone(),
            lane: t.lane.code().into(),
            status: t.status.code().into(),
            taken_at: t.taken_at.to_string(),
            counter: t.counter_number,
            ahead: None,
            estimated_wait_minutes: None,
            after_hours: t.after_hours,
            dossiers: t.dossiers,
        }
    }
}

/// What a kiosk asks for.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TakeTicketIn {
    pub group_id: i64,
    /// normal (default), priority (the elderly, people with disabilities,
    /// pregnant women) or appointment (booked).
    #[serde(default)]
    #[schema(max_length = 20)]
    pub lane: Option<String>,
}

/// The device behind a kiosk or tablet link, if the link is live.
pub async fn device(state: &AppState, token: &str, kind: KioskKind) -> Result<Kiosk, WebError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(WebError::NotFound);
    }
    match state
        .store
        .kiosk_by_token_hash(&auth::digest(token))
        .await?
    {
        Some(k) if k.kind == kind => Ok(k),
        _ => Err(WebError::NotFound),
    }
}

/// Counts a request of a hall device's address (a ticket or a rating sent).
pub fn hall_request(state: &AppState, client: &str) -> Result<(), WebError> {
    let now = state.now();
    let t = &state.throttles.hall_client;
    t.check(client, now).map_err(WebError::too_many)?;
    t.record(client, now);
    Ok(())
}

/// The device a page or the API looks up. A wrong link counts against the
/// address (guessing is what the limit is for); a right one does not: a
/// hall's devices often share one address, and its tablets look again
/// every few seconds, which would soon lock out its kiosks.
pub async fn device_looked_up(
    state: &AppState,
    client: &str,
    secret: &str,
    kind: KioskKind,
) -> Result<Kiosk, WebError> {
    let now = state.now();
    let limit = &state.throttles.hall_client;
    limit.check(client, now).map_err(WebError::too_many)?;
    let found = device(state, secret, kind).await;
    if matches!(found, Err(WebError::NotFound)) {
        limit.record(client, now);
    }
    found
}

/// Issues a ticket at a kiosk, with the people ahead and the wait told.
pub async fn take_ticket(
    state: &AppState,
    kiosk: &Kiosk,
    body: &TakeTicketIn,
) -> Result<TicketOut, WebError> {
    let now = state.now();
    let throttle = &state.throttles.kiosk;
    let key = format!("kiosk:{}", kiosk.id);
    throttle.check(&key, now).map_err(WebError::too_many)?;
    let lane = match body.lane.as_deref().map(str::trim) {
        None | Some("") => Lane::Normal,
        Some(text) => Lane::parse(text)
            .ok_or_else(|| input::invalid("lane", Message::new("error-queue-lane")))?,
    };
    let group = state
        .store
        .service_groups(kiosk.center_id)
        .await?
        .into_iter()
        .find(|g| g.id.0 == body.group_id && g.active)
        .ok_or_else(|| input::invalid("group_id", Message::new("error-queue-group")))?;
    let day = service_day(now);
    let today = state.store.tickets_of_day(kiosk.center_id, day).await?;
    let of_group = today.iter().filter(|t| t.group_id == group.id).count() as u32;
    if of_group >= TICKETS_PER_GROUP_A_DAY {
        return Err(WebError::Conflict(Message::new("error-queue-day-full")));
    }
    throttle.record(&key, now);
    let new = NewTicket {
        center_id: kiosk.center_id,
        group_id: group.id,
        day,
        lane,
        booked_for: None,
        kiosk_id: Some(kiosk.id),
        taken_at: now,
        after_hours: after_hours(now),
    };
    // Two kiosks at the same instant: the second takes the next number.
    let mut tries = 0;
    let ticket = loop {
        match state.store.take_ticket(&new).await {
            Err(StoreError::Conflict(_)) if tries < 5 => tries += 1,
            other => break other?,
        }
    };
    let counters = state.store.counters(kiosk.center_id).await?;
    let (ahead, wait) = outlook(&ticket, &today, &counters);
    wake(state, kiosk.center_id);
    let mut out = TicketOut::of(&ticket);
    out.ahead = Some(ahead);
    out.estimated_wait_minutes = Some(wait);
    Ok(out)
}

/// What a ticket's holder is told: the people ahead (the group's tickets
/// still waiting that came before it) and the wait in minutes (shared by the
/// counters open for the group, each taking the day's mean service time).
/// Read again when the ticket shows, it counts those called meanwhile.
pub fn outlook(t: &Ticket, today: &[Ticket], counters: &[Counter]) -> (u32, u32) {
    let ahead = today
        .iter()
        .filter(|o| o.group_id == t.group_id && o.status == TicketStatus::Waiting && o.id < t.id)
        .count() as u32;
    let open = counters
        .iter()
        .filter(|c| c.staffed_by.is_some() && c.groups.contains(&t.group_id))
        .count() as u32;
    let mean = mean_service_minutes(today).unwrap_or(DEFAULT_SERVICE_MINUTES);
    (ahead, estimated_wait_minutes(ahead, open, mean))
}

/// The mean minutes at a counter of the tickets served.
pub fn mean_service_minutes(tickets: &[Ticket]) -> Option<f64> {
    let served: Vec<f64> = tickets.iter().filter_map(Ticket::service_minutes).collect();
    (!served.is_empty()).then(|| served.iter().sum::<f64>() / served.len() as f64)
}

/// A counter as its officer and the API see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CounterOut {
    pub id: i64,
    pub number: u32,
    pub groups: Vec<i64>,
    pub staffed_by: Option<String>,
    pub opened_at: Option<String>,
    /// The ticket it called, if any.
    pub serving: Option<TicketOut>,
}

impl CounterOut {
    pub fn of(c: &Counter, today: &[Ticket]) -> CounterOut {
        CounterOut {
            id: c.id.0,
            number: c.number,
            groups: c.groups.iter().map(|g| g.0).collect(),
            staffed_by: c.staffed_by_name.clone(),
            opened_at: c.opened_at.map(|t| t.to_string()),
            serving: today
                .iter()
                .find(|t| t.status == TicketStatus::Called && t.counter_id == Some(c.id))
                .map(TicketOut::of),
        }
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenCounterIn {
    pub center_id: CenterId,
    #[schema(minimum = 1, maximum = 99)]
    pub number: u32,
    /// The service groups it calls from; none: every active group.
    #[serde(default)]
    #[schema(max_items = 26)]
    pub groups: Vec<i64>,
}

/// Opens a counter for `p` (leaving any other they staffed).
pub async fn open_counter(
    state: &AppState,
    p: &Principal,
    body: &OpenCounterIn,
) -> Result<Counter, WebError> {
    require_counter_staff(p, body.center_id)?;
    let number = input::within("number", body.number, 1, MAX_COUNTER)?;
    input::at_most("groups", &body.groups, 26)?;
    let known = state.store.service_groups(body.center_id).await?;
    let groups: Vec<ServiceGroupId> = if body.groups.is_empty() {
        known.iter().filter(|g| g.active).map(|g| g.id).collect()
    } else {
        let mut ids = Vec::new();
        for g in &body.groups {
            let group = known
                .iter()
                .find(|k| k.id.0 == *g)
                .ok_or_else(|| input::invalid("groups", Message::new("error-queue-group")))?;
            ids.push(group.id);
        }
        ids.sort();
        ids.dedup();
        ids
    };
    if groups.is_empty() {
        return Err(input::invalid(
            "groups",
            Message::new("error-queue-no-groups"),
        ));
    }
    let counter = state
        .store
        .open_counter(body.center_id, number, &groups, p.account.id, state.now())
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => WebError::Conflict(
                Message::new("error-queue-counter-taken").with("number", i64::from(number)),
            ),
            e => e.into(),
        })?;
    wake(state, body.center_id);
    Ok(counter)
}

/// The counter `p` staffs at `center`, if any.
pub async fn my_counter(
    state: &AppState,
    p: &Principal,
    center: CenterId,
) -> Result<Option<Counter>, WebError> {
    Ok(state
        .store
        .counters(center)
        .await?
        .into_iter()
        .find(|c| c.staffed_by == Some(p.account.id)))
}

/// A counter `p` may work: their own, or any of the center for its leader
/// (who closes one left open). Another center's does not exist for them.
async fn workable(state: &AppState, p: &Principal, id: CounterId) -> Result<Counter, WebError> {
    let c = state.store.counter(id).await?.ok_or(WebError::NotFound)?;
    if c.staffed_by == Some(p.account.id) || manages_hall(p, c.center_id) {
        Ok(c)
    } else if serves_at(p, c.center_id) || p.roles_at(c.center_id).contains(&Role::Leader) {
        Err(WebError::Forbidden(Message::new(
            "denied-queue-not-your-counter",
        )))
    } else {
        Err(WebError::NotFound)
    }
}

/// Closes a counter (its called ticket is done).
pub async fn close_counter(state: &AppState, p: &Principal, id: CounterId) -> Result<(), WebError> {
    p.require_write()?;
    let c = workable(state, p, id).await?;
    state.store.close_counter(id, state.now()).await?;
    wake(state, c.center_id);
    Ok(())
}

/// Calls the next ticket at a counter; `None` when nobody waits.
pub async fn call_next(
    state: &AppState,
    p: &Principal,
    id: CounterId,
) -> Result<Option<Ticket>, WebError> {
    p.require_write()?;
    let c = workable(state, p, id).await?;
    if c.staffed_by.is_none() {
        return Err(WebError::Conflict(Message::new(
            "error-queue-counter-closed",
        )));
    }
    // Only the officer at the counter calls people to it.
    if c.staffed_by != Some(p.account.id) {
        return Err(WebError::Forbidden(Message::new(
            "denied-queue-not-your-counter",
        )));
    }
    // Another counter took the same person at the same instant: call again.
    let mut tries = 0;
    let called = loop {
        match state.store.call_next(id, p.account.id, state.now()).await {
            Err(StoreError::Conflict(_)) if tries < 5 => tries += 1,
            other => break other?,
        }
    };
    wake(state, c.center_id);
    Ok(called)
}

/// What a counter does with its called ticket.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum TicketActionIn {
    Recall,
    Finish,
    NoShow,
    /// To the counter of this number, which calls it first.
    Transfer {
        to_counter: u32,
    },
}

pub async fn change_ticket(
    state: &AppState,
    p: &Principal,
    id: TicketId,
    action: TicketActionIn,
) -> Result<Ticket, WebError> {
    p.require_write()?;
    let t = state.store.ticket(id).await?.ok_or(WebError::NotFound)?;
    let counter = match t.counter_id {
        Some(c) if t.status == TicketStatus::Called => workable(state, p, c).await?,
        _ => {
            if !serves_at(p, t.center_id) && !manages_hall(p, t.center_id) {
                return Err(WebError::NotFound);
            }
            return Err(WebError::Conflict(Message::new("error-queue-not-called")));
        }
    };
    let change = match action {
        TicketActionIn::Recall => TicketChange::Recall,
        TicketActionIn::Finish => TicketChange::Finish,
        TicketActionIn::NoShow => TicketChange::NoShow,
        TicketActionIn::Transfer { to_counter } => {
            let to = state
                .store
                .counters(t.center_id)
                .await?
                .into_iter()
                .find(|c| c.number == to_counter && c.id != counter.id)
                .ok_or_else(|| {
                    input::invalid("to_counter", Message::new("error-queue-no-such-counter"))
                })?;
            TicketChange::Transfer(to.id)
        }
    };
    let changed = state
        .store
        .change_ticket(id, change, state.now())
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => WebError::Conflict(Message::new("error-queue-not-called")),
            e => e.into(),
        })?;
    wake(state, t.center_id);
    Ok(changed)
}

/// The ticket a dossier is received from: called (or served) at this
/// center by the officer receiving it, today.
pub async fn ticket_for_intake(
    state: &AppState,
    p: &Principal,
    center: CenterId,
    id: TicketId,
) -> Result<TicketId, WebError> {
    let bad = || input::invalid("ticket_id", Message::new("error-queue-ticket-not-yours"));
    let t = state.store.ticket(id).await?.ok_or_else(bad)?;
    let today = service_day(state.now());
    if t.center_id != center
        || t.day != today
        || t.served_by != Some(p.account.id)
        || !matches!(t.status, TicketStatus::Called | TicketStatus::Done)
    {
        return Err(bad());
    }
    Ok(t.id)
}

/// What the hall's board shows: the tickets called, most recent first, and
/// how many wait in each group. No names: numbers and counters only.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BoardOut {
    pub center_id: i64,
    pub day: String,
    /// The latest call (or recall) first.
    pub called: Vec<BoardCall>,
    pub waiting: Vec<GroupWaiting>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BoardCall {
    pub number: String,
    pub counter: u32,
    pub at: String,
    pub recalls: u32,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GroupWaiting {
    pub letter: String,
    pub group: String,
    pub waiting: u32,
    /// The next number the group will call, if any wait.
    pub next: Option<String>,
}

pub async fn board(state: &AppState, center: CenterId) -> Result<BoardOut, WebError> {
    let now = state.now();
    let day = service_day(now);
    let today = state.store.tickets_of_day(center, day).await?;
    let groups = state.store.service_groups(center).await?;
    let mut called: Vec<&Ticket> = today
        .iter()
        .filter(|t| t.status == TicketStatus::Called && t.counter_number.is_some())
        .collect();
    called.sort_by_key(|t| std::cmp::Reverse((t.announced_at, t.id)));
    let waiting = groups
        .iter()
        .filter(|g| g.active)
        .map(|g| {
            let mut w: Vec<&Ticket> = today
                .iter()
                .filter(|t| t.group_id == g.id && t.status == TicketStatus::Waiting)
                .collect();
            w.sort_by_key(|t| t.id);
            GroupWaiting {
                letter: g.letter.to_string(),
                group: g.name.clone(),
                waiting: w.len() as u32,
                next: w.first().map(|t| t.number()),
            }
        })
        .collect();
    Ok(BoardOut {
        center_id: center.0,
        day: day.to_string(),
        called: called
            .into_iter()
            .take(12)
            .map(|t| BoardCall {
                number: t.number(),
                counter: t.counter_number.unwrap_or(0),
                at: t.announced_at.unwrap_or(now).to_string(),
                recalls: t.recalls,
            })
            .collect(),
        waiting,
    })
}

/// A service group as a center's leader sets it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceGroupIn {
    pub center_id: CenterId,
    /// One letter, A to Z: the tickets' prefix.
    #[schema(max_length = 1)]
    pub letter: String,
    #[schema(max_length = 100)]
    pub name: String,
    /// Catalog field codes (HT, CT…); none: every field no group names.
    #[serde(default)]
    #[schema(max_items = 40)]
    pub fields: Vec<String>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 99)]
    pub position: u32,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ServiceGroupOut {
    pub id: i64,
    pub letter: String,
    pub name: String,
    pub fields: Vec<String>,
    pub position: i64,
    pub active: bool,
}

impl ServiceGroupOut {
    pub fn of(g: &ServiceGroup) -> ServiceGroupOut {
        ServiceGroupOut {
            id: g.id.0,
            letter: g.letter.to_string(),
            name: g.name.clone(),
            fields: g.fields.iter().map(|f| f.to_string()).collect(),
            position: g.position,
            active: g.active,
        }
    }
}

pub async fn save_group(
    state: &AppState,
    p: &Principal,
    body: &ServiceGroupIn,
) -> Result<ServiceGroupId, WebError> {
    require_manager(p, body.center_id)?;
    let letter = {
        let t = body.letter.trim().to_uppercase();
        let mut chars = t.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii_uppercase() => c,
            _ => return Err(input::invalid("letter", Message::new("error-queue-letter"))),
        }
    };
    let name = input::required_line("name", &body.name, max::LABEL)?;
    input::at_most("fields", &body.fields, 40)?;
    let mut fields: Vec<FieldCode> = Vec::new();
    for f in body.fields.iter().filter(|f| !f.trim().is_empty()) {
        let code: FieldCode = f.trim().to_uppercase().parse().map_err(|_| {
            input::invalid(
                "fields",
                Message::new("error-queue-field").with("value", f.trim().to_string()),
            )
        })?;
        fields.push(code);
    }
    let position = input::within("position", body.position, 0, 99)?;
    let id = state
        .store
        .save_service_group(&NewServiceGroup {
            center_id: body.center_id,
            letter,
            name,
            fields,
            position: i64::from(position),
            active: body.active,
        })
        .await?;
    wake(state, body.center_id);
    Ok(id)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KioskIn {
    pub center_id: CenterId,
    /// tickets (a kiosk in the hall) or rating (the tablet at a counter).
    #[schema(max_length = 20)]
    pub device_type: String,
    /// For a rating tablet: the counter's number.
    #[serde(default)]
    pub counter: Option<u32>,
    /// What the staff call it ("Máy lấy số cửa chính").
    #[schema(max_length = 100)]
    pub name: String,
}

/// A device as made: its secret link is shown once.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IssuedKiosk {
    pub id: i64,
    /// The path to open on the device (`/lay-so/{secret}` or `/danh-gia-quay/{secret}`).
    pub path: String,
}

pub async fn create_kiosk(
    state: &AppState,
    p: &Principal,
    body: &KioskIn,
) -> Result<IssuedKiosk, WebError> {
    require_manager(p, body.center_id)?;
    let kind = KioskKind::parse(&body.device_type)
        .ok_or_else(|| input::invalid("device_type", Message::new("error-queue-kiosk-kind")))?;
    let label = input::required_line("name", &body.name, max::LABEL)?;
    let counter_id = match (kind, body.counter) {
        (KioskKind::Tickets, _) => None,
        (KioskKind::Rating, Some(n)) => Some(
            state
                .store
                .counters(body.center_id)
                .await?
                .into_iter()
                .find(|c| c.number == n)
                .ok_or_else(|| {
                    input::invalid("counter", Message::new("error-queue-no-such-counter"))
                })?
                .id,
        ),
        (KioskKind::Rating, None) => {
            return Err(input::invalid("counter", Message::new("error-required")))
        }
    };
    let secret = auth::random_token();
    let id = state
        .store
        .create_kiosk(&NewKiosk {
            center_id: body.center_id,
            kind,
            counter_id,
            name: label,
            token_hash: auth::digest(&secret),
            created_by: p.account.id,
            created_at: state.now(),
        })
        .await?;
    Ok(IssuedKiosk {
        id: id.0,
        path: device_path(kind, &secret),
    })
}

pub fn device_path(kind: KioskKind, secret: &str) -> String {
    match kind {
        KioskKind::Tickets => format!("/lay-so/{secret}"),
        KioskKind::Rating => format!("/danh-gia-quay/{secret}"),
    }
}

pub async fn revoke_kiosk(
    state: &AppState,
    p: &Principal,
    center: CenterId,
    id: KioskId,
) -> Result<(), WebError> {
    require_manager(p, center)?;
    if !state.store.kiosks(center).await?.iter().any(|k| k.id == id) {
        return Err(WebError::NotFound);
    }
    state.store.revoke_kiosk(id, state.now()).await?;
    Ok(())
}

/// The instant `t` as the hall's clock reads it (`08:05`).
pub fn clock_time(t: Timestamp) -> String {
    motcua_calendar::from_timestamp(t)
        .strftime("%H:%M")
        .to_string()
}
