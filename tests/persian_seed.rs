//! The Persian core on the seed article (news 242513, 5 Mehr 1399), the page akhbar was made for.

use akhbar::calendar::{JalaliDate, Weekday, parse_date, time_zone};
use akhbar::persian::bidi::{Direction, for_plain_text};
use akhbar::persian::digits::to_latin;
use akhbar::persian::excerpt::{excerpt, reading_minutes};
use akhbar::persian::normalize::for_matching;
use akhbar::persian::slug::slugify;

const ARTICLE: &str = include_str!("data/alborz-smart-card-1399-07-05.txt");
const TITLE: &str = "کارت هوشمند ملی برای ۹۷ درصد البرزی ها صادر شده است";

fn lines() -> Vec<&'static str> {
    ARTICLE.lines().collect()
}

#[test]
fn the_date_line_is_5_mehr_1399_a_saturday() {
    let date_line = lines()[0];
    assert_eq!(date_line, "5 مهر 1399");
    let parsed = parse_date(date_line, &time_zone("Asia/Tehran").unwrap()).unwrap();
    assert_eq!(parsed.moment.date(), JalaliDate::new(1399, 7, 5).unwrap());
    assert_eq!(parsed.moment.date().weekday(), Weekday::Saturday);
    assert_eq!(parsed.moment.zoned().date(), jiff::civil::date(2020, 9, 26));
}

#[test]
fn the_news_number_reads_in_latin_digits() {
    assert_eq!(lines()[1], "شماره خبر: 242513");
    assert_eq!(to_latin("شماره خبر: ۲۴۲۵۱۳"), lines()[1]);
}

#[test]
fn the_title_makes_a_readable_slug() {
    assert_eq!(lines()[3], TITLE);
    assert_eq!(
        slugify(TITLE).unwrap(),
        "کارت-هوشمند-ملی-برای-97-درصد-البرزی-ها-صادر-شده-است"
    );
}

#[test]
fn arabic_keyboard_queries_find_the_article() {
    let indexed = for_matching(ARTICLE);
    for query in [
        "كارت هوشمند",
        "ثبت احوال البرز",
        "۹۷ درصد",
        "٩٧ درصد",
        "97 درصد",
        "242513",
    ] {
        assert!(indexed.contains(&for_matching(query)), "{query}");
    }
    assert!(!indexed.contains(&for_matching("گذرنامه")));
}

#[test]
fn the_body_gives_a_word_bounded_excerpt() {
    let body = lines()
        .into_iter()
        .find(|line| line.starts_with("محمد علی رفیع پور"))
        .unwrap();
    let preview = excerpt(body, 160);
    assert!(preview.chars().count() <= 160);
    let kept = preview
        .strip_suffix('…')
        .expect("the body is longer than 160 chars");
    assert!(body.starts_with(kept));
    let next = body[kept.len()..].chars().next().unwrap();
    assert!(
        next.is_whitespace() || ",،.:".contains(next),
        "cut inside a word: {next:?}"
    );
}

#[test]
fn the_article_takes_two_minutes_to_read() {
    assert_eq!(ARTICLE.split_whitespace().count(), 391);
    assert_eq!(reading_minutes(ARTICLE), 2);
}

#[test]
fn titles_stay_right_to_left_in_plain_text() {
    assert_eq!(for_plain_text(TITLE, Direction::Rtl), TITLE);
    let latin_first = "COVID-19 در البرز";
    assert_eq!(
        for_plain_text(latin_first, Direction::Rtl),
        format!("\u{200F}{latin_first}")
    );
}
