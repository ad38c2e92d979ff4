//! Slowing down guessing: sign-in attempts, lookup codes and PINs, public
//! forms. Each [`Throttle`] counts events per key (an account, a client
//! address, a dossier code) in a window; past its allowance a key must wait,
//! longer after each further event, up to a ceiling. Kept in memory per
//! process and driven by the application's clock, so tests can move time.
//!
//! The ceiling is what keeps an attacker from locking a real officer out: the
//! strict limits are per account *and* client address, and the account-wide
//! one waits at most a minute.

use std::collections::HashMap;
use std::sync::Mutex;

use jiff::{SignedDuration, Timestamp};

/// How many events a key may have in a window before it must wait, and how long.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub allowed: u32,
    pub window: SignedDuration,
    /// The wait after the first event past the allowance; it doubles with each more.
    pub first_wait: SignedDuration,
    pub max_wait: SignedDuration,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    count: u32,
    since: Timestamp,
    blocked_until: Timestamp,
}

/// Keys kept at most; past that, finished entries are dropped, and if that is
/// not enough the table starts afresh (failing open beats running out of memory).
const MAX_KEYS: usize = 100_000;

pub struct Throttle {
    policy: Policy,
    entries: Mutex<HashMap<String, Entry>>,
}

impl Throttle {
    pub fn new(policy: Policy) -> Throttle {
        Throttle {
            policy,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `key` may go on now; `Err` holds how long it must wait.
    pub fn check(&self, key: &str, now: Timestamp) -> Result<(), SignedDuration> {
        let entries = self.entries.lock().expect("throttle lock");
        match entries.get(key) {
            Some(e) if e.blocked_until > now => Err(e.blocked_until.duration_since(now)),
            _ => Ok(()),
        }
    }

    /// Counts one event of `key` (a failure, or any request for a rate limit).
    pub fn record(&self, key: &str, now: Timestamp) {
        let p = self.policy;
        let mut entries = self.entries.lock().expect("throttle lock");
        if entries.len() >= MAX_KEYS && !entries.contains_key(key) {
            entries.retain(|_, e| e.blocked_until > now || now.duration_since(e.since) < p.window);
            if entries.len() >= MAX_KEYS {
                entries.clear();
            }
        }
        let e = entries.entry(key.to_string()).or_insert(Entry {
            count: 0,
            since: now,
            blocked_until: now,
        });
        if now.duration_since(e.since) >= p.window && e.blocked_until <= now {
            *e = Entry {
                count: 0,
                since: now,
                blocked_until: now,
            };
        }
        e.count = e.count.saturating_add(1);
        if e.count >= p.allowed {
            // Past 2^20 times the first wait every policy is at its ceiling.
            let doublings = (e.count - p.allowed).min(20);
            let wait = p
                .first_wait
                .checked_mul(1i32 << doublings)
                .unwrap_or(p.max_wait)
                .min(p.max_wait);
            e.blocked_until = now + wait;
        }
    }

    /// Forgets `key` (a successful sign-in).
    pub fn clear(&self, key: &str) {
        self.entries.lock().expect("throttle lock").remove(key);
    }
}

/// The throttles of one application.
pub struct Throttles {
    /// Wrong passwords for one account from one client address.
    pub login_account_client: Throttle,
    /// Wrong passwords for one account from anywhere: short waits only.
    pub login_account: Throttle,
    /// Wrong passwords from one client address, whatever the account.
    pub login_client: Throttle,
    /// Wrong second factors for one dossier code from one client address.
    pub lookup_code_client: Throttle,
    /// Wrong second factors for one dossier code from anywhere: short waits
    /// only, so nobody can keep a citizen from her own dossier for long.
    pub lookup_code: Throttle,
    /// Wrong lookups from one client address.
    pub lookup_client: Throttle,
    /// Every public request from one client address (lookups, submissions).
    pub public_client: Throttle,
    /// Online submissions from one client address.
    pub submit_client: Throttle,
    /// Files sent to the public verification of certified copies from one
    /// client address: each may be large, so fewer than other requests.
    pub verify_client: Throttle,
    /// Tracking webhooks that failed their signature (or were malformed) from
    /// one client address: signed ones are the carrier's, never slowed.
    pub webhook_client: Throttle,
    /// Tickets printed by one kiosk: people take one every few seconds.
    pub kiosk: Throttle,
    /// Ticket kiosk and rating requests from one client address (a device
    /// link that leaked cannot be used to flood from elsewhere unseen).
    pub hall_client: Throttle,
    /// Ratings sent from one client address.
    pub rating_client: Throttle,
    /// Declarations printed without a dossier from one client address (each
    /// is a PDF drawn: dearer than a lookup).
    pub print_client: Throttle,
    /// Public forms guarded by `guard.rs` sent from one client address, per
    /// form (key `{form}|{client}`): every try counts.
    pub public_form_client: Throttle,
    /// Wrong keys of an opinion or complaint's tracking link from one
    /// client address.
    pub feedback_key_client: Throttle,
}

fn secs(n: i64) -> SignedDuration {
    SignedDuration::from_secs(n)
}

impl Default for Throttles {
    fn default() -> Self {
        let quarter = secs(15 * 60);
        Throttles {
            login_account_client: Throttle::new(Policy {
                allowed: 5,
                window: quarter,
                first_wait: secs(2),
                max_wait: secs(15 * 60),
            }),
            login_account: Throttle::new(Policy {
                allowed: 20,
                window: quarter,
                first_wait: secs(1),
                max_wait: secs(60),
            }),
            login_client: Throttle::new(Policy {
                allowed: 30,
                window: quarter,
                first_wait: secs(2),
                max_wait: secs(15 * 60),
            }),
            lookup_code_client: Throttle::new(Policy {
                allowed: 5,
                window: secs(3600),
                first_wait: secs(60),
                max_wait: secs(3600),
            }),
            lookup_code: Throttle::new(Policy {
                allowed: 30,
                window: secs(3600),
                first_wait: secs(30),
                max_wait: secs(300),
            }),
            lookup_client: Throttle::new(Policy {
                allowed: 20,
                window: secs(3600),
                first_wait: secs(10),
                max_wait: secs(3600),
            }),
            public_client: Throttle::new(Policy {
                allowed: 120,
                window: secs(60),
                first_wait: secs(60),
                max_wait: secs(60),
            }),
            verify_client: Throttle::new(Policy {
                allowed: 20,
                window: secs(3600),
                first_wait: secs(60),
                max_wait: secs(900),
            }),
            webhook_client: Throttle::new(Policy {
                allowed: 30,
                window: quarter,
                first_wait: secs(60),
                max_wait: secs(3600),
            }),
            kiosk: Throttle::new(Policy {
                allowed: crate::cases::queue::KIOSK_TICKETS_PER_MINUTE,
                window: secs(60),
                first_wait: secs(10),
                max_wait: secs(120),
            }),
            hall_client: Throttle::new(Policy {
                allowed: 60,
                window: secs(60),
                first_wait: secs(30),
                max_wait: secs(300),
            }),
            rating_client: Throttle::new(Policy {
                allowed: 10,
                window: secs(3600),
                first_wait: secs(60),
                max_wait: secs(3600),
            }),
            print_client: Throttle::new(Policy {
                allowed: 30,
                window: secs(3600),
                first_wait: secs(60),
                max_wait: secs(900),
            }),
            public_form_client: Throttle::new(Policy {
                allowed: 10,
                window: secs(3600),
                first_wait: secs(60),
                max_wait: secs(3600),
            }),
            feedback_key_client: Throttle::new(Policy {
                allowed: 20,
                window: secs(3600),
                first_wait: secs(30),
                max_wait: secs(3600),
            }),
            submit_client: Throttle::new(Policy {
                allowed: 20,
                window: secs(3600),
                first_wait: secs(60),
                max_wait: secs(3600),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> Timestamp {
        "2026-11-27T02:30:00Z".parse().unwrap()
    }

    fn policy() -> Policy {
        Policy {
            allowed: 3,
            window: secs(600),
            first_wait: secs(2),
            max_wait: secs(30),
        }
    }

    #[test]
    fn waits_grow_after_the_allowance_up_to_the_ceiling() {
        let t = Throttle::new(policy());
        let mut now = t0();
        for _ in 0..2 {
            t.record("a", now);
            assert_eq!(t.check("a", now), Ok(()));
        }
        let mut waits = Vec::new();
        for _ in 0..6 {
            t.record("a", now);
            let wait = t.check("a", now).unwrap_err();
            waits.push(wait.as_secs());
            now += wait;
            assert_eq!(t.check("a", now), Ok(()), "free again after the wait");
        }
        assert_eq!(waits, [2, 4, 8, 16, 30, 30]);
        assert_eq!(t.check("b", now), Ok(()), "other keys are not touched");
    }

    #[test]
    fn a_quiet_window_starts_again_and_clear_forgets() {
        let t = Throttle::new(policy());
        t.record("a", t0());
        t.record("a", t0());
        let later = t0() + secs(601);
        t.record("a", later);
        assert_eq!(t.check("a", later), Ok(()), "the old events expired");
        t.record("a", later);
        t.record("a", later);
        assert!(t.check("a", later).is_err());
        t.clear("a");
        assert_eq!(t.check("a", later), Ok(()));
    }

    #[test]
    fn the_table_stays_bounded() {
        let t = Throttle::new(policy());
        for i in 0..(MAX_KEYS + 10) {
            t.record(&i.to_string(), t0());
        }
        assert!(t.entries.lock().unwrap().len() <= MAX_KEYS);
    }
}
