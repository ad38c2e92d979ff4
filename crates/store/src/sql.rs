//! The SQL of both backends, written once. The statements use only what SQLite
//! and PostgreSQL share (`$n` parameters, `RETURNING`, `ON CONFLICT`), and the
//! macro instantiates the [`crate::Store`] implementation for each driver.

use std::collections::HashMap;
use std::fmt::Display;
use std::str::FromStr;

use jiff::civil::Date;
use jiff::Timestamp;
use motcua_domain::dossier::DossierCode;

use crate::{CenterId, DossierId, HistoricDossier, Result, RollupCounts, State, StoreError};

pub(crate) fn parse<T: FromStr>(value: &str, what: &str) -> Result<T>
where
    T::Err: Display,
{
    value
        .parse()
        .map_err(|e| StoreError::Corrupt(format!("{what} {value:?}: {e}")))
}

pub(crate) fn timestamp(seconds: i64) -> Result<Timestamp> {
    Timestamp::from_second(seconds)
        .map_err(|e| StoreError::Corrupt(format!("instant {seconds}: {e}")))
}

/// Dates are stored as ISO text, which sorts like the dates themselves.
pub(crate) fn date_text(d: Date) -> String {
    d.to_string()
}

/// A LIKE pattern matching names whose search key holds the words in order.
pub(crate) fn like_pattern(text: &str) -> Option<String> {
    let key = motcua_domain::text::fold(text).replace(['%', '_', '\\'], " ");
    let words: Vec<&str> = key.split_whitespace().collect();
    (!words.is_empty()).then(|| format!("%{}%", words.join("%")))
}

/// The end of a dossier code as an officer reads it off a receipt.
#[derive(Debug, PartialEq)]
pub(crate) enum CodeTail {
    /// `-yyMMdd-NNNN`, the dash included.
    DaySeq(String),
    /// `NNNN`, zero-padded to the four digits codes carry.
    Seq(String),
}

/// `261127-0061` or `0061` (also `61`): the day and number, or the number
/// alone, of a dossier code. Longer digit strings are phones and CCCDs.
pub(crate) fn code_tail(text: &str) -> Option<CodeTail> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let seq = |s: &str| (digits(s) && s.len() <= 5).then(|| format!("{:0>4}", s));
    match text.trim().split_once('-') {
        Some((day, n)) if day.len() == 6 && digits(day) => {
            seq(n).map(|n| CodeTail::DaySeq(format!("-{day}-{n}")))
        }
        Some(_) => None,
        None => seq(text.trim()).map(CodeTail::Seq),
    }
}

/// (center, day, procedure)
pub(crate) type RollupKey = (CenterId, String, String);
/// (agency identifier, yyMMdd) → last sequence number
pub(crate) type Counters = HashMap<(String, String), i64>;
/// A coarser rollup's key: (center, day or month, procedure when kept).
pub(crate) type LevelKey = (CenterId, String, Option<String>);

/// The coarser rollups a set of daily ones adds to: per center and day, per
/// center and month, per center, procedure and month (table, its second key
/// column, whether it keeps the procedure, the sums).
pub(crate) fn levels<'a>(
    daily: impl IntoIterator<Item = (&'a RollupKey, &'a RollupCounts)>,
) -> [(
    &'static str,
    &'static str,
    bool,
    HashMap<LevelKey, RollupCounts>,
); 3] {
    let (mut days, mut months, mut procedures): (
        HashMap<LevelKey, RollupCounts>,
        HashMap<LevelKey, RollupCounts>,
        HashMap<LevelKey, RollupCounts>,
    ) = Default::default();
    for ((center, day, procedure), counts) in daily {
        let month = day.get(..7).unwrap_or(day).to_string();
        *days.entry((*center, day.clone(), None)).or_default() += counts;
        *months.entry((*center, month.clone(), None)).or_default() += counts;
        *procedures
            .entry((*center, month, Some(procedure.clone())))
            .or_default() += counts;
    }
    [
        ("center_day_rollups", "day", false, days),
        ("center_month_rollups", "month", false, months),
        ("procedure_month_rollups", "month", true, procedures),
    ]
}

/// (center, day, account)
pub(crate) type OfficerKey = (CenterId, String, crate::AccountId);

/// What a batch of dossiers adds to the code counters, the daily rollups and
/// the officers' figures, before it is written.
#[derive(Default)]
pub(crate) struct Gathered {
    pub counters: Counters,
    pub rollups: HashMap<RollupKey, RollupCounts>,
    pub officers: HashMap<OfficerKey, motcua_domain::dossier::rollup::OfficerCounts>,
}

impl Gathered {
    /// Adds what a dossier's record counts, at its center.
    pub fn add(
        &mut self,
        center: CenterId,
        procedure: &str,
        t: &motcua_domain::dossier::rollup::Tally,
    ) {
        *self
            .rollups
            .entry((center, date_text(t.day), procedure.to_string()))
            .or_default() += &t.counts;
        self.add_credits(center, &t.officers);
    }

    pub fn add_credits(
        &mut self,
        center: CenterId,
        credits: &[motcua_domain::dossier::rollup::Credit],
    ) {
        for c in credits {
            *self
                .officers
                .entry((center, date_text(c.day), c.account))
                .or_default() += &c.counts;
        }
    }
}

/// A historic dossier as its `dossiers` row needs it: the state its events
/// lead to and the instants the live record notes.
pub(crate) struct HistoricRow<'a> {
    pub d: &'a HistoricDossier,
    pub state: State,
    pub finished_at: Option<i64>,
    pub returned_at: Option<i64>,
}

