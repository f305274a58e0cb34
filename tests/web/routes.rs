//! Every route × every role, generated from the router (issue 13, acceptance).
//!
//! The list of routes is `leadbook::web::route_table()`: the very functions the server
//! registers its routes with, run in recording mode. Each route needs an entry in [`CASES`]
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

use std::cell::Cell;

use crate::support::{PASSWORD, TestApp};
use diesel::QueryableByName;
use diesel::RunQueryDsl;
use diesel::sql_types::Text;
use leadbook::db::DbConn;
use leadbook::domain::access::Actor;
use leadbook::domain::ids::{LeadId, LostReasonId, PartnerId, StageId, TeamId, TokenId, UserId};
use leadbook::domain::models::leads::{self, Kind, LeadInput};
use leadbook::domain::models::partners::{self, PartnerInput};
use leadbook::domain::models::users::{self, UserInput};
use leadbook::domain::models::{api_tokens, lost_reasons, stages, teams};
use leadbook::domain::wizards::lost::{MarkLost, ReasonChoice};
use leadbook::domain::wizards::merge::Merge;
use serde_json::{Value, json};

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
const CASES: &[Case] = &[
    // Sign-in and first run.
    Case {
        method: "GET",
        path: "/",
        expect: [303; 6],
        setup: |_, _| Req::get("/"),
    },
    Case {
        method: "GET",
        path: "/setup",
        // Users exist: setup is over, for everybody.
        expect: [303; 6],
        setup: |_, _| Req::get("/setup"),
    },
    Case {
        method: "POST",
        path: "/setup",
        expect: [303; 6],
        setup: |fx, _| {
            let login = fx.unique("setup");
            Req::form(
                "/setup",
                vec![
                    ("login", login.clone()),
                    ("name", s("Second Admin")),
                    ("email", format!("{login}@leadbook.test")),
                    ("password", s(PASSWORD)),
                    ("password_confirm", s(PASSWORD)),
                ],
            )
        },
    },
    Case {
        method: "GET",
        path: "/login",
        expect: [200, 303, 303, 303, 303, 303],
        setup: |_, _| Req::get("/login"),
    },
    Case {
        method: "POST",
        path: "/login",
        expect: [303; 6],
        setup: |_, _| {
            Req::form(
                "/login",
                vec![("login", s("sales")), ("password", s(PASSWORD))],
            )
        },
    },
    Case {
        method: "POST",
        path: "/logout",
        expect: [303; 6],
        setup: |_, _| Req::form("/logout", vec![]),
    },
    // Records.
    Case {
        method: "GET",
        path: "/pipeline",
        expect: ALL,
        setup: |_, _| Req::get("/pipeline"),
    },
    Case {
        method: "GET",
        path: "/leads",
        expect: ALL,
        setup: |_, _| Req::get("/leads"),
    },
    Case {
        method: "POST",
        path: "/leads",
        expect: [303; 6],
        setup: |fx, role| {
            Req::form(
                "/leads",
                vec![
                    ("title", s("Created in the route test")),
                    ("salesperson_id", fx.user_field(role)),
                ],
            )
        },
    },
    Case {
        method: "GET",
        path: "/leads/new",
        expect: ALL,
        setup: |_, _| Req::get("/leads/new"),
    },
    Case {
        method: "GET",
        path: "/leads/export.csv",
        expect: ALL,
        setup: |_, _| Req::get("/leads/export.csv"),
    },
    Case {
        method: "POST",
        path: "/leads/actions",
        // A list's action skips the ticked records the user cannot see (the list may be
        // stale): "0 records tagged", the record not named.
        expect: [303, 303, 403, 303, 303, 303],
        setup: |fx, _| {
            Req::form(
                "/leads/actions",
                vec![
                    ("ids", s(fx.lead())),
                    ("action", s("add_tag")),
                    ("tag", s("checked")),
                ],
            )
        },
    },
    Case {
        method: "GET",
        path: "/leads/{id}",
        expect: READ,
        setup: |fx, _| Req::get(format!("/leads/{}", fx.lead())),
    },
    Case {
        method: "GET",
        path: "/leads/{id}/edit",
        expect: WRITE_PAGE,
        setup: |fx, _| Req::get(format!("/leads/{}/edit", fx.lead())),
    },
    Case {
        method: "POST",
        path: "/leads/{id}/edit",
        expect: WRITE,
        setup: |fx, _| {
            Req::form(
                format!("/leads/{}/edit", fx.lead()),
                vec![
                    ("title", s("Edited in the route test")),
                    ("salesperson_id", s(fx.sales)),
                    ("team_id", s(fx.europe)),
                ],
            )
        },
    },
    Case {
        method: "POST",
        path: "/leads/{id}/stage",
        expect: WRITE,
        setup: |fx, _| {
            Req::form(
                format!("/leads/{}/stage", fx.lead()),
                vec![("stage_id", s(fx.stage))],
            )
        },
    },
    Case {
        method: "POST",
        path: "/leads/{id}/won",
        expect: WRITE,
        setup: |fx, _| Req::form(format!("/leads/{}/won", fx.lead()), vec![]),
    },
    Case {
        method: "POST",
        path: "/leads/{id}/note",
        // Reading includes posting a note.
        expect: [303, 303, 303, 404, 303, 303],
        setup: |fx, _| {
            Req::form(
                format!("/leads/{}/note", fx.lead()),
                vec![("body", s("A note from the route test"))],
            )
        },
    },
    Case {
        method: "GET",
        path: "/leads/{id}/similar",
        expect: READ,
        setup: |fx, _| Req::get(format!("/leads/{}/similar", fx.lead())),
    },
    Case {
        method: "POST",
        path: "/leads/{id}/not-duplicate",
        expect: [303, 303, 303, 404, 303, 303],
        setup: |fx, _| {
            Req::form(
                format!("/leads/{}/not-duplicate", fx.lead()),
                vec![("other", s(fx.lead())), ("reason", s("Different people"))],
            )
        },
    },
    Case {
        method: "GET",
        path: "/customers",
        expect: ALL,
        setup: |_, _| Req::get("/customers"),
    },
    Case {
        method: "GET",
        path: "/customers/{id}",
        expect: ALL,
        setup: |fx, _| Req::get(format!("/customers/{}", fx.customer())),
    },
    Case {
        method: "GET",
        path: "/opportunities",
        expect: ALL,
        setup: |_, _| Req::get("/opportunities"),
    },
    Case {
        method: "GET",
        path: "/opportunities/export.csv",
        expect: ALL,
        setup: |_, _| Req::get("/opportunities/export.csv"),
    },
    Case {
        method: "POST",
        path: "/opportunities/actions",
        expect: [303, 303, 403, 303, 303, 303],
        setup: |fx, _| {
            Req::form(
                "/opportunities/actions",
                vec![
                    ("ids", s(fx.opportunity())),
                    ("action", s("add_tag")),
                    ("tag", s("checked")),
                ],
            )
        },
    },
    // Wizards.
    Case {
        method: "GET",
        path: "/leads/merge",
        // The preview names the records a teammate may not merge.
        expect: READ,
        setup: |fx, _| Req::get(format!("/leads/merge?ids={}&ids={}", fx.lead(), fx.lead())),
    },
    Case {
        method: "POST",
        path: "/leads/merge",
        expect: WRITE,
        setup: |fx, _| {
            let (a, b) = (fx.lead(), fx.lead());
            Req::form(
                "/leads/merge",
                vec![
                    ("ids", s(a)),
                    ("ids", s(b)),
                    ("primary", s(a)),
                    ("confirm", s("1")),
                ],
            )
        },
    },
    Case {
        method: "POST",
        path: "/merges/{id}/undo",
        // The user who merged, managers and admins.
        expect: [303, 303, 403, 404, 303, 303],
        setup: |fx, _| Req::form(format!("/merges/{}/undo", fx.merge()), vec![]),
    },
    Case {
        method: "GET",
        path: "/leads/convert",
        expect: WRITE_PAGE,
        setup: |fx, _| Req::get(format!("/leads/convert?ids={}", fx.lead())),
    },
    Case {
        method: "POST",
        path: "/leads/convert",
        expect: WRITE,
        setup: |fx, _| {
            Req::form(
                "/leads/convert",
                vec![
                    ("ids", s(fx.lead())),
                    ("salesperson_ids", s(fx.sales)),
                    ("team_id", s(fx.europe)),
                    ("customer", s("none")),
                ],
            )
        },
    },
    Case {
        method: "GET",
        path: "/leads/{id}/convert",
        expect: WRITE_PAGE,
        setup: |fx, _| Req::get(format!("/leads/{}/convert", fx.lead())),
    },
    Case {
        method: "POST",
        path: "/leads/{id}/convert",
        expect: WRITE,
        setup: |fx, _| {
            Req::form(
                format!("/leads/{}/convert", fx.lead()),
                vec![
                    ("action", s("convert")),
                    ("customer", s("none")),
                    ("salesperson_id", s(fx.sales)),
                    ("team_id", s(fx.europe)),
                ],
            )
        },
    },
    Case {
        method: "GET",
        path: "/leads/lost",
        expect: WRITE_PAGE,
        setup: |fx, _| Req::get(format!("/leads/lost?ids={}", fx.lead())),
    },
    Case {
        method: "POST",
        path: "/leads/lost",
        expect: WRITE,
        setup: |fx, _| {
            Req::form(
                "/leads/lost",
                vec![("ids", s(fx.lead())), ("lost_reason_id", s(fx.reason))],
            )
        },
    },
    Case {
        method: "GET",
        path: "/leads/{id}/lost",
        expect: WRITE_PAGE,
        setup: |fx, _| Req::get(format!("/leads/{}/lost", fx.lead())),
    },
    Case {
        method: "POST",
        path: "/leads/unarchive",
        expect: WRITE,
        setup: |fx, _| Req::form("/leads/unarchive", vec![("ids", s(fx.archived_lead()))]),
    },
    Case {
        method: "POST",
        path: "/leads/archive",
        expect: WRITE,
        setup: |fx, _| Req::form("/leads/archive", vec![("ids", s(fx.lead()))]),
    },
    Case {
        method: "POST",
        path: "/leads/{id}/restore",
        expect: WRITE,
        setup: |fx, _| Req::form(format!("/leads/{}/restore", fx.lost_lead()), vec![]),
    },
    Case {
        method: "POST",
        path: "/leads/{id}/archive",
        expect: WRITE,
        setup: |fx, _| Req::form(format!("/leads/{}/archive", fx.lead()), vec![]),
    },
    // Reports.
    Case {
        method: "GET",
        path: "/reporting",
        // The index opens the lost reasons report.
        expect: [303; 6],
        setup: |_, _| Req::get("/reporting"),
    },
    Case {
        method: "GET",
        path: "/reporting/lost-reasons",
        expect: ALL,
        setup: |_, _| Req::get("/reporting/lost-reasons"),
    },
    // Duplicates.
    Case {
        method: "GET",
        path: "/duplicates",
        expect: MANAGER,
        setup: |_, _| Req::get("/duplicates"),
    },
    Case {
        method: "GET",
        path: "/data-quality",
        expect: MANAGER,
        setup: |_, _| Req::get("/data-quality"),
    },
    // Own preferences and API tokens.
    Case {
        method: "GET",
        path: "/preferences",
        expect: ALL,
        setup: |_, _| Req::get("/preferences"),
    },
    Case {
        method: "POST",
        path: "/preferences",
        expect: [303; 6],
        setup: |_, _| Req::form("/preferences", vec![("language", s("en"))]),
    },
    Case {
        method: "GET",
        path: "/preferences/api-tokens",
        expect: ALL,
        setup: |_, _| Req::get("/preferences/api-tokens"),
    },
    Case {
        method: "POST",
        path: "/preferences/api-tokens",
        // The new token is shown on the answer itself.
        expect: ALL,
        setup: |_, _| Req::form("/preferences/api-tokens", vec![("name", s("route test"))]),
    },
    Case {
        method: "POST",
        path: "/preferences/api-tokens/{id}/revoke",
        // One's own tokens only; someone else's does not exist here.
        expect: [303, 303, 404, 404, 404, 404],
        setup: |fx, _| {
            Req::form(
                format!("/preferences/api-tokens/{}/revoke", fx.token_of(fx.sales)),
                vec![],
            )
        },
    },
    // Configuration.
    Case {
        method: "GET",
        path: "/config/stages",
        expect: MANAGER,
        setup: |_, _| Req::get("/config/stages"),
    },
    Case {
        method: "POST",
        path: "/config/stages",
        expect: MANAGER_POST,
        setup: |fx, _| {
            Req::form(
                "/config/stages",
                vec![("name", fx.unique("Stage")), ("probability", s(10))],
            )
        },
    },
    Case {
        method: "POST",
        path: "/config/stages/{id}",
        expect: MANAGER_POST,
        setup: |fx, _| {
            Req::form(
                format!("/config/stages/{}", fx.new_stage()),
                vec![("name", fx.unique("Stage")), ("probability", s(20))],
            )
        },
    },
    Case {
        method: "POST",
        path: "/config/stages/{id}/move",
        expect: MANAGER_POST,
        setup: |fx, _| {
            Req::form(
                format!("/config/stages/{}/move", fx.new_stage()),
                vec![("direction", s("up"))],
            )
        },
    },
    Case {
        method: "GET",
        path: "/config/teams",
        expect: MANAGER,
        setup: |_, _| Req::get("/config/teams"),
    },
    Case {
        method: "POST",
        path: "/config/teams",
        expect: MANAGER_POST,
        setup: |fx, _| Req::form("/config/teams", vec![("name", fx.unique("Team"))]),
    },
    Case {
        method: "POST",
        path: "/config/teams/{id}",
        expect: MANAGER_POST,
        setup: |fx, _| {
            Req::form(
                format!("/config/teams/{}", fx.new_team()),
                vec![("name", fx.unique("Team"))],
            )
        },
    },
    Case {
        method: "GET",
        path: "/config/settings",
        expect: ADMIN,
        setup: |_, _| Req::get("/config/settings"),
    },
    Case {
        method: "POST",
        path: "/config/settings",
        expect: ADMIN_POST,
        // The defaults, saved again.
        setup: |_, _| {
            Req::form(
                "/config/settings",
                vec![
                    ("leads_enabled", s("on")),
                    ("default_country", s("IT")),
                    ("intake_duplicates", s("flag")),
                ],
            )
        },
    },
    Case {
        method: "GET",
        path: "/config/duplicate-finder",
        expect: ADMIN,
        setup: |_, _| Req::get("/config/duplicate-finder"),
    },
    Case {
        method: "POST",
        path: "/config/duplicate-finder/retrain",
        expect: ADMIN_POST,
        setup: |_, _| Req::form("/config/duplicate-finder/retrain", vec![]),
    },
    Case {
        method: "GET",
        path: "/config/users",
        expect: ADMIN,
        setup: |_, _| Req::get("/config/users"),
    },
    Case {
        method: "GET",
        path: "/config/users/new",
        expect: ADMIN,
        setup: |_, _| Req::get("/config/users/new"),
    },
    Case {
        method: "POST",
        path: "/config/users",
        expect: ADMIN_POST,
        setup: |fx, _| Req::form("/config/users", fx.user_form(&fx.unique("user"))),
    },
    Case {
        method: "GET",
        path: "/config/users/{id}",
        expect: ADMIN,
        setup: |fx, _| Req::get(format!("/config/users/{}", fx.new_user().0)),
    },
    Case {
        method: "POST",
        path: "/config/users/{id}",
        expect: ADMIN_POST,
        setup: |fx, _| {
            let (id, login) = fx.new_user();
            Req::form(format!("/config/users/{id}"), fx.user_form(&login))
        },
    },
    Case {
        method: "POST",
        path: "/config/users/{id}/tokens/{token}/revoke",
        // Admins any user's token; the owner their own (as on Preferences).
        expect: [303, 303, 403, 403, 403, 303],
        setup: |fx, _| {
            let token = fx.token_of(fx.sales);
            Req::form(
                format!("/config/users/{}/tokens/{token}/revoke", fx.sales),
                vec![],
            )
        },
    },
    Case {
        method: "GET",
        path: "/config/lost-reasons",
        expect: MANAGER,
        setup: |_, _| Req::get("/config/lost-reasons"),
    },
    Case {
        method: "POST",
        path: "/config/lost-reasons",
        expect: MANAGER_POST,
        setup: |fx, _| Req::form("/config/lost-reasons", vec![("name", fx.unique("Reason"))]),
    },
    Case {
        method: "GET",
        path: "/config/lost-reasons/{id}",
        expect: MANAGER,
        setup: |fx, _| Req::get(format!("/config/lost-reasons/{}", fx.new_reason())),
    },
    Case {
        method: "POST",
        path: "/config/lost-reasons/{id}",
        expect: MANAGER_POST,
        setup: |fx, _| {
            Req::form(
                format!("/config/lost-reasons/{}", fx.new_reason()),
                vec![("name", fx.unique("Reason"))],
            )
        },
    },
    Case {
        method: "POST",
        path: "/config/lost-reasons/{id}/archive",
        expect: MANAGER_POST,
        setup: |fx, _| {
            Req::form(
                format!("/config/lost-reasons/{}/archive", fx.new_reason()),
                vec![],
            )
        },
    },
    Case {
        method: "POST",
        path: "/config/lost-reasons/{id}/unarchive",
        expect: MANAGER_POST,
        setup: |fx, _| {
            Req::form(
                format!("/config/lost-reasons/{}/unarchive", fx.new_reason()),
                vec![],
            )
        },
    },
    Case {
        method: "POST",
        path: "/config/lost-reasons/{id}/delete",
        expect: MANAGER_POST,
        setup: |fx, _| {
            Req::form(
                format!("/config/lost-reasons/{}/delete", fx.new_reason()),
                vec![],
            )
        },
    },
    // Import (the job belongs to the manager; admins see every job).
    Case {
        method: "GET",
        path: "/import",
        expect: MANAGER,
        setup: |_, _| Req::get("/import"),
    },
    Case {
        method: "POST",
        path: "/import",
        expect: MANAGER_POST,
        setup: |_, _| Req {
            path: "/import".into(),
            body: Body::Multipart(vec![("kind", s("lead"))], FILE),
        },
    },
    Case {
        method: "GET",
        path: "/import/{id}",
        expect: MANAGER,
        setup: |fx, _| Req::get(format!("/import/{}", fx.job(false))),
    },
    Case {
        method: "POST",
        path: "/import/{id}/check",
        expect: MANAGER_POST,
        setup: |fx, _| {
            Req::form(
                format!("/import/{}/check", fx.job(false)),
                vec![
                    ("column", s("contact_name")),
                    ("column", s("email")),
                    ("policy", s("skip")),
                    ("kind", s("lead")),
                ],
            )
        },
    },
    Case {
        method: "POST",
        path: "/import/{id}/run",
        expect: MANAGER_POST,
        setup: |fx, _| Req::form(format!("/import/{}/run", fx.job(true)), vec![]),
    },
    Case {
        method: "POST",
        path: "/import/{id}/discard",
        expect: MANAGER_POST,
        setup: |fx, _| Req::form(format!("/import/{}/discard", fx.job(false)), vec![]),
    },
    Case {
        method: "GET",
        path: "/import/{id}/status",
        expect: MANAGER,
        setup: |fx, _| Req::get(format!("/import/{}/status", fx.job(false))),
    },
    // The JSON API, with bearer tokens.
    Case {
        method: "GET",
        path: "/api/v1/leads",
        expect: API_ALL,
        setup: |_, _| Req::get(format!("{API}/leads")),
    },
    Case {
        method: "POST",
        path: "/api/v1/leads",
        expect: [401, 201, 201, 201, 201, 201],
        setup: |fx, role| {
            Req::json(
                format!("{API}/leads"),
                json!({"title": "Created through the API", "salesperson_id": fx.user_field(role)}),
            )
        },
    },
    Case {
        method: "POST",
        path: "/api/v1/leads/merge",
        expect: API_WRITE,
        setup: |fx, _| {
            let (a, b) = (fx.lead(), fx.lead());
            Req::json(
                format!("{API}/leads/merge"),
                json!({"ids": [a, b], "primary": a}),
            )
        },
    },
    Case {
        method: "POST",
        path: "/api/v1/leads/lost",
        expect: API_WRITE,
        setup: |fx, _| Req::json(format!("{API}/leads/lost"), json!({"ids": [fx.lead()]})),
    },
    Case {
        method: "POST",
        path: "/api/v1/leads/convert",
        expect: API_WRITE,
        setup: |fx, _| {
            Req::json(
                format!("{API}/leads/convert"),
                json!({"ids": [fx.lead()], "customer": "none"}),
            )
        },
    },
    Case {
        method: "POST",
        path: "/api/v1/leads/unarchive",
        expect: API_WRITE,
        setup: |fx, _| {
            Req::json(
                format!("{API}/leads/unarchive"),
                json!({"ids": [fx.archived_lead()]}),
            )
        },
    },
    Case {
        method: "GET",
        path: "/api/v1/leads/{id}",
        expect: API_READ,
        setup: |fx, _| Req::get(format!("{API}/leads/{}", fx.lead())),
    },
    Case {
        method: "PATCH",
        path: "/api/v1/leads/{id}",
        expect: API_WRITE,
        setup: |fx, _| {
            Req::json(
                format!("{API}/leads/{}", fx.lead()),
                json!({"city": "Milano"}),
            )
        },
    },
    Case {
        method: "GET",
        path: "/api/v1/leads/{id}/similar",
        expect: API_READ,
        setup: |fx, _| Req::get(format!("{API}/leads/{}/similar", fx.lead())),
    },
    Case {
        method: "POST",
        path: "/api/v1/leads/{id}/lost",
        expect: API_WRITE,
        setup: |fx, _| Req::json(format!("{API}/leads/{}/lost", fx.lead()), json!({})),
    },
    Case {
        method: "POST",
        path: "/api/v1/leads/{id}/restore",
        expect: API_WRITE,
        setup: |fx, _| Req::json(format!("{API}/leads/{}/restore", fx.lost_lead()), json!({})),
    },
    Case {
        method: "GET",
        path: "/api/v1/leads/{id}/convert",
        expect: API_WRITE,
        setup: |fx, _| Req::get(format!("{API}/leads/{}/convert", fx.lead())),
    },
    Case {
        method: "POST",
        path: "/api/v1/leads/{id}/convert",
        expect: API_WRITE,
        setup: |fx, _| {
            Req::json(
                format!("{API}/leads/{}/convert", fx.lead()),
                json!({"customer": "none"}),
            )
        },
    },
    Case {
        method: "GET",
        path: "/api/v1/lost-reasons",
        expect: API_ALL,
        setup: |_, _| Req::get(format!("{API}/lost-reasons")),
    },
    Case {
        method: "GET",
        path: "/api/v1/stages",
        expect: API_ALL,
        setup: |_, _| Req::get(format!("{API}/stages")),
    },
    Case {
        method: "GET",
        path: "/api/v1/customers",
        expect: API_ALL,
        setup: |_, _| Req::get(format!("{API}/customers")),
    },
    Case {
        method: "GET",
        path: "/api/v1/customers/{id}",
        expect: API_ALL,
        setup: |fx, _| Req::get(format!("{API}/customers/{}", fx.customer())),
    },
    Case {
        method: "POST",
        path: "/api/v1/intake",
        // Intake files records for the whole company: managers' and admins' tokens.
        expect: [401, 403, 403, 403, 200, 200],
        setup: |fx, _| {
            Req::json(
                format!("{API}/intake"),
                json!({"channel": "web", "name": fx.unique("Visitor"), "message": "Hello"}),
            )
        },
    },
];

