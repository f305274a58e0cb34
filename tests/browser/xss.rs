//! Browser test of output escaping (issue 13, acceptance): script payloads in every text
//! field a user can fill, then every page that shows them, in real Chromium. Nothing runs:
//! `window.__xss` stays undefined, no injected `<script>`, no injected event handler, no
//! `javascript:` link, and the payloads read as plain text where the page shows the field.
//!
//! ```sh
//! LEADBOOK_E2E=1 cargo test --features browser --test browser_xss
//! ```
#![cfg(feature = "browser")]

use crate::browser_support::Browser;
use crate::support::actor;
use crate::support::{PASSWORD, TestApp};
use leadbook::db::DbConn;
use leadbook::domain::ids::{LeadId, LostReasonId, Owner, PartnerId, TeamId, UserId};
use leadbook::domain::models::identities::{self, IdentityChannel};
use leadbook::domain::models::leads::{self, AddressInput, DetailsInput, Kind, LeadInput};
use leadbook::domain::models::partners::{self, PartnerInput};
use leadbook::domain::models::users::{self, UserInput};
use leadbook::domain::models::{lost_reasons, teams};
use leadbook::domain::records;
use leadbook::domain::wizards::lost::{MarkLost, ReasonChoice};

const SCRIPT: &str = "<script>window.__xss=1</script>";
const ATTRIBUTE: &str = "\"><img src=x onerror=\"window.__xss=1\">";
const SINGLE: &str = "'><svg onload=window.__xss=1>";
const URL: &str = "javascript:window.__xss=1";
const TEMPLATE: &str = "{{7*7}}";

/// What each field holds: a payload and a word saying which field it is.
struct Payloads {
    title: String,
    contact: String,
    company: String,
    /// An address the email check accepts that would break out of an attribute.
    email: String,
    street: String,
    city: String,
    description: String,
    tag: String,
    handle: String,
    note: String,
    reason: String,
    user: String,
    team: String,
    customer: String,
}

impl Payloads {
    fn new() -> Payloads {
        Payloads {
            title: format!("{SCRIPT} Title"),
            contact: format!("{ATTRIBUTE} Contact"),
            company: format!("{SINGLE} Company"),
            email: "\"onmouseover=\"window.__xss=1\"x@evil.test".into(),
            street: format!("{ATTRIBUTE} Street"),
            city: format!("{TEMPLATE} City"),
            description: format!("{SCRIPT} {ATTRIBUTE} {TEMPLATE} Description"),
            tag: format!("{ATTRIBUTE} Tag"),
            handle: format!("{SCRIPT}Handle"),
            note: format!("{ATTRIBUTE} Note {SCRIPT}"),
            reason: format!("{SCRIPT} Reason"),
            user: format!("{ATTRIBUTE} User"),
            team: format!("{SINGLE} Team"),
            customer: format!("{SCRIPT} Customer"),
        }
    }
}

/// A record with a payload in every text field, owned by `owner`.
fn record(
    conn: &mut DbConn,
    p: &Payloads,
    owner: UserId,
    team: TeamId,
    kind: Kind,
    which: &str,
) -> LeadId {
    let input = LeadInput {
        title: format!("{} {which}", p.title),
        contact_name: p.contact.clone(),
        company_name: p.company.clone(),
        email: p.email.clone(),
        address: AddressInput {
            street: p.street.clone(),
            street2: format!("{TEMPLATE} Street 2"),
            city: p.city.clone(),
            zip: SINGLE.into(),
            state: format!("{ATTRIBUTE} State"),
            ..AddressInput::default()
        },
        details: DetailsInput {
            website: URL.into(),
            ..DetailsInput::default()
        },
        description: p.description.clone(),
        tags: p.tag.clone(),
        salesperson_id: owner.to_string(),
        team_id: team.to_string(),
        ..LeadInput::default()
    };
    let id = leads::create(conn, owner, kind, &input)
        .expect("a record with payloads")
        .id;
    identities::add(conn, Owner::Lead(id), IdentityChannel::Vk, &p.handle, "IT")
        .expect("a messenger handle with a payload");
    id
}

/// What a page must not do, and the text it shows.
struct Check {
    ran: bool,
    injected: Vec<String>,
    /// Every text node of the body.
    text: String,
}

