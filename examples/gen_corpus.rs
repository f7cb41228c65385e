//! Generates a complete akhbar site of N made-up but realistic Persian news items, for
//! measuring builds and search on a large portal, and the same site for Hugo, to compare the two.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- 10000 /tmp/corpus10k
//! cargo run --release -- build --root /tmp/corpus10k --output /tmp/corpus10k-site
//! hugo --source /tmp/corpus10k/hugo --destination /tmp/corpus10k/hugo-public --quiet
//! ```
//!
//! DIR gets `site.toml` (this repository's, with lists of 20 items per page as a newsroom's
//! portal has them) and `themes/sabt/` copied from this repository, `content/pages/about.md`
//! and N items `content/news/<jalali year>/<month>/<id>.md`: ids from 300000 up in date order,
//! dates over 1394–1403 written as `1399/07/05 10:30` or `2020-09-26T10:30:00+03:30`, bodies of
//! 300–900 words from the word lists below. The output depends on N alone (a fixed-seed
//! splitmix64). DIR must be empty, missing, or written by gen_corpus before (it then holds
//! `.gen_corpus`, and its `content/`, `themes/`, `hugo/` and `hugo-plain/` are replaced).
//!
//! DIR/hugo/ is the same site for Hugo (scripts/bench-vs-hugo times the two): `hugo.toml` and
//! the templates of examples/hugo_site/, Hugo's counterparts of the sabt theme's, with the
//! settings that site.toml gives (title, address, time zone, items per page) taken from it; the
//! theme's static files; `content/about.md`; and each item again as `content/news/<id>.md`,
//! at `/news/<id>/` as in akhbar. Its front matter has the instant akhbar reads from the item's
//! date as a Gregorian date-time with Tehran's offset of that day, the category, tags and source
//! as the taxonomies `categories`, `tags` and `sources`, and the Jalali year and month as terms
//! of the taxonomy `archive` ("1399", "1399-07"), whose pages stand for akhbar's year and month
//! archives (`/archive/1399/`, `/archive/1399-07/`). The body is the same Markdown, with
//! `<!--more-->` after the first paragraph (akhbar's summary) and its link to the month's
//! archive pointing at the Hugo term's page. Build it with
//! `hugo --source DIR/hugo --destination DIR/hugo-public --quiet`.
//!
//! DIR/hugo-plain/ is a second Hugo site over the same items, with Hugo's own features only
//! (examples/hugo_site_plain/): its `hugo.toml` (the same settings from site.toml, no related
//! list) reads the content and static files of DIR/hugo/, and its templates show Gregorian
//! dates through `.Date.Format`, no related list and no Jalali conversion, with Hugo's own
//! pagination. Build it with `hugo --source DIR/hugo-plain --destination DIR/hugo-plain-public`.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use akhbar::calendar::{JALALI_MONTHS, JalaliDate, parse_date};
use akhbar::config::Config;
use akhbar::persian::digits::to_persian;

