//! The two locales, Vietnamese first and English second, and the catalog of
//! texts in both (`catalog`: Fluent files under `crates/domain/locales/`).

use std::fmt;
use std::str::FromStr;

mod calendar;
mod catalog;
mod message;

pub use calendar::{lunar_error, office_hours, time_limit};

pub use catalog::Arg;
pub use message::Message;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Vi,
    En,
}

impl Locale {
    /// Picks the locale from a tag such as `vi`, `en_US.UTF-8` or `en-GB`;
    /// anything that is not English is Vietnamese.
    pub fn from_tag(tag: &str) -> Locale {
        if tag.trim().to_ascii_lowercase().starts_with("en") {
            Locale::En
        } else {
            Locale::Vi
        }
    }

    /// A whole number with its thousands grouped as readers of the locale
    /// expect: `1.950` in Vietnamese, `1,950` in English.
    pub fn number(self, n: u64) -> String {
        let sep = self.pick(".", ",");
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(ch);
        }
        out
    }

    /// A measure to one decimal, as readers of the locale write it: `7,5`
    /// and `1.234,5` in Vietnamese, `7.5` and `1,234.5` in English; `—`
    /// for none (no data, or a queue that never empties).
    pub fn decimal(self, x: Option<f64>) -> String {
        let Some(x) = x.filter(|x| x.is_finite()) else {
            return "—".into();
        };
        let tenths = (x.abs() * 10.0).round() as u64;
        let sign = if x < 0.0 && tenths > 0 { "-" } else { "" };
        format!(
            "{sign}{}{}{}",
            self.number(tenths / 10),
            self.pick(",", "."),
            tenths % 10
        )
    }

    /// A share as people write it, to one decimal: `94,9 %` in Vietnamese
    /// (decimal comma, a space before the sign), `94.9%` in English.
    pub fn percent(self, part: u64, whole: u64) -> String {
        if whole == 0 {
            return "—".into();
        }
        // Tenths of a percent, rounded half up, in integers: no float noise.
        let tenths = (part * 2000 + whole) / (whole * 2);
        let (int, frac) = (tenths / 10, tenths % 10);
        match self {
            Locale::Vi => format!("{},{frac} %", self.number(int)),
            Locale::En => format!("{}.{frac}%", self.number(int)),
        }
    }

    /// The catalog's text for `key` in this locale. A key missing from the
    /// catalog shows as itself (a test keeps every key used in the sources
    /// present in both languages).
    pub fn t(self, key: &'static str) -> &'static str {
        catalog::catalog(self).plain(key).unwrap_or(key)
    }

    /// The catalog's text for `key` with its variables filled in.
    pub fn t_args(self, key: &str, args: &[(&str, Arg)]) -> String {
        catalog::catalog(self)
            .format(self, key, args)
            .unwrap_or_else(|| key.to_string())
    }

    /// Chooses between a Vietnamese and an English text that come together
    /// from data (a holiday's two names), not from the project's own texts,
    /// which live in the catalog.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Locale::Vi => vi,
            Locale::En => en,
        }
    }
}

impl From<&Locale> for Locale {
    fn from(l: &Locale) -> Self {
        *l
    }
}

impl FromStr for Locale {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" => Ok(Locale::Vi),
            "en" => Ok(Locale::En),
            other => Err(format!("unknown language {other:?}: use vi or en")),
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.pick("vi", "en"))
    }
}

#[cfg(test)]
mod tests {
    use super::Locale;

    #[test]
    fn shares_are_written_the_way_each_language_writes_them() {
        assert_eq!(Locale::Vi.percent(949, 1000), "94,9 %");
        assert_eq!(Locale::En.percent(949, 1000), "94.9%");
        assert_eq!(Locale::Vi.percent(2, 3), "66,7 %");
        assert_eq!(Locale::Vi.percent(1048, 1048), "100,0 %");
        assert_eq!(Locale::Vi.percent(0, 7), "0,0 %");
        assert_eq!(Locale::Vi.percent(1, 0), "—");
    }

    #[test]
    fn measures_are_written_the_way_each_language_writes_them() {
        assert_eq!(Locale::Vi.decimal(Some(7.46)), "7,5");
        assert_eq!(Locale::En.decimal(Some(7.46)), "7.5");
        assert_eq!(Locale::Vi.decimal(Some(1234.5)), "1.234,5");
        assert_eq!(Locale::En.decimal(Some(1234.5)), "1,234.5");
        assert_eq!(Locale::Vi.decimal(Some(0.0)), "0,0");
        assert_eq!(Locale::Vi.decimal(None), "—");
        assert_eq!(Locale::Vi.decimal(Some(f64::NAN)), "—");
    }
}
