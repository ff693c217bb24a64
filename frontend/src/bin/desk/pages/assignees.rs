//! Whom a dispatch or a reassignment goes to. Those who dispatch (the
//! committee, grid workers) see the order's candidates best first with the
//! reasons in words ("技能匹配：家电维修 · 同网格 · 在办 1/3 单 · 均分 4.8");
//! officers reassigning an escalated order, who may not rank it, see the
//! community's units and volunteers with their skills.

use frontend::api::{Api, ApiError};
use frontend::components::states::{loaded, Load};
use frontend::i18n::{use_i18n, Lang};
use leptos::prelude::*;
use shared::api::{AssigneeRef, CandidateView, UnitSummary, VolunteerSummary};
use shared::{CommunityId, ErrorCode, OrderId};

/// For the order page's panel (`frontend::pages::order::AssigneePicker`).
pub fn picker(
    selected: RwSignal<Option<AssigneeRef>>,
    community: CommunityId,
    order: OrderId,
) -> AnyView {
    view! { <Assignees selected=selected community=community order=order /> }.into_any()
}

#[derive(Clone)]
enum Choices {
    Ranked(Vec<CandidateView>),
    Flat(Vec<UnitSummary>, Vec<VolunteerSummary>),
}

#[component]
pub fn Assignees(
    selected: RwSignal<Option<AssigneeRef>>,
    community: CommunityId,
    order: OrderId,
) -> impl IntoView {
    let i18n = use_i18n();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let options = Load::new(move || async move {
        match api.candidates(order).await {
            Ok(ranked) => Ok::<_, ApiError>(Choices::Ranked(ranked)),
            Err(e) if e.code == ErrorCode::Forbidden => {
                let units = api.units(community).await?;
                let volunteers = api.volunteers(community).await?;
                Ok(Choices::Flat(units, volunteers))
            }
            Err(e) => Err(e),
        }
    });
    let option = move |value: AssigneeRef, name: String, detail: String, best: bool, away: bool| {
        view! {
            <label class="option" class:active=move || selected.get() == Some(value) class:away=away
                data-kind=match value { AssigneeRef::Unit(_) => "unit", AssigneeRef::Volunteer(_) => "volunteer" }>
                <input type="radio" name="assignee" data-name=name.clone() on:change=move |_| selected.set(Some(value))
                    prop:checked=move || selected.get() == Some(value) />
                <span class="option-name">{name}
                    {best.then(|| view! { " " <span class="badge best">{w.best_match}</span> })}</span>
                <span class="muted option-skills">{detail}</span>
            </label>
        }
    };
    move || {
        loaded(
            options.get(),
            Callback::new(move |_| options.refetch()),
            move |choices| {
                match choices {
                Choices::Ranked(ranked) => {
                    let english = i18n.lang() == Lang::En;
                    let best = ranked.iter().find(|c| c.eligible).map(|c| c.who());
                    // The best is chosen for the committee; one click confirms.
                    if selected.get_untracked().is_none() {
                        selected.set(best);
                    }
                    view! {
                        <fieldset class="picker ranked">
                            <legend>{w.candidates}</legend>
                            <p class="hint">{w.ranked_hint}</p>
                            {ranked.into_iter().map(|c| {
                                let (line, who) = (c.line(english), c.who());
                                option(who, c.name, line, Some(who) == best, !c.eligible)
                            }).collect_view()}
                        </fieldset>
                    }
                    .into_any()
                }
                Choices::Flat(units, volunteers) => view! {
                    <fieldset class="picker">
                        <legend>{w.units}</legend>
                        {units.into_iter().map(|u| option(AssigneeRef::Unit(u.id), u.name, u.skills.join(" · "), false, false)).collect_view()}
                    </fieldset>
                    <fieldset class="picker">
                        <legend>{w.volunteers}</legend>
                        {volunteers.into_iter().map(|v| option(AssigneeRef::Volunteer(v.id), v.name, v.skills.join(" · "), false, false)).collect_view()}
                    </fieldset>
                }
                .into_any(),
            }
            },
        )
    }
}
