//! Dossiers from the past written in bulk (the demo, a migration from an older
//! system): large transactions, indexes built once at the end.
//!
//! The contract is the trait; its SQL, written once for both backends, is the
//! `history_sql!` macro that `sql_store!` expands for each driver.

use async_trait::async_trait;

use crate::*;

#[async_trait]
pub trait HistoryStore: Send + Sync {
    /// Writes historical dossiers in bulk (demo data, migrations from older
    /// systems) with their events, code counters and daily rollups, in one
    /// transaction: all or nothing, durable when it returns. The rollups count
    /// each dossier event by event as the live intake and actions would have.
    /// A dossier without events, or whose code exists, fails the whole call.
    async fn insert_history(
        &self,
        dossiers: &[HistoricDossier],
        progress: Progress<'_>,
    ) -> Result<()>;
    /// Writes a stream of batches of historical dossiers as
    /// [`HistoryStore::insert_history`] does, in large transactions: a commit after
    /// the batch that brings the rows written since the last commit (dossiers
    /// and events) to `rows_per_commit`, and one at the end. A batch is never
    /// split. On an error the batches committed before stay. Returns the
    /// number of dossiers written; `progress` is told after each batch.
    async fn load_history(
        &self,
        batches: futures::stream::BoxStream<'_, Vec<HistoricDossier>>,
        rows_per_commit: usize,
        progress: Progress<'_>,
    ) -> Result<u64>;
}

