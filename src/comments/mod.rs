//! Readers' comments beside the build: kept as files, received by a small intake service,
//! exported for the moderators, decided, and only then rendered into the news pages.

pub mod challenge;
pub mod comment;
pub mod markup;
pub mod secret;
pub mod store;
pub mod submission;

pub use comment::{Comment, Decision, Status};
pub use store::CommentStore;
