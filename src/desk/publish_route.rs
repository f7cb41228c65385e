//! The publish button's addresses. Publishing runs on its own thread, one at a time for the
//! whole desk (a second press while it runs joins the first); its page shows the pages built so
//! far and then the result, asking again every second (a refresh, so it works without the
//! desk's script too).

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use axum::routing::get;
use serde::Deserialize;

use super::PUBLISH;
use super::access::Signed;
use super::html::{self, page_with_head};
use super::publish::{PublishRun, publish};
use super::state::{Answer, Desk};
use crate::diagnostic::persian_number;
use crate::pipeline::Progress;

/// The publish routes.
pub(super) fn routes() -> Router<Arc<Desk>> {
    Router::new().route(PUBLISH, get(show).post(start))
}

#[derive(Deserialize)]
struct Token {
    #[serde(default)]
    token: String,
}

/// Starts publishing unless it runs already, and leads to its page.
async fn start(State(desk): State<Arc<Desk>>, signed: Signed, Form(posted): Form<Token>) -> Answer {
    signed.may_edit()?;
    signed.allows(&posted.token)?;
    let config = desk.config()?;
    let run = Arc::clone(&desk.publishing);
    {
        let mut state = run.lock().expect("no thread panics holding the lock");
        if matches!(*state, PublishRun::Running { .. }) {
            return Ok(Redirect::to(PUBLISH).into_response());
        }
        *state = PublishRun::Running { done: 0, total: 0 };
    }
    let counted = Arc::clone(&run);
    let progress = Progress(Arc::new(move |done, total| {
        if let Ok(mut state) = counted.lock() {
            *state = PublishRun::Running { done, total };
        }
    }));
    std::thread::spawn(move || {
        let ended = publish(&config, Some(progress));
        *lock(&run) = PublishRun::Ended(Arc::new(ended));
    });
    Ok(Redirect::to(PUBLISH).into_response())
}

fn lock(run: &Mutex<PublishRun>) -> std::sync::MutexGuard<'_, PublishRun> {
    run.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Where publishing stands: its progress while it runs, then its result.
async fn show(State(desk): State<Arc<Desk>>, signed: Signed) -> Answer {
    signed.may_edit()?;
    let ended = match &*lock(&desk.publishing) {
        PublishRun::Never => return Ok(Redirect::to(super::HOME).into_response()),
        PublishRun::Running { done, total } => {
            let (done, total) = (*done, *total);
            return Ok(Html(running(done, total)).into_response());
        }
        PublishRun::Ended(ended) => Arc::clone(ended),
    };
    let status = match &*ended {
        Ok(_) => StatusCode::OK,
        Err(_) => StatusCode::UNPROCESSABLE_ENTITY,
    };
    Ok((status, Html(html::published(&ended))).into_response())
}

/// The page of a publishing that runs: `done` pages of `total` built (none known yet: 0).
fn running(done: usize, total: usize) -> String {
    let told = match total {
        0 => "خواندن خبرها و آماده شدن برای ساختن…".to_string(),
        _ => format!(
            "ساختن صفحه‌ها: {} از {}",
            persian_number(done),
            persian_number(total)
        ),
    };
    let bar = match total {
        0 => "<progress></progress>".to_string(),
        _ => format!("<progress max=\"{total}\" value=\"{done}\"></progress>"),
    };
    let main = format!(
        "<h1>انتشار سایت</h1><p role=\"status\" aria-live=\"polite\">{told}</p>{bar}\
<p>این صفحه هر ثانیه تازه می‌شود؛ می‌توانید آن را ببندید، انتشار ادامه می‌یابد.</p>"
    );
    let refresh = "<meta http-equiv=\"refresh\" content=\"1\">";
    page_with_head("انتشار سایت", refresh, &main)
}
