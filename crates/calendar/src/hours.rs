//! A center's office sessions per weekday: the default, the text form
//! (`T2-T6 07:00-11:30 13:30-17:00`) officers type and read, in both languages.

use jiff::civil::{Time, Weekday};

use crate::work::second_of_day;

/// One office session, e.g. 07:00–11:30.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session {
    pub start: Time,
    pub end: Time,
}

impl Session {
    pub fn new(start: Time, end: Time) -> Self {
        assert!(start < end, "a session must end after it starts");
        Session { start, end }
    }

    pub(crate) fn seconds(&self) -> (i32, i32) {
        (second_of_day(self.start), second_of_day(self.end))
    }
}

/// A center's office sessions for each weekday (Monday first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeHours {
    pub(crate) weekly: [Vec<Session>; 7],
}

impl Default for OfficeHours {
    /// 07:00–11:30 and 13:30–17:00, Monday to Friday.
    fn default() -> Self {
        let day = vec![
            Session::new(Time::constant(7, 0, 0, 0), Time::constant(11, 30, 0, 0)),
            Session::new(Time::constant(13, 30, 0, 0), Time::constant(17, 0, 0, 0)),
        ];
        OfficeHours {
            weekly: [
                day.clone(),
                day.clone(),
                day.clone(),
                day.clone(),
                day,
                vec![],
                vec![],
            ],
        }
    }
}

impl OfficeHours {
    /// Sets the sessions of one weekday, e.g. a Saturday morning at a busy center.
    pub fn with_day(mut self, day: Weekday, sessions: Vec<Session>) -> Self {
        let mut sorted = sessions;
        sorted.sort_by_key(|s| s.start);
        assert!(
            sorted.windows(2).all(|w| w[0].end <= w[1].start),
            "sessions must not overlap"
        );
        self.weekly[day.to_monday_zero_offset() as usize] = sorted;
        self
    }
}

const DAY_NAMES: [(&str, &str); 7] = [
    ("T2", "mon"),
    ("T3", "tue"),
    ("T4", "wed"),
    ("T5", "thu"),
    ("T6", "fri"),
    ("T7", "sat"),
    ("CN", "sun"),
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid office hours {value:?}: {reason}; expected e.g. \"T2-T6 07:00-11:30 13:30-17:00; T7 07:30-11:30\"")]
pub struct HoursError {
    pub value: String,
    pub reason: String,
}

impl std::str::FromStr for OfficeHours {
    type Err = HoursError;

    /// Reads `T2-T6 07:00-11:30 13:30-17:00; T7 07:30-11:30` (days T2…T7, CN or
    /// mon…sun, single, ranges or comma lists). Days not named have no
    /// sessions; an empty text is the default week.
    fn from_str(text: &str) -> Result<Self, HoursError> {
        let err = |reason: String| HoursError {
            value: text.to_string(),
            reason,
        };
        if text.trim().is_empty() {
            return Ok(OfficeHours::default());
        }
        let day = |s: &str| {
            let s = s.trim().to_ascii_lowercase();
            DAY_NAMES
                .iter()
                .position(|(vi, en)| vi.to_ascii_lowercase() == s || *en == s)
                .ok_or_else(|| err(format!("{s:?} is not a day")))
        };
        let time = |s: &str| -> Result<Time, HoursError> {
            s.parse().map_err(|_| err(format!("{s:?} is not a time")))
        };
        let mut weekly: [Vec<Session>; 7] = Default::default();
        let mut named = [false; 7];
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let mut words = part.split_whitespace();
            let days_spec = words.next().expect("non-empty part");
            let mut days = Vec::new();
            for d in days_spec.split(',') {
                match d.split_once('-') {
                    Some((a, b)) => {
                        let (a, b) = (day(a)?, day(b)?);
                        if a > b {
                            return Err(err(format!("{d:?} runs backwards")));
                        }
                        days.extend(a..=b);
                    }
                    None => days.push(day(d)?),
                }
            }
            let mut sessions = Vec::new();
            for w in words {
                let (a, b) = w
                    .split_once('-')
                    .ok_or_else(|| err(format!("{w:?} is not a session like 07:00-11:30")))?;
                let (a, b) = (time(a)?, time(b)?);
                if a >= b {
                    return Err(err(format!("{w:?} ends before it starts")));
                }
                sessions.push(Session::new(a, b));
            }
            if sessions.is_empty() {
                return Err(err(format!("{days_spec:?} has no sessions")));
            }
            sessions.sort_by_key(|s| s.start);
            if sessions.windows(2).any(|w| w[0].end > w[1].start) {
                return Err(err("sessions overlap".into()));
            }
            for d in days {
                if named[d] {
                    return Err(err(format!("{} is given twice", DAY_NAMES[d].0)));
                }
                named[d] = true;
                weekly[d] = sessions.clone();
            }
        }
        Ok(OfficeHours { weekly })
    }
}

