//! The queue of a center's hall: service groups, counters, the hall's
//! devices, tickets and the dossiers received from them, and the citizens'
//! ratings. A ticket's number is its group's next of the day, allocated in
//! the transaction that writes it; a counter calls the next ticket in a
//! transaction whose update only takes a ticket still waiting, so two
//! counters never call the same person.
//!
//! The contract is the trait; its SQL, written once for both backends, is the
//! `queue_sql!` macro that `sql_store!` expands for each driver.

use async_trait::async_trait;
use jiff::civil::Date;
use jiff::Timestamp;
use motcua_domain::queue::rating::{RatingStage, Satisfaction, Survey};
use motcua_domain::queue::ticket::{KioskKind, Lane, TicketStatus};
use motcua_domain::FieldCode;

use crate::sql::{parse, timestamp};
use crate::*;

/// A service group of a center: its letter on tickets, its name, and the
/// fields of the catalog it serves (none: every field no other group has).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ServiceGroup {
    pub id: ServiceGroupId,
    pub center_id: CenterId,
    pub letter: char,
    pub name: String,
    pub fields: Vec<FieldCode>,
    pub position: i64,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewServiceGroup {
    pub center_id: CenterId,
    pub letter: char,
    pub name: String,
    pub fields: Vec<FieldCode>,
    pub position: i64,
    pub active: bool,
}

/// A counter of the hall, and who staffs it now.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Counter {
    pub id: CounterId,
    pub center_id: CenterId,
    pub number: u32,
    pub groups: Vec<ServiceGroupId>,
    pub staffed_by: Option<AccountId>,
    pub staffed_by_name: Option<String>,
    pub opened_at: Option<Timestamp>,
}

/// A device of the hall, known by a secret link (only its hash is kept).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Kiosk {
    pub id: KioskId,
    pub center_id: CenterId,
    pub kind: KioskKind,
    /// The counter a rating tablet stands at.
    pub counter_id: Option<CounterId>,
    pub name: String,
    pub created_by: AccountId,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewKiosk {
    pub center_id: CenterId,
    pub kind: KioskKind,
    pub counter_id: Option<CounterId>,
    pub name: String,
    pub token_hash: String,
    pub created_by: AccountId,
    pub created_at: Timestamp,
}

/// A ticket to take: its number is allocated when it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTicket {
    pub center_id: CenterId,
    pub group_id: ServiceGroupId,
    pub day: Date,
    pub lane: Lane,
    pub booked_for: Option<Timestamp>,
    pub kiosk_id: Option<KioskId>,
    pub taken_at: Timestamp,
    pub after_hours: bool,
}

/// A ticket of a past day, as the demo's history writes it (whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoricTicket {
    pub ticket: NewTicket,
    pub seq: u32,
    pub status: TicketStatus,
    pub counter_id: Option<CounterId>,
    pub served_by: Option<AccountId>,
    pub called_at: Option<Timestamp>,
    pub finished_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Ticket {
    pub id: TicketId,
    pub center_id: CenterId,
    pub group_id: ServiceGroupId,
    pub letter: char,
    pub group_name: String,
    pub day: Date,
    pub seq: u32,
    pub lane: Lane,
    pub booked_for: Option<Timestamp>,
    pub kiosk_id: Option<KioskId>,
    pub taken_at: Timestamp,
    pub after_hours: bool,
    pub status: TicketStatus,
    pub counter_id: Option<CounterId>,
    pub counter_number: Option<u32>,
    pub served_by: Option<AccountId>,
    pub for_counter: Option<CounterId>,
    pub first_called_at: Option<Timestamp>,
    pub called_at: Option<Timestamp>,
    pub announced_at: Option<Timestamp>,
    pub recalls: u32,
    pub finished_at: Option<Timestamp>,
    /// Dossiers received (or returned) from this ticket.
    pub dossiers: u32,
}

impl Ticket {
    /// `A012`, as the hall reads it.
    pub fn number(&self) -> String {
        motcua_domain::queue::ticket::display_number(self.letter, self.seq)
    }

    /// Minutes from the ticket to the first call.
    pub fn wait_minutes(&self) -> Option<f64> {
        self.first_called_at
            .map(|c| c.duration_since(self.taken_at).as_secs_f64() / 60.0)
    }

    /// Minutes at the (last) counter, for a ticket served.
    pub fn service_minutes(&self) -> Option<f64> {
        match (self.status, self.called_at, self.finished_at) {
            (TicketStatus::Done, Some(c), Some(f)) => {
                Some(f.duration_since(c).as_secs_f64() / 60.0)
            }
            _ => None,
        }
    }
}