/// Creates the fixtures each call needs, directly in the domain.
struct Fx {
    pool: leadbook::db::DbPool,
    sales: UserId,
    mate: UserId,
    other: UserId,
    manager: UserId,
    admin: UserId,
    europe: TeamId,
    /// A stage of the default pipeline.
    stage: StageId,
    /// A lost reason of the default list.
    reason: LostReasonId,
    counter: Cell<u32>,
}

impl Fx {
    fn new(app: &TestApp) -> Fx {
        let w = app.world();
        let conn = &mut app.conn();
        let mate = users::create(
            conn,
            &Actor::operator(),
            &user_input("mate", "Mate Europe", "salesperson"),
        )
        .expect("teammate")
        .id;
        teams::add_member(conn, w.europe, mate).expect("teammate in Europe");
        let stage = stages::list(conn).expect("stages")[1].id;
        let reason = lost_reasons::list(conn, false).expect("reasons")[0].id;
        Fx {
            pool: app.pool.clone(),
            sales: w.sales,
            mate,
            other: w.other_sales,
            manager: w.manager,
            admin: w.admin,
            europe: w.europe,
            stage,
            reason,
            counter: Cell::new(0),
        }
    }

    fn conn(&self) -> leadbook::db::PooledConn {
        self.pool.get().expect("connection")
    }

