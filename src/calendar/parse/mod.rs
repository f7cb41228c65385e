//! Reading dates as editors write them: Jalali `1399/07/05 10:30`, written out
//! `شنبه ۵ مهر ۱۳۹۹، ساعت ۱۰:۳۰`, or Gregorian ISO 8601, in any digits.

mod named;
mod scanner;

use jiff::civil;
use jiff::tz::{Offset, TimeZone};

use super::error::{DateError, Phrase};
use super::jalali::{JalaliDate, checked_day, checked_month};
use super::names::{Calendar, Weekday};
use super::time::JalaliDateTime;
use crate::persian::normalize::is_bidi_control;
use scanner::Scanner;

/// The longest text read as a date; anything longer is not a date an editor wrote.
pub const MAX_DATE_LENGTH: usize = 64;

/// Years below this are Jalali, from it on Gregorian.
const FIRST_GREGORIAN_YEAR: u32 = 1700;

/// A date as an editor wrote it, placed in the site's time zone.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EditorDate {
    pub moment: JalaliDateTime,
    /// The calendar the text was written in.
    pub calendar: Calendar,
    /// Whether a time of day was written; a date alone stands for the start of that day.
    pub has_time: bool,
}

/// Reads `text` as a Jalali `YYYY/MM/DD` or `YYYY-MM-DD` date (a year below 1700) with an
/// optional ` HH:MM[:SS]`, or as a Gregorian ISO 8601 date or date-time; times without a UTC
/// offset are civil times in `zone`. Digits may be Latin, Persian or Arabic-Indic.
pub fn parse_date(text: &str, zone: &TimeZone) -> Result<EditorDate, DateError> {
    let length = text.chars().count();
    if length > MAX_DATE_LENGTH {
        return Err(DateError::TooLong {
            length,
            max: MAX_DATE_LENGTH,
        });
    }
    let cleaned: String = text.chars().filter(|&c| !is_bidi_control(c)).collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        return Err(DateError::Empty);
    }
    let fields = match named::fields(cleaned) {
        Some(fields) => fields?,
        None => Scanner::new(cleaned).fields()?,
    };
    fields.to_editor_date(cleaned, zone)
}

/// The parts of a date as written, before they are checked against a calendar.
#[derive(Debug)]
struct Fields {
    year: u32,
    month: u32,
    day: u32,
    time: Option<TimeFields>,
    /// The weekday written before a written-out date, to be checked against it.
    weekday: Option<Weekday>,
}

#[derive(Debug)]
struct TimeFields {
    hour: u32,
    minute: u32,
    second: u32,
    nanosecond: u32,
    /// Written with ISO 8601's `T` rather than a space.
    iso_separator: bool,
    /// The UTC offset, in seconds east of UTC.
    offset: Option<i32>,
}

impl Fields {
    fn to_editor_date(&self, input: &str, zone: &TimeZone) -> Result<EditorDate, DateError> {
        let calendar = if self.year < FIRST_GREGORIAN_YEAR {
            Calendar::Jalali
        } else {
            Calendar::Gregorian
        };
        if calendar == Calendar::Jalali {
            self.reject_iso_parts(input)?;
        }
        let date = match calendar {
            Calendar::Jalali => self.jalali_date()?.to_gregorian(),
            Calendar::Gregorian => gregorian_date(self.year, self.month, self.day)?,
        };
        let time = self.time.as_ref().map(TimeFields::to_civil).transpose()?;
        let civil = date.to_datetime(time.unwrap_or(civil::Time::midnight()));
        let offset = self.time.as_ref().and_then(|t| t.offset);
        let zoned = match offset {
            Some(seconds) => Offset::from_seconds(seconds)
                .and_then(|offset| offset.to_timestamp(civil))
                .map(|instant| instant.to_zoned_datetime(zone.clone())),
            None => civil.to_zoned_datetime(zone.clone()),
        };
        let zoned = zoned.map_err(|_| out_of_range(calendar, self.year))?;
        Ok(EditorDate {
            moment: JalaliDateTime::from_zoned(zoned)
                .map_err(|_| out_of_range(calendar, self.year))?,
            calendar,
            has_time: time.is_some(),
        })
    }

    /// The Jalali date, if it exists and falls on the weekday written with it.
    fn jalali_date(&self) -> Result<JalaliDate, DateError> {
        let date = JalaliDate::new(self.year as i32, self.month, self.day)?;
        match self.weekday {
            Some(written) if written != date.weekday() => Err(DateError::WrongWeekday {
                year: date.year(),
                month: date.month(),
                day: date.day(),
                actual: date.weekday(),
                written,
            }),
            _ => Ok(date),
        }
    }

    /// ISO 8601 is Gregorian: a Jalali date with `T` or an offset mixes two conventions.
    fn reject_iso_parts(&self, input: &str) -> Result<(), DateError> {
        let Some(time) = &self.time else {
            return Ok(());
        };
        let reason = if time.iso_separator {
            Phrase::new(
                "the 'T' before the time belongs to ISO 8601 Gregorian dates, and a year below 1700 is Jalali",
                "حرف T پیش از ساعت از آنِ تاریخ‌های میلادی ISO 8601 است و سال کمتر از ۱۷۰۰ شمسی خوانده می‌شود",
            )
        } else if time.offset.is_some() {
            Phrase::new(
                "a UTC offset belongs to ISO 8601 Gregorian dates, and a Jalali date is read in the site's time zone",
                "اختلاف ساعت با UTC از آنِ تاریخ‌های میلادی ISO 8601 است و تاریخ شمسی در منطقهٔ زمانی پایگاه خوانده می‌شود",
            )
        } else {
            return Ok(());
        };
        Err(DateError::MixedCalendars {
            input: input.into(),
            reason,
        })
    }
}

impl TimeFields {
    fn to_civil(&self) -> Result<civil::Time, DateError> {
        for (part, value, max) in [
            ("hour", self.hour, 23),
            ("minute", self.minute, 59),
            ("second", self.second, 59),
        ] {
            if value > max {
                return Err(DateError::TimeOutOfRange { part, value, max });
            }
        }
        let time = civil::Time::new(
            self.hour as i8,
            self.minute as i8,
            self.second as i8,
            self.nanosecond as i32,
        );
        Ok(time.expect("hour, minute and second were checked"))
    }
}

fn gregorian_date(year: u32, month: u32, day: u32) -> Result<civil::Date, DateError> {
    let year_i16 = i16::try_from(year).map_err(|_| out_of_range(Calendar::Gregorian, year))?;
    let month = checked_month(month)?;
    let first = civil::date(year_i16, month as i8, 1);
    let last_day = first.days_in_month() as u8;
    let day = checked_day(Calendar::Gregorian, year as i32, month, day, last_day)?;
    Ok(civil::date(year_i16, month as i8, day as i8))
}

fn out_of_range(calendar: Calendar, year: u32) -> DateError {
    let (first, last) = match calendar {
        Calendar::Jalali => ("1", "3177"),
        Calendar::Gregorian => ("1700-01-01", "3799-03-20"),
    };
    DateError::YearOutOfRange {
        calendar,
        year: year.into(),
        first,
        last,
    }
}
