use crate::i18n::use_i18n;
use crate::session::{hats, Hat, Session};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

pub fn hat_label(hat: Hat, t: &crate::i18n::Strings) -> &'static str {
    match hat {
        Hat::Resident => t.hat_resident,
        Hat::Worker => t.hat_worker,
        Hat::Committee => t.hat_committee,
        Hat::Officer => t.hat_officer,
    }
}

/// For people with several roles: which hat they wear now.
#[component]
pub fn HatPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    let nav = navigate.clone();
    Effect::new(move |_| {
        if !session.signed_in() {
            crate::paths::go(&crate::paths::login(), &nav, true);
        } else if session.user().is_some_and(|u| hats(&u.roles).is_empty()) {
            // No one's member yet: where the application stands.
            crate::paths::go(crate::paths::WAITING, &nav, true);
        }
    });
    let available = move || session.user().map(|u| hats(&u.roles)).unwrap_or_default();
    view! {
        <div class="login">
            <h1>{t.choose_hat}</h1>
            <p class="muted">{t.choose_hat_hint}</p>
            <div class="hat-list">
                {move || {
                    let navigate = navigate.clone();
                    available()
                        .into_iter()
                        .map(|hat| {
                            let navigate = navigate.clone();
                            view! {
                                <button class="card hat" on:click=move |_| {
                                    session.set_hat(hat);
                                    // A hat of the other app opens it, signed in.
                                    crate::paths::go(hat.home(), &navigate, false);
                                }>{move || hat_label(hat, t)}</button>
                            }
                        })
                        .collect_view()
                }}
            </div>
        </div>
    }
}