    fn actor(&self, conn: &mut DbConn, id: UserId) -> Actor {
        let user = users::find(conn, id).expect("user");
        Actor::new(&user, users::team_ids(conn, id).expect("teams"))
    }

    fn user_of(&self, role: Role) -> Option<UserId> {
        match role {
            Role::Anonymous => None,
            Role::Owner => Some(self.sales),
            Role::Teammate => Some(self.mate),
            Role::Other => Some(self.other),
            Role::Manager => Some(self.manager),
            Role::Admin => Some(self.admin),
        }
    }

    /// The role's own id as a form value (a record for themselves).
    fn user_field(&self, role: Role) -> String {
        self.user_of(role)
            .map(|u| u.to_string())
            .unwrap_or_default()
    }

    fn unique(&self, prefix: &str) -> String {
        self.counter.set(self.counter.get() + 1);
        format!("{prefix}{}", self.counter.get())
    }

    fn record(&self, kind: Kind) -> LeadId {
        let input = LeadInput {
            title: self.unique("Route test record "),
            salesperson_id: self.sales.to_string(),
            team_id: self.europe.to_string(),
            ..LeadInput::default()
        };
        leads::create(&mut self.conn(), self.sales, kind, &input)
            .expect("fixture record")
            .id
    }

    /// A new lead of the owner's.
    fn lead(&self) -> LeadId {
        self.record(Kind::Lead)
    }

