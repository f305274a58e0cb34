//! Restore, mass Unarchive, the red banner of a lost record and the list's actions.

use crate::support::{TestApp, lose, reload};
use leadbook::domain::models::lost_reasons;
use leadbook::domain::wizards::lost::ReasonChoice;

#[actix_web::test]
async fn restore_puts_a_lost_record_back_and_garbage_ids_are_messages() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let deal = w.sales_deal("Boat rental", "1200").create(&mut app.conn());
    lose(&mut app.conn(), w.sales, deal.id, ReasonChoice::None);
    let sales = app.client_as("sales").await;
    sales
        .post(&format!("/leads/{}/restore", deal.id), &[])
        .await
        .assert_redirect(&format!("/leads/{}", deal.id));
    let back = reload(&mut app.conn(), &deal);
    assert!(back.active);
    assert_eq!(back.probability, 10, "the probability of its stage (New)");
    let resp = sales
        .post("/leads/unarchive", &[("ids", "abc"), ("next", "/leads")])
        .await;
    resp.assert_redirect("/leads");
    assert!(
        sales
            .get("/preferences")
            .await
            .body
            .contains("is not a record")
    );
    assert_eq!(sales.post("/leads/abc/restore", &[]).await.status, 404);
}

#[actix_web::test]
async fn mass_unarchive_restores_lost_and_archived_records_and_says_how_many() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let lost = w.sales_deal("Lost", "100").create(&mut app.conn());
    let archived = w.sales_deal("Archived", "100").create(&mut app.conn());
    lose(&mut app.conn(), w.sales, lost.id, ReasonChoice::None);
    let sales = app.client_as("sales").await;
    sales
        .post(&format!("/leads/{}/archive", archived.id), &[])
        .await
        .assert_redirect(&format!("/leads/{}", archived.id));
    assert!(!reload(&mut app.conn(), &archived).active);
    let (a, b) = (lost.id.to_string(), archived.id.to_string());
    let resp = sales
        .post(
            "/leads/unarchive",
            &[("ids", &a), ("ids", &b), ("next", "/leads?filter=lost")],
        )
        .await;
    resp.assert_redirect("/leads?filter=lost");
    assert!(
        sales
            .get("/preferences")
            .await
            .body
            .contains("2 records restored.")
    );
    assert!(reload(&mut app.conn(), &lost).active && reload(&mut app.conn(), &archived).active);
}

#[actix_web::test]
async fn the_record_page_of_a_lost_deal_shows_the_red_banner_with_its_reason_and_restore() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let deal = w.sales_deal("Ferry tickets", "300").create(&mut app.conn());
    let sales = app.client_as("sales").await;
    let active = sales.get(&format!("/leads/{}", deal.id)).await;
    assert!(
        active
            .body
            .contains(&format!("href=\"/leads/{}/lost\"", deal.id)),
        "Mark as Lost in the header"
    );
    assert!(!active.body.contains("id=\"lost-banner\""));
    let reason = lost_reasons::find_by_name(&mut app.conn(), "Too expensive")
        .unwrap()
        .unwrap();
    lose(
        &mut app.conn(),
        w.sales,
        deal.id,
        ReasonChoice::Existing(reason.id),
    );
    let lost = sales.get(&format!("/leads/{}", deal.id)).await;
    assert_eq!(lost.status, 200);
    assert!(lost.body.contains("id=\"lost-banner\""));
    assert!(lost.body.contains("Too expensive"));
    assert!(
        lost.body
            .contains(&format!("action=\"/leads/{}/restore\"", deal.id))
    );
    sales
        .post(&format!("/leads/{}/restore", deal.id), &[])
        .await
        .assert_redirect(&format!("/leads/{}", deal.id));
    let back = sales.get(&format!("/leads/{}", deal.id)).await;
    assert!(!back.body.contains("id=\"lost-banner\""));
}

#[actix_web::test]
async fn the_list_actions_send_ticked_rows_to_mark_as_lost_and_unarchive_them() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = w.sales_deal("Deal A", "100").create(&mut app.conn());
    let b = w.sales_deal("Deal B", "200").create(&mut app.conn());
    let sales = app.client_as("sales").await;
    let (ida, idb) = (a.id.to_string(), b.id.to_string());
    let resp = sales
        .post(
            "/opportunities/actions",
            &[("ids", &ida), ("ids", &idb), ("action", "mark_lost")],
        )
        .await;
    resp.assert_redirect(&format!("/leads/lost?ids={}&ids={}&next=", a.id, b.id));
    let form = sales.get(resp.location.as_deref().unwrap()).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("2 records selected"));
    lose(&mut app.conn(), w.sales, a.id, ReasonChoice::None);
    lose(&mut app.conn(), w.sales, b.id, ReasonChoice::None);
    let resp = sales
        .post(
            "/opportunities/actions",
            &[("ids", &ida), ("ids", &idb), ("action", "unarchive")],
        )
        .await;
    resp.assert_redirect("/opportunities");
    let list = sales.get(resp.location.as_deref().unwrap()).await;
    assert!(
        list.body.contains("2 records restored."),
        "the count is shown"
    );
    assert!(reload(&mut app.conn(), &a).active && reload(&mut app.conn(), &b).active);
}
