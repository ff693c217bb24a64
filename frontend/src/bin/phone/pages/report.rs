//! 双报到: an in-service party member reports to the community where they
//! live — work unit, party member or not, skills, background. The committee
//! approves on the desk; then they are a volunteer with these skills.

use frontend::api::Api;
use frontend::components::states::error_text;
use frontend::components::toast::use_toasts;
use frontend::i18n::use_i18n;
use leptos::prelude::*;
use shared::api::NewVolunteerApplication;
use shared::CommunityId;

#[component]
pub fn ReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let session = expect_context::<frontend::session::Session>();
    let mine = session.user().and_then(|u| u.community).map(|c| c.id);
    let community = RwSignal::new(mine);
    let communities = RwSignal::new(Vec::<(CommunityId, String)>::new());
    let work_unit = RwSignal::new(String::new());
    let party = RwSignal::new(true);
    let skills = RwSignal::new(String::new());
    let background = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let sent = RwSignal::new(false);
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
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(c) = community.get_untracked() else {
            error.set(Some(t.community_required.to_string()));
            return;
        };
        let req = NewVolunteerApplication {
            community_id: c,
            work_unit: work_unit.get_untracked(),
            party_member: party.get_untracked(),
            skills: skills
                .get_untracked()
                .split([',', '，', '、', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            background: Some(background.get_untracked()).filter(|b| !b.trim().is_empty()),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api.report(&req).await {
                Ok(_) => {
                    sent.set(true);
                    toasts.success(t.report_sent);
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
            busy.set(false);
        });
    };
    view! {
        <h1>{t.report_as_member}</h1>
        <Show when=move || !sent.get() fallback=move || view! { <p class="card" role="status">{t.report_sent}</p> }>
            <form class="card form" on:submit=send novalidate>
                <label for="report-community">{t.ask_community}</label>
                <select id="report-community" on:change=move |ev| community.set(event_target_value(&ev).parse().ok().map(CommunityId))>
                    <option value="">{t.community_required}</option>
                    {move || communities.get().into_iter().map(|(id, name)| view! {
                        <option value=id.0 selected=move || community.get() == Some(id)>{name}</option>
                    }).collect_view()}
                </select>
                <label for="report-unit">{t.work_unit}</label>
                <input id="report-unit" maxlength="60" prop:value=work_unit on:input=move |ev| work_unit.set(event_target_value(&ev)) />
                <label class="choice">
                    <input id="report-party" type="checkbox" prop:checked=party on:change=move |ev| party.set(event_target_checked(&ev)) />
                    {t.party_member_q}
                </label>
                <label for="report-skills">{t.skills_hint}</label>
                <input id="report-skills" prop:value=skills on:input=move |ev| skills.set(event_target_value(&ev)) />
                <label for="report-background">{t.background}</label>
                <textarea id="report-background" rows="3" maxlength="500" prop:value=background on:input=move |ev| background.set(event_target_value(&ev))></textarea>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button primary block" disabled=busy>{t.report_send}</button>
            </form>
        </Show>
    }
}
