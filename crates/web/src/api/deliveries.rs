//! Results by post: `/dossiers/{code}/deliveries` (send a settled dossier's
//! result by post, and its parcels with their tracking), `/deliveries` (the
//! postal staff's parcels), the proof of delivery, and the carrier's signed
//! tracking webhook `/postal/webhook`.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jiff::Timestamp;
use motcua_domain::dossier::postal::DeliveryState;
use motcua_domain::i18n::Message;
use motcua_store::{DeliveryId, DeliveryRecord, DeliveryUpdateRecord};
use serde::{Deserialize, Serialize};

use super::json::ApiJson;
use crate::auth::Principal;
use crate::cases::postal::{self, Received, ShipIn, WebhookRefusal};
use crate::cases::readable;
use crate::error::ErrorBody;
use crate::{AppState, WebError};

/// A parcel with a dossier's result.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeliveryOut {
    pub id: DeliveryId,
    /// The dossier's code, the order's number at the carrier.
    pub order_number: String,
    pub tracking: Option<String>,
    /// created, handed-over, in-transit, delivered, failed-attempt, returned or cancelled.
    pub state: &'static str,
    pub state_label: &'static str,
    pub receiver_name: String,
    /// In full only for those who handle the dossier.
    pub receiver_address: String,
    pub receiver_ward: String,
    pub receiver_phone: String,
    pub postage: i64,
    pub cod: i64,
    pub failed_attempts: u32,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub delivered_at: Option<Timestamp>,
    pub received_by: Option<String>,
    pub has_proof: bool,
    /// The carrier's updates, in the order they came, with what was made of them.
    pub updates: Vec<UpdateOut>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UpdateOut {
    pub seq: u32,
    pub state: &'static str,
    pub at: Timestamp,
    pub note: String,
    /// applied, out-of-order or impossible.
    pub outcome: String,
}

impl DeliveryOut {
    pub fn of(d: &DeliveryRecord, updates: &[DeliveryUpdateRecord], full: bool) -> DeliveryOut {
        let hide = |s: &str| {
            if full || s.is_empty() {
                s.to_string()
            } else {
                "***".into()
            }
        };
        DeliveryOut {
            id: d.id,
            order_number: d.order_number.clone(),
            tracking: d.tracking.clone(),
            state: d.state.code(),
            state_label: d.state.label(motcua_domain::Locale::Vi),
            receiver_name: d.receiver_name.clone(),
            receiver_address: hide(&d.receiver_address),
            receiver_ward: d.receiver_ward.clone(),
            receiver_phone: if full {
                d.receiver_phone.clone()
            } else {
                d.receiver_phone
                    .parse::<motcua_domain::person::Phone>()
                    .map(|p| p.masked())
                    .unwrap_or_else(|_| "***".into())
            },
            postage: d.postage.0,
            cod: d.cod.0,
            failed_attempts: d.failed_attempts,
            created_at: d.created_at,
            updated_at: d.updated_at,
            delivered_at: d.delivered_at,
            received_by: d.received_by.clone(),
            has_proof: d.proof_blob.is_some(),
            updates: updates
                .iter()
                .map(|u| UpdateOut {
                    seq: u.update.seq,
                    state: u.update.state.code(),
                    at: u.update.at,
                    note: u.update.note.clone(),
                    outcome: u.outcome.clone(),
                })
                .collect(),
        }
    }
}

/// Where the result goes by post; empty fields take the applicant's.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShipBody {
    pub expected_seq: Option<i64>,
    /// The street address (house, street, hamlet); the applicant's when empty.
    #[serde(default)]
    #[schema(max_length = 300)]
    pub address: String,
    /// The ward or commune (phường/xã), required.
    #[schema(max_length = 200)]
    pub ward: String,
    /// The receiver's phone; the applicant's when empty.
    #[serde(default)]
    #[schema(max_length = 20)]
    pub phone: String,
    /// Collected on delivery, in đồng.
    #[serde(default)]
    pub cod: i64,
}

