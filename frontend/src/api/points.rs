//! Calls of points: the balance and hours, the points supermarket (the
//! shelf, reservations and their pickup codes), awards and a volunteer's year.

use super::{Api, ApiResult, EmptyBody, Method};
use shared::api::*;

impl Api {
    pub async fn points(self) -> ApiResult<PointsView> {
        self.get("/points").await
    }

    pub async fn rewards(self) -> ApiResult<Vec<Reward>> {
        Ok(self.get::<Items<Reward>>("/rewards").await?.items)
    }

    pub async fn redeem(self, id: shared::RewardId) -> ApiResult<Redemption> {
        self.post(&format!("/rewards/{id}/redeem"), &EmptyBody {})
            .await
    }

    /// The caller's own reservations (the committee's too: `mine=true`).
    pub async fn my_redemptions(self) -> ApiResult<Vec<Redemption>> {
        Ok(self
            .get::<Page<Redemption>>("/redemptions?mine=true&per_page=50")
            .await?
            .items)
    }

    /// The community's reservations (the committee), newest first.
    pub async fn redemptions(self, status: &str, page: u64) -> ApiResult<Page<Redemption>> {
        self.get(&format!(
            "/redemptions?status={status}&page={page}&per_page=20"
        ))
        .await
    }

    pub async fn cancel_redemption(self, id: shared::RedemptionId) -> ApiResult<Redemption> {
        self.post(&format!("/redemptions/{id}/cancel"), &EmptyBody {})
            .await
    }

    pub async fn fulfil_redemption(
        self,
        id: shared::RedemptionId,
        code: String,
    ) -> ApiResult<Redemption> {
        self.post(
            &format!("/redemptions/{id}/fulfil"),
            &shared::api::PickupCodeBody { code },
        )
        .await
    }

    /// Every reward of the community, on the shelf or not (the committee).
    pub async fn shelf(self) -> ApiResult<Vec<Reward>> {
        Ok(self.get::<Items<Reward>>("/rewards?shelf=all").await?.items)
    }

    pub async fn create_reward(self, r: &shared::api::NewReward) -> ApiResult<Reward> {
        self.post("/rewards", r).await
    }

    pub async fn change_reward(
        self,
        id: shared::RewardId,
        c: &shared::api::RewardChange,
    ) -> ApiResult<Reward> {
        self.write(Method::Patch, &format!("/rewards/{id}"), c)
            .await
    }

    /// Someone's points (the committee, for its community's people).
    pub async fn points_of(self, user: shared::UserId) -> ApiResult<PointsView> {
        self.get(&format!("/points?user_id={user}")).await
    }

    pub async fn award(self, a: &shared::api::NewAward) -> ApiResult<shared::api::LedgerEntry> {
        self.post("/points/awards", a).await
    }

    pub async fn withdraw_award(
        self,
        id: shared::LedgerEntryId,
        reason: String,
    ) -> ApiResult<shared::api::LedgerEntry> {
        self.post(
            &format!("/points/awards/{id}/withdraw"),
            &shared::api::Withdrawal { reason },
        )
        .await
    }

    /// The caller's year as a volunteer (the love bank's certificate).
    pub async fn volunteer_year(self, year: i32) -> ApiResult<shared::api::VolunteerYear> {
        self.get(&format!("/points/years/{year}")).await
    }
}
