//! Server-rendered pages.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use jiff::ToSpan;
use motcua_calendar::TimeLimit;
use motcua_domain::catalog::{Component, Procedure};
use motcua_domain::{Locale, ProcedureCode};
use motcua_store::{Center, Counts, FieldSummary, Posting, ProcedureSummary, RollupCounts};

use crate::api::catalog::ProcedureParams;
use crate::locale::Lang;
use crate::{AppState, WebError};

/// A page that failed: a missing thing gets the "not found" page, anything
/// else a short apology; the cause is logged, never shown.
pub struct PageError(WebError);

impl<E: Into<WebError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self.0 {
            WebError::NotFound => not_found_page(Locale::Vi),
            WebError::BadRequest(m) => (
                StatusCode::BAD_REQUEST,
                Html(format!(
                    "<!doctype html><meta charset=utf-8><title>400</title><p>{}</p>",
                    askama::filters::escape(&m, askama::filters::Html)
                        .map(|e| e.to_string())
                        .unwrap_or_default()
                )),
            )
                .into_response(),
            other => {
                tracing::error!(error = %other, "page failed");
                (StatusCode::INTERNAL_SERVER_ERROR, Html("<!doctype html><meta charset=utf-8><title>500</title><p>Lỗi hệ thống, vui lòng thử lại. / Internal error, please retry.</p>")).into_response()
            }
        }
    }
}

type PageResult = Result<Response, PageError>;

fn render(t: impl Template) -> PageResult {
    Ok(Html(t.render().map_err(WebError::from)?).into_response())
}

/// A count with Vietnamese digit grouping: 1.147.664.
pub fn num(n: &i64) -> String {
    motcua_domain::Vnd(*n)
        .to_string()
        .trim_end_matches(" đ")
        .to_string()
}

/// A time limit as people read it.
pub fn limit_text(l: &Locale, limit: &str) -> String {
    match limit.parse::<TimeLimit>() {
        Ok(t) if *l == Locale::En => t.describe_en(),
        Ok(t) => t.describe_vi(),
        Err(_) => limit.to_string(),
    }
}

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    l: Locale,
    path: &'static str,
    province: String,
    counts: Counts,
    fields: Vec<FieldSummary>,
}

pub async fn home(State(s): State<AppState>, Lang(l): Lang) -> PageResult {
    let province = s
        .store
        .province()
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    render(Home {
        l,
        path: "/",
        province,
        counts: s.store.counts().await?,
        fields: s.store.fields().await?,
    })
}

#[derive(Template)]
#[template(path = "procedures.html")]
struct Procedures {
    l: Locale,
    path: &'static str,
    q: String,
    field: String,
    fields: Vec<FieldSummary>,
    procedures: Vec<ProcedureSummary>,
}

impl Procedures {
    fn field_name<'a>(&'a self, code: &'a motcua_domain::FieldCode) -> &'a str {
        self.fields
            .iter()
            .find(|f| &f.code == code)
            .map_or(code.as_str(), |f| f.name.as_str())
    }
}

pub async fn procedures(
    State(s): State<AppState>,
    Lang(l): Lang,
    Query(p): Query<ProcedureParams>,
) -> PageResult {
    let mut query = p.query()?;
    query.limit = query.limit.max(300);
    render(Procedures {
        l,
        path: "/thu-tuc",
        q: p.q.clone().unwrap_or_default(),
        field: p.field.clone().unwrap_or_default(),
        fields: s.store.fields().await?,
        procedures: s.store.procedures(&query).await?,
    })
}

#[derive(Template)]
#[template(path = "procedure.html")]
struct ProcedurePage {
    l: Locale,
    path: &'static str,
    p: Procedure,
    field_name: String,
    version: i64,
    versions: Vec<(i64, String)>,
}

impl ProcedurePage {
    fn fee(&self) -> String {
        self.p.fee.describe(self.l)
    }
    fn limit(&self) -> String {
        limit_text(&self.l, &self.p.time_limit.to_string())
    }
    fn channels(&self) -> String {
        self.p
            .channels
            .iter()
            .map(|c| c.label(self.l))
            .collect::<Vec<_>>()
            .join(", ")
    }
    fn kind(&self, c: &Component) -> &'static str {
        c.kind.label(self.l)
    }
}

pub async fn procedure(
    State(s): State<AppState>,
    Lang(l): Lang,
    Path(code): Path<String>,
) -> PageResult {
    let code: ProcedureCode = code.parse().map_err(|_| WebError::NotFound)?;
    let current = s.store.procedure(&code).await?.ok_or(WebError::NotFound)?;
    let field_name = s
        .store
        .fields()
        .await?
        .into_iter()
        .find(|f| f.code == current.procedure.field)
        .map(|f| f.name)
        .unwrap_or_default();
    let versions = s
        .store
        .procedure_versions(&code)
        .await?
        .into_iter()
        .map(|v| {
            (
                v.version,
                motcua_calendar::from_timestamp(v.created_at)
                    .date()
                    .strftime("%d/%m/%Y")
                    .to_string(),
            )
        })
        .collect();
    render(ProcedurePage {
        l,
        path: "/thu-tuc",
        p: current.procedure,
        field_name,
        version: current.version,
        versions,
    })
}

#[derive(Template)]
#[template(path = "centers.html")]
struct Centers {
    l: Locale,
    path: &'static str,
    centers: Vec<Center>,
}

pub async fn centers(State(s): State<AppState>, Lang(l): Lang) -> PageResult {
    render(Centers {
        l,
        path: "/trung-tam",
        centers: s.store.centers().await?,
    })
}

