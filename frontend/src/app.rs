//! What both apps start with: the language, the session, the API client,
//! toasts, the bell's count, the live stream and the WeChat moment, provided
//! at the root; then the app's own route table inside the router.

use crate::api::Api;
use crate::components::toast::{ToastView, Toasts};
use crate::i18n::{I18n, Lang};
use crate::paths::Side;
use crate::session::Session;
use leptos::prelude::*;
use leptos_router::components::Router;

/// Mounts an app: `routes` is its route table (a `<Routes>`). Pages read their
/// words once, so a language switch mounts the routes anew.
pub fn start(side: Side, routes: fn() -> AnyView) {
    crate::paths::set_side(side);
    leptos::mount::mount_to_body(move || {
        let lang = Lang::load();
        lang.save();
        let i18n = I18n(RwSignal::new(lang));
        provide_context(i18n);
        let session = Session::load();
        provide_context(session);
        provide_context(Api { session });
        provide_context(Toasts::new());
        provide_context(crate::components::shell::Unread(RwSignal::new(0)));
        provide_context(crate::components::live::Live(RwSignal::new(None)));
        provide_context(crate::components::wechat::Moment(RwSignal::new(None)));
        view! {
            <Router>
                {move || {
                    i18n.lang();
                    routes()
                }}
            </Router>
            <ToastView />
        }
    });
}
