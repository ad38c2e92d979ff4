//! How long people wait and are served, per ticket, counter, group and hour
//! (tickets taken from 17:00 counted apart), and the staffing advice: from
//! the queue's history, the arrivals of each hour of the week and the mean
//! service time, the counters an Erlang C queue needs to keep the mean wait
//! under a target.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use jiff::ToSpan;
use motcua_domain::queue::staffing;
use motcua_domain::queue::ticket::{service_day, TicketStatus};
use motcua_store::{CenterId, Ticket};
use serde::{Deserialize, Serialize};

use crate::input;
use crate::{AppState, WebError};

/// Days of a period the times cover at most.
pub const MAX_DAYS: i64 = 366;
/// Weeks of history the advice learns from.
pub const ADVICE_WEEKS: i64 = 8;
/// Counters the advice ever proposes for one hour.
pub const MAX_COUNTERS: u32 = 30;

/// Wait and service of a set of tickets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TimeRow {
    pub tickets: u32,
    pub served: u32,
    pub no_show: u32,
    /// Taken and never called (the day ended, or still waiting).
    pub not_called: u32,
    /// Minutes from the ticket to the first call, mean and the longest.
    pub mean_wait_minutes: Option<f64>,
    pub max_wait_minutes: Option<f64>,
    /// Minutes at the counter of the tickets served.
    pub mean_service_minutes: Option<f64>,
}

impl TimeRow {
    pub fn of<'a>(tickets: impl IntoIterator<Item = &'a Ticket>) -> TimeRow {
        let mut row = TimeRow::default();
        let mut waits = Vec::new();
        let mut services = Vec::new();
        for t in tickets {
            row.tickets += 1;
            match t.status {
                TicketStatus::Done => row.served += 1,
                TicketStatus::NoShow => row.no_show += 1,
                _ => {}
            }
            if t.first_called_at.is_none() {
                row.not_called += 1;
            }
            waits.extend(t.wait_minutes());
            services.extend(t.service_minutes());
        }
        let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
        row.mean_wait_minutes = mean(&waits);
        row.max_wait_minutes = waits.iter().copied().reduce(f64::max);
        row.mean_service_minutes = mean(&services);
        row
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Keyed {
    /// The group's letter and name, the counter's number, or the hour (`08`).
    pub key: String,
    pub label: String,
    #[serde(flatten)]
    pub row: TimeRow,
}

/// The times of a center's queue over the days `from..=to`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QueueTimes {
    pub center_id: i64,
    pub from: String,
    pub to: String,
    /// Tickets taken before 17:00.
    pub in_hours: TimeRow,
    /// Tickets taken from 17:00 on, counted apart.
    pub after_hours: TimeRow,
    pub by_group: Vec<Keyed>,
    pub by_counter: Vec<Keyed>,
    pub by_hour: Vec<Keyed>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// First day (YYYY-MM-DD); default today.
    pub from: Option<String>,
    /// Last day; default `from`.
    pub to: Option<String>,
}

/// The days a query names: today by default, at most a year.
pub fn period(state: &AppState, q: &PeriodQuery) -> Result<(Date, Date), WebError> {
    let today = service_day(state.now());
    let day = |field: &str, v: &Option<String>, default: Date| match v
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => Ok(default),
        Some(s) => s.parse::<Date>().map_err(|_| {
            input::invalid(
                field,
                motcua_domain::i18n::Message::new("error-date-format"),
            )
        }),
    };
    let from = day("from", &q.from, today)?;
    let to = day("to", &q.to, from)?;
    if to < from || (to - from).get_days() > MAX_DAYS as i32 {
        return Err(input::invalid(
            "to",
            motcua_domain::i18n::Message::new("error-queue-period"),
        ));
    }
    Ok((from, to))
}

