//! The build's hot paths on the demo portal and its seed item (news 242513): splitting the front
//! matter, reading the whole item, its Markdown, its page through the templates, and the search
//! index of every published item.

use std::hint::black_box;
use std::path::Path;

use akhbar::calendar::JalaliDateTime;
use akhbar::comments::model::load_site_comments;
use akhbar::config::Config;
use akhbar::content::{Content, NewsItem, front_matter, markdown};
use akhbar::output::search;
use akhbar::pipeline::common_context;
use akhbar::render::Renderer;
use akhbar::render::pages;
use akhbar::site::related::RelatedIndex;
use akhbar::site::{Selection, Site};
use criterion::{Criterion, criterion_group, criterion_main};

const SEED: &str = "content/news/1399/07/242513.md";

fn pipeline(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(root).expect("the demo's site.toml");
    let text = std::fs::read_to_string(root.join(SEED)).expect("the seed item");
    let split = front_matter::split(&text).expect("the seed's front matter");

    c.bench_function("front_matter_split_seed", |b| {
        b.iter(|| front_matter::split(black_box(&text)).map(|split| split.body_line))
    });
    c.bench_function("markdown_seed", |b| {
        b.iter(|| {
            markdown::render(
                black_box(split.body),
                &config.site.base_url,
                "/news/1399/07/",
            )
        })
    });
    c.bench_function("news_item_seed", |b| {
        b.iter(|| NewsItem::from_split(black_box(&split), Path::new(SEED), &config))
    });

    let content = Content::load(&config).expect("the demo's content");
    let comments = load_site_comments(&config).expect("the demo's comments");
    let selection = Selection {
        drafts: false,
        now: jiff::Timestamp::now(),
    };
    let site = Site::assemble(&content, &comments, selection).expect("the demo site");
    let renderer = Renderer::new(&config).expect("the sabt theme");
    renderer.set_archive(&site.archive);
    let related = RelatedIndex::new(&site.news).all();
    let jobs = pages::all(&config, &site, &related);
    let seed_page = jobs
        .iter()
        .find(|job| job.url == "/news/242513/")
        .expect("the seed's page");
    let year = JalaliDateTime::now(&config.zone).date().year();
    let common = common_context(&config, &site, year);
    c.bench_function("news_page_seed", |b| {
        b.iter(|| {
            let mut context = common.clone();
            seed_page.fill(&mut context);
            context.insert("current_url", &seed_page.url);
            renderer.render(seed_page.template, &context, &seed_page.url)
        })
    });

    c.bench_function("search_index_demo", |b| {
        b.iter(|| search::files(black_box(&site)))
    });
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
