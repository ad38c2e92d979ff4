//! Certification of copies from originals at the counter (chứng thực bản sao
//! từ bản chính, Decree 23/2015; electronic certified copies, Decree 45/2020
//! Art. 2(6)). The original is scanned like any component; the certifier
//! chooses the scan, the pages and the copies; the fee follows from the
//! procedure's rule; the copy takes the next number of the center's register
//! of the year; and, for an electronic copy, a PDF of the pages with the
//! statement and a QR code of the public verification page is kept as the
//! dossier's certified copy. Anyone holding that PDF can check it there: its
//! SHA-256 must be the one the register recorded.

use motcua_blobs::{BlobId, FileKind};
use motcua_domain::dossier::certify::{self, RegisterNumber};
use motcua_domain::dossier::lifecycle::{Action, Rules};
use motcua_domain::dossier::scans::FilePurpose;
use motcua_domain::i18n::Message;
use motcua_domain::{Locale, Vnd};
use motcua_store::{
    AttachmentId, CertificationRecord, DossierRecord, FileChange, NewAttachment, NewCertification,
    NewEvent, StoreError,
};

use super::scans::blob_error;
use super::{actor, lifecycle_error, readable};
use crate::auth::Principal;
use crate::input::invalid;
use crate::{AppState, WebError};

/// The pages of a scan are drawn at this resolution into the copy: legible
/// print, a few hundred KB a page.
const DPI: u32 = 150;

/// The longest page list taken (`1-3,5,7-9` is 9 characters).
pub const PAGE_LIST: usize = 100;

/// How often a number taken by another certifier meanwhile is tried again.
const TRIES: usize = 20;

/// What the certifier asks for.
#[derive(Debug, Clone)]
pub struct CertifyIn {
    /// The scan of the original on this dossier.
    pub scan: AttachmentId,
    /// Pages of the scan, such as `1-2,4`; empty for all of them.
    pub pages: String,
    pub copies: u32,
    /// Whether an electronic certified copy (PDF) is issued; a paper copy
    /// takes its number all the same.
    pub electronic: bool,
}

/// The address of a certification's public verification page.
pub fn verify_url(state: &AppState, token: &str) -> String {
    format!("{}/xac-minh/{token}", crate::forms::public_base(state))
}

/// The certifications on a dossier (for whoever may read the dossier).
pub async fn of_dossier(
    state: &AppState,
    d: &DossierRecord,
) -> Result<Vec<CertificationRecord>, WebError> {
    Ok(state.store.certifications(d.id).await?)
}

/// Whether `p` may certify on `d` now: the role and the status, before
/// anything is read or drawn.
pub fn may_certify(p: &Principal, d: &DossierRecord) -> Result<(), WebError> {
    d.state
        .decide(&probe(), &p.roles_for(d), &Rules::default())
        .map(|_| ())
        .map_err(lifecycle_error)
}

fn probe() -> Action {
    Action::Certify {
        register: RegisterNumber { year: 0, number: 0 },
        document: "-".into(),
        source: String::new(),
        pages: 0,
        copies: 0,
        fee: Vnd::ZERO,
        copy: None,
    }
}

