//! Dossiers as they live: intake with its gapless code, the events the
//! lifecycle allows, and the reads of one dossier and of the audit.
//!
//! The contract is the trait; its SQL, written once for both backends, is the
//! `dossier_sql!` macro that `sql_store!` expands for each driver.

use async_trait::async_trait;
use motcua_domain::catalog::Channel;

use crate::sql::{parse, timestamp};
use crate::*;

#[async_trait]
pub trait DossierStore: Send + Sync {
    /// Applicants whose identity number or phone is `key`, most recent first.
    async fn find_applicants(&self, key: &str) -> Result<Vec<ApplicantRecord>>;
    /// Opens a dossier in one transaction: allocates its code (per receiving
    /// agency and day, never reused, no gaps), records or updates the
    /// applicant, writes the first event, the current state and the rollups.
    async fn open_dossier(&self, d: &NewDossier) -> Result<DossierRecord>;
    /// Appends an event that the lifecycle allowed. `expected_seq` is the
    /// `last_seq` the caller decided on: if another change came first, nothing
    /// is written and the result is `Conflict`.
    #[allow(clippy::too_many_arguments)]
    async fn append_event(
        &self,
        dossier_id: DossierId,
        expected_seq: i64,
        at: jiff::Timestamp,
        actor: Option<Actor>,
        agency: &motcua_domain::AgencyCode,
        action: &Action,
        to: Status,
    ) -> Result<DossierRecord> {
        let event = NewEvent {
            at,
            actor,
            agency: agency.clone(),
            action: action.clone(),
            to,
            file: None,
            delivery: None,
            notices: Vec::new(),
        };
        self.append_events(dossier_id, expected_seq, std::slice::from_ref(&event))
            .await
    }
    /// Appends events one after the other in one transaction, with what each
    /// does to the dossier's files: all are written or none.
    async fn append_events(
        &self,
        dossier_id: DossierId,
        expected_seq: i64,
        events: &[NewEvent],
    ) -> Result<DossierRecord>;
    async fn dossier(&self, code: &DossierCode) -> Result<Option<DossierRecord>>;
    async fn dossier_by_id(&self, id: DossierId) -> Result<Option<DossierRecord>>;
    async fn events(&self, dossier_id: DossierId) -> Result<Vec<Event>>;
    /// The event chains of up to `limit` dossiers with events, after dossier id
    /// `after`, in id order: the audit walks the whole record this way.
    async fn event_chains(&self, after: i64, limit: i64) -> Result<Vec<(DossierId, Vec<Event>)>>;
}

/// A dossier as `sql::DOSSIER_SELECT` reads it.
#[derive(sqlx::FromRow)]
pub(crate) struct DossierRow {
    id: DossierId,
    code: String,
    center_id: CenterId,
    agency_code: String,
    procedure_code: String,
    procedure_version_id: ProcedureVersionId,
    channel: i64,
    applicant_id: Option<ApplicantId>,
    applicant_name: String,
    applicant_id_number: Option<Cccd>,
    applicant_phone: Option<Phone>,
    applicant_email: Option<String>,
    applicant_address: String,
    received_at: i64,
    details: String,
    state: String,
    last_seq: i64,
}

impl TryFrom<DossierRow> for DossierRecord {
    type Error = StoreError;

    fn try_from(r: DossierRow) -> Result<DossierRecord> {
        let code = r.code;
        let corrupt = |what: &str, e: serde_json::Error| {
            StoreError::Corrupt(format!("{what} of {code}: {e}"))
        };
        Ok(DossierRecord {
            id: r.id,
            center_id: r.center_id,
            agency_code: parse(&r.agency_code, "agency code")?,
            procedure_code: parse(&r.procedure_code, "procedure code")?,
            procedure_version_id: r.procedure_version_id,
            channel: Channel::from_number(r.channel as i32)
                .ok_or_else(|| StoreError::Corrupt(format!("channel {}", r.channel)))?,
            applicant_id: r.applicant_id,
            applicant: Applicant {
                name: r.applicant_name,
                id_number: r.applicant_id_number,
                phone: r.applicant_phone,
                email: r.applicant_email,
                address: r.applicant_address,
            },
            received_at: timestamp(r.received_at)?,
            details: IntakeDetails::from_json(&r.details).map_err(|e| corrupt("details", e))?,
            state: serde_json::from_str(&r.state).map_err(|e| corrupt("state", e))?,
            last_seq: r.last_seq,
            code: parse(&code, "dossier code")?,
        })
    }
}

