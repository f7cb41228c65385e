//! The desk's publish button: the site built into its output as `akhbar build` builds it (only
//! what changed is rendered and written, and a failed build leaves the published site as it
//! was), then sent to its host by `akhbar deploy`'s rules when `site.toml` names one.

use std::sync::Arc;

use crate::config::Config;
use crate::deploy::{DeployOptions, Deployed, deploy};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::changes::Change;
use crate::pipeline::{BuildOptions, BuildSummary, Progress, build};

/// Where publishing stands.
#[derive(Default)]
pub enum PublishRun {
    /// Not since the desk started.
    #[default]
    Never,
    /// Building: pages rendered so far, of how many (none known yet).
    Running { done: usize, total: usize },
    /// Ended, as it did.
    Ended(Arc<Result<Published, Diagnostics>>),
}

/// What publishing did.
pub struct Published {
    pub summary: BuildSummary,
    /// The deploy to `[deploy] target`, when `site.toml` names one.
    pub deployed: Option<Result<Deployed, Diagnostic>>,
}

impl Published {
    /// How many files of the output the build added, changed and removed.
    pub fn counts(&self) -> [usize; 3] {
        let count = |kind| {
            (self.summary.changes.iter())
                .filter(|(c, _)| *c == kind)
                .count()
        };
        [
            count(Change::Added),
            count(Change::Changed),
            count(Change::Removed),
        ]
    }
}

/// Builds the site of `config` into its output folder, telling `progress` the pages built,
/// and deploys it where `site.toml` says; every problem of the content when the build fails,
/// in which case nothing is sent.
pub fn publish(config: &Config, progress: Option<Progress>) -> Result<Published, Diagnostics> {
    let options = BuildOptions {
        progress,
        ..BuildOptions::new(&config.root)
    };
    let summary = build(&options)?;
    let settings = &config.site.deploy;
    let deployed = settings.target.as_ref().map(|target| {
        deploy(&DeployOptions {
            output: options.output_dir(),
            target: target.clone(),
            full: false,
            dry_run: false,
            ssh: settings.ssh.clone(),
        })
    });
    Ok(Published { summary, deployed })
}
