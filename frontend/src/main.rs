//! 邻里 Linli's phone client: Leptos, client-side rendered, talking to `/api/v1`.

mod api;
mod app;
mod components;
mod format;
mod i18n;
mod json;
mod pages;
mod paths;
mod session;

fn main() {
    leptos::mount::mount_to_body(app::App);
}
