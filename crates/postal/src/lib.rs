//! motcua and the public postal carrier (Decision 45/2016/QĐ-TTg): a citizen who
//! chose to receive the result by post gets it through a delivery order at the
//! carrier (a VNPost-like order API).
//!
//! - [`api`]: the wire format motcua and the carrier speak (orders, tracking events).
//! - [`client`]: [`CarrierClient`], the HTTP client motcua creates, cancels and reads
//!   orders with; its [`CarrierError`] says whether sending again can help.
//! - [`sign`]: the HMAC-SHA256 signature of the carrier's tracking webhooks.
//! - [`sim`]: a carrier simulator, a real HTTP service (tests and the demo run
//!   motcua against it over loopback, so the real client and webhook are exercised).

pub mod api;
pub mod client;
mod proof;
pub mod sign;
pub mod sim;

pub use api::{Advance, Advanced, CreateOrder, Order, Receiver, TrackingEvent, TrackingState};
pub use client::{CarrierClient, CarrierError};
pub use sim::{SimConfig, Simulator};
