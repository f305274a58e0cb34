//! Sessions the server can end: sign-out, a new password, a role change, deactivation,
//! idle time and lifetime.

use crate::support::TestApp;
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::users;

fn notes_on(app: &TestApp, lead: leadbook::domain::ids::LeadId) -> Vec<String> {
    leadbook::domain::models::chatter::for_lead(&mut app.conn(), lead)
        .unwrap()
        .into_iter()
        .map(|m| m.body)
        .collect()
}

/// A copy of a cookie whose session is over: no page, and no write with its CSRF token.
async fn assert_dead(
    app: &TestApp,
    copy: &crate::support::Client,
    lead: leadbook::domain::ids::LeadId,
) {
    copy.get("/pipeline").await.assert_redirect("/login");
    let before = notes_on(app, lead);
    let resp = copy
        .post(
            &format!("/leads/{lead}/note"),
            &[("body", "written by a replayed cookie")],
        )
        .await;
    assert!(
        resp.status == 403
            || (resp.status == 303 && resp.location.as_deref().unwrap_or("").starts_with("/login")),
        "a replayed cookie's post got {} {:?}",
        resp.status,
        resp.location
    );
    assert_eq!(notes_on(app, lead), before, "no note written");
}

/// Posts the user form of `user` as `admin`, with `extra` fields (e.g. a password, `active`).
async fn admin_edits(
    app: &TestApp,
    admin: &crate::support::Client,
    user: leadbook::domain::ids::UserId,
    role: &str,
    extra: &[(&str, &str)],
) {
    let current = users::find(&mut app.conn(), user).unwrap();
    let mut fields = vec![
        ("name", current.name.as_str()),
        ("login", current.login.as_str()),
        ("role", role),
        ("language", "en"),
    ];
    fields.extend_from_slice(extra);
    admin
        .post(&format!("/config/users/{user}"), &fields)
        .await
        .assert_redirect("/config/users");
}

#[actix_web::test]
async fn a_cookie_replayed_after_sign_out_opens_nothing_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let lead = app
        .world()
        .sales_lead("Session test deal")
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    let sales = app.client_as("sales").await;
    let copy = sales.copy();
    // The copy works while the session lives, token included.
    assert_eq!(copy.get("/pipeline").await.status, 200);
    copy.post(
        &format!("/leads/{lead}/note"),
        &[("body", "still signed in")],
    )
    .await
    .assert_redirect(&format!("/leads/{lead}"));
    assert_eq!(notes_on(&app, lead).len(), 1);
    sales.post("/logout", &[]).await.assert_redirect("/login");
    assert_dead(&app, &copy, lead).await;
}

#[actix_web::test]
async fn signing_out_ends_only_that_session() {
    let app = TestApp::spawn().await;
    let laptop = app.client_as("sales").await;
    let phone = app.client_as("sales").await;
    laptop.post("/logout", &[]).await.assert_redirect("/login");
    assert_eq!(
        phone.get("/pipeline").await.status,
        200,
        "the other browser stays in"
    );
}

#[actix_web::test]
async fn a_new_password_set_by_an_admin_ends_every_session_of_that_user() {
    let app = TestApp::spawn().await;
    let lead = app
        .world()
        .sales_lead("Session test deal")
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    let sales = app.client_as("sales").await;
    let copy = sales.copy();
    let other = app.client_as("other").await;
    let admin = app.client_as("admin").await;
    let new_password = "a brand new password";
    admin_edits(
        &app,
        &admin,
        app.world().sales,
        "salesperson",
        &[
            ("active", "on"),
            ("password", new_password),
            ("password_confirm", new_password),
        ],
    )
    .await;
    assert_dead(&app, &copy, lead).await;
    sales.get("/pipeline").await.assert_redirect("/login");
    assert_eq!(
        other.get("/pipeline").await.status,
        200,
        "other users stay in"
    );
    assert_eq!(admin.get("/pipeline").await.status, 200);
    app.client()
        .post("/login", &[("login", "sales"), ("password", new_password)])
        .await
        .assert_redirect("/pipeline");
}

#[actix_web::test]
async fn an_edit_that_changes_no_password_role_or_activity_keeps_the_session() {
    let app = TestApp::spawn().await;
    let sales = app.client_as("sales").await;
    let admin = app.client_as("admin").await;
    admin_edits(
        &app,
        &admin,
        app.world().sales,
        "salesperson",
        &[("active", "on")],
    )
    .await;
    assert_eq!(sales.get("/pipeline").await.status, 200);
}

