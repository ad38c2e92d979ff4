//! Digitization of a dossier (Circular 01/2023, Decision 766 group 4): scans
//! attached to its components, checked by their content, stored once by
//! their hash; components exempted with a reason; scans of the applicant's
//! earlier dossiers reused; the dossier marked digitized when every
//! component that must be scanned is. What a scan is becomes an event on the
//! dossier, written with the scan's row in one transaction.

use motcua_blobs::{BlobId, FileProblem};
use motcua_domain::dossier::lifecycle::{Action, Rules};
use motcua_domain::dossier::scans::{Digitization, Exemption};
use motcua_domain::i18n::Message;
use motcua_store::{
    AttachmentId, AttachmentRecord, DossierRecord, FileChange, NewAttachment, NewEvent,
    ReusableScan,
};

use super::{actor, lifecycle_error, readable};
use crate::auth::Principal;
use crate::input::{self, invalid, max};
use crate::{AppState, WebError};

/// A file as it was uploaded: its name on the sender's machine and its bytes.
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The side of a thumbnail, in pixels.
const THUMB_SIDE: u32 = 240;

/// What the dossier page and the API show of a dossier's digitization.
pub struct ScansView {
    pub dossier: DossierRecord,
    pub digitization: Digitization,
    pub attachments: Vec<AttachmentRecord>,
    /// Scans of the applicant's earlier dossiers (only for those who handle it).
    pub reusable: Vec<ReusableScan>,
    /// Whether scans can be taken at all here (a blob store is configured).
    pub enabled: bool,
}

/// The components a dossier must have scanned: those handed in, else the
/// procedure's mandatory ones (a dossier received before components were
/// recorded).
async fn components(state: &AppState, d: &DossierRecord) -> Result<Vec<String>, WebError> {
    if !d.details.components.is_empty() {
        return Ok(d
            .details
            .components
            .iter()
            .map(|c| c.name.clone())
            .collect());
    }
    let procedure = state
        .store
        .procedure_versions(&d.procedure_code)
        .await?
        .into_iter()
        .find(|v| v.id == d.procedure_version_id)
        .map(|v| v.procedure);
    Ok(procedure
        .map(|p| {
            p.components
                .into_iter()
                .filter(|c| c.mandatory)
                .map(|c| c.name)
                .collect()
        })
        .unwrap_or_default())
}

pub async fn view(state: &AppState, p: &Principal, code: &str) -> Result<ScansView, WebError> {
    view_of(state, p, readable(state, p, code).await?).await
}

/// [`view`] of a dossier already read.
pub async fn view_of(
    state: &AppState,
    p: &Principal,
    d: DossierRecord,
) -> Result<ScansView, WebError> {
    let events = state.store.events(d.id).await?;
    let digitization = Digitization::of(&components(state, &d).await?, &events);
    let attachments = state
        .store
        .attachments(d.id, false)
        .await?
        .into_iter()
        .filter(|a| a.purpose == motcua_store::FilePurpose::Scan)
        .collect();
    let reusable = match (&d.applicant.id_number, p.handles(&d)) {
        (Some(cccd), true) => state.store.reusable_scans(cccd, d.id, 20).await?,
        _ => Vec::new(),
    };
    Ok(ScansView {
        dossier: d,
        digitization,
        attachments,
        reusable,
        enabled: state.blobs.is_some(),
    })
}

/// Only the counter staff who handle the dossier change its scans; the
/// others (who may read it) are refused before anything they sent is read.
fn require_scanner(p: &Principal, d: &DossierRecord) -> Result<(), WebError> {
    d.state
        .decide(&Action::Digitize, &p.roles_for(d), &Rules::default())
        .map(|_| ())
        .map_err(lifecycle_error)
}

/// The blob store, or a clear refusal when this deployment has none.
fn blobs(state: &AppState) -> Result<&dyn motcua_blobs::BlobStore, WebError> {
    state
        .blobs
        .as_deref()
        .ok_or_else(|| invalid("file", Message::new("scan-store-off")))
}

/// The component named as one of the dossier's, in the dossier's spelling.
fn component_of(components: &[String], given: &str) -> Result<String, WebError> {
    let given = input::required_line("component", given, max::COMPONENT_NAME)?;
    let fold = motcua_domain::text::fold;
    components
        .iter()
        .find(|c| fold(c) == fold(&given))
        .cloned()
        .ok_or_else(|| {
            invalid(
                "component",
                Message::new("scan-not-a-component").with("name", given.clone()),
            )
        })
}

