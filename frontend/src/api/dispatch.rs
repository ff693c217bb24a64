//! Dispatch that knows people: candidates, triage and notes, bulk dispatch,
//! a volunteer's own profile.

use super::{Api, ApiResult, Method};
use shared::api::*;
use shared::OrderId;

impl Api {
    pub async fn candidates(self, id: OrderId) -> ApiResult<Vec<CandidateView>> {
        let items: Items<CandidateView> = self.get(&format!("/orders/{id}/candidates")).await?;
        Ok(items.items)
    }

    pub async fn triage(self, id: OrderId, req: &TriageRequest) -> ApiResult<Order> {
        self.post(&format!("/orders/{id}/triage"), req).await
    }

    pub async fn note(self, id: OrderId, note: String) -> ApiResult<Order> {
        self.post(&format!("/orders/{id}/notes"), &OrderNote { note })
            .await
    }

    pub async fn dispatch_plan(self, order_ids: Vec<OrderId>) -> ApiResult<Vec<PlannedDispatch>> {
        let items: Items<PlannedDispatch> = self
            .post("/orders/dispatch-plan", &DispatchPlanRequest { order_ids })
            .await?;
        Ok(items.items)
    }

    pub async fn bulk_dispatch(self, req: &BulkDispatch) -> ApiResult<Vec<BulkOutcome>> {
        let items: Items<BulkOutcome> = self.post("/orders/bulk-dispatch", req).await?;
        Ok(items.items)
    }

    pub async fn profile(self) -> ApiResult<VolunteerProfile> {
        self.get("/me/profile").await
    }

    pub async fn put_profile(self, p: &VolunteerProfile) -> ApiResult<VolunteerProfile> {
        self.write(Method::Put, "/me/profile", p).await
    }
}