#[actix_web::test]
async fn deactivating_and_reactivating_a_user_revives_no_old_cookie() {
    let app = TestApp::spawn().await;
    let lead = app
        .world()
        .sales_lead("Session test deal")
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    let sales = app.client_as("sales").await;
    let copy = sales.copy();
    let admin = app.client_as("admin").await;
    let id = app.world().sales;
    admin_edits(&app, &admin, id, "salesperson", &[]).await;
    assert!(!users::find(&mut app.conn(), id).unwrap().active);
    admin_edits(&app, &admin, id, "salesperson", &[("active", "on")]).await;
    assert!(users::find(&mut app.conn(), id).unwrap().active);
    assert_dead(&app, &copy, lead).await;
    sales.get("/pipeline").await.assert_redirect("/login");
    app.client_as("sales").await;
}

#[actix_web::test]
async fn a_role_change_ends_every_session_of_that_user() {
    let app = TestApp::spawn().await;
    let manager = app.client_as("manager").await;
    let copy = manager.copy();
    let admin = app.client_as("admin").await;
    admin_edits(
        &app,
        &admin,
        app.world().manager,
        "salesperson",
        &[("active", "on")],
    )
    .await;
    manager.get("/pipeline").await.assert_redirect("/login");
    copy.get("/config/stages").await.assert_redirect("/login");
}

/// Moves the stored times of every session of `user` back by `created` and `seen` minutes:
/// a clock jump, without waiting.
fn age_sessions(app: &TestApp, user: leadbook::domain::ids::UserId, created: i64, seen: i64) {
    use diesel::prelude::*;
    use leadbook::db::schema::sessions;
    let now = leadbook::domain::now();
    let aged = diesel::update(sessions::table.filter(sessions::user_id.eq(user.0)))
        .set((
            sessions::created_at.eq(now - chrono::TimeDelta::minutes(created)),
            sessions::last_seen.eq(now - chrono::TimeDelta::minutes(seen)),
        ))
        .execute(&mut app.conn())
        .unwrap();
    assert!(aged > 0, "the user has a stored session");
}

fn limits(max_age_minutes: u64, idle_minutes: u64) -> leadbook::web::WebOptions {
    leadbook::web::WebOptions {
        sessions: leadbook::domain::models::sessions::SessionPolicy {
            max_age: std::time::Duration::from_secs(max_age_minutes * 60),
            idle: std::time::Duration::from_secs(idle_minutes * 60),
        },
        ..leadbook::web::WebOptions::default()
    }
}

#[actix_web::test]
async fn a_session_unused_for_the_configured_idle_timeout_is_over() {
    let app = TestApp::spawn_with(limits(600, 30)).await;
    let lead = app
        .world()
        .sales_lead("Session test deal")
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    let sales = app.client_as("sales").await;
    // 29 minutes idle: still in, and the request counts as activity.
    age_sessions(&app, app.world().sales, 29, 29);
    assert_eq!(sales.get("/pipeline").await.status, 200);
    age_sessions(&app, app.world().sales, 31, 31);
    let copy = sales.copy();
    let resp = sales.get("/pipeline").await;
    resp.assert_redirect("/login");
    let login = sales.get(resp.location.as_deref().unwrap()).await;
    assert!(
        login.body.contains("Your session has ended"),
        "{}",
        login.body
    );
    assert_dead(&app, &copy, lead).await;
}

#[actix_web::test]
async fn activity_does_not_stretch_a_session_past_its_configured_lifetime() {
    let app = TestApp::spawn_with(limits(60, 30)).await;
    let sales = app.client_as("sales").await;
    age_sessions(&app, app.world().sales, 59, 0);
    assert_eq!(sales.get("/pipeline").await.status, 200);
    age_sessions(&app, app.world().sales, 61, 0);
    sales.get("/pipeline").await.assert_redirect("/login");
}

#[actix_web::test]
async fn the_default_limits_are_twelve_hours_and_two_hours_idle() {
    let app = TestApp::spawn().await;
    let sales = app.client_as("sales").await;
    age_sessions(&app, app.world().sales, 11 * 60, 119);
    assert_eq!(sales.get("/pipeline").await.status, 200);
    age_sessions(&app, app.world().sales, 60, 121);
    sales.get("/pipeline").await.assert_redirect("/login");
    let sales = app.client_as("sales").await;
    age_sessions(&app, app.world().sales, 12 * 60 + 1, 1);
    sales.get("/pipeline").await.assert_redirect("/login");
}
