//! Who should do an order: candidates scored term by term, each term a reason
//! with a code and words (派单有据). Pure code: the server feeds it what it read
//! (profiles, counters kept in the transitions' transactions, open orders),
//! the desk's dispatch dialog shows its reasons, and auto mode takes the first
//! candidate it may.

use crate::api::{AssigneeRef, RankReason, ReasonCode};
use crate::ids::GridId;
use crate::workflow::Track;

/// What the order asks for.
#[derive(Debug, Clone, Default)]
pub struct Need<'a> {
    /// The skills its category lists.
    pub skills: &'a [String],
    /// The grid it comes from.
    pub grid: Option<GridId>,
    /// Its triage track, once triaged.
    pub track: Option<Track>,
}

/// What is known of one candidate.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub who: AssigneeRef,
    pub name: String,
    pub skills: Vec<String>,
    /// A volunteer's home grid (units have none).
    pub grid: Option<GridId>,
    /// A volunteer may say they take nothing for now; units always take orders.
    pub available: bool,
    /// Orders dispatched to or taken by them and not yet completed.
    pub open: u32,
    /// How many open orders a volunteer takes at once (units: no cap).
    pub cap: Option<u32>,
    /// The unit's kind (`property`, …); `None` for volunteers.
    pub unit_kind: Option<String>,
    /// Ratings received: how many, and their sum.
    pub rated: u32,
    pub rating_sum: u32,
    /// Their recent average minutes from dispatch to accept, when known.
    pub response_minutes: Option<f64>,
    /// Orders rejected lately.
    pub rejects: u32,
}

/// A candidate with a score and its reasons, best first in [`rank`]'s answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub who: AssigneeRef,
    pub name: String,
    pub score: i32,
    pub reasons: Vec<RankReason>,
    /// May be given the order by auto mode: available and below their cap.
    pub eligible: bool,
}

// The weights of the terms, in points.
const SKILL_MATCH: i32 = 40;
const SAME_GRID: i32 = 15;
const TRACK_FIRST: i32 = 40;
const IDLE: i32 = 10;
const FULL: i32 = -60;
const PER_UNIT_OPEN: i32 = -3;
const PER_STAR: f64 = 8.0;
const PER_REJECT: i32 = -8;
const UNAVAILABLE: i32 = -100;

/// Whether two skills name the same thing: equal, or one the other's part
/// (`家电维修` and `维修`), ignoring case and spaces around.
pub fn skills_match(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim().to_lowercase(), b.trim().to_lowercase());
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

/// A mediator: someone whose skills include mediation (调解).
fn mediates(c: &Candidate) -> bool {
    c.skills.iter().any(|s| s.contains("调解"))
}

/// Scores one candidate for one need.
pub fn score(need: &Need<'_>, c: &Candidate) -> Ranked {
    let mut score = 0;
    let mut reasons = Vec::new();
    let matched: Vec<String> = need
        .skills
        .iter()
        .filter(|wanted| c.skills.iter().any(|has| skills_match(wanted, has)))
        .cloned()
        .collect();
    if !matched.is_empty() {
        score += SKILL_MATCH;
        reasons.push(RankReason::new(ReasonCode::SkillMatch).skill(matched.join("、")));
    }
    match need.track {
        Some(Track::Private) if mediates(c) => {
            score += TRACK_FIRST;
            reasons.push(RankReason::new(ReasonCode::Mediator));
        }
        Some(Track::Small) if c.unit_kind.as_deref() == Some("property") => {
            score += TRACK_FIRST;
            reasons.push(RankReason::new(ReasonCode::Property));
        }
        _ => {}
    }
    if need.grid.is_some() && c.grid == need.grid {
        score += SAME_GRID;
        reasons.push(RankReason::new(ReasonCode::SameGrid));
    }
    let full = c.cap.is_some_and(|cap| c.open >= cap);
    score += match c.cap {
        Some(_) if full => FULL,
        // Room left counts: 0 of 3 open is worth more than 2 of 3.
        Some(cap) => IDLE - (2 * IDLE * c.open as i32) / cap.max(1) as i32,
        None => PER_UNIT_OPEN * c.open.min(20) as i32,
    };
    reasons.push(RankReason::new(ReasonCode::Workload).load(c.open, c.cap));
    if c.rated > 0 {
        let average = f64::from(c.rating_sum) / f64::from(c.rated);
        score += ((average - 3.0) * PER_STAR).round() as i32;
        reasons.push(RankReason::new(ReasonCode::Rating).rating(average));
    }
    if let Some(minutes) = c.response_minutes {
        score += match minutes {
            m if m <= 30.0 => 8,
            m if m <= 120.0 => 4,
            m if m <= 480.0 => 0,
            _ => -4,
        };
        reasons.push(RankReason::new(ReasonCode::ResponseTime).minutes(minutes));
    }
    if c.rejects > 0 {
        score += PER_REJECT * c.rejects.min(10) as i32;
        reasons.push(RankReason::new(ReasonCode::Rejects).count(c.rejects));
    }
    if !c.available {
        score += UNAVAILABLE;
        reasons.push(RankReason::new(ReasonCode::Unavailable));
    }
    Ranked {
        who: c.who,
        name: c.name.clone(),
        score,
        reasons,
        eligible: c.available && !full,
    }
}

