//! The rights table, part five: the API's other operations on leads and opportunities and
//! records' chatter, each with the rights of the page or button it mirrors.

use super::{API, API_ALL, API_READ, API_WRITE, Case, Req};
use serde_json::json;

/// Reading a record includes posting a note on it (as the record page).
const API_NOTE: super::Expect = [401, 201, 201, 404, 201, 201];

/// The Duplicates page: managers and admins.
const API_MANAGER: super::Expect = [401, 403, 403, 403, 200, 200];

pub(super) const API_LEAD_CASES: &[Case] = &[
    Case {
        method: "POST",
        path: "/api/v1/leads/archive",
        expect: API_WRITE,
        setup: |fx, _| Req::json(format!("{API}/leads/archive"), json!({"ids": [fx.lead()]})),
    },
    Case {
        method: "POST",
        path: "/api/v1/leads/{id}/archive",
        expect: API_WRITE,
        setup: |fx, _| Req::json(format!("{API}/leads/{}/archive", fx.lead()), json!({})),
    },
    Case {
        method: "POST",
        path: "/api/v1/leads/{id}/unarchive",
        expect: API_WRITE,
        setup: |fx, _| {
            Req::json(
                format!("{API}/leads/{}/unarchive", fx.archived_lead()),
                json!({}),
            )
        },
    },
    Case {
        method: "POST",
        path: "/api/v1/leads/{id}/won",
        expect: API_WRITE,
        setup: |fx, _| Req::json(format!("{API}/leads/{}/won", fx.opportunity()), json!({})),
    },
    Case {
        method: "POST",
        path: "/api/v1/leads/{id}/stage",
        expect: API_WRITE,
        setup: |fx, _| {
            Req::json(
                format!("{API}/leads/{}/stage", fx.lead()),
                json!({"stage_id": fx.stage}),
            )
        },
    },
    Case {
        method: "GET",
        path: "/api/v1/leads/{id}/chatter",
        expect: API_READ,
        setup: |fx, _| Req::get(format!("{API}/leads/{}/chatter", fx.lead())),
    },
    Case {
        method: "POST",
        path: "/api/v1/leads/{id}/notes",
        expect: API_NOTE,
        setup: |fx, _| {
            Req::json(
                format!("{API}/leads/{}/notes", fx.lead()),
                json!({"body": "A note from the route test"}),
            )
        },
    },
    Case {
        method: "GET",
        path: "/api/v1/customers/{id}/chatter",
        expect: API_ALL,
        setup: |fx, _| Req::get(format!("{API}/customers/{}/chatter", fx.customer())),
    },
    Case {
        method: "POST",
        path: "/api/v1/customers/{id}/notes",
        expect: [401, 201, 201, 201, 201, 201],
        setup: |fx, _| {
            Req::json(
                format!("{API}/customers/{}/notes", fx.customer()),
                json!({"body": "Called back"}),
            )
        },
    },
    Case {
        method: "POST",
        path: "/api/v1/leads/merge/preview",
        // The wizard shows a teammate what it may not merge (`allowed: false`).
        expect: API_READ,
        setup: |fx, _| {
            Req::json(
                format!("{API}/leads/merge/preview"),
                json!({"ids": [fx.lead(), fx.lead()]}),
            )
        },
    },
    Case {
        method: "POST",
        path: "/api/v1/leads/merges/{id}/undo",
        // The user who merged, managers and admins.
        expect: [401, 200, 403, 404, 200, 200],
        setup: |fx, _| Req::json(format!("{API}/leads/merges/{}/undo", fx.merge()), json!({})),
    },
    Case {
        method: "POST",
        path: "/api/v1/leads/{id}/not-duplicate",
        // Both records visible: a decision for everyone, as the Similar view.
        expect: [401, 200, 200, 404, 200, 200],
        setup: |fx, _| {
            Req::json(
                format!("{API}/leads/{}/not-duplicate", fx.lead()),
                json!({"other": fx.lead(), "reason": "Different people"}),
            )
        },
    },
    Case {
        method: "GET",
        path: "/api/v1/duplicates",
        expect: API_MANAGER,
        setup: |_, _| Req::get(format!("{API}/duplicates")),
    },
    Case {
        method: "GET",
        path: "/api/v1/reports/lost-reasons",
        expect: API_ALL,
        setup: |_, _| Req::get(format!("{API}/reports/lost-reasons")),
    },
];
