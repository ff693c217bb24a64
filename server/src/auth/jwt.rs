//! Access tokens: HS256 only (the algorithm is pinned, `none` never accepted),
//! with issuer, audience and expiry checked.

use super::Caller;
use jsonwebtoken::{errors::ErrorKind, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use shared::Role;
use shared::{CommunityId, DistrictId, StreetId, UnitId, UserId};

const ISSUER: &str = "linli";
const AUDIENCE: &str = "linli-api";
/// Device tokens prove that a device signed in before; they open nothing else.
const DEVICE_AUDIENCE: &str = "linli-device";
const DEVICE_TTL_SECS: i64 = 180 * 24 * 3600;
/// Registration tokens carry a WeChat openid bound to nobody, to register with.
const REGISTER_AUDIENCE: &str = "linli-register";
const REGISTER_TTL_SECS: i64 = 30 * 60;

#[derive(Debug, Serialize, Deserialize)]
struct DeviceClaims {
    sub: String,
    iss: String,
    aud: String,
    iat: i64,
    exp: i64,
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    iss: String,
    aud: String,
    iat: i64,
    exp: i64,
    roles: Vec<Role>,
    #[serde(default)]
    cid: Option<CommunityId>,
    #[serde(default)]
    did: Option<DistrictId>,
    #[serde(default)]
    unit: Option<UnitId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sid: Option<StreetId>,
    /// The session: the refresh-token family the token was issued with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fam: Option<String>,
    /// The account's `session_epoch` when the token was issued.
    #[serde(default)]
    ep: i32,
}

pub enum VerifyError {
    Expired,
    Invalid,
}

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    device_validation: Validation,
    pub ttl_secs: i64,
}

impl JwtKeys {
    pub fn new(secret: &str, ttl_secs: i64) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 5;
        let mut device_validation = validation.clone();
        device_validation.set_audience(&[DEVICE_AUDIENCE]);
        JwtKeys {
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            decoding: DecodingKey::from_secret(secret.as_bytes()),
            validation,
            device_validation,
            ttl_secs,
        }
    }

    /// A token the client keeps to show, at later sign-ins, that this device
    /// signed in to this account before.
    pub fn issue_device(&self, user_id: UserId) -> anyhow::Result<String> {
        let now = chrono::Utc::now().timestamp();
        let claims = DeviceClaims {
            sub: user_id.to_string(),
            iss: ISSUER.into(),
            aud: DEVICE_AUDIENCE.into(),
            iat: now,
            exp: now + DEVICE_TTL_SECS,
        };
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    /// A token that lets an unbound WeChat account register (30 minutes). Its
    /// one use binds the openid, which a unique index then keeps from a second.
    pub fn issue_registration(&self, openid: &str) -> anyhow::Result<String> {
        let now = chrono::Utc::now().timestamp();
        let claims = DeviceClaims {
            sub: openid.to_string(),
            iss: ISSUER.into(),
            aud: REGISTER_AUDIENCE.into(),
            iat: now,
            exp: now + REGISTER_TTL_SECS,
        };
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    /// The openid of a valid registration token.
    pub fn registration_openid(&self, token: &str) -> Option<String> {
        let mut v = self.device_validation.clone();
        v.set_audience(&[REGISTER_AUDIENCE]);
        jsonwebtoken::decode::<DeviceClaims>(token, &self.decoding, &v)
            .ok()
            .map(|d| d.claims.sub)
    }

    /// The user a valid device token was issued to.
    pub fn device_user(&self, token: &str) -> Option<UserId> {
        jsonwebtoken::decode::<DeviceClaims>(token, &self.decoding, &self.device_validation)
            .ok()
            .and_then(|d| d.claims.sub.parse().ok())
    }

    pub fn issue(&self, caller: &Caller) -> anyhow::Result<String> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: caller.user_id.to_string(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: now,
            exp: now + self.ttl_secs,
            roles: caller.roles.clone(),
            cid: caller.community_id,
            did: caller.district_id,
            unit: caller.unit_id,
            sid: caller.street_id,
            fam: caller.session.clone(),
            ep: caller.epoch,
        };
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    pub fn verify(&self, token: &str) -> Result<Caller, VerifyError> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => VerifyError::Expired,
                _ => VerifyError::Invalid,
            })?;
        let c = data.claims;
        Ok(Caller {
            user_id: c.sub.parse().map_err(|_| VerifyError::Invalid)?,
            roles: c.roles,
            community_id: c.cid,
            district_id: c.did,
            unit_id: c.unit,
            street_id: c.sid,
            session: c.fam,
            epoch: c.ep,
            token_expires: chrono::DateTime::from_timestamp(c.exp, 0),
        })
    }
}
