//! Photos as the tests need them: multipart bodies built by hand, files
//! crafted to declare huge images or to lack their data, and the files a
//! photo store holds.

/// A PNG declaring `side`×`side` RGB pixels, turned by EXIF orientation 6,
/// with a few bytes of data.
pub fn png_bomb(side: u32) -> Vec<u8> {
    // A little-endian TIFF with one entry: Orientation (0x0112) = 6.
    let exif = b"II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00\x06\x00\x00\x00\x00\x00\x00\x00";
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut png = encoder.write_header().expect("a header");
    png.write_chunk(png::chunk::ChunkType(*b"eXIf"), exif)
        .expect("eXIf");
    png.write_chunk(png::chunk::IDAT, &[0x78, 0x01, 0, 0, 0])
        .expect("IDAT");
    drop(png);
    out
}

/// A lossless WebP of 84 bytes declaring `side`×`side`.
pub fn webp_bomb(side: u32) -> Vec<u8> {
    let bits = (side - 1) | ((side - 1) << 14);
    let payload: Vec<u8> = [&[0x2F][..], &bits.to_le_bytes(), &[0u8; 59]].concat();
    let mut body = b"VP8L".to_vec();
    body.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    body.extend_from_slice(&payload);
    let mut webp = b"RIFF".to_vec();
    webp.extend_from_slice(&(body.len() as u32 + 4).to_le_bytes());
    webp.extend_from_slice(b"WEBP");
    webp.extend_from_slice(&body);
    webp
}

/// A JPEG's headers declaring `w`×`h`, and no image data after its scan
/// header.
pub fn jpeg_headers_only(w: u16, h: u16) -> Vec<u8> {
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 80)
        .encode(&[128u8; 3 * 64], 8, 8, image::ExtendedColorType::Rgb8)
        .expect("encodes");
    let at = |jpeg: &[u8], m: [u8; 2]| jpeg.windows(2).position(|w| w == m).expect("a marker");
    let sof = at(&jpeg, [0xFF, 0xC0]);
    jpeg[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    let sos = at(&jpeg, [0xFF, 0xDA]);
    let len = usize::from(u16::from_be_bytes([jpeg[sos + 2], jpeg[sos + 3]]));
    jpeg.truncate(sos + 2 + len);
    jpeg
}

/// A multipart body of `fields` empty fields, then `photo` as the field
/// `file`; and its content type.
pub fn multipart_body(fields: usize, photo: &[u8]) -> (String, Vec<u8>) {
    let boundary = "linli-test-boundary-7d1f";
    let empty = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n\r\n");
    let mut body = empty.repeat(fields).into_bytes();
    body.extend_from_slice(part_head(boundary, "file", "a.png").as_bytes());
    body.extend_from_slice(photo);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The head of one multipart part holding a file.
pub fn part_head(boundary: &str, field: &str, filename: &str) -> String {
    format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\nContent-Type: image/jpeg\r\n\r\n"
    )
}

/// The files under `dir`, however deep.
pub fn files_in(dir: &std::path::Path) -> usize {
    fn walk(d: &std::path::Path) -> usize {
        std::fs::read_dir(d)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| {
                        if e.path().is_dir() {
                            walk(&e.path())
                        } else {
                            1
                        }
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    walk(dir)
}
