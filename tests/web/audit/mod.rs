//! The audit trail (issue 20): each audited action done as a user does it (a page, the API)
//! writes exactly one record with the right action, actor, address and target; the admins'
//! Configuration → Audit page, its filters and its CSV export.

mod accounts;
mod page;
mod records;

use crate::support::{Client, PASSWORD, TestApp};
use leadbook::domain::access::Actor;
use leadbook::domain::audit::{Action, AuditFilter, Entry, query};
use leadbook::domain::ids::UserId;

/// The address the reverse proxy in front of the test app names the browser by.
const FROM: &str = "203.0.113.7";

/// The app behind a trusted reverse proxy, so the recorded address is the proxy's word.
async fn app() -> TestApp {
    TestApp::spawn_with(leadbook::web::WebOptions {
        trust_proxy: true,
        ..leadbook::web::WebOptions::default()
    })
    .await
}

/// A browser behind the proxy, signed in as `login` through the sign-in form.
async fn browser(app: &TestApp, login: &str) -> Client {
    let client = app.client_from(FROM);
    let resp = client
        .post("/login", &[("login", login), ("password", PASSWORD)])
        .await;
    assert_eq!(resp.status, 303, "sign-in as {login}: {}", resp.body);
    client
}

/// Every record, oldest first.
fn all(app: &TestApp) -> Vec<Entry> {
    let mut all = query::all(&mut app.conn(), &Actor::operator(), &AuditFilter::default())
        .expect("the trail");
    all.reverse();
    all
}

/// The id of the newest record so far (0: none).
fn mark(app: &TestApp) -> i32 {
    all(app).last().map_or(0, |e| e.id)
}

/// The one record written since `mark`, which must be `action`.
fn one_new(app: &TestApp, mark: i32, action: Action) -> Entry {
    let new: Vec<Entry> = all(app).into_iter().filter(|e| e.id > mark).collect();
    assert_eq!(new.len(), 1, "exactly one new record: {new:#?}");
    let entry = new.into_iter().next().unwrap();
    assert_eq!(entry.action, action.as_str(), "{entry:#?}");
    entry
}

/// Asserts who did it and from where.
fn by(entry: &Entry, user: UserId, login: &str, address: &str) {
    assert_eq!(entry.actor_user_id, Some(user), "{entry:#?}");
    assert_eq!(entry.actor_login, login, "{entry:#?}");
    assert_eq!(entry.client_address.as_deref(), Some(address), "{entry:#?}");
}

/// The target's ids.
fn ids(entry: &Entry) -> Vec<String> {
    entry.targets.iter().map(|(id, _)| id.clone()).collect()
}

/// The details as JSON.
fn details(entry: &Entry) -> serde_json::Value {
    serde_json::from_str(&entry.details).expect("details are JSON")
}
