//! Choosing a customer through the pages: the Convert wizard's suggestions and search (the
//! chosen customer is linked, no new one is created), the lead form's Customer field taking
//! a name, the type-ahead's JSON, the no-JS pick page, and the offer to copy a lead's ways
//! to reach onto the customer it was linked to.

use crate::support::{TestApp, reload};
use diesel::prelude::*;
use leadbook::db::schema::partners as partners_table;
use leadbook::domain::models::partners::{self, Partner, PartnerInput};

fn customer(app: &TestApp, kind: &str, name: &str) -> Partner {
    let input = PartnerInput {
        kind: kind.into(),
        name: name.into(),
        ..PartnerInput::default()
    };
    partners::create(&mut app.conn(), &input).unwrap()
}

fn customers_count(app: &TestApp) -> i64 {
    partners_table::table
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

/// The value of attribute `name` in one tag's text.
fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

/// The radios of a page: (name, value, checked), in page order.
fn radios(body: &str) -> Vec<(String, String, bool)> {
    body.split("<input")
        .skip(1)
        .filter_map(|rest| {
            let tag = &rest[..rest.find('>')?];
            if attr(tag, "type").as_deref() != Some("radio") || tag.contains(" disabled") {
                return None;
            }
            Some((
                attr(tag, "name")?,
                attr(tag, "value")?,
                tag.contains(" checked"),
            ))
        })
        .collect()
}

/// What a browser posts after clicking the radio whose value ends with `clicked`: every
/// group's checked radio, the clicked one replacing its group's.
fn after_clicking(body: &str, clicked: &str) -> Vec<(String, String)> {
    let all = radios(body);
    let (group, value, _) = all
        .iter()
        .find(|(_, v, _)| v.ends_with(clicked))
        .unwrap_or_else(|| panic!("no radio for {clicked}"))
        .clone();
    let mut out: Vec<(String, String)> = all
        .into_iter()
        .filter(|(n, _, checked)| *checked && *n != group)
        .map(|(n, v, _)| (n, v))
        .collect();
    out.push((group, value));
    out
}

#[actix_web::test]
async fn choosing_an_existing_customer_in_the_convert_wizard_links_it_and_creates_none() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let vektor = customer(&app, "company", "ООО «Вектор»");
    let record = w
        .sales_lead("Office chairs")
        .contact("Ivan Petrov")
        .company("Petrov Trading")
        .create(&mut app.conn());
    let url = format!("/leads/{}/convert", record.id);
    let sales = app.client_as("sales").await;
    let wizard = sales.get(&url).await;
    assert!(
        wizard
            .body
            .contains("name=\"customer\" value=\"create\" checked"),
        "nothing matches the lead: create is the default"
    );

    // Search the customer, then click it in the results (no JavaScript).
    let mut fields = after_clicking(&wizard.body, "create");
    fields.push(("customer_q".into(), "Vektor".into()));
    fields.push(("step".into(), "search".into()));
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (&k[..], &v[..])).collect();
    let found = sales.post(&url, &pairs).await;
    assert_eq!(found.status, 200);
    assert!(found.body.contains("ООО «Вектор»"));
    let mut fields = after_clicking(&found.body, &vektor.id.to_string());
    fields.push(("step".into(), "confirm".into()));
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (&k[..], &v[..])).collect();
    let before = customers_count(&app);
    let done = sales.post(&url, &pairs).await;
    done.assert_redirect(&format!("/leads/{}", record.id));
    let converted = reload(&mut app.conn(), &record);
    assert_eq!(
        converted.partner_id,
        Some(vektor.id),
        "linked to the chosen one"
    );
    assert_eq!(customers_count(&app), before, "no new customer");
    let page = sales.get(&format!("/leads/{}", record.id)).await;
    assert!(page.body.contains("Linked to customer: ООО «Вектор»"));
}

