//! The record page's and the lists' other buttons through the API: Archive and Unarchive
//! (one and many), Mark Won, the stage bar, and the type and stage chosen on create.

use crate::api_support::{Api, lead_of};
use crate::support::{LeadBuilder, TestApp};
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::settings::{self, SettingsInput};
use leadbook::domain::models::stages;
use serde_json::{Value, json};

fn ids_of(list: &Value) -> Vec<i64> {
    list["rows"]
        .as_array()
        .map(|rows| rows.iter().filter_map(|r| r["id"].as_i64()).collect())
        .unwrap_or_default()
}

#[actix_web::test]
async fn archive_one_and_many_hides_records_and_unarchive_brings_them_back() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let [a, b, c] = [0, 1, 2].map(|_| lead_of(&app, w.sales, Some(w.europe.0), &[]));
    let api = Api::as_user(&app, w.sales);
    let one = api
        .post(&format!("/api/v1/leads/{a}/archive"), json!({}))
        .await;
    assert_eq!(one.status, 200, "{}", one.body);
    assert_eq!(one.body["count"], 1);
    let many = api
        .post("/api/v1/leads/archive", json!({"ids": [a.0, b.0, c.0]}))
        .await;
    assert_eq!(
        many.body["count"], 2,
        "one was archived already: {}",
        many.body
    );
    let listed = ids_of(&api.get("/api/v1/leads").await.body);
    assert!(!listed.contains(&i64::from(a.0)) && !listed.contains(&i64::from(c.0)));
    let archived = ids_of(&api.get("/api/v1/leads?filter=archived").await.body);
    assert!(archived.contains(&i64::from(b.0)), "{archived:?}");
    let read = api.get(&format!("/api/v1/leads/{b}")).await;
    assert_eq!(
        (read.body["active"].clone(), read.body["lost"].clone()),
        (json!(false), json!(false))
    );

    let back = api
        .post(&format!("/api/v1/leads/{a}/unarchive"), json!({}))
        .await;
    assert_eq!(back.body["count"], 1, "{}", back.body);
    let rest = api
        .post("/api/v1/leads/unarchive", json!({"ids": [b.0, c.0]}))
        .await;
    assert_eq!(rest.body["count"], 2);
    let listed = ids_of(&api.get("/api/v1/leads").await.body);
    assert!([a, b, c].iter().all(|l| listed.contains(&i64::from(l.0))));
}

#[actix_web::test]
async fn archive_refuses_a_colleagues_record_and_bad_ids_writing_nothing() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let own = lead_of(&app, w.sales, Some(w.europe.0), &[]);
    let teammate = lead_of(&app, w.manager, Some(w.europe.0), &[]);
    let asia = lead_of(&app, w.other_sales, Some(w.asia.0), &[]);
    let api = Api::as_user(&app, w.sales);
    let refused = api
        .post(&format!("/api/v1/leads/{teammate}/archive"), json!({}))
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let mixed = api
        .post("/api/v1/leads/archive", json!({"ids": [own.0, teammate.0]}))
        .await;
    assert_eq!(mixed.status, 403, "{}", mixed.body);
    let hidden = api
        .post(&format!("/api/v1/leads/{asia}/archive"), json!({}))
        .await;
    assert_eq!(hidden.status, 404);
    assert_eq!(
        api.post("/api/v1/leads/999999/archive", json!({}))
            .await
            .status,
        404
    );
    let bad = api
        .post("/api/v1/leads/archive", json!({"ids": ["x"]}))
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.field("ids").is_some(), "{}", bad.body);
    let missing = api
        .post("/api/v1/leads/archive", json!({"idz": [own.0]}))
        .await;
    assert_eq!(missing.status, 422);
    assert!(missing.field("body").is_some(), "{}", missing.body);
    let unarchive = api
        .post(&format!("/api/v1/leads/{teammate}/unarchive"), json!({}))
        .await;
    assert_eq!(unarchive.status, 403);
    let still = api.get(&format!("/api/v1/leads/{own}")).await;
    assert_eq!(still.body["active"], true, "nothing written half-way");
}

