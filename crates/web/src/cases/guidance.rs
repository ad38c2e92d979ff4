//! The guidance log: counter staff (reception and postal employees, at the
//! center they are posted to) record each person they guided and link the
//! dossier that followed; the center's leaders, supervisors, inspectors and
//! administrators read it; the monthly summary per center follows
//! `domain::guidance::Summary`.

use std::collections::{BTreeMap, BTreeSet};

use motcua_domain::guidance::{self, Entry, GuidedChannel, Month, Summary};
use motcua_domain::i18n::Message;
use motcua_domain::org::Role;
use motcua_domain::ProcedureCode;
use motcua_store::{CenterId, GuidanceId, GuidanceRecord, ProcedureSummary, StoreError};
use serde::{Deserialize, Serialize};

use crate::auth::Principal;
use crate::input;
use crate::{AppState, WebError};

/// Whether `p` records guidance at `center`: its counter staff.
pub fn records_at(p: &Principal, center: CenterId) -> bool {
    p.roles_at(center).iter().any(|r| r.works_at_counter())
}

/// Whether `p` reads the log of `center`: its counter staff and leaders,
/// and those who oversee.
pub fn reads(p: &Principal, center: CenterId) -> bool {
    p.sees_everything()
        || p.roles_at(center)
            .iter()
            .any(|r| r.works_at_counter() || *r == Role::Leader)
}

fn require_recorder(p: &Principal, center: CenterId) -> Result<(), WebError> {
    p.require_write()?;
    if records_at(p, center) {
        Ok(())
    } else {
        Err(WebError::Forbidden(Message::new(
            "denied-guidance-counter-staff",
        )))
    }
}

/// One person guided, as the API and the staff page send it.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GuidanceIn {
    /// The center where the person was guided (the recorder's own).
    pub center_id: CenterId,
    /// The national procedure code (`1.001445`).
    #[schema(max_length = 40)]
    pub procedure_code: String,
    /// online, post or in-person.
    #[schema(max_length = 20)]
    pub guided_to: String,
    /// The dossier that followed, if it is known already.
    #[serde(default)]
    #[schema(max_length = 40)]
    pub dossier_code: Option<String>,
    /// A short note (at most 300 characters); nothing about the person.
    #[serde(default)]
    #[schema(max_length = 300)]
    pub note: Option<String>,
}

/// A line of the log.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GuidanceOut {
    pub id: i64,
    pub center_id: i64,
    pub guided_by: String,
    pub guided_at: String,
    pub procedure_code: String,
    pub procedure: String,
    /// online, post or in-person.
    pub guided_to: String,
    pub dossier_code: Option<String>,
    pub linked_at: Option<String>,
    pub note: String,
}

impl GuidanceOut {
    pub fn of(g: &GuidanceRecord) -> GuidanceOut {
        GuidanceOut {
            id: g.id.0,
            center_id: g.entry.center_id.0,
            guided_by: g.guided_by_name.clone(),
            guided_at: g.entry.at.to_string(),
            procedure_code: g.entry.procedure_code.to_string(),
            procedure: g.procedure_name.clone(),
            guided_to: g.entry.channel.code().into(),
            dossier_code: g.entry.dossier.as_ref().map(|c| c.to_string()),
            linked_at: g.linked_at.map(|t| t.to_string()),
            note: g.entry.note.clone(),
        }
    }
}

/// The channel as sent: its code or either label.
pub fn channel(text: &str) -> Result<GuidedChannel, WebError> {
    GuidedChannel::parse(text.trim())
        .ok_or_else(|| input::invalid("guided_to", Message::new("guidance-choose-channel")))
}

/// A procedure of the catalog by its code; an unknown one names the field.
async fn known_procedure(state: &AppState, text: &str) -> Result<ProcedureCode, WebError> {
    let unknown = || {
        input::invalid(
            "procedure_code",
            Message::new("guidance-no-such-procedure").with("value", text.trim().to_string()),
        )
    };
    if text.trim().is_empty() {
        return Err(input::invalid(
            "procedure_code",
            Message::new("error-required"),
        ));
    }
    let code: ProcedureCode = input::line("procedure_code", text, input::max::CODE)?
        .parse()
        .map_err(|_| unknown())?;
    match state.store.procedure(&code).await? {
        Some(_) => Ok(code),
        None => Err(unknown()),
    }
}

