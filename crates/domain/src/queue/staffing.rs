//! How many counters keep the mean wait under a target: the Erlang C model
//! of a queue with `c` identical counters, arrivals at random (Poisson) at
//! `arrivals` an hour and service times with mean `service` (exponential).
//! Pure arithmetic; the grid of the week is built from the queue's history
//! elsewhere.

/// The offered load in erlangs: arrivals an hour × hours of service each.
pub fn load(arrivals_per_hour: f64, mean_service_minutes: f64) -> f64 {
    arrivals_per_hour * mean_service_minutes / 60.0
}

/// The probability that an arrival waits (Erlang C) with `counters` counters
/// and `load` erlangs; 1 when the counters cannot keep up (`load >= counters`).
pub fn wait_probability(counters: u32, load: f64) -> f64 {
    if load <= 0.0 {
        return 0.0;
    }
    let c = f64::from(counters);
    if counters == 0 || load >= c {
        return 1.0;
    }
    // Erlang B by its recursion (no factorials to overflow), then C from B.
    let mut b = 1.0;
    for k in 1..=counters {
        b = load * b / (f64::from(k) + load * b);
    }
    c * b / (c - load * (1.0 - b))
}

/// The mean wait in minutes before a counter calls, or `None` when the
/// queue grows without end.
pub fn mean_wait_minutes(
    counters: u32,
    arrivals_per_hour: f64,
    mean_service_minutes: f64,
) -> Option<f64> {
    if arrivals_per_hour <= 0.0 {
        return Some(0.0);
    }
    let a = load(arrivals_per_hour, mean_service_minutes);
    if counters == 0 || a >= f64::from(counters) {
        return None;
    }
    let served_per_hour = 60.0 / mean_service_minutes;
    let hours =
        wait_probability(counters, a) / (f64::from(counters) * served_per_hour - arrivals_per_hour);
    Some(hours * 60.0)
}

/// The fewest counters whose mean wait is at most `target_minutes` (none
/// when nobody comes); `max` bounds the search.
pub fn counters_needed(
    arrivals_per_hour: f64,
    mean_service_minutes: f64,
    target_minutes: f64,
    max: u32,
) -> Option<u32> {
    if arrivals_per_hour <= 0.0 {
        return Some(0);
    }
    (1..=max).find(|&c| {
        mean_wait_minutes(c, arrivals_per_hour, mean_service_minutes)
            .is_some_and(|w| w <= target_minutes)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-3
    }

    /// 10 arrivals an hour, 12 minutes each: 2 erlangs. By hand:
    /// c = 3: C = (8/6 · 3) / (1 + 2 + 2 + 8/6 · 3) = 4/9, Wq = (4/9) / (15 − 10) h = 5,333 min;
    /// c = 4: C = (16/24 · 2) / (1 + 2 + 2 + 8/6 + 16/24 · 2) = 0,17391, Wq = 0,017391 h = 1,0435 min.
    #[test]
    fn worked_numbers() {
        assert!(close(load(10.0, 12.0), 2.0));
        assert!(close(wait_probability(3, 2.0), 4.0 / 9.0));
        assert!(close(wait_probability(4, 2.0), 0.173_913));
        assert!(close(mean_wait_minutes(3, 10.0, 12.0).unwrap(), 5.333_333));
        assert!(close(mean_wait_minutes(4, 10.0, 12.0).unwrap(), 1.043_478));
        assert_eq!(
            mean_wait_minutes(2, 10.0, 12.0),
            None,
            "2 counters cannot keep up"
        );
        assert_eq!(counters_needed(10.0, 12.0, 5.0, 20), Some(4));
        assert_eq!(counters_needed(10.0, 12.0, 6.0, 20), Some(3));
    }

    /// One counter is M/M/1: P(wait) = ρ, Wq = ρ / (μ − λ).
    /// 4 an hour, 10 minutes each: ρ = 2/3, Wq = (2/3) / (6 − 4) h = 20 min.
    #[test]
    fn one_counter_is_the_textbook_queue() {
        assert!(close(wait_probability(1, 4.0 / 6.0), 2.0 / 3.0));
        assert!(close(mean_wait_minutes(1, 4.0, 10.0).unwrap(), 20.0));
    }

    #[test]
    fn nobody_comes_nobody_waits() {
        assert_eq!(mean_wait_minutes(0, 0.0, 12.0), Some(0.0));
        assert_eq!(counters_needed(0.0, 12.0, 5.0, 20), Some(0));
        assert_eq!(
            counters_needed(1000.0, 30.0, 1.0, 20),
            None,
            "beyond the bound"
        );
    }

    #[test]
    fn more_counters_never_wait_longer() {
        for arrivals in [1.0, 7.5, 30.0, 120.0] {
            let mut last = f64::INFINITY;
            for c in 1..=40 {
                if let Some(w) = mean_wait_minutes(c, arrivals, 15.0) {
                    assert!(w <= last + 1e-12, "{arrivals}/h, {c} counters");
                    last = w;
                }
            }
        }
    }
}
