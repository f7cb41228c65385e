//! The built demo in a real browser: right to left, nothing wider than a phone or a desktop, no
//! reader's comment outside its box, and a phone given a small copy of a picture.
//!
//! Needs Debian's `chromium`; `.ci/run` installs it and runs these with `--ignored`.

#[path = "support/devtools.rs"]
mod devtools;
#[path = "support/reader_texts.rs"]
mod reader_texts;
#[path = "support/served.rs"]
mod served;
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;

use akhbar::comments::intake::challenge::solve;
use devtools::DevTools;
use reader_texts::{BOXES, extreme_texts};
use served::{build_demo, chromium, probe_of, serve};

/// With `#comment` in the address, fills the comment form as a reader would and sends it, then
/// reports what the form's status line says.
const COMMENTER: &str = "<script>addEventListener('load', () => { \
    if (location.hash !== '#comment') return; \
    const form = document.querySelector('form.comment-form'); \
    const set = (name, value) => { const field = form.elements[name]; field.focus(); field.value = value; \
      field.dispatchEvent(new Event('input', {bubbles: true})); }; \
    set('name', 'سارا'); set('email', 'sara@example.org'); set('body', 'کارت من هم رسید؛ ممنون.'); \
    setTimeout(() => form.requestSubmit(), 500); \
    setTimeout(() => { const seen = document.createElement('pre'); seen.id = 'akhbar-commented'; \
      seen.textContent = form.querySelector('[role=status]').textContent; document.body.append(seen); }, 4000); });</script>";

#[test]
#[ignore = "needs Debian's chromium, which .ci/run installs"]
fn pages_read_right_to_left_and_fit_phones_and_desktops() {
    let site = build_demo();
    let port = serve(site.path().to_path_buf(), &injected());
    let shots = screenshots();
    std::fs::create_dir_all(&shots).unwrap();
    for (name, path) in [
        ("home", "/"),
        ("seed", "/news/242513/"),
        ("table", "/news/257900/"),
        ("archive-year", "/archive/1402/"),
        ("archive-month", "/archive/1402/11/"),
        ("tags", "/tag/"),
    ] {
        for width in [375, 1280] {
            let url = format!("http://127.0.0.1:{port}{path}");
            let dom = chromium(width, &["--dump-dom".into()], &url);
            assert_eq!(
                probe_of(&dom),
                "direction=rtl;scroll=false;wide=",
                "{path} at {width}px"
            );
            let shot = shots.join(format!("{name}-{width}.png"));
            chromium(width, &[format!("--screenshot={}", shot.display())], &url);
            assert!(shot.is_file(), "{}", shot.display());
        }
    }
}

/// Where the screenshots go: `screenshots/` in Cargo's target folder, `CARGO_TARGET_DIR` when
/// it is set.
fn screenshots() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("screenshots")
}

/// The scripts these tests add to every page: the commenter and the boxes' probe.
fn injected() -> String {
    format!("{COMMENTER}{BOXES}")
}

/// A copy of the demo whose form posts to an intake on loopback (no wait before sending, no
/// limit per hour), built and served on another loopback port.
struct LiveDemo {
    site: tempfile::TempDir,
    public: tempfile::TempDir,
    port: u16,
    intake_port: u16,
}

