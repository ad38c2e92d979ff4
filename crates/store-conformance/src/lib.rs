//! The behaviour every `motcua_store::Store` backend must have. Each public
//! async function is one test; `crates/store/tests/conformance.rs` runs all of
//! them against SQLite and PostgreSQL with [`conformance_tests!`]. A crate of
//! its own so that the production library does not carry it.

use jiff::Timestamp;
use motcua_domain::catalog::{parse_csv, Catalog, DEMO_CATALOG_CSV};
use motcua_domain::AgencyCode;

mod access;
mod attachments;
mod catalog;
mod certifications;
mod dashboards;
mod deliveries;
mod dossiers;
mod feedback;
mod guidance;
mod history;
mod lists;
mod manifests;
mod org;
mod queue;
mod random;

pub use access::*;
pub use attachments::*;
pub use catalog::*;
pub use certifications::*;
pub use dashboards::*;
pub use deliveries::*;
pub use dossiers::*;
pub use feedback::*;
pub use guidance::*;
pub use history::*;
pub use lists::*;
pub use manifests::*;
pub use org::*;
pub use queue::*;
pub use random::*;

/// The conformance functions, by name, for the per-backend test harness.
#[macro_export]
macro_rules! conformance_tests {
    ($make:path) => {
        $crate::conformance_tests!(@each $make;
            migrations_are_idempotent, organisation_round_trip, office_hours_per_center, postings_respect_validity_dates,
            duplicates_and_dangling_references_are_refused, catalog_import_versions_procedures,
            failed_import_writes_nothing, procedure_search_ignores_diacritics, jurisdiction_lists,
                        history_fills_counters_and_rollups, a_history_load_commits_in_large_steps, opening_allocates_codes_and_finds_applicants,
            events_move_the_state_and_chain, a_stale_change_is_refused_and_writes_nothing,
                        concurrent_intake_gives_gapless_codes, an_idempotency_key_opens_one_dossier,
                                    sessions_tokens_and_postings, the_inbox_lists_open_dossiers_by_appointment,
            dossiers_are_found_by_code_cccd_phone_and_name, applicant_records_change_only_through_staff,
            personal_data_reads_and_secrets, accounts_are_named_by_their_staff,
            scans_are_written_with_their_event_and_removed_with_a_trace,
            a_failed_file_change_writes_no_event_and_no_row,
            an_applicants_earlier_scans_are_offered_and_the_queue_empties,
            ocr_jobs_come_with_scans_survive_a_lost_worker_and_feed_search,
            certifications_are_numbered_without_gaps_and_found_again,
            racing_certifiers_get_gapless_numbers,
            a_parcel_is_sent_through_the_outbox_and_moved_by_its_updates,
            manifests_carry_dossiers_in_one_transaction_and_are_received_once,
            every_try_to_send_a_notice_is_kept,
            the_queue_numbers_calls_and_rates,
            the_guidance_log_links_dossiers_of_its_center_and_counts,
            feedback_is_numbered_handled_in_guarded_steps_and_published,
            the_dashboards_sum_rollups_and_find_the_dossiers_behind);
    };
    (@each $make:path; $($name:ident),*) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let Some(store) = $make().await else { return };
                $crate::$name(&*store.store).await;
            }
        )*
    };
}

pub(crate) fn no_progress(_: u64) {}

pub(crate) fn demo_catalog() -> Catalog {
    parse_csv(DEMO_CATALOG_CSV.as_bytes()).expect("demo catalog parses")
}

pub(crate) fn now() -> Timestamp {
    "2026-11-26T03:00:00Z".parse().unwrap()
}

pub(crate) fn code(s: &str) -> AgencyCode {
    s.parse().unwrap()
}
