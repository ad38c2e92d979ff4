//! The citizen's rating of the service, once when the dossier is received
//! and once when its result is returned: on the tablet at the counter that
//! served them, or through the link (and QR code) on the receipt. A rating
//! needs a real dossier: the receipt's link carries a key only the server
//! can make for that code; the tablet offers only the dossiers its counter
//! just served. It is tied to the officer who served and the counter.

use jiff::SignedDuration;
use motcua_domain::dossier::Status;
use motcua_domain::i18n::Message;
use motcua_domain::queue::rating::{RatingStage, Satisfaction, Survey, SURVEY_QUESTIONS};
use motcua_domain::queue::ticket::{service_day, TicketStatus};
use motcua_store::{DossierCode, DossierRecord, Kiosk, NewRating, StoreError};
use serde::{Deserialize, Serialize};

use crate::input::{self, max};
use crate::privacy;
use crate::{AppState, WebError};

/// How long after a counter served someone its tablet still offers the
/// rating of that dossier.
pub const TABLET_WINDOW: SignedDuration = SignedDuration::from_mins(30);

/// A rating as sent by the citizen.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RateIn {
    /// very-satisfied, satisfied or not-satisfied.
    #[schema(max_length = 20)]
    pub rating: String,
    /// The optional survey: question number (3, 4, 7, 10) → points 0–2.
    #[serde(default)]
    #[schema(max_items = 4)]
    pub survey: Vec<SurveyAnswer>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub comment: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SurveyAnswer {
    pub question: u8,
    #[schema(minimum = 0, maximum = 2)]
    pub points: u8,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RatedOut {
    pub code: String,
    /// received or returned.
    pub stage: String,
    pub rating: String,
}

/// The key of a dossier's rating link: made from the code with the
/// deployment's key, printed on the receipt.
pub async fn link_key(state: &AppState, code: &DossierCode) -> Result<String, WebError> {
    let key = state.lookup_key().await?;
    Ok(privacy::rating_key(key, code))
}

/// The path of the rating link printed on the receipt.
pub async fn link_path(state: &AppState, code: &DossierCode) -> Result<String, WebError> {
    Ok(format!(
        "/danh-gia/{code}?k={}",
        link_key(state, code).await?
    ))
}

/// What a rating page needs to know: the dossier and the stage it is rated
/// for now, and whether that is done already.
pub struct Rateable {
    pub dossier: DossierRecord,
    pub stage: RatingStage,
    pub rated: bool,
}

async fn rateable(state: &AppState, d: DossierRecord) -> Result<Rateable, WebError> {
    let stage = d
        .state
        .status
        .and_then(RatingStage::for_status)
        .ok_or_else(|| WebError::Conflict(Message::new("error-rating-not-yet")))?;
    let rated = state
        .store
        .ratings_of_dossier(d.id)
        .await?
        .iter()
        .any(|r| r.stage == stage);
    Ok(Rateable {
        dossier: d,
        stage,
        rated,
    })
}

/// The dossier behind a receipt's link, if its key is right.
pub async fn by_link(
    state: &AppState,
    client: &str,
    code: &str,
    key: &str,
) -> Result<Rateable, WebError> {
    let now = state.now();
    let t = &state.throttles.rating_client;
    t.check(client, now).map_err(WebError::too_many)?;
    let code = super::dossier_code(code).ok_or(WebError::NotFound)?;
    let right = link_key(state, &code).await?;
    if !privacy::same_secret(key.trim(), &right) {
        t.record(client, now);
        return Err(WebError::NotFound);
    }
    let d = state
        .store
        .dossier(&code)
        .await?
        .ok_or(WebError::NotFound)?;
    rateable(state, d).await
}

/// The dossiers a counter's tablet offers: those of the tickets it served
/// in the last half hour, not rated yet for their stage.
pub async fn tablet_pending(state: &AppState, kiosk: &Kiosk) -> Result<Vec<Rateable>, WebError> {
    let Some(counter) = kiosk.counter_id else {
        return Ok(Vec::new());
    };
    let now = state.now();
    let today = state
        .store
        .tickets_of_day(kiosk.center_id, service_day(now))
        .await?;
    let mut out = Vec::new();
    for t in today.iter().rev().filter(|t| {
        t.counter_id == Some(counter)
            && t.dossiers > 0
            && (t.status == TicketStatus::Called
                || t.finished_at
                    .is_some_and(|f| now.duration_since(f) <= TABLET_WINDOW))
    }) {
        for id in state.store.ticket_dossiers(t.id).await? {
            if let Some(d) = state.store.dossier_by_id(id).await? {
                if let Ok(r) = rateable(state, d).await {
                    if !r.rated {
                        out.push(r);
                    }
                }
            }
        }
    }
    Ok(out)
}

/// Rates `code` on tablet `k`, if the tablet offers it.
pub async fn tablet_rating(
    state: &AppState,
    client: &str,
    k: &Kiosk,
    code: &str,
    body: &RateIn,
) -> Result<RatedOut, WebError> {
    let pending = tablet_pending(state, k).await?;
    let r = pending
        .iter()
        .find(|r| r.dossier.code.to_string() == code.trim())
        .ok_or_else(|| input::invalid("code", Message::new("error-rating-not-offered")))?;
    rate(state, client, r, Some(k), body).await
}

/// The rating link offered to a dossier's holder (on the lookup), while a
/// stage waits to be rated.
pub async fn offered_link(state: &AppState, d: DossierRecord) -> Result<Option<String>, WebError> {
    let code = d.code.clone();
    match rateable(state, d).await {
        Ok(r) if !r.rated => Ok(Some(link_path(state, &code).await?)),
        Ok(_) | Err(WebError::Conflict(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Records a rating: `via` is `link` or `tablet` (then `kiosk` is the
/// tablet, which must have offered the dossier).
pub async fn rate(
    state: &AppState,
    client: &str,
    r: &Rateable,
    via_tablet: Option<&Kiosk>,
    body: &RateIn,
) -> Result<RatedOut, WebError> {
    let now = state.now();
    // A tablet offers only what its counter served: bounded by the
    // dossiers themselves. A link is counted per address.
    let throttle = via_tablet
        .is_none()
        .then_some(&state.throttles.rating_client);
    if let Some(t) = throttle {
        t.check(client, now).map_err(WebError::too_many)?;
    }
    let rating = Satisfaction::parse(body.rating.trim())
        .ok_or_else(|| input::invalid("rating", Message::new("error-rating-choice")))?;
    input::at_most("survey", &body.survey, SURVEY_QUESTIONS.len())?;
    let survey = Survey::new(body.survey.iter().map(|a| (a.question, a.points)))
        .map_err(|_| input::invalid("survey", Message::new("error-rating-survey")))?;
    let comment = input::line_text("comment", &body.comment, max::NOTE)?;
    if r.rated {
        return Err(WebError::Conflict(Message::new("error-rating-done")));
    }
    // The officer who served: the one who received (or returned) it.
    let to = match r.stage {
        RatingStage::Received => Status::Accepted,
        RatingStage::Returned => Status::Returned,
    };
    let events = state.store.events(r.dossier.id).await?;
    let officer = events
        .iter()
        .rev()
        .find(|e| e.to == to && e.from != Some(to))
        .and_then(|e| e.actor.as_ref())
        .map(|a| a.account_id);
    let ticket = state.store.dossier_ticket(r.dossier.id).await?;
    let counter_id = match via_tablet {
        Some(k) => k.counter_id,
        None => ticket.as_ref().and_then(|t| t.counter_id),
    };
    if let Some(t) = throttle {
        t.record(client, now);
    }
    state
        .store
        .add_rating(&NewRating {
            dossier_id: r.dossier.id,
            stage: r.stage,
            rating,
            officer_id: officer,
            counter_id,
            ticket_id: ticket.map(|t| t.id),
            via: if via_tablet.is_some() {
                "tablet"
            } else {
                "link"
            }
            .into(),
            survey,
            comment,
            at: now,
        })
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => WebError::Conflict(Message::new("error-rating-done")),
            e => e.into(),
        })?;
    Ok(RatedOut {
        code: r.dossier.code.to_string(),
        stage: r.stage.code().into(),
        rating: rating.code().into(),
    })
}