#[actix_web::test]
async fn a_customer_typed_by_name_in_the_convert_wizard_is_linked() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let north = customer(&app, "company", "Northgate Foods");
    let record = w
        .sales_lead("Crates")
        .contact("Robin Banks")
        .create(&mut app.conn());
    let url = format!("/leads/{}/convert", record.id);
    let sales = app.client_as("sales").await;
    let before = customers_count(&app);
    // "Create" is still ticked: typing a customer is choosing it.
    let done = sales
        .post(
            &url,
            &[
                ("action", "convert"),
                ("customer", "create"),
                ("partner_id", "northgate"),
                ("step", "confirm"),
            ],
        )
        .await;
    done.assert_redirect(&format!("/leads/{}", record.id));
    assert_eq!(reload(&mut app.conn(), &record).partner_id, Some(north.id));
    assert_eq!(customers_count(&app), before);
}

#[actix_web::test]
async fn the_lead_form_takes_a_customer_name_and_says_when_it_is_not_one_customer() {
    let app = TestApp::spawn().await;
    let north = customer(&app, "company", "Northgate Foods");
    let spa = customer(&app, "company", "Acme SpA");
    let srl = customer(&app, "company", "Acme Srl");
    let sales = app.client_as("sales").await;

    let created = sales
        .post(
            "/leads",
            &[("title", "Crates"), ("partner_id", "Northgate Foods")],
        )
        .await;
    assert_eq!(created.status, 303);
    let id: i32 = created
        .location
        .as_deref()
        .unwrap()
        .trim_start_matches("/leads/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let lead =
        leadbook::domain::models::leads::find(&mut app.conn(), leadbook::domain::ids::LeadId(id))
            .unwrap();
    assert_eq!(lead.partner_id, Some(north.id));

    let several = sales
        .post("/leads", &[("title", "Crates"), ("partner_id", "Acme")])
        .await;
    assert_eq!(several.status, 422);
    assert!(
        several.body.contains(&format!(
            "Several customers match &#39;Acme&#39;: Acme SpA #{}, Acme Srl #{}",
            spa.id, srl.id
        )),
        "{}",
        several.body
    );
    assert!(several.body.contains("name=\"partner_id\" value=\"Acme\""));
    let none = sales
        .post(
            "/leads",
            &[("title", "Crates"), ("partner_id", "Zebra Works")],
        )
        .await;
    assert_eq!(none.status, 422);
    assert!(none.body.contains("No customer matches"));
    assert!(none.body.contains("value=\"Zebra Works\""));
}

#[actix_web::test]
async fn the_lookup_answers_signed_in_users_and_the_pick_page_returns_to_the_form() {
    let app = TestApp::spawn().await;
    let vektor = customer(&app, "company", "ООО «Вектор»");
    let anonymous = app.client().get("/customers/lookup.json?q=vektor").await;
    assert_ne!(anonymous.status, 200);
    let sales = app.client_as("sales").await;
    let json = sales
        .get("/customers/lookup.json?q=%D0%B2%D0%B5%D0%BA%D1%82%D0%BE%D1%80")
        .await;
    assert_eq!(json.status, 200);
    let rows: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(rows[0]["id"], vektor.id.0);
    assert_eq!(rows[0]["label"], format!("ООО «Вектор» #{}", vektor.id));
    assert_eq!(rows[0]["kind"], "company");

    let pick = sales.get("/customers/pick?q=Vektor&back=/leads/new").await;
    assert_eq!(pick.status, 200);
    let back = format!("/leads/new?partner_id={}", vektor.id);
    assert!(
        pick.body.contains(&format!("href=\"{back}\"")),
        "{}",
        pick.body
    );
    let evil = sales
        .get("/customers/pick?q=Vektor&back=//evil.example/x")
        .await;
    assert!(!evil.body.contains("evil.example"));
    assert!(evil.body.contains(&format!("href=\"{back}\"")));
    let form = sales.get(&back).await;
    assert!(
        form.body
            .contains(&format!("name=\"partner_id\" value=\"{}\"", vektor.id))
    );
    assert!(form.body.contains(&format!("ООО «Вектор» #{}", vektor.id)));
}

#[actix_web::test]
async fn linking_a_lead_offers_its_ways_to_reach_and_copies_them_on_a_csrf_checked_post() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let person = customer(&app, "person", "Robin Banks");
    let record = w
        .sales_lead("Boats")
        .contact("Robin Banks")
        .fields(&[
            ("mobile", "+39 333 123 4567"),
            ("email", "robin@banks.test"),
        ])
        .create(&mut app.conn());
    let sales = app.client_as("sales").await;
    let id = record.id.to_string();
    let saved = sales
        .post(
            &format!("/leads/{id}/edit"),
            &[
                ("title", "Boats"),
                ("contact_name", "Robin Banks"),
                ("mobile", "+39 333 123 4567"),
                ("email", "robin@banks.test"),
                ("salesperson_id", &w.sales.to_string()),
                ("team_id", &w.europe.to_string()),
                ("partner_id", "Robin Banks"),
            ],
        )
        .await;
    let offer_url = format!("/customers/{}/reach?lead={id}", person.id);
    saved.assert_redirect(&offer_url);
    let offer = sales.get(saved.location.as_deref().unwrap()).await;
    assert!(
        offer
            .body
            .contains(&format!("name=\"next\" value=\"/leads/{id}\""))
    );
    assert_eq!(offer.status, 200);
    assert!(
        offer.body.contains("Copy 2 ways to reach"),
        "{}",
        offer.body
    );
    assert!(
        offer
            .body
            .contains(&format!("to Robin Banks #{}?", person.id))
    );

    let forged = sales
        .post_raw(
            &format!("/customers/{}/reach", person.id),
            &format!("lead={id}"),
        )
        .await;
    assert_eq!(forged.status, 403);
    assert_eq!(
        partners::find(&mut app.conn(), person.id).unwrap().email,
        None
    );

    let copied = sales
        .post(&format!("/customers/{}/reach", person.id), &[("lead", &id)])
        .await;
    copied.assert_redirect(&format!("/leads/{id}"));
    let after = partners::find(&mut app.conn(), person.id).unwrap();
    assert_eq!(after.email.as_deref(), Some("robin@banks.test"));
    assert_eq!(after.mobile.as_deref(), Some("+39 333 123 4567"));
    let page = sales.get(&format!("/leads/{id}")).await;
    assert!(page.body.contains("2 ways to reach copied to Robin Banks"));
    // Nothing left: the offer page sends the user back to the record.
    sales
        .get(&offer_url)
        .await
        .assert_redirect(&format!("/leads/{id}"));
}

