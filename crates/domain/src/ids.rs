//! Row ids, one type per table, so that a center's id cannot be passed where
//! a dossier's is meant. They are what the database issued; nothing here
//! checks more than that.

macro_rules! ids {
    ($($(#[$m:meta])* $name:ident;)*) => {$(
        $(#[$m])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize,
        )]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "sql", derive(sqlx::Type), sqlx(transparent))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map($name)
            }
        }
    )*};
}

ids! {
    /// A public administration service center.
    CenterId;
    /// A sign-in account (an officer, a supervisor, an administrator).
    AccountId;
    /// A dossier (its public name is its [`crate::dossier::DossierCode`]).
    DossierId;
    /// The shared record of an applicant, found again by identity number.
    ApplicantId;
    /// A staff member, with or without an account.
    StaffId;
    /// One version of a procedure as the catalog published it.
    ProcedureVersionId;
    /// A scan attached to a dossier.
    AttachmentId;
    /// A result sent by public postal service (one dossier may be sent again
    /// after a parcel came back).
    DeliveryId;
    /// A manifest of dossiers the post carries.
    ManifestId;
    /// A service group of a center's queue (civil status, certification…).
    ServiceGroupId;
    /// A counter of a center's hall.
    CounterId;
    /// A queue ticket.
    TicketId;
    /// A device of the hall: a ticket kiosk or a counter's rating tablet.
    KioskId;
    /// A citizen's rating of a dossier's service.
    RatingId;
    /// A line of the guidance log: one person guided by counter staff.
    GuidanceId;
    /// A citizen's opinion or complaint (PAKN); its public name is its code.
    FeedbackId;
}
