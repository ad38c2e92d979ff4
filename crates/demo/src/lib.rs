//! A realistic demo province, deterministic for a seed: kept out of the domain,
//! which stays free of random generation.

mod history;
mod names;
mod org;

pub use history::{DemoCenterRef, DemoProcedure, HistoryGenerator};
pub use org::{
    plan, DemoCenter, DemoOrg, DemoPerson, DEMO_PASSWORD, POSTAL_AT_COMMUNES, POSTAL_AT_PROVINCE,
    PROVINCE_GROUP,
};
