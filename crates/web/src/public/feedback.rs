//! The citizens' pages of opinions and complaints (PAKN), phone-first:
//! sending one (`/phan-anh`, guarded by `guard.rs`), following it with its
//! code and key (`/phan-anh/{code}?k=`: the status, the deadline, the
//! answer, the information asked for, the rating), and the answers the
//! centers published (`/tra-loi-phan-anh`), without personal data.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use motcua_domain::feedback::Category;
use motcua_domain::i18n::Message;
use motcua_domain::queue::rating::Satisfaction;
use motcua_domain::Locale;
use motcua_store::CenterId;
use serde::Deserialize;

use super::PageError;
use crate::auth::ClientIp;
use crate::cases::feedback::{self as cases, FeedbackRateIn, InfoIn, SendIn, TrackOut};
use crate::locale::Lang;
use crate::{guard, AppState, WebError};

fn page(status: StatusCode, t: impl Template) -> Response {
    match t.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(e) => PageError(e.into()).into_response(),
    }
}

fn with_retry_after(mut res: Response, secs: i64) -> Response {
    res.headers_mut()
        .insert(axum::http::header::RETRY_AFTER, secs.into());
    res
}

/// A failure a person reads: too many tries is said in words with the
/// wait (429); anything else is the usual page of errors.
fn fail(l: Locale, e: WebError) -> Response {
    match e {
        WebError::TooManyRequests(secs) => {
            let words = Message::new("guard-too-many")
                .with("secs", secs)
                .localize(l);
            let body = format!(
                "<!doctype html><html lang=\"{l}\"><meta charset=utf-8><meta name=viewport content=\"width=device-width, initial-scale=1\"><link rel=stylesheet href=\"/static/app.css\"><title>429</title><main><p class=error role=alert>{}</p></main></html>",
                askama::filters::escape(&words, askama::filters::Html)
                    .map(|e| e.to_string())
                    .unwrap_or_default()
            );
            with_retry_after(
                (StatusCode::TOO_MANY_REQUESTS, Html(body)).into_response(),
                secs,
            )
        }
        e => PageError(e).into_response(),
    }
}

fn when(t: jiff::Timestamp) -> String {
    motcua_calendar::from_timestamp(t)
        .strftime("%H:%M %d/%m/%Y")
        .to_string()
}

/// What a refusal becomes on a page: its status and words (a wait in words).
fn refusal(l: Locale, e: WebError) -> Result<(StatusCode, String, Option<i64>), PageError> {
    match e {
        WebError::TooManyRequests(secs) => Ok((
            StatusCode::TOO_MANY_REQUESTS,
            Message::new("guard-too-many")
                .with("secs", secs)
                .localize(l),
            Some(secs),
        )),
        e @ WebError::Invalid { .. } => Ok((StatusCode::UNPROCESSABLE_ENTITY, e.localize(l), None)),
        e @ WebError::Conflict(_) => Ok((StatusCode::CONFLICT, e.localize(l), None)),
        e => Err(PageError(e)),
    }
}

/// What the sender typed, kept whole so that a refusal gives it all back.
#[derive(Debug, Default, Deserialize)]
pub struct SendForm {
    #[serde(default)]
    center_id: String,
    #[serde(default)]
    dossier_code: String,
    #[serde(default)]
    pin: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    form_token: String,
    #[serde(default)]
    website: String,
}

impl SendForm {
    /// The same, cut to the fields' lengths (a hostile form is not echoed whole).
    fn bounded(mut self) -> SendForm {
        let cut = |s: &mut String, n: usize| {
            if s.chars().count() > n {
                *s = s.chars().take(n).collect();
            }
        };
        cut(&mut self.center_id, 20);
        cut(&mut self.dossier_code, 40);
        cut(&mut self.pin, 12);
        cut(&mut self.category, 40);
        cut(&mut self.content, cases::MAX_TEXT + 1);
        cut(&mut self.name, 201);
        cut(&mut self.phone, 21);
        cut(&mut self.email, 255);
        self
    }

    fn command(&self) -> SendIn {
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.to_string());
        SendIn {
            center_id: self.center_id.trim().parse().ok().map(CenterId),
            dossier_code: opt(&self.dossier_code),
            pin: opt(&self.pin),
            category: self.category.clone(),
            content: self.content.clone(),
            name: self.name.clone(),
            phone: opt(&self.phone),
            email: opt(&self.email),
            form_token: self.form_token.clone(),
            website: self.website.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "feedback_send.html")]
