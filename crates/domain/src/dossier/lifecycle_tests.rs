//! Tests of the lifecycle rules: who may do what, from which status, and what the state becomes.

mod tests {
    use super::super::*;
    use Role::*;

    fn agency() -> AgencyCode {
        "000.30.00.H92".parse().unwrap()
    }

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn run(steps: &[(Action, &[Role])]) -> Result<State, LifecycleError> {
        let mut s = State::default();
        for (action, roles) in steps {
            let to = s.decide(action, roles, &Rules::default())?;
            s.apply(action, to, &agency());
        }
        Ok(s)
    }

    fn accept() -> Action {
        Action::Accept {
            appointment: at("2026-11-26T10:00:00Z"),
        }
    }

    fn hand_over() -> Action {
        Action::HandOver {
            to_agency: agency(),
            to_account: Some(crate::ids::AccountId(7)),
            note: String::new(),
        }
    }

    #[test]
    fn received_settled_returned() {
        let s = run(&[
            (accept(), &[Reception]),
            (Action::Digitize, &[Postal]),
            (hand_over(), &[Reception]),
            (
                Action::DraftResult {
                    summary: "Giấy khai sinh".into(),
                },
                &[Specialist],
            ),
            (Action::Approve, &[Leader]),
            (Action::IssueEResult, &[Leader]),
            (
                Action::Return {
                    received_by: "Nguyễn Văn A".into(),
                    by_post: false,
                },
                &[Reception],
            ),
        ])
        .unwrap();
        assert_eq!(s.status, Some(Status::Returned));
        assert!(s.digitized && s.e_result && !s.result_by_post);
        assert_eq!(s.assigned_to, Some(crate::ids::AccountId(7)));
    }

    fn certify(n: u32) -> Action {
        Action::Certify {
            register: crate::dossier::certify::RegisterNumber {
                year: 2026,
                number: n,
            },
            document: "Bằng tốt nghiệp".into(),
            source: "ab".repeat(32),
            pages: 2,
            copies: 1,
            fee: crate::Vnd(4000),
            copy: None,
        }
    }

    #[test]
    fn certifying_settles_at_once_and_only_the_leader_signs() {
        let s = run(&[(accept(), &[Reception]), (certify(1), &[Leader])]).unwrap();
        assert_eq!(s.status, Some(Status::Processed));
        // A second document of the same request.
        let s = run(&[
            (accept(), &[Reception]),
            (certify(1), &[Leader]),
            (certify(2), &[Leader]),
        ])
        .unwrap();
        assert_eq!(s.status, Some(Status::Processed));
        for role in [Reception, Postal, Specialist] {
            assert!(matches!(
                run(&[(accept(), &[Reception]), (certify(1), &[role])]),
                Err(LifecycleError::Role { .. })
            ));
        }
        assert!(matches!(
            run(&[(certify(1), &[Leader])]),
            Err(LifecycleError::NotFromStatus { .. })
        ));
    }

    fn ship() -> Action {
        Action::ShipByPost {
            receiver: "Nguyễn Văn A".into(),
            address: "12 Hòa Bình".into(),
            tracking: None,
            postage: crate::Vnd(25_000),
            cod: crate::Vnd::ZERO,
        }
    }

    fn news(state: crate::dossier::postal::DeliveryState) -> Action {
        Action::PostalUpdate {
            tracking: "EB1VN".into(),
            state,
            note: String::new(),
            received_by: Some("Nguyễn Văn A".into()),
        }
    }

