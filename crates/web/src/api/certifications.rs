//! Certified copies: `/dossiers/{code}/certifications` (the leader certifies
//! a copy from the scan of the original; the register's line and the
//! electronic copy come back), the center's register book as PDF, and the
//! public verification of a copy (`/verification`), which anyone may call.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use jiff::Timestamp;
use motcua_store::{AttachmentId, CenterId, CertificationRecord};
use serde::{Deserialize, Serialize};

use super::json::ApiJson;
use super::scans::file_response;
use crate::auth::Principal;
use crate::cases::certify::{self, CertifyIn};
use crate::cases::readable;
use crate::error::ErrorBody;
use crate::{AppState, WebError};

/// A line of the register of certified copies.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CertificationOut {
    pub year: i16,
    /// The number in the center's book of the year, from 1 without gaps.
    pub number: u32,
    /// The book: `01/2026-SCT/BS`.
    pub book: String,
    pub at: Timestamp,
    /// The original document, as the dossier's component names it.
    pub document: String,
    /// Pages of the original certified.
    pub pages: u32,
    pub copies: u32,
    /// The fee in đồng.
    pub fee: i64,
    pub certifier_name: String,
    pub certifier_title: String,
    /// The scan of the original.
    pub source: AttachmentId,
    /// Whether an electronic certified copy was issued.
    pub electronic: bool,
    /// The electronic copy's SHA-256 (hex), what the verification compares.
    pub copy_sha256: Option<String>,
    /// The public verification page (printed as a QR code on the copy).
    pub verify_url: String,
}

impl CertificationOut {
    pub fn of(state: &AppState, c: &CertificationRecord) -> CertificationOut {
        CertificationOut {
            year: c.register.year,
            number: c.register.number,
            book: c.register.book(),
            at: c.at,
            document: c.document.clone(),
            pages: c.pages,
            copies: c.copies,
            fee: c.fee.0,
            certifier_name: c.certifier_name.clone(),
            certifier_title: c.certifier_title.clone(),
            source: c.source,
            electronic: c.copy_blob.is_some(),
            copy_sha256: c.copy_blob.clone(),
            verify_url: certify::verify_url(state, &c.token),
        }
    }
}

/// A request to certify a copy.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CertifyBody {
    /// The `last_seq` the user saw.
    pub expected_seq: Option<i64>,
    /// The scan of the original on this dossier.
    pub scan: AttachmentId,
    /// Pages of the scan, such as `1-2,4`; empty or absent for all.
    #[serde(default)]
    #[schema(max_length = 100)]
    pub pages: String,
    /// 1 to 50.
    pub copies: u32,
    /// Issue an electronic certified copy (PDF); `false` for paper only.
    #[serde(default = "yes")]
    pub electronic: bool,
}

fn yes() -> bool {
    true
}

/// The copies certified on a dossier, in register order.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/certifications", tag = "certification", params(("code" = String, Path)),
    security(("token" = []), ("session" = [])),
    responses((status = 200, body = Vec<CertificationOut>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
) -> Result<Json<Vec<CertificationOut>>, WebError> {
    let d = readable(&state, &p, &code).await?;
    let lines = certify::of_dossier(&state, &d).await?;
    Ok(Json(
        lines
            .iter()
            .map(|c| CertificationOut::of(&state, c))
            .collect(),
    ))
}

/// Certifies a copy from the scan of the original (the leader signs): the
/// fee follows the procedure, the number is the register's next, and the
/// electronic copy is a PDF of the pages with the statement and a QR code of
/// the verification page. The dossier becomes processed.
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/certifications", tag = "certification", params(("code" = String, Path)),
    request_body = CertifyBody, security(("token" = []), ("session" = [])),
    responses((status = 201, body = CertificationOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<CertifyBody>,
) -> Result<Response, WebError> {
    let (_, line) = certify::certify(
        &state,
        &p,
        &code,
        body.expected_seq,
        CertifyIn {
            scan: body.scan,
            pages: body.pages,
            copies: body.copies,
            electronic: body.electronic,
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(CertificationOut::of(&state, &line)),
    )
        .into_response())
}

/// The electronic certified copy numbered `number` in `year`, for those who
/// may read the dossier.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/certifications/{year}/{number}/copy", tag = "certification",
    params(("code" = String, Path), ("year" = i16, Path), ("number" = u32, Path)),
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The PDF", content_type = "application/pdf", body = crate::forms::Pdf),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn copy(
    State(state): State<AppState>,
    p: Principal,
    Path((code, year, number)): Path<(String, i16, u32)>,
) -> Result<Response, WebError> {
    let d = readable(&state, &p, &code).await?;
    let line = certify::of_dossier(&state, &d)
        .await?
        .into_iter()
        .find(|c| c.register.year == year && c.register.number == number)
        .ok_or(WebError::NotFound)?;
    let bytes = certify::copy_file(&state, &line).await?;
    Ok(file_response("application/pdf", &copy_name(&line), bytes))
}

pub(crate) fn copy_name(c: &CertificationRecord) -> String {
    format!(
        "ban-sao-chung-thuc-{}-{}.pdf",
        c.register.number, c.register.year
    )
}

/// The register book of certified copies of a center from `from` to `to`
/// (both included), as PDF.
#[utoipa::path(get, path = "/api/v1/centers/{id}/certification-register", tag = "certification",
    params(("id" = i64, Path), crate::forms::Period),
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The register book", content_type = "application/pdf", body = crate::forms::Pdf),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<CenterId>,
    Query(period): Query<crate::forms::Period>,
) -> Result<Response, WebError> {
    crate::forms::certification_register(&state, &p, id, &period).await
}

