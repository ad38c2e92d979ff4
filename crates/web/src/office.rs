//! The staff's pages: sign-in, the inbox, and the dossier page with its timeline,
//! its forms and the actions this user may take now.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use motcua_calendar::clock::Standing;
use motcua_calendar::from_timestamp;
use motcua_domain::dossier::lifecycle::{Action, Rules};
use motcua_domain::org::Role;
use motcua_domain::Locale;
use motcua_store::{DossierRecord, Event};
use serde::Deserialize;

use crate::auth::{self, PageUser};
use crate::locale::{half, Lang};
use crate::{AppState, WebError};

pub(crate) fn html(status: StatusCode, t: impl Template) -> Response {
    match t.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(e) => WebError::from(e).into_response(),
    }
}

/// A same-site path to go back to, never another site. Browsers drop tabs and
/// line breaks inside URLs (`/\t/evil.example` is `//evil.example` to them)
/// and read `\\` as `/`, so only visible ASCII is allowed, and no second slash.
fn safe_next(next: Option<&str>) -> Option<String> {
    next.filter(|n| {
        n.len() <= 2000
            && n.starts_with('/')
            && !n.starts_with("//")
            && n.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
    })
    .map(str::to_string)
}

pub(crate) fn when(t: Timestamp) -> String {
    from_timestamp(t).strftime("%H:%M %d/%m/%Y").to_string()
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    l: Locale,
    path: &'static str,
    next: String,
    username: String,
    error: Option<String>,
    /// A form that was posted when the session had expired: carried through
    /// the sign-in, so that nothing typed is lost.
    carry: Vec<(String, String)>,
}

/// Prefix of the carried fields in the sign-in form.
const CARRY: &str = "giu.";

/// The page a form posted without a valid session gets: the sign-in, with
/// the form's fields carried along (not the old CSRF token). Other
/// rejections pass through unchanged.
pub(crate) fn signed_out_keep(
    rejection: Response,
    l: Locale,
    path: &str,
    fields: Vec<(String, String)>,
) -> Response {
    let to_login = rejection.status() == StatusCode::SEE_OTHER
        && rejection
            .headers()
            .get(header::LOCATION)
            .is_some_and(|v| v.as_bytes().starts_with(b"/dang-nhap"));
    if !to_login {
        return rejection;
    }
    html(
        StatusCode::UNAUTHORIZED,
        LoginPage {
            l,
            path: "/dang-nhap",
            next: safe_next(Some(path)).unwrap_or_default(),
            username: String::new(),
            error: Some(
                l.pick(
                    "Phiên làm việc đã hết hạn. Đăng nhập lại: những gì bạn đã nhập vẫn được giữ, chưa có gì được ghi.",
                    "Your session expired. Sign in again: what you typed is kept, nothing was saved yet.",
                )
                .into(),
            ),
            carry: fields
                .into_iter()
                .filter(|(k, _)| k != "_csrf")
                .take(400)
                .collect(),
        },
    )
}

#[derive(Template)]
#[template(path = "resume.html")]
struct ResumePage {
    l: Locale,
    path: &'static str,
    to: String,
    csrf: String,
    carry: Vec<(String, String)>,
}

#[derive(Deserialize)]
pub struct NextParam {
    next: Option<String>,
}

/// `GET /dang-nhap`
pub async fn login_form(Lang(l): Lang, Query(q): Query<NextParam>) -> Response {
    html(
        StatusCode::OK,
        LoginPage {
            l,
            path: "/dang-nhap",
            next: safe_next(q.next.as_deref()).unwrap_or_default(),
            username: String::new(),
            error: None,
            carry: Vec::new(),
        },
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// `POST /dang-nhap`: the form signs in and goes on to the page asked for, or
/// to the user's inbox. Only forms from this site are accepted.
pub async fn login_submit(
    State(state): State<AppState>,
    Lang(l): Lang,
    auth::ClientIp(client): auth::ClientIp,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let f = LoginForm {
        username: get("username"),
        password: get("password"),
        next: get("next"),
    };
    let carry: Vec<(String, String)> = fields
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix(CARRY)?.to_string(), v.clone())))
        .take(400)
        .collect();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
    if origin.is_some_and(|o| o.split("://").nth(1) != Some(host)) {
        return WebError::Forbidden(
            "Yêu cầu đăng nhập không đến từ trang này / Sign-in from another site".into(),
        )
        .into_response();
    }
    let secure = auth::secure_cookies(&state, &headers);
    match auth::sign_in(&state, &f.username, &f.password, &client, secure).await {
        Ok((cookie, account, _csrf)) => {
            let home = if account.roles.iter().any(|r| r.works_at_counter()) {
                "/quay"
            } else {
                "/hop-thu"
            };
            let to = safe_next(Some(&f.next)).unwrap_or_else(|| home.into());
            if !carry.is_empty() {
                // Signed in again with a form in hand: offer to send it as
                // it was typed, under the new session.
                let mut page = html(
                    StatusCode::OK,
                    ResumePage {
                        l,
                        path: "/dang-nhap",
                        to,
                        csrf: _csrf,
                        carry,
                    },
                );
                if let Ok(v) = header::HeaderValue::from_str(&cookie) {
                    page.headers_mut().insert(header::SET_COOKIE, v);
                }
                return page;
            }
            (
                StatusCode::SEE_OTHER,
                [(header::SET_COOKIE, cookie), (header::LOCATION, to)],
            )
                .into_response()
        }
        Err(e @ (WebError::Unauthenticated(_) | WebError::TooManyRequests(_))) => {
            let (status, error) = match e {
                WebError::TooManyRequests(secs) => (
                    StatusCode::TOO_MANY_REQUESTS,
                    match l {
                        Locale::Vi => {
                            format!("Sai mật khẩu nhiều lần. Vui lòng thử lại sau {secs} giây.")
                        }
                        Locale::En => {
                            format!("Too many wrong passwords. Try again in {secs} seconds.")
                        }
                    },
                ),
                _ => (
                    StatusCode::UNAUTHORIZED,
                    l.pick(
                        "Sai tên đăng nhập hoặc mật khẩu.",
                        "Wrong username or password.",
                    )
                    .into(),
                ),
            };
            let mut page = html(
                status,
                LoginPage {
                    l,
                    path: "/dang-nhap",
                    next: safe_next(Some(&f.next)).unwrap_or_default(),
                    username: f
                        .username
                        .chars()
                        .take(crate::input::max::USERNAME)
                        .collect(),
                    error: Some(error),
                    carry,
                },
            );
            if let WebError::TooManyRequests(secs) = e {
                page.headers_mut().insert(header::RETRY_AFTER, secs.into());
            }
            page
        }
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(rename = "_csrf")]
    csrf: String,
}

