//! The guidance log's screens: `/huong-dan`, the counter staff's quick form
//! (procedure by code or name, the channel as three big choices, the dossier
//! that followed if known, a note) above the day's entries of their center,
//! each with its "link the dossier that followed"; and
//! `/huong-dan/bao-cao?thang=2026-11`, the monthly report, one row per
//! center in the reader's scope, printable.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use motcua_domain::guidance::{GuidedChannel, Month};
use motcua_domain::i18n::Message;
use motcua_domain::Locale;
use motcua_store::{CenterId, GuidanceId, GuidanceRecord, ProcedureSummary};
use serde::Deserialize;

use super::{html, Bar};
use crate::auth::PageUser;
use crate::cases::guidance::{self, CenterSummary, GuidanceIn, MonthReport};
use crate::locale::Lang;
use crate::{AppState, WebError};

/// The center where the user records guidance: their first counter posting.
fn guide_center(user: &PageUser) -> Result<CenterId, WebError> {
    user.principal
        .postings
        .iter()
        .find(|x| x.role.works_at_counter())
        .map(|x| x.center_id)
        .ok_or_else(|| WebError::Forbidden(Message::new("denied-guidance-counter-staff")))
}

/// What the quick form shows again after an error: what was typed.
#[derive(Default)]
pub struct Typed {
    pub procedure: String,
    pub procedure_code: String,
    pub guided_to: String,
    pub dossier_code: String,
    pub note: String,
}

/// A line of today's list.
pub struct Row {
    pub id: i64,
    pub time: String,
    pub who: String,
    pub procedure: String,
    pub procedure_code: String,
    pub channel: &'static str,
    pub dossier: Option<String>,
    /// The error of a link tried on this row, and the code typed.
    pub link_error: Option<String>,
    pub link_typed: String,
}

#[derive(Template)]
#[template(path = "guidance.html")]
struct GuidancePage {
    l: Locale,
    path: &'static str,
    bar: Bar,
    center_id: i64,
    center: String,
    channels: Vec<(&'static str, &'static str)>,
    procedures: Vec<ProcedureSummary>,
    /// Several procedures matched what was typed: choose one.
    candidates: Vec<ProcedureSummary>,
    typed: Typed,
    error: Option<String>,
    /// The field the error names, where the cursor goes.
    error_field: String,
    done: Option<String>,
    rows: Vec<Row>,
    month: String,
    today_title: String,
    count_text: String,
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    #[serde(default)]
    da_ghi: Option<String>,
    #[serde(default)]
    da_gan: Option<String>,
}