/// What a counter does with the ticket it called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketChange {
    /// Calls it again on the board.
    Recall,
    /// Served: done.
    Finish,
    /// Called and not come.
    NoShow,
    /// Sent on to another counter, which calls it first.
    Transfer(CounterId),
}

/// A citizen's rating to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRating {
    pub dossier_id: DossierId,
    pub stage: RatingStage,
    pub rating: Satisfaction,
    pub officer_id: Option<AccountId>,
    pub counter_id: Option<CounterId>,
    pub ticket_id: Option<TicketId>,
    /// `tablet` or `link`.
    pub via: String,
    pub survey: Survey,
    pub comment: String,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Rating {
    pub id: RatingId,
    pub dossier_id: DossierId,
    pub code: DossierCode,
    pub stage: RatingStage,
    pub rating: Satisfaction,
    pub officer_id: Option<AccountId>,
    pub officer_name: Option<String>,
    pub counter_id: Option<CounterId>,
    pub ticket_id: Option<TicketId>,
    pub via: String,
    pub survey: Survey,
    pub comment: String,
    pub created_at: Timestamp,
}

#[async_trait]
pub trait QueueStore: Send + Sync {
    /// A center's service groups, in their order (inactive ones too).
    async fn service_groups(&self, center_id: CenterId) -> Result<Vec<ServiceGroup>>;
    /// Writes a group, or changes the center's group of that letter.
    async fn save_service_group(&self, g: &NewServiceGroup) -> Result<ServiceGroupId>;

    /// A center's counters, by number.
    async fn counters(&self, center_id: CenterId) -> Result<Vec<Counter>>;
    async fn counter(&self, id: CounterId) -> Result<Option<Counter>>;
    /// Opens counter `number` for `by`, serving `groups` (it is made the
    /// first time). A counter staffed by someone else is a `Conflict`.
    async fn open_counter(
        &self,
        center_id: CenterId,
        number: u32,
        groups: &[ServiceGroupId],
        by: AccountId,
        at: Timestamp,
    ) -> Result<Counter>;
    /// Nobody staffs it any more; its called ticket is done.
    async fn close_counter(&self, counter_id: CounterId, at: Timestamp) -> Result<()>;

    async fn create_kiosk(&self, k: &NewKiosk) -> Result<KioskId>;
    /// A device by the hash of its link, unless revoked.
    async fn kiosk_by_token_hash(&self, token_hash: &str) -> Result<Option<Kiosk>>;
    async fn kiosks(&self, center_id: CenterId) -> Result<Vec<Kiosk>>;
    async fn revoke_kiosk(&self, id: KioskId, at: Timestamp) -> Result<()>;

    /// Writes a ticket with its group's next number of the day.
    async fn take_ticket(&self, t: &NewTicket) -> Result<Ticket>;
    /// Writes past tickets whole (the demo's history).
    async fn import_tickets(&self, tickets: &[HistoricTicket]) -> Result<u64>;
    async fn ticket(&self, id: TicketId) -> Result<Option<Ticket>>;
    /// A center's tickets of one day, in the order they were taken.
    async fn tickets_of_day(&self, center_id: CenterId, day: Date) -> Result<Vec<Ticket>>;
    /// A center's tickets of the days `from..=to`.
    async fn tickets_between(
        &self,
        center_id: CenterId,
        from: Date,
        to: Date,
    ) -> Result<Vec<Ticket>>;
    /// The counter's called ticket is done and the next one it serves is
    /// called (sent on to this counter first, then priority, appointments
    /// due, order of arrival); `None` when nobody waits.
    async fn call_next(
        &self,
        counter_id: CounterId,
        by: AccountId,
        at: Timestamp,
    ) -> Result<Option<Ticket>>;
    /// Changes a called ticket; one no longer called is a `Conflict`.
    async fn change_ticket(
        &self,
        id: TicketId,
        change: TicketChange,
        at: Timestamp,
    ) -> Result<Ticket>;
    /// Notes that a dossier was received (or returned) from a ticket.
    async fn link_ticket_dossier(&self, ticket_id: TicketId, dossier_id: DossierId) -> Result<()>;
    /// The dossiers of a ticket, oldest first.
    async fn ticket_dossiers(&self, ticket_id: TicketId) -> Result<Vec<DossierId>>;
    /// The latest ticket a dossier was served from.
    async fn dossier_ticket(&self, dossier_id: DossierId) -> Result<Option<Ticket>>;

