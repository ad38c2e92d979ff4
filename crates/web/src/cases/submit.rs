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

/// A file sent with a submission: the scan of the procedure's component
/// number `component` (its place in the catalog's list).
pub struct SubmittedFile {
    pub component: usize,
    pub upload: super::scans::Upload,
}

/// Files one submission may carry.
pub const MAX_FILES: usize = 20;

/// Registers the submission at `now`, with its files: every file is judged
/// by its content first, and the dossier is written with their scans in one
/// transaction (a submission that fails leaves no dossier). A repeated client
/// `key` from the same person for the same procedure returns the dossier it
/// made.
pub async fn submit(
    state: &AppState,
    body: SubmissionIn,
    files: Vec<SubmittedFile>,
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
    let mut components = parse_components(body.components)?;
    crate::input::at_most("files", &files, MAX_FILES)?;
    let listed = &version.procedure.components;
    let mut checked = Vec::with_capacity(files.len());
    let mut room = state.config.scan_dossier_limit();
    for f in files {
        let Some(component) = listed.get(f.component) else {
            return Err(crate::input::invalid(
                "files",
                Message::new("error-no-such-component"),
            ));
        };
        let c = super::scans::check_upload(state, f.upload, room).await?;
        room = room.saturating_sub(c.size());
        checked.push((component.name.clone(), c));
    }
    // A component sent as a file was handed in, whatever the list said.
    for (name, _) in &checked {
        match components.iter_mut().find(|c| &c.name == name) {
            Some(c) => c.count = c.count.max(1),
            None => components.push(motcua_domain::dossier::details::HandedIn {
                name: name.clone(),
                count: 1,
                original_shown: false,
            }),
        }
    }
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
    let mut then = Vec::with_capacity(checked.len());
    for (component, c) in checked {
        let mut a = super::scans::keep(state, c).await?;
        a.component = component;
        let action = Action::AttachScan {
            component: a.component.clone(),
            file: a.file_name.clone(),
            blob: a.blob.clone(),
            pages: a.pages,
            reused_from: None,
        };
        then.push(motcua_store::NewEvent {
            at: now,
            actor: None,
            agency: center.agency_code.clone(),
            action,
            to,
            file: Some(motcua_store::FileChange::Attach(a)),
            delivery: None,
            notices: Vec::new(),
        });
    }
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
            then,
        })
        .await?;
    Ok(record)
}
