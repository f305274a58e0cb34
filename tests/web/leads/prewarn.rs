//! The duplicate warning before a record exists: the first Save without JavaScript, "Merge
//! into it", and the JSON check the form's script asks while typing (rights, bad input).

use crate::support::TestApp;
use diesel::prelude::*;
use leadbook::db::schema::leads as lead_rows;
use leadbook::domain::ids::LeadId;

const PHONE: &str = "+39 02 4567 8901";

fn count(app: &TestApp) -> i64 {
    lead_rows::table
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

/// A lead of `sales` with [`PHONE`].
fn known(app: &TestApp, title: &str) -> LeadId {
    app.world()
        .sales_lead(title)
        .contact("Giorgio Verdi")
        .phone(PHONE)
        .create(&mut app.conn())
        .id
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

#[actix_web::test]
async fn the_first_save_of_a_known_phone_shows_the_matches_and_the_second_saves() {
    let app = TestApp::spawn().await;
    let existing = known(&app, "Verdi kitchen");
    let before = count(&app);
    let sales = app.client_as("sales").await;
    let typed = [
        ("title", "Kitchen for Verdi"),
        ("contact_name", "G. Verdi"),
        ("phone", "+390245678901"),
        ("description", "Called from the fair"),
    ];
    let warned = sales.post("/leads", &typed).await;
    assert_eq!(warned.status, 200, "{}", warned.body);
    assert_eq!(count(&app), before, "nothing is saved yet");
    assert!(warned.body.contains("Already in Leadbook?"));
    assert!(warned.body.contains("Verdi kitchen"));
    assert!(warned.body.contains(&format!("href=\"/leads/{existing}\"")));
    assert!(
        warned
            .body
            .contains(&format!("name=\"merge_into\" value=\"{existing}\""))
    );
    assert!(warned.body.contains("Save anyway"));
    assert!(
        warned
            .body
            .contains("name=\"confirm_duplicates\" id=\"confirm-duplicates\" value=\"1\"")
    );
    assert!(
        warned.body.contains("value=\"Kitchen for Verdi\""),
        "values kept"
    );
    assert!(warned.body.contains("Called from the fair"));
    let mut again = typed.to_vec();
    again.push(("confirm_duplicates", "1"));
    let saved = sales.post("/leads", &again).await;
    saved.assert_redirect("/leads/");
    assert_eq!(count(&app), before + 1);
}

#[actix_web::test]
async fn a_record_without_matches_saves_at_once() {
    let app = TestApp::spawn().await;
    known(&app, "Verdi kitchen");
    let sales = app.client_as("sales").await;
    let saved = sales
        .post(
            "/leads",
            &[("title", "Someone else"), ("phone", "+39 06 9876 5432")],
        )
        .await;
    saved.assert_redirect("/leads/");
}

#[actix_web::test]
async fn merge_into_it_saves_the_typed_record_and_opens_the_merge_wizard() {
    let app = TestApp::spawn().await;
    let existing = known(&app, "Verdi kitchen");
    let sales = app.client_as("sales").await;
    let into = existing.to_string();
    let resp = sales
        .post(
            "/leads",
            &[
                ("title", "Kitchen for Verdi"),
                ("phone", PHONE),
                ("email", "verdi@example.com"),
                ("merge_into", &into),
            ],
        )
        .await;
    let newest: i32 = lead_rows::table
        .select(lead_rows::id)
        .order(lead_rows::id.desc())
        .first(&mut app.conn())
        .unwrap();
    resp.assert_redirect(&format!(
        "/leads/merge?ids={existing}&ids={newest}&primary={existing}"
    ));
    let wizard = sales.get(resp.location.as_deref().unwrap()).await;
    assert_eq!(wizard.status, 200, "{}", wizard.body);
    assert!(
        wizard.body.contains("verdi@example.com"),
        "the typed values are offered"
    );
}

#[actix_web::test]
async fn a_match_the_salesperson_cannot_open_is_named_nowhere() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let secret = w
        .other_lead("Secret deal")
        .contact("Hidden Person")
        .email("hidden@secret.example")
        .phone(PHONE)
        .by(w.admin)
        .create(&mut app.conn())
        .id;
    let sales = app.client_as("sales").await;
    let warned = sales
        .post("/leads", &[("title", "Mine"), ("phone", PHONE)])
        .await;
    assert_eq!(warned.status, 200, "{}", warned.body);
    assert!(
        warned
            .body
            .contains("A matching record exists that you cannot open")
    );
    let checked = sales
        .get("/leads/check-duplicates?phone=%2B39%2002%204567%208901")
        .await;
    assert_eq!(checked.status, 200);
    let answer = json(&checked.body);
    assert_eq!(answer["count"], 1);
    assert_eq!(answer["matches"][0]["visible"], false);
    assert_eq!(answer["matches"][0]["owner"], "Linh Tran");
    for body in [&warned.body, &checked.body] {
        assert!(!body.contains("Secret deal"));
        assert!(!body.contains("Hidden Person"));
        assert!(!body.contains("hidden@secret.example"));
        assert!(!body.contains(&format!("/leads/{secret}")));
        assert!(!body.contains(&format!("name=\"merge_into\" value=\"{secret}\"")));
    }
    let manager = app.client_as("manager").await;
    let seen = manager
        .get("/leads/check-duplicates?phone=%2B39%2002%204567%208901")
        .await;
    assert!(seen.body.contains("Secret deal"), "a manager may open it");
}

#[actix_web::test]
async fn the_check_answers_json_for_matches_and_never_reports_the_record_itself() {
    let app = TestApp::spawn().await;
    let existing = known(&app, "Verdi kitchen");
    let sales = app.client_as("sales").await;
    let q = "phone=%2B39%2002%204567%208901&msg_channel=telegram&msg_handle=";
    let found = sales.get(&format!("/leads/check-duplicates?{q}")).await;
    assert_eq!(found.status, 200, "{}", found.body);
    assert!(
        found
            .header("content-type")
            .unwrap_or("")
            .contains("application/json")
    );
    let answer = json(&found.body);
    assert_eq!(answer["count"], 1);
    assert_eq!(answer["matches"][0]["title"], "Verdi kitchen");
    assert_eq!(answer["matches"][0]["merge"], true);
    assert!(answer["html"].as_str().unwrap().contains("Merge into it"));
    let itself = sales
        .get(&format!("/leads/check-duplicates?{q}&id={existing}"))
        .await;
    assert_eq!(json(&itself.body)["count"], 0, "{}", itself.body);
    let nothing = sales.get("/leads/check-duplicates").await;
    assert_eq!(json(&nothing.body)["count"], 0);
}

#[actix_web::test]
async fn the_check_refuses_strangers_and_bad_input_with_json() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let hidden = w.other_lead("Tokyo office").create(&mut app.conn()).id;
    let anonymous = app.client().get("/leads/check-duplicates?phone=1").await;
    assert_eq!(anonymous.status, 401);
    assert_eq!(json(&anonymous.body)["ok"], false);
    let sales = app.client_as("sales").await;
    let long = "9".repeat(1001);
    for (query, status) in [
        ("id=abc".to_string(), 400),
        (format!("phone={long}"), 400),
        ("msg_handle=a&".repeat(21), 400),
        (format!("id={hidden}"), 404),
        ("id=999999".to_string(), 404),
        ("id=12345678901234567890".to_string(), 400),
    ] {
        let resp = sales.get(&format!("/leads/check-duplicates?{query}")).await;
        assert_eq!(resp.status, status, "{query}: {}", resp.body);
        let answer = json(&resp.body);
        assert_eq!(answer["ok"], false);
        assert!(answer["error"].as_str().is_some_and(|e| !e.is_empty()));
        assert!(!resp.body.contains("Tokyo office"));
    }
}

