//! A record's chatter through the API: read (newest first, paginated, in the request's
//! language) and post a note, on leads and on customers, with the pages' rights.

use crate::api_support::{Api, lead_of};
use crate::support::TestApp;
use leadbook::domain::models::partners::{self, PartnerInput};
use serde_json::json;

#[actix_web::test]
async fn notes_are_posted_and_read_back_newest_first_page_by_page() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let lead = lead_of(&app, w.sales, Some(w.europe.0), &[]);
    let api = Api::as_user(&app, w.sales);
    for n in 1..=3 {
        let posted = api
            .post(
                &format!("/api/v1/leads/{lead}/notes"),
                json!({"body": format!("Call {n}")}),
            )
            .await;
        assert_eq!(posted.status, 201, "{}", posted.body);
        assert_eq!(posted.body["body"], format!("Call {n}"));
        assert_eq!(posted.body["kind"], "note");
        assert_eq!(posted.body["author"], "Mario Rossi");
    }
    let first = api
        .get(&format!("/api/v1/leads/{lead}/chatter?per_page=2"))
        .await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.body["items"][0]["body"], "Call 3");
    assert_eq!(first.body["items"][1]["body"], "Call 2");
    let total = first.body["total"].as_u64().unwrap();
    assert!(total >= 3, "the creation is logged too: {}", first.body);
    let second = api
        .get(&format!("/api/v1/leads/{lead}/chatter?per_page=2&page=2"))
        .await;
    assert_eq!(second.body["items"][0]["body"], "Call 1");

    // What Leadbook logged reads in the request's language.
    api.post(&format!("/api/v1/leads/{lead}/archive"), json!({}))
        .await;
    let italian = Api::as_user(&app, w.sales).accepting("it");
    let log = italian.get(&format!("/api/v1/leads/{lead}/chatter")).await;
    let text = log.body["items"][0]["text"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let english = api.get(&format!("/api/v1/leads/{lead}/chatter")).await;
    assert!(!text.is_empty());
    assert_ne!(
        json!(text),
        english.body["items"][0]["text"],
        "{}",
        log.body
    );
}

#[actix_web::test]
async fn a_teammate_may_note_a_colleagues_record_but_hidden_and_merged_ones_are_refused() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let teammate = lead_of(&app, w.manager, Some(w.europe.0), &[]);
    let asia = lead_of(&app, w.other_sales, Some(w.asia.0), &[]);
    let api = Api::as_user(&app, w.sales);
    let noted = api
        .post(
            &format!("/api/v1/leads/{teammate}/notes"),
            json!({"body": "Met them"}),
        )
        .await;
    assert_eq!(
        noted.status, 201,
        "as the record page allows: {}",
        noted.body
    );
    let hidden = api
        .post(
            &format!("/api/v1/leads/{asia}/notes"),
            json!({"body": "Hello"}),
        )
        .await;
    assert_eq!(hidden.status, 404);
    assert_eq!(
        api.get(&format!("/api/v1/leads/{asia}/chatter"))
            .await
            .status,
        404
    );

    let [a, b] = [0, 1].map(|_| lead_of(&app, w.sales, Some(w.europe.0), &[]));
    let manager = Api::as_user(&app, w.manager);
    let merged = manager
        .post(
            "/api/v1/leads/merge",
            json!({"ids": [a.0, b.0], "primary": a.0}),
        )
        .await;
    assert_eq!(merged.status, 200, "{}", merged.body);
    let gone = api
        .post(&format!("/api/v1/leads/{b}/notes"), json!({"body": "x"}))
        .await;
    assert_eq!(gone.status, 409, "{}", gone.body);
    assert_eq!(gone.body["merged_into_id"], a.0);
}

#[actix_web::test]
async fn bad_notes_and_bad_pages_are_field_errors() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let lead = lead_of(&app, w.sales, Some(w.europe.0), &[]);
    let api = Api::as_user(&app, w.sales);
    let blank = api
        .post(
            &format!("/api/v1/leads/{lead}/notes"),
            json!({"body": "  "}),
        )
        .await;
    assert_eq!(blank.status, 422);
    assert!(blank.field("body").is_some(), "{}", blank.body);
    let missing = api
        .post(&format!("/api/v1/leads/{lead}/notes"), json!({}))
        .await;
    assert_eq!(missing.status, 422);
    let wrong = api
        .post(
            &format!("/api/v1/leads/{lead}/notes"),
            json!({"body": {"text": "x"}}),
        )
        .await;
    assert_eq!(wrong.status, 422);
    let unknown = api
        .post("/api/v1/leads/999999/notes", json!({"body": "x"}))
        .await;
    assert_eq!(unknown.status, 404);
    for query in ["page=0", "per_page=1000", "page=x", "size=2"] {
        let bad = api
            .get(&format!("/api/v1/leads/{lead}/chatter?{query}"))
            .await;
        assert_eq!(bad.status, 422, "{query}: {}", bad.body);
        assert!(bad.field("query").is_some());
    }
    let chatter = api.get(&format!("/api/v1/leads/{lead}/chatter")).await;
    assert!(
        chatter.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["kind"] != "note"),
        "nothing was posted"
    );
}

#[actix_web::test]
async fn a_customers_chatter_and_notes() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let input = PartnerInput {
        kind: "company".into(),
        name: "Northwind Traders".into(),
        ..PartnerInput::default()
    };
    let customer = partners::create(&mut app.conn(), &input)
        .expect("customer")
        .id;
    let api = Api::as_user(&app, w.other_sales);
    let posted = api
        .post(
            &format!("/api/v1/customers/{customer}/notes"),
            json!({"body": "Prefers email"}),
        )
        .await;
    assert_eq!(posted.status, 201, "{}", posted.body);
    let read = api
        .get(&format!("/api/v1/customers/{customer}/chatter"))
        .await;
    assert_eq!(read.status, 200);
    assert_eq!(read.body["items"][0]["body"], "Prefers email");
    let blank = api
        .post(
            &format!("/api/v1/customers/{customer}/notes"),
            json!({"body": ""}),
        )
        .await;
    assert_eq!(blank.status, 422);
    assert_eq!(
        api.get("/api/v1/customers/999999/chatter").await.status,
        404
    );
    let none = api
        .post("/api/v1/customers/999999/notes", json!({"body": "x"}))
        .await;
    assert_eq!(none.status, 404);
}
