//! The traffic light: where an open dossier stands against its appointment.

use jiff::Timestamp;
use motcua_calendar::clock::Standing;
use motcua_calendar::{from_timestamp, WorkCalendar};
use motcua_domain::dossier::Status;
use motcua_store::DossierRecord;

/// Where an open dossier stands against its appointment now.
pub fn standing(cal: &WorkCalendar, d: &DossierRecord, now: Timestamp) -> Option<Standing> {
    let status = d.state.status?;
    let due = from_timestamp(d.state.appointment?);
    match status {
        // Settled or closed: no traffic light (the KPIs judge settled dossiers).
        Status::NotAccepted
        | Status::Withdrawn
        | Status::Stopped
        | Status::Registered
        | Status::Processed
        | Status::Returned => None,
        Status::SupplementRequested => Some(Standing::Paused),
        _ => {
            let now = from_timestamp(now);
            if now > due {
                return Some(Standing::Late);
            }
            let budget = cal.working_seconds_between(from_timestamp(d.received_at), due);
            let left = cal.working_seconds_between(now, due);
            Some(
                if left <= motcua_calendar::clock::due_soon_seconds(budget) {
                    Standing::DueSoon
                } else {
                    Standing::OnTime
                },
            )
        }
    }
}