/// Who says things: subjects of sentences.
const SUBJECTS: &str = "مدیرکل ثبت احوال استان {P}|معاون امور اسناد هویتی ثبت احوال {P}|\
رئیس اداره ثبت احوال شهرستان {C}|سخنگوی سازمان ثبت احوال کشور|مدیر روابط عمومی ثبت احوال {P}|\
معاون فناوری اطلاعات اداره کل ثبت احوال {P}|رئیس گروه آمار و جمعیت ثبت احوال {P}|\
کارشناس مسئول امور سجلی اداره کل|معاون سازمان ثبت احوال کشور|فرماندار {C}|\
رئیس اداره ثبت احوال منطقه دو {C}|مسئول واحد ثبت ولادت بیمارستان امام {C}";
/// Services and events, the topics of the news.
const TOPICS: &str = "صدور کارت هوشمند ملی|ثبت ولادت نوزادان|تعویض شناسنامه‌های قدیمی|\
صدور المثنی شناسنامه|ثبت وفات|ثبت ازدواج و طلاق|پیش‌ثبت‌نام اینترنتی کارت ملی|\
تحویل کارت هوشمند ملی|اصلاح اطلاعات سجلی|دیجیتال‌سازی اسناد سجلی|خدمات واحدهای سیار روستایی|\
ثبت ولادت در بیمارستان‌ها|صدور شناسنامه عکس‌دار|ثبت واقعه ولادت معوقه|تغییر نام کوچک|\
استعلام برخط اطلاعات هویتی|ثبت‌نام کارت ملی نوجوانان ۱۵ ساله|صدور گواهی فوت|\
بهنگام‌سازی نشانی ساکنان|ساماندهی اسناد هویتی اتباع|ثبت وقایع حیاتی عشایر|\
تکمیل پایگاه اطلاعات جمعیت|خدمات کشیک نوروزی|احراز هویت الکترونیک|صدور کارت ملی المثنی";
/// What a topic does, said of the topic.
const VERBS: &str = "با سرعت بیشتری انجام می‌شود|در ایام تعطیلات نیز ادامه دارد|\
در همه دفاتر پیشخوان دولت ممکن شده است|به صورت الکترونیکی انجام می‌شود|\
بدون نیاز به مراجعه حضوری انجام می‌شود|با استقبال خوب شهروندان روبه‌رو شده است|\
در کمتر از یک هفته به پایان می‌رسد|در اولویت برنامه‌های این اداره کل قرار دارد|\
از هفته آینده در همه شهرستان‌ها آغاز می‌شود|به طور کامل رایگان است|\
با همکاری دانشگاه‌ها و بیمارستان‌ها انجام می‌شود|نسبت به سال گذشته بهبود یافته است";
/// When.
const TIMES: &str = "از ابتدای امسال|در شش ماه نخست سال|در هفته گذشته|در ایام تعطیلات نوروز|\
در سه ماه گذشته|از ابتدای اجرای طرح|در سال گذشته|در ماه جاری|در دو هفته اخیر|\
از آغاز سال {Y} تاکنون|در نیمه نخست سال {Y}|در پایان سال {Y}";
/// Why or how.
const REASONS: &str = "با هدف کاهش مراجعه حضوری|برای رفاه حال شهروندان|\
در راستای توسعه دولت الکترونیک|با توجه به افزایش تقاضا|به منظور کاهش زمان انتظار|\
بر پایه سیاست‌های سازمان ثبت احوال کشور|با بهره‌گیری از ظرفیت دفاتر پیشخوان|\
برای جلوگیری از جعل اسناد هویتی";
const PEOPLE: &str = "شهروندان|متقاضیان|ساکنان|والدین نوزادان|دانش‌آموزان|بازنشستگان|\
روستاییان|جوانان|مراجعان|خانواده‌ها";
const PROVINCES: &str = "البرز|تهران|اصفهان|فارس|خراسان رضوی|آذربایجان شرقی|گیلان|مازندران|\
کرمان|یزد|قزوین|همدان|زنجان|کردستان|لرستان|خوزستان|بوشهر|هرمزگان|سمنان|قم|مرکزی|اردبیل|\
گلستان|ایلام|کرمانشاه|سیستان و بلوچستان|چهارمحال و بختیاری|خراسان شمالی|خراسان جنوبی|\
کهگیلویه و بویراحمد|آذربایجان غربی";
const CITIES: &str = "کرج|فردیس|ساوجبلاغ|نظرآباد|طالقان|اشتهارد|هشتگرد|محمدشهر|ماهدشت|\
کمال‌شهر|شهریار|اسلامشهر|قزوین|تاکستان|آبیک|زنجان|همدان|ملایر|اراک|ساوه|رشت|لاهیجان|\
ساری|بابل|شیراز|مرودشت|کاشان|نجف‌آباد|مشهد|نیشابور|تبریز|مراغه|کرمان|رفسنجان|یزد|میبد";
const UNITS: &str = "ولادت|وفات|کارت هوشمند ملی|شناسنامه|ازدواج|طلاق|مورد اصلاح سجلی|\
درخواست برخط|نوبت اینترنتی";
const DOCUMENTS: &str = "اصل شناسنامه|کارت ملی قبلی|رسید پیش‌ثبت‌نام|گواهی ولادت بیمارستان|\
یک قطعه عکس جدید|سند ازدواج والدین|کد رهگیری پستی|کارت ملی پدر یا مادر|گواهی فوت پزشک";
const STEPS: &str = "ورود به سامانه پیش‌ثبت‌نام|تکمیل اطلاعات فردی|پرداخت هزینه به صورت اینترنتی|\
دریافت کد رهگیری|اخذ نوبت از دفتر پیشخوان|مراجعه با اصل مدارک در زمان تعیین‌شده|\
ثبت اثر انگشت و عنبیه|تحویل کارت از اداره ثبت احوال محل|پیگیری وضعیت درخواست با پیامک";
const LATIN: &str = "SMS|online|QR|NFC|PIN|app|API|e-Gov|Android|iOS|web|OTP";
const HEADINGS: &str = "ساعات کاری ادارات|مدارک لازم|آمار وقایع حیاتی|خدمات الکترونیک|\
نکات مهم برای متقاضیان|برنامه نوروزی|واحدهای سیار|گام‌های ثبت‌نام|وضعیت کارت هوشمند ملی|\
ثبت ولادت در بیمارستان‌ها|برنامه‌های سال آینده|پاسخ به پرسش‌های شهروندان|دفاتر پیشخوان دولت";
const CATEGORIES: &str = "اجتماعی|اخبار استانی|خدمات الکترونیک|آمار و گزارش‌ها|اطلاعیه‌ها|\
فرهنگی|گفت‌وگو|اسناد هویتی";
const SOURCES: &str = "ایرنا|ایسنا|خبرگزاری مهر|روابط عمومی ثبت احوال البرز|خبرگزاری فارس|\
باشگاه خبرنگاران جوان|صدا و سیما";
/// Topics that are also tags.
const TAG_TOPICS: &str = "کارت هوشمند ملی|ثبت احوال|ثبت ولادت|ثبت وفات|شناسنامه|المثنی|ازدواج|\
طلاق|نوروز|آمار جمعیت|دولت الکترونیک|دفاتر پیشخوان|واحد سیار|اسناد سجلی|نام‌گذاری|\
اتباع خارجی|عشایر|بیمارستان|احراز هویت|سامانه برخط|اصلاح سجلی|تعطیلات|کشیک|آموزش|\
جوانی جمعیت|سالمندی|کودکان|روستا|فناوری اطلاعات|پیامک";

