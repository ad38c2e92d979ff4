//! The record of a dossier: every change is an event, and each event carries
//! the hash of the one before it (per dossier), so that changing, removing or
//! reordering a past event breaks the chain.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::lifecycle::{Action, State};
use super::Status;
use crate::ids::AccountId;
use crate::org::Role;
use crate::AgencyCode;

/// Who acted: an account in one of its roles; `None` on an event means the citizen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub account_id: AccountId,
    pub username: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub dossier_code: String,
    /// 1 for the first event of the dossier, then 2, 3…
    pub seq: i64,
    pub at: Timestamp,
    pub actor: Option<Actor>,
    /// The agency on whose behalf the actor acted.
    pub agency: AgencyCode,
    pub from: Option<Status>,
    pub to: Status,
    pub action: Action,
    pub prev_hash: String,
    pub hash: String,
}

/// What the hash covers, in a fixed field order.
#[derive(Serialize)]
struct Hashed<'a> {
    dossier_code: &'a str,
    seq: i64,
    at: &'a Timestamp,
    actor: &'a Option<Actor>,
    agency: &'a AgencyCode,
    from: &'a Option<Status>,
    to: &'a Status,
    action: &'a Action,
    prev_hash: &'a str,
}

/// The `prev_hash` of a dossier's first event.
pub fn genesis(dossier_code: &str) -> String {
    hex::encode(Sha256::digest(format!("motcua:{dossier_code}").as_bytes()))
}

impl Event {
    /// The next event after `prev` (or the first one), with its hash.
    #[allow(clippy::too_many_arguments)]
    pub fn next(
        prev: Option<&Event>,
        dossier_code: &str,
        at: Timestamp,
        actor: Option<Actor>,
        agency: AgencyCode,
        from: Option<Status>,
        to: Status,
        action: Action,
    ) -> Event {
        let (seq, prev_hash) = match prev {
            Some(p) => (p.seq, p.hash.clone()),
            None => (0, genesis(dossier_code)),
        };
        Event::chained(
            seq,
            prev_hash,
            dossier_code,
            at,
            actor,
            agency,
            from,
            to,
            action,
        )
    }

    /// The event after the one numbered `prev_seq` with hash `prev_hash` (0 and
    /// the genesis hash for the first one), as stored with the dossier.
    #[allow(clippy::too_many_arguments)]
    pub fn chained(
        prev_seq: i64,
        prev_hash: String,
        dossier_code: &str,
        at: Timestamp,
        actor: Option<Actor>,
        agency: AgencyCode,
        from: Option<Status>,
        to: Status,
        action: Action,
    ) -> Event {
        let seq = prev_seq + 1;
        // Stored to the second: hashing finer instants would not survive storage.
        let at = Timestamp::from_second(at.as_second()).expect("an instant in range");
        let mut e = Event {
            dossier_code: dossier_code.to_string(),
            seq,
            at,
            actor,
            agency,
            from,
            to,
            action,
            prev_hash,
            hash: String::new(),
        };
        e.hash = e.compute_hash();
        e
    }

    /// Whether this event moves its dossier into `status` (not a step taken
    /// while already there): when the record notes "processed" or "returned".
    pub fn enters(&self, status: Status) -> bool {
        self.to == status && self.from != Some(status)
    }

    pub fn compute_hash(&self) -> String {
        let content = Hashed {
            dossier_code: &self.dossier_code,
            seq: self.seq,
            at: &self.at,
            actor: &self.actor,
            agency: &self.agency,
            from: &self.from,
            to: &self.to,
            action: &self.action,
            prev_hash: &self.prev_hash,
        };
        // The JSON goes straight into the hash: no buffer to allocate.
        let mut hasher = HashWriter(Sha256::new());
        serde_json::to_writer(&mut hasher, &content).expect("events always serialise");
        to_hex(&hasher.0.finalize())
    }
}

/// Feeds what is written to a SHA-256.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Lower-case hexadecimal, as `hex::encode` writes it, in one allocation.
fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Why a dossier's chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("dossier {dossier_code}, event {seq}: {reason}")]
pub struct ChainError {
    pub dossier_code: String,
    pub seq: i64,
    pub reason: String,
}

