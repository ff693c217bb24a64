//! Whom a dispatch or a reassignment goes to: the community's units and its
//! volunteers, with their skills (the order page's panel shows it on the desk).

use frontend::api::{Api, ApiError};
use frontend::components::states::{loaded, Load};
use frontend::i18n::use_i18n;
use leptos::prelude::*;
use shared::api::AssigneeRef;
use shared::CommunityId;

/// For the order page's panel (`frontend::pages::order::AssigneePicker`).
pub fn picker(selected: RwSignal<Option<AssigneeRef>>, community: CommunityId) -> AnyView {
    view! { <Assignees selected=selected community=community /> }.into_any()
}

/// Units registered with the community and its volunteers, with their skills.
#[component]
pub fn Assignees(selected: RwSignal<Option<AssigneeRef>>, community: CommunityId) -> impl IntoView {
    let i18n = use_i18n();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let options = Load::new(move || async move {
        let units = api.units(community).await?;
        let volunteers = api.volunteers(community).await?;
        Ok::<_, ApiError>((units, volunteers))
    });
    let option = move |value: AssigneeRef, name: String, skills: Vec<String>| {
        view! {
            <label class="option" class:active=move || selected.get() == Some(value)>
                <input type="radio" name="assignee" data-name=name.clone() on:change=move |_| selected.set(Some(value))
                    prop:checked=move || selected.get() == Some(value) />
                <span class="option-name">{name}</span>
                <span class="muted option-skills">{skills.join(" · ")}</span>
            </label>
        }
    };
    move || {
        loaded(
            options.get(),
            Callback::new(move |_| options.refetch()),
            move |(units, volunteers)| {
                view! {
                    <fieldset class="picker">
                        <legend>{w.units}</legend>
                        {units.into_iter().map(|u| option(AssigneeRef::Unit(u.id), u.name, u.skills)).collect_view()}
                    </fieldset>
                    <fieldset class="picker">
                        <legend>{w.volunteers}</legend>
                        {volunteers.into_iter().map(|v| option(AssigneeRef::Volunteer(v.id), v.name, v.skills)).collect_view()}
                    </fieldset>
                }
                .into_any()
            },
        )
    }
}