/// Sentences of the bodies; `{X}` is a random pick of list X (see `Gen::slot`).
const SENTENCES: &str = "{S} گفت: {T} {O} {V}.|{S} از آغاز {O} {T} در شهرستان {C} خبر داد.|\
به گفته {S}، {T} {N} {U} در استان {P} ثبت شده است.|{O} {R} {V}.|\
{S} افزود: {H} می‌توانند برای {O} به دفاتر پیشخوان دولت مراجعه کنند.|\
وی با اشاره به {O} اظهار داشت: {T} بیش از {K} درصد {H} استان {P} این خدمت را دریافت کرده‌اند.|\
{T}، {N} {U} در ادارات ثبت احوال {P} ثبت شد که نسبت به سال گذشته {K} درصد {G} داشته است.|\
{S} یادآور شد: {O} {R} در دستور کار قرار دارد.|\
وی تأکید کرد: {O} {R} و بدون هزینه اضافی انجام می‌شود.|\
همچنین {O} در شهرستان {C} و روستاهای اطراف آن {V}.|\
{S} با بیان اینکه {O} {V}، گفت: {O} نیز در حال پیگیری است.|\
بر اساس این گزارش، {H} برای {O} باید {D} و دیگر مدارک هویتی را همراه داشته باشند.|\
{H} می‌توانند از راه سامانه برخط سازمان و نسخه {L} آن از وضعیت {O} آگاه شوند.|\
{T} حدود {N} نفر از {H} شهرستان {C} برای {O} نوبت گرفته‌اند.";
const TITLES: &str = "{O} برای {K} درصد {H} {P} انجام شد|ثبت {N} ولادت و {N} وفات {T} در {P}|{O} در {P} {V}|\
آغاز {O} در دفاتر پیشخوان {C}|اطلاعیه ثبت احوال {P} درباره {O} در نوروز {Y}|\
سامانه {L} برای {O} در {P} راه‌اندازی شد|{K} درصد {H} {C} کارت هوشمند ملی گرفتند|\
خدمات {L} ثبت احوال برای {O} در سال {Z}";

