//! Dispatch that knows people: volunteers' profiles, ranked candidates with
//! their reasons, triage, bulk dispatch, orders placed on a resident's behalf.

use super::orders::{AssigneeRef, AssigneeType};
use crate::ids::{GridId, OrderId};
use crate::workflow::Track;
use serde::{Deserialize, Serialize};

/// The most open orders a volunteer may say they take at once.
pub const MAX_OPEN_LIMIT: i32 = 20;
/// What a volunteer takes at once until they say otherwise.
pub const DEFAULT_MAX_OPEN: i32 = 3;

/// Skills the phone app offers to pick from; free words may be added.
pub const SUGGESTED_SKILLS: &[&str] = &[
    "家电维修",
    "水电维修",
    "管道疏通",
    "设施报修",
    "义诊",
    "健康咨询",
    "法律咨询",
    "矛盾调解",
    "心理疏导",
    "理发",
    "助餐送餐",
    "代办跑腿",
    "陪伴探访",
    "助老助残",
    "课业辅导",
    "环境卫生",
];

/// `GET /me/profile`, `PUT /me/profile`: a volunteer's profile (双向画像).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VolunteerProfile {
    pub skills: Vec<String>,
    #[serde(default)]
    pub background: Option<String>,
    pub available: bool,
    #[serde(default)]
    pub grid_id: Option<GridId>,
    /// How many open orders they take at once (1–20, default 3).
    #[serde(default = "default_max_open")]
    pub max_open: i32,
}

fn default_max_open() -> i32 {
    DEFAULT_MAX_OPEN
}

/// `PUT /units/{id}`: a unit's skills (资源清单).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitSkills {
    pub skills: Vec<String>,
}

crate::workflow::str_enum!(
    /// Why a candidate ranks where it does, one term each.
    ReasonCode {
        SkillMatch => "skill_match",
        SameGrid => "same_grid",
        Workload => "workload",
        Rating => "rating",
        ResponseTime => "response_time",
        Rejects => "rejects",
        Unavailable => "unavailable",
        Mediator => "mediator",
        Property => "property",
    }
);

/// One reason, with its words (`text`, Chinese) and the facts they are made
/// of, so that a client can word it in its reader's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankReason {
    pub code: ReasonCode,
    pub text: String,
    /// `skill_match`: the category's skills the candidate has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill: Option<String>,
    /// `workload`: open orders, and the volunteer's cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<u32>,
    /// `rating`: the average, one decimal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<f64>,
    /// `response_time`: average minutes to accept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    /// `rejects`: how many lately.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

impl RankReason {
    pub fn new(code: ReasonCode) -> RankReason {
        RankReason {
            code,
            text: String::new(),
            skill: None,
            open: None,
            cap: None,
            rating: None,
            minutes: None,
            count: None,
        }
        .worded()
    }

    pub fn skill(mut self, skill: String) -> RankReason {
        self.skill = Some(skill);
        self.worded()
    }

    pub fn load(mut self, open: u32, cap: Option<u32>) -> RankReason {
        self.open = Some(open);
        self.cap = cap;
        self.worded()
    }

    pub fn rating(mut self, average: f64) -> RankReason {
        self.rating = Some((average * 10.0).round() / 10.0);
        self.worded()
    }

    pub fn minutes(mut self, minutes: f64) -> RankReason {
        self.minutes = Some(minutes.round().max(0.0) as u32);
        self.worded()
    }

    pub fn count(mut self, n: u32) -> RankReason {
        self.count = Some(n);
        self.worded()
    }

    fn worded(mut self) -> RankReason {
        self.text = self.words(false);
        self
    }

