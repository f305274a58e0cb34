//! The rights table, part three: configuration and the import.

use super::{ADMIN, ADMIN_POST, Body, Case, FILE, MANAGER, MANAGER_POST, Req, s};

/// Configuration and the import.
pub(super) const CONFIGURATION: &[Case] = &[
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
        path: "/config/audit",
        expect: ADMIN,
        setup: |_, _| Req::get("/config/audit?action=sign_in"),
    },
    Case {
        method: "GET",
        path: "/config/audit/export.csv",
        expect: ADMIN,
        setup: |_, _| Req::get("/config/audit/export.csv"),
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
        path: "/config/backups",
        expect: ADMIN,
        setup: |_, _| Req::get("/config/backups"),
    },
    Case {
        method: "POST",
        path: "/config/backups",
        expect: ADMIN_POST,
        // The defaults (no folder), saved again.
        setup: |_, _| Req::form("/config/backups", vec![("keep", s(7))]),
    },
    Case {
        method: "POST",
        path: "/config/backups/run",
        expect: ADMIN_POST,
        // No folder yet: the admin is told to choose one, and nothing is written.
        setup: |_, _| Req::form("/config/backups/run", vec![]),
    },
    Case {
        method: "GET",
        path: "/config/duplicate-finder",
        expect: ADMIN,
        setup: |_, _| Req::get("/config/duplicate-finder"),
    },
    Case {
        method: "POST",
        path: "/demo",
        expect: ADMIN_POST,
        // The fixtures have records: the demo is refused with a message, nothing loads.
        setup: |_, _| Req::form("/demo", vec![]),
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
];
