//! Random sequences of actions by random roles against the dossier lifecycle.

use jiff::Timestamp;
use motcua_domain::dossier::event::{verify, Actor, Event};
use motcua_domain::dossier::lifecycle::{Action, Rules, State};
use motcua_domain::dossier::Status;
use motcua_domain::org::Role;
use motcua_domain::{AgencyCode, Vnd};
use proptest::prelude::*;

fn action() -> impl Strategy<Value = Action> {
    let t = |h: i64| Timestamp::from_second(1_790_000_000 + h * 3600).unwrap();
    prop_oneof![
        Just(Action::Submit),
        (0i64..100).prop_map(move |h| Action::Accept { appointment: t(h) }),
        Just(Action::Refuse {
            reasons: "Không thuộc thẩm quyền".into()
        }),
        Just(Action::HandOver {
            to_agency: "000.00.01.H92".parse().unwrap(),
            to_account: Some(motcua_domain::ids::AccountId(2)),
            note: String::new()
        }),
        Just(Action::RequestSupplement {
            items: vec!["Tờ khai".into()],
            reason: "Thiếu".into()
        }),
        (0i64..300).prop_map(move |h| Action::ReceiveSupplement { appointment: t(h) }),
        Just(Action::RequestPayment {
            amount: Vnd(50_000),
            note: String::new()
        }),
        Just(Action::ConfirmPayment),
        Just(Action::DraftResult {
            summary: "Kết quả".into()
        }),
        Just(Action::RejectDraft {
            reason: "Sai tên".into()
        }),
        Just(Action::Approve),
        (0i64..300).prop_map(move |h| Action::Extend {
            appointment: t(h),
            reason: "Cần xác minh".into()
        }),
        Just(Action::Withdraw {
            reason: "Rút".into()
        }),
        Just(Action::Stop {
            reason: "Dừng".into()
        }),
        Just(Action::Digitize),
        Just(Action::IssueEResult),
        (1u32..4).prop_map(|n| Action::Certify {
            register: motcua_domain::dossier::certify::RegisterNumber {
                year: 2026,
                number: n
            },
            document: "Bằng tốt nghiệp".into(),
            source: "ab".repeat(32),
            pages: n,
            copies: 1,
            fee: motcua_domain::Vnd(2000 * i64::from(n)),
            copy: None,
        }),
        Just(Action::ShipByPost {
            receiver: "Nguyễn Văn A".into(),
            address: "12 Hòa Bình, phường Ninh Kiều".into(),
            tracking: None,
            postage: motcua_domain::Vnd(25_000),
            cod: motcua_domain::Vnd::ZERO,
        }),
        proptest::sample::select(motcua_domain::dossier::postal::DeliveryState::ALL.to_vec())
            .prop_map(|state| Action::PostalUpdate {
                tracking: "EB123456789VN".into(),
                state,
                note: String::new(),
                received_by: None,
            }),
        Just(Action::Return {
            received_by: "Nguyễn Văn A".into(),
            by_post: false
        }),
    ]
}

fn roles() -> impl Strategy<Value = Vec<Role>> {
    prop_oneof![
        Just(vec![]),
        proptest::sample::select(Role::ALL.to_vec()).prop_map(|r| vec![r])
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn whatever_is_allowed_keeps_the_record_sound(steps in proptest::collection::vec((action(), roles()), 1..40)) {
        let agency: AgencyCode = "000.30.00.H92".parse().unwrap();
        let code = "000.30.00.H92-261126-0001";
        let mut state = State::default();
        let mut events: Vec<Event> = Vec::new();
        for (i, (action, roles)) in steps.into_iter().enumerate() {
            let Ok(to) = state.decide(&action, &roles, &Rules::default()) else { continue };
            let before = state.clone();
            let actor = roles.first().map(|r| Actor { account_id: motcua_domain::ids::AccountId(1), username: "u".into(), role: *r });
            let at = Timestamp::from_second(1_790_000_000 + i as i64 * 60).unwrap();
            events.push(Event::next(events.last(), code, at, actor, agency.clone(), state.status, to, action.clone()));
            state.apply(&action, to, &agency);

            prop_assert!(state.supplement_count >= before.supplement_count);
            prop_assert!(state.extension_count >= before.extension_count);
            prop_assert!(state.extension_count <= 1, "at most one extension by default");
            if let Action::ShipByPost { .. } = &action {
                prop_assert!(before.in_post.is_none(), "one parcel at a time");
                prop_assert!(!roles.is_empty(), "the counter sends it, not the carrier");
            }
            if matches!(before.status, Some(Status::NotAccepted | Status::Withdrawn | Status::Stopped)) {
                prop_assert!(false, "a final status accepted {:?}", action);
            }
            if before.status == Some(Status::Returned) {
                prop_assert!(
                    matches!(action, Action::IssueEResult | Action::PostalUpdate { .. }),
                    "a returned dossier only gets its e-result or news of its parcel: {:?}", action
                );
                prop_assert_eq!(state.status, Some(Status::Returned));
            }
            if to == Status::Processed && before.status != Some(Status::Processed) {
                // Certifying is the signature itself: no draft before it.
                prop_assert!(before.result_drafted || matches!(action, Action::Certify { .. }), "approved without a draft");
            }
        }
        let replayed = verify(&events).unwrap();
        prop_assert_eq!(replayed, state);
    }
}
