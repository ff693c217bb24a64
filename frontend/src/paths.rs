//! The apps' routes, as the links use them (each app's route table spells the
//! same paths, since `path!` takes only literals). The phone app's pages live
//! at `/`, the desk's under `/desk/`; a page both apps have (an order, the
//! inbox, me, signing in) is at the same place under each app's root.

use std::cell::Cell;

/// Which of the two apps is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Residents, volunteers and unit members, at `/`.
    Phone,
    /// The committee, grid workers, street officers and admins, at `/desk/`.
    Desk,
}

thread_local! {
    static SIDE: Cell<Side> = const { Cell::new(Side::Phone) };
}

/// Set once, by the app's `main`.
pub fn set_side(side: Side) {
    SIDE.with(|s| s.set(side));
}

pub fn side() -> Side {
    SIDE.with(Cell::get)
}

/// Where an app's pages start: `""` or `"/desk"`.
pub fn root(side: Side) -> &'static str {
    match side {
        Side::Phone => "",
        Side::Desk => "/desk",
    }
}

pub const HOME: &str = "/";
pub const WALL: &str = "/wall";
pub const MY_ORDERS: &str = "/orders/mine";
pub const TASKS: &str = "/tasks";
pub const MY_TASKS: &str = "/tasks/mine";
pub const POINTS: &str = "/points";
pub const DESK: &str = "/desk";
pub const ALL_ORDERS: &str = "/desk/all";
pub const STATS: &str = "/desk/stats";
pub const ESCALATED: &str = "/desk/escalated";
pub const CATALOGUE: &str = "/desk/catalogue";
pub const CALENDAR: &str = "/desk/calendar";
pub const APPROVALS: &str = "/desk/approvals";
pub const PEOPLE: &str = "/desk/people";
pub const PLACES: &str = "/desk/places";
pub const UNITS: &str = "/desk/units";
/// 积分超市: the committee's shelf, reservations and awards.
pub const SUPERMARKET: &str = "/desk/supermarket";
pub const PARTNERS: &str = "/desk/partners";
/// 代点单: the desk's form for an order on a resident's behalf.
pub const PROXY_ORDER: &str = "/desk/new";
/// A newcomer registers (phone app, signed out).
pub const REGISTER: &str = "/register";
/// Signed in, but no one's member yet: the application and where it stands.
pub const WAITING: &str = "/waiting";
/// Me, in each app (the tab bar names it by the hat).
pub const ME: &str = "/me";
pub const DESK_ME: &str = "/desk/me";

/// A page both apps have, in the running app.
fn here(page: &str) -> String {
    format!("{}{page}", root(side()))
}

pub fn login() -> String {
    here("/login")
}

pub fn hat() -> String {
    here("/hat")
}

pub fn inbox() -> String {
    here("/inbox")
}

pub fn me() -> String {
    here("/me")
}

pub fn account() -> String {
    here("/account")
}

/// 双报到: the phone app's form for in-service party members.
pub const REPORT: &str = "/report";

/// A volunteer's own profile (双向画像), in the phone app.
pub const PROFILE: &str = "/profile";

/// One order's page.
pub fn order(id: shared::OrderId) -> String {
    here(&format!("/orders/{id}"))
}

/// The form for a new order of this kind.
pub fn new_order(kind: shared::OrderKind) -> String {
    format!("/new/{}", kind.as_str())
}

/// The same page in the other app, for a link that reached the wrong one
/// (a resident opening `/desk/orders/12`): an order, the inbox and me have a
/// twin; anything else goes to that app's home, `fallback`.
pub fn twin(path: &str, to: Side, fallback: &str) -> String {
    let page = path.strip_prefix("/desk").unwrap_or(path);
    let shared_page =
        page.starts_with("/orders/") && page != MY_ORDERS || page == "/inbox" || page == "/me";
    if shared_page {
        format!("{}{page}", root(to))
    } else {
        fallback.to_string()
    }
}

/// Goes to `url`: inside this app through its router (`navigate`), into the
/// other app by loading it (its own wasm).
pub fn go(url: &str, navigate: impl Fn(&str, leptos_router::NavigateOptions), replace: bool) {
    let desk_url = url == DESK || url.starts_with("/desk/");
    let other_app = desk_url != (side() == Side::Desk);
    if other_app {
        if let Some(location) = web_sys::window().map(|w| w.location()) {
            let _ = if replace {
                location.replace(url)
            } else {
                location.assign(url)
            };
        }
    } else {
        navigate(
            url,
            leptos_router::NavigateOptions {
                replace,
                ..Default::default()
            },
        );
    }
}
