//! `/dossiers/{code}/scans`: a dossier's digitization: its scans (uploaded as
//! `multipart/form-data`), the status of each component, exemptions, reuse of
//! the applicant's earlier scans, and the files themselves.

use axum::extract::{Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jiff::Timestamp;
use motcua_domain::dossier::scans::{Exemption, ScanStatus};
use motcua_domain::i18n::Message;
use motcua_store::{AccountId, AttachmentId};
use serde::{Deserialize, Serialize};

use super::json::ApiJson;
use crate::auth::Principal;
use crate::cases::scans::{self, ScansView, Upload};
use crate::error::ErrorBody;
use crate::input::invalid;
use crate::{AppState, WebError};

/// One component and where it stands.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ComponentOut {
    pub component: String,
    /// required, exempt or done.
    pub status: &'static str,
    /// Why it needs no scan: online-files, original-shown or confidential.
    pub exemption: Option<String>,
    /// One of its scans was reused from an earlier dossier.
    pub reused: bool,
}

/// A scan on the dossier.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ScanOut {
    pub id: AttachmentId,
    pub component: String,
    pub file_name: String,
    /// pdf, jpeg, png or tiff, read from the content.
    pub kind: String,
    pub size: u64,
    pub pages: u32,
    pub at: Timestamp,
    /// Who digitized it.
    pub account_id: Option<AccountId>,
    /// The earlier scan it reuses.
    pub reused_from: Option<AttachmentId>,
    pub has_thumbnail: bool,
    /// The text OCR read in it, once it has.
    pub ocr_text: Option<String>,
}

/// A scan of the applicant's earlier dossier that may be attached again.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReusableOut {
    pub attachment_id: AttachmentId,
    pub dossier_code: String,
    pub component: String,
    pub file_name: String,
    pub pages: u32,
    pub at: Timestamp,
}

/// A dossier's digitization.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ScansOut {
    pub code: String,
    /// Every component that must be scanned is.
    pub digitized: bool,
    /// Send this back as `expected_seq` with the next change.
    pub last_seq: i64,
    pub components: Vec<ComponentOut>,
    pub scans: Vec<ScanOut>,
    pub reusable: Vec<ReusableOut>,
}

impl From<ScansView> for ScansOut {
    fn from(v: ScansView) -> ScansOut {
        ScansOut {
            code: v.dossier.code.to_string(),
            digitized: v.dossier.state.digitized,
            last_seq: v.dossier.last_seq,
            components: v
                .digitization
                .components
                .iter()
                .map(|c| ComponentOut {
                    component: c.component.clone(),
                    status: match c.status {
                        ScanStatus::Required => "required",
                        ScanStatus::Exempt(_) => "exempt",
                        ScanStatus::Done { .. } => "done",
                    },
                    exemption: match c.status {
                        ScanStatus::Exempt(e) => Some(e.code().to_string()),
                        _ => None,
                    },
                    reused: matches!(c.status, ScanStatus::Done { reused: true, .. }),
                })
                .collect(),
            scans: v
                .attachments
                .into_iter()
                .map(|a| ScanOut {
                    id: a.id,
                    component: a.component,
                    file_name: a.file_name,
                    kind: a.kind,
                    size: a.size,
                    pages: a.pages,
                    at: a.at,
                    account_id: a.account_id,
                    reused_from: a.reused_from,
                    has_thumbnail: a.thumb.is_some(),
                    ocr_text: a.ocr_text,
                })
                .collect(),
            reusable: v
                .reusable
                .into_iter()
                .map(|r| ReusableOut {
                    attachment_id: r.attachment.id,
                    dossier_code: r.dossier_code.to_string(),
                    component: r.attachment.component,
                    file_name: r.attachment.file_name,
                    pages: r.attachment.pages,
                    at: r.attachment.at,
                })
                .collect(),
        }
    }
}

async fn answer(
    state: &AppState,
    p: &Principal,
    code: &str,
    status: StatusCode,
) -> Result<Response, WebError> {
    let view = scans::view(state, p, code).await?;
    Ok((status, Json(ScansOut::from(view))).into_response())
}

/// The form of an upload (documentation only: the handler reads the parts).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ScanUpload {
    /// The component the files are scans of, as the dossier names it.
    component: String,
    /// The `last_seq` the user saw.
    expected_seq: Option<i64>,
    /// One or more files: PDF, JPEG, PNG or TIFF.
    #[schema(value_type = Vec<String>, format = Binary)]
    file: Vec<Vec<u8>>,
}

/// A dossier's digitization: each component's status, its scans, and the
/// applicant's earlier scans that may be reused.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/scans", tag = "scans", params(("code" = String, Path)),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = ScansOut), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    answer(&state, &p, &code, StatusCode::OK).await
}

