//! Changing records from the pipeline: stage changes, the list's actions, a teammate's card.

use crate::support::{LeadBuilder, TestApp};
use leadbook::domain::models::chatter;
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::stages;

#[actix_web::test]
async fn a_stage_change_by_form_or_by_drag_and_drop_is_logged() {
    let app = TestApp::spawn().await;
    let id = LeadBuilder::new("Fleet deal")
        .owner(app.world().sales)
        .revenue("100")
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    let stage_list = stages::list(&mut app.conn()).unwrap();
    let sales = app.client_as("sales").await;
    let kanban = sales.get("/pipeline").await;
    assert!(kanban.body.contains("Fleet deal"));
    assert!(
        kanban.body.contains("class=\"card-move\""),
        "each own card links to Move to…"
    );
    sales
        .post(
            &format!("/leads/{id}/stage"),
            &[
                ("stage_id", &stage_list[1].id.to_string()),
                ("next", "/pipeline"),
            ],
        )
        .await
        .assert_redirect("/pipeline");
    let resp = sales
        .post_js(
            &format!("/leads/{id}/stage"),
            &[("stage_id", &stage_list[2].id.to_string())],
        )
        .await;
    assert_eq!(resp.status, 200);
    assert!(resp.body.contains("\"ok\":true"));
    let log = chatter::for_lead(&mut app.conn(), id).unwrap();
    let moves: Vec<(Option<String>, Option<String>)> = log
        .iter()
        .flat_map(|m| m.changes.iter())
        .filter(|c| c.field == "stage_id")
        .map(|c| (c.old.clone(), c.new.clone()))
        .collect();
    assert_eq!(moves.len(), 2);
    let page = sales.get(&format!("/leads/{id}")).await;
    assert!(
        page.body
            .contains("Stage: Qualified → <strong>Proposition</strong>")
    );
    assert!(
        page.body
            .contains("Stage: New → <strong>Qualified</strong>")
    );
}

#[actix_web::test]
async fn actions_assign_tag_and_export_the_ticked_rows() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = LeadBuilder::new("Alpha, \"quoted\"")
        .revenue("1234.5")
        .kind(Kind::Opportunity)
        .by(app.world().admin)
        .create(&mut app.conn())
        .id;
    let b = LeadBuilder::new("Beta")
        .revenue("10")
        .kind(Kind::Opportunity)
        .by(app.world().admin)
        .create(&mut app.conn())
        .id;
    let manager = app.client_as("manager").await;
    let (a_s, b_s) = (a.to_string(), b.to_string());
    let sales_id = w.sales.to_string();
    manager
        .post(
            "/opportunities/actions",
            &[
                ("ids", &a_s),
                ("ids", &b_s),
                ("action", "assign_salesperson"),
                ("salesperson_id", &sales_id),
                ("query", "filter=all"),
            ],
        )
        .await
        .assert_redirect("/opportunities?filter=all");
    let list = manager.get("/opportunities?filter=all").await;
    assert!(list.body.contains("2 records reassigned."));
    manager
        .post(
            "/opportunities/actions",
            &[("ids", &a_s), ("action", "add_tag"), ("tag", "hot")],
        )
        .await
        .assert_redirect("/opportunities");
    assert!(
        manager
            .get(&format!("/leads/{a}"))
            .await
            .body
            .contains("hot")
    );
    let csv = manager
        .post(
            "/opportunities/actions",
            &[("ids", &a_s), ("action", "export")],
        )
        .await;
    assert_eq!(csv.status, 200);
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][column("title")], "Alpha, \"quoted\"");
    assert_eq!(
        &rows[0][column("salesperson")],
        "sales",
        "by login, as the import reads it"
    );
    assert_eq!(&rows[0][column("expected_revenue")], "1234.50");
    let all = manager.get("/opportunities/export.csv?filter=all").await;
    assert_eq!(all.body.lines().count(), 3, "header and two rows");
}

#[actix_web::test]
async fn a_failed_action_keeps_the_rows_ticked() {
    let app = TestApp::spawn().await;
    let a = LeadBuilder::new("Alpha")
        .revenue("1")
        .kind(Kind::Opportunity)
        .by(app.world().admin)
        .create(&mut app.conn())
        .id;
    LeadBuilder::new("Beta")
        .revenue("1")
        .kind(Kind::Opportunity)
        .by(app.world().admin)
        .create(&mut app.conn());
    let manager = app.client_as("manager").await;
    let a_s = a.to_string();
    let resp = manager
        .post(
            "/opportunities/actions",
            &[
                ("ids", &a_s),
                ("action", "assign_salesperson"),
                ("salesperson_id", "9999"),
            ],
        )
        .await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("This user does not exist"));
    assert!(
        resp.body
            .contains(&format!("name=\"ids\" value=\"{a}\" checked"))
    );
    let none = manager
        .post(
            "/opportunities/actions",
            &[("action", "add_tag"), ("tag", "x")],
        )
        .await;
    assert_eq!(none.status, 422);
    assert!(none.body.contains("Tick at least one record first"));
    // A ticked id that is no record number is refused, not dropped: nothing is tagged.
    let bad = manager
        .post(
            "/opportunities/actions",
            &[
                ("ids", &a_s),
                ("ids", "12x"),
                ("action", "add_tag"),
                ("tag", "sneaky"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("is not a record number"), "{}", bad.body);
    let tags = leadbook::domain::models::tags::for_lead(&mut app.conn(), a).unwrap();
    assert!(tags.iter().all(|t| t.name != "sneaky"), "nothing tagged");
}

#[actix_web::test]
async fn a_teammates_card_cannot_be_moved_and_the_refusal_is_a_403() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let own = w.sales_deal("Own deal", "100").create(&mut app.conn()).id;
    let team = LeadBuilder::new("Teammate deal")
        .owner(w.manager)
        .team(w.europe)
        .revenue("100")
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    let sales = app.client_as("sales").await;
    let board = sales.get("/pipeline?filter=all").await;
    assert!(board.body.contains("Teammate deal"), "it is on the board");
    assert!(
        board
            .body
            .contains(&format!("draggable=\"true\" data-id=\"{own}\"")),
        "an own card is draggable"
    );
    assert!(
        board
            .body
            .contains(&format!("data-readonly=\"1\" data-id=\"{team}\"")),
        "a teammate's card is not"
    );
    assert!(
        !board
            .body
            .contains(&format!("action=\"/leads/{team}/stage\""))
    );
    let stage = stages::list(&mut app.conn()).unwrap()[2].id.to_string();
    let moved = sales
        .post(&format!("/leads/{team}/stage"), &[("stage_id", &stage)])
        .await;
    assert_eq!(moved.status, 403);
    let dragged = sales
        .post_js(&format!("/leads/{team}/stage"), &[("stage_id", &stage)])
        .await;
    assert_eq!(dragged.status, 403, "the board's script is told too");
    assert!(dragged.body.contains("\"ok\":false"), "{}", dragged.body);
}
