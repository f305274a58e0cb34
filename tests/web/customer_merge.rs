//! Duplicate customers on the web: the customer page's Similar button and view, a customer
//! cluster on the Duplicates page, the customer merge wizard, its page and Undo, and the
//! salesperson refused.

use crate::support::TestApp;
use leadbook::db::DbConn;
use leadbook::domain::ids::{PartnerId, UserId};
use leadbook::domain::models::partners::{self, PartnerInput};

fn company(conn: &mut DbConn, name: &str, email: &str, owner: Option<UserId>) -> PartnerId {
    let input = PartnerInput {
        kind: "company".into(),
        name: name.into(),
        email: email.into(),
        phone: "+39 06 6982 1234".into(),
        salesperson_id: owner.map(|u| u.to_string()).unwrap_or_default(),
        ..PartnerInput::default()
    };
    partners::create(conn, &input).expect("customer").id
}

#[actix_web::test]
async fn the_customer_page_opens_its_similar_customers() {
    let app = TestApp::spawn().await;
    let conn = &mut app.conn();
    let a = company(conn, "Tessuti Conti SpA", "info@conti.test", None);
    let b = company(conn, "Tessuti Conti S.p.A.", "info@conti.test", None);
    let sales = app.client_as("sales").await;
    let page = sales.get(&format!("/customers/{a}")).await;
    assert!(
        page.body
            .contains(&format!("href=\"/customers/{a}/similar\""))
    );
    let similar = sales.get(&format!("/customers/{a}/similar")).await;
    assert_eq!(similar.status, 200);
    assert!(similar.body.contains(&format!("href=\"/customers/{b}\"")));
    assert!(similar.body.contains("same email info@conti.test"));
    assert!(
        !similar.body.contains("id=\"merge-selected\""),
        "a salesperson is offered no merge"
    );
    let manager = app.client_as("manager").await;
    let offered = manager.get(&format!("/customers/{a}/similar")).await;
    assert!(offered.body.contains("action=\"/customers/merge\""));
    assert!(
        offered
            .body
            .contains(&format!("name=\"ids\" value=\"{b}\""))
    );
    let missing = sales.get("/customers/99999/similar").await;
    assert_eq!(missing.status, 404);
}

#[actix_web::test]
async fn the_duplicates_page_lists_a_customer_cluster_and_merge_and_undo_work() {
    let app = TestApp::spawn().await;
    let conn = &mut app.conn();
    // Nobody owns them: duplicate customers are every manager's to merge.
    let a = company(conn, "Northwind Traders", "info@northwind.test", None);
    let b = company(conn, "Northwind Traders Ltd", "info@northwind.test", None);
    let manager = app.client_as("manager").await;
    let dup = manager.get("/duplicates").await;
    assert_eq!(dup.status, 200);
    assert!(dup.body.contains("customer-cluster"), "{}", dup.body);
    let href = format!("/customers/merge?ids={a}&#38;ids={b}");
    assert!(dup.body.contains(&href), "the cluster's Merge action");

    let wizard = manager
        .get(&format!("/customers/merge?ids={a}&ids={b}"))
        .await;
    assert_eq!(wizard.status, 200);
    assert!(wizard.body.contains("id=\"merge-table\""));
    assert!(
        wizard
            .body
            .contains(&format!("name=\"primary\" value=\"{a}\" checked"))
    );
    let done = manager
        .post(
            "/customers/merge",
            &[
                ("ids", &a.to_string()),
                ("ids", &b.to_string()),
                ("primary", &b.to_string()),
                ("confirm", "1"),
            ],
        )
        .await;
    done.assert_redirect("/customers/merges/");
    let entry = manager.get(done.location.as_deref().unwrap()).await;
    assert!(entry.body.contains("customers merged"), "flash");
    assert!(entry.body.contains("id=\"undo-customer-merge\""));
    assert!(
        entry.body.contains("Merged 2 customers into"),
        "the merge message with every value is shown"
    );
    let survivor = manager.get(&format!("/customers/{b}")).await;
    assert!(
        survivor
            .body
            .contains(&format!("href=\"/customers/{b}/merges\""))
    );
    let merges = manager.get(&format!("/customers/{b}/merges")).await;
    assert!(
        merges
            .body
            .contains(&format!("href=\"{}\"", done.location.as_deref().unwrap())),
        "the merges into the survivor lead to the merge's page"
    );
    let gone = manager.get(&format!("/customers/{a}")).await;
    assert!(gone.body.contains("id=\"customer-merged\""));
    assert!(gone.body.contains(&format!("href=\"/customers/{b}\"")));

    let action = entry
        .body
        .split("action=\"")
        .find(|s| s.starts_with("/customers/merges/"))
        .and_then(|s| s.split('"').next())
        .expect("the undo form")
        .to_string();
    let undone = manager.post(&action, &[]).await;
    undone.assert_redirect(&format!("/customers/{b}"));
    let back = partners::find(&mut app.conn(), a).unwrap();
    assert_eq!(back.merged_into_id, None);
    assert!(back.active);
    let again = manager.post(&action, &[]).await;
    assert_eq!(again.status, 409);
}

#[actix_web::test]
async fn a_salesperson_cannot_merge_customers() {
    let app = TestApp::spawn().await;
    let conn = &mut app.conn();
    let a = company(conn, "Contoso", "hello@contoso.test", None);
    let b = company(conn, "Contoso Inc", "hello@contoso.test", None);
    let sales = app.client_as("sales").await;
    let wizard = sales
        .get(&format!("/customers/merge?ids={a}&ids={b}"))
        .await;
    assert_eq!(wizard.status, 403);
    let post = sales
        .post(
            "/customers/merge",
            &[
                ("ids", &a.to_string()),
                ("ids", &b.to_string()),
                ("confirm", "1"),
            ],
        )
        .await;
    assert_eq!(post.status, 403);
    assert_eq!(
        partners::find(&mut app.conn(), b).unwrap().merged_into_id,
        None
    );
    let manager = app.client_as("manager").await;
    let one = manager.get(&format!("/customers/merge?ids={a}")).await;
    assert_eq!(one.status, 422, "one customer: a clear message");
    assert!(one.body.contains("at least two customers"));
}
