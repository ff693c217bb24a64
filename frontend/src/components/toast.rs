use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Success,
    Error,
}

/// One toast at a time, shown for a few seconds: its words, tone, number and
/// (for one about an order) where a tap on it leads.
#[derive(Clone, Copy)]
pub struct Toasts(RwSignal<Option<Toast>>);

type Toast = (String, Tone, u32, Option<String>);

impl Default for Toasts {
    fn default() -> Self {
        Toasts(RwSignal::new(None))
    }
}

impl Toasts {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn show(&self, message: impl Into<String>, tone: Tone) {
        self.put(message.into(), tone, None);
    }

    /// A toast about an order: a tap on it opens the order.
    pub fn about(&self, message: impl Into<String>, order: shared::OrderId) {
        self.put(
            message.into(),
            Tone::Success,
            Some(crate::paths::order(order)),
        );
    }

    fn put(&self, message: String, tone: Tone, href: Option<String>) {
        let id = self
            .0
            .with_untracked(|t| t.as_ref().map_or(0, |(_, _, id, _)| id + 1));
        let wait = if href.is_some() { 6000 } else { 3500 };
        self.0.set(Some((message, tone, id, href)));
        let signal = self.0;
        set_timeout(
            move || {
                if signal
                    .with_untracked(|t| t.as_ref().is_some_and(|(_, _, current, _)| *current == id))
                {
                    signal.set(None);
                }
            },
            std::time::Duration::from_millis(wait),
        );
    }

    pub fn success(&self, message: impl Into<String>) {
        self.show(message, Tone::Success);
    }

    pub fn error(&self, message: impl Into<String>) {
        self.show(message, Tone::Error);
    }
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

#[component]
pub fn ToastView() -> impl IntoView {
    let toasts = use_toasts();
    move || {
        toasts.0.get().map(|(message, tone, _, href)| {
            let class = match tone {
                Tone::Success => "toast toast-success",
                Tone::Error => "toast toast-error",
            };
            match href {
                Some(href) => view! {
                    <a class=format!("{class} toast-link") href=href role="status" aria-live="polite"
                        on:click=move |_| toasts.0.set(None)>{message} " ›"</a>
                }
                .into_any(),
                None => view! { <div class=class role="status" aria-live="polite">{message}</div> }.into_any(),
            }
        })
    }
}
