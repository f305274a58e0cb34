//! One file per screen; the stems match the domain files they call.

pub mod auth;
pub mod pipeline;
pub mod preferences;
pub mod settings;
pub mod setup;
pub mod similar;
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
        .route("/preferences", web::get().to(preferences::preferences_form))
        .route("/preferences", web::post().to(preferences::save))
        .route("/config/settings", web::get().to(settings::settings_form))
        .route("/config/settings", web::post().to(settings::save))
        .route("/config/users", web::get().to(users::list))
        .route("/config/users/new", web::get().to(users::new_form))
        .route("/config/users", web::post().to(users::create))
        .route("/config/users/{id}", web::get().to(users::edit_form))
        .route("/config/users/{id}", web::post().to(users::update))
        .route("/leads/{id}/similar", web::get().to(similar::similar))
        .route(
            "/leads/{id}/not-duplicate",
            web::post().to(similar::not_duplicate),
        )
        .route("/duplicates", web::get().to(similar::duplicates))
        .route("/data-quality", web::get().to(similar::data_quality));
}
