//! The center's screens of opinions and complaints (PAKN): the list with
//! each one's pending deadline and overdue marks, and indicators 5.1–5.4 of
//! the month (`/pakn`); one PAKN with its deadlines, history and the steps
//! the reader may take (`/pakn/{code}`). The rules are `cases::feedback`'s.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use motcua_domain::feedback::counts::Indicators;
use motcua_domain::feedback::{pending, Category, FeedbackStatus, Stage};
use motcua_domain::Locale;
use motcua_store::{AccountId, CenterId};
use serde::Deserialize;

use super::{html, when, Bar};
use crate::api::feedback::FeedbackOut;
use crate::auth::PageUser;
use crate::cases::feedback::{self as cases, FeedbackActionIn};
use crate::locale::Lang;
use crate::{AppState, WebError};

pub struct Row {
    code: String,
    center: String,
    category: &'static str,
    status: &'static str,
    assigned: String,
    due: String,
    overdue: bool,
}

#[derive(Template)]
#[template(path = "feedback_list.html")]
struct ListPage {
    l: Locale,
    path: &'static str,
    bar: Bar,
    centers: Vec<(i64, String)>,
    center_id: String,
    statuses: Vec<(&'static str, &'static str)>,
    status: String,
    overdue: bool,
    rows: Vec<Row>,
    /// Indicators 5.1–5.4 in words and numbers.
    facts: Vec<(String, String)>,
    period: String,
}

fn facts(l: Locale, i: &Indicators) -> Vec<(String, String)> {
    let mut out = vec![(l.t("feedback-staff-total").to_string(), l.number(i.total))];
    for c in &i.by_category {
        if let Some(k) = Category::parse(&c.category) {
            out.push((k.label(l).to_string(), l.number(c.count)));
        }
    }
    let share = |a: u64, b: u64| format!("{} / {} ({})", l.number(a), l.number(b), l.percent(a, b));
    out.push((
        l.t("feedback-staff-handled-on-time").to_string(),
        share(i.handled_on_time, i.handled),
    ));
    out.push((
        l.t("feedback-staff-satisfied").to_string(),
        share(i.satisfied, i.total),
    ));
    out.push((
        l.t("feedback-staff-dossiers").to_string(),
        l.number(i.dossiers_with_feedback),
    ));
    out
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    trung_tam: String,
    #[serde(default)]
    trang_thai: String,
    #[serde(default)]
    qua_han: Option<String>,
}

/// `GET /pakn`: the PAKN of the centers the reader works at (or all, for
/// those who oversee).
pub async fn list(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Query(q): Query<ListQuery>,
) -> Response {
    match list_page(&state, l, &user, q).await {
        Ok(p) => html(StatusCode::OK, p),
        Err(e) => e.into_response(),
    }
}

async fn list_page(
    state: &AppState,
    l: Locale,
    user: &PageUser,
    q: ListQuery,
) -> Result<ListPage, WebError> {
    let p = &user.principal;
    let centers: Vec<(i64, String)> = state
        .store
        .centers()
        .await?
        .into_iter()
        .filter(|c| cases::reads_center(p, c.id))
        .map(|c| (c.id.0, c.name))
        .collect();
    let center = q
        .trung_tam
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| centers.iter().any(|(c, _)| c == id))
        .map(CenterId);
    let overdue = q.qua_han.is_some();
    let status: String = q.trang_thai.trim().chars().take(20).collect();
    let rows = cases::list(state, p, center, Some(&status), overdue).await?;
    let rows = rows
        .into_iter()
        .map(|(f, due, late)| Row {
            center: f.center_name.clone(),
            category: f.category.label(l),
            status: f.workflow.status.label(l),
            assigned: f.assigned_name.clone().unwrap_or_default(),
            due: due
                .map(|(s, t)| format!("{} · {}", s.label(l), when(t)))
                .unwrap_or_default(),
            overdue: late,
            code: f.code,
        })
        .collect();
    // Indicators of this month for the center shown (or the only one).
    let one = center.or_else(|| (centers.len() == 1).then(|| CenterId(centers[0].0)));
    let today = motcua_calendar::from_timestamp(state.now()).date();
    let first = today.first_of_month();
    let indicators = match one {
        Some(c) => Some(cases::center_indicators(state, p, c, first, today).await?),
        None => None,
    };
    Ok(ListPage {
        l,
        path: "/pakn",
        bar: Bar::of(state, user).await?,
        center_id: center.map(|c| c.to_string()).unwrap_or_default(),
        centers,
        statuses: FeedbackStatus::ALL
            .iter()
            .map(|s| (s.code(), s.label(l)))
            .collect(),
        status,
        overdue,
        rows,
        facts: indicators.as_ref().map(|i| facts(l, i)).unwrap_or_default(),
        period: format!(
            "{} – {}",
            first.strftime("%d/%m/%Y"),
            today.strftime("%d/%m/%Y")
        ),
    })
}