struct Again {
    typed: Typed,
    candidates: Vec<ProcedureSummary>,
    error: Option<(String, String)>,
    link: Option<(i64, String, String)>,
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    l: Locale,
    user: &PageUser,
    status: StatusCode,
    done: Option<String>,
    again: Again,
) -> Result<Response, WebError> {
    let center_id = guide_center(user)?;
    let center = state
        .store
        .center(center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let today = motcua_calendar::from_timestamp(state.now()).date();
    let entries = guidance::entries(state, &user.principal, center_id, today, today).await?;
    let procedures = state
        .store
        .procedures(&motcua_store::ProcedureQuery {
            center_id: Some(center_id),
            limit: 1000,
            ..Default::default()
        })
        .await?;
    let rows: Vec<Row> = entries
        .iter()
        .map(|g| row(l, g, again.link.as_ref()))
        .collect();
    let (error, error_field) = again.error.unzip();
    Ok(html(
        status,
        GuidancePage {
            l,
            path: "/huong-dan",
            bar: Bar::of(state, user).await?,
            center_id: center_id.0,
            center: center.name.clone(),
            channels: GuidedChannel::ALL
                .iter()
                .map(|c| (c.code(), c.label(l)))
                .collect(),
            procedures,
            candidates: again.candidates,
            typed: again.typed,
            error,
            error_field: error_field.unwrap_or_default(),
            done,
            today_title: l.t_args("guidance-today", &[("center", center.name.clone().into())]),
            count_text: l.t_args("guidance-count-today", &[("count", rows.len().into())]),
            rows,
            month: Month::of(state.now()).to_string(),
        },
    ))
}

fn row(l: Locale, g: &GuidanceRecord, link: Option<&(i64, String, String)>) -> Row {
    let tried = link.filter(|(id, _, _)| *id == g.id.0);
    Row {
        id: g.id.0,
        time: motcua_calendar::from_timestamp(g.entry.at)
            .strftime("%H:%M")
            .to_string(),
        who: g.guided_by_name.clone(),
        procedure: g.procedure_name.clone(),
        procedure_code: g.entry.procedure_code.to_string(),
        channel: g.entry.channel.label(l),
        dossier: g.entry.dossier.as_ref().map(|c| c.to_string()),
        link_error: tried.map(|(_, e, _)| e.clone()),
        link_typed: tried.map(|(_, _, t)| t.clone()).unwrap_or_default(),
    }
}

/// `GET /huong-dan`
pub async fn show(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let done = if q.da_ghi.is_some() {
        Some(l.t("guidance-recorded").to_string())
    } else {
        q.da_gan
            .as_deref()
            .and_then(crate::cases::dossier_code)
            .map(|c| l.t_args("guidance-linked", &[("code", c.to_string().into())]))
    };
    page(
        &state,
        l,
        &user,
        StatusCode::OK,
        done,
        Again {
            typed: Typed::default(),
            candidates: Vec::new(),
            error: None,
            link: None,
        },
    )
    .await
}

fn field<'a>(form: &'a [(String, String)], k: &str) -> &'a str {
    form.iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

fn status_of(e: &WebError) -> Option<StatusCode> {
    match e {
        WebError::Invalid { .. } => Some(StatusCode::UNPROCESSABLE_ENTITY),
        WebError::Forbidden(_) => Some(StatusCode::FORBIDDEN),
        WebError::Conflict(_) => Some(StatusCode::CONFLICT),
        _ => None,
    }
}

fn field_of(e: &WebError) -> String {
    match e {
        WebError::Invalid { field, .. } => field.clone(),
        _ => String::new(),
    }
}