/// splitmix64: tiny, fast and good enough for made-up news.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `low..=high`.
    fn range(&mut self, low: u32, high: u32) -> u32 {
        low + (self.next() % u64::from(high - low + 1)) as u32
    }
    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u32) -> bool {
        self.range(1, 100) <= percent
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.next() as usize % list.len()]
    }
}

fn list(text: &'static str) -> Vec<&'static str> {
    text.split('|').collect()
}

/// The word lists and the generator's state.
struct Gen {
    rng: Rng,
    lists: Vec<(char, Vec<&'static str>)>,
    focus: Vec<(char, Vec<&'static str>)>,
    tags: Vec<String>,
}

impl Gen {
    fn new(seed: u64) -> Self {
        let all = [SUBJECTS, TOPICS, VERBS, TIMES, REASONS, PEOPLE];
        let all = all
            .into_iter()
            .chain([PROVINCES, CITIES, UNITS, DOCUMENTS, LATIN]);
        let lists = "SOVTRHPCUDL".chars().zip(all.map(list)).collect();
        // About 200 tags: topics, cities and provinces, their offices, Nowruz of each year.
        let mut tags: Vec<String> = list(TAG_TOPICS).iter().map(|s| s.to_string()).collect();
        for place in list(CITIES).into_iter().chain(list(PROVINCES)) {
            tags.push(place.to_string());
            tags.push(format!("ثبت احوال {place}"));
        }
        tags.extend(list(TOPICS).iter().map(|s| s.to_string()));
        tags.extend((1394..=1403).map(|y| format!("نوروز {}", to_persian(&y.to_string()))));
        tags.extend(list(LATIN).iter().map(|s| format!("سامانه {s}")));
        tags.sort();
        tags.dedup();
        Gen {
            rng: Rng(seed),
            lists,
            focus: Vec::new(),
            tags,
        }
    }

    /// Each item is about a few topics, quotes a few officials and names a few places.
    fn new_item(&mut self) {
        self.focus.clear();
        for (key, count) in [('O', 3), ('S', 2), ('P', 2), ('C', 3)] {
            let (_, all) = self.lists.iter().find(|(k, _)| *k == key).expect("a list");
            let mut chosen = Vec::new();
            while chosen.len() < count {
                let value = self.rng.pick(all);
                if !chosen.contains(&value) {
                    chosen.push(value);
                }
            }
            self.focus.push((key, chosen));
        }
    }

    /// A random value of the slot `key` (from the item's focus first), itself filled.
    fn slot(&mut self, key: char) -> String {
        match key {
            'N' => persian_number(self.rng.range(12, 9_800)),
            'K' => persian_number(self.rng.range(11, 99)),
            'Y' => persian_number(self.rng.range(1394, 1403)),
            'Z' => self.rng.range(1394, 1403).to_string(),
            'G' => ["افزایش", "کاهش"][self.rng.range(0, 1) as usize].to_string(),
            _ => {
                let mut all = self.focus.iter().chain(&self.lists);
                let (_, values) = all.find(|(k, _)| *k == key).expect("a known slot");
                let value = self.rng.pick(values);
                self.fill(value)
            }
        }
    }

    /// `template` with each `{X}` replaced by a pick of slot X.
    fn fill(&mut self, template: &str) -> String {
        let mut out = String::new();
        let mut chars = template.chars();
        while let Some(c) = chars.next() {
            if c == '{' {
                let key = chars.next().expect("a slot key");
                chars.next(); // '}'
                out += &self.slot(key);
            } else {
                out.push(c);
            }
        }
        out
    }

    /// One of `templates`, filled.
    fn pick_fill(&mut self, templates: &[&str]) -> String {
        let template = self.rng.pick(templates);
        self.fill(template)
    }

    fn paragraph(&mut self) -> String {
        let count = self.rng.range(2, 5);
        let sentences: Vec<_> = (0..count)
            .map(|_| self.pick_fill(&list(SENTENCES)))
            .collect();
        sentences.join(" ")
    }

    fn title(&mut self) -> String {
        loop {
            let title = self.pick_fill(&list(TITLES));
            if (6..=14).contains(&title.split_whitespace().count()) {
                return title;
            }
        }
    }

    /// A body of about 300–900 words: paragraphs under `##` headings, a bullet list, and
    /// sometimes a list numbered in Persian digits, a small table and links to the site's pages.
    fn body(&mut self, links: &[String]) -> String {
        let target = self.rng.range(300, 700) as usize;
        let mut blocks = vec![self.paragraph(), self.paragraph()];
        let mut section = 0;
        while words(&blocks) < target {
            let heading = self.rng.pick(&list(HEADINGS));
            blocks.push(format!("## {heading}"));
            blocks.push(self.paragraph());
            if section == 0 {
                let items: Vec<String> = (0..self.rng.range(3, 5))
                    .map(|_| format!("- {}", self.pick_fill(&["{D}", "{O} {R}", "{H} شهر {C}"])))
                    .collect();
                blocks.push(items.join("\n"));
            } else if section == 1 && self.rng.chance(50) {
                let steps = list(STEPS);
                let first = self.rng.range(0, 3) as usize;
                let count = self.rng.range(3, 5) as usize;
                let items: Vec<String> = (0..count)
                    .map(|i| format!("{}. {}", persian_number(i as u32 + 1), steps[first + i]))
                    .collect();
                blocks.push(items.join("\n"));
            } else if self.rng.chance(30) {
                blocks.push(self.table());
            }
            if words(&blocks) < target {
                blocks.push(self.paragraph());
            }
            section += 1;
        }
        if let Some(link) = links.get(self.rng.range(0, 2 * links.len() as u32) as usize) {
            blocks.push(format!("برای آگاهی بیشتر {link} را ببینید."));
        }
        blocks.join("\n\n") + "\n"
    }

    fn table(&mut self) -> String {
        let mut table = String::from("| شهرستان | ولادت | وفات | ازدواج |\n|---|---|---|---|\n");
        let cities = list(CITIES);
        let first = self.rng.range(0, cities.len() as u32 - 4) as usize;
        for city in &cities[first..first + self.rng.range(2, 4) as usize] {
            let births = persian_number(self.rng.range(100, 4000));
            let deaths = persian_number(self.rng.range(40, 1500));
            let marriages = persian_number(self.rng.range(80, 2500));
            writeln!(table, "| {city} | {births} | {deaths} | {marriages} |").expect("a String");
        }
        table.trim_end().to_string()
    }

    fn tags(&mut self) -> Vec<String> {
        let mut tags: Vec<String> = (0..self.rng.range(1, 4))
            .map(|_| self.tags[self.rng.next() as usize % self.tags.len()].clone())
            .collect();
        tags.sort_unstable();
        tags.dedup();
        tags
    }
}

fn words(blocks: &[String]) -> usize {
    let is_word = |w: &&str| w.chars().any(char::is_alphanumeric);
    blocks
        .iter()
        .map(|b| b.split_whitespace().filter(is_word).count())
        .sum()
}

fn persian_number(n: u32) -> String {
    to_persian(&n.to_string()).into_owned()
}

/// The last day the generator uses in a Jalali month (Esfand 29, so that no leap year matters).
fn last_day(month: u32) -> u32 {
    match month {
        1..=6 => 31,
        7..=11 => 30,
        _ => 29,
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    let mut entries: Vec<_> = fs::read_dir(from)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

const ABOUT: &str = "---
title: \"درباره ما\"
slug: about
---

این پایگاه نمونه‌ای ساختگی از درگاه خبری یک اداره کل ثبت احوال است. همه خبرها، نام‌ها و آمارهای آن را برنامه `gen_corpus` ساخته است و هیچ‌کدام واقعی نیست.

## چرا این پایگاه ساخته شد

- سنجش زمان ساخت پایگاه‌های بزرگ
- سنجش حجم نمایه جست‌وجو و آنچه خواننده برای نخستین جست‌وجو دریافت می‌کند
";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [count, dir] = args.as_slice() else {
        return Err("usage: cargo run --release --example gen_corpus -- N DIR".into());
    };
    let count: u32 = count.parse().map_err(|_| "N must be a whole number")?;
    generate(count, Path::new(dir))?;
    println!("gen_corpus: wrote {count} news items into {dir}");
    Ok(())
}

/// The news items' files of a site, sorted; benchmarks and tests pick the items to edit here.
pub fn news_files(root: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(root.join("content/news"))
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    files.sort();
    files
}

/// Writes the site of `count` items into `dir`; tests call this too.
pub fn generate(count: u32, dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let marker = dir.join(".gen_corpus");
    if dir.exists() && fs::read_dir(dir)?.next().is_some() && !marker.exists() {
        return Err("DIR is not empty and was not written by gen_corpus".into());
    }
    for sub in ["content", "themes", "hugo", "hugo-plain"] {
        if dir.join(sub).exists() {
            fs::remove_dir_all(dir.join(sub))?;
        }
    }
    fs::create_dir_all(dir.join("content/pages"))?;
    fs::write(&marker, "written by examples/gen_corpus.rs\n")?;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::write(dir.join("site.toml"), site_settings(repo)?)?;
    copy_dir(&repo.join("themes/sabt"), &dir.join("themes/sabt"))?;
    fs::write(dir.join("content/pages/about.md"), ABOUT)?;
    let config = Config::load(dir).map_err(|e| e.to_string())?;
    let hugo = dir.join("hugo");
    start_hugo_site(&hugo, &config, repo)?;
    write_hugo_files(
        &dir.join("hugo-plain"),
        HUGO_PLAIN_CONFIG,
        &[HUGO_PLAIN_FILES, HUGO_SHARED_FILES],
        &config,
    )?;

    let mut g = Gen::new(0x00A4_B4A2 ^ u64::from(count));
    // Dates first, sorted, so that news numbers rise with time.
    let mut dates: Vec<(u32, u32, u32, u32, u32)> = (0..count)
        .map(|_| {
            let (year, month) = (g.rng.range(1394, 1403), g.rng.range(1, 12));
            let day = g.rng.range(1, last_day(month));
            (year, month, day, g.rng.range(8, 18), 5 * g.rng.range(0, 11))
        })
        .collect();
    dates.sort_unstable();
    let categories = list(CATEGORIES);
    let sources = list(SOURCES);
    for (n, &(year, month, day, hour, minute)) in dates.iter().enumerate() {
        let id = 300_000 + n as u32;
        g.new_item();
        let date = if g.rng.chance(35) {
            let jalali = JalaliDate::new(year as i32, month, day)?;
            format!("{}T{hour:02}:{minute:02}:00+03:30", jalali.to_gregorian())
        } else {
            format!("{year}/{month:02}/{day:02} {hour:02}:{minute:02}")
        };
        let title = g.title();
        let category = g.rng.pick(&categories);
        let tags = g.tags();
        let source = if g.rng.chance(60) {
            Some(g.rng.pick(&sources))
        } else {
            None
        };
        let mut item = format!("---\nid: {id}\ntitle: \"{title}\"\ndate: {date}\n");
        writeln!(item, "category: {category}")?;
        writeln!(item, "tags: [{}]", tags.join(", "))?;
        if let Some(source) = source {
            writeln!(item, "source: {source}")?;
        }
        item += "---\n\n";
        let mut links = vec![
            format!(
                "[خبرهای {} {}](/archive/{year}/{month:02}/)",
                JALALI_MONTHS[month as usize - 1],
                persian_number(year)
            ),
            "[درگاه سازمان ثبت احوال](https://www.sabteahval.ir/)".to_string(),
        ];
        if n > 0 {
            let earlier = 300_000 + g.rng.range(0, n as u32 - 1);
            links.push(format!(
                "[خبر شماره {}](/news/{earlier}/)",
                persian_number(earlier)
            ));
        }
        let body = g.body(&links);
        item += &body;
        let folder = dir.join(format!("content/news/{year}/{month:02}"));
        fs::create_dir_all(&folder)?;
        fs::write(folder.join(format!("{id}.md")), item)?;

        let news = HugoNews {
            id,
            title: &title,
            date: &date,
            category,
            tags: &tags,
            source,
            body: &body,
        };
        fs::write(
            hugo.join(format!("content/news/{id}.md")),
            news.markdown(&config)?,
        )?;
    }
    Ok(())
}

/// `(path, text)` of files of examples/hugo_site/ (or of the folder given first), included in
/// the program.
macro_rules! hugo_files {
    ($($path:literal),* $(,)?) => {
        hugo_files!(in "hugo_site/"; $($path),*)
    };
    (in $folder:literal; $($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!($folder, $path)))),*]
    };
}