/// `POST /dang-xuat`
pub async fn logout(
    State(state): State<AppState>,
    user: PageUser,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&f.csrf)?;
    if let auth::Via::Session { id_hash } = &user.principal.via {
        state.store.delete_session(id_hash).await?;
    }
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, auth::expired_cookie()),
            (header::LOCATION, "/".to_string()),
        ],
    )
        .into_response())
}

/// What the staff bar of every staff page shows.
pub struct Bar {
    pub user: String,
    /// The user's full name (the login when no staff record names them).
    pub name: String,
    pub csrf: String,
    /// The centers the user works at today.
    pub centers: String,
    /// Whether the user works a counter (reception or postal).
    pub counter: bool,
}

impl Bar {
    pub async fn of(state: &AppState, user: &PageUser) -> Result<Bar, WebError> {
        let p = &user.principal;
        let mut names: Vec<String> = Vec::new();
        for posting in &p.postings {
            if let Some(c) = state.store.center(posting.center_id).await? {
                if !names.contains(&c.name) {
                    names.push(c.name);
                }
            }
        }
        let name = state
            .store
            .account_names(&[p.account.id])
            .await?
            .remove(&p.account.id)
            .unwrap_or_else(|| p.account.username.clone());
        Ok(Bar {
            name,
            user: p.account.username.clone(),
            csrf: user.csrf.clone(),
            centers: names.join(", "),
            counter: p.postings.iter().any(|x| x.role.works_at_counter()),
        })
    }
}

/// One line of the inbox.
pub struct Row {
    pub code: String,
    pub procedure: String,
    pub applicant: String,
    pub received: String,
    pub appointment: String,
    pub status: &'static str,
    /// CSS class and label of the traffic light.
    pub light: &'static str,
    pub light_label: &'static str,
    /// The officer the dossier is assigned to, by name, if any.
    pub assignee: String,
}

impl Row {
    fn of(d: DossierRecord, (light, light_label): (&'static str, &'static str), l: Locale) -> Row {
        Row {
            assignee: String::new(),
            procedure: d
                .details
                .get("procedure_name")
                .and_then(|v| v.as_str())
                .unwrap_or(d.procedure_code.as_str())
                .to_string(),
            applicant: d.applicant.name.clone(),
            received: when(d.received_at),
            appointment: d.state.appointment.map(when).unwrap_or_default(),
            status: d.state.status.map_or("", |s| s.label(l)),
            light,
            light_label,
            code: d.code,
        }
    }
}

/// Staff names by account, as people are shown on screens: full names, not
/// logins. Filled per center on first need; an account without a posting
/// there falls back to its login.
#[derive(Default)]
pub(crate) struct Names {
    by_account: std::collections::HashMap<i64, String>,
    centers_read: std::collections::HashSet<i64>,
}

impl Names {
    /// Learns the names of the staff posted at `center_id` today.
    pub(crate) async fn at(
        &mut self,
        state: &AppState,
        center_id: i64,
    ) -> Result<Vec<motcua_store::Posting>, WebError> {
        let staff = state
            .store
            .staff_at(center_id, from_timestamp(state.now()).date())
            .await?;
        if self.centers_read.insert(center_id) {
            for s in &staff {
                if let Some(a) = s.account_id {
                    self.by_account
                        .entry(a)
                        .or_insert_with(|| s.full_name.clone());
                }
            }
        }
        Ok(staff)
    }

    pub(crate) async fn of(
        &mut self,
        state: &AppState,
        account_id: i64,
    ) -> Result<String, WebError> {
        if let Some(n) = self.by_account.get(&account_id) {
            return Ok(n.clone());
        }
        let name = state
            .store
            .account_names(&[account_id])
            .await?
            .remove(&account_id)
            .unwrap_or_else(|| format!("#{account_id}"));
        self.by_account.insert(account_id, name.clone());
        Ok(name)
    }
}

/// The lines of a list of dossiers, with their traffic lights now; each
/// center's calendar is looked up once.
async fn rows(
    state: &AppState,
    dossiers: Vec<DossierRecord>,
    l: Locale,
) -> Result<Vec<Row>, WebError> {
    let now = state.now();
    let mut calendars = std::collections::HashMap::new();
    let mut names = Names::default();
    let mut rows = Vec::with_capacity(dossiers.len());
    for d in dossiers {
        let assignee = match d.state.assigned_to {
            Some(a) => {
                names.at(state, d.center_id).await?;
                names.of(state, a).await?
            }
            None => String::new(),
        };
        if let std::collections::hash_map::Entry::Vacant(slot) = calendars.entry(d.center_id) {
            let center = state
                .store
                .center(d.center_id)
                .await?
                .ok_or(WebError::NotFound)?;
            slot.insert(state.calendar(&center.office_hours));
        }
        let standing = crate::cases::standing(&calendars[&d.center_id], &d, now);
        rows.push(Row {
            assignee,
            ..Row::of(d, light(standing, l), l)
        });
    }
    Ok(rows)
}