/// `POST /huong-dan`: one person guided.
pub async fn record(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    user.check_csrf(field(&form, "_csrf"))?;
    let center: i64 = field(&form, "center_id")
        .parse()
        .map_err(|_| WebError::NotFound)?;
    let typed = Typed {
        procedure: field(&form, "procedure").into(),
        procedure_code: field(&form, "procedure_code").into(),
        guided_to: field(&form, "guided_to").into(),
        dossier_code: field(&form, "dossier_code").into(),
        note: field(&form, "note").into(),
    };
    // The procedure: the one chosen from a list, else what was typed.
    let mut candidates = Vec::new();
    let code = if !typed.procedure_code.trim().is_empty() {
        Ok(typed.procedure_code.clone())
    } else {
        match guidance::find_procedures(&state, &typed.procedure).await {
            Ok(found) if found.len() == 1 => Ok(found[0].code.to_string()),
            Ok(found) if found.is_empty() => Err(crate::input::invalid(
                "procedure_code",
                if typed.procedure.trim().is_empty() {
                    Message::new("error-required")
                } else {
                    Message::new("guidance-no-such-procedure")
                        .with("value", typed.procedure.trim().to_string())
                },
            )),
            Ok(found) => {
                let n = found.len();
                candidates = found;
                Err(crate::input::invalid(
                    "procedure_code",
                    Message::new("guidance-several-procedures").with("count", n),
                ))
            }
            Err(e) => Err(e),
        }
    };
    let result = match code {
        Ok(procedure_code) => {
            let body = GuidanceIn {
                center_id: CenterId(center),
                procedure_code,
                guided_to: typed.guided_to.clone(),
                dossier_code: Some(typed.dossier_code.clone()),
                note: Some(typed.note.clone()),
            };
            guidance::record(&state, &user.principal, &body).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(Redirect::to("/huong-dan?da_ghi=1").into_response()),
        Err(e) => {
            let Some(status) = status_of(&e) else {
                return Err(e);
            };
            if status == StatusCode::FORBIDDEN {
                return Err(e);
            }
            let error = Some((e.localize(l), field_of(&e)));
            page(
                &state,
                l,
                &user,
                status,
                None,
                Again {
                    typed,
                    candidates,
                    error,
                    link: None,
                },
            )
            .await
        }
    }
}

/// `POST /huong-dan/{id}/ho-so`: the dossier that followed an entry.
pub async fn link(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    user.check_csrf(field(&form, "_csrf"))?;
    let typed = field(&form, "dossier_code").to_string();
    match guidance::link(&state, &user.principal, GuidanceId(id), &typed).await {
        Ok(g) => {
            let code = g.entry.dossier.map(|c| c.to_string()).unwrap_or_default();
            Ok(Redirect::to(&format!(
                "/huong-dan?da_gan={}",
                crate::auth::urlencode(&code)
            ))
            .into_response())
        }
        Err(e) => {
            let Some(status) = status_of(&e).filter(|s| *s != StatusCode::FORBIDDEN) else {
                return Err(e);
            };
            page(
                &state,
                l,
                &user,
                status,
                None,
                Again {
                    typed: Typed::default(),
                    candidates: Vec::new(),
                    error: None,
                    link: Some((id, e.localize(l), typed)),
                },
            )
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "guidance_report.html")]
struct ReportPage {
    l: Locale,
    path: &'static str,
    bar: Bar,
    month: String,
    title: String,
    previous: String,
    next: String,
    report: Option<MonthReport>,
    error: Option<String>,
    /// Whether the user records guidance (a link back to the log).
    counter: bool,
}

impl ReportPage {
    fn n(&self, n: &u64) -> String {
        self.l.number(*n)
    }
    fn rate(&self, s: &CenterSummary) -> String {
        self.l.percent(s.summary.followed, s.summary.guided)
    }
}

#[derive(Deserialize, Default)]
pub struct ReportQuery {
    #[serde(default)]
    thang: Option<String>,
    #[serde(default)]
    trung_tam: Option<String>,
}

/// `GET /huong-dan/bao-cao?thang=2026-11[&trung_tam=ID]`
pub async fn report(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    let center = match q
        .trung_tam
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(s) => Some(CenterId(s.parse().map_err(|_| WebError::NotFound)?)),
        None => None,
    };
    let asked = guidance::month(&state, q.thang.as_deref());
    let shown = asked
        .as_ref()
        .copied()
        .unwrap_or_else(|_| Month::of(state.now()));
    let (report, error, status) = match asked {
        Ok(m) => match guidance::summary(&state, &user.principal, m, center).await {
            Ok(r) => (Some(r), None, StatusCode::OK),
            Err(e) => return Err(e),
        },
        Err(e) => (None, Some(e.localize(l)), StatusCode::UNPROCESSABLE_ENTITY),
    };
    let typed = q.thang.clone().unwrap_or_default();
    Ok(html(
        status,
        ReportPage {
            l,
            path: "/huong-dan",
            bar: Bar::of(&state, &user).await?,
            month: if error.is_some() {
                typed.chars().take(20).collect()
            } else {
                shown.to_string()
            },
            title: l.t_args(
                "guidance-report-title",
                &[(
                    "month",
                    match l {
                        Locale::Vi => shown.display_vi(),
                        Locale::En => shown.to_string(),
                    }
                    .into(),
                )],
            ),
            previous: shown.previous().to_string(),
            next: shown.next().to_string(),
            report,
            error,
            counter: user
                .principal
                .postings
                .iter()
                .any(|x| x.role.works_at_counter()),
        },
    ))
}
