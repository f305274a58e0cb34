//! The list view, its filters, groups, pages and actions, and the kanban, as users see them.

mod actions;
mod columns;
mod list;
mod quick_create;
mod select;

use crate::support::{Client, LeadBuilder, TestApp};
use diesel::prelude::*;
use leadbook::db::schema::leads as lead_rows;
use leadbook::domain::ids::{LeadId, LostReasonId, StageId};
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::{lost_reasons, stages, users};

fn set_state(
    app: &TestApp,
    id: LeadId,
    active: bool,
    probability: i32,
    reason: Option<LostReasonId>,
) {
    diesel::update(lead_rows::table.find(id.0))
        .set((
            lead_rows::active.eq(active),
            lead_rows::probability.eq(probability),
            lead_rows::lost_reason_id.eq(reason),
        ))
        .execute(&mut app.conn())
        .unwrap();
}

fn won_stage(app: &TestApp) -> StageId {
    stages::list(&mut app.conn())
        .unwrap()
        .into_iter()
        .find(|s| s.is_won)
        .unwrap()
        .id
}

/// Titles shown in the list's table, in order.
fn titles(body: &str) -> Vec<String> {
    body.split("<td><a href=\"/leads/")
        .skip(1)
        .filter_map(|part| {
            let start = part.find('>')? + 1;
            let end = part.find("</a>")?;
            Some(part[start..end].to_string())
        })
        .collect()
}

struct Fixture {
    reason_price: LostReasonId,
    reason_timing: LostReasonId,
}

/// Mine (active), Theirs (Asia), Nobody (unassigned), Closed (won), Price (lost: price),
/// Timing (lost: timing), Shelved (archived, not lost).
fn fixture(app: &TestApp) -> Fixture {
    let w = app.world();
    let mut conn = app.conn();
    let price = lost_reasons::find_or_create(&mut conn, "Too expensive")
        .unwrap()
        .id;
    let timing = lost_reasons::find_or_create(&mut conn, "Bad timing")
        .unwrap()
        .id;
    drop(conn);
    w.sales_deal("Mine", "100").create(&mut app.conn());
    w.other_lead("Theirs")
        .revenue("200")
        .kind(Kind::Opportunity)
        .create(&mut app.conn());
    LeadBuilder::new("Nobody")
        .revenue("300")
        .kind(Kind::Opportunity)
        .by(app.world().admin)
        .create(&mut app.conn());
    let closed = w.sales_deal("Closed", "400").create(&mut app.conn()).id;
    diesel::update(lead_rows::table.find(closed.0))
        .set(lead_rows::stage_id.eq(won_stage(app)))
        .execute(&mut app.conn())
        .unwrap();
    let lost_price = w.sales_deal("Price", "500").create(&mut app.conn()).id;
    set_state(app, lost_price, false, 0, Some(price));
    let lost_timing = w
        .other_lead("Timing")
        .revenue("600")
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    set_state(app, lost_timing, false, 0, Some(timing));
    let shelved = w.sales_deal("Shelved", "700").create(&mut app.conn()).id;
    set_state(app, shelved, false, 30, None);
    Fixture {
        reason_price: price,
        reason_timing: timing,
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[actix_web::test]
async fn managers_configure_stages_and_teams_and_salespeople_cannot() {
    let app = TestApp::spawn().await;
    let _w = app.world();
    let sales = app.client_as("sales").await;
    assert_eq!(sales.get("/config/stages").await.status, 403);
    assert_eq!(
        sales
            .post("/config/stages", &[("name", "X"), ("probability", "5")])
            .await
            .status,
        403
    );
    let manager = app.client_as("manager").await;
    manager_edits_the_stages(&app, &manager).await;
    manager_adds_a_team(&app, &manager).await;
}

/// A stage added (folded), moved up, then given a probability out of range, which is refused.
async fn manager_edits_the_stages(app: &TestApp, manager: &Client) {
    manager
        .post(
            "/config/stages",
            &[
                ("name", "Negotiation"),
                ("probability", "80"),
                ("folded", "on"),
            ],
        )
        .await
        .assert_redirect("/config/stages");
    let added = stages::list(&mut app.conn())
        .unwrap()
        .into_iter()
        .last()
        .unwrap();
    assert_eq!(
        (added.name.as_str(), added.probability, added.folded),
        ("Negotiation", 80, true)
    );
    manager
        .post(
            &format!("/config/stages/{}/move", added.id),
            &[("direction", "up")],
        )
        .await
        .assert_redirect("/config/stages");
    let names: Vec<String> = stages::list(&mut app.conn())
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(
        names,
        ["New", "Qualified", "Proposition", "Negotiation", "Won"]
    );
    manager
        .post(
            &format!("/config/stages/{}", added.id),
            &[("name", "Negotiation"), ("probability", "150")],
        )
        .await
        .assert_redirect("/config/stages");
    assert!(
        manager
            .get("/config/stages")
            .await
            .body
            .contains("Probability is a whole number from 0 to 100")
    );
}

/// A team added with its leader and members, one of whom is then in two teams.
async fn manager_adds_a_team(app: &TestApp, manager: &Client) {
    let w = app.world();
    let (sales_id, other_id) = (w.sales.to_string(), w.other_sales.to_string());
    manager
        .post(
            "/config/teams",
            &[
                ("name", "Americas"),
                ("leader_id", &sales_id),
                ("members", &sales_id),
                ("members", &other_id),
            ],
        )
        .await
        .assert_redirect("/config/teams");
    let page = manager.get("/config/teams").await;
    assert!(page.body.contains("Team added."));
    assert!(page.body.contains("value=\"Americas\""));
    assert_eq!(
        users::team_ids(&mut app.conn(), w.other_sales)
            .unwrap()
            .len(),
        2
    );
}
