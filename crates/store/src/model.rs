//! What the store returns: rows with their ids, ready for pages and APIs.

use jiff::civil::Date;
use motcua_domain::catalog::Procedure;
pub use motcua_domain::dossier::certify::RegisterNumber;
pub use motcua_domain::dossier::details::{HandedIn, IntakeDetails, ResultChannel};
pub use motcua_domain::dossier::event::{Actor, Event};
pub use motcua_domain::dossier::lifecycle::{Action, State};
pub use motcua_domain::dossier::postal::{DeliveryState, TrackingCode};
pub use motcua_domain::dossier::scans::FilePurpose;
pub use motcua_domain::dossier::transport::{Leg, PostedDocument, Seal, Stage, Tally};
pub use motcua_domain::dossier::DossierCode;
pub use motcua_domain::dossier::{HistoricDossier, Status};
pub use motcua_domain::ids::{
    AccountId, ApplicantId, AttachmentId, CenterId, CounterId, DeliveryId, DossierId, FeedbackId,
    GuidanceId, KioskId, ManifestId, ProcedureVersionId, RatingId, ServiceGroupId, StaffId,
    TicketId,
};
use motcua_domain::org::{CenterKind, Employer, Level, Role, UnitKind};
pub use motcua_domain::person::{Cccd, Phone};
use motcua_domain::{AgencyCode, FieldCode, ProcedureCode, Vnd};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Province {
    pub id: i64,
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agency {
    pub id: i64,
    pub code: AgencyCode,
    pub name: String,
    pub level: Level,
    pub unit_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Center {
    pub id: CenterId,
    pub name: String,
    pub kind: CenterKind,
    pub agency_code: AgencyCode,
    pub agency_name: String,
    /// The commune-level unit it serves (`None` for a provincial point).
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub address: String,
    pub office_hours: motcua_calendar::OfficeHours,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub id: AccountId,
    pub username: String,
    #[serde(skip)]
    pub password_hash: String,
    pub staff_id: Option<StaffId>,
    pub roles: Vec<Role>,
    pub active: bool,
}

/// A staff member as posted at a center.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Posting {
    pub staff_id: StaffId,
    /// The staff member's account, if they have one.
    pub account_id: Option<AccountId>,
    pub full_name: String,
    pub employer: Employer,
    pub title: String,
    pub role: Role,
    pub from: Date,
    pub until: Option<Date>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub fields: u64,
    pub added: u64,
    pub changed: u64,
    pub unchanged: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldSummary {
    pub code: FieldCode,
    pub name: String,
    pub procedures: i64,
}

/// Filters for listing procedures; `text` matches names without diacritics.
#[derive(Debug, Clone, Default)]
pub struct ProcedureQuery {
    pub text: Option<String>,
    pub field: Option<FieldCode>,
    pub center_id: Option<CenterId>,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProcedureSummary {
    pub code: ProcedureCode,
    pub name: String,
    pub field: FieldCode,
    pub level: Level,
    pub time_limit: String,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProcedureVersion {
    pub id: ProcedureVersionId,
    pub version: i64,
    pub created_at: jiff::Timestamp,
    pub procedure: Procedure,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Counts {
    pub units: i64,
    pub agencies: i64,
    pub centers: i64,
    pub staff: i64,
    /// Postal employees posted at centers (not the post office's own managers).
    pub postal_staff: i64,
    pub accounts: i64,
    pub fields: i64,
    pub procedures: i64,
    pub dossiers: i64,
}

/// The person or business a dossier is for, as entered at the counter.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
pub struct Applicant {
    pub name: String,
    /// CCCD (or passport, or business registration) number: how a returning
    /// applicant is found.
    pub id_number: Option<Cccd>,
    pub phone: Option<Phone>,
    pub email: Option<String>,
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplicantRecord {
    pub id: ApplicantId,
    #[serde(flatten)]
    pub applicant: Applicant,
}

/// A new dossier and its first event (accepted at the counter, submitted
/// online, refused…), already decided by the lifecycle.
#[derive(Debug, Clone)]
pub struct NewDossier {
    pub center_id: CenterId,
    /// The receiving agency: its identifier prefixes the code.
    pub agency: AgencyCode,
    pub procedure_code: ProcedureCode,
    pub procedure_version_id: ProcedureVersionId,
    pub channel: motcua_domain::catalog::Channel,
    pub applicant: Applicant,
    pub details: IntakeDetails,
    pub at: jiff::Timestamp,
    pub actor: Option<Actor>,
    pub action: Action,
    pub to: Status,
    /// A client's key for this intake: repeating it returns the same dossier.
    pub idempotency_key: Option<String>,
    /// What the intake does to the applicant's shared record.
    pub applicant_record: ApplicantRecordUse,
    /// What the citizen is told of it (the code is not known before the
    /// write: [`CODE_MARK`] in a notice's text stands for it).
    pub notices: Vec<NewNotice>,
    /// The queue ticket it was received from, linked in the same write.
    pub ticket_id: Option<TicketId>,
    /// Events that follow the opening in the same transaction (the files of
    /// an online submission): the dossier is written whole or not at all.
    pub then: Vec<NewEvent>,
}

/// Stands for the dossier's code in the text of a notice written with the
/// intake, before the code is allocated.
pub const CODE_MARK: &str = "{ma-ho-so}";

/// A message to the citizen, written with the event that calls for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotice {
    /// `received`, `supplement-needed`… (domain `NoticeKind`).
    pub kind: String,
    /// `email` or `sms`.
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// Not before then (an SMS waits out the night).
    pub send_after: jiff::Timestamp,
}

/// A notice as kept, with how sending it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeRecord {
    pub id: i64,
    pub dossier_id: DossierId,
    pub event_seq: i64,
    pub kind: String,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: jiff::Timestamp,
    pub send_after: jiff::Timestamp,
    /// `queued`, `sent`, `failed` or `skipped`.
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub sent_at: Option<jiff::Timestamp>,
}

/// One try to send a notice: `sent`, `skipped`, `retry` or `failed`, with
/// what the server answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeAttempt {
    pub notice_id: i64,
    pub at: jiff::Timestamp,
    pub outcome: String,
    pub detail: String,
}

/// What opening a dossier does to the shared record of its applicant (found
/// again by identity number at the next visit). The dossier always keeps the
/// details given with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplicantRecordUse {
    /// Leave the shared record alone (an online submission: anyone can type
    /// anyone's CCCD, so it must not change what the counter prefills).
    Detached,
    /// Link the dossier to the record with this identity number, unchanged,
    /// or create the record when there is none (the counter).
    LinkOrCreate,
    /// Staff change the record to the details given, with a reason, logged.
    Update {
        account_id: AccountId,
        reason: String,
    },
}

/// A login session (found by the hash of its id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub account_id: AccountId,
    pub csrf: String,
    pub expires_at: jiff::Timestamp,
}

/// An API token's owner and scope (`read` or `write`), and its life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenRecord {
    pub id: i64,
    #[serde(skip)]
    pub account_id: AccountId,
    pub scope: String,
    pub label: String,
    pub created_at: jiff::Timestamp,
    pub expires_at: jiff::Timestamp,
    pub revoked_at: Option<jiff::Timestamp>,
}

