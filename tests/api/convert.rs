//! Convert to Opportunity through the JSON API: the wizard's suggestion, conversion with a new
//! customer, merge mode keeping the oldest record, mass conversion in turn, and the errors
//! (a bad choice, a lost lead, a hidden lead).

use crate::api_support::{Api, lead_of};
use crate::support::{TestApp, age};
use serde_json::json;

#[actix_web::test]
async fn the_suggestion_is_merge_when_a_strong_duplicate_exists_and_merge_keeps_the_oldest() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let old = lead_of(
        &app,
        w.sales,
        Some(w.europe.0),
        &[("email", "vera@kino.test")],
    );
    let new = lead_of(
        &app,
        w.sales,
        Some(w.europe.0),
        &[("email", "vera@kino.test")],
    );
    age(&mut app.conn(), old, 60);
    let api = Api::as_user(&app, w.sales);

    let suggestion = api.get(&format!("/api/v1/leads/{new}/convert")).await;
    assert_eq!(suggestion.status, 200, "{}", suggestion.body);
    assert_eq!(suggestion.body["suggested"]["action"], "merge");
    let other = suggestion.body["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == old.0)
        .expect("the duplicate is offered");
    assert_eq!(other["strong"], true);
    assert!(other["reasons"].as_str().unwrap().contains("email"));

    let done = api
        .post(
            &format!("/api/v1/leads/{new}/convert"),
            json!({"action": "merge", "merge_ids": [old.0], "salesperson_id": w.sales.0}),
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(
        done.body["opportunity"], old.0,
        "the oldest record survives"
    );
    assert_eq!(done.body["merged"], json!([new.0]));
    let survivor = api.get(&format!("/api/v1/leads/{old}")).await;
    assert_eq!(survivor.body["kind"], "opportunity");
}

#[actix_web::test]
async fn converting_with_a_new_customer_creates_the_company_and_its_contact() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let lead = lead_of(
        &app,
        w.sales,
        Some(w.europe.0),
        &[
            ("contact_name", "Ada Byron"),
            ("company_name", "Engines Ltd"),
        ],
    );
    let api = Api::as_user(&app, w.sales);
    let done = api
        .post(
            &format!("/api/v1/leads/{lead}/convert"),
            json!({"customer": "create", "salesperson_id": w.sales.0}),
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(done.body["customer_created"], true);
    let customer = api
        .get(&format!("/api/v1/customers/{}", done.body["customer"]))
        .await;
    assert_eq!(customer.status, 200, "{}", customer.body);
    assert!(customer.body.to_string().contains("Ada Byron"));
    let opportunity = api.get(&format!("/api/v1/leads/{lead}")).await;
    assert_eq!(opportunity.body["kind"], "opportunity");
}

#[actix_web::test]
async fn bad_choices_lost_leads_and_hidden_leads_get_clear_errors() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let lead = lead_of(&app, w.sales, Some(w.europe.0), &[]);
    let hidden = lead_of(&app, w.other_sales, Some(w.asia.0), &[]);
    let api = Api::as_user(&app, w.sales);

    let bad = api
        .post(
            &format!("/api/v1/leads/{lead}/convert"),
            json!({"action": "teleport", "customer": "link"}),
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.field("action").is_some());
    assert!(bad.field("partner_id").is_some(), "{}", bad.body);
    let unchanged = api.get(&format!("/api/v1/leads/{lead}")).await;
    assert_eq!(unchanged.body["kind"], "lead");

    let not_found = api
        .post(&format!("/api/v1/leads/{hidden}/convert"), json!({}))
        .await;
    assert_eq!(not_found.status, 404, "{}", not_found.body);

    let lost = api
        .post(
            &format!("/api/v1/leads/{lead}/lost"),
            json!({"reason": "Too expensive"}),
        )
        .await;
    assert_eq!(lost.status, 200, "{}", lost.body);
    let refused = api
        .post(&format!("/api/v1/leads/{lead}/convert"), json!({}))
        .await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused.error().to_lowercase().contains("lost"),
        "{}",
        refused.body
    );
}

#[actix_web::test]
async fn mass_conversion_shares_the_leads_between_salespeople_in_turn() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let ids: Vec<_> = (0..4)
        .map(|_| lead_of(&app, w.manager, Some(w.europe.0), &[]))
        .collect();
    let api = Api::as_user(&app, w.manager);
    let done = api
        .post(
            "/api/v1/leads/convert",
            json!({"ids": ids.iter().map(|i| i.0).collect::<Vec<_>>(),
                   "salesperson_ids": [w.sales.0, w.manager.0], "customer": "none"}),
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(done.body["converted"].as_array().unwrap().len(), 4);
    let mut owners = Vec::new();
    for id in &ids {
        let lead = api.get(&format!("/api/v1/leads/{id}")).await;
        assert_eq!(lead.body["kind"], "opportunity");
        owners.push(lead.body["salesperson_id"].as_i64().unwrap());
    }
    owners.sort_unstable();
    let (s, m) = (i64::from(w.sales.0), i64::from(w.manager.0));
    let mut expected = vec![s, s, m, m];
    expected.sort_unstable();
    assert_eq!(owners, expected, "two leads each");

    let empty = api.post("/api/v1/leads/convert", json!({"ids": []})).await;
    assert_eq!(empty.status, 422, "{}", empty.body);
}

#[actix_web::test]
async fn converting_without_a_salesperson_keeps_the_suggested_one_and_their_team() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let own = lead_of(&app, w.sales, None, &[("title", "Own, no team")]);
    let unassigned = lead_of(&app, w.sales, None, &[("salesperson_id", "")]);
    let api = Api::as_user(&app, w.sales);
    for id in [own, unassigned] {
        let done = api
            .post(&format!("/api/v1/leads/{id}/convert"), json!({}))
            .await;
        assert_eq!(done.status, 200, "{}", done.body);
        let lead = api.get(&format!("/api/v1/leads/{id}")).await;
        assert_eq!(lead.body["kind"], "opportunity");
        assert_eq!(lead.body["salesperson_id"], w.sales.0, "{}", lead.body);
        assert_eq!(lead.body["team_id"], w.europe.0, "{}", lead.body);
    }
    let nobody = lead_of(&app, w.sales, None, &[("title", "Given away")]);
    let done = api
        .post(
            &format!("/api/v1/leads/{nobody}/convert"),
            json!({"salesperson_id": null}),
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    let lead = api.get(&format!("/api/v1/leads/{nobody}")).await;
    assert_eq!(
        lead.body["salesperson_id"],
        serde_json::Value::Null,
        "a salesperson given as null stays nobody"
    );
}
