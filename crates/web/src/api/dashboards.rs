//! `/dashboard`: the figures of a scope and period beside the period before,
//! the trend, the ranking of centers, the officers' figures, Decision 766's
//! index, and the dossiers behind a figure. Same rules as the page: those
//! who oversee read every scope, a leader the centers they lead.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use jiff::civil::Date;
use jiff::Timestamp;
use motcua_domain::monitor::{Kpi, Open, Standing, Unit};
use motcua_domain::Locale;
use motcua_store::CenterId;
use serde::{Deserialize, Serialize};

use crate::auth::Principal;
use crate::cases::dashboard::{self, Ask, Dashboard};
use crate::error::ErrorBody;
use crate::export::Table;
use crate::{AppState, WebError};
use motcua_domain::i18n::Message;

/// A period's days.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PeriodOut {
    /// day, week, month, quarter, year or custom.
    pub kind: String,
    #[schema(value_type = String, example = "2026-11-01")]
    pub from: Date,
    #[schema(value_type = String, example = "2026-11-30")]
    pub to: Date,
}

/// A figure in the period and in the period before.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct KpiOut {
    /// `received`, `on-time-rate`…
    pub code: &'static str,
    pub label: &'static str,
    pub unit: Unit,
    /// The count; the share (0–1); the mean in days or minutes. `null`: nothing to divide by.
    pub value: Option<f64>,
    pub numerator: i64,
    pub denominator: Option<i64>,
    pub previous_value: Option<f64>,
    pub previous_numerator: i64,
    pub previous_denominator: Option<i64>,
    /// The figure whose dossiers `GET /api/v1/dashboard/dossiers?figure=` lists, if any.
    pub figure: Option<&'static str>,
}

/// One step of the trend.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TrendOut {
    pub label: String,
    #[schema(value_type = String)]
    pub from: Date,
    #[schema(value_type = String)]
    pub to: Date,
    pub received: i64,
    pub finished: i64,
    pub early: i64,
    pub on_time: i64,
    pub late: i64,
    pub online: i64,
    pub previous_received: i64,
    pub previous_finished: i64,
    pub previous_on_time: i64,
}

/// A center's line of the ranking.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CenterOut {
    pub rank: usize,
    pub center_id: CenterId,
    pub name: String,
    pub received: i64,
    pub online: i64,
    pub by_post: i64,
    pub finished: i64,
    pub on_time: i64,
    pub late: i64,
    pub on_time_rate: Option<f64>,
    pub digitized_rate: Option<f64>,
    pub open: Open,
    pub satisfaction: Option<f64>,
}

/// An officer's figures at a center.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OfficerOut {
    pub center_id: CenterId,
    pub center: String,
    pub username: String,
    pub name: String,
    pub postal: bool,
    pub received: i64,
    pub digitized: i64,
    pub settled: i64,
    pub on_time: i64,
    pub late: i64,
    pub returned: i64,
    pub ratings: i64,
    pub satisfaction: Option<f64>,
}

/// One indicator of Decision 766's index.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct IndexOut {
    pub code: &'static str,
    pub group: u8,
    pub name: &'static str,
    pub max_points: f64,
    pub target: Option<f64>,
    /// `scored`, `no-data` (nothing to count in the period) or `not-held`
    /// (motcua does not hold the data).
    pub standing: &'static str,
    pub numerator: Option<u64>,
    pub denominator: Option<u64>,
    pub rate: Option<f64>,
    pub points: Option<f64>,
}

/// A whole dashboard.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DashboardOut {
    /// `province`, `post`, `unit:ID` or `center:ID`.
    pub scope: String,
    pub scope_name: String,
    /// The centers covered (`null`: every center of the province).
    pub centers: Option<Vec<CenterId>>,
    pub period: PeriodOut,
    pub previous: PeriodOut,
    pub kpis: Vec<KpiOut>,
    /// Open now, whatever the period.
    pub open: Open,
    pub trend: Vec<TrendOut>,
    pub ranking: Vec<CenterOut>,
    pub officers: Vec<OfficerOut>,
    pub index: Vec<IndexOut>,
    /// Points earned of the points computed (indicators without data or
    /// not held are left out of both).
    pub points: f64,
    pub points_possible: f64,
}

