//! The one-stop forms (Circular 03/2025/TT-VPCP numbering) generated from a
//! dossier and its events: 01 receipt and appointment, 02 supplement request,
//! 03 refusal, 04 apology and extension, 05 stop notice, 06 processing-control
//! slip, 07 register.

mod builders;
mod certification_register;
mod certified;
mod chart;
pub mod declaration;
mod monthly;
mod render;
mod transport;

use motcua_domain::i18n::Message;
use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use motcua_domain::dossier::lifecycle::Action;
use motcua_domain::AgencyCode;
use motcua_store::{AccountId, CenterId, Event};
use serde::Deserialize;

pub use builders::{place_date, register, register_table, Dossier, STEPS};
pub use certification_register::{book as certification_book, certification_register};
pub use certified::{certified_copy, CertifiedCopy};
pub use chart::{Bars, Series as ChartSeries, Shade};
pub use monthly::monthly_report;
pub use render::{render, wrap, Block, Form, Paper};
pub use transport::{handover_record, manifest_record, postal_slip, postal_slip_pdf};

use crate::auth::Principal;
use crate::{AppState, WebError};

/// How the forms name people and agencies: staff by their full names (an
/// account's login only when it has no staff record), agencies by their names.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// Account id → full name (see [`motcua_store::Store::account_names`]).
    pub accounts: HashMap<AccountId, String>,
    pub agencies: HashMap<AgencyCode, String>,
}

impl Names {
    /// The names of everyone and every agency in these events.
    pub async fn of(state: &AppState, events: &[Event]) -> Result<Names, WebError> {
        Ok(Names {
            accounts: account_names(state, events).await?,
            agencies: state
                .store
                .agencies()
                .await?
                .into_iter()
                .map(|a| (a.code, a.name))
                .collect(),
        })
    }

    /// Who took a step: the officer's full name, "Bưu chính" for the
    /// carrier's news of a parcel, or "Công dân" for the citizen's own steps
    /// (an online submission).
    fn actor(&self, e: &Event) -> String {
        if matches!(e.action, Action::PostalUpdate { .. }) {
            return "Bưu chính".to_string();
        }
        e.actor.as_ref().map_or_else(
            || "Công dân".to_string(),
            |a| {
                self.accounts
                    .get(&a.account_id)
                    .cloned()
                    .unwrap_or_else(|| a.username.clone())
            },
        )
    }

    fn agency(&self, code: &AgencyCode) -> String {
        self.agencies
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }
}

/// The full names of the officers in these events (who acted, and to whom a
/// dossier was handed), by account id.
pub async fn account_names(
    state: &AppState,
    events: &[Event],
) -> Result<HashMap<AccountId, String>, WebError> {
    let mut ids: Vec<AccountId> = events
        .iter()
        .flat_map(|e| {
            let to = match &e.action {
                Action::HandOver { to_account, .. } => *to_account,
                _ => None,
            };
            e.actor.as_ref().map(|a| a.account_id).into_iter().chain(to)
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(state.store.account_names(&ids).await?)
}

async fn pdf(form: Form) -> Result<Response, WebError> {
    let name = format!(
        "{}.pdf",
        motcua_domain::text::fold(&form.title).replace([' ', '/'], "-")
    );
    let bytes = tokio::task::spawn_blocking(move || render(&form))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The address citizens reach the system at: the configured public URL
/// (`motcua serve` always sets one). Never the request's Host header, which
/// anyone can write: a receipt must not send a citizen elsewhere.
pub(crate) fn public_base(state: &AppState) -> String {
    state.config.public_url.as_deref().map_or_else(
        || "http://localhost".to_string(),
        |url| url.trim_end_matches('/').to_string(),
    )
}

/// A generated form, as the OpenAPI document describes it.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct Pdf(pub Vec<u8>);

/// Form 01–06 of a dossier as PDF: 01 receipt, 02 supplement request, 03
/// refusal, 04 apology and extension, 05 stop notice, 06 processing-control slip.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/forms/{form}", tag = "forms",
    params(("code" = String, Path), ("form" = String, Path, description = "01 to 06")),
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The form", content_type = "application/pdf", body = Pdf),
        (status = 404, description = "No such dossier, or the dossier has no such event yet", body = crate::error::ErrorBody),
        (status = 422, description = "No such form", body = crate::error::ErrorBody)))]
