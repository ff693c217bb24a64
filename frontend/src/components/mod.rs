//! Pieces every page uses: the shell with its tabs, order cards and badges,
//! loading/empty/error states, and toasts.

pub mod icons;
pub mod lazy;
pub mod live;
pub mod order_card;
pub mod order_list;
pub mod photos;
pub mod shell;
pub mod states;
pub mod status_chips;
pub mod toast;
pub mod wechat;
