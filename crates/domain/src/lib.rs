//! The pure domain of motcua: no HTTP, no SQL, no clock.

pub mod catalog;
pub mod codes;
pub mod dossier;
pub mod feedback;
pub mod guidance;
pub mod i18n;
pub mod ids;
pub mod index766;
mod labels;
pub mod money;
pub mod monitor;
pub mod org;
pub mod person;
pub mod queue;
pub mod text;
mod textual;

pub use codes::{AgencyCode, CodeError, FieldCode, ProcedureCode};
pub use i18n::Locale;
pub use money::Vnd;
