//! The filters and functions akhbar adds to Tera: Jalali dates, digits, bidi, absolute URLs.

use jiff::tz::TimeZone;
use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

use crate::calendar::{Calendar, DateFormat, parse_date};
use crate::persian::bidi::{Direction, for_plain_text};
use crate::persian::digits::{Digits, to_latin, to_persian};
use crate::site::address::Addresses;

const DEFAULT_DATE_FORMAT: &str = "%A %-d %B %Y";

/// Registers `jalali`, `fa_digits`, `latin_digits`, `bidi_text` and `url(path=…)`.
pub fn register(tera: &mut Tera, zone: TimeZone, base_url: &str) {
    tera.register_filter("jalali", move |value: &Value, kwargs: Kwargs, _: &State| {
        jalali(value, &kwargs, &zone)
    });
    tera.register_filter("fa_digits", |value: &Value, _: Kwargs, _: &State| {
        to_persian(&text_of(value)).into_owned()
    });
    tera.register_filter("latin_digits", |value: &Value, _: Kwargs, _: &State| {
        to_latin(&text_of(value)).into_owned()
    });
    tera.register_filter("bidi_text", |value: &Value, _: Kwargs, _: &State| {
        for_plain_text(&text_of(value), Direction::Rtl).into_owned()
    });
    let addresses = Addresses::new(base_url);
    tera.register_function(
        "url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path: String = kwargs.must_get("path")?;
            Ok(addresses.iri(&path))
        },
    );
}

/// A number or a text as text.
fn text_of(value: &Value) -> String {
    match value.as_str() {
        Some(text) => text.to_string(),
        None => value.to_string(),
    }
}

/// A date view (its `iso`) or an RFC 3339 text, written in the Jalali calendar.
fn jalali(value: &Value, kwargs: &Kwargs, zone: &TimeZone) -> TeraResult<String> {
    let iso = match value.as_map() {
        Some(map) => map
            .get(&tera::value::Key::Str("iso"))
            .and_then(Value::as_str),
        None => value.as_str(),
    }
    .ok_or_else(|| {
        Error::message("`jalali` takes a date (such as news.date) or an RFC 3339 text")
    })?;
    let format: DateFormat = kwargs
        .get::<&str>("format")?
        .unwrap_or(DEFAULT_DATE_FORMAT)
        .parse()
        .map_err(|e| Error::message(format!("`jalali`: {e}")))?;
    let digits = match kwargs.get::<&str>("digits")? {
        None | Some("persian") => Digits::Persian,
        Some("latin") => Digits::Latin,
        Some(other) => {
            return Err(Error::message(format!(
                "`jalali`: digits=\"{other}\" is not known: use \"persian\" or \"latin\""
            )));
        }
    };
    let date = parse_date(iso, zone).map_err(|e| Error::message(format!("`jalali`: {e}")))?;
    Ok(format.render(&date.moment, Calendar::Jalali, digits))
}
