//! The list view: filters, groups, pages, unknown parameters, and the kanban's filters.

use super::{fixture, sorted, titles};
use crate::support::{LeadBuilder, TestApp};
use leadbook::domain::access::Actor;
use leadbook::domain::listing::query;
use leadbook::domain::listing::{GroupBy, LeadFilter};
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::{stages, users};

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
    let page = query::list(&mut app.conn(), &actor, &filter).unwrap();
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
    assert!(html.body.contains(
        "<span class=\"group-count\">3</span>\n    <span class=\"group-sum\">€600.00</span>"
    ));
}

#[actix_web::test]
async fn pages_are_stable_and_cover_every_record_once() {
    let app = TestApp::spawn().await;
    for i in 0..90 {
        LeadBuilder::new(&format!("Deal {i:02}"))
            .revenue("100")
            .kind(Kind::Opportunity)
            .by(app.world().admin)
            .create(&mut app.conn());
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
async fn the_kanban_uses_the_list_filters_and_loads_more_per_column() {
    let app = TestApp::spawn().await;
    fixture(&app);
    for i in 0..25 {
        LeadBuilder::new(&format!("Bulk {i:02}"))
            .revenue("1")
            .kind(Kind::Opportunity)
            .by(app.world().admin)
            .create(&mut app.conn());
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
