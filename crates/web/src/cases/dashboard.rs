//! The dashboards: a scope (a center, a commune's centers, the province, or
//! the post office's view: the centers where its employees work), a period
//! and the one before it, the figures of both, their trend, the ranking of
//! centers, the officers' figures and Decision 766's index. The store sums
//! the rollups; `domain::monitor` divides; this case decides who reads what.
//!
//! Those who oversee (supervisors, inspectors, administrators) read every
//! scope; a center's leader reads the centers they lead; nobody else.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use jiff::Timestamp;
use motcua_domain::dossier::rollup::{OfficerCounts, RollupCounts};
use motcua_domain::feedback::counts::Indicators as FeedbackIndicators;
use motcua_domain::i18n::Message;
use motcua_domain::monitor::period::{Period, PeriodKind, Step};
use motcua_domain::monitor::{self, Figures, IndexLine, Kpi, Open, Queue, Ratings};
use motcua_domain::org::Role;
use motcua_domain::queue::rating::Satisfaction;
use motcua_store::{Behind, CenterId, DossierRecord, RollupGroup};
use serde::Deserialize;

use crate::auth::Principal;
use crate::{AppState, WebError};

/// What a dashboard is asked for, as the query string gives it (the page
/// and the API alike). Every part is optional: the default is the user's
/// widest scope and this month.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Ask {
    /// `province`, `post` (the centers where postal employees work),
    /// `unit:ID` (a commune's centers) or `center:ID`.
    #[serde(default)]
    pub scope: Option<String>,
    /// `day`, `week`, `month`, `quarter`, `year` or `custom`.
    #[serde(default)]
    pub period: Option<String>,
    /// A day of the period (`2026-11-28`; today when left out); not for `custom`.
    #[serde(default)]
    pub on: Option<String>,
    /// The first and last days of a `custom` period.
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}

/// Whose figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Province,
    PostOffice,
    Unit(i64),
    Center(CenterId),
}

impl Scope {
    pub fn code(&self) -> String {
        match self {
            Scope::Province => "province".into(),
            Scope::PostOffice => "post".into(),
            Scope::Unit(id) => format!("unit:{id}"),
            Scope::Center(id) => format!("center:{id}"),
        }
    }

    fn parse(text: &str) -> Option<Scope> {
        match text.trim() {
            "province" => Some(Scope::Province),
            "post" => Some(Scope::PostOffice),
            t => {
                let (kind, id) = t.split_once(':')?;
                let id: i64 = id.trim().parse().ok()?;
                match kind {
                    "unit" => Some(Scope::Unit(id)),
                    "center" => Some(Scope::Center(CenterId(id))),
                    _ => None,
                }
            }
        }
    }
}

/// The scopes a user may choose, with their names.
#[derive(Debug, Clone)]
pub struct Choice {
    pub scope: Scope,
    pub name: String,
}

/// What [`read`] found: the scope and period asked, resolved.
#[derive(Debug, Clone)]
pub struct Asked {
    pub scope: Scope,
    pub name: String,
    /// The centers it covers (`None`: every center).
    pub centers: Option<Vec<CenterId>>,
    pub period: Period,
}

/// A figure now and in the period before.
#[derive(Debug, Clone, Copy)]
pub struct Pair {
    pub now: Kpi,
    pub before: Kpi,
}

/// One step of the trend, with the matching step of the period before.
#[derive(Debug, Clone)]
pub struct TrendStep {
    pub step: Step,
    pub counts: RollupCounts,
    pub before: RollupCounts,
}

/// A center's line in the ranking.
#[derive(Debug, Clone)]
pub struct CenterLine {
    pub center_id: CenterId,
    pub name: String,
    pub counts: RollupCounts,
    pub open: Open,
    pub ratings: Ratings,
}

/// An officer's line.
#[derive(Debug, Clone)]
pub struct OfficerLine {
    pub center_id: CenterId,
    pub center: String,
    pub username: String,
    pub name: String,
    /// Whether the account works for the post office (a postal employee).
    pub postal: bool,
    pub counts: OfficerCounts,
    pub ratings: Ratings,
}

