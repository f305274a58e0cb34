//! Merges and their undos (wizards and API), imports and exports.

use super::{FROM, app, browser, by, details, ids, mark, one_new};
use crate::api_support::Api;
use crate::support::TestApp;
use leadbook::domain::audit::Action;
use leadbook::domain::ids::PartnerId;
use leadbook::domain::models::partners::{self, PartnerInput};
use serde_json::json;

fn company(app: &TestApp, name: &str) -> PartnerId {
    let input = PartnerInput {
        kind: "company".into(),
        name: name.into(),
        email: "info@northwind.test".into(),
        ..PartnerInput::default()
    };
    partners::create(&mut app.conn(), &input)
        .expect("customer")
        .id
}

#[actix_web::test]
async fn a_lead_merge_and_its_undo_in_the_wizard_name_the_records_and_the_merge() {
    let app = app().await;
    let w = app.world();
    let a = w.sales_lead("Alpha").create(&mut app.conn()).id;
    let b = w.sales_lead("Beta").create(&mut app.conn()).id;
    let sales = browser(&app, "sales").await;
    let before = mark(&app);
    let (ia, ib) = (a.to_string(), b.to_string());
    sales
        .post(
            "/leads/merge",
            &[
                ("ids", &ia),
                ("ids", &ib),
                ("primary", &ia),
                ("confirm", "1"),
            ],
        )
        .await
        .assert_redirect(&format!("/leads/{a}"));
    let entry = one_new(&app, before, Action::LeadMerge);
    by(&entry, w.sales, "sales", FROM);
    assert_eq!(ids(&entry), [ia.clone(), ib.clone()]);
    let merge_id = details(&entry)["merge_id"].as_i64().unwrap();

    let before = mark(&app);
    sales
        .post(&format!("/merges/{merge_id}/undo"), &[])
        .await
        .assert_redirect(&format!("/leads/{a}"));
    let entry = one_new(&app, before, Action::LeadMergeUndo);
    by(&entry, w.sales, "sales", FROM);
    assert_eq!(ids(&entry), [ia, ib]);
    assert_eq!(details(&entry)["merge_id"], merge_id);
}

#[actix_web::test]
async fn a_lead_merge_and_its_undo_through_the_api() {
    let app = app().await;
    let w = app.world();
    let a = w.sales_lead("Alpha").create(&mut app.conn()).id;
    let b = w.sales_lead("Beta").create(&mut app.conn()).id;
    let api = Api::as_user(&app, w.sales);
    let before = mark(&app);
    let merged = api
        .post("/api/v1/leads/merge", json!({"ids": [a.0, b.0]}))
        .await;
    assert_eq!(merged.status, 200, "{}", merged.body);
    let entry = one_new(&app, before, Action::LeadMerge);
    by(&entry, w.sales, "sales", "127.0.0.1");
    assert_eq!(ids(&entry), [a.to_string(), b.to_string()]);
    let merge_id = merged.body["merge_id"].as_i64().unwrap();
    assert_eq!(details(&entry)["merge_id"], merge_id);

    let before = mark(&app);
    let undone = api
        .post(&format!("/api/v1/leads/merges/{merge_id}/undo"), json!({}))
        .await;
    assert_eq!(undone.status, 200, "{}", undone.body);
    let entry = one_new(&app, before, Action::LeadMergeUndo);
    by(&entry, w.sales, "sales", "127.0.0.1");
    assert_eq!(ids(&entry), [a.to_string(), b.to_string()]);
}

#[actix_web::test]
async fn a_customer_merge_and_its_undo_in_the_wizard_and_through_the_api() {
    let app = app().await;
    let w = app.world();
    let (a, b) = (company(&app, "Northwind"), company(&app, "Northwind Ltd"));
    let manager = browser(&app, "manager").await;
    let before = mark(&app);
    let (ia, ib) = (a.to_string(), b.to_string());
    let done = manager
        .post(
            "/customers/merge",
            &[
                ("ids", &ia),
                ("ids", &ib),
                ("primary", &ib),
                ("confirm", "1"),
            ],
        )
        .await;
    done.assert_redirect("/customers/merges/");
    let entry = one_new(&app, before, Action::CustomerMerge);
    by(&entry, w.manager, "manager", FROM);
    assert_eq!(ids(&entry), [ib.clone(), ia.clone()], "the survivor first");
    let merge_id = details(&entry)["merge_id"].as_i64().unwrap();

    let before = mark(&app);
    manager
        .post(&format!("/customers/merges/{merge_id}/undo"), &[])
        .await
        .assert_redirect(&format!("/customers/{b}"));
    let entry = one_new(&app, before, Action::CustomerMergeUndo);
    by(&entry, w.manager, "manager", FROM);
    assert_eq!(ids(&entry), [ib.clone(), ia.clone()]);

    let api = Api::as_user(&app, w.manager);
    let before = mark(&app);
    let merged = api
        .post(
            "/api/v1/customers/merge",
            json!({"ids": [a.0, b.0], "primary": a.0}),
        )
        .await;
    assert_eq!(merged.status, 200, "{}", merged.body);
    let entry = one_new(&app, before, Action::CustomerMerge);
    by(&entry, w.manager, "manager", "127.0.0.1");
    assert_eq!(ids(&entry), [ia.clone(), ib.clone()]);
    let merge_id = merged.body["merge_id"].as_i64().unwrap();
    let before = mark(&app);
    let undone = api
        .post(
            &format!("/api/v1/customers/merges/{merge_id}/undo"),
            json!({}),
        )
        .await;
    assert_eq!(undone.status, 200, "{}", undone.body);
    let entry = one_new(&app, before, Action::CustomerMergeUndo);
    by(&entry, w.manager, "manager", "127.0.0.1");
    assert_eq!(ids(&entry), [ia, ib]);
}

