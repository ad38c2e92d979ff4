//! Results by public postal service (Decision 45/2016/QĐ-TTg). The counter
//! (or the postal employee) sends a settled dossier's result by post: the
//! parcel and its outbox job are written with the `ship-by-post` event. A
//! worker sends the order to the carrier with an idempotency key (the same
//! key after a crash, so the carrier makes one order), and tries again with
//! growing waits while the carrier cannot be reached. The carrier's tracking
//! updates come to a webhook signed with HMAC: a wrong signature or an old
//! timestamp is refused, a replay changes nothing, an update out of order or
//! impossible from where the parcel is is kept but not applied, and the
//! others are written as `postal-update` events: delivered returns the result.

use std::sync::Arc;

use base64::Engine as _;
use jiff::{SignedDuration, Timestamp};
use motcua_domain::dossier::lifecycle::{Action, Rules};
use motcua_domain::dossier::postal::{judge, DeliveryState, Judged};
use motcua_domain::i18n::Message;
use motcua_domain::Vnd;
use motcua_postal::{CarrierClient, CarrierError, TrackingEvent, TrackingState};
use motcua_store::{
    DeliveryChange, DeliveryRecord, DeliveryUpdate, DossierRecord, NewDelivery, NewEvent,
    StoreError, CARRIER_CANCEL, CARRIER_CREATE,
};

use super::{actor, lifecycle_error, readable};
use crate::auth::Principal;
use crate::input::{self, invalid, max};
use crate::{AppState, WebError};

/// A webhook whose timestamp is further than this from now is refused: a
/// captured request cannot be played again later.
pub const WEBHOOK_SKEW: SignedDuration = SignedDuration::from_secs(300);

/// The largest proof picture kept (a signature or a photo of the parcel).
const PROOF_LIMIT: usize = 2 * 1024 * 1024;

/// How a deployment reaches its carrier.
pub struct Carrier {
    pub client: CarrierClient,
    /// The key the carrier signs its webhooks with.
    pub webhook_secret: Vec<u8>,
    /// Postage charged for a parcel (the carrier's tariff for a letter).
    pub postage: Vnd,
}

/// What the officer sends: where the result goes. Empty fields take the
/// applicant's as received.
#[derive(Debug, Clone, Default)]
pub struct ShipIn {
    pub address: String,
    pub ward: String,
    pub phone: String,
    /// Collected on delivery (postage, fees not yet paid).
    pub cod: i64,
}

