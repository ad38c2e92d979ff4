//! Declaration forms: a dossier's filled declaration (JSON and PDF, for those
//! who handle it), and any procedure's form filled and printed without a
//! dossier (a citizen at home, a postal employee guiding someone).

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use motcua_domain::catalog::eform::FormDef;
use motcua_domain::i18n::Message;
use motcua_store::CenterId;
use serde::{Deserialize, Serialize};

use super::json::ApiJson;
use crate::auth::Principal;
use crate::cases::declaration;
use crate::forms::Pdf;
use crate::{AppState, WebError};

/// A dossier's declaration with the form it was filled on.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DeclarationOut {
    #[schema(value_type = Object)]
    pub form: FormDef,
    #[schema(value_type = Object)]
    pub values: BTreeMap<String, serde_json::Value>,
}

/// The declaration of a dossier and its form, for whoever handles it.
async fn of_dossier(
    state: &AppState,
    p: &Principal,
    code: &str,
    purpose: &str,
) -> Result<
    (
        motcua_store::DossierRecord,
        FormDef,
        motcua_domain::catalog::Declaration,
    ),
    WebError,
> {
    let d = crate::cases::readable(state, p, code).await?;
    if !p.handles(&d) {
        return Err(WebError::Forbidden(Message::new(
            "denied-declaration-handlers-only",
        )));
    }
    let decl = d.details.declaration.clone().ok_or(WebError::NotFound)?;
    let form = state
        .store
        .procedure_versions(&d.procedure_code)
        .await?
        .into_iter()
        .find(|v| v.id == d.procedure_version_id)
        .and_then(|v| v.procedure.form)
        .ok_or(WebError::NotFound)?;
    crate::privacy::record(state, p, Some(d.id), &d.code.to_string(), purpose).await?;
    Ok((d, form, decl))
}

/// The dossier's declaration as filled (personal data: only for those who
/// handle the dossier; the reading is recorded). 404 when it has none (a
/// paper form was handed in).
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/declaration", tag = "forms",
    params(("code" = String, Path)), security(("token" = []), ("session" = [])),
    responses((status = 200, body = DeclarationOut), (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
) -> Result<Json<DeclarationOut>, WebError> {
    let (_, form, decl) = of_dossier(&state, &p, &code, "api:declaration").await?;
    Ok(Json(DeclarationOut {
        form,
        values: decl.values,
    }))
}

fn pdf_response(name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}.pdf\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The dossier's declaration printed in the form's legal layout (A4 PDF).
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/declaration.pdf", tag = "forms",
    params(("code" = String, Path)), security(("token" = []), ("session" = [])),
    responses((status = 200, content_type = "application/pdf", body = Pdf),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn pdf(
    State(state): State<AppState>,
    p: Principal,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let (d, form, decl) = of_dossier(&state, &p, &code, "api:declaration-pdf").await?;
    let center = state
        .store
        .center(d.center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let received = motcua_calendar::from_timestamp(d.received_at);
    let bytes = declaration::print(
        form,
        decl.values,
        center.agency_name.clone(),
        crate::forms::place_date(&center, received),
        d.applicant.name.clone(),
        Some(d.code.to_string()),
        d.received_at,
    )
    .await?;
    Ok(pdf_response(&format!("to-khai-{}", d.code), bytes))
}

/// A procedure's declaration filled without a dossier, to print.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PrintIn {
    /// The form's values, keyed as the procedure's `form` defines them.
    #[schema(value_type = Object)]
    pub values: serde_json::Value,
    /// The center it will be handed in at: its agency is the addressee.
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    pub center_id: Option<CenterId>,
}

/// Checks a filled declaration and prints it (A4 PDF): for a citizen to
/// print at home, or a postal employee guiding someone. Nothing is kept.
/// Limited per client address like other public requests.
#[utoipa::path(post, path = "/api/v1/procedures/{code}/declaration.pdf", tag = "forms",
    params(("code" = String, Path)), request_body = PrintIn,
    responses((status = 200, content_type = "application/pdf", body = Pdf),
        (status = 404, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody),
        (status = 429, body = crate::error::ErrorBody, headers(("Retry-After" = i64, description = "seconds to wait")))))]
pub async fn print(
    State(state): State<AppState>,
    crate::auth::ClientIp(client): crate::auth::ClientIp,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<PrintIn>,
) -> Result<Response, WebError> {
    crate::cases::lookup::public_request(&state, &client)?;
    let now = state.now();
    let t = &state.throttles.print_client;
    t.check(&client, now).map_err(WebError::too_many)?;
    let pdf = filled_pdf(&state, &code, &body.values, body.center_id).await?;
    t.record(&client, now);
    Ok(pdf_response(&format!("to-khai-{code}"), pdf))
}

/// The filled form of procedure `code` printed, for the API and the pages.
pub(crate) async fn filled_pdf(
    state: &AppState,
    code: &str,
    values: &serde_json::Value,
    center_id: Option<CenterId>,
) -> Result<Vec<u8>, WebError> {
    let code: motcua_domain::ProcedureCode = code.parse().map_err(|_| WebError::NotFound)?;
    let version = state
        .store
        .procedure(&code)
        .await?
        .ok_or(WebError::NotFound)?;
    let form = version.procedure.form.clone().ok_or(WebError::NotFound)?;
    let values = form
        .fill(values)
        .map_err(|problems| declaration::problems_error(&form, &problems))?;
    let center = match center_id {
        Some(id) => state.store.center(id).await?,
        None => None,
    };
    let now = state.now();
    let today = motcua_calendar::from_timestamp(now);
    let (addressee, place_date) = match &center {
        Some(c) => (c.agency_name.clone(), crate::forms::place_date(c, today)),
        None => (
            version.procedure.agency.clone(),
            format!(
                "…………, ngày {:02} tháng {:02} năm {}",
                today.day(),
                today.month(),
                today.year()
            ),
        ),
    };
    let declarant = declaration::declarant_of(&form, &values);
    declaration::print(form, values, addressee, place_date, declarant, None, now).await
}