impl TokenRecord {
    /// Usable now: neither revoked nor expired.
    pub fn valid_at(&self, now: jiff::Timestamp) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

/// One reading of a person's full identity number and phone (Decree 13/2023):
/// who, when, whose (the dossier or the identity number looked up) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonalDataRead {
    pub at: jiff::Timestamp,
    pub account_id: AccountId,
    pub dossier_id: Option<DossierId>,
    /// The dossier code, or the CCCD/phone searched for.
    pub subject: String,
    /// The screen or route that showed it (`api:dossier`, `page:counter`…).
    pub purpose: String,
}

/// Where an account's staff member works today, and as what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountPosting {
    pub center_id: CenterId,
    /// The agency of that center: the one whose dossiers they receive or settle.
    pub agency_code: AgencyCode,
    pub role: Role,
}

/// A dossier with its current state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DossierRecord {
    pub id: DossierId,
    pub code: DossierCode,
    pub center_id: CenterId,
    pub agency_code: AgencyCode,
    pub procedure_code: ProcedureCode,
    pub procedure_version_id: ProcedureVersionId,
    pub channel: motcua_domain::catalog::Channel,
    pub applicant_id: Option<ApplicantId>,
    pub applicant: Applicant,
    pub received_at: jiff::Timestamp,
    pub details: IntakeDetails,
    pub state: State,
    /// The number of events so far: pass it back to append the next one.
    pub last_seq: i64,
}

