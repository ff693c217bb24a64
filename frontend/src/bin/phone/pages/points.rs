use frontend::api::Api;
use frontend::components::states::{error_text, loaded, Empty, Load};
use frontend::components::toast::use_toasts;
use frontend::format;
use frontend::i18n::{fill, use_i18n};
use leptos::prelude::*;
use shared::RewardId;

/// Points balance and history, and the points supermarket.
#[component]
pub fn PointsPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let points = Load::new(move || api.points());
    let rewards = Load::new(move || api.rewards());
    let busy = RwSignal::new(None::<RewardId>);
    // The reward waiting for a "yes": redeeming spends points, so it is asked.
    let confirming = RwSignal::new(None::<RewardId>);
    let balance = move || points.get().and_then(Result::ok).map_or(0, |p| p.balance);

    let redeem = move |id: RewardId| {
        if busy.get_untracked().is_some() {
            return;
        }
        confirming.set(None);
        busy.set(Some(id));
        leptos::task::spawn_local(async move {
            match api.redeem(id).await {
                Ok(r) => toasts.success(format!("{} · {}", t.redeemed, r.reward.name)),
                Err(e) => toasts.error(error_text(t, &e)),
            }
            busy.set(None);
            points.refetch();
            rewards.refetch();
        });
    };

    view! {
            <h1>{t.tab_points}</h1>
            {move || loaded(points.get(), Callback::new(move |_| points.refetch()), move |p| view! {
                    <div class="card balance">
                        <span class="muted">{t.balance}</span>
                        <strong class="balance-figure" data-testid="points-balance">{p.balance}</strong>
                    </div>
                    <h2>{t.ledger}</h2>
                    {if p.ledger.is_empty() {
                        view! { <Empty message=Signal::derive(move || t.empty_ledger.to_string()) /> }.into_any()
                    } else {
                        view! {
                            <ul class="card ledger">
                                {p.ledger.into_iter().map(|e| {
                                    let at = e.at;
                                    let reason = e.reason.clone();
                                    let reward = e.reward.clone();
                                    let label = move || match (reason.as_str(), &reward) {
                                        ("order_completed", _) => t.reason_completed.to_string(),
                                        ("reward_redeemed", Some(name)) => fill(t.reason_redeemed_n, name),
                                        ("reward_redeemed", None) => t.reason_redeemed.to_string(),
                                        (other, _) => other.to_string(),
                                    };
                                    let href = e.order_id.map(frontend::paths::order);
                                    view! {
                                        <li>
                                            <span>{label}{href.map(|h| view! { " " <a href=h>"›"</a> })}</span>
                                            <span class="muted">{format::datetime(&at, i18n.lang())}</span>
                                            <strong class:negative=e.delta < 0>{if e.delta > 0 { format!("+{}", e.delta) } else { e.delta.to_string() }}</strong>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                }.into_any()
    )}
            <h2>{t.rewards}</h2>
            {move || loaded(rewards.get(), Callback::new(move |_| rewards.refetch()), move |v| match v {
                list if list.is_empty() => view! { <Empty message=Signal::derive(move || t.empty_rewards.to_string()) /> }.into_any(),
                list => view! {
                    <div class="cards rewards">
                        {list.into_iter().map(|r| {
                            let id = r.id;
                            let cost = r.cost;
                            let stock = r.stock;
                            // Why the button is off, in words next to it.
                            let why_not = move || {
                                if stock <= 0 {
                                    Some(t.out_of_stock.to_string())
                                } else if balance() < i64::from(cost) {
                                    Some(fill(t.cannot_afford, i64::from(cost) - balance()))
                                } else {
                                    None
                                }
                            };
                            view! {
                                <div class="card reward" data-reward=r.name.clone()>
                                    <strong>{r.name.clone()}</strong>
                                    <span class="muted">{t.cost} " " {r.cost} " · " {t.stock} " " {r.stock}</span>
                                    {move || why_not().map(|w| view! { <span class="reward-why" data-testid="why-not">{w}</span> })}
                                    {move || if confirming.get() == Some(id) {
                                        view! {
                                            <div class="confirm" role="alertdialog" aria-label=t.redeem>
                                                <p>{fill(t.confirm_redeem, cost)}</p>
                                                <div class="panel-buttons">
                                                    <button class="button secondary" on:click=move |_| confirming.set(None)>{t.cancel_dialog}</button>
                                                    <button class="button primary" data-confirm="redeem" disabled=move || busy.get().is_some()
                                                        on:click=move |_| redeem(id)>{t.confirm}</button>
                                                </div>
                                            </div>
                                        }.into_any()
                                    } else {
                                        view! {
                                            <button class="button secondary" data-action="redeem"
                                                disabled=move || busy.get().is_some() || why_not().is_some()
                                                on:click=move |_| confirming.set(Some(id))>{t.redeem}</button>
                                        }.into_any()
                                    }}
                                </div>
                            }
                        }).collect_view()}
                    </div>
                }.into_any(),
            })}
        }
}
