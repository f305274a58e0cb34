//! The list's columns (chosen per user and per list, unknown names ignored) and the grouped
//! list (each group's count, sum and rows, ticked for the Actions).

use crate::support::{LeadBuilder, TestApp};
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::stages;

/// The optional columns a list page shows, from its `<col>` classes.
fn columns(body: &str) -> Vec<String> {
    let table = &body[body.find("id=\"records\"").expect("the flat list")..];
    let colgroup = &table[..table.find("</colgroup>").unwrap()];
    colgroup
        .split("<col class=\"col-")
        .skip(1)
        .map(|c| c[..c.find('"').unwrap()].to_string())
        .filter(|c| c != "check" && c != "title")
        .collect()
}

const OPPORTUNITY_DEFAULTS: [&str; 8] = [
    "contact",
    "reach",
    "stage",
    "salesperson",
    "revenue",
    "probability",
    "priority",
    "created",
];

#[actix_web::test]
async fn chosen_columns_are_remembered_per_user_and_per_list() {
    let app = TestApp::spawn().await;
    let manager = app.client_as("manager").await;
    let page = manager.get("/opportunities").await;
    assert_eq!(columns(&page.body), OPPORTUNITY_DEFAULTS);
    assert!(page.body.contains("id=\"columns-menu\""));
    let leads_before = columns(&manager.get("/leads").await.body);
    manager
        .post(
            "/opportunities/columns",
            &[
                ("col", "revenue"),
                ("col", "stage"),
                ("col", "team"),
                ("do", "save"),
                ("query", "filter=all&sort=revenue&dir=asc"),
            ],
        )
        .await
        .assert_redirect("/opportunities?filter=all&sort=revenue&dir=asc");
    let page = manager.get("/opportunities?filter=all").await;
    assert!(page.body.contains("Columns saved."));
    assert_eq!(columns(&page.body), ["stage", "team", "revenue"]);
    assert!(!page.body.contains("mailto:"), "no Reach column");
    // Only this list, only this user.
    assert_eq!(columns(&manager.get("/leads").await.body), leads_before);
    let admin = app.client_as("admin").await;
    assert_eq!(
        columns(&admin.get("/opportunities").await.body),
        OPPORTUNITY_DEFAULTS
    );
    manager
        .post("/opportunities/columns", &[("do", "reset")])
        .await
        .assert_redirect("/opportunities");
    assert_eq!(
        columns(&manager.get("/opportunities").await.body),
        OPPORTUNITY_DEFAULTS
    );
}

#[actix_web::test]
async fn an_unknown_column_is_ignored_with_a_notice() {
    let app = TestApp::spawn().await;
    let sales = app.client_as("sales").await;
    let resp = sales
        .post(
            "/leads/columns",
            &[("col", "stage"), ("col", "salary<b>"), ("do", "save")],
        )
        .await;
    resp.assert_redirect("/leads");
    let page = sales.get("/leads").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("Unknown column “salary&#60;b&#62;” ignored.")
    );
    assert!(!page.body.contains("salary<b>"), "the name is escaped");
    assert_eq!(columns(&page.body), ["stage"]);
}

#[actix_web::test]
async fn a_grouped_list_shows_each_groups_count_sum_and_rows_to_tick() {
    let app = TestApp::spawn().await;
    let stage_list = stages::list(&mut app.conn()).unwrap();
    let (first, second) = (stage_list[0].id, stage_list[1].id);
    let deal = |title: &str, revenue: &str, stage| {
        LeadBuilder::new(title)
            .revenue(revenue)
            .stage(stage)
            .kind(Kind::Opportunity)
            .by(app.world().admin)
            .create(&mut app.conn())
            .id
    };
    let a = deal("Alpha", "100", first);
    let b = deal("Beta", "250", first);
    let c = deal("Gamma", "1000", second);
    for i in 0..22 {
        deal(&format!("Bulk {i:02}"), "1", second);
    }
    let manager = app.client_as("manager").await;
    let page = manager.get("/opportunities?filter=all&group=stage").await;
    assert_eq!(page.status, 200);
    let body = &page.body;
    let group_of = |name: &str| {
        let at = body
            .find(&format!("<span class=\"group-label\">{name}</span>"))
            .unwrap_or_else(|| panic!("group {name}"));
        let rest = &body[at..];
        rest[..rest.find("</details>").unwrap()].to_string()
    };
    let one = group_of(&stage_list[0].name);
    assert!(one.contains("<span class=\"group-count\">2</span>"));
    assert!(one.contains("<span class=\"group-sum\">€350.00</span>"));
    assert!(one.contains(&format!("value=\"{a}\"")) && one.contains(&format!("value=\"{b}\"")));
    assert!(!one.contains(&format!("value=\"{c}\"")));
    assert!(!one.contains("group-more"), "every row shown");
    let two = group_of(&stage_list[1].name);
    assert!(two.contains("<span class=\"group-count\">23</span>"));
    assert!(two.contains("<span class=\"group-sum\">€1,022.00</span>"));
    assert_eq!(two.matches("name=\"ids\"").count(), 20, "the first 20 rows");
    assert!(two.contains("All 23 records"), "a link to the rest");
    assert!(two.contains(&format!("stage={}", second)));
    // The rows sit in the Actions form: ticking two of a group runs the action on them.
    assert!(body.find("id=\"list-form\"").unwrap() < body.find("id=\"groups\"").unwrap());
    let (a_s, b_s) = (a.to_string(), b.to_string());
    manager
        .post(
            "/opportunities/actions",
            &[
                ("ids", &a_s),
                ("ids", &b_s),
                ("action", "add_tag"),
                ("tag", "grouped"),
                ("query", "filter=all&group=stage"),
            ],
        )
        .await
        .assert_redirect("/opportunities?filter=all&group=stage");
    let after = manager.get("/opportunities?filter=all&group=stage").await;
    assert!(after.body.contains("2 records tagged"), "{}", after.body);
    for id in [a, b] {
        assert!(
            manager
                .get(&format!("/leads/{id}"))
                .await
                .body
                .contains("grouped")
        );
    }
    assert!(
        !manager
            .get(&format!("/leads/{c}"))
            .await
            .body
            .contains("grouped")
    );
}