struct SendPage {
    l: Locale,
    path: &'static str,
    token: String,
    centers: Vec<(i64, String)>,
    categories: Vec<(&'static str, &'static str)>,
    center_id: String,
    dossier_code: String,
    pin: String,
    category: String,
    content: String,
    name: String,
    phone: String,
    email: String,
    error: Option<String>,
}

impl SendPage {
    async fn of(
        state: &AppState,
        l: Locale,
        f: SendForm,
        error: Option<String>,
    ) -> Result<SendPage, WebError> {
        let centers = state
            .store
            .centers()
            .await?
            .into_iter()
            .map(|c| (c.id.0, c.name))
            .collect();
        Ok(SendPage {
            l,
            path: "/phan-anh",
            token: guard::issue(state, cases::FORM).await?,
            centers,
            categories: Category::ALL
                .iter()
                .map(|c| (c.code(), c.label(l)))
                .collect(),
            center_id: f.center_id,
            dossier_code: f.dossier_code,
            pin: f.pin,
            category: f.category,
            content: f.content,
            name: f.name,
            phone: f.phone,
            email: f.email,
            error,
        })
    }
}

#[derive(Deserialize, Default)]
pub struct SendQuery {
    /// A center chosen beforehand (from its page).
    #[serde(default)]
    trung_tam: String,
    /// A dossier named beforehand (from the lookup page).
    #[serde(default)]
    ma: String,
}

/// `GET /phan-anh`: the form, with a fresh token.
pub async fn form(
    State(state): State<AppState>,
    Lang(l): Lang,
    Query(q): Query<SendQuery>,
) -> Result<Response, PageError> {
    let filled = SendForm {
        center_id: q.trung_tam,
        dossier_code: q.ma,
        ..SendForm::default()
    }
    .bounded();
    Ok(page(
        StatusCode::OK,
        SendPage::of(&state, l, filled, None).await?,
    ))
}

/// `POST /phan-anh`: sends it, then to its tracking page; a refusal shows
/// the form again with everything typed and the reason in words.
pub async fn send(
    State(state): State<AppState>,
    Lang(l): Lang,
    ClientIp(client): ClientIp,
    Form(f): Form<SendForm>,
) -> Result<Response, PageError> {
    let f = f.bounded();
    match cases::send(&state, &client, &f.command()).await {
        Ok(out) => Ok(Redirect::to(&format!("{}&da_gui=1", out.link)).into_response()),
        Err(e) => {
            let (status, words, retry) = refusal(l, e)?;
            let res = page(status, SendPage::of(&state, l, f, Some(words)).await?);
            Ok(match retry {
                Some(secs) => with_retry_after(res, secs),
                None => res,
            })
        }
    }
}

#[derive(Template)]
#[template(path = "feedback_track.html")]
struct TrackPage {
    l: Locale,
    path: &'static str,
    t: TrackOut,
    key: String,
    link: String,
    received: String,
    answer_by: String,
    sent: bool,
    error: Option<String>,
    ratings: Vec<(&'static str, &'static str)>,
    rating: String,
    comment: String,
    reply: String,
}

#[derive(Deserialize, Default)]
pub struct TrackQuery {
    #[serde(default)]
    k: String,
    #[serde(default)]
    da_gui: Option<String>,
}

async fn track_page(
    state: &AppState,
    l: Locale,
    f: &motcua_store::FeedbackRecord,
    key: &str,
    sent: bool,
    error: Option<String>,
    typed: (&str, &str, &str),
) -> Result<TrackPage, WebError> {
    let t = cases::track_view(state, f).await?;
    Ok(TrackPage {
        l,
        path: "/phan-anh",
        key: key.to_string(),
        link: format!("/phan-anh/{}?k={key}", t.code),
        received: when(t.received_at),
        answer_by: t.answer_by.map(when).unwrap_or_default(),
        t,
        sent,
        error,
        ratings: Satisfaction::ALL
            .iter()
            .map(|s| (s.code(), s.label(l)))
            .collect(),
        rating: typed.0.chars().take(20).collect(),
        comment: typed.1.chars().take(2001).collect(),
        reply: typed.2.chars().take(cases::MAX_TEXT + 1).collect(),
    })
}

/// `GET /phan-anh/{code}?k=`: the sender follows it.
pub async fn track(
    State(state): State<AppState>,
    Lang(l): Lang,
    ClientIp(client): ClientIp,
    Path(code): Path<String>,
    Query(q): Query<TrackQuery>,
) -> Result<Response, PageError> {
    let f = match cases::tracked(&state, &client, &code, &q.k).await {
        Ok(f) => f,
        Err(e) => return Ok(fail(l, e)),
    };
    let p = track_page(&state, l, &f, &q.k, q.da_gui.is_some(), None, ("", "", "")).await?;
    Ok(page(StatusCode::OK, p))
}