/// A size as people read it: MB with one decimal from 1 MB, else whole KB.
fn bytes(n: u64) -> String {
    if n >= 1024 * 1024 {
        let tenths = n * 10 / (1024 * 1024);
        if tenths.is_multiple_of(10) {
            format!("{} MB", tenths / 10)
        } else {
            format!("{},{} MB", tenths / 10, tenths % 10)
        }
    } else {
        format!("{} KB", n / 1024)
    }
}

/// Why a file is refused, in words that name it.
fn refused(name: &str, problem: &FileProblem) -> WebError {
    let why = match problem {
        FileProblem::Empty => Message::new("scan-empty"),
        FileProblem::UnknownType { .. } => Message::new("scan-unknown-type"),
        FileProblem::Damaged { kind } => {
            Message::new("scan-damaged").with("kind", kind.extension().to_uppercase())
        }
        FileProblem::Encrypted => Message::new("scan-encrypted"),
        FileProblem::TooLarge { limit, .. } => {
            Message::new("scan-too-large").with("size", bytes(*limit))
        }
        FileProblem::TooManyPages { limit } => {
            Message::new("scan-too-many-pages").with("limit", i64::from(*limit))
        }
        FileProblem::TooManyPixels { .. } => Message::new("scan-too-many-pixels"),
        FileProblem::NameDoesNotMatch {
            name_says,
            content_is,
        } => Message::new("scan-name-does-not-match")
            .with("says", name_says.extension().to_uppercase())
            .with("is", content_is.extension().to_uppercase()),
        FileProblem::BadName(_) => Message::new("scan-bad-name"),
    };
    // The name is shown as the person chose it, but only its printable part.
    let shown: String = name.chars().filter(|c| !c.is_control()).take(80).collect();
    invalid(
        "file",
        Message::new("scan-refused")
            .with("name", shown)
            .with("why", why),
    )
}

/// An upload judged by its content and ready to store: nothing is written yet.
pub(crate) struct Checked {
    bytes: Vec<u8>,
    thumb: Option<Vec<u8>>,
    attachment: NewAttachment,
}

impl Checked {
    pub(crate) fn size(&self) -> u64 {
        self.attachment.size
    }
}

/// Judges an upload by its content (and draws its thumbnail); a refusal
/// names the file. Nothing is stored here, so a batch can be judged whole
/// before any of it is kept.
pub(crate) async fn check_upload(
    state: &AppState,
    upload: Upload,
    room_left: u64,
) -> Result<Checked, WebError> {
    let limit = state.config.scan_file_limit().min(room_left);
    if upload.bytes.len() as u64 > limit {
        let problem = FileProblem::TooLarge {
            size: upload.bytes.len() as u64,
            limit,
        };
        return Err(refused(&upload.name, &problem));
    }
    let Upload { name, bytes } = upload;
    let checked = tokio::task::spawn_blocking(move || {
        let limits = motcua_blobs::Limits {
            max_bytes: limit,
            ..Default::default()
        };
        let inspected = motcua_blobs::inspect_with(&bytes, &limits);
        let named = inspected
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|i| motcua_blobs::check_name(&name, i.kind));
        let thumb = match &inspected {
            Ok(i) => motcua_blobs::thumbnail(&bytes, i.kind, THUMB_SIDE)
                .ok()
                .flatten(),
            Err(_) => None,
        };
        (name, bytes, inspected, named, thumb)
    })
    .await
    .map_err(|e| WebError::Internal(format!("checking a scan: {e}")))?;
    let (name, bytes, inspected, named, thumb) = checked;
    let inspected = inspected.map_err(|p| refused(&name, &p))?;
    let file_name = named.map_err(|p| refused(&name, &p))?;
    let attachment = NewAttachment {
        purpose: motcua_store::FilePurpose::Scan,
        component: String::new(),
        blob: BlobId::of(&bytes).to_string(),
        file_name,
        kind: inspected.kind.extension().to_string(),
        size: bytes.len() as u64,
        pages: inspected.pages,
        thumb: thumb.as_deref().map(|png| BlobId::of(png).to_string()),
        reused_from: None,
        account_id: None,
    };
    Ok(Checked {
        bytes,
        thumb,
        attachment,
    })
}

/// Keeps a checked upload's file and thumbnail in the blob store; what the
/// dossier records about it comes back.
pub(crate) async fn keep(state: &AppState, c: Checked) -> Result<NewAttachment, WebError> {
    let store = blobs(state)?;
    store.put(&c.bytes).await.map_err(blob_error)?;
    if let Some(png) = &c.thumb {
        store.put(png).await.map_err(blob_error)?;
    }
    Ok(c.attachment)
}

