//! The queue at a center: tickets, the order counters call them, and how
//! many counters the hours of the week need.

pub mod rating;
pub mod staffing;
pub mod ticket;