    #[test]
    fn a_result_by_post_is_returned_when_the_carrier_delivers_it() {
        use crate::dossier::postal::DeliveryState::*;
        let settled = [
            (accept(), &[Reception][..]),
            (hand_over(), &[Reception]),
            (
                Action::DraftResult {
                    summary: "Giấy khai sinh".into(),
                },
                &[Specialist],
            ),
            (Action::Approve, &[Leader]),
        ];
        let mut steps = settled.to_vec();
        steps.extend([
            (ship(), &[Postal][..]),
            (news(HandedOver), &[][..]),
            (news(FailedAttempt), &[]),
            (news(InTransit), &[]),
        ]);
        let s = run(&steps).unwrap();
        assert_eq!(s.status, Some(Status::Processed), "not until delivered");
        assert!(s.in_post.is_some());
        assert!(
            matches!(
                run(&[steps.clone(), vec![(ship(), &[Postal][..])]].concat()),
                Err(LifecycleError::NotFromStatus { .. })
            ),
            "one parcel at a time"
        );
        steps.push((news(Delivered), &[]));
        let s = run(&steps).unwrap();
        assert_eq!(s.status, Some(Status::Returned));
        assert!(s.result_by_post && s.in_post.is_none());
        // Only the carrier reports, only the counter sends.
        let mut by_officer = settled.to_vec();
        by_officer.extend([
            (ship(), &[Reception][..]),
            (news(Delivered), &[Reception][..]),
        ]);
        assert!(matches!(run(&by_officer), Err(LifecycleError::Role { .. })));
        let mut by_leader = settled.to_vec();
        by_leader.push((ship(), &[Leader][..]));
        assert!(matches!(run(&by_leader), Err(LifecycleError::Role { .. })));
        // A parcel brought back: the center may send it again.
        let mut back = settled.to_vec();
        back.extend([
            (ship(), &[Postal][..]),
            (news(Returned), &[][..]),
            (ship(), &[Postal][..]),
        ]);
        assert_eq!(run(&back).unwrap().status, Some(Status::Processed));
    }

    #[test]
    fn supplement_goes_back_where_it_came_from() {
        let s = run(&[
            (accept(), &[Reception]),
            (hand_over(), &[Reception]),
            (
                Action::RequestSupplement {
                    items: vec!["Bản sao CCCD".into()],
                    reason: "Thiếu giấy tờ".into(),
                },
                &[Specialist],
            ),
        ])
        .unwrap();
        assert_eq!(
            (s.status, s.waiting_from, s.supplement_count),
            (
                Some(Status::SupplementRequested),
                Some(Status::InProgress),
                1
            )
        );
        let mut s2 = s.clone();
        let resume = Action::ReceiveSupplement {
            appointment: at("2026-11-27T10:00:00Z"),
        };
        let to = s2.decide(&resume, &[Reception], &Rules::default()).unwrap();
        s2.apply(&resume, to, &agency());
        assert_eq!(
            s2.appointment,
            Some(at("2026-11-27T10:00:00Z")),
            "the wait moved the appointment"
        );
        assert_eq!(s2.status, Some(Status::InProgress));
        // An online dossier asked for a supplement before acceptance goes back to "registered".
        let online = run(&[
            (Action::Submit, &[]),
            (
                Action::RequestSupplement {
                    items: vec!["Tờ khai".into()],
                    reason: "Chưa ký".into(),
                },
                &[Reception],
            ),
            (
                Action::ReceiveSupplement {
                    appointment: at("2026-11-27T10:00:00Z"),
                },
                &[Reception],
            ),
        ])
        .unwrap();
        assert_eq!(online.status, Some(Status::Registered));
    }

    #[test]
    fn guards_name_the_problem() {
        let s = run(&[(accept(), &[Reception])]).unwrap();
        assert_eq!(
            s.decide(&Action::Approve, &[Leader], &Rules::default()),
            Err(LifecycleError::NotFromStatus {
                action: "approve",
                status: "2".into()
            })
        );
        assert_eq!(
            s.decide(&hand_over(), &[Inspector], &Rules::default()),
            Err(LifecycleError::Role {
                action: "hand-over",
                role: "inspector".into()
            })
        );
        assert_eq!(
            s.decide(&Action::Submit, &[Reception], &Rules::default()),
            Err(LifecycleError::Role {
                action: "submit",
                role: "reception".into()
            })
        );
        assert_eq!(
            s.decide(
                &Action::Stop { reason: " ".into() },
                &[Leader],
                &Rules::default()
            ),
            Err(LifecycleError::Missing("reason"))
        );
        let in_progress = run(&[(accept(), &[Reception]), (hand_over(), &[Reception])]).unwrap();
        assert_eq!(
            in_progress.decide(&Action::Approve, &[Leader], &Rules::default()),
            Err(LifecycleError::NotDrafted)
        );
        assert!(LifecycleError::NotDrafted
            .message()
            .localize(crate::Locale::Vi)
            .contains("dự thảo"));
    }

