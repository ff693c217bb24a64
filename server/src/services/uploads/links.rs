//! Signed links to photos: `{base}/api/v1/uploads/{id}/{photo|thumbnail}?expires=…&sig=…`,
//! an HMAC-SHA256 of the id, the size and the expiry under a key derived from
//! the server's secret (every server of a deployment shares it, so any server
//! honours a link another one gave). `<img>` cannot send a token, so the link
//! itself is the permission; it is only given to who may see the order, and
//! stops working after about an hour.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use shared::api::Photo;
use shared::UploadId;
use std::sync::Arc;

/// How long a link works, at least; the expiry is rounded up to the next ten
/// minutes so that a page reloaded within them gets the same links (and the
/// browser's cached photos).
pub const VALID_SECS: i64 = 3600;
const ROUND_SECS: i64 = 600;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    Photo,
    Thumbnail,
}

impl Size {
    pub fn as_str(self) -> &'static str {
        match self {
            Size::Photo => "photo",
            Size::Thumbnail => "thumbnail",
        }
    }

    pub fn parse(s: &str) -> Option<Size> {
        match s {
            "photo" => Some(Size::Photo),
            "thumbnail" => Some(Size::Thumbnail),
            _ => None,
        }
    }
}

/// The signing key, derived once from the server's secret.
pub struct LinkSigner {
    key: [u8; 32],
}

impl LinkSigner {
    pub fn new(secret: &str) -> LinkSigner {
        let mut h = Sha256::new();
        h.update(b"linli photo links\0");
        h.update(secret.as_bytes());
        LinkSigner {
            key: h.finalize().into(),
        }
    }

    fn mac(&self, id: UploadId, size: Size, expires: i64) -> Hmac<Sha256> {
        // A 32-byte key always fits HMAC-SHA256.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(format!("{id}/{}/{expires}", size.as_str()).as_bytes());
        mac
    }

    pub fn sign(&self, id: UploadId, size: Size, expires: i64) -> String {
        hex::encode(self.mac(id, size, expires).finalize().into_bytes())
    }

    /// The link is genuine (compared in constant time) and not yet expired.
    pub fn verify(
        &self,
        id: UploadId,
        size: Size,
        expires: i64,
        sig: &str,
        now: DateTime<Utc>,
    ) -> bool {
        let Ok(sig) = hex::decode(sig) else {
            return false;
        };
        now.timestamp() < expires && self.mac(id, size, expires).verify_slice(&sig).is_ok()
    }
}

/// Makes the links of one answer: where the caller reached the server, and one
/// expiry for all. Routes get it as an extractor (`routes/uploads.rs`).
pub struct Links {
    signer: Arc<LinkSigner>,
    base: String,
    expires: i64,
}

impl Links {
    pub fn new(signer: Arc<LinkSigner>, base: impl Into<String>, now: DateTime<Utc>) -> Links {
        let at_least = now.timestamp() + VALID_SECS;
        Links {
            signer,
            base: base.into().trim_end_matches('/').to_string(),
            expires: (at_least + ROUND_SECS - 1).div_euclid(ROUND_SECS) * ROUND_SECS,
        }
    }

    pub fn link(&self, id: UploadId, size: Size) -> String {
        format!(
            "{}/api/v1/uploads/{id}/{}?expires={}&sig={}",
            self.base,
            size.as_str(),
            self.expires,
            self.signer.sign(id, size, self.expires)
        )
    }

    pub fn photo(&self, id: UploadId) -> Photo {
        Photo {
            url: self.link(id, Size::Photo),
            thumbnail_url: self.link(id, Size::Thumbnail),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_link_works_for_about_an_hour_and_only_as_given() {
        let signer = Arc::new(LinkSigner::new("secret"));
        let now = Utc
            .with_ymd_and_hms(2026, 11, 22, 8, 3, 0)
            .single()
            .expect("a time");
        let links = Links::new(signer.clone(), "http://x/", now);
        assert_eq!(
            links.expires - now.timestamp(),
            3600 + 420,
            "rounded up to :10"
        );
        let sig = signer.sign(UploadId(7), Size::Photo, links.expires);
        let ok = |id, size, exp, sig: &str, at| signer.verify(id, size, exp, sig, at);
        assert!(ok(UploadId(7), Size::Photo, links.expires, &sig, now));
        let late = now + chrono::Duration::seconds(3600 + 420);
        assert!(!ok(UploadId(7), Size::Photo, links.expires, &sig, late));
        assert!(!ok(UploadId(8), Size::Photo, links.expires, &sig, now));
        assert!(!ok(UploadId(7), Size::Thumbnail, links.expires, &sig, now));
        assert!(!ok(
            UploadId(7),
            Size::Photo,
            links.expires + 600,
            &sig,
            now
        ));
        assert!(!ok(UploadId(7), Size::Photo, links.expires, "zz", now));
        let other = LinkSigner::new("another secret");
        assert!(!other.verify(UploadId(7), Size::Photo, links.expires, &sig, now));
        assert!(links
            .link(UploadId(7), Size::Thumbnail)
            .starts_with("http://x/api/v1/uploads/7/thumbnail?expires="));
    }
}