/// What a batch of historic dossiers adds to the code counters and daily
/// rollups, counted event by event exactly as the live intake and actions
/// count them; and each dossier's row. A dossier without events is refused.
pub(crate) fn tallies<'a>(
    dossiers: &'a [HistoricDossier],
    gathered: &mut Gathered,
) -> Result<Vec<HistoricRow<'a>>> {
    let mut rows = Vec::with_capacity(dossiers.len());
    for d in dossiers {
        let code: DossierCode = parse(&d.code, "dossier code")?;
        let last = gathered
            .counters
            .entry((code.agency.to_string(), code.day_key()))
            .or_default();
        *last = (*last).max(i64::from(code.seq));

        let tally = RollupCounts::of_events(d.channel, &d.events)
            .ok_or_else(|| StoreError::Corrupt(format!("dossier {} has no event", d.code)))?;
        gathered.add(d.center_id, d.procedure_code.as_str(), &tally);
        rows.push(HistoricRow {
            d,
            state: tally.state,
            finished_at: d.finished_at().map(|t| t.as_second()),
            returned_at: d.returned_at().map(|t| t.as_second()),
        });
    }
    Ok(rows)
}

/// How an account is looked up.
pub(crate) enum AccountKey<'a> {
    Id(crate::AccountId),
    Username(&'a str),
}

/// The columns every dossier query reads, in the order `decode_dossier` expects.
pub(crate) const DOSSIER_SELECT: &str = "SELECT d.id, d.code, d.center_id, d.agency_code, d.procedure_code, d.procedure_version_id, d.channel, \
     d.applicant_id, d.applicant_name, d.applicant_id_number, d.applicant_phone, d.applicant_email, d.applicant_address, \
     d.received_at, d.details, d.state, d.last_seq \
     FROM dossiers d";

/// The columns `decode_token` reads.
pub(crate) const TOKEN_SELECT: &str =
    "SELECT id, account_id, scope, label, created_at, expires_at, revoked_at FROM api_tokens";

/// How a dossier is looked up.
pub(crate) enum DossierKey<'a> {
    Id(DossierId),
    Code(&'a DossierCode),
}

macro_rules! sql_store {
    ($store:ty, $db:ty, $backend:expr, $migrations:literal) => {
        use $crate::sql::{
            code_tail, date_text, like_pattern, parse, timestamp, AccountKey, CodeTail, DossierKey,
            DOSSIER_SELECT, TOKEN_SELECT,
        };
        use $crate::*;

        #[async_trait::async_trait]
        impl Store for $store {
            fn backend(&self) -> Backend {
                $backend
            }

            async fn migrate(&self) -> Result<()> {
                sqlx::migrate!($migrations).run(&self.write).await?;
                // A bulk load that did not finish left its indexes to build.
                self.restore_indexes(tracing::Level::WARN).await?;
                // Rollups counted by an older rule are counted again from the
                // events: the figures never mix two rules.
                let version = ReportStore::rollup_version(self).await?;
                if version < motcua_domain::dossier::rollup::RULE_VERSION {
                    let started = std::time::Instant::now();
                    let n = ReportStore::rebuild_rollups(self).await?;
                    tracing::info!(
                        dossiers = n,
                        from = version,
                        to = motcua_domain::dossier::rollup::RULE_VERSION,
                        seconds = started.elapsed().as_secs_f64(),
                        "rollups recounted by the current rule"
                    );
                }
                Ok(())
            }
        }

        $crate::org::org_sql!($store, $db, $backend);
        $crate::access::access_sql!($store, $db, $backend);
        $crate::attachments::attachment_sql!($store, $db, $backend);
        $crate::catalog::catalog_sql!($store, $db, $backend);
        $crate::certifications::certification_sql!($store, $db, $backend);
        $crate::dossiers::dossier_sql!($store, $db, $backend);
        $crate::deliveries::delivery_sql!($store, $db, $backend);
        $crate::notices::notice_sql!($store, $db, $backend);
        $crate::manifests::manifest_sql!($store, $db, $backend);
        $crate::queue::queue_sql!($store, $db, $backend);
        $crate::guidance::guidance_sql!($store, $db, $backend);
        $crate::dashboards::dashboard_sql!($store, $db, $backend);
        $crate::feedback::feedback_sql!($store, $db, $backend);
        $crate::applicants::applicant_sql!($store, $db, $backend);
        $crate::lists::list_sql!($store, $db, $backend);
        $crate::history::history_sql!($store, $db, $backend);
        $crate::jobs::job_sql!($store, $db, $backend);
        $crate::reports::report_sql!($store, $db, $backend);
    };
}

pub(crate) use sql_store;

#[cfg(test)]
mod tests {
    use super::{code_tail, CodeTail};

    #[test]
    fn code_tails_are_read_off_a_receipt() {
        assert_eq!(
            code_tail("261127-0061"),
            Some(CodeTail::DaySeq("-261127-0061".into()))
        );
        assert_eq!(code_tail(" 0061 "), Some(CodeTail::Seq("0061".into())));
        assert_eq!(code_tail("61"), Some(CodeTail::Seq("0061".into())));
        assert_eq!(code_tail("12345"), Some(CodeTail::Seq("12345".into())));
        assert_eq!(code_tail("0912000001"), None, "a phone");
        assert_eq!(code_tail("2611-0061"), None);
        assert_eq!(code_tail("261127-"), None);
        assert_eq!(code_tail("khai sinh"), None);
    }
}