#[actix_web::test]
async fn the_customer_the_form_links_is_no_duplicate_of_the_record() {
    use leadbook::domain::models::partners::{self, PartnerInput};
    let app = TestApp::spawn().await;
    app.world();
    let north = partners::create(
        &mut app.conn(),
        &PartnerInput {
            kind: "company".into(),
            name: "Northgate Foods".into(),
            phone: PHONE.into(),
            ..PartnerInput::default()
        },
    )
    .unwrap();
    let sales = app.client_as("sales").await;
    let q = format!(
        "/leads/check-duplicates?phone=%2B390245678901&partner_id=%23{}",
        north.id
    );
    assert_eq!(json(&sales.get(&q).await.body)["count"], 0);
    let unlinked = sales
        .get("/leads/check-duplicates?phone=%2B390245678901")
        .await;
    let answer = json(&unlinked.body);
    assert_eq!(answer["count"], 1, "{answer}");
    assert_eq!(answer["matches"][0]["customer"], true);
    assert_eq!(
        answer["matches"][0]["merge"], false,
        "a customer is not merged into a lead"
    );
    let saved = sales
        .post(
            "/leads",
            &[
                ("title", "Crates"),
                ("partner_id", &format!("#{}", north.id)),
            ],
        )
        .await;
    saved.assert_redirect("/leads/");
}

#[actix_web::test]
async fn the_pipelines_new_is_warned_too_and_an_edit_may_merge_into_a_match() {
    let app = TestApp::spawn().await;
    let existing = known(&app, "Verdi kitchen");
    let sales = app.client_as("sales").await;
    let warned = sales
        .post(
            "/leads",
            &[
                ("title", "Verdi deal"),
                ("phone", PHONE),
                ("from", "pipeline"),
            ],
        )
        .await;
    assert_eq!(warned.status, 200, "{}", warned.body);
    assert!(warned.body.contains("name=\"from\" value=\"pipeline\""));
    assert!(warned.body.contains("Verdi kitchen"));
    let other = app
        .world()
        .sales_lead("Verdi, second request")
        .phone(PHONE)
        .create(&mut app.conn())
        .id;
    let checked = sales
        .get(&format!(
            "/leads/check-duplicates?id={other}&phone=%2B390245678901"
        ))
        .await;
    let answer = json(&checked.body);
    assert_eq!(answer["count"], 1, "{answer}");
    assert_eq!(answer["matches"][0]["id"], existing.0);
    let into = existing.to_string();
    let edited = sales
        .post(
            &format!("/leads/{other}/edit"),
            &[
                ("title", "Verdi, second request"),
                ("phone", PHONE),
                ("merge_into", &into),
            ],
        )
        .await;
    edited.assert_redirect(&format!(
        "/leads/merge?ids={existing}&ids={other}&primary={existing}"
    ));
}
