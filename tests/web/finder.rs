//! Configuration → Duplicate finder (admins): the model as a table, the decisions so far, how
//! often each score band was merged or dismissed, and "Re-estimate now". Also the weighted
//! reasons and probabilities on the Similar Leads view and the Duplicates page.

use crate::support::actor;
use crate::support::{LeadBuilder, TestApp};
use diesel::prelude::*;
use leadbook::db::schema::finder_models;
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::partners::{self, PartnerInput};
use leadbook::domain::similarity::not_duplicate;
use leadbook::domain::wizards::merge::Merge;

const PAGE: &str = "/config/duplicate-finder";

fn saved_models(app: &TestApp) -> i64 {
    finder_models::table
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

/// The body of the table whose `<tbody>` or section has this id (a rough cut for asserts).
fn section<'a>(body: &'a str, id: &str) -> &'a str {
    let start = body
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} on the page"));
    let rest = &body[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

/// The `<li>` of the first reason whose text starts with `text`.
fn reason<'a>(body: &'a str, text: &str) -> &'a str {
    let at = body
        .find(&format!("<span class=\"reason-text\">{text}"))
        .unwrap_or_else(|| panic!("no reason {text:?} in {body}"));
    let start = body[..at].rfind("<li").unwrap_or(at);
    let end = at + body[at..].find("</li>").unwrap_or(0);
    &body[start..end]
}

#[actix_web::test]
async fn an_admin_sees_the_model_with_every_field_and_level() {
    let app = TestApp::spawn().await;
    let admin = app.client_as("admin").await;
    let page = admin.get(PAGE).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let model = section(&page.body, "model");
    for text in [
        "Name",
        "Email",
        "Postcode",
        "words swapped",
        "nickname spells the name",
        "same company domain",
        "same last digits",
    ] {
        assert!(model.contains(text), "the model names {text:?}");
    }
    assert!(
        model.contains('+') && model.contains('\u{2212}'),
        "weights for and against, signed"
    );
    assert!(
        page.body.contains("Shipped defaults"),
        "a new database runs on the shipped model"
    );
    assert!(!page.body.contains("finder."), "no raw text key");
    let menu = admin.get("/pipeline").await;
    assert!(
        menu.body.contains(&format!("href=\"{PAGE}\"")),
        "in the menu"
    );
}

#[actix_web::test]
async fn salespeople_and_managers_may_neither_see_nor_retrain_the_finder() {
    let app = TestApp::spawn().await;
    for login in ["sales", "manager"] {
        let client = app.client_as(login).await;
        assert_eq!(client.get(PAGE).await.status, 403, "{login} sees it");
        let post = client.post(&format!("{PAGE}/retrain"), &[]).await;
        assert_eq!(post.status, 403, "{login} retrains");
        let menu = client.get("/pipeline").await;
        assert!(!menu.body.contains(&format!("href=\"{PAGE}\"")));
    }
    assert_eq!(saved_models(&app), 0, "nothing was estimated");
}

#[actix_web::test]
async fn re_estimating_saves_a_new_model_and_says_what_it_used() {
    let app = TestApp::spawn().await;
    LeadBuilder::new("Desks")
        .contact("Robin Banks")
        .email("robin@nw.test")
        .phone("+39 333 123 4567")
        .owner(app.world().sales)
        .create(&mut app.conn());
    LeadBuilder::new("Desks again")
        .contact("Robin Banks")
        .email("robin@nw.test")
        .owner(app.world().sales)
        .create(&mut app.conn());
    LeadBuilder::new("Chairs")
        .contact("Ada Lovelace")
        .email("ada@engines.test")
        .owner(app.world().sales)
        .create(&mut app.conn());
    let admin = app.client_as("admin").await;
    let refused = admin
        .post_raw(&format!("{PAGE}/retrain"), "csrf=forged")
        .await;
    assert_eq!(refused.status, 403, "the CSRF token is checked");
    assert_eq!(saved_models(&app), 0);

    let done = admin.post(&format!("{PAGE}/retrain"), &[]).await;
    done.assert_redirect(PAGE);
    assert_eq!(saved_models(&app), 1, "a new model row");
    let page = admin.get(PAGE).await;
    assert!(
        page.body.contains("Model re-estimated on 3 records"),
        "the flash says what it used: {}",
        page.body
    );
    assert!(page.body.contains("Estimated here"));
    assert!(!page.body.contains("Shipped defaults"));
    assert!(section(&page.body, "history").contains("<td class=\"num\">3</td>"));
}

