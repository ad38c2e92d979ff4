//! Intake at the counter: the applicant, the documents handed in, the
//! decision to receive or refuse.

use motcua_calendar::{from_timestamp, to_timestamp};
use motcua_domain::catalog::{Channel, Procedure};
use motcua_domain::dossier::lifecycle::{Action, Rules};
use motcua_domain::i18n::Message;
use motcua_domain::person::{Cccd, Phone};
pub use motcua_store::ResultChannel;
use motcua_store::{
    Applicant, ApplicantRecordUse, CenterId, DossierRecord, HandedIn, IntakeDetails, NewDossier,
    TicketId,
};
use serde::{Deserialize, Serialize};

use super::{actor, lifecycle_error};
use crate::auth::Principal;
use crate::{AppState, WebError};

fn one() -> u32 {
    1
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicantIn {
    #[schema(max_length = 200)]
    pub name: String,
    /// CCCD: 12 digits, the first three a province code.
    #[schema(max_length = 20)]
    pub id_number: Option<String>,
    /// A Vietnamese number: 0… or +84…
    #[schema(max_length = 20)]
    pub phone: Option<String>,
    #[schema(max_length = 254)]
    pub email: Option<String>,
    #[serde(default)]
    #[schema(max_length = 300)]
    pub address: String,
}

/// A document handed in at the counter.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ComponentIn {
    #[schema(max_length = 300)]
    pub name: String,
    #[serde(default = "one")]
    #[schema(minimum = 1, maximum = 100)]
    pub count: u32,
    /// A plain copy with the original shown counts as the original (Official
    /// Dispatch 8835/VPCP-KSTT).
    #[serde(default)]
    pub original_shown: bool,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Decision {
    Accept,
    Refuse {
        #[schema(max_length = 2000)]
        reasons: String,
    },
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IntakeIn {
    pub center_id: CenterId,
    #[schema(max_length = 40)]
    pub procedure_code: String,
    /// in-person (default), online or post.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub channel: Option<Channel>,
    pub applicant: ApplicantIn,
    /// When the applicant's identity number is known with other details: why
    /// the shared record should change (a new phone, a new address). Without
    /// it the record stays as it is and the dossier keeps what was given.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub applicant_update_reason: Option<String>,
    #[serde(default)]
    #[schema(max_items = 60)]
    pub components: Vec<ComponentIn>,
    /// Pages of the original, for fees charged per page.
    #[serde(default = "one")]
    #[schema(minimum = 1, maximum = 5000)]
    pub pages: u32,
    #[serde(default = "one")]
    #[schema(minimum = 1, maximum = 100)]
    pub copies: u32,
    #[serde(default)]
    pub result_channel: ResultChannel,
    pub decision: Decision,
    /// The queue ticket this counter called for the applicant: the dossier
    /// is linked to it (one ticket may bring several dossiers).
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    pub ticket_id: Option<TicketId>,
    /// The procedure's declaration form as filled with the applicant (keys
    /// as the form defines them, see `GET /api/v1/procedures/{code}`); left
    /// out when a paper form was handed in.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub declaration: Option<serde_json::Value>,
}

/// Receives (or refuses) a dossier at the counter, as the API and the counter
/// page both do it.
pub async fn receive(
    state: &AppState,
    p: &Principal,
    body: IntakeIn,
    idempotency: Option<String>,
) -> Result<DossierRecord, WebError> {
    use crate::input::{self, max};
    let (center, version) =
        center_and_procedure(state, body.center_id, &body.procedure_code).await?;
    let code = version.procedure.code.clone();
    let roles = p.roles_at(center.id);
    if !roles.iter().any(|r| r.works_at_counter()) {
        return Err(WebError::Forbidden(Message::new(
            "denied-receive-reception-only",
        )));
    }
    let procedure = &version.procedure;
    let channel = body.channel.unwrap_or(Channel::InPerson);
    if !procedure.channels.contains(&channel) {
        return Err(input::invalid(
            "channel",
            Message::new("error-channel-not-offered")
                .with("channel", Message::new(channel.label_key())),
        ));
    }
    let applicant = parse_applicant(body.applicant)?;
    let components = parse_components(body.components)?;
    let pages = input::within("pages", body.pages, 1, max::PAGES)?;
    let copies = input::within("copies", body.copies, 1, max::COPIES)?;
    let applicant_record = match body.applicant_update_reason.as_deref() {
        Some(r) if !r.trim().is_empty() => ApplicantRecordUse::Update {
            account_id: p.account.id,
            reason: input::required_line("applicant_update_reason", r, max::REASON)?,
        },
        _ => ApplicantRecordUse::LinkOrCreate,
    };
    if applicant_record == ApplicantRecordUse::LinkOrCreate {
        same_person_or_reason(state, p, &applicant).await?;
    }
    let ticket_id = match body.ticket_id {
        Some(t) => Some(super::queue::ticket_for_intake(state, p, center.id, t).await?),
        None => None,
    };
    let now = state.now();
    let cal = state.calendar(&center.office_hours);
    let action = match body.decision {
        Decision::Accept => {
            let missing = missing_components(procedure, &components);
            if !missing.is_empty() {
                let list = missing.join("; ");
                return Err(input::invalid(
                    "components",
                    Message::new("error-mandatory-documents-missing-list")
                        .with("list", list.to_string()),
                ));
            }
            let appointment = to_timestamp(cal.due(from_timestamp(now), procedure.time_limit));
            Action::Accept { appointment }
        }
        Decision::Refuse { reasons } => Action::Refuse {
            reasons: input::required_text("reasons", &reasons, max::REASON)?,
        },
    };
    let to = motcua_domain::dossier::lifecycle::State::default()
        .decide(&action, &roles, &Rules::default())
        .map_err(lifecycle_error)?;
    let details = IntakeDetails {
        procedure_name: procedure.name.clone(),
        components,
        pages,
        copies,
        fee: procedure.fee.amount(pages) * i64::from(copies),
        result_channel: body.result_channel,
        time_limit: Some(procedure.time_limit),
        demo: false,
        declaration: super::declaration::fill(procedure, body.declaration.as_ref(), false)?,
    };
    let notices =
        super::notify::for_intake(state, center.id, &applicant, &details, &action, to, now).await?;
    let record = state
        .store
        .open_dossier(&NewDossier {
            center_id: center.id,
            agency: center.agency_code.clone(),
            procedure_code: code,
            procedure_version_id: version.id,
            channel,
            applicant,
            details,
            at: now,
            actor: actor(p, &roles, &action),
            action,
            to,
            idempotency_key: idempotency,
            notices,
            applicant_record,
            ticket_id,
            then: Vec::new(),
        })
        .await?;
    Ok(record)
}

/// A CCCD is one person's. Known under another name, it is a typing mistake
/// (of the number or the name) or a change of name: the officer corrects
/// one, or gives the reason the applicant's record changes. Never both
/// people's details mixed on one record.
async fn same_person_or_reason(
    state: &AppState,
    p: &Principal,
    applicant: &motcua_store::Applicant,
) -> Result<(), WebError> {
    let Some(id) = &applicant.id_number else {
        return Ok(());
    };
    let fold = motcua_domain::text::fold;
    let known = state.store.find_applicants(id.as_str()).await?;
    let Some(other) = known.iter().find(|r| {
        r.applicant.id_number.as_ref() == Some(id)
            && fold(&r.applicant.name) != fold(&applicant.name)
    }) else {
        return Ok(());
    };
    // Staff who may receive may also look the number up; the read is logged
    // as that lookup would be.
    crate::privacy::record(state, p, None, id.as_str(), "intake:cccd-check").await?;
    Err(crate::input::invalid(
        "applicant.id_number",
        Message::new("error-cccd-known-under-another-name")
            .with("name", other.applicant.name.clone()),
    ))
}

pub(crate) fn parse_applicant(a: ApplicantIn) -> Result<Applicant, WebError> {
    use crate::input::{self, max};
    let name = input::required_line("applicant.name", &a.name, max::NAME)?;
    let address = input::line("applicant.address", &a.address, max::ADDRESS)?;
    let id_number = match a
        .id_number
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        Some(v) => {
            let v = input::line("applicant.id_number", v, max::ID_NUMBER)?;
            Some(
                v.parse::<Cccd>()
                    .map_err(|e| input::invalid("applicant.id_number", e.message()))?,
            )
        }
        None => None,
    };
    let phone = match a.phone.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => {
            let v = input::line("applicant.phone", v, max::PHONE)?;
            Some(
                v.parse::<Phone>()
                    .map_err(|e| input::invalid("applicant.phone", e.message()))?,
            )
        }
        None => None,
    };
    Ok(Applicant {
        name,
        id_number,
        phone,
        email: input::email("applicant.email", a.email.as_deref())?,
        address,
    })
}

