//! The numeric forms: `1399/07/05 10:30`, `2020-09-26T10:30:00+03:30`, in any digits.

use super::{Fields, TimeFields};
use crate::calendar::error::{DateError, Phrase, Place};
use crate::persian::digits::digit_value;

/// A cursor over the characters of a date, reporting what it expected where it stopped.
pub(super) struct Scanner<'a> {
    input: &'a str,
    chars: Vec<char>,
    position: usize,
}

impl<'a> Scanner<'a> {
    pub(super) fn new(input: &'a str) -> Self {
        Scanner {
            input,
            chars: input.chars().collect(),
            position: 0,
        }
    }

    /// Reads the whole input as a numeric date.
    pub(super) fn fields(mut self) -> Result<Fields, DateError> {
        let (year, year_digits) =
            self.number(6, Phrase::new("a four-digit year", "سالی چهاررقمی"))?;
        if year_digits != 4 {
            return Err(DateError::YearDigits {
                input: self.input.into(),
                digits: year_digits,
            });
        }
        if year == 0 {
            return Err(DateError::YearZero);
        }
        let separator = self.one_of(
            &['/', '-'],
            Phrase::new("'/' or '-' after the year", "نشانهٔ «/» یا «-» پس از سال"),
        )?;
        let month = self.short_number(Phrase::new(
            "a month of one or two digits",
            "ماهی یک یا دو رقمی",
        ))?;
        if self
            .peek()
            .is_some_and(|c| matches!(c, '/' | '-') && c != separator)
        {
            return Err(DateError::MixedSeparators {
                input: self.input.into(),
            });
        }
        self.one_of(
            &[separator],
            Phrase::new(
                "the separator after the month",
                "همان نشانهٔ جداکننده پس از ماه",
            ),
        )?;
        let day = self.short_number(Phrase::new(
            "a day of one or two digits",
            "روزی یک یا دو رقمی",
        ))?;
        let time = self.time()?;
        Ok(Fields {
            year,
            month,
            day,
            time,
            weekday: None,
        })
    }

    fn time(&mut self) -> Result<Option<TimeFields>, DateError> {
        let iso_separator = match self.peek() {
            None => return Ok(None),
            Some('T' | 't') => true,
            Some(c) if c.is_whitespace() => false,
            Some(_) => {
                return Err(self.error(Phrase::new(
                    "a space or 'T' before the time",
                    "فاصله یا T پیش از ساعت",
                )));
            }
        };
        self.position += 1;
        while !iso_separator && self.peek().is_some_and(char::is_whitespace) {
            self.position += 1;
        }
        self.clock(iso_separator).map(Some)
    }

    /// `H:MM[:SS[.fraction]]` and an optional UTC offset, to the end of the input.
    pub(super) fn clock(&mut self, iso_separator: bool) -> Result<TimeFields, DateError> {
        let hour = self.short_number(Phrase::new(
            "an hour of one or two digits",
            "ساعتی یک یا دو رقمی",
        ))?;
        self.one_of(
            &[':'],
            Phrase::new("':' after the hour", "نشانهٔ «:» پس از ساعت"),
        )?;
        let minute =
            self.exact_digits(2, Phrase::new("a minute of two digits", "دقیقه‌ای دو رقمی"))?;
        let mut second = 0;
        let mut nanosecond = 0;
        if self.peek() == Some(':') {
            self.position += 1;
            second =
                self.exact_digits(2, Phrase::new("seconds of two digits", "ثانیه‌ای دو رقمی"))?;
            if self.peek().is_some_and(|c| c == '.' || c == ',') {
                self.position += 1;
                nanosecond = self.fraction()?;
            }
        }
        let offset = self.offset()?;
        if self.peek().is_some() {
            return Err(self.error(Phrase::new("the end of the date", "پایان تاریخ")));
        }
        Ok(TimeFields {
            hour,
            minute,
            second,
            nanosecond,
            iso_separator,
            offset,
        })
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
        let hours = self.exact_digits(
            2,
            Phrase::new("offset hours of two digits", "ساعتِ اختلاف با UTC، دو رقمی"),
        )?;
        let minutes = self.offset_part(Phrase::new(
            "offset minutes of two digits",
            "دقیقهٔ اختلاف با UTC، دو رقمی",
        ))?;
        let seconds = self.offset_part(Phrase::new(
            "offset seconds of two digits",
            "ثانیهٔ اختلاف با UTC، دو رقمی",
        ))?;
        if hours > 23 || minutes > 59 || seconds > 59 {
            let written = self.chars[start..self.position].iter().collect();
            return Err(DateError::OffsetOutOfRange { offset: written });
        }
        Ok(Some(sign * (hours * 3600 + minutes * 60 + seconds) as i32))
    }

    /// The next two digits of an offset, after an optional ':'; 0 when the offset ends.
    fn offset_part(&mut self, expected: Phrase) -> Result<u32, DateError> {
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
        let (value, digits) = self.number(
            10,
            Phrase::new("digits of a fraction of a second", "رقم‌های کسر ثانیه"),
        )?;
        if digits > 9 {
            self.position = start;
            return Err(self.error(Phrase::new(
                "at most nine digits of a fraction of a second",
                "دست‌بالا نُه رقم برای کسر ثانیه",
            )));
        }
        Ok(value * 10u32.pow(9 - digits as u32))
    }

    /// One or two digits.
    fn short_number(&mut self, expected: Phrase) -> Result<u32, DateError> {
        let start = self.position;
        let (value, digits) = self.number(3, expected)?;
        if digits > 2 {
            self.position = start;
            return Err(self.error(expected));
        }
        Ok(value)
    }

    fn exact_digits(&mut self, count: usize, expected: Phrase) -> Result<u32, DateError> {
        let start = self.position;
        let (value, digits) = self.number(count, expected)?;
        if digits != count {
            self.position = start;
            return Err(self.error(expected));
        }
        Ok(value)
    }

    /// One to `limit` digits in any script: their value and how many there were.
    fn number(&mut self, limit: usize, expected: Phrase) -> Result<(u32, usize), DateError> {
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

    fn one_of(&mut self, accepted: &[char], expected: Phrase) -> Result<char, DateError> {
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

    fn error(&self, expected: Phrase) -> DateError {
        let place = if self.position < self.chars.len() {
            let rest: String = self.chars[self.position..].iter().collect();
            Place::At(rest)
        } else {
            let done: String = self.chars.iter().collect();
            Place::After(done)
        };
        DateError::Syntax {
            input: self.input.into(),
            expected,
            place,
        }
    }
}