/// Sends a settled dossier's result by post: the parcel is written with its
/// order for the carrier (sent by a worker, again after a failure, once).
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/deliveries", tag = "postal", params(("code" = String, Path)),
    request_body = ShipBody, security(("token" = []), ("session" = [])),
    responses((status = 201, body = DeliveryOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn ship(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<ShipBody>,
) -> Result<Response, WebError> {
    let (d, parcel) = postal::ship(
        &state,
        &p,
        &code,
        body.expected_seq,
        ShipIn {
            address: body.address,
            ward: body.ward,
            phone: body.phone,
            cod: body.cod,
        },
    )
    .await?;
    let out = shown(&state, &p, &d, vec![parcel], "api:deliveries").await?;
    Ok((StatusCode::CREATED, Json(out.into_iter().next())).into_response())
}

/// The parcels of a dossier and their tracking.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/deliveries", tag = "postal", params(("code" = String, Path)),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = Vec<DeliveryOut>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn of_dossier(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
) -> Result<Json<Vec<DeliveryOut>>, WebError> {
    let d = readable(&state, &p, &code).await?;
    let parcels = state.store.deliveries(d.id).await?;
    Ok(Json(
        shown(&state, &p, &d, parcels, "api:deliveries").await?,
    ))
}

/// The parcels as this reader may see them: the receiver in full for those
/// who handle the dossier (the reading recorded), masked for the others.
pub(crate) async fn shown(
    state: &AppState,
    p: &Principal,
    d: &motcua_store::DossierRecord,
    parcels: Vec<DeliveryRecord>,
    purpose: &str,
) -> Result<Vec<DeliveryOut>, WebError> {
    let full = p.handles(d);
    if full && !parcels.is_empty() {
        crate::cases::access::record_reads(
            state,
            &[motcua_store::PersonalDataRead {
                at: state.now(),
                account_id: p.account.id,
                dossier_id: Some(d.id),
                subject: d.code.to_string(),
                purpose: purpose.into(),
            }],
        )
        .await?;
    }
    let mut out = Vec::with_capacity(parcels.len());
    for parcel in parcels {
        let updates = state.store.delivery_updates(parcel.id).await?;
        out.push(DeliveryOut::of(&parcel, &updates, full));
    }
    Ok(out)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only parcels in this state (created, handed-over, in-transit,
    /// delivered, failed-attempt, returned, cancelled).
    pub state: Option<String>,
}

/// The parcels of the user's centers (every center for those who oversee),
/// the most recently moved first, at most 500.
#[utoipa::path(get, path = "/api/v1/deliveries", tag = "postal", params(ListQuery),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = Vec<DeliveryOut>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    p: Principal,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<DeliveryOut>>, WebError> {
    let states = match q.state.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => vec![s.parse::<DeliveryState>().map_err(|_| {
            let accepted: Vec<&str> = DeliveryState::ALL.iter().map(|x| x.code()).collect();
            crate::input::invalid(
                "state",
                Message::new("error-not-one-of")
                    .with("value", s.chars().take(40).collect::<String>())
                    .with("accepted", accepted.join(", ")),
            )
        })?],
        None => Vec::new(),
    };
    let parcels = list_for(&state, &p, &states, 500).await?;
    // The receiver in full only for the staff of the parcel's center.
    Ok(Json(
        parcels
            .iter()
            .map(|d| {
                let full = p
                    .postings
                    .iter()
                    .any(|x| x.center_id == d.center_id && x.role.works_at_counter());
                DeliveryOut::of(d, &[], full)
            })
            .collect(),
    ))
}

/// The parcels of `p`'s centers (all for those who oversee).
pub(crate) async fn list_for(
    state: &AppState,
    p: &Principal,
    states: &[DeliveryState],
    limit: i64,
) -> Result<Vec<DeliveryRecord>, WebError> {
    let centers = p.center_scope();
    let scope = centers.as_deref();
    Ok(state.store.delivery_list(scope, states, limit).await?)
}

