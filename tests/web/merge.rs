//! Merging on the web: list → Actions → Merge → wizard → Merge lands on the survivor; the
//! Similar Leads list's POST; rights; Undo from the chatter.

use crate::support::{LeadBuilder, TestApp};
use leadbook::domain::models::leads::{self, Kind};

#[actix_web::test]
async fn list_actions_merge_shows_the_wizard_and_merge_lands_on_the_survivor() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let older = w
        .sales_lead("Boat rental")
        .kind(Kind::Opportunity)
        .create(&mut app.conn());
    let newer = LeadBuilder::new("Boat rental (web)")
        .email("ivan@boats.test")
        .owner(w.sales)
        .team(w.europe)
        .kind(Kind::Opportunity)
        .create(&mut app.conn());
    let sales = app.client_as("sales").await;
    let (a, b) = (older.id.to_string(), newer.id.to_string());
    let resp = sales
        .post(
            "/opportunities/actions",
            &[("ids", &a), ("ids", &b), ("action", "merge")],
        )
        .await;
    resp.assert_redirect("/leads/merge?");
    let wizard = sales.get(resp.location.as_deref().unwrap()).await;
    assert_eq!(wizard.status, 200);
    assert!(wizard.body.contains("id=\"merge-table\""));
    assert!(
        wizard.body.contains("ivan@boats.test"),
        "the preview shows the email kept"
    );
    assert!(
        wizard
            .body
            .contains(&format!("name=\"primary\" value=\"{a}\" checked")),
        "oldest is primary"
    );
    assert!(wizard.body.contains("can be undone"));

    let done = sales
        .post(
            "/leads/merge",
            &[
                ("ids", &a),
                ("ids", &b),
                ("primary", &a),
                ("assigned", "1"),
                ("salesperson_id", &w.sales.to_string()),
                ("team_id", ""),
                ("confirm", "1"),
            ],
        )
        .await;
    done.assert_redirect(&format!("/leads/{a}"));
    let record = sales.get(&format!("/leads/{a}")).await;
    assert!(record.body.contains("records merged"), "flash");
    assert!(record.body.contains("Merged 2 records into"));
    assert!(record.body.contains("ivan@boats.test"));
    let gone = sales.get(&format!("/leads/{b}")).await;
    gone.assert_redirect(&format!("/leads/{a}"));
    let merged = leads::find(&mut app.conn(), older.id).unwrap();
    assert_eq!(
        merged.team_id,
        Some(w.europe),
        "the team follows the salesperson"
    );
}

#[actix_web::test]
async fn one_record_gets_a_clear_message_and_the_similar_list_opens_the_wizard() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = w
        .sales_lead("Alpha")
        .kind(Kind::Opportunity)
        .create(&mut app.conn());
    let b = w
        .sales_lead("Beta")
        .kind(Kind::Opportunity)
        .create(&mut app.conn());
    let sales = app.client_as("sales").await;
    let one = sales.get(&format!("/leads/merge?ids={}", a.id)).await;
    assert_eq!(one.status, 422);
    assert!(one.body.contains("Select at least two records to merge"));
    let from_similar = sales
        .post(
            "/leads/merge",
            &[("ids", &a.id.to_string()), ("ids", &b.id.to_string())],
        )
        .await;
    assert_eq!(from_similar.status, 200);
    assert!(from_similar.body.contains("id=\"merge-table\""));
    assert_eq!(
        leads::find(&mut app.conn(), b.id).unwrap().merged_into_id,
        None,
        "nothing merged yet"
    );
}

#[actix_web::test]
async fn a_salesperson_cannot_merge_a_colleagues_record() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let mine = w
        .sales_lead("Mine")
        .kind(Kind::Opportunity)
        .create(&mut app.conn());
    let theirs = LeadBuilder::new("Colleague deal")
        .owner(w.other_sales)
        .team(w.europe)
        .kind(Kind::Opportunity)
        .create(&mut app.conn());
    let sales = app.client_as("sales").await;
    let (a, b) = (mine.id.to_string(), theirs.id.to_string());
    let wizard = sales.get(&format!("/leads/merge?ids={a}&ids={b}")).await;
    assert!(wizard.body.contains("id=\"merge-refused\""));
    let refused = sales
        .post(
            "/leads/merge",
            &[("ids", &a), ("ids", &b), ("confirm", "1")],
        )
        .await;
    assert_eq!(refused.status, 403, "a refusal, not a field error");
    assert!(
        refused.body.contains(&format!(
            "You may merge only records you own. Not allowed: #{b}"
        )),
        "the wizard again, with why"
    );
    assert_eq!(
        leads::find(&mut app.conn(), theirs.id)
            .unwrap()
            .merged_into_id,
        None
    );
}

