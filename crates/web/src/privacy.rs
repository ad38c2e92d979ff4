//! Personal data by role (Decree 13/2023/NĐ-CP): who handles a dossier sees
//! its applicant in full and the reading is recorded; supervisors, inspectors
//! and administrators see identity numbers, phones and addresses masked. And
//! the lookup PIN printed on every receipt, the second factor of the public
//! lookup for dossiers with or without a phone.

use hmac::{Hmac, Mac};
use motcua_store::{Applicant, DossierCode, DossierId, DossierRecord, PersonalDataRead};
use sha2::Sha256;

use crate::auth::Principal;
use crate::{AppState, WebError};

/// `an.nguyen@example.vn` → `a***@example.vn`.
fn mask_email(s: &str) -> String {
    match s.split_once('@') {
        Some((user, domain)) => {
            format!("{}***@{domain}", user.chars().next().unwrap_or('*'))
        }
        None => "***".into(),
    }
}

/// An applicant as one reader may see them: in full, or with the identity
/// number, phone, e-mail and address masked. Text, not the checked types:
/// a masked number is no longer a number.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ShownApplicant {
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: String,
}

impl ShownApplicant {
    pub fn full(a: &Applicant) -> ShownApplicant {
        ShownApplicant {
            name: a.name.clone(),
            id_number: a.id_number.as_ref().map(|c| c.to_string()),
            phone: a.phone.as_ref().map(|p| p.to_string()),
            email: a.email.clone(),
            address: a.address.clone(),
        }
    }
}

/// The applicant as someone who does not handle the dossier sees them.
pub fn masked(a: &Applicant) -> ShownApplicant {
    ShownApplicant {
        name: a.name.clone(),
        id_number: a.id_number.as_ref().map(|c| c.masked()),
        phone: a.phone.as_ref().map(|p| p.masked()),
        email: a.email.as_deref().map(mask_email),
        address: if a.address.is_empty() {
            String::new()
        } else {
            "***".into()
        },
    }
}

/// The applicant as `p` may see them on `purpose` (a route or screen): in full
/// for those who handle the dossier, with the reading recorded; masked for the
/// rest. Nothing is shown in full unless the record of it was written.
pub async fn applicant_for(
    state: &AppState,
    p: &Principal,
    d: &DossierRecord,
    purpose: &str,
) -> Result<(ShownApplicant, bool), WebError> {
    if !p.handles(d) {
        return Ok((masked(&d.applicant), false));
    }
    if d.applicant.id_number.is_some() || d.applicant.phone.is_some() {
        record(state, p, Some(d.id), &d.code.to_string(), purpose).await?;
    }
    Ok((ShownApplicant::full(&d.applicant), true))
}

/// Records that `p` read someone's full personal data.
pub async fn record(
    state: &AppState,
    p: &Principal,
    dossier_id: Option<DossierId>,
    subject: &str,
    purpose: &str,
) -> Result<(), WebError> {
    crate::cases::access::record_reads(
        state,
        &[PersonalDataRead {
            at: state.now(),
            account_id: p.account.id,
            dossier_id,
            subject: subject.to_string(),
            purpose: purpose.to_string(),
        }],
    )
    .await
}

/// The six-digit lookup PIN of a dossier code under the deployment's key: the
/// same for the life of the dossier, unguessable without the key, and nothing
/// to store or migrate.
pub fn lookup_pin(key: &[u8], code: &DossierCode) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(code.to_string().as_bytes());
    let digest = mac.finalize().into_bytes();
    let n = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"));
    format!("{:06}", n % 1_000_000)
}

/// The key of a dossier's rating link under the deployment's key (not the
/// lookup PIN: a rating link shows nothing of the dossier).
pub fn rating_key(key: &[u8], code: &DossierCode) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(b"rating:");
    mac.update(code.to_string().as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..10])
}

/// Compares two short secrets in time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_the_ends_only() {
        assert_eq!(mask_email("an.nguyen@example.vn"), "a***@example.vn");
        let a = Applicant {
            name: "Nguyễn Văn An".into(),
            id_number: Some("092190001234".parse().unwrap()),
            phone: Some("0912345678".parse().unwrap()),
            email: None,
            address: "12 Hòa Bình".into(),
        };
        let m = masked(&a);
        assert_eq!(
            (m.name.as_str(), m.address.as_str(), m.email),
            ("Nguyễn Văn An", "***", None)
        );
        assert_eq!(m.id_number.as_deref(), Some("092******234"));
        assert_eq!(m.phone.as_deref(), Some("091****678"));
    }

    #[test]
    fn pins_are_six_digits_fixed_per_code_and_key() {
        let code = |s: &str| s.parse::<DossierCode>().unwrap();
        let a = lookup_pin(b"key one", &code("000.30.00.H92-261127-0001"));
        assert_eq!(a.len(), 6);
        assert!(a.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(
            a,
            lookup_pin(b"key one", &code("000.30.00.H92-261127-0001"))
        );
        let others: Vec<String> = (2..40)
            .map(|i| lookup_pin(b"key one", &code(&format!("000.30.00.H92-261127-{i:04}"))))
            .collect();
        assert!(others.iter().filter(|p| **p == a).count() <= 1);
        assert_ne!(
            a,
            lookup_pin(b"key two", &code("000.30.00.H92-261127-0001"))
        );
        assert!(same_secret("123456", "123456"));
        assert!(!same_secret("123456", "123457"));
        assert!(!same_secret("123456", "12345"));
    }
}