fn light(s: Option<Standing>, l: Locale) -> (&'static str, &'static str) {
    match s {
        Some(Standing::Late) => ("late", l.pick("Quá hạn", "Late")),
        Some(Standing::DueSoon) => ("due-soon", l.pick("Sắp đến hạn", "Due soon")),
        Some(Standing::Paused) => ("paused", l.pick("Chờ bổ sung", "Waiting")),
        Some(Standing::OnTime | Standing::Early) => ("on-time", l.pick("Trong hạn", "On time")),
        None => ("none", ""),
    }
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    l: Locale,
    path: &'static str,
    bar: Bar,
    rows: Vec<Row>,
    late: usize,
    due_soon: usize,
    fields: Vec<motcua_store::FieldSummary>,
    field: String,
    status: String,
    statuses: Vec<(i32, &'static str)>,
    /// Only the dossiers assigned to the user.
    mine: bool,
    /// Whether the user settles dossiers (the "assigned to me" filter is theirs).
    settles: bool,
    /// An overseer's view: every open dossier of the province.
    province_wide: bool,
}

#[derive(Deserialize)]
pub struct InboxFilter {
    /// "1": only the dossiers assigned to me.
    #[serde(default)]
    cua_toi: String,
    /// A field code.
    #[serde(default)]
    linh_vuc: String,
    /// A national status code.
    #[serde(default)]
    trang_thai: String,
}

/// `GET /hop-thu`: the open dossiers of the user's centers and agencies, the
/// most urgent first.
pub async fn inbox(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Query(filter): Query<InboxFilter>,
) -> Result<Response, WebError> {
    let p = &user.principal;
    let centers: Vec<i64> = p.postings.iter().map(|x| x.center_id).collect();
    let agencies: Vec<_> = p
        .postings
        .iter()
        .filter(|x| x.role.settles_dossiers())
        .map(|x| x.agency_code.clone())
        .collect();
    // Overseers posted nowhere watch the province, the most overdue first.
    let province_wide = centers.is_empty() && agencies.is_empty() && p.sees_everything();
    let mut dossiers = if province_wide {
        state.store.open_dossiers(500).await?
    } else {
        state.store.inbox(&centers, &agencies, 500).await?
    };
    let mine = filter.cua_toi == "1";
    if mine {
        dossiers.retain(|d| d.state.assigned_to == Some(p.account.id));
    }
    let fields = state.store.fields().await?;
    if let Ok(n) = filter.trang_thai.parse::<i32>() {
        dossiers.retain(|d| d.state.status.map(|s| s.number()) == Some(n));
    }
    if !filter.linh_vuc.is_empty() {
        let codes: std::collections::HashSet<String> = state
            .store
            .procedures(&motcua_store::ProcedureQuery {
                field: filter.linh_vuc.parse().ok(),
                limit: 1000,
                ..Default::default()
            })
            .await?
            .into_iter()
            .map(|p| p.code.to_string())
            .collect();
        dossiers.retain(|d| codes.contains(d.procedure_code.as_str()));
    }
    let rows = rows(&state, dossiers, l).await?;
    let late = rows.iter().filter(|r| r.light == "late").count();
    let due_soon = rows.iter().filter(|r| r.light == "due-soon").count();
    let statuses = [1, 2, 4, 5, 6, 9]
        .into_iter()
        .filter_map(motcua_domain::dossier::Status::from_number)
        .map(|s| (s.number(), s.label(l)))
        .collect();
    Ok(html(
        StatusCode::OK,
        InboxPage {
            l,
            path: "/hop-thu",
            bar: Bar::of(&state, &user).await?,
            rows,
            late,
            due_soon,
            fields,
            field: filter.linh_vuc,
            status: filter.trang_thai,
            statuses,
            mine,
            settles: p.postings.iter().any(|x| x.role.settles_dossiers()),
            province_wide,
        },
    ))
}

/// An action this user may take on the dossier now, and the fields it asks for.
pub struct Offer {
    pub action: &'static str,
    pub label: &'static str,
    pub fields: &'static [&'static str],
    /// Ends the dossier for good: styled apart, and asked once more.
    pub danger: bool,
}

/// Actions that end a dossier without its result: confirmed before they run.
const DESTRUCTIVE: &[&str] = &["withdraw", "stop"];

/// What the officer typed into an action form, kept when the page comes
/// back (an error, or the question "are you sure?").
#[derive(Default)]
pub struct Typed {
    pub action: String,
    pub expected_seq: Option<i64>,
    pub reason: String,
    pub summary: String,
    pub items: String,
    pub received_by: String,
    pub to_agency: String,
    pub to_account: String,
    pub appointment: String,
    /// The action waits for the officer's confirmation.
    pub confirm: bool,
}

const OFFERS: &[(&str, &str, &str, &[&str])] = &[
    ("accept", "Tiếp nhận", "Accept", &[]),
    ("digitize", "Đã số hóa", "Digitized", &[]),
    ("hand-over", "Chuyển xử lý", "Hand over", &["to_agency"]),
    (
        "request-supplement",
        "Yêu cầu bổ sung (Mẫu 02)",
        "Request a supplement",
        &["items", "reason"],
    ),
    (
        "receive-supplement",
        "Đã nhận bổ sung",
        "Supplement received",
        &[],
    ),
    (
        "draft-result",
        "Dự thảo kết quả",
        "Draft the result",
        &["summary"],
    ),
    (
        "reject-draft",
        "Trả lại dự thảo",
        "Send the draft back",
        &["reason"],
    ),
    ("approve", "Phê duyệt", "Approve", &[]),
    (
        "extend",
        "Xin lỗi, gia hạn (Mẫu 04)",
        "Apologise and extend",
        &["appointment", "reason"],
    ),
    (
        "issue-e-result",
        "Đã cấp kết quả điện tử",
        "E-result issued",
        &[],
    ),
    (
        "return",
        "Trả kết quả",
        "Return the result",
        &["received_by"],
    ),
    ("withdraw", "Công dân rút hồ sơ", "Withdrawn", &["reason"]),
    ("stop", "Dừng giải quyết (Mẫu 05)", "Stop", &["reason"]),
];

