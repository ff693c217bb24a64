//! Icons as inline SVG: they look the same on every phone and in headless
//! browsers, where emoji fonts are often missing (boxes instead of pictures).
//! Line icons on a 24×24 grid, drawn in the text colour.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    Home,
    Heart,
    List,
    User,
    Inbox,
    Star,
    Send,
    Chart,
    Clock,
    Camera,
    Tool,
    Megaphone,
    Search,
    Bell,
}

impl Icon {
    fn path(self) -> &'static str {
        match self {
            Icon::Home => "M3 11l9-8 9 8M5 10v10h5v-6h4v6h5V10",
            Icon::Heart => "M20.8 4.6a5.5 5.5 0 0 0-7.8 0L12 5.7l-1-1.1a5.5 5.5 0 0 0-7.8 7.8l1 1.1L12 21l7.8-7.5 1-1.1a5.5 5.5 0 0 0 0-7.8z",
            Icon::List => "M9 6h12M9 12h12M9 18h12M4 6h.01M4 12h.01M4 18h.01",
            Icon::User => "M20 21v-2a4 4 0 0 0-4-4H8a4 4 0 0 0-4 4v2M12 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z",
            Icon::Inbox => "M22 12h-6l-2 3h-4l-2-3H2M5.5 5h13L22 12v7H2v-7z",
            Icon::Bell => "M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0",
            Icon::Star => "M12 2l3.1 6.3 6.9 1-5 4.9 1.2 6.8L12 17.8 5.8 21l1.2-6.8-5-4.9 6.9-1z",
            Icon::Send => "M22 2L11 13M22 2l-7 20-4-9-9-4z",
            Icon::Chart => "M3 3v18h18M8 17v-5M13 17V8M18 17v-9",
            Icon::Clock => "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM12 6v6l4 2",
            Icon::Camera => "M23 19V8a2 2 0 0 0-2-2h-4l-2-3H9L7 6H3a2 2 0 0 0-2 2v11a2 2 0 0 0 2 2h18a2 2 0 0 0 2-2zM12 17a4 4 0 1 0 0-8 4 4 0 0 0 0 8z",
            Icon::Tool => "M14.7 6.3a4 4 0 0 0-5.4 5.4L3 18l3 3 6.3-6.3a4 4 0 0 0 5.4-5.4l-2.5 2.5-2.4-.6-.6-2.4z",
            Icon::Megaphone => "M3 11v2a1 1 0 0 0 1 1h3l5 4V6L7 10H4a1 1 0 0 0-1 1zM16 8a5 5 0 0 1 0 8",
            Icon::Search => "M11 19a8 8 0 1 0 0-16 8 8 0 0 0 0 16zM21 21l-4.3-4.3",
        }
    }
}

/// A decorative icon: hidden from screen readers, who get the words beside it.
pub fn icon(i: Icon) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor"
            stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
            <path d=i.path() />
        </svg>
    }
}
