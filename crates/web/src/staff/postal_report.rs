//! The post office's report of parcels (`/buu-chinh/bao-cao`): per center,
//! for a period (this month unless asked), the parcels sent, delivered (at
//! the first attempt), brought back, still on their way, and the mean days
//! from the order to delivery.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use motcua_domain::Locale;
use serde::Deserialize;

use super::{html, Bar};
use crate::api::deliveries::TallyOut;
use crate::auth::PageUser;
use crate::locale::Lang;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "postal_report.html")]
struct ReportPage {
    l: Locale,
    path: &'static str,
    bar: Bar,
    from: String,
    to: String,
    rows: Vec<TallyOut>,
    total: Total,
    error: Option<String>,
}

#[derive(Default)]
struct Total {
    sent: i64,
    delivered: i64,
    first_attempt: i64,
    returned: i64,
    in_progress: i64,
}

impl ReportPage {
    fn n(&self, n: &i64) -> String {
        self.l.number(n.unsigned_abs())
    }
    fn share(&self, part: &i64, whole: &i64) -> String {
        self.l.percent(part.unsigned_abs(), whole.unsigned_abs())
    }
    /// Days to one decimal, the reader's way (`1,4`).
    fn days(&self, d: &Option<f64>) -> String {
        d.map_or_else(
            || "—".into(),
            |d| {
                let tenths = (d * 10.0).round() as u64;
                format!(
                    "{}{}{}",
                    self.l.number(tenths / 10),
                    self.l.pick(",", "."),
                    tenths % 10
                )
            },
        )
    }
}

#[derive(Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// `GET /buu-chinh/bao-cao?from=YYYY-MM-DD&to=YYYY-MM-DD`
pub async fn report(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    let today = motcua_calendar::from_timestamp(state.now()).date();
    let date = |s: &str, default: jiff::civil::Date| {
        if s.trim().is_empty() {
            Ok(default)
        } else {
            s.trim().parse::<jiff::civil::Date>()
        }
    };
    let period = match (date(&q.from, today.first_of_month()), date(&q.to, today)) {
        (Ok(from), Ok(to)) => Ok(crate::forms::Period { from, to }),
        _ => Err(crate::input::invalid(
            "from",
            motcua_domain::i18n::Message::new("error-date-out-of-range"),
        )),
    };
    let result = match &period {
        Ok(p) => crate::api::deliveries::tallies(&state, &user.principal, p).await,
        Err(_) => Ok(Vec::new()),
    };
    let (rows, error) = match (period, result) {
        (Ok(_), Ok(rows)) => (rows, None),
        (Err(e), _) | (_, Err(e @ WebError::Invalid { .. })) => (Vec::new(), Some(e.localize(l))),
        (_, Err(e)) => return Err(e),
    };
    let mut total = Total::default();
    for r in &rows {
        total.sent += r.sent;
        total.delivered += r.delivered;
        total.first_attempt += r.first_attempt;
        total.returned += r.returned;
        total.in_progress += r.in_progress;
    }
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(html(
        status,
        ReportPage {
            l,
            path: "/buu-chinh",
            bar: Bar::of(&state, &user).await?,
            from: if q.from.is_empty() {
                today.first_of_month().to_string()
            } else {
                q.from.chars().take(10).collect()
            },
            to: if q.to.is_empty() {
                today.to_string()
            } else {
                q.to.chars().take(10).collect()
            },
            rows,
            total,
            error,
        },
    ))
}
