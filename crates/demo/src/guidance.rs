//! The guidance log of the demo's postal employees: on each working day of
//! the history, each of them guides a few people (two to seven), most to
//! online public services, then to the post, some to the counter. For many
//! of them a dossier followed, taken from the history itself: one received
//! at the same center through the channel the person was guided to (most of
//! the time) on the same day or within three days, each dossier following
//! one guidance at most. Each (postal employee, day) has its own random
//! stream, so nothing depends on the order of the others or on a clock.

use std::collections::HashMap;

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use motcua_domain::catalog::Channel;
use motcua_domain::dossier::{DossierCode, HistoricDossier};
use motcua_domain::guidance::{Entry, GuidedChannel};
use motcua_domain::ProcedureCode;
use motcua_store::{AccountId, CenterId, Store};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::history::splitmix;

/// Mixed into the seed so that these streams differ from the history's and
/// the halls'.
const GUIDANCE_STREAM: u64 = 0x6775_6964_6500_0000;
/// Dossiers kept per (center, day, channel) to follow guidance: enough for
/// the guides of a center, few enough to keep the pool small.
const POOL_PER_KEY: usize = 12;
/// Days after the guidance a dossier may still follow it.
const FOLLOW_DAYS: i32 = 3;
/// Entries written per transaction.
const PER_IMPORT: usize = 50_000;

/// A postal employee who guides people at a center.
#[derive(Debug, Clone)]
pub struct Guide {
    pub center: CenterId,
    pub account: AccountId,
    /// What the center receives (guidance is mostly about these).
    pub procedures: Vec<ProcedureCode>,
}

#[derive(Debug, Clone)]
struct Followable {
    code: DossierCode,
    procedure: ProcedureCode,
    received_at: Timestamp,
}

/// Dossiers of the history that may follow guidance, by (center, day of
/// receipt, channel), in the order the history wrote them.
#[derive(Debug, Default)]
pub struct Pool {
    by: HashMap<(CenterId, Date, Channel), Vec<Followable>>,
}

impl Pool {
    /// Keeps the first few of each (center, day, channel) of a batch.
    pub fn take_from(&mut self, batch: &[HistoricDossier]) {
        for d in batch {
            let received_at = d.received_at();
            let day = motcua_calendar::from_timestamp(received_at).date();
            let list = self.by.entry((d.center_id, day, d.channel)).or_default();
            if list.len() >= POOL_PER_KEY {
                continue;
            }
            let Ok(code) = d.code.parse() else { continue };
            list.push(Followable {
                code,
                procedure: d.procedure_code.clone(),
                received_at,
            });
        }
    }

    /// A dossier of `center` through `channel` received on `day` or in the
    /// few days after it, taken out of the pool.
    fn take(
        &mut self,
        center: CenterId,
        day: Date,
        channel: Channel,
        rng: &mut ChaCha8Rng,
    ) -> Option<Followable> {
        let after = rng.random_range(0..=FOLLOW_DAYS);
        for k in 0..=FOLLOW_DAYS {
            let d = day
                .checked_add(((after + k) % (FOLLOW_DAYS + 1)).days())
                .ok()?;
            if let Some(list) = self.by.get_mut(&(center, d, channel)) {
                if !list.is_empty() {
                    return Some(list.remove(0));
                }
            }
        }
        None
    }
}

/// The channel a person is guided to: online 55 %, post 25 %, in person 20 %.
fn channel(rng: &mut ChaCha8Rng) -> GuidedChannel {
    match rng.random_range(0..100) {
        0..55 => GuidedChannel::Online,
        55..80 => GuidedChannel::Post,
        _ => GuidedChannel::InPerson,
    }
}

/// The chance, in percent, that a dossier followed guidance to `c`.
fn follows(c: GuidedChannel) -> u32 {
    match c {
        GuidedChannel::Online => 60,
        GuidedChannel::Post => 65,
        GuidedChannel::InPerson => 75,
    }
}

const NOTES: [&str; 5] = [
    "",
    "",
    "Hướng dẫn tạo tài khoản VNeID",
    "Hướng dẫn kê khai tờ khai",
    "Hỏi thêm về lệ phí",
];

/// The entries of one guide on one working day, with `now` the demo's
/// present (nothing after it).
fn guide_day(seed: u64, g: &Guide, day: Date, pool: &mut Pool, now: Timestamp) -> Vec<Entry> {
    let stream = seed
        ^ GUIDANCE_STREAM
        ^ splitmix(
            (g.account.0 as u64) << 20
                ^ day
                    .to_string()
                    .bytes()
                    .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))),
        );
    let mut rng = ChaCha8Rng::seed_from_u64(splitmix(stream));
    let n = rng.random_range(2..=7);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        // Office sessions: 07:30–11:15 and 13:30–16:45.
        let minute = if rng.random_bool(0.6) {
            rng.random_range(450..675)
        } else {
            rng.random_range(810..1005)
        };
        let at =
            motcua_calendar::to_timestamp(day.at((minute / 60) as i8, (minute % 60) as i8, 0, 0));
        if at > now {
            continue;
        }
        let c = channel(&mut rng);
        let mut dossier = None;
        let mut procedure = g.procedures[rng.random_range(0..g.procedures.len())].clone();
        if rng.random_range(0..100) < follows(c) {
            // Most went where they were guided; some came to the counter after all.
            let came = if c != GuidedChannel::InPerson && rng.random_range(0..100) < 15 {
                Channel::InPerson
            } else {
                c.dossier_channel()
            };
            if let Some(f) = pool.take(g.center, day, came, &mut rng) {
                procedure = f.procedure;
                dossier = Some(f.code);
                // Guided before the dossier came, on its day at the latest.
                let at = at.min(f.received_at);
                out.push(Entry {
                    center_id: g.center,
                    guided_by: g.account,
                    at,
                    procedure_code: procedure,
                    channel: c,
                    dossier,
                    note: NOTES[rng.random_range(0..NOTES.len())].into(),
                });
                continue;
            }
        }
        out.push(Entry {
            center_id: g.center,
            guided_by: g.account,
            at,
            procedure_code: procedure,
            channel: c,
            dossier,
            note: NOTES[rng.random_range(0..NOTES.len())].into(),
        });
    }
    out
}

/// Every guide's entries over `days`, day by day.
pub fn plan_guidance(
    seed: u64,
    guides: &[Guide],
    days: &[Date],
    pool: &mut Pool,
    now: Timestamp,
) -> Vec<Entry> {
    let mut all = Vec::new();
    for &day in days {
        for g in guides.iter().filter(|g| !g.procedures.is_empty()) {
            all.extend(guide_day(seed, g, day, pool, now));
        }
    }
    all
}

/// Writes the entries, a few large transactions.
pub async fn seed_guidance(store: &dyn Store, entries: &[Entry]) -> anyhow::Result<u64> {
    let mut n = 0;
    for chunk in entries.chunks(PER_IMPORT) {
        n += store.import_guidance(chunk).await?;
    }
    Ok(n)
}

#[cfg(test)]
#[path = "guidance_tests.rs"]
mod guidance_tests;