/// The Hugo twin's settings, and the templates and list pages it has whatever N is.
const HUGO_CONFIG: &str = include_str!("hugo_site/hugo.toml");
const HUGO_FILES: &[(&str, &str)] = hugo_files![
    "content/news/_index.md",
    "content/categories/_index.md",
    "content/tags/_index.md",
    "content/sources/_index.md",
    "content/archive/_index.md",
    "layouts/baseof.html",
    "layouts/home.html",
    "layouts/home.searchindex.json",
    "layouts/single.html",
    "layouts/static.html",
    "layouts/search.html",
    "layouts/list.html",
    "layouts/taxonomy.html",
    "layouts/term.html",
    "layouts/archive/taxonomy.html",
    "layouts/archive/term.html",
    "layouts/404.html",
    "layouts/_partials/archive-here.html",
    "layouts/_partials/archive-widget.html",
    "layouts/_partials/archive-years.html",
    "layouts/_partials/card.html",
    "layouts/_partials/comments.html",
    "layouts/_partials/date.html",
    "layouts/_partials/here.html",
    "layouts/_partials/jalali.html",
    "layouts/_partials/news-grid.html",
    "layouts/_partials/pagination.html",
];
/// The plain Hugo twin's settings and templates (examples/hugo_site_plain/), with the templates
/// it shares with examples/hugo_site/: pages that show no date.
const HUGO_PLAIN_CONFIG: &str = include_str!("hugo_site_plain/hugo.toml");
const HUGO_PLAIN_FILES: &[(&str, &str)] = hugo_files!(in "hugo_site_plain/";
        "layouts/baseof.html",
        "layouts/home.html",
        "layouts/home.searchindex.json",
        "layouts/single.html",
        "layouts/list.html",
        "layouts/taxonomy.html",
        "layouts/term.html",
        "layouts/archive/taxonomy.html",
        "layouts/archive/term.html",
        "layouts/_partials/card.html",
        "layouts/_partials/news-grid.html",
);
const HUGO_SHARED_FILES: &[(&str, &str)] = hugo_files![
    "layouts/static.html",
    "layouts/search.html",
    "layouts/404.html",
    "layouts/_partials/comments.html",
];
/// The search page, written when the akhbar site has search.
const HUGO_SEARCH: &str = include_str!("hugo_site/content/search.md");

