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