/// An event with its dossier's id and code, as the chains are read.
#[derive(sqlx::FromRow)]
pub(crate) struct EventRow {
    pub dossier_id: DossierId,
    pub code: String,
    seq: i64,
    at: i64,
    actor_account_id: Option<AccountId>,
    actor_username: Option<String>,
    actor_role: Option<String>,
    agency_code: String,
    from_status: Option<i64>,
    to_status: i64,
    payload: String,
    hash: String,
}

impl EventRow {
    /// The event this row holds, after the one whose hash is `prev_hash`
    /// (the genesis hash for the first): not stored, since it is the hash of
    /// the row before.
    pub(crate) fn into_event(self, prev_hash: String) -> Result<Event> {
        let r = self;
        let status = |n: i64| {
            Status::from_number(n as i32).ok_or_else(|| StoreError::Corrupt(format!("status {n}")))
        };
        let actor = match (r.actor_account_id, r.actor_username, r.actor_role) {
            (Some(account_id), Some(username), Some(role)) => Some(Actor {
                account_id,
                username,
                role: parse(&role, "role")?,
            }),
            _ => None,
        };
        Ok(Event {
            at: timestamp(r.at)?,
            actor,
            agency: parse(&r.agency_code, "agency")?,
            from: r.from_status.map(status).transpose()?,
            to: status(r.to_status)?,
            action: serde_json::from_str(&r.payload).map_err(|e| {
                StoreError::Corrupt(format!(
                    "dossier {}, event {}: unreadable payload: {e}",
                    r.code, r.seq
                ))
            })?,
            prev_hash,
            hash: r.hash,
            dossier_code: r.code,
            seq: r.seq,
        })
    }
}

/// What an event is chained and counted onto: its dossier's head.
#[derive(sqlx::FromRow)]
pub(crate) struct Head {
    pub code: String,
    pub state: String,
    pub last_seq: i64,
    pub last_hash: String,
    pub center_id: CenterId,
    pub received_at: i64,
    pub procedure_code: String,
}