/// Sends a settled dossier's result by post.
pub async fn ship(
    state: &AppState,
    p: &Principal,
    code: &str,
    expected_seq: Option<i64>,
    req: ShipIn,
) -> Result<(DossierRecord, DeliveryRecord), WebError> {
    p.require_write()?;
    let d = readable(state, p, code).await?;
    let roles = p.roles_for(&d);
    // Who may send it, and whether it may go now, before what was typed.
    let probe = Action::ShipByPost {
        receiver: "-".into(),
        address: "-".into(),
        tracking: None,
        postage: Vnd::ZERO,
        cod: Vnd::ZERO,
    };
    d.state
        .decide(&probe, &roles, &Rules::default())
        .map_err(lifecycle_error)?;
    let address = match input::line("address", &req.address, max::ADDRESS)? {
        a if a.is_empty() => d.applicant.address.clone(),
        a => a,
    };
    let ward = input::required_line("ward", &req.ward, max::NAME)?;
    let phone = match input::line("phone", &req.phone, max::PHONE)? {
        x if x.is_empty() => d
            .applicant
            .phone
            .as_ref()
            .map(|x| x.to_string())
            .unwrap_or_default(),
        x => x
            .parse::<motcua_domain::person::Phone>()
            .map_err(|e| invalid("phone", e.message()))?
            .to_string(),
    };
    if phone.is_empty() {
        return Err(invalid("phone", Message::new("error-required")));
    }
    if !(0..=max::AMOUNT).contains(&req.cod) {
        return Err(invalid(
            "cod",
            Message::new("postal-cod-range").with("max", max::AMOUNT),
        ));
    }
    let postage = state
        .carrier
        .as_ref()
        .map_or(Vnd(DEFAULT_POSTAGE), |c| c.postage);
    // A code from the post office's pool when there is one; a code taken by
    // another parcel meanwhile refuses the write, and the next one is read.
    let mut tries = 0;
    let after = loop {
        tries += 1;
        let tracking = state
            .store
            .free_tracking_code(d.center_id)
            .await?
            .map(|c| c.to_string());
        let action = Action::ShipByPost {
            receiver: d.applicant.name.clone(),
            address: format!("{address}, {ward}"),
            tracking: tracking.clone(),
            postage,
            cod: Vnd(req.cod),
        };
        let to = d
            .state
            .decide(&action, &roles, &Rules::default())
            .map_err(lifecycle_error)?;
        let actor = actor(p, &roles, &action);
        let agency = super::acting_agency(p, &d, actor.as_ref());
        let notices = super::notify::for_dossier(state, &d, &action, to, state.now()).await?;
        let event = NewEvent {
            at: state.now(),
            actor,
            agency,
            action,
            to,
            notices,
            file: None,
            delivery: Some(DeliveryChange::Ship(NewDelivery {
                center_id: d.center_id,
                order_number: d.code.to_string(),
                tracking: tracking.clone(),
                receiver_name: d.applicant.name.clone(),
                receiver_address: address.clone(),
                receiver_ward: ward.clone(),
                receiver_phone: phone.clone(),
                postage,
                cod: Vnd(req.cod),
                account_id: Some(p.account.id),
            })),
        };
        match state
            .store
            .append_events(d.id, expected_seq.unwrap_or(d.last_seq), &[event])
            .await
        {
            Ok(after) => break after,
            Err(StoreError::Conflict(_)) if tracking.is_some() && tries < 5 => {
                let now_d = readable(state, p, code).await?;
                if now_d.last_seq != d.last_seq {
                    return Err(WebError::Conflict(Message::new("error-changed-meanwhile")));
                }
            }
            Err(e) => return Err(e.into()),
        }
    };
    let parcel = state
        .store
        .deliveries(d.id)
        .await?
        .pop()
        .ok_or_else(|| WebError::Internal("a parcel just written".into()))?;
    state.carrier_wake.notify_one();
    Ok((after, parcel))
}

/// Postage when no carrier is configured: a domestic letter's tariff.
pub const DEFAULT_POSTAGE: i64 = 25_000;

/// What one turn of the carrier worker did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Turn {
    /// No carrier is configured: orders wait.
    Off,
    Idle,
    /// The carrier took the order (its tracking code).
    Sent {
        tracking: String,
    },
    /// The carrier could not be reached: tried again at `at`.
    Later {
        at: Timestamp,
    },
    /// The carrier refused the order: given up, shown to the postal staff.
    Refused,
    /// An order cancelled: by the carrier, or before it was sent.
    Cancelled,
}

/// The wait before try `attempts + 1`: 30 s, doubled each time, at most an hour.
pub fn backoff(attempts: i64) -> SignedDuration {
    let exp = attempts.clamp(1, 8) - 1;
    SignedDuration::from_secs((30_i64 << exp).min(3600))
}

/// The idempotency key of a parcel's order: the same for every try.
pub fn order_key(id: motcua_store::DeliveryId) -> String {
    format!("motcua-delivery-{id}-create")
}

/// Sends one waiting order to the carrier.
pub async fn turn(state: &AppState) -> Result<Turn, WebError> {
    let Some(carrier) = state.carrier.clone() else {
        return Ok(Turn::Off);
    };
    let now = state.now();
    let lease = SignedDuration::from_secs(120);
    if let Some(job) = state.store.claim_job(CARRIER_CREATE, now, lease).await? {
        return send_order(state, &carrier, job, now).await;
    }
    if let Some(job) = state.store.claim_job(CARRIER_CANCEL, now, lease).await? {
        return send_cancel(state, &carrier, job, now).await;
    }
    Ok(Turn::Idle)
}

/// The idempotency key of a parcel's cancellation.
pub fn cancel_key(id: motcua_store::DeliveryId) -> String {
    format!("motcua-delivery-{id}-cancel")
}