/// One day's dossier codes for a receiving agency: the counter and the dossiers found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeDay {
    pub agency_code: String,
    /// yyMMdd
    pub day: String,
    pub last_issued: i64,
    pub dossiers: i64,
}

pub use motcua_domain::dossier::rollup::{OfficerCounts, RollupCounts};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DailyRollup {
    pub day: Date,
    pub procedure_code: String,
    #[serde(flatten)]
    pub counts: RollupCounts,
}

/// One event to append to a dossier, already decided by the lifecycle, and
/// what it does to the dossier's files.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub at: jiff::Timestamp,
    pub actor: Option<Actor>,
    /// The agency acting.
    pub agency: AgencyCode,
    pub action: Action,
    pub to: Status,
    pub file: Option<FileChange>,
    /// What it does to the dossier's parcel by post, if anything.
    pub delivery: Option<DeliveryChange>,
    /// What the citizen is told of it.
    pub notices: Vec<NewNotice>,
}

/// What an event does to a result sent by post: the order written (with its
/// outbox job, for the carrier), or the carrier's update applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryChange {
    Ship(NewDelivery),
    /// The update moves the parcel on from the carrier's update number
    /// `expected_seq` (another update applied meanwhile refuses the write).
    Update {
        delivery: DeliveryId,
        expected_seq: u32,
        update: DeliveryUpdate,
    },
}

/// An order for the carrier: the result of the dossier to its citizen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDelivery {
    pub center_id: CenterId,
    /// The dossier's code, the order's number at the carrier.
    pub order_number: String,
    /// From the center's pool of pre-issued codes, or `None`: the carrier
    /// gives one.
    pub tracking: Option<String>,
    pub receiver_name: String,
    pub receiver_address: String,
    pub receiver_ward: String,
    pub receiver_phone: String,
    pub postage: Vnd,
    pub cod: Vnd,
    pub account_id: Option<AccountId>,
}

/// One tracking update of the carrier, as its webhook told it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryUpdate {
    /// The carrier's id of the update: the same id twice is a replay.
    pub event_id: String,
    /// The carrier's number of the update for this parcel.
    pub seq: u32,
    pub state: DeliveryState,
    pub at: jiff::Timestamp,
    pub note: String,
    pub received_by: Option<String>,
    /// The picture of the receiver's signature (or a photo), in the blob store.
    pub proof_blob: Option<String>,
}

/// A parcel with a dossier's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryRecord {
    pub id: DeliveryId,
    pub dossier_id: DossierId,
    pub center_id: CenterId,
    /// The ship-by-post event.
    pub event_seq: i64,
    pub order_number: String,
    pub tracking: Option<String>,
    pub carrier_order: Option<String>,
    pub receiver_name: String,
    pub receiver_address: String,
    pub receiver_ward: String,
    pub receiver_phone: String,
    pub postage: Vnd,
    pub cod: Vnd,
    pub state: DeliveryState,
    /// The carrier's number of the last update applied.
    pub last_seq: u32,
    pub failed_attempts: u32,
    pub account_id: Option<AccountId>,
    pub created_at: jiff::Timestamp,
    pub updated_at: jiff::Timestamp,
    pub delivered_at: Option<jiff::Timestamp>,
    pub received_by: Option<String>,
    pub proof_blob: Option<String>,
}

/// Where the order of a parcel stands in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct CarrierJob {
    /// `queued`, `done` or `failed` (given up).
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    /// A worker holds it until then (sending it now).
    pub locked_until: Option<i64>,
}

