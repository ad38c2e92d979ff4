//! The organisation: province → commune-level units → centers and reception
//! points; agencies with electronic identifiers; staff, accounts and roles.

use jiff::civil::Date;

use crate::labels::labelled_enum;
use crate::AgencyCode;

labelled_enum! {
    /// What a user may do; an account holds one or more roles.
    Role {
        Admin = "admin";
        Supervisor = "supervisor";
        Leader = "leader";
        Specialist = "specialist";
        Reception = "reception";
        Postal = "postal";
        Inspector = "inspector";
    }
}

impl Role {
    /// Reception officers and postal employees work at the counter of the
    /// center they are posted to, and act only on that center's dossiers.
    pub fn works_at_counter(self) -> bool {
        matches!(self, Role::Reception | Role::Postal)
    }

    /// Specialists and leaders settle the dossiers of their agency, wherever
    /// they were received.
    pub fn settles_dossiers(self) -> bool {
        matches!(self, Role::Specialist | Role::Leader)
    }

    /// Supervisors, inspectors and administrators read every dossier but
    /// handle none, so they see personal data masked.
    pub fn oversees(self) -> bool {
        matches!(self, Role::Supervisor | Role::Inspector | Role::Admin)
    }
}

labelled_enum! {
    /// Who pays a staff member: the state or the public postal operator.
    Employer {
        CivilService = "civil-service";
        Vnpost = "vnpost";
    }
}

labelled_enum! {
    /// Commune-level administrative units after the 2025 reorganisation.
    UnitKind {
        Xa = "xa";
        Phuong = "phuong";
        DacKhu = "dac-khu";
    }
}

labelled_enum! {
    CenterKind {
        Center = "center";
        ReceptionPoint = "reception-point";
    }
}

labelled_enum! {
    /// The level of government an agency or procedure belongs to.
    Level {
        Central = "central";
        Province = "province";
        Commune = "commune";
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProvince {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
}

/// A body that settles procedures and receives dossiers under its identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAgency {
    pub code: AgencyCode,
    pub name: String,
    pub level: Level,
    /// The commune-level unit whose People's Committee this is, if any.
    pub unit_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCenter {
    pub name: String,
    pub kind: CenterKind,
    /// The agency whose identifier prefixes the codes of dossiers received here.
    pub agency: AgencyCode,
    pub unit_code: Option<String>,
    pub address: String,
    pub office_hours: motcua_calendar::OfficeHours,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStaff {
    pub full_name: String,
    pub employer: Employer,
    pub phone: Option<crate::person::Phone>,
    pub email: Option<String>,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub username: String,
    /// An argon2id PHC string; the plain password never reaches storage.
    pub password_hash: String,
    pub roles: Vec<Role>,
}

/// A staff member's posting at a center in a role, between two dates
/// (`until` inclusive; open-ended when `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub role: Role,
    pub from: Date,
    pub until: Option<Date>,
}

impl Assignment {
    pub fn is_valid_on(&self, day: Date) -> bool {
        self.from <= day && self.until.is_none_or(|u| day <= u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Locale;
    use jiff::civil::date;

    #[test]
    fn roles_parse_from_code_or_either_label() {
        assert_eq!("specialist".parse::<Role>(), Ok(Role::Specialist));
        assert_eq!("Chuyen vien".parse::<Role>(), Ok(Role::Specialist));
        assert_eq!("Postal employee".parse::<Role>(), Ok(Role::Postal));
        assert!("janitor".parse::<Role>().unwrap_err().contains("reception"));
        assert_eq!(Role::Leader.label(Locale::Vi), "Lãnh đạo");
    }

    #[test]
    fn assignment_validity_is_inclusive() {
        let a = Assignment {
            role: Role::Reception,
            from: date(2026, 1, 1),
            until: Some(date(2026, 6, 30)),
        };
        assert!(a.is_valid_on(date(2026, 1, 1)));
        assert!(a.is_valid_on(date(2026, 6, 30)));
        assert!(!a.is_valid_on(date(2026, 7, 1)));
        assert!(!a.is_valid_on(date(2025, 12, 31)));
    }
}