/// A whole dashboard.
#[derive(Debug, Clone)]
pub struct Dashboard {
    pub asked: Asked,
    pub previous: Period,
    pub figures: Figures,
    pub before: Figures,
    pub kpis: Vec<Pair>,
    /// Open now, whatever the period.
    pub open: Open,
    pub trend: Vec<TrendStep>,
    pub centers: Vec<CenterLine>,
    pub officers: Vec<OfficerLine>,
    pub index: Vec<IndexLine>,
    pub points: (f64, f64),
}

/// Who may read dashboards at all: those who oversee, and leaders.
pub fn reads_dashboards(p: &Principal) -> bool {
    p.sees_everything() || p.postings.iter().any(|x| x.role == Role::Leader)
}

fn led_centers(p: &Principal) -> Vec<CenterId> {
    let mut ids: Vec<CenterId> = p
        .postings
        .iter()
        .filter(|x| x.role == Role::Leader)
        .map(|x| x.center_id)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// The scopes `p` may choose, widest first.
pub async fn choices(
    state: &AppState,
    p: &Principal,
    l: motcua_domain::Locale,
) -> Result<Vec<Choice>, WebError> {
    let centers = state.store.centers().await?;
    let mut out = Vec::new();
    if p.sees_everything() {
        let province = state
            .store
            .province()
            .await?
            .map(|x| x.name)
            .unwrap_or_default();
        let mut widest = vec![
            Choice {
                scope: Scope::Province,
                name: province,
            },
            Choice {
                scope: Scope::PostOffice,
                name: l.t("dashboard-scope-post").into(),
            },
        ];
        // The post office's own people start from the post office's view.
        if let Some(staff) = p.account.staff_id {
            if state.store.staff_employer(staff).await?
                == Some(motcua_domain::org::Employer::Vnpost)
            {
                widest.reverse();
            }
        }
        out.extend(widest);
        for u in state.store.units().await? {
            if centers.iter().any(|c| c.unit_id == Some(u.id)) {
                out.push(Choice {
                    scope: Scope::Unit(u.id),
                    name: u.name,
                });
            }
        }
        out.extend(centers.into_iter().map(|c| Choice {
            scope: Scope::Center(c.id),
            name: c.name,
        }));
    } else {
        let led = led_centers(p);
        out.extend(
            centers
                .into_iter()
                .filter(|c| led.contains(&c.id))
                .map(|c| Choice {
                    scope: Scope::Center(c.id),
                    name: c.name,
                }),
        );
    }
    Ok(out)
}

/// A day typed as 28/11/2026 or 2026-11-28; the message names the field.
fn day_of(field: &'static str, text: &str) -> Result<Date, WebError> {
    let wrong = || WebError::invalid(field, Message::new(field_message(field)));
    let text = text.trim();
    if text.len() > 20 {
        return Err(wrong());
    }
    motcua_domain::catalog::eform::parse_day(text).ok_or_else(wrong)
}

fn field_message(field: &str) -> &'static str {
    match field {
        "from" => "error-dashboard-from",
        "to" => "error-dashboard-to",
        _ => "error-dashboard-on",
    }
}

/// The period asked, or the month of `today`.
pub fn period_of(ask: &Ask, today: Date) -> Result<Period, WebError> {
    let kind = match ask
        .period
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => PeriodKind::Month,
        Some(t) if t.len() <= 20 => PeriodKind::parse(t)
            .ok_or_else(|| WebError::invalid("period", Message::new("error-dashboard-period")))?,
        Some(_) => {
            return Err(WebError::invalid(
                "period",
                Message::new("error-dashboard-period"),
            ))
        }
    };
    let given = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    if kind == PeriodKind::Custom {
        let from = given(&ask.from)
            .ok_or_else(|| WebError::invalid("from", Message::new("error-dashboard-from")))?;
        let to = given(&ask.to)
            .ok_or_else(|| WebError::invalid("to", Message::new("error-dashboard-to")))?;
        let (from, to) = (day_of("from", &from)?, day_of("to", &to)?);
        // Far dates have no next day to end the period at.
        for (field, day) in [("from", from), ("to", to)] {
            if !(2000..=2100).contains(&day.year()) {
                return Err(WebError::invalid(field, Message::new(field_message(field))));
            }
        }
        return Period::custom(from, to).map_err(|e| match e {
            motcua_domain::monitor::period::PeriodError::Reversed => {
                WebError::invalid("to", Message::new("error-dashboard-reversed"))
            }
            motcua_domain::monitor::period::PeriodError::TooLong => {
                WebError::invalid("from", Message::new("error-dashboard-too-long"))
            }
        });
    }
    let on = match given(&ask.on) {
        Some(t) => day_of("on", &t)?,
        None => today,
    };
    if !(2000..=2100).contains(&on.year()) {
        return Err(WebError::invalid(
            "on",
            Message::new("error-date-out-of-range"),
        ));
    }
    Ok(Period::containing(kind, on))
}

