//! Enums that are stored and exchanged by a short code and shown by a label in
//! each locale.

/// Declares an enum with a stable code (stored in the database and files) and
/// a label for people in each language, from the catalog (`labels.ftl`, keyed
/// `label-Enum-Variant`).
macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code used in storage and files.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The catalog key of the label, for a message that names it.
            pub fn label_key(self) -> &'static str {
                match self {
                    $($name::$variant => concat!("label-", stringify!($name), "-", stringify!($variant))),+
                }
            }

            pub fn label(self, locale: impl Into<$crate::Locale>) -> &'static str {
                locale.into().t(self.label_key())
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

#[cfg(test)]
mod tests {
    use crate::catalog::{Channel, ComponentKind, OnlineLevel};
    use crate::dossier::Status;
    use crate::org::{CenterKind, Employer, Level, Role, UnitKind};
    use crate::Locale;

    /// Every label is in the catalog in both languages (a missing one would
    /// show its key), and labels differ between variants.
    #[test]
    fn every_variant_has_its_labels() {
        fn check<T: Copy + std::fmt::Debug>(all: &[T], label: impl Fn(T, Locale) -> &'static str) {
            for l in [Locale::Vi, Locale::En] {
                let labels: Vec<&str> = all.iter().map(|v| label(*v, l)).collect();
                for (v, text) in all.iter().zip(&labels) {
                    assert!(!text.starts_with("label-"), "{v:?} has no {l:?} label");
                }
                let mut unique = labels.clone();
                unique.sort();
                unique.dedup();
                assert_eq!(unique.len(), labels.len(), "{labels:?}");
            }
        }
        check(Status::ALL, |v, l| v.label(l));
        check(Role::ALL, |v, l| v.label(l));
        check(Channel::ALL, |v, l| v.label(l));
        check(ComponentKind::ALL, |v, l| v.label(l));
        check(OnlineLevel::ALL, |v, l| v.label(l));
        check(Employer::ALL, |v, l| v.label(l));
        check(UnitKind::ALL, |v, l| v.label(l));
        check(CenterKind::ALL, |v, l| v.label(l));
        check(Level::ALL, |v, l| v.label(l));
        use crate::queue::{rating, ticket};
        check(ticket::Lane::ALL, |v, l| v.label(l));
        check(ticket::TicketStatus::ALL, |v, l| v.label(l));
        check(ticket::KioskKind::ALL, |v, l| v.label(l));
        check(rating::Satisfaction::ALL, |v, l| v.label(l));
        check(rating::RatingStage::ALL, |v, l| v.label(l));
        check(crate::guidance::GuidedChannel::ALL, |v, l| v.label(l));
        use crate::feedback::{Category, FeedbackStatus, Stage};
        check(Category::ALL, |v, l| v.label(l));
        check(FeedbackStatus::ALL, |v, l| v.label(l));
        check(Stage::ALL, |v, l| v.label(l));
        check(crate::monitor::period::PeriodKind::ALL, |v, l| v.label(l));
        assert_eq!(Status::Accepted.label(Locale::Vi), "Được tiếp nhận");
        assert_eq!(Status::Accepted.label(Locale::En), "Accepted");
    }
}