/// A center's parcels sent in a period, as the post office counts them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct DeliveryTally {
    pub center_id: CenterId,
    pub sent: i64,
    pub delivered: i64,
    /// Delivered without a failed attempt before.
    pub first_attempt: i64,
    pub returned: i64,
    /// Still with the carrier (or waiting for it).
    pub in_progress: i64,
    pub failed_attempts: i64,
    /// Seconds from the order to delivery, summed over the delivered ones.
    pub seconds_to_deliver: i64,
}

/// A tracking update as kept, with what was made of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryUpdateRecord {
    pub update: DeliveryUpdate,
    /// `applied`, `out-of-order` or `impossible`.
    pub outcome: String,
    pub recorded_at: jiff::Timestamp,
}

/// What an event does to a dossier's files: a scan attached, or one taken off
/// (its row stays, marked with the event that removed it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileChange {
    Attach(NewAttachment),
    Remove {
        component: String,
        blob: String,
    },
    /// A copy certified from the original: the register's next number, and
    /// the electronic certified copy when one was issued.
    Certify {
        certification: NewCertification,
        copy: Option<NewAttachment>,
    },
}

/// What the register records of a certified copy. The number must follow
/// the last one of the center's book of the year, or the write is refused
/// as a conflict (someone else took it): read the next one and try again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCertification {
    pub center_id: CenterId,
    pub register: RegisterNumber,
    /// The scan of the original.
    pub source: AttachmentId,
    pub document: String,
    pub pages: u32,
    pub copies: u32,
    pub fee: Vnd,
    pub certifier: Option<AccountId>,
    pub certifier_name: String,
    pub certifier_title: String,
    /// The unguessable part of the verification page's address.
    pub token: String,
}

/// A line of the register of certified copies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificationRecord {
    pub center_id: CenterId,
    pub register: RegisterNumber,
    pub dossier_id: DossierId,
    pub dossier_code: DossierCode,
    /// Who asked for the copy (the dossier's applicant).
    pub applicant_name: String,
    /// The certify event.
    pub event_seq: i64,
    pub source: AttachmentId,
    /// The electronic certified copy, and its file's SHA-256.
    pub copy: Option<AttachmentId>,
    pub copy_blob: Option<String>,
    pub document: String,
    pub pages: u32,
    pub copies: u32,
    pub fee: Vnd,
    pub certifier: Option<AccountId>,
    pub certifier_name: String,
    pub certifier_title: String,
    pub at: jiff::Timestamp,
    pub token: String,
}

/// A scan of one component: the file is a blob (its SHA-256) already in the
/// blob store; this is what the dossier records about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    pub purpose: FilePurpose,
    pub component: String,
    pub blob: String,
    pub file_name: String,
    /// `pdf`, `jpeg`, `png` or `tiff`, read from the content.
    pub kind: String,
    pub size: u64,
    pub pages: u32,
    /// The blob of the first page's thumbnail, when one could be made.
    pub thumb: Option<String>,
    /// The earlier scan this one reuses.
    pub reused_from: Option<AttachmentId>,
    pub account_id: Option<AccountId>,
}

/// A scan as the dossier keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachmentRecord {
    pub id: AttachmentId,
    pub dossier_id: DossierId,
    /// The attach-scan event.
    pub event_seq: i64,
    pub purpose: FilePurpose,
    pub component: String,
    pub blob: String,
    pub file_name: String,
    pub kind: String,
    pub size: u64,
    pub pages: u32,
    pub thumb: Option<String>,
    pub reused_from: Option<AttachmentId>,
    pub account_id: Option<AccountId>,
    pub at: jiff::Timestamp,
    /// The event that took it off the dossier, if one did.
    pub removed_seq: Option<i64>,
    /// The text OCR read in it, once it has.
    pub ocr_text: Option<String>,
}

/// A scan of an earlier dossier of the same applicant, offered for reuse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReusableScan {
    pub attachment: AttachmentRecord,
    pub dossier_code: DossierCode,
}