/// A stand-in for each action, to ask the lifecycle whether it is allowed now.
fn sample(name: &str, d: &DossierRecord, now: Timestamp) -> Option<Action> {
    let later = d.state.appointment.map_or(now, |a| a) + jiff::SignedDuration::from_hours(24 * 365);
    let agency = d
        .state
        .agency
        .clone()
        .unwrap_or_else(|| d.agency_code.clone());
    let text = || "x".to_string();
    Some(match name {
        "accept" => Action::Accept { appointment: later },
        "digitize" => Action::Digitize,
        "hand-over" => Action::HandOver {
            to_agency: agency,
            to_account: None,
            note: String::new(),
        },
        "request-supplement" => Action::RequestSupplement {
            items: vec![text()],
            reason: text(),
        },
        "receive-supplement" => Action::ReceiveSupplement { appointment: later },
        "draft-result" => Action::DraftResult { summary: text() },
        "reject-draft" => Action::RejectDraft { reason: text() },
        "approve" => Action::Approve,
        "extend" => Action::Extend {
            appointment: later,
            reason: text(),
        },
        "issue-e-result" => Action::IssueEResult,
        "return" => Action::Return {
            received_by: text(),
            by_post: false,
        },
        "withdraw" => Action::Withdraw { reason: text() },
        "stop" => Action::Stop { reason: text() },
        _ => return None,
    })
}

#[derive(Template)]
#[template(path = "dossier.html")]
struct DossierPage {
    l: Locale,
    path: &'static str,
    bar: Bar,
    d: DossierRecord,
    procedure: String,
    status: &'static str,
    light: &'static str,
    light_label: &'static str,
    events: Vec<Event>,
    offers: Vec<Offer>,
    forms: Vec<(&'static str, &'static str)>,
    error: Option<String>,
    handling_agency: String,
    /// The handling agency by name (its code if it has none).
    handling_name: String,
    /// Every agency, for a hand-over: (code, name).
    agencies: Vec<(String, String)>,
    /// Specialists of the handling agency, for a hand-over to a person.
    specialists: Vec<(i64, String)>,
    /// Staff names by account id, for the timeline.
    names: std::collections::HashMap<i64, String>,
    /// The officer the dossier is assigned to, by name.
    assignee: Option<String>,
    /// The result drafted and waiting for approval: summary, by whom, when.
    draft: Option<(String, String, String)>,
    typed: Typed,
    /// The label of the action waiting for confirmation.
    confirm_label: &'static str,
    /// A dossier just received at the counter: its receipt opens to print.
    just_received: bool,
}

impl DossierPage {
    fn when(&self, t: &Timestamp) -> String {
        when(*t)
    }
    fn actor(&self, e: &Event) -> String {
        e.actor.as_ref().map_or_else(
            || self.l.pick("Công dân", "Citizen").to_string(),
            |a| {
                let name = self.names.get(&a.account_id).unwrap_or(&a.username);
                format!("{name} ({})", a.role.label(self.l))
            },
        )
    }
    fn has(&self, o: &Offer, field: &str) -> bool {
        o.fields.contains(&field)
    }
    /// What was typed into this action's `field`, or `default`.
    fn typed(&self, o: &Offer, field: &str, default: &str) -> String {
        let t = &self.typed;
        let kept = match field {
            "reason" => &t.reason,
            "summary" => &t.summary,
            "items" => &t.items,
            "received_by" => &t.received_by,
            "to_agency" => &t.to_agency,
            "to_account" => &t.to_account,
            "appointment" => &t.appointment,
            _ => return default.to_string(),
        };
        if t.action == o.action && !kept.is_empty() {
            kept.clone()
        } else {
            default.to_string()
        }
    }
    fn seq(&self) -> i64 {
        self.typed.expected_seq.unwrap_or(self.d.last_seq)
    }
}