    fn opportunity(&self) -> LeadId {
        self.record(Kind::Opportunity)
    }

    fn lost_lead(&self) -> LeadId {
        let id = self.lead();
        let conn = &mut self.conn();
        let owner = self.actor(conn, self.sales);
        MarkLost {
            lead_ids: vec![id],
            reason: ReasonChoice::Existing(self.reason),
            closing_note: None,
        }
        .apply(conn, &owner)
        .expect("mark lost");
        id
    }

    fn archived_lead(&self) -> LeadId {
        let id = self.lead();
        let conn = &mut self.conn();
        let owner = self.actor(conn, self.sales);
        leadbook::domain::wizards::archive::archive(conn, &owner, &[id]).expect("archive");
        id
    }

    /// A merge the owner made of two of their leads.
    fn merge(&self) -> i32 {
        let (a, b) = (self.lead(), self.lead());
        let conn = &mut self.conn();
        let owner = self.actor(conn, self.sales);
        Merge::new(vec![a, b])
            .apply(conn, &owner)
            .expect("merge")
            .merge_id
    }

    fn customer(&self) -> PartnerId {
        let input = PartnerInput {
            kind: "company".into(),
            name: self.unique("Route Test Company "),
            ..PartnerInput::default()
        };
        partners::create(&mut self.conn(), &input)
            .expect("customer")
            .id
    }

