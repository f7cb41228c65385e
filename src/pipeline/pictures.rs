//! The site's pictures made ready to publish: each JPEG, PNG and WebP static file without its
//! metadata ([`crate::images`]), kept in [`PICTURES_FOLDER`] under a hash of the file's bytes,
//! so a picture is made once and then copied (or served by the preview) as made. The folders
//! `[images] keep_metadata` names are published as they are.

use std::fs;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::{FxHashSet as HashSet, FxHasher};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, io_persian};
use crate::images::{self, Format, PictureError, Position};
use crate::output::statics::StaticFiles;
use crate::persian::bidi::isolate;
use crate::persian::digits::to_persian;
use crate::state_file;

/// The folder of the pictures made, relative to the site's root.
pub const PICTURES_FOLDER: &str = ".akhbar/cache/pictures";

/// What publishing does to a picture, in its version: a picture made by another is made again.
const VERSION: u64 = 1;

/// What was found while the pictures were made ready.
#[derive(Debug, Default)]
pub struct Pictures {
    /// The pictures that cannot be published, each left out of the site, and why.
    pub left_out: Vec<Diagnostic>,
    /// The pictures that hold the GPS position they were taken at, which the published
    /// pictures do not: what `akhbar check` tells.
    pub located: Vec<Diagnostic>,
}

/// Puts in `statics`, in place of each picture found in a static folder, the picture made
/// ready to publish; leaves out those that cannot be, and says which and why. The pictures
/// made for files the site no longer has are removed from [`PICTURES_FOLDER`].
pub fn prepare(config: &Config, statics: &mut StaticFiles) -> Pictures {
    let folder = config.root.join(PICTURES_FOLDER);
    let found: Vec<(PathBuf, PathBuf, Format)> = statics
        .iter()
        .filter(|(path, _)| !config.site.images.keeps_metadata(path))
        .filter_map(|(path, source)| Some((path.into(), source.into(), Format::of(path)?)))
        .collect();
    let made: Vec<Result<Made, Diagnostic>> = found
        .par_iter()
        .map(|(_, source, format)| made(config, &folder, source, *format))
        .collect();
    let mut pictures = Pictures::default();
    let mut kept = HashSet::default();
    for ((path, source, _), made) in found.iter().zip(made) {
        match made {
            Ok(made) => {
                if let Some(position) = made.position {
                    pictures
                        .located
                        .push(located(&config.relative(source), position));
                }
                kept.insert(made.file.clone());
                statics.replace(path, Some(made.file));
            }
            Err(problem) => {
                pictures.left_out.push(problem);
                statics.replace(path, None);
            }
        }
    }
    remove_unused(&folder, &kept);
    pictures
}

/// A picture made ready to publish, and where its source said it was taken.
struct Made {
    file: PathBuf,
    position: Option<Position>,
}

/// The picture `source` (in `format`) made ready to publish, in `folder`: made now unless it
/// was made before from the same bytes.
fn made(config: &Config, folder: &Path, source: &Path, format: Format) -> Result<Made, Diagnostic> {
    let shown = config.relative(source);
    let bytes = fs::read(source).map_err(|error| {
        Diagnostic::new(&shown, None, format!("cannot be read: {error}"))
            .with_persian("خطای خواندن فایل", io_persian(&error))
    })?;
    let mut hasher = FxHasher::default();
    hasher.write_u64(VERSION);
    hasher.write(&bytes);
    let extension = source.extension().unwrap_or_default().to_string_lossy();
    let file = folder.join(format!(
        "{:016x}.{}",
        hasher.finish(),
        extension.to_lowercase()
    ));
    let position = images::Taken::read(&bytes).position;
    if !file.is_file() {
        let published = images::publish(&bytes, format).map_err(|e| left_out(&shown, &e))?;
        state_file::replace(&file, &[&published.bytes]).map_err(|error| {
            Diagnostic::new(&file, None, format!("cannot be written: {error}"))
                .with_persian("خطای نوشتن فایل", io_persian(&error))
        })?;
    }
    Ok(Made { file, position })
}

/// Removes from `folder` the pictures made that are not `kept` (not a file another build is
/// writing there: its name begins with a dot until it is in place).
fn remove_unused(folder: &Path, kept: &HashSet<PathBuf>) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let writing = entry.file_name().to_string_lossy().starts_with('.');
        if !writing && !kept.contains(&path) {
            let _ = fs::remove_file(path);
        }
    }
}

/// The picture at `shown` cannot be published, for `error`.
fn left_out(shown: &Path, error: &PictureError) -> Diagnostic {
    let message = format!(
        "{error}: it is left out of the site; save it again from a picture editor, or take it away"
    );
    let detail = format!(
        "{}: از پایگاه کنار گذاشته شد؛ آن را دوباره با یک ویرایشگر تصویر ذخیره کنید یا بردارید",
        error.persian()
    );
    Diagnostic::new(shown, None, message).with_persian("تصویر نامعتبر", detail)
}

/// The picture at `shown` holds the GPS `position` where it was taken.
fn located(shown: &Path, position: Position) -> Diagnostic {
    let at = format!("{:.4}, {:.4}", position.latitude, position.longitude);
    let message = format!(
        "holds the GPS position where it was taken ({at}): the site publishes it without its metadata"
    );
    let persian = |degrees: f64| to_persian(&format!("{degrees:.4}")).replace('.', "٫");
    let at = format!(
        "{}، {}",
        persian(position.latitude),
        persian(position.longitude)
    );
    let detail = format!(
        "جایی را که در آن گرفته شده ({}) در خود دارد: پایگاه آن را بی‌فراداده‌هایش منتشر می‌کند",
        isolate(&at)
    );
    Diagnostic::new(shown, None, message).with_persian("مکان عکس", detail)
}