macro_rules! dossier_sql {
    ($store:ty, $db:ty, $backend:expr) => {
        #[async_trait::async_trait]
        impl DossierStore for $store {
                        async fn find_applicants(&self, key: &str) -> Result<Vec<ApplicantRecord>> {
                let key = key.trim();
                let rows = sqlx::query_as::<_, $crate::applicants::ApplicantRow>(
                    "SELECT id, name, id_number, phone, email, address FROM applicants \
                     WHERE id_number = $1 OR phone = $1 ORDER BY updated_at DESC, id DESC LIMIT 20",
                )
                .bind(key)
                .fetch_all(&self.read)
                .await?;
                Ok(rows.into_iter().map(ApplicantRecord::from).collect())
            }

                        async fn open_dossier(&self, d: &NewDossier) -> Result<DossierRecord> {
                if let Some(key) = &d.idempotency_key {
                    if let Some(existing) = self.dossier_with_key(key).await? {
                        return Ok(existing);
                    }
                }
                match self.open_dossier_once(d).await {
                    // Two requests with one key raced: the loser's transaction (and its
                    // code) rolled back; answer with the winner's dossier.
                    Err(StoreError::Conflict(m)) => match &d.idempotency_key {
                        Some(key) => self.dossier_with_key(key).await?.ok_or(StoreError::Conflict(m)),
                        None => Err(StoreError::Conflict(m)),
                    },
                    other => other,
                }
            }

            async fn append_events(&self, dossier_id: DossierId, expected_seq: i64, events: &[NewEvent]) -> Result<DossierRecord> {
                let mut tx = self.write.begin().await?;
                Self::append_in(&mut tx, dossier_id, expected_seq, events).await?;
                tx.commit().await?;
                self.dossier_where(DossierKey::Id(dossier_id)).await?.ok_or_else(|| StoreError::NotFound(format!("dossier {dossier_id}")))
            }

            async fn dossier(&self, code: &DossierCode) -> Result<Option<DossierRecord>> {
                self.dossier_where(DossierKey::Code(code)).await
            }

            async fn dossier_by_id(&self, id: DossierId) -> Result<Option<DossierRecord>> {
                self.dossier_where(DossierKey::Id(id)).await
            }

            async fn events(&self, dossier_id: DossierId) -> Result<Vec<Event>> {
                Ok(self.event_chains(dossier_id.0 - 1, 1).await?.into_iter().find(|(id, _)| *id == dossier_id).map(|(_, e)| e).unwrap_or_default())
            }

            async fn event_chains(&self, after: i64, limit: i64) -> Result<Vec<(DossierId, Vec<Event>)>> {
                let rows = sqlx::query_as::<_, $crate::dossiers::EventRow>(
                    "SELECT e.dossier_id, d.code, e.seq, e.at, e.actor_account_id, e.actor_username, e.actor_role, e.agency_code, \
                     e.from_status, e.to_status, e.payload, e.hash \
                     FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id \
                     WHERE e.dossier_id IN (SELECT DISTINCT dossier_id FROM dossier_events WHERE dossier_id > $1 ORDER BY dossier_id LIMIT $2) \
                     ORDER BY e.dossier_id, e.seq",
                )
                .bind(after)
                .bind(limit)
                .fetch_all(&self.read)
                .await?;
                let mut out: Vec<(DossierId, Vec<Event>)> = Vec::new();
                for r in rows {
                    let id = r.dossier_id;
                    match out.last_mut() {
                        Some((last, events)) if *last == id => {
                            let prev = events.last().map(|e| e.hash.clone()).expect("a chain has events");
                            events.push(r.into_event(prev)?);
                        }
                        _ => {
                            let genesis = motcua_domain::dossier::event::genesis(&r.code);
                            out.push((id, vec![r.into_event(genesis)?]));
                        }
                    }
                }
                Ok(out)
            }
        }

        impl $store {
            /// Appends events to one dossier inside `tx` (several dossiers'
            /// changes, a manifest's, commit together).
            pub(crate) async fn append_in(tx: &mut sqlx::Transaction<'_, $db>, dossier_id: DossierId, expected_seq: i64, events: &[NewEvent]) -> Result<()> {
                let row: $crate::dossiers::Head = sqlx::query_as(
                    "SELECT code, state, last_seq, last_hash, center_id, received_at, procedure_code FROM dossiers WHERE id = $1",
                )
                .bind(dossier_id)
                .fetch_optional(&mut **tx)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("dossier {dossier_id}")))?;
                let code = &row.code;
                if row.last_seq != expected_seq {
                    return Err(StoreError::Conflict(format!("dossier {code} changed since it was read (event {}, not {expected_seq})", row.last_seq)));
                }
                let mut state: State = serde_json::from_str(&row.state)
                    .map_err(|e| StoreError::Corrupt(format!("state of dossier {code}: {e}")))?;
                let (mut seq, mut hash) = (row.last_seq, row.last_hash.clone());
                let (mut finished, mut returned) = (None, None);
                let mut counts = RollupCounts::default();
                let mut credits = Vec::new();
                let received_at = timestamp(row.received_at)?;
                for e in events {
                    let from = state.status;
                    let event = Event::chained(seq, hash, code, e.at, e.actor.clone(), e.agency.clone(), from, e.to, e.action.clone());
                    let before = state.clone();
                    state.apply(&e.action, e.to, &e.agency);
                    finished = finished.or(event.enters(Status::Processed).then_some(event.at.as_second()));
                    returned = returned.or(event.enters(Status::Returned).then_some(event.at.as_second()));
                    Self::insert_event(tx, dossier_id, &event).await?;
                    if let Some(change) = &e.file {
                        Self::change_file(tx, dossier_id, &event, change).await?;
                    }
                    if let Some(change) = &e.delivery {
                        Self::change_delivery(tx, dossier_id, &event, change).await?;
                    }
                    Self::insert_notices(tx, dossier_id, &event, code, &e.notices).await?;
                    // The event's instant, as stored (to the second): what a rebuild reads.
                    let step = motcua_domain::dossier::rollup::Step::from(&event);
                    counts += &RollupCounts::event(&step, &before, &state, received_at);
                    credits.extend(motcua_domain::dossier::rollup::OfficerCounts::credits(&step, &before, &state));
                    (seq, hash) = (event.seq, event.hash);
                }
                let updated = sqlx::query(
                    "UPDATE dossiers SET status = $3, due_at = $4, finished_at = COALESCE(finished_at, $5), \
                     returned_at = COALESCE(returned_at, $6), supplement_count = $7, extension_count = $8, digitized = $9, \
                     result_by_post = $10, handling_agency = $11, assigned_to = $12, state = $13, last_seq = $14, last_hash = $15 \
                     WHERE id = $1 AND last_seq = $2",
                )
                .bind(dossier_id)
                .bind(expected_seq)
                .bind(state.status.map(|s| i64::from(s.number())))
                .bind(state.appointment.map(|t| t.as_second()))
                .bind(finished)
                .bind(returned)
                .bind(i64::from(state.supplement_count))
                .bind(i64::from(state.extension_count))
                .bind(state.digitized)
                .bind(state.result_by_post)
                .bind(state.agency.as_ref().map(|x| x.to_string()))
                .bind(state.assigned_to)
                .bind(serde_json::to_string(&state).expect("state serialises"))
                .bind(seq)
                .bind(&hash)
                .execute(&mut **tx)
                .await?;
                if updated.rows_affected() != 1 {
                    return Err(StoreError::Conflict(format!("dossier {code} changed since it was read")));
                }
                if counts != RollupCounts::default() {
                    let received_day = motcua_domain::dossier::rollup::received_day(received_at);
                    Self::add_rollup(tx, row.center_id, &date_text(received_day), &row.procedure_code, &counts).await?;
                }
                Self::add_credits(tx, row.center_id, &credits).await?;
                Ok(())
            }

            async fn open_dossier_once(&self, d: &NewDossier) -> Result<DossierRecord> {
                let day = motcua_calendar::from_timestamp(d.at).date();
                let mut tx = self.write.begin().await?;
                let day_key = motcua_domain::dossier::DossierCode { agency: d.agency.clone(), day, seq: 0 }.day_key();
                // The counter row is locked by this update until commit: codes stay gapless
                // under concurrent intake, and a rolled-back intake gives its number back.
                let seq: i64 = sqlx::query_scalar(
                    "INSERT INTO dossier_counters (agency_code, day, last) VALUES ($1, $2, 1) \
                     ON CONFLICT (agency_code, day) DO UPDATE SET last = dossier_counters.last + 1 RETURNING last",
                )
                .bind(d.agency.as_str())
                .bind(&day_key)
                .fetch_one(&mut *tx)
                .await?;
                let dossier_code = DossierCode { agency: d.agency.clone(), day, seq: seq as u32 };
                let code = dossier_code.to_string();

                let a = &d.applicant;
                let applicant_id = Self::applicant_record(&mut tx, a, &d.applicant_record, d.at).await?;

                let mut state = State::default();
                state.apply(&d.action, d.to, &d.agency);
                let event = Event::chained(0, motcua_domain::dossier::event::genesis(&code), &code, d.at, d.actor.clone(), d.agency.clone(), None, d.to, d.action.clone());
                let state_json = serde_json::to_string(&state).expect("state serialises");
                let details = d.details.to_json();
                let id: DossierId = sqlx::query_scalar(
                    "INSERT INTO dossiers (code, center_id, agency_code, procedure_code, procedure_version_id, channel, status, \
                     applicant_name, applicant_search, applicant_id_number, applicant_phone, received_at, due_at, \
                     supplement_count, extension_count, digitized, result_by_post, applicant_id, applicant_address, \
                     handling_agency, assigned_to, details, state, last_seq, last_hash, idempotency_key, applicant_email) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, 1, $24, $25, $26) \
                     RETURNING id",
                )
                .bind(&code)
                .bind(d.center_id)
                .bind(d.agency.as_str())
                .bind(d.procedure_code.as_str())
                .bind(d.procedure_version_id)
                .bind(i64::from(d.channel.number()))
                .bind(i64::from(d.to.number()))
                .bind(&a.name)
                .bind(motcua_domain::text::fold(&a.name))
                .bind(&a.id_number)
                .bind(&a.phone)
                .bind(d.at.as_second())
                .bind(state.appointment.map(|t| t.as_second()))
                .bind(i64::from(state.supplement_count))
                .bind(i64::from(state.extension_count))
                .bind(state.digitized)
                .bind(state.result_by_post)
                .bind(applicant_id)
                .bind(&a.address)
                .bind(state.agency.as_ref().map(|x| x.to_string()))
                .bind(state.assigned_to)
                .bind(&details)
                .bind(&state_json)
                .bind(&event.hash)
                .bind(&d.idempotency_key)
                .bind(&a.email)
                .fetch_one(&mut *tx)
                .await?;
                Self::insert_event(&mut tx, id, &event).await?;
                Self::insert_notices(&mut tx, id, &event, &dossier_code.to_string(), &d.notices).await?;
                if let Some(ticket) = d.ticket_id {
                    sqlx::query("INSERT INTO ticket_dossiers (ticket_id, dossier_id) VALUES ($1, $2)")
                        .bind(ticket)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                let step = motcua_domain::dossier::rollup::Step::from(&event);
                let counts = RollupCounts::opening(&step, &state, d.channel);
                Self::add_rollup(&mut tx, d.center_id, &date_text(day), d.procedure_code.as_str(), &counts).await?;
                let credits = motcua_domain::dossier::rollup::OfficerCounts::credits(&step, &State::default(), &state);
                Self::add_credits(&mut tx, d.center_id, &credits).await?;
                if !d.then.is_empty() {
                    Self::append_in(&mut tx, id, 1, &d.then).await?;
                    tx.commit().await?;
                    return self
                        .dossier_where(DossierKey::Id(id))
                        .await?
                        .ok_or_else(|| StoreError::NotFound(format!("dossier {id:?} just written")));
                }
                tx.commit().await?;
                Ok(DossierRecord {
                    id,
                    code: dossier_code,
                    center_id: d.center_id,
                    agency_code: d.agency.clone(),
                    procedure_code: d.procedure_code.clone(),
                    procedure_version_id: d.procedure_version_id,
                    channel: d.channel,
                    applicant_id,
                    applicant: d.applicant.clone(),
                    received_at: d.at,
                    details: d.details.clone(),
                    state,
                    last_seq: 1,
                })
            }

            async fn dossier_with_key(&self, key: &str) -> Result<Option<DossierRecord>> {
                let id: Option<DossierId> = sqlx::query_scalar("SELECT id FROM dossiers WHERE idempotency_key = $1").bind(key).fetch_optional(&self.write).await?;
                match id {
                    Some(id) => self.dossier_where(DossierKey::Id(id)).await,
                    None => Ok(None),
                }
            }

            /// One INSERT of events (dossier id, event), for a live step or a bulk chunk.
            fn event_rows(chunk: &[(DossierId, &Event)]) -> sqlx::QueryBuilder<'static, $db> {
                let mut b = sqlx::QueryBuilder::<'static, $db>::new(
                    "INSERT INTO dossier_events (dossier_id, seq, at, actor_account_id, actor_username, actor_role, agency_code, \
                     from_status, to_status, action, payload, hash) ",
                );
                b.push_values(chunk, |mut row, (id, e)| {
                    row.push_bind(*id)
                        .push_bind(e.seq)
                        .push_bind(e.at.as_second())
                        .push_bind(e.actor.as_ref().map(|a| a.account_id))
                        .push_bind(e.actor.as_ref().map(|a| a.username.clone()))
                        .push_bind(e.actor.as_ref().map(|a| a.role.code()))
                        .push_bind(e.agency.to_string())
                        .push_bind(e.from.map(|s| i64::from(s.number())))
                        .push_bind(i64::from(e.to.number()))
                        .push_bind(e.action.name())
                        .push_bind(serde_json::to_string(&e.action).expect("actions serialise"))
                        .push_bind(e.hash.clone());
                });
                b
            }

            async fn insert_event(tx: &mut sqlx::Transaction<'_, $db>, dossier_id: DossierId, e: &Event) -> Result<()> {
                Self::event_rows(&[(dossier_id, e)]).build().execute(&mut **tx).await?;
                Ok(())
            }

            async fn add_rollup(tx: &mut sqlx::Transaction<'_, $db>, center: CenterId, day: &str, procedure: &str, r: &RollupCounts) -> Result<()> {
                let key = (center, day.to_string(), procedure.to_string());
                Self::rollup_rows(&[(&key, r)]).build().execute(&mut **tx).await?;
                Self::add_levels(tx, [(&key, r)]).await
            }

            /// Adds daily rollups to the coarser ones (center × day, center ×
            /// month, center × procedure × month), in the same transaction.
            async fn add_levels<'k>(
                tx: &mut sqlx::Transaction<'_, $db>,
                daily: impl IntoIterator<Item = (&'k $crate::sql::RollupKey, &'k RollupCounts)>,
            ) -> Result<()> {
                use motcua_domain::dossier::rollup::COUNT_NAMES;
                for (table, second, with_procedure, sums) in $crate::sql::levels(daily) {
                    let rows: Vec<_> = sums.into_iter().collect();
                    for chunk in rows.chunks(1000) {
                        let keys = if with_procedure { format!("center_id, {second}, procedure_code") } else { format!("center_id, {second}") };
                        let mut b = sqlx::QueryBuilder::<$db>::new(format!("INSERT INTO {table} ({keys}, {}) ", COUNT_NAMES.join(", ")));
                        b.push_values(chunk, |mut row, ((center, period, procedure), c)| {
                            row.push_bind(*center).push_bind(period.clone());
                            if with_procedure {
                                row.push_bind(procedure.clone().unwrap_or_default());
                            }
                            for v in c.values() {
                                row.push_bind(v);
                            }
                        });
                        let sums: Vec<String> = COUNT_NAMES.iter().map(|c| format!("{c} = {table}.{c} + excluded.{c}")).collect();
                        b.push(format!(" ON CONFLICT ({keys}) DO UPDATE SET {}", sums.join(", ")));
                        b.build().execute(&mut **tx).await?;
                    }
                }
                Ok(())
            }

            /// One upsert of rollups that adds to what a day holds: for a live
            /// step and for a bulk chunk alike.
            fn rollup_rows(chunk: &[(&$crate::sql::RollupKey, &RollupCounts)]) -> sqlx::QueryBuilder<'static, $db> {
                use motcua_domain::dossier::rollup::COUNT_NAMES;
                let mut b = sqlx::QueryBuilder::<'static, $db>::new(format!(
                    "INSERT INTO daily_rollups (center_id, day, procedure_code, {}) ",
                    COUNT_NAMES.join(", ")
                ));
                b.push_values(chunk, |mut row, ((center, day, procedure), r)| {
                    row.push_bind(*center).push_bind(day.clone()).push_bind(procedure.clone());
                    for v in r.values() {
                        row.push_bind(v);
                    }
                });
                let sums: Vec<String> = COUNT_NAMES.iter().map(|c| format!("{c} = daily_rollups.{c} + excluded.{c}")).collect();
                b.push(format!(" ON CONFLICT (center_id, day, procedure_code) DO UPDATE SET {}", sums.join(", ")));
                b
            }

            /// One upsert of officers' figures that adds to what a day holds.
            fn officer_rows(chunk: &[(&$crate::sql::OfficerKey, &motcua_domain::dossier::rollup::OfficerCounts)]) -> sqlx::QueryBuilder<'static, $db> {
                let mut b = sqlx::QueryBuilder::<'static, $db>::new(
                    "INSERT INTO officer_rollups (center_id, day, account_id, received, digitized, settled, on_time, late, returned) ",
                );
                b.push_values(chunk, |mut row, ((center, day, account), c)| {
                    row.push_bind(*center)
                        .push_bind(day.clone())
                        .push_bind(*account)
                        .push_bind(c.received)
                        .push_bind(c.digitized)
                        .push_bind(c.settled)
                        .push_bind(c.on_time)
                        .push_bind(c.late)
                        .push_bind(c.returned);
                });
                b.push(
                    " ON CONFLICT (center_id, day, account_id) DO UPDATE SET \
                     received = officer_rollups.received + excluded.received, \
                     digitized = officer_rollups.digitized + excluded.digitized, \
                     settled = officer_rollups.settled + excluded.settled, \
                     on_time = officer_rollups.on_time + excluded.on_time, \
                     late = officer_rollups.late + excluded.late, \
                     returned = officer_rollups.returned + excluded.returned",
                );
                b
            }

            async fn add_credits(tx: &mut sqlx::Transaction<'_, $db>, center: CenterId, credits: &[motcua_domain::dossier::rollup::Credit]) -> Result<()> {
                if credits.is_empty() {
                    return Ok(());
                }
                let mut g = $crate::sql::Gathered::default();
                g.add_credits(center, credits);
                let rows: Vec<_> = g.officers.iter().collect();
                Self::officer_rows(&rows).build().execute(&mut **tx).await?;
                Ok(())
            }

            async fn dossier_where(&self, key: DossierKey<'_>) -> Result<Option<DossierRecord>> {
                let (by_id, by_code) = (format!("{DOSSIER_SELECT} WHERE d.id = $1"), format!("{DOSSIER_SELECT} WHERE d.code = $1"));
                let query = match key {
                    DossierKey::Id(id) => sqlx::query_as::<_, $crate::dossiers::DossierRow>(&by_id).bind(id),
                    DossierKey::Code(code) => sqlx::query_as(&by_code).bind(code.to_string()),
                };
                query.fetch_optional(&self.read).await?.map(DossierRecord::try_from).transpose()
            }

            /// Dossiers by id in one query, in the order of `ids`.
            async fn dossiers_by_ids(&self, ids: &[DossierId]) -> Result<Vec<DossierRecord>> {
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                let mut b = sqlx::QueryBuilder::<$db>::new(DOSSIER_SELECT);
                b.push(" WHERE d.id IN (");
                let mut list = b.separated(", ");
                for id in ids {
                    list.push_bind(*id);
                }
                b.push(")");
                let mut found: std::collections::HashMap<DossierId, DossierRecord> = b
                    .build_query_as::<$crate::dossiers::DossierRow>()
                    .fetch_all(&self.read)
                    .await?
                    .into_iter()
                    .map(|r| DossierRecord::try_from(r).map(|d| (d.id, d)))
                    .collect::<Result<_>>()?;
                Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
            }
        }
    };
}

pub(crate) use dossier_sql;
