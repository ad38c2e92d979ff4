//! The synthetic province of the benchmark: each dossier's facts drawn with a
//! seeded generator, counted into rollup rows by the same sums the rule
//! makes ([`RollupCounts`], one per dossier, added with `+=`), and written as
//! one CSV line per dossier for DuckDB.
//!
//! No dossier, event or person is stored: the dashboards read the rollups
//! only, and 10 million dossiers with their events would take hours and
//! tens of gigabytes to load.

use std::collections::BTreeMap;
use std::io::Write;

use jiff::civil::{date, Date, Weekday};
use motcua_domain::dossier::rollup::RollupCounts;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The province: centers 1..=CENTERS, procedures BENCH-001..BENCH-100, and
/// the days of 2023-01-01..=2025-12-31.
pub const CENTERS: usize = 100;
pub const PROCEDURES: usize = 100;
pub const FIRST_DAY: Date = date(2023, 1, 1);
pub const LAST_DAY: Date = date(2025, 12, 31);

/// The CSV's header: one dossier a line; flags are 0 or 1.
pub const CSV_HEADER: &str = "center_id,procedure_code,received_day,channel,finished,on_time,early,late,refused,supplemented,digitized,e_result,reused,returned,returned_by_post,settle_seconds";

pub fn procedure_code(p: usize) -> String {
    format!("BENCH-{:03}", p + 1)
}

/// Every day of the data.
pub fn days() -> Vec<Date> {
    let mut out = Vec::new();
    let mut d = FIRST_DAY;
    while d <= LAST_DAY {
        out.push(d);
        d = d.tomorrow().expect("a day after 2025");
    }
    out
}

/// How many of `total` dossiers each day receives: weekdays busy, Saturday
/// mornings a quarter, Sundays almost none, and the province growing by a
/// third over the three years. The shares add up to `total` exactly.
pub fn per_day(days: &[Date], total: u64) -> Vec<u64> {
    let n = days.len() as f64;
    let weights: Vec<f64> = days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let week = match d.weekday() {
                Weekday::Saturday => 0.25,
                Weekday::Sunday => 0.02,
                _ => 1.0,
            };
            week * (1.0 + i as f64 / n / 3.0)
        })
        .collect();
    let sum: f64 = weights.iter().sum();
    let mut out = Vec::with_capacity(days.len());
    let (mut acc, mut given) = (0.0, 0u64);
    for w in &weights {
        acc += w;
        let upto = ((acc / sum) * total as f64).round() as u64;
        let upto = upto.min(total);
        out.push(upto - given);
        given = upto;
    }
    if let Some(last) = out.last_mut() {
        *last += total - given;
    }
    out
}

/// A skewed choice among `n` things: the k-th weighs 1 / (k + 1)^s.
pub struct Skewed {
    cumulative: Vec<f64>,
}

impl Skewed {
    pub fn new(n: usize, s: f64) -> Skewed {
        let mut acc = 0.0;
        let cumulative = (0..n)
            .map(|k| {
                acc += 1.0 / ((k + 1) as f64).powf(s);
                acc
            })
            .collect();
        Skewed { cumulative }
    }

    pub fn pick(&self, rng: &mut impl Rng) -> usize {
        let x = rng.random::<f64>() * self.cumulative.last().copied().unwrap_or(0.0);
        self.cumulative
            .partition_point(|c| *c <= x)
            .min(self.cumulative.len() - 1)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    InPerson,
    Online,
    Post,
}

impl Channel {
    fn name(self) -> &'static str {
        match self {
            Channel::InPerson => "in_person",
            Channel::Online => "online",
            Channel::Post => "post",
        }
    }
}

/// What the dashboards count of one dossier, as it stands at the end of the
/// data: where and when it was received, by which channel, and its outcome.
#[derive(Debug, Clone)]
pub struct Facts {
    pub center: usize,
    pub procedure: usize,
    pub channel: Channel,
    pub refused: bool,
    pub finished: bool,
    pub early: bool,
    /// Early or on time (the law's one number).
    pub on_time: bool,
    pub late: bool,
    pub supplemented: bool,
    pub digitized: bool,
    pub e_result: bool,
    pub reused: bool,
    pub returned: bool,
    pub returned_by_post: bool,
    pub settle_seconds: i64,
}

impl Facts {
    /// Draws a dossier received `age` days before the end of the data.
    pub fn draw(rng: &mut impl Rng, centers: &Skewed, procedures: &Skewed, age: usize) -> Facts {
        let center = centers.pick(rng);
        let procedure = procedures.pick(rng);
        let channel = match rng.random_range(0..100) {
            0..50 => Channel::InPerson,
            50..95 => Channel::Online,
            _ => Channel::Post,
        };
        let refused = rng.random_bool(0.03);
        // Recent dossiers are often still in hand; old ones rarely.
        let pending_chance = if age < 20 {
            0.6 - age as f64 * 0.025
        } else {
            0.01
        };
        let finished = !refused && !rng.random_bool(pending_chance);
        let (mut early, mut on_time, mut late) = (false, false, false);
        let mut settle_seconds = 0;
        if finished {
            match rng.random_range(0..100) {
                0..30 => (early, on_time) = (true, true),
                30..92 => on_time = true,
                _ => late = true,
            }
            settle_seconds = rng.random_range(3_600..20 * 86_400);
        }
        let supplemented = !refused && rng.random_bool(0.08);
        let digitized = !refused && rng.random_bool(0.7);
        let e_result = finished && rng.random_bool(0.6);
        let reused = !refused && rng.random_bool(0.2);
        let returned = finished && rng.random_bool(0.9);
        let returned_by_post = returned && (channel == Channel::Post || rng.random_bool(0.05));
        Facts {
            center,
            procedure,
            channel,
            refused,
            finished,
            early,
            on_time,
            late,
            supplemented,
            digitized,
            e_result,
            reused,
            returned,
            returned_by_post,
            settle_seconds,
        }
    }

