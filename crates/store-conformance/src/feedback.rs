//! Opinions and complaints (PAKN): codes per center and day without gaps,
//! a repeat noted when the same sender writes about the same thing again,
//! each step guarded by the row's version (a stale one writes nothing) and
//! recorded in the history, the portal's list holding only published texts.

use motcua_domain::feedback::{decide, Category, FeedbackStatus, Step, Workflow};
use motcua_domain::queue::rating::Satisfaction;
use motcua_store::{FeedbackChange, FeedbackFilter, NewFeedback, Store, StoreError};

use crate::*;

fn at(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

fn change(
    w: Workflow,
    step: &Step,
    actor: Option<motcua_store::AccountId>,
    t: &str,
) -> FeedbackChange {
    FeedbackChange {
        workflow: w,
        step: step.code().into(),
        actor_id: actor,
        note: String::new(),
        at: at(t),
    }
}

pub async fn feedback_is_numbered_handled_in_guarded_steps_and_published(store: &dyn Store) {
    let (center, version) = intake_ready(store).await;
    let officer = seed_account(store).await;
    let dossier = store
        .open_dossier(&new_dossier(
            center,
            version,
            "2026-11-26T02:00:00Z",
            "092190001234",
            "0912000001",
        ))
        .await
        .unwrap();
    let cal = motcua_calendar::WorkCalendar::default();
    let new = |t: &str, category, dossier_id, contact: &str| NewFeedback {
        center_id: center,
        day: motcua_calendar::from_timestamp(at(t)).date(),
        dossier_id,
        category,
        content: "Cán bộ Lê Thị Hoa hẹn 3 lần, gọi 0912 000 001 không ai nghe.".into(),
        sender_name: "Nguyễn Văn An".into(),
        sender_phone: Some("0912000001".into()),
        sender_email: None,
        contact_key: contact.into(),
        received_at: at(t),
    };
    let since = at("2026-10-01T00:00:00Z");
    let a = store
        .create_feedback(
            &new(
                "2026-11-26T02:00:00Z",
                Category::Delay,
                Some(dossier.id),
                "k1",
            ),
            since,
        )
        .await
        .unwrap();
    let b = store
        .create_feedback(
            &new(
                "2026-11-26T03:00:00Z",
                Category::Attitude,
                Some(dossier.id),
                "k1",
            ),
            since,
        )
        .await
        .unwrap();
    let c = store
        .create_feedback(
            &new("2026-11-26T04:00:00Z", Category::Other, None, "k2"),
            since,
        )
        .await
        .unwrap();
    // The next day in Vietnam (UTC+7) starts again at 1.
    let d = store
        .create_feedback(
            &new("2026-11-26T18:00:00Z", Category::Other, None, ""),
            since,
        )
        .await
        .unwrap();
    assert_eq!(a.code, format!("PAKN-{center}-261126-0001"));
    assert_eq!(c.code, format!("PAKN-{center}-261126-0003"));
    assert_eq!(d.code, format!("PAKN-{center}-261127-0001"));
    assert_eq!(
        a.dossier_code.as_deref(),
        Some(dossier.code.to_string().as_str())
    );
    // Same sender, same dossier: a repeat; another sender, or none known: not.
    assert_eq!(
        (a.repeated, b.repeated, c.repeated, d.repeated),
        (false, true, false, false)
    );
    assert_eq!(a.workflow, Workflow::received(at("2026-11-26T02:00:00Z")));
    assert_eq!(store.feedback(&a.code).await.unwrap().unwrap(), a);
    assert!(store
        .feedback("PAKN-0-000000-0000")
        .await
        .unwrap()
        .is_none());

    // Assign, then a step decided on the stale version is refused whole.
    let step = Step::Assign { to: officer };
    let w = decide(&a.workflow, &step, at("2026-11-26T05:00:00Z"), &cal).unwrap();
    let a2 = store
        .change_feedback(
            a.id,
            a.version,
            &change(w, &step, Some(officer), "2026-11-26T05:00:00Z"),
        )
        .await
        .unwrap();
    assert_eq!(a2.workflow.status, FeedbackStatus::Handling);
    assert_eq!(a2.workflow.assigned_to, Some(officer));
    assert!(a2.assigned_name.is_some());
    let refuse = Step::Refuse { reason: "x".into() };
    let stale = decide(&a.workflow, &refuse, at("2026-11-26T05:01:00Z"), &cal).unwrap();
    let err = store
        .change_feedback(
            a.id,
            a.version,
            &change(stale, &refuse, Some(officer), "2026-11-26T05:01:00Z"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    assert_eq!(store.feedback(&a.code).await.unwrap().unwrap(), a2);

    // Answer, publish, rate: the whole workflow comes back as written.
    let mut cur = a2;
    for (step, t) in [
        (
            Step::Answer {
                text: "Đã chấn chỉnh.".into(),
                by: officer,
            },
            "2026-11-27T02:00:00Z",
        ),
        (
            Step::Publish {
                question: "Cán bộ *** hẹn 3 lần".into(),
                answer: "Đã chấn chỉnh.".into(),
            },
            "2026-11-27T03:00:00Z",
        ),
        (
            Step::Rate {
                rating: Satisfaction::Satisfied,
                comment: "Tốt".into(),
            },
            "2026-11-27T04:00:00Z",
        ),
    ] {
        let w = decide(&cur.workflow, &step, at(t), &cal).unwrap();
        cur = store
            .change_feedback(
                cur.id,
                cur.version,
                &change(w.clone(), &step, Some(officer), t),
            )
            .await
            .unwrap();
        assert_eq!(cur.workflow, w);
    }
    assert_eq!(cur.workflow.status, FeedbackStatus::Published);
    let history = store.feedback_history(a.id).await.unwrap();
    let names: Vec<&str> = history.iter().map(|h| h.step.as_str()).collect();
    assert_eq!(names, ["send", "assign", "answer", "publish", "rate"]);
    assert_eq!(
        (history[2].from, history[2].to),
        (FeedbackStatus::Handling, FeedbackStatus::Answered)
    );

    // Lists: by center and status, by dossier; the period; the portal.
    let all = FeedbackFilter {
        centers: Some(vec![center]),
        limit: 50,
        ..Default::default()
    };
    assert_eq!(store.feedback_list(&all).await.unwrap().len(), 4);
    let received = FeedbackFilter {
        status: Some(FeedbackStatus::Received),
        ..all.clone()
    };
    assert_eq!(store.feedback_list(&received).await.unwrap().len(), 3);
    let of_dossier = FeedbackFilter {
        dossier_id: Some(dossier.id),
        centers: None,
        ..all.clone()
    };
    let codes: Vec<String> = store
        .feedback_list(&of_dossier)
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.code)
        .collect();
    assert_eq!(codes, [b.code.clone(), a.code.clone()]);
    let none = FeedbackFilter {
        centers: Some(vec![]),
        ..all.clone()
    };
    assert!(store.feedback_list(&none).await.unwrap().is_empty());
    let period = store
        .feedback_received_between(
            center,
            at("2026-11-26T00:00:00Z"),
            at("2026-11-26T17:00:00Z"),
        )
        .await
        .unwrap();
    assert_eq!(period.len(), 3);
    let public = store
        .published_feedback(Some(center), None, 20)
        .await
        .unwrap();
    assert_eq!(public.len(), 1);
    assert_eq!(public[0].question, "Cán bộ *** hẹn 3 lần");
    assert_eq!(public[0].code, a.code);
    assert_eq!(
        store
            .published_feedback(None, Some("chan chinh"), 20)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(store
        .published_feedback(None, Some("không có"), 20)
        .await
        .unwrap()
        .is_empty());
}
