//! The Customers screen as its users meet it: a salesperson creates a company and a person
//! with a messenger through the form, sees every way to reach them as a link, and cannot
//! change a colleague's customer; a mistake keeps what was typed.

use crate::support::TestApp;
use leadbook::domain::models::partners;

fn created_id(location: Option<&str>) -> i32 {
    location
        .and_then(|l| l.strip_prefix("/customers/"))
        .and_then(|id| id.parse().ok())
        .expect("redirected to the new customer's page")
}

#[actix_web::test]
async fn a_salesperson_creates_a_company_and_its_person_reachable_by_links() {
    let app = TestApp::spawn().await;
    let sales = app.client_as("sales").await;
    let made = sales
        .post(
            "/customers",
            &[
                ("kind", "company"),
                ("name", "Northgate Foods"),
                ("city", "London"),
            ],
        )
        .await;
    let company = created_id(made.location.as_deref());
    let form = sales
        .get(&format!("/customers/new?kind=person&company_id={company}"))
        .await;
    assert!(
        form.body.contains("Northgate Foods"),
        "the company is named"
    );
    let company_id = company.to_string();
    let made = sales
        .post(
            "/customers",
            &[
                ("kind", "person"),
                ("name", "Jenna Cherry"),
                ("company_id", company_id.as_str()),
                ("phone", "+44 20 7946 0958"),
                ("msg_channel", "telegram"),
                ("msg_handle", "@jenna_c"),
                ("msg_channel", "whatsapp"),
                ("msg_handle", "+39 333 123 4567"),
            ],
        )
        .await;
    let person = created_id(made.location.as_deref());
    let page = sales.get(&format!("/customers/{person}")).await;
    assert!(page.body.contains("href=\"https://t.me/jenna_c\""));
    assert!(page.body.contains("href=\"https://wa.me/393331234567\""));
    assert!(page.body.contains("href=\"tel:+442079460958\""));
    assert!(
        page.body
            .contains(&format!("href=\"/customers/{company}\""))
    );
    let company_page = sales.get(&format!("/customers/{company}")).await;
    assert!(
        company_page.body.contains("Jenna Cherry"),
        "listed among its people"
    );
    let people = sales.get("/customers?show=people&view=kanban").await;
    assert!(
        people.body.contains("Jenna Cherry") && !people.body.contains(">Northgate Foods</a></h3>")
    );
}

#[actix_web::test]
async fn a_colleagues_customer_is_read_only_and_a_mistake_keeps_what_was_typed() {
    let app = TestApp::spawn().await;
    let other = app.client_as("other").await;
    let made = other
        .post(
            "/customers",
            &[("kind", "company"), ("name", "Linh Trading")],
        )
        .await;
    let id = created_id(made.location.as_deref());
    let sales = app.client_as("sales").await;
    let page = sales.get(&format!("/customers/{id}")).await;
    assert!(page.body.contains("Linh Trading"), "everyone reads");
    assert!(
        !page.body.contains(&format!("/customers/{id}/edit")),
        "no Edit button"
    );
    let refused = sales
        .post(
            &format!("/customers/{id}/edit"),
            &[("kind", "company"), ("name", "Taken over")],
        )
        .await;
    assert_eq!(refused.status, 403);
    let archive = sales.post(&format!("/customers/{id}/archive"), &[]).await;
    assert_eq!(archive.status, 403);
    assert_eq!(
        partners::find(&mut app.conn(), leadbook::domain::ids::PartnerId(id))
            .unwrap()
            .name,
        "Linh Trading"
    );
    let mistake = other
        .post(
            &format!("/customers/{id}/edit"),
            &[
                ("kind", "company"),
                ("name", "Linh Trading"),
                ("email", "linh@"),
            ],
        )
        .await;
    assert_eq!(mistake.status, 422);
    assert!(
        mistake.body.contains("value=\"linh@\""),
        "the typed value is kept"
    );
    let archived = other.post(&format!("/customers/{id}/archive"), &[]).await;
    assert_eq!(archived.status, 303);
    let list = other.get("/customers?archived=1").await;
    assert!(list.body.contains("Linh Trading"));
    let page = other.get(&format!("/customers/{id}")).await;
    assert!(
        page.body
            .contains("Active: Active → <strong>Archived</strong>"),
        "tracked: {}",
        page.body.len()
    );
}

#[actix_web::test]
async fn an_unknown_filter_is_a_clear_400() {
    let app = TestApp::spawn().await;
    let sales = app.client_as("sales").await;
    let bad = sales.get("/customers?show=robots").await;
    assert_eq!(bad.status, 400);
}
