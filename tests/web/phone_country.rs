//! Phone numbers are read with the country of whoever types them: their own (Preferences),
//! else their team's (Configuration → Teams), else the company's.

use crate::support::TestApp;
use leadbook::domain::ids::LeadId;
use leadbook::domain::models::leads;

/// A Russian mobile as a Russian writes it nationally.
const RUSSIAN_MOBILE: &str = "8 916 482 17 35";

/// Sets a team's default country through the team form, as a manager does.
async fn team_country(app: &TestApp, team: i32, name: &str, members: &[i32], country: &str) {
    let manager = app.client_as("manager").await;
    let team_id = team.to_string();
    let ids: Vec<String> = members.iter().map(ToString::to_string).collect();
    let mut fields = vec![("name", name), ("default_country", country)];
    fields.extend(ids.iter().map(|m| ("members", m.as_str())));
    manager
        .post(&format!("/config/teams/{team_id}"), &fields)
        .await
        .assert_redirect("/config/teams");
    let page = manager.get("/config/teams").await;
    assert!(page.body.contains(&format!("value=\"{country}\"")));
}

/// The text of the record page's `<dd id="phone">`.
fn shown_phone(body: &str) -> &str {
    let phone = body.split("id=\"phone\">").nth(1).unwrap_or("");
    phone.split("</dd>").next().unwrap_or("")
}

/// The record a redirect names (`/leads/12…`).
fn lead_of(location: Option<&str>) -> LeadId {
    let after = location
        .and_then(|l| l.split("/leads/").nth(1))
        .unwrap_or("");
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    LeadId(digits.parse().expect("the new record's id"))
}

#[actix_web::test]
async fn a_russian_teams_salesperson_saves_a_russian_national_number() {
    let app = TestApp::spawn().await;
    let w = app.world();
    team_country(&app, w.europe.0, "Europe", &[w.sales.0], "RU").await;
    let sales = app.client_as("sales").await;
    let made = sales
        .post(
            "/leads",
            &[("title", "Пётр Смирнов"), ("phone", RUSSIAN_MOBILE)],
        )
        .await;
    made.assert_redirect("/leads/");
    let page = sales.get(made.location.as_deref().unwrap()).await;
    let phone = shown_phone(&page.body);
    assert!(phone.contains("+7 916 482-17-35"), "{phone}");
    assert!(!phone.contains("not verified"), "{phone}");
    let lead = leads::find(&mut app.conn(), lead_of(made.location.as_deref())).unwrap();
    assert_eq!(lead.phone_e164.as_deref(), Some("+79164821735"));

    // A manager reading numbers as an Italian edits another field: the number keeps the
    // form it was read as.
    let manager = app.client_as("manager").await;
    manager
        .post(
            "/preferences",
            &[("language", "en"), ("default_country", "IT")],
        )
        .await
        .assert_redirect("/preferences");
    let id = lead_of(made.location.as_deref());
    manager
        .post(
            &format!("/leads/{id}/edit"),
            &[("title", "Пётр Смирнов, офис"), ("phone", RUSSIAN_MOBILE)],
        )
        .await
        .assert_redirect(&format!("/leads/{id}"));
    let edited = leads::find(&mut app.conn(), id).unwrap();
    assert_eq!(edited.title, "Пётр Смирнов, офис");
    assert_eq!(edited.phone_e164.as_deref(), Some("+79164821735"));

    // The customer form reads it the same way.
    let customer = sales
        .post(
            "/customers",
            &[
                ("kind", "person"),
                ("name", "Пётр Смирнов"),
                ("mobile", RUSSIAN_MOBILE),
            ],
        )
        .await;
    customer.assert_redirect("/customers/");
    let page = sales.get(customer.location.as_deref().unwrap()).await;
    assert!(page.body.contains("+7 916 482-17-35"));
}

#[actix_web::test]
async fn the_same_number_typed_in_an_italian_team_is_refused_as_before() {
    let app = TestApp::spawn().await;
    let w = app.world();
    team_country(&app, w.europe.0, "Europe", &[w.sales.0], "RU").await;
    team_country(&app, w.asia.0, "Asia", &[w.other_sales.0], "IT").await;
    let other = app.client_as("other").await;
    let refused = other
        .post(
            "/leads",
            &[("title", "Пётр Смирнов"), ("phone", RUSSIAN_MOBILE)],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("is not a valid phone number"));
}

#[actix_web::test]
async fn a_users_own_country_wins_over_the_teams() {
    let app = TestApp::spawn().await;
    let w = app.world();
    team_country(&app, w.asia.0, "Asia", &[w.other_sales.0], "IT").await;
    let other = app.client_as("other").await;
    other
        .post(
            "/preferences",
            &[("language", "en"), ("default_country", "Россия")],
        )
        .await
        .assert_redirect("/preferences");
    let prefs = other.get("/preferences").await;
    assert!(
        prefs.body.contains("value=\"RU\""),
        "the country is stored as its code"
    );
    let made = other
        .post(
            "/leads",
            &[("title", "Пётр Смирнов"), ("phone", RUSSIAN_MOBILE)],
        )
        .await;
    made.assert_redirect("/leads/");
    let lead = leads::find(&mut app.conn(), lead_of(made.location.as_deref())).unwrap();
    assert_eq!(lead.phone_e164.as_deref(), Some("+79164821735"));

    // A country that is none is the field's error, and nothing is saved.
    let bad = other
        .post(
            "/preferences",
            &[("language", "en"), ("default_country", "Atlantis")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        other
            .get("/preferences")
            .await
            .body
            .contains("value=\"RU\"")
    );
}
