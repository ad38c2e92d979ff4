//! Online submission on the portal (national channel 2), phone-first: the
//! procedure's declaration, the applicant, a file per component, where the
//! result goes. The whole submission is one multipart request: every file is
//! judged and the dossier written with its scans in one transaction, so a
//! half-finished submission is never a dossier. The same page fills and
//! prints the declaration alone, for a procedure not submitted online.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use motcua_domain::catalog::{Channel, Procedure};
use motcua_domain::i18n::Message;
use motcua_domain::Locale;
use serde::Deserialize;

use super::PageError;
use crate::auth::ClientIp;
use crate::cases::declaration::from_page;
use crate::cases::scans::Upload;
use crate::cases::submit::{SubmissionIn, SubmittedFile, MAX_FILES};
use crate::cases::{ApplicantIn, ResultChannel};
use crate::eform_view::FormView;
use crate::locale::Lang;
use crate::{AppState, WebError};

/// The guard's name for this form (its token and its rate limit).
const FORM: &str = "submission";

#[derive(Template)]
#[template(path = "submit.html")]
struct SubmitPage {
    l: Locale,
    path: &'static str,
    p: Procedure,
    online: bool,
    centers: Vec<(i64, String)>,
    /// Everything as typed (name → value).
    v: Vec<(String, String)>,
    form: Option<FormView>,
    token: String,
    idempotency: String,
    error: Option<String>,
}

impl SubmitPage {
    fn v(&self, name: &str) -> &str {
        self.v
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }
    fn kind(&self, c: &motcua_domain::catalog::Component) -> &'static str {
        c.kind.label(self.l)
    }
}

#[derive(Deserialize)]
pub struct SubmitQuery {
    /// The center chosen beforehand (from its page).
    #[serde(default, rename = "trung-tam")]
    center: Option<i64>,
}

async fn procedure(state: &AppState, code: &str) -> Result<Procedure, WebError> {
    let code: motcua_domain::ProcedureCode = code.parse().map_err(|_| WebError::NotFound)?;
    Ok(state
        .store
        .procedure(&code)
        .await?
        .ok_or(WebError::NotFound)?
        .procedure)
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    l: Locale,
    p: Procedure,
    v: Vec<(String, String)>,
    problems: Vec<motcua_domain::catalog::eform::FormProblem>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let mut centers: Vec<(i64, String)> = state
        .store
        .centers()
        .await?
        .into_iter()
        .map(|c| (c.id.0, c.name))
        .collect();
    centers.sort_by_key(|c| motcua_domain::text::fold(&c.1));
    let form = p.form.as_ref().map(|f| {
        let typed = from_page(f, &v);
        FormView::new(f, &typed, &problems, l)
    });
    let page = SubmitPage {
        online: p.channels.contains(&Channel::Online),
        l,
        path: "/thu-tuc",
        p,
        centers,
        v,
        form,
        token: crate::guard::issue(state, FORM).await?,
        idempotency: crate::staff::counter::hex_token(),
        error,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// `GET /thu-tuc/{code}/nop`: the submission form (or, for a procedure not
/// offered online, the declaration to fill and print).
pub async fn form(
    State(state): State<AppState>,
    Lang(l): Lang,
    Path(code): Path<String>,
    Query(q): Query<SubmitQuery>,
) -> Result<Response, PageError> {
    let p = procedure(&state, &code).await?;
    let v = q
        .center
        .map(|c| vec![("center_id".to_string(), c.to_string())])
        .unwrap_or_default();
    Ok(page(&state, l, p, v, Vec::new(), None, StatusCode::OK).await?)
}

/// Text parts a form may send, and the longest one.
const MAX_TEXTS: usize = 400;
const MAX_TEXT: usize = 5000;

/// The parts of the multipart form: texts (bounded), and files named
/// `file.N` for the procedure's component N.
async fn read(
    mut multipart: Multipart,
    components: usize,
) -> Result<(Vec<(String, String)>, Vec<SubmittedFile>), WebError> {
    let bad = |field: &str| crate::input::invalid(field, Message::new("scan-bad-form"));
    let (mut texts, mut files) = (Vec::new(), Vec::new());
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(WebError::TooLarge)
            }
            Err(_) => return Err(bad("files")),
        };
        let name = field.name().unwrap_or_default().to_string();
        if let Some(n) = name.strip_prefix("file.") {
            let component: usize = n.parse().map_err(|_| bad("files"))?;
            if component >= components {
                return Err(bad("files"));
            }
            let file_name = field.file_name().unwrap_or_default().to_string();
            let bytes = field.bytes().await.map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    WebError::TooLarge
                } else {
                    bad("files")
                }
            })?;
            // An input left empty still sends a part, with no name.
            if file_name.is_empty() && bytes.is_empty() {
                continue;
            }
            files.push(SubmittedFile {
                component,
                upload: Upload {
                    name: file_name,
                    bytes: bytes.to_vec(),
                },
            });
            crate::input::at_most("files", &files, MAX_FILES)?;
        } else {
            let text = field.text().await.map_err(|_| bad(&name))?;
            if text.len() > MAX_TEXT || texts.len() >= MAX_TEXTS || name.len() > 100 {
                return Err(bad(&name));
            }
            texts.push((name, text));
        }
    }
    Ok((texts, files))
}