/// Scans of one component, checked by their content: all are attached, or
/// none when one is refused.
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/scans", tag = "scans", params(("code" = String, Path)),
    request_body(content = ScanUpload, content_type = "multipart/form-data"),
    security(("token" = []), ("session" = [])),
    responses((status = 201, body = ScansOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn upload(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let form = read_upload(multipart).await?;
    scans::attach(
        &state,
        &p,
        &code,
        form.expected_seq,
        &form.component,
        form.files,
    )
    .await?;
    answer(&state, &p, &code, StatusCode::CREATED).await
}

/// An upload's parts, as the page and the API send them.
pub struct UploadForm {
    pub component: String,
    pub expected_seq: Option<i64>,
    pub files: Vec<Upload>,
    /// The page's CSRF token (`_csrf`), when a page sent it.
    pub csrf: Option<String>,
}

/// Reads an upload of exactly one file.
pub async fn read_one_file(multipart: Multipart) -> Result<Upload, WebError> {
    let mut form = read_upload(multipart).await?;
    crate::input::at_most("file", &form.files, 1)?;
    form.files
        .pop()
        .ok_or_else(|| invalid("file", Message::new("scan-no-file")))
}

/// Reads the parts of an upload; text parts are short, unknown parts refused.
pub async fn read_upload(mut multipart: Multipart) -> Result<UploadForm, WebError> {
    let mut form = UploadForm {
        component: String::new(),
        expected_seq: None,
        files: Vec::new(),
        csrf: None,
    };
    let bad = |field: &str| invalid(field, Message::new("scan-bad-form"));
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(WebError::TooLarge)
            }
            Err(_) => return Err(bad("file")),
        };
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "file" => {
                let file_name = field.file_name().unwrap_or_default().to_string();
                let bytes = field.bytes().await.map_err(|e| {
                    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        WebError::TooLarge
                    } else {
                        bad("file")
                    }
                })?;
                // A file input left empty still sends a part, with no name.
                if file_name.is_empty() && bytes.is_empty() {
                    continue;
                }
                form.files.push(Upload {
                    name: file_name,
                    bytes: bytes.to_vec(),
                });
                crate::input::at_most("file", &form.files, crate::input::max::SCANS_AT_ONCE)?;
            }
            "component" | "expected_seq" | "_csrf" => {
                let text = field.text().await.map_err(|_| bad(&name))?;
                if text.len() > 1000 {
                    return Err(bad(&name));
                }
                match name.as_str() {
                    "component" => form.component = text,
                    "_csrf" => form.csrf = Some(text),
                    _ if text.trim().is_empty() => {}
                    _ => {
                        form.expected_seq =
                            Some(text.trim().parse().map_err(|_| bad("expected_seq"))?)
                    }
                }
            }
            _ => return Err(bad("file")),
        }
    }
    Ok(form)
}

/// A component that needs no scan, with its legal reason.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExemptionIn {
    pub expected_seq: Option<i64>,
    #[schema(max_length = 300)]
    pub component: String,
    /// online-files, original-shown or confidential.
    #[schema(value_type = String)]
    pub reason: Exemption,
}

/// Marks a component as needing no scan (Circular 03/2025 Art. 5).
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/scans/exemptions", tag = "scans", params(("code" = String, Path)),
    request_body = ExemptionIn, security(("token" = []), ("session" = [])),
    responses((status = 200, body = ScansOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn exempt(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<ExemptionIn>,
) -> Result<Response, WebError> {
    scans::exempt(
        &state,
        &p,
        &code,
        body.expected_seq,
        &body.component,
        body.reason,
    )
    .await?;
    answer(&state, &p, &code, StatusCode::OK).await
}

/// An earlier scan of the same applicant, attached to one of this dossier's components.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReuseIn {
    pub expected_seq: Option<i64>,
    #[schema(max_length = 300)]
    pub component: String,
    pub attachment_id: AttachmentId,
}

/// Reuses a scan of the applicant's earlier dossier (Decision 766, indicator 4.3).
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/scans/reuse", tag = "scans", params(("code" = String, Path)),
    request_body = ReuseIn, security(("token" = []), ("session" = [])),
    responses((status = 201, body = ScansOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reuse(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<ReuseIn>,
) -> Result<Response, WebError> {
    scans::reuse(
        &state,
        &p,
        &code,
        body.expected_seq,
        &body.component,
        body.attachment_id,
    )
    .await?;
    answer(&state, &p, &code, StatusCode::CREATED).await
}

/// Why a scan is taken off.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RemovalIn {
    pub expected_seq: Option<i64>,
    #[schema(max_length = 2000)]
    pub reason: String,
}

/// Takes a scan off the dossier; the record of it stays.
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/scans/{id}/removal", tag = "scans",
    params(("code" = String, Path), ("id" = i64, Path)),
    request_body = RemovalIn, security(("token" = []), ("session" = [])),
    responses((status = 200, body = ScansOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn remove(
    State(state): State<AppState>,
    p: Principal,
    Path((code, id)): Path<(String, AttachmentId)>,
    ApiJson(body): ApiJson<RemovalIn>,
) -> Result<Response, WebError> {
    scans::remove(&state, &p, &code, body.expected_seq, id, &body.reason).await?;
    answer(&state, &p, &code, StatusCode::OK).await
}

/// The file as scanned.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/scans/{id}", tag = "scans",
    params(("code" = String, Path), ("id" = i64, Path)), security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn download(
    State(state): State<AppState>,
    p: Principal,
    Path((code, id)): Path<(String, AttachmentId)>,
) -> Result<Response, WebError> {
    let (a, bytes) = scans::file(&state, &p, &code, id, false).await?;
    Ok(file_response(
        super::results::mime_of(&a.kind),
        &a.file_name,
        bytes,
    ))
}

/// A small PNG of the first page.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/scans/{id}/thumbnail", tag = "scans",
    params(("code" = String, Path), ("id" = i64, Path)), security(("token" = []), ("session" = [])),
    responses((status = 200, description = "A PNG", content_type = "image/png"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn thumbnail(
    State(state): State<AppState>,
    p: Principal,
    Path((code, id)): Path<(String, AttachmentId)>,
) -> Result<Response, WebError> {
    let (_, bytes) = scans::file(&state, &p, &code, id, true).await?;
    Ok(file_response("image/png", "thumbnail.png", bytes))
}

/// A file for the browser: its type from its content, its name kept to
/// plain characters in the header (and in full, encoded, beside it).
pub fn file_response(mime: &'static str, name: &str, bytes: Vec<u8>) -> Response {
    let plain: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "inline; filename=\"{plain}\"; filename*=UTF-8''{}",
        crate::auth::urlencode(name)
    );
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, max-age=3600".to_string()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        bytes,
    )
        .into_response()
}