/// Checks one dossier's events, in order: numbering without gaps, each linked
/// to the one before, each hash matching its content, and each `from` the
/// status the events before it led to.
pub fn verify(events: &[Event]) -> Result<State, ChainError> {
    let mut state = State::default();
    let mut prev: Option<&Event> = None;
    for e in events {
        let fail = |reason: String| ChainError {
            dossier_code: e.dossier_code.clone(),
            seq: e.seq,
            reason,
        };
        let expected_seq = prev.map_or(1, |p| p.seq + 1);
        if e.seq != expected_seq {
            return Err(fail(format!("expected event {expected_seq}")));
        }
        if let Some(p) = prev {
            if p.dossier_code != e.dossier_code {
                return Err(fail(format!(
                    "belongs to dossier {}, not {}",
                    e.dossier_code, p.dossier_code
                )));
            }
        }
        let expected_prev = prev.map_or_else(|| genesis(&e.dossier_code), |p| p.hash.clone());
        if e.prev_hash != expected_prev {
            return Err(fail(
                "does not follow the event before it (prev_hash differs)".into(),
            ));
        }
        if e.compute_hash() != e.hash {
            return Err(fail(
                "its content was changed after it was written (hash differs)".into(),
            ));
        }
        if e.from != state.status {
            return Err(fail(format!(
                "starts from status {:?} but the dossier was in {:?}",
                e.from, state.status
            )));
        }
        state.apply(&e.action, e.to, &e.agency);
        prev = Some(e);
    }
    Ok(state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::lifecycle::Rules;

    const CODE: &str = "000.30.00.H92-261126-0001";

    fn chain() -> Vec<Event> {
        let agency: AgencyCode = "000.30.00.H92".parse().unwrap();
        let reception = Some(Actor {
            account_id: AccountId(3),
            username: "tiepnhan1.ninhkieu".into(),
            role: Role::Reception,
        });
        let specialist = Some(Actor {
            account_id: AccountId(5),
            username: "chuyenvien1.ninhkieu".into(),
            role: Role::Specialist,
        });
        let steps = [
            (
                reception.clone(),
                Action::Accept {
                    appointment: "2026-11-27T10:00:00Z".parse().unwrap(),
                },
            ),
            (
                reception,
                Action::HandOver {
                    to_agency: agency.clone(),
                    to_account: Some(crate::ids::AccountId(5)),
                    note: String::new(),
                },
            ),
            (
                specialist,
                Action::DraftResult {
                    summary: "Trích lục khai sinh".into(),
                },
            ),
        ];
        let mut state = State::default();
        let mut events: Vec<Event> = Vec::new();
        for (i, (actor, action)) in steps.into_iter().enumerate() {
            let roles: Vec<Role> = actor.iter().map(|a| a.role).collect();
            let to = state.decide(&action, &roles, &Rules::default()).unwrap();
            let at = "2026-11-26T01:00:00Z".parse::<Timestamp>().unwrap()
                + jiff::SignedDuration::from_mins(i as i64 * 30);
            let e = Event::next(
                events.last(),
                CODE,
                at,
                actor,
                agency.clone(),
                state.status,
                to,
                action.clone(),
            );
            state.apply(&action, to, &agency);
            events.push(e);
        }
        events
    }

    #[test]
    fn an_untouched_chain_verifies_and_replays() {
        let events = chain();
        let state = verify(&events).unwrap();
        assert_eq!(state.status, Some(Status::InProgress));
        assert!(state.result_drafted);
        assert_eq!(events[0].prev_hash, genesis(CODE));
        assert_eq!(events[1].prev_hash, events[0].hash);
        assert_eq!(events[0].hash.len(), 64);
    }

    #[test]
    fn tampering_is_detected_at_the_first_broken_event() {
        let mut changed = chain();
        changed[1].at += jiff::SignedDuration::from_hours(1);
        assert_eq!(verify(&changed).unwrap_err().seq, 2);
        assert!(verify(&changed)
            .unwrap_err()
            .reason
            .contains("content was changed"));

        let mut removed = chain();
        removed.remove(1);
        assert_eq!(verify(&removed).unwrap_err().seq, 3);

        let mut rehashed = chain();
        rehashed[0].actor = None;
        rehashed[0].hash = rehashed[0].compute_hash();
        let e = verify(&rehashed).unwrap_err();
        assert_eq!(
            (e.seq, e.reason.contains("prev_hash")),
            (2, true),
            "recomputing one hash breaks the next link"
        );

        let mut reordered = chain();
        reordered.swap(1, 2);
        assert_eq!(verify(&reordered).unwrap_err().seq, 3);
    }

    /// The hash is the SHA-256 of the event's JSON in a fixed field order:
    /// events already stored must verify with every later version.
    #[test]
    fn the_hash_formula_does_not_change() {
        for e in chain() {
            let content = Hashed {
                dossier_code: &e.dossier_code,
                seq: e.seq,
                at: &e.at,
                actor: &e.actor,
                agency: &e.agency,
                from: &e.from,
                to: &e.to,
                action: &e.action,
                prev_hash: &e.prev_hash,
            };
            let json = serde_json::to_vec(&content).unwrap();
            assert_eq!(e.hash, hex::encode(Sha256::digest(&json)));
        }
        assert_eq!(
            chain()[0].hash,
            "b3ef190565232db1ba65c0236467fc262638fba698bd606b820f5632226ac939",
            "pinned"
        );
    }

    #[test]
    fn instants_are_hashed_to_the_second() {
        let agency: AgencyCode = "000.30.00.H92".parse().unwrap();
        let precise: Timestamp = "2026-11-26T01:00:00.123456789Z".parse().unwrap();
        let e = Event::next(
            None,
            CODE,
            precise,
            None,
            agency,
            None,
            Status::Registered,
            Action::Submit,
        );
        assert_eq!(e.at, "2026-11-26T01:00:00Z".parse::<Timestamp>().unwrap());
        verify(&[e]).unwrap();
    }

    #[test]
    fn a_forged_transition_fails_the_replay() {
        let mut forged = chain();
        forged[2].from = Some(Status::Processed);
        forged[2].hash = forged[2].compute_hash();
        let e = verify(&forged).unwrap_err();
        assert_eq!(e.seq, 3);
        assert!(e.reason.contains("starts from status"), "{e}");
    }
}