fn get<'a>(v: &'a [(String, String)], name: &str) -> &'a str {
    v.iter()
        .find(|(n, _)| n == name)
        .map_or("", |(_, x)| x.trim())
}

/// What a person reads of a refusal: the wait in words (429), a named field
/// (422), or the page of errors for anything else.
fn refusal(l: Locale, e: WebError) -> Result<(StatusCode, String), WebError> {
    match e {
        WebError::TooManyRequests(secs) => Ok((
            StatusCode::TOO_MANY_REQUESTS,
            Message::new("guard-too-many")
                .with("secs", secs)
                .localize(l),
        )),
        e @ (WebError::Invalid { .. } | WebError::Conflict(_)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, e.localize(l)))
        }
        e @ WebError::TooLarge => Ok((StatusCode::PAYLOAD_TOO_LARGE, e.localize(l))),
        e => Err(e),
    }
}

/// `POST /thu-tuc/{code}/nop`: submits. On success the lookup page with the
/// code and PIN (what the citizen keeps); on a refusal the form again, as
/// typed (the files must be chosen again: a browser never refills them).
pub async fn submit(
    State(state): State<AppState>,
    Lang(l): Lang,
    ClientIp(client): ClientIp,
    Path(code): Path<String>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let p = procedure(&state, &code).await?;
    let (texts, files) = match read(multipart, p.components.len()).await {
        Ok(parts) => parts,
        Err(e) => {
            let (status, words) = refusal(l, e)?;
            return Ok(page(&state, l, p, Vec::new(), Vec::new(), Some(words), status).await?);
        }
    };
    let back = |words: String, status, problems| {
        page(
            &state,
            l,
            p.clone(),
            texts.clone(),
            problems,
            Some(words),
            status,
        )
    };
    let had_files = !files.is_empty();
    let refused = |words: String| {
        if had_files {
            format!("{words} {}", l.t("submit-choose-files-again"))
        } else {
            words
        }
    };
    if let Err(e) = crate::guard::check(
        &state,
        &client,
        FORM,
        get(&texts, crate::guard::TOKEN),
        get(&texts, crate::guard::HONEYPOT),
    )
    .await
    {
        let (status, words) = refusal(l, e)?;
        return Ok(back(refused(words), status, Vec::new()).await?);
    }
    // The declaration's problems are shown at their fields.
    let declaration = p.form.as_ref().map(|f| from_page(f, &texts));
    if let (Some(f), Some(typed)) = (&p.form, &declaration) {
        if let Err(problems) = f.fill(typed) {
            let words = refused(l.t("declaration-has-problems").to_string());
            return Ok(back(words, StatusCode::UNPROCESSABLE_ENTITY, problems).await?);
        }
    }
    let given = |k: &str| Some(get(&texts, k).to_string()).filter(|v| !v.is_empty());
    let center_id = match get(&texts, "center_id").parse::<i64>() {
        Ok(id) => motcua_store::CenterId(id),
        Err(_) => {
            let words =
                crate::input::invalid("center_id", Message::new("error-required")).localize(l);
            return Ok(back(refused(words), StatusCode::UNPROCESSABLE_ENTITY, Vec::new()).await?);
        }
    };
    let body = SubmissionIn {
        center_id,
        procedure_code: code.clone(),
        applicant: ApplicantIn {
            name: get(&texts, "name").to_string(),
            id_number: given("id_number"),
            phone: given("phone"),
            email: given("email"),
            address: get(&texts, "address").to_string(),
        },
        components: Vec::new(),
        result_channel: match get(&texts, "result_channel") {
            "post" => ResultChannel::Post,
            "online" => ResultChannel::Online,
            _ => ResultChannel::Counter,
        },
        declaration,
    };
    let now = state.now();
    let submitted = async {
        state
            .throttles
            .submit_client
            .check(&client, now)
            .map_err(WebError::too_many)?;
        let key = given("idempotency").map(|k| k.chars().take(64).collect::<String>());
        let d = crate::cases::submit::submit(&state, body, files, key, now).await?;
        state.throttles.submit_client.record(&client, now);
        Ok::<_, WebError>(d)
    }
    .await;
    match submitted {
        Ok(d) => {
            let pin = crate::privacy::lookup_pin(state.lookup_key().await?, &d.code);
            Ok(Redirect::to(&format!(
                "/tra-cuu?ma={}&pin={pin}&moi=1",
                crate::auth::urlencode(&d.code.to_string())
            ))
            .into_response())
        }
        Err(e) => {
            let (status, words) = refusal(l, e)?;
            Ok(back(refused(words), status, Vec::new()).await?)
        }
    }
}

