//! Worked examples: small hand-made figures, every number computed by hand.

use super::*;
use crate::feedback::counts::Indicators as FeedbackIndicators;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// A commune's month: 200 dossiers received, 120 in person, 60 online, 20
/// by post; 150 settled (30 early, 105 on time counting the early, 45 late)
/// in 450 days in all; 20 supplemented, 4 refused; 160 digitized, 90
/// electronic results, 40 reusing data; 140 returned, 35 of them by post.
/// 30 still in hand, 6 of them past their appointment. 50 ratings (20 very
/// satisfied, 25 satisfied, 5 not); 300 tickets, 280 called after 84.000
/// seconds of waiting in all. 10 PAKN, 8 handled on time, 7 satisfied, 3
/// about a dossier.
fn month() -> Figures {
    Figures {
        counts: RollupCounts {
            received: 200,
            in_person: 120,
            online: 60,
            by_post: 20,
            finished: 150,
            early: 30,
            on_time: 105,
            late: 45,
            settle_seconds: 450 * 86_400,
            supplemented: 20,
            refused: 4,
            digitized: 160,
            e_result: 90,
            reused: 40,
            returned: 140,
            returned_by_post: 35,
        },
        open_received: 30,
        open_received_overdue: 6,
        ratings: Ratings {
            very_satisfied: 20,
            satisfied: 25,
            not_satisfied: 5,
        },
        queue: Queue {
            tickets: 300,
            called: 280,
            wait_seconds: 84_000,
        },
        feedback: FeedbackIndicators {
            total: 10,
            handled_on_time: 8,
            satisfied: 7,
            dossiers_with_feedback: 3,
            ..Default::default()
        },
    }
}

#[test]
fn every_kpi_of_a_month_by_hand() {
    let k = kpis(&month());
    let get = |code: &str| {
        *k.iter()
            .find(|x| x.code == code)
            .unwrap_or_else(|| panic!("{code}"))
    };
    let value = |code: &str| get(code).value().unwrap();
    assert_eq!(value("received"), 200.0);
    assert_eq!(
        (value("in-person"), value("online"), value("by-post")),
        (120.0, 60.0, 20.0)
    );
    // 60 / 200 online, 20 / 200 by post.
    assert!(close(value("online-rate"), 0.30));
    assert!(close(value("postal-share"), 0.10));
    // 150 settled: 30 early, 75 just on time, 45 late; 105 / 150 = 70 %.
    assert_eq!(
        (value("early"), value("on-time"), value("late")),
        (30.0, 75.0, 45.0)
    );
    assert!(close(value("on-time-rate"), 0.70));
    // 450 days over 150 dossiers: 3 days each.
    assert!(close(value("settle-days"), 3.0));
    assert_eq!((value("supplemented"), value("refused")), (20.0, 4.0));
    // 160 / 200 digitized; 90 / 150 electronic results; 35 / 140 returned by post.
    assert!(close(value("digitized-rate"), 0.80));
    assert!(close(value("e-result-rate"), 0.60));
    assert!(close(value("returned-by-post"), 0.25));
    // 45 of 50 ratings satisfied or very satisfied.
    assert!(close(value("satisfaction"), 0.90));
    // 84.000 seconds over 280 called tickets: 300 s = 5 minutes.
    assert!(close(value("queue-wait"), 5.0));
    assert_eq!(get("online-rate").numerator, 60);
    assert_eq!(get("online-rate").denominator, Some(200));
    let codes: Vec<&str> = k.iter().map(|x| x.code).collect();
    let mut unique = codes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), codes.len(), "{codes:?}");
}

#[test]
fn nothing_to_divide_is_no_value_not_zero() {
    let k = kpis(&Figures::default());
    for x in &k {
        match x.unit {
            Unit::Count => assert_eq!(x.value(), Some(0.0), "{}", x.code),
            _ => assert_eq!(x.value(), None, "{}", x.code),
        }
    }
    let lines = index(&Figures::default());
    assert!(lines
        .iter()
        .all(|l| !matches!(l.standing, Standing::Scored(_))));
    assert_eq!(points(&lines), (0.0, 0.0));
}

#[test]
fn every_indicator_of_the_index_by_hand() {
    let lines = index(&month());
    let get = |code: &str| {
        *lines
            .iter()
            .find(|l| l.code == code)
            .unwrap_or_else(|| panic!("{code}"))
    };
    let scored = |code: &str| match get(code).standing {
        Standing::Scored(s) => s,
        other => panic!("{code}: {other:?}"),
    };
    // 2.1: 105 settled in time + (30 − 6) in hand within time = 129, of
    // 150 settled + 30 in hand = 180: 71,67 % of 20 points = 14,33.
    let s = scored("2.1");
    assert_eq!((s.numerator, s.denominator), (129, 180));
    assert!(close(s.points, 129.0 / 180.0 * 20.0));
    // 3.3: 60 online of 200 = 30 % of a 50 % target: 30/50 × 12 = 7,2.
    let s = scored("3.3");
    assert_eq!((s.numerator, s.denominator), (60, 200));
    assert!(close(s.points, 7.2));
    // 4.1: 90 electronic results of 150 settled = 60 % × 6 = 3,6.
    assert!(close(scored("4.1").points, 3.6));
    // 4.2: 160 of 200 = 80 %, the target: all 4 points.
    assert!(close(scored("4.2").points, 4.0));
    // 4.3: 40 of 200 = 20 % of an 80 % target: 20/80 × 2 = 0,5.
    assert!(close(scored("4.3").points, 0.5));
    // 5.2: 8 of 10 PAKN on time × 6 = 4,8; 5.3: 7 of 10 × 6 = 4,2.
    assert!(close(scored("5.2").points, 4.8));
    assert!(close(scored("5.3").points, 4.2));
    // 5.4: 100 % − (45 late + 5 not satisfied + 3 with a PAKN) / 200 =
    // 100 % − 22,5 % − 4 % = 73,5 %, of a 90 % target: 73,5/90 × 6 = 4,9.
    let s = scored("5.4");
    assert!(close(s.rate, 0.735), "{s:?}");
    assert!(close(s.points, 0.735 / 0.9 * 6.0));
    // Those motcua does not hold are listed as such, with their points.
    assert_eq!(get("3.6").standing, Standing::NotHeld);
    assert_eq!(get("3.6").max_points, 6.0);
    // Points earned of the points computed: the eight scored indicators
    // carry 20 + 12 + 6 + 4 + 2 + 6 + 6 + 6 = 62.
    let (got, of) = points(&lines);
    assert!(close(of, 62.0));
    let by_hand = 129.0 / 180.0 * 20.0 + 7.2 + 3.6 + 4.0 + 0.5 + 4.8 + 4.2 + 0.735 / 0.9 * 6.0;
    assert!(close(got, by_hand), "{got} vs {by_hand}");
    // Sorted by code.
    let codes: Vec<&str> = lines.iter().map(|l| l.code).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted);
}
