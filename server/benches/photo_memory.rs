//! What one worst-case photo costs the server in memory: the peak resident
//! size (VmHWM) of the release `linli`, freshly started on its own SQLite
//! database, after it has taken one upload — the largest photos it accepts
//! (50 megapixels; 150 MB once decoded) and files that declare more.
//!
//!     cargo bench -p server --bench photo_memory
//!
//! Linux only (reads /proc/<pid>/status).

use serde_json::{json, Value};

mod support;

/// VmHWM (peak) and VmRSS (now) of a process, in MB.
fn memory(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

fn multipart(bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "linli-bench-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p\"\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn encode(img: image::DynamicImage, format: image::ImageFormat) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).expect("encodes");
    out.into_inner()
}

/// Gradients with a little noise (`noise` low bits): a photo-like image that
/// still fits the 10 MB an upload may have.
fn photo_rgb(w: u32, h: u32, noise: u32) -> image::RgbImage {
    let mut seed = 7u32;
    image::RgbImage::from_fn(w, h, |x, y| {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let n = (seed >> (32 - noise.max(1))) as u8 & ((1u8 << noise) - 1);
        image::Rgb([(x / 32) as u8 ^ n, (y / 32) as u8, ((x + y) / 64) as u8 ^ n])
    })
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // 8160×6120: a 50-megapixel phone camera's full-size photo.
    let (w, h) = (8160, 6120);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "JPEG 8160×6120 (50 MP)",
            encode(photo_rgb(w, h, 2).into(), image::ImageFormat::Jpeg),
        ),
        (
            "PNG RGB 8160×6120 (50 MP)",
            encode(photo_rgb(w, h, 0).into(), image::ImageFormat::Png),
        ),
        ("PNG RGBA 7000×5350 (37 MP, 150 MB)", {
            let rgb = photo_rgb(7000, 5350, 0);
            encode(
                image::DynamicImage::ImageRgb8(rgb).to_rgba8().into(),
                image::ImageFormat::Png,
            )
        }),
        ("WebP 84 bytes declaring 11585×11585", {
            let side = 11_585u32;
            let bits = (side - 1) | ((side - 1) << 14);
            let payload: Vec<u8> = [&[0x2F][..], &bits.to_le_bytes(), &[0u8; 59]].concat();
            let mut webp = b"RIFF".to_vec();
            webp.extend_from_slice(&(payload.len() as u32 + 12).to_le_bytes());
            webp.extend_from_slice(b"WEBPVP8L");
            webp.extend_from_slice(&(payload.len() as u32).to_le_bytes());
            webp.extend_from_slice(&payload);
            webp
        }),
    ];
    println!(
        "{:<38} {:>9} {:>8} {:>12} {:>12}",
        "upload", "size", "status", "peak before", "peak after"
    );
    let http = reqwest::Client::new();
    for (name, bytes) in cases {
        let server = support::Server::start("photo-memory");
        let base = server.base.clone();
        let login: Value = http
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({"phone": "13900000011", "password": "demo1234"}))
            .send()
            .await
            .expect("login")
            .json()
            .await
            .expect("login body");
        let token = login["access_token"].as_str().expect("token").to_string();
        let (before, _) = memory(server.pid());
        let (kind, body) = multipart(&bytes);
        let status = http
            .post(format!("{base}/api/v1/uploads"))
            .bearer_auth(&token)
            .header("Content-Type", kind)
            .body(body)
            .send()
            .await
            .expect("upload")
            .status();
        let (after, _) = memory(server.pid());
        println!(
            "{name:<38} {:>6} KB {:>8} {:>9} MB {:>9} MB",
            bytes.len() / 1024,
            status.as_u16(),
            before,
            after
        );
        drop(server);
    }
}
