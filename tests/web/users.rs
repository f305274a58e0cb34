//! Configuration → Users and Settings, as an admin uses them.

use crate::support::{PASSWORD, TestApp};
use leadbook::domain::models::{settings, users};

#[actix_web::test]
async fn an_admin_creates_a_salesperson_in_a_team_who_can_then_sign_in() {
    let app = TestApp::spawn().await;
    let admin = app.client_as("admin").await;
    let europe = app.world().europe.to_string();
    let resp = admin
        .post(
            "/config/users",
            &[
                ("name", "Anna Petrova"),
                ("login", "anna"),
                ("email", "anna@example.com"),
                ("role", "salesperson"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("teams", &europe),
                ("active", "on"),
            ],
        )
        .await;
    resp.assert_redirect("/config/users");
    let list = admin.get("/config/users").await;
    assert!(list.body.contains("User anna created."));
    assert!(list.body.contains("Anna Petrova"));
    assert!(list.body.contains("Europe"));
    let anna = app.client_as("anna").await;
    assert_eq!(anna.get("/pipeline").await.status, 200);
}

#[actix_web::test]
async fn a_taken_login_is_refused_next_to_the_field() {
    let app = TestApp::spawn().await;
    let admin = app.client_as("admin").await;
    let resp = admin
        .post(
            "/config/users",
            &[
                ("name", "Another Mario"),
                ("login", "SALES"),
                ("role", "salesperson"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("This login is already taken"));
    assert!(resp.body.contains("value=\"Another Mario\""));
}

#[actix_web::test]
async fn an_unknown_role_or_team_is_a_form_error_not_a_crash() {
    let app = TestApp::spawn().await;
    let admin = app.client_as("admin").await;
    let resp = admin
        .post(
            "/config/users",
            &[
                ("name", "X"),
                ("login", "x"),
                ("role", "emperor"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("teams", "99999"),
            ],
        )
        .await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("is not a role"));
    let resp = admin
        .post(
            "/config/users",
            &[
                ("name", "X"),
                ("login", "x"),
                ("role", "manager"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("teams", "abc"),
            ],
        )
        .await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("Unknown team"));
    assert!(users::find_by_login(&mut app.conn(), "x").is_err());
}

#[actix_web::test]
async fn a_deactivated_user_can_no_longer_sign_in_and_loses_their_session() {
    let app = TestApp::spawn().await;
    let sales = app.client_as("sales").await;
    let admin = app.client_as("admin").await;
    let id = app.world().sales;
    let resp = admin
        .post(
            &format!("/config/users/{id}"),
            &[
                ("name", "Mario Rossi"),
                ("login", "sales"),
                ("role", "salesperson"),
                ("language", "en"),
            ],
        )
        .await;
    resp.assert_redirect("/config/users");
    assert!(!users::find(&mut app.conn(), id).unwrap().active);
    sales.get("/pipeline").await.assert_redirect("/login");
    let retry = app
        .client()
        .post("/login", &[("login", "sales"), ("password", PASSWORD)])
        .await;
    assert_eq!(retry.status, 422);
}

#[actix_web::test]
async fn the_last_admin_cannot_demote_themselves() {
    let app = TestApp::spawn().await;
    let admin = app.client_as("admin").await;
    let id = app.world().admin;
    let resp = admin
        .post(
            &format!("/config/users/{id}"),
            &[
                ("name", "Ada Admin"),
                ("login", "admin"),
                ("role", "salesperson"),
                ("active", "on"),
            ],
        )
        .await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("last active admin"));
    assert_eq!(
        users::find(&mut app.conn(), id).unwrap().role,
        users::Role::Admin
    );
}

#[actix_web::test]
async fn editing_a_user_keeps_the_password_when_left_empty_and_sets_teams() {
    let app = TestApp::spawn().await;
    let admin = app.client_as("admin").await;
    let world = app.world();
    let (id, asia) = (world.sales, world.asia.to_string());
    let form = admin.get(&format!("/config/users/{id}")).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("value=\"Mario Rossi\""));
    admin
        .post(
            &format!("/config/users/{id}"),
            &[
                ("name", "Mario Rossi"),
                ("login", "sales"),
                ("role", "manager"),
                ("active", "on"),
                ("teams", &asia),
            ],
        )
        .await
        .assert_redirect("/config/users");
    let teams = users::team_ids(&mut app.conn(), id).unwrap();
    assert_eq!(teams, vec![world.asia]);
    app.client_as("sales").await;
}

#[actix_web::test]
async fn settings_switch_the_leads_menu_and_validate_the_country() {
    let app = TestApp::spawn().await;
    let admin = app.client_as("admin").await;
    assert!(
        admin
            .get("/pipeline")
            .await
            .body
            .contains("href=\"/leads\"")
    );
    admin
        .post("/config/settings", &[("default_country", "vn")])
        .await
        .assert_redirect("/config/settings");
    let saved = settings::load(&mut app.conn()).unwrap();
    assert!(!saved.leads_enabled);
    assert_eq!(saved.default_country, "VN");
    assert!(
        !admin
            .get("/pipeline")
            .await
            .body
            .contains("href=\"/leads\"")
    );

    let bad = admin
        .post(
            "/config/settings",
            &[("leads_enabled", "on"), ("default_country", "Narnia")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("is not a two-letter country code"));
    assert!(bad.body.contains("value=\"Narnia\""));
    assert!(
        !settings::load(&mut app.conn()).unwrap().leads_enabled,
        "nothing written"
    );
}

#[actix_web::test]
async fn a_user_picks_their_language_and_an_unknown_one_is_refused() {
    let app = TestApp::spawn().await;
    let sales = app.client_as("sales").await;
    sales
        .post("/preferences", &[("language", "en")])
        .await
        .assert_redirect("/preferences");
    let bad = sales.post("/preferences", &[("language", "xx")]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("is not an available language"));
}

#[actix_web::test]
async fn only_an_admin_saves_users_and_their_teams_whatever_the_door() {
    use leadbook::domain::DomainError;
    use leadbook::domain::accounts;
    let app = TestApp::spawn().await;
    let w = app.world();
    let conn = &mut app.conn();
    let (manager, admin) = (
        crate::support::actor(conn, w.manager),
        crate::support::actor(conn, w.admin),
    );
    let input = users::UserInput {
        login: "newbie".into(),
        name: "New Bie".into(),
        role: "salesperson".into(),
        password: PASSWORD.into(),
        password_confirm: PASSWORD.into(),
        ..users::UserInput::default()
    };
    assert!(matches!(
        accounts::create(conn, &manager, &input, &[]),
        Err(DomainError::Forbidden)
    ));
    assert!(
        users::find_by_login(conn, "newbie").is_err(),
        "nothing written"
    );
    let user = accounts::create(conn, &admin, &input, &[w.europe]).unwrap();
    assert_eq!(users::team_ids(conn, user.id).unwrap(), vec![w.europe]);
    assert!(matches!(
        accounts::update(conn, &manager, user.id, &input, false, &[]),
        Err(DomainError::Forbidden)
    ));
    assert!(users::find(conn, user.id).unwrap().active, "still active");
    assert_eq!(users::team_ids(conn, user.id).unwrap(), vec![w.europe]);
}