#[derive(Deserialize, Default)]
pub struct InfoForm {
    #[serde(default)]
    reply: String,
}

/// `POST /phan-anh/{code}/bo-sung?k=`: the information asked for.
pub async fn give_info(
    State(state): State<AppState>,
    Lang(l): Lang,
    ClientIp(client): ClientIp,
    Path(code): Path<String>,
    Query(q): Query<TrackQuery>,
    Form(form): Form<InfoForm>,
) -> Result<Response, PageError> {
    let f = match cases::tracked(&state, &client, &code, &q.k).await {
        Ok(f) => f,
        Err(e) => return Ok(fail(l, e)),
    };
    let body = InfoIn {
        reply: form.reply.clone(),
    };
    match cases::give_info(&state, &f, &body).await {
        Ok(f) => Ok(Redirect::to(&format!("/phan-anh/{}?k={}", f.code, q.k)).into_response()),
        Err(e) => {
            let (status, words, _) = refusal(l, e)?;
            let p = track_page(
                &state,
                l,
                &f,
                &q.k,
                false,
                Some(words),
                ("", "", &form.reply),
            )
            .await?;
            Ok(page(status, p))
        }
    }
}

#[derive(Deserialize, Default)]
pub struct RateForm {
    #[serde(default)]
    rating: String,
    #[serde(default)]
    comment: String,
}

/// `POST /phan-anh/{code}/danh-gia?k=`: the sender rates the answer.
pub async fn rate(
    State(state): State<AppState>,
    Lang(l): Lang,
    ClientIp(client): ClientIp,
    Path(code): Path<String>,
    Query(q): Query<TrackQuery>,
    Form(form): Form<RateForm>,
) -> Result<Response, PageError> {
    let f = match cases::tracked(&state, &client, &code, &q.k).await {
        Ok(f) => f,
        Err(e) => return Ok(fail(l, e)),
    };
    let body = FeedbackRateIn {
        rating: form.rating.clone(),
        comment: form.comment.clone(),
    };
    match cases::rate(&state, &client, &f, &body).await {
        Ok(f) => Ok(Redirect::to(&format!("/phan-anh/{}?k={}", f.code, q.k)).into_response()),
        Err(e) => {
            let (status, words, retry) = refusal(l, e)?;
            let typed = (form.rating.as_str(), form.comment.as_str(), "");
            let res = page(
                status,
                track_page(&state, l, &f, &q.k, false, Some(words), typed).await?,
            );
            Ok(match retry {
                Some(secs) => with_retry_after(res, secs),
                None => res,
            })
        }
    }
}

pub struct PublishedItem {
    code: String,
    center: String,
    category: &'static str,
    question: String,
    answer: String,
    published: String,
}

#[derive(Template)]
#[template(path = "feedback_published.html")]
struct PublishedPage {
    l: Locale,
    path: &'static str,
    centers: Vec<(i64, String)>,
    center_id: String,
    q: String,
    items: Vec<PublishedItem>,
}

#[derive(Deserialize, Default)]
pub struct PublishedQuery {
    #[serde(default)]
    trung_tam: String,
    #[serde(default)]
    q: String,
}

/// `GET /tra-loi-phan-anh`: the published answers, per center, searchable.
pub async fn published(
    State(state): State<AppState>,
    Lang(l): Lang,
    ClientIp(client): ClientIp,
    Query(q): Query<PublishedQuery>,
) -> Result<Response, PageError> {
    if let Err(e) = crate::cases::lookup::public_request(&state, &client) {
        return Ok(fail(l, e));
    }
    let center: Option<CenterId> = q.trung_tam.trim().parse().ok().map(CenterId);
    let search: String = q.q.trim().chars().take(100).collect();
    let rows = state
        .store
        .published_feedback(
            center,
            Some(&search).filter(|s| !s.is_empty()).map(|s| s.as_str()),
            100,
        )
        .await?;
    let centers = state
        .store
        .centers()
        .await?
        .into_iter()
        .map(|c| (c.id.0, c.name))
        .collect();
    let items = rows
        .into_iter()
        .map(|r| PublishedItem {
            code: r.code,
            center: r.center_name,
            category: r.category.label(l),
            question: r.question,
            answer: r.answer,
            published: when(r.published_at),
        })
        .collect();
    Ok(page(
        StatusCode::OK,
        PublishedPage {
            l,
            path: "/tra-loi-phan-anh",
            centers,
            center_id: center.map(|c| c.to_string()).unwrap_or_default(),
            q: search,
            items,
        },
    ))
}
