//! The salesperson's signals and words: contacts as links, the similar badge and button,
//! list headings that follow the kind filter, the customer page's and the empty
//! pipeline's own empty states.

use crate::support::TestApp;

#[actix_web::test]
async fn phones_emails_and_messengers_are_links_on_the_record_and_in_lists() {
    let app = TestApp::spawn().await;
    app.world();
    let sales = app.client_as("sales").await;
    let made = sales
        .post(
            "/leads",
            &[
                ("title", "Villa in Tuscany"),
                ("contact_name", "Giulia Bianchi"),
                ("email", "giulia@example.com"),
                ("phone", "+44 20 7946 0958"),
                ("msg_channel", "telegram"),
                ("msg_handle", "@giulia_b"),
                ("msg_channel", "whatsapp"),
                ("msg_handle", "+39 333 123 4567"),
            ],
        )
        .await;
    made.assert_redirect("/leads/");
    let record = sales.get(made.location.as_deref().unwrap()).await;
    for link in [
        "href=\"mailto:giulia@example.com\"",
        "href=\"tel:+442079460958\"",
        "href=\"https://t.me/giulia_b\"",
        "href=\"https://wa.me/393331234567\"",
    ] {
        assert!(record.body.contains(link), "the record page has {link}");
    }
    assert!(
        !record.body.contains("id=\"similar-button\""),
        "no \"0 Similar Leads\" button"
    );
    let list = sales.get("/leads?filter=all").await;
    assert!(
        list.body
            .contains("<a href=\"mailto:giulia@example.com\" class=\"contact-link\""),
        "{}",
        list.body
    );
    assert!(
        list.body
            .contains("<a href=\"tel:+442079460958\" class=\"contact-link")
    );
}

#[actix_web::test]
async fn the_list_heading_follows_the_kind_filter() {
    let app = TestApp::spawn().await;
    app.world();
    let manager = app.client_as("manager").await;
    let heading = |body: &str| {
        let start = body.find("<span id=\"list-heading\">").expect("heading") + 24;
        body[start..].split('<').next().unwrap().to_string()
    };
    for (path, expected) in [
        ("/leads", "Leads"),
        ("/leads?filter=opportunities", "Opportunities"),
        ("/leads?filter=leads", "Leads"),
        ("/opportunities", "Opportunities"),
        ("/opportunities?filter=leads", "Leads"),
        (
            "/leads?filter=leads&filter=opportunities",
            "Leads and opportunities",
        ),
    ] {
        let page = manager.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        assert_eq!(heading(&page.body), expected, "{path}");
        assert!(page.body.contains(&format!("<title>{expected}")), "{path}");
    }
}

#[actix_web::test]
async fn a_customer_without_records_says_so_in_its_own_words() {
    let app = TestApp::spawn().await;
    app.world();
    let sales = app.client_as("sales").await;
    let made = sales
        .post(
            "/customers",
            &[("kind", "company"), ("name", "Northgate Foods")],
        )
        .await;
    let page = sales.get(made.location.as_deref().unwrap()).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("No lead or opportunity for this customer yet.")
    );
    assert!(!page.body.contains("No record matches these filters."));
}

#[actix_web::test]
async fn an_empty_pipeline_offers_only_the_first_steps_the_user_may_take() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let steps = ["first-step-create", "first-step-import", "first-step-demo"];
    for (login, offered) in [("admin", 3), ("manager", 2), ("sales", 1)] {
        let client = app.client_as(login).await;
        let page = client.get("/pipeline").await;
        assert!(page.body.contains("id=\"first-steps\""), "{login}");
        for (n, step) in steps.iter().enumerate() {
            let shown = page.body.contains(&format!("id=\"{step}\""));
            assert_eq!(shown, n < offered, "{login}: {step}");
        }
        let searched = client.get("/pipeline?q=nothing").await;
        assert!(
            !searched.body.contains("id=\"first-steps\""),
            "not for a search"
        );
    }
    let admin = app.client_as("admin").await;
    w.sales_deal("Boat rental", "1200").create(&mut app.conn());
    let refused = admin.post("/demo", &[]).await;
    refused.assert_redirect("/pipeline");
    let page = admin.get("/pipeline").await;
    assert!(
        page.body
            .contains("The demo data is loaded only into an empty database")
    );
    assert!(!page.body.contains("id=\"first-steps\""), "a record exists");
}

#[actix_web::test]
async fn the_demo_loads_from_the_empty_pipeline() {
    let app = TestApp::spawn().await;
    app.world();
    let admin = app.client_as("admin").await;
    admin.post("/demo", &[]).await.assert_redirect("/pipeline");
    let page = admin.get("/pipeline").await;
    assert!(
        page.body.contains("The demo data is loaded."),
        "{}",
        page.body
    );
    assert!(!page.body.contains("id=\"first-steps\""));
    assert!(page.body.contains("class=\"kanban-card"));
}
