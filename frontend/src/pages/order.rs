use crate::api::Api;
use crate::components::icons::{icon, Icon};
use crate::components::live::{Live, RESYNC};
use crate::components::order_card::{DeadlineWords, StatusBadge};
use crate::components::photos::PhotoPicker;
use crate::components::photos::PhotoStrip;
use crate::components::states::{error_text, loaded, Load};
use crate::components::toast::use_toasts;
use crate::components::wechat::{Moment, SubscribePrompt, ASSIGNEE_KINDS};
use crate::format;
use crate::i18n::{fill, input_error, system_note, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::api::{ActionRequest, AssigneeRef, Order};
use shared::input::{Comment, CompletionNote, InputError, Note, Reason};
use shared::{Action, CommunityId, ErrorCode, OrderId, OrderKind};

/// One order: what, who, where, when, its timeline (跟踪查单), and the buttons
/// the workflow allows this person now.
#[component]
pub fn OrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let api = expect_context::<Api>();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<OrderId>().ok())
            // No order has id 0: the server answers 404 and the page says so.
            .unwrap_or(OrderId(0))
    });
    // Keyed on the route's id: another order's link reloads it. An action's
    // answer (the order as it now is) is written straight into it.
    let data = Load::new(move || api.order(id.get()));
    // Live: a change made elsewhere shows at once, unless the person is
    // filling in an action's panel; then once they close it.
    let panel = RwSignal::new(None::<Action>);
    let stale = RwSignal::new(false);
    expect_context::<Live>().on_change(move |change| {
        if change.id == id.get_untracked() || change.action == RESYNC {
            if panel.get_untracked().is_some() {
                stale.set(true);
            } else {
                data.refetch();
            }
        }
    });
    Effect::new(move |_| {
        if panel.get().is_none() && stale.get_untracked() {
            stale.set(false);
            data.refetch();
        }
    });

    // Back where the person came from; home when the page was opened directly.
    let session = expect_context::<crate::session::Session>();
    let home = session.hat().map_or("/", |h| h.home());
    let back = move |ev: leptos::ev::MouseEvent| {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            if history.length().unwrap_or(0) > 1 {
                ev.prevent_default();
                let _ = history.back();
            }
        }
    };
    view! {
            <a class="back" href=home on:click=back>"‹ " {t.back}</a>
            {move || loaded(data.get(), Callback::new(move |_| data.refetch()), move |order| view! {
                    <OrderDetail order=order open=panel on_change=Callback::new(move |o: Option<Order>| match o {
                        Some(o) => data.set(Some(Ok(o))),
                        None => data.refetch(),
                    }) />
                }.into_any()
    )}
        }
}

