//! Why a date is not accepted, in one sentence that says which part is wrong and what is allowed.

use super::names::{Calendar, Weekday};

/// A date that does not exist, is out of range, or cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error(
        "the date is empty: write it like 1399/07/05, 1399/07/05 10:30 or 2020-09-26T10:30:00+03:30"
    )]
    Empty,
    #[error("the date is {length} characters long; a date is at most {max}")]
    TooLong { length: usize, max: usize },
    #[error("'{input}' is not a date: expected {expected} {place}")]
    Syntax {
        input: String,
        expected: &'static str,
        /// Where: "at 'x/05'" or "after '1399/'".
        place: String,
    },
    #[error("the year in '{input}' has {digits} digits: write it with four, like 1399 or 2020")]
    YearDigits { input: String, digits: usize },
    #[error("year 0 does not exist: Jalali years start at 1")]
    YearZero,
    #[error("year {year} is out of range: {calendar:?} dates run from {first} to {last}")]
    YearOutOfRange {
        calendar: Calendar,
        year: i64,
        first: &'static str,
        last: &'static str,
    },
    #[error("month {month} is out of range: months run from 1 to 12")]
    MonthOutOfRange { month: u32 },
    #[error("day 0 does not exist: days of the month start at 1")]
    DayZero,
    #[error(
        "{year} is not a leap year, so {} {year} has {last_day} days and day {day} does not exist",
        calendar.month_name_en(*month)
    )]
    NotLeapYear {
        calendar: Calendar,
        year: i32,
        month: u8,
        day: u32,
        last_day: u8,
    },
    #[error(
        "day {day} is out of range: {} {year} ends on day {last_day}",
        calendar.month_name_en(*month)
    )]
    DayOutOfRange {
        calendar: Calendar,
        year: i32,
        month: u8,
        day: u32,
        last_day: u8,
    },
    #[error("{part} {value} is out of range: {part}s run from 0 to {max}")]
    TimeOutOfRange {
        part: &'static str,
        value: u32,
        max: u32,
    },
    #[error("the UTC offset {offset} is out of range: offsets run from -23:59 to +23:59")]
    OffsetOutOfRange { offset: String },
    #[error("'{input}' mixes calendars: {reason}")]
    MixedCalendars { input: String, reason: &'static str },
    #[error(
        "{date} is a {actual:?}, not a {written:?} ({}): check the day or drop the weekday",
        written.persian_name()
    )]
    WrongWeekday {
        date: String,
        written: Weekday,
        actual: Weekday,
    },
    #[error("'{input}' mixes '/' and '-': separate year, month and day with the same one")]
    MixedSeparators { input: String },
    #[error("unknown time zone '{name}': use an IANA name such as Asia/Tehran")]
    UnknownTimeZone { name: String },
}