impl LiveDemo {
    fn start() -> Self {
        let site = tempfile::tempdir().unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for part in ["content", "themes", "static"] {
            support::copy_dir(&repo.join(part), &site.path().join(part));
        }
        let intake = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let intake_port = intake.local_addr().unwrap().port();
        let settings = std::fs::read_to_string(repo.join("site.toml"))
            .unwrap()
            .replace(
                "endpoint = \"/api/comments\"",
                &format!(
                    "endpoint = \"http://127.0.0.1:{intake_port}\"\nmin_fill_seconds = 0\n\
                     posts_per_hour = 1000"
                ),
            );
        assert!(
            settings.contains("min_fill_seconds = 0"),
            "the demo's endpoint line moved"
        );
        std::fs::write(site.path().join("site.toml"), settings).unwrap();
        let public = tempfile::tempdir().unwrap();
        let port = serve(public.path().to_path_buf(), &injected());
        let demo = LiveDemo {
            site,
            public,
            port,
            intake_port,
        };
        demo.build();
        start_intake(intake, demo.site.path(), demo.origin());
        demo
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn build(&self) {
        let status = Command::new(env!("CARGO_BIN_EXE_akhbar"))
            .args(["--quiet", "build", "--base-url", &self.origin(), "--root"])
            .arg(self.site.path())
            .arg("--output")
            .arg(self.public.path())
            .status()
            .unwrap();
        assert!(status.success());
    }
}

#[test]
#[ignore = "needs Debian's chromium, which .ci/run installs"]
fn a_reader_sends_a_comment_from_the_news_page() {
    let demo = LiveDemo::start();
    let (site, port) = (&demo.site, demo.port);
    let url = format!("http://127.0.0.1:{port}/news/242513/#comment");
    let dom = chromium(1280, &["--dump-dom".into()], &url);
    let said = dom
        .split("<pre id=\"akhbar-commented\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_else(|| panic!("the commenter reports:\n{dom}"));
    assert!(
        said.contains("دیدگاه شما دریافت شد"),
        "the form says: {said}"
    );
    let stored: Vec<String> = walkdir::WalkDir::new(site.path().join("content/comments/242513"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .filter(|text| text.contains("sara@example.org"))
        .collect();
    assert_eq!(stored.len(), 1, "one pending comment from the form");
    assert!(stored[0].contains("status: pending"));
}

/// Runs the comment intake for the site at `root` on `listener`, taking posts from `origin`.
fn start_intake(listener: std::net::TcpListener, root: &Path, origin: String) {
    let config = akhbar::config::Config::load(root).unwrap();
    let secret = b"browser-test-secret-0123456789abcdefghij".to_vec();
    let intake =
        std::sync::Arc::new(akhbar::comments::intake::Intake::new(config, secret).unwrap());
    listener.set_nonblocking(true).unwrap();
    thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            akhbar::comments::intake::serve_on(listener, intake, &[origin]).await
        })
    });
}

#[test]
#[ignore = "needs Debian's chromium, which .ci/run installs"]
fn a_served_page_shows_an_edit_without_a_reload_by_hand() {
    let site = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["content", "themes", "static"] {
        support::copy_dir(&repo.join(part), &site.path().join(part));
    }
    std::fs::copy(repo.join("site.toml"), site.path().join("site.toml")).unwrap();
    let options = akhbar::serve::ServeOptions {
        root: site.path().to_path_buf(),
        address: "127.0.0.1:0".parse().unwrap(),
        drafts: false,
        lang: akhbar::diagnostic::Lang::Fa,
        allowed_hosts: Vec::new(),
        desk: false,
    };
    let preview = akhbar::serve::start(options, |_| {}).unwrap();
    let mut browser = DevTools::open(&format!("http://{}/news/242513/", preview.address));
    let title = "document.querySelector('h1').textContent";
    browser.wait_for(title, |text| text.contains("کارت هوشمند ملی برای ۹۷ درصد"));

    // The editor saves a change while the page is open.
    let item = site.path().join("content/news/1399/07/242513.md");
    let text = std::fs::read_to_string(&item).unwrap();
    let edited = text.replacen("title: \"کارت", "title: \"ویرایش تازه: کارت", 1);
    std::fs::write(&item, edited).unwrap();
    browser.wait_for(title, |text| {
        text.starts_with("ویرایش تازه: کارت هوشمند ملی")
    });
    assert!(preview.state().version >= 2);

    // A mistake shows over the page, and its fix brings the page back.
    let broken = text.replacen("date: 1399/07/05", "date: 1399/07/32", 1);
    std::fs::write(&item, broken).unwrap();
    let overlay = "(document.getElementById('akhbar-error-overlay') || {}).textContent || ''";
    // In the site's language: «… در ‹content/news/1399/07/242513.md›، سطر ۴: …».
    browser.wait_for(overlay, |text| {
        text.contains("content/news/1399/07/242513.md") && text.contains("سطر ۴")
    });
    std::fs::write(&item, &text).unwrap();
    browser.wait_for(overlay, str::is_empty);
    browser.wait_for(title, |text| text.starts_with("کارت هوشمند ملی"));
}

