//! The Jalali calendar and Tehran time: conversion, parsing dates as editors write them, formatting.
//!
//! A leaf module: from the rest of akhbar it uses only `persian`, for digits and invisible marks.

mod error;
mod format;
mod jalali;
mod names;
mod parse;
mod time;

pub use error::DateError;
pub use format::{DateFormat, FormatError};
pub use jalali::{JalaliDate, MAX_YEAR, MIN_YEAR, days_in_month, is_leap_year};
pub use names::{Calendar, GREGORIAN_MONTHS, JALALI_MONTHS, Weekday};
pub use parse::{EditorDate, MAX_DATE_LENGTH, parse_date};
pub use time::{DEFAULT_TIME_ZONE, JalaliDateTime, time_zone};
