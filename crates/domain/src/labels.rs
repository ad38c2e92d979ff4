//! Enums that are stored and exchanged by a short code and shown by a label in
//! each locale.

/// Declares an enum with a stable code (stored in the database and files) and a
/// Vietnamese and English label for people.
macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal, $vi:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code used in storage and files.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn label(self, locale: impl Into<$crate::Locale>) -> &'static str {
                let locale = locale.into();
                match self { $($name::$variant => locale.pick($vi, $en)),+ }
            }

            /// Accepts the code, or either label (case and diacritics ignored).
            pub fn parse(s: &str) -> Option<$name> {
                let key = $crate::text::fold(s);
                Self::ALL.iter().copied().find(|v| {
                    v.code() == key
                        || $crate::text::fold(v.label($crate::Locale::Vi)) == key
                        || $crate::text::fold(v.label($crate::Locale::En)) == key
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                $name::parse(s).ok_or_else(|| {
                    let codes: Vec<&str> = Self::ALL.iter().map(|v| v.code()).collect();
                    format!("{s:?} is not one of {}", codes.join(", "))
                })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

pub(crate) use labelled_enum;