async fn send_order(
    state: &AppState,
    carrier: &Carrier,
    job: motcua_store::Job,
    now: Timestamp,
) -> Result<Turn, WebError> {
    let id = motcua_store::DeliveryId(job.subject);
    let Some(parcel) = state.store.delivery(id).await? else {
        state
            .store
            .fail_job(job.id, "the parcel is gone", now)
            .await?;
        return Ok(Turn::Refused);
    };
    if parcel.state == DeliveryState::Cancelled {
        state.store.finish_job(job.id, now).await?;
        return Ok(Turn::Cancelled);
    }
    let order = motcua_postal::CreateOrder {
        order_number: parcel.order_number.clone(),
        receiver: motcua_postal::Receiver {
            name: parcel.receiver_name.clone(),
            address: parcel.receiver_address.clone(),
            ward: parcel.receiver_ward.clone(),
            phone: parcel.receiver_phone.clone(),
        },
        postage: parcel.postage.0,
        cod: parcel.cod.0,
        tracking_code: parcel.tracking.clone(),
        note: "Kết quả giải quyết thủ tục hành chính".into(),
    };
    match carrier.client.create(&order_key(id), &order).await {
        Ok(o) => {
            state
                .store
                .carrier_accepted(job.id, id, &o.order_id, &o.tracking_code, state.now())
                .await?;
            Ok(Turn::Sent {
                tracking: o.tracking_code,
            })
        }
        Err(e) if e.retryable() && job.attempts < MAX_TRIES => {
            let at = now + backoff(job.attempts);
            tracing::warn!(parcel = %id, error = %e, "the carrier is not reachable; trying again later");
            state.store.retry_job(job.id, &e.to_string(), at).await?;
            Ok(Turn::Later { at })
        }
        Err(e) => {
            tracing::error!(parcel = %id, error = %e, "the carrier refused an order");
            state.store.fail_job(job.id, &describe(&e), now).await?;
            Ok(Turn::Refused)
        }
    }
}

/// Tries before an order is given up (about a day and a half of waits).
pub const MAX_TRIES: i64 = 40;

fn describe(e: &CarrierError) -> String {
    e.to_string().chars().take(500).collect()
}

/// The worker beside the server: sends orders while there are some, then
/// waits a little (or until told to look again).
pub async fn work(state: AppState, wake: Arc<tokio::sync::Notify>) {
    loop {
        let waited = match turn(&state).await {
            Ok(Turn::Sent { .. } | Turn::Refused | Turn::Later { .. } | Turn::Cancelled) => {
                continue
            }
            Ok(Turn::Off | Turn::Idle) => std::time::Duration::from_secs(5),
            Err(e) => {
                tracing::error!(error = %e, "the carrier worker failed a turn");
                std::time::Duration::from_secs(30)
            }
        };
        let _ = tokio::time::timeout(waited, wake.notified()).await;
    }
}

/// What the webhook made of an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    Applied,
    /// Already recorded (the carrier sent it again).
    Replay,
    OutOfOrder,
    Impossible,
}

impl Received {
    pub fn code(self) -> &'static str {
        match self {
            Received::Applied => "applied",
            Received::Replay => "replay",
            Received::OutOfOrder => "out-of-order",
            Received::Impossible => "impossible",
        }
    }
}

/// Why the webhook refused a request.
#[derive(Debug)]
pub enum WebhookRefusal {
    /// No carrier configured here.
    Off,
    /// A missing or wrong signature, or a timestamp too far from now.
    Unsigned,
    /// Not a tracking event.
    Malformed(String),
    /// No parcel with its tracking code or order id.
    Unknown,
}

