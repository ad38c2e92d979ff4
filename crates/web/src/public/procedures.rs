//! The procedures: the list, searched, and each one's page.

use askama::Template;
use axum::extract::{Path, Query, State};
use motcua_domain::catalog::{Component, Procedure};
use motcua_domain::{Locale, ProcedureCode};
use motcua_store::{FieldSummary, ProcedureSummary};

use super::{render, PageResult};
use crate::api::catalog::ProcedureParams;
use crate::locale::limit_text;
use crate::locale::Lang;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "procedures.html")]
struct Procedures {
    l: Locale,
    path: &'static str,
    q: String,
    field: String,
    fields: Vec<FieldSummary>,
    procedures: Vec<ProcedureSummary>,
}

impl Procedures {
    fn field_name<'a>(&'a self, code: &'a motcua_domain::FieldCode) -> &'a str {
        self.fields
            .iter()
            .find(|f| &f.code == code)
            .map_or(code.as_str(), |f| f.name.as_str())
    }
}

pub async fn procedures(
    State(s): State<AppState>,
    Lang(l): Lang,
    Query(p): Query<ProcedureParams>,
) -> PageResult {
    let mut query = p.query()?;
    query.limit = query.limit.max(300);
    render(Procedures {
        l,
        path: "/thu-tuc",
        q: p.q.clone().unwrap_or_default(),
        field: p.field.clone().unwrap_or_default(),
        fields: s.store.fields().await?,
        procedures: s.store.procedures(&query).await?,
    })
}

#[derive(Template)]
#[template(path = "procedure.html")]
struct ProcedurePage {
    l: Locale,
    path: &'static str,
    p: Procedure,
    field_name: String,
    version: i64,
    versions: Vec<(i64, String)>,
    /// Dossiers of it may be submitted online.
    online: bool,
}

impl ProcedurePage {
    fn fee(&self) -> String {
        self.p.fee.describe(self.l)
    }
    fn limit(&self) -> String {
        limit_text(&self.l, &self.p.time_limit.to_string())
    }
    fn channels(&self) -> String {
        self.p
            .channels
            .iter()
            .map(|c| c.label(self.l))
            .collect::<Vec<_>>()
            .join(", ")
    }
    fn kind(&self, c: &Component) -> &'static str {
        c.kind.label(self.l)
    }
}

pub async fn procedure(
    State(s): State<AppState>,
    Lang(l): Lang,
    Path(code): Path<String>,
) -> PageResult {
    let code: ProcedureCode = code.parse().map_err(|_| WebError::NotFound)?;
    let current = s.store.procedure(&code).await?.ok_or(WebError::NotFound)?;
    let field_name = s
        .store
        .fields()
        .await?
        .into_iter()
        .find(|f| f.code == current.procedure.field)
        .map(|f| f.name)
        .unwrap_or_default();
    let versions = s
        .store
        .procedure_versions(&code)
        .await?
        .into_iter()
        .map(|v| {
            (
                v.version,
                motcua_calendar::from_timestamp(v.created_at)
                    .date()
                    .strftime("%d/%m/%Y")
                    .to_string(),
            )
        })
        .collect();
    render(ProcedurePage {
        online: current
            .procedure
            .channels
            .contains(&motcua_domain::catalog::Channel::Online),
        l,
        path: "/thu-tuc",
        p: current.procedure,
        field_name,
        version: current.version,
        versions,
    })
}
