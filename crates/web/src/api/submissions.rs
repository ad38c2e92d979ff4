//! `/submissions`: a citizen submits a dossier online.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use super::json::ApiJson;
use crate::cases::lookup::{public_request, public_view, PublicStatus};
pub use crate::cases::submit::SubmissionIn;
use crate::error::ErrorBody;
use crate::{AppState, WebError};

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
    let key = super::dossiers::client_key(&headers)?;
    let record = crate::cases::submit::submit(&state, body, Vec::new(), key, now).await?;
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

/// An online submission with its files (documentation only: the handler
/// reads the parts). `components[i]` is the place, in the procedure's list
/// of components, of the document `files[i]` is a scan of.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct SubmissionWithFiles {
    /// The submission as `POST /api/v1/submissions` takes it, as JSON text.
    submission: String,
    /// One number per file, in the files' order.
    components: Vec<u32>,
    /// PDF, JPEG, PNG or TIFF, at most 20.
    #[schema(value_type = Vec<String>, format = Binary)]
    files: Vec<Vec<u8>>,
}

/// A citizen submits a dossier online with the scans of its documents: every
/// file is judged by its content first, then the dossier is written with its
/// scans in one transaction (nothing is written when anything is refused).
#[utoipa::path(post, path = "/api/v1/submissions/with-files", tag = "public",
    request_body(content = SubmissionWithFiles, content_type = "multipart/form-data"),
    params(("Idempotency-Key" = Option<String>, Header, description = "a client key for this submission")),
    responses((status = 201, body = SubmissionOut), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody, headers(("Retry-After" = i64, description = "seconds to wait")))))]
pub async fn submit_with_files(
    State(state): State<AppState>,
    crate::auth::ClientIp(client): crate::auth::ClientIp,
    headers: HeaderMap,
    multipart: axum::extract::Multipart,
) -> Result<Response, WebError> {
    public_request(&state, &client)?;
    let now = state.now();
    state
        .throttles
        .submit_client
        .check(&client, now)
        .map_err(WebError::too_many)?;
    let (body, files) = read_with_files(multipart).await?;
    let key = super::dossiers::client_key(&headers)?;
    let record = crate::cases::submit::submit(&state, body, files, key, now).await?;
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

/// The parts: `submission` (JSON), then `components` and `files` paired in order.
async fn read_with_files(
    mut multipart: axum::extract::Multipart,
) -> Result<(SubmissionIn, Vec<crate::cases::submit::SubmittedFile>), WebError> {
    use crate::input::invalid;
    use motcua_domain::i18n::Message;
    let bad = |field: &str| invalid(field, Message::new("scan-bad-form"));
    let too_large = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            WebError::TooLarge
        } else {
            bad("files")
        }
    };
    let (mut submission, mut components, mut files) = (None, Vec::new(), Vec::new());
    while let Some(field) = multipart.next_field().await.map_err(too_large)? {
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "submission" => {
                let text = field.text().await.map_err(too_large)?;
                if text.len() > 256 * 1024 {
                    return Err(bad("submission"));
                }
                let body: SubmissionIn = serde_json::from_str(&text).map_err(|e| {
                    invalid(
                        "submission",
                        Message::new("error-body-not-json").with("detail", e.to_string()),
                    )
                })?;
                submission = Some(body);
            }
            "components" => {
                let text = field.text().await.map_err(too_large)?;
                let n: usize = text.trim().parse().map_err(|_| bad("components"))?;
                components.push(n);
            }
            "files" => {
                let file_name = field.file_name().unwrap_or_default().to_string();
                let bytes = field.bytes().await.map_err(too_large)?;
                files.push(crate::cases::scans::Upload {
                    name: file_name,
                    bytes: bytes.to_vec(),
                });
            }
            _ => return Err(bad(&name)),
        }
        crate::input::at_most("files", &files, crate::cases::submit::MAX_FILES)?;
        crate::input::at_most("components", &components, crate::cases::submit::MAX_FILES)?;
    }
    let submission =
        submission.ok_or_else(|| invalid("submission", Message::new("error-required")))?;
    if components.len() != files.len() {
        return Err(bad("components"));
    }
    let files = components
        .into_iter()
        .zip(files)
        .map(|(component, upload)| crate::cases::submit::SubmittedFile { component, upload })
        .collect();
    Ok((submission, files))
}
