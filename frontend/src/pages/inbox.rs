//! The inbox: what happened to the orders that concern me, newest first; a tap
//! marks one read and opens its order.

use crate::api::Api;
use crate::components::shell::Unread;
use crate::components::states::{loaded, Empty, Load};
use crate::format;
use crate::i18n::{notice_words, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn InboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let api = expect_context::<Api>();
    let unread = expect_context::<Unread>().0;
    let navigate = use_navigate();
    let page = RwSignal::new(1u64);
    let data = Load::new(move || api.inbox(false, page.get()));
    let all_read = move |_| {
        leptos::task::spawn_local(async move {
            if api.mark_read(Vec::new()).await.is_ok() {
                unread.set(0);
                data.refetch();
            }
        });
    };
    view! {
        <h1>{t.inbox}</h1>
        {move || (unread.get() > 0).then(|| view! {
            <button class="button secondary" data-action="read-all" on:click=all_read>{t.mark_all_read}</button>
        })}
        {move || {
            let navigate = navigate.clone();
            loaded(data.get(), Callback::new(move |_| data.refetch()), move |inbox| {
                if inbox.items.is_empty() {
                    return view! { <Empty message=t.inbox_empty.to_string() /> }.into_any();
                }
                let more = inbox.total > page.get_untracked() * 30;
                let navigate = navigate.clone();
                view! {
                    <ul class="inbox">
                        {inbox.items.into_iter().map(|n| {
                            let navigate = navigate.clone();
                            let open = move |_| {
                                let (id, was_unread, order) = (n.id, !n.read, n.order_id);
                                let navigate = navigate.clone();
                                leptos::task::spawn_local(async move {
                                    if was_unread && api.mark_read(vec![id]).await.is_ok() {
                                        unread.update(|u| *u = u.saturating_sub(1));
                                    }
                                    if let Some(o) = order {
                                        navigate(&crate::paths::order(o), Default::default());
                                    }
                                });
                            };
                            let (title, body) = notice_words(t, &n);
                            view! {
                                <li class="card notice" class:unread=!n.read data-kind=n.kind.as_str()>
                                    <button class="notice-open" on:click=open>
                                        <strong>{title}</strong>
                                        <span class="notice-body">{body}</span>
                                        <span class="muted">{format::relative(&n.at, t, i18n.lang())}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {more.then(|| view! {
                        <button class="button secondary block" on:click=move |_| page.update(|p| *p += 1)>{t.next_page}</button>
                    })}
                }.into_any()
            })
        }}
    }
}