fn period_out(p: &motcua_domain::monitor::period::Period) -> PeriodOut {
    PeriodOut {
        kind: p.kind.code().into(),
        from: p.from,
        to: p.to,
    }
}

fn share(n: i64, d: i64) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

/// The label of a figure, `kpi-{code}` in the catalog.
pub fn kpi_label(l: Locale, code: &str) -> &'static str {
    l.t(match code {
        "received" => "kpi-received",
        "in-person" => "kpi-in-person",
        "online" => "kpi-online",
        "by-post" => "kpi-by-post",
        "online-rate" => "kpi-online-rate",
        "postal-share" => "kpi-postal-share",
        "finished" => "kpi-finished",
        "early" => "kpi-early",
        "on-time" => "kpi-on-time",
        "late" => "kpi-late",
        "on-time-rate" => "kpi-on-time-rate",
        "settle-days" => "kpi-settle-days",
        "supplemented" => "kpi-supplemented",
        "refused" => "kpi-refused",
        "digitized-rate" => "kpi-digitized-rate",
        "e-result-rate" => "kpi-e-result-rate",
        "returned" => "kpi-returned",
        "returned-by-post" => "kpi-returned-by-post",
        "ratings" => "kpi-ratings",
        "satisfaction" => "kpi-satisfaction",
        "tickets" => "kpi-tickets",
        "queue-wait" => "kpi-queue-wait",
        "registered" => "kpi-registered",
        "pending" => "kpi-pending",
        "due-soon" => "kpi-due-soon",
        "overdue" => "kpi-overdue",
        "digitized" => "kpi-digitized",
        _ => "kpi-unknown",
    })
}

/// The name of an indicator of the index, `idx-{code}` in the catalog.
pub fn index_label(l: Locale, code: &str) -> &'static str {
    l.t(match code {
        "2.1" => "idx-2-1",
        "2.2" => "idx-2-2",
        "3.1" => "idx-3-1",
        "3.2" => "idx-3-2",
        "3.3" => "idx-3-3",
        "3.5" => "idx-3-5",
        "3.6" => "idx-3-6",
        "4.1" => "idx-4-1",
        "4.2" => "idx-4-2",
        "4.3" => "idx-4-3",
        "4.4" => "idx-4-4",
        "4.5a" => "idx-4-5a",
        "4.5b" => "idx-4-5b",
        "5.2" => "idx-5-2",
        "5.3" => "idx-5-3",
        "5.4" => "idx-5-4",
        _ => "kpi-unknown",
    })
}

/// The figure whose dossiers a KPI's drill-down lists: the share's
/// numerator, or the count itself.
pub fn figure_of(k: &Kpi) -> Option<&'static str> {
    let code = match k.code {
        "online-rate" => "online",
        "postal-share" => "by-post",
        "on-time-rate" => "late",
        "digitized-rate" => "digitized",
        c => c,
    };
    dashboard::behind_of(code).map(|_| code)
}