/// A string quoted for YAML front matter or TOML: JSON's escapes are valid in both.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string")
}

/// Items per list page on the generated portal, for akhbar and Hugo alike.
const ITEMS_PER_PAGE: u32 = 20;

/// This repository's `site.toml` with [`ITEMS_PER_PAGE`] items per list page.
fn site_settings(repo: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let settings = fs::read_to_string(repo.join("site.toml"))?;
    let mut found = false;
    let lines: Vec<String> = settings
        .lines()
        .map(|line| match line.split_once('=') {
            Some((key, _)) if key.trim() == "items_per_page" => {
                found = true;
                format!("items_per_page = {ITEMS_PER_PAGE}")
            }
            _ => line.to_string(),
        })
        .collect();
    if !found {
        return Err("site.toml: no items_per_page to set".into());
    }
    Ok(lines.join("\n") + "\n")
}

/// Writes into `hugo` the settings `template` (with the values the akhbar site's `site.toml`
/// gives in place of those marked "from site.toml") and the files of `files`.
fn write_hugo_files(
    hugo: &Path,
    template: &str,
    files: &[&[(&str, &str)]],
    config: &Config,
) -> Result<(), Box<dyn std::error::Error>> {
    let site = &config.site;
    let base_url = format!("{}/", site.base_url.trim_end_matches('/'));
    let endpoint = site.comments.endpoint.clone().unwrap_or_default();
    let values = [
        ("baseURL", quoted(&base_url)),
        ("title", quoted(&site.title)),
        ("timeZone", quoted(&site.timezone)),
        ("description", quoted(&site.description)),
        ("commentsEndpoint", quoted(&endpoint)),
        ("search", site.search.enabled.to_string()),
        ("pagerSize", site.items_per_page.to_string()),
    ];
    let mut settings = String::new();
    let mut set = 0;
    for line in template.lines() {
        match line.split_once(" = ") {
            Some((key, value)) if value.contains("# from site.toml") => {
                let (_, new) = values
                    .iter()
                    .find(|(k, _)| *k == key)
                    .ok_or_else(|| format!("hugo.toml: no value from site.toml for `{key}`"))?;
                let comment = &value[value.find("# from site.toml").expect("found")..];
                writeln!(settings, "{key} = {new} {comment}")?;
                set += 1;
            }
            _ => writeln!(settings, "{line}")?,
        }
    }
    if set != values.len() {
        return Err("hugo.toml: a value from site.toml is missing".into());
    }
    fs::create_dir_all(hugo)?;
    fs::write(hugo.join("hugo.toml"), settings)?;
    for (path, text) in files.iter().copied().flatten() {
        let path = hugo.join(path);
        fs::create_dir_all(path.parent().expect("a folder"))?;
        fs::write(path, text)?;
    }
    Ok(())
}

