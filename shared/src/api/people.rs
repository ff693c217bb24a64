//! People join, and are managed: the places tree, registration and its
//! approval, accounts, reset codes and the record of who changed whom.

use crate::api::{NamedRef, TokenResponse};
use crate::ids::{BuildingId, CommunityId, DistrictId, GridId, MembershipId, StreetId, UserId};
use crate::workflow::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

crate::workflow::str_enum!(
    /// Where a membership (a role in a community) stands: `pending` until the
    /// committee approves it, then `active`; or `rejected`, with a reason.
    MembershipStatus {
        Pending => "pending",
        Active => "active",
        Rejected => "rejected",
    }
);

/// `GET /places`: the caller's part of the tree, from the district down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Places {
    pub districts: Vec<DistrictNode>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DistrictNode {
    pub id: DistrictId,
    pub name: String,
    pub streets: Vec<StreetNode>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StreetNode {
    pub id: StreetId,
    pub name: String,
    pub communities: Vec<CommunityNode>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommunityNode {
    pub id: CommunityId,
    pub name: String,
    pub grids: Vec<GridNode>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GridNode {
    pub id: GridId,
    pub name: String,
    pub buildings: Vec<NamedRef<BuildingId>>,
}

/// `POST /streets`, `POST /communities/{id}/grids`, `POST /grids/{id}/buildings`,
/// and `PATCH` of any place: its name.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlaceName {
    pub name: String,
}

/// `POST /communities`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCommunity {
    pub name: String,
    pub street_id: StreetId,
}

/// `POST /auth/register`: a resident joins a community. A password, or the
/// `registration_token` that `POST /auth/wechat` gave an unbound WeChat account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    pub phone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_token: Option<String>,
    pub name: String,
    pub community_id: CommunityId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub building_id: Option<BuildingId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
    /// Agreed to the privacy terms.
    #[serde(default)]
    pub consent: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Registered {
    #[serde(flatten)]
    pub tokens: TokenResponse,
    pub membership: MembershipState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MembershipState {
    pub id: MembershipId,
    pub status: MembershipStatus,
}

/// One of the caller's memberships, in `GET /me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyMembership {
    pub id: MembershipId,
    pub community: Option<NamedRef<CommunityId>>,
    pub role: Role,
    pub status: MembershipStatus,
    /// Why it was rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// An application or a membership, as the committee sees it
/// (`GET /memberships`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Membership {
    pub id: MembershipId,
    pub person: PersonRef,
    pub role: Role,
    pub status: MembershipStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub building: Option<NamedRef<BuildingId>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(
        default,
        with = "crate::time::rfc3339_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub applied_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRef {
    pub id: UserId,
    pub name: String,
    pub phone: String,
}

/// `POST /memberships/{id}/reject` (and the volunteer applications'): why.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reason {
    pub reason: String,
}

/// A person as the committee's people desk shows them (`GET /people`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRow {
    pub id: UserId,
    pub name: String,
    pub phone: String,
    /// Active roles in the caller's community.
    pub roles: Vec<Role>,
    /// Roles waiting for approval.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<Role>,
    pub active: bool,
    /// Has a password or a WeChat binding: can sign in.
    pub can_sign_in: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub building: Option<NamedRef<BuildingId>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
    /// A grid worker's grid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid: Option<NamedRef<GridId>>,
}

/// `PATCH /people/{id}`: the roles the person holds in the caller's community
/// (all of them: a role left out is removed), the grid of a grid worker, and
/// whether the account may sign in.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<Role>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid_id: Option<GridId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

/// `POST /people/{id}/reset-code` → 201: eight digits the committee passes on
/// in person; one use, valid for 24 hours.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetCode {
    pub code: String,
    #[serde(with = "crate::time::rfc3339")]
    pub expires_at: DateTime<Utc>,
}

/// `POST /auth/reset`: a new password with a reset code.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetRequest {
    pub phone: String,
    pub code: String,
    pub password: String,
}

/// `DELETE /me`: leaving, confirmed with the password (an account that has
/// none, signed in through WeChat, sends none).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaveRequest {
    #[serde(default)]
    pub password: Option<String>,
}

/// `POST /me/memberships`: applying (again) to be a resident of a community.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplyRequest {
    pub community_id: CommunityId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub building_id: Option<BuildingId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
}

/// `POST /me/password`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePassword {
    pub old: String,
    pub new: String,
}

crate::workflow::str_enum!(
    /// What was done to a person's account (`GET /people/{id}/audit`).
    AuditAction {
        Registered => "registered",
        Approved => "approved",
        Rejected => "rejected",
        RolesChanged => "roles_changed",
        Deactivated => "deactivated",
        Reactivated => "reactivated",
        ResetCodeIssued => "reset_code_issued",
        PasswordReset => "password_reset",
        PasswordChanged => "password_changed",
        Created => "created",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    #[serde(with = "crate::time::rfc3339")]
    pub at: DateTime<Utc>,
    /// Who did it; none when the person did it themselves by signing up.
    pub actor: Option<NamedRef<UserId>>,
    pub action: AuditAction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// `POST /volunteer-applications` (双报到): an in-service party member reports
/// to the community where they live.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewVolunteerApplication {
    pub community_id: CommunityId,
    pub work_unit: String,
    pub party_member: bool,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background: Option<String>,
}

/// An application as the committee sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VolunteerApplication {
    pub id: i32,
    pub person: PersonRef,
    pub work_unit: String,
    pub party_member: bool,
    pub skills: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background: Option<String>,
    pub status: MembershipStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(with = "crate::time::rfc3339")]
    pub applied_at: DateTime<Utc>,
}

/// `GET /volunteer-applications/summary`: how many have reported (报到) per
/// work unit, and how many wait.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportedByWorkUnit {
    pub work_unit: String,
    pub reported: u64,
    pub pending: u64,
}

/// `POST /units` and `PATCH /units/{id}` (every field optional there).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skills: Option<Vec<String>>,
}

/// `POST /units/{id}/members`: a staff member by phone.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewUnitMember {
    pub phone: String,
    pub name: String,
}

/// A unit's staff member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitMember {
    pub id: UserId,
    pub name: String,
    pub phone: String,
    /// Has a password or WeChat: otherwise the committee passes on a reset
    /// code to set one.
    pub can_sign_in: bool,
}

/// `POST /people/imports`: each row of the roster and its problem, before
/// anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportPreview {
    pub id: i32,
    pub rows: Vec<ImportRowCheck>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRowCheck {
    /// The row's number in the spreadsheet (the header is row 1).
    pub row: u32,
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `POST /people/imports/{id}/commit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportResult {
    pub created: u64,
    pub existing: u64,
}

/// `POST /communities/{id}/committee` (admin): a committee member by phone.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCommitteeMember {
    pub phone: String,
    pub name: String,
}

/// The member, and — for an account without a password yet — the reset code
/// the admin passes on, to set one with.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommitteeMemberAdded {
    pub member: UnitMember,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset_code: Option<ResetCode>,
}
