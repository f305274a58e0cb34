//! A person's data through the pages: an admin's "Personal data" button on a lead, the
//! records page with its downloads, and the erasure (confirmation page, then POST); a
//! salesperson sees no button.

use crate::support::{LeadBuilder, TestApp};

#[actix_web::test]
async fn an_admin_exports_and_erases_a_person_from_the_lead_page() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let lead = LeadBuilder::new("Quill enquiry")
        .owner(w.sales)
        .team(w.europe)
        .contact("Zoe Quill")
        .email("zoe.quill@acme-corp.example")
        .create(&mut app.conn())
        .id;
    let page = format!("/leads/{lead}");

    let sales = app.client_as("sales").await;
    assert!(!sales.get(&page).await.body.contains("/personal-data"));

    let admin = app.client_as("admin").await;
    assert!(
        admin
            .get(&page)
            .await
            .body
            .contains(&format!("{page}/personal-data"))
    );
    let found = admin.get(&format!("{page}/personal-data")).await;
    assert_eq!(found.status, 200);
    assert!(found.body.contains("zoe.quill@acme-corp.example"));
    let csv = admin.get(&format!("{page}/personal-data.csv")).await;
    assert!(
        csv.header("content-type")
            .is_some_and(|t| t.starts_with("text/csv"))
    );
    assert!(csv.body.contains("zoe.quill@acme-corp.example"));
    let json = admin.get(&format!("{page}/personal-data.json")).await;
    assert!(json.body.contains("\"leads\""));

    let confirm = admin.get(&format!("{page}/personal-data/erase")).await;
    assert!(
        confirm.body.contains("1 lead or opportunity"),
        "{}",
        confirm.body
    );
    let done = admin
        .post(&format!("{page}/personal-data/erase"), &[])
        .await;
    done.assert_redirect(&page);
    let after = admin.get(&page).await.body;
    assert!(!after.contains("zoe.quill@acme-corp.example"));
    assert!(after.contains("erased"));

    // In Italian the erased name reads "cancellato" on the record and in the list.
    admin
        .post("/preferences", &[("language", "it")])
        .await
        .assert_redirect("/preferences");
    for path in [page.clone(), "/leads".to_string()] {
        let body = admin.get(&path).await.body;
        assert!(body.contains(">cancellato<"), "{path}: {body}");
        assert!(!body.contains(">erased<"), "{path}: {body}");
    }
}
