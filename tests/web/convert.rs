//! Convert to Opportunity through the real pages: the button on the record, the wizard in
//! both modes, the customer search, bad input kept on the page, lost leads refused, rights,
//! and mass conversion from the list's Actions.

use crate::support::TestApp;
use diesel::prelude::*;
use leadbook::db::DbConn;
use leadbook::db::schema::leads as leads_table;
use leadbook::domain::access::Actor;
use leadbook::domain::ids::{TeamId, UserId};
use leadbook::domain::models::leads::{self, Kind, Lead, LeadInput};
use leadbook::domain::models::partners::{self, PartnerInput};
use leadbook::domain::models::{stages, users};
use leadbook::domain::wizards::lost::{MarkLost, ReasonChoice};

fn lead(conn: &mut DbConn, title: &str, email: &str, owner: UserId, team: TeamId) -> Lead {
    let input = LeadInput {
        title: title.into(),
        contact_name: "Robin Banks".into(),
        company_name: "Banks & Co".into(),
        email: email.into(),
        salesperson_id: owner.to_string(),
        team_id: team.to_string(),
        ..LeadInput::default()
    };
    leads::create(conn, owner, Kind::Lead, &input).unwrap()
}

fn age(conn: &mut DbConn, lead: &Lead, minutes: i64) {
    let at = chrono::Utc::now().naive_utc() - chrono::Duration::minutes(minutes);
    diesel::update(leads_table::table.find(lead.id))
        .set(leads_table::created_at.eq(at))
        .execute(conn)
        .unwrap();
}

fn reload(conn: &mut DbConn, lead: &Lead) -> Lead {
    leads::find(conn, lead.id).unwrap()
}

#[actix_web::test]
async fn an_active_lead_converts_through_the_wizard_and_gets_a_new_customer() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let record = lead(&mut app.conn(), "Boat rental", "", w.sales, w.europe);
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
    let older = lead(
        &mut app.conn(),
        "First enquiry",
        "robin@banks.test",
        w.sales,
        w.europe,
    );
    age(&mut app.conn(), &older, 60);
    let newer = lead(
        &mut app.conn(),
        "Second enquiry",
        "robin@banks.test",
        w.sales,
        w.europe,
    );
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
    let record = lead(&mut app.conn(), "Boat", "", w.sales, w.europe);
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
    let record = lead(&mut app.conn(), "Boat", "", w.sales, w.europe);
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
        found
            .body
            .contains(&format!("name=\"partner_id\" value=\"{}\"", acme.id))
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
    let record = lead(&mut app.conn(), "Gone", "", w.sales, w.europe);
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
    let won = leads::create(
        &mut app.conn(),
        w.sales,
        Kind::Lead,
        &LeadInput {
            title: "Signed".into(),
            stage_id: won_stage.id.to_string(),
            salesperson_id: w.sales.to_string(),
            ..LeadInput::default()
        },
    )
    .unwrap();
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
    let theirs = lead(
        &mut app.conn(),
        "Asian deal",
        "x@y.test",
        w.other_sales,
        w.asia,
    );
    let mine = lead(&mut app.conn(), "My deal", "x@y.test", w.sales, w.europe);
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
            .contains("1 similar records belong to colleagues")
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

#[actix_web::test]
async fn the_lists_actions_convert_the_ticked_leads_round_robin() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = lead(&mut app.conn(), "Lead A", "", w.sales, w.europe);
    let b = lead(&mut app.conn(), "Lead B", "", w.sales, w.europe);
    let manager = app.client_as("manager").await;
    let list = manager.get("/leads").await;
    assert!(
        list.body.contains("value=\"convert\""),
        "the Actions menu has the entry"
    );
    let (ia, ib) = (a.id.to_string(), b.id.to_string());
    let action = manager
        .post(
            "/leads/actions",
            &[("ids", &ia), ("ids", &ib), ("action", "convert")],
        )
        .await;
    action.assert_redirect("/leads/convert?");
    let page = manager.get(action.location.as_deref().unwrap()).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("2 leads to convert"));

    let bad = manager
        .post(
            "/leads/convert",
            &[
                ("ids", &ia),
                ("ids", &ib),
                ("customer", "sometimes"),
                ("next", "/leads"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("is not a customer policy"));
    assert!(bad.body.contains(&format!("name=\"ids\" value=\"{ia}\"")));

    let done = manager
        .post(
            "/leads/convert",
            &[
                ("ids", &ia),
                ("ids", &ib),
                ("salesperson_ids", &w.sales.to_string()),
                ("salesperson_ids", &w.other_sales.to_string()),
                ("customer", "none"),
                ("next", "/leads"),
            ],
        )
        .await;
    done.assert_redirect("/leads");
    let list = manager.get("/leads").await;
    assert!(
        list.body
            .contains("2 converted to opportunities, 0 merged.")
    );
    let (a, b) = (reload(&mut app.conn(), &a), reload(&mut app.conn(), &b));
    assert_eq!(
        (a.kind.as_str(), a.salesperson_id),
        ("opportunity", Some(w.sales))
    );
    assert_eq!(
        (b.kind.as_str(), b.salesperson_id, b.team_id),
        ("opportunity", Some(w.other_sales), Some(w.asia))
    );
}
