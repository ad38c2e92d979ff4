//! What the API and the forms accept: the limit of every field, declared once
//! here (the OpenAPI schema states the same numbers, checked by a test), the
//! field's name in words, and the cleaning every free text goes through.

use motcua_domain::i18n::Message;
use motcua_domain::text::{clean_line, clean_text, TextError};

use crate::WebError;

/// Characters, items or amounts at most, per field.
pub mod max {
    pub const NAME: usize = 200;
    pub const ADDRESS: usize = 300;
    pub const EMAIL: usize = 254;
    pub const REASON: usize = 2000;
    pub const NOTE: usize = 2000;
    pub const SUMMARY: usize = 4000;
    /// Items of a supplement request, and characters of each.
    pub const ITEMS: usize = 30;
    pub const ITEM: usize = 300;
    /// Components handed in with one dossier, and characters of each name.
    pub const COMPONENTS: usize = 60;
    /// Files sent in one upload (a scanner batch of one component).
    pub const SCANS_AT_ONCE: usize = 30;
    pub const COMPONENT_NAME: usize = 300;
    /// Sheets of one component.
    pub const COMPONENT_COUNT: u32 = 100;
    pub const PAGES: u32 = 5000;
    pub const COPIES: u32 = 100;
    pub const LABEL: usize = 100;
    pub const USERNAME: usize = 64;
    pub const PASSWORD: usize = 256;
    pub const IDEMPOTENCY_KEY: usize = 100;
    /// A financial obligation, in đồng.
    pub const AMOUNT: i64 = 100_000_000_000;
    /// Days an API token may live.
    pub const TOKEN_DAYS: u32 = 365;
    /// Identity numbers and phones, with spaces a person may type.
    pub const ID_NUMBER: usize = 20;
    pub const PHONE: usize = 20;
    pub const CODE: usize = 40;
}

/// The catalog key of a field's name in words (`field-reason`: "Lý do").
pub fn label(field: &str) -> &'static str {
    let last = field.rsplit('.').next().unwrap_or(field);
    let last = last.split('[').next().unwrap_or(last);
    match (field, last) {
        ("applicant.name", _) => "field-applicant-name",
        ("applicant.address", _) => "field-applicant-address",
        (_, "id_number") => "field-id-number",
        (_, "phone") => "field-phone",
        (_, "email") => "field-email",
        (_, "applicant") => "field-applicant",
        (_, "components") => "field-components",
        (_, "count") => "field-count",
        (_, "original_shown") => "field-original-shown",
        (_, "pages") => "field-pages",
        (_, "copies") => "field-copies",
        (_, "reasons") => "field-reasons",
        (_, "reason") => "field-reason",
        (_, "summary") => "field-summary",
        (_, "items") => "field-items",
        (_, "received_by") => "field-received-by",
        (_, "by_post") => "field-by-post",
        (_, "to_agency") => "field-to-agency",
        (_, "to_account") => "field-to-account",
        (_, "amount") => "field-amount",
        (_, "note") => "field-note",
        (_, "appointment") => "field-appointment",
        (_, "label") => "field-label",
        (_, "scope") => "field-scope",
        (_, "expires_in_days") => "field-expires-in-days",
        (_, "username") => "field-username",
        (_, "password" | "current_password") => "field-password",
        (_, "new_password") => "field-new-password",
        (_, "code") => "field-code",
        (_, "pin") => "field-pin",
        (_, "center_id") => "field-center-id",
        (_, "procedure_code") => "field-procedure-code",
        (_, "channel") => "field-channel",
        (_, "result_channel") => "field-result-channel",
        (_, "decision") => "field-decision",
        (_, "kind") => "field-kind",
        (_, "action") => "field-action",
        (_, "expected_seq") => "field-expected-seq",
        (_, "applicant_update_reason") => "field-applicant-update-reason",
        (_, "key") => "field-key",
        (_, "Idempotency-Key") => "field-idempotency-key",
        (_, "file") => "field-file",
        (_, "component") => "field-component",
        (_, "attachment_id") => "field-attachment-id",
        (_, "scan") => "field-scan",
        (_, "electronic") => "field-electronic",
        (_, "ward") => "field-ward",
        (_, "address") => "field-address",
        (_, "cod") => "field-cod",
        (_, "receiver") => "field-receiver",
        (_, "state") => "field-state",
        (_, "codes") => "field-codes",
        (_, "seal") => "field-seal",
        (_, "documents") => "field-documents",
        (_, "originals") => "field-originals",
        (_, "dossiers") => "field-dossiers",
        (_, "carrier_id") => "field-carrier-id",
        (_, "from_place") => "field-from-place",
        (_, "received_by_name") => "field-received-by-name",
        (_, "tallies") => "field-tallies",
        (_, "tally") => "field-tally",
        (_, "leg") => "field-leg",
        (_, "lane") => "field-lane",
        (_, "device_type") => "field-device-type",
        (_, "group_id" | "groups") => "field-service-group",
        (_, "number") => "field-counter-number",
        (_, "to_counter" | "counter") => "field-counter",
        (_, "ticket_id") => "field-ticket",
        (_, "letter") => "field-group-letter",
        (_, "name") => "field-name",
        (_, "fields") => "field-fields",
        (_, "position") => "field-position",
        (_, "rating") => "field-rating",
        (_, "survey") => "field-survey",
        (_, "comment") => "field-comment",
        (_, "target_minutes") => "field-target-minutes",
        (_, "guided_to") => "field-guided-to",
        (_, "dossier_code") => "field-dossier-code",
        (_, "month") => "field-month",
        (_, "category") => "field-feedback-category",
        (_, "content") => "field-feedback-content",
        (_, "reply") => "field-feedback-reply",
        (_, "request") => "field-feedback-request",
        (_, "answer") => "field-feedback-answer",
        (_, "question") => "field-feedback-question",
        (_, "form_token" | "website") => "field-feedback-form",
        (_, "status") => "feedback-staff-status",
        _ => "field-request",
    }
}