pub fn out(d: &Dashboard, l: Locale) -> DashboardOut {
    DashboardOut {
        scope: d.asked.scope.code(),
        scope_name: d.asked.name.clone(),
        centers: d.asked.centers.clone(),
        period: period_out(&d.asked.period),
        previous: period_out(&d.previous),
        kpis: d
            .kpis
            .iter()
            .map(|p| KpiOut {
                code: p.now.code,
                label: kpi_label(l, p.now.code),
                unit: p.now.unit,
                value: p.now.value(),
                numerator: p.now.numerator,
                denominator: p.now.denominator,
                previous_value: p.before.value(),
                previous_numerator: p.before.numerator,
                previous_denominator: p.before.denominator,
                figure: figure_of(&p.now),
            })
            .collect(),
        open: d.open,
        trend: d
            .trend
            .iter()
            .map(|t| TrendOut {
                label: t.step.label.clone(),
                from: t.step.from,
                to: t.step.to,
                received: t.counts.received,
                finished: t.counts.finished,
                early: t.counts.early,
                on_time: t.counts.on_time - t.counts.early,
                late: t.counts.late,
                online: t.counts.online,
                previous_received: t.before.received,
                previous_finished: t.before.finished,
                previous_on_time: t.before.on_time,
            })
            .collect(),
        ranking: d
            .centers
            .iter()
            .enumerate()
            .map(|(i, c)| CenterOut {
                rank: i + 1,
                center_id: c.center_id,
                name: c.name.clone(),
                received: c.counts.received,
                online: c.counts.online,
                by_post: c.counts.by_post,
                finished: c.counts.finished,
                on_time: c.counts.on_time,
                late: c.counts.late,
                on_time_rate: share(c.counts.on_time, c.counts.finished),
                digitized_rate: share(c.counts.digitized, c.counts.received),
                open: c.open,
                satisfaction: share(
                    c.ratings.very_satisfied + c.ratings.satisfied,
                    c.ratings.total(),
                ),
            })
            .collect(),
        officers: d
            .officers
            .iter()
            .map(|o| OfficerOut {
                center_id: o.center_id,
                center: o.center.clone(),
                username: o.username.clone(),
                name: o.name.clone(),
                postal: o.postal,
                received: o.counts.received,
                digitized: o.counts.digitized,
                settled: o.counts.settled,
                on_time: o.counts.on_time,
                late: o.counts.late,
                returned: o.counts.returned,
                ratings: o.ratings.total(),
                satisfaction: share(
                    o.ratings.very_satisfied + o.ratings.satisfied,
                    o.ratings.total(),
                ),
            })
            .collect(),
        index: d
            .index
            .iter()
            .map(|i| {
                let (standing, score) = match i.standing {
                    Standing::Scored(s) => ("scored", Some(s)),
                    Standing::NoData => ("no-data", None),
                    Standing::NotHeld => ("not-held", None),
                };
                IndexOut {
                    code: i.code,
                    group: i.group,
                    name: index_label(l, i.code),
                    max_points: i.max_points,
                    target: i.target,
                    standing,
                    numerator: score.map(|s| s.numerator),
                    denominator: score.map(|s| s.denominator),
                    rate: score.map(|s| s.rate),
                    points: score.map(|s| s.points),
                }
            })
            .collect(),
        points: d.points.0,
        points_possible: d.points.1,
    }
}

/// The dashboard of a scope and period: every figure with its numerator
/// and denominator beside the period before, the trend, the ranking of
/// centers, the officers' figures and Decision 766's index.
#[utoipa::path(get, path = "/api/v1/dashboard", tag = "dashboards",
    params(Ask, ("lang" = Option<String>, Query, description = "vi (default) or en, for the labels")),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = DashboardOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "A scope that is not the user's", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    p: Principal,
    Query(ask): Query<Ask>,
    Query(lang): Query<LangQuery>,
) -> Result<Json<DashboardOut>, WebError> {
    let l = lang.locale();
    let d = dashboard::dashboard(&state, &p, &ask, l).await?;
    Ok(Json(out(&d, l)))
}

#[derive(Debug, Default, Deserialize)]
pub struct LangQuery {
    #[serde(default)]
    lang: Option<String>,
}

impl LangQuery {
    pub fn locale(&self) -> Locale {
        self.lang
            .as_deref()
            .map(Locale::from_tag)
            .unwrap_or(Locale::Vi)
    }
}

/// Which figure's dossiers, and which page.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FigureQuery {
    /// received, in-person, online, by-post, finished, early, on-time,
    /// late, supplemented, refused, digitized, returned, returned-by-post
    /// (of the period); registered, pending, due-soon, overdue (open now).
    pub figure: String,
    /// From 1.
    #[serde(default)]
    pub page: Option<i64>,
}