#[actix_web::test]
async fn converting_with_an_existing_customer_offers_the_leads_ways_to_reach() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let vektor = customer(&app, "company", "ООО «Вектор»");
    let record = w
        .sales_lead("Office chairs")
        .company("Vektor")
        .email("zakaz@vektor.test")
        .create(&mut app.conn());
    let id = record.id.to_string();
    let sales = app.client_as("sales").await;
    let done = sales
        .post(
            &format!("/leads/{id}/convert"),
            &[
                ("action", "convert"),
                ("customer", &format!("existing:{}", vektor.id)),
                ("step", "confirm"),
            ],
        )
        .await;
    let offer_url = format!("/customers/{}/reach?lead={id}", vektor.id);
    done.assert_redirect(&offer_url);
    let offer = sales.get(&offer_url).await;
    assert!(
        offer.body.contains("Converted to opportunity."),
        "the flash"
    );
    assert!(offer.body.contains("Copy 1 way to reach"), "{}", offer.body);
    assert!(offer.body.contains("zakaz@vektor.test"));
    sales
        .post(&format!("/customers/{}/reach", vektor.id), &[("lead", &id)])
        .await
        .assert_redirect(&format!("/leads/{id}"));
    let after = partners::find(&mut app.conn(), vektor.id).unwrap();
    assert_eq!(after.email.as_deref(), Some("zakaz@vektor.test"));
}