/// Reads and checks what is asked: the scope must be one `p` may choose.
pub async fn read(
    state: &AppState,
    p: &Principal,
    ask: &Ask,
    l: motcua_domain::Locale,
) -> Result<Asked, WebError> {
    if !reads_dashboards(p) {
        return Err(WebError::Forbidden(Message::new("denied-dashboard")));
    }
    let today = motcua_calendar::from_timestamp(state.now()).date();
    let period = period_of(ask, today)?;
    let choices = choices(state, p, l).await?;
    let scope = match ask
        .scope
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => choices
            .first()
            .map(|c| c.scope)
            .ok_or_else(|| WebError::Forbidden(Message::new("denied-dashboard")))?,
        Some(t) => Scope::parse(&t.chars().take(40).collect::<String>())
            .ok_or_else(|| WebError::invalid("scope", Message::new("error-dashboard-scope")))?,
    };
    let Some(choice) = choices.iter().find(|c| c.scope == scope) else {
        // A scope that exists but is not this user's reads as not found.
        return Err(WebError::NotFound);
    };
    let centers = match scope {
        Scope::Province => None,
        Scope::Center(id) => Some(vec![id]),
        Scope::Unit(unit) => Some(
            state
                .store
                .centers()
                .await?
                .into_iter()
                .filter(|c| c.unit_id == Some(unit))
                .map(|c| c.id)
                .collect(),
        ),
        Scope::PostOffice => Some(state.store.postal_centers(period.from, period.to).await?),
    };
    Ok(Asked {
        scope,
        name: choice.name.clone(),
        centers,
        period,
    })
}

/// `[start, end)` of a period's days in Vietnam.
pub fn bounds(p: &Period) -> (Timestamp, Timestamp) {
    let start = motcua_calendar::to_timestamp(p.from.to_datetime(jiff::civil::Time::MIN));
    let end = motcua_calendar::to_timestamp(
        p.to.tomorrow()
            .expect("dates in range")
            .to_datetime(jiff::civil::Time::MIN),
    );
    (start, end)
}

/// The end of "due soon": the close of the second working day from now.
fn soon(state: &AppState, now: Timestamp) -> Timestamp {
    let cal = state.calendar(&motcua_calendar::OfficeHours::default());
    let today = motcua_calendar::from_timestamp(now).date();
    let second = cal.next_working_day(cal.next_working_day(today));
    motcua_calendar::to_timestamp(
        second
            .tomorrow()
            .expect("dates in range")
            .to_datetime(jiff::civil::Time::MIN),
    )
}

fn ratings_of<'a>(rows: impl Iterator<Item = &'a motcua_store::RatingCount>) -> Ratings {
    let mut r = Ratings::default();
    for x in rows {
        match x.rating {
            Satisfaction::VerySatisfied => r.very_satisfied += x.count,
            Satisfaction::Satisfied => r.satisfied += x.count,
            Satisfaction::NotSatisfied => r.not_satisfied += x.count,
        }
    }
    r
}

fn add_feedback(into: &mut FeedbackIndicators, x: &FeedbackIndicators) {
    into.total += x.total;
    into.handled += x.handled;
    into.handled_on_time += x.handled_on_time;
    into.late += x.late;
    into.disliked += x.disliked;
    into.repeated += x.repeated;
    into.satisfied += x.satisfied;
    into.dossiers_with_feedback += x.dossiers_with_feedback;
    for c in &x.by_category {
        match into
            .by_category
            .iter_mut()
            .find(|y| y.category == c.category)
        {
            Some(y) => y.count += c.count,
            None => into.by_category.push(c.clone()),
        }
    }
}