    /// A new API token of `user`; its id.
    fn token_of(&self, user: UserId) -> TokenId {
        let conn = &mut self.conn();
        let name = self.unique("token ");
        api_tokens::create(conn, user, &name).expect("token");
        api_tokens::list_for(conn, user)
            .expect("tokens")
            .into_iter()
            .find(|t| t.name == name)
            .expect("the new token")
            .id
    }

    fn new_stage(&self) -> StageId {
        stages::create(
            &mut self.conn(),
            &self.unique("Stage "),
            30,
            false,
            false,
            None,
        )
        .expect("stage")
        .id
    }

    fn new_team(&self) -> TeamId {
        teams::create(&mut self.conn(), &self.unique("Team "), None)
            .expect("team")
            .id
    }

    fn new_reason(&self) -> LostReasonId {
        let conn = &mut self.conn();
        let admin = self.actor(conn, self.admin);
        lost_reasons::create(conn, &admin, &self.unique("Reason "))
            .expect("lost reason")
            .id
    }

    /// A new salesperson: id and login.
    fn new_user(&self) -> (i32, String) {
        let login = self.unique("person");
        let user = users::create(
            &mut self.conn(),
            &Actor::operator(),
            &user_input(&login, "Route Person", "salesperson"),
        )
        .expect("user");
        (user.id.0, login)
    }