#[test]
#[ignore = "needs Debian's chromium, which .ci/run installs"]
fn readers_text_stays_inside_its_box_on_phones_and_desktops() {
    let demo = LiveDemo::start();
    let intake = format!("http://127.0.0.1:{}", demo.intake_port);
    let texts = extreme_texts();
    let mut decisions = csv::Writer::from_writer(Vec::new());
    decisions.write_record(["id", "decision", "reply"]).unwrap();
    for (name, body) in &texts {
        let code: serde_json::Value = support::agent()
            .get(&format!("{intake}/challenge"))
            .call()
            .unwrap()
            .body_mut()
            .read_json()
            .unwrap();
        let challenge = code["challenge"].as_str().unwrap();
        let solution = solve(challenge, code["difficulty"].as_u64().unwrap() as u8);
        let fields = serde_json::json!({"news_id": "242513", "name": name, "email": "r@example.org",
            "body": body, "challenge": challenge, "solution": solution, "website": ""});
        let mut answer = support::agent()
            .post(&format!("{intake}/comments"))
            .send_json(&fields)
            .unwrap();
        let answer: serde_json::Value = answer.body_mut().read_json().unwrap();
        let id = answer["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{name}: {answer}"));
        decisions.write_record([id, "approve", body]).unwrap();
    }
    let file = demo.site.path().join("decisions.csv");
    std::fs::write(&file, decisions.into_inner().unwrap()).unwrap();
    let applied = support::akhbar(
        &["comments", "apply", file.to_str().unwrap()],
        demo.site.path(),
    );
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    demo.build();

    for width in [360, 1280] {
        let url = format!("{}/news/242513/#boxes", demo.origin());
        let dom = chromium(width, &["--dump-dom".into()], &url);
        let report = dom
            .split("<pre id=\"akhbar-boxes\">")
            .nth(1)
            .and_then(|rest| rest.split("</pre>").next())
            .unwrap_or_else(|| panic!("{width}px: no report in the page"));
        let (count, problems) = report.split_once('\n').unwrap_or((report, ""));
        let count: usize = count.trim_start_matches("comments=").parse().unwrap();
        assert!(count >= texts.len(), "{width}px: {count} comments shown");
        assert_eq!(problems, "", "{width}px");
    }
    let shots = screenshots();
    std::fs::create_dir_all(&shots).unwrap();
    let shot = shots.join("comments-360.png");
    let url = format!("{}/news/242513/#comments", demo.origin());
    chromium(360, &[format!("--screenshot={}", shot.display())], &url);
}

/// With `#pictures` in the address, reports which file the news page's picture was taken from,
/// the height of its box before the picture came (as the page was read) and after, and the
/// page's cumulative layout shift (the Layout Instability API's sum) from the frame after its
/// font was shown (the test server holds pictures back half a second: they come later) until
/// then. The font is shown with `font-display: swap`: on a busy machine it may come after the
/// first paint and move the text, which is no picture's doing (`fonts=` tells that shift).
const PICTURE_PROBE: &str = "<script>(() => { \
    if (location.hash !== '#pictures') return; \
    const shifts = []; let fontsAt = Infinity; \
    const frame = () => new Promise((done) => requestAnimationFrame(done)); \
    document.fonts.load('1em Vazirmatn').then(frame).then(frame).then(() => { fontsAt = performance.now(); }); \
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) shifts.push(e); }) \
      .observe({type: 'layout-shift', buffered: true}); \
    const sum = (late) => shifts.filter((e) => (e.startTime > fontsAt) === late).reduce((t, e) => t + e.value, 0); \
    const picture = document.querySelector('.article-figure img'); \
    const before = picture ? picture.getBoundingClientRect().height : -1; \
    addEventListener('load', () => setTimeout(() => { \
      const seen = document.createElement('pre'); seen.id = 'akhbar-pictures'; \
      seen.textContent = 'src=' + picture.currentSrc.split('/').pop() + ';before=' + before.toFixed(1) \
        + ';after=' + picture.getBoundingClientRect().height.toFixed(1) + ';shift=' + sum(true).toFixed(4) \
        + ';fonts=' + sum(false).toFixed(4) + ';font_shown=' + (fontsAt < Infinity); \
      document.body.append(seen); }, 1000)); })();</script>";