/// Every candidate scored, best first; ties go to whoever can take it, then
/// volunteers before units, then the lower id, so the answer never wavers.
pub fn rank(need: &Need<'_>, candidates: &[Candidate]) -> Vec<Ranked> {
    let mut ranked: Vec<Ranked> = candidates.iter().map(|c| score(need, c)).collect();
    ranked.sort_by_key(|r| {
        (
            std::cmp::Reverse(r.score),
            !r.eligible,
            matches!(r.who, AssigneeRef::Unit(_)),
            r.who.number(),
        )
    });
    ranked
}

/// Auto mode's choice: the best who may take it and was not tried before.
pub fn pick<'r>(ranked: &'r [Ranked], tried: &[AssigneeRef]) -> Option<&'r Ranked> {
    ranked
        .iter()
        .find(|r| r.eligible && !tried.contains(&r.who))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{UnitId, UserId};

    fn volunteer(id: i32, name: &str, skills: &[&str], grid: i32) -> Candidate {
        Candidate {
            who: AssigneeRef::Volunteer(UserId(id)),
            name: name.into(),
            skills: skills.iter().map(|s| s.to_string()).collect(),
            grid: Some(GridId(grid)),
            available: true,
            open: 0,
            cap: Some(3),
            unit_kind: None,
            rated: 0,
            rating_sum: 0,
            response_minutes: None,
            rejects: 0,
        }
    }

    fn unit(id: i32, name: &str, kind: &str, skills: &[&str]) -> Candidate {
        Candidate {
            who: AssigneeRef::Unit(UnitId(id)),
            name: name.into(),
            skills: skills.iter().map(|s| s.to_string()).collect(),
            grid: None,
            available: true,
            open: 0,
            cap: None,
            unit_kind: Some(kind.into()),
            rated: 0,
            rating_sum: 0,
            response_minutes: None,
            rejects: 0,
        }
    }

    /// The demo's people, as the server reads them.
    fn demo() -> Vec<Candidate> {
        vec![
            volunteer(5, "刘医生", &["义诊", "健康咨询", "送医"], 1),
            volunteer(6, "陈师傅", &["水电维修", "家电维修", "管道疏通"], 1),
            volunteer(7, "赵律师", &["法律咨询", "矛盾调解"], 2),
            unit(1, "市场监督管理局", "government", &["食品安全", "价格投诉"]),
            unit(2, "红色物业", "property", &["设施报修", "环境卫生", "保洁"]),
        ]
    }

    fn skills(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    fn names(r: &[Ranked]) -> Vec<&str> {
        r.iter().map(|r| r.name.as_str()).collect()
    }

    #[test]
    fn the_demo_ranks_the_right_person_first() {
        let people = demo();
        // (category skills, the order's grid, track, who comes first among
        // volunteers, and among units)
        type Case<'a> = (&'a [&'a str], Option<i32>, Option<Track>, &'a str, &'a str);
        let cases: &[Case] = &[
            (&["家电维修"], Some(1), None, "陈师傅", "市场监督管理局"),
            (
                &["矛盾调解", "法律咨询"],
                Some(1),
                None,
                "赵律师",
                "市场监督管理局",
            ),
            (&["设施报修"], Some(1), None, "刘医生", "红色物业"),
            (&["义诊"], Some(2), None, "刘医生", "市场监督管理局"),
            // A private matter puts the mediator first even without skills asked.
            (
                &[],
                Some(1),
                Some(Track::Private),
                "赵律师",
                "市场监督管理局",
            ),
            // A small one, the property unit.
            (&[], None, Some(Track::Small), "刘医生", "红色物业"),
        ];
        for (wanted, grid, track, volunteer, unit) in cases {
            let wanted = skills(wanted);
            let need = Need {
                skills: &wanted,
                grid: grid.map(GridId),
                track: *track,
            };
            let ranked = rank(&need, &people);
            let first_volunteer = ranked
                .iter()
                .find(|r| matches!(r.who, AssigneeRef::Volunteer(_)))
                .map(|r| r.name.as_str());
            let first_unit = ranked
                .iter()
                .find(|r| matches!(r.who, AssigneeRef::Unit(_)))
                .map(|r| r.name.as_str());
            assert_eq!(first_volunteer, Some(*volunteer), "{wanted:?} {track:?}");
            assert_eq!(first_unit, Some(*unit), "{wanted:?} {track:?}");
        }
    }

    #[test]
    fn each_term_scores_and_says_why() {
        let wanted = skills(&["家电维修"]);
        let need = Need {
            skills: &wanted,
            grid: Some(GridId(1)),
            track: None,
        };
        let mut c = volunteer(6, "陈师傅", &["家电维修"], 1);
        c.open = 1;
        c.rated = 5;
        c.rating_sum = 24;
        c.response_minutes = Some(25.0);
        let r = score(&need, &c);
        // skill 40 + grid 15 + room 10-6=4 + rating (4.8-3)*8=14 + fast 8
        assert_eq!(r.score, 40 + 15 + 4 + 14 + 8);
        let words: Vec<String> = r.reasons.iter().map(|r| r.text.clone()).collect();
        assert_eq!(
            words,
            [
                "技能匹配：家电维修",
                "同网格",
                "在办 1/3 单",
                "均分 4.8",
                "平均 25 分钟接单"
            ]
        );
        assert!(r.eligible);
    }

    #[test]
    fn known_answers_term_by_term() {
        let nothing: Vec<String> = Vec::new();
        let need = Need {
            skills: &nothing,
            grid: None,
            track: None,
        };
        // (what changes from a plain volunteer, score, eligible, reason codes)
        type Tweak = fn(&mut Candidate);
        let cases: &[(Tweak, i32, bool, &[ReasonCode])] = &[
            (|_| {}, 10, true, &[ReasonCode::Workload]),
            (|c| c.open = 2, 10 - 13, true, &[ReasonCode::Workload]),
            (|c| c.open = 3, -60, false, &[ReasonCode::Workload]),
            (|c| c.open = 5, -60, false, &[ReasonCode::Workload]),
            (
                |c| c.available = false,
                10 - 100,
                false,
                &[ReasonCode::Workload, ReasonCode::Unavailable],
            ),
            (
                |c| {
                    c.rated = 2;
                    c.rating_sum = 2;
                },
                10 - 16,
                true,
                &[ReasonCode::Workload, ReasonCode::Rating],
            ),
            (
                |c| c.response_minutes = Some(600.0),
                10 - 4,
                true,
                &[ReasonCode::Workload, ReasonCode::ResponseTime],
            ),
            (
                |c| c.rejects = 2,
                10 - 16,
                true,
                &[ReasonCode::Workload, ReasonCode::Rejects],
            ),
        ];
        for (tweak, want, eligible, codes) in cases {
            let mut c = volunteer(1, "某", &[], 1);
            tweak(&mut c);
            let r = score(&need, &c);
            assert_eq!(r.score, *want, "{c:?}");
            assert_eq!(r.eligible, *eligible, "{c:?}");
            let got: Vec<ReasonCode> = r.reasons.iter().map(|r| r.code).collect();
            assert_eq!(got, *codes, "{c:?}");
        }
        // Units have no cap: each open order costs a little.
        let mut u = unit(1, "某单位", "company", &[]);
        u.open = 4;
        let r = score(&need, &u);
        assert_eq!((r.score, r.eligible), (-12, true));
        assert_eq!(r.reasons[0].text, "在办 4 单");
    }

    #[test]
    fn auto_takes_the_best_it_may_and_skips_who_was_tried() {
        let wanted = skills(&["家电维修"]);
        let need = Need {
            skills: &wanted,
            grid: Some(GridId(1)),
            track: None,
        };
        let mut people = demo();
        let ranked = rank(&need, &people);
        assert_eq!(names(&ranked)[0], "陈师傅");
        let chen = ranked[0].who;
        let second = pick(&ranked, &[chen]).map(|r| r.name.clone());
        assert_eq!(second.as_deref(), Some(ranked[1].name.as_str()));
        // At the cap, 陈师傅 is still listed but auto passes him by.
        people[1].open = 3;
        let ranked = rank(&need, &people);
        assert_ne!(pick(&ranked, &[]).map(|r| r.who), Some(chen));
        // Nobody left: back to the committee.
        let everyone: Vec<AssigneeRef> = ranked.iter().map(|r| r.who).collect();
        assert_eq!(pick(&ranked, &everyone), None);
    }

    #[test]
    fn skills_match_in_either_direction() {
        assert!(skills_match("家电维修", "家电维修"));
        assert!(skills_match("维修", "家电维修"));
        assert!(skills_match(" Plumbing ", "plumbing"));
        assert!(!skills_match("", "家电维修"));
        assert!(!skills_match("理发", "家电维修"));
    }
}
