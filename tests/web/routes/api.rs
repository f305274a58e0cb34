//! The rights table, part four: the JSON API, with bearer tokens.

use super::{API, API_ALL, API_READ, API_WRITE, Case, Req};
use serde_json::json;

/// A change to the owner's customer: any other salesperson's is read-only.
const API_CUSTOMER: super::Expect = [401, 200, 403, 403, 200, 200];

/// The JSON API.
pub(super) const API_CASES: &[Case] = &[
    // The description holds no data: public, no token needed.
    Case {
        method: "GET",
        path: "/api/v1/openapi.json",
        expect: [200; 6],
        setup: |_, _| Req::get(format!("{API}/openapi.json")),
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
        method: "GET",
        path: "/api/v1/customers/{id}/similar",
        expect: API_ALL,
        setup: |fx, _| Req::get(format!("{API}/customers/{}/similar", fx.customer())),
    },
    Case {
        method: "POST",
        path: "/api/v1/customers/merge",
        // Merging customers deletes them: managers' and admins' tokens.
        expect: [401, 403, 403, 403, 200, 200],
        setup: |fx, _| {
            let (a, b) = (fx.customer(), fx.customer());
            Req::json(
                format!("{API}/customers/merge"),
                json!({"ids": [a, b], "primary": a}),
            )
        },
    },
    Case {
        method: "POST",
        path: "/api/v1/customers/merges/{id}/undo",
        expect: [401, 403, 403, 403, 200, 200],
        setup: |fx, _| {
            Req::json(
                format!("{API}/customers/merges/{}/undo", fx.customer_merge()),
                json!({}),
            )
        },
    },
    Case {
        method: "POST",
        path: "/api/v1/customers",
        expect: [401, 201, 201, 201, 201, 201],
        setup: |fx, _| {
            Req::json(
                format!("{API}/customers"),
                json!({"kind": "company", "name": fx.unique("API Co ")}),
            )
        },
    },
    Case {
        method: "PATCH",
        path: "/api/v1/customers/{id}",
        expect: API_CUSTOMER,
        setup: |fx, _| {
            Req::json(
                format!("{API}/customers/{}", fx.owned_customer()),
                json!({"city": "Milano"}),
            )
        },
    },
    Case {
        method: "POST",
        path: "/api/v1/customers/{id}/archive",
        expect: API_CUSTOMER,
        setup: |fx, _| {
            Req::json(
                format!("{API}/customers/{}/archive", fx.owned_customer()),
                json!({}),
            )
        },
    },
    Case {
        method: "POST",
        path: "/api/v1/customers/{id}/restore",
        expect: API_CUSTOMER,
        setup: |fx, _| {
            Req::json(
                format!("{API}/customers/{}/restore", fx.owned_customer()),
                json!({}),
            )
        },
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
