//! Every route × every role, generated from the router (issue 13, acceptance).
//!
//! The list of routes is `leadbook::web::route_table()`: the very functions the server
//! registers its routes with, run in recording mode. Each route needs an entry in [`cases`]
//! (how to call it and what each role gets, from `docs/rights.md`); a route added to the app
//! without one fails [`every_route_answers_each_role_as_the_rights_table_says`], and so does an
//! entry for a route that no longer exists.
//!
//! - Roles: anonymous, the salesperson who owns the record (team Europe), a teammate (team
//!   Europe, read-only on a colleague's record), a salesperson of another team (the record
//!   does not exist for them), a manager and an admin. Pages are called with the role's
//!   session and its CSRF token, the API with the role's bearer token.
//! - Every call gets fresh fixtures (a new lead, a new lost reason…), so one call's change
//!   never decides another's answer and one app serves every role.
//! - Every form POST is also sent without a CSRF token and with another session's token, by a
//!   role that would otherwise succeed: 403, and not one row of the database changes.

mod api;
mod api_config;
mod api_leads;
mod configuration;
mod customers;
mod fixtures;
mod http;
mod pages;
mod privacy;
mod webhooks;
mod wizards;

use crate::support::TestApp;
use api::API_CASES;
use api_config::API_CONFIG;
use api_leads::API_LEAD_CASES;
use configuration::CONFIGURATION;
use customers::CUSTOMERS;
use fixtures::{Fx, fingerprint};
use http::{Http, Identity, Token};
use pages::PAGES;
use privacy::PRIVACY;
use serde_json::Value;
use webhooks::WEBHOOKS;
use wizards::WIZARDS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Anonymous,
    /// `sales`: the salesperson of every fixture record (team Europe).
    Owner,
    /// `mate`: another salesperson of team Europe.
    Teammate,
    /// `other`: a salesperson of team Asia.
    Other,
    Manager,
    Admin,
}

const ROLES: [Role; 6] = [
    Role::Anonymous,
    Role::Owner,
    Role::Teammate,
    Role::Other,
    Role::Manager,
    Role::Admin,
];

/// The expected status for each role, in [`ROLES`] order.
type Expect = [u16; 6];

/// Pages anyone signed in may use.
const ALL: Expect = [303, 200, 200, 200, 200, 200];

/// A record page: the owner's and the team's, not another team's (404).
const READ: Expect = [303, 200, 200, 404, 200, 200];

/// A change to a record: a teammate's record is read-only (403), another team's is unknown.
const WRITE: Expect = [303, 303, 403, 404, 303, 303];

/// A page that changes a record (a wizard's form).
const WRITE_PAGE: Expect = [303, 200, 403, 404, 200, 200];

/// Configuration for managers and admins.
const MANAGER: Expect = [303, 403, 403, 403, 200, 200];

const MANAGER_POST: Expect = [303, 403, 403, 403, 303, 303];

/// Configuration for admins.
const ADMIN: Expect = [303, 403, 403, 403, 403, 200];

const ADMIN_POST: Expect = [303, 403, 403, 403, 403, 303];

/// API: no token is 401.
const API_ALL: Expect = [401, 200, 200, 200, 200, 200];

const API_READ: Expect = [401, 200, 200, 404, 200, 200];

const API_WRITE: Expect = [401, 200, 403, 404, 200, 200];

