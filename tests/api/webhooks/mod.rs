//! Webhooks: endpoints registered by managers, signed deliveries of the outbox's events by
//! the background worker, retries, replay, a restart after `kill -9`, and a hanging
//! receiver that does not slow anyone's request.

mod delivery;
mod pages;
mod receiver;
mod restart;

use std::time::Duration;

use leadbook::domain::models::settings::{self, SettingsInput};
use leadbook::webhooks::{Worker, WorkerOptions};
use serde_json::{Value, json};

use crate::api_support::Api;
use crate::support::TestApp;

/// The worker as the tests run it: looking every 20 ms, retrying after ~100 ms, 200 ms…
pub fn worker(app: &TestApp) -> Worker {
    let mut options = WorkerOptions {
        poll: Duration::from_millis(20),
        ..WorkerOptions::default()
    };
    options.backoff.base = Duration::from_millis(100);
    leadbook::webhooks::start(app.pool.clone(), options)
}

/// Registers `url` for `events` as the manager; returns its id and secret.
pub async fn register(app: &TestApp, url: &str, events: &[&str]) -> (i64, String) {
    let api = Api::as_user(app, app.world().manager);
    let made = api
        .post("/api/v1/webhooks", json!({"url": url, "events": events}))
        .await;
    assert_eq!(made.status, 201, "{}", made.body);
    let secret = made.body["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("whsec_"), "{secret}");
    (made.body["endpoint"]["id"].as_i64().unwrap(), secret)
}

/// Intake flags a strong duplicate instead of merging it.
pub fn flag_duplicates(app: &TestApp) {
    let input = SettingsInput {
        leads_enabled: true,
        default_country: "IT".into(),
        lost_reason_required: false,
        ..Default::default()
    };
    let admin = crate::support::actor(&mut app.conn(), app.world().admin);
    settings::save_with_intake(&mut app.conn(), &admin, &input, "flag").expect("settings");
}

/// The same customer writing twice through intake, the second time as a duplicate; returns
/// the first lead's id and the second's.
pub async fn duplicate_through_intake(app: &TestApp) -> (i64, i64) {
    flag_duplicates(app);
    let bot = Api::as_user(app, app.world().manager);
    let first = json!({"channel": "telegram", "handle": "@Dmitry_Sokolov",
        "name": "Дмитрий Соколов", "email": "d.sokolov@stellazh.ru", "delivery_id": "tg-1"});
    let second = json!({"channel": "whatsapp", "handle": "+7 916 482-17-35",
        "name": "Дмитрий Соколов", "email": "d.sokolov@stellazh.ru", "delivery_id": "wa-1"});
    let first: Value = bot.post("/api/v1/intake", first).await.body;
    let second = bot.post("/api/v1/intake", second).await;
    assert_eq!(second.body["outcome"], "flagged", "{}", second.body);
    (
        first["lead_id"].as_i64().unwrap(),
        second.body["lead_id"].as_i64().unwrap(),
    )
}
