//! The cells of the 台账: Chinese words for the workflow's names, times in
//! China time, the headers, and an order's and a unit's row.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use sea_orm::FromQueryResult;
use shared::api::UnitAssessment;
use shared::{
    CategoryId, CommunityId, LedgerReason, Level, OrderId, OrderKind, OrderStatus, UnitId, UserId,
};
use std::collections::HashMap;

/// One cell: text (empty for nothing), a number (so that XLSX sums it) or a
/// moment in China time (an Excel date in XLSX, so that it sorts and filters
/// as one; `2026-12-03 10:00` in CSV).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Moment(NaiveDateTime),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
            Cell::Number(n) => format!("{n}"),
            Cell::Moment(m) => m.format("%Y-%m-%d %H:%M").to_string(),
        }
    }

    /// A moment as Excel counts it: days since 1899-12-30, the time of day
    /// as the fraction (right for every date after February 1900).
    pub fn excel_serial(m: NaiveDateTime) -> f64 {
        let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)
            .unwrap_or_default()
            .and_time(NaiveTime::MIN);
        (m - epoch).num_seconds() as f64 / 86_400.0
    }

    pub(super) fn opt_number(n: Option<f64>) -> Cell {
        n.map_or(Cell::Text(String::new()), Cell::Number)
    }
}

pub(super) fn t(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// A moment as the 台账 writes it: China time, to the minute.
pub(super) fn when(at: Option<DateTime<Utc>>) -> Cell {
    at.map_or(Cell::Text(String::new()), |a| {
        let local = a.with_timezone(&shared::deadlines::china()).naive_local();
        Cell::Moment(
            local
                .with_second(0)
                .unwrap_or(local)
                .with_nanosecond(0)
                .unwrap_or(local),
        )
    })
}

pub(super) fn kind_words(k: OrderKind) -> &'static str {
    match k {
        OrderKind::MicroWish => "微心愿",
        OrderKind::DoorService => "上门服务",
        OrderKind::Appeal => "诉求",
    }
}

pub(super) fn status_words(s: OrderStatus) -> &'static str {
    match s {
        OrderStatus::Pending => "待派单",
        OrderStatus::Dispatched => "已派单",
        OrderStatus::Accepted => "办理中",
        OrderStatus::Completed => "已办结",
        OrderStatus::Evaluated => "已评价",
        OrderStatus::Closed => "已关闭",
        OrderStatus::Cancelled => "已取消",
    }
}

pub(super) fn level_words(l: Level) -> &'static str {
    match l {
        Level::Grid => "网格",
        Level::Community => "社区",
        Level::Street => "街道",
        Level::District => "区",
    }
}

pub(super) fn reason_words(r: LedgerReason) -> &'static str {
    match r {
        LedgerReason::OrderCompleted => "完成服务",
        LedgerReason::RewardRedeemed => "兑换礼品",
        LedgerReason::RewardRefunded => "兑换退回",
        LedgerReason::PointsAwarded => "社区奖励",
        LedgerReason::PointsWithdrawn => "奖励撤回",
    }
}

pub(super) const ORDER_HEADER: [&str; 16] = [
    "工单编号",
    "社区",
    "类型",
    "服务类别",
    "标题",
    "状态",
    "居民",
    "承办",
    "下单时间",
    "接单时间",
    "办结时间",
    "办理期限",
    "是否超期",
    "层级",
    "评分",
    "评价",
];
pub(super) const ASSESSMENT_HEADER: [&str; 16] = [
    "排名",
    "成员单位",
    "社区",
    "派单",
    "接单",
    "按时接单",
    "吹哨未报到",
    "拒单",
    "超期",
    "被催办",
    "平均响应（分钟）",
    "平均办结（分钟）",
    "平均评分",
    "满意率",
    "社区评分",
    "评语",
];
pub(super) const POINTS_HEADER: [&str; 9] = [
    "时间",
    "姓名",
    "积分变动",
    "服务时长（小时）",
    "原因",
    "说明",
    "工单编号",
    "礼品",
    "社区",
];

#[derive(Debug, FromQueryResult)]
pub(super) struct OrderLine {
    pub(super) id: OrderId,
    pub(super) community_id: CommunityId,
    pub(super) kind: OrderKind,
    pub(super) category_id: CategoryId,
    pub(super) title: String,
    pub(super) status: OrderStatus,
    pub(super) requester_id: UserId,
    pub(super) assignee_unit_id: Option<UnitId>,
    pub(super) assignee_user_id: Option<UserId>,
    pub(super) created_at: DateTime<Utc>,
    pub(super) accepted_at: Option<DateTime<Utc>>,
    pub(super) completed_at: Option<DateTime<Utc>>,
    pub(super) due_at: DateTime<Utc>,
    pub(super) level: Level,
    pub(super) rating: Option<i32>,
    pub(super) comment: Option<String>,
}

pub(super) fn order_row(
    l: OrderLine,
    now: DateTime<Utc>,
    community_names: &HashMap<CommunityId, String>,
    categories: &HashMap<CategoryId, String>,
    units: &HashMap<UnitId, String>,
    people: &HashMap<UserId, String>,
) -> Vec<Cell> {
    let number = format!("{}-{:05}", l.created_at.format("%Y%m%d"), l.id);
    let assignee = match (l.assignee_unit_id, l.assignee_user_id) {
        (Some(u), _) => units.get(&u).cloned().unwrap_or_default(),
        (None, Some(v)) => people.get(&v).cloned().unwrap_or_default(),
        (None, None) => String::new(),
    };
    let late = match l.completed_at {
        Some(done) => done > l.due_at,
        None => l.status.is_open() && l.due_at < now,
    };
    vec![
        t(number),
        t(community_names
            .get(&l.community_id)
            .cloned()
            .unwrap_or_default()),
        t(kind_words(l.kind)),
        t(categories.get(&l.category_id).cloned().unwrap_or_default()),
        t(l.title),
        t(status_words(l.status)),
        t(people.get(&l.requester_id).cloned().unwrap_or_default()),
        t(assignee),
        when(Some(l.created_at)),
        when(l.accepted_at),
        when(l.completed_at),
        when(Some(l.due_at)),
        t(if late { "是" } else { "否" }),
        t(level_words(l.level)),
        Cell::opt_number(l.rating.map(f64::from)),
        t(l.comment.unwrap_or_default()),
    ]
}

pub(super) fn assessment_row(u: UnitAssessment) -> Vec<Cell> {
    let n = |v: u64| Cell::Number(v as f64);
    let round = |v: Option<f64>, places: i32| {
        let f = 10f64.powi(places);
        Cell::opt_number(v.map(|x| (x * f).round() / f))
    };
    vec![
        Cell::Number(f64::from(u.rank)),
        t(u.unit.name),
        t(u.community.name),
        n(u.dispatched),
        n(u.accepted),
        n(u.accepted_on_time),
        n(u.missed_reports),
        n(u.rejected),
        n(u.overdue),
        n(u.urged),
        round(u.average_response_minutes, 1),
        round(u.average_completion_minutes, 1),
        round(u.average_rating, 2),
        round(u.satisfaction_rate, 4),
        Cell::opt_number(u.score.map(f64::from)),
        t(u.comment.unwrap_or_default()),
    ]
}
