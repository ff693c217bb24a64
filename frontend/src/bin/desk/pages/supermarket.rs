//! The committee's points supermarket (积分超市): reservations handed over by
//! the code the resident shows, or cancelled; the shelf (rewards donated by
//! units and merchants, with stock and a picture, on or off the shelf); and
//! points awarded for community work, withdrawn by a compensating entry.

use frontend::api::Api;
use frontend::components::photos::PhotoPicker;
use frontend::components::states::{error_text, loaded, Empty, Load};
use frontend::components::toast::use_toasts;
use frontend::format;
use frontend::i18n::{fill, use_i18n};
use leptos::prelude::*;
use shared::api::{NewAward, NewReward, PersonRow, Redemption, Reward, RewardChange, Upload};
use shared::{RedemptionId, RedemptionStatus, UserId};

#[component]
pub fn SupermarketPage() -> impl IntoView {
    let w = crate::words::of(use_i18n().lang());
    view! {
        <h1>{w.supermarket}</h1>
        <Reservations />
        <Shelf />
        <Awards />
    }
}

/// The community's reservations, by state, newest first, a page at a time.
#[component]
fn Reservations() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let status = RwSignal::new(RedemptionStatus::Reserved);
    let page = RwSignal::new(1u64);
    let list = Load::new(move || api.redemptions(status.get().as_str(), page.get()));
    let status_word = move |s: RedemptionStatus| match s {
        RedemptionStatus::Reserved => t.status_reserved,
        RedemptionStatus::Fulfilled => t.status_fulfilled,
        RedemptionStatus::Cancelled => t.status_cancelled_r,
        RedemptionStatus::Expired => t.status_expired,
    };
    view! {
        <section class="card">
            <h2>{w.reservations}</h2>
            <div class="chips" role="group" aria-label=w.reservations>
                {RedemptionStatus::ALL.iter().map(|s| {
                    let s = *s;
                    view! {
                        <button type="button" class="chip" class:active=move || status.get() == s
                            aria-pressed=move || (status.get() == s).to_string()
                            on:click=move |_| { page.set(1); status.set(s); }>{status_word(s)}</button>
                    }
                }).collect_view()}
            </div>
            {move || loaded(list.get(), Callback::new(move |()| list.refetch()), move |p| {
                if p.items.is_empty() {
                    return view! { <Empty message=w.no_reservations.to_string() /> }.into_any();
                }
                let pages = p.total.div_ceil(p.per_page).max(1);
                view! {
                    <table class="table reservations">
                        <thead><tr>
                            <th>{w.reward_name}</th><th>{w.redeemed_by}</th><th>{w.reward_cost}</th>
                            <th>{w.redeemed_at}</th><th>{w.keep_until}</th><th></th>
                        </tr></thead>
                        <tbody>
                            {p.items.into_iter().map(|r| view! { <ReservationRow r=r on_done=Callback::new(move |()| list.refetch()) /> }).collect_view()}
                        </tbody>
                    </table>
                    {(pages > 1).then(|| view! {
                        <div class="pager">
                            <button class="button secondary" disabled=move || page.get() <= 1 on:click=move |_| page.update(|p| *p -= 1)>"‹"</button>
                            <span>{move || format!("{} / {pages}", page.get())}</span>
                            <button class="button secondary" disabled=move || page.get() >= pages on:click=move |_| page.update(|p| *p += 1)>"›"</button>
                        </div>
                    })}
                }.into_any()
            })}
        </section>
    }
}

