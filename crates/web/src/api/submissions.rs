//! `/submissions`: a citizen submits a dossier online.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use motcua_domain::catalog::Channel;
use motcua_domain::dossier::lifecycle::{Action, Rules};
use motcua_store::{ApplicantRecordUse, NewDossier};
use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use super::dossiers::idempotency_key;
use super::json::ApiJson;
use crate::cases::intake::{
    center_and_procedure, parse_applicant, parse_components, ApplicantIn, ComponentIn,
    ResultChannel,
};
use crate::cases::lifecycle_error;
use crate::cases::lookup::{public_request, public_view, PublicStatus};
use crate::error::ErrorBody;
use crate::{AppState, WebError};

/// An online submission by a citizen (national channel 2).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmissionIn {
    pub center_id: i64,
    #[schema(max_length = 40)]
    pub procedure_code: String,
    pub applicant: ApplicantIn,
    /// The documents attached (their names; files come with digitisation).
    #[serde(default)]
    #[schema(max_items = 60)]
    pub components: Vec<ComponentIn>,
    #[serde(default)]
    pub result_channel: ResultChannel,
}

/// What a citizen gets back after submitting: the status, and the PIN that
/// with the code lets them follow the dossier.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SubmissionOut {
    #[serde(flatten)]
    pub status: PublicStatus,
    pub lookup_pin: String,
}

/// A citizen submits a dossier online: it is registered (status 1) until the
/// center's reception accepts it, which starts the legal time. The details
/// stay with the dossier; the applicant record the counter uses is not
/// touched. Submissions are limited per client address (429).
#[utoipa::path(post, path = "/api/v1/submissions", tag = "public", request_body = SubmissionIn,
    params(("Idempotency-Key" = Option<String>, Header, description = "a client key for this submission")),
    responses((status = 201, body = SubmissionOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody, headers(("Retry-After" = i64, description = "seconds to wait")))))]
pub async fn submit(
    State(state): State<AppState>,
    crate::auth::ClientIp(client): crate::auth::ClientIp,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SubmissionIn>,
) -> Result<Response, WebError> {
    public_request(&state, &client)?;
    let now = state.now();
    state
        .throttles
        .submit_client
        .check(&client, now)
        .map_err(WebError::too_many)?;
    let (center, version) =
        center_and_procedure(&state, body.center_id, &body.procedure_code).await?;
    let code = version.procedure.code.clone();
    if !version.procedure.channels.contains(&Channel::Online) {
        return Err(crate::input::invalid(
            "procedure_code",
            format!("thủ tục {code} không nhận hồ sơ trực tuyến"),
            format!("{code} is not offered online"),
        ));
    }
    let applicant = parse_applicant(body.applicant)?;
    let components = parse_components(body.components)?;
    let to = motcua_domain::dossier::lifecycle::State::default()
        .decide(&Action::Submit, &[], &Rules::default())
        .map_err(lifecycle_error)?;
    // A key is the citizen's own: scoped by who they say they are and what
    // they submit, so another citizen's same key opens another dossier.
    let person = hex::encode(sha2::Sha256::digest(
        format!(
            "{}|{}|{}|{}",
            center.id,
            code,
            applicant.id_number.as_deref().unwrap_or_default(),
            applicant.phone.as_deref().unwrap_or_default()
        )
        .as_bytes(),
    ));
    let idempotency = idempotency_key(&headers, &format!("online:{}", &person[..32]))?;
    let record = state
        .store
        .open_dossier(&NewDossier {
            center_id: center.id,
            agency: center.agency_code.clone(),
            procedure_code: code,
            procedure_version_id: version.id,
            channel: Channel::Online,
            applicant,
            details: serde_json::json!({
                "components": components,
                "result_channel": body.result_channel,
                "time_limit": version.procedure.time_limit,
                "procedure_name": version.procedure.name,
                "fee": version.procedure.fee.amount(1),
            }),
            at: now,
            actor: None,
            action: Action::Submit,
            to,
            idempotency_key: idempotency,
            applicant_record: ApplicantRecordUse::Detached,
        })
        .await?;
    state.throttles.submit_client.record(&client, now);
    let pin = crate::privacy::lookup_pin(state.lookup_key().await?, &record.code);
    Ok((
        StatusCode::CREATED,
        Json(SubmissionOut {
            status: public_view(&record),
            lookup_pin: pin,
        }),
    )
        .into_response())
}
