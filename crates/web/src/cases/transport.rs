//! Dossiers the post carries (Decision 45/2016, Circular 17/2017 Art. 5):
//! the postal employee's intake away from the center (channel 3), and the
//! manifests that carry dossiers between the center and the agencies that
//! settle them, each end signing the hand-over. A postal intake is newly
//! registered; the center accepts it, and the legal clock starts, when it
//! receives the complete dossier from the manifest.

use motcua_calendar::{from_timestamp, to_timestamp};
use motcua_domain::catalog::Channel;
use motcua_domain::dossier::lifecycle::{Action, Rules, State};
use motcua_domain::dossier::transport::{self, Leg, PostedDocument, Seal, Stage, Tally};
use motcua_domain::i18n::Message;
use motcua_domain::org::Role;
use motcua_domain::Vnd;
use motcua_store::{
    AccountId, ApplicantRecordUse, CenterId, DossierRecord, HandedIn, IntakeDetails, Manifest,
    ManifestId, ManifestLine, ManifestReceipt, NewDossier, NewEvent, NewManifest, ReceivedLine,
    StoreError,
};
use serde::Deserialize;

use super::intake::{center_and_procedure, parse_applicant, ApplicantIn, ResultChannel};
use super::{actor, lifecycle_error};
use crate::auth::Principal;
use crate::input::{self, invalid, max};
use crate::{AppState, WebError};

/// Dossiers in one manifest, at most: what one person carries in one bag.
pub const MAX_MANIFEST: usize = 100;

/// A document of a postal intake: how many originals and copies were handed in.
#[derive(Debug, Clone, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentIn {
    #[schema(max_length = 300)]
    pub name: String,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100)]
    pub originals: u32,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100)]
    pub copies: u32,
}

/// A dossier received by a postal employee away from the center (channel 3).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostalIntakeIn {
    /// The center that will receive and settle it.
    pub center_id: CenterId,
    #[schema(max_length = 40)]
    pub procedure_code: String,
    pub applicant: ApplicantIn,
    /// The list of originals and copies both sides sign.
    #[schema(max_items = 60)]
    pub documents: Vec<DocumentIn>,
    /// The number on the package's seal (4 to 20 letters, digits or dashes).
    #[schema(max_length = 20)]
    pub seal: String,
    /// Pages of the original, for fees charged per page.
    #[serde(default = "one")]
    #[schema(minimum = 1, maximum = 5000)]
    pub pages: u32,
    #[serde(default = "one")]
    #[schema(minimum = 1, maximum = 100)]
    pub copies: u32,
    #[serde(default)]
    pub result_channel: ResultChannel,
}

fn one() -> u32 {
    1
}

