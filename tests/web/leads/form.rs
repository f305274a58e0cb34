//! The lead form: leads on or off, field errors, edits logged, numbers that do not parse.

use crate::support::TestApp;
use diesel::prelude::*;
use leadbook::db::schema::leads as lead_rows;
use leadbook::domain::ids::LeadId;
use leadbook::domain::models::leads::{self, Kind};
use leadbook::domain::models::settings::{self, SettingsInput};

fn leads_setting(app: &TestApp, on: bool) {
    let admin = crate::support::actor(&mut app.conn(), app.world().admin);
    settings::save(
        &mut app.conn(),
        &admin,
        &SettingsInput {
            leads_enabled: on,
            default_country: "IT".into(),
            lost_reason_required: false,
            ..Default::default()
        },
    )
    .expect("settings");
}

#[actix_web::test]
async fn a_new_record_is_a_lead_with_its_messengers_when_leads_are_on() {
    let app = TestApp::spawn().await;
    let sales = app.client_as("sales").await;
    assert!(
        sales
            .get("/pipeline")
            .await
            .body
            .contains("href=\"/leads\"")
    );
    let resp = sales
        .post(
            "/leads",
            &[
                ("title", "Villa in Tuscany"),
                ("contact_name", "Giulia Bianchi"),
                ("email", "giulia@example.com"),
                ("expected_revenue", "12000"),
                ("tags", "vip, fair"),
                ("msg_channel", "telegram"),
                ("msg_handle", "@giulia_b"),
                ("msg_channel", "whatsapp"),
                ("msg_handle", ""),
            ],
        )
        .await;
    resp.assert_redirect("/leads/");
    let page = sales.get(resp.location.as_deref().unwrap()).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Villa in Tuscany"));
    assert!(page.body.contains("@giulia_b"));
    assert!(page.body.contains("vip"));
    let kind: String = lead_rows::table
        .select(lead_rows::kind)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(kind, "lead");
}

#[actix_web::test]
async fn with_leads_off_the_menu_hides_leads_and_new_records_are_opportunities() {
    let app = TestApp::spawn().await;
    leads_setting(&app, false);
    let sales = app.client_as("sales").await;
    let pipeline = sales.get("/pipeline").await;
    assert!(!pipeline.body.contains("href=\"/leads\""));
    assert_eq!(sales.get("/leads").await.status, 404);
    sales
        .post("/leads", &[("title", "Office chairs")])
        .await
        .assert_redirect("/leads/");
    let kind: String = lead_rows::table
        .select(lead_rows::kind)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(kind, "opportunity");
}

#[actix_web::test]
async fn a_bad_email_is_shown_next_to_the_field_and_the_other_values_are_kept() {
    let app = TestApp::spawn().await;
    let sales = app.client_as("sales").await;
    let resp = sales
        .post(
            "/leads",
            &[
                ("title", "Wine export"),
                ("contact_name", "Marco Verdi"),
                ("email", "marco@@example"),
                ("probability", "250"),
                ("msg_channel", "telegram"),
                ("msg_handle", "marco_v"),
            ],
        )
        .await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("field-error"));
    assert!(
        resp.body
            .contains("Probability is a whole number from 0 to 100")
    );
    assert!(resp.body.contains("value=\"Wine export\""));
    assert!(resp.body.contains("value=\"Marco Verdi\""));
    assert!(resp.body.contains("value=\"marco@@example\""));
    assert!(resp.body.contains("value=\"marco_v\""));
    let count: i64 = lead_rows::table
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(count, 0, "nothing is written");
}

#[actix_web::test]
async fn editing_a_record_logs_the_changes_with_their_author() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let id = w
        .sales_deal("Solar panels", "1000")
        .create(&mut app.conn())
        .id;
    let manager = app.client_as("manager").await;
    let edit = manager.get(&format!("/leads/{id}/edit")).await;
    assert!(edit.body.contains("value=\"Solar panels\""));
    manager
        .post(
            &format!("/leads/{id}/edit"),
            &[
                ("title", "Solar panels"),
                ("salesperson_id", &w.other_sales.to_string()),
                ("team_id", &w.asia.to_string()),
                ("expected_revenue", "2500"),
                ("probability", "40"),
            ],
        )
        .await
        .assert_redirect(&format!("/leads/{id}"));
    let page = manager.get(&format!("/leads/{id}")).await;
    assert!(page.body.contains("Sofia Manager"), "the author is named");
    assert!(
        page.body
            .contains("Salesperson: Mario Rossi → <strong>Linh Tran</strong>")
    );
    assert!(
        page.body
            .contains("Sales team: Europe → <strong>Asia</strong>")
    );
    assert!(
        page.body
            .contains("Probability: 10% → <strong>40%</strong>")
    );
}

#[actix_web::test]
async fn an_imported_number_that_does_not_parse_shows_as_not_verified_and_survives_an_edit() {
    use leadbook::domain::access::Actor;
    use leadbook::domain::import::{self, Mapping, Options, Policy, Source};
    use leadbook::domain::models::users;
    let app = TestApp::spawn().await;
    let w = app.world();
    let mut conn = app.conn();
    let admin = users::find(&mut conn, w.admin).unwrap();
    let actor = Actor::new(&admin, Vec::new());
    let file = "external_id,contact_name,phone,mobile\nX1,Ashlie Mason,606-1606,+39 333 123 4567\n";
    let mut source = Source::open(file.as_bytes()).unwrap();
    let mapping = Mapping::guess(&source.headers);
    let options = Options {
        policy: Policy::Create,
        kind: Kind::Lead,
        large: false,
    };
    let report = import::import(
        &mut conn,
        &actor,
        &mut source,
        &mapping,
        &options,
        &mut |_, _| Ok(()),
    )
    .unwrap();
    assert_eq!(report.created, 1, "{report:?}");
    let id: i32 = lead_rows::table
        .select(lead_rows::id)
        .first(&mut conn)
        .unwrap();
    let manager = app.client_as("manager").await;
    let page = manager.get(&format!("/leads/{id}")).await;
    let phone = page.body.split("id=\"phone\">").nth(1).unwrap_or("");
    let phone = phone.split("</dd>").next().unwrap_or("");
    assert!(phone.contains("606-1606"), "{phone}");
    assert!(phone.contains("number not verified"), "{phone}");
    let mobile = page.body.split("id=\"mobile\">").nth(1).unwrap_or("");
    let mobile = mobile.split("</dd>").next().unwrap_or("");
    assert!(!mobile.contains("not verified"), "{mobile}");

    // Editing another field keeps the unverified number; typing a new bad one is refused.
    manager
        .post(
            &format!("/leads/{id}/edit"),
            &[
                ("title", "Ashlie Mason, boilers"),
                ("contact_name", "Ashlie Mason"),
                ("phone", "606-1606"),
                ("mobile", "+39 333 123 4567"),
            ],
        )
        .await
        .assert_redirect(&format!("/leads/{id}"));
    let edited = leads::find(&mut conn, LeadId(id)).unwrap();
    assert_eq!(edited.title, "Ashlie Mason, boilers");
    assert!(edited.phone_unverified());
    let refused = manager
        .post(
            &format!("/leads/{id}/edit"),
            &[("title", "Ashlie Mason, boilers"), ("phone", "600-46-35")],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("is not a valid phone number"));
}