macro_rules! history_sql {
    ($store:ty, $db:ty, $backend:expr) => {
        #[async_trait::async_trait]
        impl HistoryStore for $store {
            async fn insert_history(&self, dossiers: &[HistoricDossier], progress: Progress<'_>) -> Result<()> {
                let mut gathered = $crate::sql::Gathered::default();
                let mut tx = self.write.begin().await?;
                Self::write_history(&mut tx, dossiers, &mut gathered).await?;
                Self::write_tallies(&mut tx, gathered).await?;
                tx.commit().await?;
                progress(dossiers.len() as u64);
                Ok(())
            }

            async fn load_history(
                &self,
                batches: futures::stream::BoxStream<'_, Vec<HistoricDossier>>,
                rows_per_commit: usize,
                progress: Progress<'_>,
            ) -> Result<u64> {
                let settings = self.bulk_begin().await?;
                let deferred = self.defer_indexes().await;
                let loaded = match deferred {
                    Ok(()) => self.load_history_in(batches, rows_per_commit, progress).await,
                    Err(e) => Err(e),
                };
                let rebuilt = self.restore_indexes(tracing::Level::DEBUG).await;
                let restored = self.bulk_end(settings).await;
                let written = loaded?;
                rebuilt?;
                restored?;
                Ok(written)
            }
        }

        impl $store {
            /// Into an empty database, the secondary (non-unique) indexes of
            /// the dossier tables are dropped for the load and rebuilt by
            /// `restore_indexes`; their definitions are kept in
            /// `deferred_indexes` in the same transaction as the drop.
            async fn defer_indexes(&self) -> Result<()> {
                let mut tx = self.write.begin().await?;
                let loaded: Option<i64> = sqlx::query_scalar("SELECT id FROM dossiers LIMIT 1").fetch_optional(&mut *tx).await?;
                if loaded.is_some() {
                    return Ok(());
                }
                let catalog = match $backend {
                    Backend::Sqlite => {
                        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL \
                         AND tbl_name IN ('dossiers', 'dossier_events') AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name"
                    }
                    Backend::Postgres => {
                        "SELECT indexname::text, indexdef FROM pg_indexes WHERE schemaname = current_schema() \
                         AND tablename IN ('dossiers', 'dossier_events') AND indexdef NOT LIKE 'CREATE UNIQUE%' ORDER BY indexname"
                    }
                };
                let indexes: Vec<(String, String)> = sqlx::query_as(catalog).fetch_all(&mut *tx).await?;
                for (name, definition) in &indexes {
                    sqlx::query("INSERT INTO deferred_indexes (name, definition) VALUES ($1, $2)")
                        .bind(name)
                        .bind(definition)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query(&format!("DROP INDEX {name}")).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            /// Builds the indexes `defer_indexes` dropped, in one transaction.
            /// `level`: how loudly each is told (a load's own is routine; one a
            /// killed load left behind is worth a warning).
            async fn restore_indexes(&self, level: tracing::Level) -> Result<()> {
                let mut tx = self.write.begin().await?;
                let indexes: Vec<(String, String)> =
                    sqlx::query_as("SELECT name, definition FROM deferred_indexes ORDER BY name").fetch_all(&mut *tx).await?;
                for (name, definition) in &indexes {
                    if level == tracing::Level::WARN {
                        tracing::warn!(index = %name, "building an index a cut-short bulk load left unbuilt");
                    } else {
                        tracing::debug!(index = %name, "building an index deferred by the bulk load");
                    }
                    sqlx::query(definition).execute(&mut *tx).await?;
                    sqlx::query("DELETE FROM deferred_indexes WHERE name = $1").bind(name).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn load_history_in(
                &self,
                mut batches: futures::stream::BoxStream<'_, Vec<HistoricDossier>>,
                rows_per_commit: usize,
                progress: Progress<'_>,
            ) -> Result<u64> {
                use futures::StreamExt as _;
                let mut gathered = $crate::sql::Gathered::default();
                let mut tx = None;
                let (mut written, mut pending) = (0u64, 0usize);
                while let Some(batch) = batches.next().await {
                    let t = match &mut tx {
                        Some(t) => t,
                        None => tx.insert(self.write.begin().await?),
                    };
                    Self::write_history(t, &batch, &mut gathered).await?;
                    pending += batch.len() + batch.iter().map(|d| d.events.len()).sum::<usize>();
                    if pending >= rows_per_commit {
                        let mut t = tx.take().expect("begun above");
                        Self::write_tallies(&mut t, std::mem::take(&mut gathered)).await?;
                        t.commit().await?;
                        pending = 0;
                    }
                    written += batch.len() as u64;
                    progress(written);
                }
                if let Some(mut t) = tx {
                    Self::write_tallies(&mut t, gathered).await?;
                    t.commit().await?;
                }
                Ok(written)
            }

            /// Writes historic dossiers and their events in `tx`, and adds
            /// what they count to `gathered` (written by `write_tallies`). Multi-row inserts: few statements for many rows.
            async fn write_history(
                tx: &mut sqlx::Transaction<'_, $db>,
                dossiers: &[HistoricDossier],
                gathered: &mut $crate::sql::Gathered,
            ) -> Result<()> {
                // 25 and 13 columns: under every backend's bind-parameter limit.
                const DOSSIERS: usize = 1000;
                const EVENTS: usize = 2000;
                let rows = $crate::sql::tallies(dossiers, gathered)?;
                let dossier_rows = |chunk: &[$crate::sql::HistoricRow<'_>]| {
                    let mut b = sqlx::QueryBuilder::<'static, $db>::new(
                        "INSERT INTO dossiers (code, center_id, agency_code, procedure_code, procedure_version_id, channel, \
                         status, applicant_name, applicant_search, applicant_id_number, applicant_phone, received_at, due_at, \
                         finished_at, returned_at, supplement_count, extension_count, digitized, result_by_post, \
                         handling_agency, assigned_to, details, state, last_seq, last_hash) ",
                    );
                    b.push_values(chunk, |mut row, r| {
                        let (d, state) = (r.d, &r.state);
                        let last = d.events.last().expect("tallies refuses dossiers without events");
                        row.push_bind(d.code.clone())
                            .push_bind(d.center_id)
                            .push_bind(d.agency_code.to_string())
                            .push_bind(d.procedure_code.to_string())
                            .push_bind(d.procedure_version_id)
                            .push_bind(i64::from(d.channel.number()))
                            .push_bind(i64::from(last.to.number()))
                            .push_bind(d.applicant_name.clone())
                            .push_bind(motcua_domain::text::fold(&d.applicant_name))
                            .push_bind(d.applicant_id_number.clone())
                            .push_bind(d.applicant_phone.clone())
                            .push_bind(d.received_at().as_second())
                            .push_bind(state.appointment.map(|t| t.as_second()))
                            .push_bind(r.finished_at)
                            .push_bind(r.returned_at)
                            .push_bind(i64::from(state.supplement_count))
                            .push_bind(i64::from(state.extension_count))
                            .push_bind(state.digitized)
                            .push_bind(state.result_by_post)
                            .push_bind(state.agency.as_ref().map(|x| x.to_string()))
                            .push_bind(state.assigned_to)
                            .push_bind(d.details.to_string())
                            .push_bind(serde_json::to_string(state).expect("state serialises"))
                            .push_bind(last.seq)
                            .push_bind(last.hash.clone());
                    });
                    b.push(" RETURNING id, code");
                    b
                };
                // Each statement's values are bound while the one before runs.
                let chunks: Vec<_> = rows.chunks(DOSSIERS).collect();
                let mut ids: Vec<DossierId> = Vec::with_capacity(rows.len());
                let mut next = chunks.first().map(|c| dossier_rows(c));
                for i in 0..chunks.len() {
                    let mut b = next.take().expect("built before");
                    let (returned, built) = futures::join!(b.build_query_as::<(DossierId, String)>().fetch_all(&mut **tx), async {
                        chunks.get(i + 1).map(|c| dossier_rows(c))
                    });
                    next = built;
                    // Matched by code: the order of RETURNING rows is not promised.
                    let mut by_code = std::collections::HashMap::with_capacity(chunks[i].len());
                    for (id, code) in returned? {
                        by_code.insert(code, id);
                    }
                    for r in chunks[i] {
                        ids.push(*by_code.get(&r.d.code).ok_or_else(|| StoreError::Corrupt(format!("dossier {} was not written", r.d.code)))?);
                    }
                }
                let events: Vec<(DossierId, &Event)> = dossiers
                    .iter()
                    .zip(&ids)
                    .flat_map(|(d, id)| d.events.iter().map(move |e| (*id, e)))
                    .collect();
                let chunks: Vec<_> = events.chunks(EVENTS).collect();
                let mut next = chunks.first().map(|c| Self::event_rows(c));
                for i in 0..chunks.len() {
                    let mut b = next.take().expect("built before");
                    let (done, built) = futures::join!(b.build().execute(&mut **tx), async {
                        chunks.get(i + 1).map(|c| Self::event_rows(c))
                    });
                    done?;
                    next = built;
                }
                Ok(())
            }

            /// Adds the counters and rollups gathered by `write_history` (or
            /// by the rebuild).
            async fn write_tallies(tx: &mut sqlx::Transaction<'_, $db>, gathered: $crate::sql::Gathered) -> Result<()> {
                // Under every backend's bind-parameter limit (19 columns a row).
                const CHUNK: usize = 1000;
                let $crate::sql::Gathered { counters, rollups, officers } = gathered;
                let counters: Vec<_> = counters.into_iter().collect();
                for chunk in counters.chunks(CHUNK) {
                    let mut b = sqlx::QueryBuilder::<$db>::new("INSERT INTO dossier_counters (agency_code, day, last) ");
                    b.push_values(chunk, |mut row, ((agency, day), last)| {
                        row.push_bind(agency.clone()).push_bind(day.clone()).push_bind(*last);
                    });
                    b.push(
                        " ON CONFLICT (agency_code, day) DO UPDATE SET \
                         last = CASE WHEN excluded.last > dossier_counters.last THEN excluded.last ELSE dossier_counters.last END",
                    );
                    b.build().execute(&mut **tx).await?;
                }
                let rollups: Vec<_> = rollups.iter().collect();
                for chunk in rollups.chunks(CHUNK) {
                    Self::rollup_rows(chunk).build().execute(&mut **tx).await?;
                }
                Self::add_levels(tx, rollups.iter().copied()).await?;
                let officers: Vec<_> = officers.iter().collect();
                for chunk in officers.chunks(CHUNK) {
                    Self::officer_rows(chunk).build().execute(&mut **tx).await?;
                }
                Ok(())
            }
        }
    };
}

pub(crate) use history_sql;
