//! Turning what a phone sends into what Linli keeps: decoded by content (never
//! by name or header), turned upright by its EXIF orientation, shrunk to at
//! most 2048 px on its longest side with a 320 px thumbnail, and re-encoded as
//! JPEG from the pixels alone, so that no metadata survives (a phone photo
//! carries the GPS position of the resident's home). CPU-bound: call it from a
//! blocking task.

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};
use std::io::Cursor;

/// Longest side of a kept photo.
pub const MAX_SIDE: u32 = 2048;
/// Longest side of its thumbnail.
pub const THUMB_SIDE: u32 = 320;
/// Larger sides are refused before anything is decoded (a small file may
/// declare a huge image).
pub const MAX_DECODED_SIDE: u32 = 12_000;
const QUALITY: u8 = 82;

/// A photo ready to store.
#[derive(Debug)]
pub struct Processed {
    pub photo: Vec<u8>,
    pub thumbnail: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the file is not a JPEG, PNG or WebP image")]
    NotAnImage,
    #[error("the image is damaged or cannot be read")]
    Unreadable,
    #[error("the image is too large: at most {MAX_DECODED_SIDE} pixels a side")]
    TooLarge,
}

pub fn process(bytes: &[u8]) -> Result<Processed, Refusal> {
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        _ => return Err(Refusal::NotAnImage),
    };
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    let orientation = decoder.orientation().map_err(refusal)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    img.apply_orientation(orientation);

    let img = fit(img, MAX_SIDE);
    let thumb = fit(img.clone(), THUMB_SIDE);
    let (width, height) = (img.width(), img.height());
    Ok(Processed {
        photo: jpeg(&img)?,
        thumbnail: jpeg(&thumb)?,
        width,
        height,
    })
}

fn refusal(e: image::ImageError) -> Refusal {
    match e {
        image::ImageError::Limits(_) => Refusal::TooLarge,
        image::ImageError::Unsupported(_) => Refusal::NotAnImage,
        _ => Refusal::Unreadable,
    }
}

/// Shrinks to fit a `side` square, keeping the shape; never enlarges. Each
/// source pixel goes into one target pixel (an area average: right for
/// shrinking, and nearly twice as fast as a triangle filter on a phone photo;
/// `cargo bench -p server --bench photos`).
fn fit(img: DynamicImage, side: u32) -> DynamicImage {
    if img.width() <= side && img.height() <= side {
        img
    } else {
        img.thumbnail(side, side)
    }
}

/// JPEG from the pixels only; transparency goes onto white.
fn jpeg(img: &DynamicImage) -> Result<Vec<u8>, Refusal> {
    let rgb: RgbImage = if img.color().has_alpha() {
        let rgba = img.to_rgba8();
        RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
            let [r, g, b, a] = rgba.get_pixel(x, y).0;
            let over = |c: u8| ((c as u32 * a as u32 + 255 * (255 - a as u32)) / 255) as u8;
            image::Rgb([over(r), over(g), over(b)])
        })
    } else {
        img.to_rgb8()
    };
    let mut out = Vec::with_capacity(rgb.len() / 8);
    JpegEncoder::new_with_quality(&mut out, QUALITY)
        .encode_image(&rgb)
        .map_err(|_| Refusal::Unreadable)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::ImageEncoder;

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn exif_of(jpeg: &[u8]) -> Option<Vec<u8>> {
        let mut d = ImageReader::with_format(Cursor::new(jpeg), ImageFormat::Jpeg)
            .into_decoder()
            .expect("our output decodes");
        d.exif_metadata().expect("reads")
    }

    #[test]
    fn phone_photos_come_out_upright_small_and_without_metadata() {
        // Each fixture is 3000×2000 (or 600×400) with orientation 6 and GPS.
        for (name, w, h) in [
            ("phone.jpg", 1365, 2048),
            ("phone.png", 400, 600),
            ("phone.webp", 400, 600),
        ] {
            let input = fixture(name);
            assert!(input.windows(10).any(|w| w == b"LinliPhone"), "{name}");
            let out = process(&input).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!((out.width, out.height), (w, h), "{name}: turned upright");
            assert_eq!(
                image::guess_format(&out.photo).ok(),
                Some(ImageFormat::Jpeg)
            );
            for bytes in [&out.photo, &out.thumbnail] {
                assert_eq!(exif_of(bytes), None, "{name}: no EXIF");
                assert!(!bytes.windows(10).any(|w| w == b"LinliPhone"), "{name}");
                assert!(!bytes.windows(4).any(|w| w == b"Exif"), "{name}");
            }
            let thumb = image::load_from_memory(&out.thumbnail).expect("thumbnail decodes");
            assert!(thumb.width().max(thumb.height()) <= THUMB_SIDE, "{name}");
            // Rotated 90° clockwise: the red top-left quarter is now top-right.
            let photo = image::load_from_memory(&out.photo)
                .expect("photo decodes")
                .to_rgb8();
            let [r, g, _] = photo.get_pixel(out.width - 5, 5).0;
            assert!(r > 180 && g < 120, "{name}: top-right is red, got {r},{g}");
        }
    }

    #[test]
    fn transparency_goes_onto_white() {
        let out = process(&fixture("transparent.png")).expect("a PNG");
        let img = image::load_from_memory(&out.photo)
            .expect("decodes")
            .to_rgb8();
        assert!(img.get_pixel(150, 50).0.iter().all(|&c| c > 240));
        assert!(img.get_pixel(50, 50).0[1] > 100);
    }

    #[test]
    fn anything_else_is_refused_by_content() {
        assert_eq!(
            process(&fixture("not-an-image.jpg")).err(),
            Some(Refusal::NotAnImage)
        );
        let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
        assert_eq!(process(gif).err(), Some(Refusal::NotAnImage));
        let mut cut = fixture("phone.jpg");
        cut.truncate(600);
        assert_eq!(process(&cut).err(), Some(Refusal::Unreadable));
    }

    /// CRC-32 (IEEE), as PNG chunks carry it.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= b as u32;
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn a_huge_declared_size_is_refused_before_decoding() {
        // A valid PNG header declaring 60000×60000 pixels.
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(&[0u8; 3], 1, 1, image::ExtendedColorType::Rgb8)
            .expect("encodes");
        png[16..20].copy_from_slice(&60_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&60_000u32.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(process(&png).err(), Some(Refusal::TooLarge));
    }
}