pub(crate) fn blob_error(e: motcua_blobs::Error) -> WebError {
    WebError::Internal(format!("blob store: {e}"))
}

/// Appends the changes (each an action with what it does to the files) in
/// one transaction, and the `digitize` step after the change that completes
/// the dossier's digitization; a removal that breaks a completed one says so.
async fn record(
    state: &AppState,
    p: &Principal,
    d: &DossierRecord,
    expected_seq: Option<i64>,
    changes: Vec<(Action, Option<FileChange>)>,
) -> Result<DossierRecord, WebError> {
    let roles = p.roles_for(d);
    let now = state.now();
    let mut events = state.store.events(d.id).await?;
    let required = components(state, d).await?;
    let mut digitized = d.state.digitized;
    let mut steps = Vec::with_capacity(changes.len() + 1);
    for (mut action, file) in changes {
        let to = d
            .state
            .decide(&action, &roles, &Rules::default())
            .map_err(lifecycle_error)?;
        let actor = actor(p, &roles, &action);
        let agency = super::acting_agency(p, d, actor.as_ref());
        // What the dossier's scans will be once this is written.
        events.push(motcua_domain::dossier::event::Event::next(
            events.last(),
            &d.code.to_string(),
            now,
            None,
            agency.clone(),
            d.state.status,
            to,
            action.clone(),
        ));
        let complete = Digitization::of(&required, &events).complete();
        if let Action::RemoveScan { undigitizes, .. } = &mut action {
            *undigitizes = digitized && !complete;
            digitized &= !*undigitizes;
        }
        let step = |action, file| NewEvent {
            at: now,
            actor: actor.clone(),
            agency: agency.clone(),
            action,
            to,
            notices: Vec::new(),
            file,
            delivery: None,
        };
        steps.push(step(action, file));
        if complete && !digitized {
            steps.push(step(Action::Digitize, None));
            digitized = true;
        }
    }
    Ok(state
        .store
        .append_events(d.id, expected_seq.unwrap_or(d.last_seq), &steps)
        .await?)
}

/// Scans one component: the files are checked, stored, and attached in order.
pub async fn attach(
    state: &AppState,
    p: &Principal,
    code: &str,
    expected_seq: Option<i64>,
    component: &str,
    uploads: Vec<Upload>,
) -> Result<DossierRecord, WebError> {
    p.require_write()?;
    let d = readable(state, p, code).await?;
    require_scanner(p, &d)?;
    let component = component_of(&components(state, &d).await?, component)?;
    if uploads.is_empty() {
        return Err(invalid("file", Message::new("scan-no-file")));
    }
    input::at_most("file", &uploads, max::SCANS_AT_ONCE)?;
    let used: u64 = state
        .store
        .attachments(d.id, false)
        .await?
        .iter()
        .map(|a| a.size)
        .sum();
    let mut room = state.config.scan_dossier_limit().saturating_sub(used);
    // Every file is judged before any is kept: one bad file in a batch
    // refuses the batch, and nothing of it is stored or on the dossier.
    let mut checked = Vec::with_capacity(uploads.len());
    for upload in uploads {
        let c = check_upload(state, upload, room).await?;
        room = room.saturating_sub(c.attachment.size);
        checked.push(c);
    }
    let mut stored = Vec::with_capacity(checked.len());
    for c in checked {
        let mut a = keep(state, c).await?;
        a.component = component.clone();
        a.account_id = Some(p.account.id);
        stored.push(a);
    }
    // All the files in one transaction: the batch is on the dossier whole.
    let changes = stored
        .into_iter()
        .map(|a| {
            let action = Action::AttachScan {
                component: a.component.clone(),
                file: a.file_name.clone(),
                blob: a.blob.clone(),
                pages: a.pages,
                reused_from: None,
            };
            (action, Some(FileChange::Attach(a)))
        })
        .collect();
    record(state, p, &d, expected_seq, changes).await
}

