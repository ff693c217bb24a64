//! Asking for WeChat subscribe messages at the moments WeChat allows: after
//! placing an order (to hear it accepted and done) and after taking one (to
//! hear of urging and new dispatches). Inside the mini-program's web-view the
//! prompt opens the mini-program's own page `/pages/subscribe/index`, which
//! calls `wx.requestSubscribeMessage` on the person's tap; anywhere else the
//! client does nothing.

use crate::i18n::use_i18n;
use leptos::prelude::*;
use shared::OrderId;

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function in_mini_program() {
  return window.__wxjs_environment === "miniprogram" || /miniProgram/i.test(navigator.userAgent);
}
export function ask_subscription(kinds) {
  const mp = window.wx && window.wx.miniProgram;
  if (!mp) return;
  fetch("/api/v1/info").then((r) => r.json()).then((info) => {
    const ids = kinds.split(",").map((k) => (info.wechat_templates || {})[k]).filter(Boolean);
    if (ids.length) mp.navigateTo({ url: "/pages/subscribe/index?tmplIds=" + encodeURIComponent(ids.join(",")) });
  });
}
"#)]
extern "C" {
    fn in_mini_program() -> bool;
    /// `kinds`: notification kinds, comma-separated.
    fn ask_subscription(kinds: &str);
}

/// The order just placed or taken here, and what its person would hear of.
#[derive(Clone, Copy)]
pub struct Moment(pub RwSignal<Option<(OrderId, &'static str)>>);

/// What a requester hears of, and whoever has the order.
pub const REQUESTER_KINDS: &str = "accepted,completed";
pub const ASSIGNEE_KINDS: &str = "urged,dispatched";

impl Moment {
    /// Notes the moment, inside WeChat only.
    pub fn arrived(self, order: OrderId, kinds: &'static str) {
        if in_mini_program() {
            self.0.set(Some((order, kinds)));
        }
    }
}

/// The prompt on the order page, when this order's moment has come.
#[component]
pub fn SubscribePrompt(order: OrderId) -> impl IntoView {
    let t = use_i18n().t();
    let moment = expect_context::<Moment>().0;
    let ask = move |kinds: &'static str| {
        moment.set(None);
        ask_subscription(kinds);
    };
    move || {
        moment.get().filter(|(id, _)| *id == order).map(|(_, kinds)| view! {
            <div class="card subscribe-prompt" role="status">
                <p>{t.wechat_subscribe_hint}</p>
                <div class="panel-buttons">
                    <button type="button" class="button secondary" on:click=move |_| moment.set(None)>{t.not_now}</button>
                    <button type="button" class="button primary" on:click=move |_| ask(kinds)>{t.wechat_subscribe}</button>
                </div>
            </div>
        })
    }
}
