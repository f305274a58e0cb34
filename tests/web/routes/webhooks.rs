//! Configuration → Webhooks and `/api/v1/webhooks`: managers and admins only.

use super::fixtures::Fx;
use super::{API, Case, MANAGER, MANAGER_POST, Req, s};
use leadbook::domain::webhooks::{EndpointInput, EventType, deliveries, endpoints, events};
use serde_json::json;

/// A page answered in place (the secret shown once) for managers and admins.
const MANAGER_SHOWN: [u16; 6] = [303, 403, 403, 403, 200, 200];

const fn api_manager(ok: u16) -> [u16; 6] {
    [401, 403, 403, 403, ok, ok]
}

/// A new endpoint (never contacted: nothing delivers in this test).
fn endpoint(fx: &Fx) -> i32 {
    let conn = &mut fx.conn();
    let manager = fx.actor(conn, fx.manager);
    let input = EndpointInput {
        url: format!("https://hooks.example.com/{}", fx.unique("in")),
        events: vec!["lead.restored".into()],
        active: true,
    };
    endpoints::create(conn, &manager, &input)
        .expect("endpoint")
        .0
        .id
}

/// A new endpoint with one delivery: (endpoint, delivery).
fn delivery(fx: &Fx) -> (i32, i32) {
    let id = endpoint(fx);
    let conn = &mut fx.conn();
    events::record(conn, EventType::LeadRestored, json!({"lead_id": 1})).expect("event");
    let manager = fx.actor(conn, fx.manager);
    let all = deliveries::list_for(conn, &manager, id, 1).expect("deliveries");
    (id, all[0].id)
}

fn form(fx: &Fx) -> Vec<(&'static str, String)> {
    vec![
        (
            "url",
            format!("https://hooks.example.com/{}", fx.unique("form")),
        ),
        ("events", s("duplicate.found")),
        ("active", s("on")),
    ]
}

pub(super) const WEBHOOKS: &[Case] = &[
    Case {
        method: "GET",
        path: "/config/webhooks",
        expect: MANAGER,
        setup: |_, _| Req::get("/config/webhooks"),
    },
    Case {
        method: "POST",
        path: "/config/webhooks",
        expect: MANAGER_SHOWN,
        setup: |fx, _| Req::form("/config/webhooks", form(fx)),
    },
    Case {
        method: "GET",
        path: "/config/webhooks/{id}",
        expect: MANAGER,
        setup: |fx, _| Req::get(format!("/config/webhooks/{}", endpoint(fx))),
    },
    Case {
        method: "POST",
        path: "/config/webhooks/{id}",
        expect: MANAGER_POST,
        setup: |fx, _| Req::form(format!("/config/webhooks/{}", endpoint(fx)), form(fx)),
    },
    Case {
        method: "POST",
        path: "/config/webhooks/{id}/rotate",
        expect: MANAGER_SHOWN,
        setup: |fx, _| Req::form(format!("/config/webhooks/{}/rotate", endpoint(fx)), vec![]),
    },
    Case {
        method: "POST",
        path: "/config/webhooks/{id}/delete",
        expect: MANAGER_POST,
        setup: |fx, _| Req::form(format!("/config/webhooks/{}/delete", endpoint(fx)), vec![]),
    },
    Case {
        method: "GET",
        path: "/config/webhooks/{id}/deliveries",
        expect: MANAGER,
        setup: |fx, _| Req::get(format!("/config/webhooks/{}/deliveries", delivery(fx).0)),
    },
    Case {
        method: "POST",
        path: "/config/webhooks/{id}/deliveries/{delivery}/replay",
        expect: MANAGER_POST,
        setup: |fx, _| {
            let (id, delivery) = delivery(fx);
            Req::form(
                format!("/config/webhooks/{id}/deliveries/{delivery}/replay"),
                vec![],
            )
        },
    },
    Case {
        method: "GET",
        path: "/api/v1/webhooks",
        expect: api_manager(200),
        setup: |_, _| Req::get(format!("{API}/webhooks")),
    },
    Case {
        method: "POST",
        path: "/api/v1/webhooks",
        expect: api_manager(201),
        setup: |fx, _| {
            let url = format!("https://hooks.example.com/{}", fx.unique("api"));
            Req::json(
                format!("{API}/webhooks"),
                json!({"url": url, "events": ["lead.created"]}),
            )
        },
    },
    Case {
        method: "GET",
        path: "/api/v1/webhooks/{id}",
        expect: api_manager(200),
        setup: |fx, _| Req::get(format!("{API}/webhooks/{}", endpoint(fx))),
    },
    Case {
        method: "PATCH",
        path: "/api/v1/webhooks/{id}",
        expect: api_manager(200),
        setup: |fx, _| {
            Req::json(
                format!("{API}/webhooks/{}", endpoint(fx)),
                json!({"active": false}),
            )
        },
    },
    Case {
        method: "DELETE",
        path: "/api/v1/webhooks/{id}",
        expect: api_manager(204),
        setup: |fx, _| Req::get(format!("{API}/webhooks/{}", endpoint(fx))),
    },
    Case {
        method: "POST",
        path: "/api/v1/webhooks/{id}/rotate-secret",
        expect: api_manager(200),
        setup: |fx, _| {
            Req::json(
                format!("{API}/webhooks/{}/rotate-secret", endpoint(fx)),
                json!({}),
            )
        },
    },
    Case {
        method: "GET",
        path: "/api/v1/webhooks/{id}/deliveries",
        expect: api_manager(200),
        setup: |fx, _| Req::get(format!("{API}/webhooks/{}/deliveries", delivery(fx).0)),
    },
    Case {
        method: "POST",
        path: "/api/v1/webhooks/{id}/deliveries/{delivery}/replay",
        expect: api_manager(202),
        setup: |fx, _| {
            let (id, delivery) = delivery(fx);
            Req::json(
                format!("{API}/webhooks/{id}/deliveries/{delivery}/replay"),
                json!({}),
            )
        },
    },
];
