//! The lead form, the record page and its chatter, as a salesperson uses them.

use crate::support::TestApp;
use diesel::prelude::*;
use leadbook::db::schema::leads as lead_rows;
use leadbook::domain::ids::{LeadId, UserId};
use leadbook::domain::models::leads::{self, Kind, LeadInput};
use leadbook::domain::models::settings::{self, SettingsInput};

fn lead(app: &TestApp, title: &str, owner: Option<UserId>, team: Option<i32>) -> LeadId {
    let input = LeadInput {
        title: title.into(),
        salesperson_id: owner.map(|o| o.to_string()).unwrap_or_default(),
        team_id: team.map(|t| t.to_string()).unwrap_or_default(),
        expected_revenue: "1000".into(),
        ..LeadInput::default()
    };
    leads::create(
        &mut app.conn(),
        app.world().admin,
        Kind::Opportunity,
        &input,
    )
    .expect("lead")
    .id
}

fn leads_setting(app: &TestApp, on: bool) {
    let admin = crate::support::actor(&mut app.conn(), app.world().admin);
    settings::save(
        &mut app.conn(),
        &admin,
        &SettingsInput {
            leads_enabled: on,
            default_country: "IT".into(),
            lost_reason_required: false,
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
    let id = lead(&app, "Solar panels", Some(w.sales), Some(w.europe.0));
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
    assert!(page.body.contains("Probability: 10 → <strong>40</strong>"));
}

#[actix_web::test]
async fn a_salesperson_cannot_see_or_touch_another_teams_record() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let hidden = lead(&app, "Tokyo office", Some(w.other_sales), Some(w.asia.0));
    let team = lead(&app, "Milan office", Some(w.manager), Some(w.europe.0));
    let sales = app.client_as("sales").await;
    assert_eq!(sales.get(&format!("/leads/{hidden}")).await.status, 404);
    assert_eq!(
        sales.get(&format!("/leads/{hidden}/edit")).await.status,
        404
    );
    let moved = sales
        .post(&format!("/leads/{hidden}/stage"), &[("stage_id", "2")])
        .await;
    assert_eq!(moved.status, 404);
    assert_eq!(sales.get(&format!("/leads/{team}")).await.status, 200);
    let list = sales.get("/opportunities?filter=all").await;
    assert!(list.body.contains("Milan office"));
    assert!(!list.body.contains("Tokyo office"));
}

#[actix_web::test]
async fn a_merged_record_leads_to_its_survivor() {
    let app = TestApp::spawn().await;
    let survivor = lead(&app, "Survivor", None, None);
    let merged = lead(&app, "Merged", None, None);
    diesel::update(lead_rows::table.find(merged.0))
        .set(lead_rows::merged_into_id.eq(survivor.0))
        .execute(&mut app.conn())
        .unwrap();
    let sales = app.client_as("sales").await;
    sales
        .get(&format!("/leads/{merged}"))
        .await
        .assert_redirect(&format!("/leads/{survivor}"));
}

#[actix_web::test]
async fn a_note_and_the_won_button_show_in_the_chatter_newest_first() {
    let app = TestApp::spawn().await;
    let id = lead(&app, "Boat rental", Some(app.world().sales), None);
    let sales = app.client_as("sales").await;
    sales
        .post(
            &format!("/leads/{id}/note"),
            &[("body", "Called, wants a quote")],
        )
        .await
        .assert_redirect(&format!("/leads/{id}"));
    sales
        .post(&format!("/leads/{id}/won"), &[])
        .await
        .assert_redirect(&format!("/leads/{id}"));
    let page = sales.get(&format!("/leads/{id}")).await;
    let note = page.body.find("Called, wants a quote").expect("note");
    let won = page
        .body
        .find("Stage: New → <strong>Won</strong>")
        .expect("stage change");
    assert!(won < note, "newest first");
    assert!(page.body.contains("Mario Rossi"));
    let empty = sales
        .post(&format!("/leads/{id}/note"), &[("body", "  ")])
        .await;
    empty.assert_redirect(&format!("/leads/{id}"));
    assert!(
        sales
            .get(&format!("/leads/{id}"))
            .await
            .body
            .contains("Write a message")
    );
}

#[actix_web::test]
async fn customers_are_found_by_name_email_or_id_and_list_their_visible_records() {
    use leadbook::domain::models::partners::{self, PartnerInput};
    let app = TestApp::spawn().await;
    let w = app.world();
    let company = partners::create(
        &mut app.conn(),
        &PartnerInput {
            kind: "company".into(),
            name: "Volga Logistics".into(),
            email: "info@volga.example".into(),
            ..PartnerInput::default()
        },
    )
    .unwrap();
    let person = partners::create(
        &mut app.conn(),
        &PartnerInput {
            kind: "person".into(),
            name: "Анна Петрова".into(),
            company_id: company.id.to_string(),
            ..PartnerInput::default()
        },
    )
    .unwrap();
    for (title, owner, team) in [
        ("Vans for Volga", Some(w.sales), Some(w.europe.0)),
        ("Hidden Volga deal", Some(w.other_sales), Some(w.asia.0)),
    ] {
        let input = LeadInput {
            title: title.into(),
            salesperson_id: owner.map(|o| o.to_string()).unwrap_or_default(),
            team_id: team.map(|t| t.to_string()).unwrap_or_default(),
            partner_id: person.id.to_string(),
            ..LeadInput::default()
        };
        leads::create(&mut app.conn(), w.admin, Kind::Opportunity, &input).unwrap();
    }
    let sales = app.client_as("sales").await;
    assert!(
        sales
            .get("/customers?q=petrova")
            .await
            .body
            .contains("Анна Петрова")
    );
    assert!(
        sales
            .get("/customers?q=info@volga")
            .await
            .body
            .contains("Volga Logistics")
    );
    let by_id = sales.get(&format!("/customers?q=%23{}", person.id)).await;
    assert!(by_id.body.contains("Анна Петрова"));
    let page = sales.get(&format!("/customers/{}", company.id)).await;
    assert!(page.body.contains("Анна Петрова"), "contacts are listed");
    assert!(page.body.contains("Vans for Volga"));
    assert!(!page.body.contains("Hidden Volga deal"));
}

/// A `Location` that stays on this site: one leading `/`, no control character or backslash.
fn same_site(location: Option<&str>) -> bool {
    location.is_some_and(|l| {
        l.starts_with('/')
            && !l.starts_with("//")
            && !l.chars().any(|c| c.is_control() || c == '\\')
    })
}

#[actix_web::test]
async fn a_stage_change_with_a_bad_next_goes_back_to_the_record_never_off_site() {
    let app = TestApp::spawn().await;
    let id = lead(&app, "Boat rental", Some(app.world().sales), None);
    let sales = app.client_as("sales").await;
    let stage_list = leadbook::domain::models::stages::list(&mut app.conn()).unwrap();
    for (i, bad) in [
        "/\t/evil.example/x",
        "/\n/x",
        "//evil",
        "/\\evil",
        "https://x",
    ]
    .iter()
    .enumerate()
    {
        let stage = stage_list[i % 3 + 1].id.to_string();
        let moved = sales
            .post(
                &format!("/leads/{id}/stage"),
                &[("stage_id", &stage), ("next", bad)],
            )
            .await;
        assert_eq!(moved.status, 303, "{bad:?}: {}", moved.body);
        assert_eq!(
            moved.location.as_deref(),
            Some(format!("/leads/{id}").as_str())
        );
        assert!(same_site(moved.location.as_deref()));
    }
    let kept = sales
        .post(
            &format!("/leads/{id}/stage"),
            &[
                ("stage_id", &stage_list[0].id.to_string()),
                ("next", "/pipeline?x=1"),
            ],
        )
        .await;
    assert_eq!(kept.location.as_deref(), Some("/pipeline?x=1"));
}

/// A record merged into another, as the merge wizard leaves it.
fn merged_pair(app: &TestApp) -> (LeadId, LeadId) {
    let survivor = lead(app, "Survivor", Some(app.world().sales), None);
    let merged = lead(app, "Merged away", Some(app.world().sales), None);
    diesel::update(lead_rows::table.find(merged.0))
        .set(lead_rows::merged_into_id.eq(survivor.0))
        .execute(&mut app.conn())
        .unwrap();
    (survivor, merged)
}

#[actix_web::test]
async fn every_change_to_a_merged_record_is_refused_with_a_link_to_its_survivor() {
    let app = TestApp::spawn().await;
    let (survivor, merged) = merged_pair(&app);
    let stage = leadbook::domain::models::stages::list(&mut app.conn()).unwrap()[2]
        .id
        .to_string();
    let sales = app.client_as("sales").await;
    let m = merged.to_string();
    let posts: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            format!("/leads/{m}/edit"),
            vec![("title", "Changed after the merge")],
        ),
        (
            format!("/leads/{m}/note"),
            vec![("body", "A note nobody will see")],
        ),
        (format!("/leads/{m}/stage"), vec![("stage_id", &stage)]),
        (format!("/leads/{m}/won"), vec![]),
        ("/leads/lost".into(), vec![("ids", &m)]),
        (format!("/leads/{m}/archive"), vec![]),
        (format!("/leads/{m}/restore"), vec![]),
        (format!("/leads/{m}/convert"), vec![("action", "convert")]),
    ];
    for (path, fields) in &posts {
        let refused = sales.post(path, fields).await;
        assert_eq!(refused.status, 409, "{path}: {}", refused.body);
        assert!(
            refused
                .body
                .contains(&format!("href=\"/leads/{survivor}\"")),
            "{path} links to the survivor"
        );
    }
    assert_eq!(
        sales.get(&format!("/leads/{m}/edit")).await.status,
        409,
        "the edit form is not offered either"
    );
    let after = leads::find(&mut app.conn(), merged).unwrap();
    assert_eq!(after.title, "Merged away");
    assert!(after.active);
    let notes = leadbook::domain::models::chatter::for_lead(&mut app.conn(), merged).unwrap();
    assert!(notes.iter().all(|n| !n.body.contains("nobody will see")));
}

