//! The shared record of an applicant, found again by identity number at the
//! next visit: created by the counter's first intake, changed only by staff
//! with a reason (logged), never by an online submission.

use crate::*;

/// A shared applicant record.
#[derive(sqlx::FromRow)]
pub(crate) struct ApplicantRow {
    id: ApplicantId,
    name: String,
    id_number: Option<Cccd>,
    phone: Option<Phone>,
    email: Option<String>,
    address: String,
}

impl From<ApplicantRow> for ApplicantRecord {
    fn from(r: ApplicantRow) -> ApplicantRecord {
        ApplicantRecord {
            id: r.id,
            applicant: Applicant {
                name: r.name,
                id_number: r.id_number,
                phone: r.phone,
                email: r.email,
                address: r.address,
            },
        }
    }
}

macro_rules! applicant_sql {
    ($store:ty, $db:ty, $backend:expr) => {
        impl $store {
            /// The shared applicant record a new dossier links to, as `how` says.
            async fn applicant_record(
                tx: &mut sqlx::Transaction<'_, $db>,
                a: &Applicant,
                how: &ApplicantRecordUse,
                at: Timestamp,
            ) -> Result<Option<ApplicantId>> {
                if *how == ApplicantRecordUse::Detached {
                    return Ok(None);
                }
                // A new identity number makes a record; a known one is only read
                // (DO NOTHING also waits out a concurrent intake of the same person).
                let created: Option<ApplicantId> = sqlx::query_scalar(
                    "INSERT INTO applicants (id_number, name, name_search, phone, email, address, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id_number) DO NOTHING RETURNING id",
                )
                .bind(&a.id_number)
                .bind(&a.name)
                .bind(motcua_domain::text::fold(&a.name))
                .bind(&a.phone)
                .bind(&a.email)
                .bind(&a.address)
                .bind(at.as_second())
                .fetch_optional(&mut **tx)
                .await?;
                if let Some(id) = created {
                    return Ok(Some(id));
                }
                let known: ApplicantRecord = sqlx::query_as::<_, $crate::applicants::ApplicantRow>(
                    "SELECT id, name, id_number, phone, email, address FROM applicants WHERE id_number = $1",
                )
                .bind(&a.id_number)
                .fetch_one(&mut **tx)
                .await?
                .into();
                let id = known.id;
                if let ApplicantRecordUse::Update { account_id, reason } = how {
                    let before = known.applicant;
                    sqlx::query(
                        "UPDATE applicants SET name = $2, name_search = $3, phone = $4, email = $5, address = $6, updated_at = $7 WHERE id = $1",
                    )
                    .bind(id)
                    .bind(&a.name)
                    .bind(motcua_domain::text::fold(&a.name))
                    .bind(&a.phone)
                    .bind(&a.email)
                    .bind(&a.address)
                    .bind(at.as_second())
                    .execute(&mut **tx)
                    .await?;
                    sqlx::query(
                        "INSERT INTO applicant_changes (applicant_id, at, account_id, reason, old_details, new_details) VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(id)
                    .bind(at.as_second())
                    .bind(account_id)
                    .bind(reason)
                    .bind(serde_json::to_string(&before).expect("applicants serialise"))
                    .bind(serde_json::to_string(a).expect("applicants serialise"))
                    .execute(&mut **tx)
                    .await?;
                }
                Ok(Some(id))
            }

        }
    };
}

pub(crate) use applicant_sql;