/// Certifies a copy: the number is the next of the register, and the
/// event, the register's line and the electronic copy are written in one
/// transaction (a number taken meanwhile is read again and the copy drawn
/// again with it, so the book has no gaps).
pub async fn certify(
    state: &AppState,
    p: &Principal,
    code: &str,
    expected_seq: Option<i64>,
    req: CertifyIn,
) -> Result<(DossierRecord, CertificationRecord), WebError> {
    p.require_write()?;
    let mut d = readable(state, p, code).await?;
    may_certify(p, &d)?;
    if expected_seq.is_some_and(|s| s != d.last_seq) {
        return Err(WebError::Conflict(Message::new("error-changed-meanwhile")));
    }
    let procedure = state
        .store
        .procedure_versions(&d.procedure_code)
        .await?
        .into_iter()
        .find(|v| v.id == d.procedure_version_id)
        .ok_or(WebError::NotFound)?
        .procedure;
    if !certify::certifies_copies(&procedure) {
        return Err(invalid(
            "scan",
            Message::new("certify-not-a-copy-procedure"),
        ));
    }
    let scan = state
        .store
        .attachment(req.scan)
        .await?
        .filter(|a| {
            a.dossier_id == d.id && a.purpose == FilePurpose::Scan && a.removed_seq.is_none()
        })
        .ok_or_else(|| invalid("scan", Message::new("certify-no-such-scan")))?;
    let asked = crate::input::line("pages", &req.pages, PAGE_LIST)?;
    let pages = certify::pages(&asked, scan.pages).map_err(|e| invalid("pages", e.message()))?;
    let copies = certify::copies(req.copies).map_err(|e| invalid("copies", e.message()))?;
    let page_count = u32::try_from(pages.len()).unwrap_or(u32::MAX);
    let fee = certify::fee(&procedure.fee, page_count, copies);
    let center = state
        .store
        .center(d.center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let now = state.now();
    let today = motcua_calendar::from_timestamp(now).date();
    let (certifier_name, certifier_title) = state
        .store
        .staff_at(d.center_id, today)
        .await?
        .into_iter()
        .find(|s| s.account_id == Some(p.account.id))
        .map_or_else(
            || (p.account.username.clone(), String::new()),
            |s| (s.full_name, s.title),
        );
    // The scan's pages, drawn once whatever number the copy takes.
    let images = if req.electronic {
        let blobs = state
            .blobs
            .as_deref()
            .ok_or_else(|| invalid("electronic", Message::new("scan-store-off")))?;
        let id: BlobId = scan.blob.parse().map_err(|_| WebError::NotFound)?;
        let bytes = blobs
            .get(&id)
            .await
            .map_err(blob_error)?
            .ok_or_else(|| WebError::Internal(format!("scan {} is missing", scan.blob)))?;
        let kind = FileKind::from_extension(&scan.kind)
            .ok_or_else(|| WebError::Internal(format!("scan kind {}", scan.kind)))?;
        let wanted = pages.clone();
        Some(
            tokio::task::spawn_blocking(move || {
                motcua_blobs::page_images(&bytes, kind, &wanted, DPI)
            })
            .await
            .map_err(|e| WebError::Internal(format!("drawing the pages: {e}")))?
            .map_err(|e| match e {
                motcua_blobs::Error::NoRenderer => {
                    invalid("electronic", Message::new("certify-no-renderer"))
                }
                other => blob_error(other),
            })?,
        )
    } else {
        None
    };
    let images = std::sync::Arc::new(images);
    let year = today.year();
    let token = new_token();
    let roles = p.roles_for(&d);
    for _ in 0..TRIES {
        let register = RegisterNumber {
            year,
            number: state
                .store
                .next_certification_number(d.center_id, year)
                .await?,
        };
        let copy = match images.as_ref() {
            Some(_) => {
                let statement = Statement {
                    center: center.clone(),
                    document: scan.component.clone(),
                    register,
                    original_pages: page_count,
                    copies,
                    fee,
                    certifier_title: certifier_title.clone(),
                    certifier_name: certifier_name.clone(),
                    at: now,
                    verify_url: verify_url(state, &token),
                };
                let images = images.clone();
                let pdf = tokio::task::spawn_blocking(move || {
                    let pages = (*images).as_deref().unwrap_or_default();
                    statement.render(pages)
                })
                .await
                .map_err(|e| WebError::Internal(format!("drawing the copy: {e}")))?;
                let blobs = state
                    .blobs
                    .as_deref()
                    .ok_or_else(|| invalid("electronic", Message::new("scan-store-off")))?;
                let blob = blobs.put(&pdf).await.map_err(blob_error)?;
                Some(NewAttachment {
                    purpose: FilePurpose::CertifiedCopy,
                    component: scan.component.clone(),
                    blob: blob.to_string(),
                    file_name: format!(
                        "ban-sao-chung-thuc-{}-{}.pdf",
                        register.number, register.year
                    ),
                    kind: "pdf".into(),
                    size: pdf.len() as u64,
                    pages: page_count + 1,
                    thumb: None,
                    reused_from: None,
                    account_id: Some(p.account.id),
                })
            }
            None => None,
        };
        let action = Action::Certify {
            register,
            document: scan.component.clone(),
            source: scan.blob.clone(),
            pages: page_count,
            copies,
            fee,
            copy: copy.as_ref().map(|c| c.blob.clone()),
        };
        let to = d
            .state
            .decide(&action, &roles, &Rules::default())
            .map_err(lifecycle_error)?;
        let actor = actor(p, &roles, &action);
        let agency = super::acting_agency(p, &d, actor.as_ref());
        let event = NewEvent {
            at: now,
            actor,
            agency,
            action,
            to,
            file: Some(FileChange::Certify {
                certification: NewCertification {
                    center_id: d.center_id,
                    register,
                    source: scan.id,
                    document: scan.component.clone(),
                    pages: page_count,
                    copies,
                    fee,
                    certifier: Some(p.account.id),
                    certifier_name: certifier_name.clone(),
                    certifier_title: certifier_title.clone(),
                    token: token.clone(),
                },
                copy,
            }),
            notices: Vec::new(),
            delivery: None,
        };
        match state.store.append_events(d.id, d.last_seq, &[event]).await {
            Ok(after) => {
                let line = state
                    .store
                    .certification_by_token(&token)
                    .await?
                    .ok_or_else(|| WebError::Internal("a certification just written".into()))?;
                return Ok((after, line));
            }
            Err(StoreError::Conflict(_)) => {
                // Another certifier took the number, or the dossier moved:
                // a dossier that moved is judged again; a number is read again.
                let now_d = readable(state, p, code).await?;
                if now_d.last_seq != d.last_seq {
                    if expected_seq.is_some() {
                        return Err(WebError::Conflict(Message::new("error-changed-meanwhile")));
                    }
                    may_certify(p, &now_d)?;
                }
                d = now_d;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(WebError::Conflict(Message::new("certify-busy")))
}

/// 20 random bytes, as 32 characters of lower-case base32: the part of the
/// verification page's address nobody can guess.
fn new_token() -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let bytes: [u8; 20] = rand::random();
    let mut out = String::with_capacity(32);
    let (mut acc, mut bits) = (0u32, 0);
    for b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((acc >> bits) & 31) as usize]));
        }
    }
    out
}

