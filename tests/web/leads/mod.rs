//! The lead form, the record page and its chatter, as a salesperson uses them.

mod form;
mod merged;
mod prewarn;

use crate::support::{LeadBuilder, TestApp, same_site};
use leadbook::domain::models::leads::{self, Kind};

#[actix_web::test]
async fn a_salesperson_cannot_see_or_touch_another_teams_record() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let hidden = w
        .other_lead("Tokyo office")
        .revenue("1000")
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    let team = LeadBuilder::new("Milan office")
        .owner(w.manager)
        .team(w.europe)
        .revenue("1000")
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
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
async fn a_note_and_the_won_button_show_in_the_chatter_newest_first() {
    let app = TestApp::spawn().await;
    let id = LeadBuilder::new("Boat rental")
        .owner(app.world().sales)
        .revenue("1000")
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
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
        ("Vans for Volga", w.sales, w.europe),
        ("Hidden Volga deal", w.other_sales, w.asia),
    ] {
        LeadBuilder::new(title)
            .owner(owner)
            .team(team)
            .partner(person.id)
            .kind(Kind::Opportunity)
            .by(w.admin)
            .create(&mut app.conn());
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

#[actix_web::test]
async fn a_stage_change_with_a_bad_next_goes_back_to_the_record_never_off_site() {
    let app = TestApp::spawn().await;
    let id = LeadBuilder::new("Boat rental")
        .owner(app.world().sales)
        .revenue("1000")
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
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

#[actix_web::test]
async fn a_teammates_record_is_read_only_to_a_salesperson_but_takes_notes() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let team = LeadBuilder::new("Milan office")
        .owner(w.manager)
        .team(w.europe)
        .revenue("1000")
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    let unassigned = LeadBuilder::new("Walk-in")
        .revenue("1000")
        .kind(Kind::Opportunity)
        .by(app.world().admin)
        .create(&mut app.conn())
        .id;
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
