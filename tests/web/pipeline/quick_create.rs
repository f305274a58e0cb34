//! The pipeline's "New" and its quick-create cards (issue 18): what they create shows on the
//! pipeline, in the column it was started from, even with the Leads setting on.

use diesel::prelude::*;
use leadbook::db::schema::leads as lead_rows;
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::stages;

use crate::support::TestApp;

/// (kind, stage, salesperson, team, email, phone, revenue in cents) of the record `title`.
type Row = (
    Kind,
    Option<i32>,
    Option<i32>,
    Option<i32>,
    Option<String>,
    Option<String>,
    i64,
);

fn row(app: &TestApp, title: &str) -> Option<Row> {
    lead_rows::table
        .filter(lead_rows::title.eq(title))
        .select((
            lead_rows::kind,
            lead_rows::stage_id,
            lead_rows::salesperson_id,
            lead_rows::team_id,
            lead_rows::email,
            lead_rows::phone,
            lead_rows::expected_revenue,
        ))
        .first(&mut app.conn())
        .optional()
        .unwrap()
}

#[actix_web::test]
async fn quick_create_puts_an_opportunity_of_mine_in_the_posted_stage() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let stage = stages::list(&mut app.conn()).unwrap()[2].id;
    let sales = app.client_as("sales").await;
    let kanban = sales.get("/pipeline").await.body;
    assert!(
        kanban.contains("action=\"/pipeline/quick\""),
        "no quick-create card"
    );
    let answer = sales
        .post(
            "/pipeline/quick",
            &[
                ("stage_id", &stage.to_string()),
                ("title", "20 office chairs"),
                ("contact_name", "Giulia Verdi"),
                ("contact", "giulia@verdi.test"),
                ("expected_revenue", "1500"),
                ("next", "/pipeline?q=chairs"),
            ],
        )
        .await;
    answer.assert_redirect(&format!("/pipeline?q=chairs#stage-{stage}"));
    let (kind, at, owner, team, email, phone, revenue) = row(&app, "20 office chairs").unwrap();
    assert_eq!(kind, Kind::Opportunity);
    assert_eq!(at, Some(stage.0));
    assert_eq!((owner, team), (Some(w.sales.0), Some(w.europe.0)));
    assert_eq!((email.as_deref(), phone), (Some("giulia@verdi.test"), None));
    assert_eq!(revenue, 150_000);
    let page = sales.get("/pipeline?q=chairs").await.body;
    assert!(page.contains("Opportunity “20 office chairs” added to the pipeline."));
    let column = page.split(&format!("id=\"stage-{stage}\"")).nth(1).unwrap();
    let column = column.split("</section>").next().unwrap();
    assert!(column.contains("20 office chairs"), "not in its column");
}

#[actix_web::test]
async fn bad_quick_create_input_keeps_what_was_typed_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let stage = stages::list(&mut app.conn()).unwrap()[1].id;
    let sales = app.client_as("sales").await;
    let answer = sales
        .post(
            "/pipeline/quick",
            &[
                ("stage_id", &stage.to_string()),
                ("title", "Chairs for Verdi"),
                ("contact_name", "Giulia Verdi"),
                ("contact", "not a number"),
                ("expected_revenue", "lots"),
            ],
        )
        .await;
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert!(row(&app, "Chairs for Verdi").is_none(), "half-written");
    let card = answer
        .body
        .split(&format!("id=\"quick-{stage}\""))
        .nth(1)
        .unwrap()
        .split("</details>")
        .next()
        .unwrap();
    assert!(
        card.starts_with(" open"),
        "the card is not open again: {card}"
    );
    for typed in ["Chairs for Verdi", "Giulia Verdi", "not a number", "lots"] {
        assert!(card.contains(&format!("value=\"{typed}\"")), "{typed} lost");
    }
    assert_eq!(card.matches("class=\"field-error\"").count(), 2, "{card}");
    assert!(card.contains(&format!("id=\"quick-{stage}-contact\" name=\"contact\" value=\"not a number\" maxlength=\"200\" aria-invalid=\"true\" autofocus")));
    // The other columns' cards stay closed and empty.
    let cards = answer
        .body
        .matches("<details class=\"quick-create\"")
        .count();
    assert!(cards >= 3, "a card per open column: {cards}");
    assert_eq!(answer.body.matches(" open>\n  <summary").count(), 1);
}

#[actix_web::test]
async fn new_from_the_pipeline_makes_an_opportunity_and_goes_back_there() {
    let app = TestApp::spawn().await;
    let stage = stages::list(&mut app.conn()).unwrap()[1].id;
    let sales = app.client_as("sales").await;
    let kanban = sales.get("/pipeline").await.body;
    assert!(kanban.contains("href=\"/leads/new?from=pipeline\""));
    let form = sales
        .get(&format!("/leads/new?from=pipeline&stage_id={stage}"))
        .await
        .body;
    assert!(form.contains("<a href=\"/pipeline\">Pipeline</a> / <span>New opportunity</span>"));
    assert!(form.contains(&format!("<option value=\"{stage}\" selected>")));
    assert!(form.contains("name=\"from\" value=\"pipeline\""));
    let answer = sales
        .post(
            "/leads",
            &[
                ("title", "From the pipeline"),
                ("stage_id", &stage.to_string()),
                ("salesperson_id", &app.world().sales.to_string()),
                ("from", "pipeline"),
            ],
        )
        .await;
    answer.assert_redirect(&format!("/pipeline#stage-{stage}"));
    let (kind, at, ..) = row(&app, "From the pipeline").unwrap();
    assert_eq!((kind, at), (Kind::Opportunity, Some(stage.0)));
    // Elsewhere, "New" still follows the Leads setting and leads to the Leads list.
    let plain = sales.get("/leads/new").await.body;
    assert!(plain.contains("<a href=\"/leads\">Leads</a> / <span>New</span>"));
    sales.post("/leads", &[("title", "From the list")]).await;
    assert_eq!(row(&app, "From the list").unwrap().0, Kind::Lead);
}
