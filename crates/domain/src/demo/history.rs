//! Years of dossier history for the demo province: 40–50 dossiers per center
//! per working day with rush-hour peaks and some service after 18:00, and a
//! realistic share of late, supplemented and refused dossiers.
//!
//! Each (center, day) has its own random stream derived from the seed, so the
//! data do not depend on the order of generation.

use jiff::civil::{Date, DateTime, Time};
use jiff::{Timestamp, ToSpan};
use motcua_calendar::{to_timestamp, TimeLimit, WorkCalendar};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::org::{person_name, phone};
use crate::catalog::Channel;
use crate::dossier::{DossierCode, HistoricDossier, Status};
use crate::{AgencyCode, FieldCode, ProcedureCode};

/// A procedure as the generator needs it.
#[derive(Debug, Clone)]
pub struct DemoProcedure {
    pub code: ProcedureCode,
    pub version_id: i64,
    pub field: FieldCode,
    pub limit: TimeLimit,
    pub channels: Vec<Channel>,
}

#[derive(Debug, Clone)]
pub struct DemoCenterRef {
    pub id: i64,
    pub agency: AgencyCode,
    /// Indexes into the generator's procedures: what this center receives.
    pub procedures: Vec<usize>,
}

/// How often each field's dossiers come in. Certification (chứng thực) is the
/// biggest group at a commune center, then civil status.
fn field_weight(field: &str) -> u32 {
    match field {
        "CT" => 40,
        "HT" => 20,
        "DD" => 9,
        "BTXH" => 6,
        "HKD" => 5,
        "NCC" => 4,
        "XD" => 4,
        _ => 2,
    }
}

pub struct HistoryGenerator {
    seed: u64,
    procedures: Vec<DemoProcedure>,
    centers: Vec<DemoCenterRef>,
    calendar: WorkCalendar,
    now: Timestamp,
    /// Per center: procedure indexes and cumulative weights for sampling.
    choices: Vec<(Vec<usize>, Vec<u32>)>,
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

impl HistoryGenerator {
    /// `now` separates the past (settled, returned) from dossiers still open.
    pub fn new(
        seed: u64,
        procedures: Vec<DemoProcedure>,
        centers: Vec<DemoCenterRef>,
        calendar: WorkCalendar,
        now: Timestamp,
    ) -> Self {
        let choices = centers
            .iter()
            .map(|c| {
                // Within a field a few procedures take most dossiers (rank-weighted).
                let mut rank_in_field = std::collections::HashMap::<&str, u32>::new();
                let mut total = 0;
                let mut cumulative = Vec::with_capacity(c.procedures.len());
                for &p in &c.procedures {
                    let field = procedures[p].field.as_str();
                    let rank = rank_in_field.entry(field).or_insert(0);
                    *rank += 1;
                    total += (field_weight(field) * 60 / (*rank + 1)).max(1);
                    cumulative.push(total);
                }
                (c.procedures.clone(), cumulative)
            })
            .collect();
        HistoryGenerator {
            seed,
            procedures,
            centers,
            calendar,
            now,
            choices,
        }
    }

    pub fn calendar(&self) -> &WorkCalendar {
        &self.calendar
    }

    /// The working days from `from` to `until`, inclusive.
    pub fn working_days(&self, from: Date, until: Date) -> Vec<Date> {
        let mut days = Vec::new();
        let mut d = from;
        while d <= until {
            if self.calendar.is_working_day(d) {
                days.push(d);
            }
            d = d.tomorrow().expect("date in range");
        }
        days
    }

    /// Every dossier received on `day` at every center. Codes are numbered per
    /// receiving agency in order of receipt: several centers (a center and its
    /// reception points) may receive under one agency's identifier.
    pub fn day(&self, day: Date) -> Vec<HistoricDossier> {
        let mut out = Vec::new();
        for ci in 0..self.centers.len() {
            self.center_day(ci, day, &mut out);
        }
        out.sort_by(|a, b| {
            (a.agency_code.as_str(), a.received_at).cmp(&(b.agency_code.as_str(), b.received_at))
        });
        let mut seq = 0;
        for i in 0..out.len() {
            seq = if i > 0 && out[i - 1].agency_code == out[i].agency_code {
                seq + 1
            } else {
                1
            };
            out[i].code = DossierCode {
                agency: out[i].agency_code.clone(),
                day,
                seq,
            }
            .to_string();
        }
        out
    }

