//! A row of filter chips. On a narrow phone it scrolls sideways; then its far
//! edge fades out, so that nobody mistakes the visible chips for all of them.

use leptos::html::Div;
use leptos::prelude::*;

#[component]
pub fn ChipRow(
    children: Children,
    /// An invisible label, when there is no visible one.
    #[prop(default = None)]
    label: Option<&'static str>,
    /// The id of a visible label.
    #[prop(default = None)]
    labelled_by: Option<&'static str>,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let check = move || {
        if let Some(el) = node.get_untracked() {
            let more = el.scroll_left() + el.client_width() + 2 < el.scroll_width();
            let _ = el.set_attribute("data-more", if more { "true" } else { "false" });
        }
    };
    // After the first layout; the row's contents do not change afterwards.
    request_animation_frame(check);
    view! {
        <div class="chips" role="group" aria-label=label aria-labelledby=labelled_by node_ref=node
            on:scroll=move |_| check()>
            {children()}
        </div>
    }
}
