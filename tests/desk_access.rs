//! Who may use the desk: without accounts, this machine alone and no login; once an account
//! exists, a login for every page of the desk and of the preview beside it, a token in every
//! form, roles, limited attempts, and sessions that end with their account.

mod support;

use std::fs;
use std::path::Path;

use akhbar::desk::accounts::{ACCOUNTS_FILE, Accounts, Role};
use axum::http::{StatusCode, header};
use support::desk_http::{answer, call, get, hidden, post, seed_site, set_cookie, with_cookie};

const PASSWORD: &str = "کارت هوشمند ۱۳۹۹";

/// A site with one item and the accounts `maryam` (editor), `reza` (moderator).
fn site() -> tempfile::TempDir {
    let dir = seed_site("---\nid: 242513\ntitle: کارت هوشمند\ndate: 1399/07/05\n---\n\nمتن.\n");
    let root = dir.path();
    let mut accounts = Accounts::default();
    accounts.add("maryam", Role::Editor, PASSWORD).unwrap();
    accounts.add("reza", Role::Moderator, PASSWORD).unwrap();
    accounts.save(&root.join(ACCOUNTS_FILE)).unwrap();
    dir
}

/// Logs in as `name` with `password`: the session cookie (`akhbar_desk=…`), or the status of
/// the refusal and its page.
async fn log_in(
    app: &axum::Router,
    name: &str,
    password: &str,
) -> Result<String, (StatusCode, String)> {
    let (_, headers, form) = answer(app, get("/_desk/login")).await;
    let login_cookie = set_cookie(&headers, "akhbar_desk_login").unwrap();
    let token = hidden(&form, "token");
    let fields = [
        ("token", token.as_str()),
        ("name", name),
        ("password", password),
        ("next", "/_desk/comments"),
    ];
    let request = with_cookie(post("/_desk/login", None, &fields), &login_cookie);
    let (status, headers, page) = answer(app, request).await;
    match status {
        StatusCode::SEE_OTHER => Ok(set_cookie(&headers, "akhbar_desk").unwrap()),
        _ => Err((status, page)),
    }
}