pub fn times(center: CenterId, from: Date, to: Date, tickets: &[Ticket]) -> QueueTimes {
    let in_hours = TimeRow::of(tickets.iter().filter(|t| !t.after_hours));
    let after_hours = TimeRow::of(tickets.iter().filter(|t| t.after_hours));
    let mut groups: BTreeMap<(char, String), Vec<&Ticket>> = BTreeMap::new();
    let mut counters: BTreeMap<u32, Vec<&Ticket>> = BTreeMap::new();
    let mut hours: BTreeMap<i8, Vec<&Ticket>> = BTreeMap::new();
    for t in tickets {
        groups
            .entry((t.letter, t.group_name.clone()))
            .or_default()
            .push(t);
        if let Some(n) = t.counter_number {
            counters.entry(n).or_default().push(t);
        }
        hours
            .entry(motcua_calendar::from_timestamp(t.taken_at).hour())
            .or_default()
            .push(t);
    }
    QueueTimes {
        center_id: center.0,
        from: from.to_string(),
        to: to.to_string(),
        in_hours,
        after_hours,
        by_group: groups
            .into_iter()
            .map(|((letter, name), ts)| Keyed {
                key: letter.to_string(),
                label: name,
                row: TimeRow::of(ts),
            })
            .collect(),
        by_counter: counters
            .into_iter()
            .map(|(n, ts)| Keyed {
                key: n.to_string(),
                label: n.to_string(),
                row: TimeRow::of(ts),
            })
            .collect(),
        by_hour: hours
            .into_iter()
            .map(|(h, ts)| Keyed {
                key: format!("{h:02}"),
                label: format!("{h:02}:00–{:02}:00", h + 1),
                row: TimeRow::of(ts),
            })
            .collect(),
    }
}

pub async fn center_times(
    state: &AppState,
    center: CenterId,
    from: Date,
    to: Date,
) -> Result<QueueTimes, WebError> {
    let tickets = state.store.tickets_between(center, from, to).await?;
    Ok(times(center, from, to, &tickets))
}

/// One hour of the week in the advice.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AdviceCell {
    /// 8 for 08:00–09:00.
    pub hour: i8,
    /// Tickets an hour, on average over the weeks seen.
    pub arrivals: f64,
    /// Counters that keep the mean wait under the target; `None` when even
    /// the most counters proposed would not.
    pub counters_needed: Option<u32>,
    /// Counters that did call in that hour, on average.
    pub counters_seen: f64,
    /// The mean wait with the counters needed, in minutes.
    pub expected_wait_minutes: Option<f64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AdviceRow {
    /// 1 = Monday … 7 = Sunday.
    pub weekday: i8,
    pub cells: Vec<AdviceCell>,
}

/// The staffing advice of a center: a week × hour grid.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Advice {
    pub center_id: i64,
    /// The history it learned from.
    pub from: String,
    pub to: String,
    pub tickets: u32,
    pub target_wait_minutes: f64,
    pub mean_service_minutes: f64,
    /// The hours shown (columns), the same in every row.
    pub hours: Vec<i8>,
    pub rows: Vec<AdviceRow>,
}

