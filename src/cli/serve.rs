//! `leadbook serve`: the web app, after recovering the imports a dead process left behind.

use std::net::TcpListener;

use actix_web::cookie::Key;
use leadbook::config::Config;
use leadbook::db;
use leadbook::domain::import::jobs;
use leadbook::domain::models::{settings, stages, users};

use super::open;
use super::say::t_with;

/// PostgreSQL keeps a killed process's connection, and the lock on its running import,
/// until it has rolled its transaction back: look again every half second for two minutes,
/// so that such a job turns `interrupted` soon after the start instead of at the next one.
/// A job that another live instance runs stays held all along and is left alone.
fn recover_later(pool: db::DbPool) {
    std::thread::spawn(move || {
        for _ in 0..240 {
            std::thread::sleep(std::time::Duration::from_millis(500));
            let recovery = pool
                .get()
                .map_err(|e| e.to_string())
                .and_then(|mut conn| jobs::recover(&mut conn).map_err(|e| e.to_string()));
            match recovery {
                Ok(recovery) if recovery.held == 0 => return,
                Ok(_) => {}
                Err(e) => log::warn!("looking for interrupted imports: {e}"),
            }
        }
    });
}

pub fn serve(config: &Config) -> Result<(), String> {
    let pool = open(config)?;
    let configured = config.session_key()?;
    let metrics_token = leadbook::telemetry::configured_token(config)?;
    let key = {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        stages::ensure_defaults(&mut conn).map_err(|e| e.to_string())?;
        // Imports left running by a previous process that died: offer Run again / Discard.
        let recovery = jobs::recover(&mut conn).map_err(|e| e.to_string())?;
        if recovery.held > 0 {
            recover_later(pool.clone());
        }
        match configured {
            Some(key) => key,
            None => settings::session_key(&mut conn).map_err(|e| e.to_string())?,
        }
    };
    let key = Key::try_from(key.as_slice())
        .map_err(|e| t_with("cli.serve.bad_key", &[("error", e.to_string())]))?;
    // The first phone parse loads metadata, and the first unknown login would make the
    // dummy password hash: do both before the first request.
    let _ = leadbook::domain::values::Phone::parse("+393331234567", "IT");
    users::prepare_dummy_hash();
    let listener = TcpListener::bind(config.bind).map_err(|e| {
        let values = [
            ("address", config.bind.to_string()),
            ("error", e.to_string()),
        ];
        t_with("cli.serve.cannot_listen", &values)
    })?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let values = [
        ("address", address.to_string()),
        ("database", config.database.clone()),
    ];
    println!("{}", t_with("cli.serve.running", &values));
    // Webhook deliveries go out from their own thread, never on a request's path.
    let options = leadbook::webhooks::WorkerOptions::from_env(|k| std::env::var(k).ok());
    let _webhooks = leadbook::webhooks::start(pool.clone(), options);
    // Daily backups, keeping N, and the import retention: hourly, off the request path.
    let interval = leadbook::housekeeping::interval_from_env(|k| std::env::var(k).ok());
    let _housekeeping = leadbook::housekeeping::start(pool.clone(), interval);
    let state = leadbook::web::AppState { pool };
    let options = leadbook::web::WebOptions {
        secure_cookies: config.secure_cookies,
        sessions: config.sessions,
        trust_proxy: config.trust_proxy,
        metrics_token,
    };
    actix_web::rt::System::new().block_on(async move {
        leadbook::web::server_with(state, key, options, listener)
            .map_err(|e| e.to_string())?
            .await
            .map_err(|e| e.to_string())
    })
}
