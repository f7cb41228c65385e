//! The written-out Jalali form pages show and editors copy: `شنبه ۵ مهر ۱۳۹۹، ساعت ۱۰:۳۰`.

use super::scanner::Scanner;
use super::{FIRST_GREGORIAN_YEAR, Fields};
use crate::calendar::error::{DateError, Phrase, Place};
use crate::calendar::names::{JALALI_MONTHS, Weekday};
use crate::persian::digits::digit_value;
use crate::persian::normalize::for_matching;

/// The word for month, which may follow a month's name.
const MONTH_WORD: &str = "ماه";

/// The word pages put between the date and the time.
const HOUR_WORD: &str = "ساعت";

/// Reads `[weekday] day month-name year [، ساعت] [HH:MM[:SS]]`; `None` when `input` is
/// meant as one of the numeric forms.
pub(super) fn fields(input: &str) -> Option<Result<Fields, DateError>> {
    // Letters inside a numeric date («1399/مهر/05») are a mistake in that form.
    if !input.chars().any(is_persian_letter) || input.contains('/') {
        return None;
    }
    let words: Vec<&str> = input
        .split(|c: char| c.is_whitespace() || c == '،' || c == ',')
        .filter(|word| !word.is_empty())
        .collect();
    Some(
        Words {
            input,
            words: &words,
        }
        .fields(),
    )
}

fn is_persian_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}')
}

/// The words of a written-out date, consumed from the front.
struct Words<'a> {
    input: &'a str,
    words: &'a [&'a str],
}

impl Words<'_> {
    fn fields(mut self) -> Result<Fields, DateError> {
        let weekday = self.weekday();
        let day = self.number(
            2,
            Phrase::new(
                "a date like ۵ مهر ۱۳۹۹ or 1399/07/05",
                "تاریخی مانند ۵ مهر ۱۳۹۹ یا ۱۳۹۹/۰۷/۰۵",
            ),
        )?;
        let month = self.month()?;
        let year = self.year()?;
        if self.words.first() == Some(&HOUR_WORD) {
            self.words = &self.words[1..];
        }
        let time = match self.words {
            [] => None,
            [clock] => Some(Scanner::new(clock).clock(false)?),
            [_, rest @ ..] => {
                return Err(self.error_at(rest, Phrase::new("the end of the date", "پایان تاریخ")));
            }
        };
        Ok(Fields {
            year,
            month,
            day,
            time,
            weekday,
        })
    }

    /// A leading weekday name, in one word or two («سه شنبه»), with or without ZWNJ.
    fn weekday(&mut self) -> Option<Weekday> {
        for taken in [2, 1] {
            let Some(words) = self.words.get(..taken) else {
                continue;
            };
            // «سه‌شنبه», «سه شنبه» and «سهشنبه» alike: the key without its spaces.
            let joined = |text: &str| for_matching(text).replace(' ', "");
            let key = joined(&words.join(" "));
            let found = Weekday::ALL
                .into_iter()
                .find(|day| joined(day.persian_name()) == key);
            if found.is_some() {
                self.words = &self.words[taken..];
                return found;
            }
        }
        None
    }

    fn month(&mut self) -> Result<u32, DateError> {
        let expected = Phrase::new(
            "a Jalali month name (فروردین … اسفند)",
            "نام یک ماه شمسی (فروردین … اسفند)",
        );
        let word = self
            .words
            .first()
            .ok_or_else(|| self.error_at(&[], expected))?;
        let key = for_matching(word);
        // «مهرماه» and «مهر ماه» say «مهر» with the word for month.
        let key = key.strip_suffix(MONTH_WORD).unwrap_or(&key).trim_end();
        let index = JALALI_MONTHS
            .iter()
            .position(|name| for_matching(name) == key)
            .or((key == "امرداد").then_some(4))
            .ok_or_else(|| self.error_at(self.words, expected))?;
        self.words = &self.words[1..];
        if self.words.first() == Some(&MONTH_WORD) {
            self.words = &self.words[1..];
        }
        Ok(index as u32 + 1)
    }

    fn year(&mut self) -> Result<u32, DateError> {
        let digits = self.words.first().map_or(0, |word| word.chars().count());
        let year = self.number(
            6,
            Phrase::new("a four-digit Jalali year", "سال شمسی چهاررقمی"),
        )?;
        if digits != 4 {
            return Err(DateError::YearDigits {
                input: self.input.into(),
                digits,
            });
        }
        if year >= FIRST_GREGORIAN_YEAR {
            return Err(DateError::MixedCalendars {
                input: self.input.into(),
                reason: Phrase::new(
                    "a Jalali month name needs a Jalali year, and a year from 1700 on is Gregorian",
                    "نام ماه شمسی سال شمسی می‌خواهد و سال ۱۷۰۰ به بعد میلادی خوانده می‌شود",
                ),
            });
        }
        Ok(year)
    }

    /// The next word as a number of at most `max_digits` digits in any script.
    fn number(&mut self, max_digits: usize, expected: Phrase) -> Result<u32, DateError> {
        let word = self
            .words
            .first()
            .ok_or_else(|| self.error_at(&[], expected))?;
        let digits: Option<Vec<u32>> = word.chars().map(digit_value).collect();
        match digits {
            Some(digits) if !digits.is_empty() && digits.len() <= max_digits => {
                self.words = &self.words[1..];
                Ok(digits.iter().fold(0, |value, digit| value * 10 + digit))
            }
            _ => Err(self.error_at(self.words, expected)),
        }
    }

    fn error_at(&self, rest: &[&str], expected: Phrase) -> DateError {
        let place = match rest {
            [] => Place::After(self.input.into()),
            _ => Place::At(rest.join(" ")),
        };
        DateError::Syntax {
            input: self.input.into(),
            expected,
            place,
        }
    }
}