/// A dossier behind a figure (no personal data: open the dossier for it).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BehindOut {
    pub code: String,
    pub status: i32,
    pub status_label: &'static str,
    pub center_id: CenterId,
    pub procedure_code: String,
    pub received_at: Timestamp,
    pub appointment: Option<Timestamp>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BehindListOut {
    pub figure: String,
    pub page: i64,
    pub more: bool,
    pub dossiers: Vec<BehindOut>,
}

/// The dossiers behind a figure of a dashboard, 50 a page: those received
/// in the period (or open now) that the figure counted.
#[utoipa::path(get, path = "/api/v1/dashboard/dossiers", tag = "dashboards",
    params(Ask, FigureQuery),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = BehindListOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn dossiers(
    State(state): State<AppState>,
    p: Principal,
    Query(ask): Query<Ask>,
    Query(q): Query<FigureQuery>,
) -> Result<Json<BehindListOut>, WebError> {
    let figure: String = q.figure.chars().take(40).collect();
    let list =
        dashboard::behind(&state, &p, &ask, &figure, q.page.unwrap_or(1), Locale::Vi).await?;
    Ok(Json(BehindListOut {
        figure,
        page: list.page,
        more: list.more,
        dossiers: list
            .dossiers
            .into_iter()
            .map(|d| {
                let status = d.state.status.unwrap_or(motcua_store::Status::Registered);
                BehindOut {
                    code: d.code.to_string(),
                    status: status.number(),
                    status_label: status.label(Locale::Vi),
                    center_id: d.center_id,
                    procedure_code: d.procedure_code.to_string(),
                    received_at: d.received_at,
                    appointment: d.state.appointment,
                }
            })
            .collect(),
    }))
}