    fn user_form(&self, login: &str) -> Vec<(&'static str, String)> {
        vec![
            ("login", login.to_string()),
            ("name", s("Route Person")),
            ("email", format!("{login}@leadbook.test")),
            ("role", s("salesperson")),
            ("language", s("en")),
            ("password", s(PASSWORD)),
            ("password_confirm", s(PASSWORD)),
            ("active", s("on")),
        ]
    }

    /// An import job of the manager's: just uploaded, or checked and ready to run.
    fn job(&self, checked: bool) -> i32 {
        use leadbook::domain::import::jobs;
        let conn = &mut self.conn();
        let manager = self.actor(conn, self.manager);
        let id = jobs::upload(conn, &manager, "people.csv", FILE.as_bytes(), Kind::Lead)
            .expect("upload");
        if checked {
            let columns = [s("contact_name"), s("email")];
            jobs::choose(conn, &manager, id, &columns, "skip", "lead").expect("mapping");
            jobs::run(conn, id).expect("check");
        }
        id
    }
}

fn user_input(login: &str, name: &str, role: &str) -> UserInput {
    UserInput {
        login: login.into(),
        name: name.into(),
        email: format!("{login}@leadbook.test"),
        role: role.into(),
        language: "en".into(),
        password: PASSWORD.into(),
        password_confirm: PASSWORD.into(),
    }
}

