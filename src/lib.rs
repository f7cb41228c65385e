//! akhbar: a static site generator for Persian-language news portals.
//!
//! The data flows one way: `config` → `content` → `site` → `render` → `output`, conducted by
//! `pipeline`. `calendar`, `persian`, `diagnostic`, `text_file` (the one door for text files),
//! `yaml_limits` (what YAML akhbar parses at all) and `paths` (the rule every path keeps) are
//! leaf modules that the pipeline stands on; `comments`, `serve` and `deploy` sit beside it.

pub mod calendar;
pub mod comments;
pub mod config;
pub mod content;
pub mod deploy;
pub mod diagnostic;
pub mod fingerprint;
pub mod init;
pub mod output;
pub mod paths;
pub mod persian;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod site;
pub mod text_file;
pub mod yaml_limits;