    #[test]
    fn one_extension_by_default_and_only_later() {
        let mut s = run(&[(accept(), &[Reception]), (hand_over(), &[Reception])]).unwrap();
        let earlier = Action::Extend {
            appointment: at("2026-11-25T10:00:00Z"),
            reason: "Cần xác minh".into(),
        };
        assert_eq!(
            s.decide(&earlier, &[Leader], &Rules::default()),
            Err(LifecycleError::EarlierAppointment)
        );
        let later = Action::Extend {
            appointment: at("2026-12-01T10:00:00Z"),
            reason: "Cần xác minh".into(),
        };
        let to = s.decide(&later, &[Leader], &Rules::default()).unwrap();
        s.apply(&later, to, &agency());
        assert_eq!(
            (s.status, s.extension_count, s.appointment),
            (
                Some(Status::InProgress),
                1,
                Some(at("2026-12-01T10:00:00Z"))
            )
        );
        let again = Action::Extend {
            appointment: at("2026-12-08T10:00:00Z"),
            reason: "Lần nữa".into(),
        };
        assert_eq!(
            s.decide(&again, &[Leader], &Rules::default()),
            Err(LifecycleError::TooManyExtensions(1))
        );
        assert!(s
            .decide(&again, &[Leader], &Rules { max_extensions: 2 })
            .is_ok());
    }

    #[test]
    fn final_statuses_accept_nothing_more() {
        let withdrawn = run(&[
            (accept(), &[Reception]),
            (
                Action::Withdraw {
                    reason: "Không có nhu cầu".into(),
                },
                &[Reception],
            ),
        ])
        .unwrap();
        let refused = run(&[(
            Action::Refuse {
                reasons: "Không thuộc thẩm quyền".into(),
            },
            &[Reception],
        )])
        .unwrap();
        for s in [withdrawn, refused] {
            for a in [
                accept(),
                hand_over(),
                Action::Approve,
                Action::Digitize,
                Action::Stop { reason: "x".into() },
            ] {
                assert!(
                    matches!(
                        s.decide(&a, &[Reception, Specialist, Leader], &Rules::default()),
                        Err(LifecycleError::NotFromStatus { .. })
                    ),
                    "{a:?}"
                );
            }
        }
    }

    #[test]
    fn actions_serialise_with_their_name() {
        let a = Action::Return {
            received_by: "Lê Thị B".into(),
            by_post: true,
        };
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(
            json,
            r#"{"action":"return","received_by":"Lê Thị B","by_post":true}"#
        );
        assert_eq!(serde_json::from_str::<Action>(&json).unwrap(), a);
    }
    fn carry(
        manifest: &str,
        leg: crate::dossier::transport::Leg,
        stage: crate::dossier::transport::Stage,
    ) -> Action {
        Action::Transport {
            manifest: manifest.into(),
            leg,
            stage,
            from: "Bưu cục Cái Khế".into(),
            to: "Trung tâm".into(),
            counterpart: "Trần Thị B".into(),
            tally: None,
        }
    }

