//! The API's OpenAPI 3.1 description, generated from the handlers'
//! `#[utoipa::path]` and the `shared` types (`GET /api/v1/openapi.json`), and
//! a page that reads it (`/api/docs`, Swagger UI's files inside the binary:
//! it works without internet).

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Linli API",
        description = "居民点单 → 党委派单 → 党员/单位接单 → 群众评单. JSON under /api/v1; \
                       errors are {\"error\": {\"code\", \"message\"}}.",
    ),
    servers((url = "/api/v1")),
    paths(
        super::health::info,
        super::auth::login,
        super::partners::create_partner,
        super::partners::list_partners,
        super::partners::revoke_partner,
        super::partners::push_hotline_order,
        super::auth::wechat,
        super::auth::refresh,
        super::auth::logout,
        super::auth::me,
        super::catalog::list_categories,
        super::catalog::create_category,
        super::catalog::update_category,
        super::catalog::get_calendar,
        super::catalog::put_calendar,
        super::catalog::list_units,
        super::catalog::list_volunteers,
        super::dispatch::candidates,
        super::dispatch::triage_order,
        super::dispatch::note_order,
        super::dispatch::dispatch_plan,
        super::dispatch::bulk_dispatch,
        super::dispatch::get_profile,
        super::dispatch::put_profile,
        super::dispatch::put_unit_skills,
        super::events::new_ticket,
        super::events::open_stream,
        super::exports::orders,
        super::exports::assessment,
        super::exports::points,
        super::joining::register,
        super::joining::apply,
        super::joining::list_memberships,
        super::joining::approve_membership,
        super::joining::reject_membership,
        super::joining::apply_volunteer,
        super::joining::list_volunteer_applications,
        super::joining::volunteer_summary,
        super::joining::approve_volunteer,
        super::joining::reject_volunteer,
        super::notifications::list_notifications,
        super::notifications::mark_read,
        super::orders::create_order,
        super::orders::list_orders,
        super::orders::get_order,
        super::orders::act_on_order,
        super::orders::list_wishes,
        super::partners::import_hotline,
        super::partners::commit_hotline_import,
        super::people::list_people,
        super::people::get_person,
        super::people::patch_person,
        super::people::person_audit,
        super::people::reset_code,
        super::people::reset_password,
        super::people::change_password,
        super::people::leave,
        super::people::import_people,
        super::people::commit_import,
        super::places::get_places,
        super::places::create_street,
        super::places::create_community,
        super::places::create_grid,
        super::places::create_building,
        super::places::rename_street,
        super::places::rename_community,
        super::places::rename_grid,
        super::places::rename_building,
        super::places::add_committee_member,
        super::points::get_points,
        super::points::get_volunteer_year,
        super::points::award_points,
        super::points::withdraw_award,
        super::points::list_rewards,
        super::points::create_reward,
        super::points::change_reward,
        super::points::redeem_reward,
        super::points::list_redemptions,
        super::points::fulfil_redemption,
        super::points::cancel_redemption,
        super::stats::get_stats,
        super::stats::get_board,
        super::stats::put_board,
        super::stats::get_board_state,
        super::stats::get_trend,
        super::stats::get_communities,
        super::stats::get_assessment,
        super::stats::put_assessment,
        super::units::create_unit,
        super::units::update_unit,
        super::units::unit_members,
        super::units::add_unit_member,
        super::units::remove_unit_member,
        super::uploads::upload,
        super::uploads::show,
    ),
    modifiers(&Bearer),
)]
pub struct ApiDoc;

/// Bearer access tokens (from `POST /auth/login`).
struct Bearer;

impl Modify for Bearer {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        let components = api.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// `/api/docs/`: Swagger UI reading `/api/v1/openapi.json`, which it
/// serves too. Registered before the `/api/v1` scope, so that it answers.
pub fn docs() -> utoipa_swagger_ui::SwaggerUi {
    utoipa_swagger_ui::SwaggerUi::new("/api/docs/{_:.*}")
        .url("/api/v1/openapi.json", ApiDoc::openapi())
}