/// The proof of delivery (the receiver's signature or a photo), for those
/// who may read the dossier.
#[utoipa::path(get, path = "/api/v1/deliveries/{id}/proof", tag = "postal", params(("id" = i64, Path)),
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The picture", content_type = "image/png"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn proof(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<DeliveryId>,
) -> Result<Response, WebError> {
    let parcel = state.store.delivery(id).await?.ok_or(WebError::NotFound)?;
    let d = state
        .store
        .dossier_by_id(parcel.dossier_id)
        .await?
        .ok_or(WebError::NotFound)?;
    if !p.can_read(&d) {
        return Err(WebError::NotFound);
    }
    let blob: motcua_blobs::BlobId = parcel
        .proof_blob
        .as_deref()
        .ok_or(WebError::NotFound)?
        .parse()
        .map_err(|_| WebError::NotFound)?;
    let bytes = state
        .blobs
        .as_deref()
        .ok_or(WebError::NotFound)?
        .get(&blob)
        .await
        .map_err(crate::cases::scans::blob_error)?
        .ok_or(WebError::NotFound)?;
    let kind = motcua_blobs::inspect(&bytes)
        .map(|i| i.kind.mime())
        .unwrap_or("application/octet-stream");
    Ok(super::scans::file_response(
        kind,
        &format!("bien-nhan-{}.png", parcel.order_number),
        bytes,
    ))
}

/// What the webhook made of an update.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WebhookOut {
    /// applied, replay (already recorded), out-of-order (kept, changes nothing).
    pub outcome: &'static str,
}

/// The carrier's tracking update, signed: `x-motcua-timestamp` (Unix
/// seconds, within 5 minutes of now) and `x-motcua-signature` =
/// `sha256=` + hex HMAC-SHA256(secret, "{timestamp}." + body). A replay
/// changes nothing; an update that cannot follow where the parcel is is
/// kept and answered 409.
#[utoipa::path(post, path = "/api/v1/postal/webhook", tag = "postal",
    request_body(content = String, content_type = "application/json", description = "A tracking event"),
    responses((status = 200, body = WebhookOut), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 429, body = ErrorBody, headers(("Retry-After" = i64, description = "seconds to wait")))))]
pub async fn webhook(
    State(state): State<AppState>,
    crate::auth::ClientIp(client): crate::auth::ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    // The carrier's signed updates come in bursts from one address and are
    // not slowed; an address that keeps sending unsigned or broken ones is.
    let bad = &state.throttles.webhook_client;
    bad.check(&client, state.now())
        .map_err(WebError::too_many)?;
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let outcome = postal::webhook(
        &state,
        header(motcua_postal::sign::TIMESTAMP_HEADER),
        header(motcua_postal::sign::SIGNATURE_HEADER),
        &body,
    )
    .await?;
    if matches!(
        outcome,
        Err(WebhookRefusal::Unsigned | WebhookRefusal::Malformed(_))
    ) {
        bad.record(&client, state.now());
    }
    match outcome {
        Ok(Received::Impossible) => {
            Err(WebError::Conflict(Message::new("postal-impossible-update")))
        }
        Ok(r) => Ok(Json(WebhookOut { outcome: r.code() }).into_response()),
        Err(WebhookRefusal::Off | WebhookRefusal::Unknown) => Err(WebError::NotFound),
        Err(WebhookRefusal::Unsigned) => Err(WebError::Unauthenticated(Message::new(
            "postal-bad-signature",
        ))),
        Err(WebhookRefusal::Malformed(why)) => {
            tracing::warn!(%why, "a malformed tracking update");
            Err(WebError::BadRequest(Message::new("postal-bad-update")))
        }
    }
}

/// A center's parcels in a period, as the post office reads them.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TallyOut {
    pub center_id: motcua_store::CenterId,
    pub center: String,
    pub sent: i64,
    pub delivered: i64,
    /// Delivered at the first attempt.
    pub first_attempt: i64,
    pub returned: i64,
    pub in_progress: i64,
    pub failed_attempts: i64,
    /// Mean days from the order to delivery, over the delivered ones.
    pub mean_days_to_deliver: Option<f64>,
}