/// The PAKN indicators of the centers' PAKN received in the period.
async fn feedback_of(
    state: &AppState,
    centers: &[motcua_store::Center],
    period: &Period,
) -> Result<FeedbackIndicators, WebError> {
    let (start, end) = bounds(period);
    let mut out = FeedbackIndicators::default();
    for c in centers {
        let rows = state
            .store
            .feedback_received_between(c.id, start, end)
            .await?;
        if rows.is_empty() {
            continue;
        }
        let items: Vec<motcua_domain::feedback::counts::Counted> = rows
            .iter()
            .map(|f| motcua_domain::feedback::counts::Counted {
                category: f.category,
                dossier: f.dossier_id,
                repeated: f.repeated,
                workflow: &f.workflow,
            })
            .collect();
        let cal = state.calendar(&c.office_hours);
        add_feedback(
            &mut out,
            &motcua_domain::feedback::counts::indicators(&items, &cal, state.now()),
        );
    }
    Ok(out)
}

/// The figures of `centers` (every one when `None`) over a period.
pub async fn figures(
    state: &AppState,
    centers: Option<&[CenterId]>,
    period: &Period,
) -> Result<Figures, WebError> {
    let store = &state.store;
    let (start, end) = bounds(period);
    let now = state.now();
    let counts = store
        .rollup_sums(centers, period.from, period.to, RollupGroup::Total)
        .await?
        .into_iter()
        .next()
        .map(|s| s.counts)
        .unwrap_or_default();
    let open = store
        .open_counts(centers, now, now, Some((start, end)))
        .await?;
    let ratings = store.rating_counts(centers, start, end).await?;
    let queue = store.queue_sums(centers, period.from, period.to).await?;
    let all = store.centers().await?;
    let covered: Vec<motcua_store::Center> = all
        .into_iter()
        .filter(|c| centers.is_none_or(|ids| ids.contains(&c.id)))
        .collect();
    Ok(Figures {
        counts,
        open_received: open.iter().map(|(_, o)| o.pending).sum(),
        open_received_overdue: open.iter().map(|(_, o)| o.overdue).sum(),
        ratings: ratings_of(ratings.iter()),
        queue: queue.iter().fold(Queue::default(), |q, (_, x)| Queue {
            tickets: q.tickets + x.tickets,
            called: q.called + x.called,
            wait_seconds: q.wait_seconds + x.wait_seconds,
        }),
        feedback: feedback_of(state, &covered, period).await?,
    })
}