/// The grid from `tickets` of the days `from..=to`: arrivals per hour of
/// each weekday are averaged over the days of that weekday the center
/// worked (had tickets).
pub fn advice(
    center: CenterId,
    from: Date,
    to: Date,
    tickets: &[Ticket],
    target: f64,
    default_service: f64,
) -> Advice {
    let mut days_seen: BTreeMap<i8, BTreeSet<Date>> = BTreeMap::new();
    let mut arrivals: BTreeMap<(i8, i8), u32> = BTreeMap::new();
    let mut counters: BTreeMap<(i8, i8), BTreeSet<(Date, i64)>> = BTreeMap::new();
    for t in tickets {
        let local = motcua_calendar::from_timestamp(t.taken_at);
        let wd = t.day.weekday().to_monday_one_offset();
        days_seen.entry(wd).or_default().insert(t.day);
        *arrivals.entry((wd, local.hour())).or_default() += 1;
        if let (Some(c), Some(called)) = (t.counter_id, t.first_called_at) {
            let h = motcua_calendar::from_timestamp(called).hour();
            counters.entry((wd, h)).or_default().insert((t.day, c.0));
        }
    }
    let served: Vec<f64> = tickets.iter().filter_map(Ticket::service_minutes).collect();
    let mean_service = if served.is_empty() {
        default_service
    } else {
        served.iter().sum::<f64>() / served.len() as f64
    };
    let hours: Vec<i8> = {
        let set: BTreeSet<i8> = arrivals.keys().map(|(_, h)| *h).collect();
        match (set.first(), set.last()) {
            (Some(a), Some(b)) => (*a..=*b).collect(),
            _ => Vec::new(),
        }
    };
    let rows = days_seen
        .iter()
        .map(|(wd, days)| {
            let n = days.len() as f64;
            AdviceRow {
                weekday: *wd,
                cells: hours
                    .iter()
                    .map(|&h| {
                        let rate = f64::from(arrivals.get(&(*wd, h)).copied().unwrap_or(0)) / n;
                        let needed =
                            staffing::counters_needed(rate, mean_service, target, MAX_COUNTERS);
                        AdviceCell {
                            hour: h,
                            arrivals: (rate * 10.0).round() / 10.0,
                            counters_needed: needed,
                            counters_seen: counters
                                .get(&(*wd, h))
                                .map(|s| ((s.len() as f64 / n) * 10.0).round() / 10.0)
                                .unwrap_or(0.0),
                            expected_wait_minutes: needed
                                .and_then(|c| staffing::mean_wait_minutes(c, rate, mean_service))
                                .map(|w| (w * 10.0).round() / 10.0),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    Advice {
        center_id: center.0,
        from: from.to_string(),
        to: to.to_string(),
        tickets: tickets.len() as u32,
        target_wait_minutes: target,
        mean_service_minutes: (mean_service * 10.0).round() / 10.0,
        hours,
        rows,
    }
}

/// The mean wait to keep under, in minutes: 10 unless asked, 1 to 120.
pub fn target(minutes: Option<f64>) -> Result<f64, WebError> {
    match minutes {
        None => Ok(10.0),
        Some(m) if m.is_finite() && (1.0..=120.0).contains(&m) => Ok(m),
        Some(_) => Err(input::invalid(
            "target_minutes",
            motcua_domain::i18n::Message::new("error-queue-target"),
        )),
    }
}

/// The advice from the last eight weeks before today.
pub async fn center_advice(
    state: &AppState,
    center: CenterId,
    target: f64,
) -> Result<Advice, WebError> {
    let today = service_day(state.now());
    let to = today.yesterday().unwrap_or(today);
    let from = today
        .checked_sub((ADVICE_WEEKS * 7).days())
        .unwrap_or(today);
    let tickets = state.store.tickets_between(center, from, to).await?;
    Ok(advice(
        center,
        from,
        to,
        &tickets,
        target,
        super::queue::DEFAULT_SERVICE_MINUTES,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_domain::queue::ticket::Lane;
    use motcua_store::{CounterId, ServiceGroupId, TicketId};

    fn t(id: i64, taken: &str, called: Option<&str>, done: Option<&str>, counter: i64) -> Ticket {
        let ts = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
        let taken = ts(taken);
        Ticket {
            id: TicketId(id),
            center_id: CenterId(1),
            group_id: ServiceGroupId(1),
            letter: 'A',
            group_name: "Chứng thực".into(),
            day: service_day(taken),
            seq: id as u32,
            lane: Lane::Normal,
            booked_for: None,
            kiosk_id: None,
            taken_at: taken,
            after_hours: motcua_domain::queue::ticket::after_hours(taken),
            status: match (called, done) {
                (Some(_), Some(_)) => TicketStatus::Done,
                (Some(_), None) => TicketStatus::Called,
                _ => TicketStatus::Waiting,
            },
            counter_id: called.map(|_| CounterId(counter)),
            counter_number: called.map(|_| counter as u32),
            served_by: None,
            for_counter: None,
            first_called_at: called.map(ts),
            called_at: called.map(ts),
            announced_at: called.map(ts),
            recalls: 0,
            finished_at: done.map(ts),
            dossiers: 0,
        }
    }

    /// Three tickets by hand: waits 4, 10 and (none yet); services 6 and 12;
    /// one taken at 17:10 local is after hours.
    #[test]
    fn times_by_hand() {
        let tickets = vec![
            // 08:00 local = 01:00Z
            t(
                1,
                "2026-11-26T01:00:00Z",
                Some("2026-11-26T01:04:00Z"),
                Some("2026-11-26T01:10:00Z"),
                1,
            ),
            t(
                2,
                "2026-11-26T01:30:00Z",
                Some("2026-11-26T01:40:00Z"),
                Some("2026-11-26T01:52:00Z"),
                2,
            ),
            t(3, "2026-11-26T10:10:00Z", None, None, 1),
        ];
        let d: Date = "2026-11-26".parse().unwrap();
        let q = times(CenterId(1), d, d, &tickets);
        assert_eq!(q.in_hours.tickets, 2);
        assert_eq!(q.in_hours.mean_wait_minutes, Some(7.0));
        assert_eq!(q.in_hours.max_wait_minutes, Some(10.0));
        assert_eq!(q.in_hours.mean_service_minutes, Some(9.0));
        assert_eq!(q.after_hours.tickets, 1);
        assert_eq!(q.after_hours.not_called, 1);
        assert_eq!(q.by_counter.len(), 2);
        assert_eq!(q.by_counter[1].row.mean_service_minutes, Some(12.0));
        assert_eq!(q.by_hour[0].key, "08");
        assert_eq!(q.by_hour[1].key, "17");
    }

    /// Two Thursdays, 20 tickets 08:00–09:00 each (10 an hour each day
    /// when spread over the two), services of 12 minutes: 10/h × 12 min is
    /// 2 erlangs; a 5-minute target needs 4 counters (3 give 5,33 min, see
    /// `staffing`); a 6-minute target 3.
    #[test]
    fn advice_by_hand() {
        let mut tickets = Vec::new();
        let mut id = 0;
        for day in ["2026-11-19", "2026-11-26"] {
            for i in 0..10 {
                id += 1;
                // 08:00 + 5 min × i local; served 12 minutes after the call.
                let taken: jiff::Timestamp = format!("{day}T01:{:02}:00Z", i * 5).parse().unwrap();
                let called = taken + jiff::SignedDuration::from_mins(1);
                let done = called + jiff::SignedDuration::from_mins(12);
                tickets.push(t(
                    id,
                    &taken.to_string(),
                    Some(&called.to_string()),
                    Some(&done.to_string()),
                    1 + (i % 2),
                ));
            }
        }
        let from: Date = "2026-11-19".parse().unwrap();
        let to: Date = "2026-11-26".parse().unwrap();
        let a = advice(CenterId(1), from, to, &tickets, 5.0, 10.0);
        assert_eq!(a.mean_service_minutes, 12.0);
        assert_eq!(a.hours, vec![8]);
        assert_eq!(a.rows.len(), 1);
        assert_eq!(a.rows[0].weekday, 4, "Thursday");
        let cell = &a.rows[0].cells[0];
        assert_eq!(cell.arrivals, 10.0);
        assert_eq!(cell.counters_needed, Some(4));
        assert_eq!(cell.expected_wait_minutes, Some(1.0));
        assert_eq!(cell.counters_seen, 2.0);
        let relaxed = advice(CenterId(1), from, to, &tickets, 6.0, 10.0);
        assert_eq!(relaxed.rows[0].cells[0].counters_needed, Some(3));
        assert_eq!(relaxed.rows[0].cells[0].expected_wait_minutes, Some(5.3));
    }
}
