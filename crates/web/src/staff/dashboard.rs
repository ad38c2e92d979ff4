//! The dashboard page (`/bang-dieu-khien`): where supervisors, inspectors
//! and the post office land after signing in, and leaders find their
//! center's figures. Charts are drawn on the server (`charts.rs`); every
//! number links to the dossiers behind it (`/bang-dieu-khien/ho-so`); the
//! tables download as Excel or CSV (`/bang-dieu-khien/tai-ve`), the month
//! as a PDF report with its charts (`/bang-dieu-khien/bao-cao.pdf`).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use motcua_domain::monitor::period::PeriodKind;
use motcua_domain::monitor::Unit;
use motcua_domain::Locale;
use serde::Deserialize;

use super::{html, Bar};
use crate::api::dashboards::{self as api, day_text, DashboardOut, ExportQuery, KpiOut};
use crate::auth::PageUser;
use crate::cases::dashboard::{self, Ask, Choice, Scope};
use crate::charts;
use crate::locale::Lang;
use crate::{AppState, WebError};

/// What the form shows as typed.
struct Typed {
    scope: String,
    period: String,
    on: String,
    from: String,
    to: String,
}

impl Typed {
    fn of(ask: &Ask) -> Typed {
        let cut = |s: &Option<String>| s.as_deref().unwrap_or("").chars().take(20).collect();
        Typed {
            scope: ask
                .scope
                .as_deref()
                .unwrap_or("")
                .chars()
                .take(40)
                .collect(),
            period: ask
                .period
                .as_deref()
                .unwrap_or("month")
                .chars()
                .take(20)
                .collect(),
            on: cut(&ask.on),
            from: cut(&ask.from),
            to: cut(&ask.to),
        }
    }
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    l: Locale,
    path: &'static str,
    bar: Bar,
    typed: Typed,
    /// The scopes to choose, in groups (the widest, communes, centers).
    choices: Vec<(&'static str, Vec<(String, String)>)>,
    kinds: Vec<(&'static str, &'static str)>,
    error: Option<String>,
    d: Option<DashboardOut>,
    /// The query string of the dashboard shown (for links).
    query: String,
    prev_query: String,
    next_query: String,
    charts: Vec<String>,
    ranking_chart: String,
}

impl DashboardPage {
    fn n(&self, n: &i64) -> String {
        let s = self.l.number(n.unsigned_abs());
        if *n < 0 {
            format!("-{s}")
        } else {
            s
        }
    }

    fn share(&self, x: &Option<f64>) -> String {
        share_text(self.l, *x)
    }

    fn points(&self, x: &f64) -> String {
        self.l.decimal(Some(*x))
    }

    fn opt_points(&self, x: &Option<f64>) -> String {
        self.l.decimal(*x)
    }

    fn count(&self, x: &Option<u64>) -> String {
        x.map_or_else(|| "—".into(), |n| self.l.number(n))
    }

    /// A figure's value as read: a count, a share, a mean.
    fn value(&self, k: &KpiOut, before: bool) -> String {
        let (v, n, d) = if before {
            (
                k.previous_value,
                k.previous_numerator,
                k.previous_denominator,
            )
        } else {
            (k.value, k.numerator, k.denominator)
        };
        match k.unit {
            Unit::Count => self.l.number(n.unsigned_abs()),
            Unit::Share => match d {
                Some(d) if d > 0 => self.l.percent(n.unsigned_abs(), d.unsigned_abs()),
                _ => "—".into(),
            },
            Unit::Days | Unit::Minutes => self.l.decimal(v),
        }
    }

    /// `60 / 200` under a share or a mean.
    fn fraction(&self, k: &KpiOut, before: bool) -> String {
        let (n, d) = if before {
            (k.previous_numerator, k.previous_denominator)
        } else {
            (k.numerator, k.denominator)
        };
        match (k.unit, d) {
            (Unit::Share, Some(d)) => format!(
                "{} / {}",
                self.l.number(n.unsigned_abs()),
                self.l.number(d.unsigned_abs())
            ),
            (Unit::Days | Unit::Minutes, Some(d)) => {
                format!("÷ {}", self.l.number(d.unsigned_abs()))
            }
            _ => String::new(),
        }
    }

    fn day(&self, d: &jiff::civil::Date) -> String {
        day_text(*d)
    }

    fn index_points(&self, got: &f64, of: &f64) -> String {
        self.l.t_args(
            "dashboard-index-points",
            &[
                ("got", self.l.decimal(Some(*got)).into()),
                ("of", self.l.decimal(Some(*of)).into()),
            ],
        )
    }

    fn behind(&self, figure: &str) -> String {
        format!("/bang-dieu-khien/ho-so?{}&figure={figure}", self.query)
    }
}

fn share_text(l: Locale, x: Option<f64>) -> String {
    match x {
        Some(x) => l.percent((x * 100_000.0).round() as u64, 100_000),
        None => "—".into(),
    }
}

/// The query string that asks for `ask` (empty parts left out).
pub fn query_of(ask: &Ask) -> String {
    let mut parts = Vec::new();
    for (k, v) in [
        ("scope", &ask.scope),
        ("period", &ask.period),
        ("on", &ask.on),
        ("from", &ask.from),
        ("to", &ask.to),
    ] {
        if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            parts.push(format!("{k}={}", crate::auth::urlencode(v)));
        }
    }
    parts.join("&")
}

