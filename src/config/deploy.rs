//! `[deploy]` in `site.toml`: where `akhbar deploy` puts the built site.

use serde::Deserialize;

/// Where and how the built site is sent to its host.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeployConfig {
    /// The host's folder, as rsync names it: `user@host:/var/www/news` over ssh, or a local
    /// folder (a mounted share). `akhbar deploy TARGET` overrides it.
    pub target: Option<String>,
    /// The ssh command rsync runs, with its options: `ssh -p 2222 -i ~/.ssh/deploy`.
    pub ssh: Option<String>,
}
