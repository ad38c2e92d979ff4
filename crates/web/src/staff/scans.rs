//! The digitization screen of one dossier (`/ho-so/{code}/so-hoa`): each
//! component and where it stands, the scans with their thumbnails, a file
//! input per component (a scanner's PDF or a phone camera's photo), the
//! exemptions, and the applicant's earlier scans to reuse.

use askama::Template;
use axum::extract::{Form, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use motcua_domain::dossier::scans::{Exemption, ScanStatus};
use motcua_domain::Locale;
use motcua_store::AttachmentId;
use serde::Deserialize;

use super::{html, when, Bar};
use crate::auth::{self, PageUser};
use crate::cases::scans::{self, ScansView};
use crate::locale::Lang;
use crate::{AppState, WebError};

pub struct ComponentRow {
    pub name: String,
    /// required, exempt or done: the row's class.
    pub class: &'static str,
    pub status: String,
    pub reused: bool,
}

pub struct ScanRow {
    pub id: i64,
    pub component: String,
    pub file_name: String,
    pub kind: String,
    pub pages: u32,
    pub size: String,
    pub at: String,
    /// Who digitized it (Circular 01/2023 Art. 8), by name.
    pub by: String,
    pub thumb: bool,
    pub reused: bool,
    /// The first words OCR read, when it has.
    pub ocr: Option<String>,
}

pub struct ReuseRow {
    pub id: i64,
    pub dossier: String,
    pub component: String,
    pub file_name: String,
    pub pages: u32,
    pub at: String,
}

#[derive(Template)]
#[template(path = "scans.html")]
struct ScansPage {
    l: Locale,
    path: &'static str,
    bar: Bar,
    code: String,
    procedure: String,
    applicant: String,
    last_seq: i64,
    digitized: bool,
    done: usize,
    exempt: usize,
    total: usize,
    components: Vec<ComponentRow>,
    scans: Vec<ScanRow>,
    reusable: Vec<ReuseRow>,
    exemptions: Vec<(&'static str, &'static str)>,
    /// The user may change the scans (reception or postal staff of the dossier).
    can_edit: bool,
    /// Scans are kept on this system.
    enabled: bool,
    ocr_on: bool,
    error: Option<String>,
    /// The component the last form named, chosen again after an error.
    chosen: String,
    /// A change was just saved.
    saved: bool,
}

fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

async fn page(
    state: &AppState,
    l: Locale,
    user: &PageUser,
    code: &str,
    error: Option<String>,
    chosen: String,
    saved: bool,
) -> Result<Response, WebError> {
    let p = &user.principal;
    let view: ScansView = scans::view(state, p, code).await?;
    let (done, exempt, total) = view.digitization.counts();
    let ids: Vec<motcua_store::AccountId> = view
        .attachments
        .iter()
        .filter_map(|a| a.account_id)
        .collect();
    let names = state.store.account_names(&ids).await?;
    let d = &view.dossier;
    let can_edit = p.roles_for(d).iter().any(|r| r.works_at_counter());
    let status_of = |s: &ScanStatus| match s {
        ScanStatus::Required => ("required", l.t("scan-status-required").to_string()),
        ScanStatus::Exempt(e) => (
            "exempt",
            format!("{}: {}", l.t("scan-status-exempt"), e.label(l)),
        ),
        ScanStatus::Done { files, .. } => (
            "done",
            l.t_args("scan-status-done", &[("n", (files.len() as i64).into())]),
        ),
    };
    let components = view
        .digitization
        .components
        .iter()
        .chain(&view.digitization.others)
        .map(|c| {
            let (class, status) = status_of(&c.status);
            ComponentRow {
                name: c.component.clone(),
                class,
                status,
                reused: matches!(c.status, ScanStatus::Done { reused: true, .. }),
            }
        })
        .collect();
    // After a save, the next component still to scan is the one chosen.
    let chosen = if chosen.is_empty() {
        view.digitization
            .components
            .iter()
            .find(|c| matches!(c.status, ScanStatus::Required))
            .map(|c| c.component.clone())
            .unwrap_or_default()
    } else {
        chosen
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(html(
        status,
        ScansPage {
            l,
            path: "/hop-thu",
            bar: Bar::of(state, user).await?,
            code: d.code.to_string(),
            procedure: d.details.procedure_name_or(&d.procedure_code),
            applicant: d.applicant.name.clone(),
            last_seq: d.last_seq,
            digitized: d.state.digitized,
            done,
            exempt,
            total,
            components,
            scans: view
                .attachments
                .iter()
                .map(|a| ScanRow {
                    id: a.id.0,
                    component: a.component.clone(),
                    file_name: a.file_name.clone(),
                    kind: a.kind.to_uppercase(),
                    pages: a.pages,
                    size: size(a.size),
                    at: when(a.at),
                    by: a
                        .account_id
                        .and_then(|id| names.get(&id).cloned())
                        .unwrap_or_default(),
                    thumb: a.thumb.is_some(),
                    reused: a.reused_from.is_some(),
                    ocr: a.ocr_text.as_ref().map(|t| t.chars().take(160).collect()),
                })
                .collect(),
            reusable: view
                .reusable
                .iter()
                .map(|r| ReuseRow {
                    id: r.attachment.id.0,
                    dossier: r.dossier_code.to_string(),
                    component: r.attachment.component.clone(),
                    file_name: r.attachment.file_name.clone(),
                    pages: r.attachment.pages,
                    at: when(r.attachment.at),
                })
                .collect(),
            exemptions: Exemption::ALL
                .iter()
                .map(|e| (e.code(), e.label(l)))
                .collect(),
            can_edit,
            enabled: view.enabled,
            ocr_on: crate::cases::ocr::availability() == motcua_blobs::OcrAvailability::Ready,
            error,
            chosen,
            saved,
        },
    ))
}

#[derive(Deserialize, Default)]
pub struct Shown {
    /// "1" right after a change was saved.
    #[serde(default)]
    da_luu: String,
}

/// `GET /ho-so/{code}/so-hoa`
pub async fn show(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Path(code): Path<String>,
    axum::extract::Query(q): axum::extract::Query<Shown>,
) -> Result<Response, WebError> {
    page(
        &state,
        l,
        &user,
        &code,
        None,
        String::new(),
        q.da_luu == "1",
    )
    .await
}

fn saved(code: &str) -> Response {
    Redirect::to(&format!("/ho-so/{}/so-hoa?da_luu=1", auth::urlencode(code))).into_response()
}

/// A change's outcome: back to the screen, or the screen again with the
/// error in words and the component still chosen.
async fn outcome(
    state: &AppState,
    l: Locale,
    user: &PageUser,
    code: &str,
    chosen: String,
    result: Result<(), WebError>,
) -> Result<Response, WebError> {
    match result {
        Ok(()) => Ok(saved(code)),
        Err(
            e @ (WebError::Invalid { .. }
            | WebError::Conflict(_)
            | WebError::TooLarge
            | WebError::Store(motcua_store::StoreError::Conflict(_))),
        ) => page(state, l, user, code, Some(e.localize(l)), chosen, false).await,
        Err(e) => Err(e),
    }
}

/// `POST /ho-so/{code}/so-hoa`: files for one component (multipart).
pub async fn upload(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Path(code): Path<String>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let form = crate::api::scans::read_upload(multipart).await;
    let form = match form {
        Ok(f) => f,
        Err(e) => return outcome(&state, l, &user, &code, String::new(), Err(e)).await,
    };
    user.check_csrf(form.csrf.as_deref().unwrap_or_default())?;
    let result = scans::attach(
        &state,
        &user.principal,
        &code,
        form.expected_seq,
        &form.component,
        form.files,
    )
    .await
    .map(|_| ());
    outcome(&state, l, &user, &code, form.component, result).await
}

#[derive(Deserialize)]
pub struct ExemptForm {
    #[serde(rename = "_csrf")]
    csrf: String,
    expected_seq: Option<i64>,
    #[serde(default)]
    component: String,
    #[serde(default)]
    reason: String,
}

/// `POST /ho-so/{code}/so-hoa/mien`: a component needs no scan.
pub async fn exempt(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Path(code): Path<String>,
    Form(f): Form<ExemptForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&f.csrf)?;
    let result = match Exemption::parse(&f.reason) {
        Some(reason) => scans::exempt(
            &state,
            &user.principal,
            &code,
            f.expected_seq,
            &f.component,
            reason,
        )
        .await
        .map(|_| ()),
        None => Err(crate::input::invalid(
            "reason",
            motcua_domain::i18n::Message::new("error-required"),
        )),
    };
    outcome(&state, l, &user, &code, f.component, result).await
}

#[derive(Deserialize)]
pub struct ReuseForm {
    #[serde(rename = "_csrf")]
    csrf: String,
    expected_seq: Option<i64>,
    #[serde(default)]
    component: String,
    attachment_id: AttachmentId,
}

/// `POST /ho-so/{code}/so-hoa/dung-lai`: an earlier scan of the applicant, attached.
pub async fn reuse(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Path(code): Path<String>,
    Form(f): Form<ReuseForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&f.csrf)?;
    let result = scans::reuse(
        &state,
        &user.principal,
        &code,
        f.expected_seq,
        &f.component,
        f.attachment_id,
    )
    .await
    .map(|_| ());
    outcome(&state, l, &user, &code, f.component, result).await
}

#[derive(Deserialize)]
pub struct RemoveForm {
    #[serde(rename = "_csrf")]
    csrf: String,
    expected_seq: Option<i64>,
    #[serde(default)]
    reason: String,
}

/// `POST /ho-so/{code}/so-hoa/{id}/go`: a scan taken off, with the reason.
pub async fn remove(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Path((code, id)): Path<(String, AttachmentId)>,
    Form(f): Form<RemoveForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&f.csrf)?;
    let result = scans::remove(
        &state,
        &user.principal,
        &code,
        f.expected_seq,
        id,
        &f.reason,
    )
    .await
    .map(|_| ());
    outcome(&state, l, &user, &code, String::new(), result).await
}
