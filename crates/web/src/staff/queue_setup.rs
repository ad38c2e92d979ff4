//! The hall of a center (`/sanh`): its service groups and devices (set up
//! by its leader), how long people waited and were served over a period,
//! and the staffing advice. Its staff and those who oversee read it.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use motcua_domain::Locale;
use motcua_store::{CenterId, KioskId};
use serde::Deserialize;

use super::{html, Bar};
use crate::auth::PageUser;
use crate::cases::queue::{self, KioskIn, ServiceGroupIn};
use crate::cases::queue_times::{self, Advice, AdviceCell, PeriodQuery, QueueTimes, TimeRow};
use crate::locale::Lang;
use crate::{AppState, WebError};

#[derive(Deserialize, Default)]
pub struct SetupQuery {
    /// The center, for those who oversee several.
    #[serde(default)]
    trung_tam: Option<i64>,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    muc_tieu: Option<String>,
}

pub struct GroupRow {
    pub letter: String,
    pub name: String,
    pub fields: String,
    pub position: i64,
    pub active: bool,
}

pub struct DeviceRow {
    pub id: i64,
    pub kind: &'static str,
    pub label: String,
    pub counter: String,
    pub created: String,
    pub revoked: bool,
}

#[derive(Template)]
#[template(path = "queue_setup.html")]
struct SetupPage {
    l: Locale,
    path: &'static str,
    bar: Bar,
    center_id: i64,
    center: String,
    /// Centers the reader may switch to.
    centers: Vec<(i64, String)>,
    manages: bool,
    groups: Vec<GroupRow>,
    devices: Vec<DeviceRow>,
    /// The link of a device just made: shown this once.
    issued: Option<String>,
    times: QueueTimes,
    advice: Advice,
    target: String,
    error: Option<String>,
    /// What the group form had, when it comes back with an error.
    group_form: Vec<(String, String)>,
}

impl SetupPage {
    fn weekday(&self, n: &i8) -> &'static str {
        super::advice_view::weekday(self.l, *n)
    }
    fn cell_class(&self, c: &AdviceCell) -> String {
        super::advice_view::cell_class(c)
    }
    fn cell_title(&self, c: &AdviceCell) -> String {
        super::advice_view::cell_title(self.l, c)
    }
    fn advice_lead(&self) -> String {
        super::advice_view::lead(self.l, &self.advice)
    }
    fn minutes(&self, m: &Option<f64>) -> String {
        self.l.decimal(*m)
    }
    /// What `form` (group or device) had in field `k`, when it came back.
    fn kept(&self, form: &str, k: &str) -> String {
        if field(&self.group_form, "form") != form {
            return String::new();
        }
        self.group_form
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
    fn rows(&self) -> Vec<(String, &TimeRow)> {
        vec![
            (self.l.t("queue-in-hours").to_string(), &self.times.in_hours),
            (
                self.l.t("queue-after-hours").to_string(),
                &self.times.after_hours,
            ),
        ]
    }
}

