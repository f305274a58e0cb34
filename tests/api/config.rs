//! The API's configuration: lost reasons (create, rename, archive, unarchive, delete), users,
//! teams and stages with their ids, and the settings — with the rights and the messages of
//! the Configuration pages.

use crate::api_support::{Api, lead_of};
use crate::idempotency::Raw;
use crate::support::TestApp;
use leadbook::domain::models::lost_reasons;
use serde_json::{Value, json};

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|r| r["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[actix_web::test]
async fn a_manager_creates_renames_archives_unarchives_and_deletes_a_lost_reason() {
    let app = TestApp::spawn().await;
    let api = Api::as_user(&app, app.world().manager);
    let made = api
        .post("/api/v1/lost-reasons", json!({"name": "  Went silent "}))
        .await;
    assert_eq!(made.status, 201, "{}", made.body);
    assert_eq!(made.body["name"], "Went silent");
    let id = made.body["id"].as_i64().unwrap();
    let renamed = api
        .patch(
            &format!("/api/v1/lost-reasons/{id}"),
            json!({"name": "Ghosted"}),
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    assert!(names(&api.get("/api/v1/lost-reasons").await.body).contains(&"Ghosted".into()));
    let archived = api
        .post(&format!("/api/v1/lost-reasons/{id}/archive"), json!({}))
        .await;
    assert_eq!(
        (archived.status, &archived.body["active"]),
        (200, &json!(false))
    );
    let active = names(&api.get("/api/v1/lost-reasons").await.body);
    assert!(
        !active.contains(&"Ghosted".into()),
        "archived: gone from the picker"
    );
    let back = api
        .post(&format!("/api/v1/lost-reasons/{id}/unarchive"), json!({}))
        .await;
    assert_eq!((back.status, &back.body["active"]), (200, &json!(true)));
    let raw = Raw::new(&app, app.world().manager);
    let deleted = raw
        .post(&format!("/api/v1/lost-reasons/{id}/delete"), None, "{}")
        .await;
    assert_eq!(deleted.status, 204, "{}", deleted.text);
    let gone = api
        .post(&format!("/api/v1/lost-reasons/{id}/archive"), json!({}))
        .await;
    assert_eq!(gone.status, 404, "{}", gone.body);
}

#[actix_web::test]
async fn a_reason_in_use_is_not_deleted_and_bad_names_are_422() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let api = Api::as_user(&app, w.manager);
    let lead = lead_of(&app, w.sales, Some(w.europe.0), &[]);
    let lost = api
        .post(
            &format!("/api/v1/leads/{lead}/lost"),
            json!({"reason": "Too expensive"}),
        )
        .await;
    assert_eq!(lost.status, 200, "{}", lost.body);
    let reason = lost_reasons::find_by_name(&mut app.conn(), "Too expensive")
        .unwrap()
        .unwrap();
    let refused = api
        .post(
            &format!("/api/v1/lost-reasons/{}/delete", reason.id),
            json!({}),
        )
        .await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused.error().contains("archive it instead"),
        "{}",
        refused.body
    );
    let blank = api.post("/api/v1/lost-reasons", json!({"name": " "})).await;
    assert_eq!(blank.status, 422, "{}", blank.body);
    assert!(blank.field("name").is_some());
    let twice = api
        .post("/api/v1/lost-reasons", json!({"name": "too EXPENSIVE"}))
        .await;
    assert_eq!(twice.status, 422, "{}", twice.body);
    assert!(twice.field("name").is_some());
    let odd = api
        .post(
            "/api/v1/lost-reasons",
            json!({"name": ["x"], "colour": "red"}),
        )
        .await;
    assert_eq!(odd.status, 422);
    assert!(odd.field("name").is_some() && odd.field("body").is_some());
    let rename_twin = api
        .patch(
            &format!("/api/v1/lost-reasons/{}", reason.id),
            json!({"name": ""}),
        )
        .await;
    assert_eq!(rename_twin.status, 422);
}