/// Receives a dossier at the post: the checklist against the procedure's
/// components, the list, the fees (the procedure's) and the postage.
pub async fn postal_intake(
    state: &AppState,
    p: &Principal,
    body: PostalIntakeIn,
    idempotency: Option<String>,
) -> Result<DossierRecord, WebError> {
    p.require_write()?;
    let (center, version) =
        center_and_procedure(state, body.center_id, &body.procedure_code).await?;
    let roles = p.roles_at(center.id);
    if !roles.contains(&Role::Postal) {
        return Err(WebError::Forbidden(Message::new("denied-postal-intake")));
    }
    let procedure = &version.procedure;
    if !procedure.channels.contains(&Channel::Post) {
        return Err(invalid(
            "procedure_code",
            Message::new("error-channel-not-offered")
                .with("channel", Message::new(Channel::Post.label_key())),
        ));
    }
    let applicant = parse_applicant(body.applicant)?;
    let documents = parse_documents(body.documents)?;
    let seal: Seal = input::required_line("seal", &body.seal, 20)?
        .parse()
        .map_err(|e: transport::SealError| invalid("seal", e.message()))?;
    // The checklist: what the procedure requires must be in the package, or
    // the employee guides the applicant to complete it first.
    let uncovered = transport::uncovered(&procedure.components, &documents);
    if !uncovered.is_empty() {
        return Err(invalid(
            "documents",
            Message::new("error-mandatory-documents-missing-list")
                .with("list", uncovered.join("; ")),
        ));
    }
    let pages = input::within("pages", body.pages, 1, max::PAGES)?;
    let copies = input::within("copies", body.copies, 1, max::COPIES)?;
    let fees = procedure.fee.amount(pages) * i64::from(copies);
    let postage = state
        .carrier
        .as_ref()
        .map_or(Vnd(super::postal::DEFAULT_POSTAGE), |c| c.postage);
    let action = Action::PostalIntake {
        documents: documents.clone(),
        seal,
        fees,
        postage,
    };
    let to = State::default()
        .decide(&action, &roles, &Rules::default())
        .map_err(lifecycle_error)?;
    let details = IntakeDetails {
        procedure_name: procedure.name.clone(),
        components: documents
            .iter()
            .map(|d| HandedIn {
                name: d.name.clone(),
                count: d.sheets(),
                original_shown: d.originals > 0,
            })
            .collect(),
        pages,
        copies,
        fee: fees,
        result_channel: body.result_channel,
        time_limit: Some(procedure.time_limit),
        demo: false,
        declaration: None,
    };
    let record = state
        .store
        .open_dossier(&NewDossier {
            center_id: center.id,
            agency: center.agency_code.clone(),
            procedure_code: procedure.code.clone(),
            procedure_version_id: version.id,
            channel: Channel::Post,
            applicant,
            details,
            at: state.now(),
            actor: actor(p, &roles, &action),
            action,
            to,
            idempotency_key: idempotency,
            notices: Vec::new(),
            applicant_record: ApplicantRecordUse::LinkOrCreate,
            ticket_id: None,
            then: Vec::new(),
        })
        .await?;
    Ok(record)
}

fn parse_documents(given: Vec<DocumentIn>) -> Result<Vec<PostedDocument>, WebError> {
    input::at_most("documents", &given, max::COMPONENTS)?;
    let mut out = Vec::new();
    for (i, d) in given.into_iter().enumerate() {
        let originals = input::within(
            &format!("documents[{i}].originals"),
            d.originals,
            0,
            max::COMPONENT_COUNT,
        )?;
        let copies = input::within(
            &format!("documents[{i}].copies"),
            d.copies,
            0,
            max::COMPONENT_COUNT,
        )?;
        // A row left at zero is a document not handed in.
        if originals + copies == 0 {
            continue;
        }
        out.push(PostedDocument {
            name: input::required_line(
                &format!("documents[{i}].name"),
                &d.name,
                max::COMPONENT_NAME,
            )?,
            originals,
            copies,
        });
    }
    if out.is_empty() {
        return Err(invalid("documents", Message::new("error-required")));
    }
    Ok(out)
}

/// A manifest to dispatch: which dossiers, on which leg, carried by whom.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DispatchIn {
    pub center_id: CenterId,
    /// to-center (postal intakes), to-agency, back-to-center.
    #[schema(value_type = String)]
    pub leg: Leg,
    /// Dossier codes.
    #[schema(max_items = 100)]
    pub dossiers: Vec<String>,
    /// The postal employee who carries it; the sender when they are one.
    #[serde(default)]
    pub carrier_id: Option<AccountId>,
    /// Where postal intakes come from (the post office point); ignored on
    /// the other legs, whose ends are the center and the agency.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub from_place: String,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub note: String,
}

