//! Readers' comments beside the build: kept as files, received by a small intake service,
//! exported for the moderators, decided, and only then rendered into the news pages.
//!
//! - [`model`]: the comment, its status and the moderators' decision on it, the store of
//!   comment files and the journal that replaces them all together, a reader's text as HTML,
//!   and a site's comments as a build reads them. It is all that `site` and `render` see of
//!   comments, and what the intake and the moderation share; it stands on `config` and the leaf
//!   modules only.
//! - [`intake`]: `akhbar comments serve`, the service readers post to, with its security code,
//!   signing secret, rate limits and the checks of what a reader sends.
//! - [`moderation`]: the moderators' side, `akhbar comments export` and `apply`: the queue as a
//!   spreadsheet, data or a page, with spam signals, and their decisions read back and applied.
//!
//! The intake and the moderation stand on the model, never on each other.

pub mod intake;
pub mod model;
pub mod moderation;

pub use model::{Comment, CommentStore, Decision, Status};
