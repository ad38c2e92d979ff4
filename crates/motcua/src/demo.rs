//! The demo on a terminal: motcua-demo seeds the database, and the history
//! load shows here as a progress bar.

use std::sync::OnceLock;

use indicatif::{ProgressBar, ProgressStyle};
use motcua_demo::seed::{DemoOptions, DemoSummary, Progress};
use motcua_store::Store;

/// A progress bar for long work on a terminal (hidden when not a terminal).
pub fn progress_bar(len: u64, unit: &str) -> ProgressBar {
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} [{{elapsed_precise}}] {{bar:40}} {{pos}}/{{len}} {unit} {{msg}}"
        ))
        .expect("valid template"),
    );
    pb
}

/// The history load's days, made when the load begins so that its clock
/// counts the load alone.
#[derive(Default)]
struct DaysBar(OnceLock<ProgressBar>);

impl Progress for DaysBar {
    fn begin(&self, days: u64) {
        let _ = self.0.set(progress_bar(days, "ngày / days"));
    }

    fn day(&self, days: u64, dossiers: u64) {
        if let Some(pb) = self.0.get() {
            pb.set_position(days);
            pb.set_message(format!("{dossiers} hồ sơ / dossiers"));
        }
    }

    fn end(&self) {
        if let Some(pb) = self.0.get() {
            pb.finish_and_clear();
        }
    }
}

/// Fills an empty database with the demo province, showing the history load.
pub async fn seed(store: &dyn Store, opts: &DemoOptions) -> anyhow::Result<DemoSummary> {
    motcua_demo::seed::seed(store, opts, &DaysBar::default()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    /// At 10:00 on the last day, the demo holds that morning's dossiers and
    /// nothing later: no receipt, no step, no lifecycle dossier after `now`.
    #[tokio::test]
    async fn nothing_happens_after_now() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("demo.sqlite").display());
        let store = motcua_store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        let now: Timestamp = "2026-11-25T03:00:00Z".parse().unwrap(); // 10:00 in Vietnam
        let opts = DemoOptions {
            communes: 2,
            days: 2,
            seed: 3,
            until: jiff::civil::date(2026, 11, 25),
            now,
        };
        let summary = seed(&*store, &opts).await.unwrap();
        let report = crate::audit::verify(&*store, motcua_domain::Locale::En)
            .await
            .unwrap();
        assert_eq!(report.dossiers, summary.dossiers);
        let mut after = 0;
        let (mut today, mut last) = (0, Timestamp::MIN);
        let mut from = 0;
        loop {
            let chains = store.event_chains(from, 500).await.unwrap();
            let Some((id, _)) = chains.last() else { break };
            from = id.0;
            for (_, events) in &chains {
                after += events.iter().filter(|e| e.at > now).count();
                last = last.max(events.last().unwrap().at);
                if motcua_calendar::from_timestamp(events[0].at).date() == opts.until {
                    today += 1;
                }
            }
        }
        assert_eq!(after, 0, "events after now");
        assert!(last > now - jiff::SignedDuration::from_hours(1), "{last}");
        assert!(
            (1..4 * 50).contains(&today),
            "only the morning of the last day: {today}"
        );
    }
}