#[actix_web::test]
async fn a_salesperson_may_list_reasons_but_not_change_them() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let manager = Api::as_user(&app, w.manager);
    let made = manager
        .post("/api/v1/lost-reasons", json!({"name": "No budget"}))
        .await;
    let id = made.body["id"].as_i64().unwrap();
    let api = Api::as_user(&app, w.sales);
    assert_eq!(api.get("/api/v1/lost-reasons").await.status, 200);
    let create = api
        .post("/api/v1/lost-reasons", json!({"name": "Mine"}))
        .await;
    assert_eq!(create.status, 403, "{}", create.body);
    for path in ["archive", "unarchive", "delete"] {
        let r = api
            .post(&format!("/api/v1/lost-reasons/{id}/{path}"), json!({}))
            .await;
        assert_eq!(r.status, 403, "{path}: {}", r.body);
    }
    let rename = api
        .patch(
            &format!("/api/v1/lost-reasons/{id}"),
            json!({"name": "Other"}),
        )
        .await;
    assert_eq!(rename.status, 403);
    assert!(
        lost_reasons::find_by_name(&mut app.conn(), "No budget")
            .unwrap()
            .is_some()
    );
}

#[actix_web::test]
async fn users_teams_and_stages_come_with_their_ids() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let api = Api::as_user(&app, w.sales);
    let users = api.get("/api/v1/users").await;
    assert_eq!(users.status, 200, "{}", users.body);
    let me = users
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == w.sales.0)
        .expect("the salesperson is listed")
        .clone();
    assert_eq!(me["team_ids"], json!([w.europe.0]));
    assert_eq!(me["role"], "salesperson");
    assert!(me.get("login").is_none(), "logins are for admins: {me}");
    let admin = Api::as_user(&app, w.admin).get("/api/v1/users").await;
    assert!(admin.body[0].get("login").is_some(), "{}", admin.body);
    let teams = api.get("/api/v1/teams").await;
    let europe = teams
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == w.europe.0)
        .expect("Europe is listed")
        .clone();
    assert!(
        europe["member_ids"]
            .as_array()
            .unwrap()
            .contains(&json!(w.sales.0))
    );
    let stages = api.get("/api/v1/stages").await;
    let list = stages.body.as_array().unwrap();
    assert!(!list.is_empty());
    for stage in list {
        for field in ["id", "name", "sequence", "is_won", "folded", "probability"] {
            assert!(stage.get(field).is_some(), "{field} in {stage}");
        }
    }
    let sequences: Vec<i64> = list
        .iter()
        .map(|s| s["sequence"].as_i64().unwrap())
        .collect();
    assert!(
        sequences.windows(2).all(|p| p[0] <= p[1]),
        "in pipeline order"
    );
    assert!(list.iter().any(|s| s["is_won"] == true));
}

#[actix_web::test]
async fn an_admin_reads_and_changes_settings_with_the_pages_checks() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let api = Api::as_user(&app, w.admin);
    let read = api.get("/api/v1/settings").await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body["intake_duplicates"], "flag");
    let changed = api
        .patch(
            "/api/v1/settings",
            json!({"lost_reason_required": true, "currency": "usd", "intake_duplicates": "merge"}),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.body["lost_reason_required"], true);
    assert_eq!(changed.body["currency"], "USD");
    assert_eq!(changed.body["intake_duplicates"], "merge");
    assert_eq!(
        changed.body["default_country"], read.body["default_country"],
        "kept"
    );
    let bad = api
        .patch(
            "/api/v1/settings",
            json!({"default_country": "Narnia", "leads_enabled": "yes", "intake_duplicates": "x", "foo": 1}),
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    for field in [
        "default_country",
        "leads_enabled",
        "intake_duplicates",
        "body",
    ] {
        assert!(bad.field(field).is_some(), "{field}: {}", bad.body);
    }
    let after = api.get("/api/v1/settings").await;
    assert_eq!(after.body, changed.body, "nothing written half-way");
    let sales = Api::as_user(&app, w.sales);
    assert_eq!(sales.get("/api/v1/settings").await.status, 403);
    let refused = sales
        .patch("/api/v1/settings", json!({"lost_reason_required": false}))
        .await;
    assert_eq!(refused.status, 403);
    let manager = Api::as_user(&app, w.manager);
    assert_eq!(
        manager.get("/api/v1/settings").await.status,
        403,
        "admins only, as the page"
    );
    assert_eq!(
        api.get("/api/v1/settings").await.body["lost_reason_required"],
        true
    );
}