    /// Records a rating; a second for the same dossier and stage is a `Conflict`.
    async fn add_rating(&self, r: &NewRating) -> Result<RatingId>;
    async fn ratings_of_dossier(&self, dossier_id: DossierId) -> Result<Vec<Rating>>;
    /// A center's ratings given in `[from, to)`.
    async fn ratings_between(
        &self,
        center_id: CenterId,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<Rating>>;
}

pub(crate) fn join_ids<T: std::fmt::Display>(ids: &[T]) -> String {
    ids.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

pub(crate) fn split_ids<T: std::str::FromStr>(text: &str, what: &str) -> Result<Vec<T>>
where
    T::Err: std::fmt::Display,
{
    text.split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| parse(s.trim(), what))
        .collect()
}

fn letter(text: &str) -> Result<char> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(StoreError::Corrupt(format!("group letter {text:?}"))),
    }
}

fn count(n: i64, what: &str) -> Result<u32> {
    u32::try_from(n).map_err(|_| StoreError::Corrupt(format!("{what} {n}")))
}

#[derive(sqlx::FromRow)]
pub(crate) struct GroupRow {
    id: ServiceGroupId,
    center_id: CenterId,
    letter: String,
    name: String,
    fields: String,
    position: i64,
    active: bool,
}

impl GroupRow {
    pub(crate) fn into_group(self) -> Result<ServiceGroup> {
        Ok(ServiceGroup {
            id: self.id,
            center_id: self.center_id,
            letter: letter(&self.letter)?,
            name: self.name,
            fields: split_ids(&self.fields, "field code")?,
            position: self.position,
            active: self.active,
        })
    }
}

pub(crate) const COUNTER_SELECT: &str = "SELECT c.id, c.center_id, c.number, c.groups, c.staffed_by, \
     COALESCE(s.full_name, a.username) AS staffed_by_name, c.opened_at \
     FROM counters c LEFT JOIN accounts a ON a.id = c.staffed_by LEFT JOIN staff s ON s.id = a.staff_id";

#[derive(sqlx::FromRow)]
pub(crate) struct CounterRow {
    id: CounterId,
    center_id: CenterId,
    number: i64,
    groups: String,
    staffed_by: Option<AccountId>,
    staffed_by_name: Option<String>,
    opened_at: Option<i64>,
}

