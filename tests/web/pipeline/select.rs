//! The pipeline's selection mode and "Move to…" without JavaScript, and the Similar view's
//! ticks: the cards' checkboxes post the list's Actions form and come back to the board.

use crate::support::{LeadBuilder, TestApp};
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::stages;

#[actix_web::test]
async fn the_selection_mode_ticks_cards_into_the_lists_actions_form() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = w.sales_deal("Alpha", "100").create(&mut app.conn()).id;
    let b = w.sales_deal("Beta", "200").create(&mut app.conn()).id;
    let sales = app.client_as("sales").await;
    let plain = sales.get("/pipeline").await;
    assert!(
        !plain.body.contains("form=\"kanban-select\""),
        "no ticks outside the mode"
    );
    assert!(
        plain.body.contains("href=\"/pipeline?select=1\""),
        "a link into the mode"
    );
    assert!(
        plain
            .body
            .contains("<a class=\"skip-link\" href=\"#main\">"),
        "a skip link leads past the menus"
    );
    let board = sales.get("/pipeline?select=1").await;
    assert!(board.body.contains("id=\"kanban-select\""));
    assert!(board.body.contains("action=\"/opportunities/actions\""));
    assert!(board.body.contains("name=\"from\" value=\"pipeline\""));
    for id in [a, b] {
        let tick = format!("name=\"ids\" value=\"{id}\" form=\"kanban-select\"");
        assert!(
            board.body.contains(&tick),
            "card {id} has a checkbox of the form"
        );
    }
    for action in ["merge", "mark_lost", "archive", "unarchive"] {
        assert!(
            board.body.contains(&format!("value=\"{action}\"")),
            "{action}"
        );
    }
    let (a_s, b_s) = (a.to_string(), b.to_string());
    let merge = sales
        .post(
            "/opportunities/actions",
            &[
                ("ids", &a_s),
                ("ids", &b_s),
                ("action", "merge"),
                ("from", "pipeline"),
            ],
        )
        .await;
    merge.assert_redirect(&format!("/leads/merge?ids={a}&ids={b}&next=/pipeline"));
    let archived = sales
        .post(
            "/opportunities/actions",
            &[
                ("ids", &a_s),
                ("action", "archive"),
                ("from", "pipeline"),
                ("query", "q=x"),
            ],
        )
        .await;
    archived.assert_redirect("/pipeline?q=x");
    let refused = sales
        .post(
            "/opportunities/actions",
            &[("action", "merge"), ("from", "pipeline")],
        )
        .await;
    refused.assert_redirect("/pipeline?select=1");
    let again = sales.get("/pipeline?select=1").await;
    assert!(
        again.body.contains("class=\"flash flash-error\""),
        "the refusal is told: {}",
        again.body
    );
}

#[actix_web::test]
async fn move_to_is_a_small_link_to_a_page_of_stages_that_moves_the_card() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let id = w.sales_deal("Fleet deal", "100").create(&mut app.conn()).id;
    let stage_list = stages::list(&mut app.conn()).unwrap();
    let sales = app.client_as("sales").await;
    let board = sales.get("/pipeline").await;
    let link = format!("href=\"/leads/{id}/move?next=/pipeline\"");
    assert!(
        board.body.contains(&link),
        "the card links to its move page"
    );
    assert!(
        !board.body.contains("<select name=\"stage_id\""),
        "no per-card stage selector"
    );
    assert_eq!(
        board.body.matches("role=\"menuitem\"").count(),
        stage_list.len(),
        "one menu"
    );
    let page = sales.get(&format!("/leads/{id}/move?next=/pipeline")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Fleet deal"));
    assert!(
        page.body.contains("aria-current=\"step\""),
        "the current stage is marked"
    );
    let target = stage_list[1].id.to_string();
    assert!(
        page.body
            .contains(&format!("name=\"stage_id\" value=\"{target}\""))
    );
    sales
        .post(
            &format!("/leads/{id}/stage"),
            &[("stage_id", &target), ("next", "/pipeline")],
        )
        .await
        .assert_redirect("/pipeline");
    let after = sales.get("/pipeline").await;
    assert!(after.body.contains("Fleet deal"), "{}", after.status);
    // An address elsewhere is not a place to come back to.
    let away = sales
        .get(&format!("/leads/{id}/move?next=//evil.example"))
        .await;
    assert!(away.body.contains("name=\"next\" value=\"/pipeline\""));
}

#[actix_web::test]
async fn a_folded_column_opens_on_click_with_its_cards() {
    let app = TestApp::spawn().await;
    let manager = app.client_as("manager").await;
    manager
        .post(
            "/config/stages",
            &[("name", "On hold"), ("probability", "10"), ("folded", "on")],
        )
        .await
        .assert_redirect("/config/stages");
    let hold = stages::list(&mut app.conn())
        .unwrap()
        .into_iter()
        .last()
        .unwrap();
    let w = app.world();
    let id = w
        .sales_deal("Paused deal", "100")
        .create(&mut app.conn())
        .id;
    let actor = crate::support::actor(&mut app.conn(), w.sales);
    leadbook::domain::records::set_stage(&mut app.conn(), &actor, id, hold.id).unwrap();
    let sales = app.client_as("sales").await;
    let folded = sales.get("/pipeline").await;
    assert!(!folded.body.contains("Paused deal"), "folded: no card");
    let open = format!("href=\"/pipeline?open={}#stage-{}\"", hold.id, hold.id);
    assert!(folded.body.contains(&open), "the folded column is a link");
    let opened = sales.get(&format!("/pipeline?open={}", hold.id)).await;
    assert!(
        opened.body.contains("Paused deal"),
        "opened: its cards show"
    );
    let fold = format!("href=\"/pipeline#stage-{}\"", hold.id);
    assert!(opened.body.contains(&fold), "an opened column folds again");
    assert!(
        !folded.body.contains("class=\"fold-link"),
        "nothing to fold"
    );
}

#[actix_web::test]
async fn the_similar_kanban_ticks_its_duplicates_and_merges_through_the_lists_actions() {
    let app = TestApp::spawn().await;
    let sales = app.world().sales;
    let robin = LeadBuilder::new("Desks")
        .contact("Robin Banks")
        .email("robin@acme.example")
        .owner(sales)
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    let twin = LeadBuilder::new("Chairs")
        .contact("Robin Banks")
        .email("robin@acme.example")
        .owner(sales)
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    let client = app.client_as("sales").await;
    let page = client.get(&format!("/leads/{robin}/similar")).await;
    assert!(page.body.contains("id=\"similar-select\""));
    assert!(
        page.body
            .contains(&format!("name=\"from\" value=\"similar-{robin}\""))
    );
    assert!(page.body.contains(&format!(
        "value=\"{robin}\" form=\"similar-select\" checked"
    )));
    assert!(
        page.body
            .contains(&format!("value=\"{twin}\" form=\"similar-select\""))
    );
    let (r, t) = (robin.to_string(), twin.to_string());
    let from = format!("similar-{robin}");
    client
        .post(
            "/leads/actions",
            &[
                ("ids", &r),
                ("ids", &t),
                ("action", "merge"),
                ("from", &from),
            ],
        )
        .await
        .assert_redirect(&format!(
            "/leads/merge?ids={robin}&ids={twin}&next=/leads/{robin}/similar"
        ));
}