#[tokio::test]
async fn with_accounts_every_page_asks_for_a_login_and_a_session_opens_them() {
    let dir = site();
    let app = akhbar::desk::beside(
        dir.path(),
        axum::Router::new().fallback(|| async { "preview" }),
    );
    let (status, location, _) = call(&app, get("/_desk/")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/_desk/login?next=%2F%5Fdesk%2F");
    let (status, location, _) = call(&app, get("/news/242513/")).await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "the preview shows drafts: login too"
    );
    assert!(location.starts_with("/_desk/login"), "{location}");
    let (status, _, _) = call(&app, post("/_desk/publish", None, &[("token", "x")])).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let refused = log_in(&app, "maryam", "not her password")
        .await
        .unwrap_err();
    assert_eq!(refused.0, StatusCode::UNAUTHORIZED);
    assert!(refused.1.contains("گذرواژه درست نیست"), "{}", refused.1);
    let session = log_in(&app, "maryam", PASSWORD).await.unwrap();
    let (status, _, list) = call(&app, with_cookie(get("/_desk/"), &session)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("کارت هوشمند"), "{list}");
    let (_, _, preview) = call(&app, with_cookie(get("/news/242513/"), &session)).await;
    assert_eq!(preview, "preview");

    // A form's token is the session's own: a page of another session cannot be replayed.
    let token = hidden(&list, "token");
    let other = log_in(&app, "reza", PASSWORD).await.unwrap();
    let (_, _, logout) = call(&app, with_cookie(get("/_desk/logout"), &other)).await;
    assert!(logout.contains("reza"), "{logout}");
    assert_ne!(hidden(&logout, "token"), token);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_strict_and_secure_behind_https() {
    let dir = site();
    let app = akhbar::desk::router(dir.path());
    let (_, headers, form) = answer(&app, get("/_desk/login")).await;
    let login_cookie = set_cookie(&headers, "akhbar_desk_login").unwrap();
    let token = hidden(&form, "token");
    let fields = [
        ("token", token.as_str()),
        ("name", "maryam"),
        ("password", PASSWORD),
    ];
    let mut request = with_cookie(post("/_desk/login", None, &fields), &login_cookie);
    request
        .headers_mut()
        .insert("x-forwarded-proto", "https".parse().unwrap());
    let (status, headers, _) = answer(&app, request).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let cookie = headers
        .get_all(header::SET_COOKIE)
        .into_iter()
        .map(|v| v.to_str().unwrap())
        .find(|v| v.starts_with("akhbar_desk="))
        .unwrap();
    for part in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert_eq!(headers[header::LOCATION], "/_desk/", "no next: the desk");
}

#[tokio::test]
async fn forms_without_their_token_or_from_another_site_are_refused() {
    let dir = site();
    let app = akhbar::desk::router(dir.path());
    // A login form posted without the cookie set with it (a site elsewhere posting it).
    let fields = [("token", "x"), ("name", "maryam"), ("password", PASSWORD)];
    let (status, _, _) = call(&app, post("/_desk/login", None, &fields)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let session = log_in(&app, "maryam", PASSWORD).await.unwrap();
    let before = fs::read_to_string(dir.path().join("content/news/1399/07/242513.md")).unwrap();
    let new = [("token", "0000"), ("title", "خبر جعلی")];
    let request = with_cookie(post("/_desk/new", None, &new), &session);
    assert_eq!(call(&app, request).await.0, StatusCode::FORBIDDEN);
    let (_, _, list) = call(&app, with_cookie(get("/_desk/"), &session)).await;
    let token = hidden(&list, "token");
    let new = [("token", token.as_str()), ("title", "خبر جعلی")];
    let forged = post("/_desk/new", Some("https://evil.example"), &new);
    assert_eq!(
        call(&app, with_cookie(forged, &session)).await.0,
        StatusCode::FORBIDDEN
    );
    let news = walk(&dir.path().join("content/news"));
    assert_eq!(news.len(), 1, "{news:?}");
    let after = fs::read_to_string(dir.path().join("content/news/1399/07/242513.md")).unwrap();
    assert_eq!(before, after);
}

fn walk(folder: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.is_file())
        .collect()
}

#[tokio::test]
async fn each_role_reaches_only_its_own_work() {
    let dir = site();
    let app = akhbar::desk::router(dir.path());
    let editor = log_in(&app, "maryam", PASSWORD).await.unwrap();
    let moderator = log_in(&app, "reza", PASSWORD).await.unwrap();
    let status = |page: &str, cookie: &str| call(&app, with_cookie(get(page), cookie));
    assert_eq!(status("/_desk/", &editor).await.0, StatusCode::OK);
    assert_eq!(
        status("/_desk/comments", &editor).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        status("/_desk/comments", &moderator).await.0,
        StatusCode::OK
    );
    let (code, _, page) = status("/_desk/", &moderator).await;
    assert_eq!(code, StatusCode::FORBIDDEN);
    assert!(page.contains("نقش"), "says why: {page}");
}

#[tokio::test]
async fn login_attempts_are_limited_per_name() {
    let dir = site();
    let app = akhbar::desk::router(dir.path());
    for _ in 0..5 {
        let refused = log_in(&app, "maryam", "guess guess guess")
            .await
            .unwrap_err();
        assert_eq!(refused.0, StatusCode::UNAUTHORIZED);
    }
    let refused = log_in(&app, "maryam", PASSWORD).await.unwrap_err();
    assert_eq!(
        refused.0,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password, for now"
    );
    assert!(
        log_in(&app, "reza", PASSWORD).await.is_ok(),
        "another name is not locked out"
    );
}

#[tokio::test]
async fn logging_out_ends_the_session_and_clears_its_cookie() {
    let dir = site();
    let app = akhbar::desk::router(dir.path());
    let session = log_in(&app, "reza", PASSWORD).await.unwrap();
    let (_, _, page) = call(&app, with_cookie(get("/_desk/logout"), &session)).await;
    let token = hidden(&page, "token");
    let forged = with_cookie(post("/_desk/logout", None, &[("token", "0000")]), &session);
    assert_eq!(call(&app, forged).await.0, StatusCode::FORBIDDEN);
    let request = with_cookie(post("/_desk/logout", None, &[("token", &token)]), &session);
    let (status, headers, _) = answer(&app, request).await;
    assert_eq!(status, StatusCode::OK);
    let cleared = headers[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cleared.starts_with("akhbar_desk=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    let after = with_cookie(get("/_desk/comments"), &session);
    assert_eq!(
        call(&app, after).await.0,
        StatusCode::SEE_OTHER,
        "the session is over"
    );
}

#[tokio::test]
async fn a_removed_account_or_a_new_password_ends_its_sessions() {
    let dir = site();
    let file = dir.path().join(ACCOUNTS_FILE);
    let app = akhbar::desk::router(dir.path());
    let maryam = log_in(&app, "maryam", PASSWORD).await.unwrap();
    let reza = log_in(&app, "reza", PASSWORD).await.unwrap();
    let mut accounts = Accounts::load(&file).unwrap();
    accounts
        .set_password("maryam", "another long password")
        .unwrap();
    accounts.remove("reza").unwrap();
    accounts.save(&file).unwrap();
    assert_eq!(
        call(&app, with_cookie(get("/_desk/"), &maryam)).await.0,
        StatusCode::SEE_OTHER
    );
    let queue = with_cookie(get("/_desk/comments"), &reza);
    assert_eq!(call(&app, queue).await.0, StatusCode::SEE_OTHER);
}

#[test]
fn the_desk_refuses_another_address_than_this_machines_without_accounts() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("site.toml"),
        "title = \"t\"\nbase_url = \"https://example.org\"\nlanguage = \"fa\"\n",
    )
    .unwrap();
    let out = support::akhbar(
        &["--lang", "en", "desk", "--bind", "0.0.0.0", "--port", "0"],
        dir.path(),
    );
    assert!(!out.status.success());
    let said =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("akhbar desk user add"), "{said}");
}

