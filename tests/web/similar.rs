//! The Similar Leads view, the duplicates and data-quality pages, as a user meets them.

use crate::support::{LeadBuilder, TestApp};

#[actix_web::test]
async fn the_similar_view_lists_the_records_with_their_reasons() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = LeadBuilder::new("Robin's first request")
        .contact("Robin Banks")
        .email("robin@acme.example")
        .owner(w.sales)
        .create(&mut app.conn())
        .id;
    let b = LeadBuilder::new("Robin again")
        .contact("Robin Banks")
        .email("ROBIN@acme.example")
        .owner(w.sales)
        .create(&mut app.conn())
        .id;
    let client = app.client_as("sales").await;
    let page = client.get(&format!("/leads/{}/similar", a.0)).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Robin&#39;s first request")
            || page.body.contains("Robin&#x27;s first request"),
        "the current record is on the board"
    );
    assert!(
        page.body.contains(&format!("href=\"/leads/{}\"", b.0)),
        "the similar one links to it"
    );
    assert!(page.body.contains("same email robin@acme.example"));
    let list = client
        .get(&format!("/leads/{}/similar?view=list", a.0))
        .await;
    assert!(list.body.contains("action=\"/leads/merge\""));
    assert!(
        list.body
            .contains(&format!("name=\"ids\" value=\"{}\"", b.0))
    );
}

#[actix_web::test]
async fn a_salesperson_sees_a_hidden_match_without_a_link() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let mine = LeadBuilder::new("Mine")
        .contact("Robin Banks")
        .email("robin@acme.example")
        .owner(w.sales)
        .create(&mut app.conn())
        .id;
    let theirs = LeadBuilder::new("Secret deal")
        .contact("Robin Banks")
        .email("robin@acme.example")
        .owner(w.other_sales)
        .by(w.admin)
        .create(&mut app.conn())
        .id;
    let client = app.client_as("sales").await;
    let page = client.get(&format!("/leads/{}/similar", mine.0)).await;
    assert!(
        page.body
            .contains("A matching record exists that you cannot open")
    );
    assert!(page.body.contains("Owner: Linh Tran"), "{}", page.body);
    assert!(
        !page.body.contains(&format!("/leads/{}\"", theirs.0)),
        "no link to it"
    );
    assert!(!page.body.contains("Secret deal"), "nor its title");
    let hidden = client.get(&format!("/leads/{}/similar", theirs.0)).await;
    assert_eq!(
        hidden.status, 404,
        "and its own view does not exist for them"
    );
}

#[actix_web::test]
async fn marking_a_pair_not_duplicate_needs_a_reason_and_hides_it() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = LeadBuilder::new("First")
        .contact("Robin Banks")
        .email("robin@acme.example")
        .owner(w.sales)
        .create(&mut app.conn())
        .id;
    let b = LeadBuilder::new("Second")
        .contact("Robin Banks")
        .email("robin@acme.example")
        .owner(w.sales)
        .create(&mut app.conn())
        .id;
    let client = app.client_as("sales").await;
    let path = format!("/leads/{}/not-duplicate", a.0);
    let refused = client
        .post(&path, &[("other", &b.0.to_string()), ("reason", "  ")])
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Reason is required") || refused.body.contains("field-error"));
    let done = client
        .post(
            &path,
            &[("other", &b.0.to_string()), ("reason", "Two Robins")],
        )
        .await;
    done.assert_redirect(&format!("/leads/{}/similar", a.0));
    let page = client.get(&format!("/leads/{}/similar", a.0)).await;
    assert!(page.body.contains("Marked as not duplicates"));
    assert!(!page.body.contains(&format!("href=\"/leads/{}\"", b.0)));
}

#[actix_web::test]
async fn the_duplicates_page_is_for_managers_and_lists_clusters_with_a_merge_link() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = LeadBuilder::new("First")
        .contact("Robin Banks")
        .email("robin@acme.example")
        .by(w.admin)
        .create(&mut app.conn())
        .id;
    let b = LeadBuilder::new("Second")
        .contact("Robin Banks")
        .email("robin@acme.example")
        .by(w.admin)
        .create(&mut app.conn())
        .id;
    let admin = app.client_as("admin").await;
    let page = admin.get("/duplicates").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains(&format!("/leads/merge?ids={}&amp;ids={}", a.0, b.0))
            || page
                .body
                .contains(&format!("/leads/merge?ids={}&#38;ids={}", a.0, b.0)),
        "{}",
        page.body
    );
    let sales = app.client_as("sales").await;
    assert_eq!(sales.get("/duplicates").await.status, 403);
    assert_eq!(admin.get("/data-quality").await.status, 200);
}

#[actix_web::test]
async fn a_hidden_match_shows_neither_its_contact_nor_its_stage_nor_its_reasons() {
    use diesel::prelude::*;
    use leadbook::db::schema::leads as lead_rows;
    let app = TestApp::spawn().await;
    let w = app.world();
    let mine = LeadBuilder::new("Mine")
        .contact("Robin Banks")
        .email("robin@acme.example")
        .owner(w.sales)
        .create(&mut app.conn())
        .id;
    let theirs = LeadBuilder::new("Secret deal")
        .contact("Roberta Hiddenfield")
        .email("robin@acme.example")
        .owner(w.other_sales)
        .by(w.admin)
        .create(&mut app.conn())
        .id;
    let stages = leadbook::domain::models::stages::list(&mut app.conn()).unwrap();
    let secret_stage = stages.last().unwrap();
    diesel::update(lead_rows::table.find(theirs.0))
        .set(lead_rows::stage_id.eq(secret_stage.id))
        .execute(&mut app.conn())
        .unwrap();
    let client = app.client_as("sales").await;
    for view in ["", "?view=list"] {
        let page = client
            .get(&format!("/leads/{}/similar{view}", mine.0))
            .await;
        assert_eq!(page.status, 200);
        assert!(
            page.body
                .contains("A matching record exists that you cannot open")
        );
        assert!(page.body.contains("Linh Tran"), "who owns it is said");
        assert!(!page.body.contains("Roberta"), "{view}: no contact name");
        assert!(
            !page.body.contains(&format!(">{}<", secret_stage.name)),
            "{view}: no stage"
        );
        assert!(!page.body.contains("same email"), "{view}: no reasons");
        assert!(!page.body.contains("Secret deal"));
    }
    let api = client
        .get(&format!("/leads/{}/similar?view=list", mine.0))
        .await;
    assert!(
        !api.body.contains(&format!("value=\"{}\"", theirs.0)),
        "it cannot be ticked"
    );
}
