//! Opaque secrets: refresh tokens are random, sent once, and stored only as a hash.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// 32 random bytes, hex-encoded.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}
