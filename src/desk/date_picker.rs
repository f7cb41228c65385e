//! What the date picker shows of one Jalali month, worked out by the site's own calendar (the
//! official one, [`crate::calendar`]) rather than again in the browser: its name, its length,
//! the weekday it starts on, and today and now in the site's time zone.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};

use super::access::Signed;
use super::state::{Answer, Desk};
use crate::calendar::{
    Calendar, DateFormat, JALALI_MONTHS, JalaliDate, JalaliDateTime, MAX_YEAR, MIN_YEAR,
    days_in_month,
};
use crate::persian::digits::{Digits, to_persian};

/// One month of the picker.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct MonthView {
    pub year: i32,
    pub month: u8,
    /// «آذر ۱۴۰۴».
    pub title: String,
    pub days: u8,
    /// How many days of the week come before its first day (0: it starts on a Saturday).
    pub offset: u8,
    /// The months before and after, `YYYY-MM`.
    pub previous: String,
    pub next: String,
    /// Today in the site's zone: year, month, day.
    pub today: (i32, u8, u8),
    /// Now in the site's zone, as the date field takes it: `۱۴۰۴/۰۹/۱۶ ۱۰:۳۰`.
    pub now: String,
}

impl MonthView {
    /// The month `(year, month)` (the current one if out of range), with `now`.
    pub fn of(asked: Option<(i32, u8)>, now: &JalaliDateTime) -> MonthView {
        let today = now.date();
        let (year, month) = asked
            .filter(|(year, month)| {
                (MIN_YEAR..=MAX_YEAR).contains(year) && (1..=12).contains(month)
            })
            .unwrap_or((today.year(), today.month()));
        let first = JalaliDate::new(year, month.into(), 1).expect("a checked month");
        let step = |year: i32, month: u8, by: i32| {
            let index = year * 12 + i32::from(month) - 1 + by;
            format!("{}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1)
        };
        let format: DateFormat = "%Y/%m/%d %H:%M".parse().expect("a valid format");
        MonthView {
            year,
            month,
            title: format!(
                "{} {}",
                JALALI_MONTHS[usize::from(month) - 1],
                to_persian(&year.to_string())
            ),
            days: days_in_month(year, month),
            offset: first.weekday().days_since_saturday(),
            previous: step(year, month, -1),
            next: step(year, month, 1),
            today: (today.year(), today.month(), today.day()),
            now: format.render(now, Calendar::Jalali, Digits::Persian),
        }
    }
}

/// The Jalali year and month an address names as `1404-09`, if it does.
pub fn month_of(text: &str) -> Option<(i32, u8)> {
    let (year, month) = text.split_once('-')?;
    Some((year.parse().ok()?, month.parse().ok()?))
}

#[derive(Deserialize)]
pub(super) struct MonthQuery {
    /// `YYYY-MM`.
    #[serde(default)]
    month: String,
}

/// The month the picker asks for, in the site's zone.
pub(super) async fn month(
    State(desk): State<Arc<Desk>>,
    _signed: Signed,
    Query(query): Query<MonthQuery>,
) -> Answer {
    let config = desk.config()?;
    let asked = month_of(&query.month);
    let now = JalaliDateTime::now(&config.zone);
    Ok(axum::response::IntoResponse::into_response(Json(
        MonthView::of(asked, &now),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> JalaliDateTime {
        let zone = crate::calendar::time_zone("Asia/Tehran").unwrap();
        let zoned = text
            .parse::<jiff::Timestamp>()
            .unwrap()
            .to_zoned_datetime(zone);
        JalaliDateTime::from_zoned(zoned).unwrap()
    }

    #[test]
    fn a_month_is_laid_out_by_the_official_calendar() {
        // 5 Mehr 1399 (the seed) was a Saturday; 1 Mehr 1399 a Tuesday.
        let now = at("2020-09-26T07:00:00Z");
        let mehr = MonthView::of(None, &now);
        assert_eq!((mehr.year, mehr.month, mehr.days), (1399, 7, 30));
        assert_eq!(mehr.title, "مهر ۱۳۹۹");
        assert_eq!(mehr.offset, 3, "Tuesday: after Saturday, Sunday, Monday");
        assert_eq!(mehr.today, (1399, 7, 5));
        assert_eq!(mehr.now, "۱۳۹۹/۰۷/۰۵ ۱۰:۳۰");
        assert_eq!(
            (mehr.previous.as_str(), mehr.next.as_str()),
            ("1399-06", "1399-08")
        );
        // Esfand of a leap year has 30 days (1403), of another 29; the year turns.
        let esfand = MonthView::of(Some((1403, 12)), &now);
        assert_eq!((esfand.days, esfand.next.as_str()), (30, "1404-01"));
        assert_eq!(MonthView::of(Some((1404, 12)), &now).days, 29);
        assert_eq!(MonthView::of(Some((1404, 1)), &now).previous, "1403-12");
        assert_eq!(
            MonthView::of(Some((1404, 13)), &now).month,
            7,
            "out of range: now's"
        );
    }
}
