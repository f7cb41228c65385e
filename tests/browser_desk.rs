//! The newsroom desk in a real browser, on a copy of the demo: an item written with the date
//! picker, suggested tags and the toolbar, seen in the preview beside the form, published and
//! found on the built site; a hand-written item's title changed alone; three comments
//! moderated with the keyboard and one undone; every page at 375 and 1280 px with nothing
//! wider than the window, screenshots in `target/desk-shots/`, and axe-core finding nothing
//! to fix.
//!
//! Needs Debian's `chromium` and axe-core (`npm install --prefix target/axe axe-core`);
//! `.ci/run` installs both and runs these with `--ignored`.

#[path = "support/devtools.rs"]
mod devtools;
mod support;

use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use devtools::{DevTools, KillOnDrop};

/// A copy of the demo site (the seed and the sabt theme) in a temporary folder.
fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["content", "themes", "static"] {
        support::copy_dir(&repo.join(folder), &dir.path().join(folder));
    }
    fs::copy(repo.join("site.toml"), dir.path().join("site.toml")).unwrap();
    dir
}

/// `akhbar desk` on `root`, on a free port of this machine, once it answers.
fn desk(root: &Path) -> (KillOnDrop, String) {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args([
            "--lang",
            "en",
            "desk",
            "--port",
            &port.to_string(),
            "--root",
        ])
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let desk = KillOnDrop(child);
    let base = format!("http://127.0.0.1:{port}");
    let limit = Instant::now() + Duration::from_secs(60);
    while support::agent()
        .get(&format!("{base}/_desk/"))
        .call()
        .is_err()
    {
        assert!(Instant::now() < limit, "the desk did not start");
        std::thread::sleep(Duration::from_millis(200));
    }
    (desk, base)
}

/// Waits until a page not waited for before, at an address containing `part`, has loaded
/// (each page waited for is marked, so the page being left is never taken for the next).
fn loaded(page: &mut DevTools, part: &str) {
    let state = "(window.akhbarSeen ? 'seen' : document.readyState) + ' ' + location.href";
    page.wait_for(state, |state| {
        state.starts_with("complete ") && state.contains(part)
    });
    page.evaluate("window.akhbarSeen = true; 'marked'");
}