/// What a typed procedure names: its code (`1.001445`, or `1.001445 — name`
/// as the page's list offers it), else the procedures whose name holds the
/// words (diacritics optional).
pub async fn find_procedures(
    state: &AppState,
    text: &str,
) -> Result<Vec<ProcedureSummary>, WebError> {
    let text = input::line("procedure_code", text, input::max::NAME)?;
    let head = text
        .split(['—', ' '])
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    let search = |text: String| async move {
        state
            .store
            .procedures(&motcua_store::ProcedureQuery {
                text: Some(text),
                limit: 20,
                ..Default::default()
            })
            .await
    };
    if head.parse::<ProcedureCode>().is_ok() {
        let exact: Vec<ProcedureSummary> = search(head.clone())
            .await?
            .into_iter()
            .filter(|p| p.code.as_str() == head)
            .collect();
        if !exact.is_empty() {
            return Ok(exact);
        }
    }
    if text.is_empty() {
        return Ok(Vec::new());
    }
    Ok(search(text).await?)
}

/// The dossier `text` names, as one that may follow guidance at `center`
/// given at `guided`: known, received at that center, not before that day.
async fn followed_dossier(
    state: &AppState,
    center: CenterId,
    guided: jiff::Timestamp,
    text: &str,
) -> Result<motcua_store::DossierCode, WebError> {
    let field = "dossier_code";
    let d = match crate::cases::dossier_code(text) {
        Some(code) => state.store.dossier(&code).await?,
        None => None,
    }
    .ok_or_else(|| input::invalid(field, Message::new("guidance-no-such-dossier")))?;
    if d.center_id != center {
        return Err(input::invalid(
            field,
            Message::new("guidance-dossier-other-center"),
        ));
    }
    guidance::may_follow(guided, d.received_at).map_err(|e| input::invalid(field, e.message()))?;
    Ok(d.code)
}

/// A store refusal of a link, in the words of the field.
fn link_refused(e: StoreError) -> WebError {
    match e {
        StoreError::Conflict(_) => {
            input::invalid("dossier_code", Message::new("guidance-dossier-taken"))
        }
        StoreError::NotFound(_) => {
            input::invalid("dossier_code", Message::new("guidance-no-such-dossier"))
        }
        e => e.into(),
    }
}

/// Records one person guided by `p` now.
pub async fn record(
    state: &AppState,
    p: &Principal,
    body: &GuidanceIn,
) -> Result<GuidanceRecord, WebError> {
    require_recorder(p, body.center_id)?;
    let now = state.now();
    let procedure_code = known_procedure(state, &body.procedure_code).await?;
    let channel = channel(&body.guided_to)?;
    let note = guidance::note(body.note.as_deref().unwrap_or_default())
        .map_err(|e| input::invalid("note", e.message()))?;
    let dossier = match body.dossier_code.as_deref().map(str::trim) {
        Some(code) if !code.is_empty() => {
            Some(followed_dossier(state, body.center_id, now, code).await?)
        }
        _ => None,
    };
    let entry = Entry {
        center_id: body.center_id,
        guided_by: p.account.id,
        at: now,
        procedure_code,
        channel,
        dossier,
        note,
    };
    state
        .store
        .record_guidance(&entry)
        .await
        .map_err(link_refused)
}

/// A line of the log `p` may read; another's is "not found".
pub async fn readable(
    state: &AppState,
    p: &Principal,
    id: GuidanceId,
) -> Result<GuidanceRecord, WebError> {
    match state.store.guidance(id).await? {
        Some(g) if reads(p, g.entry.center_id) => Ok(g),
        _ => Err(WebError::NotFound),
    }
}

/// Notes the dossier that followed an entry of `p`'s center.
pub async fn link(
    state: &AppState,
    p: &Principal,
    id: GuidanceId,
    code: &str,
) -> Result<GuidanceRecord, WebError> {
    let g = readable(state, p, id).await?;
    require_recorder(p, g.entry.center_id)?;
    if g.dossier_id.is_some() {
        return Err(WebError::Conflict(Message::new("guidance-already-linked")));
    }
    if code.trim().is_empty() {
        return Err(input::invalid(
            "dossier_code",
            Message::new("error-required"),
        ));
    }
    let code = followed_dossier(state, g.entry.center_id, g.entry.at, code).await?;
    match state
        .store
        .link_guidance_dossier(id, &code, state.now())
        .await
    {
        Ok(g) => Ok(g),
        // Linked meanwhile by a colleague, or the dossier follows another entry.
        Err(StoreError::Conflict(why)) => {
            let linked = state
                .store
                .guidance(id)
                .await?
                .is_some_and(|g| g.dossier_id.is_some());
            if linked {
                Err(WebError::Conflict(Message::new("guidance-already-linked")))
            } else {
                Err(link_refused(StoreError::Conflict(why)))
            }
        }
        Err(e) => Err(link_refused(e)),
    }
}

