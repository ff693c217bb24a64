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
/// Larger images are refused before anything is decoded: a file of a few
/// bytes may declare a huge image, and decoding takes its whole size in
/// memory. 50 megapixels is the largest a phone camera takes.
pub const MAX_PIXELS: u64 = 50_000_000;
/// And no side longer than this (a panorama beyond it is refused).
pub const MAX_DECODED_SIDE: u32 = 12_000;
/// The decoded image's size at most: 50 megapixels of 8-bit RGB (150 MB).
/// Images with transparency or 16-bit colour take more bytes a pixel and so
/// are held to fewer pixels; the peak memory of one upload stays under 300 MB
/// (`cargo bench -p server --bench photo_memory`).
pub const MAX_DECODED_BYTES: u64 = 3 * MAX_PIXELS;
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
    #[error(
        "the image is too large: at most 50 megapixels (fewer with transparency) \
         and {MAX_DECODED_SIDE} pixels a side"
    )]
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
    // What the decoders may allocate besides the image (their own buffers).
    limits.max_alloc = Some(MAX_DECODED_BYTES + (16 << 20));
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS || decoder.total_bytes() > MAX_DECODED_BYTES {
        return Err(Refusal::TooLarge);
    }
    if format == ImageFormat::Jpeg && !jpeg_has_image_data(bytes, w, h) {
        return Err(Refusal::Unreadable);
    }
    let orientation = decoder.orientation().map_err(refusal)?;
    let img = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    // Shrink first, then turn: turning the full image would take its size in
    // memory a second time.
    let mut img = fit(img, MAX_SIDE);
    img.apply_orientation(orientation);
    let thumb = fit(img.clone(), THUMB_SIDE);
    let (width, height) = (img.width(), img.height());
    Ok(Processed {
        photo: jpeg(&img)?,
        thumbnail: jpeg(&thumb)?,
        width,
        height,
    })
}

/// Whether a JPEG carries enough compressed data for the size it declares.
/// The decoder fills what is missing with grey rather than failing, so a file
/// of headers alone would become a grey photo. Every 8×8 block of a real JPEG
/// takes at least one bit of its first scan (a Huffman code is never shorter);
/// a quarter of that is allowed for unusual sampling.
fn jpeg_has_image_data(bytes: &[u8], width: u32, height: u32) -> bool {
    let blocks = u64::from(width.div_ceil(8)) * u64::from(height.div_ceil(8));
    jpeg_scan_bytes(bytes).is_some_and(|n| n as u64 * 8 * 4 >= blocks)
}

/// The bytes after the first start-of-scan header, walking the segments from
/// the start; `None` when there is no scan.
fn jpeg_scan_bytes(b: &[u8]) -> Option<usize> {
    let mut i = 2; // past SOI
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        match b[i + 1] {
            // Fill bytes before a marker.
            0xFF => i += 1,
            // Markers without a length.
            0x01 | 0xD0..=0xD8 => i += 2,
            marker => {
                let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
                if marker == 0xDA {
                    return Some(b.len().saturating_sub(i + 2 + len));
                }
                i += 2 + len;
            }
        }
    }
    None
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

    /// A PNG declaring `w`×`h`, with a few bytes of its data.
    fn png_declaring(w: u32, h: u32, color: png::ColorType) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(color);
        encoder.set_depth(png::BitDepth::Eight);
        let mut png = encoder.write_header().expect("a header");
        png.write_chunk(png::chunk::IDAT, &[0x78, 0x01, 0, 0, 0])
            .expect("IDAT");
        drop(png);
        out
    }

    #[test]
    fn a_huge_declared_size_is_refused_before_decoding() {
        use png::ColorType::{Rgb as Rgb8, Rgba as Rgba8};
        // Past the side limit, past 50 megapixels, and 49 megapixels that
        // with transparency would take 196 MB decoded.
        for (w, h, color) in [
            (60_000, 60_000, Rgb8),
            (11_585, 11_585, Rgb8),
            (8_000, 8_000, Rgb8),
            (7_000, 7_000, Rgba8),
        ] {
            let png = png_declaring(w, h, color);
            assert_eq!(process(&png).err(), Some(Refusal::TooLarge), "{w}×{h}");
        }
        // 50 megapixels of RGB pass the size check (then fail on their
        // missing data, which is not a size).
        let png = png_declaring(7_000, 7_000, Rgb8);
        assert_eq!(process(&png).err(), Some(Refusal::Unreadable));
    }

    #[test]
    fn a_jpeg_of_headers_without_image_data_is_damaged() {
        // A real photo has the data its size needs…
        let photo = fixture("phone.jpg");
        assert!(jpeg_has_image_data(&photo, 3000, 2000));
        // …and without it (cut after its scan header, or a few bytes into
        // its data) it is damaged, not a grey photo.
        let scan = photo.len() - jpeg_scan_bytes(&photo).expect("a scan");
        for cut in [scan, scan + 100] {
            assert_eq!(
                process(&photo[..cut]).err(),
                Some(Refusal::Unreadable),
                "{cut}"
            );
        }
    }
}