/// The whole dashboard `ask` names, for `p`.
pub async fn dashboard(
    state: &AppState,
    p: &Principal,
    ask: &Ask,
    l: motcua_domain::Locale,
) -> Result<Dashboard, WebError> {
    let asked = read(state, p, ask, l).await?;
    let centers = asked.centers.as_deref();
    let period = asked.period;
    let previous = period.previous();
    let store = &state.store;
    let now = state.now();

    let figures_now = figures(state, centers, &period).await?;
    let before = figures(state, centers, &previous).await?;
    let kpis = monitor::kpis(&figures_now)
        .into_iter()
        .zip(monitor::kpis(&before))
        .map(|(now, before)| Pair { now, before })
        .collect();
    let open_now = store
        .open_counts(centers, now, soon(state, now), None)
        .await?;
    let open = open_now.iter().fold(Open::default(), |a, (_, o)| Open {
        registered: a.registered + o.registered,
        pending: a.pending + o.pending,
        due_soon: a.due_soon + o.due_soon,
        overdue: a.overdue + o.overdue,
    });

    // The trend: each step's days summed, beside the same step before.
    let by_day = |rows: Vec<motcua_store::RollupSum>| -> BTreeMap<Date, RollupCounts> {
        rows.into_iter()
            .filter_map(|s| Some((s.day?, s.counts)))
            .collect()
    };
    let days_now = by_day(
        store
            .rollup_sums(centers, period.from, period.to, RollupGroup::Day)
            .await?,
    );
    let days_before = by_day(
        store
            .rollup_sums(centers, previous.from, previous.to, RollupGroup::Day)
            .await?,
    );
    let sum_over = |days: &BTreeMap<Date, RollupCounts>, from: Date, to: Date| {
        let mut c = RollupCounts::default();
        for (_, x) in days.range(from..=to) {
            c += x;
        }
        c
    };
    let steps_before = previous.steps();
    let trend = period
        .steps()
        .into_iter()
        .enumerate()
        .map(|(i, step)| TrendStep {
            counts: sum_over(&days_now, step.from, step.to),
            before: steps_before
                .get(i)
                .map(|b| sum_over(&days_before, b.from, b.to))
                .unwrap_or_default(),
            step,
        })
        .collect();

    // The ranking of centers, best on-time rate first.
    let (start, end) = bounds(&period);
    let names: HashMap<CenterId, String> = store
        .centers()
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let by_center = store
        .rollup_sums(centers, period.from, period.to, RollupGroup::Center)
        .await?;
    let ratings = store.rating_counts(centers, start, end).await?;
    let open_by: HashMap<CenterId, motcua_store::OpenCounts> = open_now.iter().copied().collect();
    let mut center_lines: Vec<CenterLine> = by_center
        .into_iter()
        .filter_map(|s| {
            let id = s.center_id?;
            let o = open_by.get(&id).copied().unwrap_or_default();
            Some(CenterLine {
                center_id: id,
                name: names.get(&id).cloned().unwrap_or_else(|| id.to_string()),
                counts: s.counts,
                open: Open {
                    registered: o.registered,
                    pending: o.pending,
                    due_soon: o.due_soon,
                    overdue: o.overdue,
                },
                ratings: ratings_of(ratings.iter().filter(|r| r.center_id == id)),
            })
        })
        .collect();
    let rate = |c: &RollupCounts| {
        if c.finished == 0 {
            -1.0
        } else {
            c.on_time as f64 / c.finished as f64
        }
    };
    center_lines.sort_by(|a, b| {
        rate(&b.counts)
            .total_cmp(&rate(&a.counts))
            .then(b.counts.received.cmp(&a.counts.received))
            .then(a.name.cmp(&b.name))
    });

    // Officers: their work, and the ratings given to them.
    let officers_raw = store.officer_sums(centers, period.from, period.to).await?;
    let mut officers: Vec<OfficerLine> = officers_raw
        .into_iter()
        .map(|o| OfficerLine {
            center: names.get(&o.center_id).cloned().unwrap_or_default(),
            ratings: ratings_of(
                ratings
                    .iter()
                    .filter(|r| r.center_id == o.center_id && r.officer_id == Some(o.account_id)),
            ),
            postal: o.postal,
            center_id: o.center_id,
            username: o.username,
            name: o.name,
            counts: o.counts,
        })
        .collect();
    officers.sort_by(|a, b| a.center.cmp(&b.center).then(a.name.cmp(&b.name)));

    let index = monitor::index(&figures_now);
    let points = monitor::points(&index);
    Ok(Dashboard {
        asked,
        previous,
        figures: figures_now,
        before,
        kpis,
        open,
        trend,
        centers: center_lines,
        officers,
        index,
        points,
    })
}

/// Which dossiers a figure's drill-down lists: its code and how.
pub fn behind_of(code: &str) -> Option<(Behind, Option<Outcome>)> {
    use motcua_domain::catalog::Channel;
    Some(match code {
        "received" => (Behind::Received(None), None),
        "in-person" => (Behind::Received(Some(Channel::InPerson)), None),
        "online" => (Behind::Received(Some(Channel::Online)), None),
        "by-post" => (Behind::Received(Some(Channel::Post)), None),
        "finished" => (Behind::Finished, None),
        "early" => (Behind::Finished, Some(Outcome::Early)),
        "on-time" => (Behind::Finished, Some(Outcome::OnTime)),
        "late" => (Behind::Finished, Some(Outcome::Late)),
        "supplemented" => (Behind::Supplemented, None),
        "refused" => (Behind::Refused, None),
        "digitized" => (Behind::Digitized, None),
        "returned" => (Behind::Returned, None),
        "returned-by-post" => (Behind::ReturnedByPost, None),
        "registered" => (Behind::Registered, None),
        "pending" => (Behind::Pending, None),
        "due-soon" => (Behind::DueSoon, None),
        "overdue" => (Behind::Overdue, None),
        _ => return None,
    })
}

