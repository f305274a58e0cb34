//! The rights table, customers: everyone reads and creates; a salesperson changes the
//! customers of their own records (a colleague's, even a teammate's, is read-only: 403);
//! managers and admins change any.

use super::{ALL, Case, Expect, Req, s};

/// A change to the owner's customer.
const EDIT: Expect = [303, 303, 403, 403, 303, 303];

/// The form of a change to the owner's customer.
const EDIT_PAGE: Expect = [303, 200, 403, 403, 200, 200];

/// Managers and admins (the Data quality page).
const MANAGER_POST: Expect = [303, 403, 403, 403, 303, 303];

/// Every signed-in role.
const POST_ALL: Expect = [303; 6];

pub(super) const CUSTOMERS: &[Case] = &[
    Case {
        method: "GET",
        path: "/customers",
        expect: ALL,
        setup: |_, _| Req::get("/customers"),
    },
    Case {
        method: "POST",
        path: "/customers",
        expect: POST_ALL,
        setup: |fx, _| {
            Req::form(
                "/customers",
                vec![("kind", s("company")), ("name", fx.unique("Route Co "))],
            )
        },
    },
    Case {
        method: "GET",
        path: "/customers/new",
        expect: ALL,
        setup: |_, _| Req::get("/customers/new?kind=company"),
    },
    Case {
        method: "GET",
        path: "/customers/{id}",
        expect: ALL,
        setup: |fx, _| Req::get(format!("/customers/{}", fx.customer())),
    },
    Case {
        method: "GET",
        path: "/customers/{id}/edit",
        expect: EDIT_PAGE,
        setup: |fx, _| Req::get(format!("/customers/{}/edit", fx.owned_customer())),
    },
    Case {
        method: "POST",
        path: "/customers/{id}/edit",
        expect: EDIT,
        setup: |fx, _| {
            Req::form(
                format!("/customers/{}/edit", fx.owned_customer()),
                vec![("kind", s("company")), ("name", fx.unique("Renamed "))],
            )
        },
    },
    Case {
        method: "POST",
        path: "/customers/{id}/archive",
        expect: EDIT,
        setup: |fx, _| {
            Req::form(
                format!("/customers/{}/archive", fx.owned_customer()),
                vec![],
            )
        },
    },
    Case {
        method: "POST",
        path: "/customers/{id}/restore",
        expect: EDIT,
        setup: |fx, _| {
            Req::form(
                format!("/customers/{}/restore", fx.owned_customer()),
                vec![],
            )
        },
    },
    Case {
        method: "POST",
        path: "/customers/{id}/note",
        expect: POST_ALL,
        setup: |fx, _| {
            Req::form(
                format!("/customers/{}/note", fx.customer()),
                vec![("body", s("Called back"))],
            )
        },
    },
    Case {
        method: "POST",
        path: "/data-quality/resolve",
        expect: MANAGER_POST,
        setup: |fx, _| {
            let (company, person) = fx.shared_phone();
            Req::form(
                "/data-quality/resolve",
                vec![
                    ("company", s(company)),
                    ("person", s(person)),
                    ("shared", s("phone")),
                    ("key", s("+39025550000")),
                    ("how", s("keep_on_company")),
                ],
            )
        },
    },
];