/// A role's way in: its session cookie and CSRF token (pages), its bearer token (API). Every
/// call sends the same cookie and ignores the cookies set in answers, so no call (a sign-in,
/// a flash message) changes the session the next call uses.
struct Identity {
    cookie: Option<String>,
    csrf: String,
    bearer: Option<String>,
}

/// Which CSRF token a form carries.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    Own,
    Missing,
    Foreign(&'a str),
}

struct Answer {
    status: u16,
    location: String,
    body: String,
}

struct Http {
    base: String,
    client: reqwest::Client,
}

impl Http {
    fn new(app: &TestApp) -> Http {
        Http {
            base: app.base.clone(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("http client"),
        }
    }

    async fn send(&self, method: &str, who: &Identity, req: &Req, token: Token<'_>) -> Answer {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self
            .client
            .request(method, format!("{}{}", self.base, req.path));
        if let Some(cookie) = &who.cookie {
            request = request.header(
                "cookie",
                format!("{}={cookie}", leadbook::web::SESSION_COOKIE),
            );
        }
        if req.path.starts_with(API)
            && let Some(bearer) = &who.bearer
        {
            request = request.header("authorization", format!("Bearer {bearer}"));
        }
        let csrf = match token {
            Token::Own => Some(who.csrf.as_str()),
            Token::Missing => None,
            Token::Foreign(other) => Some(other),
        };
        request = match &req.body {
            Body::None => request,
            Body::Json(value) => request
                .header("content-type", "application/json")
                .body(value.to_string()),
            Body::Form(fields) => {
                let mut all: Vec<(&str, &str)> = csrf.map(|t| ("csrf", t)).into_iter().collect();
                all.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
                request
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(crate::support::encode(&all))
            }
            Body::Multipart(fields, file) => {
                let boundary = "----leadbook-route-test";
                let mut body = String::new();
                let csrf_field = csrf.map(|t| ("csrf", t.to_string()));
                for (k, v) in csrf_field.iter().chain(fields.iter()) {
                    body.push_str(&format!(
                        "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                    ));
                }
                body.push_str(&format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; \
                     filename=\"people.csv\"\r\nContent-Type: text/csv\r\n\r\n{file}\r\n\
                     --{boundary}--\r\n"
                ));
                request
                    .header(
                        "content-type",
                        format!("multipart/form-data; boundary={boundary}"),
                    )
                    .body(body)
            }
        };
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let body = response.text().await.unwrap_or_default();
        Answer {
            status,
            location,
            body,
        }
    }

    /// The session cookie set by an answer, if any.
    async fn cookie_and_body(&self, request: reqwest::RequestBuilder) -> (Option<String>, String) {
        let response = request.send().await.expect("request");
        let prefix = format!("{}=", leadbook::web::SESSION_COOKIE);
        let cookie = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.strip_prefix(&prefix))
            .map(|v| v.split(';').next().unwrap_or_default().to_string())
            .next_back();
        (cookie, response.text().await.unwrap_or_default())
    }

    /// A visitor who opened the sign-in page: an anonymous session with its CSRF token.
    async fn anonymous(&self) -> Identity {
        let (cookie, body) = self
            .cookie_and_body(self.client.get(format!("{}/login", self.base)))
            .await;
        Identity {
            cookie,
            csrf: csrf_in(&body).expect("the sign-in page has a CSRF token"),
            bearer: None,
        }
    }

    /// Signs in through the real form; then the session's (new) CSRF token and an API token.
    async fn signed_in(&self, fx: &Fx, login: &str, user: UserId) -> Identity {
        let visitor = self.anonymous().await;
        let form = crate::support::encode(&[
            ("csrf", &visitor.csrf),
            ("login", login),
            ("password", PASSWORD),
        ]);
        let cookie = format!(
            "{}={}",
            leadbook::web::SESSION_COOKIE,
            visitor.cookie.clone().unwrap_or_default()
        );
        let (cookie, _) = self
            .cookie_and_body(
                self.client
                    .post(format!("{}/login", self.base))
                    .header("cookie", cookie)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(form),
            )
            .await;
        let cookie = cookie.unwrap_or_else(|| panic!("signing in as {login} set no cookie"));
        let (_, page) = self
            .cookie_and_body(
                self.client
                    .get(format!("{}/preferences", self.base))
                    .header(
                        "cookie",
                        format!("{}={cookie}", leadbook::web::SESSION_COOKIE),
                    ),
            )
            .await;
        let csrf = csrf_in(&page).unwrap_or_else(|| panic!("{login} is not signed in"));
        let bearer = api_tokens::create(&mut fx.conn(), user, "route test").expect("API token");
        Identity {
            cookie: Some(cookie),
            csrf,
            bearer: Some(bearer),
        }
    }

    /// Every role's identity, in [`ROLES`] order.
    async fn identities(&self, fx: &Fx) -> Vec<Identity> {
        let mut all = vec![self.anonymous().await];
        for (login, user) in [
            ("sales", fx.sales),
            ("mate", fx.mate),
            ("other", fx.other),
            ("manager", fx.manager),
            ("admin", fx.admin),
        ] {
            all.push(self.signed_in(fx, login, user).await);
        }
        all
    }
}

fn csrf_in(body: &str) -> Option<String> {
    let marker = "name=\"csrf\" value=\"";
    let start = body.find(marker)? + marker.len();
    let end = body[start..].find('"')? + start;
    Some(body[start..end].to_string())
}

fn case_for(method: &str, path: &str) -> Option<&'static Case> {
    CASES.iter().find(|c| c.method == method && c.path == path)
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
        "routes without an entry in CASES (say what each role gets, from docs/rights.md): \
         {missing:#?}"
    );
    let stale: Vec<String> = CASES
        .iter()
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
            wrong.push(format!("{method} {path}: no entry in CASES"));
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

