//! The pictures items and static pages name that the site does not have, each reported at the
//! line of the file that names it, with the build's other broken links: a missing picture
//! would otherwise be reported once for every page that shows it (an item's `image` is on its
//! card in every list), at the page and not at the file to mend. A relative address is looked
//! for beside the file ([`crate::content::beside`]); when the site has the picture at the root
//! instead (`images/a.jpg` meant as `/images/a.jpg`), the message says what to write.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashSet as HashSet;

use crate::content::beside::folder_address;
use crate::diagnostic::Diagnostic;
use crate::persian::bidi::isolate;
use crate::site::Site;
use crate::site::address::canonical;

/// Every picture the published items and pages of `site` name that the site's static files
/// (`statics`, their paths in the output) do not have: its path in the output, and the problem
/// at the file that names it.
pub fn missing_pictures(site: &Site, statics: &HashSet<&Path>) -> Vec<(PathBuf, Diagnostic)> {
    let mut problems: Vec<(PathBuf, Diagnostic)> = (site.news.par_iter())
        .flat_map_iter(|item| {
            let image = (item.image.as_deref()).map(|image| (image, item.image_line, true));
            let body = (item.pictures.iter()).map(|p| (p.address.as_str(), p.line, false));
            let shown = image.into_iter().chain(body);
            shown.filter_map(|(address, line, is_image)| {
                missing(statics, &item.path, line, address, is_image)
            })
        })
        .collect();
    for page in &site.pages {
        for picture in &page.pictures {
            let found = missing(statics, &page.path, picture.line, &picture.address, false);
            problems.extend(found);
        }
    }
    problems
}

/// The problem of `address`, named at `line` of `file` (as `image` when `is_image`), when it
/// leads into the site to no static file.
fn missing(
    statics: &HashSet<&Path>,
    file: &Path,
    line: usize,
    address: &str,
    is_image: bool,
) -> Option<(PathBuf, Diagnostic)> {
    let path = |address: &str| PathBuf::from(canonical(address).trim_start_matches('/'));
    let exists = |address: &str| statics.contains(path(address).as_path());
    if !address.starts_with('/') || address.starts_with("//") || exists(address) {
        return None;
    }
    let named = if is_image {
        "`image` names"
    } else {
        "the body shows"
    };
    let named_fa = if is_image { "`image`" } else { "متن" };
    let mut message = format!("{named} the picture {address}, which the site does not have");
    let mut detail = format!(
        "{named_fa} تصویر {} را نشان می‌دهد که در پایگاه نیست",
        isolate(address)
    );
    let folder = folder_address(file);
    let at_root = address
        .strip_prefix(folder.as_str())
        .map(|written| format!("/{written}"))
        .filter(|root| exists(root));
    match at_root {
        Some(root) => {
            message.push_str(&format!(
                ": an address without a leading `/` is looked for beside the item's file; write {root} for the picture in static/"
            ));
            detail.push_str(&format!(
                ": نشانی بی `/` در آغاز، کنار فایل خبر جست‌وجو می‌شود؛ برای تصویر پوشهٔ static بنویسید {}",
                isolate(&root)
            ));
        }
        None => {
            message.push_str(": put the picture there, or correct the address");
            detail.push_str(": تصویر را آنجا بگذارید یا نشانی را درست کنید");
        }
    }
    let problem = Diagnostic::new(file, Some(line), message).with_persian("تصویر ناپیدا", detail);
    Some((path(address), problem))
}
