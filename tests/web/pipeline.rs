//! The list view, its filters, groups, pages and actions, and the kanban, as users see them.

use crate::support::TestApp;
use diesel::prelude::*;
use leadbook::db::schema::leads as lead_rows;
use leadbook::domain::access::Actor;
use leadbook::domain::ids::{LeadId, LostReasonId, StageId, UserId};
use leadbook::domain::list_query;
use leadbook::domain::listing::{GroupBy, LeadFilter};
use leadbook::domain::models::chatter;
use leadbook::domain::models::leads::{self, Kind, LeadInput};
use leadbook::domain::models::{lost_reasons, stages, users};

fn opportunity(
    app: &TestApp,
    title: &str,
    owner: Option<UserId>,
    team: Option<i32>,
    revenue: &str,
) -> LeadId {
    let input = LeadInput {
        title: title.into(),
        salesperson_id: owner.map(|o| o.to_string()).unwrap_or_default(),
        team_id: team.map(|t| t.to_string()).unwrap_or_default(),
        expected_revenue: revenue.into(),
        ..LeadInput::default()
    };
    leads::create(
        &mut app.conn(),
        app.world().admin,
        Kind::Opportunity,
        &input,
    )
    .expect("opportunity")
    .id
}

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
    opportunity(app, "Mine", Some(w.sales), Some(w.europe.0), "100");
    opportunity(app, "Theirs", Some(w.other_sales), Some(w.asia.0), "200");
    opportunity(app, "Nobody", None, None, "300");
    let closed = opportunity(app, "Closed", Some(w.sales), Some(w.europe.0), "400");
    diesel::update(lead_rows::table.find(closed.0))
        .set(lead_rows::stage_id.eq(won_stage(app)))
        .execute(&mut app.conn())
        .unwrap();
    let lost_price = opportunity(app, "Price", Some(w.sales), Some(w.europe.0), "500");
    set_state(app, lost_price, false, 0, Some(price));
    let lost_timing = opportunity(app, "Timing", Some(w.other_sales), Some(w.asia.0), "600");
    set_state(app, lost_timing, false, 0, Some(timing));
    let shelved = opportunity(app, "Shelved", Some(w.sales), Some(w.europe.0), "700");
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
async fn each_filter_shows_exactly_its_records() {
    let app = TestApp::spawn().await;
    let f = fixture(&app);
    let manager = app.client_as("manager").await;
    let get = |q: String| {
        let manager = &manager;
        async move {
            let resp = manager.get(&format!("/opportunities?{q}")).await;
            assert_eq!(resp.status, 200, "{q}");
            sorted(titles(&resp.body))
        }
    };
    assert_eq!(
        get(String::new()).await,
        ["Closed", "Mine", "Nobody", "Theirs"]
    );
    assert_eq!(get("filter=lost".into()).await, ["Price", "Timing"]);
    assert_eq!(
        get("filter=archived".into()).await,
        ["Price", "Shelved", "Timing"]
    );
    assert_eq!(get("filter=won".into()).await, ["Closed"]);
    assert_eq!(get("filter=unassigned".into()).await, ["Nobody"]);
    assert_eq!(
        get(format!("reason_op=eq&reason={}", f.reason_price)).await,
        ["Price"]
    );
    assert_eq!(
        get(format!(
            "reason_op=in&reason={}&reason={}",
            f.reason_price, f.reason_timing
        ))
        .await,
        ["Price", "Timing"]
    );
    assert_eq!(get("q=nobo".into()).await, ["Nobody"]);
}

#[actix_web::test]
async fn a_salesperson_starts_on_my_pipeline_and_can_widen_it() {
    let app = TestApp::spawn().await;
    fixture(&app);
    let sales = app.client_as("sales").await;
    let mine = sales.get("/opportunities").await;
    assert_eq!(sorted(titles(&mine.body)), ["Closed", "Mine"]);
    assert!(mine.body.contains("chip on"), "My pipeline shows as active");
    let all = sales.get("/opportunities?filter=all").await;
    assert_eq!(sorted(titles(&all.body)), ["Closed", "Mine", "Nobody"]);
}