#[derive(Template)]
#[template(path = "center.html")]
struct CenterPage {
    l: Locale,
    path: &'static str,
    c: Center,
    staff: Vec<Posting>,
    procedures: usize,
    last30: RollupCounts,
}

impl CenterPage {
    fn hours(&self) -> String {
        match self.l {
            Locale::Vi => self.c.office_hours.to_string(),
            Locale::En => self.c.office_hours.describe_en(),
        }
    }

    fn on_time_rate(&self) -> String {
        let t = &self.last30;
        self.l
            .percent(t.on_time.max(0) as u64, t.finished.max(0) as u64)
    }
}

pub async fn center(State(s): State<AppState>, Lang(l): Lang, Path(id): Path<i64>) -> PageResult {
    let c = s.store.center(id).await?.ok_or(WebError::NotFound)?;
    let today = motcua_calendar::from_timestamp(s.now()).date();
    let from = today.checked_sub(30.days()).expect("date in range");
    let mut last30 = RollupCounts::default();
    for r in s.store.rollups(id, from, today).await? {
        last30 += &r.counts;
    }
    render(CenterPage {
        l,
        path: "/trung-tam",
        staff: s.store.staff_at(id, today).await?,
        procedures: s.store.jurisdiction(id).await?.len(),
        last30,
        c,
    })
}

#[derive(Template)]
#[template(path = "not_found.html")]
struct NotFound {
    l: Locale,
    path: &'static str,
}

pub async fn not_found(Lang(l): Lang) -> Response {
    not_found_page(l)
}

fn not_found_page(l: Locale) -> Response {
    match (NotFound { l, path: "" }).render() {
        Ok(html) => (StatusCode::NOT_FOUND, Html(html)).into_response(),
        Err(e) => WebError::from(e).into_response(),
    }
}

/// Switches the language for the following pages and goes back.
pub async fn set_language(Path(lang): Path<String>, headers: axum::http::HeaderMap) -> Response {
    let l: Locale = lang.parse().unwrap_or_default();
    // Only same-site relative paths, so the switch cannot be used to redirect elsewhere.
    let back = headers
        .get(axum::http::header::REFERER)
        .and_then(|r| r.to_str().ok())
        .and_then(|r| r.find("://").map(|i| &r[i + 3..]))
        .and_then(|r| r.find('/').map(|i| r[i..].to_string()))
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or_else(|| "/".into());
    (
        StatusCode::SEE_OTHER,
        [
            (
                axum::http::header::SET_COOKIE,
                format!("lang={l}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly"),
            ),
            (axum::http::header::LOCATION, back),
        ],
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_grouped_the_vietnamese_way() {
        assert_eq!(super::num(&1_147_664), "1.147.664");
        assert_eq!(super::num(&47), "47");
    }
}

#[derive(Template)]
#[template(path = "lookup.html")]
struct LookupPage {
    l: Locale,
    path: &'static str,
    code: String,
    pin: String,
    phone: String,
    found: Option<crate::cases::PublicStatus>,
    error: Option<String>,
}

impl LookupPage {
    fn appointment(&self) -> String {
        self.found
            .as_ref()
            .and_then(|f| f.appointment)
            .map(|a| {
                motcua_calendar::from_timestamp(a)
                    .strftime("%H:%M, %d/%m/%Y")
                    .to_string()
            })
            .unwrap_or_default()
    }
}

#[derive(serde::Deserialize)]
pub struct LookupParams {
    #[serde(default)]
    ma: String,
    /// The lookup PIN on the receipt (the QR code carries it).
    #[serde(default)]
    pin: String,
    /// Or the last digits of the phone number.
    #[serde(default)]
    sdt: String,
}

/// `/tra-cuu?ma=&pin=`: a citizen checks a dossier with the code on the
/// receipt and its PIN (the receipt's QR code carries both), or the last
/// digits of the phone number given at intake.
pub async fn lookup(
    State(s): State<AppState>,
    Lang(l): Lang,
    crate::auth::ClientIp(client): crate::auth::ClientIp,
    Query(q): Query<LookupParams>,
) -> Response {
    let (mut found, mut error, mut status) = (None, None, StatusCode::OK);
    let factor = !q.pin.trim().is_empty() || !q.sdt.trim().is_empty();
    let mut retry_after = None;
    if !q.ma.trim().is_empty() && factor {
        let (pin, phone) = (Some(q.pin.as_str()), Some(q.sdt.as_str()));
        match crate::cases::public_status(&s, &client, &q.ma, pin, phone).await {
            Ok(f) => found = Some(f),
            Err(WebError::Invalid { message, .. } | WebError::Unauthenticated(message)) => {
                error = Some(crate::locale::half(&message, l))
            }
            Err(WebError::TooManyRequests(secs)) => {
                status = StatusCode::TOO_MANY_REQUESTS;
                retry_after = Some(secs);
                error = Some(match l {
                    Locale::Vi => {
                        format!("Tra cứu quá nhiều lần. Vui lòng thử lại sau {secs} giây.")
                    }
                    Locale::En => format!("Too many lookups. Try again in {secs} seconds."),
                });
            }
            Err(e) => return PageError(e).into_response(),
        }
    }
    let page = LookupPage {
        l,
        path: "/tra-cuu",
        code: q.ma.trim().chars().take(40).collect(),
        pin: q.pin.trim().chars().take(12).collect(),
        phone: q.sdt.trim().chars().take(20).collect(),
        found,
        error,
    };
    let mut res = match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(e) => return PageError(e.into()).into_response(),
    };
    if let Some(secs) = retry_after {
        res.headers_mut()
            .insert(axum::http::header::RETRY_AFTER, secs.into());
    }
    res
}