/// What to send.
enum Body {
    None,
    /// Form fields; the CSRF token is added by the runner.
    Form(Vec<(&'static str, String)>),
    /// A `multipart/form-data` upload: text fields and one `file`.
    Multipart(Vec<(&'static str, String)>, &'static str),
    Json(Value),
}

struct Req {
    path: String,
    body: Body,
}

impl Req {
    fn get(path: impl Into<String>) -> Req {
        Req {
            path: path.into(),
            body: Body::None,
        }
    }

    fn form(path: impl Into<String>, fields: Vec<(&'static str, String)>) -> Req {
        Req {
            path: path.into(),
            body: Body::Form(fields),
        }
    }

    fn json(path: impl Into<String>, value: Value) -> Req {
        Req {
            path: path.into(),
            body: Body::Json(value),
        }
    }
}

/// One route: how to call it and what each role gets.
struct Case {
    method: &'static str,
    path: &'static str,
    expect: Expect,
    /// The request, with fresh fixtures, for that role.
    setup: fn(&Fx, Role) -> Req,
}

const API: &str = "/api/v1";

const FILE: &str = "Name;E-mail\nRobin Banks;robin@banks.test\n";

fn s(v: impl ToString) -> String {
    v.to_string()
}

/// Every route of the app, pages then API, with the rights of `docs/rights.md`.
fn cases() -> impl Iterator<Item = &'static Case> {
    [
        PAGES,
        CUSTOMERS,
        WIZARDS,
        CONFIGURATION,
        API_CASES,
        API_LEAD_CASES,
        API_CONFIG,
        WEBHOOKS,
        PRIVACY,
    ]
    .into_iter()
    .flatten()
}

fn case_for(method: &str, path: &str) -> Option<&'static Case> {
    cases().find(|c| c.method == method && c.path == path)
}

/// The routes of the app, `/logout` last (it ends the session the other calls use).
fn routes() -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = leadbook::web::route_table()
        .into_iter()
        .map(|(m, p)| (m.to_string(), p))
        .collect();
    all.sort_by_key(|(_, p)| p == "/logout");
    all
}

#[test]
fn every_route_of_the_app_has_an_entry_and_every_entry_a_route() {
    let routes = routes();
    let missing: Vec<String> = routes
        .iter()
        .filter(|(m, p)| case_for(m, p).is_none())
        .map(|(m, p)| format!("{m} {p}"))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without an entry in `cases()` (say what each role gets, from docs/rights.md): \
         {missing:#?}"
    );
    let stale: Vec<String> = cases()
        .filter(|c| !routes.iter().any(|(m, p)| m == c.method && p == c.path))
        .map(|c| format!("{} {}", c.method, c.path))
        .collect();
    assert!(stale.is_empty(), "entries for no route: {stale:#?}");
    assert!(
        routes.len() > 90,
        "the route table looks truncated: {}",
        routes.len()
    );
}

#[actix_web::test]
async fn every_route_answers_each_role_as_the_rights_table_says() {
    let app = TestApp::spawn().await;
    let fx = Fx::new(&app);
    let http = Http::new(&app);
    let who = http.identities(&fx).await;
    let mut wrong = Vec::new();
    for (method, path) in routes() {
        let Some(case) = case_for(&method, &path) else {
            wrong.push(format!("{method} {path}: no entry in `cases()`"));
            continue;
        };
        for (i, role) in ROLES.iter().enumerate() {
            let req = (case.setup)(&fx, *role);
            let answer = http.send(&method, &who[i], &req, Token::Own).await;
            let expected = case.expect[i];
            if answer.status != expected {
                let excerpt: String = answer.body.chars().take(300).collect();
                wrong.push(format!(
                    "{method} {} as {role:?}: {} (expected {expected}) {} {excerpt}",
                    req.path, answer.status, answer.location
                ));
            } else if *role == Role::Anonymous
                && answer.status == 303
                && path != "/login"
                && !answer.location.starts_with("/login")
            {
                wrong.push(format!(
                    "{method} {} as anonymous: redirected to {}, not to the sign-in page",
                    req.path, answer.location
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} answers disagree with the rights table:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    app.stop().await;
}

#[actix_web::test]
async fn every_form_post_without_the_session_token_is_refused_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let fx = Fx::new(&app);
    let http = Http::new(&app);
    let who = http.identities(&fx).await;
    // A token that is valid, but for another session (another user's).
    let foreign = who[3].csrf.clone();
    let mut wrong = Vec::new();
    let mut checked = 0;
    for (method, path) in routes() {
        if method != "POST" || path.starts_with(API) {
            continue;
        }
        let case = case_for(&method, &path).expect("an entry (see the route test)");
        // The first role this POST succeeds for, so only the token stands in the way.
        let Some(i) = (0..ROLES.len()).find(|&i| {
            let ok = matches!(case.expect[i], 200 | 201 | 303);
            let anonymous_redirect = ROLES[i] == Role::Anonymous && path != "/login";
            ok && !anonymous_redirect
        }) else {
            wrong.push(format!("{path}: no role may post it"));
            continue;
        };
        for (label, token) in [
            ("without a token", Token::Missing),
            ("with another session's token", Token::Foreign(&foreign)),
        ] {
            let req = (case.setup)(&fx, ROLES[i]);
            let before = fingerprint(&mut fx.conn());
            let answer = http.send(&method, &who[i], &req, token).await;
            let after = fingerprint(&mut fx.conn());
            if answer.status != 403 {
                wrong.push(format!(
                    "POST {} as {:?} {label}: {} (expected 403)",
                    req.path, ROLES[i], answer.status
                ));
            }
            if before != after {
                let changed: Vec<&String> = after.iter().filter(|r| !before.contains(r)).collect();
                wrong.push(format!(
                    "POST {} as {:?} {label} wrote: {changed:?}",
                    req.path, ROLES[i]
                ));
            }
            checked += 1;
        }
    }
    assert!(checked >= 80, "only {checked} forged posts were tried");

    api_refuses_a_session_cookie(&fx, &http, &who[5], &mut wrong).await;

    // The fingerprint does see a write: the same note with the right token changes it.
    let note = case_for("POST", "/leads/{id}/note").expect("the note route");
    let req = (note.setup)(&fx, Role::Owner);
    let before = fingerprint(&mut fx.conn());
    let answer = http.send("POST", &who[1], &req, Token::Own).await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert_ne!(before, fingerprint(&mut fx.conn()), "the note is not seen");
    assert!(wrong.is_empty(), "forged posts:\n{}", wrong.join("\n"));
    app.stop().await;
}

/// The API takes no session cookie, so a page cannot post to it on a user's behalf: an
/// admin's cookie without a bearer token is 401, and nothing is written. Adds what is wrong
/// to `wrong`.
async fn api_refuses_a_session_cookie(
    fx: &Fx,
    http: &Http,
    admin: &Identity,
    wrong: &mut Vec<String>,
) {
    let cookie_only = Identity {
        cookie: admin.cookie.clone(),
        csrf: admin.csrf.clone(),
        bearer: None,
    };
    for (method, path) in routes() {
        if method == "GET" || !path.starts_with(API) {
            continue;
        }
        let case = case_for(&method, &path).expect("an entry (see the route test)");
        let req = (case.setup)(fx, Role::Admin);
        let before = fingerprint(&mut fx.conn());
        let answer = http.send(&method, &cookie_only, &req, Token::Own).await;
        if answer.status != 401 || before != fingerprint(&mut fx.conn()) {
            wrong.push(format!(
                "{method} {} with a session cookie and no token: {}",
                req.path, answer.status
            ));
        }
    }
}
