//! `/xac-minh`: anyone checks an electronic certified copy. The QR code on
//! the copy opens `/xac-minh/{token}`, which shows what the register says
//! of it (number, date, center, document, certifier, the file's SHA-256);
//! a file uploaded there, or at `/xac-minh` without an address, is genuine
//! only if its SHA-256 is the one recorded: a single changed byte fails.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use motcua_domain::Locale;
use motcua_store::CertificationRecord;

use super::PageError;
use crate::cases::certify;
use crate::locale::Lang;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    l: Locale,
    path: &'static str,
    /// The address the page was opened at (a QR code's), if any.
    token: Option<String>,
    line: Option<Shown>,
    /// genuine, mismatch or unknown, after a file was checked.
    verdict: Option<&'static str>,
    /// The checked file's SHA-256.
    sha256: Option<String>,
    error: Option<String>,
}

/// What the page shows of a register line: nothing personal.
struct Shown {
    number_line: String,
    center: String,
    at: String,
    document: String,
    pages: u32,
    copies: u32,
    certifier: String,
    sha256: Option<String>,
}

async fn shown(state: &AppState, c: &CertificationRecord) -> Result<Shown, WebError> {
    let center = state
        .store
        .center(c.center_id)
        .await?
        .map(|x| x.name)
        .unwrap_or_default();
    Ok(Shown {
        number_line: certify::number_line(&c.register),
        center,
        at: crate::staff::when(c.at),
        document: c.document.clone(),
        pages: c.pages,
        copies: c.copies,
        certifier: if c.certifier_title.is_empty() {
            c.certifier_name.clone()
        } else {
            format!("{}, {}", c.certifier_name, c.certifier_title)
        },
        sha256: c.copy_blob.clone(),
    })
}

fn render(page: VerifyPage, status: StatusCode) -> Response {
    match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(e) => PageError(e.into()).into_response(),
    }
}

/// `GET /xac-minh`: the form to check a file.
pub async fn form(Lang(l): Lang) -> Response {
    render(
        VerifyPage {
            l,
            path: "/xac-minh",
            token: None,
            line: None,
            verdict: None,
            sha256: None,
            error: None,
        },
        StatusCode::OK,
    )
}

/// `GET /xac-minh/{token}`: what the register says of the copy the QR code
/// was printed on.
pub async fn show(
    State(state): State<AppState>,
    Lang(l): Lang,
    crate::auth::ClientIp(client): crate::auth::ClientIp,
    Path(token): Path<String>,
) -> Response {
    let found = async {
        crate::cases::lookup::public_request(&state, &client)?;
        let line = certify::by_token(&state, &token)
            .await?
            .ok_or(WebError::NotFound)?;
        shown(&state, &line).await
    }
    .await;
    match found {
        Ok(line) => render(
            VerifyPage {
                l,
                path: "/xac-minh",
                token: Some(token),
                line: Some(line),
                verdict: None,
                sha256: None,
                error: None,
            },
            StatusCode::OK,
        ),
        Err(e) => failed(l, None, e),
    }
}

/// `POST /xac-minh`: a file checked by its content alone.
pub async fn check(
    State(state): State<AppState>,
    Lang(l): Lang,
    crate::auth::ClientIp(client): crate::auth::ClientIp,
    multipart: Multipart,
) -> Response {
    checked(&state, l, &client, None, multipart).await
}

/// `POST /xac-minh/{token}`: a file checked against the copy of the address.
pub async fn check_against(
    State(state): State<AppState>,
    Lang(l): Lang,
    crate::auth::ClientIp(client): crate::auth::ClientIp,
    Path(token): Path<String>,
    multipart: Multipart,
) -> Response {
    checked(&state, l, &client, Some(token), multipart).await
}

async fn checked(
    state: &AppState,
    l: Locale,
    client: &str,
    token: Option<String>,
    multipart: Multipart,
) -> Response {
    let outcome = async {
        certify::count_upload(state, client)?;
        let file = crate::api::scans::read_one_file(multipart).await?;
        let found = certify::verify(state, token.as_deref(), &file.bytes).await?;
        let line = match &found.line {
            Some(c) => Some(shown(state, c).await?),
            None => None,
        };
        let (verdict, sha) = (found.verdict, found.sha256);
        Ok::<_, WebError>((verdict, sha, line))
    }
    .await;
    match outcome {
        Ok((verdict, sha, line)) => render(
            VerifyPage {
                l,
                path: "/xac-minh",
                token,
                line,
                verdict: Some(verdict),
                sha256: Some(sha),
                error: None,
            },
            StatusCode::OK,
        ),
        Err(e) => failed(l, token, e),
    }
}

/// A refusal on the page itself, in the reader's language; an unknown
/// address is the "not found" page.
fn failed(l: Locale, token: Option<String>, e: WebError) -> Response {
    let status = match &e {
        WebError::NotFound => return PageError(e).into_response(),
        WebError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
        WebError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        WebError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        _ => return PageError(e).into_response(),
    };
    let mut res = render(
        VerifyPage {
            l,
            path: "/xac-minh",
            token,
            line: None,
            verdict: None,
            sha256: None,
            error: Some(e.localize(l)),
        },
        status,
    );
    if let WebError::TooManyRequests(secs) = e {
        res.headers_mut()
            .insert(axum::http::header::RETRY_AFTER, secs.into());
    }
    res
}
