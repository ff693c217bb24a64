//! The shelf: rewards donated by units and merchants, with stock and a
//! picture, on or off the shelf; a form for a new one.

use frontend::api::Api;
use frontend::components::photos::PhotoPicker;
use frontend::components::states::{error_text, loaded, Empty, Load};
use frontend::components::toast::use_toasts;
use frontend::i18n::{fill, use_i18n};
use leptos::prelude::*;
use shared::api::{NewReward, Reward, RewardChange, Upload};

/// The form of a reward, new or edited; `None` fields are left as they are.
#[derive(Clone, Copy)]
struct RewardForm {
    name: RwSignal<String>,
    cost: RwSignal<String>,
    stock: RwSignal<String>,
    donor: RwSignal<String>,
    description: RwSignal<String>,
    photos: RwSignal<Vec<Upload>>,
}

impl RewardForm {
    fn new(r: Option<&Reward>) -> RewardForm {
        RewardForm {
            name: RwSignal::new(r.map(|r| r.name.clone()).unwrap_or_default()),
            cost: RwSignal::new(r.map(|r| r.cost.to_string()).unwrap_or_default()),
            stock: RwSignal::new(r.map(|r| r.stock.to_string()).unwrap_or_default()),
            donor: RwSignal::new(r.and_then(|r| r.donor.clone()).unwrap_or_default()),
            description: RwSignal::new(r.and_then(|r| r.description.clone()).unwrap_or_default()),
            photos: RwSignal::new(Vec::new()),
        }
    }

    /// A number typed; an unreadable one goes to the server as -1, which it
    /// refuses with the field's name.
    fn number(s: RwSignal<String>) -> i64 {
        s.get_untracked().trim().parse().unwrap_or(-1)
    }

    fn optional(s: RwSignal<String>) -> Option<String> {
        Some(s.get_untracked()).filter(|v| !v.trim().is_empty())
    }

    fn photo(&self) -> Option<shared::UploadId> {
        self.photos.with_untracked(|p| p.last().map(|u| u.id))
    }
}

#[component]
fn RewardFields(form: RewardForm, prefix: &'static str) -> impl IntoView {
    let w = crate::words::of(use_i18n().lang());
    let field = move |id: &str| format!("{prefix}-{id}");
    view! {
        <label for=field("name")>{w.reward_name}</label>
        <input id=field("name") maxlength="40" prop:value=form.name on:input=move |ev| form.name.set(event_target_value(&ev)) />
        <div class="form-row">
            <div>
                <label for=field("cost")>{w.reward_cost}</label>
                <input id=field("cost") type="number" min="1" max="100000" inputmode="numeric" prop:value=form.cost on:input=move |ev| form.cost.set(event_target_value(&ev)) />
            </div>
            <div>
                <label for=field("stock")>{w.reward_stock}</label>
                <input id=field("stock") type="number" min="0" max="100000" inputmode="numeric" prop:value=form.stock on:input=move |ev| form.stock.set(event_target_value(&ev)) />
            </div>
        </div>
        <label for=field("donor")>{w.reward_donor}</label>
        <input id=field("donor") maxlength="60" prop:value=form.donor on:input=move |ev| form.donor.set(event_target_value(&ev)) />
        <label for=field("description")>{w.reward_description}</label>
        <textarea id=field("description") maxlength="500" prop:value=form.description on:input=move |ev| form.description.set(event_target_value(&ev))></textarea>
        <span class="label">{w.reward_photo}</span>
        <PhotoPicker photos=form.photos />
    }
}

/// Everything on the shelf and off it, and a form for a new reward.
#[component]
pub(super) fn Shelf() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let shelf = Load::new(move || api.shelf());
    let form = RewardForm::new(None);
    let error = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = NewReward {
            name: form.name.get_untracked(),
            cost: RewardForm::number(form.cost),
            stock: RewardForm::number(form.stock),
            description: RewardForm::optional(form.description),
            donor: RewardForm::optional(form.donor),
            photo_id: form.photo(),
        };
        leptos::task::spawn_local(async move {
            match api.create_reward(&req).await {
                Ok(r) => {
                    for s in [
                        form.name,
                        form.cost,
                        form.stock,
                        form.donor,
                        form.description,
                    ] {
                        s.set(String::new());
                    }
                    form.photos.set(Vec::new());
                    error.set(None);
                    toasts.success(r.name);
                    shelf.refetch();
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
        });
    };
    view! {
        <section class="card">
            <h2>{w.shelf}</h2>
            {move || loaded(shelf.get(), Callback::new(move |()| shelf.refetch()), move |list| {
                if list.is_empty() {
                    return view! { <Empty message=t.empty_rewards.to_string() /> }.into_any();
                }
                view! {
                    <div class="cards shelf">
                        {list.into_iter().map(|r| view! { <ShelfItem r=r on_change=Callback::new(move |()| shelf.refetch()) /> }).collect_view()}
                    </div>
                }.into_any()
            })}
        </section>
        <form class="card form" on:submit=add novalidate data-testid="new-reward">
            <h2>{w.new_reward}</h2>
            <RewardFields form=form prefix="new-reward" />
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button primary">{w.new_reward}</button>
        </form>
    }
}

#[component]
fn ShelfItem(r: Reward, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let editing = RwSignal::new(false);
    let form = RewardForm::new(Some(&r));
    let error = RwSignal::new(None::<String>);
    let id = r.id;
    let on_shelf = r.on_shelf;
    let send = move |change: RewardChange| {
        leptos::task::spawn_local(async move {
            match api.change_reward(id, &change).await {
                Ok(_) => {
                    toasts.success(w.saved);
                    editing.set(false);
                    on_change.run(());
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
        });
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send(RewardChange {
            name: Some(form.name.get_untracked()),
            cost: Some(RewardForm::number(form.cost)),
            stock: Some(RewardForm::number(form.stock)),
            description: Some(RewardForm::optional(form.description)),
            donor: Some(RewardForm::optional(form.donor)),
            photo_id: form.photo().map(Some),
            on_shelf: None,
        });
    };
    view! {
        <div class="card reward" class:off-shelf=!on_shelf data-reward=r.name.clone()>
            {r.photo.map(|p| view! { <img class="reward-photo" src=p.thumbnail_url alt="" loading="lazy" /> })}
            <strong>{r.name.clone()}</strong>
            <span class="muted">{t.cost} " " {r.cost} " · " {t.stock} " " {r.stock}</span>
            {r.donor.clone().map(|d| view! { <span class="muted">{fill(t.donated_by, d)}</span> })}
            <span class="badge">{if on_shelf { w.on_shelf } else { w.off_shelf }}</span>
            <div class="panel-buttons">
                <button class="button secondary" data-action="shelf" on:click=move |_| send(RewardChange { on_shelf: Some(!on_shelf), ..Default::default() })>
                    {if on_shelf { w.take_off_shelf } else { w.put_on_shelf }}
                </button>
                <button class="button secondary" data-action="edit" aria-expanded=move || editing.get().to_string() on:click=move |_| editing.update(|e| *e = !*e)>{w.edit}</button>
            </div>
            {move || editing.get().then(|| view! {
                <form class="form" on:submit=save novalidate>
                    <RewardFields form=form prefix="edit-reward" />
                    {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                    <button type="submit" class="button primary">{w.save}</button>
                </form>
            })}
        </div>
    }
}