/// The parcels sent from each of the user's centers (every center for those
/// who oversee) from `from` to `to` (both included): sent, delivered, at the
/// first attempt, returned, still on their way, and the mean days to deliver.
#[utoipa::path(get, path = "/api/v1/deliveries/report", tag = "postal", params(crate::forms::Period),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = Vec<TallyOut>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn report(
    State(state): State<AppState>,
    p: Principal,
    Query(period): Query<crate::forms::Period>,
) -> Result<Json<Vec<TallyOut>>, WebError> {
    Ok(Json(tallies(&state, &p, &period).await?))
}

pub(crate) async fn tallies(
    state: &AppState,
    p: &Principal,
    period: &crate::forms::Period,
) -> Result<Vec<TallyOut>, WebError> {
    let (from, to) = period.bounds()?;
    let centers = p.center_scope();
    let scope = centers.as_deref();
    let names: std::collections::HashMap<motcua_store::CenterId, String> = state
        .store
        .centers()
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    Ok(state
        .store
        .delivery_tallies(scope, from, to)
        .await?
        .into_iter()
        .map(|t| TallyOut {
            center: names.get(&t.center_id).cloned().unwrap_or_default(),
            center_id: t.center_id,
            sent: t.sent,
            delivered: t.delivered,
            first_attempt: t.first_attempt,
            returned: t.returned,
            in_progress: t.in_progress,
            failed_attempts: t.failed_attempts,
            mean_days_to_deliver: (t.delivered > 0)
                .then(|| t.seconds_to_deliver as f64 / t.delivered as f64 / 86_400.0),
        })
        .collect())
}

/// Pre-issued tracking codes for a center's parcels.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodesBody {
    /// The center they are for; none: for every center (those who oversee only).
    pub center_id: Option<motcua_store::CenterId>,
    /// UPU S10 codes such as EB123456785VN, at most 10 000.
    pub codes: Vec<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CodesOut {
    pub added: u64,
    /// Already in the pool (not added twice).
    pub already: u64,
}

/// Adds pre-issued tracking codes to the pool: a parcel sent takes the next
/// free one (the center's own first). All or none: a wrong code is named.
#[utoipa::path(post, path = "/api/v1/tracking-codes", tag = "postal", request_body = CodesBody,
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = CodesOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_codes(
    State(state): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<CodesBody>,
) -> Result<Json<CodesOut>, WebError> {
    let (added, already) = postal::add_codes(&state, &p, body.center_id, &body.codes).await?;
    Ok(Json(CodesOut { added, already }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelBody {
    /// Why (a wrong address, the citizen came to the counter).
    #[schema(max_length = 2000)]
    pub reason: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CancelOut {
    /// `cancelled`: the carrier never had the order, cancelled here;
    /// `requested`: the carrier is asked, and its answer cancels it.
    pub outcome: &'static str,
}

/// Cancels a parcel that has not left the post office (created or handed
/// over); the result may then be sent again.
#[utoipa::path(post, path = "/api/v1/deliveries/{id}/cancel", tag = "postal", params(("id" = i64, Path)),
    request_body = CancelBody, security(("token" = []), ("session" = [])),
    responses((status = 200, body = CancelOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn cancel(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<DeliveryId>,
    ApiJson(body): ApiJson<CancelBody>,
) -> Result<Json<CancelOut>, WebError> {
    let outcome = match postal::cancel(&state, &p, id, &body.reason).await? {
        postal::Cancelled::Here => "cancelled",
        postal::Cancelled::Asked => "requested",
    };
    Ok(Json(CancelOut { outcome }))
}

/// Sends again an order the carrier refused (given up by the outbox).
#[utoipa::path(post, path = "/api/v1/deliveries/{id}/resend", tag = "postal", params(("id" = i64, Path)),
    security(("token" = []), ("session" = [])),
    responses((status = 204, description = "Queued again"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn resend(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<DeliveryId>,
) -> Result<StatusCode, WebError> {
    postal::resend(&state, &p, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
