//! The Persian text rules on the seed article, as search indexing and page rendering use them.

use std::hint::black_box;

use akhbar::persian::bidi::{Direction, for_plain_text, visual_line};
use akhbar::persian::excerpt::{excerpt, reading_minutes};
use akhbar::persian::normalize::for_matching;
use akhbar::persian::slug::slugify;
use criterion::{Criterion, criterion_group, criterion_main};

const ARTICLE: &str = include_str!("../tests/data/alborz-smart-card-1399-07-05.txt");
const TITLE: &str = "کارت هوشمند ملی برای ۹۷ درصد البرزی ها صادر شده است";

fn text_rules(c: &mut Criterion) {
    c.bench_function("for_matching_article", |b| {
        b.iter(|| for_matching(black_box(ARTICLE)))
    });
    c.bench_function("slugify_title", |b| b.iter(|| slugify(black_box(TITLE))));
    c.bench_function("excerpt_article_160", |b| {
        b.iter(|| excerpt(black_box(ARTICLE), 160))
    });
    c.bench_function("reading_minutes_article", |b| {
        b.iter(|| reading_minutes(black_box(ARTICLE)))
    });
    c.bench_function("for_plain_text_title", |b| {
        b.iter(|| for_plain_text(black_box("COVID-19 در البرز"), Direction::Rtl))
    });
    c.bench_function("visual_line_title", |b| {
        b.iter(|| visual_line(black_box(TITLE), Direction::Rtl))
    });
}

criterion_group!(benches, text_rules);
criterion_main!(benches);