#[test]
#[ignore = "needs Debian's chromium, which .ci/run installs"]
fn an_editor_writes_an_item_with_the_picker_and_the_toolbar_previews_and_publishes_it() {
    let site = demo_copy();
    let (_desk, base) = desk(site.path());
    let mut page = DevTools::open(&format!("{base}/_desk/"));
    loaded(&mut page, "/_desk/");
    page.evaluate(
        "const form = document.querySelector('form.new-item'); \
         form.elements.title.value = 'ساعت کاری دفاتر پیشخوان در روز پنجشنبه'; \
         form.elements.category.value = 'اجتماعی'; form.requestSubmit(); 'sent'",
    );
    loaded(&mut page, "/_desk/item?path=");

    // The date from the picker: the first day of this month, at 09:30, in Persian digits.
    page.evaluate("document.querySelector('input[name=date] + .pick-date').click(); 'opened'");
    page.wait_for(
        "String(document.querySelectorAll('.picker [data-day]').length)",
        |n| n.parse::<u32>().is_ok_and(|n| n >= 29),
    );
    page.evaluate(
        "document.querySelector('[data-part=hour]').value = '۹'; \
         document.querySelector('[data-part=minute]').value = '30'; \
         document.querySelector('.picker [data-day=\"1\"]').click(); 'chosen'",
    );
    let date = page.evaluate("document.querySelector('input[name=date]').value");
    let shape = date.chars().map(|c| if c.is_numeric() { '۰' } else { c });
    assert_eq!(shape.collect::<String>(), "۰۰۰۰/۰۰/۰۰ ۰۰:۰۰", "{date}");
    assert!(date.ends_with("/۰۱ ۰۹:۳۰"), "{date}");

    // Tags: the site's own terms suggested as the editor types, in their usual spelling.
    let suggested = page.evaluate(
        "const tags = document.querySelector('input[name=tags]'); tags.focus(); tags.value = 'كارت'; \
         tags.dispatchEvent(new Event('input', {bubbles: true})); \
         [...document.getElementById('tags').options].map(o => o.value).join('|')",
    );
    assert!(suggested.contains("کارت هوشمند ملی"), "{suggested}");
    // A picture from the phone, as the item's own: uploaded beside it and named in the form.
    let photo = site.path().join("IMG_2031.jpg");
    let pixels = image::RgbImage::from_fn(120, 80, |x, y| image::Rgb([x as u8, y as u8, 150]));
    pixels.save(&photo).unwrap();
    let document = page.call("DOM.getDocument", serde_json::json!({}));
    let input = page.call(
        "DOM.querySelector",
        serde_json::json!({"nodeId": document["root"]["nodeId"],
            "selector": "form[data-upload] input[type=file]"}),
    );
    page.call(
        "DOM.setFileInputFiles",
        serde_json::json!({"nodeId": input["nodeId"], "files": [photo.to_str().unwrap()]}),
    );
    page.evaluate(
        "const upload = document.querySelector('form[data-upload]'); \
         upload.elements.alt.value = 'پیشخوان دولت در کرج'; upload.requestSubmit(); 'uploading'",
    );
    page.wait_for(
        "document.querySelector('.upload-status').textContent",
        |status| status.contains("بارگذاری شد"),
    );
    let image = page.evaluate("document.querySelector('form.item').elements.image.value");
    assert!(image.ends_with("-1.jpg"), "{image}");
    page.evaluate(
        "tags.value = 'کارت هوشمند ملی، پیشخوان'; \
         const body = document.querySelector('textarea[name=body]'); \
         body.value = 'دفاتر پیشخوان روز پنجشنبه تا ساعت ۱۳ باز است.'; \
         body.setSelectionRange(body.value.indexOf('روز'), body.value.indexOf(' تا')); \
         [...document.querySelectorAll('.md-toolbar button')].find(b => b.textContent === 'پررنگ').click(); 'typed'",
    );
    // The preview beside the form follows the typing, before anything is saved.
    page.wait_for(
        "(document.querySelector('.preview iframe').contentDocument || {body: null}).body?.innerHTML || ''",
        |shown| shown.contains("<strong>روز پنجشنبه</strong>") && shown.contains("پیشخوان دولت در کرج"),
    );
    page.evaluate(
        "document.querySelector('input[name=draft]').checked = false; \
         document.querySelector('form.item').requestSubmit(); 'saved'",
    );
    loaded(&mut page, "saved=1");
    let path = page.evaluate("document.querySelector('input[name=path]').value");
    let text = fs::read_to_string(site.path().join(&path)).unwrap();
    assert!(text.contains("**روز پنجشنبه**"), "{text}");
    assert!(text.contains("پیشخوان"), "{text}");

    // The preview beside the form shows the real page, as saved.
    page.wait_for(
        "(document.querySelector('.preview iframe').contentDocument || {body: null}).body?.innerText || ''",
        |shown| shown.contains("ساعت کاری دفاتر پیشخوان") && shown.contains("روز پنجشنبه"),
    );

    // Published: on the built site, with its tags.
    page.evaluate("location.href = '/_desk/'; 'going'");
    loaded(&mut page, "/_desk/");
    page.evaluate("document.querySelector('form.publish').requestSubmit(); 'publishing'");
    page.wait_for("document.body.innerText", |text| {
        text.contains("سایت ساخته شد")
    });
    let id = text
        .lines()
        .find_map(|line| line.strip_prefix("id: "))
        .unwrap()
        .trim()
        .to_string();
    let published =
        fs::read_to_string(site.path().join(format!("public/news/{id}/index.html"))).unwrap();
    assert!(published.contains("ساعت کاری دفاتر پیشخوان"), "{published}");
    assert!(published.contains("<strong>روز پنجشنبه</strong>"));
    let folder = Path::new(&path)
        .parent()
        .unwrap()
        .strip_prefix("content")
        .unwrap();
    let picture = site.path().join("public").join(folder).join(&image);
    assert!(picture.is_file(), "{} published", picture.display());
    assert!(published.contains(&image) && published.contains("پیشخوان دولت در کرج"));
}

#[test]
#[ignore = "needs Debian's chromium, which .ci/run installs"]
fn a_title_changed_in_the_desk_changes_only_its_line_of_a_hand_written_file() {
    let site = demo_copy();
    let item = site.path().join("content/news/1399/07/242513.md");
    let before = fs::read_to_string(&item).unwrap();
    let (_desk, base) = desk(site.path());
    let form = format!("{base}/_desk/item?path=content%2Fnews%2F1399%2F07%2F242513.md");
    let mut page = DevTools::open(&form);
    loaded(&mut page, "242513");
    page.evaluate(
        "const title = document.querySelector('input[name=title]'); \
         title.value = title.value + ' (به‌روز شد)'; \
         document.querySelector('form.item').requestSubmit(); 'saved'",
    );
    loaded(&mut page, "saved=1");
    let after = fs::read_to_string(&item).unwrap();
    let (a, b): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    assert_eq!(a.len(), b.len());
    let changed: Vec<(&&str, &&str)> = a.iter().zip(&b).filter(|(x, y)| x != y).collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].0.starts_with("title:") && changed[0].1.ends_with("(به‌روز شد)"));
    assert_eq!(before.ends_with('\n'), after.ends_with('\n'));
}

/// Three pending comments on the seed item, `1` the oldest and `3` the newest.
fn three_pending(root: &Path) -> Vec<(String, String)> {
    let folder = root.join("content/comments/242513");
    (1..=3)
        .map(|n| {
            let id = format!("20261206T08{n}000000Z-desk0{n}");
            let body = format!("دیدگاه آزمایشی شمارهٔ {n} دربارهٔ کارت هوشمند");
            let yaml = format!(
                "id: {id}\nnews_id: 242513\nname: خواننده {n}\nemail: reader{n}@example.org\nbody: {body}\nreceived_at: 2026-12-06T08:{n}0:00Z\nstatus: pending\n"
            );
            fs::write(folder.join(format!("{id}.yaml")), yaml).unwrap();
            (id, body)
        })
        .collect()
}