/// Starts the Hugo twin of the site in `hugo`: its settings (with the values the akhbar site's
/// `site.toml` gives), templates, section and taxonomy pages, the about page and the theme's
/// static files. The news items are added one by one by [`generate`].
fn start_hugo_site(
    hugo: &Path,
    config: &Config,
    repo: &Path,
) -> Result<(), Box<dyn std::error::Error>> {
    write_hugo_files(hugo, HUGO_CONFIG, &[HUGO_FILES], config)?;
    fs::create_dir_all(hugo.join("content/news"))?;
    if config.site.search.enabled {
        fs::write(hugo.join("content/search.md"), HUGO_SEARCH)?;
    }
    // The summary is the first paragraph, as in akhbar.
    let about = ABOUT
        .replacen(
            "slug: about\n",
            "slug: about\nlayout: static\nmenus: main\n",
            1,
        )
        .replacen("\n\n## ", "\n\n<!--more-->\n\n## ", 1);
    fs::write(hugo.join("content/about.md"), about)?;
    copy_dir(&repo.join("themes/sabt/static"), &hugo.join("static"))?;
    Ok(())
}

/// One news item as written for akhbar, to be written again for Hugo.
struct HugoNews<'a> {
    id: u32,
    title: &'a str,
    /// The date as the akhbar item has it, Jalali or Gregorian.
    date: &'a str,
    category: &'a str,
    tags: &'a [String],
    source: Option<&'a str>,
    body: &'a str,
}

