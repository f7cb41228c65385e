//! What a comment is and where it is kept: the comment and the moderators' decision on it, the
//! store of comment files, the journal that replaces a batch of them all together, a reader's
//! text as inert HTML, and a site's comments as a build reads them beside its content.
//!
//! The build (`site`, `render`, `pipeline`), the intake and the moderation all stand on this
//! module; it imports nothing of theirs, nor of `content` or `output` (only a test of the
//! journal drives a batch through the moderators' [`apply`](super::moderation::apply)).

pub mod comment;
pub mod journal;
pub mod loading;
pub mod markup;
pub mod store;

pub use comment::{Comment, Decision, Status};
pub use loading::{load_site_comments, orphan_warnings};
pub use store::CommentStore;
