//! The JSON API's reading and writing of records: list with the list view's filters, read,
//! create, update, similar records, stages, lost reasons and customers — and what a caller
//! sees when the token or the request is wrong.

use crate::api_support::{Api, lead_of};
use crate::support::TestApp;
use leadbook::domain::models::api_tokens;
use leadbook::domain::models::partners::{self, PartnerInput};
use serde_json::json;

#[actix_web::test]
async fn without_a_token_or_with_a_bad_or_revoked_one_the_api_answers_401_in_json() {
    let app = TestApp::spawn().await;
    let none = Api::new(&app, None).get("/api/v1/leads").await;
    assert_eq!(none.status, 401);
    assert!(
        none.error().contains("Authorization: Bearer"),
        "{}",
        none.error()
    );
    let bad = Api::new(&app, Some("lb_nope")).get("/api/v1/leads").await;
    assert_eq!(bad.status, 401);
    let token = api_tokens::create(&mut app.conn(), app.world().sales, "bot").unwrap();
    let id = api_tokens::list_for(&mut app.conn(), app.world().sales).unwrap()[0].id;
    let api = Api::new(&app, Some(&token));
    assert_eq!(api.get("/api/v1/leads").await.status, 200);
    api_tokens::revoke(&mut app.conn(), app.world().sales, id).unwrap();
    assert_eq!(api.get("/api/v1/leads").await.status, 401);
}

#[actix_web::test]
async fn a_created_lead_can_be_read_back_listed_and_patched() {
    let app = TestApp::spawn().await;
    let api = Api::as_user(&app, app.world().sales);
    let created = api
        .post(
            "/api/v1/leads",
            json!({
                "title": "Standing desks", "contact_name": "Robin Banks",
                "email": "robin@northwind.test", "expected_revenue": 8500,
                "tags": ["web"], "messengers": [{"channel": "telegram", "handle": "@robin_b"}]
            }),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.body["lead"]["id"].as_i64().unwrap();
    assert_eq!(created.body["lead"]["salesperson_id"], app.world().sales.0);
    assert_eq!(created.body["lead"]["expected_revenue"], "8500.00");
    assert_eq!(created.body["lead"]["source_channel"], "api");
    assert_eq!(created.body["lead"]["messengers"][0]["channel"], "telegram");

    let read = api.get(&format!("/api/v1/leads/{id}")).await;
    assert_eq!(read.status, 200);
    assert_eq!(read.body["contact_name"], "Robin Banks");
    assert_eq!(read.body["tags"], json!(["web"]));

    let listed = api.get("/api/v1/leads?q=robin").await;
    assert_eq!(listed.status, 200);
    assert_eq!(listed.body["total"], 1);
    assert_eq!(listed.body["rows"][0]["id"], id);

    let patched = api
        .patch(
            &format!("/api/v1/leads/{id}"),
            json!({"city": "Milano", "priority": 2}),
        )
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert_eq!(patched.body["city"], "Milano");
    assert_eq!(
        patched.body["title"], "Standing desks",
        "untouched fields stay"
    );
    assert_eq!(patched.body["expected_revenue"], "8500.00");
}

#[actix_web::test]
async fn field_mistakes_are_422_with_a_message_per_field() {
    let app = TestApp::spawn().await;
    let api = Api::as_user(&app, app.world().sales);
    let bad = api
        .post(
            "/api/v1/leads",
            json!({"email": "not-an-email", "titel": "typo"}),
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.field("title").is_some(), "{}", bad.body);
    assert!(bad.field("email").is_some());
    assert_eq!(bad.field("body"), Some("Unknown fields: titel"));
    let query = api.get("/api/v1/leads?filter=lsot&colour=red").await;
    assert_eq!(query.status, 422);
    let message = query.field("query").unwrap();
    assert!(
        message.contains("colour") && message.contains("lsot"),
        "{message}"
    );
}

#[actix_web::test]
async fn malformed_json_and_wrong_shapes_are_400_never_500() {
    let app = TestApp::spawn().await;
    let api = Api::as_user(&app, app.world().sales);
    let broken = api
        .send(reqwest::Method::POST, "/api/v1/leads", Some("{\"title\": "))
        .await;
    assert_eq!(broken.status, 400);
    assert!(broken.error().contains("JSON"), "{}", broken.error());
    let array = api.post("/api/v1/leads", json!(["title"])).await;
    assert_eq!(array.status, 400);
    let query = api.get("/api/v1/lost-reasons?archived=maybe").await;
    assert_eq!(query.status, 400);
}

#[actix_web::test]
async fn a_colleagues_record_in_another_team_is_404_and_so_are_unknown_paths() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let hidden = lead_of(
        &app,
        w.other_sales,
        Some(w.asia.0),
        &[("title", "Asia deal")],
    );
    let api = Api::as_user(&app, w.sales);
    assert_eq!(
        api.get(&format!("/api/v1/leads/{hidden}")).await.status,
        404
    );
    let patch = api
        .patch(&format!("/api/v1/leads/{hidden}"), json!({"title": "mine"}))
        .await;
    assert_eq!(patch.status, 404);
    assert_eq!(api.get("/api/v1/leads/abc").await.status, 404);
    assert_eq!(api.get("/api/v1/nothing-here").await.status, 404);
    let listed = api.get("/api/v1/leads").await;
    assert_eq!(listed.body["total"], 0, "hidden records are not listed");
    let manager = Api::as_user(&app, w.manager);
    assert_eq!(
        manager.get(&format!("/api/v1/leads/{hidden}")).await.status,
        200
    );
}

