//! Convert to Opportunity through the real pages: the button on the record, the wizard in
//! both modes, the customer search, bad input kept on the page, lost leads refused, rights,
//! and mass conversion from the list's Actions.

mod mass;

use crate::support::{LeadBuilder, TestApp, age, reload};
use leadbook::domain::access::Actor;
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::partners::{self, PartnerInput};
use leadbook::domain::models::{stages, users};
use leadbook::domain::wizards::lost::{MarkLost, ReasonChoice};

#[actix_web::test]
async fn an_active_lead_converts_through_the_wizard_and_gets_a_new_customer() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let record = w
        .sales_lead("Boat rental")
        .contact("Robin Banks")
        .company("Banks & Co")
        .create(&mut app.conn());
    let sales = app.client_as("sales").await;
    let page = sales.get(&format!("/leads/{}", record.id)).await;
    assert!(
        page.body.contains("id=\"convert-button\""),
        "the record offers the button"
    );

    let wizard = sales.get(&format!("/leads/{}/convert", record.id)).await;
    assert_eq!(wizard.status, 200);
    assert!(
        wizard.body.contains(
            "id=\"convert-salesperson\" name=\"salesperson_id\" data-team-follows=\"convert-team\""
        ),
        "picking a salesperson picks their team (with JS)"
    );
    assert!(
        wizard
            .body
            .contains("name=\"action\" value=\"convert\" checked")
    );
    assert!(
        wizard
            .body
            .contains("name=\"customer\" value=\"create\" checked")
    );
    assert!(
        wizard
            .body
            .contains("Creates the company Banks &#38; Co and its contact Robin Banks")
    );

    let id = record.id.to_string();
    let done = sales
        .post(
            &format!("/leads/{id}/convert"),
            &[
                ("action", "convert"),
                ("salesperson_id", &w.sales.to_string()),
                ("team_id", ""),
                ("customer", "create"),
                ("step", "confirm"),
            ],
        )
        .await;
    done.assert_redirect(&format!("/leads/{id}"));
    let after = sales.get(&format!("/leads/{id}")).await;
    assert!(after.body.contains("Converted to opportunity."), "flash");
    assert!(
        after.body.contains("Customer created: Robin Banks"),
        "chatter"
    );
    assert!(
        !after.body.contains("id=\"convert-button\""),
        "an opportunity has no button"
    );
    let converted = reload(&mut app.conn(), &record);
    assert_eq!(converted.kind, Kind::Opportunity);
    assert!(converted.partner_id.is_some());
    assert_eq!(converted.team_id, Some(w.europe));
}

#[actix_web::test]
async fn with_a_duplicate_the_wizard_suggests_merging_and_merge_lands_on_the_oldest() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let older = w
        .sales_lead("First enquiry")
        .contact("Robin Banks")
        .company("Banks & Co")
        .email("robin@banks.test")
        .create(&mut app.conn());
    age(&mut app.conn(), older.id, 60);
    let newer = w
        .sales_lead("Second enquiry")
        .contact("Robin Banks")
        .company("Banks & Co")
        .email("robin@banks.test")
        .create(&mut app.conn());
    let sales = app.client_as("sales").await;
    let wizard = sales.get(&format!("/leads/{}/convert", newer.id)).await;
    assert_eq!(wizard.status, 200);
    assert!(
        wizard
            .body
            .contains("name=\"action\" value=\"merge\" checked")
    );
    assert!(wizard.body.contains(&format!(
        "name=\"merge_ids\" value=\"{}\" checked",
        older.id
    )));
    assert!(wizard.body.contains("same email"));

    let (a, b) = (older.id.to_string(), newer.id.to_string());
    let done = sales
        .post(
            &format!("/leads/{b}/convert"),
            &[
                ("action", "merge"),
                ("merge_ids", &a),
                ("salesperson_id", &w.sales.to_string()),
                ("customer", "none"),
                ("step", "confirm"),
            ],
        )
        .await;
    done.assert_redirect(&format!("/leads/{a}"));
    let record = sales.get(&format!("/leads/{a}")).await;
    assert!(record.body.contains("2 records merged and converted"));
    assert!(record.body.contains("Merged 2 records into"));
    sales
        .get(&format!("/leads/{b}"))
        .await
        .assert_redirect(&format!("/leads/{a}"));
    assert_eq!(reload(&mut app.conn(), &older).kind, Kind::Opportunity);
}

#[actix_web::test]
async fn bad_input_shows_the_wizard_again_with_the_values_typed() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let record = w
        .sales_lead("Boat")
        .contact("Robin Banks")
        .company("Banks & Co")
        .create(&mut app.conn());
    let sales = app.client_as("sales").await;
    let id = record.id.to_string();
    let resp = sales
        .post(
            &format!("/leads/{id}/convert"),
            &[
                ("action", "convert"),
                ("salesperson_id", &w.sales.to_string()),
                ("team_id", &w.europe.to_string()),
                ("customer", "link"),
                ("partner_id", "#999"),
                ("step", "confirm"),
            ],
        )
        .await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("There is no customer #999"));
    assert!(
        resp.body
            .contains("name=\"customer\" value=\"link\" checked")
    );
    assert!(
        resp.body
            .contains(&format!("value=\"{}\" selected", w.europe))
    );
    let merge_nothing = sales
        .post(
            &format!("/leads/{id}/convert"),
            &[
                ("action", "merge"),
                ("customer", "none"),
                ("step", "confirm"),
            ],
        )
        .await;
    assert_eq!(merge_nothing.status, 422);
    assert!(
        merge_nothing
            .body
            .contains("Tick at least one record to merge with")
    );
    assert_eq!(
        reload(&mut app.conn(), &record).kind,
        Kind::Lead,
        "nothing changed"
    );
}

