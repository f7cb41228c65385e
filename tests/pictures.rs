//! Pictures are published without the metadata that tells where they were taken and by what
//! (issue 17): a phone's photograph in a static folder, with its EXIF GPS position and a
//! turned orientation, and a file named like a picture that is none.

mod support;

use std::fs;
use std::io::Cursor;
use std::path::Path;
use std::process::Output;

use tempfile::TempDir;

use support::akhbar;

/// The phone's photograph: 320 × 240 as stored, to be shown turned (EXIF orientation 6),
/// taken in Karaj (35.83° N, 50.99° E) by a "Galaxy A54", with a second picture appended.
const PHOTO: &str = "tests/fixtures/pictures/karaj-office.jpg";

/// The minimal fixture with the photograph and a broken "picture" in `static/images/`.
fn site_with_pictures() -> TempDir {
    let root = support::fixture_copy("minimal");
    let images = root.path().join("static/images");
    fs::copy(PHOTO, images.join("karaj-office.jpg")).unwrap();
    fs::write(images.join("broken.jpg"), "<html>not a picture</html>").unwrap();
    root
}

/// Writes news item 1009, «عکس», of the last day of 1403 into the site at `root`, with the
/// front matter `fields` (each line ending in a newline) besides its id, title and date, and
/// `body`.
fn write_photo_item(root: &Path, fields: &str, body: &str) {
    let text =
        format!("---\nid: 1009\ntitle: \"عکس\"\ndate: ۱۴۰۳/۱۲/۲۸ ۱۰:۰۰\n{fields}---\n\n{body}");
    fs::write(root.join("content/news/1403/12/1009.md"), text).unwrap();
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn gps_of(bytes: &[u8]) -> Option<(exif::Value, exif::Value)> {
    let exif = exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .ok()?;
    let field = |tag| Some(exif.get_field(tag, exif::In::PRIMARY)?.value.clone());
    Some((
        field(exif::Tag::GPSLatitude)?,
        field(exif::Tag::GPSLongitude)?,
    ))
}

#[test]
fn a_published_photograph_has_no_position_no_device_and_is_turned_as_taken() {
    let source = fs::read(PHOTO).unwrap();
    assert!(gps_of(&source).is_some(), "the fixture has a position");

    let root = site_with_pictures();
    let output = akhbar(&["build"], root.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let published = fs::read(root.path().join("public/images/karaj-office.jpg")).unwrap();
    assert!(gps_of(&published).is_none());
    let exif = exif::Reader::new().read_from_container(&mut Cursor::new(&published));
    assert!(exif.is_err(), "no EXIF at all");
    assert!(memchr::memmem::find(&published, b"Galaxy").is_none());
    let decoded = image::load_from_memory(&published).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (240, 320), "turned");

    // What is not a picture is left out, and the build says so.
    assert!(!root.path().join("public/images/broken.jpg").exists());
    let said = stderr(&output);
    assert!(said.contains("static/images/broken.jpg"), "{said}");
    assert!(said.contains("left out of the site"), "{said}");

    // The check tells where the photograph was taken.
    let checked = akhbar(&["check"], root.path());
    let said = stderr(&checked);
    assert!(said.contains("static/images/karaj-office.jpg"), "{said}");
    assert!(
        said.contains("GPS position where it was taken (35.8300, 50.9900)"),
        "{said}"
    );
}

#[test]
fn a_picture_is_made_once_and_made_again_only_when_it_changes() {
    let root = site_with_pictures();
    let made = |root: &Path| -> Vec<_> {
        let folder = root.join(".akhbar/cache/pictures");
        let mut files: Vec<_> = fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
    };
    assert!(akhbar(&["build"], root.path()).status.success());
    let first = made(root.path());
    // The picture, and a WebP copy as wide as it (it is narrower than every copy's width).
    assert_eq!(first.len(), 2, "{first:?}");
    let modified = |files: &[std::path::PathBuf]| -> Vec<_> {
        let times = files
            .iter()
            .map(|file| fs::metadata(file).unwrap().modified());
        times.map(Result::unwrap).collect()
    };
    let times = modified(&first);
    assert!(akhbar(&["build"], root.path()).status.success());
    assert_eq!(made(root.path()), first);
    assert_eq!(modified(&first), times, "not made again");

    let mut other = fs::read(PHOTO).unwrap();
    other.extend_from_slice(b"appended");
    fs::write(root.path().join("static/images/karaj-office.jpg"), other).unwrap();
    assert!(akhbar(&["build"], root.path()).status.success());
    let second = made(root.path());
    assert_eq!(second.len(), 2, "what was made of the old bytes is removed");
    assert!(second.iter().all(|file| !first.contains(file)));
}

#[test]
fn a_folder_the_settings_name_keeps_its_pictures_as_they_are() {
    let root = site_with_pictures();
    let settings = root.path().join("site.toml");
    let mut text = fs::read_to_string(&settings).unwrap();
    text.push_str("\n[images]\nkeep_metadata = [\"images\"]\n");
    fs::write(&settings, text).unwrap();
    let output = akhbar(&["build"], root.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let published = fs::read(root.path().join("public/images/karaj-office.jpg")).unwrap();
    assert_eq!(published, fs::read(PHOTO).unwrap());
}

#[test]
fn a_page_showing_a_picture_left_out_stops_the_build_and_says_why() {
    let root = site_with_pictures();
    write_photo_item(root.path(), "", "![نمای ساختمان](/images/broken.jpg)\n");
    let output = akhbar(&["build"], root.path());
    assert!(!output.status.success());
    let said = stderr(&output);
    assert!(said.contains("static/images/broken.jpg"), "{said}");
    assert!(said.contains("left out of the site"), "{said}");
    assert!(said.contains("/images/broken.jpg"), "{said}");
    assert!(!root.path().join("public").exists(), "nothing built");
}

#[cfg(unix)]
#[test]
fn a_published_picture_and_its_copies_are_readable_by_the_web_server() {
    use std::os::unix::fs::PermissionsExt;
    let root = site_with_pictures();
    assert!(akhbar(&["build"], root.path()).status.success());
    for entry in fs::read_dir(root.path().join("public/images")).unwrap() {
        let path = entry.unwrap().path();
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o044, 0o044, "{} is {mode:o}", path.display());
    }
}

/// Each `srcset` candidate of `html` with its width, in the order written.
fn candidates(html: &str) -> Vec<(String, u32)> {
    let mut found = Vec::new();
    for part in html.split(" srcset=\"").skip(1) {
        let list = &part[..part.find('"').unwrap()];
        for candidate in list.split(", ") {
            let (address, width) = candidate.rsplit_once(' ').unwrap();
            let width = width.trim_end_matches('w').parse().unwrap();
            found.push((address.replace("&#x2F;", "/"), width));
        }
    }
    found
}

#[test]
fn a_page_offers_copies_that_exist_at_the_widths_it_claims_with_the_pictures_size() {
    let root = support::fixture_copy("minimal");
    let images = root.path().join("static/images");
    // A picture wider than two of the copies' widths, and one narrower than all.
    let wide = image::RgbImage::from_fn(1000, 600, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    wide.save(images.join("wide.png")).unwrap();
    fs::copy(PHOTO, images.join("karaj-office.jpg")).unwrap();
    write_photo_item(
        root.path(),
        "",
        "![پهن](/images/wide.png)\n\n![دفتر](/images/karaj-office.jpg)\n",
    );
    let output = akhbar(&["build"], root.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let public = root.path().join("public");
    let page = fs::read_to_string(public.join("news/1009/index.html")).unwrap();
    assert!(page.contains("width=\"1000\" height=\"600\""), "{page}");
    assert!(
        page.contains("width=\"240\" height=\"320\""),
        "turned: {page}"
    );
    assert!(page.contains("<source type=\"image/webp\""), "{page}");
    let offered = candidates(&page);
    let widths: Vec<u32> = offered.iter().map(|(_, width)| *width).collect();
    assert_eq!(
        widths,
        [480, 800, 1000, 480, 800, 1000, 240, 240],
        "{offered:?}"
    );
    for (address, width) in offered {
        let file = public.join(address.trim_start_matches('/'));
        let decoded = image::open(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert_eq!(decoded.width(), width, "{address}");
        assert!(gps_of(&fs::read(&file).unwrap()).is_none(), "{address}");
    }
}

#[test]
fn check_names_a_body_picture_without_a_description_and_a_picture_far_too_wide() {
    let root = support::fixture_copy("minimal");
    let settings = root.path().join("site.toml");
    let mut text = fs::read_to_string(&settings).unwrap();
    text.push_str("\n[images]\nwidths = [100, 200]\n");
    fs::write(&settings, text).unwrap();
    let wide = image::RgbImage::from_fn(401, 10, |_, _| image::Rgb([90, 90, 90]));
    wide.save(root.path().join("static/images/wide.png"))
        .unwrap();
    write_photo_item(
        root.path(),
        "",
        "بند نخست.\n\n![](/images/wide.png)\n\n![پهن](/images/wide.png)\n",
    );
    let checked = akhbar(&["check"], root.path());
    let said = stderr(&checked);
    assert!(checked.status.success(), "{said}");
    let undescribed =
        "warning: content/news/1403/12/1009.md:9: the picture /images/wide.png has no description";
    assert!(said.contains(undescribed), "{said}");
    assert_eq!(said.matches("has no description").count(), 1, "{said}");
    let too_wide = "warning: static/images/wide.png: is 401 pixels wide, more than twice the widest copy (200)";
    assert!(said.contains(too_wide), "{said}");
}

/// A PNG whose header claims `width` × `height` pixels, with the data of a 2 × 2 picture.
fn claiming(width: u32, height: u32) -> Vec<u8> {
    let small = image::RgbImage::from_fn(2, 2, |_, _| image::Rgb([1, 2, 3]));
    let mut bytes = Vec::new();
    small
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .unwrap();
    let mut png = img_parts::png::Png::from_bytes(bytes.into()).unwrap();
    let header = png
        .chunks_mut()
        .iter_mut()
        .find(|c| &c.kind() == b"IHDR")
        .unwrap();
    let mut contents = header.contents().to_vec();
    contents[..4].copy_from_slice(&width.to_be_bytes());
    contents[4..8].copy_from_slice(&height.to_be_bytes());
    *header = img_parts::png::PngChunk::new(*b"IHDR", contents.into());
    let mut out = Vec::new();
    png.encoder().write_to(&mut out).unwrap();
    out
}

#[test]
fn a_decompression_bomb_and_a_16_bit_png_do_not_take_the_build_down() {
    let root = support::fixture_copy("minimal");
    let images = root.path().join("static/images");
    fs::write(images.join("bomb.png"), claiming(20_000, 20_000)).unwrap();
    let deep = image::ImageBuffer::<image::Rgb<u16>, _>::from_fn(900, 300, |x, _| {
        image::Rgb([(x * 70) as u16, 20_000, 40_000])
    });
    deep.save(images.join("deep.png")).unwrap();
    let output = akhbar(&["build"], root.path());
    let said = stderr(&output);
    assert!(output.status.success(), "{said}");
    // The bomb is not decoded: published without copies, and the build says so.
    assert!(said.contains("static/images/bomb.png"), "{said}");
    assert!(said.contains("without smaller copies"), "{said}");
    let public = root.path().join("public/images");
    assert!(public.join("bomb.png").is_file());
    let copies = |stem: &str| -> Vec<String> {
        let names = fs::read_dir(&public)
            .unwrap()
            .map(|e| e.unwrap().file_name());
        let names = names.map(|name| name.to_string_lossy().into_owned());
        let own = format!("{stem}.png");
        names
            .filter(|name| name.starts_with(&format!("{stem}.")) && *name != own)
            .collect()
    };
    assert_eq!(copies("bomb"), Vec::<String>::new());
    // The 16-bit picture gets its copies, 8 bits deep.
    let made = copies("deep");
    assert_eq!(made.len(), 5, "{made:?}");
    let copy = made.iter().find(|name| name.ends_with(".480.png")).unwrap();
    let decoded = image::open(public.join(copy)).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (480, 160));
}

#[test]
fn a_picture_beside_an_item_or_a_page_is_published_beside_it_and_named_relative_to_it() {
    let root = support::fixture_copy("minimal");
    let content = root.path().join("content");
    fs::copy(PHOTO, content.join("news/1403/12/karaj-office.jpg")).unwrap();
    let wide = image::RgbImage::from_fn(1000, 600, |x, _| image::Rgb([(x % 256) as u8, 40, 90]));
    wide.save(content.join("pages/wide.png")).unwrap();
    fs::create_dir_all(content.join("comments")).unwrap();
    fs::copy(PHOTO, content.join("comments/reader.jpg")).unwrap();
    write_photo_item(
        root.path(),
        "image: ./karaj-office.jpg\nimage_alt: دفتر کرج\n",
        "بند نخست.\n\n![دفتر](karaj-office.jpg)\n",
    );
    let page = "---\ntitle: درباره ما\n---\nاداره کل ثبت احوال.\n\n![پهن](wide.png)\n";
    fs::write(content.join("pages/about.md"), page).unwrap();

    let output = akhbar(&["build"], root.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let public = root.path().join("public");
    let published = fs::read(public.join("news/1403/12/karaj-office.jpg")).unwrap();
    assert!(gps_of(&published).is_none());
    let news = fs::read_to_string(public.join("news/1009/index.html")).unwrap();
    assert!(
        news.contains("src=\"/news/1403/12/karaj-office.jpg\""),
        "{news}"
    );
    assert!(news.contains("width=\"240\" height=\"320\""), "{news}");
    let about = fs::read_to_string(public.join("about/index.html")).unwrap();
    assert!(about.contains("width=\"1000\" height=\"600\""), "{about}");
    assert!(about.contains("fetchpriority=\"high\""), "{about}");
    let offered = candidates(&about);
    assert_eq!(offered.len(), 6, "{offered:?}");
    for (address, width) in offered {
        assert!(address.starts_with("/pages/wide."), "{address}");
        let decoded = image::open(public.join(address.trim_start_matches('/'))).unwrap();
        assert_eq!(decoded.width(), width, "{address}");
    }
    assert!(
        !public.join("comments/reader.jpg").exists(),
        "never a reader's file"
    );
    let checked = stderr(&akhbar(&["check"], root.path()));
    assert!(
        checked.contains("content/news/1403/12/karaj-office.jpg: holds the GPS position"),
        "{checked}"
    );

    // A static file at the same address: neither wins silently, and nothing is lost.
    let before = fs::read_to_string(public.join("news/1009/index.html")).unwrap();
    let clash = root.path().join("static/news/1403/12");
    fs::create_dir_all(&clash).unwrap();
    fs::copy(PHOTO, clash.join("karaj-office.jpg")).unwrap();
    let output = akhbar(&["build"], root.path());
    assert!(!output.status.success());
    let said = stderr(&output);
    assert!(
        said.contains("content/news/1403/12/karaj-office.jpg: would be published at /news/1403/12/karaj-office.jpg, where static/news/1403/12/karaj-office.jpg is"),
        "{said}"
    );
    let after = fs::read_to_string(public.join("news/1009/index.html")).unwrap();
    assert_eq!(after, before);
}

#[test]
fn a_theme_shows_its_own_picture_with_its_size_and_copies_and_every_page_follows_a_change() {
    let root = support::fixture_copy("minimal");
    let theme = root.path().join("themes/plain");
    let logo = |width: u32| {
        let picture =
            image::RgbImage::from_fn(width, 200, |x, _| image::Rgb([(x % 256) as u8, 9, 9]));
        fs::create_dir_all(theme.join("static/images")).unwrap();
        picture.save(theme.join("static/images/logo.png")).unwrap();
    };
    logo(1000);
    let base = theme.join("templates/base.html");
    let text = fs::read_to_string(&base).unwrap().replace(
        "<body>",
        "<body>{% set logo = get_picture(path=\"/images/logo.png\") %}<img src=\"/images/logo.png\" alt=\"\" width=\"{{ logo.width }}\" height=\"{{ logo.height }}\" srcset=\"{{ logo.srcset }}\">{% set missing = get_picture(path=\"/images/nothing.png\") %}{% if not missing %}<i>none</i>{% endif %}",
    );
    fs::write(&base, text).unwrap();
    let output = akhbar(&["build"], root.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let public = root.path().join("public");
    let pages = ["index.html", "news/1001/index.html", "about/index.html"];
    for page in pages {
        let html = fs::read_to_string(public.join(page)).unwrap();
        assert!(
            html.contains("width=\"1000\" height=\"200\""),
            "{page}: {html}"
        );
        assert!(html.contains("<i>none</i>"), "{page}");
        let offered = candidates(&html);
        assert_eq!(offered.len(), 3, "{offered:?}");
        for (address, width) in offered {
            let decoded = image::open(public.join(address.trim_start_matches('/'))).unwrap();
            assert_eq!(decoded.width(), width, "{address}");
        }
    }

    std::thread::sleep(std::time::Duration::from_millis(2100));
    logo(600);
    let output = akhbar(&["build"], root.path());
    assert!(output.status.success(), "{}", stderr(&output));
    for page in pages {
        let html = fs::read_to_string(public.join(page)).unwrap();
        assert!(
            html.contains("width=\"600\" height=\"200\""),
            "{page}: {html}"
        );
    }
}

#[test]
fn a_cmyk_jpeg_is_published_with_copies_in_its_own_colours() {
    let root = support::fixture_copy("minimal");
    // 600 × 400, made by Pillow as a print shop's JPEG is: CMYK with Adobe's marker; its left
    // half red (200, 30, 40), its right half blue (30, 60, 200).
    let cmyk = "tests/fixtures/pictures/cmyk-press-photo.jpg";
    fs::copy(cmyk, root.path().join("static/images/press.jpg")).unwrap();
    write_photo_item(root.path(), "", "![عکس خبری](/images/press.jpg)\n");
    let output = akhbar(&["build"], root.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let public = root.path().join("public");
    let page = fs::read_to_string(public.join("news/1009/index.html")).unwrap();
    let offered = candidates(&page);
    assert_eq!(offered.len(), 4, "{offered:?}");
    for (address, width) in offered {
        let decoded = image::open(public.join(address.trim_start_matches('/')))
            .unwrap()
            .to_rgb8();
        assert_eq!(decoded.width(), width, "{address}");
        let near = |x: u32, [r, g, b]: [i32; 3]| {
            let pixel = decoded.get_pixel(x, decoded.height() / 2).0;
            let distance = (i32::from(pixel[0]) - r).abs()
                + (i32::from(pixel[1]) - g).abs()
                + (i32::from(pixel[2]) - b).abs();
            assert!(distance < 60, "{address} at {x}: {pixel:?}");
        };
        near(width / 4, [200, 30, 40]);
        near(width * 3 / 4, [30, 60, 200]);
    }
}

/// The width and height an AVIF file says its picture has (its `ispe` property).
fn avif_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let at = memchr::memmem::find(bytes, b"ispe")? + 8;
    let number = |from: usize| {
        Some(u32::from_be_bytes(
            bytes.get(from..from + 4)?.try_into().ok()?,
        ))
    };
    Some((number(at)?, number(at + 4)?))
}

#[test]
fn avif_copies_are_made_when_the_settings_ask_and_offered_first() {
    let root = support::fixture_copy("minimal");
    let settings = root.path().join("site.toml");
    let text = fs::read_to_string(&settings).unwrap() + "\n[images]\nwidths = [480]\navif = true\n";
    fs::write(&settings, text).unwrap();
    let wide = image::RgbImage::from_fn(700, 300, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    wide.save(root.path().join("static/images/wide.png"))
        .unwrap();
    write_photo_item(root.path(), "", "![پهن](/images/wide.png)\n");
    let output = akhbar(&["build"], root.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let public = root.path().join("public");
    let page = fs::read_to_string(public.join("news/1009/index.html")).unwrap();
    let avif = page
        .find("<source type=\"image/avif\"")
        .expect("an AVIF source");
    let webp = page
        .find("<source type=\"image/webp\"")
        .expect("a WebP source");
    assert!(avif < webp, "the browser takes the first it reads: {page}");
    let offered = candidates(&page);
    let avif: Vec<_> = offered
        .iter()
        .filter(|(address, _)| address.ends_with(".avif"))
        .collect();
    // One copy 480 pixels wide: the picture is wider than the widest copy.
    assert_eq!(avif.len(), 1, "{offered:?}");
    for (address, width) in avif {
        let bytes = fs::read(public.join(address.trim_start_matches('/'))).unwrap();
        assert_eq!(&bytes[4..12], b"ftypavif", "{address}");
        let (shown, height) = avif_size(&bytes).unwrap();
        assert_eq!(shown, *width, "{address}");
        assert!(height.abs_diff(width * 3 / 7) <= 1, "{address}: {height}");
    }
}

#[test]
fn a_missing_picture_is_named_once_at_its_line_with_what_to_write() {
    let root = support::fixture_copy("minimal");
    let wide = image::RgbImage::from_fn(300, 200, |_, _| image::Rgb([90, 90, 90]));
    wide.save(root.path().join("static/images/wide.png"))
        .unwrap();
    // `images/wide.png` is looked for beside the item; the site has it at the root.
    write_photo_item(
        root.path(),
        "image: images/wide.png\nimage_alt: پهن\n",
        "بند.\n\n![نیست](gone.jpg)\n",
    );
    let output = akhbar(&["build"], root.path());
    assert!(!output.status.success());
    let said = stderr(&output);
    assert!(
        said.starts_with("akhbar: 2 problems in the site:\n"),
        "{said}"
    );
    assert!(
        said.contains("content/news/1403/12/1009.md:5: `image` names the picture /news/1403/12/images/wide.png, which the site does not have: an address without a leading `/` is looked for beside the item's file; write /images/wide.png for the picture in static/"),
        "{said}"
    );
    assert!(
        said.contains("content/news/1403/12/1009.md:11: the body shows the picture /news/1403/12/gone.jpg, which the site does not have: put the picture there, or correct the address"),
        "{said}"
    );
    assert!(!root.path().join("public").exists(), "nothing written");
}
