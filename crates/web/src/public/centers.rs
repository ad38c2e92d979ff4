//! The centers: the list, and each one's page.

use askama::Template;
use axum::extract::{Path, State};
use jiff::ToSpan;
use motcua_domain::Locale;
use motcua_store::{Center, CenterId, Posting, RollupCounts};

use super::{render, PageResult};
use crate::locale::Lang;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "centers.html")]
struct Centers {
    l: Locale,
    path: &'static str,
    centers: Vec<Center>,
}

pub async fn centers(State(s): State<AppState>, Lang(l): Lang) -> PageResult {
    render(Centers {
        l,
        path: "/trung-tam",
        centers: s.store.centers().await?,
    })
}

#[derive(Template)]
#[template(path = "center.html")]
struct CenterPage {
    l: Locale,
    path: &'static str,
    c: Center,
    staff: Vec<Posting>,
    procedures: usize,
    last30: RollupCounts,
    advice: crate::cases::queue_times::Advice,
}

impl CenterPage {
    fn hours(&self) -> String {
        motcua_domain::i18n::office_hours(&self.c.office_hours, self.l)
    }

    fn on_time_rate(&self) -> String {
        let t = &self.last30;
        self.l
            .percent(t.on_time.max(0) as u64, t.finished.max(0) as u64)
    }

    fn weekday(&self, n: &i8) -> &'static str {
        crate::staff::advice_view::weekday(self.l, *n)
    }

    fn cell_class(&self, c: &crate::cases::queue_times::AdviceCell) -> String {
        crate::staff::advice_view::cell_class(c)
    }

    fn cell_title(&self, c: &crate::cases::queue_times::AdviceCell) -> String {
        crate::staff::advice_view::cell_title(self.l, c)
    }

    fn advice_lead(&self) -> String {
        crate::staff::advice_view::lead(self.l, &self.advice)
    }
}

pub async fn center(
    State(s): State<AppState>,
    Lang(l): Lang,
    Path(id): Path<CenterId>,
) -> PageResult {
    let c = s.store.center(id).await?.ok_or(WebError::NotFound)?;
    let today = motcua_calendar::from_timestamp(s.now()).date();
    let from = today.checked_sub(30.days()).expect("date in range");
    let mut last30 = RollupCounts::default();
    for r in s.store.rollups(id, from, today).await? {
        last30 += &r.counts;
    }
    render(CenterPage {
        l,
        path: "/trung-tam",
        staff: s.store.staff_at(id, today).await?,
        procedures: s.store.jurisdiction(id).await?.len(),
        last30,
        advice: crate::cases::queue_times::center_advice(&s, id, 10.0).await?,
        c,
    })
}