/// The components handed in, cleaned and within their limits.
pub(crate) fn parse_components(given: Vec<ComponentIn>) -> Result<Vec<HandedIn>, WebError> {
    use crate::input::{self, max};
    input::at_most("components", &given, max::COMPONENTS)?;
    given
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            Ok(HandedIn {
                name: input::required_line(
                    &format!("components[{i}].name"),
                    &c.name,
                    max::COMPONENT_NAME,
                )?,
                count: input::within(
                    &format!("components[{i}].count"),
                    c.count,
                    1,
                    max::COMPONENT_COUNT,
                )?,
                original_shown: c.original_shown,
            })
        })
        .collect()
}

/// Mandatory components of the procedure that were not handed in (by name, at
/// least the required count).
fn missing_components(p: &Procedure, given: &[HandedIn]) -> Vec<String> {
    let key = motcua_domain::text::fold;
    p.components
        .iter()
        .filter(|c| c.mandatory)
        .filter(|c| {
            !given
                .iter()
                .any(|g| key(&g.name) == key(&c.name) && g.count >= u32::from(c.count))
        })
        .map(|c| c.name.clone())
        .collect()
}

/// The center and the current version of a procedure it receives; each
/// problem names its field.
pub(crate) async fn center_and_procedure(
    state: &AppState,
    center_id: CenterId,
    code: &str,
) -> Result<(motcua_store::Center, motcua_store::ProcedureVersion), WebError> {
    use crate::input::invalid;
    let center = state
        .store
        .center(center_id)
        .await?
        .ok_or_else(|| invalid("center_id", Message::new("error-no-such-center")))?;
    let code: motcua_domain::ProcedureCode = code
        .trim()
        .parse()
        .map_err(|e: motcua_domain::CodeError| invalid("procedure_code", e.message()))?;
    let version = state.store.procedure(&code).await?.ok_or_else(|| {
        invalid(
            "procedure_code",
            Message::new("error-no-procedure-code").with("code", code.to_string()),
        )
    })?;
    if !state.store.jurisdiction(center.id).await?.contains(&code) {
        return Err(invalid(
            "procedure_code",
            Message::new("error-this-center-does-not-receive").with("code", code.to_string()),
        ));
    }
    Ok((center, version))
}
