//! Working-time arithmetic for Vietnamese statutory deadlines.
//!
//! Pure: no I/O, no clock. Instants are civil date-times in Vietnam's time zone
//! (UTC+7 all year since 1975), converted at the edges with [`to_timestamp`] and
//! [`from_timestamp`].

pub mod clock;
mod hours;
mod limit;
pub mod lunar;
pub mod schedule;
mod work;

pub use hours::{HoursError, OfficeHours, Session};
pub use limit::{LimitParseError, TimeLimit};
pub use schedule::{DayKind, Holidays, ScheduleDay, ScheduleError, YearSchedule};
pub use work::{from_timestamp, to_timestamp, WorkCalendar, VN_OFFSET_HOURS};
