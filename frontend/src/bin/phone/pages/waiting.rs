//! Signed in, but no one's member yet: where the application stands (waiting,
//! or not approved and why, with a way to apply again). Once approved, the
//! next look carries the new role home.

use frontend::api::Api;
use frontend::components::states::{error_text, Loading};
use frontend::i18n::{fill, use_i18n};
use frontend::paths;
use frontend::session::{hats, Session};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::api::{ApplyRequest, Me, MembershipStatus};
use shared::CommunityId;

#[component]
pub fn WaitingPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let api = expect_context::<Api>();
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    let me = RwSignal::new(None::<Me>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let again = RwSignal::new(None::<CommunityId>);
    let room = RwSignal::new(String::new());
    let communities = RwSignal::new(Vec::<(CommunityId, String)>::new());

    let nav = navigate.clone();
    let look = move || {
        let nav = nav.clone();
        leptos::task::spawn_local(async move {
            match api.me().await {
                Ok(m) => {
                    // Approved: the refreshed token carries the role.
                    let mine = hats(&m.roles);
                    if !mine.is_empty() {
                        session.set_user(m);
                        if let [only] = mine.as_slice() {
                            session.set_hat(*only);
                            paths::go(only.home(), &nav, true);
                        } else {
                            paths::go(&paths::hat(), &nav, true);
                        }
                        return;
                    }
                    me.set(Some(m));
                    error.set(None);
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
        });
    };
    let nav = navigate.clone();
    Effect::new(move |_| {
        if !session.signed_in() {
            paths::go(&paths::login(), &nav, true);
        }
    });
    look();
    leptos::task::spawn_local(async move {
        if let Ok(p) = api.places().await {
            communities.set(
                p.districts
                    .into_iter()
                    .flat_map(|d| d.streets)
                    .flat_map(|s| s.communities)
                    .map(|c| (c.id, c.name))
                    .collect(),
            );
        }
    });
    let look_again = look.clone();
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(c) = again.get_untracked() else {
            error.set(Some(t.community_required.to_string()));
            return;
        };
        let req = ApplyRequest {
            community_id: c,
            building_id: None,
            room: Some(room.get_untracked()).filter(|r| !r.trim().is_empty()),
        };
        busy.set(true);
        let look = look_again.clone();
        leptos::task::spawn_local(async move {
            match api.apply(&req).await {
                Ok(_) => look(),
                Err(e) => error.set(Some(error_text(t, &e))),
            }
            busy.set(false);
        });
    };
    let sign_out = move |_| {
        leptos::task::spawn_local(async move { api.logout().await });
    };
    let check = look.clone();
    view! {
        <div class="login waiting">
            {move || match me.get() {
                None => view! { <Loading /> }.into_any(),
                Some(m) => {
                    let latest = m.memberships.last().cloned();
                    let community = latest.as_ref().and_then(|l| l.community.clone()).map(|c| c.name).unwrap_or_default();
                    match latest.map(|l| (l.status, l.reason)) {
                        Some((MembershipStatus::Rejected, reason)) => view! {
                            <div class="card" data-state="rejected">
                                <h1>{t.rejected_title}</h1>
                                {reason.map(|r| view! { <p class="reason">{fill(t.reason_is, r)}</p> })}
                                <form class="form" on:submit=apply.clone() novalidate>
                                    <label for="again-community">{t.ask_community}</label>
                                    <select id="again-community" on:change=move |ev| again.set(event_target_value(&ev).parse().ok().map(CommunityId))>
                                        <option value="">{t.community_required}</option>
                                        {move || communities.get().into_iter().map(|(id, name)| view! { <option value=id.0>{name}</option> }).collect_view()}
                                    </select>
                                    <label for="again-room">{t.room}</label>
                                    <input id="again-room" maxlength="20" prop:value=room on:input=move |ev| room.set(event_target_value(&ev)) />
                                    <button type="submit" class="button primary block" disabled=busy>{t.apply_again}</button>
                                </form>
                            </div>
                        }
                        .into_any(),
                        _ => view! {
                            <div class="card" data-state="pending">
                                <h1>{t.waiting_title}</h1>
                                <p>{fill(t.waiting_text, community)}</p>
                            </div>
                        }
                        .into_any(),
                    }
                }
            }}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button class="button secondary block" on:click=move |_| check()>{t.check_again}</button>
            <button class="button danger block" on:click=sign_out>{t.sign_out}</button>
        </div>
    }
}