    fn center_day(&self, ci: usize, day: Date, out: &mut Vec<HistoricDossier>) {
        let center = &self.centers[ci];
        if center.procedures.is_empty() {
            return;
        }
        let day_number = (day - Date::constant(2000, 1, 1)).get_days() as u64;
        let mut rng = ChaCha8Rng::seed_from_u64(splitmix(
            self.seed ^ splitmix((ci as u64) << 32 | day_number),
        ));
        let n = rng.random_range(40..=50);
        let mut received: Vec<(DateTime, usize)> = (0..n)
            .map(|_| {
                let p = self.pick_procedure(ci, &mut rng);
                (day.to_datetime(arrival_time(&mut rng)), p)
            })
            .collect();
        received.sort();
        for (at, p) in received {
            out.push(self.dossier(&mut rng, center, at, p));
        }
    }

    fn pick_procedure(&self, ci: usize, rng: &mut impl Rng) -> usize {
        let (procs, cumulative) = &self.choices[ci];
        let x = rng.random_range(0..*cumulative.last().expect("a center with procedures"));
        procs[cumulative.partition_point(|&c| c <= x)]
    }

    /// A dossier without its code yet: [`HistoryGenerator::day`] numbers them.
    fn dossier(
        &self,
        rng: &mut ChaCha8Rng,
        center: &DemoCenterRef,
        at: DateTime,
        p: usize,
    ) -> HistoricDossier {
        let proc = &self.procedures[p];
        let channel = {
            let x: f64 = rng.random();
            if x < 0.18 && proc.channels.contains(&Channel::Online) {
                Channel::Online
            } else if x > 0.93 && proc.channels.contains(&Channel::Post) {
                Channel::Post
            } else {
                Channel::InPerson
            }
        };
        let received_at = to_timestamp(at);
        let mut d = HistoricDossier {
            code: String::new(),
            center_id: center.id,
            agency_code: center.agency.clone(),
            procedure_code: proc.code.clone(),
            procedure_version_id: proc.version_id,
            channel,
            status: Status::Accepted.number(),
            applicant_name: person_name(rng),
            applicant_id_number: Some(cccd(rng)),
            applicant_phone: Some(phone(rng).to_string()),
            received_at,
            due_at: None,
            finished_at: None,
            returned_at: None,
            supplement_count: 0,
            extension_count: 0,
            digitized: channel == Channel::Online || rng.random_bool(0.93),
            result_by_post: channel == Channel::Post || rng.random_bool(0.04),
        };
        let fate: f64 = rng.random();
        if fate < 0.02 {
            d.status = Status::NotAccepted.number();
            return d;
        }
        let mut due = self.calendar.due(at, proc.limit);
        if fate < 0.10 {
            // A supplement request; the wait shifts the appointment.
            d.supplement_count = if fate < 0.027 { 2 } else { 1 };
            due = self
                .calendar
                .add_working_minutes(due, rng.random_range(1..=5) * 480);
        }
        d.due_at = Some(to_timestamp(due));
        if (0.10..0.105).contains(&fate) {
            d.status = Status::Withdrawn.number();
            return d;
        }
        if (0.105..0.108).contains(&fate) {
            d.status = Status::Stopped.number();
            return d;
        }
        let late = rng.random_bool(if d.supplement_count > 1 { 0.5 } else { 0.06 });
        let finished = if proc.limit == TimeLimit::Immediate {
            at
        } else if late {
            d.extension_count = i32::from(rng.random_bool(0.5));
            self.calendar
                .add_working_minutes(due, rng.random_range(30..=3 * 480))
        } else {
            let span = (to_timestamp(due) - received_at).get_seconds().max(0);
            let x = at
                .checked_add((rng.random_range(0.15..1.0) * span as f64) as i64 * 1.second())
                .expect("in range");
            let settled = self.calendar.add_working_minutes(x, 0);
            if settled > due {
                due
            } else {
                settled
            }
        };
        let finished_at = to_timestamp(finished);
        if finished_at > self.now {
            d.status = if d.supplement_count > 0 && rng.random_bool(0.3) {
                Status::SupplementRequested.number()
            } else {
                Status::InProgress.number()
            };
            return d;
        }
        d.finished_at = Some(finished_at);
        let pickup = self
            .calendar
            .add_working_minutes(finished, rng.random_range(0..=3 * 480));
        let returned_at = to_timestamp(pickup);
        if returned_at > self.now {
            d.status = Status::Processed.number();
        } else {
            d.status = Status::Returned.number();
            d.returned_at = Some(returned_at);
        }
        d
    }
}

/// When people arrive: peaks after opening and after lunch, a tail after 17:00
/// (centers that keep serving until everyone is helped), rarely after 18:00.
fn arrival_time(rng: &mut impl Rng) -> Time {
    let (from, to) = match rng.random_range(0..100) {
        0..=34 => (7 * 60 + 15, 9 * 60 + 30),
        35..=52 => (9 * 60 + 30, 11 * 60 + 30),
        53..=77 => (13 * 60 + 30, 15 * 60 + 30),
        78..=94 => (15 * 60 + 30, 17 * 60),
        95..=97 => (17 * 60, 18 * 60),
        _ => (18 * 60, 18 * 60 + 45),
    };
    let m: i32 = rng.random_range(from..to);
    Time::new((m / 60) as i8, (m % 60) as i8, rng.random_range(0..60), 0).expect("valid time")
}

/// A CCCD number registered in Cần Thơ (092) for an adult born 1940–2007.
/// It draws from the stream exactly as the earlier, less careful version did,
/// so every other demo value for a seed stays the same.
fn cccd(rng: &mut impl Rng) -> String {
    let sex = rng.random_range(0..4u32) % 2;
    let rest = rng.random_range(0..100_000_000u32);
    let born = 1940 + (rest / 1_000_000) % 68;
    let century = if born >= 2000 { 2 } else { 0 };
    format!(
        "092{}{:02}{:06}",
        century + sex,
        born % 100,
        rest % 1_000_000
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{parse_csv, DEMO_CATALOG_CSV};
    use crate::dossier::Timeliness;
    use jiff::civil::date;
    use motcua_calendar::{from_timestamp, Holidays, OfficeHours};

    fn generator(seed: u64) -> HistoryGenerator {
        let catalog = parse_csv(DEMO_CATALOG_CSV.as_bytes()).unwrap();
        let procedures: Vec<DemoProcedure> = catalog
            .procedures
            .iter()
            .enumerate()
            .map(|(i, p)| DemoProcedure {
                code: p.code.clone(),
                version_id: i as i64 + 1,
                field: p.field.clone(),
                limit: p.time_limit,
                channels: p.channels.clone(),
            })
            .collect();
        let centers = (0..3)
            .map(|i| DemoCenterRef {
                id: i + 10,
                agency: format!("000.30.{i:02}.H92").parse().unwrap(),
                procedures: (0..procedures.len()).collect(),
            })
            .collect();
        let now: Timestamp = "2026-11-26T03:00:00Z".parse().unwrap();
        HistoryGenerator::new(
            seed,
            procedures,
            centers,
            Holidays::official().calendar(OfficeHours::default(), 2025..=2026),
            now,
        )
    }

    #[test]
    fn applicants_have_valid_numbers() {
        for d in generator(4).day(date(2026, 11, 20)) {
            let id: crate::person::Cccd = d.applicant_id_number.unwrap().parse().unwrap();
            assert_eq!(id.province_code(), "092");
            let year = &id.as_str()[4..6];
            let born: u32 = match &id.as_str()[3..4] {
                "0" | "1" => 1900 + year.parse::<u32>().unwrap(),
                "2" | "3" => 2000 + year.parse::<u32>().unwrap(),
                other => panic!("century digit {other}"),
            };
            assert!((1940..=2007).contains(&born), "{id}");
            let _: crate::person::Phone = d.applicant_phone.unwrap().parse().unwrap();
        }
    }

    #[test]
    fn deterministic_for_a_seed() {
        let day = date(2026, 11, 20);
        assert_eq!(generator(5).day(day), generator(5).day(day));
        assert_ne!(generator(5).day(day), generator(6).day(day));
    }

    #[test]
    fn forty_to_fifty_per_center_with_gapless_codes() {
        let g = generator(1);
        let dossiers = g.day(date(2026, 11, 20));
        for center in 10..13 {
            let own: Vec<_> = dossiers.iter().filter(|d| d.center_id == center).collect();
            assert!((40..=50).contains(&own.len()), "{}", own.len());
            for (i, d) in own.iter().enumerate() {
                let code: DossierCode = d.code.parse().unwrap();
                assert_eq!(code.seq as usize, i + 1);
                assert_eq!(from_timestamp(d.received_at).date(), date(2026, 11, 20));
            }
            assert!(own.windows(2).all(|w| w[0].received_at <= w[1].received_at));
        }
    }

    #[test]
    fn centers_sharing_an_agency_share_one_sequence() {
        let mut g = generator(2);
        let shared = g.centers[0].agency.clone();
        g.centers[1].agency = shared.clone();
        let day = g.day(date(2026, 11, 20));
        let mut seqs: Vec<u32> = day
            .iter()
            .filter(|d| d.agency_code == shared)
            .map(|d| d.code.parse::<DossierCode>().unwrap().seq)
            .collect();
        let n = seqs.len() as u32;
        assert!(n >= 80);
        seqs.sort();
        assert_eq!(seqs, (1..=n).collect::<Vec<_>>());
        let centers: std::collections::HashSet<i64> = day
            .iter()
            .filter(|d| d.agency_code == shared)
            .map(|d| d.center_id)
            .collect();
        assert_eq!(centers.len(), 2);
    }

    #[test]
    fn a_realistic_mix_over_a_quarter() {
        let g = generator(3);
        let days = g.working_days(date(2026, 6, 1), date(2026, 8, 31));
        assert!(!days.contains(&date(2026, 8, 31)), "31/8/2026 is a day off");
        let all: Vec<HistoricDossier> = days.iter().flat_map(|d| g.day(*d)).collect();
        let n = all.len() as f64;
        let share =
            |f: &dyn Fn(&HistoricDossier) -> bool| all.iter().filter(|d| f(d)).count() as f64 / n;
        let refused = share(&|d| d.status == 3);
        let supplemented = share(&|d| d.supplement_count > 0);
        let finished: Vec<_> = all.iter().filter(|d| d.finished_at.is_some()).collect();
        let late = finished
            .iter()
            .filter(|d| {
                Timeliness::classify(
                    d.due_at.unwrap(),
                    d.finished_at.unwrap(),
                    d.supplement_count,
                ) == Timeliness::Late
            })
            .count() as f64
            / finished.len() as f64;
        let ct = share(&|d| d.procedure_code.as_str().starts_with("2.0041"));
        let after_18 = share(&|d| from_timestamp(d.received_at).hour() >= 18);
        assert!((0.01..0.03).contains(&refused), "refused {refused}");
        assert!(
            (0.06..0.11).contains(&supplemented),
            "supplemented {supplemented}"
        );
        assert!((0.04..0.12).contains(&late), "late {late}");
        assert!(ct > 0.3, "chứng thực is the largest group: {ct}");
        assert!((0.005..0.04).contains(&after_18), "after 18:00 {after_18}");
        assert!(all
            .iter()
            .all(|d| d.due_at.is_none_or(|due| due >= d.received_at)));
        assert!(
            all.iter().any(|d| d.channel == Channel::Online)
                && all.iter().any(|d| d.channel == Channel::Post)
        );
        assert!(
            all.iter()
                .all(|d| d.status == 10 || d.status == 3 || d.status == 7 || d.status == 8),
            "a quarter ago, all settled"
        );
    }

    #[test]
    fn recent_dossiers_are_still_open() {
        let g = generator(4);
        let today = g.day(date(2026, 11, 25));
        let open = today
            .iter()
            .filter(|d| matches!(d.status, 4 | 5 | 9))
            .count();
        assert!(open > 20, "{open}");
        assert!(today
            .iter()
            .filter(|d| d.status == 4 || d.status == 5)
            .all(|d| d.finished_at.is_none()));
    }
}
