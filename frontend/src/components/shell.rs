use crate::components::icons::{icon, Icon};
use crate::components::live::{keep_open, Live};
use crate::i18n::{fill, use_i18n, Strings};
use crate::paths;
use crate::session::{Hat, Session};
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_navigate};

type Tab = (&'static str, fn(&Strings) -> &'static str, Icon);

fn tabs(hat: Hat) -> &'static [Tab] {
    match hat {
        Hat::Resident => &[
            (paths::HOME, |t| t.tab_home, Icon::Home),
            (paths::WALL, |t| t.tab_wall, Icon::Heart),
            (paths::MY_ORDERS, |t| t.tab_my_orders, Icon::List),
            (paths::ME, |t| t.tab_me, Icon::User),
        ],
        Hat::Worker => &[
            (paths::TASKS, |t| t.tab_task_hall, Icon::Inbox),
            (paths::MY_TASKS, |t| t.tab_my_tasks, Icon::List),
            (paths::POINTS, |t| t.tab_points, Icon::Star),
            (paths::ME, |t| t.tab_me, Icon::User),
        ],
        Hat::Committee => &[
            (paths::DESK, |t| t.tab_desk, Icon::Send),
            (paths::ALL_ORDERS, |t| t.tab_all_orders, Icon::List),
            (paths::STATS, |t| t.tab_stats, Icon::Chart),
            (paths::APPROVALS, |t| t.tab_approvals, Icon::Heart),
            (paths::DESK_ME, |t| t.tab_me, Icon::User),
        ],
        Hat::Officer => &[
            (paths::ESCALATED, |t| t.tab_escalated, Icon::Send),
            (paths::DESK_ME, |t| t.tab_me, Icon::User),
        ],
    }
}

/// The frame around every signed-in page: header, tabs (bottom bar on phones,
/// side bar on desktops), and the guard that sends strangers to sign in.
#[component]
pub fn Shell() -> impl IntoView {
    let session = expect_context::<Session>();
    let i18n = use_i18n();
    let t = i18n.t();
    let navigate = use_navigate();
    let location = use_location();

    // Strangers sign in; someone whose hat works in the other app goes there,
    // to the same page when it has one (a link into the wrong app).
    Effect::new(move |_| {
        let to = match session.hat() {
            _ if !session.signed_in() => paths::login(),
            None => paths::hat(),
            Some(hat) if hat.side() != paths::side() => {
                paths::twin(&location.pathname.get_untracked(), hat.side(), hat.home())
            }
            Some(_) => return,
        };
        paths::go(&to, &navigate, true);
    });
    let at_home =
        move || session.signed_in() && session.hat().is_some_and(|h| h.side() == paths::side());

    // One live stream for every page of the signed-in app.
    let unread = expect_context::<Unread>().0;
    let api = expect_context::<crate::api::Api>();
    let live = expect_context::<Live>();
    // Signed out, or on the way to the other app (the guard above is sending
    // them): no stream, no ticket asked for.
    if at_home() {
        keep_open(api, live);
    }
    // The bell's count: read again whenever the page changes or an order
    // changes (the inbox page sets it as it marks things read). A new task
    // dispatched to me is told in a toast too, which opens it.
    let toasts = crate::components::toast::use_toasts();
    // The newest unread notification seen (`None` until the first count).
    let seen = StoredValue::new(None::<Option<shared::NotificationId>>);
    Effect::new(move |_| {
        location.pathname.track();
        live.0.track();
        if session.signed_in() {
            leptos::task::spawn_local(async move {
                if let Ok(inbox) = api.inbox(true, 1).await {
                    unread.set(inbox.unread);
                    let newest = inbox.items.first();
                    // The shell may be gone by now (it sent them elsewhere:
                    // to choose a hat, to the other app): then nothing to do.
                    let Some(before) = seen.try_get_value() else {
                        return;
                    };
                    seen.try_set_value(Some(newest.map(|n| n.id).max(before.flatten())));
                    if let (Some(before), Some(n)) = (before, newest) {
                        let new = before.is_none_or(|b| n.id > b);
                        if new && n.kind == shared::api::NotificationKind::Dispatched {
                            if let Some(order) = n.order_id {
                                let title =
                                    n.facts.as_ref().map_or(n.body.clone(), |f| f.title.clone());
                                toasts.about(fill(t.new_task_toast, title), order);
                            }
                        }
                    }
                }
            });
        }
    });
    let community = move || {
        session
            .user()
            .and_then(|u| u.community)
            .map(|c| c.name)
            .unwrap_or_default()
    };
    view! {
        <Show when=at_home fallback=|| ()>
            <div class="shell">
                <header class="topbar">
                    <span class="brand">{t.app_name}</span>
                    <span class="topbar-community">{community}</span>
                    <a class="bell" href=paths::inbox() aria-label=move || fill(t.inbox_n, unread.get())>
                        {icon(Icon::Bell)}
                        {move || (unread.get() > 0).then(|| view! { <span class="bell-count" data-unread=unread.get()>{unread.get().min(99)}</span> })}
                    </a>
                </header>
                <nav class="tabs" aria-label="main">
                    {move || {
                        let hat = session.hat().unwrap_or(Hat::Resident);
                        let t = t;
                        tabs(hat)
                            .iter()
                            .map(|(href, label, glyph)| {
                                let href = *href;
                                let active = move || {
                                    let path = location.pathname.get();
                                    if href == "/" { path == "/" } else { path == href }
                                };
                                view! {
                                    <a href=href class="tab" class:active=active aria-current=move || active().then_some("page")>
                                        <span class="tab-icon">{icon(*glyph)}</span>
                                        <span class="tab-label">{label(t)}</span>
                                    </a>
                                }
                            })
                            .collect_view()
                    }}
                </nav>
                <main class="content"><Outlet /></main>
            </div>
        </Show>
    }
}

/// How many notifications the signed-in person has not read (the bell).
#[derive(Clone, Copy)]
pub struct Unread(pub RwSignal<u64>);
