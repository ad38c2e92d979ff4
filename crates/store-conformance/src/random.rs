//! A seeded random run of the lifecycle through a store, for the tests that
//! compare what different paths count.

use jiff::Timestamp;
use motcua_domain::catalog::Channel;
use motcua_domain::org::Role;
use motcua_store::{Actor, Store};

use crate::*;

/// A seeded run of random lifecycle steps through the store, as officers and
/// citizens would take them: `dossiers` dossiers opened over four days (some
/// online, some received before 07:00 Vietnam time, which is the day before
/// in UTC), then `steps` actions, each one the lifecycle allows at that moment,
/// at instants that move forward by up to a day (so some dossiers finish
/// late). Each dossier keeps its own clock; steps that move a dossier
/// forward are chosen more often than detours. Returns the center.
pub async fn random_lifecycle_run(
    store: &dyn Store,
    seed: u64,
    dossiers: usize,
    steps: usize,
) -> motcua_store::CenterId {
    use motcua_domain::dossier::lifecycle::Rules;
    use motcua_domain::Vnd;
    use motcua_store::{Action, Status};
    let (center, version) = intake_ready(store).await;
    // xorshift64*: reproducible without a dependency.
    let mut state = seed.max(1);
    let mut next = move |n: u64| {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    };
    let mut records = Vec::new();
    for i in 0..dossiers {
        let day = 23 + next(4);
        // 22:00-23:59 UTC is the next morning in Vietnam.
        let hour = [0, 2, 6, 22, 23][next(5) as usize];
        let at = format!("2026-11-{day:02}T{hour:02}:{:02}:00Z", next(60));
        let mut d = new_dossier(
            center,
            version,
            &at,
            &format!("0921{i:08}"),
            &format!("09{i:08}"),
        );
        d.action = Action::Accept {
            appointment: d.at + jiff::SignedDuration::from_hours(24 + next(72) as i64),
        };
        if next(3) == 0 {
            d.channel = Channel::Online;
            d.action = Action::Submit;
            d.to = Status::Registered;
            d.actor = None;
        }
        records.push(store.open_dossier(&d).await.unwrap());
    }
    let mut clocks: Vec<Timestamp> = records.iter().map(|r| r.received_at).collect();
    let actor = |role: Role| {
        Some(Actor {
            account_id: motcua_store::AccountId(1),
            username: format!("{}.ninhkieu", role.code()),
            role,
        })
    };
    for _ in 0..steps {
        let i = next(records.len() as u64) as usize;
        clocks[i] += jiff::SignedDuration::from_mins(10 + next(12 * 60) as i64);
        let clock = clocks[i];
        let later = clock + jiff::SignedDuration::from_hours(1 + next(96) as i64);
        let candidates = [
            Action::Accept { appointment: later },
            Action::Refuse {
                reasons: "Thiếu giấy tờ".into(),
            },
            Action::HandOver {
                to_agency: code(AGENCY),
                to_account: Some(motcua_store::AccountId(2)),
                note: String::new(),
            },
            Action::RequestSupplement {
                items: vec!["Bản sao CCCD".into()],
                reason: "Thiếu".into(),
            },
            Action::ReceiveSupplement { appointment: later },
            Action::RequestPayment {
                amount: Vnd(50_000),
                note: "Lệ phí".into(),
            },
            Action::ConfirmPayment,
            Action::DraftResult {
                summary: "Kết quả".into(),
            },
            Action::RejectDraft {
                reason: "Sửa lại".into(),
            },
            Action::Approve,
            Action::Extend {
                appointment: later,
                reason: "Chờ xác minh".into(),
            },
            Action::Withdraw {
                reason: "Rút".into(),
            },
            Action::Stop {
                reason: "Dừng".into(),
            },
            Action::Digitize,
            Action::Return {
                received_by: "Nguyễn Văn An".into(),
                by_post: next(2) == 0,
            },
        ];
        // Lifecycle-ending actions are rarer, so that dossiers live a while.
        let allowed: Vec<(Action, Role, Status)> = candidates
            .into_iter()
            .filter(|a| !matches!(a, Action::Withdraw { .. } | Action::Stop { .. }) || next(8) == 0)
            .filter_map(|a| {
                let role = *a.roles().first()?;
                let to = records[i]
                    .state
                    .decide(&a, &[role], &Rules::default())
                    .ok()?;
                Some((a, role, to))
            })
            .collect();
        if allowed.is_empty() {
            continue;
        }
        let forward: Vec<&(Action, Role, Status)> = allowed
            .iter()
            .filter(|(a, ..)| {
                matches!(
                    a,
                    Action::Accept { .. }
                        | Action::HandOver { .. }
                        | Action::ReceiveSupplement { .. }
                        | Action::ConfirmPayment
                        | Action::DraftResult { .. }
                        | Action::Approve
                        | Action::Return { .. }
                )
            })
            .collect();
        let (action, role, to) = if !forward.is_empty() && next(3) != 0 {
            forward[next(forward.len() as u64) as usize].clone()
        } else {
            allowed[next(allowed.len() as u64) as usize].clone()
        };
        let r = &records[i];
        records[i] = store
            .append_event(
                r.id,
                r.last_seq,
                clock,
                actor(role),
                &code(AGENCY),
                &action,
                to,
            )
            .await
            .unwrap();
    }
    center
}
