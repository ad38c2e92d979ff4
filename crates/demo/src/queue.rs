//! The queue of every demo center's hall: four service groups, four
//! counters, eight weeks of tickets and two hall devices.
//!
//! A day's tickets come from a small simulation rather than independent
//! draws: citizens arrive on the hall's daily rhythm and the counters open
//! that day call them by the domain's own rule ([`next`]), so waits lengthen
//! at the peaks by themselves and no counter serves two people at once. Each
//! (center, day) has its own random stream, as in the dossier history, so a
//! center's tickets do not depend on the others.

use std::borrow::Cow;

use jiff::civil::{Date, Weekday};
use jiff::{SignedDuration, Timestamp, ToSpan};
use motcua_calendar::{to_timestamp, Session, WorkCalendar};
use motcua_domain::queue::ticket::{
    after_hours, next, service_day, KioskKind, Lane, TicketStatus, Waiting,
};
use motcua_domain::FieldCode;
use motcua_store::{
    AccountId, CenterId, CounterId, HistoricTicket, KioskId, NewKiosk, NewServiceGroup, NewTicket,
    ServiceGroupId, Store,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

use crate::history::splitmix;

/// Weeks of tickets, ending the day before the demo's last day: that day's
/// hall is the live one.
pub const QUEUE_WEEKS: i64 = 8;

/// The hall's devices: the kiosk issuing tickets, and the rating tablet at
/// counter 1.
pub const TICKET_KIOSK_NAME: &str = "Máy lấy số sảnh chính";
pub const RATING_TABLET_NAME: &str = "Máy đánh giá quầy 1";

/// Tickets written per transaction: few commits, as for the dossier history.
const TICKETS_PER_IMPORT: usize = 100_000;

/// Mixed into the seed so that the halls' random streams differ from the
/// dossier history's for the same (center, day).
const QUEUE_STREAM: u64 = 0x7175_6575_6500_0000;

struct GroupPlan {
    letter: char,
    name: &'static str,
    /// Empty: every field the other groups do not take.
    fields: &'static [&'static str],
    /// Percent of the hall's tickets.
    share: u32,
    service_minutes: f64,
}

const GROUPS: [GroupPlan; 4] = [
    GroupPlan {
        letter: 'A',
        name: "Chứng thực",
        fields: &["CT"],
        share: 40,
        service_minutes: 5.0,
    },
    GroupPlan {
        letter: 'B',
        name: "Hộ tịch",
        fields: &["HT"],
        share: 25,
        service_minutes: 12.0,
    },
    GroupPlan {
        letter: 'C',
        name: "Đất đai - Xây dựng",
        fields: &["DD", "XD"],
        share: 15,
        service_minutes: 18.0,
    },
    GroupPlan {
        letter: 'D',
        name: "Lĩnh vực khác",
        fields: &[],
        share: 20,
        service_minutes: 9.0,
    },
];

/// The groups (indexes into [`GROUPS`]) each counter serves, counter 1
/// first: three specialised counters and, last, one that takes everyone.
const COUNTERS: [&[usize]; 4] = [&[0], &[1], &[2, 3], &[0, 1, 2, 3]];

/// Tickets on an ordinary full day: a base, and more per counter open (a
/// busier center has more officers at its counters): 60 with two, 80 with
/// three.
const TICKETS_BASE: f64 = 20.0;
const TICKETS_PER_COUNTER: f64 = 20.0;

/// The secret of a demo hall device: fixed by the seed, so that the demo can
/// print the links of devices it made (only their hash is stored).
pub fn demo_device_secret(seed: u64, center_index: usize, kind: KioskKind) -> String {
    let name = format!("motcua-demo-device:{seed}:{center_index}:{}", kind.code());
    hex::encode(Sha256::digest(name.as_bytes()))
}

fn token_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A demo center as its hall needs it.
pub(crate) struct QueueCenter<'a> {
    pub id: CenterId,
    /// Who may staff its counters (reception and postal officers), in a
    /// stable order.
    pub staff: Vec<AccountId>,
    pub calendar: Cow<'a, WorkCalendar>,
}

