//! Who is signed in, which hat they wear, and their tokens — kept in
//! localStorage so a reload keeps the session.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::api::{Me, TokenResponse};
use shared::Role;

const KEY: &str = "linli.session";

/// The hat a person wears decides their tabs and home page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Hat {
    Resident,
    /// Volunteer or unit member: takes tasks.
    Worker,
    /// Committee, grid worker or district admin: watches and dispatches.
    Committee,
    /// Street officer or district admin: the orders escalated to them (督办).
    Officer,
}

impl Hat {
    /// The app this hat works in.
    pub fn side(self) -> crate::paths::Side {
        match self {
            Hat::Resident | Hat::Worker => crate::paths::Side::Phone,
            Hat::Committee | Hat::Officer => crate::paths::Side::Desk,
        }
    }

    pub fn home(self) -> &'static str {
        match self {
            Hat::Resident => crate::paths::HOME,
            Hat::Worker => crate::paths::TASKS,
            Hat::Committee => crate::paths::DESK,
            Hat::Officer => crate::paths::ESCALATED,
        }
    }
}

pub fn hats(roles: &[Role]) -> Vec<Hat> {
    let mut out = Vec::new();
    if roles
        .iter()
        .any(|r| matches!(r, Role::Committee | Role::GridWorker | Role::Admin))
    {
        out.push(Hat::Committee);
    }
    if roles
        .iter()
        .any(|r| matches!(r, Role::StreetOfficer | Role::Admin))
    {
        out.push(Hat::Officer);
    }
    if roles
        .iter()
        .any(|r| matches!(r, Role::Volunteer | Role::UnitMember))
    {
        out.push(Hat::Worker);
    }
    if roles.contains(&Role::Resident) {
        out.push(Hat::Resident);
    }
    out
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stored {
    pub access_token: String,
    pub refresh_token: String,
    pub user: Me,
    pub hat: Option<Hat>,
}

/// The signed-in session, and whether the last one ended because it expired.
#[derive(Clone, Copy)]
pub struct Session(RwSignal<Option<Stored>>, RwSignal<bool>);

pub(crate) fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The device token this phone number got on this device, kept across
/// sign-outs (it only proves the device signed in before).
pub fn device_token(phone: &str) -> Option<String> {
    storage()?.get_item(&format!("linli.device.{phone}")).ok()?
}

pub fn remember_device(phone: &str, token: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(&format!("linli.device.{phone}"), token);
    }
}

impl Session {
    pub fn load() -> Self {
        let stored = storage()
            .and_then(|s| s.get_item(KEY).ok().flatten())
            .and_then(|json| crate::json::from_json::<Stored>(&json).ok());
        Session(RwSignal::new(stored), RwSignal::new(false))
    }

    fn persist(&self) {
        let Some(s) = storage() else { return };
        match self.0.get_untracked() {
            Some(stored) => {
                if let Ok(json) = crate::json::to_json(&stored) {
                    let _ = s.set_item(KEY, &json);
                }
            }
            None => {
                let _ = s.remove_item(KEY);
            }
        }
    }

    pub fn sign_in(&self, t: TokenResponse) {
        self.1.set(false);
        let available = hats(&t.user.roles);
        let hat = (available.len() == 1).then(|| available[0]);
        self.0.set(Some(Stored {
            access_token: t.access_token,
            refresh_token: t.refresh_token,
            user: t.user,
            hat,
        }));
        self.persist();
    }

    pub fn update_tokens(&self, t: TokenResponse) {
        self.0.update(|s| {
            if let Some(s) = s {
                s.access_token = t.access_token;
                s.refresh_token = t.refresh_token;
                s.user = t.user;
            }
        });
        self.persist();
    }

    pub fn set_user(&self, me: Me) {
        self.0.update(|s| {
            if let Some(s) = s {
                s.user = me;
            }
        });
        self.persist();
    }

    pub fn set_hat(&self, hat: Hat) {
        self.0.update(|s| {
            if let Some(s) = s {
                s.hat = Some(hat);
            }
        });
        self.persist();
    }

    pub fn clear(&self) {
        self.0.set(None);
        self.persist();
    }

    /// The server refused to renew the session: end it, and say so at sign-in.
    pub fn expire(&self) {
        self.1.set(true);
        self.clear();
    }

    pub fn expired(&self) -> bool {
        self.1.get()
    }

    pub fn signed_in(&self) -> bool {
        self.0.with(|s| s.is_some())
    }

    pub fn user(&self) -> Option<Me> {
        self.0.with(|s| s.as_ref().map(|s| s.user.clone()))
    }

    pub fn hat(&self) -> Option<Hat> {
        self.0.with(|s| s.as_ref().and_then(|s| s.hat))
    }

    pub fn access_token(&self) -> Option<String> {
        self.0
            .with_untracked(|s| s.as_ref().map(|s| s.access_token.clone()))
    }

    pub fn refresh_token(&self) -> Option<String> {
        self.0
            .with_untracked(|s| s.as_ref().map(|s| s.refresh_token.clone()))
    }
}
