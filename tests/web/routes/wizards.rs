//! The rights table, part two: the wizards, reports, duplicates, own preferences and API
//! tokens.

use super::{ALL, Case, MANAGER, MANAGER_POST, READ, Req, WRITE, WRITE_PAGE, s};

/// The wizards, reports, duplicates, own preferences and API tokens.
pub(super) const WIZARDS: &[Case] = &[
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
    // Customer merge: managers and admins only (merging deletes customers).
    Case {
        method: "GET",
        path: "/customers/merge",
        expect: MANAGER,
        setup: |fx, _| {
            Req::get(format!(
                "/customers/merge?ids={}&ids={}",
                fx.customer(),
                fx.customer()
            ))
        },
    },
    Case {
        method: "POST",
        path: "/customers/merge",
        expect: MANAGER_POST,
        setup: |fx, _| {
            let (a, b) = (fx.customer(), fx.customer());
            Req::form(
                "/customers/merge",
                vec![("ids", s(a)), ("ids", s(b)), ("confirm", s("1"))],
            )
        },
    },
    Case {
        method: "GET",
        path: "/customers/merges/{id}",
        expect: MANAGER,
        setup: |fx, _| Req::get(format!("/customers/merges/{}", fx.customer_merge())),
    },
    Case {
        method: "POST",
        path: "/customers/merges/{id}/undo",
        expect: MANAGER_POST,
        setup: |fx, _| {
            Req::form(
                format!("/customers/merges/{}/undo", fx.customer_merge()),
                vec![],
            )
        },
    },
    Case {
        method: "GET",
        path: "/customers/{id}/merges",
        expect: MANAGER,
        setup: |fx, _| Req::get(format!("/customers/{}/merges", fx.customer())),
    },
    Case {
        method: "GET",
        path: "/customers/{id}/similar",
        expect: ALL,
        setup: |fx, _| Req::get(format!("/customers/{}/similar", fx.customer())),
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
        path: "/api/docs",
        expect: ALL,
        setup: |_, _| Req::get("/api/docs"),
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
];
