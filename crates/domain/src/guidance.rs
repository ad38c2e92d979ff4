//! The guidance log (sổ hướng dẫn): counter staff, postal employees above
//! all, note each person they guided — which procedure, which channel they
//! sent the person to (online public services, the public postal service, or
//! the counter in person), and later the dossier that followed, if one did.
//! Nothing about the person is kept: the log counts guidance, it does not
//! follow citizens.
//!
//! The monthly summary (per center, months in Vietnam's time) counts the
//! people guided, by channel; those with a dossier that followed (count and
//! rate); and those who *moved* to online or postal services: guided to that
//! channel, with a dossier that followed through that same channel.

use jiff::civil::Date;
use jiff::Timestamp;

use crate::catalog::Channel;
use crate::dossier::DossierCode;
use crate::i18n::Message;
use crate::ids::{AccountId, CenterId};
use crate::labels::labelled_enum;
use crate::text::{clean_line, TextError};
use crate::ProcedureCode;

labelled_enum! {
    /// Where counter staff sent the person they guided.
    GuidedChannel {
        Online = "online";
        Post = "post";
        InPerson = "in-person";
    }
}

impl GuidedChannel {
    /// The channel a dossier comes through when the person went where they
    /// were guided.
    pub fn dossier_channel(self) -> Channel {
        match self {
            GuidedChannel::Online => Channel::Online,
            GuidedChannel::Post => Channel::Post,
            GuidedChannel::InPerson => Channel::InPerson,
        }
    }
}

/// Characters of an entry's note at most: a reminder, not a file.
pub const NOTE_MAX: usize = 300;

/// One person guided, as the log keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub center_id: CenterId,
    pub guided_by: AccountId,
    pub at: Timestamp,
    pub procedure_code: ProcedureCode,
    pub channel: GuidedChannel,
    /// The dossier that followed, when it is known already.
    pub dossier: Option<DossierCode>,
    /// A short note (cleaned, at most [`NOTE_MAX`] characters; empty: none).
    pub note: String,
}

/// What is wrong with an entry.
#[derive(Debug, Clone, PartialEq)]
pub enum GuidanceError {
    Note(TextError),
    /// The dossier was received before the person was guided: it did not
    /// follow the guidance.
    DossierBefore,
}

impl GuidanceError {
    pub fn message(&self) -> Message {
        match self {
            GuidanceError::Note(e) => e.message(),
            GuidanceError::DossierBefore => Message::new("guidance-dossier-before"),
        }
    }
}

/// A note as typed, cleaned: one line, at most [`NOTE_MAX`] characters.
pub fn note(text: &str) -> Result<String, GuidanceError> {
    clean_line(text, NOTE_MAX).map_err(GuidanceError::Note)
}

/// Whether a dossier received at `received` can have followed guidance
/// given at `guided`: not received on an earlier day (Vietnam's time) than
/// the guidance. The same day counts (guided at the hall, then received at
/// the counter an hour earlier by the clock of another screen is not a
/// case worth refusing).
pub fn may_follow(guided: Timestamp, received: Timestamp) -> Result<(), GuidanceError> {
    let day = |t| motcua_calendar::from_timestamp(t).date();
    if day(received) < day(guided) {
        Err(GuidanceError::DossierBefore)
    } else {
        Ok(())
    }
}

/// A calendar month, as reports name it (`2026-11`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    first: Date,
}

impl Month {
    pub fn new(year: i16, month: i8) -> Option<Month> {
        if !(1900..=2999).contains(&year) {
            return None;
        }
        Date::new(year, month, 1).ok().map(|first| Month { first })
    }

    /// The month an instant falls in, in Vietnam's time.
    pub fn of(t: Timestamp) -> Month {
        let d = motcua_calendar::from_timestamp(t).date();
        Month {
            first: d.first_of_month(),
        }
    }

    pub fn first_day(self) -> Date {
        self.first
    }

    pub fn last_day(self) -> Date {
        self.first.last_of_month()
    }

    pub fn year(self) -> i16 {
        self.first.year()
    }

    pub fn month(self) -> i8 {
        self.first.month()
    }

    pub fn previous(self) -> Month {
        let (y, m) = match self.month() {
            1 => (self.year() - 1, 12),
            m => (self.year(), m - 1),
        };
        Month::new(y, m).unwrap_or(self)
    }

    pub fn next(self) -> Month {
        let (y, m) = match self.month() {
            12 => (self.year() + 1, 1),
            m => (self.year(), m + 1),
        };
        Month::new(y, m).unwrap_or(self)
    }

