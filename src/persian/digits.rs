//! Digits in the three scripts an editor may type: Latin (0-9), Persian (۰-۹) and Arabic-Indic (٠-٩).

use std::borrow::Cow;

const PERSIAN_ZERO: u32 = '۰' as u32;
const ARABIC_INDIC_ZERO: u32 = '٠' as u32;

/// Which digits to show numbers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Digits {
    /// ۰۱۲۳۴۵۶۷۸۹, the default for Persian pages.
    #[default]
    Persian,
    /// 0123456789, for URLs, scripts and machine-read output.
    Latin,
}

/// The value 0–9 of a Latin, Persian or Arabic-Indic digit.
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '۰'..='۹' => Some(c as u32 - PERSIAN_ZERO),
        '٠'..='٩' => Some(c as u32 - ARABIC_INDIC_ZERO),
        _ => None,
    }
}

/// The Persian digit for `value` (0–9).
fn persian_digit(value: u32) -> char {
    char::from_u32(PERSIAN_ZERO + value).expect("a digit value is 0-9")
}

/// Latin and Arabic-Indic digits become Persian; everything else is kept.
pub fn to_persian(text: &str) -> Cow<'_, str> {
    map_digits(
        text,
        |c| !matches!(c, '۰'..='۹') && digit_value(c).is_some(),
        persian_digit,
    )
}

/// Persian and Arabic-Indic digits become Latin; everything else is kept.
pub fn to_latin(text: &str) -> Cow<'_, str> {
    map_digits(
        text,
        |c| !c.is_ascii_digit() && digit_value(c).is_some(),
        |v| char::from_digit(v, 10).expect("a digit value is 0-9"),
    )
}

/// Rewrites `text` in `digits`.
pub fn convert(text: &str, digits: Digits) -> Cow<'_, str> {
    match digits {
        Digits::Persian => to_persian(text),
        Digits::Latin => to_latin(text),
    }
}

/// Writes the decimal form of `value`, zero-padded to `width`, in `digits` onto `out`.
pub fn push_number(out: &mut String, value: i64, width: usize, digits: Digits) {
    if value < 0 {
        out.push('-');
    }
    let mut reversed = [0u8; 20];
    let mut magnitude = value.unsigned_abs();
    let mut count = 0;
    while magnitude > 0 || count == 0 {
        reversed[count] = (magnitude % 10) as u8;
        magnitude /= 10;
        count += 1;
    }
    let padding = std::iter::repeat_n(0, width.saturating_sub(count));
    for digit in padding.chain(reversed[..count].iter().rev().copied()) {
        out.push(match digits {
            Digits::Latin => char::from(b'0' + digit),
            Digits::Persian => persian_digit(digit.into()),
        });
    }
}

/// Copies `text`, mapping each digit for which `needs_change` holds; borrows when nothing changes.
fn map_digits<'a>(
    text: &'a str,
    needs_change: impl Fn(char) -> bool,
    to_char: impl Fn(u32) -> char,
) -> Cow<'a, str> {
    if !text.chars().any(&needs_change) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match digit_value(c) {
                Some(v) if needs_change(c) => to_char(v),
                _ => c,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn converts_each_script() {
        assert_eq!(to_persian("1399/07/05"), "۱۳۹۹/۰۷/۰۵");
        assert_eq!(to_persian("٠١٢٣٤٥٦٧٨٩"), "۰۱۲۳۴۵۶۷۸۹");
        assert_eq!(to_latin("۱۳۹۹/۰۷/۰۵"), "1399/07/05");
        assert_eq!(to_latin("٠١٢٣٤٥٦٧٨٩"), "0123456789");
        assert_eq!(to_latin("کارت ۹۷ درصد"), "کارت 97 درصد");
    }

    #[test]
    fn borrows_when_nothing_changes() {
        assert!(matches!(to_persian("بدون رقم"), Cow::Borrowed(_)));
        assert!(matches!(to_persian("۱۳۹۹ و ۰۵"), Cow::Borrowed(_)));
        assert!(matches!(to_latin("abc 123"), Cow::Borrowed(_)));
    }

    #[test]
    fn pushes_padded_numbers() {
        let mut out = String::new();
        push_number(&mut out, 5, 2, Digits::Persian);
        push_number(&mut out, 1399, 0, Digits::Latin);
        push_number(&mut out, -7, 0, Digits::Persian);
        push_number(&mut out, 0, 0, Digits::Latin);
        push_number(&mut out, 0, 3, Digits::Persian);
        assert_eq!(out, "۰۵1399-۷0۰۰۰");
    }

    #[test]
    fn every_digit_has_one_value_in_each_script() {
        for v in 0..10 {
            let latin = char::from_digit(v, 10).unwrap();
            let persian = char::from_u32(0x06F0 + v).unwrap();
            let arabic = char::from_u32(0x0660 + v).unwrap();
            for c in [latin, persian, arabic] {
                assert_eq!(digit_value(c), Some(v));
            }
        }
        assert_eq!(digit_value('a'), None);
        assert_eq!(digit_value('/'), None);
    }

    proptest! {
        #[test]
        fn numbers_read_back(value: i64, width in 0usize..25) {
            let mut persian = String::new();
            push_number(&mut persian, value, width, Digits::Persian);
            let latin = to_latin(&persian);
            prop_assert_eq!(latin.parse::<i64>().unwrap(), value);
            prop_assert_eq!(latin.trim_start_matches('-').len(), width.max(value.unsigned_abs().to_string().len()));
        }

        #[test]
        fn round_trips_any_text(text in "\\PC*") {
            let persian = to_persian(&text).into_owned();
            let latin = to_latin(&persian).into_owned();
            prop_assert_eq!(to_latin(&text), latin.as_str());
            prop_assert!(!latin.chars().any(|c| matches!(c, '۰'..='۹' | '٠'..='٩')));
            prop_assert!(!persian.chars().any(|c| c.is_ascii_digit() || matches!(c, '٠'..='٩')));
        }
    }
}
