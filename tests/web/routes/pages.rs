//! The rights table, part one: sign-in, first run and the records.

use super::{ALL, Case, READ, Req, WRITE, WRITE_PAGE, s};
use crate::support::PASSWORD;

/// Sign-in, first run and the records.
pub(super) const PAGES: &[Case] = &[
    // The operator's probes: no session, the same answer for everybody.
    Case {
        method: "GET",
        path: "/healthz",
        expect: [200; 6],
        setup: |_, _| Req::get("/healthz"),
    },
    Case {
        method: "GET",
        path: "/readyz",
        expect: [200; 6],
        setup: |_, _| Req::get("/readyz"),
    },
    Case {
        method: "GET",
        path: "/metrics",
        // Off unless a metrics token is configured (tests/web/health.rs turns it on).
        expect: [404; 6],
        setup: |_, _| Req::get("/metrics"),
    },
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
        method: "POST",
        path: "/pipeline/quick",
        // Every role creates records (docs/rights.md): an opportunity of their own.
        expect: [303; 6],
        setup: |fx, _| {
            Req::form(
                "/pipeline/quick",
                vec![
                    ("stage_id", s(fx.stage)),
                    ("title", s("Quick-created in the route test")),
                    ("contact", s("quick@route.test")),
                ],
            )
        },
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
    // The lead form's duplicate check (JSON): no session is 401 (a script, not a page);
    // the record being edited is another team's: 404.
    Case {
        method: "GET",
        path: "/leads/check-duplicates",
        expect: [401, 200, 200, 404, 200, 200],
        setup: |fx, _| {
            Req::get(format!(
                "/leads/check-duplicates?phone=%2B390212345678&id={}",
                fx.lead()
            ))
        },
    },
    Case {
        method: "POST",
        path: "/leads/columns",
        // Everybody chooses their own columns.
        expect: [303; 6],
        setup: |_, _| Req::form("/leads/columns", vec![("col", s("stage"))]),
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
        method: "GET",
        path: "/leads/{id}/move",
        expect: WRITE_PAGE,
        setup: |fx, _| Req::get(format!("/leads/{}/move?next=/pipeline", fx.lead())),
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
        path: "/customers/lookup.json",
        expect: ALL,
        setup: |_, _| Req::get("/customers/lookup.json?q=route"),
    },
    Case {
        method: "GET",
        path: "/customers/pick",
        expect: ALL,
        setup: |_, _| Req::get("/customers/pick?q=route&back=/leads/new"),
    },
    // The fixture lead is not linked to the customer: nothing to offer, back to the record.
    Case {
        method: "GET",
        path: "/customers/{id}/reach",
        expect: [303, 303, 303, 404, 303, 303],
        setup: |fx, _| {
            Req::get(format!(
                "/customers/{}/reach?lead={}",
                fx.customer(),
                fx.lead()
            ))
        },
    },
    Case {
        method: "POST",
        path: "/customers/{id}/reach",
        expect: WRITE,
        setup: |fx, _| {
            Req::form(
                format!("/customers/{}/reach", fx.customer()),
                vec![("lead", s(fx.lead()))],
            )
        },
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
    Case {
        method: "POST",
        path: "/opportunities/columns",
        expect: [303; 6],
        setup: |_, _| Req::form("/opportunities/columns", vec![("do", s("reset"))]),
    },
];