/// The dashboard's tables as they are exported: the figures beside the
/// period before, the ranking, the officers, the index and the trend. Built
/// from the API's own answer, so the file holds the numbers the page shows.
pub fn tables(d: &DashboardOut, l: Locale, made_at: &str) -> Vec<Table> {
    use crate::export::{Cell, Column, Kind};
    let notes = vec![
        d.scope_name.clone(),
        l.t_args(
            "dashboard-period-line",
            &[
                ("from", day_text(d.period.from).into()),
                ("to", day_text(d.period.to).into()),
                ("pfrom", day_text(d.previous.from).into()),
                ("pto", day_text(d.previous.to).into()),
            ],
        ),
        l.t_args("dashboard-made-at", &[("at", made_at.into())]),
    ];
    let value_cell = |unit: Unit, v: Option<f64>| match unit {
        Unit::Count => Cell::Count(v.unwrap_or(0.0).round() as i64),
        Unit::Share => Cell::Share(v),
        Unit::Days | Unit::Minutes => Cell::Decimal(v),
    };
    let figures = Table {
        title: l.t("dashboard-sheet-figures").into(),
        notes: notes.clone(),
        columns: vec![
            Column::new(l.t("dashboard-col-figure"), Kind::Text),
            Column::new(l.t("dashboard-col-now"), Kind::Decimal),
            Column::new(l.t("dashboard-col-numerator"), Kind::Count),
            Column::new(l.t("dashboard-col-denominator"), Kind::Count),
            Column::new(l.t("dashboard-col-before"), Kind::Decimal),
            Column::new(l.t("dashboard-col-numerator"), Kind::Count),
            Column::new(l.t("dashboard-col-denominator"), Kind::Count),
        ],
        rows: d
            .kpis
            .iter()
            .map(|k| {
                let den = |x: Option<i64>| x.map_or(Cell::Empty, Cell::Count);
                vec![
                    Cell::Text(k.label.into()),
                    value_cell(k.unit, k.value),
                    Cell::Count(k.numerator),
                    den(k.denominator),
                    value_cell(k.unit, k.previous_value),
                    Cell::Count(k.previous_numerator),
                    den(k.previous_denominator),
                ]
            })
            .chain(
                [
                    ("kpi-registered", d.open.registered),
                    ("kpi-pending", d.open.pending),
                    ("kpi-due-soon", d.open.due_soon),
                    ("kpi-overdue", d.open.overdue),
                ]
                .into_iter()
                .map(|(key, n)| {
                    vec![
                        Cell::Text(format!("{} ({})", l.t(key), l.t("dashboard-open-now"))),
                        Cell::Count(n),
                        Cell::Empty,
                        Cell::Empty,
                        Cell::Empty,
                        Cell::Empty,
                        Cell::Empty,
                    ]
                }),
            )
            .collect(),
    };
    let ranking = Table {
        title: l.t("dashboard-sheet-ranking").into(),
        notes: notes.clone(),
        columns: vec![
            Column::new(l.t("dashboard-col-rank"), Kind::Count),
            Column::new(l.t("dashboard-col-center"), Kind::Text),
            Column::new(l.t("kpi-received"), Kind::Count),
            Column::new(l.t("kpi-online"), Kind::Count),
            Column::new(l.t("kpi-by-post"), Kind::Count),
            Column::new(l.t("kpi-finished"), Kind::Count),
            Column::new(l.t("kpi-late"), Kind::Count),
            Column::new(l.t("kpi-on-time-rate"), Kind::Share),
            Column::new(l.t("kpi-digitized-rate"), Kind::Share),
            Column::new(l.t("kpi-pending"), Kind::Count),
            Column::new(l.t("kpi-overdue"), Kind::Count),
            Column::new(l.t("kpi-satisfaction"), Kind::Share),
        ],
        rows: d
            .ranking
            .iter()
            .map(|c| {
                vec![
                    Cell::Count(c.rank as i64),
                    Cell::Text(c.name.clone()),
                    Cell::Count(c.received),
                    Cell::Count(c.online),
                    Cell::Count(c.by_post),
                    Cell::Count(c.finished),
                    Cell::Count(c.late),
                    Cell::Share(c.on_time_rate),
                    Cell::Share(c.digitized_rate),
                    Cell::Count(c.open.pending),
                    Cell::Count(c.open.overdue),
                    Cell::Share(c.satisfaction),
                ]
            })
            .collect(),
    };
    let officers = Table {
        title: l.t("dashboard-sheet-officers").into(),
        notes: notes.clone(),
        columns: vec![
            Column::new(l.t("dashboard-col-center"), Kind::Text),
            Column::new(l.t("dashboard-col-officer"), Kind::Text),
            Column::new(l.t("dashboard-col-kind"), Kind::Text),
            Column::new(l.t("kpi-received"), Kind::Count),
            Column::new(l.t("kpi-digitized"), Kind::Count),
            Column::new(l.t("kpi-finished"), Kind::Count),
            Column::new(l.t("kpi-on-time"), Kind::Count),
            Column::new(l.t("kpi-late"), Kind::Count),
            Column::new(l.t("kpi-returned"), Kind::Count),
            Column::new(l.t("kpi-ratings"), Kind::Count),
            Column::new(l.t("kpi-satisfaction"), Kind::Share),
        ],
        rows: d
            .officers
            .iter()
            .map(|o| {
                vec![
                    Cell::Text(o.center.clone()),
                    Cell::Text(format!("{} ({})", o.name, o.username)),
                    Cell::Text(
                        l.t(if o.postal {
                            "dashboard-postal-employee"
                        } else {
                            "dashboard-civil-servant"
                        })
                        .into(),
                    ),
                    Cell::Count(o.received),
                    Cell::Count(o.digitized),
                    Cell::Count(o.settled),
                    Cell::Count(o.on_time),
                    Cell::Count(o.late),
                    Cell::Count(o.returned),
                    Cell::Count(o.ratings),
                    Cell::Share(o.satisfaction),
                ]
            })
            .collect(),
    };
    let index = Table {
        title: l.t("dashboard-sheet-index").into(),
        notes: notes.clone(),
        columns: vec![
            Column::new(l.t("dashboard-col-indicator"), Kind::Text),
            Column::new(l.t("dashboard-col-numerator"), Kind::Count),
            Column::new(l.t("dashboard-col-denominator"), Kind::Count),
            Column::new(l.t("dashboard-col-rate"), Kind::Share),
            Column::new(l.t("dashboard-col-target"), Kind::Share),
            Column::new(l.t("dashboard-col-points"), Kind::Decimal),
            Column::new(l.t("dashboard-col-max"), Kind::Decimal),
        ],
        rows: d
            .index
            .iter()
            .map(|i| {
                let count = |x: Option<u64>| x.map_or(Cell::Empty, |n| Cell::Count(n as i64));
                let name = match i.standing {
                    "not-held" => format!("{} — {}", i.name, l.t("dashboard-not-held")),
                    "no-data" => format!("{} — {}", i.name, l.t("dashboard-no-data")),
                    _ => i.name.into(),
                };
                vec![
                    Cell::Text(name),
                    count(i.numerator),
                    count(i.denominator),
                    Cell::Share(i.rate),
                    Cell::Share(i.target),
                    Cell::Decimal(i.points),
                    Cell::Decimal(Some(i.max_points)),
                ]
            })
            .collect(),
    };
    let trend = Table {
        title: l.t("dashboard-sheet-trend").into(),
        notes,
        columns: vec![
            Column::new(l.t("dashboard-period"), Kind::Text),
            Column::new(l.t("kpi-received"), Kind::Count),
            Column::new(l.t("kpi-online"), Kind::Count),
            Column::new(l.t("kpi-finished"), Kind::Count),
            Column::new(l.t("kpi-early"), Kind::Count),
            Column::new(l.t("kpi-on-time"), Kind::Count),
            Column::new(l.t("kpi-late"), Kind::Count),
            Column::new(
                format!(
                    "{} ({})",
                    l.t("kpi-received"),
                    l.t("dashboard-previous-period")
                ),
                Kind::Count,
            ),
        ],
        rows: d
            .trend
            .iter()
            .map(|t| {
                vec![
                    Cell::Text(t.label.clone()),
                    Cell::Count(t.received),
                    Cell::Count(t.online),
                    Cell::Count(t.finished),
                    Cell::Count(t.early),
                    Cell::Count(t.on_time),
                    Cell::Count(t.late),
                    Cell::Count(t.previous_received),
                ]
            })
            .collect(),
    };
    vec![figures, ranking, officers, index, trend]
}