/// A field's error: its name in words, then the problem, each a catalog
/// message put into words where it is shown (both languages in the API's
/// JSON, the reader's on a page).
pub fn invalid(field: &str, problem: Message) -> WebError {
    WebError::invalid(
        field,
        Message::new("error-field")
            .with("field", Message::new(label(field)))
            .with("problem", problem),
    )
}

fn text_error(field: &str, e: TextError) -> WebError {
    invalid(field, e.message())
}

fn required(field: &str) -> WebError {
    invalid(field, Message::new("error-required"))
}

/// One line of text a person typed; empty is allowed.
pub fn line(field: &str, value: &str, max: usize) -> Result<String, WebError> {
    clean_line(value, max).map_err(|e| text_error(field, e))
}

/// One line of text that must not be empty.
pub fn required_line(field: &str, value: &str, max: usize) -> Result<String, WebError> {
    let v = line(field, value, max)?;
    if v.is_empty() {
        return Err(required(field));
    }
    Ok(v)
}

/// Several lines (a note) that may be empty.
pub fn line_text(field: &str, value: &str, max: usize) -> Result<String, WebError> {
    clean_text(value, max).map_err(|e| text_error(field, e))
}

/// Several lines (a summary, a reason) that must not be empty.
pub fn required_text(field: &str, value: &str, max: usize) -> Result<String, WebError> {
    let v = clean_text(value, max).map_err(|e| text_error(field, e))?;
    if v.is_empty() {
        return Err(required(field));
    }
    Ok(v)
}

/// A whole number within bounds.
pub fn within(field: &str, value: u32, min: u32, max: u32) -> Result<u32, WebError> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(invalid(
            field,
            Message::new("error-between")
                .with("min", min)
                .with("max", max),
        ))
    }
}

/// A list no longer than `max` items.
pub fn at_most<T>(field: &str, items: &[T], max: usize) -> Result<(), WebError> {
    if items.len() > max {
        return Err(invalid(
            field,
            Message::new("error-at-most-items")
                .with("max", max)
                .with("got", items.len()),
        ));
    }
    Ok(())
}

/// A simple e-mail address: one `@`, a dot in the domain, no spaces.
pub fn email(field: &str, value: Option<&str>) -> Result<Option<String>, WebError> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let v = line(field, v, max::EMAIL)?;
    let ok = v.split_once('@').is_some_and(|(user, domain)| {
        !user.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
    }) && !v.contains(char::is_whitespace);
    if !ok {
        return Err(invalid(
            field,
            Message::new("error-not-email").with("value", v),
        ));
    }
    Ok(Some(v))
}