#[actix_web::test]
async fn the_list_takes_the_list_views_filters_and_pages() {
    let app = TestApp::spawn().await;
    let w = app.world();
    for i in 0..85 {
        lead_of(
            &app,
            w.sales,
            Some(w.europe.0),
            &[("title", &format!("Deal {i}"))],
        );
    }
    let api = Api::as_user(&app, w.manager);
    let first = api.get("/api/v1/leads").await;
    assert_eq!(first.body["total"], 85);
    assert_eq!(first.body["pages"], 2);
    assert_eq!(first.body["rows"].as_array().unwrap().len(), 80);
    let second = api.get("/api/v1/leads?page=2&sort=title&dir=asc").await;
    assert_eq!(second.body["rows"].as_array().unwrap().len(), 5);
    let mine = api
        .get(&format!("/api/v1/leads?salesperson={}", w.sales))
        .await;
    assert_eq!(mine.body["total"], 85);
    let grouped = api.get("/api/v1/leads?group=salesperson").await;
    assert_eq!(grouped.body["groups"][0]["count"], 85);
    let lost = api.get("/api/v1/leads?filter=lost").await;
    assert_eq!(lost.body["total"], 0);
}

#[actix_web::test]
async fn a_record_is_found_by_the_id_it_has_in_the_system_it_came_from() {
    let app = TestApp::spawn().await;
    let w = app.world();
    lead_of(
        &app,
        w.sales,
        Some(w.europe.0),
        &[("external_id", "crm-41")],
    );
    let wanted = lead_of(
        &app,
        w.sales,
        Some(w.europe.0),
        &[("external_id", "crm-42")],
    );
    let hidden = lead_of(
        &app,
        w.other_sales,
        Some(w.asia.0),
        &[("external_id", "crm-43")],
    );
    let api = Api::as_user(&app, w.sales);
    let found = api.get("/api/v1/leads?external_id=crm-42").await;
    assert_eq!(found.status, 200, "{}", found.body);
    assert_eq!(found.body["total"], 1);
    assert_eq!(found.body["rows"][0]["id"], wanted.0);
    let other_team = api.get("/api/v1/leads?external_id=crm-43").await;
    assert_eq!(
        other_team.body["total"], 0,
        "{hidden} is not the salesperson's to see"
    );
}

