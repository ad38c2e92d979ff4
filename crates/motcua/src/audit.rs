//! `motcua audit verify`: checks the whole record. Every dossier has events, which
//! must form an unbroken chain that replays to the stored state, and for every
//! receiving agency and day the dossiers found must match the codes issued
//! (codes have no gaps, so a dossier removed with all its events shows).

use anyhow::Context;
use motcua_domain::dossier::event;
use motcua_domain::i18n::Message;
use motcua_domain::Locale;
use motcua_store::Store;

/// A problem the audit found; the first one is reported.
#[derive(Debug)]
pub struct Broken(pub String);

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Broken {}

pub struct Report {
    pub dossiers: u64,
    pub events: u64,
    pub code_days: u64,
}

impl Report {
    /// The line printed when everything checks out.
    pub fn summary(&self, l: Locale) -> String {
        Message::new("cli-audit-intact")
            .with("dossiers", self.dossiers)
            .with("events", self.events)
            .with("days", self.code_days)
            .localize(l)
    }
}

pub async fn verify(store: &dyn Store, l: Locale) -> anyhow::Result<Report> {
    const PAGE: i64 = 2000;
    let mut report = Report {
        dossiers: 0,
        events: 0,
        code_days: 0,
    };
    let mut after = 0;
    loop {
        let chains = store
            .event_chains(after, PAGE)
            .await
            .context("reading events")?;
        let Some((last, _)) = chains.last() else {
            break;
        };
        after = last.0;
        for (id, events) in &chains {
            let replayed = event::verify(events).map_err(|e| {
                Broken(
                    Message::new("cli-audit-broken-chain")
                        .with("code", e.dossier_code.as_str())
                        .with("seq", e.seq)
                        .with("reason", e.reason.as_str())
                        .localize(l),
                )
            })?;
            let stored = store
                .dossier_by_id(*id)
                .await?
                .context("a dossier with events is missing")?;
            if stored.state != replayed || stored.last_seq != events.len() as i64 {
                return Err(Broken(
                    Message::new("cli-audit-state-mismatch")
                        .with("code", stored.code.to_string())
                        .localize(l),
                )
                .into());
            }
            report.dossiers += 1;
            report.events += events.len() as u64;
        }
    }
    // Every dossier is opened with an event: one without any has lost its record.
    let stored = store.counts().await.context("counting dossiers")?.dossiers as u64;
    if stored > report.dossiers {
        let missing = stored - report.dossiers;
        return Err(Broken(
            Message::new("cli-audit-without-events")
                .with("n", missing)
                .localize(l),
        )
        .into());
    }
    for day in store.code_days().await? {
        if day.dossiers != day.last_issued {
            return Err(Broken(
                Message::new("cli-audit-code-days")
                    .with("agency", day.agency_code.to_string())
                    .with("day", day.day.to_string())
                    .with("issued", day.last_issued)
                    .with("dossiers", day.dossiers)
                    .localize(l),
            )
            .into());
        }
        report.code_days += 1;
    }
    Ok(report)
}
