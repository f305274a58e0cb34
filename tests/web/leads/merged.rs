//! A merged record: it leads to its survivor and refuses every change.

use crate::support::{LeadBuilder, TestApp};
use diesel::prelude::*;
use leadbook::db::schema::leads as lead_rows;
use leadbook::domain::ids::LeadId;
use leadbook::domain::models::leads::{self, Kind};

#[actix_web::test]
async fn a_merged_record_leads_to_its_survivor() {
    let app = TestApp::spawn().await;
    let survivor = LeadBuilder::new("Survivor")
        .revenue("1000")
        .kind(Kind::Opportunity)
        .by(app.world().admin)
        .create(&mut app.conn())
        .id;
    let merged = LeadBuilder::new("Merged")
        .revenue("1000")
        .kind(Kind::Opportunity)
        .by(app.world().admin)
        .create(&mut app.conn())
        .id;
    diesel::update(lead_rows::table.find(merged.0))
        .set(lead_rows::merged_into_id.eq(survivor.0))
        .execute(&mut app.conn())
        .unwrap();
    let sales = app.client_as("sales").await;
    sales
        .get(&format!("/leads/{merged}"))
        .await
        .assert_redirect(&format!("/leads/{survivor}"));
}

/// A record merged into another, as the merge wizard leaves it.
fn merged_pair(app: &TestApp) -> (LeadId, LeadId) {
    let survivor = LeadBuilder::new("Survivor")
        .owner(app.world().sales)
        .revenue("1000")
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    let merged = LeadBuilder::new("Merged away")
        .owner(app.world().sales)
        .revenue("1000")
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    diesel::update(lead_rows::table.find(merged.0))
        .set(lead_rows::merged_into_id.eq(survivor.0))
        .execute(&mut app.conn())
        .unwrap();
    (survivor, merged)
}

#[actix_web::test]
async fn every_change_to_a_merged_record_is_refused_with_a_link_to_its_survivor() {
    let app = TestApp::spawn().await;
    let (survivor, merged) = merged_pair(&app);
    let stage = leadbook::domain::models::stages::list(&mut app.conn()).unwrap()[2]
        .id
        .to_string();
    let sales = app.client_as("sales").await;
    let m = merged.to_string();
    let posts: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            format!("/leads/{m}/edit"),
            vec![("title", "Changed after the merge")],
        ),
        (
            format!("/leads/{m}/note"),
            vec![("body", "A note nobody will see")],
        ),
        (format!("/leads/{m}/stage"), vec![("stage_id", &stage)]),
        (format!("/leads/{m}/won"), vec![]),
        ("/leads/lost".into(), vec![("ids", &m)]),
        (format!("/leads/{m}/archive"), vec![]),
        (format!("/leads/{m}/restore"), vec![]),
        (format!("/leads/{m}/convert"), vec![("action", "convert")]),
    ];
    for (path, fields) in &posts {
        let refused = sales.post(path, fields).await;
        assert_eq!(refused.status, 409, "{path}: {}", refused.body);
        assert!(
            refused
                .body
                .contains(&format!("href=\"/leads/{survivor}\"")),
            "{path} links to the survivor"
        );
    }
    assert_eq!(
        sales.get(&format!("/leads/{m}/edit")).await.status,
        409,
        "the edit form is not offered either"
    );
    let after = leads::find(&mut app.conn(), merged).unwrap();
    assert_eq!(after.title, "Merged away");
    assert!(after.active);
    let notes = leadbook::domain::models::chatter::for_lead(&mut app.conn(), merged).unwrap();
    assert!(notes.iter().all(|n| !n.body.contains("nobody will see")));
}
