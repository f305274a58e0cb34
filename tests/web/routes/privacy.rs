//! The rights table, a person's data: admins only export and erase, from a lead or a
//! customer; salespeople and managers get 403.

use super::{ADMIN, ADMIN_POST, Case, Req};

pub(super) const PRIVACY: &[Case] = &[
    Case {
        method: "GET",
        path: "/leads/{id}/personal-data",
        expect: ADMIN,
        setup: |fx, _| Req::get(format!("/leads/{}/personal-data", fx.lead())),
    },
    Case {
        method: "GET",
        path: "/leads/{id}/personal-data.json",
        expect: ADMIN,
        setup: |fx, _| Req::get(format!("/leads/{}/personal-data.json", fx.lead())),
    },
    Case {
        method: "GET",
        path: "/leads/{id}/personal-data.csv",
        expect: ADMIN,
        setup: |fx, _| Req::get(format!("/leads/{}/personal-data.csv", fx.lead())),
    },
    Case {
        method: "GET",
        path: "/leads/{id}/personal-data/erase",
        expect: ADMIN,
        setup: |fx, _| Req::get(format!("/leads/{}/personal-data/erase", fx.lead())),
    },
    Case {
        method: "POST",
        path: "/leads/{id}/personal-data/erase",
        expect: ADMIN_POST,
        setup: |fx, _| Req::form(format!("/leads/{}/personal-data/erase", fx.lead()), vec![]),
    },
    Case {
        method: "GET",
        path: "/customers/{id}/personal-data",
        expect: ADMIN,
        setup: |fx, _| Req::get(format!("/customers/{}/personal-data", fx.person())),
    },
    Case {
        method: "GET",
        path: "/customers/{id}/personal-data.json",
        expect: ADMIN,
        setup: |fx, _| Req::get(format!("/customers/{}/personal-data.json", fx.person())),
    },
    Case {
        method: "GET",
        path: "/customers/{id}/personal-data.csv",
        expect: ADMIN,
        setup: |fx, _| Req::get(format!("/customers/{}/personal-data.csv", fx.person())),
    },
    Case {
        method: "GET",
        path: "/customers/{id}/personal-data/erase",
        expect: ADMIN,
        setup: |fx, _| Req::get(format!("/customers/{}/personal-data/erase", fx.person())),
    },
    Case {
        method: "POST",
        path: "/customers/{id}/personal-data/erase",
        expect: ADMIN_POST,
        setup: |fx, _| {
            Req::form(
                format!("/customers/{}/personal-data/erase", fx.person()),
                vec![],
            )
        },
    },
];