#[actix_web::test]
async fn similar_records_come_with_scores_and_reasons_and_hidden_ones_only_say_they_exist() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let mine = lead_of(
        &app,
        w.sales,
        Some(w.europe.0),
        &[
            ("email", "giulia@romano.test"),
            ("contact_name", "Giulia Romano"),
        ],
    );
    let hidden = lead_of(
        &app,
        w.other_sales,
        Some(w.asia.0),
        &[
            ("email", "giulia@romano.test"),
            ("title", "Secret Asia deal"),
        ],
    );
    let api = Api::as_user(&app, w.sales);
    let similar = api.get(&format!("/api/v1/leads/{mine}/similar")).await;
    assert_eq!(similar.status, 200, "{}", similar.body);
    assert_eq!(similar.body["duplicates"], 1);
    let m = &similar.body["matches"][0];
    assert_eq!(m["id"], hidden.0);
    assert_eq!(m["visible"], false);
    assert_eq!(
        m["title"],
        serde_json::Value::Null,
        "a hidden record's title is not shown"
    );
    let manager = Api::as_user(&app, w.manager);
    let seen = manager.get(&format!("/api/v1/leads/{mine}/similar")).await;
    let m = &seen.body["matches"][0];
    assert_eq!(m["class"], "duplicate");
    assert!(m["score"].as_i64().unwrap() >= 40);
    assert!(
        m["reasons"][0]["text"].as_str().unwrap().contains("email"),
        "{m}"
    );
}

#[actix_web::test]
async fn stages_lost_reasons_and_customers_are_listed() {
    let app = TestApp::spawn().await;
    let api = Api::as_user(&app, app.world().sales);
    let stages = api.get("/api/v1/stages").await;
    assert_eq!(stages.status, 200);
    assert!(stages.body.as_array().unwrap().len() >= 3);
    let reasons = api.get("/api/v1/lost-reasons").await;
    assert!(
        reasons
            .body
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["name"] == "Too expensive"),
        "{}",
        reasons.body
    );
    let customer = partners::create(
        &mut app.conn(),
        &PartnerInput {
            name: "Ferramenta Bianchi".into(),
            kind: "company".into(),
            email: "info@bianchi.test".into(),
            ..PartnerInput::default()
        },
    )
    .unwrap();
    let found = api.get("/api/v1/customers?q=bianchi").await;
    assert_eq!(found.body[0]["id"], customer.id.0);
    let one = api.get(&format!("/api/v1/customers/{}", customer.id)).await;
    assert_eq!(one.status, 200);
    assert_eq!(one.body["name"], "Ferramenta Bianchi");
    assert_eq!(api.get("/api/v1/customers/99999").await.status, 404);
}