/// Writes a manifest with the `transport` (dispatched) event of each of its
/// dossiers; a number or a dossier taken meanwhile is read again.
pub async fn dispatch(
    state: &AppState,
    p: &Principal,
    body: DispatchIn,
) -> Result<Manifest, WebError> {
    p.require_write()?;
    let center = state
        .store
        .center(body.center_id)
        .await?
        .ok_or_else(|| invalid("center_id", Message::new("error-no-such-center")))?;
    let roles = p.roles_at(center.id);
    if !roles.iter().any(|r| r.works_at_counter()) {
        return Err(WebError::Forbidden(Message::new("denied-manifest")));
    }
    let leg = body.leg;
    if body.dossiers.is_empty() {
        return Err(invalid("dossiers", Message::new("error-required")));
    }
    input::at_most("dossiers", &body.dossiers, MAX_MANIFEST)?;
    let note = input::line_text("note", &body.note, max::REASON)?;
    let now = state.now();
    let day = from_timestamp(now).date();
    let staff = state.store.staff_at(center.id, day).await?;
    let carrier = match body.carrier_id {
        Some(id) => id,
        None if roles.contains(&Role::Postal) => p.account.id,
        None => return Err(invalid("carrier_id", Message::new("error-required"))),
    };
    let Some(carrier_name) = staff
        .iter()
        .find(|s| s.account_id == Some(carrier) && s.role == Role::Postal)
        .map(|s| s.full_name.clone())
    else {
        return Err(invalid(
            "carrier_id",
            Message::new("error-carrier-not-postal"),
        ));
    };
    if leg == Leg::ToCenter && carrier != p.account.id {
        // The employee who took the intakes seals and carries them.
        return Err(invalid(
            "carrier_id",
            Message::new("error-carrier-is-the-sender"),
        ));
    }
    let agencies = state.store.agencies().await?;
    let agency_name = |code: &motcua_domain::AgencyCode| {
        agencies
            .iter()
            .find(|a| &a.code == code)
            .map_or_else(|| code.to_string(), |a| a.name.clone())
    };
    let mut tries = 0;
    loop {
        tries += 1;
        let mut dossiers = Vec::new();
        for (i, code) in body.dossiers.iter().enumerate() {
            let field = format!("dossiers[{i}]");
            let d = super::dossier_code(code)
                .map(|c| async move { state.store.dossier(&c).await })
                .ok_or_else(|| invalid(&field, Message::new("error-no-such-dossier")))?
                .await?
                .filter(|d| d.center_id == center.id)
                .ok_or_else(|| invalid(&field, Message::new("error-no-such-dossier")))?;
            if dossiers.iter().any(|x: &DossierRecord| x.id == d.id) {
                return Err(invalid(&field, Message::new("error-dossier-twice")));
            }
            dossiers.push(d);
        }
        // The other end: the center, or the one agency the dossiers went to.
        let handling = |d: &DossierRecord| d.state.agency.clone().unwrap_or(d.agency_code.clone());
        let to_agency = match leg {
            Leg::ToCenter => None,
            Leg::ToAgency | Leg::BackToCenter => {
                let first = handling(&dossiers[0]);
                if let Some((i, _)) = dossiers
                    .iter()
                    .enumerate()
                    .find(|(_, d)| handling(d) != first)
                {
                    return Err(invalid(
                        &format!("dossiers[{i}]"),
                        Message::new("error-manifest-one-agency"),
                    ));
                }
                if first == center.agency_code {
                    return Err(invalid(
                        "dossiers[0]",
                        Message::new("error-manifest-agency-is-the-center"),
                    ));
                }
                Some(first)
            }
        };
        let (from_place, to_place) = match (&leg, &to_agency) {
            (Leg::ToCenter, _) => (
                match input::line("from_place", &body.from_place, max::NAME)? {
                    x if x.is_empty() => motcua_domain::Locale::Vi
                        .t("transport-post-office-point")
                        .to_string(),
                    x => x,
                },
                center.name.clone(),
            ),
            (Leg::ToAgency, Some(a)) => (center.name.clone(), agency_name(a)),
            (_, a) => (
                a.as_ref().map(agency_name).unwrap_or_default(),
                center.name.clone(),
            ),
        };
        let year = day.year();
        let seq = state.store.next_manifest_seq(center.id, year).await?;
        let number = transport::manifest_number(year, seq);
        let mut lines = Vec::with_capacity(dossiers.len());
        for (i, d) in dossiers.iter().enumerate() {
            let action = Action::Transport {
                manifest: number.clone(),
                leg,
                stage: Stage::Dispatched,
                from: from_place.clone(),
                to: to_place.clone(),
                counterpart: carrier_name.clone(),
                tally: None,
            };
            let droles = p.roles_for(d);
            let to = d
                .state
                .decide(&action, &droles, &Rules::default())
                .map_err(|e| match lifecycle_error(e) {
                    WebError::Conflict(_) => invalid(
                        &format!("dossiers[{i}]"),
                        Message::new("error-dossier-cannot-travel")
                            .with("code", d.code.to_string())
                            .with("leg", Message::new(leg.label_key())),
                    ),
                    other => other,
                })?;
            let who = actor(p, &droles, &action);
            let first = state.store.events(d.id).await?.into_iter().next();
            let (documents, fees) = match first.map(|e| e.action) {
                Some(Action::PostalIntake {
                    documents, fees, ..
                }) => (documents.iter().map(PostedDocument::sheets).sum(), fees),
                _ => (
                    d.details.components.iter().map(|c| c.count).sum(),
                    Vnd::ZERO,
                ),
            };
            lines.push(ManifestLine {
                dossier_id: d.id,
                expected_seq: d.last_seq,
                documents,
                fees,
                events: vec![NewEvent {
                    at: now,
                    agency: super::acting_agency(p, d, who.as_ref()),
                    actor: who,
                    action,
                    to,
                    file: None,
                    delivery: None,
                    notices: Vec::new(),
                }],
            });
        }
        let m = NewManifest {
            center_id: center.id,
            year,
            seq,
            leg,
            from_place: from_place.clone(),
            to_place: to_place.clone(),
            to_agency: to_agency.clone(),
            carrier,
            dispatched_by: p.account.id,
            dispatched_at: now,
            note: note.clone(),
        };
        match state.store.dispatch_manifest(&m, &lines).await {
            Ok(id) => {
                return state.store.manifest(id).await?.ok_or(WebError::NotFound);
            }
            Err(StoreError::Conflict(_)) if tries < 20 => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

/// A manifest `p` may see: of a center they work at, or any for those who
/// see everything; another is "not found".
pub async fn readable_manifest(
    state: &AppState,
    p: &Principal,
    id: ManifestId,
) -> Result<Manifest, WebError> {
    let m = state.store.manifest(id).await?.ok_or(WebError::NotFound)?;
    if p.sees_everything() || !p.roles_at(m.center_id).is_empty() {
        Ok(m)
    } else {
        Err(WebError::NotFound)
    }
}

/// The receiving end's tally of one dossier.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TallyIn {
    #[schema(max_length = 40)]
    pub code: String,
    /// complete, incomplete or missing.
    #[schema(value_type = String)]
    pub tally: Tally,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub note: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiveIn {
    /// Who signs for the agency at the other end (to-agency); at the center
    /// it is the signed-in officer.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub received_by_name: String,
    /// Every dossier of the manifest, tallied.
    #[schema(max_items = 100)]
    pub tallies: Vec<TallyIn>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub note: String,
}

/// Records the receiving end: each dossier tallied, its `transport`
/// (received) event, and for a complete postal intake the acceptance whose
/// appointment counts from now.
pub async fn receive(
    state: &AppState,
    p: &Principal,
    id: ManifestId,
    body: ReceiveIn,
) -> Result<Manifest, WebError> {
    p.require_write()?;
    let m = readable_manifest(state, p, id).await?;
    let roles = p.roles_at(m.center_id);
    if !roles.iter().any(|r| r.works_at_counter()) {
        return Err(WebError::Forbidden(Message::new("denied-manifest")));
    }
    if m.received_at.is_some() {
        return Err(WebError::Conflict(Message::new("error-manifest-received")));
    }
    let note = input::line_text("note", &body.note, max::REASON)?;
    input::at_most("tallies", &body.tallies, MAX_MANIFEST)?;
    let center = state
        .store
        .center(m.center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let (received_by, received_by_name) = match m.leg {
        // The agency's receiver signs on paper; the employee records it.
        Leg::ToAgency => (
            None,
            input::required_line("received_by_name", &body.received_by_name, max::NAME)?,
        ),
        Leg::ToCenter | Leg::BackToCenter => {
            if p.account.id == m.carrier {
                return Err(WebError::Forbidden(Message::new(
                    "denied-receive-own-manifest",
                )));
            }
            let names = state.store.account_names(&[p.account.id]).await?;
            (
                Some(p.account.id),
                names
                    .get(&p.account.id)
                    .cloned()
                    .unwrap_or_else(|| p.account.username.clone()),
            )
        }
    };
    let now = state.now();
    let cal = state.calendar(&center.office_hours);
    let mut lines = Vec::with_capacity(m.items.len());
    for item in &m.items {
        let Some((i, t)) = body
            .tallies
            .iter()
            .enumerate()
            .find(|(_, t)| super::dossier_code(&t.code).is_some_and(|c| c == item.code))
        else {
            return Err(invalid(
                "tallies",
                Message::new("error-manifest-untallied").with("code", item.code.to_string()),
            ));
        };
        let d = state
            .store
            .dossier_by_id(item.dossier_id)
            .await?
            .ok_or(WebError::NotFound)?;
        let droles = p.roles_for(&d);
        let received = Action::Transport {
            manifest: m.number.clone(),
            leg: m.leg,
            stage: Stage::Received,
            from: m.from_place.clone(),
            to: m.to_place.clone(),
            counterpart: received_by_name.clone(),
            tally: Some(t.tally),
        };
        let to = d
            .state
            .decide(&received, &droles, &Rules::default())
            .map_err(lifecycle_error)?;
        let who = actor(p, &droles, &received);
        let agency = super::acting_agency(p, &d, who.as_ref());
        let mut events = vec![NewEvent {
            at: now,
            actor: who,
            agency: agency.clone(),
            action: received.clone(),
            to,
            file: None,
            delivery: None,
            notices: Vec::new(),
        }];
        // The center has the complete dossier: the legal clock starts now.
        if m.leg == Leg::ToCenter && t.tally == Tally::Complete {
            let mut after = d.state.clone();
            after.apply(&received, to, &agency);
            let time_limit = d.details.time_limit.ok_or_else(|| {
                WebError::Internal(format!("dossier {} has no time limit", d.code))
            })?;
            let accept = Action::Accept {
                appointment: to_timestamp(cal.due(from_timestamp(now), time_limit)),
            };
            let accepted = after
                .decide(&accept, &droles, &Rules::default())
                .map_err(lifecycle_error)?;
            let notices = super::notify::for_dossier(state, &d, &accept, accepted, now).await?;
            events.push(NewEvent {
                at: now,
                actor: actor(p, &droles, &accept),
                agency,
                action: accept,
                to: accepted,
                file: None,
                delivery: None,
                notices,
            });
        }
        lines.push(ReceivedLine {
            dossier_id: d.id,
            expected_seq: d.last_seq,
            tally: t.tally,
            note: input::line_text(&format!("tallies[{i}].note"), &t.note, max::REASON)?,
            events,
        });
    }
    if let Some((i, t)) = body.tallies.iter().enumerate().find(|(_, t)| {
        !m.items
            .iter()
            .any(|x| super::dossier_code(&t.code).is_some_and(|c| c == x.code))
    }) {
        return Err(invalid(
            &format!("tallies[{i}].code"),
            Message::new("error-not-in-manifest").with("code", t.code.clone()),
        ));
    }
    state
        .store
        .receive_manifest(
            m.id,
            &ManifestReceipt {
                received_at: now,
                received_by,
                received_by_name,
                note,
            },
            &lines,
        )
        .await?;
    state.store.manifest(m.id).await?.ok_or(WebError::NotFound)
}
