//! A realistic demo province, deterministic for a seed, and the seeding of an
//! empty database with it: kept out of the domain, which stays free of random
//! generation and of storage.

mod guidance;
mod history;
mod names;
mod org;
mod queue;
pub mod seed;

pub use history::{DemoCenterRef, DemoProcedure, HistoryGenerator};
pub use org::{
    plan, DemoCenter, DemoOrg, DemoPerson, DEMO_PASSWORD, POSTAL_AT_COMMUNES, POSTAL_AT_PROVINCE,
    PROVINCE_GROUP,
};
pub use queue::{demo_device_secret, QUEUE_WEEKS, RATING_TABLET_NAME, TICKET_KIOSK_NAME};