/// `POST /thu-tuc/{code}/to-khai`: the declaration as filled on the page,
/// printed (nothing is kept); problems bring the page back with each at its
/// field.
pub async fn print(
    State(state): State<AppState>,
    Lang(l): Lang,
    ClientIp(client): ClientIp,
    Path(code): Path<String>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let p = procedure(&state, &code).await?;
    let Some(f) = p.form.clone() else {
        return Err(WebError::NotFound.into());
    };
    let (texts, _) = match read(multipart, p.components.len()).await {
        Ok(parts) => parts,
        Err(e) => {
            let (status, words) = refusal(l, e)?;
            return Ok(page(&state, l, p, Vec::new(), Vec::new(), Some(words), status).await?);
        }
    };
    let typed = from_page(&f, &texts);
    if let Err(problems) = f.fill(&typed) {
        let words = l.t("declaration-has-problems").to_string();
        return Ok(page(
            &state,
            l,
            p,
            texts,
            problems,
            Some(words),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await?);
    }
    let now = state.now();
    let t = &state.throttles.print_client;
    if let Err(wait) = t.check(&client, now) {
        let (status, words) = refusal(l, WebError::too_many(wait))?;
        return Ok(page(&state, l, p, texts, Vec::new(), Some(words), status).await?);
    }
    let center = get(&texts, "center_id")
        .parse::<i64>()
        .ok()
        .map(motcua_store::CenterId);
    let pdf = crate::api::declarations::filled_pdf(&state, &code, &typed, center).await?;
    t.record(&client, now);
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/pdf".to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("inline; filename=\"to-khai-{code}.pdf\""),
            ),
        ],
        pdf,
    )
        .into_response())
}
