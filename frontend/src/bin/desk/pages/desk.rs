use super::table::OrderTable;
use frontend::api::Api;
use frontend::components::icons::{icon, Icon};
use frontend::components::order_list::{OrderList, Paging, Source};
use frontend::components::states::Load;
use frontend::components::status_chips::StatusChips;
use frontend::i18n::{fill, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;
use shared::api::{ListScope, ListSort, OrderQuery};
use shared::input::SearchWords;
use shared::{OrderKind, OrderStatus, Role, Track};
use wasm_bindgen::JsCast;

/// Everything the desk shows, kept in the URL: opening an order and coming
/// back (or reloading, or sharing the link) finds the same list. Plain fields
/// rather than an `OrderQuery` inside: measured, the nested form costs 0.8 KB
/// gzipped of a wasm budget with 1.5 KB left; `order_query()` converts.
#[derive(Debug, Clone, PartialEq, Default)]
struct DeskQuery {
    /// `None`: every status.
    status: Option<OrderStatus>,
    kind: Option<OrderKind>,
    category: String,
    q: String,
    /// `newest` (default), `oldest`, `due`.
    sort: String,
    overdue: bool,
    /// On the revisit list (回头看).
    revisit: bool,
    /// Placed since (from the figures' period).
    from: String,
    /// The joint meeting's list (`track=big`), or another triage track.
    track: Option<Track>,
    page: u64,
    /// Cards or a table, as chosen (`view=cards|table`); `None`: a table
    /// on a wide screen, cards on a phone.
    view: Option<bool>,
}

impl DeskQuery {
    /// The dispatch desk starts at the pending orders; `status=all` lifts that.
    fn read(p: &ParamsMap, all: bool) -> DeskQuery {
        let get = |k: &str| p.get(k).unwrap_or_default();
        let status = match get("status").as_str() {
            "" if all => None,
            "" => Some(OrderStatus::Pending),
            s => OrderStatus::parse(s),
        };
        DeskQuery {
            status,
            kind: OrderKind::parse(&get("kind")),
            category: get("category"),
            q: get("q"),
            sort: get("sort"),
            overdue: get("overdue") == "true",
            revisit: get("revisit") == "true",
            from: get("from"),
            track: Track::parse(&get("track")),
            page: get("page").parse().ok().filter(|p| *p >= 1).unwrap_or(1),
            view: match get("view").as_str() {
                "table" => Some(true),
                "cards" => Some(false),
                _ => None,
            },
        }
    }

    /// Any filter set beyond the page's own default.
    fn filtered(&self, all: bool) -> bool {
        let base = DeskQuery::read(&ParamsMap::new(), all);
        DeskQuery {
            page: base.page,
            view: base.view,
            sort: base.sort.clone(),
            ..self.clone()
        } != base
    }

    /// The filters, as the API's typed query (`shared::api::OrderQuery`).
    fn order_query(&self) -> OrderQuery {
        let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
        OrderQuery {
            status: self.status,
            kind: self.kind,
            category: text(&self.category),
            q: text(&self.q),
            sort: ListSort::parse(&self.sort),
            overdue: self.overdue.then_some(true),
            revisit: self.revisit.then_some(true),
            from: text(&self.from),
            track: self.track,
            ..OrderQuery::default()
        }
    }

    /// The page's own URL query: the filters, the page, and the view.
    fn url_search(&self, all: bool) -> String {
        let mut f = self.order_query();
        let every_status = !all && f.status.is_none();
        if !all && f.status == Some(OrderStatus::Pending) {
            f.status = None;
        }
        f.page = (self.page > 1).then_some(self.page);
        let mut s = f.to_query();
        let view = match self.view {
            Some(true) => "view=table",
            Some(false) => "view=cards",
            None => "",
        };
        for (on, extra) in [(every_status, "status=all"), (!view.is_empty(), view)] {
            if on {
                if !s.is_empty() {
                    s.push('&');
                }
                s.push_str(extra);
            }
        }
        s
    }

    /// The API's query for this list (without paging). 待派单 is what waits
    /// for dispatch: wishes waiting on the wall for a claimer (待认领) are
    /// not among them unless the kind 微心愿 is chosen.
    fn api_query(&self, escalated: bool) -> String {
        let waiting = self.status == Some(OrderStatus::Pending) && self.kind.is_none();
        OrderQuery {
            scope: Some(if escalated {
                ListScope::Escalated
            } else {
                ListScope::Community
            }),
            wishes: waiting.then_some(false),
            ..self.order_query()
        }
        .to_query()
    }
}

/// A screen wide enough for the table (the side bar shows from 900 px).
fn wide() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w >= 900.0)
}

/// Moves the keyboard's focus to the next (or previous) row of the table.
fn focus_row(down: bool) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(rows) = doc.query_selector_all(".orders-table a.row-link") else {
        return;
    };
    let n = rows.length();
    if n == 0 {
        return;
    }
    let active = doc.active_element();
    let at = (0..n).find(|i| {
        rows.item(*i)
            .zip(active.as_ref())
            .is_some_and(|(row, a)| row.is_same_node(Some(a)))
    });
    let next = match (at, down) {
        (None, _) => 0,
        (Some(i), true) => (i + 1).min(n - 1),
        (Some(i), false) => i.saturating_sub(1),
    };
    if let Some(row) = rows
        .item(next)
        .and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = row.focus();
    }
}