/// Every row of every table, as text: a change anywhere changes it.
fn fingerprint(conn: &mut DbConn) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = Text)]
        name: String,
    }
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        v: String,
    }
    let postgres = !matches!(conn, DbConn::Sqlite(_));
    let tables: Vec<Name> = if postgres {
        diesel::sql_query(
            "SELECT table_name AS name FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
        )
        .load(conn)
    } else {
        // The full-text index is derived from the leads.
        diesel::sql_query(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'lead_search%'",
        )
        .load(conn)
    }
    .expect("tables");
    let mut all = Vec::new();
    for table in tables {
        let columns: Vec<Name> = if postgres {
            diesel::sql_query(format!(
                "SELECT column_name AS name FROM information_schema.columns \
                 WHERE table_schema = 'public' AND table_name = '{}'",
                table.name
            ))
            .load(conn)
        } else {
            diesel::sql_query(format!(
                "SELECT name FROM pragma_table_info('{}')",
                table.name
            ))
            .load(conn)
        }
        .expect("columns");
        let row = columns
            .iter()
            .map(|c| format!("COALESCE(CAST(\"{}\" AS TEXT), '-')", c.name))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let rows: Vec<Row> = diesel::sql_query(format!(
            "SELECT '{}:' || {row} AS v FROM \"{}\"",
            table.name, table.name
        ))
        .load(conn)
        .unwrap_or_else(|e| panic!("rows of {}: {e}", table.name));
        all.extend(rows.into_iter().map(|r| r.v));
    }
    all.sort();
    all
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

    // The API takes no session cookie, so a page cannot post to it on a user's behalf: an
    // admin's cookie without a bearer token is 401, and nothing is written.
    let cookie_only = Identity {
        cookie: who[5].cookie.clone(),
        csrf: who[5].csrf.clone(),
        bearer: None,
    };
    for (method, path) in routes() {
        if method == "GET" || !path.starts_with(API) {
            continue;
        }
        let case = case_for(&method, &path).expect("an entry (see the route test)");
        let req = (case.setup)(&fx, Role::Admin);
        let before = fingerprint(&mut fx.conn());
        let answer = http.send(&method, &cookie_only, &req, Token::Own).await;
        if answer.status != 401 || before != fingerprint(&mut fx.conn()) {
            wrong.push(format!(
                "{method} {} with a session cookie and no token: {}",
                req.path, answer.status
            ));
        }
    }

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