#[actix_web::test]
async fn mark_won_and_move_to_a_stage_as_the_record_page_does() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let deal = LeadBuilder::new("A deal")
        .kind(Kind::Opportunity)
        .owner(w.sales)
        .team_opt(Some(w.europe))
        .by(w.sales)
        .create(&mut app.conn())
        .id;
    let all = stages::list(&mut app.conn()).expect("stages");
    let open = all.iter().find(|s| !s.is_won).expect("an open stage");
    let api = Api::as_user(&app, w.sales);
    let moved = api
        .post(
            &format!("/api/v1/leads/{deal}/stage"),
            json!({"stage_id": open.id.0}),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    assert_eq!(moved.body["stage_id"], open.id.0);
    assert_eq!(moved.body["probability"], open.probability);
    let won = api
        .post(&format!("/api/v1/leads/{deal}/won"), json!({}))
        .await;
    assert_eq!(won.status, 200, "{}", won.body);
    assert_eq!(won.body["probability"], 100);
    assert!(won.body["closed_at"].is_string(), "{}", won.body);
    let listed = api.get("/api/v1/leads?filter=won").await;
    assert!(ids_of(&listed.body).contains(&i64::from(deal.0)));
    let chatter = api.get(&format!("/api/v1/leads/{deal}/chatter")).await;
    assert_eq!(
        chatter.body["items"][0]["kind"], "stage",
        "{}",
        chatter.body
    );
}

#[actix_web::test]
async fn won_and_stage_refuse_a_colleague_and_bad_input() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let own = lead_of(&app, w.sales, Some(w.europe.0), &[]);
    let teammate = lead_of(&app, w.manager, Some(w.europe.0), &[]);
    let api = Api::as_user(&app, w.sales);
    assert_eq!(
        api.post(&format!("/api/v1/leads/{teammate}/won"), json!({}))
            .await
            .status,
        403
    );
    let stage = api
        .post(
            &format!("/api/v1/leads/{teammate}/stage"),
            json!({"stage_id": 1}),
        )
        .await;
    assert_eq!(stage.status, 403);
    assert_eq!(
        api.post("/api/v1/leads/999999/won", json!({})).await.status,
        404
    );
    let blank = api
        .post(&format!("/api/v1/leads/{own}/stage"), json!({}))
        .await;
    assert_eq!(blank.status, 422);
    assert!(blank.field("stage_id").is_some(), "{}", blank.body);
    let unknown = api
        .post(
            &format!("/api/v1/leads/{own}/stage"),
            json!({"stage_id": 99999}),
        )
        .await;
    assert_eq!(unknown.status, 422, "{}", unknown.body);
    let shape = api
        .post(
            &format!("/api/v1/leads/{own}/stage"),
            json!({"stage_id": [1, 2]}),
        )
        .await;
    assert_eq!(shape.status, 422);
    let mate = api.get(&format!("/api/v1/leads/{teammate}")).await;
    assert!(mate.body["closed_at"].is_null(), "nothing written");
}

#[actix_web::test]
async fn create_chooses_lead_or_opportunity_and_a_stage() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let stage = stages::list(&mut app.conn()).expect("stages")[1].id;
    let api = Api::as_user(&app, w.sales);
    let opp = api
        .post(
            "/api/v1/leads",
            json!({"title": "Desks", "type": "opportunity", "stage_id": stage.0}),
        )
        .await;
    assert_eq!(opp.status, 201, "{}", opp.body);
    assert_eq!(opp.body["lead"]["kind"], "opportunity");
    assert_eq!(opp.body["lead"]["stage_id"], stage.0);
    let lead = api
        .post("/api/v1/leads", json!({"title": "Chairs", "type": "lead"}))
        .await;
    assert_eq!(lead.body["lead"]["kind"], "lead", "{}", lead.body);
    let bad = api
        .post("/api/v1/leads", json!({"title": "", "type": "deal"}))
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.field("type").is_some() && bad.field("title").is_some(),
        "{}",
        bad.body
    );
    // An opportunity for a salesperson of another team: refused by rights, nothing created.
    let manager = Api::as_user(&app, w.manager);
    let before = manager.get("/api/v1/leads?filter=all").await.body["total"].clone();
    assert!(before.as_i64().is_some_and(|n| n >= 2), "{before}");
    let foreign = api
        .post(
            "/api/v1/leads",
            json!({"title": "Shelves", "type": "opportunity",
                   "salesperson_id": w.other_sales.0, "team_id": w.asia.0}),
        )
        .await;
    assert_eq!(foreign.status, 403, "{}", foreign.body);
    assert_eq!(
        manager.get("/api/v1/leads?filter=all").await.body["total"],
        before,
        "nothing created"
    );

    let input = SettingsInput {
        leads_enabled: false,
        default_country: "IT".into(),
        ..Default::default()
    };
    let admin = crate::support::actor(&mut app.conn(), w.admin);
    settings::save(&mut app.conn(), &admin, &input).expect("settings");
    let off = api
        .post("/api/v1/leads", json!({"title": "Lamps", "type": "lead"}))
        .await;
    assert_eq!(off.status, 422, "{}", off.body);
    assert!(off.field("type").is_some());
}