#[component]
fn ReservationRow(r: Redemption, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let id: RedemptionId = r.id;
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let reward = r.reward.name.clone();
    let hand_over = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let reward = reward.clone();
        leptos::task::spawn_local(async move {
            match api.fulfil_redemption(id, code.get_untracked()).await {
                Ok(_) => {
                    toasts.success(fill(w.handed_over, reward));
                    on_done.run(());
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
            busy.set(false);
        });
    };
    let cancel = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api.cancel_redemption(id).await {
                Ok(_) => {
                    toasts.success(w.reservation_cancelled);
                    on_done.run(());
                }
                Err(e) => toasts.error(error_text(t, &e)),
            }
            busy.set(false);
        });
    };
    let waiting = r.status == RedemptionStatus::Reserved;
    view! {
        <tr data-redemption=r.id.0>
            <td>{r.reward.name}</td>
            <td>{r.user.map(|u| u.name).unwrap_or_default()}</td>
            <td>{r.cost}</td>
            <td>{format::datetime(&r.at, i18n.lang())}</td>
            <td>{if waiting { format::date(&r.expires_at, i18n.lang()) } else { r.closed_at.map(|c| format::datetime(&c, i18n.lang())).unwrap_or_default() }}</td>
            <td class="actions">
                {waiting.then(|| view! {
                    <form class="inline-form" on:submit=hand_over novalidate>
                        <input aria-label=w.code_shown placeholder=w.code_shown inputmode="numeric" maxlength="6" autocomplete="off"
                            prop:value=code on:input=move |ev| { error.set(None); code.set(event_target_value(&ev)); } />
                        <button type="submit" class="button primary" data-action="hand-over" disabled=move || busy.get()>{w.hand_over}</button>
                    </form>
                    {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                    {move || if confirming.get() {
                        view! {
                            <div class="confirm" role="alertdialog" aria-label=w.cancel_reservation>
                                <p>{w.confirm_cancel_reservation}</p>
                                <div class="panel-buttons">
                                    <button class="button secondary" on:click=move |_| confirming.set(false)>{t.cancel_dialog}</button>
                                    <button class="button danger" data-confirm="cancel-reservation" disabled=move || busy.get() on:click=cancel>{t.confirm}</button>
                                </div>
                            </div>
                        }.into_any()
                    } else {
                        view! { <button class="button link" data-action="cancel-reservation" on:click=move |_| confirming.set(true)>{w.cancel_reservation}</button> }.into_any()
                    }}
                })}
            </td>
        </tr>
    }
}

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
fn Shelf() -> impl IntoView {
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

/// Points for community work: find the person, give points with a reason;
/// their recent entries, with a withdrawal for each award.
#[component]
fn Awards() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let words = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<PersonRow>::new());
    let chosen = RwSignal::new(None::<(UserId, String)>);
    let points = RwSignal::new("5".to_string());
    let reason = RwSignal::new(String::new());
    let withdraw_reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let ledger = Load::new(move || async move {
        match chosen.get() {
            Some((id, _)) => api.points_of(id).await.map(Some),
            None => Ok(None),
        }
    });
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = words.get_untracked();
        leptos::task::spawn_local(async move {
            match api.people(&q).await {
                Ok(p) => found.set(p.items),
                Err(e) => toasts.error(error_text(t, &e)),
            }
        });
    };
    let award = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((user_id, _)) = chosen.get_untracked() else {
            return;
        };
        let req = NewAward {
            user_id,
            points: points.get_untracked().trim().parse().unwrap_or(0),
            reason: reason.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api.award(&req).await {
                Ok(e) => {
                    toasts.success(fill(w.awarded, e.delta));
                    reason.set(String::new());
                    error.set(None);
                    ledger.refetch();
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
        });
    };
    view! {
        <section class="card form awards">
            <h2>{w.awards}</h2>
            <p class="muted">{w.awards_hint}</p>
            <form class="inline-form" on:submit=search role="search">
                <input aria-label=w.find_person placeholder=w.find_person prop:value=words on:input=move |ev| words.set(event_target_value(&ev)) />
                <button type="submit" class="button secondary">{t.search}</button>
            </form>
            <div class="chips">
                {move || found.get().into_iter().map(|p| {
                    let (id, name) = (p.id, p.name.clone());
                    view! {
                        <button type="button" class="chip" class:active=move || chosen.get().is_some_and(|c| c.0 == id)
                            on:click=move |_| chosen.set(Some((id, name.clone())))>{p.name} " " <span class="muted">{p.phone}</span></button>
                    }
                }).collect_view()}
            </div>
            {move || chosen.get().map(|(_, name)| view! {
                <form on:submit=award novalidate data-testid="award">
                    <h3>{name}</h3>
                    <label for="award-points">{w.award_points_n}</label>
                    <input id="award-points" type="number" min="1" max="100" inputmode="numeric" prop:value=points on:input=move |ev| points.set(event_target_value(&ev)) />
                    <label for="award-reason">{w.award_reason}</label>
                    <input id="award-reason" maxlength="200" prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev)) />
                    {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                    <button type="submit" class="button primary">{w.give_award}</button>
                </form>
            })}
            {move || ledger.get().and_then(Result::ok).flatten().map(|p| view! {
                <h3>{w.recent_points} " · " {t.balance} " " {p.balance}</h3>
                <label for="withdraw-reason">{w.withdraw_reason}</label>
                <input id="withdraw-reason" maxlength="200" prop:value=withdraw_reason on:input=move |ev| withdraw_reason.set(event_target_value(&ev)) />
                <ul class="ledger">
                    {p.ledger.into_iter().take(10).map(|e| {
                        let can_withdraw = e.reason == "points_awarded" && !e.withdrawn;
                        let id = e.id;
                        let withdraw = move |_| {
                            let reason = withdraw_reason.get_untracked();
                            leptos::task::spawn_local(async move {
                                match api.withdraw_award(id, reason).await {
                                    Ok(_) => { toasts.success(w.withdrawn); ledger.refetch(); }
                                    Err(e) => toasts.error(error_text(t, &e)),
                                }
                            });
                        };
                        view! {
                            <li class:withdrawn=e.withdrawn>
                                <span>{e.note.clone().unwrap_or_else(|| e.reason.clone())}
                                    {e.withdrawn.then(|| view! { " " <span class="badge">{w.withdrawn}</span> })}</span>
                                <span class="muted">{format::datetime(&e.at, i18n.lang())}</span>
                                <strong class:negative=e.delta < 0>{e.delta}</strong>
                                {can_withdraw.then(|| view! {
                                    <button class="button link" data-action="withdraw" on:click=withdraw>{w.withdraw}</button>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}
