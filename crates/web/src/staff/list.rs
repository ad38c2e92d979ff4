//! Lists of dossiers (the inbox, a search): their lines and traffic lights.

use motcua_calendar::clock::Standing;
use motcua_domain::Locale;
use motcua_store::{AccountId, DossierRecord};

use super::when;
use crate::{AppState, WebError};

/// One line of the inbox.
pub struct Row {
    pub code: String,
    pub procedure: String,
    pub applicant: String,
    pub received: String,
    pub appointment: String,
    pub status: &'static str,
    /// CSS class and label of the traffic light.
    pub light: &'static str,
    pub light_label: &'static str,
    /// The officer the dossier is assigned to, by name, if any.
    pub assignee: String,
}

impl Row {
    fn of(d: DossierRecord, (light, light_label): (&'static str, &'static str), l: Locale) -> Row {
        Row {
            assignee: String::new(),
            procedure: d.details.procedure_name_or(&d.procedure_code),
            applicant: d.applicant.name.clone(),
            received: when(d.received_at),
            appointment: d.state.appointment.map(when).unwrap_or_default(),
            status: d.state.status.map_or("", |s| s.label(l)),
            light,
            light_label,
            code: d.code.to_string(),
        }
    }
}

/// The lines of a list of dossiers, with their traffic lights now; each
/// center's calendar is looked up once.
pub(super) async fn rows(
    state: &AppState,
    dossiers: Vec<DossierRecord>,
    l: Locale,
) -> Result<Vec<Row>, WebError> {
    let now = state.now();
    let mut calendars = std::collections::HashMap::new();
    // The assignees' names, in one read for the whole list.
    let mut assigned: Vec<AccountId> = dossiers
        .iter()
        .filter_map(|d| d.state.assigned_to)
        .collect();
    assigned.sort_unstable();
    assigned.dedup();
    let names = state.store.account_names(&assigned).await?;
    let mut rows = Vec::with_capacity(dossiers.len());
    for d in dossiers {
        let assignee = d.state.assigned_to.map_or_else(String::new, |a| {
            names.get(&a).cloned().unwrap_or_else(|| format!("#{a}"))
        });
        if let std::collections::hash_map::Entry::Vacant(slot) = calendars.entry(d.center_id) {
            let center = state
                .store
                .center(d.center_id)
                .await?
                .ok_or(WebError::NotFound)?;
            slot.insert(state.calendar(&center.office_hours));
        }
        let standing = crate::cases::standing(&calendars[&d.center_id], &d, now);
        rows.push(Row {
            assignee,
            ..Row::of(d, light(standing, l), l)
        });
    }
    Ok(rows)
}

pub(super) fn light(s: Option<Standing>, l: Locale) -> (&'static str, &'static str) {
    match s {
        Some(Standing::Late) => ("late", l.t("late-list")),
        Some(Standing::DueSoon) => ("due-soon", l.t("due-soon-list")),
        Some(Standing::Paused) => ("paused", l.t("waiting")),
        Some(Standing::OnTime | Standing::Early) => ("on-time", l.t("on-time-list")),
        None => ("none", ""),
    }
}