/// What the statement page of an electronic copy says.
struct Statement {
    center: motcua_store::Center,
    document: String,
    register: RegisterNumber,
    original_pages: u32,
    copies: u32,
    fee: Vnd,
    certifier_title: String,
    certifier_name: String,
    at: jiff::Timestamp,
    verify_url: String,
}

impl Statement {
    fn render(self, pages: &[motcua_blobs::PageImage]) -> Vec<u8> {
        let t = motcua_calendar::from_timestamp(self.at);
        crate::forms::certified_copy(&crate::forms::CertifiedCopy {
            title: format!(
                "Bản sao điện tử chứng thực số {}/{}",
                self.register.number, self.register.year
            ),
            pages,
            agency: self.center.name.clone(),
            place_date: crate::forms::place_date(&self.center, t),
            document: self.document,
            number_line: number_line(&self.register),
            copies: self.copies,
            original_pages: self.original_pages,
            fee: format!("{} đồng", Locale::Vi.number(self.fee.0.unsigned_abs())),
            certifier_title: self.certifier_title,
            certifier_name: self.certifier_name,
            certified_at: format!(
                "{:02}:{:02} ngày {:02}/{:02}/{}",
                t.hour(),
                t.minute(),
                t.day(),
                t.month(),
                t.year()
            ),
            verify_url: self.verify_url,
            created: self.at,
        })
    }
}

/// "Số chứng thực: 12, quyển số 01/2026-SCT/BS", as the copy and the
/// register print it.
pub fn number_line(r: &RegisterNumber) -> String {
    format!("Số chứng thực: {}, quyển số {}", r.number, r.book())
}

/// What the verification found for a file: `genuine` (the copy the register
/// recorded), `mismatch` (the address names a certification, but the file
/// is not its copy) or `unknown` (no certified copy has this content), with
/// the file's SHA-256 and the certification concerned.
#[derive(Debug)]
pub struct Verdict {
    pub verdict: &'static str,
    pub sha256: String,
    pub line: Option<CertificationRecord>,
}

/// The certification a verification address names (nothing for a token
/// that is not one: no probing of the register).
pub async fn by_token(
    state: &AppState,
    token: &str,
) -> Result<Option<CertificationRecord>, WebError> {
    if token.len() != 32 || !token.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Ok(None);
    }
    Ok(state.store.certification_by_token(token).await?)
}

/// Counts a file sent to the verification by `client`, before it is read:
/// an anonymous stranger may send a few large files, not a flood of them.
pub fn count_upload(state: &AppState, client: &str) -> Result<(), WebError> {
    super::lookup::public_request(state, client)?;
    let now = state.now();
    let t = &state.throttles.verify_client;
    t.check(client, now).map_err(WebError::too_many)?;
    t.record(client, now);
    Ok(())
}

/// Checks a file against the register: by the address it came with, or by
/// its content alone.
pub async fn verify(
    state: &AppState,
    token: Option<&str>,
    bytes: &[u8],
) -> Result<Verdict, WebError> {
    let sha256 = BlobId::of(bytes).to_string();
    let (verdict, line) = match token {
        Some(token) => {
            let line = by_token(state, token).await?.ok_or(WebError::NotFound)?;
            let same = line.copy_blob.as_deref() == Some(sha256.as_str());
            (if same { "genuine" } else { "mismatch" }, Some(line))
        }
        None => match state.store.certification_by_copy(&sha256).await? {
            Some(line) => ("genuine", Some(line)),
            None => ("unknown", None),
        },
    };
    Ok(Verdict {
        verdict,
        sha256,
        line,
    })
}

/// The electronic copy's bytes, for whoever may read the dossier.
pub async fn copy_file(state: &AppState, line: &CertificationRecord) -> Result<Vec<u8>, WebError> {
    let blob = line.copy_blob.as_deref().ok_or(WebError::NotFound)?;
    let id: BlobId = blob.parse().map_err(|_| WebError::NotFound)?;
    let blobs = state.blobs.as_deref().ok_or(WebError::NotFound)?;
    blobs
        .get(&id)
        .await
        .map_err(blob_error)?
        .ok_or(WebError::NotFound)
}