/// One signed tracking update from the carrier.
pub async fn webhook(
    state: &AppState,
    timestamp: Option<&str>,
    signature: Option<&str>,
    body: &[u8],
) -> Result<Result<Received, WebhookRefusal>, WebError> {
    let Some(carrier) = state.carrier.clone() else {
        return Ok(Err(WebhookRefusal::Off));
    };
    let now = state.now();
    let (Some(ts), Some(sig)) = (
        timestamp.and_then(|t| t.trim().parse::<i64>().ok()),
        signature,
    ) else {
        return Ok(Err(WebhookRefusal::Unsigned));
    };
    let fresh = Timestamp::from_second(ts)
        .ok()
        .is_some_and(|t| t.duration_since(now).abs() <= WEBHOOK_SKEW);
    if !fresh || !motcua_postal::sign::verify(&carrier.webhook_secret, ts, body, sig) {
        return Ok(Err(WebhookRefusal::Unsigned));
    }
    let event: TrackingEvent = match serde_json::from_slice(body) {
        Ok(e) => e,
        Err(e) => return Ok(Err(WebhookRefusal::Malformed(e.to_string()))),
    };
    if event.event_id.is_empty() || event.event_id.len() > 200 || event.note.len() > 2000 {
        return Ok(Err(WebhookRefusal::Malformed("field lengths".into())));
    }
    let parcel = match state
        .store
        .delivery_by_tracking(&event.tracking_code)
        .await?
    {
        Some(p) => Some(p),
        None => state.store.delivery_by_tracking(&event.order_id).await?,
    };
    let Some(parcel) = parcel else {
        return Ok(Err(WebhookRefusal::Unknown));
    };
    let proof = match &event.proof_png_base64 {
        Some(b64) => keep_proof(state, b64).await?,
        None => None,
    };
    let update = DeliveryUpdate {
        event_id: event.event_id.clone(),
        seq: event.seq,
        state: state_of(event.state),
        at: event.at,
        note: event.note.chars().take(500).collect(),
        received_by: event
            .receiver_name
            .as_ref()
            .map(|n| n.chars().take(max::NAME).collect()),
        proof_blob: proof,
    };
    apply(state, parcel, update, now).await.map(Ok)
}

