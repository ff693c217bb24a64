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
    let first = FirstScreen::take();
    leptos::mount::mount_to_body(move || {
        provide_context(first.clone());
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

/// What was typed into the sign-in screen that `index.html` shows before the
/// app arrives (and whether 登录 was pressed): the app's sign-in page starts
/// from it. The plain-HTML screen is removed as the app starts.
#[derive(Debug, Clone, Default)]
pub struct FirstScreen {
    pub phone: String,
    pub password: String,
    pub submitted: bool,
}

impl FirstScreen {
    fn take() -> FirstScreen {
        use wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else {
            return FirstScreen::default();
        };
        let Some(doc) = window.document() else {
            return FirstScreen::default();
        };
        let value = |id: &str| {
            doc.get_element_by_id(id)
                .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
                .map(|input| input.value())
                .unwrap_or_default()
        };
        let first = FirstScreen {
            phone: value("first-phone"),
            password: value("first-password"),
            submitted: js_sys::Reflect::get(&window, &"linliFirstSubmit".into())
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
        };
        if let Some(screen) = doc.get_element_by_id("first-screen") {
            screen.remove();
        }
        first
    }
}
