//! The monthly report of a center, a commune's centers or the province, as
//! PDF: the dashboard of a month on paper. Built from the API's own answer
//! ([`DashboardOut`]), so it holds the numbers the page and the files show:
//! the open dossiers, every figure beside the month before with its
//! numerator and denominator, the trend of the month's days as charts, the
//! ranking of centers (the first 20), the officers (for one center) and
//! Decision 766's index with its points.

use motcua_domain::monitor::Unit;
use motcua_domain::Locale;

use super::chart::{Bars, Series, Shade};
use super::render::{Block, Form, Paper};
use crate::api::dashboards::{day_text, DashboardOut, KpiOut};

/// How many centers the ranking lists; the rest are counted in a line.
pub const RANKING_ROWS: usize = 20;

fn count(l: Locale, n: i64) -> String {
    let s = l.number(n.unsigned_abs());
    if n < 0 {
        format!("-{s}")
    } else {
        s
    }
}

fn share(l: Locale, x: Option<f64>) -> String {
    match x {
        Some(x) => l.percent((x * 100_000.0).round() as u64, 100_000),
        None => "—".into(),
    }
}

/// A figure's value as read (a count, a share, a mean) and, under a share
/// or a mean, what it is made of: `1 / 2`, `÷ 2`.
fn value(l: Locale, k: &KpiOut, before: bool) -> (String, String) {
    let (v, n, d) = if before {
        (
            k.previous_value,
            k.previous_numerator,
            k.previous_denominator,
        )
    } else {
        (k.value, k.numerator, k.denominator)
    };
    let shown = match k.unit {
        Unit::Count => count(l, n),
        Unit::Share => match d {
            Some(d) if d > 0 => l.percent(n.unsigned_abs(), d.unsigned_abs()),
            _ => "—".into(),
        },
        Unit::Days | Unit::Minutes => l.decimal(v),
    };
    let parts = match (k.unit, d) {
        (Unit::Share, Some(d)) => format!("{} / {}", count(l, n), count(l, d)),
        (Unit::Days | Unit::Minutes, Some(d)) => format!("÷ {}", count(l, d)),
        _ => String::new(),
    };
    (shown, parts)
}

/// `11/2026`.
fn month_text(d: &DashboardOut) -> String {
    format!("{:02}/{}", d.period.from.month(), d.period.from.year())
}

/// The report's title: `Báo cáo tháng 11/2026 — Thành phố Cần Thơ`.
pub fn title(d: &DashboardOut, l: Locale) -> String {
    format!(
        "{} — {}",
        l.t_args("dashboard-report-title", &[("month", month_text(d).into())]),
        d.scope_name
    )
}

