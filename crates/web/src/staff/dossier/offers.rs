//! The actions a dossier page offers, and what was typed into their forms.

use jiff::Timestamp;
use motcua_domain::dossier::lifecycle::Action;
use motcua_store::DossierRecord;

/// An action this user may take on the dossier now, and the fields it asks for.
pub struct Offer {
    pub action: &'static str,
    pub label: &'static str,
    pub fields: &'static [&'static str],
    /// Ends the dossier for good: styled apart, and asked once more.
    pub danger: bool,
}

/// Actions that end a dossier without its result: confirmed before they run.
pub(super) const DESTRUCTIVE: &[&str] = &["withdraw", "stop"];

/// What the officer typed into an action form, kept when the page comes
/// back (an error, or the question "are you sure?").
#[derive(Default)]
pub struct Typed {
    pub action: String,
    pub expected_seq: Option<i64>,
    pub reason: String,
    pub summary: String,
    pub items: String,
    pub received_by: String,
    pub to_agency: String,
    pub to_account: String,
    pub appointment: String,
    /// The action waits for the officer's confirmation.
    pub confirm: bool,
    /// The certification form: the scan chosen, pages, copies, and whether
    /// the electronic copy was unticked.
    pub cert_scan: String,
    pub cert_pages: String,
    pub cert_copies: String,
    pub cert_paper_only: bool,
    /// The form sending the result by post.
    pub ship_ward: String,
    pub ship_address: String,
    pub ship_phone: String,
    pub ship_cod: String,
}

/// (action, catalog key of its button, fields it asks for).
pub(super) const OFFERS: &[(&str, &str, &[&str])] = &[
    ("accept", "offer-accept", &[]),
    ("digitize", "offer-digitize", &[]),
    ("hand-over", "offer-hand-over", &["to_agency"]),
    (
        "request-supplement",
        "offer-request-supplement",
        &["items", "reason"],
    ),
    ("receive-supplement", "offer-receive-supplement", &[]),
    ("draft-result", "offer-draft-result", &["summary"]),
    ("reject-draft", "offer-reject-draft", &["reason"]),
    ("approve", "offer-approve", &[]),
    ("extend", "offer-extend", &["appointment", "reason"]),
    ("issue-e-result", "offer-issue-e-result", &[]),
    ("return", "offer-return", &["received_by"]),
    ("withdraw", "offer-withdraw", &["reason"]),
    ("stop", "offer-stop", &["reason"]),
];

/// A stand-in for each action, to ask the lifecycle whether it is allowed now.
pub(super) fn sample(name: &str, d: &DossierRecord, now: Timestamp) -> Option<Action> {
    let later = d.state.appointment.map_or(now, |a| a) + jiff::SignedDuration::from_hours(24 * 365);
    let agency = d
        .state
        .agency
        .clone()
        .unwrap_or_else(|| d.agency_code.clone());
    let text = || "x".to_string();
    Some(match name {
        "accept" => Action::Accept { appointment: later },
        "digitize" => Action::Digitize,
        "hand-over" => Action::HandOver {
            to_agency: agency,
            to_account: None,
            note: String::new(),
        },
        "request-supplement" => Action::RequestSupplement {
            items: vec![text()],
            reason: text(),
        },
        "receive-supplement" => Action::ReceiveSupplement { appointment: later },
        "draft-result" => Action::DraftResult { summary: text() },
        "reject-draft" => Action::RejectDraft { reason: text() },
        "approve" => Action::Approve,
        "extend" => Action::Extend {
            appointment: later,
            reason: text(),
        },
        "issue-e-result" => Action::IssueEResult,
        "return" => Action::Return {
            received_by: text(),
            by_post: false,
        },
        "withdraw" => Action::Withdraw { reason: text() },
        "stop" => Action::Stop { reason: text() },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use motcua_domain::Locale;

    #[test]
    fn every_button_has_its_words_in_the_catalog() {
        for (action, key, _) in super::OFFERS {
            for l in [Locale::Vi, Locale::En] {
                assert_ne!(l.t(key), *key, "{action} in {l}");
            }
        }
    }
}
