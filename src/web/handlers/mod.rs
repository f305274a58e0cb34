//! One file per screen; the stems match the domain files they call.

pub mod api_docs;
pub mod api_tokens;
pub mod audit;
pub mod auth;
pub mod backups;
pub mod convert;
pub mod convert_mass;
pub mod customer_form;
pub mod customer_merge;
pub mod customer_pick;
pub mod customers;
pub mod finder;
pub mod first_steps;
pub mod health;
pub mod import;
pub mod list_columns;
pub mod lists;
pub mod lost;
pub mod lost_reasons;
pub mod merge;
pub mod pipeline;
pub mod pipeline_config;
pub mod pipeline_move;
pub mod preferences;
pub mod privacy;
pub mod quick_create;
pub mod records;
pub mod reports;
pub mod settings;
pub mod setup;
pub mod similarity;
pub mod users;
pub mod webhooks;

// `web::get().to(…)` as in actix-web, through the router that can list every route.
use crate::web::router::{self as web, Router};

/// Every page's route. The wizards come first: their `/leads/lost`, `/leads/merge`,
/// `/leads/convert`, … must be registered before any `/leads/{id}` route.
pub fn routes(cfg: &mut Router) {
    lost_routes(cfg);
    import_routes(cfg);
    merge_routes(cfg);
    convert_routes(cfg);
    privacy::routes(cfg);
    auth_routes(cfg);
    record_routes(cfg);
    duplicate_routes(cfg);
    config_routes(cfg);
    webhook_routes(cfg);
    health_routes(cfg);
    backups::routes(cfg);
}

/// The probes and the metrics of the operator's tools: no session, no sign-in.
fn health_routes(cfg: &mut Router) {
    cfg.route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/metrics", web::get().to(health::metrics));
}

/// First-run setup, signing in and out, and one's own preferences and API tokens.
fn auth_routes(cfg: &mut Router) {
    cfg.route("/setup", web::get().to(setup::setup_form))
        .route("/setup", web::post().to(setup::setup))
        .route("/login", web::get().to(auth::login_form))
        .route("/login", web::post().to(auth::login))
        .route("/logout", web::post().to(auth::logout))
        .route("/preferences", web::get().to(preferences::preferences_form))
        .route("/preferences", web::post().to(preferences::save))
        .route("/preferences/api-tokens", web::get().to(api_tokens::list))
        .route("/api/docs", web::get().to(api_docs::page))
        .route(
            "/preferences/api-tokens",
            web::post().to(api_tokens::create),
        )
        .route(
            "/preferences/api-tokens/{id}/revoke",
            web::post().to(api_tokens::revoke),
        );
}

/// The pipeline, the lists, a record's page and form, customers. `/leads/new`,
/// `/leads/export.csv` and `/leads/actions` must be registered before `/leads/{id}`.
fn record_routes(cfg: &mut Router) {
    cfg.route("/", web::get().to(pipeline::home))
        .route("/pipeline", web::get().to(pipeline::kanban))
        .route("/pipeline/quick", web::post().to(quick_create::create))
        .route("/demo", web::post().to(first_steps::load_demo))
        .route("/leads", web::get().to(lists::leads))
        .route("/leads", web::post().to(records::form::create))
        .route("/leads/new", web::get().to(records::form::new_form))
        .route("/leads/export.csv", web::get().to(lists::export_leads))
        .route("/leads/actions", web::post().to(lists::lead_actions))
        .route(
            "/leads/check-duplicates",
            web::get().to(records::duplicates::check),
        )
        .route("/leads/columns", web::post().to(list_columns::lead_columns))
        .route("/leads/{id}", web::get().to(records::show::show))
        .route("/leads/{id}/edit", web::get().to(records::form::edit_form))
        .route("/leads/{id}/edit", web::post().to(records::form::update))
        .route(
            "/leads/{id}/stage",
            web::post().to(records::show::set_stage),
        )
        .route("/leads/{id}/move", web::get().to(pipeline_move::move_form))
        .route("/leads/{id}/won", web::post().to(records::show::won))
        .route("/leads/{id}/note", web::post().to(records::show::note))
        .route("/customers", web::get().to(customers::list))
        .route("/customers", web::post().to(customer_form::create))
        .route("/customers/new", web::get().to(customer_form::new_form))
        .route(
            "/customers/lookup.json",
            web::get().to(customer_pick::lookup),
        )
        .route("/customers/pick", web::get().to(customer_pick::pick))
        .route(
            "/customers/{id}/reach",
            web::get().to(customer_pick::reach_offer),
        )
        .route(
            "/customers/{id}/reach",
            web::post().to(customer_pick::reach_copy),
        )
        .route("/customers/{id}", web::get().to(customers::show))
        .route(
            "/customers/{id}/edit",
            web::get().to(customer_form::edit_form),
        )
        .route(
            "/customers/{id}/edit",
            web::post().to(customer_form::update),
        )
        .route(
            "/customers/{id}/archive",
            web::post().to(customers::archive),
        )
        .route(
            "/customers/{id}/restore",
            web::post().to(customers::restore),
        )
        .route("/customers/{id}/note", web::post().to(customers::note))
        .route("/opportunities", web::get().to(lists::opportunities))
        .route(
            "/opportunities/export.csv",
            web::get().to(lists::export_opportunities),
        )
        .route(
            "/opportunities/actions",
            web::post().to(lists::opportunity_actions),
        )
        .route(
            "/opportunities/columns",
            web::post().to(list_columns::opportunity_columns),
        );
}

