//! What the handlers do, whether a page or the API asks: receive at the
//! counter, take a lifecycle action, judge the standing against the
//! appointment, show a receipt's holder the status, and the access records
//! (sessions, passwords, tokens, the log of personal data read). The HTTP surfaces
//! (`api/`, `staff/`, `public/`) read the request, call these, and answer.

pub mod access;
pub mod act;
pub mod certify;
pub mod dashboard;
pub mod declaration;
pub mod feedback;
pub mod guidance;
pub mod intake;
pub mod lookup;
pub mod notify;
pub mod ocr;
pub mod postal;
pub mod queue;
pub mod queue_times;
pub mod ratings;
pub mod results;
pub mod scans;
pub mod standing;
pub mod submit;
pub mod transport;

use motcua_domain::dossier::lifecycle::{Action, LifecycleError};
use motcua_domain::i18n::Message;
use motcua_domain::org::Role;
use motcua_store::{Actor, DossierCode, DossierRecord};

use crate::auth::Principal;
use crate::{AppState, WebError};

pub use act::{perform, ActionRequest};
pub use intake::{receive, ApplicantIn, ComponentIn, Decision, IntakeIn, ResultChannel};
pub use lookup::{public_status, PublicStatus};
pub use standing::standing;

/// The dossier `code`, if `p` may read it; another center's is "not found".
pub(crate) async fn readable(
    state: &AppState,
    p: &Principal,
    code: &str,
) -> Result<DossierRecord, WebError> {
    let d = match dossier_code(code) {
        Some(code) => state.store.dossier(&code).await?,
        None => None,
    }
    .ok_or(WebError::NotFound)?;
    // A dossier of another center is "not found", not "forbidden": no probing.
    if p.can_read(&d) {
        Ok(d)
    } else {
        Err(WebError::NotFound)
    }
}

/// A dossier code as typed or linked: anything that is not one names no
/// dossier (and is answered as "not found", like an unknown one).
pub fn dossier_code(text: &str) -> Option<DossierCode> {
    if text.len() > crate::input::max::CODE {
        return None;
    }
    text.trim().parse().ok()
}

pub(crate) fn lifecycle_error(e: LifecycleError) -> WebError {
    match e {
        LifecycleError::Role { .. } => WebError::Forbidden(e.message()),
        LifecycleError::Missing(field) => {
            crate::input::invalid(field, Message::new("error-required"))
        }
        LifecycleError::EarlierAppointment => crate::input::invalid("appointment", e.message()),
        LifecycleError::NotFromStatus { .. }
        | LifecycleError::NotDrafted
        | LifecycleError::TooManyExtensions(_) => WebError::Conflict(e.message()),
    }
}

/// The agency `p` acts for on `d`: the one of their posting as the actor's
/// role at the dossier's center or handling agency, else the handling one.
pub(crate) fn acting_agency(
    p: &Principal,
    d: &DossierRecord,
    actor: Option<&Actor>,
) -> motcua_domain::AgencyCode {
    let handling = d
        .state
        .agency
        .clone()
        .unwrap_or_else(|| d.agency_code.clone());
    p.postings
        .iter()
        .find(|x| {
            Some(x.role) == actor.map(|a| a.role)
                && (x.center_id == d.center_id || x.agency_code == handling)
        })
        .map_or(handling, |x| x.agency_code.clone())
}

/// The actor for an action: the first of the user's roles for the dossier that may take it.
pub(crate) fn actor(p: &Principal, roles: &[Role], action: &Action) -> Option<Actor> {
    let role = roles.iter().copied().find(|r| action.roles().contains(r))?;
    Some(Actor {
        account_id: p.account.id,
        username: p.account.username.clone(),
        role,
    })
}