#[actix_web::test]
async fn a_teammates_record_is_read_only_to_a_salesperson_but_takes_notes() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let team = lead(&app, "Milan office", Some(w.manager), Some(w.europe.0));
    let unassigned = lead(&app, "Walk-in", None, None);
    let sales = app.client_as("sales").await;
    let page = sales.get(&format!("/leads/{team}")).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains(&format!("href=\"/leads/{team}/edit\"")));
    assert!(!page.body.contains(&format!("action=\"/leads/{team}/won\"")));
    assert_eq!(sales.get(&format!("/leads/{team}/edit")).await.status, 403);
    let stage = leadbook::domain::models::stages::list(&mut app.conn()).unwrap()[2]
        .id
        .to_string();
    let t = team.to_string();
    for (path, fields) in [
        (format!("/leads/{t}/edit"), vec![("title", "Mine now")]),
        (
            format!("/leads/{t}/stage"),
            vec![("stage_id", stage.as_str())],
        ),
        (format!("/leads/{t}/won"), vec![]),
        (format!("/leads/{t}/archive"), vec![]),
        ("/leads/lost".into(), vec![("ids", t.as_str())]),
    ] {
        let refused = sales.post(&path, &fields).await;
        assert_eq!(refused.status, 403, "{path}: {}", refused.body);
    }
    assert_eq!(
        leads::find(&mut app.conn(), team).unwrap().title,
        "Milan office"
    );
    sales
        .post(
            &format!("/leads/{t}/note"),
            &[("body", "Same client as my lead")],
        )
        .await
        .assert_redirect(&format!("/leads/{t}"));
    let own_page = sales.get(&format!("/leads/{unassigned}")).await;
    assert!(
        own_page
            .body
            .contains(&format!("href=\"/leads/{unassigned}/edit\"")),
        "an unassigned record is the salesperson's to work on"
    );
    sales
        .post(&format!("/leads/{unassigned}/won"), &[])
        .await
        .assert_redirect(&format!("/leads/{unassigned}"));
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