/// The duplicate finder: a record's similar records, the Duplicates and Data quality pages,
/// and its configuration page.
fn duplicate_routes(cfg: &mut Router) {
    cfg.route("/leads/{id}/similar", web::get().to(similarity::similar))
        .route(
            "/leads/{id}/not-duplicate",
            web::post().to(similarity::not_duplicate),
        )
        .route("/duplicates", web::get().to(similarity::duplicates))
        .route("/data-quality", web::get().to(similarity::data_quality))
        .route(
            "/data-quality/resolve",
            web::post().to(customers::resolve_conflict),
        )
        .route("/config/duplicate-finder", web::get().to(finder::show))
        .route(
            "/config/duplicate-finder/retrain",
            web::post().to(finder::retrain),
        );
}

/// Configuration: stages, teams, settings and users (lost reasons are with
/// [`lost_routes`]). `/config/users/new` must be registered before `/config/users/{id}`.
fn config_routes(cfg: &mut Router) {
    cfg.route(
        "/config/stages",
        web::get().to(pipeline_config::stages_page),
    )
    .route(
        "/config/stages",
        web::post().to(pipeline_config::create_stage),
    )
    .route(
        "/config/stages/{id}",
        web::post().to(pipeline_config::update_stage),
    )
    .route(
        "/config/stages/{id}/move",
        web::post().to(pipeline_config::move_stage),
    )
    .route("/config/teams", web::get().to(pipeline_config::teams_page))
    .route(
        "/config/teams",
        web::post().to(pipeline_config::create_team),
    )
    .route(
        "/config/teams/{id}",
        web::post().to(pipeline_config::update_team),
    )
    .route("/config/settings", web::get().to(settings::settings_form))
    .route("/config/settings", web::post().to(settings::save))
    .route("/config/users", web::get().to(users::list))
    .route("/config/users/new", web::get().to(users::new_form))
    .route("/config/users", web::post().to(users::create))
    .route("/config/users/{id}", web::get().to(users::edit_form))
    .route("/config/users/{id}", web::post().to(users::update))
    .route(
        "/config/users/{id}/tokens/{token}/revoke",
        web::post().to(users::revoke_token),
    );
}

/// CSV import: upload, mapping and check, import, progress.
fn import_routes(cfg: &mut Router) {
    cfg.route("/import", web::get().to(import::upload_form))
        .route("/import", web::post().to(import::upload))
        .route("/import/{id}", web::get().to(import::show))
        .route("/import/{id}/check", web::post().to(import::check))
        .route("/import/{id}/run", web::post().to(import::run))
        .route("/import/{id}/discard", web::post().to(import::discard))
        .route("/import/{id}/status", web::get().to(import::status));
}