#[test]
#[ignore = "needs Debian's chromium, which .ci/run installs"]
fn a_phone_downloads_a_small_copy_of_the_picture_and_keeps_its_room() {
    let site = build_demo();
    let port = serve(site.path().to_path_buf(), PICTURE_PROBE);
    let url = format!("http://127.0.0.1:{port}/news/259050/#pictures");
    let dom = chromium(375, &["--dump-dom".into()], &url);
    let seen = dom
        .split("<pre id=\"akhbar-pictures\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_else(|| panic!("{dom}"));
    let field = |name: &str| {
        let from = seen.split(&format!("{name}=")).nth(1).unwrap_or("");
        from.split(';').next().unwrap_or("").to_string()
    };
    // A WebP copy at most 800 pixels wide for a phone 375 pixels wide, not the 2,400-pixel
    // original.
    let source = field("src");
    let width: u32 = source
        .rsplit('.')
        .nth(1)
        .and_then(|w| w.parse().ok())
        .unwrap_or(0);
    assert!(
        source.ends_with(".webp") && (480..=800).contains(&width),
        "{seen}"
    );
    // The picture's box had its height before the picture came: nothing below it moved.
    let height = |name: &str| field(name).parse::<f64>().unwrap_or(-1.0);
    let (before, after) = (height("before"), height("after"));
    assert!(before > 100.0 && (before - after).abs() < 1.0, "{seen}");
    // Nothing on the page moved while its pictures came (once its font was shown: before,
    // every shift is counted as the font's).
    assert_eq!(field("font_shown"), "true", "{seen}");
    assert_eq!(field("shift"), "0.0000", "{seen}");
}

/// Reports, in `<pre id="akhbar-header">`, how tall the page's header is (CSS pixels) once
/// the fonts are in, and whether the header's search field is shown.
const HEADER_PROBE: &str = "<script>addEventListener('load', async () => { \
    await document.fonts.ready; const seen = document.createElement('pre'); seen.id = 'akhbar-header'; \
    const field = document.querySelector('.site-search-input'); \
    seen.textContent = 'height=' + Math.round(document.querySelector('.site-header').getBoundingClientRect().height) \
      + ';field=' + (getComputedStyle(field).display !== 'none'); \
    document.body.append(seen); });</script>";

/// On a 375 × 667 phone the header takes at most 15 % of the first screen (100 px), its
/// search folded into its button; on a desktop the search field is in the header.
#[test]
#[ignore = "needs Debian's chromium, which .ci/run installs"]
fn the_header_leaves_a_phones_first_screen_to_the_news() {
    let site = build_demo();
    let port = serve(site.path().to_path_buf(), HEADER_PROBE);
    let seen = |width: u32| {
        let dom = chromium(
            width,
            &["--dump-dom".into()],
            &format!("http://127.0.0.1:{port}/"),
        );
        dom.split("<pre id=\"akhbar-header\">")
            .nth(1)
            .and_then(|rest| rest.split("</pre>").next())
            .unwrap_or_else(|| panic!("{dom}"))
            .to_string()
    };
    let phone = seen(375);
    let height: u32 = phone
        .strip_prefix("height=")
        .and_then(|rest| rest.split(';').next())
        .and_then(|h| h.parse().ok())
        .unwrap_or_else(|| panic!("{phone}"));
    assert!(
        height <= 100,
        "the header is {height} px tall on a phone: {phone}"
    );
    assert!(phone.ends_with(";field=false"), "{phone}");
    assert!(seen(1280).ends_with(";field=true"));
}
