//! One file per screen; the stems match the domain files they call.

pub mod auth;
pub mod customers;
pub mod lead_form;
pub mod lead_record;
pub mod lists;
pub mod pipeline;
pub mod pipeline_config;
pub mod preferences;
pub mod settings;
pub mod setup;
pub mod users;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(pipeline::home))
        .route("/setup", web::get().to(setup::setup_form))
        .route("/setup", web::post().to(setup::setup))
        .route("/login", web::get().to(auth::login_form))
        .route("/login", web::post().to(auth::login))
        .route("/logout", web::post().to(auth::logout))
        .route("/pipeline", web::get().to(pipeline::kanban))
        .route("/leads", web::get().to(lists::leads))
        .route("/leads", web::post().to(lead_form::create))
        .route("/leads/new", web::get().to(lead_form::new_form))
        .route("/leads/export.csv", web::get().to(lists::export_leads))
        .route("/leads/actions", web::post().to(lists::lead_actions))
        .route("/leads/{id}", web::get().to(lead_record::show))
        .route("/leads/{id}/edit", web::get().to(lead_form::edit_form))
        .route("/leads/{id}/edit", web::post().to(lead_form::update))
        .route("/leads/{id}/stage", web::post().to(lead_record::set_stage))
        .route("/leads/{id}/won", web::post().to(lead_record::won))
        .route("/leads/{id}/note", web::post().to(lead_record::note))
        .route("/customers", web::get().to(customers::list))
        .route("/customers/{id}", web::get().to(customers::show))
        .route("/opportunities", web::get().to(lists::opportunities))
        .route(
            "/opportunities/export.csv",
            web::get().to(lists::export_opportunities),
        )
        .route(
            "/opportunities/actions",
            web::post().to(lists::opportunity_actions),
        )
        .route("/preferences", web::get().to(preferences::preferences_form))
        .route("/preferences", web::post().to(preferences::save))
        .route(
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
        .route("/config/users/{id}", web::post().to(users::update));
}
