//! Merging on the web: list → Actions → Merge → wizard → Merge lands on the survivor; the
//! Similar Leads list's POST; rights; Undo from the chatter.

use crate::support::TestApp;
use leadbook::db::DbConn;
use leadbook::domain::ids::{TeamId, UserId};
use leadbook::domain::models::leads::{self, Kind, Lead, LeadInput};

fn opportunity(conn: &mut DbConn, title: &str, email: &str, owner: UserId, team: TeamId) -> Lead {
    let input = LeadInput {
        title: title.into(),
        email: email.into(),
        salesperson_id: owner.to_string(),
        team_id: team.to_string(),
        ..LeadInput::default()
    };
    leads::create(conn, owner, Kind::Opportunity, &input).unwrap()
}

#[actix_web::test]
async fn list_actions_merge_shows_the_wizard_and_merge_lands_on_the_survivor() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let older = opportunity(&mut app.conn(), "Boat rental", "", w.sales, w.europe);
    let newer = opportunity(
        &mut app.conn(),
        "Boat rental (web)",
        "ivan@boats.test",
        w.sales,
        w.europe,
    );
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
    let a = opportunity(&mut app.conn(), "Alpha", "", w.sales, w.europe);
    let b = opportunity(&mut app.conn(), "Beta", "", w.sales, w.europe);
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
    let mine = opportunity(&mut app.conn(), "Mine", "", w.sales, w.europe);
    let theirs = opportunity(
        &mut app.conn(),
        "Colleague deal",
        "",
        w.other_sales,
        w.europe,
    );
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
    let a = opportunity(&mut app.conn(), "Alpha", "", w.sales, w.europe);
    let b = opportunity(&mut app.conn(), "Beta", "beta@ex.test", w.sales, w.europe);
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
    let mine = opportunity(&mut app.conn(), "Mine", "", w.sales, w.europe);
    let survivor = opportunity(&mut app.conn(), "Tokyo", "", w.other_sales, w.asia);
    let gone = opportunity(
        &mut app.conn(),
        "Secret Tokyo deal",
        "",
        w.other_sales,
        w.asia,
    );
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
    let mine = opportunity(&mut app.conn(), "Mine", "", w.sales, w.europe);
    let input = LeadInput {
        title: "Walk-in".into(),
        ..LeadInput::default()
    };
    let walk_in = leads::create(&mut app.conn(), w.admin, Kind::Opportunity, &input).unwrap();
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
