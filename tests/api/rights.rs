//! Refusals by rights are 403 with their own message, not 422 field errors.

use crate::api_support::{Api, lead_of};
use crate::support::TestApp;
use serde_json::json;

#[actix_web::test]
async fn merging_a_visible_colleagues_record_is_403_with_the_reason() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let own = lead_of(&app, w.sales, Some(w.europe.0), &[]);
    let teammate = lead_of(&app, w.manager, Some(w.europe.0), &[]);
    let api = Api::as_user(&app, w.sales);
    let refused = api
        .post("/api/v1/leads/merge", json!({"ids": [own.0, teammate.0]}))
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        refused
            .error()
            .starts_with("You may merge only records you own"),
        "{}",
        refused.body
    );
    assert!(
        refused.error().contains(&format!("#{teammate}")),
        "names it: {}",
        refused.body
    );
    assert!(refused.field("ids").is_none(), "not a field error");
    let italian = Api::as_user(&app, w.sales)
        .accepting("it")
        .post("/api/v1/leads/merge", json!({"ids": [own.0, teammate.0]}))
        .await;
    assert!(
        italian.error().starts_with("Puoi unire solo"),
        "{}",
        italian.body
    );
}

#[actix_web::test]
async fn assigning_a_record_outside_ones_teams_is_403_with_the_reason() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let own = lead_of(&app, w.sales, Some(w.europe.0), &[]);
    let api = Api::as_user(&app, w.sales);
    let refused = api
        .patch(
            &format!("/api/v1/leads/{own}"),
            json!({"salesperson_id": w.other_sales.0, "team_id": w.asia.0}),
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        refused.error().starts_with("Assign the record to yourself"),
        "{}",
        refused.body
    );
    let both = api
        .patch(
            &format!("/api/v1/leads/{own}"),
            json!({"salesperson_id": w.other_sales.0, "team_id": w.asia.0, "email": "not an email"}),
        )
        .await;
    assert_eq!(
        both.status, 422,
        "bad input is reported first: {}",
        both.body
    );
    assert!(both.field("email").is_some(), "{}", both.body);
}
