//! The time as the application sees it. Handlers never read the wall clock:
//! tests set the instant, so they pass at any hour.

use std::sync::{Arc, Mutex};

use jiff::{SignedDuration, Timestamp};

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> Timestamp;
}

/// The operating system's clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that stands still until moved: for tests.
#[derive(Clone)]
pub struct FixedClock(Arc<Mutex<Timestamp>>);

impl FixedClock {
    pub fn at(t: Timestamp) -> FixedClock {
        FixedClock(Arc::new(Mutex::new(t)))
    }

    pub fn set(&self, t: Timestamp) {
        *self.0.lock().expect("clock lock") = t;
    }

    pub fn advance(&self, by: SignedDuration) {
        let mut t = self.0.lock().expect("clock lock");
        *t = t.checked_add(by).expect("clock stays in range");
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().expect("clock lock")
    }
}
