//! Calls of people and places: registering, applications and their
//! decisions, the people desk, passwords and leaving, places, units.

use super::{check, parse, raw, Api, ApiError, ApiResult, EmptyBody, Method};
use crate::json::to_json;
use shared::api::*;

impl Api {
    /// The places tree: before sign-in every community's, to choose a home.
    pub async fn places(self) -> ApiResult<Places> {
        self.get("/places").await
    }

    /// Registers a resident; the answer signs them in (the membership waits).
    pub async fn register(self, req: &RegisterRequest) -> ApiResult<TokenResponse> {
        let body = to_json(req).map_err(ApiError::network)?;
        parse(&check(
            raw(Method::Post, "/auth/register", Some(body), None).await?,
        )?)
    }

    pub async fn apply(self, req: &ApplyRequest) -> ApiResult<MembershipState> {
        self.post("/me/memberships", req).await
    }

    pub async fn memberships(self) -> ApiResult<Page<Membership>> {
        self.get("/memberships?status=pending&per_page=100").await
    }

    pub async fn volunteer_applications(self) -> ApiResult<Page<VolunteerApplication>> {
        self.get("/volunteer-applications?status=pending&per_page=100")
            .await
    }

    pub async fn volunteer_summary(self) -> ApiResult<Items<ReportedByWorkUnit>> {
        self.get("/volunteer-applications/summary").await
    }

    /// Approves (`reason` none) or rejects an application: `what` is
    /// `memberships` or `volunteer-applications`.
    pub async fn decide(self, what: &str, id: i32, reason: Option<String>) -> ApiResult<()> {
        let path = match &reason {
            None => format!("/{what}/{id}/approve"),
            Some(_) => format!("/{what}/{id}/reject"),
        };
        let _: MembershipState = match reason {
            None => self.post(&path, &EmptyBody {}).await?,
            Some(reason) => self.post(&path, &Reason { reason }).await?,
        };
        Ok(())
    }

    /// The committee's people, by words (name or phone).
    pub async fn people(self, words: &str) -> ApiResult<Page<PersonRow>> {
        let q = js_sys::encode_uri_component(words.trim());
        self.get(&format!("/people?per_page=100&q={q}")).await
    }

    pub async fn patch_person(self, id: shared::UserId, p: &PersonPatch) -> ApiResult<PersonRow> {
        self.write(Method::Patch, &format!("/people/{id}"), p).await
    }

    pub async fn reset_code(self, id: shared::UserId) -> ApiResult<ResetCode> {
        self.post(&format!("/people/{id}/reset-code"), &EmptyBody {})
            .await
    }

    pub async fn change_password(self, old: String, new: String) -> ApiResult<()> {
        self.send(
            Method::Post,
            "/me/password",
            Some(to_json(&ChangePassword { old, new }).map_err(ApiError::network)?),
        )
        .await
        .map(|_| ())
    }

    /// Deletes the account (PIPL), confirmed with the password.
    pub async fn leave(self, password: String) -> ApiResult<()> {
        let body = to_json(&LeaveRequest {
            password: Some(password),
        })
        .map_err(ApiError::network)?;
        self.send(Method::Delete, "/me", Some(body))
            .await
            .map(|_| ())
    }

    /// Adds a place under `path` (`/streets`, `/communities`,
    /// `/communities/{id}/grids`, `/grids/{id}/buildings`).
    pub async fn add_place(self, path: &str, name: String, street: Option<i32>) -> ApiResult<()> {
        let body = match street {
            Some(s) => to_json(&NewCommunity {
                name,
                street_id: shared::StreetId(s),
            }),
            None => to_json(&PlaceName { name }),
        }
        .map_err(ApiError::network)?;
        self.send(Method::Post, path, Some(body)).await.map(|_| ())
    }

    /// The partner keys the caller manages (Open311 clients, the hotline).
    pub async fn partners(self) -> ApiResult<Vec<Partner>> {
        self.get::<Items<Partner>>("/partners")
            .await
            .map(|i| i.items)
    }

    /// A new key; its key and secret are in this answer only.
    pub async fn create_partner(self, p: &NewPartner) -> ApiResult<NewPartnerKey> {
        self.post("/partners", p).await
    }

    /// Revokes a key: it stops working at once.
    pub async fn revoke_partner(self, id: shared::PartnerId) -> ApiResult<()> {
        self.send(Method::Delete, &format!("/partners/{id}"), None)
            .await
            .map(|_| ())
    }

    pub async fn create_unit(self, u: &UnitInput) -> ApiResult<UnitSummary> {
        self.post("/units", u).await
    }

    pub async fn update_unit(self, unit: shared::UnitId, u: &UnitInput) -> ApiResult<UnitSummary> {
        self.write(Method::Patch, &format!("/units/{unit}"), u)
            .await
    }

    pub async fn unit_members(self, unit: shared::UnitId) -> ApiResult<Vec<UnitMember>> {
        let items: Items<UnitMember> = self.get(&format!("/units/{unit}/members")).await?;
        Ok(items.items)
    }

    pub async fn add_unit_member(
        self,
        unit: shared::UnitId,
        m: &NewUnitMember,
    ) -> ApiResult<UnitMember> {
        self.post(&format!("/units/{unit}/members"), m).await
    }

    pub async fn remove_unit_member(
        self,
        unit: shared::UnitId,
        user: shared::UserId,
    ) -> ApiResult<()> {
        self.send(
            Method::Delete,
            &format!("/units/{unit}/members/{user}"),
            None,
        )
        .await
        .map(|_| ())
    }

    pub async fn person_audit(self, id: shared::UserId) -> ApiResult<Vec<AuditEntry>> {
        let items: Items<AuditEntry> = self.get(&format!("/people/{id}/audit")).await?;
        Ok(items.items)
    }

    /// The admin appoints a community's committee member by phone.
    pub async fn appoint(
        self,
        community: shared::CommunityId,
        m: &NewCommitteeMember,
    ) -> ApiResult<CommitteeMemberAdded> {
        self.post(&format!("/communities/{community}/committee"), m)
            .await
    }

    /// Renames a place (`/streets/{id}`, `/communities/{id}`, `/grids/{id}`,
    /// `/buildings/{id}`).
    pub async fn rename_place(self, path: &str, name: String) -> ApiResult<()> {
        let _: PlaceName = self.write(Method::Patch, path, &PlaceName { name }).await?;
        Ok(())
    }

    pub async fn report(self, req: &NewVolunteerApplication) -> ApiResult<MembershipState> {
        self.post("/volunteer-applications", req).await
    }
}
