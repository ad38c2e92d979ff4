//! A blob's name: the sha256 of its bytes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

/// The sha256 of a blob's bytes, written as 64 lowercase hex characters.
///
/// Parsing accepts that spelling and nothing else (no uppercase, no prefix, no
/// whitespace), so an id that reaches the store cannot carry a path, and one
/// blob has one spelling in URLs and metadata.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobId([u8; 32]);

/// Why a string is not a [`BlobId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BlobIdError {
    #[error("a blob id has 64 characters, this one has {0}")]
    Length(usize),
    #[error("a blob id is lowercase hex (0-9, a-f) only")]
    NotLowercaseHex,
}

impl BlobId {
    /// The id the given bytes are stored under.
    pub fn of(bytes: &[u8]) -> BlobId {
        BlobId(Sha256::digest(bytes).into())
    }

    /// The raw 32 bytes of the hash.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub(crate) fn from_digest(digest: [u8; 32]) -> BlobId {
        BlobId(digest)
    }
}

impl FromStr for BlobId {
    type Err = BlobIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Counted in bytes on purpose: a multi-byte character is refused either way.
        if s.len() != 64 {
            return Err(BlobIdError::Length(s.chars().count()));
        }
        if !s
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(BlobIdError::NotLowercaseHex);
        }
        let mut out = [0u8; 32];
        hex::decode_to_slice(s, &mut out).map_err(|_| BlobIdError::NotLowercaseHex)?;
        Ok(BlobId(out))
    }
}

impl fmt::Display for BlobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for BlobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BlobId({self})")
    }
}

impl Serialize for BlobId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for BlobId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // sha256 of "abc", from FIPS 180-2.
    const ABC: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    #[test]
    fn of_is_sha256_in_lowercase_hex() {
        let id = BlobId::of(b"abc");
        assert_eq!(id.to_string(), ABC);
        assert_eq!(ABC.parse::<BlobId>(), Ok(id));
    }

    #[test]
    fn refuses_anything_but_64_lowercase_hex() {
        for bad in [
            "../../etc/passwd",
            &ABC[..63],
            &format!("{ABC}0"),
            "",
            &ABC.to_uppercase(),
            &format!("{}/", &ABC[..63]),
            &format!(" {}", &ABC[..63]),
            &format!("{}g", &ABC[..63]),
            &format!("{}é", &ABC[..62]),
        ] {
            assert!(bad.parse::<BlobId>().is_err(), "{bad:?} was accepted");
        }
        assert_eq!(ABC[..63].parse::<BlobId>(), Err(BlobIdError::Length(63)));
        assert_eq!(
            format!("{ABC}a").parse::<BlobId>(),
            Err(BlobIdError::Length(65))
        );
    }

    #[test]
    fn serde_is_the_string() {
        let id = BlobId::of(b"abc");
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{ABC}\""));
        assert_eq!(serde_json::from_str::<BlobId>(&json).unwrap(), id);
        assert!(serde_json::from_str::<BlobId>("\"../../etc/passwd\"").is_err());
    }
}
