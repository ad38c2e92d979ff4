//! Electronic results (Decision 766, indicator 4.1): the agency's result
//! document as a file, attached by whoever settles the dossier, issued with
//! `issue-e-result`, and downloaded by the receipt's holder with the code and
//! the second factor, never without them.

use motcua_blobs::BlobId;
use motcua_domain::dossier::lifecycle::{Action, Rules};
use motcua_domain::i18n::Message;
use motcua_domain::Locale;
use motcua_store::{AttachmentRecord, DossierRecord, FileChange, FilePurpose, NewEvent};

use super::scans::{blob_error, check_upload, keep, Upload};
use super::{actor, lifecycle_error, readable};
use crate::auth::Principal;
use crate::input::invalid;
use crate::{AppState, WebError};

/// Attaches the result document (a PDF or a picture, checked like a scan).
pub async fn attach(
    state: &AppState,
    p: &Principal,
    code: &str,
    expected_seq: Option<i64>,
    upload: Option<Upload>,
) -> Result<DossierRecord, WebError> {
    p.require_write()?;
    let d = readable(state, p, code).await?;
    let roles = p.roles_for(&d);
    let probe = Action::AttachResult {
        file: String::new(),
        blob: String::new(),
        pages: 0,
    };
    // Who may attach it is checked before the file is read or stored.
    d.state
        .decide(&probe, &roles, &Rules::default())
        .map_err(lifecycle_error)?;
    let Some(upload) = upload else {
        return Err(invalid("file", Message::new("scan-no-file")));
    };
    let checked = check_upload(state, upload, state.config.scan_file_limit()).await?;
    let mut a = keep(state, checked).await?;
    a.purpose = FilePurpose::Result;
    a.component = FilePurpose::Result.label(Locale::Vi).to_string();
    a.account_id = Some(p.account.id);
    let action = Action::AttachResult {
        file: a.file_name.clone(),
        blob: a.blob.clone(),
        pages: a.pages,
    };
    let to = d
        .state
        .decide(&action, &roles, &Rules::default())
        .map_err(lifecycle_error)?;
    let actor = actor(p, &roles, &action);
    let agency = super::acting_agency(p, &d, actor.as_ref());
    let event = NewEvent {
        at: state.now(),
        actor,
        agency,
        action,
        to,
        notices: Vec::new(),
        file: Some(FileChange::Attach(a)),
        delivery: None,
    };
    Ok(state
        .store
        .append_events(d.id, expected_seq.unwrap_or(d.last_seq), &[event])
        .await?)
}

/// The latest result file of the dossier, if any: the result document
/// attached, or the electronic certified copy of a certification.
pub async fn result_file(
    state: &AppState,
    d: &DossierRecord,
) -> Result<Option<AttachmentRecord>, WebError> {
    Ok(state
        .store
        .attachments(d.id, false)
        .await?
        .into_iter()
        .rev()
        .find(|a| matches!(a.purpose, FilePurpose::Result | FilePurpose::CertifiedCopy)))
}

/// Issuing the result electronically needs the file first.
pub(crate) async fn require_result_file(
    state: &AppState,
    d: &DossierRecord,
) -> Result<(), WebError> {
    match result_file(state, d).await? {
        Some(_) => Ok(()),
        None => Err(invalid("file", Message::new("result-file-missing"))),
    }
}

/// The issued result, for the receipt's holder.
pub async fn for_holder(
    state: &AppState,
    client: &str,
    code: &str,
    pin: Option<&str>,
    phone: Option<&str>,
) -> Result<(AttachmentRecord, Vec<u8>), WebError> {
    let d = super::lookup::holders_dossier(state, client, code, pin, phone).await?;
    if !d.state.e_result {
        return Err(WebError::NotFound);
    }
    let a = result_file(state, &d).await?.ok_or(WebError::NotFound)?;
    let id: BlobId = a.blob.parse().map_err(|_| WebError::NotFound)?;
    let blobs = state.blobs.as_deref().ok_or(WebError::NotFound)?;
    let bytes = blobs
        .get(&id)
        .await
        .map_err(blob_error)?
        .ok_or(WebError::NotFound)?;
    Ok((a, bytes))
}
