//! A citizen submits a dossier online (national channel 2): registered until
//! the center's reception accepts it. The applicant's details stay on the
//! dossier; the applicant record the counter uses is not touched.

use jiff::Timestamp;
use motcua_domain::catalog::Channel;
use motcua_domain::dossier::lifecycle::{Action, Rules};
use motcua_domain::i18n::Message;
use motcua_store::{ApplicantRecordUse, CenterId, DossierRecord, IntakeDetails, NewDossier};
use serde::Deserialize;
use sha2::Digest as _;

use super::intake::{
    center_and_procedure, parse_applicant, parse_components, ApplicantIn, ComponentIn,
    ResultChannel,
};
use super::lifecycle_error;
use crate::{AppState, WebError};

/// An online submission by a citizen (national channel 2).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmissionIn {
    pub center_id: CenterId,
    #[schema(max_length = 40)]
    pub procedure_code: String,
    pub applicant: ApplicantIn,
    /// The documents attached (their names; files come with digitisation).
    #[serde(default)]
    #[schema(max_items = 60)]
    pub components: Vec<ComponentIn>,
    #[serde(default)]
    pub result_channel: ResultChannel,
    /// The procedure's declaration form, filled (required when the
    /// procedure has one).
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub declaration: Option<serde_json::Value>,
}

/// Registers the submission at `now`; a repeated client `key` from the same
/// person for the same procedure returns the dossier it made.
pub async fn submit(
    state: &AppState,
    body: SubmissionIn,
    key: Option<String>,
    now: Timestamp,
) -> Result<DossierRecord, WebError> {
    let (center, version) =
        center_and_procedure(state, body.center_id, &body.procedure_code).await?;
    let code = version.procedure.code.clone();
    if !version.procedure.channels.contains(&Channel::Online) {
        return Err(crate::input::invalid(
            "procedure_code",
            Message::new("error-code-is-not-offered-online").with("code", code.to_string()),
        ));
    }
    let applicant = parse_applicant(body.applicant)?;
    let components = parse_components(body.components)?;
    let declaration =
        super::declaration::fill(&version.procedure, body.declaration.as_ref(), true)?;
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
            applicant
                .id_number
                .as_ref()
                .map(|c| c.as_str())
                .unwrap_or_default(),
            applicant
                .phone
                .as_ref()
                .map(|p| p.as_str())
                .unwrap_or_default()
        )
        .as_bytes(),
    ));
    let idempotency = key.map(|k| format!("online:{}:{k}", &person[..32]));
    let record = state
        .store
        .open_dossier(&NewDossier {
            center_id: center.id,
            agency: center.agency_code.clone(),
            procedure_code: code,
            procedure_version_id: version.id,
            channel: Channel::Online,
            applicant,
            details: IntakeDetails {
                procedure_name: version.procedure.name.clone(),
                components,
                result_channel: body.result_channel,
                time_limit: Some(version.procedure.time_limit),
                fee: version.procedure.fee.amount(1),
                declaration,
                ..IntakeDetails::default()
            },
            at: now,
            actor: None,
            action: Action::Submit,
            to,
            idempotency_key: idempotency,
            notices: Vec::new(),
            applicant_record: ApplicantRecordUse::Detached,
            ticket_id: None,
        })
        .await?;
    Ok(record)
}