#[actix_web::test]
async fn a_merged_record_refuses_every_change_with_its_survivor_and_a_teammates_is_read_only() {
    use diesel::prelude::*;
    use leadbook::db::schema::leads as lead_rows;
    let app = TestApp::spawn().await;
    let w = app.world();
    let survivor = lead_of(&app, w.sales, Some(w.europe.0), &[]);
    let merged = lead_of(&app, w.sales, Some(w.europe.0), &[("title", "Merged away")]);
    diesel::update(lead_rows::table.find(merged.0))
        .set(lead_rows::merged_into_id.eq(survivor.0))
        .execute(&mut app.conn())
        .unwrap();
    let api = Api::as_user(&app, w.sales);
    let writes = [
        (
            "PATCH",
            format!("/api/v1/leads/{merged}"),
            json!({"title": "Changed"}),
        ),
        ("POST", format!("/api/v1/leads/{merged}/lost"), json!({})),
        ("POST", format!("/api/v1/leads/{merged}/restore"), json!({})),
        ("POST", format!("/api/v1/leads/{merged}/convert"), json!({})),
        (
            "POST",
            "/api/v1/leads/lost".to_string(),
            json!({"ids": [merged.0]}),
        ),
        (
            "POST",
            "/api/v1/leads/unarchive".to_string(),
            json!({"ids": [merged.0]}),
        ),
    ];
    for (method, path, body) in &writes {
        let resp = if *method == "PATCH" {
            api.patch(path, body.clone()).await
        } else {
            api.post(path, body.clone()).await
        };
        assert_eq!(resp.status, 409, "{method} {path}: {}", resp.body);
        assert_eq!(resp.body["merged_into_id"], survivor.0, "{path}");
        assert_eq!(
            resp.body["survivor"],
            format!("/api/v1/leads/{survivor}"),
            "{path}"
        );
    }
    let still = api.get(&format!("/api/v1/leads/{merged}")).await;
    assert_eq!(still.body["title"], "Merged away");
    assert_eq!(still.body["active"], true);

    let teammate = lead_of(&app, w.manager, Some(w.europe.0), &[("title", "Milan")]);
    assert_eq!(
        api.get(&format!("/api/v1/leads/{teammate}")).await.status,
        200
    );
    let refused = api
        .patch(
            &format!("/api/v1/leads/{teammate}"),
            json!({"title": "Mine now"}),
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let lost = api
        .post(&format!("/api/v1/leads/{teammate}/lost"), json!({}))
        .await;
    assert_eq!(lost.status, 403, "{}", lost.body);
    assert_eq!(
        api.get(&format!("/api/v1/leads/{teammate}")).await.body["title"],
        "Milan"
    );
}

#[actix_web::test]
async fn merging_with_a_hidden_record_merged_away_is_404_and_does_not_name_it() {
    use diesel::prelude::*;
    use leadbook::db::schema::leads as lead_rows;
    let app = TestApp::spawn().await;
    let w = app.world();
    let own = lead_of(&app, w.sales, Some(w.europe.0), &[]);
    let survivor = lead_of(&app, w.other_sales, Some(w.asia.0), &[]);
    let gone = lead_of(
        &app,
        w.other_sales,
        Some(w.asia.0),
        &[("title", "Secret Asia deal")],
    );
    diesel::update(lead_rows::table.find(gone.0))
        .set(lead_rows::merged_into_id.eq(survivor.0))
        .execute(&mut app.conn())
        .unwrap();
    let api = Api::as_user(&app, w.sales);
    let merge = api
        .post("/api/v1/leads/merge", json!({"ids": [own.0, gone.0]}))
        .await;
    assert_eq!(merge.status, 404, "{}", merge.body);
    assert!(!merge.body.to_string().contains("Secret"), "{}", merge.body);
    let convert = api
        .post(
            &format!("/api/v1/leads/{own}/convert"),
            json!({"action": "merge", "merge_ids": [gone.0]}),
        )
        .await;
    assert_eq!(convert.status, 404, "{}", convert.body);
    assert!(
        !convert.body.to_string().contains("Secret"),
        "{}",
        convert.body
    );
}

#[actix_web::test]
async fn errors_answer_in_the_accept_language_with_the_same_field_keys() {
    let app = TestApp::spawn().await;
    let api = Api::as_user(&app, app.world().sales).accepting("ru-RU,ru;q=0.9");
    let bad = api
        .post(
            "/api/v1/leads",
            json!({"email": "not-an-email", "titel": "typo"}),
        )
        .await;
    assert_eq!(bad.status, 422);
    let russian = |key: &str| leadbook::tr("ru", key);
    assert_eq!(bad.error(), russian("msg.error.invalid"), "{}", bad.body);
    assert_eq!(
        bad.field("title"),
        Some(
            russian("msg.value.required")
                .replace("%{what}", &russian("lead.title"))
                .as_str()
        ),
        "the message is Russian, the field key stays"
    );
    let email = bad.field("email").expect("the email's message");
    assert!(email.contains("not-an-email"), "{email}");
    assert_ne!(email, "'not-an-email' is not an email address");
    let body = bad.field("body").expect("the unknown field's message");
    assert!(
        body.contains("titel") && !body.starts_with("Unknown"),
        "{body}"
    );
    let missing = api.get("/api/v1/leads/999999").await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.error(), russian("msg.api.not_found"));
    let english = Api::as_user(&app, app.world().sales)
        .accepting("de-DE")
        .get("/api/v1/leads/999999")
        .await;
    assert_eq!(
        english.error(),
        leadbook::tr("en", "msg.api.not_found"),
        "none of ours: English"
    );
}