/// Judges and writes one update; a parcel moved meanwhile is read again.
async fn apply(
    state: &AppState,
    mut parcel: DeliveryRecord,
    update: DeliveryUpdate,
    now: Timestamp,
) -> Result<Received, WebError> {
    for _ in 0..5 {
        let seen = state.store.delivery_updates(parcel.id).await?;
        if seen.iter().any(|u| u.update.event_id == update.event_id) {
            return Ok(Received::Replay);
        }
        let judged = judge(parcel.state, parcel.last_seq, update.seq, update.state);
        let d = state
            .store
            .dossier_by_id(parcel.dossier_id)
            .await?
            .ok_or(WebError::NotFound)?;
        let action = Action::PostalUpdate {
            tracking: parcel
                .tracking
                .clone()
                .unwrap_or_else(|| parcel.order_number.clone()),
            state: update.state,
            note: update.note.clone(),
            received_by: update.received_by.clone(),
        };
        let decided = d.state.decide(&action, &[], &Rules::default());
        let outcome = match (judged, &decided) {
            (Judged::Applies, Ok(_)) => None,
            (Judged::OutOfOrder, _) => Some(Received::OutOfOrder),
            _ => Some(Received::Impossible),
        };
        if let Some(outcome) = outcome {
            let kept = state
                .store
                .keep_delivery_update(parcel.id, &update, outcome.code(), now)
                .await?;
            return Ok(if kept { outcome } else { Received::Replay });
        }
        let to = decided.map_err(lifecycle_error)?;
        let notices = super::notify::for_dossier(state, &d, &action, to, now).await?;
        let event = NewEvent {
            at: now,
            actor: None,
            agency: d
                .state
                .agency
                .clone()
                .unwrap_or_else(|| d.agency_code.clone()),
            action,
            to,
            notices,
            file: None,
            delivery: Some(DeliveryChange::Update {
                delivery: parcel.id,
                expected_seq: parcel.last_seq,
                update: update.clone(),
            }),
        };
        match state.store.append_events(d.id, d.last_seq, &[event]).await {
            Ok(_) => return Ok(Received::Applied),
            Err(StoreError::Conflict(_)) => {
                parcel = state
                    .store
                    .delivery(parcel.id)
                    .await?
                    .ok_or(WebError::NotFound)?;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(WebError::Conflict(Message::new("error-changed-meanwhile")))
}

fn state_of(s: TrackingState) -> DeliveryState {
    match s {
        TrackingState::Created => DeliveryState::Created,
        TrackingState::HandedOver => DeliveryState::HandedOver,
        TrackingState::InTransit => DeliveryState::InTransit,
        TrackingState::Delivered => DeliveryState::Delivered,
        TrackingState::FailedAttempt => DeliveryState::FailedAttempt,
        TrackingState::Returned => DeliveryState::Returned,
        TrackingState::Cancelled => DeliveryState::Cancelled,
    }
}

/// Keeps the proof picture if it is one (a PNG or JPEG within the limit);
/// anything else is dropped, the update is not refused for it.
async fn keep_proof(state: &AppState, b64: &str) -> Result<Option<String>, WebError> {
    let Some(blobs) = state.blobs.as_deref() else {
        return Ok(None);
    };
    if b64.len() > PROOF_LIMIT * 4 / 3 + 4 {
        return Ok(None);
    }
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(b64.trim()) else {
        return Ok(None);
    };
    let picture = motcua_blobs::inspect(&bytes)
        .ok()
        .is_some_and(|i| i.kind.is_image());
    if !picture {
        return Ok(None);
    }
    let id = blobs.put(&bytes).await.map_err(super::scans::blob_error)?;
    Ok(Some(id.to_string()))
}

/// The most codes added at once (a roll of labels is a few thousand).
pub const MAX_CODES: usize = 10_000;

/// Adds pre-issued tracking codes to the pool of a center (or of every
/// center, for those who oversee): all of them or none, a wrong one named.
pub async fn add_codes(
    state: &AppState,
    p: &Principal,
    center: Option<motcua_store::CenterId>,
    codes: &[String],
) -> Result<(u64, u64), WebError> {
    p.require_write()?;
    let allowed = p.sees_everything()
        || center.is_some_and(|c| {
            p.postings
                .iter()
                .any(|x| x.center_id == c && x.role.works_at_counter())
        });
    if !allowed {
        return Err(WebError::Forbidden(Message::new("postal-codes-not-yours")));
    }
    if let Some(c) = center {
        state.store.center(c).await?.ok_or(WebError::NotFound)?;
    }
    if codes.is_empty() {
        return Err(invalid("codes", Message::new("error-required")));
    }
    input::at_most("codes", codes, MAX_CODES)?;
    let mut parsed = Vec::with_capacity(codes.len());
    for (i, c) in codes.iter().enumerate() {
        let code = c
            .parse::<motcua_store::TrackingCode>()
            .map_err(|e| invalid(&format!("codes[{i}]"), e.message()))?;
        parsed.push(code);
    }
    Ok(state
        .store
        .add_tracking_codes(center, &parsed, state.now())
        .await?)
}

/// Sends again an order the carrier refused (after the officer corrected
/// what it refused, or the carrier fixed its side): counter staff of the
/// parcel's center only.
pub async fn resend(
    state: &AppState,
    p: &Principal,
    id: motcua_store::DeliveryId,
) -> Result<(), WebError> {
    p.require_write()?;
    let parcel = state.store.delivery(id).await?.ok_or(WebError::NotFound)?;
    let d = state
        .store
        .dossier_by_id(parcel.dossier_id)
        .await?
        .ok_or(WebError::NotFound)?;
    if !p.can_read(&d) {
        return Err(WebError::NotFound);
    }
    let counter = p
        .postings
        .iter()
        .any(|x| x.center_id == parcel.center_id && x.role.works_at_counter());
    if !counter {
        return Err(WebError::Forbidden(Message::new("postal-codes-not-yours")));
    }
    if !state.store.retry_carrier_job(id, state.now()).await? {
        return Err(WebError::Conflict(Message::new("postal-nothing-to-resend")));
    }
    state.carrier_wake.notify_one();
    Ok(())
}

/// Asks the carrier to cancel an order it took; its answer (the cancelled
/// step of the order's history) is applied as its webhook would be, so the
/// webhook's own copy is a replay.
async fn send_cancel(
    state: &AppState,
    carrier: &Carrier,
    job: motcua_store::Job,
    now: Timestamp,
) -> Result<Turn, WebError> {
    let id = motcua_store::DeliveryId(job.subject);
    let parcel = state.store.delivery(id).await?;
    let Some((parcel, order_id)) = parcel.and_then(|p| p.carrier_order.clone().map(|o| (p, o)))
    else {
        state
            .store
            .fail_job(job.id, "no order at the carrier", now)
            .await?;
        return Ok(Turn::Refused);
    };
    match carrier.client.cancel(&cancel_key(id), &order_id).await {
        Ok(order) => {
            if let Some(step) = order
                .history
                .iter()
                .rev()
                .find(|e| e.state == TrackingState::Cancelled)
            {
                let update = DeliveryUpdate {
                    event_id: step.event_id.clone(),
                    seq: step.seq,
                    state: DeliveryState::Cancelled,
                    at: step.at,
                    note: step.note.chars().take(500).collect(),
                    received_by: None,
                    proof_blob: None,
                };
                apply(state, parcel, update, now).await?;
            }
            state.store.finish_job(job.id, state.now()).await?;
            Ok(Turn::Cancelled)
        }
        Err(e) if e.retryable() && job.attempts < MAX_TRIES => {
            let at = now + backoff(job.attempts);
            state.store.retry_job(job.id, &e.to_string(), at).await?;
            Ok(Turn::Later { at })
        }
        Err(e) => {
            tracing::warn!(parcel = %id, error = %e, "the carrier refused to cancel an order");
            state.store.fail_job(job.id, &describe(&e), now).await?;
            Ok(Turn::Refused)
        }
    }
}

/// What a cancellation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cancelled {
    /// The carrier never had the order: cancelled here, nothing is sent.
    Here,
    /// The carrier is asked (through the outbox); its answer cancels it.
    Asked,
}

/// Cancels a parcel that has not left (a wrong address, the citizen came to
/// the counter): counter staff of its center, with a reason. The dossier may
/// then be sent again.
pub async fn cancel(
    state: &AppState,
    p: &Principal,
    id: motcua_store::DeliveryId,
    reason: &str,
) -> Result<Cancelled, WebError> {
    p.require_write()?;
    let parcel = state.store.delivery(id).await?.ok_or(WebError::NotFound)?;
    let d = state
        .store
        .dossier_by_id(parcel.dossier_id)
        .await?
        .ok_or(WebError::NotFound)?;
    if !p.can_read(&d) {
        return Err(WebError::NotFound);
    }
    let counter = p
        .postings
        .iter()
        .any(|x| x.center_id == parcel.center_id && x.role.works_at_counter());
    if !counter {
        return Err(WebError::Forbidden(Message::new("postal-codes-not-yours")));
    }
    if !matches!(
        parcel.state,
        DeliveryState::Created | DeliveryState::HandedOver
    ) {
        return Err(WebError::Conflict(Message::new("postal-cannot-cancel")));
    }
    let reason = input::required_line("reason", reason, max::REASON)?;
    let now = state.now();
    if parcel.carrier_order.is_some() {
        state.store.request_carrier_cancel(id, now).await?;
        state.carrier_wake.notify_one();
        return Ok(Cancelled::Asked);
    }
    // Being sent right now: the carrier's answer decides.
    let job = state.store.carrier_job(id).await?;
    if job
        .as_ref()
        .is_some_and(|j| j.state == "queued" && j.locked_until.is_some_and(|t| t > now.as_second()))
    {
        return Err(WebError::Conflict(Message::new("postal-being-sent")));
    }
    let update = DeliveryUpdate {
        event_id: format!("motcua-cancel-{id}"),
        seq: parcel.last_seq + 1,
        state: DeliveryState::Cancelled,
        at: now,
        note: reason,
        received_by: None,
        proof_blob: None,
    };
    match apply(state, parcel, update, now).await? {
        Received::Applied | Received::Replay => Ok(Cancelled::Here),
        _ => Err(WebError::Conflict(Message::new("postal-cannot-cancel"))),
    }
}