fn charts_of(d: &DashboardOut, l: Locale) -> (Vec<String>, String) {
    let labels: Vec<String> = d.trend.iter().map(|t| t.label.clone()).collect();
    let received = charts::line_chart(
        l,
        l.t("dashboard-trend-received"),
        &labels,
        &[
            charts::Series {
                label: l.t("dashboard-this-period").into(),
                values: d.trend.iter().map(|t| Some(t.received as f64)).collect(),
                style: charts::Style::Current,
            },
            charts::Series {
                label: l.t("dashboard-previous-period").into(),
                values: d
                    .trend
                    .iter()
                    .map(|t| Some(t.previous_received as f64))
                    .collect(),
                style: charts::Style::Previous,
            },
        ],
        charts::Scale::Count,
    );
    let outcomes = charts::stacked_bars(
        l,
        l.t("dashboard-trend-on-time"),
        &labels,
        &[
            charts::Stack {
                label: l.t("kpi-early").into(),
                values: d.trend.iter().map(|t| t.early.max(0) as u64).collect(),
                style: charts::Part::Early,
            },
            charts::Stack {
                label: l.t("kpi-on-time").into(),
                values: d.trend.iter().map(|t| t.on_time.max(0) as u64).collect(),
                style: charts::Part::OnTime,
            },
            charts::Stack {
                label: l.t("kpi-late").into(),
                values: d.trend.iter().map(|t| t.late.max(0) as u64).collect(),
                style: charts::Part::Late,
            },
        ],
    );
    let rate =
        |on_time: i64, finished: i64| (finished > 0).then(|| on_time as f64 / finished as f64);
    let on_time_rate = charts::line_chart(
        l,
        l.t("dashboard-trend-rate"),
        &labels,
        &[
            charts::Series {
                label: l.t("dashboard-this-period").into(),
                values: d
                    .trend
                    .iter()
                    .map(|t| rate(t.early + t.on_time, t.finished))
                    .collect(),
                style: charts::Style::Current,
            },
            charts::Series {
                label: l.t("dashboard-previous-period").into(),
                values: d
                    .trend
                    .iter()
                    .map(|t| rate(t.previous_on_time, t.previous_finished))
                    .collect(),
                style: charts::Style::Previous,
            },
        ],
        charts::Scale::Percent,
    );
    let bars: Vec<charts::Bar> = d
        .ranking
        .iter()
        .map(|c| charts::Bar {
            label: c.name.clone(),
            value: c.on_time_rate,
            href: Some(format!(
                "/bang-dieu-khien?scope=center:{}&period={}&from={}&to={}&on={}",
                c.center_id, d.period.kind, d.period.from, d.period.to, d.period.from
            )),
        })
        .collect();
    let ranking = if bars.len() > 1 {
        charts::bar_chart(
            l,
            l.t("dashboard-ranking-chart"),
            &bars,
            charts::Scale::Percent,
        )
    } else {
        String::new()
    };
    (vec![received, outcomes, on_time_rate], ranking)
}

/// The asked period moved by one step back or forward (a custom one keeps
/// its length).
fn shifted(ask: &Ask, d: &DashboardOut, forward: bool) -> String {
    let mut a = ask.clone();
    let p = if forward {
        let next = d.period.to.tomorrow().unwrap_or(d.period.to);
        let len = (d.period.to - d.period.from).get_days() as i64;
        (
            next,
            next.checked_add(jiff::Span::new().days(len))
                .unwrap_or(next),
        )
    } else {
        (d.previous.from, d.previous.to)
    };
    if d.period.kind == "custom" {
        a.from = Some(p.0.to_string());
        a.to = Some(p.1.to_string());
    } else {
        a.on = Some(p.0.to_string());
        a.from = None;
        a.to = None;
    }
    query_of(&a)
}