/// What the register says of a certified copy, for anyone.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicCertificationOut {
    pub center: String,
    pub year: i16,
    pub number: u32,
    pub book: String,
    pub at: Timestamp,
    pub document: String,
    pub pages: u32,
    pub copies: u32,
    pub certifier_name: String,
    pub certifier_title: String,
    /// The SHA-256 (hex) of the electronic copy, if one was issued.
    pub copy_sha256: Option<String>,
}

pub(crate) async fn public_out(
    state: &AppState,
    c: &CertificationRecord,
) -> Result<PublicCertificationOut, WebError> {
    let center = state
        .store
        .center(c.center_id)
        .await?
        .map(|x| x.name)
        .unwrap_or_default();
    Ok(PublicCertificationOut {
        center,
        year: c.register.year,
        number: c.register.number,
        book: c.register.book(),
        at: c.at,
        document: c.document.clone(),
        pages: c.pages,
        copies: c.copies,
        certifier_name: c.certifier_name.clone(),
        certifier_title: c.certifier_title.clone(),
        copy_sha256: c.copy_blob.clone(),
    })
}

/// The result of checking a file.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct VerdictOut {
    /// genuine (the file is the copy the register recorded), mismatch (the
    /// address names a certification, but this file is not its copy: it was
    /// changed) or unknown (no certified copy has this content).
    pub verdict: &'static str,
    /// The file's SHA-256 (hex).
    pub sha256: String,
    pub certification: Option<PublicCertificationOut>,
}

/// A certification as its verification address names it.
#[utoipa::path(get, path = "/api/v1/verification/{token}", tag = "public", params(("token" = String, Path)),
    responses((status = 200, body = PublicCertificationOut), (status = 404, body = ErrorBody),
        (status = 429, body = ErrorBody, headers(("Retry-After" = i64, description = "seconds to wait")))))]
pub async fn show(
    State(state): State<AppState>,
    crate::auth::ClientIp(client): crate::auth::ClientIp,
    Path(token): Path<String>,
) -> Result<Json<PublicCertificationOut>, WebError> {
    crate::cases::lookup::public_request(&state, &client)?;
    let line = certify::by_token(&state, &token)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(Json(public_out(&state, &line).await?))
}

/// Checks a file (multipart part `file`) against the register by its
/// content: a copy changed by a single byte is not found.
#[utoipa::path(post, path = "/api/v1/verification", tag = "public",
    request_body(content = VerificationUpload, content_type = "multipart/form-data"),
    responses((status = 200, body = VerdictOut), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody, headers(("Retry-After" = i64, description = "seconds to wait")))))]
pub async fn check(
    State(state): State<AppState>,
    crate::auth::ClientIp(client): crate::auth::ClientIp,
    multipart: Multipart,
) -> Result<Json<VerdictOut>, WebError> {
    certify::count_upload(&state, &client)?;
    verdict(&state, None, multipart).await
}

/// Checks a file against the certification its address names.
#[utoipa::path(post, path = "/api/v1/verification/{token}", tag = "public", params(("token" = String, Path)),
    request_body(content = VerificationUpload, content_type = "multipart/form-data"),
    responses((status = 200, body = VerdictOut), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody, headers(("Retry-After" = i64, description = "seconds to wait")))))]
pub async fn check_against(
    State(state): State<AppState>,
    crate::auth::ClientIp(client): crate::auth::ClientIp,
    Path(token): Path<String>,
    multipart: Multipart,
) -> Result<Json<VerdictOut>, WebError> {
    certify::count_upload(&state, &client)?;
    verdict(&state, Some(&token), multipart).await
}

/// The file to check.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct VerificationUpload {
    /// The electronic certified copy (PDF) as received.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

async fn verdict(
    state: &AppState,
    token: Option<&str>,
    multipart: Multipart,
) -> Result<Json<VerdictOut>, WebError> {
    let file = super::scans::read_one_file(multipart).await?;
    let found = certify::verify(state, token, &file.bytes).await?;
    let certification = match &found.line {
        Some(c) => Some(public_out(state, c).await?),
        None => None,
    };
    Ok(Json(VerdictOut {
        verdict: found.verdict,
        sha256: found.sha256,
        certification,
    }))
}
