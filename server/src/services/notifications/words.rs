//! What a notification says, in Chinese: its title, its body, and the words
//! of a system note (clients word the facts in their reader's language).

use crate::entities::order;
use shared::api::{Missed, NotificationKind, SystemNote, SystemNoteCode};
use shared::Level;

/// A system note in Chinese: the timeline entry's `note` and the `body` kept
/// beside the facts (for WeChat and clients that word nothing themselves).
pub fn system_words(n: &SystemNote) -> String {
    let level = match n.level {
        Some(Level::Grid) => "网格",
        Some(Level::Community) => "社区",
        Some(Level::Street) => "街道",
        Some(Level::District) | None => "区",
    };
    match (n.code, n.missed) {
        (SystemNoteCode::Escalated, Some(Missed::Accept)) => {
            format!("升至{level}：未在接单时限内接单")
        }
        (SystemNoteCode::Escalated, Some(Missed::Dispatch)) => {
            format!("升至{level}：未在接单时限内派单或认领")
        }
        (SystemNoteCode::Escalated, _) => format!("升至{level}：未在办结时限内办结"),
        (SystemNoteCode::RequesterLeft, _) => "居民已注销账号，工单取消".to_string(),
        (SystemNoteCode::AutoClosed, _) => {
            format!("{} 天未评价，自动关闭", n.days.unwrap_or(1))
        }
        (SystemNoteCode::AutoDispatched, _) => "系统按匹配度自动派单".to_string(),
        (SystemNoteCode::NobodyLeft, _) => "自动派单无人可接，退回社区党委派单".to_string(),
    }
}

/// The words of a notification: what happened, and to which order.
pub(super) fn words(
    kind: NotificationKind,
    o: &order::Model,
    detail: Option<&str>,
) -> (String, String) {
    let title = title_of(kind);
    let mut body = format!("{} {}", o.number(), o.title);
    if let Some(d) = detail.filter(|d| !d.is_empty()) {
        body.push('：');
        body.push_str(d);
    }
    (title.to_string(), body)
}

/// A notification's title, in Chinese.
pub(super) fn title_of(kind: NotificationKind) -> &'static str {
    use NotificationKind as K;
    match kind {
        K::Dispatched => "新派单，请及时接单",
        K::Accepted => "您的工单已有人接单",
        K::Completed => "您的工单已办结，请评价",
        K::Rejected => "工单被退回，请重新派单",
        K::Escalated => "工单超时升级",
        K::Urged => "工单被催办",
        K::LowRating => "工单收到差评，请回访",
        K::MembershipApproved => "您的入驻申请已通过",
        K::MembershipRejected => "您的入驻申请未通过",
        K::Unassigned => "自动派单无人可接，请派单",
    }
}