/// A center's entries guided on the days `from..=to` (Vietnam's time), the
/// latest first.
pub async fn entries(
    state: &AppState,
    p: &Principal,
    center: CenterId,
    from: jiff::civil::Date,
    to: jiff::civil::Date,
) -> Result<Vec<GuidanceRecord>, WebError> {
    if !reads(p, center) || state.store.center(center).await?.is_none() {
        return Err(WebError::NotFound);
    }
    let (start, end) = crate::forms::Period { from, to }.bounds()?;
    Ok(state.store.guidance_between(center, start, end).await?)
}

/// The month asked for, this month (Vietnam's time) when none is.
pub fn month(state: &AppState, text: Option<&str>) -> Result<Month, WebError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(Month::of(state.now())),
        Some(t) => t.parse().map_err(|m| input::invalid("month", m)),
    }
}

/// One center's month.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CenterSummary {
    pub center_id: i64,
    pub center: String,
    #[serde(flatten)]
    pub summary: Summary,
    /// The share of people guided whose dossier followed, in percent to one
    /// decimal; none when nobody was guided.
    pub followed_rate: Option<f64>,
}

/// The month's guidance, per center in `p`'s scope, and the total.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MonthReport {
    /// `2026-11`
    pub month: String,
    pub centers: Vec<CenterSummary>,
    pub total: CenterSummary,
}

fn rate(s: &Summary) -> Option<f64> {
    s.followed_permille().map(|t| t as f64 / 10.0)
}

/// The centers whose month `p` reads: for those who oversee, every center
/// where postal staff are posted in the month or guidance was recorded;
/// for the others, the centers where they work at the counter or lead.
async fn scope(
    state: &AppState,
    p: &Principal,
    month: Month,
    counts: &[motcua_store::GuidanceCount],
) -> Result<BTreeSet<CenterId>, WebError> {
    if p.sees_everything() {
        let mut centers: BTreeSet<CenterId> = state
            .store
            .postal_centers(month.first_day(), month.last_day())
            .await?
            .into_iter()
            .collect();
        centers.extend(counts.iter().map(|c| c.center_id));
        return Ok(centers);
    }
    let mine: BTreeSet<CenterId> = p
        .postings
        .iter()
        .filter(|x| reads(p, x.center_id))
        .map(|x| x.center_id)
        .collect();
    if mine.is_empty() {
        return Err(WebError::Forbidden(Message::new("denied-guidance-readers")));
    }
    Ok(mine)
}

/// The month's summary per center (one center when `center` is given).
pub async fn summary(
    state: &AppState,
    p: &Principal,
    month: Month,
    center: Option<CenterId>,
) -> Result<MonthReport, WebError> {
    if let Some(c) = center {
        if !reads(p, c) || state.store.center(c).await?.is_none() {
            return Err(WebError::NotFound);
        }
    }
    let (from, to) = month.bounds();
    let counts = match (center, p.center_scope()) {
        (Some(c), _) => state.store.guidance_counts(Some(&[c]), from, to).await?,
        (None, Some(mine)) => state.store.guidance_counts(Some(&mine), from, to).await?,
        (None, None) => state.store.guidance_counts(None, from, to).await?,
    };
    let mut centers = scope(state, p, month, &counts).await?;
    if let Some(c) = center {
        centers = BTreeSet::from([c]);
    }
    let mut sums: BTreeMap<CenterId, Summary> =
        centers.iter().map(|c| (*c, Summary::default())).collect();
    for c in &counts {
        if let Some(s) = sums.get_mut(&c.center_id) {
            s.add(c.channel, c.dossier_channel, c.count);
        }
    }
    let names: std::collections::HashMap<CenterId, String> = state
        .store
        .centers()
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mut total = Summary::default();
    let rows = sums
        .into_iter()
        .map(|(id, s)| {
            total += &s;
            CenterSummary {
                center_id: id.0,
                center: names.get(&id).cloned().unwrap_or_default(),
                followed_rate: rate(&s),
                summary: s,
            }
        })
        .collect();
    Ok(MonthReport {
        month: month.to_string(),
        centers: rows,
        total: CenterSummary {
            center_id: 0,
            center: String::new(),
            followed_rate: rate(&total),
            summary: total,
        },
    })
}