    /// The instants the month runs between, `[start, end)`, from midnight of
    /// its first day to midnight after its last, in Vietnam's time.
    pub fn bounds(self) -> (Timestamp, Timestamp) {
        let midnight =
            |d: Date| motcua_calendar::to_timestamp(d.to_datetime(jiff::civil::Time::MIN));
        (midnight(self.first), midnight(self.next().first))
    }

    /// `11/2026`, as Vietnamese reports write a month.
    pub fn display_vi(self) -> String {
        format!("{:02}/{}", self.month(), self.year())
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl std::str::FromStr for Month {
    type Err = Message;
    /// `2026-11` (also `2026-1` and `11/2026`).
    fn from_str(s: &str) -> Result<Month, Message> {
        let bad = || Message::new("guidance-bad-month").with("value", s.trim().to_string());
        let s = s.trim();
        let (y, m) = if let Some((y, m)) = s.split_once('-') {
            (y, m)
        } else if let Some((m, y)) = s.split_once('/') {
            (y, m)
        } else {
            return Err(bad());
        };
        let digits =
            |x: &str| !x.is_empty() && x.len() <= 4 && x.bytes().all(|b| b.is_ascii_digit());
        if !digits(y) || y.len() != 4 || !digits(m) || m.len() > 2 {
            return Err(bad());
        }
        let (y, m): (i16, i8) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        Month::new(y, m).ok_or_else(bad)
    }
}

/// The counts of a center's (or several centers') guidance over a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Summary {
    /// People guided.
    pub guided: u64,
    /// Guided to online public services, to the public postal service, to
    /// the counter in person.
    pub online: u64,
    pub post: u64,
    pub in_person: u64,
    /// With a dossier that followed (whatever its channel).
    pub followed: u64,
    /// Guided online, and the dossier that followed came online.
    pub moved_online: u64,
    /// Guided to the post, and the dossier that followed came by post.
    pub moved_post: u64,
}

impl Summary {
    /// Adds `n` people guided to `channel`, whose dossier (if one followed)
    /// came through `dossier`.
    pub fn add(&mut self, channel: GuidedChannel, dossier: Option<Channel>, n: u64) {
        self.guided += n;
        match channel {
            GuidedChannel::Online => self.online += n,
            GuidedChannel::Post => self.post += n,
            GuidedChannel::InPerson => self.in_person += n,
        }
        if let Some(came) = dossier {
            self.followed += n;
            match (channel, came) {
                (GuidedChannel::Online, Channel::Online) => self.moved_online += n,
                (GuidedChannel::Post, Channel::Post) => self.moved_post += n,
                _ => {}
            }
        }
    }

    /// The summary of entries given as (channel guided to, channel of the
    /// dossier that followed).
    pub fn of(entries: impl IntoIterator<Item = (GuidedChannel, Option<Channel>)>) -> Summary {
        let mut s = Summary::default();
        for (channel, dossier) in entries {
            s.add(channel, dossier, 1);
        }
        s
    }

    /// People guided to `channel`.
    pub fn by_channel(&self, channel: GuidedChannel) -> u64 {
        match channel {
            GuidedChannel::Online => self.online,
            GuidedChannel::Post => self.post,
            GuidedChannel::InPerson => self.in_person,
        }
    }