#[actix_web::test]
async fn the_customer_picker_finds_a_customer_by_id_and_links_it() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let record = w
        .sales_lead("Boat")
        .contact("Robin Banks")
        .company("Banks & Co")
        .create(&mut app.conn());
    let acme = partners::create(
        &mut app.conn(),
        &PartnerInput {
            kind: "company".into(),
            name: "Acme Shipping".into(),
            ..PartnerInput::default()
        },
    )
    .unwrap();
    let sales = app.client_as("sales").await;
    let id = record.id.to_string();
    let found = sales
        .post(
            &format!("/leads/{id}/convert"),
            &[
                ("action", "convert"),
                ("customer", "link"),
                ("customer_q", &format!("#{}", acme.id)),
                ("step", "search"),
            ],
        )
        .await;
    assert_eq!(found.status, 200);
    assert!(found.body.contains("Acme Shipping"));
    assert!(
        found.body.contains(&format!(
            "name=\"customer\" value=\"existing:{}\" checked",
            acme.id
        )),
        "the only customer found is picked, in the customer choice itself"
    );
    let done = sales
        .post(
            &format!("/leads/{id}/convert"),
            &[
                ("action", "convert"),
                ("salesperson_id", &w.sales.to_string()),
                ("customer", "link"),
                ("partner_id", &acme.id.to_string()),
                ("step", "confirm"),
            ],
        )
        .await;
    done.assert_redirect(&format!("/leads/{id}"));
    assert_eq!(reload(&mut app.conn(), &record).partner_id, Some(acme.id));
}

#[actix_web::test]
async fn lost_and_won_leads_are_refused_with_a_clear_message_and_stay_leads() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let record = w
        .sales_lead("Gone")
        .contact("Robin Banks")
        .company("Banks & Co")
        .create(&mut app.conn());
    let user = users::find(&mut app.conn(), w.sales).unwrap();
    let actor = Actor::new(&user, vec![w.europe]);
    MarkLost {
        lead_ids: vec![record.id],
        reason: ReasonChoice::None,
        closing_note: None,
    }
    .apply(&mut app.conn(), &actor)
    .unwrap();
    let sales = app.client_as("sales").await;
    let id = record.id.to_string();
    let page = sales.get(&format!("/leads/{id}")).await;
    assert!(!page.body.contains("id=\"convert-button\""));
    let wizard = sales.get(&format!("/leads/{id}/convert")).await;
    wizard.assert_redirect(&format!("/leads/{id}"));
    let post = sales
        .post(
            &format!("/leads/{id}/convert"),
            &[
                ("action", "convert"),
                ("customer", "none"),
                ("step", "confirm"),
            ],
        )
        .await;
    post.assert_redirect(&format!("/leads/{id}"));
    let back = sales.get(&format!("/leads/{id}")).await;
    assert!(back.body.contains("Gone is lost and cannot be converted"));
    let after = reload(&mut app.conn(), &record);
    assert_eq!((after.kind.as_str(), after.active), ("lead", false));

    let won_stage = stages::list(&mut app.conn())
        .unwrap()
        .into_iter()
        .find(|s| s.is_won)
        .unwrap();
    let won = LeadBuilder::new("Signed")
        .stage(won_stage.id)
        .owner(w.sales)
        .create(&mut app.conn());
    let page = sales.get(&format!("/leads/{}", won.id)).await;
    assert!(
        !page.body.contains("id=\"convert-button\""),
        "no button on a won lead"
    );
    sales
        .get(&format!("/leads/{}/convert", won.id))
        .await
        .assert_redirect(&format!("/leads/{}", won.id));
    let back = sales.get(&format!("/leads/{}", won.id)).await;
    assert!(back.body.contains("Signed is won and cannot be converted"));
}

#[actix_web::test]
async fn a_salesperson_gets_404_on_a_hidden_lead_and_cannot_merge_it_in() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let theirs = LeadBuilder::new("Asian deal")
        .contact("Robin Banks")
        .company("Banks & Co")
        .email("x@y.test")
        .owner(w.other_sales)
        .team(w.asia)
        .create(&mut app.conn());
    let mine = w
        .sales_lead("My deal")
        .contact("Robin Banks")
        .company("Banks & Co")
        .email("x@y.test")
        .create(&mut app.conn());
    let sales = app.client_as("sales").await;
    assert_eq!(
        sales
            .get(&format!("/leads/{}/convert", theirs.id))
            .await
            .status,
        404
    );
    let hidden = sales
        .post(
            &format!("/leads/{}/convert", theirs.id),
            &[
                ("action", "convert"),
                ("customer", "none"),
                ("step", "confirm"),
            ],
        )
        .await;
    assert_eq!(hidden.status, 404);
    let wizard = sales.get(&format!("/leads/{}/convert", mine.id)).await;
    assert!(
        !wizard.body.contains("Asian deal"),
        "a hidden duplicate is not shown"
    );
    assert!(
        wizard
            .body
            .contains("1 similar record belongs to a colleague and is not shown")
    );
    let sneaky = sales
        .post(
            &format!("/leads/{}/convert", mine.id),
            &[
                ("action", "merge"),
                ("merge_ids", &theirs.id.to_string()),
                ("customer", "none"),
                ("step", "confirm"),
            ],
        )
        .await;
    assert_eq!(sneaky.status, 404);
    assert_eq!(reload(&mut app.conn(), &theirs).merged_into_id, None);
    assert_eq!(reload(&mut app.conn(), &mine).kind, Kind::Lead);
}
