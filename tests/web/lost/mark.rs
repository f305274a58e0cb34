//! Mark as Lost on the web: the page, its POST from a record or a list, new reasons and
//! the rights.

use crate::support::{TestApp, reload};
use leadbook::domain::models::chatter::{self, MessageKind};
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::lost_reasons;

#[actix_web::test]
async fn the_mark_as_lost_page_offers_the_reasons_and_a_note() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let deal = w.sales_deal("Boat rental", "1200").create(&mut app.conn());
    let sales = app.client_as("sales").await;
    let page = sales.get(&format!("/leads/{}/lost", deal.id)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("id=\"lost-form\""));
    assert!(page.body.contains("Too expensive"));
    assert!(page.body.contains("Closing Note"));
    assert!(
        !page.body.contains("name=\"new_reason\""),
        "a salesperson only picks"
    );
    let manager = app.client_as("manager").await;
    let page = manager.get(&format!("/leads/{}/lost", deal.id)).await;
    assert!(
        page.body.contains("name=\"new_reason\""),
        "a manager may type a new reason"
    );
}

#[actix_web::test]
async fn marking_as_lost_with_a_reason_and_a_note_redirects_to_the_record() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let deal = w.sales_deal("Boat rental", "1200").create(&mut app.conn());
    let reason = lost_reasons::find_by_name(&mut app.conn(), "too expensive")
        .unwrap()
        .unwrap();
    let sales = app.client_as("sales").await;
    let id = deal.id.to_string();
    let reason_id = reason.id.to_string();
    let resp = sales
        .post(
            "/leads/lost",
            &[
                ("ids", &id),
                ("lost_reason_id", &reason_id),
                ("closing_note", "Chose a cheaper offer"),
            ],
        )
        .await;
    resp.assert_redirect(&format!("/leads/{}", deal.id));
    let lost = reload(&mut app.conn(), &deal);
    assert!(lost.is_lost());
    assert_eq!(lost.lost_reason_id, Some(reason.id));
    let log = chatter::for_lead(&mut app.conn(), deal.id).unwrap();
    assert!(
        log.iter()
            .any(|m| m.kind == MessageKind::Lost && m.text().contains("Chose a cheaper offer"))
    );

    // Its Mark as Lost page now shows the red banner with the reason and Restore.
    let page = sales.get(&format!("/leads/{}/lost", deal.id)).await;
    assert!(page.body.contains("Marked as lost."), "the flash message");
    assert!(page.body.contains("id=\"lost-banner\""));
    assert!(page.body.contains("Too expensive"));
    assert!(
        page.body
            .contains(&format!("action=\"/leads/{}/restore\"", deal.id))
    );
}

#[actix_web::test]
async fn several_records_ticked_in_a_list_are_lost_at_once_and_go_back_to_the_list() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = w.sales_deal("Alpha", "100").create(&mut app.conn());
    let b = w.sales_deal("Beta", "100").create(&mut app.conn());
    let sales = app.client_as("sales").await;
    let page = sales
        .get(&format!(
            "/leads/lost?ids={}&ids={}&next=/leads",
            a.id, b.id
        ))
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("2 records selected"));
    let (ida, idb) = (a.id.to_string(), b.id.to_string());
    let resp = sales
        .post(
            "/leads/lost",
            &[("ids", &ida), ("ids", &idb), ("next", "/leads?filter=lost")],
        )
        .await;
    resp.assert_redirect("/leads?filter=lost");
    assert!(reload(&mut app.conn(), &a).is_lost() && reload(&mut app.conn(), &b).is_lost());
}

#[actix_web::test]
async fn a_salesperson_typing_a_new_reason_is_refused_next_to_the_field_and_keeps_the_note() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let deal = w.sales_deal("Boat rental", "1200").create(&mut app.conn());
    let id = deal.id.to_string();
    let sales = app.client_as("sales").await;
    let resp = sales
        .post(
            "/leads/lost",
            &[
                ("ids", &id),
                ("new_reason", "Went silent"),
                ("closing_note", "my note"),
            ],
        )
        .await;
    assert_eq!(resp.status, 422);
    assert!(
        resp.body
            .contains("Only managers and administrators can create a lost reason")
    );
    assert!(resp.body.contains("my note"), "typed values kept");
    assert!(reload(&mut app.conn(), &deal).active);

    let manager = app.client_as("manager").await;
    let resp = manager
        .post(
            "/leads/lost",
            &[("ids", &id), ("new_reason", "Went silent")],
        )
        .await;
    resp.assert_redirect(&format!("/leads/{}", deal.id));
    let created = lost_reasons::find_by_name(&mut app.conn(), "went silent")
        .unwrap()
        .unwrap();
    assert_eq!(
        reload(&mut app.conn(), &deal).lost_reason_id,
        Some(created.id)
    );
}

#[actix_web::test]
async fn a_salesperson_cannot_lose_or_even_see_a_colleagues_record() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let theirs = w
        .other_lead("Asian deal")
        .revenue("500")
        .kind(Kind::Opportunity)
        .create(&mut app.conn());
    let sales = app.client_as("sales").await;
    assert_eq!(
        sales
            .get(&format!("/leads/{}/lost", theirs.id))
            .await
            .status,
        404
    );
    let id = theirs.id.to_string();
    assert_eq!(sales.post("/leads/lost", &[("ids", &id)]).await.status, 404);
    assert_eq!(
        sales
            .post(&format!("/leads/{}/archive", theirs.id), &[])
            .await
            .status,
        404
    );
    assert!(reload(&mut app.conn(), &theirs).active);
}

#[actix_web::test]
async fn the_reason_required_setting_shows_a_message_when_none_is_picked() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let deal = w.sales_deal("Boat rental", "1200").create(&mut app.conn());
    let admin = app.client_as("admin").await;
    admin
        .post(
            "/config/settings",
            &[
                ("leads_enabled", "on"),
                ("default_country", "IT"),
                ("lost_reason_required", "on"),
            ],
        )
        .await
        .assert_redirect("/config/settings");
    let id = deal.id.to_string();
    let resp = admin
        .post("/leads/lost", &[("ids", &id), ("lost_reason_id", "")])
        .await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("A lost reason is required"));
    assert!(reload(&mut app.conn(), &deal).active);
}