/// Attaches a scan of one of the applicant's earlier dossiers instead of
/// scanning again (Decision 766 indicator 4.3).
pub async fn reuse(
    state: &AppState,
    p: &Principal,
    code: &str,
    expected_seq: Option<i64>,
    component: &str,
    attachment: AttachmentId,
) -> Result<DossierRecord, WebError> {
    p.require_write()?;
    let d = readable(state, p, code).await?;
    require_scanner(p, &d)?;
    let component = component_of(&components(state, &d).await?, component)?;
    let offered = match &d.applicant.id_number {
        Some(cccd) if p.handles(&d) => state.store.reusable_scans(cccd, d.id, 200).await?,
        _ => Vec::new(),
    };
    let Some(earlier) = offered.into_iter().find(|s| s.attachment.id == attachment) else {
        return Err(invalid("attachment_id", Message::new("scan-not-reusable")));
    };
    let a = earlier.attachment;
    let action = Action::AttachScan {
        component: component.clone(),
        file: a.file_name.clone(),
        blob: a.blob.clone(),
        pages: a.pages,
        reused_from: Some(earlier.dossier_code.to_string()),
    };
    let file = FileChange::Attach(NewAttachment {
        purpose: motcua_store::FilePurpose::Scan,
        component,
        blob: a.blob,
        file_name: a.file_name,
        kind: a.kind,
        size: a.size,
        pages: a.pages,
        thumb: a.thumb,
        reused_from: Some(a.id),
        account_id: Some(p.account.id),
    });
    record(state, p, &d, expected_seq, vec![(action, Some(file))]).await
}

/// Takes a scan off the dossier (its record stays), with the reason.
pub async fn remove(
    state: &AppState,
    p: &Principal,
    code: &str,
    expected_seq: Option<i64>,
    attachment: AttachmentId,
    reason: &str,
) -> Result<DossierRecord, WebError> {
    p.require_write()?;
    let d = readable(state, p, code).await?;
    require_scanner(p, &d)?;
    let reason = input::required_text("reason", reason, max::REASON)?;
    let a = attachment_on(state, &d, attachment).await?;
    if a.removed_seq.is_some() {
        return Err(WebError::Conflict(Message::new("scan-already-removed")));
    }
    let action = Action::RemoveScan {
        component: a.component.clone(),
        blob: a.blob.clone(),
        reason,
        undigitizes: false,
    };
    let file = FileChange::Remove {
        component: a.component,
        blob: a.blob,
    };
    record(state, p, &d, expected_seq, vec![(action, Some(file))]).await
}

/// Marks a component as needing no scan, with the legal reason.
pub async fn exempt(
    state: &AppState,
    p: &Principal,
    code: &str,
    expected_seq: Option<i64>,
    component: &str,
    reason: Exemption,
) -> Result<DossierRecord, WebError> {
    p.require_write()?;
    let d = readable(state, p, code).await?;
    require_scanner(p, &d)?;
    let component = component_of(&components(state, &d).await?, component)?;
    let action = Action::ExemptScan { component, reason };
    record(state, p, &d, expected_seq, vec![(action, None)]).await
}

/// A file of this dossier; another dossier's is "not found".
async fn attachment_on(
    state: &AppState,
    d: &DossierRecord,
    id: AttachmentId,
) -> Result<AttachmentRecord, WebError> {
    state
        .store
        .attachment(id)
        .await?
        .filter(|a| a.dossier_id == d.id)
        .ok_or(WebError::NotFound)
}

/// A scan's file (or its thumbnail) for someone who may read the dossier.
pub async fn file(
    state: &AppState,
    p: &Principal,
    code: &str,
    attachment: AttachmentId,
    thumbnail: bool,
) -> Result<(AttachmentRecord, Vec<u8>), WebError> {
    let d = readable(state, p, code).await?;
    let a = attachment_on(state, &d, attachment).await?;
    let name = if thumbnail {
        a.thumb.as_deref()
    } else {
        Some(a.blob.as_str())
    };
    let Some(id) = name.and_then(|n| n.parse::<BlobId>().ok()) else {
        return Err(WebError::NotFound);
    };
    let bytes = blobs(state)?
        .get(&id)
        .await
        .map_err(blob_error)?
        .ok_or(WebError::NotFound)?;
    Ok((a, bytes))
}

/// Removes the blobs no scan names that were written before `before`: the
/// files of uploads whose record was refused (a conflict, a crash between
/// the file and its row). The caller leaves a grace period, so that an
/// upload being recorded right now keeps its file.
pub async fn collect_garbage(
    state: &AppState,
    before: std::time::SystemTime,
) -> Result<u64, WebError> {
    let Some(blobs) = &state.blobs else {
        return Ok(0);
    };
    let referenced: std::collections::HashSet<BlobId> = state
        .store
        .referenced_blobs()
        .await?
        .iter()
        .filter_map(|b| b.parse().ok())
        .collect();
    blobs.gc(&referenced, before).await.map_err(blob_error)
}
