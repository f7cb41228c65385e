//! Checks the calendar against every line of the `jalaali-js` reference tables in `tests/data/`.

use akhbar::calendar::{JalaliDate, is_leap_year};
use jiff::civil::Date;

fn read_table(name: &str) -> String {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parse_ymd(text: &str) -> (i32, u32, u32) {
    let mut parts = text.split('-').map(|p| p.parse::<i32>().unwrap());
    let (y, m, d) = (parts.next(), parts.next(), parts.next());
    (y.unwrap(), m.unwrap() as u32, d.unwrap() as u32)
}

fn gregorian(text: &str) -> Date {
    let (y, m, d) = parse_ymd(text);
    jiff::civil::date(y as i16, m as i8, d as i8)
}

#[test]
fn every_day_from_1900_to_2200_matches_jalaali_js() {
    let table = read_table("jalaali-js-days-1900-2200.txt");
    let mut checked = 0;
    for (number, line) in table.lines().enumerate() {
        let fields: Vec<&str> = line.split(' ').collect();
        let [g, j, weekday_from_sunday] = fields[..] else {
            panic!("line {}: {line:?}", number + 1)
        };
        let g = gregorian(g);
        let (jy, jm, jd) = parse_ymd(j);
        let expected = JalaliDate::new(jy, jm, jd).unwrap();

        assert_eq!(
            JalaliDate::from_gregorian(g),
            Ok(expected),
            "line {}",
            number + 1
        );
        assert_eq!(expected.to_gregorian(), g, "line {}", number + 1);
        let from_saturday = (weekday_from_sunday.parse::<u8>().unwrap() + 1) % 7;
        assert_eq!(expected.weekday().days_since_saturday(), from_saturday);
        checked += 1;
    }
    assert_eq!(
        checked, 109_938,
        "the table covers 1900-01-01 to 2200-12-31"
    );
}

#[test]
fn every_year_from_1_to_3177_starts_and_leaps_as_in_jalaali_js() {
    let table = read_table("jalaali-js-years-1-3177.txt");
    let mut checked = 0;
    for line in table.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        let [year, nowruz, leap] = fields[..] else {
            panic!("{line:?}")
        };
        let year: i32 = year.parse().unwrap();
        let nowruz = gregorian(nowruz);
        assert_eq!(JalaliDate::new(year, 1, 1).unwrap().to_gregorian(), nowruz);
        assert_eq!(is_leap_year(year), leap == "1", "year {year}");
        checked += 1;
    }
    assert_eq!(checked, 3177);
}
