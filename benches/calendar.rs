//! Hot paths of the Persian core: conversion, parsing editors' dates, formatting for pages.

use std::hint::black_box;

use akhbar::calendar::{Calendar, DateFormat, JalaliDate, parse_date, time_zone};
use akhbar::persian::digits::Digits;
use criterion::{Criterion, criterion_group, criterion_main};

fn conversion(c: &mut Criterion) {
    let day = JalaliDate::new(1399, 7, 5).unwrap().unix_days();
    c.bench_function("jalali_from_unix_days", |b| {
        b.iter(|| JalaliDate::from_unix_days(black_box(day)))
    });
    let date = JalaliDate::new(1399, 7, 5).unwrap();
    c.bench_function("jalali_to_gregorian", |b| {
        b.iter(|| black_box(date).to_gregorian())
    });
}

fn parsing(c: &mut Criterion) {
    let tehran = time_zone("Asia/Tehran").unwrap();
    for (name, text) in [
        ("parse_jalali", "۱۳۹۹/۰۷/۰۵ ۱۰:۳۰"),
        ("parse_iso", "2020-09-26T10:30:00+03:30"),
    ] {
        c.bench_function(name, |b| b.iter(|| parse_date(black_box(text), &tehran)));
    }
}

fn formatting(c: &mut Criterion) {
    let tehran = time_zone("Asia/Tehran").unwrap();
    let moment = parse_date("1399/07/05 10:30", &tehran).unwrap().moment;
    let format: DateFormat = "%A %-d %B %Y، ساعت %H:%M".parse().unwrap();
    let mut out = String::with_capacity(64);
    c.bench_function("format_page_date", |b| {
        b.iter(|| {
            out.clear();
            format.render_into(
                &mut out,
                black_box(&moment),
                Calendar::Jalali,
                Digits::Persian,
            );
        })
    });
}

criterion_group!(benches, conversion, parsing, formatting);
criterion_main!(benches);