#[test]
fn accounts_are_made_listed_and_removed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let run = |args: &[&str], input: &str| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_akhbar"))
            .args(["--lang", "en"])
            .args(args)
            .arg("--root")
            .arg(root)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let made = run(
        &[
            "desk",
            "user",
            "add",
            "sara",
            "--role",
            "moderator",
            "--password-stdin",
        ],
        "a long password\n",
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let short = run(
        &["desk", "user", "add", "ali", "--password-stdin"],
        "short\n",
    );
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("too short"));
    let listed = run(&["desk", "user", "list"], "");
    assert_eq!(String::from_utf8_lossy(&listed.stdout), "sara\tmoderator\n");
    let accounts = Accounts::load(&root.join(ACCOUNTS_FILE)).unwrap();
    assert!(accounts.verify("sara", "a long password").is_some());
    assert!(
        run(&["desk", "user", "remove", "sara"], "")
            .status
            .success()
    );
    assert!(!Accounts::load(&root.join(ACCOUNTS_FILE)).unwrap().any());
}

/// `akhbar desk` bound to every address of this machine, with accounts: the real server, its
/// login and its refusals, over TCP.
#[test]
fn bound_off_loopback_the_desk_asks_for_a_login_and_refuses_forms_without_their_token() {
    use std::io::Read;
    let dir = site();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args([
            "--lang",
            "en",
            "desk",
            "--bind",
            "0.0.0.0",
            "--port",
            &port.to_string(),
        ])
        .arg("--root")
        .arg(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    struct Stop(std::process::Child);
    impl Drop for Stop {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let _desk = Stop(child);
    let base = format!("http://127.0.0.1:{port}");
    let agent = support::agent();
    let limit = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut first = loop {
        match agent.get(&format!("{base}/_desk/")).call() {
            Ok(answer) => break answer,
            Err(_) if std::time::Instant::now() < limit => {
                std::thread::sleep(std::time::Duration::from_millis(200))
            }
            Err(error) => panic!("the desk did not start: {error}"),
        }
    };
    assert_eq!(first.status(), 303);
    assert!(
        first.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/_desk/login")
    );
    let _ = first.body_mut().read_to_string();

    // A form posted without a session or its token: refused, nothing made.
    let forged = agent
        .post(&format!("{base}/_desk/new"))
        .send_form([("token", "0000"), ("title", "خبر جعلی")])
        .unwrap();
    assert_eq!(forged.status(), 403);
    let login = agent.get(&format!("{base}/_desk/login")).call().unwrap();
    let cookie = login.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_string();
    let mut form = String::new();
    login
        .into_body()
        .into_reader()
        .read_to_string(&mut form)
        .unwrap();
    let token = support::desk_http::hidden(&form, "token");
    let without_cookie = agent
        .post(&format!("{base}/_desk/login"))
        .send_form([
            ("token", token.as_str()),
            ("name", "maryam"),
            ("password", PASSWORD),
        ])
        .unwrap();
    assert_eq!(
        without_cookie.status(),
        403,
        "a login form posted from elsewhere"
    );
    let logged_in = agent
        .post(&format!("{base}/_desk/login"))
        .header("cookie", &cookie)
        .send_form([
            ("token", token.as_str()),
            ("name", "maryam"),
            ("password", PASSWORD),
        ])
        .unwrap();
    assert_eq!(logged_in.status(), 303);
    let session = logged_in
        .headers()
        .get_all("set-cookie")
        .iter()
        .find_map(|value| {
            let value = value.to_str().unwrap();
            value
                .starts_with("akhbar_desk=")
                .then(|| value.split(';').next().unwrap().to_string())
        });
    let session = session.expect("a session cookie");
    let list = agent
        .get(&format!("{base}/_desk/"))
        .header("cookie", &session)
        .call()
        .unwrap();
    assert_eq!(list.status(), 200);
    let csrf_less = agent
        .post(&format!("{base}/_desk/new"))
        .header("cookie", &session)
        .send_form([("title", "خبر بی‌نشانه")])
        .unwrap();
    assert!(
        matches!(csrf_less.status().as_u16(), 403 | 422),
        "{}",
        csrf_less.status()
    );
    let news = walk(&dir.path().join("content/news"));
    assert_eq!(news.len(), 1, "nothing made: {news:?}");
}