    /// The reason in words: Chinese, or English.
    pub fn words(&self, english: bool) -> String {
        let open = self.open.unwrap_or(0);
        let minutes = self.minutes.unwrap_or(0);
        let skill = self.skill.as_deref().unwrap_or_default();
        match (self.code, english) {
            (ReasonCode::SkillMatch, false) => format!("技能匹配：{skill}"),
            (ReasonCode::SkillMatch, true) => format!("Skills match: {skill}"),
            (ReasonCode::SameGrid, false) => "同网格".into(),
            (ReasonCode::SameGrid, true) => "Same grid".into(),
            (ReasonCode::Workload, false) => match self.cap {
                Some(cap) if open >= cap => format!("在办 {open}/{cap} 单（已满）"),
                Some(cap) => format!("在办 {open}/{cap} 单"),
                None => format!("在办 {open} 单"),
            },
            (ReasonCode::Workload, true) => {
                let orders = if open == 1 { "order" } else { "orders" };
                match self.cap {
                    Some(cap) if open >= cap => format!("{open}/{cap} open {orders} (full)"),
                    Some(cap) => format!("{open}/{cap} open {orders}"),
                    None => format!("{open} open {orders}"),
                }
            }
            (ReasonCode::Rating, false) => format!("均分 {:.1}", self.rating.unwrap_or(0.0)),
            (ReasonCode::Rating, true) => {
                format!("Average rating {:.1}", self.rating.unwrap_or(0.0))
            }
            (ReasonCode::ResponseTime, false) if minutes < 90 => {
                format!("平均 {minutes} 分钟接单")
            }
            (ReasonCode::ResponseTime, false) => {
                format!("平均 {:.1} 小时接单", f64::from(minutes) / 60.0)
            }
            (ReasonCode::ResponseTime, true) if minutes < 90 => {
                format!("Accepts in {minutes} min on average")
            }
            (ReasonCode::ResponseTime, true) => {
                format!("Accepts in {:.1} h on average", f64::from(minutes) / 60.0)
            }
            (ReasonCode::Rejects, false) => format!("近期拒单 {} 次", self.count.unwrap_or(0)),
            (ReasonCode::Rejects, true) => {
                format!("Rejected {} lately", self.count.unwrap_or(0))
            }
            (ReasonCode::Unavailable, false) => "暂不接单".into(),
            (ReasonCode::Unavailable, true) => "Not taking orders now".into(),
            (ReasonCode::Mediator, false) => "调解员优先".into(),
            (ReasonCode::Mediator, true) => "Mediator first (a private matter)".into(),
            (ReasonCode::Property, false) => "物业优先".into(),
            (ReasonCode::Property, true) => "Property unit first (a small matter)".into(),
        }
    }
}

/// One candidate of `GET /orders/{id}/candidates`, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CandidateView {
    #[serde(rename = "type")]
    pub kind: AssigneeType,
    pub id: i32,
    pub name: String,
    pub score: i32,
    pub reasons: Vec<RankReason>,
    /// Auto mode may give them the order: available and below their cap.
    pub eligible: bool,
}

impl CandidateView {
    pub fn who(&self) -> AssigneeRef {
        AssigneeRef::new(self.kind, self.id)
    }

    /// The reasons in one line: "技能匹配：家电维修 · 同网格 · 在办 1/3 单".
    pub fn line(&self, english: bool) -> String {
        self.reasons
            .iter()
            .map(|r| r.words(english))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// `POST /orders/{id}/triage` (三事分流).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TriageRequest {
    pub track: Track,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `POST /orders/{id}/notes`: the committee records something on the
/// timeline — the joint meeting's decision on a big matter (联席会议).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderNote {
    pub note: String,
}

/// `POST /orders/dispatch-plan`: the best candidate of each order, for the
/// desk to show before a bulk dispatch.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DispatchPlanRequest {
    pub order_ids: Vec<OrderId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlannedDispatch {
    pub order_id: OrderId,
    /// `None`: nobody may take it (every candidate full or away).
    pub best: Option<CandidateView>,
}

/// `POST /orders/bulk-dispatch`: each order to its assignee, each in its own
/// transaction.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkDispatch {
    pub items: Vec<BulkItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkItem {
    pub order_id: OrderId,
    pub assignee: AssigneeRef,
}

/// What became of one order of a bulk dispatch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkOutcome {
    pub order_id: OrderId,
    pub ok: bool,
    /// The error's code and words when it was not dispatched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<crate::ErrorCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `POST /orders` by a grid worker or the committee for a resident (代点单).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnBehalfOf {
    pub phone: String,
    /// Needed when the phone is not yet anyone's: a resident account is made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}
