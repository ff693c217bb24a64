//! Calls of the figures: statistics, trends, communities side by side, the
//! units' assessment and the public notice board.

use super::{check, parse, raw, Api, ApiResult, Method};
use shared::api::*;

impl Api {
    /// A community's public notice board (no sign-in).
    pub async fn board(self, id: shared::CommunityId) -> ApiResult<shared::api::Board> {
        let path = format!("/public/communities/{id}/board");
        parse(&check(raw(Method::Get, &path, None, None).await?)?)
    }

    /// Whether a community's board is on (its committee, an admin).
    pub async fn board_state(self, id: shared::CommunityId) -> ApiResult<shared::api::BoardSwitch> {
        self.get(&format!("/communities/{id}/board")).await
    }

    pub async fn switch_board(
        self,
        id: shared::CommunityId,
        enabled: bool,
    ) -> ApiResult<shared::api::BoardSwitch> {
        let body = shared::api::BoardSwitch { enabled };
        self.write(Method::Put, &format!("/communities/{id}/board"), &body)
            .await
    }

    /// The street's or district's communities side by side (`from`: a query's tail).
    pub async fn communities_figures(
        self,
        from: &str,
    ) -> ApiResult<shared::api::CommunitiesFigures> {
        self.get(&format!("/stats/communities?{from}")).await
    }

    /// The trend by `interval`; with `by` (`kind`, `category`, `grid`,
    /// `unit`) also each group's series.
    pub async fn trend(self, interval: &str, by: Option<&str>) -> ApiResult<shared::api::Trend> {
        let by = by.map(|b| format!("&by={b}")).unwrap_or_default();
        self.get(&format!("/stats/trend?interval={interval}{by}"))
            .await
    }

    /// The units' assessment (以下评上) for a period (`2026`, `2026-Q4`, `2026-12`).
    pub async fn assessment(self, period: &str) -> ApiResult<Assessment> {
        self.get(&format!("/assessment?period={period}")).await
    }

    pub async fn score_unit(
        self,
        unit: shared::UnitId,
        s: &AssessmentScore,
    ) -> ApiResult<UnitAssessment> {
        self.write(Method::Put, &format!("/assessment/{unit}"), s)
            .await
    }

    pub async fn stats(self, query: &str) -> ApiResult<Stats> {
        self.get(&format!("/stats?{query}")).await
    }
}
