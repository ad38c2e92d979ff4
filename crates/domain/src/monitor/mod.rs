//! What the province, the communes and the post office monitor (issue 15):
//! the figures of a set of centers over a period, the indicators computed
//! from them, each with its numerator and denominator, and Decision 766's
//! index. Pure: the store sums, this module divides.

pub mod period;

use serde::Serialize;

use crate::dossier::rollup::RollupCounts;
use crate::feedback::counts::Indicators as FeedbackIndicators;
use crate::index766::{self, Indicator, Score};

/// The dossiers open now (not tied to the period).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Open {
    /// Registered online or by post, waiting to be accepted.
    pub registered: i64,
    /// In hand: settling, or waiting for a supplement or a payment.
    pub pending: i64,
    /// In hand with the appointment within the next two working days.
    pub due_soon: i64,
    /// In hand past the appointment.
    pub overdue: i64,
}

/// Ratings of the citizens who rated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ratings {
    pub very_satisfied: i64,
    pub satisfied: i64,
    pub not_satisfied: i64,
}

impl Ratings {
    pub fn total(&self) -> i64 {
        self.very_satisfied + self.satisfied + self.not_satisfied
    }
}

/// The queue's tickets and their waits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Queue {
    pub tickets: i64,
    pub called: i64,
    pub wait_seconds: i64,
}

/// Everything a dashboard shows of a set of centers over a period.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    /// The rollups of the dossiers received in the period.
    pub counts: RollupCounts,
    /// Of the dossiers received in the period, those still in hand, and of
    /// them past their appointment (indicator 2.1 counts the others as on
    /// time).
    pub open_received: i64,
    pub open_received_overdue: i64,
    pub ratings: Ratings,
    pub queue: Queue,
    /// The PAKN received in the period.
    pub feedback: FeedbackIndicators,
}

/// How a figure reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Unit {
    /// A number of dossiers, tickets, ratings.
    Count,
    /// numerator / denominator, shown as a percentage.
    Share,
    /// A mean in days: numerator seconds over denominator items.
    Days,
    /// A mean in minutes: numerator seconds over denominator items.
    Minutes,
}

/// One figure of a dashboard, with what it counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Kpi {
    /// A stable name: `received`, `on-time-rate`… (its label is `kpi-{code}`).
    pub code: &'static str,
    pub unit: Unit,
    pub numerator: i64,
    /// For shares and means; `None` for counts.
    pub denominator: Option<i64>,
}

impl Kpi {
    fn count(code: &'static str, n: i64) -> Kpi {
        Kpi {
            code,
            unit: Unit::Count,
            numerator: n,
            denominator: None,
        }
    }

    fn of(code: &'static str, unit: Unit, numerator: i64, denominator: i64) -> Kpi {
        Kpi {
            code,
            unit,
            numerator,
            denominator: Some(denominator),
        }
    }

    /// The value: the count, the share (0–1) or the mean (days, minutes);
    /// `None` when there is nothing to divide by.
    pub fn value(&self) -> Option<f64> {
        let n = self.numerator as f64;
        match (self.unit, self.denominator) {
            (Unit::Count, _) => Some(n),
            (_, None | Some(0)) => None,
            (Unit::Share, Some(d)) => Some(n / d as f64),
            (Unit::Days, Some(d)) => Some(n / d as f64 / 86_400.0),
            (Unit::Minutes, Some(d)) => Some(n / d as f64 / 60.0),
        }
    }
}

/// The dashboard's figures, in the order they are shown.
pub fn kpis(f: &Figures) -> Vec<Kpi> {
    let c = &f.counts;
    vec![
        Kpi::count("received", c.received),
        Kpi::count("in-person", c.in_person),
        Kpi::count("online", c.online),
        Kpi::count("by-post", c.by_post),
        Kpi::of("online-rate", Unit::Share, c.online, c.received),
        Kpi::of("postal-share", Unit::Share, c.by_post, c.received),
        Kpi::count("finished", c.finished),
        Kpi::count("early", c.early),
        Kpi::count("on-time", c.on_time - c.early),
        Kpi::count("late", c.late),
        Kpi::of("on-time-rate", Unit::Share, c.on_time, c.finished),
        Kpi::of("settle-days", Unit::Days, c.settle_seconds, c.finished),
        Kpi::count("supplemented", c.supplemented),
        Kpi::count("refused", c.refused),
        Kpi::of("digitized-rate", Unit::Share, c.digitized, c.received),
        Kpi::of("e-result-rate", Unit::Share, c.e_result, c.finished),
        Kpi::count("returned", c.returned),
        Kpi::of(
            "returned-by-post",
            Unit::Share,
            c.returned_by_post,
            c.returned,
        ),
        Kpi::count("ratings", f.ratings.total()),
        Kpi::of(
            "satisfaction",
            Unit::Share,
            f.ratings.very_satisfied + f.ratings.satisfied,
            f.ratings.total(),
        ),
        Kpi::count("tickets", f.queue.tickets),
        Kpi::of(
            "queue-wait",
            Unit::Minutes,
            f.queue.wait_seconds,
            f.queue.called,
        ),
    ]
}

