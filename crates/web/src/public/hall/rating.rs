//! The citizen's rating of the service, in two places: the link printed on
//! the receipt (`/danh-gia/{code}?k={key}`, opened on a phone: the three
//! answers, the optional survey, a comment), and the tablet at the counter
//! (`/danh-gia-quay/{secret}`: the dossiers the counter just served, one
//! touch each). The dossier is shown by its code and procedure only.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use motcua_domain::i18n::Message;
use motcua_domain::queue::rating::{answer_key, question_key, Satisfaction, SURVEY_QUESTIONS};
use motcua_domain::queue::ticket::KioskKind;
use motcua_domain::Locale;
use serde::Deserialize;

use super::{in_lang, page, refused, see_other, with_retry_after, MessagePage};
use crate::auth::{urlencode, ClientIp};
use crate::cases::lookup::public_request;
use crate::cases::queue;
use crate::cases::ratings::{self, RateIn, Rateable, SurveyAnswer};
use crate::input;
use crate::locale::Lang;
use crate::{AppState, WebError};

/// One of the three answers, as a big button.
struct Choice {
    code: &'static str,
    label: &'static str,
    /// A face drawn with a character: no image to fetch. These three are
    /// in DejaVu Sans too, for a kiosk without an emoji font.
    face: &'static str,
    checked: bool,
}

fn choices(l: Locale, checked: Option<Satisfaction>) -> Vec<Choice> {
    Satisfaction::ALL
        .iter()
        .map(|&s| Choice {
            code: s.code(),
            label: s.label(l),
            face: match s {
                Satisfaction::VerySatisfied => "😄",
                Satisfaction::Satisfied => "😊",
                Satisfaction::NotSatisfied => "😞",
            },
            checked: checked == Some(s),
        })
        .collect()
}

/// What the citizen filled in on the link's form, kept as typed so that a
/// refusal gives it all back.
#[derive(Default)]
struct Filled {
    rating: String,
    /// The survey's radio buttons (`q3`…) by question number, as sent.
    survey: Vec<(String, String)>,
    comment: String,
}

impl Filled {
    fn of(pairs: Vec<(String, String)>) -> Filled {
        let mut f = Filled::default();
        for (name, value) in pairs {
            match name.as_str() {
                "rating" => f.rating = value,
                "comment" => f.comment = value,
                _ => {
                    if let Some(q) = name.strip_prefix('q') {
                        if !value.trim().is_empty() {
                            f.survey.push((q.to_string(), value));
                        }
                    }
                }
            }
        }
        f
    }

    fn answer(&self, question: u8) -> Option<&str> {
        let q = question.to_string();
        self.survey
            .iter()
            .find(|(n, _)| *n == q)
            .map(|(_, v)| v.trim())
    }

    /// The case's command; an answer that is not a number is no answer of
    /// the survey, and the case would say the same of one out of range.
    fn command(&self) -> Result<RateIn, WebError> {
        let bad = || input::invalid("survey", Message::new("error-rating-survey"));
        let survey = self
            .survey
            .iter()
            .map(|(q, p)| {
                Ok(SurveyAnswer {
                    question: q.trim().parse().map_err(|_| bad())?,
                    points: p.trim().parse().map_err(|_| bad())?,
                })
            })
            .collect::<Result<_, WebError>>()?;
        Ok(RateIn {
            rating: self.rating.clone(),
            survey,
            comment: self.comment.clone(),
        })
    }
}

#[derive(Template)]
#[template(path = "hall_rate.html")]
struct RatePage {
    l: Locale,
    /// The page's own address (its key included), in its language.
    action: String,
    /// The same page in the other language.
    other_language: String,
    code: String,
    procedure: String,
    stage: &'static str,
    choices: Vec<Choice>,
    questions: Vec<Question>,
    /// The survey opens by itself when something in it was answered.
    survey_open: bool,
    comment: String,
    error: Option<String>,
}

struct Question {
    number: u8,
    text: String,
    /// The best answer first.
    answers: Vec<Answer>,
}

struct Answer {
    points: u8,
    text: String,
    checked: bool,
}