impl serde::Serialize for OfficeHours {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl OfficeHours {
    /// The hours with the days named by `names`, Monday first:
    /// `Mon-Fri 07:00-11:30 13:30-17:00` (the domain's catalog gives the
    /// names in each language).
    pub fn describe_with(&self, names: &[&str; 7]) -> String {
        let mut out = String::new();
        self.write_with(&mut out, names)
            .expect("writing to a String");
        out
    }

    fn write_with(&self, f: &mut impl std::fmt::Write, names: &[&str; 7]) -> std::fmt::Result {
        let mut first = true;
        let mut d = 0;
        while d < 7 {
            if self.weekly[d].is_empty() {
                d += 1;
                continue;
            }
            let mut end = d;
            while end + 1 < 7 && self.weekly[end + 1] == self.weekly[d] {
                end += 1;
            }
            if !first {
                f.write_str("; ")?;
            }
            first = false;
            if end == d {
                f.write_str(names[d])?;
            } else {
                write!(f, "{}-{}", names[d], names[end])?;
            }
            for s in &self.weekly[d] {
                write!(
                    f,
                    " {}-{}",
                    s.start.strftime("%H:%M"),
                    s.end.strftime("%H:%M")
                )?;
            }
            d = end + 1;
        }
        Ok(())
    }
}

impl std::fmt::Display for OfficeHours {
    /// The form [`OfficeHours::from_str`] reads, grouping days with the same sessions.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write_with(f, &DAY_NAMES.map(|(vi, _)| vi))
    }
}

/// Patterns 0–6 are the weekdays' own sessions, 7 is a day off, 8 is a
/// swapped working weekend day (Monday's sessions).
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_hours_text() {
        let default: OfficeHours = "".parse().unwrap();
        assert_eq!(default, OfficeHours::default());
        assert_eq!(default.to_string(), "T2-T6 07:00-11:30 13:30-17:00");
        let en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        assert_eq!(
            default.describe_with(&en),
            "Mon-Fri 07:00-11:30 13:30-17:00"
        );
        let text = "T2-T6 07:00-11:30 13:30-17:00; T7 07:30-11:30";
        let h: OfficeHours = text.parse().unwrap();
        assert_eq!(h.to_string(), text);
        assert_eq!(
            h,
            "mon-fri 07:00-11:30 13:30-17:00; sat 07:30-11:30"
                .parse()
                .unwrap()
        );
        assert_eq!(
            "T2,T4 08:00-12:00"
                .parse::<OfficeHours>()
                .unwrap()
                .to_string(),
            "T2 08:00-12:00; T4 08:00-12:00"
        );
        for bad in [
            "T8 07:00-11:00",
            "T2-T6",
            "T2 11:00-07:00",
            "T6-T2 07:00-11:00",
            "T2 07:00-11:00 10:00-12:00",
            "T2 7h-11h",
            "T2 07:00-11:00; T2 13:00-17:00",
        ] {
            let e = bad.parse::<OfficeHours>().unwrap_err();
            assert_eq!(e.value, bad);
        }
    }
}