async fn dossier_page(
    state: &AppState,
    l: Locale,
    user: &PageUser,
    code: &str,
    error: Option<String>,
    typed: Typed,
    just_received: bool,
) -> Result<Response, WebError> {
    let p = &user.principal;
    let now = state.now();
    let mut d = state
        .store
        .dossier(code)
        .await?
        .filter(|d| p.can_read(d))
        .ok_or(WebError::NotFound)?;
    d.applicant = crate::privacy::applicant_for(state, p, &d, "page:dossier")
        .await?
        .0;
    let center = state
        .store
        .center(d.center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let (light_class, light_label) = light(
        crate::cases::standing(&state.calendar(&center.office_hours), &d, now),
        l,
    );
    let events = state.store.events(d.id).await?;
    let roles = p.roles_for(&d);
    let offers = OFFERS
        .iter()
        .filter(|(name, ..)| {
            sample(name, &d, now)
                .is_some_and(|a| d.state.decide(&a, &roles, &Rules::default()).is_ok())
        })
        .map(|(action, vi, en, fields)| Offer {
            action,
            label: match *action {
                // Drafted already: the button changes the draft on show.
                "draft-result" if d.state.result_drafted => {
                    l.pick("Sửa dự thảo kết quả", "Change the draft")
                }
                _ => l.pick(vi, en),
            },
            fields,
            danger: DESTRUCTIVE.contains(action),
        })
        .collect::<Vec<_>>();
    let mut forms = vec![];
    let has = |f: fn(&Action) -> bool| events.iter().any(|e| f(&e.action));
    if has(|a| matches!(a, Action::Accept { .. })) {
        forms.push((
            "01",
            l.pick(
                "Mẫu 01 — Giấy tiếp nhận và hẹn trả kết quả",
                "Form 01 — Receipt and appointment",
            ),
        ));
    }
    if has(|a| matches!(a, Action::RequestSupplement { .. })) {
        forms.push((
            "02",
            l.pick(
                "Mẫu 02 — Phiếu yêu cầu bổ sung",
                "Form 02 — Request for a supplement",
            ),
        ));
    }
    if has(|a| matches!(a, Action::Refuse { .. })) {
        forms.push((
            "03",
            l.pick(
                "Mẫu 03 — Phiếu từ chối tiếp nhận",
                "Form 03 — Refusal to receive",
            ),
        ));
    }
    if has(|a| matches!(a, Action::Extend { .. })) {
        forms.push((
            "04",
            l.pick(
                "Mẫu 04 — Văn bản xin lỗi, gia hạn",
                "Form 04 — Apology and new appointment",
            ),
        ));
    }
    if has(|a| matches!(a, Action::Stop { .. } | Action::Withdraw { .. })) {
        forms.push((
            "05",
            l.pick(
                "Mẫu 05 — Thông báo dừng giải quyết",
                "Form 05 — Notice of stopping",
            ),
        ));
    }
    forms.push((
        "06",
        l.pick(
            "Mẫu 06 — Phiếu kiểm soát quá trình",
            "Form 06 — Processing control record",
        ),
    ));
    let handling = d
        .state
        .agency
        .clone()
        .unwrap_or_else(|| d.agency_code.clone());
    let mut specialists = Vec::new();
    let mut names = Names::default();
    for c in state
        .store
        .centers()
        .await?
        .into_iter()
        .filter(|c| c.agency_code == handling || c.id == d.center_id)
    {
        for s in names.at(state, c.id).await? {
            if let (Role::Specialist, Some(account), true) =
                (s.role, s.account_id, c.agency_code == handling)
            {
                specialists.push((account, s.full_name));
            }
        }
    }
    for e in &events {
        if let Some(a) = &e.actor {
            names.of(state, a.account_id).await?;
        }
    }
    let assignee = match d.state.assigned_to {
        Some(a) => Some(names.of(state, a).await?),
        None => None,
    };
    let draft = if d.state.result_drafted {
        events.iter().rev().find_map(|e| match &e.action {
            Action::DraftResult { summary } => Some((
                summary.clone(),
                e.actor
                    .as_ref()
                    .map(|a| {
                        names
                            .by_account
                            .get(&a.account_id)
                            .unwrap_or(&a.username)
                            .clone()
                    })
                    .unwrap_or_default(),
                when(e.at),
            )),
            _ => None,
        })
    } else {
        None
    };
    let agencies: Vec<(String, String)> = state
        .store
        .agencies()
        .await?
        .into_iter()
        .map(|a| (a.code.to_string(), a.name))
        .collect();
    let handling_name = agencies
        .iter()
        .find(|(c, _)| *c == handling.to_string())
        .map_or_else(|| handling.to_string(), |(_, n)| n.clone());
    let confirm_label = offers
        .iter()
        .find(|o| typed.confirm && o.action == typed.action)
        .map_or("", |o| o.label);
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(html(
        status,
        DossierPage {
            specialists,
            l,
            path: "/hop-thu",
            bar: Bar::of(state, user).await?,
            procedure: d
                .details
                .get("procedure_name")
                .and_then(|v| v.as_str())
                .unwrap_or(d.procedure_code.as_str())
                .to_string(),
            status: d.state.status.map_or("", |s| s.label(l)),
            light: light_class,
            light_label,
            handling_agency: d
                .state
                .agency
                .as_ref()
                .map(|a| a.to_string())
                .unwrap_or_default(),
            events,
            offers,
            forms,
            error,
            d,
            handling_name,
            agencies,
            names: names.by_account,
            assignee,
            draft,
            typed,
            confirm_label,
            just_received,
        },
    ))
}

/// `GET /ho-so/{code}`
pub async fn dossier(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Path(code): Path<String>,
    Query(q): Query<DossierQuery>,
) -> Result<Response, WebError> {
    dossier_page(
        &state,
        l,
        &user,
        &code,
        None,
        Typed::default(),
        q.da_nhan == "1",
    )
    .await
}

#[derive(Deserialize)]
pub struct DossierQuery {
    /// "1" right after the counter received the dossier.
    #[serde(default)]
    da_nhan: String,
}

#[derive(Deserialize)]
pub struct ActionForm {
    #[serde(rename = "_csrf")]
    csrf: String,
    expected_seq: i64,
    action: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    items: String,
    #[serde(default)]
    received_by: String,
    #[serde(default)]
    to_agency: String,
    /// The specialist to hand over to (an account id), or empty.
    #[serde(default)]
    to_account: String,
    /// `YYYY-MM-DDTHH:MM` from a datetime-local input, in Vietnam's time.
    #[serde(default)]
    appointment: String,
    /// "1" once the officer confirmed a destructive action.
    #[serde(default)]
    xac_nhan: String,
}

impl ActionForm {
    /// The fields as posted, to carry them through a new sign-in.
    fn fields(&self) -> Vec<(String, String)> {
        [
            ("expected_seq", self.expected_seq.to_string()),
            ("action", self.action.clone()),
            ("reason", self.reason.clone()),
            ("summary", self.summary.clone()),
            ("items", self.items.clone()),
            ("received_by", self.received_by.clone()),
            ("to_agency", self.to_agency.clone()),
            ("to_account", self.to_account.clone()),
            ("appointment", self.appointment.clone()),
            ("xac_nhan", self.xac_nhan.clone()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    fn typed(&self, confirm: bool) -> Typed {
        Typed {
            action: self.action.clone(),
            expected_seq: Some(self.expected_seq),
            reason: self.reason.clone(),
            summary: self.summary.clone(),
            items: self.items.clone(),
            received_by: self.received_by.clone(),
            to_agency: self.to_agency.clone(),
            to_account: self.to_account.clone(),
            appointment: self.appointment.clone(),
            confirm,
        }
    }
}

/// `POST /ho-so/{code}/thao-tac`: one action from the dossier page; a refusal is
/// shown on the page, in the user's language.
pub async fn act(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: Result<PageUser, Response>,
    Path(code): Path<String>,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let user = match user {
        Ok(u) => u,
        Err(r) => {
            let path = format!("/ho-so/{}/thao-tac", auth::urlencode(&code));
            return Ok(signed_out_keep(r, l, &path, f.fields()));
        }
    };
    user.check_csrf(&f.csrf)?;
    // Withdrawing or stopping ends the dossier: asked once more, with the
    // reason typed, before anything is written.
    if DESTRUCTIVE.contains(&f.action.as_str()) && f.xac_nhan != "1" {
        let error = f.reason.trim().is_empty().then(|| {
            let (vi, en) = crate::input::label("reason");
            l.pick(
                &format!("{vi}: cần nhập."),
                &format!("{en}: must not be empty."),
            )
            .to_string()
        });
        let confirm = error.is_none();
        return dossier_page(&state, l, &user, &code, error, f.typed(confirm), false).await;
    }
    use crate::cases::ActionRequest as R;
    let reason = f.reason.clone();
    let request = match f.action.as_str() {
        "accept" => R::Accept {},
        "digitize" => R::Digitize {},
        "hand-over" => R::HandOver {
            to_agency: f.to_agency.clone(),
            to_account: f.to_account.trim().parse::<i64>().ok(),
            note: String::new(),
        },
        "request-supplement" => R::RequestSupplement {
            items: f.items.lines().map(String::from).collect(),
            reason,
        },
        "receive-supplement" => R::ReceiveSupplement {},
        "draft-result" => R::DraftResult {
            summary: f.summary.clone(),
        },
        "reject-draft" => R::RejectDraft { reason },
        "approve" => R::Approve {},
        "issue-e-result" => R::IssueEResult {},
        "withdraw" => R::Withdraw { reason },
        "stop" => R::Stop { reason },
        "return" => R::Return {
            received_by: f.received_by.clone(),
            by_post: false,
        },
        "extend" => {
            let at = f
                .appointment
                .parse::<jiff::civil::DateTime>()
                .map(motcua_calendar::to_timestamp);
            match at {
                Ok(appointment) => R::Extend {
                    appointment,
                    reason,
                },
                Err(_) => {
                    return dossier_page(
                        &state,
                        l,
                        &user,
                        &code,
                        Some(
                            l.pick(
                                "Ngày hẹn mới không hợp lệ.",
                                "The new appointment is not a valid date.",
                            )
                            .into(),
                        ),
                        f.typed(false),
                        false,
                    )
                    .await
                }
            }
        }
        _ => return Err(WebError::NotFound),
    };
    match crate::cases::perform(&state, &user.principal, &code, f.expected_seq, request).await {
        Ok(_) => Ok(Redirect::to(&format!("/ho-so/{}", auth::urlencode(&code))).into_response()),
        Err(WebError::NotFound) => Err(WebError::NotFound),
        Err(
            e @ (WebError::Invalid { .. }
            | WebError::Conflict(_)
            | WebError::Forbidden(_)
            | WebError::Store(motcua_store::StoreError::Conflict(_))),
        ) => {
            let message = match &e {
                WebError::Invalid { message, .. }
                | WebError::Conflict(message)
                | WebError::Forbidden(message) => message.clone(),
                _ => crate::error::CHANGED_MEANWHILE.to_string(),
            };
            let shown = half(&message, l);
            dossier_page(&state, l, &user, &code, Some(shown), f.typed(false), false).await
        }
        Err(e) => Err(e),
    }
}

/// The center where the user receives dossiers (reception or postal staff).
fn counter_center(user: &PageUser) -> Result<i64, WebError> {
    user.principal
        .postings
        .iter()
        .find(|x| x.role.works_at_counter())
        .map(|x| x.center_id)
        .ok_or_else(|| {
            WebError::Forbidden(
                "Chỉ cán bộ tiếp nhận được dùng quầy / The counter is for reception staff".into(),
            )
        })
}

#[derive(Template)]
#[template(path = "counter.html")]
struct CounterSearch {
    l: Locale,
    path: &'static str,
    bar: Bar,
    center: String,
    q: String,
    procedures: Vec<motcua_store::ProcedureSummary>,
}

#[derive(Deserialize)]
pub struct CounterQuery {
    #[serde(default)]
    q: String,
}

/// `GET /quay`: step 1 at the counter, find the procedure (diacritics optional).
pub async fn counter(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Query(q): Query<CounterQuery>,
) -> Result<Response, WebError> {
    let center_id = counter_center(&user)?;
    let center = state
        .store
        .center(center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let procedures = if q.q.trim().is_empty() {
        Vec::new()
    } else {
        state
            .store
            .procedures(&motcua_store::ProcedureQuery {
                text: Some(q.q.clone()),
                center_id: Some(center_id),
                limit: 30,
                ..Default::default()
            })
            .await?
    };
    Ok(html(
        StatusCode::OK,
        CounterSearch {
            l,
            path: "/quay",
            bar: Bar::of(&state, &user).await?,
            center: center.name,
            q: q.q,
            procedures,
        },
    ))
}

/// What the intake form shows and keeps when it comes back with an error:
/// everything as the officer left it, the checklist included.
#[derive(Default)]
pub struct IntakeValues {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub address: String,
    pub pages: String,
    pub copies: String,
    /// Why the applicant's shared record should change, if it should.
    pub update_reason: String,
    /// Whether these values came back from a submitted form (otherwise the
    /// checklist shows the procedure's defaults).
    pub submitted: bool,
    /// Per component: ticked, the count typed, original shown.
    pub given: Vec<bool>,
    pub counts: Vec<String>,
    pub originals: Vec<bool>,
    pub result_channel: String,
    pub reasons: String,
    /// Offer the "why the applicant's record changes" field.
    pub ask_reason: bool,
    /// The input the cursor starts in: the one an error names, else the next
    /// one to fill, so that the keyboard flow never needs the mouse.
    pub focus: String,
}

impl IntakeValues {
    /// The values of a submitted intake form with `components` rows.
    fn from_form(get: &dyn Fn(&str) -> String, components: usize) -> IntakeValues {
        let ticked = |k: String| !get(&k).is_empty();
        IntakeValues {
            name: get("name"),
            id_number: get("id_number"),
            phone: get("phone"),
            address: get("address"),
            pages: get("pages"),
            copies: get("copies"),
            update_reason: get("applicant_update_reason"),
            submitted: true,
            given: (0..components).map(|i| ticked(format!("c{i}"))).collect(),
            counts: (0..components).map(|i| get(&format!("n{i}"))).collect(),
            originals: (0..components).map(|i| ticked(format!("o{i}"))).collect(),
            result_channel: get("result_channel"),
            reasons: get("reasons"),
            ask_reason: false,
            focus: String::new(),
        }
    }

    /// Nothing is ticked until the officer ticks it: a default tick invites
    /// receiving what was never handed in.
    pub fn given(&self, i: &usize) -> bool {
        self.given.get(*i).copied().unwrap_or(false)
    }

    pub fn count(&self, i: &usize, default: &u16) -> String {
        match self.counts.get(*i) {
            Some(typed) if self.submitted => typed.clone(),
            _ => default.to_string(),
        }
    }

    pub fn original(&self, i: &usize) -> bool {
        self.originals.get(*i).copied().unwrap_or(false)
    }

    /// ` autofocus` on the input named `name` when the cursor starts there.
    pub fn focus_on(&self, name: &str) -> &'static str {
        if self.focus == name {
            " autofocus"
        } else {
            ""
        }
    }

    /// The same, for the input `{prefix}{row}` of the checklist.
    pub fn focus_row(&self, prefix: &str, row: &usize) -> &'static str {
        self.focus_on(&format!("{prefix}{row}"))
    }

    fn focused(self, name: impl Into<String>) -> IntakeValues {
        IntakeValues {
            focus: name.into(),
            ..self
        }
    }
}

#[derive(Template)]
#[template(path = "counter_form.html")]
struct CounterForm {
    l: Locale,
    path: &'static str,
    bar: Bar,
    center: String,
    p: motcua_domain::catalog::Procedure,
    key: String,
    found: bool,
    v: IntakeValues,
    /// A fresh key per rendered form: a double submit makes one dossier.
    idempotency: String,
    error: Option<String>,
}

impl CounterForm {
    fn limit(&self) -> String {
        crate::pages::limit_text(&self.l, &self.p.time_limit.to_string())
    }
    fn fee(&self) -> String {
        self.p.fee.describe(self.l)
    }
    fn kind(&self, c: &motcua_domain::catalog::Component) -> &'static str {
        c.kind.label(self.l)
    }
}

#[derive(Deserialize)]
pub struct KeyQuery {
    #[serde(default)]
    key: String,
}

async fn counter_form_page(
    state: &AppState,
    l: Locale,
    user: &PageUser,
    code: &str,
    key: String,
    v: Option<IntakeValues>,
    error: Option<String>,
) -> Result<Response, WebError> {
    let center_id = counter_center(user)?;
    let center = state
        .store
        .center(center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let code: motcua_domain::ProcedureCode = code.parse().map_err(|_| WebError::NotFound)?;
    let version = state
        .store
        .procedure(&code)
        .await?
        .ok_or(WebError::NotFound)?;
    let (mut values, mut found) = (v.unwrap_or_default(), false);
    if !key.trim().is_empty() && values.name.is_empty() && key.len() <= 40 {
        if let Some(a) = state
            .store
            .find_applicants(key.trim())
            .await?
            .into_iter()
            .next()
        {
            crate::privacy::record(state, &user.principal, None, key.trim(), "page:counter")
                .await?;
            found = true;
            // Found: the details are there, the checklist is next.
            values = IntakeValues {
                name: a.applicant.name,
                id_number: a.applicant.id_number.unwrap_or_default(),
                phone: a.applicant.phone.unwrap_or_default(),
                address: a.applicant.address,
                focus: "c0".into(),
                ..values
            };
        } else {
            if key.trim().len() == 12 {
                values.id_number = key.trim().to_string();
            } else {
                values.phone = key.trim().to_string();
            }
            values.focus = "name".into();
        }
    }
    if values.focus.is_empty() {
        values.focus = if error.is_some() { "name" } else { "key" }.into();
    }
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(html(
        status,
        CounterForm {
            l,
            path: "/quay",
            bar: Bar::of(state, user).await?,
            center: center.name,
            p: version.procedure,
            key,
            found,
            v: values,
            idempotency: hex_token(),
            error,
        },
    ))
}

fn hex_token() -> String {
    use rand::RngCore;
    let mut b = [0u8; 16];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// `GET /quay/{code}`: step 2, the applicant (found by CCCD or phone) and the
/// component checklist.
pub async fn counter_form(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Path(code): Path<String>,
    Query(q): Query<KeyQuery>,
) -> Result<Response, WebError> {
    counter_form_page(&state, l, &user, &code, q.key, None, None).await
}

/// `POST /quay/{code}`: receive or refuse; on success, the dossier page with its receipt.
pub async fn counter_submit(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: Result<PageUser, Response>,
    Path(code): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let user = match user {
        Ok(u) => u,
        Err(r) => {
            let path = format!("/quay/{}", auth::urlencode(&code));
            return Ok(signed_out_keep(r, l, &path, fields));
        }
    };
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    user.check_csrf(&get("_csrf"))?;
    let center_id = counter_center(&user)?;
    let version = state
        .store
        .procedure(&code.parse().map_err(|_| WebError::NotFound)?)
        .await?
        .ok_or(WebError::NotFound)?;
    let values = IntakeValues::from_form(&get, version.procedure.components.len());
    let back = |error: String, values: IntakeValues| {
        counter_form_page(
            &state,
            l,
            &user,
            &code,
            String::new(),
            Some(values),
            Some(error),
        )
    };
    // Enter in the refusal reason submits the form's first button, "receive":
    // a reason typed with "receive" is a question, not a decision.
    if get("decision") != "refuse" && !get("reasons").is_empty() {
        let error = l.pick(
            "Đã nhập lý do từ chối. Bấm «Từ chối» để từ chối hồ sơ, hoặc xóa lý do để tiếp nhận.",
            "A reason for refusal was typed. Press «Refuse» to refuse, or clear the reason to receive.",
        );
        return back(error.into(), values.focused("refuse")).await;
    }
    // A count that is not a number is named, never taken as 1.
    let number = |k: &str, label: &str| -> Result<u32, String> {
        let typed = get(k);
        if typed.is_empty() {
            return Ok(1);
        }
        typed.parse().map_err(|_| match l {
            Locale::Vi => format!("{label}: «{typed}» không phải là số."),
            Locale::En => format!("{label}: «{typed}» is not a number."),
        })
    };
    let mut components = Vec::new();
    for (i, c) in version.procedure.components.iter().enumerate() {
        if !values.given(&i) {
            continue;
        }
        let count = match number(&format!("n{i}"), &c.name) {
            Ok(n) => n,
            Err(e) => return back(e, values.focused(format!("n{i}"))).await,
        };
        components.push(serde_json::json!({ "name": c.name, "count": count, "original_shown": values.original(&i) }));
    }
    let (pages, copies) = match (
        number(
            "pages",
            l.pick("Số trang bản chính", "Pages of the original"),
        ),
        number("copies", l.pick("Số bản", "Copies")),
    ) {
        (Ok(p), Ok(c)) => (p, c),
        (Err(e), _) => return back(e, values.focused("pages")).await,
        (_, Err(e)) => return back(e, values.focused("copies")).await,
    };
    let decision = if get("decision") == "refuse" {
        serde_json::json!({ "kind": "refuse", "reasons": get("reasons") })
    } else {
        serde_json::json!({ "kind": "accept" })
    };
    let body = serde_json::json!({
        "center_id": center_id,
        "procedure_code": code,
        "applicant": { "name": get("name"), "id_number": get("id_number"), "phone": get("phone"), "address": get("address") },
        "applicant_update_reason": get("applicant_update_reason"),
        "components": components,
        "pages": pages,
        "copies": copies,
        "result_channel": match get("result_channel").as_str() { "post" => "post", "online" => "online", _ => "counter" },
        "decision": decision,
    });
    let intake: crate::cases::IntakeIn =
        serde_json::from_value(body).map_err(|e| WebError::BadRequest(e.to_string()))?;
    let key = Some(format!(
        "{}:{}",
        user.principal.account.id,
        get("idempotency")
    ))
    .filter(|_| !get("idempotency").is_empty());
    match crate::cases::receive(&state, &user.principal, intake, key).await {
        Ok(d) => Ok(Redirect::to(&format!(
            "/ho-so/{}{}",
            auth::urlencode(&d.code),
            if d.state.status == Some(motcua_domain::dossier::Status::Accepted) {
                "?da_nhan=1"
            } else {
                ""
            }
        ))
        .into_response()),
        Err(WebError::Invalid { message, field }) => {
            let focus = match field.as_str() {
                "components" => {
                    // The first mandatory document not ticked.
                    let first = version
                        .procedure
                        .components
                        .iter()
                        .enumerate()
                        .find(|(i, c)| c.mandatory && !values.given(i))
                        .map_or(0, |(i, _)| i);
                    format!("c{first}")
                }
                "applicant_update_reason" | "reasons" => field.clone(),
                f => f.trim_start_matches("applicant.").to_string(),
            };
            // A CCCD known under another name: the reason field is offered.
            let values = IntakeValues {
                ask_reason: field == "applicant.id_number",
                ..values
            }
            .focused(focus);
            back(half(&message, l), values).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    l: Locale,
    path: &'static str,
    bar: Bar,
    q: String,
    rows: Vec<Row>,
    page: i64,
    more: bool,
}

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    trang: Option<i64>,
}

const PAGE_SIZE: i64 = 50;

/// `GET /tim-kiem?q=`: dossiers by code, CCCD, phone, procedure code or name
/// (diacritics optional), of the user's centers (all for supervisors), paged.
pub async fn search(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Query(q): Query<SearchQuery>,
) -> Result<Response, WebError> {
    let p = &user.principal;
    let page = q.trang.unwrap_or(1).max(1);
    let centers: Vec<i64> = p.postings.iter().map(|x| x.center_id).collect();
    let scope = if p.sees_everything() {
        None
    } else {
        Some(centers.as_slice())
    };
    let mut found = if q.q.trim().is_empty() {
        Vec::new()
    } else {
        state
            .store
            .search_dossiers(&q.q, scope, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
            .await?
    };
    let more = found.len() as i64 > PAGE_SIZE;
    found.truncate(PAGE_SIZE as usize);
    let rows = rows(&state, found, l).await?;
    Ok(html(
        StatusCode::OK,
        SearchPage {
            l,
            path: "/tim-kiem",
            bar: Bar::of(&state, &user).await?,
            q: q.q.trim().to_string(),
            rows,
            page,
            more,
        },
    ))
}