impl RatePage {
    fn of(l: Locale, r: &Rateable, here: &str, f: &Filled, error: Option<String>) -> RatePage {
        let questions = SURVEY_QUESTIONS
            .iter()
            .map(|&q| Question {
                number: q,
                text: l.t_args(&question_key(q), &[]),
                answers: [2u8, 1, 0]
                    .iter()
                    .map(|&points| Answer {
                        points,
                        text: l.t_args(&answer_key(q, points), &[]),
                        checked: f.answer(q) == Some(points.to_string().as_str()),
                    })
                    .collect(),
            })
            .collect();
        let other = match l {
            Locale::Vi => Locale::En,
            Locale::En => Locale::Vi,
        };
        RatePage {
            l,
            action: in_lang(l, here),
            other_language: format!("{here}&lang={other}"),
            code: r.dossier.code.to_string(),
            procedure: r.dossier.details.procedure_name.clone(),
            stage: r.stage.label(l),
            choices: choices(l, Satisfaction::parse(f.rating.trim())),
            questions,
            survey_open: !f.survey.is_empty(),
            comment: f.comment.clone(),
            error,
        }
    }
}

#[derive(Deserialize)]
pub struct LinkQuery {
    /// The key printed with the link.
    #[serde(default)]
    k: String,
    /// `1` after the rating was sent: the thanks.
    #[serde(default)]
    da_gui: String,
}

/// The link's own address, as the receipt prints it.
fn link_here(code: &str, key: &str) -> String {
    format!("/danh-gia/{}?k={}", urlencode(code), urlencode(key))
}

/// `GET /danh-gia/{code}?k={key}`: the form, or the thanks once rated.
pub async fn link(
    State(state): State<AppState>,
    Lang(l): Lang,
    ClientIp(client): ClientIp,
    Path(code): Path<String>,
    Query(q): Query<LinkQuery>,
) -> Response {
    let here = link_here(&code, &q.k);
    let found = async {
        public_request(&state, &client)?;
        ratings::by_link(&state, &client, &code, &q.k).await
    }
    .await;
    match found {
        Ok(r) if r.rated && q.da_gui == "1" => thanks(l),
        Ok(r) if r.rated => not_rateable(l, WebError::Conflict(done()), &here),
        Ok(r) => page(
            StatusCode::OK,
            RatePage::of(l, &r, &here, &Filled::default(), None),
        ),
        Err(e) => not_rateable(l, e, &here),
    }
}

/// `POST /danh-gia/{code}?k={key}`: records the rating, then thanks; a
/// refusal comes back on the form with everything as it was left.
pub async fn link_rate(
    State(state): State<AppState>,
    Lang(l): Lang,
    ClientIp(client): ClientIp,
    Path(code): Path<String>,
    Query(q): Query<LinkQuery>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let here = link_here(&code, &q.k);
    let filled = Filled::of(pairs);
    let r = match async {
        public_request(&state, &client)?;
        ratings::by_link(&state, &client, &code, &q.k).await
    }
    .await
    {
        Ok(r) => r,
        Err(e) => return not_rateable(l, e, &here),
    };
    let done = async {
        let body = filled.command()?;
        ratings::rate(&state, &client, &r, None, &body).await
    }
    .await;
    let (status, message) = match done {
        Ok(_) => return see_other(&in_lang(l, &format!("{here}&da_gui=1"))),
        Err(ref e @ WebError::Invalid { .. }) => (StatusCode::UNPROCESSABLE_ENTITY, e.localize(l)),
        Err(WebError::TooManyRequests(secs)) => {
            let m = Message::new("hall-too-many").with("secs", secs);
            let p = RatePage::of(l, &r, &here, &filled, Some(m.localize(l)));
            return with_retry_after(page(StatusCode::TOO_MANY_REQUESTS, p), secs);
        }
        Err(e) => return not_rateable(l, e, &here),
    };
    page(status, RatePage::of(l, &r, &here, &filled, Some(message)))
}

fn done() -> Message {
    Message::new("error-rating-done")
}

/// A dossier that cannot be rated now: rated already at this stage (said
/// kindly: the citizen did nothing wrong), or not received yet.
fn not_rateable(l: Locale, e: WebError, here: &str) -> Response {
    match e {
        WebError::Conflict(m) => {
            let (status, title) = if m == done() {
                (StatusCode::OK, l.t("hall-rate-already-title"))
            } else {
                (StatusCode::CONFLICT, l.t("hall-rate-not-yet-title"))
            };
            page(
                status,
                MessagePage::new(l, "note", title.into(), m.localize(l)),
            )
        }
        e => refused(l, e, here),
    }
}