/// The center a reader looks at: the one asked for if they may read it,
/// else their first posting's (or the first center for those who oversee).
async fn center_of(
    state: &AppState,
    user: &PageUser,
    asked: Option<i64>,
) -> Result<(CenterId, Vec<(i64, String)>), WebError> {
    let p = &user.principal;
    let all = state.store.centers().await?;
    let readable: Vec<(i64, String)> = all
        .into_iter()
        .filter(|c| p.sees_everything() || p.postings.iter().any(|x| x.center_id == c.id))
        .map(|c| (c.id.0, c.name))
        .collect();
    let pick = asked
        .filter(|a| readable.iter().any(|(id, _)| id == a))
        .or_else(|| p.postings.first().map(|x| x.center_id.0))
        .or_else(|| readable.first().map(|(id, _)| *id))
        .ok_or(WebError::NotFound)?;
    Ok((CenterId(pick), readable))
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    l: Locale,
    user: &PageUser,
    q: SetupQuery,
    status: StatusCode,
    issued: Option<String>,
    error: Option<String>,
    group_form: Vec<(String, String)>,
) -> Result<Response, WebError> {
    let (center_id, centers) = center_of(state, user, q.trung_tam).await?;
    let center = state
        .store
        .center(center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let (from, to) = queue_times::period(
        state,
        &PeriodQuery {
            from: q.from.clone(),
            to: q.to.clone(),
        },
    )?;
    let target = match q
        .muc_tieu
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        None => 10.0,
        Some(t) => queue_times::target(Some(t.replace(',', ".").parse().unwrap_or(f64::NAN)))?,
    };
    let groups = state.store.service_groups(center_id).await?;
    let counters = state.store.counters(center_id).await?;
    let devices = state
        .store
        .kiosks(center_id)
        .await?
        .into_iter()
        .map(|k| DeviceRow {
            id: k.id.0,
            kind: k.kind.label(l),
            label: k.name,
            counter: k
                .counter_id
                .and_then(|c| counters.iter().find(|x| x.id == c))
                .map(|c| c.number.to_string())
                .unwrap_or_default(),
            created: super::when(k.created_at),
            revoked: k.revoked_at.is_some(),
        })
        .collect();
    Ok(html(
        status,
        SetupPage {
            l,
            path: "/sanh",
            bar: Bar::of(state, user).await?,
            center_id: center_id.0,
            center: center.name,
            centers,
            manages: queue::manages_hall(&user.principal, center_id),
            groups: groups
                .iter()
                .map(|g| GroupRow {
                    letter: g.letter.to_string(),
                    name: g.name.clone(),
                    fields: g
                        .fields
                        .iter()
                        .map(|f| f.to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    position: g.position,
                    active: g.active,
                })
                .collect(),
            devices,
            issued,
            times: queue_times::center_times(state, center_id, from, to).await?,
            advice: queue_times::center_advice(state, center_id, target).await?,
            target: if target.fract() == 0.0 {
                format!("{target:.0}")
            } else {
                l.decimal(Some(target))
            },
            error,
            group_form,
        },
    ))
}

/// `GET /sanh`
pub async fn show(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Query(q): Query<SetupQuery>,
) -> Result<Response, WebError> {
    page(&state, l, &user, q, StatusCode::OK, None, None, Vec::new()).await
}

/// Shows the page again with an error (and the form as it was typed), or
/// lets other errors through.
async fn again(
    state: &AppState,
    l: Locale,
    user: &PageUser,
    center: i64,
    e: WebError,
    kept: Vec<(String, String)>,
) -> Result<Response, WebError> {
    let status = match &e {
        WebError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        WebError::Forbidden(_) => StatusCode::FORBIDDEN,
        WebError::Conflict(_) => StatusCode::CONFLICT,
        _ => return Err(e),
    };
    let q = SetupQuery {
        trung_tam: Some(center),
        ..Default::default()
    };
    page(state, l, user, q, status, None, Some(e.localize(l)), kept).await
}

fn field<'a>(form: &'a [(String, String)], k: &str) -> &'a str {
    form.iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// `POST /sanh/nhom`: a service group, added or changed (by its letter).
pub async fn save_group(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    user.check_csrf(field(&form, "_csrf"))?;
    let center: i64 = field(&form, "center_id")
        .parse()
        .map_err(|_| WebError::NotFound)?;
    let body = ServiceGroupIn {
        center_id: CenterId(center),
        letter: field(&form, "letter").into(),
        name: field(&form, "name").into(),
        fields: field(&form, "fields")
            .split([',', ' ', ';'])
            .filter(|f| !f.trim().is_empty())
            .map(str::to_string)
            .collect(),
        position: field(&form, "position").trim().parse().unwrap_or(0),
        active: field(&form, "active") == "on",
    };
    match queue::save_group(&state, &user.principal, &body).await {
        Ok(_) => Ok(Redirect::to(&format!("/sanh?trung_tam={center}")).into_response()),
        Err(e) => again(&state, l, &user, center, e, form).await,
    }
}

/// `POST /sanh/thiet-bi`: a kiosk or a counter's rating tablet; its link is
/// shown once, on the page that answers.
pub async fn create_device(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    user.check_csrf(field(&form, "_csrf"))?;
    let center: i64 = field(&form, "center_id")
        .parse()
        .map_err(|_| WebError::NotFound)?;
    let body = KioskIn {
        center_id: CenterId(center),
        device_type: field(&form, "device_type").into(),
        counter: field(&form, "counter").trim().parse().ok(),
        name: field(&form, "name").into(),
    };
    match queue::create_kiosk(&state, &user.principal, &body).await {
        Ok(k) => {
            let url = match &state.config.public_url {
                Some(base) => format!("{}{}", base.trim_end_matches('/'), k.path),
                None => k.path,
            };
            let q = SetupQuery {
                trung_tam: Some(center),
                ..Default::default()
            };
            page(
                &state,
                l,
                &user,
                q,
                StatusCode::CREATED,
                Some(url),
                None,
                Vec::new(),
            )
            .await
        }
        Err(e) => again(&state, l, &user, center, e, form).await,
    }
}

#[derive(Deserialize)]
pub struct RevokeForm {
    #[serde(rename = "_csrf")]
    csrf: String,
    center_id: i64,
}

/// `POST /sanh/thiet-bi/{id}/thu-hoi`
pub async fn revoke_device(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Path(id): Path<KioskId>,
    Form(f): Form<RevokeForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&f.csrf)?;
    match queue::revoke_kiosk(&state, &user.principal, CenterId(f.center_id), id).await {
        Ok(()) => Ok(Redirect::to(&format!("/sanh?trung_tam={}", f.center_id)).into_response()),
        Err(e) => again(&state, l, &user, f.center_id, e, Vec::new()).await,
    }
}
