//! The phone app's lazy screens: every screen but home and the sign-in is cut
//! out of the main wasm by `scripts/split-app` and fetched the first time it
//! is opened (a few KB on a phone's line), so that a resident's first screen
//! waits only for the shell (see `frontend::components::lazy`).

use crate::pages::*;
use frontend::lazy_screens;
use frontend::pages::{account, hat, inbox, me, order};

lazy_screens! {
    register_screen, register => register::RegisterPage;
    waiting_screen, waiting => waiting::WaitingPage;
    hat_screen, hat => hat::HatPage;
    new_order_screen, new_order => new_order::NewOrderPage;
    wall_screen, wall => wall::WallPage;
    my_orders_screen, my_orders => my_orders::MyOrdersPage;
    order_screen, order => order::OrderPage;
    task_hall_screen, task_hall => tasks::TaskHallPage;
    my_tasks_screen, my_tasks => tasks::MyTasksPage;
    points_screen, points => points::PointsPage;
    me_screen, me => me::MePage;
    account_screen, account => account::AccountPage;
    report_screen, report => report::ReportPage;
    profile_screen, profile => profile::ProfilePage;
    inbox_screen, inbox => inbox::InboxPage;
    board_screen, board => board::BoardPage;
}
