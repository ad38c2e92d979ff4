//! The pure domain of motcua: no HTTP, no SQL, no clock.

pub mod catalog;
mod labels;
pub mod codes;
pub mod demo;
pub mod i18n;
pub mod money;
pub mod org;
pub mod person;
pub mod text;

pub use codes::{AgencyCode, CodeError, FieldCode, ProcedureCode};
pub use i18n::Locale;
pub use money::Vnd;
