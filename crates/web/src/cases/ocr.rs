//! The OCR worker: reads the words of each new scan with Tesseract, in the
//! background, from the job written with the scan (so a restart loses none).
//! Without Tesseract and its Vietnamese model the jobs wait, and the dossier
//! page says OCR is off.

use std::time::Duration;

use jiff::SignedDuration;
use motcua_blobs::{BlobId, FileKind, OcrAvailability};
use motcua_store::{AttachmentId, Job, OCR};

use crate::AppState;

/// Tesseract's model for Vietnamese.
pub const LANGUAGE: &str = "vie";
/// How long a worker holds a job before another may take it.
const LEASE: SignedDuration = SignedDuration::from_mins(10);
/// Tries before a scan is given up as unreadable.
const ATTEMPTS: i64 = 3;

/// Whether OCR runs here. Asked of Tesseract at most once a minute (each
/// page render and each idle turn of the worker would otherwise start it).
pub fn availability() -> OcrAvailability {
    static SEEN: std::sync::Mutex<Option<(std::time::Instant, OcrAvailability)>> =
        std::sync::Mutex::new(None);
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    match &*seen {
        Some((at, a)) if at.elapsed() < Duration::from_secs(60) => a.clone(),
        _ => {
            let a = motcua_blobs::ocr_availability(LANGUAGE);
            *seen = Some((std::time::Instant::now(), a.clone()));
            a
        }
    }
}

/// What one turn of the worker did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Turn {
    /// OCR cannot run here, or there is no blob store.
    Off,
    /// No job is due.
    Idle,
    /// A scan's text was stored.
    Read { attachment: AttachmentId },
    /// The job failed and will be tried again later, or was given up.
    Failed {
        attachment: AttachmentId,
        given_up: bool,
    },
}

/// Takes the next due OCR job and does it.
pub async fn turn(state: &AppState) -> Result<Turn, crate::WebError> {
    let Some(blobs) = state.blobs.clone() else {
        return Ok(Turn::Off);
    };
    if availability() != OcrAvailability::Ready {
        return Ok(Turn::Off);
    }
    let now = state.now();
    let Some(job) = state.store.claim_job(OCR, now, LEASE).await? else {
        return Ok(Turn::Idle);
    };
    let attachment = AttachmentId(job.subject);
    let found = state.store.attachment(attachment).await?;
    let (blob, kind) = match found
        .as_ref()
        .map(|a| (a.blob.parse::<BlobId>(), FileKind::from_extension(&a.kind)))
    {
        Some((Ok(blob), Some(kind))) => (blob, kind),
        _ => return give_up(state, &job, attachment, "no such scan").await,
    };
    let bytes = match blobs.get(&blob).await {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return give_up(state, &job, attachment, "the scan's file is missing").await,
        Err(e) => return again(state, &job, attachment, &e.to_string()).await,
    };
    let read = tokio::task::spawn_blocking(move || motcua_blobs::read_text(&bytes, kind, LANGUAGE))
        .await
        .map_err(|e| crate::WebError::Internal(format!("OCR worker: {e}")))?;
    match read {
        Ok(Some(text)) => {
            state
                .store
                .finish_ocr(job.id, attachment, &text, state.now())
                .await?;
            Ok(Turn::Read { attachment })
        }
        // Tesseract went away between the check and the run: wait for it.
        Ok(None) => {
            state
                .store
                .retry_job(job.id, "OCR is off", now + SignedDuration::from_hours(1))
                .await?;
            Ok(Turn::Off)
        }
        Err(e) => again(state, &job, attachment, &e.to_string()).await,
    }
}

async fn again(
    state: &AppState,
    job: &Job,
    attachment: AttachmentId,
    error: &str,
) -> Result<Turn, crate::WebError> {
    if job.attempts >= ATTEMPTS {
        return give_up(state, job, attachment, error).await;
    }
    tracing::warn!(job = job.id, error, "OCR failed, will retry");
    // 2, 4, 8… minutes: a busy machine gets room, a broken file is not retried for ever.
    let wait = SignedDuration::from_mins(2i64.pow(job.attempts.clamp(1, 10) as u32));
    state
        .store
        .retry_job(job.id, error, state.now() + wait)
        .await?;
    Ok(Turn::Failed {
        attachment,
        given_up: false,
    })
}

async fn give_up(
    state: &AppState,
    job: &Job,
    attachment: AttachmentId,
    error: &str,
) -> Result<Turn, crate::WebError> {
    tracing::warn!(job = job.id, error, "OCR given up");
    state.store.fail_job(job.id, error, state.now()).await?;
    Ok(Turn::Failed {
        attachment,
        given_up: true,
    })
}

/// Runs the worker until the task is dropped: a job after another while
/// there are some, then a look every `pause`.
pub async fn work(state: AppState, pause: Duration) {
    loop {
        match turn(&state).await {
            Ok(Turn::Read { .. } | Turn::Failed { .. }) => continue,
            Ok(Turn::Idle | Turn::Off) => {}
            Err(e) => tracing::error!(error = %e, "OCR worker"),
        }
        tokio::time::sleep(pause).await;
    }
}