/// Where an indicator of the index stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Standing {
    /// Computed from motcua's records.
    Scored(Score),
    /// motcua holds the data, but the period has nothing to count.
    NoData,
    /// motcua does not hold the data this indicator needs.
    NotHeld,
}

/// One line of Decision 766's index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexLine {
    pub code: &'static str,
    pub group: u8,
    pub max_points: f64,
    pub target: Option<f64>,
    pub standing: Standing,
}

/// The indicators of groups 2 to 5 whose data motcua does not hold (or
/// whose points are unsettled), with their points in the formula document:
/// shown as such, never invented.
pub const NOT_HELD: &[(&str, u8, f64)] = &[
    ("2.2", 2, 0.0),
    ("3.1", 3, 0.0),
    ("3.2", 3, 0.0),
    ("3.5", 3, 4.0),
    ("3.6", 3, 6.0),
    ("4.4", 4, 4.0),
    ("4.5a", 4, 2.0),
    ("4.5b", 4, 2.0),
];

/// Decision 766's index of a set of centers over a period: every indicator
/// motcua computes, with its numerator and denominator, then those it does
/// not hold; ordered by code.
pub fn index(f: &Figures) -> Vec<IndexLine> {
    let c = &f.counts;
    let fb = &f.feedback;
    let n = |x: i64| x.max(0) as u64;
    // 5.4: of the dossiers received, the late ones and those with a PAKN or
    // a "not satisfied" rating taken from 100 %.
    let rate_5_4 = index766::satisfaction_5_4(
        n(c.received),
        n(c.late),
        n(f.ratings.not_satisfied) + fb.dossiers_with_feedback,
    );
    let mut out: Vec<IndexLine> = index766::INDICATORS
        .iter()
        .map(|i| {
            let scored = |num: u64, den: u64| i.score(num, den);
            let score = match i.code {
                "2.1" => scored(
                    n(c.on_time + f.open_received - f.open_received_overdue),
                    n(c.finished + f.open_received),
                ),
                "3.3" => scored(n(c.online), n(c.received)),
                "4.1" => scored(n(c.e_result), n(c.finished)),
                "4.2" => scored(n(c.digitized), n(c.received)),
                "4.3" => scored(n(c.reused), n(c.received)),
                "5.2" => scored(fb.handled_on_time, fb.total),
                "5.3" => scored(fb.satisfied, fb.total),
                "5.4" => rate_5_4.map(|rate| Score {
                    // Shown as the rate out of 1.000 (per mille).
                    numerator: (rate * 1000.0).round() as u64,
                    denominator: 1000,
                    rate,
                    points: i.points_for(rate),
                }),
                _ => None,
            };
            line(i, score.map_or(Standing::NoData, Standing::Scored))
        })
        .collect();
    out.extend(NOT_HELD.iter().map(|&(code, group, max_points)| IndexLine {
        code,
        group,
        max_points,
        target: None,
        standing: Standing::NotHeld,
    }));
    out.sort_by(|a, b| a.code.cmp(b.code));
    out
}

fn line(i: &Indicator, standing: Standing) -> IndexLine {
    IndexLine {
        code: i.code,
        group: i.group,
        max_points: i.max_points,
        target: i.target,
        standing,
    }
}

/// The points earned of the points computable: (earned, possible), over the
/// indicators scored (those without data or not held are left out of both).
pub fn points(lines: &[IndexLine]) -> (f64, f64) {
    lines
        .iter()
        .fold((0.0, 0.0), |(got, of), l| match l.standing {
            Standing::Scored(s) => (got + s.points, of + l.max_points),
            _ => (got, of),
        })
}

#[cfg(test)]
mod tests;