#[actix_web::test]
async fn merged_and_dismissed_pairs_are_counted_in_their_score_band() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = LeadBuilder::new("Desks")
        .contact("Robin Banks")
        .email("robin@nw.test")
        .phone("+39 333 123 4567")
        .owner(app.world().sales)
        .create(&mut app.conn())
        .id;
    let b = LeadBuilder::new("Desks too")
        .contact("Robin Banks")
        .email("robin@nw.test")
        .phone("+39 333 123 4567")
        .owner(app.world().sales)
        .create(&mut app.conn())
        .id;
    let c = LeadBuilder::new("Chairs")
        .contact("Ada Lovelace")
        .email("ada@engines.test")
        .owner(app.world().sales)
        .create(&mut app.conn())
        .id;
    let d = LeadBuilder::new("Lamps")
        .contact("Ada Lovelace")
        .email("ada@engines.test")
        .owner(app.world().sales)
        .create(&mut app.conn())
        .id;
    {
        let conn = &mut app.conn();
        let me = actor(conn, w.admin);
        Merge::new(vec![a, b]).apply(conn, &me).expect("merge");
        not_duplicate::mark(conn, &me, c, d, "Two different Adas").expect("mark");
    }
    let admin = app.client_as("admin").await;
    let page = admin.get(PAGE).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let bands = section(&page.body, "bands");
    assert!(bands.contains("≥ 99 %"), "{bands}");
    let top = &bands[bands.find("≥ 99 %").unwrap()..];
    let row = &top[..top.find("</tr>").unwrap()];
    assert!(
        row.contains("<td class=\"num\">1</td>\n        <td class=\"num\">1</td>"),
        "one merge and one dismissal among the sure matches: {row}"
    );
    assert!(row.contains("50 %"), "half of them merged: {row}");
    let decisions = section(&page.body, "decisions");
    assert!(decisions.contains("Desks"), "the latest merge: {decisions}");
    assert!(decisions.contains("Two different Adas"), "the latest mark");
    assert!(decisions.contains("Ada Admin"), "who decided");
}

#[actix_web::test]
async fn the_similar_view_and_the_duplicates_page_weigh_every_reason() {
    let app = TestApp::spawn().await;
    let a = LeadBuilder::new("Desks")
        .contact("Robin Banks")
        .email("robin@nw.test")
        .phone("+39 333 123 4567")
        .owner(app.world().sales)
        .create(&mut app.conn())
        .id;
    let b = LeadBuilder::new("Desks too")
        .contact("Robin Banks")
        .email("robin@nw.test")
        .phone("+39 333 765 4321")
        .owner(app.world().sales)
        .create(&mut app.conn())
        .id;
    let sales = app.client_as("sales").await;
    for view in ["", "?view=list"] {
        let page = sales.get(&format!("/leads/{}/similar{view}", a.0)).await;
        let email = reason(&page.body, "same email robin@nw.test");
        assert!(
            email.starts_with("<li class=\"pro\">") && email.contains("<span class=\"weight\">+"),
            "{view}: the email speaks for, with its weight: {email}"
        );
        let phones = reason(&page.body, "different phone numbers");
        assert!(
            phones.starts_with("<li class=\"con\">")
                && phones.contains("<span class=\"weight\">\u{2212}"),
            "{view}: the phones speak against: {phones}"
        );
        assert!(
            page.body.contains("class=\"total\">match "),
            "{view}: the total"
        );
    }
    let admin = app.client_as("admin").await;
    let dups = admin.get("/duplicates").await;
    assert!(dups.body.contains("weakest link: match "), "{}", dups.body);
    assert!(dups.body.contains(&format!("Desks #{}", a.0)));
    assert!(dups.body.contains(&format!("Desks too #{}", b.0)));
    assert!(dups.body.contains("<span class=\"weight\">+"));
}

#[actix_web::test]
async fn the_warning_after_creating_a_duplicate_by_hand_weighs_its_reasons() {
    let app = TestApp::spawn().await;
    LeadBuilder::new("Desks")
        .contact("Robin Banks")
        .email("robin@nw.test")
        .owner(app.world().sales)
        .create(&mut app.conn());
    let sales = app.client_as("sales").await;
    let created = sales
        .post(
            "/leads",
            &[
                ("title", "Desks again"),
                ("contact_name", "Robin Banks"),
                ("email", "Robin@NW.test"),
                // Saved anyway after the form's own warning.
                ("confirm_duplicates", "1"),
            ],
        )
        .await;
    assert_eq!(created.status, 303);
    let at = created.location.clone().expect("the new record");
    let page = sales.get(&at).await;
    let warning = section(&page.body, "similar-warning");
    let email = reason(warning, "same email robin@nw.test");
    assert!(email.contains("<span class=\"weight\">+"), "{email}");
    assert!(warning.contains("class=\"total\">match "), "{warning}");
}

#[actix_web::test]
async fn another_deal_of_the_same_customer_is_shown_apart_and_never_offered_for_merge() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let customer = {
        let conn = &mut app.conn();
        let input = PartnerInput {
            kind: "company".into(),
            name: "Rossi Costruzioni".into(),
            ..PartnerInput::default()
        };
        partners::create(conn, &input).expect("customer").id
    };
    let deal = |title: &str, contact: &str| {
        LeadBuilder::new(title)
            .contact(contact)
            .partner(customer)
            .owner(w.sales)
            .kind(Kind::Opportunity)
            .by(w.admin)
            .create(&mut app.conn())
            .id
    };
    let first = deal("Warehouse roof", "Marco Rossi");
    let second = deal("Office fit-out", "Giulia Verdi");
    let sales = app.client_as("sales").await;
    let page = sales.get(&format!("/leads/{}/similar", first.0)).await;
    assert!(
        page.body.contains("Another deal of the same customer"),
        "{}",
        page.body
    );
    assert!(page.body.contains(&format!("href=\"/leads/{}\"", second.0)));
    let list = sales
        .get(&format!("/leads/{}/similar?view=list", first.0))
        .await;
    assert!(list.body.contains("Another deal of the same customer"));
    assert!(
        !list
            .body
            .contains(&format!("name=\"ids\" value=\"{}\"", second.0)),
        "no merge box for another deal"
    );
    let lead_page = sales.get(&format!("/leads/{}", first.0)).await;
    assert!(
        !lead_page.body.contains("id=\"similar-button\""),
        "not counted as a duplicate"
    );
}