/// `GET /bang-dieu-khien`
pub async fn show(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Query(ask): Query<Ask>,
) -> Result<Response, WebError> {
    let p = &user.principal;
    if !dashboard::reads_dashboards(p) {
        return Err(WebError::Forbidden(motcua_domain::i18n::Message::new(
            "denied-dashboard",
        )));
    }
    let mut groups: Vec<(&'static str, Vec<(String, String)>)> = vec![
        (l.t("dashboard-group-wide"), Vec::new()),
        (l.t("dashboard-group-units"), Vec::new()),
        (l.t("dashboard-group-centers"), Vec::new()),
    ];
    for Choice { scope, name } in dashboard::choices(&state, p, l).await? {
        let group = match scope {
            Scope::Province | Scope::PostOffice => 0,
            Scope::Unit(_) => 1,
            Scope::Center(_) => 2,
        };
        groups[group].1.push((scope.code(), name));
    }
    groups.retain(|(_, c)| !c.is_empty());
    let choices = groups;
    let (d, error) = match dashboard::dashboard(&state, p, &ask, l).await {
        Ok(d) => (Some(api::out(&d, l)), None),
        Err(e @ WebError::Invalid { .. }) => (None, Some(e.localize(l))),
        Err(e) => return Err(e),
    };
    let mut typed = Typed::of(&ask);
    if let Some(d) = &d {
        typed.scope = d.scope.clone();
        typed.period = d.period.kind.clone();
        if typed.on.is_empty() && d.period.kind != "custom" {
            typed.on = d.period.from.to_string();
        }
        if d.period.kind == "custom" {
            typed.from = d.period.from.to_string();
            typed.to = d.period.to.to_string();
        }
    }
    let (charts, ranking_chart) = d.as_ref().map(|d| charts_of(d, l)).unwrap_or_default();
    let mut shown = ask.clone();
    if let Some(d) = &d {
        shown.scope = Some(d.scope.clone());
        shown.period = Some(d.period.kind.clone());
    }
    let (prev_query, next_query) = d
        .as_ref()
        .map(|d| (shifted(&shown, d, false), shifted(&shown, d, true)))
        .unwrap_or_default();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(html(
        status,
        DashboardPage {
            l,
            path: "/bang-dieu-khien",
            bar: Bar::of(&state, &user).await?,
            typed,
            choices,
            kinds: PeriodKind::ALL
                .iter()
                .map(|k| (k.code(), k.label(l)))
                .collect(),
            error,
            query: query_of(&shown),
            prev_query,
            next_query,
            charts,
            ranking_chart,
            d,
        },
    ))
}

#[derive(Template)]
#[template(path = "dashboard_behind.html")]
struct BehindPage {
    l: Locale,
    path: &'static str,
    bar: Bar,
    title: String,
    scope_name: String,
    period: String,
    open_now: bool,
    back: String,
    rows: Vec<BehindRow>,
    prev: Option<String>,
    next: Option<String>,
}

struct BehindRow {
    code: String,
    procedure: String,
    center: String,
    received: String,
    appointment: String,
    status: &'static str,
}

#[derive(Debug, Deserialize)]
pub struct BehindQuery {
    #[serde(default)]
    figure: String,
    #[serde(default)]
    page: Option<i64>,
}

/// `GET /bang-dieu-khien/ho-so?…&figure=late`
pub async fn behind(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Query(ask): Query<Ask>,
    Query(q): Query<BehindQuery>,
) -> Result<Response, WebError> {
    let figure: String = q.figure.chars().take(40).collect();
    let page = q.page.unwrap_or(1);
    let list = dashboard::behind(&state, &user.principal, &ask, &figure, page, l).await?;
    let names: std::collections::HashMap<_, _> = state
        .store
        .centers()
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mut rows = Vec::with_capacity(list.dossiers.len());
    for d in &list.dossiers {
        let procedure = state
            .store
            .procedure(&d.procedure_code)
            .await?
            .map(|p| p.procedure.name)
            .unwrap_or_else(|| d.procedure_code.to_string());
        let status = d.state.status.unwrap_or(motcua_store::Status::Registered);
        rows.push(BehindRow {
            code: d.code.to_string(),
            procedure,
            center: names.get(&d.center_id).cloned().unwrap_or_default(),
            received: super::when(d.received_at),
            appointment: d.state.appointment.map(super::when).unwrap_or_default(),
            status: status.label(l),
        });
    }
    let query = query_of(&ask);
    let link = |p: i64| format!("/bang-dieu-khien/ho-so?{query}&figure={figure}&page={p}");
    let open_now = matches!(
        figure.as_str(),
        "registered" | "pending" | "due-soon" | "overdue"
    );
    Ok(html(
        StatusCode::OK,
        BehindPage {
            l,
            path: "/bang-dieu-khien",
            bar: Bar::of(&state, &user).await?,
            title: l.t_args(
                "dashboard-behind-title",
                &[("figure", api::kpi_label(l, &figure).into())],
            ),
            scope_name: list.asked.name.clone(),
            period: format!(
                "{} – {}",
                day_text(list.asked.period.from),
                day_text(list.asked.period.to)
            ),
            open_now,
            back: format!("/bang-dieu-khien?{query}"),
            prev: (list.page > 1).then(|| link(list.page - 1)),
            next: list.more.then(|| link(list.page + 1)),
            rows,
        },
    ))
}

/// `GET /bang-dieu-khien/tai-ve?…&format=xlsx` (or `csv&table=ranking`)
pub async fn download(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Query(ask): Query<Ask>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, WebError> {
    let (bytes, content_type, name) =
        api::export_file(&state, &user.principal, &ask, &q, l).await?;
    Ok(api::download(bytes, content_type, &name))
}

/// `GET /bang-dieu-khien/bao-cao.pdf?…`: the monthly report (the month of
/// the period shown; see [`api::monthly`]).
pub async fn report(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Query(ask): Query<Ask>,
) -> Result<Response, WebError> {
    let (bytes, name) = api::report_file(&state, &user.principal, &ask, l).await?;
    Ok(api::inline_pdf(bytes, &name))
}