/// The committee's dispatch desk (pending first) and the list of all orders:
/// filtered by kind, status and category, searched, sorted, as cards or a table.
#[component]
pub fn DeskPage(
    all: bool,
    /// The orders escalated to a street officer or admin (督办) instead of
    /// the community's.
    #[prop(optional)]
    escalated: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let params = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    let query = Memo::new(move |_| DeskQuery::read(&params.read(), all));

    // Every change goes to the URL (replacing it: the back button leaves the
    // desk rather than stepping through filters); a new filter starts at page 1.
    let go = Callback::new(move |next: DeskQuery| {
        let path = location.pathname.get_untracked();
        let search = next.url_search(all);
        let url = if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        navigate(
            &url,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    });
    let update = move |f: &dyn Fn(&mut DeskQuery)| {
        let mut next = query.get_untracked();
        f(&mut next);
        next.page = 1;
        go.run(next);
    };

    let status = RwSignal::new(query.get_untracked().status);
    Effect::new(move |_| status.set(query.get().status));
    Effect::new(move |prev: Option<Option<OrderStatus>>| {
        let s = status.get();
        if prev.is_some_and(|p| p != s) && s != query.get_untracked().status {
            update(&|q| q.status = s);
        }
        s
    });

    let categories = Load::new(move || api.categories(query.get().kind));
    let source = Signal::derive(move || Source::Orders(query.get().api_query(escalated)));
    let paging = Paging {
        page: Signal::derive(move || query.get().page),
        set_page: Callback::new(move |p| {
            let mut next = query.get_untracked();
            next.page = p;
            go.run(next);
        }),
    };
    // A table on a wide screen, cards on a phone, unless chosen.
    let table = Signal::derive(move || query.get().view.unwrap_or_else(wide));
    // The search runs as the words are typed (a moment after the last key);
    // until then the list shows as stale. Back, a reload or a shared link
    // bring the words of the URL into the box.
    let search_text = RwSignal::new(query.get_untracked().q);
    let typing = RwSignal::new(false);
    let timer = StoredValue::new_local(None::<leptos::prelude::TimeoutHandle>);
    Effect::new(move |_| {
        let q = query.get().q;
        if !typing.get_untracked() {
            search_text.set(q);
        }
    });
    let search_now = move || {
        if let Some(h) = timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
        // The desk was left meanwhile: nothing to search.
        if typing.try_set(false).is_some() {
            return;
        }
        let words = search_text.get_untracked().trim().to_string();
        if words != query.get_untracked().q {
            update(&|q| q.q = words.clone());
        }
    };
    let on_type = move |ev: leptos::ev::Event| {
        search_text.set(event_target_value(&ev));
        typing.set(true);
        if let Some(h) = timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
        let handle =
            set_timeout_with_handle(search_now, std::time::Duration::from_millis(400)).ok();
        timer.set_value(handle);
    };
    on_cleanup(move || {
        if let Some(h) = timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
    });
    // The keyboard: `/` to the search, ↑ ↓ through the rows, Enter opens one
    // (each row's number is a link).
    let keys = window_event_listener(leptos::ev::keydown, move |e| {
        let typing = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if typing || e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        match e.key().as_str() {
            "/" => {
                e.prevent_default();
                if let Some(input) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("desk-search"))
                    .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = input.focus();
                }
            }
            "ArrowDown" | "ArrowUp" => {
                e.prevent_default();
                focus_row(e.key() == "ArrowDown");
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());
    let clear_filters = Signal::derive(move || {
        query
            .get()
            .filtered(all)
            .then(|| (location.pathname.get(), w.clear_filters.to_string()))
    });

    // Ticked rows for a bulk dispatch: the dispatch desk's table, for those
    // who dispatch.
    let session = expect_context::<frontend::session::Session>();
    let dispatches = !escalated
        && session.user().is_some_and(|u| {
            u.roles.contains(&Role::Committee) || u.roles.contains(&Role::GridWorker)
        });
    let selection = super::bulk::Selection(RwSignal::new(Vec::new()));
    let bulk = dispatches && !all;
    if bulk {
        provide_context(selection);
    }

    let kind_chip = move |k: Option<OrderKind>| {
        view! {
            <button class="chip" class:active=move || query.get().kind == k aria-pressed=move || (query.get().kind == k).to_string()
                on:click=move |_| update(&|q| { q.kind = k; q.category.clear(); })>
                {move || match k { None => t.all, Some(k) => (t.kind)(k) }}
            </button>
        }
    };
    view! {
        <div class="page-head">
            <h1>{if escalated { t.tab_escalated } else if all { t.tab_all_orders } else { t.tab_desk }}</h1>
            {dispatches.then(|| view! { <a class="button primary" data-do="proxy" href=frontend::paths::PROXY_ORDER>{w.proxy_order}</a> })}
        </div>
        <form class="search" role="search" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            search_now();
        }>
            <label class="visually-hidden" for="desk-search">{t.search}</label>
            <input id="desk-search" type="search" name="q" enterkeyhint="search" placeholder=w.search_hint
                maxlength=SearchWords::MAX prop:value=search_text on:input=on_type />
            <button type="submit" class="button secondary" aria-label=t.search>{icon(Icon::Search)}</button>
        </form>
        <div class="filters">
            <span class="filter-label" id="kind-label">{w.filter_kind}</span>
            <div class="chips" role="group" aria-labelledby="kind-label">
                {kind_chip(None)}
                {OrderKind::ALL.iter().map(|k| kind_chip(Some(*k))).collect_view()}
            </div>
            <span class="filter-label" id="status-label">{t.filter_status}</span>
            <StatusChips selected=status labelled_by="status-label" />
            <div class="filter-row">
                <span class="field-pair">
                <label class="inline-label" for="category-filter">{w.filter_category}</label>
                <select id="category-filter" prop:value=move || query.get().category
                    on:change=move |ev| { let c = event_target_value(&ev); update(&|q| q.category = c.clone()) }>
                    <option value="">{t.all}</option>
                    // Each option says whether it is the URL's, so the box shows
                    // the filter in force once the list of services arrives.
                    {move || categories.get().and_then(Result::ok).unwrap_or_default().into_iter()
                        .map(|c| {
                            let chosen = query.get_untracked().category == c.code;
                            view! { <option value=c.code.clone() selected=chosen>{c.name.clone()}</option> }
                        }).collect_view()}
                </select>
                </span>
                <span class="field-pair">
                <label class="inline-label" for="sort">{w.sort}</label>
                <select id="sort" prop:value=move || query.get().sort
                    on:change=move |ev| { let s = event_target_value(&ev); update(&|q| q.sort = s.clone()) }>
                    <option value="">{w.sort_newest}</option>
                    <option value="oldest">{w.sort_oldest}</option>
                    <option value="due">{w.sort_due}</option>
                </select>
                </span>
            </div>
            <div class="filter-row">
                <button class="chip" class:active=move || query.get().overdue aria-pressed=move || query.get().overdue.to_string()
                    data-filter="overdue" on:click=move |_| update(&|q| q.overdue = !q.overdue)>
                    {icon(Icon::Clock)} {w.overdue_only}
                </button>
                {(!escalated).then(|| view! {
                    <button class="chip" class:active=move || query.get().revisit aria-pressed=move || query.get().revisit.to_string()
                        data-filter="revisit" on:click=move |_| update(&|q| q.revisit = !q.revisit)>
                        {w.revisit_only}
                    </button>
                    <button class="chip" class:active=move || query.get().track == Some(Track::Big)
                        aria-pressed=move || (query.get().track == Some(Track::Big)).to_string()
                        data-filter="big" on:click=move |_| update(&|q| q.track = if q.track == Some(Track::Big) { None } else { Some(Track::Big) })>
                        {w.joint_meeting}
                    </button>
                })}
                {move || {
                    let q = query.get();
                    (!q.from.is_empty()).then(|| view! {
                        <button class="chip active" data-filter="from" title=t.clear on:click=move |_| update(&|q| q.from.clear())>
                            {fill(w.since_n, q.from.chars().take(10).collect::<String>())} " ✕"
                        </button>
                    })
                }}
                {move || (!query.get().q.is_empty() && !typing.get()).then(|| view! {
                    <button class="chip active" data-filter="q" title=t.clear on:click=move |_| { search_text.set(String::new()); update(&|q| q.q.clear()) }>
                        {query.get().q} " ✕"
                    </button>
                })}
                <div class="view-toggle" role="group" aria-label=w.view_mode>
                    <button class="chip" class:active=move || !table.get() aria-pressed=move || (!table.get()).to_string()
                        on:click=move |_| { let mut n = query.get_untracked(); n.view = Some(false); go.run(n); }>{w.view_cards}</button>
                    <button class="chip" class:active=table aria-pressed=move || table.get().to_string() data-view="table"
                        on:click=move |_| { let mut n = query.get_untracked(); n.view = Some(true); go.run(n); }>{w.view_table}</button>
                </div>
            </div>
        </div>
        {bulk.then(|| view! { <super::bulk::BulkBar selection=selection /> })}
        <div class="list-frame" class:stale=typing aria-busy=move || typing.get().to_string()>
        <p class="muted keys-hint">{w.keys_hint}</p>
        <OrderList source=source show_total=true paging=paging announce=!escalated
            table=(table, Callback::new(|orders| view! { <OrderTable orders=orders /> }.into_any()))
            empty=Signal::derive(move || if query.get().filtered(all) { w.empty_filtered } else if escalated { w.empty_escalated } else { w.empty_desk }.to_string())
            empty_action=clear_filters />
        </div>
    }
}
