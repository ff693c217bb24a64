use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Success,
    Error,
}

/// One toast at a time, shown for a few seconds.
#[derive(Clone, Copy)]
pub struct Toasts(RwSignal<Option<(String, Tone, u32)>>);

impl Toasts {
    pub fn new() -> Self {
        Toasts(RwSignal::new(None))
    }

    pub fn show(&self, message: impl Into<String>, tone: Tone) {
        let id = self.0.get_untracked().map_or(0, |(_, _, id)| id + 1);
        self.0.set(Some((message.into(), tone, id)));
        let signal = self.0;
        set_timeout(
            move || {
                if signal
                    .get_untracked()
                    .is_some_and(|(_, _, current)| current == id)
                {
                    signal.set(None);
                }
            },
            std::time::Duration::from_millis(3500),
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
        toasts.0.get().map(|(message, tone, _)| {
            let class = match tone {
                Tone::Success => "toast toast-success",
                Tone::Error => "toast toast-error",
            };
            view! { <div class=class role="status" aria-live="polite">{message}</div> }
        })
    }
}
