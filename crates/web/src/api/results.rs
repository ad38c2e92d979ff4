//! Electronic results: the result file attached by those who settle the
//! dossier, read by those who may read it, and downloaded by the receipt's
//! holder with the code and the second factor.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::dossiers::DossierOut;
use super::lookup::LookupQuery;
use super::scans::{file_response, read_upload};
use crate::auth::Principal;
use crate::cases::{readable, results};
use crate::error::ErrorBody;
use crate::{AppState, WebError};

/// The MIME type of a stored file, from the kind read off its content.
pub fn mime_of(kind: &str) -> &'static str {
    motcua_blobs::FileKind::from_extension(kind).map_or("application/octet-stream", |k| k.mime())
}

/// Attaches the result document as a file (PDF, JPEG, PNG or TIFF), for
/// `issue-e-result` to issue.
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/result", tag = "results", params(("code" = String, Path)),
    request_body(content = super::scans::ScanUpload, content_type = "multipart/form-data"),
    security(("token" = []), ("session" = [])),
    responses((status = 201, body = DossierOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn attach(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let mut form = read_upload(multipart).await?;
    crate::input::at_most("file", &form.files, 1)?;
    let d = results::attach(&state, &p, &code, form.expected_seq, form.files.pop()).await?;
    let out = super::dossiers::out(&state, &p, d, "api:result").await?;
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// The result file, for those who may read the dossier.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/result", tag = "results", params(("code" = String, Path)),
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn file(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let d = readable(&state, &p, &code).await?;
    let a = results::result_file(&state, &d)
        .await?
        .ok_or(WebError::NotFound)?;
    let (a, bytes) = crate::cases::scans::file(&state, &p, &code, a.id, false).await?;
    Ok(file_response(mime_of(&a.kind), &a.file_name, bytes))
}

/// The electronic result, for whoever holds the receipt: the code and its
/// PIN (or the phone's last digits), tried a limited number of times.
#[utoipa::path(get, path = "/api/v1/lookup/result", tag = "public", params(LookupQuery),
    responses((status = 200, description = "The result file", content_type = "application/octet-stream"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody, headers(("Retry-After" = i64, description = "seconds to wait")))))]
pub async fn for_holder(
    State(state): State<AppState>,
    crate::auth::ClientIp(client): crate::auth::ClientIp,
    Query(q): Query<LookupQuery>,
) -> Result<Response, WebError> {
    let (a, bytes) = results::for_holder(
        &state,
        &client,
        &q.code,
        q.pin.as_deref(),
        q.phone.as_deref(),
    )
    .await?;
    Ok(file_response(mime_of(&a.kind), &a.file_name, bytes))
}