/// The store's ids of one center's hall.
struct Hall {
    center: CenterId,
    groups: [ServiceGroupId; 4],
    counters: [CounterId; 4],
    kiosk: KioskId,
}

/// Sets up every center's hall and writes its tickets; returns how many.
pub(crate) async fn seed_queues(
    store: &dyn Store,
    centers: &[QueueCenter<'_>],
    seed: u64,
    until: Date,
    now: Timestamp,
) -> anyhow::Result<u64> {
    let first = until
        .checked_sub((QUEUE_WEEKS * 7).days())
        .expect("date in range");
    // Before the first morning's tickets, and never after `now`.
    let set_up_at = to_timestamp(first.at(6, 30, 0, 0)).min(now);
    // Every hall before any ticket: opening and closing a counter looks
    // through the tickets for one it has called.
    let mut halls = Vec::with_capacity(centers.len());
    for (ci, c) in centers.iter().enumerate() {
        anyhow::ensure!(
            !c.staff.is_empty(),
            "demo center {} has nobody to staff its counters",
            c.id
        );
        halls.push(set_up_hall(store, seed, ci, c, set_up_at).await?);
    }
    let mut written = 0;
    let mut tickets = Vec::new();
    for (ci, (c, hall)) in centers.iter().zip(&halls).enumerate() {
        let mut day = first;
        while day < until {
            if c.calendar.is_working_day(day) {
                tickets.extend(hall_day(seed, ci, hall, c, day, now));
            }
            day = day.tomorrow().expect("date in range");
        }
        if tickets.len() >= TICKETS_PER_IMPORT {
            written += store.import_tickets(&tickets).await?;
            tickets.clear();
        }
    }
    written += store.import_tickets(&tickets).await?;
    Ok(written)
}

/// The groups, the counters (left closed: nobody staffs one in the demo's
/// present, as on a morning before opening) and the two devices.
async fn set_up_hall(
    store: &dyn Store,
    seed: u64,
    ci: usize,
    c: &QueueCenter<'_>,
    at: Timestamp,
) -> anyhow::Result<Hall> {
    let mut groups = Vec::with_capacity(GROUPS.len());
    for (position, g) in (1..).zip(&GROUPS) {
        let fields = g
            .fields
            .iter()
            .map(|f| f.parse::<FieldCode>())
            .collect::<Result<_, _>>()
            .map_err(|e| anyhow::anyhow!("demo group {}: {e:?}", g.letter))?;
        groups.push(
            store
                .save_service_group(&NewServiceGroup {
                    center_id: c.id,
                    letter: g.letter,
                    name: g.name.into(),
                    fields,
                    position,
                    active: true,
                })
                .await?,
        );
    }
    // A counter is made by its first opening; closed at once, so that one
    // officer can open them all.
    let mut counters = Vec::with_capacity(COUNTERS.len());
    for (number, served) in (1..).zip(COUNTERS) {
        let ids: Vec<ServiceGroupId> = served.iter().map(|&g| groups[g]).collect();
        let counter = store
            .open_counter(c.id, number, &ids, c.staff[0], at)
            .await?;
        store.close_counter(counter.id, at).await?;
        counters.push(counter.id);
    }
    let device = |kind, counter_id, name: &str| NewKiosk {
        center_id: c.id,
        kind,
        counter_id,
        name: name.into(),
        token_hash: token_hash(&demo_device_secret(seed, ci, kind)),
        created_by: c.staff[0],
        created_at: at,
    };
    let kiosk = store
        .create_kiosk(&device(KioskKind::Tickets, None, TICKET_KIOSK_NAME))
        .await?;
    store
        .create_kiosk(&device(
            KioskKind::Rating,
            Some(counters[0]),
            RATING_TABLET_NAME,
        ))
        .await?;
    Ok(Hall {
        center: c.id,
        groups: groups.try_into().expect("four groups"),
        counters: counters.try_into().expect("four counters"),
        kiosk,
    })
}

/// A ticket drawn for the day, before the counters call it. Times are
/// seconds from local midnight.
#[derive(Debug, Clone)]
struct Draft {
    taken: i64,
    group: usize,
    lane: Lane,
    booked_for: Option<i64>,
    no_show: bool,
    service: i64,
}

/// A counter open for the day and the officer at it.
struct Desk {
    counter: usize,
    account: AccountId,
}

#[derive(Debug, Clone, Copy)]
struct Served {
    desk: usize,
    called: i64,
    finished: i64,
}

/// One center's tickets of one working day, every one of them over by `now`.
fn hall_day(
    seed: u64,
    ci: usize,
    hall: &Hall,
    c: &QueueCenter<'_>,
    day: Date,
    now: Timestamp,
) -> Vec<HistoricTicket> {
    let day_number = (day - Date::constant(2000, 1, 1)).get_days() as u64;
    let mut rng = ChaCha8Rng::seed_from_u64(splitmix(
        seed ^ splitmix(QUEUE_STREAM ^ ((ci as u64) << 32 | day_number)),
    ));
    let open = c.staff.len().min(COUNTERS.len());
    let rhythm = Rhythm::of(&c.calendar.sessions_on(day));
    let expected = (TICKETS_BASE + TICKETS_PER_COUNTER * open as f64)
        * busyness(day.weekday())
        * rhythm.share_of_a_full_day()
        * rng.random_range(0.85..1.15);
    let drafts = draw(&mut rng, &rhythm, expected.round() as usize);
    let (desks, served) = arrange(&mut rng, &drafts, &c.staff, day_number, midnight(day));
    tickets(hall, &drafts, &served, &desks, day, now)
}

fn midnight(day: Date) -> Timestamp {
    to_timestamp(day.at(0, 0, 0, 0))
}

/// The counters open on a day, one officer each, as many as there are
/// officers, and how they serve. The counter that takes every group is always
/// open; of the specialised ones, those open are the ones that keep that
/// day's waits shortest, as a center's head moves officers to where the
/// queue is (a fixed choice leaves one group's queue growing all day). The
/// officers take turns at the counters from day to day.
fn arrange(
    rng: &mut (impl Rng + Clone),
    drafts: &[Draft],
    staff: &[AccountId],
    day_number: u64,
    midnight: Timestamp,
) -> (Vec<Desk>, Vec<Option<Served>>) {
    let everyone = COUNTERS.len() - 1;
    let specialised = staff.len().min(COUNTERS.len()) as u32 - 1;
    let turn = day_number as usize;
    let waited = |served: &[Option<Served>]| -> i64 {
        drafts
            .iter()
            .zip(served)
            .filter_map(|(d, s)| s.map(|s| s.called - d.taken))
            .sum()
    };
    (0u32..1 << everyone)
        .filter(|set| set.count_ones() == specialised)
        .map(|set| {
            let desks: Vec<Desk> = (0..everyone)
                .filter(|k| set & 1 << k != 0)
                .chain([everyone])
                .enumerate()
                .map(|(i, counter)| Desk {
                    counter,
                    account: staff[(i + turn) % staff.len()],
                })
                .collect();
            let served = serve(&mut rng.clone(), drafts, &desks, midnight);
            (desks, served)
        })
        .min_by_key(|(_, served)| waited(served))
        .expect("the counter for every group")
}

/// How busy a weekday is against an ordinary one: Monday brings the
/// weekend's errands, Friday and Saturday are quieter.
fn busyness(weekday: Weekday) -> f64 {
    match weekday {
        Weekday::Monday => 1.2,
        Weekday::Tuesday => 1.05,
        Weekday::Wednesday | Weekday::Thursday => 1.0,
        Weekday::Friday => 0.85,
        Weekday::Saturday | Weekday::Sunday => 0.9,
    }
}

/// Relative arrivals per minute in each local hour: peaks mid-morning and
/// mid-afternoon, few at opening, before lunch and late.
fn hourly_weight(hour: usize) -> u32 {
    match hour {
        7 => 4,
        8 | 9 => 10,
        10 => 8,
        11 => 4,
        13 => 3,
        14 | 15 => 9,
        16 => 5,
        17 => 2,
        18 => 1,
        _ => 0,
    }
}

/// Centers serve late: citizens still come for an hour and a half after an
/// afternoon session ends at 17:00.
const EVENING_MINUTES: usize = 90;

/// When citizens take tickets on a day: a cumulative weight per minute of
/// the day.
struct Rhythm {
    cumulative: Vec<u32>,
}

impl Rhythm {
    fn of(sessions: &[Session]) -> Rhythm {
        let minute = |t: jiff::civil::Time| t.hour() as usize * 60 + t.minute() as usize;
        let mut open = vec![false; 24 * 60];
        for s in sessions {
            open[minute(s.start)..minute(s.end)].fill(true);
        }
        if let Some(end) = sessions.last().map(|s| minute(s.end)) {
            if end >= 17 * 60 {
                open[end..(end + EVENING_MINUTES).min(24 * 60)].fill(true);
            }
        }
        let mut total = 0;
        let cumulative = (0..24 * 60)
            .map(|m| {
                if open[m] {
                    total += hourly_weight(m / 60);
                }
                total
            })
            .collect();
        Rhythm { cumulative }
    }

    fn total(&self) -> u32 {
        self.cumulative.last().copied().unwrap_or(0)
    }

    /// This day's arrivals against a full weekday's (a Saturday morning
    /// brings about half).
    fn share_of_a_full_day(&self) -> f64 {
        static FULL: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
        let full = FULL.get_or_init(|| {
            let monday = Date::constant(2026, 1, 5);
            Rhythm::of(&WorkCalendar::default().sessions_on(monday)).total()
        });
        f64::from(self.total()) / f64::from(*full)
    }

    /// A second of the day, drawn on the rhythm.
    fn draw(&self, rng: &mut impl Rng) -> i64 {
        let r = rng.random_range(0..self.total());
        let minute = self.cumulative.partition_point(|&c| c <= r);
        minute as i64 * 60 + rng.random_range(0..60)
    }
}

/// The day's tickets in the order they were taken.
fn draw(rng: &mut impl Rng, rhythm: &Rhythm, n: usize) -> Vec<Draft> {
    if rhythm.total() == 0 {
        return Vec::new();
    }
    let mut drafts: Vec<Draft> = (0..n).map(|_| draft(rng, rhythm)).collect();
    drafts.sort_by_key(|d| d.taken);
    drafts
}

fn draft(rng: &mut impl Rng, rhythm: &Rhythm) -> Draft {
    let taken = rhythm.draw(rng);
    let mut pick = rng.random_range(0..100);
    let group = GROUPS
        .iter()
        .position(|g| {
            let hit = pick < g.share;
            pick = pick.saturating_sub(g.share);
            hit
        })
        .unwrap_or(GROUPS.len() - 1);
    let lane = match rng.random_range(0..100) {
        0..8 => Lane::Priority,
        8..13 => Lane::Appointment,
        _ => Lane::Normal,
    };
    // A booked citizen comes a little before the half-hour slot.
    let booked_for = (lane == Lane::Appointment).then(|| (taken + 1799) / 1800 * 1800);
    let no_show = rng.random_bool(0.07);
    Draft {
        taken,
        group,
        lane,
        booked_for,
        no_show,
        service: service_seconds(rng, GROUPS[group].service_minutes),
    }
}

/// Mostly near the group's mean, sometimes much longer (a gamma of shape 2),
/// between one minute and an hour.
fn service_seconds(rng: &mut impl Rng, mean_minutes: f64) -> i64 {
    // In (0, 1]: the logarithm stays finite.
    let mut u = || 1.0 - rng.random::<f64>();
    let minutes = -(u() * u()).ln() * mean_minutes / 2.0;
    (minutes * 60.0).clamp(60.0, 3600.0) as i64
}

/// The counters at work: whichever is free first calls, among the tickets
/// taken by then for its groups, the one the domain's rule picks (priority,
/// appointments due, order of arrival). An officer who has just finished
/// files the dossier before calling; one who has been idle looks up after a
/// moment.
fn serve(
    rng: &mut impl Rng,
    drafts: &[Draft],
    desks: &[Desk],
    midnight: Timestamp,
) -> Vec<Option<Served>> {
    let at = |s: i64| midnight + SignedDuration::from_secs(s);
    let mut served = vec![None; drafts.len()];
    // When each desk can call next; `None` once nobody is left for it.
    let mut free_at: Vec<Option<i64>> = vec![Some(0); desks.len()];
    let mut waiting: Vec<usize> = Vec::new();
    let mut arrived = 0;
    while let Some((d, t)) = free_at
        .iter()
        .enumerate()
        .filter_map(|(d, t)| t.map(|t| (d, t)))
        .min_by_key(|&(d, t)| (t, d))
    {
        while arrived < drafts.len() && drafts[arrived].taken <= t {
            waiting.push(arrived);
            arrived += 1;
        }
        let groups = COUNTERS[desks[d].counter];
        let mine: Vec<usize> = waiting
            .iter()
            .copied()
            .filter(|&i| groups.contains(&drafts[i].group))
            .collect();
        if mine.is_empty() {
            free_at[d] = drafts[arrived..]
                .iter()
                .find(|x| groups.contains(&x.group))
                .map(|x| x.taken + rng.random_range(30..=180));
            continue;
        }
        let order: Vec<Waiting> = mine
            .iter()
            .map(|&i| Waiting {
                order: i as i64,
                lane: drafts[i].lane,
                booked_for: drafts[i].booked_for.map(at),
            })
            .collect();
        let pick = mine[next(&order, at(t)).expect("someone waits")];
        waiting.retain(|&i| i != pick);
        let finished = t + if drafts[pick].no_show {
            120
        } else {
            drafts[pick].service
        };
        served[pick] = Some(Served {
            desk: d,
            called: t,
            finished,
        });
        free_at[d] = Some(finished + rng.random_range(10..=60));
    }
    served
}

/// The store's tickets: numbered per group in the order taken, leaving out
/// any not over by `now` (so the numbers stay without gaps).
fn tickets(
    hall: &Hall,
    drafts: &[Draft],
    served: &[Option<Served>],
    desks: &[Desk],
    day: Date,
    now: Timestamp,
) -> Vec<HistoricTicket> {
    let midnight = midnight(day);
    let at = |s: i64| midnight + SignedDuration::from_secs(s);
    let mut seqs = [0u32; GROUPS.len()];
    let mut out = Vec::with_capacity(drafts.len());
    for (d, s) in drafts.iter().zip(served) {
        let Some(s) = s else { continue };
        let latest = s.finished.max(d.booked_for.unwrap_or(0));
        if at(latest) > now {
            continue;
        }
        seqs[d.group] += 1;
        let taken_at = at(d.taken);
        let desk = &desks[s.desk];
        out.push(HistoricTicket {
            ticket: NewTicket {
                center_id: hall.center,
                group_id: hall.groups[d.group],
                day: service_day(taken_at),
                lane: d.lane,
                booked_for: d.booked_for.map(at),
                kiosk_id: Some(hall.kiosk),
                taken_at,
                after_hours: after_hours(taken_at),
            },
            seq: seqs[d.group],
            status: if d.no_show {
                TicketStatus::NoShow
            } else {
                TicketStatus::Done
            },
            counter_id: Some(hall.counters[desk.counter]),
            served_by: Some(desk.account),
            called_at: Some(at(s.called)),
            finished_at: Some(at(s.finished)),
        });
    }
    out
}

#[cfg(test)]
#[path = "queue_tests.rs"]
mod queue_tests;
