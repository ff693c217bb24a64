//! 邻里 Linli's web clients: what the phone app (residents, volunteers, unit
//! members, at `/`) and the desk (the committee, grid workers, street officers
//! and admins, at `/desk/`) share — the typed API client, the session, the
//! words, the order card and page, photos, the live stream, loading states,
//! icons and toasts. Each app (`src/bin/phone`, `src/bin/desk`) holds only its
//! own routes and pages and starts with [`app::start`].

pub mod api;
pub mod app;
pub mod components;
pub mod format;
pub mod i18n;
pub mod json;
pub mod pages;
pub mod paths;
pub mod session;