const FILE: &str = "Name;E-mail\nMario Rossi;mario@rossi.it\nAnna Bianchi;anna@bianchi.it\n";

#[actix_web::test]
async fn an_import_is_recorded_when_it_starts_and_when_it_ends_with_its_counts() {
    let app = app().await;
    let w = app.world();
    let manager = browser(&app, "manager").await;
    let uploaded = manager
        .post_file(
            "/import",
            &[("kind", "lead")],
            "file",
            "p.csv",
            FILE.as_bytes(),
        )
        .await;
    let job = uploaded.location.clone().expect("the job's page");
    let choices = [
        ("column", "contact_name"),
        ("column", "email"),
        ("policy", "skip"),
        ("kind", "lead"),
    ];
    manager.post(&format!("{job}/check"), &choices).await;
    settled(&manager, &job).await;
    let before = mark(&app);
    manager.post(&format!("{job}/run"), &[]).await;
    settled(&manager, &job).await;
    let new: Vec<_> = super::all(&app)
        .into_iter()
        .filter(|e| e.id > before)
        .collect();
    assert_eq!(new.len(), 2, "started and finished: {new:#?}");
    let id = job.trim_start_matches("/import/").to_string();
    assert_eq!(new[0].action, "import_started");
    by(&new[0], w.manager, "manager", FROM);
    assert_eq!(ids(&new[0]), std::slice::from_ref(&id));
    assert_eq!(new[1].action, "import_finished");
    assert_eq!(new[1].actor_user_id, Some(w.manager));
    assert_eq!(ids(&new[1]), [id]);
    let counts = details(&new[1]);
    assert_eq!(
        (counts["rows"].as_i64(), counts["created"].as_i64()),
        (Some(2), Some(2))
    );
    assert!(!new[1].details.contains("rossi"), "no row's contents");
}

/// Follows the job page until its background step is over.
async fn settled(client: &crate::support::Client, job: &str) -> String {
    for _ in 0..100 {
        let page = client.get(job).await;
        if !page.body.contains("id=\"progress\"") {
            return page.body;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import job never finished");
}

#[actix_web::test]
async fn a_list_export_and_an_export_of_ticked_records_are_recorded() {
    let app = app().await;
    let w = app.world();
    let a = w.sales_lead("Alpha").create(&mut app.conn()).id;
    w.sales_lead("Beta").create(&mut app.conn());
    let manager = browser(&app, "manager").await;
    let before = mark(&app);
    let csv = manager.get("/leads/export.csv?filter=all").await;
    assert_eq!(csv.status, 200);
    let entry = one_new(&app, before, Action::Export);
    by(&entry, w.manager, "manager", FROM);
    assert_eq!(
        (
            details(&entry)["list"].as_str(),
            details(&entry)["rows"].as_i64()
        ),
        (Some("leads"), Some(2))
    );

    let before = mark(&app);
    let ia = a.to_string();
    let csv = manager
        .post("/leads/actions", &[("ids", &ia), ("action", "export")])
        .await;
    assert_eq!(csv.status, 200);
    let entry = one_new(&app, before, Action::Export);
    by(&entry, w.manager, "manager", FROM);
    assert_eq!(ids(&entry), [ia]);
}

#[actix_web::test]
async fn a_person_s_data_exported_and_erased_is_on_record_once_each_without_their_values() {
    let app = app().await;
    let w = app.world();
    let lead = w
        .sales_lead("Website request")
        .contact("Ines Ortolani")
        .email("ines.ortolani@example.org")
        .create(&mut app.conn())
        .id;
    let admin = browser(&app, "admin").await;
    let page = format!("/leads/{lead}");
    for (format, path) in [("csv", "personal-data.csv"), ("json", "personal-data.json")] {
        let before = mark(&app);
        let resp = admin.get(&format!("{page}/{path}")).await;
        assert_eq!(resp.status, 200, "{}", resp.body);
        let entry = one_new(&app, before, Action::PersonExported);
        by(&entry, w.admin, "admin", FROM);
        assert_eq!(ids(&entry), [lead.to_string()]);
        assert_eq!(details(&entry)["format"], format);
    }

    let before = mark(&app);
    admin
        .post(&format!("{page}/personal-data/erase"), &[])
        .await
        .assert_redirect(&page);
    let entry = one_new(&app, before, Action::PersonErased);
    by(&entry, w.admin, "admin", FROM);
    assert_eq!(ids(&entry), [lead.to_string()]);
    let stored = format!("{entry:?}");
    assert!(
        !stored.contains("ines.ortolani") && !stored.contains("Ortolani"),
        "the record names ids, not the person: {stored}"
    );
}