    /// The share of people guided whose dossier followed, in tenths of a
    /// percent rounded half up (`949` for 94,9 %); `None` when nobody was.
    pub fn followed_permille(&self) -> Option<u64> {
        (self.guided > 0).then(|| (self.followed * 2000 + self.guided) / (self.guided * 2))
    }
}

impl std::ops::AddAssign<&Summary> for Summary {
    fn add_assign(&mut self, o: &Summary) {
        self.guided += o.guided;
        self.online += o.online;
        self.post += o.post;
        self.in_person += o.in_person;
        self.followed += o.followed;
        self.moved_online += o.moved_online;
        self.moved_post += o.moved_post;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Locale;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn channels_have_codes_and_labels() {
        assert_eq!(GuidedChannel::parse("online"), Some(GuidedChannel::Online));
        assert_eq!(
            GuidedChannel::parse("in-person"),
            Some(GuidedChannel::InPerson)
        );
        assert_eq!(GuidedChannel::parse("buu chinh"), None);
        assert_eq!(
            GuidedChannel::Post.label(Locale::Vi),
            "Dịch vụ bưu chính công ích"
        );
        assert_eq!(
            GuidedChannel::Online.label(Locale::En),
            "Online public services"
        );
        assert_eq!(GuidedChannel::Post.dossier_channel(), Channel::Post);
    }

    /// Ten people guided in a month, counted by hand: 5 online (3 with a
    /// dossier: 2 online, 1 at the counter), 3 to the post (2 with a
    /// dossier, both by post), 2 in person (1 with a dossier at the counter).
    #[test]
    fn the_monthly_summary_counts_by_hand() {
        use Channel as D;
        use GuidedChannel as G;
        let s = Summary::of([
            (G::Online, Some(D::Online)),
            (G::Online, Some(D::Online)),
            (G::Online, Some(D::InPerson)),
            (G::Online, None),
            (G::Online, None),
            (G::Post, Some(D::Post)),
            (G::Post, Some(D::Post)),
            (G::Post, None),
            (G::InPerson, Some(D::InPerson)),
            (G::InPerson, None),
        ]);
        assert_eq!(
            s,
            Summary {
                guided: 10,
                online: 5,
                post: 3,
                in_person: 2,
                followed: 6,
                moved_online: 2,
                moved_post: 2,
            }
        );
        // 6 of 10: 60,0 %.
        assert_eq!(s.followed_permille(), Some(600));
        assert_eq!(Locale::Vi.percent(s.followed, s.guided), "60,0 %");
        assert_eq!(s.by_channel(G::Post), 3);
        // Two centers add up; nobody guided has no rate.
        let mut total = s;
        total += &Summary::of([(G::Post, Some(D::Post))]);
        assert_eq!((total.guided, total.followed, total.moved_post), (11, 7, 3));
        assert_eq!(total.followed_permille(), Some(636), "7/11 = 63,636… %");
        assert_eq!(Summary::default().followed_permille(), None);
        // 1.048 guided, 995 followed: 94,9 %.
        let mut big = Summary::default();
        big.add(G::Online, Some(D::Online), 995);
        big.add(G::Online, None, 53);
        assert_eq!(big.followed_permille(), Some(949));
        assert_eq!(Locale::Vi.number(big.guided), "1.048");
    }

    /// Months run midnight to midnight in Vietnam's time: 23:30 on 31
    /// October in Vietnam is 16:30 UTC, and 00:30 on 1 November is 17:30
    /// UTC on 31 October.
    #[test]
    fn months_are_counted_in_vietnam_time() {
        let nov = Month::new(2026, 11).unwrap();
        let (start, end) = nov.bounds();
        assert_eq!(start, at("2026-10-31T17:00:00Z"));
        assert_eq!(end, at("2026-11-30T17:00:00Z"));
        assert_eq!(
            Month::of(at("2026-10-31T16:30:00Z")),
            Month::new(2026, 10).unwrap()
        );
        assert_eq!(Month::of(at("2026-10-31T17:30:00Z")), nov);
        assert_eq!(nov.to_string(), "2026-11");
        assert_eq!(nov.display_vi(), "11/2026");
        assert_eq!(nov.next().to_string(), "2026-12");
        assert_eq!(nov.next().next().to_string(), "2027-01");
        assert_eq!(
            Month::new(2026, 1).unwrap().previous().to_string(),
            "2025-12"
        );
        assert_eq!(nov.last_day().to_string(), "2026-11-30");
        assert_eq!("2026-11".parse::<Month>(), Ok(nov));
        assert_eq!("11/2026".parse::<Month>(), Ok(nov));
        assert_eq!(" 2026-11 ".parse::<Month>(), Ok(nov));
        for bad in [
            "2026-13", "2026-00", "26-11", "2026", "2026-1x", "", "0999-01",
        ] {
            let e = bad.parse::<Month>().unwrap_err();
            assert_eq!(e.key, "guidance-bad-month", "{bad}");
        }
    }

    #[test]
    fn a_dossier_follows_on_the_same_day_or_later() {
        // Guided at 08:00 on 2 November (Vietnam).
        let guided = at("2026-11-02T01:00:00Z");
        assert_eq!(may_follow(guided, at("2026-11-02T00:30:00Z")), Ok(()));
        assert_eq!(may_follow(guided, at("2026-11-20T03:00:00Z")), Ok(()));
        // 23:00 on 1 November in Vietnam: the day before.
        assert_eq!(
            may_follow(guided, at("2026-11-01T16:00:00Z")),
            Err(GuidanceError::DossierBefore)
        );
    }

    #[test]
    fn notes_are_short_single_lines() {
        assert_eq!(
            note("  hỏi   thêm  về lệ phí ").unwrap(),
            "hỏi thêm về lệ phí"
        );
        assert_eq!(note("").unwrap(), "");
        assert!(matches!(
            note(&"a".repeat(NOTE_MAX + 1)),
            Err(GuidanceError::Note(TextError::TooLong { .. }))
        ));
        assert!(note(&"a".repeat(NOTE_MAX)).is_ok());
    }
}
