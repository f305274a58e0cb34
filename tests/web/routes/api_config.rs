//! The rights table, part five: the API's configuration (lost reasons, users, teams,
//! settings), with the rights of the Configuration pages.

use super::{API, API_ALL, Case, Expect, Req};
use serde_json::json;

/// Managers and admins, as Configuration → Lost Reasons.
const API_MANAGER: Expect = [401, 403, 403, 403, 200, 200];
/// Admins only, as Configuration → Settings.
const API_ADMIN: Expect = [401, 403, 403, 403, 403, 200];

pub(super) const API_CONFIG: &[Case] = &[
    Case {
        method: "POST",
        path: "/api/v1/lost-reasons",
        expect: [401, 403, 403, 403, 201, 201],
        setup: |fx, _| {
            Req::json(
                format!("{API}/lost-reasons"),
                json!({"name": fx.unique("Reason")}),
            )
        },
    },
    Case {
        method: "PATCH",
        path: "/api/v1/lost-reasons/{id}",
        expect: API_MANAGER,
        setup: |fx, _| {
            Req::json(
                format!("{API}/lost-reasons/{}", fx.new_reason()),
                json!({"name": fx.unique("Reason")}),
            )
        },
    },
    Case {
        method: "POST",
        path: "/api/v1/lost-reasons/{id}/archive",
        expect: API_MANAGER,
        setup: |fx, _| {
            Req::json(
                format!("{API}/lost-reasons/{}/archive", fx.new_reason()),
                json!({}),
            )
        },
    },
    Case {
        method: "POST",
        path: "/api/v1/lost-reasons/{id}/unarchive",
        expect: API_MANAGER,
        setup: |fx, _| {
            Req::json(
                format!("{API}/lost-reasons/{}/unarchive", fx.new_reason()),
                json!({}),
            )
        },
    },
    Case {
        method: "POST",
        path: "/api/v1/lost-reasons/{id}/delete",
        expect: [401, 403, 403, 403, 204, 204],
        setup: |fx, _| {
            Req::json(
                format!("{API}/lost-reasons/{}/delete", fx.new_reason()),
                json!({}),
            )
        },
    },
    Case {
        method: "GET",
        path: "/api/v1/users",
        expect: API_ALL,
        setup: |_, _| Req::get(format!("{API}/users")),
    },
    Case {
        method: "GET",
        path: "/api/v1/teams",
        expect: API_ALL,
        setup: |_, _| Req::get(format!("{API}/teams")),
    },
    Case {
        method: "GET",
        path: "/api/v1/settings",
        expect: API_ADMIN,
        setup: |_, _| Req::get(format!("{API}/settings")),
    },
    Case {
        method: "PATCH",
        path: "/api/v1/settings",
        expect: API_ADMIN,
        setup: |_, _| {
            Req::json(
                format!("{API}/settings"),
                json!({"lost_reason_required": false}),
            )
        },
    },
    Case {
        method: "POST",
        path: "/api/v1/stages",
        expect: [401, 403, 403, 403, 201, 201],
        setup: |fx, _| {
            Req::json(
                format!("{API}/stages"),
                json!({"name": fx.unique("Stage"), "probability": 40}),
            )
        },
    },
    Case {
        method: "PATCH",
        path: "/api/v1/stages/{id}",
        expect: API_MANAGER,
        setup: |fx, _| {
            Req::json(
                format!("{API}/stages/{}", fx.new_stage()),
                json!({"folded": true}),
            )
        },
    },
    Case {
        method: "POST",
        path: "/api/v1/stages/{id}/move",
        expect: API_MANAGER,
        setup: |fx, _| {
            Req::json(
                format!("{API}/stages/{}/move", fx.new_stage()),
                json!({"direction": "up"}),
            )
        },
    },
    Case {
        method: "GET",
        path: "/api/v1/tokens",
        expect: API_ALL,
        setup: |_, _| Req::get(format!("{API}/tokens")),
    },
    Case {
        method: "POST",
        path: "/api/v1/tokens/{id}/revoke",
        expect: [401, 204, 204, 204, 204, 204],
        setup: |fx, role| {
            let owner = fx.user_of(role).unwrap_or(fx.admin);
            Req::json(
                format!("{API}/tokens/{}/revoke", fx.token_of(owner)),
                json!({}),
            )
        },
    },
];