/// The report as a form to render, A4, as many pages as it takes.
pub fn monthly_report(d: &DashboardOut, l: Locale, made_at: &str) -> Form {
    let mut blocks = vec![
        Block::Title(title(d, l)),
        Block::Centered(l.t_args(
            "dashboard-period-line",
            &[
                ("from", day_text(d.period.from).into()),
                ("to", day_text(d.period.to).into()),
                ("pfrom", day_text(d.previous.from).into()),
                ("pto", day_text(d.previous.to).into()),
            ],
        )),
        Block::Centered(l.t_args("dashboard-made-at", &[("at", made_at.into())])),
        Block::Space(2.0),
    ];

    // Open now, whatever the month.
    blocks.push(Block::Heading(l.t("dashboard-open-now").into()));
    blocks.push(Block::Table {
        headers: [
            "kpi-registered",
            "kpi-pending",
            "kpi-due-soon",
            "kpi-overdue",
        ]
        .iter()
        .map(|k| l.t(k).to_string())
        .collect(),
        widths: vec![1.0; 4],
        rows: vec![[
            d.open.registered,
            d.open.pending,
            d.open.due_soon,
            d.open.overdue,
        ]
        .iter()
        .map(|n| count(l, *n))
        .collect()],
    });

    // The figures beside the month before.
    blocks.push(Block::Heading(l.t("dashboard-figures").into()));
    blocks.push(Block::Table {
        headers: vec![
            l.t("dashboard-col-figure").into(),
            l.t("dashboard-col-now").into(),
            format!(
                "{} / {}",
                l.t("dashboard-col-numerator"),
                l.t("dashboard-col-denominator")
            ),
            l.t("dashboard-col-before").into(),
            format!(
                "{} / {}",
                l.t("dashboard-col-numerator"),
                l.t("dashboard-col-denominator")
            ),
        ],
        widths: vec![5.0, 1.6, 1.9, 1.6, 1.9],
        rows: d
            .kpis
            .iter()
            .map(|k| {
                let (now, now_parts) = value(l, k, false);
                let (before, before_parts) = value(l, k, true);
                vec![k.label.into(), now, now_parts, before, before_parts]
            })
            .collect(),
    });
    blocks.push(Block::Paragraph(
        l.t("dashboard-report-figures-rule").into(),
    ));

    // The month day by day (no heading of its own: it would be left alone
    // at the foot of a page when the chart goes to the next one).
    let labels: Vec<String> = d.trend.iter().map(|t| t.label.clone()).collect();
    let of = |f: fn(&crate::api::dashboards::TrendOut) -> i64| -> Vec<u64> {
        d.trend.iter().map(|t| f(t).max(0) as u64).collect()
    };
    blocks.push(Block::Bars(Bars {
        title: l.t("dashboard-trend-received").into(),
        unit: l.t("dashboard-report-axis-dossiers").into(),
        labels: labels.clone(),
        series: vec![
            Series {
                label: l.t("dashboard-this-period").into(),
                values: of(|t| t.received),
                shade: Shade::Dark,
            },
            Series {
                label: l.t("dashboard-report-previous-month").into(),
                values: of(|t| t.previous_received),
                shade: Shade::Light,
            },
        ],
        stacked: false,
        locale: l,
    }));
    blocks.push(Block::Bars(Bars {
        title: l.t("dashboard-trend-on-time").into(),
        unit: l.t("dashboard-report-axis-dossiers").into(),
        labels,
        series: vec![
            Series {
                label: l.t("kpi-early").into(),
                values: of(|t| t.early),
                shade: Shade::Light,
            },
            Series {
                label: l.t("kpi-on-time").into(),
                values: of(|t| t.on_time),
                shade: Shade::Mid,
            },
            Series {
                label: l.t("kpi-late").into(),
                values: of(|t| t.late),
                shade: Shade::Hatched,
            },
        ],
        stacked: true,
        locale: l,
    }));
    blocks.push(Block::Paragraph(l.t("dashboard-report-trend-rule").into()));

    // The ranking, when there are centers to rank.
    if d.ranking.len() > 1 {
        blocks.push(Block::Heading(l.t("dashboard-ranking").into()));
        blocks.push(Block::Table {
            headers: vec![
                l.t("dashboard-col-rank").into(),
                l.t("dashboard-col-center").into(),
                l.t("kpi-received").into(),
                l.t("kpi-finished").into(),
                l.t("kpi-late").into(),
                l.t("kpi-on-time-rate").into(),
                l.t("kpi-digitized-rate").into(),
                l.t("kpi-overdue").into(),
            ],
            widths: vec![0.8, 4.2, 1.3, 1.4, 1.2, 1.6, 1.4, 1.2],
            rows: d
                .ranking
                .iter()
                .take(RANKING_ROWS)
                .map(|c| {
                    vec![
                        c.rank.to_string(),
                        c.name.clone(),
                        count(l, c.received),
                        count(l, c.finished),
                        count(l, c.late),
                        share(l, c.on_time_rate),
                        share(l, c.digitized_rate),
                        count(l, c.open.overdue),
                    ]
                })
                .collect(),
        });
        if d.ranking.len() > RANKING_ROWS {
            blocks.push(Block::Paragraph(l.t_args(
                "dashboard-report-more-centers",
                &[(
                    "n",
                    l.number((d.ranking.len() - RANKING_ROWS) as u64).into(),
                )],
            )));
        }
    }

    // The officers of one center.
    if d.scope.starts_with("center:") {
        blocks.push(Block::Heading(l.t("dashboard-officers").into()));
        if d.officers.is_empty() {
            blocks.push(Block::Paragraph(l.t("dashboard-none").into()));
        } else {
            blocks.push(Block::Table {
                headers: vec![
                    l.t("dashboard-col-officer").into(),
                    l.t("kpi-received").into(),
                    l.t("kpi-digitized").into(),
                    l.t("kpi-finished").into(),
                    l.t("kpi-on-time").into(),
                    l.t("kpi-late").into(),
                    l.t("kpi-returned").into(),
                    l.t("kpi-satisfaction").into(),
                ],
                widths: vec![4.0, 1.3, 1.3, 1.4, 1.3, 1.3, 1.4, 1.5],
                rows: d
                    .officers
                    .iter()
                    .map(|o| {
                        let kind = l.t(if o.postal {
                            "dashboard-postal-employee"
                        } else {
                            "dashboard-civil-servant"
                        });
                        vec![
                            format!("{} ({}, {kind})", o.name, o.username),
                            count(l, o.received),
                            count(l, o.digitized),
                            count(l, o.settled),
                            count(l, o.on_time),
                            count(l, o.late),
                            count(l, o.returned),
                            share(l, o.satisfaction),
                        ]
                    })
                    .collect(),
            });
        }
    }

    // Decision 766's index.
    blocks.push(Block::Heading(l.t("dashboard-index").into()));
    let number = |x: Option<u64>| x.map_or_else(|| "—".into(), |n| l.number(n));
    blocks.push(Block::Table {
        headers: vec![
            l.t("dashboard-col-indicator").into(),
            l.t("dashboard-col-numerator").into(),
            l.t("dashboard-col-denominator").into(),
            l.t("dashboard-col-rate").into(),
            l.t("dashboard-col-target").into(),
            l.t("dashboard-col-points").into(),
            l.t("dashboard-col-max").into(),
        ],
        widths: vec![6.0, 1.2, 1.2, 1.4, 1.3, 1.1, 1.1],
        rows: d
            .index
            .iter()
            .map(|i| {
                let name = match i.standing {
                    "not-held" => format!("{} — {}", i.name, l.t("dashboard-not-held")),
                    "no-data" => format!("{} — {}", i.name, l.t("dashboard-no-data")),
                    _ => i.name.into(),
                };
                vec![
                    name,
                    number(i.numerator),
                    number(i.denominator),
                    share(l, i.rate),
                    share(l, i.target),
                    l.decimal(i.points),
                    l.decimal(Some(i.max_points)),
                ]
            })
            .collect(),
    });
    blocks.push(Block::Paragraph(l.t_args(
        "dashboard-index-points",
        &[
            ("got", l.decimal(Some(d.points)).into()),
            ("of", l.decimal(Some(d.points_possible)).into()),
        ],
    )));
    blocks.push(Block::Paragraph(l.t("dashboard-index-rule").into()));

    Form {
        title: title(d, l),
        paper: Paper::A4,
        blocks,
    }
}