#[derive(Template)]
#[template(path = "feedback_detail.html")]
struct DetailPage {
    l: Locale,
    path: &'static str,
    bar: Bar,
    f: FeedbackOut,
    category: &'static str,
    status: &'static str,
    deadlines: Vec<(&'static str, String, bool)>,
    history: Vec<(String, String, String)>,
    officers: Vec<(i64, String)>,
    can_assign: bool,
    can_handle: bool,
    can_publish: bool,
    can_close: bool,
    preview_question: String,
    preview_answer: String,
    text: String,
    error: Option<String>,
}

async fn detail_page(
    state: &AppState,
    l: Locale,
    user: &PageUser,
    code: &str,
    text: String,
    error: Option<String>,
) -> Result<DetailPage, WebError> {
    let p = &user.principal;
    let f = cases::readable(state, p, code).await?;
    let out = crate::api::feedback::out(state, p, &f).await?;
    let d = cases::deadlines_of(state, &f).await?;
    let late = cases::late_of(state, &f).await?;
    let w = &f.workflow;
    let mut deadlines = vec![
        (
            Stage::Refuse.label(l),
            when(d.refuse_by),
            late.contains(&Stage::Refuse),
        ),
        (
            Stage::AskInfo.label(l),
            when(d.ask_info_by),
            late.contains(&Stage::AskInfo),
        ),
        (
            Stage::Answer.label(l),
            d.answer_by
                .map(when)
                .unwrap_or_else(|| l.t("feedback-answer-paused").to_string()),
            late.contains(&Stage::Answer),
        ),
    ];
    if let Some(t) = d.publish_by {
        deadlines.push((
            Stage::Publish.label(l),
            when(t),
            late.contains(&Stage::Publish),
        ));
    }
    let _ = pending(w, &d);
    let history = state
        .store
        .feedback_history(f.id)
        .await?
        .into_iter()
        .map(|h| {
            (
                when(h.at),
                h.to.label(l).to_string(),
                h.actor_name.unwrap_or_default(),
            )
        })
        .collect();
    let leader = cases::is_leader(p, f.center_id);
    let handler = leader || w.assigned_to == Some(p.account.id);
    let open = matches!(
        w.status,
        FeedbackStatus::Received | FeedbackStatus::Handling
    );
    let today = motcua_calendar::from_timestamp(state.now()).date();
    // Who the leader may assign: the center's staff with an account, named
    // with their role and login.
    let mut officers = Vec::new();
    if leader {
        for posting in state.store.staff_at(f.center_id, today).await? {
            let Some(a) = posting.account_id else {
                continue;
            };
            let login = state
                .store
                .account_by_id(a)
                .await?
                .map(|acc| acc.username)
                .unwrap_or_default();
            let label = format!(
                "{} ({}) · {login}",
                posting.full_name,
                posting.role.label(l)
            );
            if !officers.iter().any(|(id, _): &(i64, String)| *id == a.0) {
                officers.push((a.0, label));
            }
        }
    }
    let (preview_question, preview_answer) = if leader && w.status == FeedbackStatus::Answered {
        cases::published_texts(&f, None, None).unwrap_or_default()
    } else {
        Default::default()
    };
    Ok(DetailPage {
        l,
        path: "/pakn",
        bar: Bar::of(state, user).await?,
        category: f.category.label(l),
        status: w.status.label(l),
        deadlines,
        history,
        can_assign: leader && (open || w.status == FeedbackStatus::WaitingInfo),
        can_handle: handler && open,
        can_publish: leader && w.status == FeedbackStatus::Answered,
        can_close: leader
            && matches!(
                w.status,
                FeedbackStatus::Answered
                    | FeedbackStatus::Published
                    | FeedbackStatus::Refused
                    | FeedbackStatus::WaitingInfo
            ),
        officers,
        preview_question,
        preview_answer,
        text,
        error,
        f: out,
    })
}

/// `GET /pakn/{code}`.
pub async fn detail(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Path(code): Path<String>,
) -> Response {
    match detail_page(&state, l, &user, &code, String::new(), None).await {
        Ok(p) => html(StatusCode::OK, p),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize, Default)]
pub struct ActionForm {
    #[serde(default)]
    _csrf: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    expected_version: String,
    #[serde(default)]
    to_account: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    question: Option<String>,
    #[serde(default)]
    answer: Option<String>,
}

/// `POST /pakn/{code}/thao-tac`: one step; back to the page, or the page
/// again with the reason and what was typed.
pub async fn act(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Path(code): Path<String>,
    Form(form): Form<ActionForm>,
) -> Response {
    if let Err(e) = user.check_csrf(&form._csrf) {
        return e.into_response();
    }
    let body = FeedbackActionIn {
        action: form.action.chars().take(20).collect(),
        expected_version: form.expected_version.trim().parse().unwrap_or(-1),
        to_account: form.to_account.trim().parse().ok().map(AccountId),
        text: form.text.clone(),
        question: form.question.clone(),
        answer: form.answer.clone(),
    };
    match cases::act(&state, &user.principal, &code, &body).await {
        Ok(f) => Redirect::to(&format!("/pakn/{}", f.code)).into_response(),
        Err(
            e @ (WebError::Invalid { .. }
            | WebError::Conflict(_)
            | WebError::Store(motcua_store::StoreError::Conflict(_))),
        ) => {
            let status = if matches!(e, WebError::Invalid { .. }) {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::CONFLICT
            };
            let typed: String = form.text.chars().take(cases::MAX_TEXT + 1).collect();
            match detail_page(&state, l, &user, &code, typed, Some(e.localize(l))).await {
                Ok(p) => html(status, p),
                Err(e) => e.into_response(),
            }
        }
        Err(e) => e.into_response(),
    }
}
