//! Pictures made for the tests, with the metadata a phone writes; and what publishing does to
//! them.

use std::io::Cursor;

use exif::experimental::Writer;
use exif::{Field, In, Rational, Tag, Value};
use image::{DynamicImage, ImageEncoder, Rgb, RgbImage};
use img_parts::jpeg::{Jpeg, JpegSegment, markers};
use img_parts::png::{Png, PngChunk};
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageEXIF};

use super::*;

/// Karaj, where the seed's office is: 35° 49′ 48″ N, 50° 59′ 24″ E.
pub(crate) const KARAJ: (f64, f64) = (35.83, 50.99);

/// EXIF as a phone writes it: make and model, the orientation, and the GPS position of Karaj.
pub(crate) fn phone_exif(orientation: u16) -> Vec<u8> {
    let ascii = |tag, ifd_num, text: &str| Field {
        tag,
        ifd_num,
        value: Value::Ascii(vec![text.as_bytes().to_vec()]),
    };
    let dms = |tag, degrees: u32, minutes: u32, seconds: u32| Field {
        tag,
        ifd_num: In::PRIMARY,
        value: Value::Rational(vec![
            Rational::from((degrees, 1)),
            Rational::from((minutes, 1)),
            Rational::from((seconds, 1)),
        ]),
    };
    let fields = [
        ascii(Tag::Make, In::PRIMARY, "Samsung"),
        ascii(Tag::Model, In::PRIMARY, "Galaxy A54"),
        Field {
            tag: Tag::Orientation,
            ifd_num: In::PRIMARY,
            value: Value::Short(vec![orientation]),
        },
        ascii(Tag::GPSLatitudeRef, In::PRIMARY, "N"),
        dms(Tag::GPSLatitude, 35, 49, 48),
        ascii(Tag::GPSLongitudeRef, In::PRIMARY, "E"),
        dms(Tag::GPSLongitude, 50, 59, 24),
    ];
    let mut writer = Writer::new();
    for field in &fields {
        writer.push_field(field);
    }
    let mut out = Cursor::new(Vec::new());
    writer.write(&mut out, false).unwrap();
    out.into_inner()
}

/// A `width` × `height` picture whose left half is red and right half blue.
fn pixels(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, _| match x < width / 2 {
        true => Rgb([200, 30, 30]),
        false => Rgb([30, 30, 200]),
    })
}

/// A JPEG as a phone saves it: EXIF with the GPS position and `orientation`, XMP, a comment,
/// a colour profile, and a second, smaller picture with its own EXIF appended after the first.
pub(crate) fn phone_jpeg(width: u32, height: u32, orientation: u16) -> Vec<u8> {
    let encode = |image: &RgbImage| {
        let mut out = Vec::new();
        let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
        encoder
            .set_icc_profile(b"a colour profile".to_vec())
            .unwrap();
        encoder
            .write_image(
                image,
                image.width(),
                image.height(),
                image::ExtendedColorType::Rgb8,
            )
            .unwrap();
        out
    };
    let with_exif = |bytes: Vec<u8>| {
        let mut jpeg = Jpeg::from_bytes(Bytes::from(bytes)).unwrap();
        jpeg.set_exif(Some(Bytes::from(phone_exif(orientation))));
        let xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>Galaxy A54</x:xmpmeta>";
        let segments = jpeg.segments_mut();
        segments.insert(
            1,
            JpegSegment::new_with_contents(markers::APP1, Bytes::from_static(xmp)),
        );
        segments.insert(
            1,
            JpegSegment::new_with_contents(markers::COM, Bytes::from_static(b"Galaxy A54")),
        );
        let mut out = Vec::new();
        jpeg.encoder().write_to(&mut out).unwrap();
        out
    };
    let mut file = with_exif(encode(&pixels(width, height)));
    file.extend(with_exif(encode(&pixels(8, 8))));
    file
}

#[test]
fn a_phones_jpeg_is_published_without_where_it_was_taken_or_by_what() {
    let photo = phone_jpeg(64, 48, 1);
    let taken = Taken::read(&photo);
    let position = taken.position.expect("the fixture has a position");
    assert!((position.latitude - KARAJ.0).abs() < 0.01, "{position:?}");
    assert!((position.longitude - KARAJ.1).abs() < 0.01, "{position:?}");
    assert!(taken.device);

    let published = publish(&photo, Format::Jpeg).unwrap();
    assert!(!published.turned);
    assert_eq!(published.taken, taken);
    let bytes = &published.bytes;
    assert_eq!(Taken::read(bytes), Taken::default(), "no EXIF left");
    for left_out in [&b"Exif"[..], b"ns.adobe.com", b"Galaxy", b"Samsung"] {
        assert!(
            memchr::memmem::find(bytes, left_out).is_none(),
            "{left_out:?} left"
        );
    }
    assert!(
        memchr::memmem::find(bytes, b"ICC_PROFILE").is_some(),
        "the profile stays"
    );
    assert!(
        bytes.ends_with(&[0xFF, 0xD9]),
        "nothing after the first picture"
    );
    let decoded = image::load_from_memory(bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (64, 48));
}