    #[test]
    fn a_postal_intake_travels_once_and_the_clock_starts_at_the_center() {
        use crate::dossier::transport::{Leg, PostedDocument, Stage};
        let intake = Action::PostalIntake {
            documents: vec![PostedDocument {
                name: "Tờ khai".into(),
                originals: 1,
                copies: 0,
            }],
            seal: "NB-0001".parse().unwrap(),
            fees: crate::Vnd(0),
            postage: crate::Vnd(25_000),
        };
        assert!(matches!(
            State::default().decide(&intake, &[Specialist], &Rules::default()),
            Err(LifecycleError::Role { .. })
        ));
        let s = run(&[
            (intake.clone(), &[Postal]),
            (
                carry("BK-2026-0001", Leg::ToCenter, Stage::Dispatched),
                &[Postal],
            ),
        ])
        .unwrap();
        assert_eq!(s.status, Some(Status::Registered));
        assert_eq!(s.appointment, None, "no clock while the post carries it");
        assert_eq!(s.in_transit.as_deref(), Some("BK-2026-0001"));
        // In one manifest at a time, received only from the one carrying it.
        for wrong in [
            carry("BK-2026-0002", Leg::ToCenter, Stage::Dispatched),
            carry("BK-2026-0002", Leg::ToCenter, Stage::Received),
        ] {
            assert!(s.decide(&wrong, &[Reception], &Rules::default()).is_err());
        }
        let mut s = s;
        let received = carry("BK-2026-0001", Leg::ToCenter, Stage::Received);
        let to = s
            .decide(&received, &[Reception], &Rules::default())
            .unwrap();
        s.apply(&received, to, &agency());
        assert_eq!(s.in_transit, None);
        let to = s
            .decide(&accept(), &[Reception], &Rules::default())
            .unwrap();
        s.apply(&accept(), to, &agency());
        assert_eq!(s.appointment, Some(at("2026-11-26T10:00:00Z")));
        // An accepted dossier goes to the agency, not back to the center.
        assert!(s
            .decide(
                &carry("BK-2026-0003", Leg::BackToCenter, Stage::Dispatched),
                &[Postal],
                &Rules::default()
            )
            .is_err());
        assert!(s
            .decide(
                &carry("BK-2026-0003", Leg::ToAgency, Stage::Dispatched),
                &[Postal],
                &Rules::default()
            )
            .is_ok());
    }

    #[test]
    fn a_postal_intake_lists_its_documents() {
        let intake = Action::PostalIntake {
            documents: vec![],
            seal: "NB-0001".parse().unwrap(),
            fees: crate::Vnd(0),
            postage: crate::Vnd(0),
        };
        assert_eq!(
            State::default().decide(&intake, &[Postal], &Rules::default()),
            Err(LifecycleError::Missing("documents"))
        );
    }
}

mod legal_appointment_tests {
    use super::super::*;

    #[test]
    fn an_extension_moves_the_citizens_appointment_not_the_legal_one() {
        let agency: AgencyCode = "000.30.00.H92".parse().unwrap();
        let t = |s: &str| s.parse::<Timestamp>().unwrap();
        let mut s = State::default();
        for (action, roles) in [
            (
                Action::Accept {
                    appointment: t("2026-11-27T10:00:00Z"),
                },
                &[Role::Reception][..],
            ),
            (
                Action::HandOver {
                    to_agency: agency.clone(),
                    to_account: None,
                    note: String::new(),
                },
                &[Role::Reception],
            ),
            (
                Action::Extend {
                    appointment: t("2026-12-04T10:00:00Z"),
                    reason: "Xác minh".into(),
                },
                &[Role::Leader],
            ),
        ] {
            let to = s.decide(&action, roles, &Rules::default()).unwrap();
            s.apply(&action, to, &agency);
        }
        assert_eq!(s.appointment, Some(t("2026-12-04T10:00:00Z")));
        assert_eq!(
            s.legal_appointment,
            Some(t("2026-11-27T10:00:00Z")),
            "the apology does not make the dossier on time"
        );
    }
}

mod error_texts {
    use super::super::*;
    use crate::Locale;

    /// The catalog's English is what the error says in logs, word for word,
    /// and the Vietnamese is filled in the same way.
    #[test]
    fn refusals_read_the_same_from_the_catalog() {
        let all = [
            LifecycleError::NotFromStatus {
                action: "approve",
                status: "accepted".into(),
            },
            LifecycleError::Role {
                action: "approve",
                role: "reception".into(),
            },
            LifecycleError::Missing("reason"),
            LifecycleError::NotDrafted,
            LifecycleError::TooManyExtensions(1200),
            LifecycleError::EarlierAppointment,
        ];
        for e in &all {
            assert_eq!(e.message().localize(Locale::En), e.to_string());
            assert!(
                !e.message().localize(Locale::Vi).starts_with("lifecycle-"),
                "{e:?}"
            );
        }
        assert_eq!(
            all[0].message().localize(Locale::Vi),
            "không thể thực hiện approve khi hồ sơ ở trạng thái accepted"
        );
        assert!(all[4].message().localize(Locale::Vi).contains("1200 lần"));
    }
}