impl CounterRow {
    pub(crate) fn into_counter(self) -> Result<Counter> {
        Ok(Counter {
            id: self.id,
            center_id: self.center_id,
            number: count(self.number, "counter number")?,
            groups: split_ids(&self.groups, "service group")?,
            staffed_by: self.staffed_by,
            staffed_by_name: self.staffed_by.and(self.staffed_by_name),
            opened_at: self.opened_at.map(timestamp).transpose()?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct KioskRow {
    id: KioskId,
    center_id: CenterId,
    kind: String,
    counter_id: Option<CounterId>,
    name: String,
    created_by: AccountId,
    created_at: i64,
    revoked_at: Option<i64>,
}

impl KioskRow {
    pub(crate) fn into_kiosk(self) -> Result<Kiosk> {
        Ok(Kiosk {
            id: self.id,
            center_id: self.center_id,
            kind: parse(&self.kind, "kiosk kind")?,
            counter_id: self.counter_id,
            name: self.name,
            created_by: self.created_by,
            created_at: timestamp(self.created_at)?,
            revoked_at: self.revoked_at.map(timestamp).transpose()?,
        })
    }
}

pub(crate) const TICKET_SELECT: &str = "SELECT t.id, t.center_id, t.group_id, g.letter, g.name AS group_name, t.day, t.seq, t.lane, \
     t.booked_for, t.kiosk_id, t.taken_at, t.after_hours, t.status, t.counter_id, c.number AS counter_number, t.served_by, \
     t.for_counter, t.first_called_at, t.called_at, t.announced_at, t.recalls, t.finished_at, \
     (SELECT COUNT(*) FROM ticket_dossiers td WHERE td.ticket_id = t.id) AS dossiers \
     FROM tickets t JOIN service_groups g ON g.id = t.group_id LEFT JOIN counters c ON c.id = t.counter_id";

#[derive(sqlx::FromRow)]
pub(crate) struct TicketRow {
    id: TicketId,
    center_id: CenterId,
    group_id: ServiceGroupId,
    letter: String,
    group_name: String,
    day: String,
    seq: i64,
    lane: String,
    booked_for: Option<i64>,
    kiosk_id: Option<KioskId>,
    taken_at: i64,
    after_hours: bool,
    status: String,
    counter_id: Option<CounterId>,
    counter_number: Option<i64>,
    served_by: Option<AccountId>,
    for_counter: Option<CounterId>,
    first_called_at: Option<i64>,
    called_at: Option<i64>,
    announced_at: Option<i64>,
    recalls: i64,
    finished_at: Option<i64>,
    dossiers: i64,
}

impl TicketRow {
    pub(crate) fn into_ticket(self) -> Result<Ticket> {
        Ok(Ticket {
            id: self.id,
            center_id: self.center_id,
            group_id: self.group_id,
            letter: letter(&self.letter)?,
            group_name: self.group_name,
            day: parse(&self.day, "ticket day")?,
            seq: count(self.seq, "ticket number")?,
            lane: parse(&self.lane, "lane")?,
            booked_for: self.booked_for.map(timestamp).transpose()?,
            kiosk_id: self.kiosk_id,
            taken_at: timestamp(self.taken_at)?,
            after_hours: self.after_hours,
            status: parse(&self.status, "ticket status")?,
            counter_id: self.counter_id,
            counter_number: self
                .counter_number
                .map(|n| count(n, "counter number"))
                .transpose()?,
            served_by: self.served_by,
            for_counter: self.for_counter,
            first_called_at: self.first_called_at.map(timestamp).transpose()?,
            called_at: self.called_at.map(timestamp).transpose()?,
            announced_at: self.announced_at.map(timestamp).transpose()?,
            recalls: count(self.recalls, "recalls")?,
            finished_at: self.finished_at.map(timestamp).transpose()?,
            dossiers: count(self.dossiers, "dossiers of a ticket")?,
        })
    }
}

pub(crate) fn tickets(rows: Vec<TicketRow>) -> Result<Vec<Ticket>> {
    rows.into_iter().map(TicketRow::into_ticket).collect()
}

pub(crate) const RATING_SELECT: &str = "SELECT r.id, r.dossier_id, d.code, r.stage, r.rating, r.officer_id, \
     COALESCE(s.full_name, a.username) AS officer_name, r.counter_id, r.ticket_id, r.via, r.survey, r.comment, r.created_at \
     FROM ratings r JOIN dossiers d ON d.id = r.dossier_id LEFT JOIN accounts a ON a.id = r.officer_id LEFT JOIN staff s ON s.id = a.staff_id";

#[derive(sqlx::FromRow)]
pub(crate) struct RatingRow {
    id: RatingId,
    dossier_id: DossierId,
    code: String,
    stage: String,
    rating: String,
    officer_id: Option<AccountId>,
    officer_name: Option<String>,
    counter_id: Option<CounterId>,
    ticket_id: Option<TicketId>,
    via: String,
    survey: String,
    comment: String,
    created_at: i64,
}

pub(crate) fn ratings(rows: Vec<RatingRow>) -> Result<Vec<Rating>> {
    rows.into_iter()
        .map(|r| {
            Ok(Rating {
                id: r.id,
                dossier_id: r.dossier_id,
                code: parse(&r.code, "dossier code")?,
                stage: parse(&r.stage, "rating stage")?,
                rating: parse(&r.rating, "rating")?,
                officer_id: r.officer_id,
                officer_name: r.officer_id.and(r.officer_name),
                counter_id: r.counter_id,
                ticket_id: r.ticket_id,
                via: r.via,
                survey: parse(&r.survey, "survey")?,
                comment: r.comment,
                created_at: timestamp(r.created_at)?,
            })
        })
        .collect()
}

/// The ticket a counter calls among those waiting: one sent on to it first
/// (in the order they were sent), else the domain's order.
pub(crate) fn pick(waiting: &[Ticket], counter: CounterId, now: Timestamp) -> Option<TicketId> {
    if let Some(t) = waiting
        .iter()
        .filter(|t| t.for_counter == Some(counter))
        .min_by_key(|t| t.id)
    {
        return Some(t.id);
    }
    let open: Vec<&Ticket> = waiting.iter().filter(|t| t.for_counter.is_none()).collect();
    let order: Vec<motcua_domain::queue::ticket::Waiting> = open
        .iter()
        .map(|t| motcua_domain::queue::ticket::Waiting {
            order: t.id.0,
            lane: t.lane,
            booked_for: t.booked_for,
        })
        .collect();
    motcua_domain::queue::ticket::next(&order, now).map(|i| open[i].id)
}

macro_rules! queue_sql {
    ($store:ty, $db:ty, $backend:expr) => {
        impl $store {
            async fn ticket_in(tx: &mut sqlx::Transaction<'_, $db>, id: TicketId) -> Result<Ticket> {
                let sql = format!("{} WHERE t.id = $1", $crate::queue::TICKET_SELECT);
                let row: $crate::queue::TicketRow = sqlx::query_as(&sql)
                    .bind(id)
                    .fetch_optional(&mut **tx)
                    .await?
                    .ok_or_else(|| StoreError::NotFound(format!("ticket {id}")))?;
                row.into_ticket()
            }

            /// The ticket a counter has called is done (served, or left).
            async fn finish_called_in(tx: &mut sqlx::Transaction<'_, $db>, counter_id: CounterId, at: Timestamp) -> Result<()> {
                sqlx::query("UPDATE tickets SET status = 'done', finished_at = $2 WHERE counter_id = $1 AND status = 'called'")
                    .bind(counter_id)
                    .bind(at.as_second())
                    .execute(&mut **tx)
                    .await?;
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl QueueStore for $store {
            async fn service_groups(&self, center_id: CenterId) -> Result<Vec<ServiceGroup>> {
                let rows: Vec<$crate::queue::GroupRow> = sqlx::query_as(
                    "SELECT id, center_id, letter, name, fields, position, active FROM service_groups WHERE center_id = $1 ORDER BY position, letter",
                )
                .bind(center_id)
                .fetch_all(&self.read)
                .await?;
                rows.into_iter().map($crate::queue::GroupRow::into_group).collect()
            }

            async fn save_service_group(&self, g: &NewServiceGroup) -> Result<ServiceGroupId> {
                let id: ServiceGroupId = sqlx::query_scalar(
                    "INSERT INTO service_groups (center_id, letter, name, fields, position, active) VALUES ($1, $2, $3, $4, $5, $6) \
                     ON CONFLICT (center_id, letter) DO UPDATE SET name = excluded.name, fields = excluded.fields, \
                     position = excluded.position, active = excluded.active RETURNING id",
                )
                .bind(g.center_id)
                .bind(g.letter.to_string())
                .bind(&g.name)
                .bind($crate::queue::join_ids(&g.fields))
                .bind(g.position)
                .bind(g.active)
                .fetch_one(&self.write)
                .await?;
                Ok(id)
            }

            async fn counters(&self, center_id: CenterId) -> Result<Vec<Counter>> {
                let sql = format!("{} WHERE c.center_id = $1 ORDER BY c.number", $crate::queue::COUNTER_SELECT);
                let rows: Vec<$crate::queue::CounterRow> = sqlx::query_as(&sql).bind(center_id).fetch_all(&self.read).await?;
                rows.into_iter().map($crate::queue::CounterRow::into_counter).collect()
            }

            async fn counter(&self, id: CounterId) -> Result<Option<Counter>> {
                let sql = format!("{} WHERE c.id = $1", $crate::queue::COUNTER_SELECT);
                let row: Option<$crate::queue::CounterRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.read).await?;
                row.map($crate::queue::CounterRow::into_counter).transpose()
            }

            async fn open_counter(&self, center_id: CenterId, number: u32, groups: &[ServiceGroupId], by: AccountId, at: Timestamp) -> Result<Counter> {
                let mut tx = self.write.begin().await?;
                let staffed: Option<(CounterId, Option<AccountId>)> = sqlx::query_as("SELECT id, staffed_by FROM counters WHERE center_id = $1 AND number = $2")
                    .bind(center_id)
                    .bind(i64::from(number))
                    .fetch_optional(&mut *tx)
                    .await?;
                let groups = $crate::queue::join_ids(groups);
                let id = match staffed {
                    Some((_, Some(other))) if other != by => {
                        return Err(StoreError::Conflict(format!("counter {number} is staffed by account {other}")));
                    }
                    Some((id, _)) => {
                        sqlx::query("UPDATE counters SET groups = $2, staffed_by = $3, opened_at = COALESCE(CASE WHEN staffed_by = $3 THEN opened_at END, $4) WHERE id = $1")
                            .bind(id)
                            .bind(&groups)
                            .bind(by)
                            .bind(at.as_second())
                            .execute(&mut *tx)
                            .await?;
                        id
                    }
                    None => sqlx::query_scalar("INSERT INTO counters (center_id, number, groups, staffed_by, opened_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
                        .bind(center_id)
                        .bind(i64::from(number))
                        .bind(&groups)
                        .bind(by)
                        .bind(at.as_second())
                        .fetch_one(&mut *tx)
                        .await?,
                };
                // One person staffs one counter at a time.
                let others: Vec<CounterId> = sqlx::query_scalar("SELECT id FROM counters WHERE staffed_by = $1 AND id <> $2")
                    .bind(by)
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?;
                for other in others {
                    Self::finish_called_in(&mut tx, other, at).await?;
                    sqlx::query("UPDATE counters SET staffed_by = NULL, opened_at = NULL WHERE id = $1")
                        .bind(other)
                        .execute(&mut *tx)
                        .await?;
                }
                let sql = format!("{} WHERE c.id = $1", $crate::queue::COUNTER_SELECT);
                let row: $crate::queue::CounterRow = sqlx::query_as(&sql).bind(id).fetch_one(&mut *tx).await?;
                tx.commit().await?;
                row.into_counter()
            }

            async fn close_counter(&self, counter_id: CounterId, at: Timestamp) -> Result<()> {
                let mut tx = self.write.begin().await?;
                Self::finish_called_in(&mut tx, counter_id, at).await?;
                let closed = sqlx::query("UPDATE counters SET staffed_by = NULL, opened_at = NULL WHERE id = $1")
                    .bind(counter_id)
                    .execute(&mut *tx)
                    .await?;
                if closed.rows_affected() != 1 {
                    return Err(StoreError::NotFound(format!("counter {counter_id}")));
                }
                tx.commit().await?;
                Ok(())
            }

            async fn create_kiosk(&self, k: &NewKiosk) -> Result<KioskId> {
                let id = sqlx::query_scalar(
                    "INSERT INTO kiosks (center_id, kind, counter_id, name, token_hash, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(k.center_id)
                .bind(k.kind.code())
                .bind(k.counter_id)
                .bind(&k.name)
                .bind(&k.token_hash)
                .bind(k.created_by)
                .bind(k.created_at.as_second())
                .fetch_one(&self.write)
                .await?;
                Ok(id)
            }

            async fn kiosk_by_token_hash(&self, token_hash: &str) -> Result<Option<Kiosk>> {
                let row: Option<$crate::queue::KioskRow> = sqlx::query_as(
                    "SELECT id, center_id, kind, counter_id, name, created_by, created_at, revoked_at FROM kiosks WHERE token_hash = $1 AND revoked_at IS NULL",
                )
                .bind(token_hash)
                .fetch_optional(&self.read)
                .await?;
                row.map($crate::queue::KioskRow::into_kiosk).transpose()
            }

            async fn kiosks(&self, center_id: CenterId) -> Result<Vec<Kiosk>> {
                let rows: Vec<$crate::queue::KioskRow> = sqlx::query_as(
                    "SELECT id, center_id, kind, counter_id, name, created_by, created_at, revoked_at FROM kiosks WHERE center_id = $1 ORDER BY id",
                )
                .bind(center_id)
                .fetch_all(&self.read)
                .await?;
                rows.into_iter().map($crate::queue::KioskRow::into_kiosk).collect()
            }

            async fn revoke_kiosk(&self, id: KioskId, at: Timestamp) -> Result<()> {
                sqlx::query("UPDATE kiosks SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1")
                    .bind(id)
                    .bind(at.as_second())
                    .execute(&self.write)
                    .await?;
                Ok(())
            }

            async fn take_ticket(&self, t: &NewTicket) -> Result<Ticket> {
                let mut tx = self.write.begin().await?;
                let last: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM tickets WHERE center_id = $1 AND group_id = $2 AND day = $3")
                    .bind(t.center_id)
                    .bind(t.group_id)
                    .bind(date_text(t.day))
                    .fetch_one(&mut *tx)
                    .await?;
                // Two kiosks at once: the unique (center, group, day, seq)
                // refuses the second, which the caller takes again.
                let id: TicketId = sqlx::query_scalar(
                    "INSERT INTO tickets (center_id, group_id, day, seq, lane, booked_for, kiosk_id, taken_at, after_hours, status) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'waiting') RETURNING id",
                )
                .bind(t.center_id)
                .bind(t.group_id)
                .bind(date_text(t.day))
                .bind(last.unwrap_or(0) + 1)
                .bind(t.lane.code())
                .bind(t.booked_for.map(|b| b.as_second()))
                .bind(t.kiosk_id)
                .bind(t.taken_at.as_second())
                .bind(t.after_hours)
                .fetch_one(&mut *tx)
                .await?;
                let ticket = Self::ticket_in(&mut tx, id).await?;
                tx.commit().await?;
                Ok(ticket)
            }

            async fn import_tickets(&self, tickets: &[HistoricTicket]) -> Result<u64> {
                let mut tx = self.write.begin().await?;
                // Many rows per statement: a province's weeks of tickets are
                // hundreds of thousands of rows (16 parameters each, well
                // under both backends' limits per statement).
                for chunk in tickets.chunks(1000) {
                    let mut b = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO tickets (center_id, group_id, day, seq, lane, booked_for, kiosk_id, taken_at, after_hours, status, \
                         counter_id, served_by, first_called_at, called_at, announced_at, finished_at) ",
                    );
                    b.push_values(chunk, |mut row, h| {
                        let t = &h.ticket;
                        let called = h.called_at.map(|c| c.as_second());
                        row.push_bind(t.center_id)
                            .push_bind(t.group_id)
                            .push_bind(date_text(t.day))
                            .push_bind(i64::from(h.seq))
                            .push_bind(t.lane.code())
                            .push_bind(t.booked_for.map(|b| b.as_second()))
                            .push_bind(t.kiosk_id)
                            .push_bind(t.taken_at.as_second())
                            .push_bind(t.after_hours)
                            .push_bind(h.status.code())
                            .push_bind(h.counter_id)
                            .push_bind(h.served_by)
                            .push_bind(called)
                            .push_bind(called)
                            .push_bind(called)
                            .push_bind(h.finished_at.map(|c| c.as_second()));
                    });
                    b.build().execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(tickets.len() as u64)
            }

            async fn ticket(&self, id: TicketId) -> Result<Option<Ticket>> {
                let sql = format!("{} WHERE t.id = $1", $crate::queue::TICKET_SELECT);
                let row: Option<$crate::queue::TicketRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.read).await?;
                row.map($crate::queue::TicketRow::into_ticket).transpose()
            }

            async fn tickets_of_day(&self, center_id: CenterId, day: Date) -> Result<Vec<Ticket>> {
                self.tickets_between(center_id, day, day).await
            }

            async fn tickets_between(&self, center_id: CenterId, from: Date, to: Date) -> Result<Vec<Ticket>> {
                let sql = format!("{} WHERE t.center_id = $1 AND t.day >= $2 AND t.day <= $3 ORDER BY t.taken_at, t.id", $crate::queue::TICKET_SELECT);
                let rows = sqlx::query_as(&sql)
                    .bind(center_id)
                    .bind(date_text(from))
                    .bind(date_text(to))
                    .fetch_all(&self.read)
                    .await?;
                $crate::queue::tickets(rows)
            }

            async fn call_next(&self, counter_id: CounterId, by: AccountId, at: Timestamp) -> Result<Option<Ticket>> {
                let mut tx = self.write.begin().await?;
                let counter: Option<(CenterId, String)> = sqlx::query_as("SELECT center_id, groups FROM counters WHERE id = $1")
                    .bind(counter_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                let (center_id, groups) = counter.ok_or_else(|| StoreError::NotFound(format!("counter {counter_id}")))?;
                let groups: Vec<ServiceGroupId> = $crate::queue::split_ids(&groups, "service group")?;
                Self::finish_called_in(&mut tx, counter_id, at).await?;
                let day = motcua_domain::queue::ticket::service_day(at);
                let mut b = sqlx::QueryBuilder::<$db>::new($crate::queue::TICKET_SELECT);
                b.push(" WHERE t.center_id = ");
                b.push_bind(center_id);
                b.push(" AND t.day = ");
                b.push_bind(date_text(day));
                b.push(" AND t.status = 'waiting' AND (t.for_counter = ");
                b.push_bind(counter_id);
                if !groups.is_empty() {
                    b.push(" OR (t.for_counter IS NULL AND t.group_id IN (");
                    let mut list = b.separated(", ");
                    for g in &groups {
                        list.push_bind(*g);
                    }
                    b.push("))");
                }
                b.push(")");
                let rows: Vec<$crate::queue::TicketRow> = b.build_query_as().fetch_all(&mut *tx).await?;
                let waiting = $crate::queue::tickets(rows)?;
                let Some(id) = $crate::queue::pick(&waiting, counter_id, at) else {
                    tx.commit().await?;
                    return Ok(None);
                };
                let called = sqlx::query(
                    "UPDATE tickets SET status = 'called', counter_id = $2, served_by = $3, for_counter = NULL, \
                     first_called_at = COALESCE(first_called_at, $4), called_at = $4, announced_at = $4 \
                     WHERE id = $1 AND status = 'waiting'",
                )
                .bind(id)
                .bind(counter_id)
                .bind(by)
                .bind(at.as_second())
                .execute(&mut *tx)
                .await?;
                if called.rows_affected() != 1 {
                    return Err(StoreError::Conflict(format!("ticket {id} was called by another counter")));
                }
                let ticket = Self::ticket_in(&mut tx, id).await?;
                tx.commit().await?;
                Ok(Some(ticket))
            }

            async fn change_ticket(&self, id: TicketId, change: TicketChange, at: Timestamp) -> Result<Ticket> {
                let mut tx = self.write.begin().await?;
                let at = at.as_second();
                let q = match change {
                    TicketChange::Recall => sqlx::query("UPDATE tickets SET announced_at = $2, recalls = recalls + 1 WHERE id = $1 AND status = 'called'")
                        .bind(id)
                        .bind(at),
                    TicketChange::Finish => sqlx::query("UPDATE tickets SET status = 'done', finished_at = $2 WHERE id = $1 AND status = 'called'")
                        .bind(id)
                        .bind(at),
                    TicketChange::NoShow => sqlx::query("UPDATE tickets SET status = 'no-show', finished_at = $2 WHERE id = $1 AND status = 'called'")
                        .bind(id)
                        .bind(at),
                    TicketChange::Transfer(to) => sqlx::query(
                        "UPDATE tickets SET status = 'waiting', for_counter = $2, counter_id = NULL, served_by = NULL, announced_at = NULL \
                         WHERE id = $1 AND status = 'called' AND counter_id <> $2",
                    )
                    .bind(id)
                    .bind(to),
                };
                let changed = q.execute(&mut *tx).await?;
                if changed.rows_affected() != 1 {
                    return Err(StoreError::Conflict(format!("ticket {id} is not called at a counter")));
                }
                let ticket = Self::ticket_in(&mut tx, id).await?;
                tx.commit().await?;
                Ok(ticket)
            }

            async fn link_ticket_dossier(&self, ticket_id: TicketId, dossier_id: DossierId) -> Result<()> {
                sqlx::query("INSERT INTO ticket_dossiers (ticket_id, dossier_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    .bind(ticket_id)
                    .bind(dossier_id)
                    .execute(&self.write)
                    .await?;
                Ok(())
            }

            async fn ticket_dossiers(&self, ticket_id: TicketId) -> Result<Vec<DossierId>> {
                Ok(sqlx::query_scalar("SELECT dossier_id FROM ticket_dossiers WHERE ticket_id = $1 ORDER BY dossier_id")
                    .bind(ticket_id)
                    .fetch_all(&self.read)
                    .await?)
            }

            async fn dossier_ticket(&self, dossier_id: DossierId) -> Result<Option<Ticket>> {
                let sql = format!(
                    "{} WHERE t.id = (SELECT MAX(ticket_id) FROM ticket_dossiers WHERE dossier_id = $1)",
                    $crate::queue::TICKET_SELECT
                );
                let row: Option<$crate::queue::TicketRow> = sqlx::query_as(&sql).bind(dossier_id).fetch_optional(&self.read).await?;
                row.map($crate::queue::TicketRow::into_ticket).transpose()
            }

            async fn add_rating(&self, r: &NewRating) -> Result<RatingId> {
                let id = sqlx::query_scalar(
                    "INSERT INTO ratings (dossier_id, stage, rating, officer_id, counter_id, ticket_id, via, survey, comment, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                )
                .bind(r.dossier_id)
                .bind(r.stage.code())
                .bind(r.rating.code())
                .bind(r.officer_id)
                .bind(r.counter_id)
                .bind(r.ticket_id)
                .bind(&r.via)
                .bind(r.survey.to_code())
                .bind(&r.comment)
                .bind(r.at.as_second())
                .fetch_one(&self.write)
                .await?;
                Ok(id)
            }

            async fn ratings_of_dossier(&self, dossier_id: DossierId) -> Result<Vec<Rating>> {
                let sql = format!("{} WHERE r.dossier_id = $1 ORDER BY r.created_at", $crate::queue::RATING_SELECT);
                let rows = sqlx::query_as(&sql).bind(dossier_id).fetch_all(&self.read).await?;
                $crate::queue::ratings(rows)
            }

            async fn ratings_between(&self, center_id: CenterId, from: Timestamp, to: Timestamp) -> Result<Vec<Rating>> {
                let sql = format!(
                    "{} WHERE d.center_id = $1 AND r.created_at >= $2 AND r.created_at < $3 ORDER BY r.created_at",
                    $crate::queue::RATING_SELECT
                );
                let rows = sqlx::query_as(&sql)
                    .bind(center_id)
                    .bind(from.as_second())
                    .bind(to.as_second())
                    .fetch_all(&self.read)
                    .await?;
                $crate::queue::ratings(rows)
            }
        }
    };
}

pub(crate) use queue_sql;