#[actix_web::test]
async fn undo_from_the_merge_message_brings_the_record_back() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = w
        .sales_lead("Alpha")
        .kind(Kind::Opportunity)
        .create(&mut app.conn());
    let b = LeadBuilder::new("Beta")
        .email("beta@ex.test")
        .owner(w.sales)
        .team(w.europe)
        .kind(Kind::Opportunity)
        .create(&mut app.conn());
    let sales = app.client_as("sales").await;
    let (ia, ib) = (a.id.to_string(), b.id.to_string());
    sales
        .post(
            "/leads/merge",
            &[("ids", &ia), ("ids", &ib), ("confirm", "1")],
        )
        .await
        .assert_redirect(&format!("/leads/{ia}"));
    let record = sales.get(&format!("/leads/{ia}")).await;
    let start = record
        .body
        .find("action=\"/merges/")
        .expect("an Undo button in the chatter");
    let action = &record.body[start + 8..];
    let action = &action[..action.find('"').unwrap()];
    let other = app.client_as("other").await;
    assert_eq!(
        other.post(action, &[]).await.status,
        404,
        "a hidden record's merge is not found"
    );
    sales
        .post(action, &[])
        .await
        .assert_redirect(&format!("/leads/{ia}"));
    let back = sales.get(&format!("/leads/{ib}")).await;
    assert_eq!(back.status, 200);
    assert!(back.body.contains("beta@ex.test"));
    let survivor = sales.get(&format!("/leads/{ia}")).await;
    assert!(survivor.body.contains("Merge undone"));
    assert!(
        !survivor.body.contains("action=\"/merges/"),
        "no second undo"
    );
}

#[actix_web::test]
async fn a_record_merged_away_that_the_user_cannot_see_is_not_named_but_not_found() {
    use diesel::prelude::*;
    use leadbook::db::schema::leads as lead_rows;
    let app = TestApp::spawn().await;
    let w = app.world();
    let mine = w
        .sales_lead("Mine")
        .kind(Kind::Opportunity)
        .create(&mut app.conn());
    let survivor = w
        .other_lead("Tokyo")
        .kind(Kind::Opportunity)
        .create(&mut app.conn());
    let gone = w
        .other_lead("Secret Tokyo deal")
        .kind(Kind::Opportunity)
        .create(&mut app.conn());
    diesel::update(lead_rows::table.find(gone.id))
        .set(lead_rows::merged_into_id.eq(survivor.id))
        .execute(&mut app.conn())
        .unwrap();
    let sales = app.client_as("sales").await;
    let (a, b) = (mine.id.to_string(), gone.id.to_string());
    for confirm in ["", "1"] {
        let resp = sales
            .post(
                "/leads/merge",
                &[("ids", &a), ("ids", &b), ("confirm", confirm)],
            )
            .await;
        assert_eq!(resp.status, 404, "{}", resp.body);
        assert!(!resp.body.contains("Secret Tokyo deal"));
        assert!(!resp.body.contains("Already merged"));
    }
}

#[actix_web::test]
async fn a_salesperson_merges_unassigned_records_as_they_may_change_them() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let mine = w
        .sales_lead("Mine")
        .kind(Kind::Opportunity)
        .create(&mut app.conn());
    let walk_in = LeadBuilder::new("Walk-in")
        .kind(Kind::Opportunity)
        .by(w.admin)
        .create(&mut app.conn());
    let sales = app.client_as("sales").await;
    let (a, b) = (mine.id.to_string(), walk_in.id.to_string());
    let wizard = sales.get(&format!("/leads/merge?ids={a}&ids={b}")).await;
    assert!(!wizard.body.contains("id=\"merge-refused\""));
    sales
        .post(
            "/leads/merge",
            &[("ids", &a), ("ids", &b), ("confirm", "1")],
        )
        .await
        .assert_redirect("/leads/");
    assert!(
        leads::find(&mut app.conn(), walk_in.id)
            .unwrap()
            .merged_into_id
            .is_some()
    );
}

#[actix_web::test]
async fn the_wizard_shows_labels_not_codes() {
    use leadbook::domain::ids::Owner;
    use leadbook::domain::models::identities::{self, IdentityChannel};
    let app = TestApp::spawn().await;
    let w = app.world();
    let deal = |title: &str, channel: &str, priority: &str| {
        w.sales_deal(title, "100")
            .fields(&[("source_channel", channel), ("priority", priority)])
            .create(&mut app.conn())
    };
    let a = deal("Boat rental", "telegram", "2");
    let b = deal("Boat rental (web)", "web", "0");
    let c = w.sales_lead("Boat rental lead").create(&mut app.conn());
    identities::add(
        &mut app.conn(),
        Owner::Lead(a.id),
        IdentityChannel::WhatsApp,
        "+39 333 123 4567",
        "IT",
    )
    .expect("a messenger");
    let sales = app.client_as("sales").await;
    let wizard = sales
        .get(&format!(
            "/leads/merge?ids={}&ids={}&ids={}",
            a.id, b.id, c.id
        ))
        .await;
    assert_eq!(wizard.status, 200);
    let table = &wizard.body[wizard.body.find("id=\"merge-table\"").expect("the table")..];
    for label in [
        "Telegram",
        "Web form",
        "★★☆ Very good",
        "☆☆☆ Normal",
        "Opportunity",
        "Lead",
        "WhatsApp: ",
    ] {
        assert!(table.contains(label), "the wizard shows {label:?}");
    }
    for code in [
        ">telegram<",
        ">2<",
        ">0<",
        ">lead<",
        ">opportunity<",
        "whatsapp:",
    ] {
        assert!(!table.contains(code), "the wizard shows the raw {code:?}");
    }
}