#[actix_web::test]
async fn groups_count_and_sum_their_records() {
    let app = TestApp::spawn().await;
    fixture(&app);
    let w = app.world();
    let manager = users::find(&mut app.conn(), w.manager).unwrap();
    let actor = Actor::new(&manager, vec![]);
    let mut filter = LeadFilter::new(Kind::Opportunity);
    filter.explicit = true;
    filter.group = Some(GroupBy::Salesperson);
    let page = list_query::list(&mut app.conn(), &actor, &filter).unwrap();
    let got: Vec<(String, i64, i64)> = page
        .groups
        .iter()
        .map(|g| (g.label.clone(), g.count, g.revenue))
        .collect();
    assert_eq!(
        got,
        [
            ("Linh Tran".to_string(), 1, 20_000),
            ("Mario Rossi".to_string(), 2, 50_000),
            (String::new(), 1, 30_000),
        ]
    );
    let client = app.client_as("manager").await;
    let html = client.get("/opportunities?group=stage").await;
    assert!(html.body.contains("id=\"groups\""));
    assert!(
        html.body
            .contains("<td class=\"num\">3</td><td class=\"num\">600.00</td>")
    );
}

#[actix_web::test]
async fn pages_are_stable_and_cover_every_record_once() {
    let app = TestApp::spawn().await;
    for i in 0..90 {
        opportunity(&app, &format!("Deal {i:02}"), None, None, "100");
    }
    let manager = app.client_as("manager").await;
    let first = titles(
        &manager
            .get("/opportunities?sort=revenue&dir=desc")
            .await
            .body,
    );
    let second = titles(
        &manager
            .get("/opportunities?sort=revenue&dir=desc&page=2")
            .await
            .body,
    );
    assert_eq!(first.len(), 80);
    assert_eq!(second.len(), 10);
    let again = titles(
        &manager
            .get("/opportunities?sort=revenue&dir=desc")
            .await
            .body,
    );
    assert_eq!(first, again);
    let mut all: Vec<String> = first.into_iter().chain(second).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 90);
}

#[actix_web::test]
async fn unknown_parameters_fall_back_visibly() {
    let app = TestApp::spawn().await;
    fixture(&app);
    let manager = app.client_as("manager").await;
    let resp = manager
        .get("/opportunities?page=abc&sort=zzz&group=nope&filter=bogus&reason=x&dir=up")
        .await;
    assert_eq!(resp.status, 200);
    for notice in [
        "Page &#39;abc&#39; does not exist",
        "Cannot sort by &#39;zzz&#39;",
        "Cannot group by &#39;nope&#39;",
        "Ignored unknown filter &#39;bogus&#39;",
    ] {
        assert!(resp.body.contains(notice), "{notice}");
    }
    let far = manager.get("/opportunities?page=99").await;
    assert!(far.body.contains("Page 99 does not exist: showing page 1."));
    assert_eq!(
        manager.get("/pipeline?more=abc&filter=zzz").await.status,
        200
    );
}

#[actix_web::test]
async fn a_stage_change_by_form_or_by_drag_and_drop_is_logged() {
    let app = TestApp::spawn().await;
    let id = opportunity(&app, "Fleet deal", Some(app.world().sales), None, "100");
    let stage_list = stages::list(&mut app.conn()).unwrap();
    let sales = app.client_as("sales").await;
    let kanban = sales.get("/pipeline").await;
    assert!(kanban.body.contains("Fleet deal"));
    assert!(kanban.body.contains("class=\"move-form\""));
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
    let a = opportunity(&app, "Alpha, \"quoted\"", None, None, "1234.5");
    let b = opportunity(&app, "Beta", None, None, "10");
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
    let a = opportunity(&app, "Alpha", None, None, "1");
    opportunity(&app, "Beta", None, None, "1");
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
async fn the_kanban_uses_the_list_filters_and_loads_more_per_column() {
    let app = TestApp::spawn().await;
    fixture(&app);
    for i in 0..25 {
        opportunity(&app, &format!("Bulk {i:02}"), None, None, "1");
    }
    let manager = app.client_as("manager").await;
    let board = manager.get("/pipeline").await;
    assert_eq!(board.body.matches("class=\"kanban-card").count(), 20 + 1);
    assert!(board.body.contains("Load more"));
    let stage = stages::list(&mut app.conn()).unwrap()[0].id;
    let more = manager.get(&format!("/pipeline?more={stage}")).await;
    assert_eq!(more.body.matches("class=\"kanban-card").count(), 28 + 1);
    let lost = manager.get("/pipeline?filter=lost").await;
    assert!(lost.body.contains("Price"));
    assert!(lost.body.contains("ribbon lost"));
    assert!(!lost.body.contains("Bulk 01"));
}

#[actix_web::test]
async fn managers_configure_stages_and_teams_and_salespeople_cannot() {
    let app = TestApp::spawn().await;
    let w = app.world();
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

#[actix_web::test]
async fn a_teammates_card_cannot_be_moved_and_the_refusal_is_a_403() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let own = opportunity(&app, "Own deal", Some(w.sales), Some(w.europe.0), "100");
    let team = opportunity(
        &app,
        "Teammate deal",
        Some(w.manager),
        Some(w.europe.0),
        "100",
    );
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
