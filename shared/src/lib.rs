//! Types and rules that the server and the web client both compile: the order
//! workflow (one state machine for both sides), API requests and responses, and
//! the error codes the client translates.

pub mod api;
pub mod deadlines;
pub mod error;
pub mod ids;
pub mod input;
pub mod mask;
pub mod period;
pub mod ranking;
pub mod search;
pub mod time;
pub mod workflow;

pub use error::{ErrorBody, ErrorCode, ErrorDetail};
pub use ids::*;
pub use workflow::{
    Action, Channel, ClockKind, DispatchMode, HotlineEvent, LedgerReason, Level, OrderKind,
    OrderStatus, PartnerKind, RedemptionStatus, Relation, Role, Subject, TimelineAction, Track,
};