/// `28/11/2026`.
pub fn day_text(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// Which file, and which table of it.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `xlsx` (every table, a sheet each) or `csv` (one table).
    pub format: String,
    /// For CSV: figures (default), ranking, officers, index or trend.
    #[serde(default)]
    pub table: Option<String>,
}

/// The dashboard as a file: ready bytes, content type, file name.
pub async fn export_file(
    state: &AppState,
    p: &Principal,
    ask: &Ask,
    q: &ExportQuery,
    l: Locale,
) -> Result<(Vec<u8>, &'static str, String), WebError> {
    let d = dashboard::dashboard(state, p, ask, l).await?;
    let out = out(&d, l);
    let now = motcua_calendar::from_timestamp(state.now());
    let made_at = format!(
        "{:02}:{:02} {}",
        now.hour(),
        now.minute(),
        day_text(now.date())
    );
    let mut tables = tables(&out, l, &made_at);
    let base = format!(
        "bang-dieu-khien-{}-{}-{}",
        crate::forms::file_part(&out.scope_name),
        out.period.from,
        out.period.to
    );
    match q.format.trim() {
        "xlsx" => {
            let bytes = tokio::task::spawn_blocking(move || crate::export::to_xlsx(&tables))
                .await
                .map_err(|e| WebError::Internal(e.to_string()))??;
            Ok((bytes, crate::forms::XLSX, format!("{base}.xlsx")))
        }
        "csv" => {
            let which = q.table.as_deref().unwrap_or("figures").trim();
            let i = ["figures", "ranking", "officers", "index", "trend"]
                .iter()
                .position(|t| *t == which)
                .ok_or_else(|| WebError::invalid("table", Message::new("error-dashboard-table")))?;
            let table = tables.swap_remove(i);
            Ok((
                crate::export::to_csv(&table),
                "text/csv; charset=utf-8",
                format!("{base}-{which}.csv"),
            ))
        }
        _ => Err(WebError::invalid(
            "format",
            Message::new("error-dashboard-format"),
        )),
    }
}