async fn check(browser: &Browser, path: &str) -> Check {
    browser.goto(path).await;
    let answer = browser
        .driver
        .execute(
            r#"const bad = [];
               for (const el of document.querySelectorAll('*')) {
                 for (const a of el.attributes) {
                   const name = a.name.toLowerCase();
                   const value = a.value.trim().toLowerCase();
                   if (name.startsWith('on') && value.includes('__xss')) {
                     bad.push(`${el.tagName} ${name}=${a.value}`);
                   }
                   if (['href', 'src', 'action', 'formaction'].includes(name)
                       && value.startsWith('javascript:')) {
                     bad.push(`${el.tagName} ${name}=${a.value}`);
                   }
                 }
                 if (el.tagName === 'SCRIPT' && el.textContent.includes('__xss')) {
                   bad.push(`SCRIPT ${el.textContent}`);
                 }
               }
               return {
                 ran: typeof window.__xss !== 'undefined',
                 bad,
                 // Text nodes, folded <details> included: markup would not be here.
                 text: document.body ? document.body.textContent : '',
               };"#,
            vec![],
        )
        .await
        .unwrap_or_else(|e| panic!("inspect {path}: {e}"));
    let value = answer.json();
    Check {
        ran: value["ran"].as_bool().unwrap_or(true),
        injected: value["bad"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|v| v.as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default(),
        text: value["text"].as_str().unwrap_or_default().to_string(),
    }
}

/// The ids of what [`plant`] made.
struct Planted {
    user: UserId,
    team: TeamId,
    reason: LostReasonId,
    customer: PartnerId,
    /// Two look-alike opportunities (similar, duplicates, merge).
    a: LeadId,
    b: LeadId,
    /// A lead (list, convert).
    lead: LeadId,
    /// Lost with the payload reason (reports, lost reasons).
    lost: LeadId,
}

/// A user, a team, records, a note, a lost reason and a customer, each text a payload.
fn plant(conn: &mut DbConn, p: &Payloads) -> Planted {
    // A salesperson and a team with payload names.
    let user = users::create(
        conn,
        &leadbook::domain::access::Actor::operator(),
        &UserInput {
            login: "payload".into(),
            name: p.user.clone(),
            email: "payload@leadbook.test".into(),
            role: "salesperson".into(),
            language: "en".into(),
            password: PASSWORD.into(),
            password_confirm: PASSWORD.into(),
        },
    )
    .expect("a user with a payload name")
    .id;
    let team = teams::create(conn, &p.team, Some(user)).expect("a team with a payload name");
    teams::add_member(conn, team.id, user).expect("member");
    let team = team.id;

    let a = record(conn, p, user, team, Kind::Opportunity, "A");
    let b = record(conn, p, user, team, Kind::Opportunity, "B");
    let lead = record(conn, p, user, team, Kind::Lead, "L");
    let lost = record(conn, p, user, team, Kind::Opportunity, "C");
    let owner = actor(conn, user);
    records::post_note(conn, &owner, a, &p.note).expect("a note with a payload");
    let manager = users::find_by_login(conn, "manager").expect("the world's manager");
    let manager = actor(conn, manager.id);
    let reason = lost_reasons::create(conn, &manager, &p.reason)
        .expect("a lost reason with a payload")
        .id;
    MarkLost {
        lead_ids: vec![lost],
        reason: ReasonChoice::Existing(reason),
        closing_note: Some(format!("{SCRIPT} Closing note")),
    }
    .apply(conn, &owner)
    .expect("lost with the payload reason");
    let customer = partners::create(
        conn,
        &PartnerInput {
            kind: "company".into(),
            name: p.customer.clone(),
            street: p.street.clone(),
            city: p.city.clone(),
            website: URL.into(),
            ..PartnerInput::default()
        },
    )
    .expect("a customer with a payload name")
    .id;
    Planted {
        user,
        team,
        reason,
        customer,
        a,
        b,
        lead,
        lost,
    }
}

#[actix_web::test]
async fn payloads_in_every_text_field_never_run_on_any_page_that_shows_them() {
    let app = TestApp::spawn().await;
    let p = Payloads::new();
    let planted = plant(&mut app.conn(), &p);

    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("admin").await;

    let mut wrong = Vec::new();
    for (path, shown) in &pages(&p, &planted) {
        let seen = check(&browser, path).await;
        if seen.ran {
            wrong.push(format!("{path}: a payload ran (window.__xss is set)"));
        }
        for injected in &seen.injected {
            wrong.push(format!("{path}: injected markup: {injected}"));
        }
        for text in shown {
            if !seen.text.contains(text.as_str()) {
                wrong.push(format!("{path}: {text:?} is not shown as text"));
            }
        }
        if seen.text.contains("49 City") {
            wrong.push(format!("{path}: {TEMPLATE} was evaluated"));
        }
    }
    check_the_forms(&browser, &p, &planted, &mut wrong).await;
    if !wrong.is_empty() {
        browser.screenshot("xss-failure").await;
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    browser.quit().await;
    app.stop().await;
}

/// Each page, and the payloads it must show as text.
fn pages(p: &Payloads, planted: &Planted) -> Vec<(String, Vec<String>)> {
    let Planted {
        user,
        reason,
        customer,
        a,
        b,
        lead,
        lost,
        ..
    } = planted;
    let title = |which: &str| format!("{} {which}", p.title);
    let q = leadbook::web::urlencode(ATTRIBUTE);
    let js = leadbook::web::urlencode(URL);
    vec![
        ("/pipeline".into(), vec![title("A"), title("B")]),
        (format!("/pipeline?q={q}"), vec![]),
        ("/opportunities".into(), vec![title("A"), p.contact.clone()]),
        (format!("/opportunities?q={q}"), vec![]),
        ("/leads".into(), vec![title("L")]),
        (
            format!("/leads/{a}"),
            vec![
                title("A"),
                p.contact.clone(),
                p.company.clone(),
                p.email.clone(),
                p.street.clone(),
                p.city.clone(),
                p.description.clone(),
                p.tag.clone(),
                p.handle.clone(),
                p.note.clone(),
                p.user.clone(),
                p.team.clone(),
            ],
        ),
        (format!("/leads/{a}/edit"), vec![]),
        (format!("/leads/{a}/similar"), vec![title("A"), title("B")]),
        (
            format!("/leads/merge?ids={a}&ids={b}"),
            vec![title("A"), title("B")],
        ),
        (format!("/leads/{a}/lost"), vec![title("A")]),
        (
            format!("/leads/lost?ids={a}&ids={b}&next={q}"),
            vec![title("A"), title("B")],
        ),
        (format!("/leads/{lead}/convert"), vec![title("L")]),
        (format!("/leads/convert?ids={lead}"), vec![title("L")]),
        // A `next` that is a script URL must not become the Cancel link.
        (format!("/leads/lost?ids={a}&next={js}"), vec![title("A")]),
        (format!("/leads/convert?ids={lead}&next={js}"), vec![]),
        (format!("/leads/{lost}"), vec![title("C"), p.reason.clone()]),
        ("/duplicates".into(), vec![title("A"), title("B")]),
        ("/data-quality".into(), vec![]),
        ("/reporting/lost-reasons".into(), vec![p.reason.clone()]),
        ("/config/lost-reasons".into(), vec![p.reason.clone()]),
        (format!("/config/lost-reasons/{reason}"), vec![]),
        ("/config/users".into(), vec![p.user.clone()]),
        (format!("/config/users/{}", user.0), vec![]),
        ("/config/teams".into(), vec![p.user.clone()]),
        ("/customers".into(), vec![p.customer.clone()]),
        (format!("/customers/{customer}"), vec![p.customer.clone()]),
    ]
}

/// In form fields the payloads come back as the values typed. Adds what is wrong to `wrong`.
async fn check_the_forms(
    browser: &Browser,
    p: &Payloads,
    planted: &Planted,
    wrong: &mut Vec<String>,
) {
    let (a, team) = (planted.a, planted.team);
    let title = |which: &str| format!("{} {which}", p.title);
    let q = leadbook::web::urlencode(ATTRIBUTE);
    browser.goto(&format!("/leads/{a}/edit")).await;
    for (field, expected) in [
        ("#title", title("A")),
        ("#contact_name", p.contact.clone()),
        ("#street", p.street.clone()),
        ("#website", URL.to_string()),
    ] {
        let value = browser.value(field).await;
        if value != expected {
            wrong.push(format!(
                "edit form {field}: {value:?}, expected {expected:?}"
            ));
        }
    }
    browser.goto("/config/teams").await;
    let name = browser.value(&format!("#team-{team}-name")).await;
    if name != p.team {
        wrong.push(format!("team name: {name:?}, expected {:?}", p.team));
    }
    browser.goto(&format!("/opportunities?q={q}")).await;
    let typed = browser.value("input[name='q']").await;
    if typed != ATTRIBUTE {
        wrong.push(format!("search box: {typed:?}, expected the search typed"));
    }
}
