//! The Jalali calendar and Tehran time: conversion, parsing dates as editors write them, formatting.
//!
//! A leaf module: from the rest of akhbar it uses only `persian`, for digits and invisible marks.
//!
//! ```
//! use akhbar::calendar::{Calendar, DateFormat, JalaliDate, parse_date, time_zone};
//! use akhbar::persian::digits::Digits;
//!
//! let nowruz = JalaliDate::new(1404, 1, 1)?;
//! assert_eq!(nowruz.to_gregorian(), jiff::civil::date(2025, 3, 21));
//!
//! let tehran = time_zone("Asia/Tehran")?;
//! let seed = parse_date("2020-09-26T07:00:00Z", &tehran)?;
//! let format: DateFormat = "%A %-d %B %Y، ساعت %H:%M".parse()?;
//! let shown = format.render(&seed.moment, Calendar::Jalali, Digits::Persian);
//! assert_eq!(shown, "شنبه ۵ مهر ۱۳۹۹، ساعت ۱۰:۳۰");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod format;
mod jalali;
mod names;
mod parse;
mod time;

pub use error::{DateError, Phrase, Place};
pub use format::{DateFormat, FormatError};
pub use jalali::{JalaliDate, MAX_YEAR, MIN_YEAR, days_in_month, is_leap_year};
pub use names::{Calendar, GREGORIAN_MONTHS, JALALI_MONTHS, Weekday};
pub use parse::{EditorDate, MAX_DATE_LENGTH, parse_date};
pub use time::{DEFAULT_TIME_ZONE, JalaliDateTime, time_zone};