fn thanks(l: Locale) -> Response {
    page(
        StatusCode::OK,
        MessagePage::new(
            l,
            "thanks",
            l.t("hall-rate-thanks-title").into(),
            l.t("hall-rate-thanks").into(),
        ),
    )
}

#[derive(Template)]
#[template(path = "hall_tablet.html")]
struct TabletPage {
    l: Locale,
    action: String,
    /// The dossiers the counter just served, newest first.
    pending: Vec<Pending>,
    choices: Vec<Choice>,
    error: Option<String>,
}

struct Pending {
    code: String,
    procedure: String,
    stage: &'static str,
}

impl TabletPage {
    fn of(l: Locale, here: &str, pending: &[Rateable], error: Option<String>) -> TabletPage {
        TabletPage {
            l,
            action: here.to_string(),
            pending: pending
                .iter()
                .map(|r| Pending {
                    code: r.dossier.code.to_string(),
                    procedure: r.dossier.details.procedure_name.clone(),
                    stage: r.stage.label(l),
                })
                .collect(),
            choices: choices(l, None),
            error,
        }
    }

    /// Seconds until the screen looks again: soon when it waits for the next
    /// citizen, less often while one may be choosing.
    fn refresh(&self) -> u32 {
        if self.pending.is_empty() {
            5
        } else {
            30
        }
    }
}

#[derive(Deserialize)]
pub struct SentQuery {
    /// `1` right after a rating: the thanks, then back.
    #[serde(default)]
    da_gui: String,
}

/// `GET /danh-gia-quay/{secret}`: the counter's tablet.
pub async fn tablet(
    State(state): State<AppState>,
    Lang(l): Lang,
    ClientIp(client): ClientIp,
    Path(secret): Path<String>,
    Query(q): Query<SentQuery>,
) -> Response {
    let here = format!("/danh-gia-quay/{secret}");
    let shown = async {
        let k = crate::cases::queue::device_looked_up(&state, &client, &secret, KioskKind::Rating)
            .await?;
        if q.da_gui == "1" {
            return Ok(None);
        }
        let pending = ratings::tablet_pending(&state, &k).await?;
        Ok::<_, WebError>(Some(TabletPage::of(l, &here, &pending, None)))
    }
    .await;
    match shown {
        Ok(Some(p)) => page(StatusCode::OK, p),
        Ok(None) => {
            let mut m = MessagePage::new(
                l,
                "thanks",
                l.t("hall-tablet-thanks").into(),
                l.t("hall-rate-thanks").into(),
            );
            m.refresh = Some((5, here));
            page(StatusCode::OK, m)
        }
        Err(e) => refused(l, e, &here),
    }
}

#[derive(Deserialize)]
pub struct TabletForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    rating: String,
}

/// `POST /danh-gia-quay/{secret}`: one touch rates one dossier the tablet
/// offers; then the thanks.
pub async fn tablet_rate(
    State(state): State<AppState>,
    Lang(l): Lang,
    ClientIp(client): ClientIp,
    Path(secret): Path<String>,
    Form(f): Form<TabletForm>,
) -> Response {
    let here = format!("/danh-gia-quay/{secret}");
    let k = match async {
        crate::cases::queue::hall_request(&state, &client)?;
        queue::device(&state, &secret, KioskKind::Rating).await
    }
    .await
    {
        Ok(k) => k,
        Err(e) => return refused(l, e, &here),
    };
    let body = RateIn {
        rating: f.rating,
        survey: Vec::new(),
        comment: String::new(),
    };
    let status = match crate::cases::ratings::tablet_rating(&state, &client, &k, &f.code, &body)
        .await
    {
        Ok(_) => return see_other(&format!("{here}?da_gui=1")),
        Err(ref e @ WebError::Invalid { .. }) => (StatusCode::UNPROCESSABLE_ENTITY, e.localize(l)),
        Err(ref e @ WebError::Conflict(_)) => (StatusCode::CONFLICT, e.localize(l)),
        Err(e) => return refused(l, e, &here),
    };
    // The tablet as it is now, with what went wrong.
    match ratings::tablet_pending(&state, &k).await {
        Ok(pending) => page(status.0, TabletPage::of(l, &here, &pending, Some(status.1))),
        Err(e) => refused(l, e, &here),
    }
}