#[component]
fn OrderDetail(
    order: Order,
    /// The action panel open, if any (kept by the page across reloads).
    open: RwSignal<Option<Action>>,
    on_change: Callback<Option<Order>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let kind = order.kind;
    let due = order.due_at;
    let respond_by = order.respond_by;
    let open_order = order.status.is_open();
    let phone = order.requester.phone.clone();
    let address = order.address.clone();
    let assignee = order.assignee.as_ref().map(|a| a.name.clone());
    let rating = order.rating;
    let comment = order.comment.clone();
    let mut actions = order.allowed_actions.clone();
    // Dispatching is the desk's work: the phone app (where a committee member
    // may read an order as a resident) leaves it to the desk.
    if crate::paths::side() == crate::paths::Side::Phone {
        actions.retain(|a| !matches!(a, Action::Dispatch | Action::Reassign));
    }
    // The step forward first; stepping back or out last.
    actions.sort_by_key(|a| {
        matches!(
            a,
            Action::Cancel
                | Action::Reject
                | Action::Reopen
                | Action::Close
                | Action::Release
                | Action::Reassign
        )
    });
    // Undoing (撤销, giving a wish back) is never the big button: an elderly
    // resident must not hit it by mistake. It stays a quiet, confirmed action.
    let quiet = |a: Action| matches!(a, Action::Cancel | Action::Release);
    let primary = actions.first().copied().filter(|a| !quiet(*a));
    let id = order.id;
    let community = order.community_id;
    let points = order.category.points;
    // Serving the order (the phone is shown) but no address given.
    let serving = phone.is_some();
    // A resident reads what they need in their words ("社区正在安排", "预计
    // 12月3日 前办好"); response limits and levels are for those who serve.
    let resident =
        expect_context::<crate::session::Session>().hat() == Some(crate::session::Hat::Resident);
    let order_view = order.clone();

    view! {
        <article class="order-page" data-status=order.status.as_str()>
            <div class="order-head">
                <span class="kind">{(t.kind)(kind)} " · " {order.category.name.clone()}</span>
                <StatusBadge status=order.status kind=kind overdue=order.overdue level=order.level />
            </div>
            <h1 class="order-title">{order.title.clone()}</h1>
            <SubscribePrompt order=id />
            <p class="order-description">{order.description.clone()}</p>
            {(!order.photos.is_empty()).then(|| view! { <PhotoStrip photos=order.photos.clone() /> })}
            <dl class="card facts">
                <dt>{t.order_no}</dt>
                <dd class="nowrap">{order.number.clone()}</dd>
                <dt>{t.requester}</dt>
                <dd class="requester">{order.requester.name.clone()}
                    {phone.map(|p| view! { " " <a class="nowrap" href=format!("tel:{p}")>{p.clone()}</a> })}
                </dd>
                <dt>{t.address}</dt>
                <dd>{match address {
                    Some(a) => a.into_any(),
                    None if serving => view! { <span class="muted">{t.address_empty}</span> }.into_any(),
                    None => view! { <span class="muted">{t.hidden_for_privacy}</span> }.into_any(),
                }}</dd>
                {order.preferred_time.clone().map(|p| view! { <dt>{t.preferred_time}</dt><dd>{p}</dd> })}
                <dt>{t.assignee}</dt>
                <dd class="assignee">{match assignee {
                    Some(a) => a.into_any(),
                    None if kind == OrderKind::MicroWish => view! { <span class="muted">{t.unclaimed}</span> }.into_any(),
                    None if resident => view! { <span class="muted">{t.being_arranged}</span> }.into_any(),
                    None => view! { <span class="muted">{t.unassigned}</span> }.into_any(),
                }}</dd>
                {if resident {
                    open_order.then(|| view! {
                        <dt>{t.expected}</dt>
                        <dd class="due">{fill(t.expected_by, format::date(&due, i18n.lang()))}</dd>
                    }).into_any()
                } else {
                    view! {
                        // The deadline that counts now says how long is left:
                        // the response limit while nobody has it, then the due time.
                        {respond_by.map(|by| view! {
                            <dt>{t.respond_by}</dt>
                            <dd class="respond-by">{format::datetime(&by, i18n.lang())} " " <DeadlineWords at=by /></dd>
                        })}
                        <dt>{t.due}</dt>
                        <dd class="due">{format::datetime(&due, i18n.lang())}
                            {(open_order && respond_by.is_none()).then(|| view! { " " <DeadlineWords at=due /> })}</dd>
                        <dt>{t.level}</dt>
                        <dd class="level" data-level=order.level.as_str()>{(t.level_name)(order.level)}</dd>
                    }.into_any()
                }}
                {order.track.filter(|_| !resident).map(|tr| view! {
                    <dt>{t.triage_entry}</dt>
                    <dd class="track" data-track=tr.as_str()>{(t.track_name)(tr)}</dd>
                })}
                {order.placed_by.clone().map(|p| view! {
                    <dt>{t.by_proxy}</dt>
                    <dd class="placed-by">{p.name}</dd>
                })}
                {rating.map(|r| view! {
                    <dt>{t.rating}</dt>
                    <dd><span class="rating" aria-label=format!("{r}/5")>{"★".repeat(r.clamp(0, 5) as usize)}{"☆".repeat((5 - r.clamp(0, 5)) as usize)}</span>
                        " " <span class="rating-word">{(t.rating_word)(r.into())}</span>
                        {comment.clone().map(|c| view! { <p class="comment">{c}</p> })}
                    </dd>
                })}
            </dl>

            <div class="actions">
                {if actions.is_empty() {
                    view! { <p class="muted">{t.no_actions}</p> }.into_any()
                } else {
                    actions.iter().map(|a| {
                        let a = *a;
                        let class = if Some(a) == primary { "button primary" } else if quiet(a) { "button quiet" } else { "button secondary" };
                        view! {
                            <button class=class data-action=a.as_str() aria-expanded=move || (open.get() == Some(a)).to_string()
                                on:click=move |_| open.set(if open.get_untracked() == Some(a) { None } else { Some(a) })>
                                {(t.action)(a)}
                            </button>
                        }
                    }).collect_view().into_any()
                }}
            </div>
            {move || open.get().map(|a| view! {
                <ActionPanel order_id=id community=community action=a points=points
                    on_close=Callback::new(move |_| open.set(None))
                    on_change=Callback::new(move |o| { open.set(None); on_change.run(o) }) />
            })}
            {use_context::<OrderTools>().map(|tools| (tools.0)(&order_view, on_change))}

            <h2>{t.timeline}</h2>
            <ol class="timeline">
                {order.timeline.into_iter().rev().map(|e| {
                    let at = e.at;
                    let label = Action::parse(&e.action);
                    let to = e.to;
                    let actor = e.actor.map(|a| a.name).unwrap_or_default();
                    view! {
                        <li data-action=e.action.clone()>
                            <div class="timeline-head">
                                {match e.action.as_str() {
                                    "escalate" => Some(icon(Icon::Clock)),
                                    "urge" => Some(icon(Icon::Megaphone)),
                                    _ => None,
                                }}
                                <strong>{match label { Some(a) => (t.action)(a), None if e.action == "create" => t.created_entry, None if e.action == "escalate" => t.escalated_entry, None if e.action == "triage" => t.triage_entry, None if e.action == "note" => t.note_entry, None => (t.status)(to) }}</strong>
                                <span class="muted">{actor}</span>
                                <span class="muted">{format::datetime(&at, i18n.lang())}</span>
                            </div>
                            // What the system wrote, in the reader's words.
                            {e.system.as_ref().map(|s| system_note(t, s)).or(e.note).map(|n| view! { <p class="timeline-note">{n}</p> })}
                            // The order's own photos are shown at the top.
                            {(!e.photos.is_empty() && e.action != "create").then(|| view! { <PhotoStrip photos=e.photos /> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </article>
    }
}

/// The form behind one action button: what the action needs, then submit.
#[component]
fn ActionPanel(
    order_id: OrderId,
    /// Whose units and volunteers a dispatch or reassignment picks from.
    community: CommunityId,
    action: Action,
    /// What completing earns, for the toast.
    points: i32,
    on_close: Callback<()>,
    on_change: Callback<Option<Order>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let moment = expect_context::<Moment>();
    let text = RwSignal::new(String::new());
    let rating = RwSignal::new(0i64);
    let assignee = RwSignal::new(None::<AssigneeRef>);
    let photos = RwSignal::new(Vec::<shared::api::Upload>::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let touched = RwSignal::new(false);

    // The rule for this action's text, from `shared::input`.
    let text_rule = move |v: &str| -> Result<(), InputError> {
        match action {
            Action::Reject | Action::Reopen | Action::Reassign => Reason::parse(v).map(drop),
            Action::Complete => CompletionNote::parse(v).map(drop),
            Action::Cancel | Action::Release => Reason::parse_opt(Some(v)).map(drop),
            Action::Evaluate => Comment::parse_opt(Some(v)).map(drop),
            _ => Note::parse_opt(Some(v)).map(drop),
        }
    };
    let text_label = move || match action {
        Action::Reject | Action::Reopen | Action::Reassign => t.reason,
        Action::Complete => t.completion_note,
        Action::Cancel | Action::Release => t.reason_optional,
        Action::Evaluate => t.comment_optional,
        _ => t.note_optional,
    };
    let has_text = !matches!(action, Action::Claim | Action::Accept);
    let text_error = move || {
        touched
            .get()
            .then(|| text_rule(&text.get()).err())
            .flatten()
            .map(|e| input_error(t, e))
    };
    let rating_error = move || {
        (touched.get() && action == Action::Evaluate && rating.get() == 0).then_some(t.required)
    };
    let assignee_error = move || {
        (touched.get()
            && matches!(action, Action::Dispatch | Action::Reassign)
            && assignee.get().is_none())
        .then_some(t.choose_assignee)
    };

    let submit = move |_| {
        touched.set(true);
        if busy.get_untracked()
            || text_error().is_some()
            || rating_error().is_some()
            || assignee_error().is_some()
        {
            return;
        }
        let input = text.get_untracked().trim().to_string();
        let opt = (!input.is_empty()).then(|| input.clone());
        let req = match action {
            Action::Dispatch => match assignee.get_untracked() {
                Some(a) => ActionRequest::Dispatch {
                    assignee: a,
                    note: opt,
                },
                None => return,
            },
            Action::Claim => ActionRequest::Claim,
            Action::Accept => ActionRequest::Accept,
            Action::Reject => ActionRequest::Reject { reason: input },
            Action::Complete => ActionRequest::Complete {
                note: input,
                photos: Some(photos.with_untracked(|p| p.iter().map(|u| u.id).collect())),
                hours: None,
            },
            Action::Evaluate => ActionRequest::Evaluate {
                rating: rating.get_untracked(),
                comment: opt,
            },
            Action::Cancel => ActionRequest::Cancel { reason: opt },
            Action::Reopen => ActionRequest::Reopen { reason: input },
            Action::Close => ActionRequest::Close { note: opt },
            Action::Release => ActionRequest::Release { reason: opt },
            Action::Reassign => match assignee.get_untracked() {
                Some(a) => ActionRequest::Reassign {
                    assignee: a,
                    reason: input,
                },
                None => return,
            },
            Action::Urge => ActionRequest::Urge { note: opt },
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match api.act(order_id, req).await {
                Ok(order) => {
                    if matches!(action, Action::Accept | Action::Claim) {
                        moment.arrived(order.id, ASSIGNEE_KINDS);
                    }
                    if action == Action::Complete && points > 0 {
                        toasts.success(fill(t.earned_points, points));
                    } else {
                        toasts.success(fill(t.done_toast, (t.action)(action)));
                    }
                    on_change.run(Some(order));
                }
                Err(e) => {
                    busy.set(false);
                    let message = if action == Action::Urge && e.code == ErrorCode::TooManyRequests
                    {
                        t.urge_wait.to_string()
                    } else {
                        error_text(t, &e)
                    };
                    // Someone else moved the order: say so, and show it as it is now.
                    if matches!(
                        e.code,
                        ErrorCode::AlreadyClaimed
                            | ErrorCode::Conflict
                            | ErrorCode::InvalidTransition
                    ) {
                        toasts.error(message);
                        on_change.run(None);
                    } else {
                        error.set(Some(message));
                    }
                }
            }
        });
    };

    view! {
        <div class="card action-panel" role="dialog" aria-label=(t.action)(action)>
            <h3>{move || match action {
                Action::Claim | Action::Accept | Action::Close | Action::Cancel | Action::Release => fill(t.confirm_action, (t.action)(action)),
                _ => (t.action)(action).to_string(),
            }}</h3>
            {matches!(action, Action::Dispatch | Action::Reassign).then(|| view! {
                {use_context::<AssigneePicker>().map(|picker| (picker.0)(assignee, community, order_id))}
                <p class="field-error">{assignee_error}</p>
            })}
            {(action == Action::Evaluate).then(|| view! {
                <div class="stars" role="radiogroup" aria-label=t.rating>
                    {(1..=5i64).map(|n| view! {
                        <button type="button" class="star" class:on=move || { rating.get() >= n } role="radio"
                            aria-checked=move || (rating.get() == n).to_string() aria-label=move || format!("{n} {}", t.stars)
                            data-stars=n on:click=move |_| rating.set(n)>"★"</button>
                    }).collect_view()}
                </div>
                <p class="rating-word" aria-live="polite">{move || (rating.get() > 0).then(|| (t.rating_word)(rating.get()))}</p>
                <p class="field-error">{rating_error}</p>
            })}
            {has_text.then(|| view! {
                <label for="action-text">{text_label}</label>
                <textarea id="action-text" name="action-text" rows="3" prop:value=text
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <p class="field-error">{text_error}</p>
            })}
            {(action == Action::Complete).then(|| view! {
                <span class="label">{t.photos_label}</span>
                <PhotoPicker photos=photos />
            })}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <div class="panel-buttons">
                <button class="button secondary" on:click=move |_| on_close.run(())>{t.cancel_dialog}</button>
                <button class="button primary" data-confirm=action.as_str() disabled=busy on:click=submit>
                    {move || if busy.get() { t.working } else { t.confirm }}
                </button>
            </div>
        </div>
    }
}

/// How a dispatch or a reassignment picks whom to: the desk provides it (its
/// units and volunteers with their skills), so the phone app, which never
/// dispatches, carries none of it.
#[derive(Clone, Copy)]
pub struct AssigneePicker(pub fn(RwSignal<Option<AssigneeRef>>, CommunityId, OrderId) -> AnyView);

/// What the desk adds under an order's buttons for those who dispatch: 三事分流
/// of a pending appeal and notes on the timeline (the joint meeting's
/// decision). The phone app provides none.
#[derive(Clone, Copy)]
pub struct OrderTools(pub fn(&Order, Callback<Option<Order>>) -> AnyView);