impl HugoNews<'_> {
    /// The item for Hugo's `content/news/<id>.md`: the date as the instant akhbar reads (a
    /// Gregorian date-time with Tehran's offset of that day), the category, tags and source as
    /// taxonomies, the Jalali year and month as terms of `archive` ("1399", "1399-07"), and the
    /// same body, with `<!--more-->` after the first paragraph (akhbar's summary) and its link
    /// to the month's archive pointing at the Hugo term's page.
    fn markdown(&self, config: &Config) -> Result<String, Box<dyn std::error::Error>> {
        let moment = parse_date(self.date, &config.zone)?.moment;
        let (year, month) = (moment.date().year(), moment.date().month());
        let list = |values: &[&str]| {
            let values: Vec<String> = values.iter().map(|v| quoted(v)).collect();
            format!("[{}]", values.join(", "))
        };
        let tags: Vec<&str> = self.tags.iter().map(String::as_str).collect();
        let mut text = format!("---\nid: {}\ntitle: {}\n", self.id, quoted(self.title));
        writeln!(
            text,
            "date: {}",
            moment.zoned().strftime("%Y-%m-%dT%H:%M:%S%:z")
        )?;
        writeln!(text, "slug: \"{}\"", self.id)?;
        writeln!(text, "categories: {}", list(&[self.category]))?;
        writeln!(text, "tags: {}", list(&tags))?;
        if let Some(source) = self.source {
            writeln!(text, "sources: {}", list(&[source]))?;
        }
        writeln!(text, "archive: [\"{year}\", \"{year}-{month:02}\"]")?;
        text += "---\n\n";
        let (lead, rest) = self
            .body
            .split_once("\n\n")
            .ok_or("an item body without a second paragraph")?;
        let rest = rest.replace(
            &format!("](/archive/{year}/{month:02}/)"),
            &format!("](/archive/{year}-{month:02}/)"),
        );
        write!(text, "{lead}\n\n<!--more-->\n\n{rest}")?;
        Ok(text)
    }
}
