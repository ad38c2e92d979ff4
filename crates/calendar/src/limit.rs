use std::fmt;
use std::str::FromStr;

/// A legal time limit for settling a procedure.
///
/// The textual form (`3wd`, `8wh`, `15d`, `same-day`, `immediate`) is the one used
/// in catalog files and on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeLimit {
    /// N working days, each worth 8 working hours inside office sessions.
    WorkingDays(u16),
    /// N working hours inside office sessions.
    WorkingHours(u16),
    /// N calendar days, ending at the close of the last day (moved to the next
    /// working day when that day is not one).
    CalendarDays(u16),
    /// Settled the same day when received before 15:00, else the next working day.
    SameDay,
    /// Settled on the spot.
    Immediate,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid time limit {value:?}: expected e.g. 3wd, 8wh, 15d, same-day or immediate")]
pub struct LimitParseError {
    pub value: String,
}

impl FromStr for TimeLimit {
    type Err = LimitParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || LimitParseError {
            value: s.to_string(),
        };
        let t = s.trim().to_ascii_lowercase();
        match t.as_str() {
            "same-day" | "sameday" => return Ok(TimeLimit::SameDay),
            "immediate" | "0" => return Ok(TimeLimit::Immediate),
            _ => {}
        }
        let split = t.find(|c: char| !c.is_ascii_digit()).ok_or_else(err)?;
        let (num, unit) = t.split_at(split);
        let n: u16 = num.parse().map_err(|_| err())?;
        if n == 0 {
            return Err(err());
        }
        match unit {
            "wd" => Ok(TimeLimit::WorkingDays(n)),
            "wh" => Ok(TimeLimit::WorkingHours(n)),
            "d" => Ok(TimeLimit::CalendarDays(n)),
            _ => Err(err()),
        }
    }
}

impl fmt::Display for TimeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeLimit::WorkingDays(n) => write!(f, "{n}wd"),
            TimeLimit::WorkingHours(n) => write!(f, "{n}wh"),
            TimeLimit::CalendarDays(n) => write!(f, "{n}d"),
            TimeLimit::SameDay => f.write_str("same-day"),
            TimeLimit::Immediate => f.write_str("immediate"),
        }
    }
}

impl serde::Serialize for TimeLimit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for TimeLimit {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_every_form() {
        for (text, limit) in [
            ("3wd", TimeLimit::WorkingDays(3)),
            ("8wh", TimeLimit::WorkingHours(8)),
            ("15d", TimeLimit::CalendarDays(15)),
            ("same-day", TimeLimit::SameDay),
            ("immediate", TimeLimit::Immediate),
        ] {
            assert_eq!(text.parse::<TimeLimit>().unwrap(), limit);
            assert_eq!(limit.to_string(), text);
        }
        assert_eq!(
            " 5WD ".parse::<TimeLimit>().unwrap(),
            TimeLimit::WorkingDays(5)
        );
    }

    #[test]
    fn rejects_nonsense_naming_the_value() {
        for bad in ["", "wd", "0wd", "3 weeks", "3w", "-1d", "99999999wd"] {
            let err = bad.parse::<TimeLimit>().unwrap_err();
            assert_eq!(err.value, bad);
        }
    }
}
