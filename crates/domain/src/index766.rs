//! Decision 766/QĐ-TTg's index (issue 15, first step): how an indicator's
//! rate becomes points. An indicator has a numerator and a denominator as the
//! national formulas define them, at most `max` points, and sometimes a
//! target rate: at or above the target it earns all its points, below it
//! `rate × max / target`; without a target, `rate × max`. An indicator whose
//! denominator is zero has no score: it is shown as "no data", never as 0 or
//! 100 %.

/// One indicator of the index that motcua holds data for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Indicator {
    /// "2.1", "3.3", "5.4"…
    pub code: &'static str,
    /// Its group (1 to 5) in the decision.
    pub group: u8,
    pub max_points: f64,
    /// The rate that earns all the points, when the decision sets one.
    pub target: Option<f64>,
}

/// The indicators motcua can compute from its own records, with the points
/// and targets of the national formula document (see the law reference §5).
pub const INDICATORS: &[Indicator] = &[
    // Progress: dossiers settled early or on time (and in progress within
    // time) out of those received or settled in the period.
    Indicator {
        code: "2.1",
        group: 2,
        max_points: 20.0,
        target: None,
    },
    // 3.1 (procedures with an online service, target 80 %) is left out: the
    // formula document does not settle its points within group 3's 12.
    // Online dossiers out of all dossiers.
    Indicator {
        code: "3.3",
        group: 3,
        max_points: 12.0,
        target: Some(0.50),
    },
    // Digitization: dossiers with an electronic result where a paper one is required.
    Indicator {
        code: "4.1",
        group: 4,
        max_points: 6.0,
        target: None,
    },
    // Dossiers digitized (and an e-result where required) out of all.
    Indicator {
        code: "4.2",
        group: 4,
        max_points: 4.0,
        target: Some(0.80),
    },
    // Dossiers reusing digitized data out of all.
    Indicator {
        code: "4.3",
        group: 4,
        max_points: 2.0,
        target: Some(0.80),
    },
    // Opinions and complaints handled on time.
    Indicator {
        code: "5.2",
        group: 5,
        max_points: 6.0,
        target: None,
    },
    // Satisfaction with the handling of opinions and complaints.
    Indicator {
        code: "5.3",
        group: 5,
        max_points: 6.0,
        target: None,
    },
    // Satisfaction with receiving and settling: 100 % − (late % + PAKN/dislike %).
    Indicator {
        code: "5.4",
        group: 5,
        max_points: 6.0,
        target: Some(0.90),
    },
];

/// An indicator by its code.
pub fn indicator(code: &str) -> Option<&'static Indicator> {
    INDICATORS.iter().find(|i| i.code == code)
}

/// An indicator's result: what it counted, its rate and its points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub numerator: u64,
    pub denominator: u64,
    /// 0.0 to 1.0.
    pub rate: f64,
    pub points: f64,
}

impl Indicator {
    /// The score of `numerator` out of `denominator`, or `None` when there is
    /// nothing to count. A numerator above the denominator is a caller's
    /// mistake and counts as the whole.
    pub fn score(&self, numerator: u64, denominator: u64) -> Option<Score> {
        if denominator == 0 {
            return None;
        }
        let rate = numerator.min(denominator) as f64 / denominator as f64;
        Some(Score {
            numerator,
            denominator,
            rate,
            points: self.points_for(rate),
        })
    }

    /// The points a rate earns.
    pub fn points_for(&self, rate: f64) -> f64 {
        let rate = rate.clamp(0.0, 1.0);
        match self.target {
            Some(t) if rate >= t => self.max_points,
            Some(t) => rate * self.max_points / t,
            None => rate * self.max_points,
        }
    }
}

/// Indicator 5.4: 100 % − (the late dossiers' rate + the rate of dossiers
/// with an opinion or complaint or a "dislike"), never below 0; `None`
/// without dossiers.
pub fn satisfaction_5_4(dossiers: u64, late: u64, complained_or_disliked: u64) -> Option<f64> {
    if dossiers == 0 {
        return None;
    }
    let d = dossiers as f64;
    Some((1.0 - (late as f64 / d + complained_or_disliked as f64 / d)).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn a_targeted_indicator_earns_all_at_its_target_and_a_share_below() {
        let online = indicator("3.3").unwrap();
        // 300 online dossiers out of 1.000: 30 % of a 50 % target → 3/5 of 12 points.
        let s = online.score(300, 1000).unwrap();
        assert!(close(s.rate, 0.3) && close(s.points, 7.2), "{s:?}");
        // 50 % and more earn all 12.
        assert!(close(online.score(500, 1000).unwrap().points, 12.0));
        assert!(close(online.score(999, 1000).unwrap().points, 12.0));
        // Digitization 4.2: 72 of 90 = 80 % → all 4; 36 of 90 = 40 % → 2.
        let digitized = indicator("4.2").unwrap();
        assert!(close(digitized.score(72, 90).unwrap().points, 4.0));
        assert!(close(digitized.score(36, 90).unwrap().points, 2.0));
    }

    #[test]
    fn an_untargeted_indicator_earns_its_rate_of_the_points() {
        // On time 2.1: 187 of 200 = 93,5 % of 20 points = 18,7.
        let s = indicator("2.1").unwrap().score(187, 200).unwrap();
        assert!(close(s.points, 18.7), "{s:?}");
    }

    #[test]
    fn nothing_to_count_is_no_score_not_zero() {
        assert_eq!(indicator("5.2").unwrap().score(0, 0), None);
        assert_eq!(satisfaction_5_4(0, 0, 0), None);
        // A numerator above the denominator counts as the whole.
        assert!(close(
            indicator("2.1").unwrap().score(5, 4).unwrap().rate,
            1.0
        ));
    }

    #[test]
    fn satisfaction_5_4_by_hand() {
        // 400 dossiers, 12 late (3 %), 8 with a PAKN or a dislike (2 %): 95 %,
        // above the 90 % target → all 6 points.
        let rate = satisfaction_5_4(400, 12, 8).unwrap();
        assert!(close(rate, 0.95));
        assert!(close(indicator("5.4").unwrap().points_for(rate), 6.0));
        // 100 dossiers, 30 late, 15 complained: 55 % → 55/90 of 6 = 3,666…
        let rate = satisfaction_5_4(100, 30, 15).unwrap();
        assert!(close(
            indicator("5.4").unwrap().points_for(rate),
            0.55 * 6.0 / 0.9
        ));
        assert_eq!(satisfaction_5_4(10, 8, 5), Some(0.0), "never below zero");
    }

    #[test]
    fn the_table_is_well_formed() {
        let mut codes: Vec<&str> = INDICATORS.iter().map(|i| i.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), INDICATORS.len());
        for i in INDICATORS {
            assert!(i.max_points > 0.0 && (1..=5).contains(&i.group), "{i:?}");
            assert!(i.target.is_none_or(|t| t > 0.0 && t <= 1.0), "{i:?}");
        }
    }
}
