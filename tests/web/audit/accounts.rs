//! Sign-in and sign-out, users, settings and API tokens.

use super::{FROM, app, browser, by, details, ids, mark, one_new};
use crate::api_support::Api;
use crate::support::PASSWORD;
use leadbook::domain::audit::Action;
use leadbook::domain::models::{api_tokens, users};
use serde_json::json;

#[actix_web::test]
async fn a_sign_in_and_a_sign_out_are_recorded_with_the_user_and_the_address() {
    let app = app().await;
    let admin = app.world().admin;
    let before = mark(&app);
    let client = browser(&app, "admin").await;
    let entry = one_new(&app, before, Action::SignIn);
    by(&entry, admin, "admin", FROM);
    assert_eq!(ids(&entry), [admin.to_string()]);

    let before = mark(&app);
    client.post("/logout", &[]).await.assert_redirect("/login");
    by(
        &one_new(&app, before, Action::SignOut),
        admin,
        "admin",
        FROM,
    );
}

#[actix_web::test]
async fn a_refused_sign_in_keeps_the_typed_login_and_the_address_but_no_user() {
    let app = app().await;
    let before = mark(&app);
    let resp = app
        .client_from(FROM)
        .post(
            "/login",
            &[("login", "admin"), ("password", "wrong-password")],
        )
        .await;
    assert_eq!(resp.status, 422);
    let entry = one_new(&app, before, Action::SignInFailed);
    assert_eq!(entry.actor_user_id, None);
    assert_eq!(entry.actor_login, "admin");
    assert_eq!(entry.client_address.as_deref(), Some(FROM));
    assert_eq!(details(&entry)["reason"], "refused");
}

#[actix_web::test]
async fn creating_a_user_is_recorded_with_the_new_users_id() {
    let app = app().await;
    let client = browser(&app, "admin").await;
    let before = mark(&app);
    let fields = [
        ("name", "Anna Petrova"),
        ("login", "anna"),
        ("email", "anna@example.com"),
        ("role", "salesperson"),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
        ("active", "on"),
    ];
    client
        .post("/config/users", &fields)
        .await
        .assert_redirect("/config/users");
    let anna = users::find_by_login(&mut app.conn(), "anna").unwrap();
    let entry = one_new(&app, before, Action::UserCreated);
    by(&entry, app.world().admin, "admin", FROM);
    assert_eq!(ids(&entry), [anna.id.to_string()]);
    assert!(!entry.details.contains("anna@example.com"), "no email");
}

/// Saves the salesperson `sales` on the Users page with `changes` over their current values.
async fn save_sales(app: &crate::support::TestApp, changes: &[(&str, &str)]) -> Action {
    let client = browser(app, "admin").await;
    let w = app.world();
    let europe = w.europe.to_string();
    let mut fields = vec![
        ("name", "Mario Rossi"),
        ("login", "sales"),
        ("email", "sales@leadbook.test"),
        ("role", "salesperson"),
        ("language", "en"),
        ("teams", europe.as_str()),
        ("active", "on"),
    ];
    for (name, value) in changes {
        fields.retain(|(n, _)| n != name);
        if !value.is_empty() {
            fields.push((name, value));
        }
    }
    let before = mark(app);
    client
        .post(&format!("/config/users/{}", w.sales), &fields)
        .await
        .assert_redirect("/config/users");
    let all = super::all(app);
    let entry = all
        .iter()
        .find(|e| e.id > before)
        .expect("a record")
        .clone();
    let action = entry.known_action().unwrap();
    let entry = one_new(app, before, action);
    by(&entry, w.admin, "admin", FROM);
    assert_eq!(ids(&entry), [w.sales.to_string()]);
    action
}

#[actix_web::test]
async fn a_changed_user_a_changed_role_and_a_deactivation_are_each_one_record() {
    let app = app().await;
    assert_eq!(
        save_sales(&app, &[("name", "Mario Rossi Jr")]).await,
        Action::UserChanged
    );
    assert_eq!(
        save_sales(&app, &[("role", "manager")]).await,
        Action::RoleChanged
    );
    assert_eq!(
        save_sales(&app, &[("role", "manager"), ("active", "")]).await,
        Action::UserDeactivated
    );
}

#[actix_web::test]
async fn saving_settings_on_the_page_and_through_the_api_names_the_changed_keys() {
    let app = app().await;
    let w = app.world();
    let client = browser(&app, "admin").await;
    let before = mark(&app);
    let form = [
        ("leads_enabled", "on"),
        ("default_country", "DE"),
        ("intake_duplicates", "flag"),
    ];
    client
        .post("/config/settings", &form)
        .await
        .assert_redirect("/config/settings");
    let entry = one_new(&app, before, Action::SettingsChanged);
    by(&entry, w.admin, "admin", FROM);
    assert_eq!(details(&entry)["keys"], json!(["default_country"]));

    let before = mark(&app);
    let api = Api::as_user(&app, w.admin);
    let answer = api
        .patch("/api/v1/settings", json!({"lost_reason_required": true}))
        .await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    let entry = one_new(&app, before, Action::SettingsChanged);
    by(&entry, w.admin, "admin", "127.0.0.1");
    assert_eq!(details(&entry)["keys"], json!(["lost_reason_required"]));
}

#[actix_web::test]
async fn a_token_made_and_revoked_on_the_page_by_an_admin_and_through_the_api() {
    let app = app().await;
    let w = app.world();
    let client = browser(&app, "sales").await;
    let before = mark(&app);
    let made = client
        .post("/preferences/api-tokens", &[("name", "Zapier")])
        .await;
    assert_eq!(made.status, 200, "{}", made.body);
    let token = newest_token(&app, w.sales);
    let entry = one_new(&app, before, Action::TokenCreated);
    by(&entry, w.sales, "sales", FROM);
    assert_eq!(ids(&entry), [token.to_string()]);

    let before = mark(&app);
    client
        .post(&format!("/preferences/api-tokens/{token}/revoke"), &[])
        .await;
    let entry = one_new(&app, before, Action::TokenRevoked);
    by(&entry, w.sales, "sales", FROM);
    assert_eq!(ids(&entry), [token.to_string()]);

    // An admin revokes another of the salesperson's tokens from their user page.
    api_tokens::create(&mut app.conn(), w.sales, "second").unwrap();
    let second_id = newest_token(&app, w.sales);
    let admin = browser(&app, "admin").await;
    let before = mark(&app);
    admin
        .post(
            &format!("/config/users/{}/tokens/{second_id}/revoke", w.sales),
            &[],
        )
        .await;
    let entry = one_new(&app, before, Action::TokenRevoked);
    by(&entry, w.admin, "admin", FROM);
    assert_eq!(ids(&entry), [second_id.to_string()]);

    // Through the API: the token revokes itself.
    let secret = api_tokens::create(&mut app.conn(), w.sales, "api").unwrap();
    let own = newest_token(&app, w.sales);
    let before = mark(&app);
    let answer = reqwest::Client::new()
        .post(format!("{}/api/v1/tokens/{own}/revoke", app.base))
        .header("authorization", format!("Bearer {secret}"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 204);
    let entry = one_new(&app, before, Action::TokenRevoked);
    by(&entry, w.sales, "sales", "127.0.0.1");
    assert_eq!(ids(&entry), [own.to_string()]);
}

/// The id of `user`'s newest API token.
fn newest_token(app: &crate::support::TestApp, user: leadbook::domain::ids::UserId) -> i32 {
    let tokens = api_tokens::list_for(&mut app.conn(), user).unwrap();
    tokens.iter().map(|t| t.id.0).max().expect("a token")
}
