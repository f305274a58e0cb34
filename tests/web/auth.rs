//! Setup, sign-in, sign-out, CSRF and role checks, through the real HTTP server.

use crate::support::{PASSWORD, TestApp};
use leadbook::domain::models::users;

fn user_count(app: &TestApp) -> i64 {
    users::count(&mut app.conn()).unwrap()
}

#[actix_web::test]
async fn every_page_leads_to_setup_while_no_user_exists() {
    let app = TestApp::spawn_empty().await;
    let visitor = app.client();
    visitor.get("/pipeline").await.assert_redirect("/setup");
    visitor.get("/login").await.assert_redirect("/setup");
    let setup = visitor.get("/setup").await;
    assert_eq!(setup.status, 200);
    assert!(setup.body.contains("Create administrator"));
}

#[actix_web::test]
async fn setup_creates_the_first_admin_and_signs_them_in() {
    let app = TestApp::spawn_empty().await;
    let visitor = app.client();
    let resp = visitor
        .post(
            "/setup",
            &[
                ("name", "Ada Lovelace"),
                ("login", "ada"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    resp.assert_redirect("/pipeline");
    let pipeline = visitor.get("/pipeline").await;
    assert_eq!(pipeline.status, 200);
    assert!(pipeline.body.contains("Ada Lovelace"));
    assert!(pipeline.body.contains("Welcome to Leadbook"));
    let admin = users::find_by_login(&mut app.conn(), "ada").unwrap();
    assert_eq!(admin.role, users::Role::Admin);
}

#[actix_web::test]
async fn setup_is_closed_once_a_user_exists() {
    let app = TestApp::spawn().await;
    let before = user_count(&app);
    let visitor = app.client();
    visitor.get("/setup").await.assert_redirect("/login");
    let token = visitor.csrf_token().await;
    let body = crate::support::encode(&[
        ("csrf", &token),
        ("name", "Mallory"),
        ("login", "mallory"),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
    ]);
    visitor
        .post_raw("/setup", &body)
        .await
        .assert_redirect("/login");
    assert_eq!(user_count(&app), before);
    assert!(users::find_by_login(&mut app.conn(), "mallory").is_err());
}

#[actix_web::test]
async fn setup_with_bad_input_explains_each_field_and_keeps_what_was_typed() {
    let app = TestApp::spawn_empty().await;
    let visitor = app.client();
    let huge = "x".repeat(100 * 1024);
    let resp = visitor
        .post(
            "/setup",
            &[
                ("name", &huge),
                ("login", "ada lovelace"),
                ("email", "not-an-email"),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
        )
        .await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("Name is too long"));
    assert!(resp.body.contains("Use letters, digits"));
    assert!(resp.body.contains("is not an email address"));
    assert!(resp.body.contains("at least 8 characters"));
    assert!(
        resp.body.contains("value=\"not-an-email\""),
        "typed email kept"
    );
    assert!(
        resp.body.contains("value=\"ada lovelace\""),
        "typed login kept"
    );
    assert_eq!(user_count(&app), 0);

    let mismatch = visitor
        .post(
            "/setup",
            &[
                ("name", "Ada"),
                ("login", "ada"),
                ("password", PASSWORD),
                ("password_confirm", "other password"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, 422);
    assert!(mismatch.body.contains("The two passwords differ"));
    assert_eq!(user_count(&app), 0);
}

#[actix_web::test]
async fn signing_in_shows_the_pipeline_and_signing_out_ends_the_session() {
    let app = TestApp::spawn().await;
    let sales = app.client_as("sales").await;
    let pipeline = sales.get("/pipeline").await;
    assert_eq!(pipeline.status, 200);
    assert!(pipeline.body.contains("Mario Rossi"));
    assert!(
        pipeline.body.contains("Qualified"),
        "the stages are the kanban columns"
    );
    sales.post("/logout", &[]).await.assert_redirect("/login");
    sales.get("/pipeline").await.assert_redirect("/login");
}

#[actix_web::test]
async fn a_wrong_password_gets_a_clear_message_and_keeps_the_login() {
    let app = TestApp::spawn().await;
    let visitor = app.client();
    let resp = visitor
        .post(
            "/login",
            &[("login", "sales"), ("password", "wrong password")],
        )
        .await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("Wrong login or password"));
    assert!(resp.body.contains("value=\"sales\""));
    visitor.get("/pipeline").await.assert_redirect("/login");
}

#[actix_web::test]
async fn an_unknown_login_gets_the_same_message_as_a_wrong_password() {
    let app = TestApp::spawn().await;
    let resp = app
        .client()
        .post("/login", &[("login", "nobody"), ("password", "whatever1")])
        .await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("Wrong login or password"));
}

#[actix_web::test]
async fn repeated_failures_throttle_the_login_even_with_the_right_password() {
    let app = TestApp::spawn().await;
    let visitor = app.client();
    for _ in 0..users::FREE_FAILURES {
        let resp = visitor
            .post("/login", &[("login", "sales"), ("password", "guess guess")])
            .await;
        assert_eq!(resp.status, 422);
    }
    let resp = visitor
        .post("/login", &[("login", "sales"), ("password", PASSWORD)])
        .await;
    assert_eq!(resp.status, 429);
    assert!(resp.body.contains("Too many failed attempts"));
    visitor.get("/pipeline").await.assert_redirect("/login");
    // Another login is not affected.
    let manager = app
        .client()
        .post("/login", &[("login", "manager"), ("password", PASSWORD)])
        .await;
    manager.assert_redirect("/pipeline");
}

#[actix_web::test]
async fn sign_in_returns_to_the_page_asked_for_but_never_off_site() {
    let app = TestApp::spawn().await;
    let visitor = app.client();
    visitor
        .get("/config/settings")
        .await
        .assert_redirect("/login?next=/config/settings");
    let resp = visitor
        .post(
            "/login",
            &[
                ("login", "admin"),
                ("password", PASSWORD),
                ("next", "/config/settings"),
            ],
        )
        .await;
    resp.assert_redirect("/config/settings");
    let other = app.client();
    let resp = other
        .post(
            "/login",
            &[
                ("login", "admin"),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    resp.assert_redirect("/pipeline");
}

#[actix_web::test]
async fn a_next_with_a_tab_line_break_or_backslash_signs_in_to_the_pipeline_without_a_500() {
    let app = TestApp::spawn().await;
    for bad in [
        "/\t/evil.example/x",
        "/\n/x",
        "/\\evil",
        "https://x",
        "/\r\nX: y",
    ] {
        let resp = app
            .client()
            .post(
                "/login",
                &[("login", "admin"), ("password", PASSWORD), ("next", bad)],
            )
            .await;
        assert_eq!(resp.status, 303, "{bad:?}: {}", resp.body);
        assert_eq!(resp.location.as_deref(), Some("/pipeline"), "{bad:?}");
    }
    let kept = app
        .client()
        .post(
            "/login",
            &[
                ("login", "admin"),
                ("password", PASSWORD),
                ("next", "/leads?x=1"),
            ],
        )
        .await;
    assert_eq!(kept.location.as_deref(), Some("/leads?x=1"));
}

#[actix_web::test]
async fn a_post_without_a_valid_csrf_token_is_refused_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.client_as("admin").await;
    let before = user_count(&app);
    let fields = [
        ("name", "Eve"),
        ("login", "eve"),
        ("role", "admin"),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
    ];
    let without = admin
        .post_raw("/config/users", &crate::support::encode(&fields))
        .await;
    assert_eq!(without.status, 403);
    assert!(without.body.contains("reload the page"));
    let mut forged = vec![("csrf", "0123456789abcdef")];
    forged.extend_from_slice(&fields);
    let wrong = admin
        .post_raw("/config/users", &crate::support::encode(&forged))
        .await;
    assert_eq!(wrong.status, 403);
    assert_eq!(user_count(&app), before);
    // The same form with the session's token works.
    admin
        .post("/config/users", &fields)
        .await
        .assert_redirect("/config/users");
    assert_eq!(user_count(&app), before + 1);
}

#[actix_web::test]
async fn a_token_from_before_sign_in_is_worthless_after_it() {
    let app = TestApp::spawn().await;
    let visitor = app.client();
    let anonymous_token = visitor.csrf_token().await;
    let resp = visitor
        .post("/login", &[("login", "sales"), ("password", PASSWORD)])
        .await;
    resp.assert_redirect("/pipeline");
    let body = crate::support::encode(&[("csrf", &anonymous_token), ("language", "en")]);
    assert_eq!(visitor.post_raw("/preferences", &body).await.status, 403);
}

#[actix_web::test]
async fn salespeople_and_managers_get_403_on_admin_pages() {
    let app = TestApp::spawn().await;
    let sales = app.client_as("sales").await;
    for path in ["/config/users", "/config/users/new", "/config/settings"] {
        let resp = sales.get(path).await;
        assert_eq!(resp.status, 403, "{path}");
        assert!(resp.body.contains("Access denied"));
    }
    let settings = sales
        .post("/config/settings", &[("default_country", "US")])
        .await;
    assert_eq!(settings.status, 403);
    let manager = app.client_as("manager").await;
    assert_eq!(manager.get("/config/users").await.status, 403);
    let menu = manager.get("/pipeline").await.body;
    assert!(
        menu.contains("/config/stages"),
        "managers see the configuration menu"
    );
    assert!(!menu.contains("/config/users"), "but not the admin entries");
}

#[actix_web::test]
async fn unknown_pages_and_ids_answer_404_in_the_layout() {
    let app = TestApp::spawn().await;
    let admin = app.client_as("admin").await;
    for path in [
        "/no/such/page",
        "/config/users/999999",
        "/config/users/abc",
        "/config/users/-1",
    ] {
        let resp = admin.get(path).await;
        assert_eq!(resp.status, 404, "{path}");
        assert!(resp.body.contains("Page not found"), "{path}");
        assert!(resp.body.contains("Leadbook"));
    }
    let resp = admin.post("/config/users/999999", &[("name", "x")]).await;
    assert_eq!(resp.status, 404);
}

#[actix_web::test]
async fn a_form_that_is_not_a_form_is_a_clear_400() {
    let app = TestApp::spawn().await;
    let admin = app.client_as("admin").await;
    let token = admin.csrf_token().await;
    let body = format!("csrf={token}&teams=1&teams=2&teams=3&%%%");
    let resp = admin.post_raw("/config/users", &body).await;
    assert!(
        resp.status == 400 || resp.status == 422,
        "got {}",
        resp.status
    );
    assert!(!resp.body.is_empty());
}

#[actix_web::test]
async fn setup_can_load_the_demo_data_and_the_pipeline_shows_it() {
    let app = TestApp::spawn_empty().await;
    let visitor = app.client();
    visitor
        .post(
            "/setup",
            &[
                ("name", "Ada"),
                ("login", "ada"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("demo", "on"),
            ],
        )
        .await
        .assert_redirect("/pipeline");
    let pipeline = visitor.get("/pipeline").await;
    assert_eq!(pipeline.status, 200);
    assert!(
        pipeline.body.contains("On hold"),
        "the demo's folded stage is a column"
    );
    assert!(
        pipeline.body.matches("class=\"kanban-card").count() >= 10,
        "demo opportunities are on the board"
    );
    assert!(
        users::find_by_login(&mut app.conn(), "mario").is_ok(),
        "demo salespeople exist"
    );
}

// ---- Sessions the server can end (sign-out, password, role, activity, lifetime) ----

/// A lead of `sales`'s, so a note on it is a write the salesperson may make.
fn sales_lead(app: &TestApp) -> leadbook::domain::ids::LeadId {
    use leadbook::domain::models::leads::{self, Kind, LeadInput};
    let w = app.world();
    let input = LeadInput {
        title: "Session test deal".into(),
        salesperson_id: w.sales.to_string(),
        team_id: w.europe.to_string(),
        ..LeadInput::default()
    };
    leads::create(&mut app.conn(), w.admin, Kind::Opportunity, &input)
        .expect("lead")
        .id
}

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
    let lead = sales_lead(&app);
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
    let lead = sales_lead(&app);
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
    let lead = sales_lead(&app);
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
    let lead = sales_lead(&app);
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

// ---- Headers ----

#[actix_web::test]
async fn every_answer_carries_the_security_headers_and_pages_are_not_cached() {
    let app = TestApp::spawn().await;
    let sales = app.client_as("sales").await;
    let anonymous = app.client();
    let answers = [
        ("/pipeline", sales.get("/pipeline").await),
        ("/login", anonymous.get("/login").await),
        ("/no/such/page", sales.get("/no/such/page").await),
        (
            "/static/css/app.css",
            anonymous.get("/static/css/app.css").await,
        ),
    ];
    for (path, resp) in &answers {
        let csp = resp.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(
            resp.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            resp.header("referrer-policy"),
            Some("same-origin"),
            "{path}"
        );
    }
    for (path, resp) in &answers[..3] {
        assert_eq!(resp.header("cache-control"), Some("no-store"), "{path}");
    }
    assert_eq!(answers[0].1.status, 200);
    assert_eq!(answers[3].1.status, 200);
}

/// The Content-Security-Policy forbids inline script and style: no template may rely on them.
#[test]
fn no_template_has_inline_script_handlers_or_style() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut pending = vec![root];
    let mut offenders = Vec::new();
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for (n, line) in text.lines().enumerate() {
                let lower = line.to_lowercase();
                let inline_script = lower.contains("<script") && !lower.contains(" src=");
                let handler = lower
                    .split_whitespace()
                    .any(|word| word.starts_with("on") && word.contains("=\""));
                let style = lower.contains(" style=") || lower.contains("<style");
                let js_url = lower.contains("javascript:");
                if inline_script || handler || style || js_url {
                    offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "inline script or style:\n{}",
        offenders.join("\n")
    );
}

// ---- Sign-in throttling by login and client address, and the cost of an unknown login ----

fn behind_a_proxy() -> leadbook::web::WebOptions {
    leadbook::web::WebOptions {
        trust_proxy: true,
        ..leadbook::web::WebOptions::default()
    }
}

#[actix_web::test]
async fn failures_from_one_address_do_not_lock_the_login_out_elsewhere() {
    let app = TestApp::spawn_with(behind_a_proxy()).await;
    let attacker = app.client_from("203.0.113.9");
    for _ in 0..users::FREE_FAILURES {
        let resp = attacker
            .post("/login", &[("login", "sales"), ("password", "guess guess")])
            .await;
        assert_eq!(resp.status, 422);
    }
    let resp = attacker
        .post("/login", &[("login", "sales"), ("password", PASSWORD)])
        .await;
    assert_eq!(resp.status, 429, "throttled where the failures came from");
    app.client_from("198.51.100.20")
        .post("/login", &[("login", "sales"), ("password", PASSWORD)])
        .await
        .assert_redirect("/pipeline");
    // The proxy appends the address it saw; what the client claimed first does not count.
    let resp = app
        .client_from("198.51.100.20, 203.0.113.9")
        .post("/login", &[("login", "sales"), ("password", PASSWORD)])
        .await;
    assert_eq!(resp.status, 429);
}

#[actix_web::test]
async fn without_a_trusted_proxy_a_forwarded_header_does_not_dodge_the_throttle() {
    let app = TestApp::spawn().await;
    for n in 0..users::FREE_FAILURES {
        let resp = app
            .client_from(&format!("198.51.100.{n}"))
            .post("/login", &[("login", "sales"), ("password", "guess guess")])
            .await;
        assert_eq!(resp.status, 422);
    }
    let resp = app
        .client_from("192.0.2.200")
        .post("/login", &[("login", "sales"), ("password", PASSWORD)])
        .await;
    assert_eq!(resp.status, 429, "all came from the same peer address");
}

/// An unknown login, a deactivated one and a wrong password each cost one argon2 check, so
/// the time of the answer does not tell which logins exist. (Counted, not timed.)
#[test]
fn an_unknown_or_deactivated_login_costs_a_password_check_like_a_wrong_password() {
    let (pool, _guard) = crate::support::fresh_pool();
    let mut conn = pool.get().unwrap();
    let w = crate::support::World::create(&mut conn);
    let deactivated = users::find(&mut conn, w.other_sales).unwrap();
    let input = users::UserInput {
        login: deactivated.login.clone(),
        name: deactivated.name.clone(),
        role: "salesperson".into(),
        ..users::UserInput::default()
    };
    let admin = crate::support::actor(&mut conn, w.admin);
    users::update(&mut conn, &admin, w.other_sales, &input, false).unwrap();
    for (login, password) in [
        ("sales", "wrong password"),
        ("nobody", "wrong password"),
        ("other", PASSWORD),
        ("sales", PASSWORD),
    ] {
        let before = users::password_checks_on_this_thread();
        let _ = users::authenticate(&mut conn, login, password, "192.0.2.1");
        assert_eq!(
            users::password_checks_on_this_thread() - before,
            1,
            "{login} with {password:?}"
        );
    }
}
