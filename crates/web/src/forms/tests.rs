//! The forms' unit tests: names on the forms, the steps' deadlines.

use std::collections::HashMap;

use jiff::Timestamp;
use motcua_domain::dossier::event::Event;
use motcua_domain::dossier::lifecycle::State;
use motcua_domain::dossier::Status;
use motcua_store::{Center, DossierRecord};

use super::*;

#[test]
fn officers_and_agencies_by_name_else_by_login_and_code() {
    let agency: motcua_domain::AgencyCode = "000.30.00.H92".parse().unwrap();
    let by = |account_id: i64| {
        Event::next(
            None,
            "000.30.00.H92-261120-0001",
            "2026-11-20T01:00:00Z".parse().unwrap(),
            Some(motcua_domain::dossier::event::Actor {
                account_id: motcua_store::AccountId(account_id),
                username: "tiepnhan1.ninhkieu".into(),
                role: motcua_domain::org::Role::Reception,
            }),
            agency.clone(),
            None,
            Status::Registered,
            Action::Submit,
        )
    };
    let names = Names {
        accounts: HashMap::from([(motcua_store::AccountId(1), "Nguyễn Thị Thu Hà".to_string())]),
        agencies: HashMap::from([(agency.clone(), "UBND phường Ninh Kiều".to_string())]),
    };
    assert_eq!(names.actor(&by(1)), "Nguyễn Thị Thu Hà");
    assert_eq!(names.actor(&by(2)), "tiepnhan1.ninhkieu", "no name known");
    assert_eq!(names.agency(&agency), "UBND phường Ninh Kiều");
    let other: motcua_domain::AgencyCode = "000.30.01.H92".parse().unwrap();
    assert_eq!(names.agency(&other), "000.30.01.H92");
}

#[test]
fn step_deadlines_share_the_legal_time_and_end_at_the_appointment() {
    let t = |s: &str| s.parse::<Timestamp>().unwrap();
    let agency: motcua_domain::AgencyCode = "000.30.00.H92".parse().unwrap();
    let accept = Action::Accept {
        appointment: t("2026-11-27T10:00:00Z"),
    };
    let event = Event::next(
        None,
        "000.30.00.H92-261120-0001",
        t("2026-11-20T01:00:00Z"),
        None,
        agency.clone(),
        None,
        Status::Accepted,
        accept.clone(),
    );
    let mut state = State::default();
    state.apply(&accept, Status::Accepted, &agency);
    let d = DossierRecord {
        id: motcua_store::DossierId(1),
        code: event.dossier_code.parse().unwrap(),
        center_id: motcua_store::CenterId(1),
        agency_code: agency,
        procedure_code: "2.004001".parse().unwrap(),
        procedure_version_id: motcua_store::ProcedureVersionId(1),
        channel: motcua_domain::catalog::Channel::InPerson,
        applicant_id: None,
        applicant: Default::default(),
        received_at: event.at,
        details: Default::default(),
        state,
        last_seq: 1,
    };
    let center = Center {
        id: motcua_store::CenterId(1),
        name: "Trung tâm".into(),
        kind: motcua_domain::org::CenterKind::Center,
        agency_code: d.agency_code.clone(),
        agency_name: String::new(),
        unit_id: None,
        unit_name: None,
        address: String::new(),
        office_hours: Default::default(),
    };
    let catalog =
        motcua_domain::catalog::parse_csv(motcua_domain::catalog::DEMO_CATALOG_CSV.as_bytes())
            .unwrap();
    let ctx = Dossier {
        center: &center,
        d: &d,
        applicant: Default::default(),
        procedure: &catalog.procedures[0],
        events: std::slice::from_ref(&event),
        lookup_url: String::new(),
        lookup_pin: None,
        names: Names::default(),
    };
    let cal = motcua_calendar::WorkCalendar::default();
    let deadlines = ctx.step_deadlines(&cal).unwrap();
    assert_eq!(deadlines.len(), 4);
    assert_eq!(
        *deadlines.last().unwrap(),
        t("2026-11-27T10:00:00Z"),
        "the last step ends at the legal appointment"
    );
    // Fri 20 Nov 08:00 → Fri 27 Nov 17:00 is 7 + 4×8 + 8 = 47 working hours; reception
    // gets a tenth, 4 h 42 min: 3.5 h before the break, then 72 min from 13:30.
    assert_eq!(deadlines[0], t("2026-11-20T07:42:00Z"), "14:42 local");
    assert!(deadlines.windows(2).all(|w| w[0] <= w[1]));
}
