//! Readers' comments beside the build: kept as files, received by a small intake service,
//! exported for the moderators, decided, and only then rendered into the news pages.

pub mod apply;
pub mod cell;
pub mod challenge;
pub mod comment;
mod decisions_file;
pub mod export;
pub mod intake;
pub mod journal;
pub mod loading;
pub mod markup;
pub mod queue;
pub mod rate_limit;
pub mod report;
pub mod secret;
pub mod signals;
pub mod store;
pub mod submission;

pub use comment::{Comment, Decision, Status};
pub use loading::{load_site_comments, orphan_warnings};
pub use store::CommentStore;
