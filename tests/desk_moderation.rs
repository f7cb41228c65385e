//! The desk's moderation queue through HTTP: the pending comments shown to the moderator with
//! their news item, sender and spam signals; decisions on one comment or a selection written
//! by the rules of `comments apply`; a stale decision refused; the last decision undone.

mod support;

use std::fs;

use akhbar::comments::model::{Comment, CommentStore, Status};
use akhbar::config::Config;
use axum::http::StatusCode;
use support::desk_http::{call, get, hidden, post, seed_site};

const ITEM: &str = "---\nid: 242513\ntitle: کارت هوشمند ملی برای ۹۷ درصد البرزی‌ها صادر شده است\ndate: 1399/07/05\n---\n\nمتن خبر.\n";

/// A site with the seed item and three pending comments, received a minute apart: `a`, `b`
/// and `c` (the newest), `c` with three links.
fn site() -> (tempfile::TempDir, Config, CommentStore) {
    let dir = seed_site(ITEM);
    let config = Config::load(dir.path()).unwrap();
    let store = CommentStore::of_site(&config);
    for (minute, (id, name, body)) in [
        ("a", "مریم", "کارت من هنوز نرسیده است، پیگیری کنید."),
        ("b", "رضا", "سپاس از اطلاع‌رسانی به‌موقع شما"),
        (
            "c",
            "Shop",
            "http://x.example http://y.example http://z.example",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let received = format!("2026-12-06T10:0{minute}:00Z");
        store
            .add(&Comment {
                id: format!("20261206T10{minute:02}00Z-{id}"),
                news_id: 242513,
                name: name.into(),
                email: format!("{id}@example.org"),
                body: body.into(),
                received_at: received.parse().unwrap(),
                status: Status::Pending,
                moderated_at: None,
                moderated_by: None,
                reply: None,
                ip_hash: String::new(),
            })
            .unwrap();
    }
    (dir, config, store)
}

fn id(short: &str) -> String {
    let minute = ["a", "b", "c"].iter().position(|s| *s == short).unwrap();
    format!("20261206T10{minute:02}00Z-{short}")
}

fn statuses(store: &CommentStore) -> Vec<(String, Status)> {
    let all = store.load_all().unwrap();
    all.into_iter().map(|c| (c.id, c.status)).collect()
}

#[tokio::test]
async fn the_queue_shows_each_pending_comment_newest_first_with_what_a_moderator_needs() {
    let (_dir, config, _) = site();
    let app = akhbar::desk::router(&config.root);
    let (status, _, page) = call(&app, get("/_desk/comments")).await;
    assert_eq!(status, StatusCode::OK);
    let at = |text: &str| {
        page.find(text)
            .unwrap_or_else(|| panic!("{text} in {page}"))
    };
    assert!(at(&id("c")) < at(&id("b")) && at(&id("b")) < at(&id("a")));
    assert!(page.contains("۳ دیدگاه در انتظار"), "{page}");
    assert!(page.contains("a@example.org"), "the email, for moderators");
    assert!(
        page.contains("کارت هوشمند ملی برای ۹۷ درصد"),
        "the news title"
    );
    assert!(page.contains("href=\"/news/242513/\""), "{page}");
    assert!(page.contains("۱۳:۳۰"), "the Jalali time in Tehran: {page}");
    assert!(page.contains("۳ پیوند"), "the spam signal: {page}");
}

#[tokio::test]
async fn one_decision_with_a_reply_a_selection_and_an_undo() {
    let (_dir, config, store) = site();
    let app = akhbar::desk::router(&config.root);
    let (_, _, page) = call(&app, get("/_desk/comments")).await;
    let token = hidden(&page, "token");
    let version = |page: &str, short: &str| hidden(page, &format!("version-{}", id(short)));

    let approve_a = format!("approve {}", id("a"));
    let (reply, version_a) = (format!("reply-{}", id("a")), version(&page, "a"));
    let fields = [
        ("token", token.as_str()),
        ("one", approve_a.as_str()),
        (&format!("version-{}", id("a")), version_a.as_str()),
        (&reply, "پیگیری شد؛ کارت شما فردا می‌رسد."),
    ];
    let (status, location, _) = call(&app, post("/_desk/comments", None, &fields)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let stored = store.load_all().unwrap();
    assert_eq!(stored[0].status, Status::Approved);
    assert_eq!(
        stored[0].reply.as_deref(),
        Some("پیگیری شد؛ کارت شما فردا می‌رسد.")
    );
    assert!(stored[0].moderated_by.is_some());
    assert!(location.starts_with("/_desk/comments#c-"), "{location}");

    // The two others, ticked, marked as spam together.
    let (_, _, page) = call(&app, get("/_desk/comments")).await;
    assert!(page.contains("۱ دیدگاه «تأیید» شد"), "{page}");
    let (id_b, id_c) = (id("b"), id("c"));
    let (version_b, version_c) = (version(&page, "b"), version(&page, "c"));
    let (field_b, field_c) = (format!("version-{id_b}"), format!("version-{id_c}"));
    let fields = [
        ("token", token.as_str()),
        ("many", "spam"),
        ("id", id_b.as_str()),
        ("id", id_c.as_str()),
        (&field_b, version_b.as_str()),
        (&field_c, version_c.as_str()),
    ];
    call(&app, post("/_desk/comments", None, &fields)).await;
    let after = statuses(&store);
    assert_eq!(after[1].1, Status::Spam);
    assert_eq!(after[2].1, Status::Spam);

    // The undo puts both back as they were, and only them.
    let (status, location, _) = call(
        &app,
        post("/_desk/comments/undo", None, &[("token", &token)]),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("undone=2"), "{location}");
    let undone = statuses(&store);
    assert_eq!(undone[0].1, Status::Approved);
    assert_eq!(undone[1].1, Status::Pending);
    assert_eq!(undone[2].1, Status::Pending);
    let (_, _, page) = call(&app, get(&location)).await;
    assert!(page.contains("۲ دیدگاه به حال پیشین"), "{page}");
}

#[tokio::test]
async fn a_decision_on_a_comment_changed_meanwhile_or_from_elsewhere_writes_nothing() {
    let (_dir, config, store) = site();
    let app = akhbar::desk::router(&config.root);
    let (_, _, page) = call(&app, get("/_desk/comments")).await;
    let token = hidden(&page, "token");
    let version_b = hidden(&page, &format!("version-{}", id("b")));

    // Another moderator rejects `b` meanwhile.
    let mut all = store.load_all().unwrap();
    all[1].status = Status::Rejected;
    let (file, _) = store.stage(&all[1]).unwrap().keep().unwrap();
    fs::rename(file, store.path_of(&all[1])).unwrap();
    let before = store.load_all().unwrap();

    let approve_b = format!("approve {}", id("b"));
    let field = format!("version-{}", id("b"));
    let fields = [
        ("token", token.as_str()),
        ("one", approve_b.as_str()),
        (field.as_str(), version_b.as_str()),
    ];
    let (status, _, page) = call(&app, post("/_desk/comments", None, &fields)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("چیزی نوشته نشد"), "{page}");
    assert_eq!(store.load_all().unwrap(), before);

    let mut forged = fields;
    forged[0].1 = "0000";
    let (status, _, _) = call(&app, post("/_desk/comments", None, &forged)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let other_site = post("/_desk/comments", Some("https://evil.example"), &fields);
    assert_eq!(call(&app, other_site).await.0, StatusCode::FORBIDDEN);
    assert_eq!(store.load_all().unwrap(), before);
}
