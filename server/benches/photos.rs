//! What a photo costs the server: decoding, turning upright, shrinking,
//! thumbnailing and re-encoding (`services::uploads::image::process`, what
//! `POST /uploads` runs in a blocking task) on real-sized phone photos.
//!
//!     cargo bench -p server --bench photos
//!     BENCH_ROUNDS=20 cargo bench -p server --bench photos
//!
//! Prints the median and slowest time per photo, and photos per second per core.

use server::services::uploads::image::process;
use std::time::{Duration, Instant};

fn rounds() -> usize {
    std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10)
}

/// A 12-megapixel camera photo: smooth gradients with some noise, JPEG 90%.
fn camera_photo(w: u32, h: u32) -> Vec<u8> {
    let mut seed = 1u32;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let n = (seed >> 28) as u8;
        image::Rgb([
            (x * 255 / w) as u8 ^ n,
            (y * 255 / h) as u8,
            ((x + y) % 256) as u8 ^ n,
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&img)
        .expect("a JPEG");
    out
}

fn measure(name: &str, bytes: &[u8]) {
    let mut times: Vec<Duration> = (0..rounds())
        .map(|_| {
            let t = Instant::now();
            let out = process(bytes).expect("a photo");
            std::hint::black_box(out.photo.len() + out.thumbnail.len());
            t.elapsed()
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{name:<28} {:>6} KB in   median {:>5} ms   slowest {:>5} ms   {:>5.1} photos/s per core",
        bytes.len() / 1024,
        median.as_millis(),
        times[times.len() - 1].as_millis(),
        1.0 / median.as_secs_f64()
    );
}

fn main() {
    let fixture = |name: &str| {
        std::fs::read(format!(
            "{}/tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("a fixture")
    };
    measure("phone.jpg (3000×2000)", &fixture("phone.jpg"));
    measure("camera JPEG (4000×3000)", &camera_photo(4000, 3000));
    measure(
        "shrunk by the client (2048×1536)",
        &camera_photo(2048, 1536),
    );
    measure("phone.png (600×400)", &fixture("phone.png"));
}