/// How a settled dossier did, judged by the rule that counted it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Early,
    OnTime,
    Late,
}

fn outcome_of(events: &[motcua_store::Event]) -> Option<Outcome> {
    // Judged exactly as the rollups judged it: at the event that first made
    // it processed, against the legal appointment then.
    let mut state = motcua_store::State::default();
    for e in events {
        let from = state.status;
        state.apply(&e.action, e.to, &e.agency);
        if e.to == motcua_store::Status::Processed && from != Some(motcua_store::Status::Processed)
        {
            let due = state.legal_appointment.or(state.appointment)?;
            return Some(
                match motcua_domain::dossier::Timeliness::classify(
                    due,
                    e.at,
                    state.supplement_count,
                ) {
                    motcua_domain::dossier::Timeliness::Early => Outcome::Early,
                    motcua_domain::dossier::Timeliness::OnTime => Outcome::OnTime,
                    motcua_domain::dossier::Timeliness::Late => Outcome::Late,
                },
            );
        }
    }
    None
}

/// A page of the dossiers behind a figure.
#[derive(Debug, Clone)]
pub struct BehindList {
    pub asked: Asked,
    pub code: String,
    pub dossiers: Vec<DossierRecord>,
    pub page: i64,
    pub more: bool,
}

/// Rows per page of a drill-down.
pub const PER_PAGE: i64 = 50;

/// The dossiers behind the figure `code` of the dashboard `ask` names.
pub async fn behind(
    state: &AppState,
    p: &Principal,
    ask: &Ask,
    code: &str,
    page: i64,
    l: motcua_domain::Locale,
) -> Result<BehindList, WebError> {
    let asked = read(state, p, ask, l).await?;
    let (what, outcome) = behind_of(code)
        .ok_or_else(|| WebError::invalid("figure", Message::new("error-dashboard-figure")))?;
    let page = page.clamp(1, 10_000);
    let (start, end) = bounds(&asked.period);
    let now = state.now();
    let soon = soon(state, now);
    let centers = asked.centers.as_deref();
    let Some(outcome) = outcome else {
        let found = state
            .store
            .dossiers_behind(
                centers,
                start,
                end,
                what,
                now,
                soon,
                PER_PAGE,
                (page - 1) * PER_PAGE,
            )
            .await?;
        return Ok(BehindList {
            asked,
            code: code.into(),
            dossiers: found.dossiers,
            page,
            more: found.more,
        });
    };
    // Early, on time and late are judged from each settled dossier's
    // events, as the rollups judged them; the settled ones are read in
    // chunks until the page is full.
    const CHUNK: i64 = 500;
    const MOST: i64 = 20_000;
    let (skip, mut kept, mut more) = ((page - 1) * PER_PAGE, Vec::new(), false);
    let mut matched = 0i64;
    let mut offset = 0i64;
    'chunks: while offset < MOST {
        let found = state
            .store
            .dossiers_behind(centers, start, end, what, now, soon, CHUNK, offset)
            .await?;
        let ids: Vec<motcua_store::DossierId> = found.dossiers.iter().map(|d| d.id).collect();
        let mut events = state.store.events_of(&ids).await?;
        for d in found.dossiers {
            let evs = events.remove(&d.id).unwrap_or_default();
            if outcome_of(&evs) != Some(outcome) {
                continue;
            }
            matched += 1;
            if matched <= skip {
                continue;
            }
            if kept.len() as i64 == PER_PAGE {
                more = true;
                break 'chunks;
            }
            kept.push(d);
        }
        if !found.more {
            break;
        }
        offset += CHUNK;
    }
    Ok(BehindList {
        asked,
        code: code.into(),
        dossiers: kept,
        page,
        more,
    })
}
