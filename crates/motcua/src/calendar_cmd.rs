//! `motcua calendar …`: holidays, lunar dates and deadlines from the command line.

use std::path::Path;

use anyhow::Context;
use clap::Subcommand;
use jiff::civil::{Date, DateTime};
use motcua_calendar::lunar;
use motcua_calendar::{DayKind, Holidays, OfficeHours, TimeLimit, YearSchedule};
use motcua_domain::Locale;

/// Bad input from the user: reported as it is, exit status 2.
#[derive(Debug)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// The dates of a year that depart from the Monday–Friday week.
    Holidays { year: i16 },
    /// The lunar date of a day: 1/1/2026 (L after the month for a leap month).
    Lunar {
        date: Date,
        /// Print {"day":…,"month":…,"year":…,"leap":…}.
        #[arg(long)]
        json: bool,
    },
    /// The Gregorian date of a lunar date.
    Solar {
        #[arg(long)]
        year: i16,
        #[arg(long)]
        month: u8,
        #[arg(long)]
        day: u8,
        /// The day is in the leap month.
        #[arg(long)]
        leap: bool,
    },
    /// The appointment for a dossier received at an instant under a time limit.
    Due {
        /// When the dossier was received, in Vietnam's time: 2026-02-13T16:10.
        #[arg(long)]
        received: DateTime,
        /// 3wd (working days), 8wh (working hours), 15d (calendar days), same-day or immediate.
        #[arg(long)]
        limit: TimeLimit,
        /// The center's office sessions, e.g. "T2-T6 07:00-11:30 13:30-17:00; T7 07:30-11:30".
        #[arg(long, default_value = "")]
        hours: OfficeHours,
    },
}

/// The official schedules, with the files in `DATA_DIR/calendar/*.toml` added
/// or replacing announced years.
pub fn load_holidays(data_dir: &Path) -> anyhow::Result<Holidays> {
    let mut holidays = Holidays::official();
    let dir = data_dir.join("calendar");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(holidays);
    };
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let schedule = YearSchedule::parse(&path.display().to_string(), &text)
            .map_err(|e| InputError(e.to_string()))?;
        holidays.set(schedule);
    }
    Ok(holidays)
}

fn lunar_error(e: lunar::LunarError, l: Locale) -> anyhow::Error {
    InputError(motcua_domain::i18n::lunar_error(&e).localize(l)).into()
}

pub fn run(cmd: CalendarCommand, data_dir: &Path, l: Locale) -> anyhow::Result<String> {
    match cmd {
        CalendarCommand::Holidays { year } => {
            let schedule = load_holidays(data_dir)?.year(year);
            let estimated = if schedule.estimated {
                " (estimated)"
            } else {
                ""
            };
            Ok(schedule
                .days
                .iter()
                .map(|d| {
                    let kind = match d.kind {
                        DayKind::Off => "off",
                        DayKind::Work => "work",
                    };
                    format!(
                        "{} {kind} {}{estimated}\n",
                        d.date,
                        l.pick(&d.name, &d.name_en)
                    )
                })
                .collect())
        }
        CalendarCommand::Lunar { date, json } => {
            let d = lunar::to_lunar(date).map_err(|e| lunar_error(e, l))?;
            Ok(if json {
                serde_json::to_string(&d)? + "\n"
            } else {
                format!("{d}\n")
            })
        }
        CalendarCommand::Solar {
            year,
            month,
            day,
            leap,
        } => {
            let d = lunar::to_solar(year, month, day, leap).map_err(|e| lunar_error(e, l))?;
            Ok(format!("{d}\n"))
        }
        CalendarCommand::Due {
            received,
            limit,
            hours,
        } => {
            let years = (received.year() - 1)..=(received.year() + 2);
            let cal = load_holidays(data_dir)?.calendar(hours, years);
            let due = motcua_calendar::to_timestamp(cal.due(received, limit));
            let zoned = due.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::Offset::constant(
                motcua_calendar::VN_OFFSET_HOURS,
            )));
            Ok(format!("{}\n", zoned.strftime("%Y-%m-%dT%H:%M:%S%:z")))
        }
    }
}
