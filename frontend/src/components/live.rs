//! The live board on the client: one stream for the signed-in app (kept open
//! by the shell), reopened with a fresh ticket after a loss — the browser's
//! own retry would present the spent ticket — waiting 1 s, 2 s, 4 s … up to
//! 30 s between tries. Lists, the order page and the bell follow [`Live`].

use crate::api::Api;
use crate::json::from_json;
use leptos::prelude::*;
use shared::OrderId;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The event saying changes were missed: everything shown may be stale.
pub const RESYNC: &str = "resync";

/// What the app heard: an order's change (read from the stream's
/// `shared::api::LiveChange`), or `resync`.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub id: OrderId,
    /// `create`, or the action taken.
    pub action: String,
}

/// The latest change heard, numbered so that two alike are two changes.
#[derive(Clone, Copy)]
pub struct Live(pub RwSignal<Option<(u32, Change)>>);

impl Live {
    /// Runs `f` on each change heard from now on (not on one heard before).
    pub fn on_change(self, f: impl Fn(&Change) + 'static) {
        Effect::new(move |seen: Option<Option<u32>>| {
            self.0.with(|latest| {
                let n = latest.as_ref().map(|(n, _)| *n);
                if let (Some(seen), Some((_, change))) = (seen, latest) {
                    if seen != n {
                        f(change);
                    }
                }
                n
            })
        });
    }
}

type Handler = Closure<dyn FnMut(web_sys::Event)>;

/// An open stream and what listens to it (dropped with it).
struct Stream {
    source: web_sys::EventSource,
    _handlers: [Handler; 3],
}

type Slot = StoredValue<Option<Stream>, LocalStorage>;

/// Keeps the stream open while the calling component lives. Leaving the page
/// closes it (else the browser may keep its connection while the page sits
/// in its back-forward cache — six of those and no request gets through);
/// coming back to it opens it again.
pub fn keep_open(api: Api, live: Live) {
    let slot: Slot = StoredValue::new_local(None);
    let backoff = StoredValue::new_local(1u32);
    open(api, live, slot, backoff);
    let on_page: Handler = Closure::new(move |e: web_sys::Event| {
        let persisted = js_sys::Reflect::get(&e, &"persisted".into())
            .ok()
            .and_then(|v| v.as_bool())
            == Some(true);
        if e.type_() == "pagehide" {
            close(slot);
        } else if persisted && close(slot).is_some() {
            open(api, live, slot, backoff);
        }
    });
    let window = web_sys::window();
    for name in ["pagehide", "pageshow"] {
        if let Some(w) = &window {
            let _ = w.add_event_listener_with_callback(name, on_page.as_ref().unchecked_ref());
        }
    }
    let on_page = StoredValue::new_local(Some(on_page));
    on_cleanup(move || {
        close(slot);
        if let (Some(w), Some(Some(f))) = (window, on_page.try_update_value(Option::take)) {
            for name in ["pagehide", "pageshow"] {
                let _ = w.remove_event_listener_with_callback(name, f.as_ref().unchecked_ref());
            }
        }
    });
}

fn close(slot: Slot) -> Option<()> {
    slot.try_update_value(|s| {
        if let Some(s) = s.take() {
            s.source.close();
        }
    })
}

fn open(api: Api, live: Live, slot: Slot, backoff: StoredValue<u32, LocalStorage>) {
    leptos::task::spawn_local(async move {
        let source = match api.event_ticket().await {
            Ok(ticket) => {
                web_sys::EventSource::new(&format!("/api/v1/events?ticket={ticket}")).ok()
            }
            Err(_) => None,
        };
        let Some(source) = source else {
            return again(api, live, slot, backoff);
        };
        let on_order: Handler = Closure::new(move |e: web_sys::Event| {
            let text = e
                .unchecked_ref::<web_sys::MessageEvent>()
                .data()
                .as_string()
                .unwrap_or_default();
            // `resync` (the server dropped changes for this stream): reload
            // whatever is shown.
            let change = from_json::<shared::api::LiveChange>(&text)
                .map(|c| Change {
                    id: c.id,
                    action: c.action,
                })
                .unwrap_or(Change {
                    id: OrderId(0),
                    action: RESYNC.into(),
                });
            live.0.update(|l| {
                let n = l.as_ref().map_or(0, |(n, _)| n.wrapping_add(1));
                *l = Some((n, change));
            });
        });
        let on_open: Handler = Closure::new(move |_| {
            let _ = backoff.try_set_value(1);
        });
        let lost = source.clone();
        let on_error: Handler = Closure::new(move |_| {
            lost.close();
            again(api, live, slot, backoff);
        });
        for (name, handler) in [
            ("order", &on_order),
            ("open", &on_open),
            ("error", &on_error),
        ] {
            let _ = source.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
        }
        let stream = Stream {
            source: source.clone(),
            _handlers: [on_order, on_open, on_error],
        };
        // Nowhere to keep it: the app was closed while the ticket came.
        if slot.try_set_value(Some(stream)).is_some() {
            source.close();
        }
    });
}

/// Opens anew after the current wait, doubling it for next time.
fn again(api: Api, live: Live, slot: Slot, backoff: StoredValue<u32, LocalStorage>) {
    let Some(wait) = backoff.try_get_value() else {
        return;
    };
    let _ = backoff.try_set_value((wait * 2).min(30));
    set_timeout(
        move || {
            // Dropped here, not in its own error handler; `None`: the app
            // was closed meanwhile.
            if close(slot).is_some() {
                open(api, live, slot, backoff);
            }
        },
        std::time::Duration::from_secs(u64::from(wait)),
    );
}
