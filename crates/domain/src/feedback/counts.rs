//! The satisfaction indicators of Decision 766 for PAKN over a period: 5.1
//! PAKN by category, 5.2 handled on time, 5.3 satisfaction with the handling
//! = (PAKN − disliked − repeated − late) / PAKN, and for 5.4 the number of
//! dossiers with a PAKN.

use std::collections::BTreeSet;

use jiff::Timestamp;
use motcua_calendar::WorkCalendar;

use super::{is_handled, late_stages, Category, Workflow};
use crate::ids::DossierId;
use crate::queue::rating::Satisfaction;

/// One PAKN as the counts need it.
pub struct Counted<'a> {
    pub category: Category,
    pub dossier: Option<DossierId>,
    /// The sender wrote about the same thing before (within
    /// [`super::REPEAT_WINDOW_DAYS`]).
    pub repeated: bool,
    pub workflow: &'a Workflow,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Indicators {
    pub total: u64,
    /// 5.1: by category, every category listed.
    pub by_category: Vec<CategoryCount>,
    /// Refused, answered, published or closed.
    pub handled: u64,
    /// 5.2: handled with every step within its deadline.
    pub handled_on_time: u64,
    /// A step taken late, or a pending one past its deadline.
    pub late: u64,
    /// The sender rated the answer "not satisfied".
    pub disliked: u64,
    pub repeated: u64,
    /// 5.3: neither disliked, nor repeated, nor late (each PAKN counted once).
    pub satisfied: u64,
    /// 5.4: distinct dossiers that a PAKN was about.
    pub dossiers_with_feedback: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryCount {
    /// The category's code.
    pub category: String,
    pub count: u64,
}

/// The indicators of the PAKN received in a period, judged at `now`.
pub fn indicators(items: &[Counted<'_>], cal: &WorkCalendar, now: Timestamp) -> Indicators {
    let mut out = Indicators {
        by_category: Category::ALL
            .iter()
            .map(|c| CategoryCount {
                category: c.code().into(),
                count: 0,
            })
            .collect(),
        ..Indicators::default()
    };
    let mut dossiers = BTreeSet::new();
    for it in items {
        let w = it.workflow;
        out.total += 1;
        if let Some(c) = out
            .by_category
            .iter_mut()
            .find(|c| c.category == it.category.code())
        {
            c.count += 1;
        }
        let late = !late_stages(w, cal, now).is_empty();
        let disliked = w.rating == Some(Satisfaction::NotSatisfied);
        if is_handled(w) {
            out.handled += 1;
            if !late {
                out.handled_on_time += 1;
            }
        }
        out.late += u64::from(late);
        out.disliked += u64::from(disliked);
        out.repeated += u64::from(it.repeated);
        out.satisfied += u64::from(!late && !disliked && !it.repeated);
        if let Some(d) = it.dossier {
            dossiers.insert(d);
        }
    }
    out.dossiers_with_feedback = dossiers.len() as u64;
    out
}

#[cfg(test)]
mod tests {
    use super::super::{decide, Step};
    use super::*;
    use motcua_calendar::{to_timestamp, OfficeHours};

    fn vn(s: &str) -> Timestamp {
        to_timestamp(s.parse().unwrap())
    }

    #[test]
    fn the_counts_follow_the_formulas() {
        let cal = WorkCalendar::new(OfficeHours::default());
        let by = crate::ids::AccountId(1);
        let received = Workflow::received(vn("2026-11-02T08:00"));
        // Answered at `at`, then closed without publication.
        let answer = |at| {
            let a = decide(
                &received,
                &Step::Answer {
                    text: "a".into(),
                    by,
                },
                vn(at),
                &cal,
            )
            .unwrap();
            decide(&a, &Step::Close, vn(at), &cal).unwrap()
        };
        let on_time = answer("2026-11-05T08:00");
        let late = answer("2026-12-20T08:00");
        let disliked = decide(
            &on_time,
            &Step::Rate {
                rating: Satisfaction::NotSatisfied,
                comment: String::new(),
            },
            vn("2026-11-06T08:00"),
            &cal,
        )
        .unwrap();
        let item = |category, w, repeated, dossier| Counted {
            category,
            dossier,
            repeated,
            workflow: w,
        };
        let items = [
            item(Category::Attitude, &on_time, false, Some(DossierId(1))),
            item(Category::Attitude, &late, false, Some(DossierId(1))),
            item(Category::Delay, &disliked, false, Some(DossierId(2))),
            item(Category::Other, &on_time, true, None),
            item(Category::Other, &received, false, None),
        ];
        // Judged long after: the unanswered one is late too.
        let i = indicators(&items, &cal, vn("2027-01-15T08:00"));
        assert_eq!(i.total, 5);
        assert_eq!(
            i.by_category[0],
            CategoryCount {
                category: "attitude".into(),
                count: 2
            }
        );
        assert_eq!(i.by_category[1].count, 1);
        assert_eq!((i.handled, i.handled_on_time, i.late), (4, 3, 2));
        assert_eq!((i.disliked, i.repeated), (1, 1));
        // 5 − 1 disliked − 1 repeated − 2 late.
        assert_eq!(i.satisfied, 1);
        assert_eq!(i.dossiers_with_feedback, 2);
        // Judged the next day, the open one is not late yet.
        let early = indicators(&items, &cal, vn("2026-11-06T09:00"));
        assert_eq!((early.late, early.satisfied), (1, 2));
    }
}
