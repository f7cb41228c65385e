//! akhbar: a static site generator for Persian-language news portals.
//!
//! The data flows one way: `config` → `content` → `site` → `render` → `output`, conducted by
//! `pipeline`. `calendar`, `persian`, `diagnostic`, `text_file` (the one door for text files),
//! `yaml_limits` (what YAML akhbar parses at all) and `paths` (the rule every path keeps) are
//! leaf modules that the pipeline stands on; `comments`, `serve` and `deploy` sit beside it.
//!
//! `comments` has three parts. `comments::model` (the comment, its store of files and journal,
//! a reader's text as HTML) is all that `site` and `render` see of comments; the pipeline reads
//! a site's comments through it beside the content, which knows nothing of them.
//! `comments::intake` (the service readers post to) and `comments::moderation` (the export and
//! the moderators' decisions) stand on the model, never on each other.

pub mod calendar;
pub mod comments;
pub mod config;
pub mod content;
pub mod deploy;
pub mod desk;
pub mod diagnostic;
pub mod fingerprint;
pub mod images;
pub mod init;
pub mod output;
pub mod paths;
pub mod persian;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod site;
pub mod state_file;
pub mod text_file;
pub mod yaml_limits;