/// The Merge wizards (leads, customers) and Undo merge; `/leads/merge` and
/// `/customers/merge` must be registered before any `/leads/{id}` or `/customers/{id}` route.
fn merge_routes(cfg: &mut Router) {
    cfg.route("/leads/merge", web::get().to(merge::merge_form))
        .route("/leads/merge", web::post().to(merge::merge))
        .route("/merges/{id}/undo", web::post().to(merge::undo))
        .route(
            "/customers/merge",
            web::get().to(customer_merge::merge_form),
        )
        .route("/customers/merge", web::post().to(customer_merge::merge))
        .route(
            "/customers/merges/{id}",
            web::get().to(customer_merge::entry),
        )
        .route(
            "/customers/merges/{id}/undo",
            web::post().to(customer_merge::undo),
        )
        .route(
            "/customers/{id}/similar",
            web::get().to(customer_merge::similar),
        )
        .route(
            "/customers/{id}/merges",
            web::get().to(customer_merge::merges),
        );
}

/// Convert to Opportunity, one lead or the ticked ones; `/leads/convert` must be
/// registered before any `/leads/{id}` route.
fn convert_routes(cfg: &mut Router) {
    cfg.route("/leads/convert", web::get().to(convert_mass::mass_form))
        .route("/leads/convert", web::post().to(convert_mass::mass))
        .route("/leads/{id}/convert", web::get().to(convert::convert_form))
        .route("/leads/{id}/convert", web::post().to(convert::convert));
}

/// Mark as Lost, Restore, Unarchive, Archive, Configuration → Lost Reasons and the lost
/// reasons report. `/leads/lost`, `/leads/unarchive` and `/leads/archive` must be registered
/// before any `/leads/{id}` route.
fn lost_routes(cfg: &mut Router) {
    cfg.route("/leads/lost", web::get().to(lost::mark_lost_many_form))
        .route("/leads/lost", web::post().to(lost::mark_lost))
        .route("/leads/unarchive", web::post().to(lost::unarchive))
        .route("/leads/archive", web::post().to(lost::archive_many))
        .route("/leads/{id}/lost", web::get().to(lost::mark_lost_form))
        .route("/leads/{id}/restore", web::post().to(lost::restore_one))
        .route("/leads/{id}/archive", web::post().to(lost::archive_one))
        .route("/config/lost-reasons", web::get().to(lost_reasons::list))
        .route("/config/lost-reasons", web::post().to(lost_reasons::create))
        .route(
            "/config/lost-reasons/{id}",
            web::get().to(lost_reasons::edit_form),
        )
        .route(
            "/config/lost-reasons/{id}",
            web::post().to(lost_reasons::rename),
        )
        .route(
            "/config/lost-reasons/{id}/archive",
            web::post().to(lost_reasons::archive),
        )
        .route(
            "/config/lost-reasons/{id}/unarchive",
            web::post().to(lost_reasons::unarchive),
        )
        .route(
            "/config/lost-reasons/{id}/delete",
            web::post().to(lost_reasons::delete),
        )
        .route("/reporting", web::get().to(reports::index))
        .route(
            "/reporting/lost-reasons",
            web::get().to(reports::lost_reasons),
        );
}

/// Configuration → Webhooks (the endpoints, each one's settings and deliveries) and
/// Configuration → Audit.
fn webhook_routes(cfg: &mut Router) {
    cfg.route("/config/webhooks", web::get().to(webhooks::list))
        .route("/config/webhooks", web::post().to(webhooks::create))
        .route("/config/webhooks/{id}", web::get().to(webhooks::edit))
        .route("/config/webhooks/{id}", web::post().to(webhooks::update))
        .route(
            "/config/webhooks/{id}/rotate",
            web::post().to(webhooks::rotate),
        )
        .route(
            "/config/webhooks/{id}/delete",
            web::post().to(webhooks::delete),
        )
        .route(
            "/config/webhooks/{id}/deliveries",
            web::get().to(webhooks::deliveries),
        )
        .route(
            "/config/webhooks/{id}/deliveries/{delivery}/replay",
            web::post().to(webhooks::replay),
        )
        .route("/config/audit", web::get().to(audit::list))
        .route("/config/audit/export.csv", web::get().to(audit::export));
}