#[test]
fn a_picture_to_be_shown_turned_is_turned_in_its_pixels() {
    // 6: the stored picture is to be turned 90° clockwise to be seen as taken.
    let photo = phone_jpeg(64, 48, 6);
    let published = publish(&photo, Format::Jpeg).unwrap();
    assert!(published.turned);
    assert_eq!(Taken::read(&published.bytes), Taken::default());
    let decoded = image::load_from_memory(&published.bytes).unwrap().to_rgb8();
    assert_eq!((decoded.width(), decoded.height()), (48, 64));
    // The left half (red) is now the top.
    assert!(
        decoded.get_pixel(24, 4)[0] > 150,
        "{:?}",
        decoded.get_pixel(24, 4)
    );
    assert!(
        decoded.get_pixel(24, 60)[2] > 150,
        "{:?}",
        decoded.get_pixel(24, 60)
    );
    assert!(memchr::memmem::find(&published.bytes, b"ICC_PROFILE").is_some());
}

#[test]
fn png_and_webp_lose_their_exif_and_text_but_keep_their_colour() {
    let image = DynamicImage::ImageRgb8(pixels(16, 16));
    let mut png = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let mut parsed = Png::from_bytes(Bytes::from(png)).unwrap();
    parsed.set_exif(Some(Bytes::from(phone_exif(1))));
    let text = Bytes::from_static(b"Author\0Galaxy A54");
    parsed.chunks_mut().insert(1, PngChunk::new(*b"tEXt", text));
    parsed.chunks_mut().insert(
        1,
        PngChunk::new(*b"gAMA", Bytes::from_static(&[0, 0, 177, 143])),
    );
    let mut png = Vec::new();
    parsed.encoder().write_to(&mut png).unwrap();
    assert!(Taken::read(&png).position.is_some());
    let published = publish(&png, Format::Png).unwrap().bytes;
    assert_eq!(Taken::read(&published), Taken::default());
    assert!(memchr::memmem::find(&published, b"Galaxy").is_none());
    assert!(memchr::memmem::find(&published, b"gAMA").is_some());
    assert!(image::load_from_memory(&published).is_ok());

    let mut webp = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut webp), image::ImageFormat::WebP)
        .unwrap();
    let mut parsed = WebP::from_bytes(Bytes::from(webp)).unwrap();
    parsed.set_exif(Some(Bytes::from(phone_exif(1))));
    let mut webp = Vec::new();
    parsed.encoder().write_to(&mut webp).unwrap();
    assert!(Taken::read(&webp).position.is_some());
    let published = publish(&webp, Format::WebP).unwrap().bytes;
    assert_eq!(Taken::read(&published), Taken::default());
    assert!(memchr::memmem::find(&published, b"EXIF").is_none());
    let decoded = image::load_from_memory(&published).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (16, 16));
}

#[test]
fn a_file_that_is_no_picture_of_its_kind_is_refused() {
    for format in [Format::Jpeg, Format::Png, Format::WebP] {
        let error = publish(b"<html>not a picture</html>", format).unwrap_err();
        assert!(matches!(error, PictureError::NotAPicture(..)), "{error}");
        assert!(!error.persian().is_empty());
    }
    assert_eq!(
        Format::of(std::path::Path::new("a/B.JPG")),
        Some(Format::Jpeg)
    );
    assert_eq!(Format::of(std::path::Path::new("a/logo.svg")), None);
}

#[test]
fn an_animated_webp_is_told_from_a_still_one() {
    let image = DynamicImage::ImageRgb8(pixels(16, 16));
    let mut webp = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut webp), image::ImageFormat::WebP)
        .unwrap();
    assert!(!animated(&Bytes::from(webp.clone()), Format::WebP));
    let mut parsed = WebP::from_bytes(Bytes::from(webp)).unwrap();
    let anim = img_parts::riff::RiffChunk::new(
        *b"ANIM",
        img_parts::riff::RiffContent::Data(Bytes::from_static(&[0; 6])),
    );
    parsed.chunks_mut().insert(0, anim);
    let mut moving = Vec::new();
    parsed.encoder().write_to(&mut moving).unwrap();
    assert!(animated(&Bytes::from(moving), Format::WebP));
    assert!(!animated(&Bytes::from(phone_jpeg(8, 8, 1)), Format::Jpeg));
}