    /// What the dossier adds to its day's rollup: what
    /// `RollupCounts::of_events` sums over a record ending in these facts
    /// (received once by its channel; finished once, early/on time/late
    /// against its appointment; a refusal, a first supplement, and the
    /// flags as they stand).
    pub fn counts(&self) -> RollupCounts {
        let b = i64::from;
        RollupCounts {
            received: 1,
            finished: b(self.finished),
            on_time: b(self.on_time),
            late: b(self.late),
            refused: b(self.refused),
            supplemented: b(self.supplemented),
            online: b(self.channel == Channel::Online),
            early: b(self.early),
            in_person: b(self.channel == Channel::InPerson),
            by_post: b(self.channel == Channel::Post),
            digitized: b(self.digitized),
            e_result: b(self.e_result),
            reused: b(self.reused),
            returned: b(self.returned),
            returned_by_post: b(self.returned_by_post),
            settle_seconds: self.settle_seconds,
        }
    }

    pub fn write_csv(&self, out: &mut impl Write, day: &str) -> std::io::Result<()> {
        let b = |x: bool| u8::from(x);
        writeln!(
            out,
            "{},BENCH-{:03},{day},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            self.center + 1,
            self.procedure + 1,
            self.channel.name(),
            b(self.finished),
            b(self.on_time),
            b(self.early),
            b(self.late),
            b(self.refused),
            b(self.supplemented),
            b(self.digitized),
            b(self.e_result),
            b(self.reused),
            b(self.returned),
            b(self.returned_by_post),
            self.settle_seconds,
        )
    }
}

/// One rollup row: center id, procedure code, day, counts.
pub type Row = (i64, String, String, RollupCounts);

/// The province's dossiers, one day at a time (each day its own generator,
/// seeded from the seed and the day, so a day's dossiers do not depend on
/// how many came before).
pub struct Province {
    seed: u64,
    days: Vec<Date>,
    per_day: Vec<u64>,
    centers: Skewed,
    procedures: Skewed,
}

impl Province {
    pub fn new(seed: u64, dossiers: u64) -> Province {
        let days = days();
        let per_day = per_day(&days, dossiers);
        Province {
            seed,
            days,
            per_day,
            centers: Skewed::new(CENTERS, 0.7),
            procedures: Skewed::new(PROCEDURES, 1.1),
        }
    }

    pub fn days(&self) -> usize {
        self.days.len()
    }

    /// Day `i`'s rollup rows (in center, procedure order); each dossier's
    /// facts also go to `each` (the CSV).
    pub fn day(
        &self,
        i: usize,
        mut each: impl FnMut(&Facts) -> std::io::Result<()>,
    ) -> std::io::Result<Vec<Row>> {
        let mut rng = ChaCha8Rng::seed_from_u64(
            self.seed ^ (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15),
        );
        let age = self.days.len() - 1 - i;
        let mut sums: BTreeMap<(usize, usize), RollupCounts> = BTreeMap::new();
        for _ in 0..self.per_day[i] {
            let f = Facts::draw(&mut rng, &self.centers, &self.procedures, age);
            each(&f)?;
            *sums.entry((f.center, f.procedure)).or_default() += &f.counts();
        }
        let day = self.days[i].to_string();
        Ok(sums
            .into_iter()
            .map(|((c, p), counts)| ((c + 1) as i64, procedure_code(p), day.clone(), counts))
            .collect())
    }

    pub fn day_text(&self, i: usize) -> String {
        self.days[i].to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_days_share_every_dossier() {
        let d = days();
        assert_eq!(d.len(), 1096);
        let shares = per_day(&d, 10_000_000);
        assert_eq!(shares.iter().sum::<u64>(), 10_000_000);
        assert_eq!(per_day(&d, 7).iter().sum::<u64>(), 7);
    }

    #[test]
    fn a_day_is_the_same_for_the_same_seed_and_counts_each_dossier_once() {
        let p = Province::new(7, 20_000);
        let mut lines = 0;
        let rows = p.day(100, |_| {
            lines += 1;
            Ok(())
        });
        let rows = rows.unwrap();
        let received: i64 = rows.iter().map(|r| r.3.received).sum();
        assert_eq!(received, lines);
        assert_eq!(rows, p.day(100, |_| Ok(())).unwrap());
        for (_, _, _, c) in &rows {
            assert_eq!(c.received, c.in_person + c.online + c.by_post);
            assert_eq!(c.finished, c.on_time + c.late);
            assert!(c.early <= c.on_time && c.returned <= c.finished);
        }
    }
}