#[test]
#[ignore = "needs Debian's chromium, which .ci/run installs"]
fn a_moderator_decides_three_comments_with_the_keyboard_and_undoes_one() {
    let site = demo_copy();
    let comments = three_pending(site.path());
    let (_desk, base) = desk(site.path());
    let mut page = DevTools::open(&format!("{base}/_desk/comments"));
    loaded(&mut page, "/_desk/comments");
    let current = "document.activeElement.id";
    // The newest first: approve it (the key A, wherever the layout puts «ش»).
    page.wait_for(current, |id| id == format!("c-{}", comments[2].0));
    page.press("KeyA", "ش");
    page.wait_for(current, |id| id == format!("c-{}", comments[1].0));
    page.press("KeyR", "ق");
    page.wait_for(current, |id| id == format!("c-{}", comments[0].0));
    page.press("KeyA", "ش");
    // The page after a decision shows its message before its deferred script has bound the
    // keys: wait for both, on the same page, or the next key is lost.
    let decided_and_ready = "String(document.body.innerText.includes('«تأیید» شد') \
        && document.querySelector('article.is-current') !== null)";
    page.wait_for(decided_and_ready, |ready| ready == "true");
    page.press("KeyZ", "ظ");
    page.wait_for("document.body.innerText", |text| {
        text.contains("به حال پیشین خود برگشت")
    });
    let status = |id: &str| {
        let file = site
            .path()
            .join(format!("content/comments/242513/{id}.yaml"));
        let text = fs::read_to_string(file).unwrap();
        let line = text.lines().find(|l| l.starts_with("status: ")).unwrap();
        line["status: ".len()..].to_string()
    };
    assert_eq!(status(&comments[2].0), "approved");
    assert_eq!(status(&comments[1].0), "rejected");
    assert_eq!(status(&comments[0].0), "pending", "undone");

    let built = support::akhbar(&["--quiet", "build"], site.path());
    assert!(built.status.success(), "{built:?}");
    let news = fs::read_to_string(site.path().join("public/news/242513/index.html")).unwrap();
    assert!(news.contains(&comments[2].1), "the approved one is shown");
    assert!(!news.contains(&comments[1].1) && !news.contains(&comments[0].1));
}

/// The axe-core script `.ci/run` installs under `target/axe`.
fn axe_script() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target/axe/node_modules/axe-core/axe.min.js");
    fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; install it with `npm install --prefix target/axe axe-core`",
            path.display()
        )
    })
}

#[test]
#[ignore = "needs Debian's chromium and axe-core, which .ci/run installs"]
fn every_desk_page_fits_a_phone_and_a_desktop_and_axe_finds_nothing_to_fix() {
    let site = demo_copy();
    three_pending(site.path());
    let (_desk, base) = desk(site.path());
    let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/desk-shots");
    fs::create_dir_all(&shots).unwrap();
    let pages = [
        ("list", "/_desk/"),
        (
            "editor",
            "/_desk/item?path=content%2Fnews%2F1399%2F07%2F242513.md",
        ),
        ("queue", "/_desk/comments"),
    ];
    let mut page = DevTools::open(&format!("{base}/_desk/"));
    for width in [375, 1280] {
        let metrics = serde_json::json!({"width": width, "height": 900,
            "deviceScaleFactor": 1, "mobile": width < 600});
        page.call("Emulation.setDeviceMetricsOverride", metrics);
        for (name, address) in pages {
            page.evaluate(&format!("location.href = '{address}'; 'going'"));
            loaded(&mut page, address.split('?').next().unwrap());
            let wide = page.evaluate(
                "const root = document.documentElement; \
                 [...document.querySelectorAll('body *')].filter(e => e.closest('iframe') === null && \
                   (e.getBoundingClientRect().right > root.clientWidth + 1 || e.getBoundingClientRect().left < -1)) \
                 .map(e => e.tagName + '.' + e.className).slice(0, 5).join(',') + '|' + getComputedStyle(root).direction",
            );
            assert_eq!(wide, "|rtl", "{name} at {width} px");
            let shot = page.call(
                "Page.captureScreenshot",
                serde_json::json!({"format": "png"}),
            );
            let png = base64::engine::general_purpose::STANDARD
                .decode(shot["data"].as_str().unwrap())
                .unwrap();
            fs::write(shots.join(format!("{name}-{width}.png")), png).unwrap();
            {
                page.evaluate(&axe_script());
                page.evaluate("window.axeDone = ''; axe.run({ exclude: [['iframe']] }).then((r) => { window.axeDone = JSON.stringify(r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target).join(' '))); })");
                page.wait_for("window.axeDone || ''", |done| !done.is_empty());
                assert_eq!(
                    page.evaluate("window.axeDone"),
                    "[]",
                    "{name} at {width} px"
                );
            }
        }
    }
}
