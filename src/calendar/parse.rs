//! Reading dates as editors write them: Jalali `1399/07/05 10:30` or Gregorian ISO 8601, in any digits.

use jiff::civil;
use jiff::tz::{Offset, TimeZone};

use super::error::DateError;
use super::jalali::{JalaliDate, checked_day, checked_month};
use super::names::Calendar;
use super::time::JalaliDateTime;
use crate::persian::digits::digit_value;
use crate::persian::normalize::is_bidi_control;

/// The longest text read as a date; anything longer is not a date an editor wrote.
pub const MAX_DATE_LENGTH: usize = 64;

/// Years below this are Jalali, from it on Gregorian.
const FIRST_GREGORIAN_YEAR: u32 = 1700;

/// A date as an editor wrote it, placed in the site's time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    let fields = Scanner::new(cleaned).fields()?;
    fields.to_editor_date(cleaned, zone)
}

/// The parts of a date as written, before they are checked against a calendar.
#[derive(Debug)]
struct Fields {
    year: u32,
    month: u32,
    day: u32,
    time: Option<TimeFields>,
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
            Calendar::Jalali => {
                JalaliDate::new(self.year as i32, self.month, self.day)?.to_gregorian()
            }
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

    /// ISO 8601 is Gregorian: a Jalali date with `T` or an offset mixes two conventions.
    fn reject_iso_parts(&self, input: &str) -> Result<(), DateError> {
        let Some(time) = &self.time else {
            return Ok(());
        };
        let what = if time.iso_separator {
            "the 'T' before the time"
        } else if time.offset.is_some() {
            "a UTC offset"
        } else {
            return Ok(());
        };
        Err(DateError::MixedCalendars {
            input: input.into(),
            what,
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

/// A cursor over the characters of a date, reporting what it expected where it stopped.
struct Scanner<'a> {
    input: &'a str,
    chars: Vec<char>,
    position: usize,
}

impl<'a> Scanner<'a> {
    fn new(input: &'a str) -> Self {
        Scanner {
            input,
            chars: input.chars().collect(),
            position: 0,
        }
    }

    fn fields(mut self) -> Result<Fields, DateError> {
        let (year, year_digits) = self.number(6, "a four-digit year")?;
        if year_digits != 4 {
            return Err(DateError::YearDigits {
                input: self.input.into(),
                digits: year_digits,
            });
        }
        if year == 0 {
            return Err(DateError::YearZero);
        }
        let separator = self.one_of(&['/', '-'], "'/' or '-' after the year")?;
        let month = self.short_number("a month of one or two digits")?;
        if self
            .peek()
            .is_some_and(|c| matches!(c, '/' | '-') && c != separator)
        {
            return Err(DateError::MixedSeparators {
                input: self.input.into(),
            });
        }
        self.one_of(&[separator], "the separator after the month")?;
        let day = self.short_number("a day of one or two digits")?;
        let time = self.time()?;
        if self.peek().is_some() {
            return Err(self.error("the end of the date"));
        }
        Ok(Fields {
            year,
            month,
            day,
            time,
        })
    }

    fn time(&mut self) -> Result<Option<TimeFields>, DateError> {
        let iso_separator = match self.peek() {
            None => return Ok(None),
            Some('T' | 't') => true,
            Some(c) if c.is_whitespace() => false,
            Some(_) => return Err(self.error("a space or 'T' before the time")),
        };
        self.position += 1;
        while !iso_separator && self.peek().is_some_and(char::is_whitespace) {
            self.position += 1;
        }
        let hour = self.short_number("an hour of one or two digits")?;
        self.one_of(&[':'], "':' after the hour")?;
        let minute = self.exact_digits(2, "a minute of two digits")?;
        let mut second = 0;
        let mut nanosecond = 0;
        if self.peek() == Some(':') {
            self.position += 1;
            second = self.exact_digits(2, "seconds of two digits")?;
            if self.peek().is_some_and(|c| c == '.' || c == ',') {
                self.position += 1;
                nanosecond = self.fraction()?;
            }
        }
        let offset = self.offset()?;
        Ok(Some(TimeFields {
            hour,
            minute,
            second,
            nanosecond,
            iso_separator,
            offset,
        }))
    }

    /// `Z`, `±HH`, `±HHMM`, `±HH:MM` or, as akhbar writes local mean time, `±HH:MM:SS`:
    /// in seconds east of UTC.
    fn offset(&mut self) -> Result<Option<i32>, DateError> {
        let start = self.position;
        let sign = match self.peek() {
            Some('Z' | 'z') => {
                self.position += 1;
                return Ok(Some(0));
            }
            Some('+') => 1,
            Some('-' | '\u{2212}') => -1,
            _ => return Ok(None),
        };
        self.position += 1;
        let hours = self.exact_digits(2, "offset hours of two digits")?;
        let minutes = self.offset_part("offset minutes of two digits")?;
        let seconds = self.offset_part("offset seconds of two digits")?;
        if hours > 23 || minutes > 59 || seconds > 59 {
            let written = self.chars[start..self.position].iter().collect();
            return Err(DateError::OffsetOutOfRange { offset: written });
        }
        Ok(Some(sign * (hours * 3600 + minutes * 60 + seconds) as i32))
    }

    /// The next two digits of an offset, after an optional ':'; 0 when the offset ends.
    fn offset_part(&mut self, expected: &'static str) -> Result<u32, DateError> {
        if self.peek() == Some(':') {
            self.position += 1;
            return self.exact_digits(2, expected);
        }
        match self.peek().and_then(digit_value) {
            Some(_) => self.exact_digits(2, expected),
            None => Ok(0),
        }
    }

    /// Up to nine digits of a second, as nanoseconds.
    fn fraction(&mut self) -> Result<u32, DateError> {
        let start = self.position;
        let (value, digits) = self.number(10, "digits of a fraction of a second")?;
        if digits > 9 {
            self.position = start;
            return Err(self.error("at most nine digits of a fraction of a second"));
        }
        Ok(value * 10u32.pow(9 - digits as u32))
    }

    /// One or two digits.
    fn short_number(&mut self, expected: &'static str) -> Result<u32, DateError> {
        let start = self.position;
        let (value, digits) = self.number(3, expected)?;
        if digits > 2 {
            self.position = start;
            return Err(self.error(expected));
        }
        Ok(value)
    }

    fn exact_digits(&mut self, count: usize, expected: &'static str) -> Result<u32, DateError> {
        let start = self.position;
        let (value, digits) = self.number(count, expected)?;
        if digits != count {
            self.position = start;
            return Err(self.error(expected));
        }
        Ok(value)
    }

    /// One to `limit` digits in any script: their value and how many there were.
    fn number(&mut self, limit: usize, expected: &'static str) -> Result<(u32, usize), DateError> {
        let start = self.position;
        let mut value: u32 = 0;
        while self.position - start < limit
            && let Some(digit) = self.peek().and_then(digit_value)
        {
            value = value.saturating_mul(10).saturating_add(digit);
            self.position += 1;
        }
        match self.position - start {
            0 => Err(self.error(expected)),
            digits => Ok((value, digits)),
        }
    }

    fn one_of(&mut self, accepted: &[char], expected: &'static str) -> Result<char, DateError> {
        match self.peek() {
            Some(c) if accepted.contains(&c) => {
                self.position += 1;
                Ok(c)
            }
            _ => Err(self.error(expected)),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.position).copied()
    }

    fn error(&self, expected: &'static str) -> DateError {
        let place = if self.position < self.chars.len() {
            let rest: String = self.chars[self.position..].iter().collect();
            format!("at '{rest}'")
        } else {
            let done: String = self.chars.iter().collect();
            format!("after '{done}'")
        };
        DateError::Syntax {
            input: self.input.into(),
            expected,
            place,
        }
    }
}
