//! Account passwords as argon2id PHC strings: the store keeps only these, and
//! whoever creates an account or checks a sign-in hashes and verifies here.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// A well-formed hash with the default parameters that no password matches:
/// checking a sign-in for an unknown account against it costs as much as a
/// wrong password, so the answer's timing does not tell which accounts exist.
const NOBODY: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$ZmFrZWhhc2hmYWtlaGFzaGZha2VoYXNoZmFrZWg";

/// Hashes a password into a PHC string (`$argon2id$v=19$…`).
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters")
        .to_string()
}

/// Checks a password against a stored PHC string; a malformed hash never matches.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// Checks a sign-in's password against the account's hash, or, when there is
/// no such account, spends the same time on [`NOBODY`] and refuses.
pub fn verify_password_or_nobody(password: &str, phc: Option<&str>) -> bool {
    match phc {
        Some(h) => verify_password(password, h),
        None => {
            verify_password(password, NOBODY);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ_by_salt() {
        let a = hash_password("mật khẩu");
        let b = hash_password("mật khẩu");
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b);
        assert!(verify_password("mật khẩu", &a));
        assert!(!verify_password("mat khau", &a));
        assert!(!verify_password("mật khẩu", "not a hash"));
    }

    /// The stand-in hash must cost what a real one costs, or the timing leaks.
    #[test]
    fn nobody_is_a_real_hash_with_the_default_parameters() {
        let h = PasswordHash::new(NOBODY).expect("a PHC string");
        let (nobody, default) = (
            argon2::Params::try_from(&h).unwrap(),
            argon2::Params::default(),
        );
        assert_eq!(
            (nobody.m_cost(), nobody.t_cost(), nobody.p_cost()),
            (default.m_cost(), default.t_cost(), default.p_cost())
        );
        assert_eq!(h.algorithm, argon2::Algorithm::Argon2id.ident());
        let real = hash_password("mật khẩu");
        assert!(verify_password_or_nobody("mật khẩu", Some(&real)));
        assert!(!verify_password_or_nobody("mật khẩu", None));
    }
}