pub async fn dossier_form(
    State(state): State<AppState>,
    p: Principal,
    Path((code, form)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let d = crate::cases::readable(&state, &p, &code).await?;
    let (applicant, full) =
        crate::privacy::applicant_for(&state, &p, &d, &format!("api:form-{form}")).await?;
    let center = state
        .store
        .center(d.center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let version = state
        .store
        .procedure_versions(&d.procedure_code)
        .await?
        .into_iter()
        .find(|v| v.id == d.procedure_version_id)
        .ok_or(WebError::NotFound)?;
    let events = state.store.events(d.id).await?;
    let pin = if full {
        Some(crate::privacy::lookup_pin(
            state.lookup_key().await?,
            &d.code,
        ))
    } else {
        None
    };
    let mut lookup_url = format!(
        "{}/tra-cuu?ma={}",
        public_base(&state),
        crate::auth::urlencode(&d.code.to_string())
    );
    if let Some(pin) = &pin {
        lookup_url += &format!("&pin={pin}");
    }
    let ctx = Dossier {
        center: &center,
        d: &d,
        applicant,
        procedure: &version.procedure,
        events: &events,
        lookup_url,
        lookup_pin: pin,
        names: Names::of(&state, &events).await?,
    };
    let form = match form.as_str() {
        "01" => ctx.receipt()?,
        "02" => ctx.supplement_request()?,
        "03" => ctx.refusal()?,
        "04" => ctx.apology()?,
        "05" => ctx.stop_notice()?,
        "06" => ctx.control_slip(&state.calendar(&center.office_hours)),
        other => {
            return Err(WebError::invalid(
                "form",
                Message::new("error-no-form").with("form", other),
            ))
        }
    };
    pdf(form).await
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Period {
    pub from: jiff::civil::Date,
    pub to: jiff::civil::Date,
}

impl Period {
    /// The instants the period runs between, `[start, end)` in Vietnam's
    /// time; a period that ends before it starts, or a date at the ends of
    /// the calendar (no next day, no timestamp), is refused.
    pub fn bounds(&self) -> Result<(jiff::Timestamp, jiff::Timestamp), WebError> {
        if self.to < self.from {
            return Err(WebError::invalid(
                "to",
                Message::new("error-period-ends-before-it-starts"),
            ));
        }
        for (field, date) in [("from", self.from), ("to", self.to)] {
            if !(1900..=2999).contains(&date.year()) {
                return Err(WebError::invalid(
                    field,
                    Message::new("error-date-out-of-range"),
                ));
            }
        }
        let start = motcua_calendar::to_timestamp(self.from.to_datetime(jiff::civil::Time::MIN));
        let end = motcua_calendar::to_timestamp(
            self.to
                .tomorrow()
                .expect("in range")
                .to_datetime(jiff::civil::Time::MIN),
        );
        Ok((start, end))
    }
}

/// The register's dossiers of a center received in the period, each with
/// its applicant as this user may see them: phones in full only on the
/// dossiers the user handles (and then recorded as a read of personal
/// data), masked otherwise. Another center's register is not there.
async fn register_rows(
    state: &AppState,
    p: &Principal,
    id: CenterId,
    period: &Period,
) -> Result<
    (
        motcua_store::Center,
        Vec<(motcua_store::DossierRecord, crate::privacy::ShownApplicant)>,
    ),
    WebError,
> {
    if !p.sees_everything() && !p.postings.iter().any(|x| x.center_id == id) {
        return Err(WebError::NotFound);
    }
    let center = state.store.center(id).await?.ok_or(WebError::NotFound)?;
    let (start, end) = period.bounds()?;
    let dossiers = state.store.dossiers_received(id, start, end, 2000).await?;
    let mut reads = Vec::new();
    let mut rows = Vec::with_capacity(dossiers.len());
    for d in dossiers {
        let shown = if p.handles(&d) {
            if d.applicant.phone.is_some() {
                reads.push(motcua_store::PersonalDataRead {
                    at: state.now(),
                    account_id: p.account.id,
                    dossier_id: Some(d.id),
                    subject: d.code.to_string(),
                    purpose: "api:form-07".into(),
                });
            }
            crate::privacy::ShownApplicant::full(&d.applicant)
        } else {
            crate::privacy::masked(&d.applicant)
        };
        rows.push((d, shown));
    }
    crate::cases::access::record_reads(state, &reads).await?;
    Ok((center, rows))
}

/// Form 07, the register of a center's dossiers received from `from` to `to`
/// (both included), as PDF.
#[utoipa::path(get, path = "/api/v1/centers/{id}/register", tag = "forms",
    params(("id" = i64, Path), Period),
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The register", content_type = "application/pdf", body = Pdf),
        (status = 404, description = "No such center, or not one of the user's", body = crate::error::ErrorBody),
        (status = 422, description = "The period ends before it starts", body = crate::error::ErrorBody)))]
pub async fn center_register(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<CenterId>,
    Query(period): Query<Period>,
) -> Result<Response, WebError> {
    let (center, rows) = register_rows(&state, &p, id, &period).await?;
    pdf(register(&center, period.from, period.to, &rows)).await
}

/// A workbook, as the OpenAPI document describes it.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct Xlsx(pub Vec<u8>);

pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Form 07, the register of a center's dossiers received from `from` to `to`
/// (both included), as an Excel workbook: the same columns and the same
/// privacy as the PDF, days as dates.
#[utoipa::path(get, path = "/api/v1/centers/{id}/register.xlsx", tag = "forms",
    params(("id" = i64, Path), Period),
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The register", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Xlsx),
        (status = 404, description = "No such center, or not one of the user's", body = crate::error::ErrorBody),
        (status = 422, description = "The period ends before it starts", body = crate::error::ErrorBody)))]
pub async fn center_register_xlsx(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<CenterId>,
    Query(period): Query<Period>,
) -> Result<Response, WebError> {
    let (center, rows) = register_rows(&state, &p, id, &period).await?;
    let table = register_table(&center, period.from, period.to, state.now(), &rows);
    let bytes = tokio::task::spawn_blocking(move || crate::export::to_xlsx(&[table]))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))??;
    let name = format!(
        "so-theo-doi-{}-{}-{}.xlsx",
        file_part(&center.name),
        period.from,
        period.to
    );
    Ok((
        [
            (header::CONTENT_TYPE, XLSX.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// A name as part of a file name: Vietnamese folded to ASCII, lower case,
/// words joined by hyphens, nothing a header or a file system would mind.
pub(crate) fn file_part(name: &str) -> String {
    motcua_domain::text::fold(name)
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests;
