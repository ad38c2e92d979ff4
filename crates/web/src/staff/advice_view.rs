//! How the staffing advice reads in a page (the center's public page and
//! the hall's set-up): the weekday names, the cells' shading and titles.

use motcua_domain::Locale;

use crate::cases::queue_times::{Advice, AdviceCell};

pub fn weekday(l: Locale, n: i8) -> &'static str {
    match n {
        1 => l.t("weekday-1"),
        2 => l.t("weekday-2"),
        3 => l.t("weekday-3"),
        4 => l.t("weekday-4"),
        5 => l.t("weekday-5"),
        6 => l.t("weekday-6"),
        _ => l.t("weekday-7"),
    }
}

/// Darker for more counters; outlined where fewer counters called than the
/// advice needs.
pub fn cell_class(c: &AdviceCell) -> String {
    let shade = match c.counters_needed {
        None => "cmax".to_string(),
        Some(n) if n >= 5 => "cmax".to_string(),
        Some(n) => format!("c{n}"),
    };
    let short = c
        .counters_needed
        .is_none_or(|n| f64::from(n) > c.counters_seen + 0.5);
    if short && c.arrivals > 0.0 {
        format!("{shade} short")
    } else {
        shade
    }
}

pub fn cell_title(l: Locale, c: &AdviceCell) -> String {
    l.t_args(
        "advice-cell",
        &[
            ("hour", i64::from(c.hour).into()),
            ("arrivals", l.decimal(Some(c.arrivals)).into()),
            ("seen", l.decimal(Some(c.counters_seen)).into()),
            ("wait", l.decimal(c.expected_wait_minutes).into()),
        ],
    )
}

pub fn lead(l: Locale, a: &Advice) -> String {
    l.t_args(
        "advice-lead",
        &[
            ("tickets", l.number(u64::from(a.tickets)).into()),
            ("service", l.decimal(Some(a.mean_service_minutes)).into()),
            ("target", l.decimal(Some(a.target_wait_minutes)).into()),
        ],
    )
}
