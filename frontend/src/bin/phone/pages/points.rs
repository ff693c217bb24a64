use frontend::api::Api;
use frontend::components::states::{error_text, loaded, Empty, Load};
use frontend::components::toast::use_toasts;
use frontend::format;
use frontend::i18n::{fill, use_i18n, Strings};
use leptos::prelude::*;
use shared::api::{LedgerEntry, Redemption, Reward};
use shared::{RedemptionId, RedemptionStatus, RewardId};

/// The words of a reservation's state.
fn status_word(t: &'static Strings, s: RedemptionStatus) -> &'static str {
    match s {
        RedemptionStatus::Reserved => t.status_reserved,
        RedemptionStatus::Fulfilled => t.status_fulfilled,
        RedemptionStatus::Cancelled => t.status_cancelled_r,
        RedemptionStatus::Expired => t.status_expired,
    }
}

/// One line of the history, in words.
fn ledger_label(t: &'static Strings, e: &LedgerEntry) -> String {
    let reward = e.reward.as_deref().unwrap_or_default();
    let base = match e.reason.as_str() {
        "order_completed" => t.reason_completed.to_string(),
        "reward_redeemed" if e.reward.is_some() => fill(t.reason_redeemed_n, reward),
        "reward_redeemed" => t.reason_redeemed.to_string(),
        "reward_refunded" => fill(t.reason_refunded_n, reward),
        "points_awarded" => t.reason_awarded.to_string(),
        "points_withdrawn" => t.reason_withdrawn.to_string(),
        other => other.to_string(),
    };
    match &e.note {
        Some(note) => format!("{base} · {note}"),
        None => base,
    }
}

/// Points and volunteer hours, the reservations with their pickup codes,
/// the points supermarket, the history, and the year's certificate.
#[component]
pub fn PointsPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let points = Load::new(move || api.points());
    let rewards = Load::new(move || api.rewards());
    let mine = Load::new(move || api.my_redemptions());
    let busy = RwSignal::new(false);
    // The reward (or reservation) waiting for a "yes": both spend or give back.
    let confirming = RwSignal::new(None::<RewardId>);
    let cancelling = RwSignal::new(None::<RedemptionId>);
    let certificate = RwSignal::new(false);
    let balance = move || points.get().and_then(Result::ok).map_or(0, |p| p.balance);
    let refresh = move || {
        points.refetch();
        rewards.refetch();
        mine.refetch();
    };

    let redeem = move |id: RewardId| {
        if busy.get_untracked() {
            return;
        }
        confirming.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api.redeem(id).await {
                Ok(r) => toasts.success(fill(t.redeemed_code, r.code.unwrap_or_default())),
                Err(e) => toasts.error(error_text(t, &e)),
            }
            busy.set(false);
            refresh();
        });
    };
    let cancel = move |id: RedemptionId| {
        if busy.get_untracked() {
            return;
        }
        cancelling.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api.cancel_redemption(id).await {
                Ok(_) => toasts.success(t.redemption_cancelled),
                Err(e) => toasts.error(error_text(t, &e)),
            }
            busy.set(false);
            refresh();
        });
    };

    let reservation = move |r: Redemption| {
        let id = r.id;
        let waiting = r.status == RedemptionStatus::Reserved;
        view! {
            <li class="redemption" class:waiting=waiting data-redemption=r.id.0>
                <div class="redemption-head">
                    <strong>{r.reward.name.clone()}</strong>
                    <span class="badge">{status_word(t, r.status)}</span>
                </div>
                {waiting.then(|| view! {
                    <p class="pickup">
                        <span class="muted">{t.pickup_code}</span>
                        <strong class="pickup-code" data-testid="pickup-code">{r.code.clone().unwrap_or_default()}</strong>
                    </p>
                    <p class="muted">{fill(t.pickup_hint, format::date(&r.expires_at, i18n.lang()))}</p>
                    {move || if cancelling.get() == Some(id) {
                        view! {
                            <div class="confirm" role="alertdialog" aria-label=t.cancel_redemption>
                                <p>{t.confirm_cancel_redemption}</p>
                                <div class="panel-buttons">
                                    <button class="button secondary" on:click=move |_| cancelling.set(None)>{t.cancel_dialog}</button>
                                    <button class="button primary" data-confirm="cancel-redemption" disabled=move || busy.get()
                                        on:click=move |_| cancel(id)>{t.confirm}</button>
                                </div>
                            </div>
                        }.into_any()
                    } else {
                        view! {
                            <button class="button secondary" data-action="cancel-redemption" disabled=move || busy.get()
                                on:click=move |_| cancelling.set(Some(id))>{t.cancel_redemption}</button>
                        }.into_any()
                    }}
                })}
                {(!waiting).then(|| view! {
                    <span class="muted">{format::datetime(&r.closed_at.unwrap_or(r.at), i18n.lang())}</span>
                })}
            </li>
        }
    };

    let reward_card = move |r: Reward| {
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
                {r.photo.map(|p| view! { <img class="reward-photo" src=p.thumbnail_url alt="" loading="lazy" /> })}
                <strong>{r.name.clone()}</strong>
                <span class="muted">{t.cost} " " {r.cost} " · " {t.stock} " " {r.stock}</span>
                {r.donor.map(|d| view! { <span class="muted">{fill(t.donated_by, d)}</span> })}
                {r.description.map(|d| view! { <span class="reward-description">{d}</span> })}
                {move || why_not().map(|w| view! { <span class="reward-why" data-testid="why-not">{w}</span> })}
                {move || if confirming.get() == Some(id) {
                    view! {
                        <div class="confirm" role="alertdialog" aria-label=t.redeem>
                            <p>{fill(t.confirm_redeem, cost)}</p>
                            <div class="panel-buttons">
                                <button class="button secondary" on:click=move |_| confirming.set(None)>{t.cancel_dialog}</button>
                                <button class="button primary" data-confirm="redeem" disabled=move || busy.get()
                                    on:click=move |_| redeem(id)>{t.confirm}</button>
                            </div>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <button class="button secondary" data-action="redeem"
                            disabled=move || busy.get() || why_not().is_some()
                            on:click=move |_| confirming.set(Some(id))>{t.redeem}</button>
                    }.into_any()
                }}
            </div>
        }
    };

    view! {
        <h1>{t.tab_points}</h1>
        {move || loaded(points.get(), Callback::new(move |_| points.refetch()), move |p| view! {
            <div class="card balance">
                <div class="figure">
                    <span class="muted">{t.balance}</span>
                    <strong class="balance-figure" data-testid="points-balance">{p.balance}</strong>
                </div>
                <div class="figure">
                    <span class="muted">{t.hours_total}</span>
                    <strong class="balance-figure" data-testid="volunteer-hours">{fill(t.hours_n, p.hours)}</strong>
                </div>
                <button class="button link" data-action="certificate" aria-expanded=move || certificate.get().to_string()
                    on:click=move |_| certificate.update(|c| *c = !*c)>{t.year_certificate}</button>
            </div>
        }.into_any())}
        {move || certificate.get().then(|| view! { <Certificate /> })}
        {move || mine.get().and_then(Result::ok).filter(|list| !list.is_empty()).map(|list| view! {
            <h2>{t.my_redemptions}</h2>
            <ul class="card redemptions">
                {list.into_iter().map(reservation).collect_view()}
            </ul>
        })}
        <h2>{t.rewards}</h2>
        {move || loaded(rewards.get(), Callback::new(move |_| rewards.refetch()), move |v| match v {
            list if list.is_empty() => view! { <Empty message=Signal::derive(move || t.empty_rewards.to_string()) /> }.into_any(),
            list => view! {
                <div class="cards rewards">{list.into_iter().map(reward_card).collect_view()}</div>
            }.into_any(),
        })}
        <h2>{t.ledger}</h2>
        {move || loaded(points.get(), Callback::new(move |_| points.refetch()), move |p| {
            if p.ledger.is_empty() {
                return view! { <Empty message=Signal::derive(move || t.empty_ledger.to_string()) /> }.into_any();
            }
            view! {
                <ul class="card ledger">
                    {p.ledger.into_iter().map(|e| {
                        let label = ledger_label(t, &e);
                        let href = e.order_id.map(frontend::paths::order);
                        view! {
                            <li class:withdrawn=e.withdrawn>
                                <span>{label}{href.map(|h| view! { " " <a href=h>"›"</a> })}
                                    {e.withdrawn.then(|| view! { " " <span class="badge">{t.withdrawn_mark}</span> })}</span>
                                <span class="muted">{format::datetime(&e.at, i18n.lang())}
                                    {(e.hours > 0.0).then(|| view! { " · " {fill(t.hours_n, e.hours)} })}</span>
                                <strong class:negative=e.delta < 0>{if e.delta > 0 { format!("+{}", e.delta) } else { e.delta.to_string() }}</strong>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        })}
    }
}

/// This year as a volunteer: what the love bank's certificate (爱心银行)
/// shows, to show in turn.
#[component]
fn Certificate() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let api = expect_context::<Api>();
    let year = js_sys::Date::new_0().get_full_year() as i32;
    let summary = Load::new(move || api.volunteer_year(year));
    view! {
        {move || loaded(summary.get(), Callback::new(move |_| summary.refetch()), move |y| view! {
            <section class="card certificate" data-testid="certificate">
                <h2>{fill(t.cert_title, y.year)}</h2>
                <p class="certificate-name">{y.name} " · " {y.community}</p>
                <dl>
                    <dt>{t.hours_total}</dt><dd>{fill(t.hours_n, y.hours)}</dd>
                    <dt>{t.cert_orders}</dt><dd>{y.orders}</dd>
                    <dt>{t.cert_rating}</dt><dd>{y.average_rating.map_or_else(|| "—".to_string(), |r| format!("{r:.1}"))}</dd>
                    <dt>{t.cert_points}</dt><dd>{y.points_earned}</dd>
                </dl>
            </section>
        }.into_any())}
    }
}