/// Sends a file for download.
pub fn download(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The dashboard's tables as an Excel workbook (a sheet each: figures,
/// ranking, officers, index, trend) or one of them as CSV (UTF-8 with a BOM).
#[utoipa::path(get, path = "/api/v1/dashboard/export", tag = "dashboards",
    params(Ask, ExportQuery),
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The file", content(
            (crate::forms::Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "text/csv"))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    p: Principal,
    Query(ask): Query<Ask>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, WebError> {
    let (bytes, content_type, name) = export_file(&state, &p, &ask, &q, Locale::Vi).await?;
    Ok(download(bytes, content_type, &name))
}

/// The ask of a monthly report: the month of the ask. A `period` other
/// than `month` (or none) is replaced by the month holding `on`, else
/// `from`, else today; `from` and `to` are then ignored.
pub fn monthly(ask: &Ask) -> Ask {
    let given = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let is_month = ask.period.as_deref().map(str::trim) == Some("month");
    Ask {
        scope: ask.scope.clone(),
        period: Some("month".into()),
        on: if is_month {
            given(&ask.on)
        } else {
            given(&ask.on).or_else(|| given(&ask.from))
        },
        from: None,
        to: None,
    }
}

/// The monthly report as PDF bytes and a file name.
pub async fn report_file(
    state: &AppState,
    p: &Principal,
    ask: &Ask,
    l: Locale,
) -> Result<(Vec<u8>, String), WebError> {
    let d = dashboard::dashboard(state, p, &monthly(ask), l).await?;
    let out = out(&d, l);
    let now = motcua_calendar::from_timestamp(state.now());
    let made_at = format!(
        "{:02}:{:02} {}",
        now.hour(),
        now.minute(),
        day_text(now.date())
    );
    let name = format!(
        "bao-cao-thang-{}-{}-{:02}.pdf",
        crate::forms::file_part(&out.scope_name),
        out.period.from.year(),
        out.period.from.month()
    );
    let form = crate::forms::monthly_report(&out, l, &made_at);
    let bytes = tokio::task::spawn_blocking(move || crate::forms::render(&form))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((bytes, name))
}

/// Sends a PDF to be shown in the browser.
pub fn inline_pdf(bytes: Vec<u8>, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The monthly report of a scope as PDF (A4): the open dossiers, every
/// figure beside the month before with its numerator and denominator, the
/// month's days as charts (received; early, on time and late), the ranking
/// of centers (the first 20), the officers (for a center) and Decision
/// 766's index with its points. Always a month: when `period` is not
/// `month`, the month holding `on` (else `from`, else today) is reported;
/// `from` and `to` are otherwise ignored.
#[utoipa::path(get, path = "/api/v1/dashboard/report.pdf", tag = "dashboards",
    params(Ask, ("lang" = Option<String>, Query, description = "vi (default) or en, for the labels and numbers")),
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The report", content_type = "application/pdf", body = crate::forms::Pdf),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "A scope that is not the user's", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn report(
    State(state): State<AppState>,
    p: Principal,
    Query(ask): Query<Ask>,
    Query(lang): Query<LangQuery>,
) -> Result<Response, WebError> {
    let (bytes, name) = report_file(&state, &p, &ask, lang.locale()).await?;
    Ok(inline_pdf(bytes, &name))
}
